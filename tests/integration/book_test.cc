// `policy-reader book` and /v1/documents/{id}/book.epub against a real
// server with real eSpeak NG workers, judged by programs no one here wrote:
// Debian's epubcheck accepts the book of every document in samples/library
// and ../shared/policies without an error or a warning, and a second run
// synthesizes nothing; a PDF's pages become the book's page-list; the SMIL
// clip boundaries sit within 10 ms of where each sentence is in the MP3 as
// sox decodes it; Debian's daisy-player opens the DAISY book, lists its
// headings and goes to one; the HTTP download is the same book.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "client/book/book_builder.h"
#include "client/book/talking_book.h"
#include "client/rpc/outline.h"
#include "gtest/gtest.h"
#include "tests/client/player/alsa_file_sink.h"
#include "tests/integration/pty_process.h"
#include "tests/integration/test_server.h"
#include "tests/service/library/test_pdf.h"

namespace policyreader::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kRate = 22050;
// First zero at 22050 / 9 = 2450 Hz.
constexpr int kLowPassWidth = 9;

struct Ran {
  int exit_code = -1;
  std::string out;  // stdout and stderr.
};

// Runs a shell command, capturing everything it prints.
Ran Shell(const std::string& command) {
  Ran run;
  FILE* pipe = popen(("(" + command + ") </dev/null 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    run.out.append(buffer, n);
  }
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string Quote(const std::string& s) { return absl::StrCat("'", s, "'"); }

class BookTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server::ServerOptions options = DefaultTestOptions();
    options.http.listen_address = "127.0.0.1:0";
    server_ = new TestServer(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    dir_ = fs::temp_directory_path() / absl::StrCat("book_test_", getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // policy-reader book with `args`, its audio cached under dir_/cache.
  Ran Book(const std::string& args) {
    return Shell(absl::StrCat(CLIENT_BINARY, " book --server ",
                              server_->address(), " --cache ",
                              Quote((dir_ / "cache").string()), " ", args));
  }
  static uint64_t Jobs() {
    return server_->server().pool().stats().jobs_submitted;
  }

  static TestServer* server_;
  fs::path dir_;
};
TestServer* BookTest::server_ = nullptr;

std::vector<std::string> LibraryIds() {
  std::vector<std::string> ids;
  for (const auto& entry :
       fs::directory_iterator(absl::StrCat(SOURCE_DIR, "/samples/library"))) {
    ids.push_back(entry.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> Policies() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(POLICIES_DIR)) {
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// epubcheck is a short run of a large Java program: the client compiler
// and the serial collector halve its CPU time (about 3 s instead of 5-6).
constexpr char kJavaFlags[] = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

// epubcheck's verdict on every .epub in `dir`, two at a time (each run
// starts a JVM: about 3 s of CPU), as "<file>: <Messages line>".
std::vector<std::string> Epubcheck(const fs::path& dir) {
  const Ran run = Shell(
      absl::StrCat("cd ", Quote(dir.string()),
                   " && ls *.epub | xargs -P 2 -I{} sh -c 'java ", kJavaFlags,
                   " -jar /usr/share/java/epubcheck.jar {} > {}.log "
                   "2>&1'"));
  EXPECT_EQ(run.exit_code, 0) << run.out;
  std::vector<std::string> verdicts;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".log") continue;
    const std::string log = ReadFile(entry.path().string());
    std::smatch m;
    const std::string name = entry.path().stem().string();
    if (std::regex_search(log, m, std::regex("Messages: [^\n]*"))) {
      verdicts.push_back(absl::StrCat(name, ": ", m.str()));
    } else {
      verdicts.push_back(absl::StrCat(name, ": no verdict: ", log));
    }
    // The messages themselves, for a failing run's log.
    if (log.find("ERROR") != std::string::npos ||
        log.find("WARNING") != std::string::npos) {
      std::cout << log;
    }
  }
  std::sort(verdicts.begin(), verdicts.end());
  return verdicts;
}

TEST_F(BookTest, EpubcheckAcceptsTheBookOfEveryDocumentAndPolicy) {
  ASSERT_EQ(Shell("java -jar /usr/share/java/epubcheck.jar --version")
                .out.find("EPUBCheck v4"),
            0u)
      << "epubcheck (Debian package) is needed";
  const fs::path books = dir_ / "books";
  const auto make_all = [&] {
    std::vector<std::string> lines;
    for (const std::string& id : LibraryIds()) {
      const Ran run =
          Book(absl::StrCat("--doc ", id, " --out ", Quote(books.string())));
      EXPECT_EQ(run.exit_code, 0) << id << ": " << run.out;
      lines.push_back(run.out);
    }
    for (const std::string& file : Policies()) {
      const Ran run = Book(absl::StrCat("--file ", Quote(file), " --out ",
                                        Quote(books.string())));
      EXPECT_EQ(run.exit_code, 0) << file << ": " << run.out;
      lines.push_back(run.out);
    }
    return lines;
  };
  const size_t expected = LibraryIds().size() + Policies().size();
  ASSERT_GE(expected, 7u);

  auto start = std::chrono::steady_clock::now();
  const uint64_t jobs_before = Jobs();
  std::vector<std::string> first = make_all();
  const double made_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_GT(Jobs(), jobs_before);
  for (const std::string& line : first) {
    EXPECT_NE(line.find("syntetiseret"), std::string::npos) << line;
  }
  std::map<std::string, std::string> bytes;
  for (const auto& entry : fs::directory_iterator(books)) {
    bytes[entry.path().filename().string()] = ReadFile(entry.path().string());
  }
  ASSERT_EQ(bytes.size(), expected);

  // Unchanged: nothing synthesized, the same bytes.
  const uint64_t jobs_after_first = Jobs();
  start = std::chrono::steady_clock::now();
  for (const std::string& line : make_all()) {
    EXPECT_NE(line.find("lyd genbrugt"), std::string::npos) << line;
  }
  const double again_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(Jobs(), jobs_after_first);
  for (const auto& [name, content] : bytes) {
    EXPECT_EQ(ReadFile((books / name).string()), content) << name;
  }

  start = std::chrono::steady_clock::now();
  const std::vector<std::string> verdicts = Epubcheck(books);
  const double check_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_EQ(verdicts.size(), expected);
  for (const std::string& verdict : verdicts) {
    std::cout << verdict << "\n";
    EXPECT_NE(verdict.find("Messages: 0 fatals / 0 errors / 0 warnings"),
              std::string::npos)
        << verdict;
  }
  std::cout << expected << " books made in " << made_s << " s, again in "
            << again_s << " s (nothing synthesized), epubcheck " << check_s
            << " s\n";
}

std::string AceBinary() {
  return absl::StrCat(SOURCE_DIR, "/tests/integration/ace/node_modules/.bin/",
                      "ace-puppeteer");
}

// DAISY Ace on `epub` (its report in `out`): the verdict is a pass, no
// assertion fails, and the accessibility metadata it looks for is there.
void ExpectAcePasses(const fs::path& epub, const fs::path& out,
                     const std::string& what) {
  fs::remove_all(out);
  const Ran run = Shell(
      absl::StrCat("PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium ", AceBinary(),
                   " -f -o ", Quote(out.string()), " ", Quote(epub.string())));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const std::string report = ReadFile((out / "report.json").string());
  ASSERT_FALSE(report.empty()) << run.out;
  google::protobuf::Struct json;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(report, &json).ok());
  const auto& fields = json.fields();
  EXPECT_EQ(fields.at("earl:result")
                .struct_value()
                .fields()
                .at("earl:outcome")
                .string_value(),
            "pass")
      << what << "\n"
      << run.out;
  size_t violations = 0;
  for (const auto& document : fields.at("assertions").list_value().values()) {
    const auto& inner = document.struct_value().fields();
    if (!inner.contains("assertions")) continue;
    for (const auto& a : inner.at("assertions").list_value().values()) {
      const auto& result =
          a.struct_value().fields().at("earl:result").struct_value();
      if (result.fields().at("earl:outcome").string_value() != "pass") {
        ++violations;
        std::cout << what << ": " << a.DebugString() << "\n";
      }
    }
  }
  EXPECT_EQ(violations, 0u) << what;
  std::string present;
  for (const auto& v : fields.at("a11y-metadata")
                           .struct_value()
                           .fields()
                           .at("present")
                           .list_value()
                           .values()) {
    absl::StrAppend(&present, v.string_value(), " ");
  }
  for (const char* name :
       {"schema:accessMode ", "schema:accessModeSufficient ",
        "schema:accessibilityFeature ", "schema:accessibilityHazard ",
        "schema:accessibilitySummary "}) {
    EXPECT_NE(present.find(name), std::string::npos) << name << present;
  }
  std::cout << what << ": Ace pass, " << violations << " violations\n";
}

// DAISY Ace (npm, tests/integration/ace) in Debian's headless Chromium:
// no violation in the books of both sample documents and of the shortest
// and the longest policy, and the accessibility metadata it looks for.
TEST_F(BookTest, AceReportsNoViolations) {
  ASSERT_TRUE(fs::exists(AceBinary()))
      << "scripts/install-deps.sh installs DAISY Ace";
  std::vector<std::string> inputs;
  for (const std::string& id : LibraryIds()) inputs.push_back("--doc " + id);
  inputs.push_back(
      absl::StrCat("--file ", POLICIES_DIR, "/naestved-vaerdier.txt"));
  inputs.push_back(absl::StrCat("--file ", POLICIES_DIR,
                                "/naestved-politikker-og-strategier.txt"));
  for (const std::string& input : inputs) {
    const fs::path epub = dir_ / "book.epub";
    ASSERT_EQ(
        Book(absl::StrCat(input, " --out ", Quote(epub.string()))).exit_code,
        0);
    ExpectAcePasses(epub, dir_ / "ace", input);
  }
}

// A PDF in the library (drawn with cairo: four pages, the third blank,
// labelled i, ii, 1, 2; the arabic ones print their number at the foot)
// becomes a book whose page-list has the PDF's four pages by their labels,
// each marked before the first
// sentence on it, and which epubcheck accepts without a warning and DAISY
// Ace without a violation; the DAISY book lists the same pages in its NCC.
TEST_F(BookTest, APdfsPagesBecomeThePageList) {
  using library::testing::PdfLine;
  const fs::path library = dir_ / "library";
  fs::create_directories(library);
  const auto page = [](const char* heading, const char* text, const char* n) {
    return std::vector<PdfLine>{
        {.x = 72, .y = 90, .font_size = 16, .text = heading},
        {.x = 72, .y = 130, .font_size = 11, .text = text},
        {.x = 290, .y = 800, .font_size = 9, .text = n}};
  };
  std::ofstream(library / "sider.pdf", std::ios::binary)
      << library::testing::MakePdf(
             {page("TRIVSELSPOLITIK", "Vi vil have en skole, hvor alle trives.",
                   ""),
              page("FORMÅL", "Politikken gælder for alle elever og ansatte.",
                   ""),
              {},
              page("OPFØLGNING", "Vi følger op på politikken hvert år i juni.",
                   "2")},
             {"i", "ii", "1", "2"});
  server::ServerOptions options = DefaultTestOptions();
  options.library_dir = library.string();
  options.pool.workers = 1;
  TestServer pdf_server(options);

  book::BookBuilder builder(&pdf_server.stub(), {},
                            {.timeout = absl::Seconds(30)},
                            {.timeout = absl::Minutes(2)});
  rpc::TextSource source;
  source.document_id = "sider";
  absl::StatusOr<book::TalkingBook> made = builder.Prepare(source);
  ASSERT_TRUE(made.ok()) << made.status();
  std::vector<std::pair<std::string, uint32_t>> pages;
  for (const book::BookSentence& s : made->sentences) {
    pages.emplace_back(s.text, s.page);
  }
  const std::vector<std::pair<std::string, uint32_t>> expected = {
      {"TRIVSELSPOLITIK", 1},
      {"Vi vil have en skole, hvor alle trives.", 1},
      {"FORMÅL", 2},
      {"Politikken gælder for alle elever og ansatte.", 2},
      {"OPFØLGNING", 4},
      {"Vi følger op på politikken hvert år i juni.", 4}};
  ASSERT_EQ(pages, expected) << "printed page numbers are not read";
  ASSERT_TRUE(builder.AddAudio(source, &*made, nullptr).ok());

  const fs::path books = dir_ / "books";
  fs::create_directories(books);
  absl::StatusOr<std::string> epub = book::BuildEpub(*made);
  ASSERT_TRUE(epub.ok()) << epub.status();
  std::ofstream(books / "sider.epub", std::ios::binary) << *epub;
  const std::string nav =
      Shell(absl::StrCat("unzip -p ", Quote((books / "sider.epub").string()),
                         " EPUB/nav.xhtml"))
          .out;
  const std::string text =
      Shell(absl::StrCat("unzip -p ", Quote((books / "sider.epub").string()),
                         " EPUB/text.xhtml"))
          .out;
  std::vector<std::string> listed;
  const std::string page_list =
      nav.substr(std::min(nav.find("epub:type=\"page-list\""), nav.size()));
  const std::regex link("<a href=\"text.xhtml#(page-[0-9]+)\">([0-9a-z]+)</a>");
  for (auto it = std::sregex_iterator(page_list.begin(), page_list.end(), link);
       it != std::sregex_iterator(); ++it) {
    listed.push_back(absl::StrCat((*it)[1].str(), "=", (*it)[2].str()));
  }
  EXPECT_EQ(listed, (std::vector<std::string>{"page-1=i", "page-2=ii",
                                              "page-3=1", "page-4=2"}))
      << nav;
  // Each marker right before its page's first sentence (the blank page's
  // with the next page's).
  const auto mark = [](int n, const char* label) {
    return absl::StrCat(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-", n,
        "\" aria-label=\"", label, "\"></span>");
  };
  EXPECT_NE(text.find(absl::StrCat(mark(1, "i"), "<h1 id=\"s0\">")),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(absl::StrCat(mark(2, "ii"), "<h2 id=\"s2\">")),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(absl::StrCat(mark(3, "1"), mark(4, "2"), "<h2 id=\"s4\">")),
      std::string::npos)
      << text;

  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::string> verdicts = Epubcheck(books);
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_NE(verdicts[0].find("Messages: 0 fatals / 0 errors / 0 warnings"),
            std::string::npos)
      << verdicts[0];
  std::cout << verdicts[0] << " (epubcheck "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                             start)
                   .count()
            << " s)\n";

  // Ace checks the page-break markers and the page source metadata.
  if (fs::exists(AceBinary())) {
    ExpectAcePasses(books / "sider.epub", dir_ / "ace", "sider.pdf");
  } else {
    ADD_FAILURE() << "scripts/install-deps.sh installs DAISY Ace";
  }

  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> daisy =
      book::BuildDaisy(*made);
  ASSERT_TRUE(daisy.ok()) << daisy.status();
  const std::string& ncc = daisy->front().second;
  for (
      const char* entry :
      {"<span class=\"page-front\" id=\"page-1\"><a href=\"s0001.smil#t0\">i<",
       "<span class=\"page-front\" id=\"page-2\"><a href=\"s0002.smil#t2\">ii<",
       "<span class=\"page-normal\" id=\"page-3\"><a href=\"s0003.smil#t4\">1<",
       "<span class=\"page-normal\" id=\"page-4\"><a href=\"s0003.smil#t4\">2<",
       "name=\"ncc:maxPageNormal\" content=\"2\"",
       "name=\"ncc:pageFront\" content=\"2\"",
       "name=\"ncc:pageNormal\" content=\"2\""}) {
    EXPECT_NE(ncc.find(entry), std::string::npos) << entry << "\n" << ncc;
  }
}

TEST_F(BookTest, AnEditedFileIsSynthesizedAgain) {
  const fs::path file = dir_ / "politik.md";
  std::ofstream(file) << "# Politik\n\nVi vil trives.\n";
  const std::string args =
      absl::StrCat("--file ", Quote(file.string()), " --out ",
                   Quote((dir_ / "politik.epub").string()));
  EXPECT_NE(Book(args).out.find("syntetiseret"), std::string::npos);
  EXPECT_NE(Book(args).out.find("lyd genbrugt"), std::string::npos);
  EXPECT_NE(Book(args + " --speed 1.5").out.find("syntetiseret"),
            std::string::npos)
      << "another speed is other audio";
  std::ofstream(file, std::ios::app) << "\nAlle skal med.\n";
  const Ran edited = Book(args);
  EXPECT_NE(edited.out.find("3 sætninger"), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find("syntetiseret"), std::string::npos) << edited.out;
}

TEST_F(BookTest, BadInputGetsAClearError) {
  Ran run = Book("--out x");
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find("--doc ID eller --file FIL"), std::string::npos);
  run = Book("--doc trivselspolitik --out x --format pdf");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("epub eller daisy"), std::string::npos) << run.out;
  run = Book(
      absl::StrCat("--doc findes-ikke --out ", Quote((dir_ / "x").string())));
  EXPECT_EQ(run.exit_code, 1);
  // Danish, without gRPC's code or the server's English words.
  EXPECT_NE(run.out.find("Fejl: Serveren kender ikke det, der blev bedt om."),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("NOT_FOUND"), std::string::npos) << run.out;
  EXPECT_FALSE(fs::exists(dir_ / "x"));
}

// h:mm:ss.fff
double ParseClock(const std::string& clock) {
  std::vector<std::string> parts = absl::StrSplit(clock, ':');
  if (parts.size() != 3) return -1;
  return std::stod(parts[0]) * 3600 + std::stod(parts[1]) * 60 +
         std::stod(parts[2]);
}

std::vector<int16_t> Samples(const std::string& raw) {
  std::vector<int16_t> samples(raw.size() / 2);
  std::memcpy(samples.data(), raw.data(), samples.size() * 2);
  return samples;
}

// A centred moving average over `width` samples: the low band, which a
// 48 kbit/s MP3 keeps nearly as it was, while it rebuilds the top of the
// spectrum with other phases (full-band correlation stays near 0.7).
std::vector<double> LowPass(const std::vector<int16_t>& x, int width) {
  std::vector<double> prefix(x.size() + 1, 0), out(x.size(), 0);
  for (size_t i = 0; i < x.size(); ++i) prefix[i + 1] = prefix[i] + x[i];
  const int64_t half = width / 2, n = static_cast<int64_t>(x.size());
  for (int64_t i = 0; i < n; ++i) {
    const int64_t a = std::max<int64_t>(0, i - half);
    const int64_t b = std::min<int64_t>(n, i - half + width);
    out[i] = (prefix[b] - prefix[a]) / width;
  }
  return out;
}

// The shift d (in samples, |d| <= max_shift) at which decoded[at + d + k]
// best matches reference[from + k] over k in [-before, after), by
// normalized cross-correlation; its correlation in `peak`.
int BestShift(const std::vector<double>& reference, int64_t from,
              const std::vector<double>& decoded, int64_t at, int before,
              int after, int max_shift, double* peak) {
  int best = 0;
  *peak = -2;
  for (int d = -max_shift; d <= max_shift; ++d) {
    double xy = 0, xx = 0, yy = 0;
    for (int k = -before; k < after; ++k) {
      const int64_t i = from + k, j = at + d + k;
      if (i < 0 || j < 0 || i >= static_cast<int64_t>(reference.size()) ||
          j >= static_cast<int64_t>(decoded.size())) {
        continue;
      }
      const double x = reference[i], y = decoded[j];
      xy += x * y;
      xx += x * x;
      yy += y * y;
    }
    const double r = xx > 0 && yy > 0 ? xy / std::sqrt(xx * yy) : -1;
    if (r > *peak) {
      *peak = r;
      best = d;
    }
  }
  return best;
}

// The book made by the library itself (as the CLI and the gateway make it),
// holding on to the PCM that went into the encoder: eSpeak NG's output
// differs slightly from one synthesis to the next, so only that PCM is the
// audio the clips describe.
TEST_F(BookTest, ClipBoundariesMatchTheDecodedAudioWithin10Ms) {
  double worst_ms = 0, sum_ms = 0, sum_shift = 0;
  int measured = 0, skipped = 0;
  for (const std::string& id : {std::string("trivselspolitik"),
                                std::string("tilgaengelighedspolitik")}) {
    std::vector<int16_t> pcm;
    book::BookOptions options;
    options.on_pcm = [&pcm](std::span<const int16_t> samples) {
      pcm.insert(pcm.end(), samples.begin(), samples.end());
    };
    book::BookBuilder builder(&server_->stub(), options,
                              {.timeout = absl::Seconds(30)},
                              {.timeout = absl::Minutes(5)});
    rpc::TextSource source;
    source.document_id = id;
    absl::StatusOr<book::TalkingBook> made = builder.Prepare(source);
    ASSERT_TRUE(made.ok()) << made.status();
    ASSERT_TRUE(builder.AddAudio(source, &*made, nullptr).ok());
    absl::StatusOr<std::string> bytes = book::BuildEpub(*made);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    const fs::path epub = dir_ / (id + ".epub");
    std::ofstream(epub, std::ios::binary) << *bytes;

    const std::string smil =
        Shell(
            absl::StrCat("unzip -p ", Quote(epub.string()), " EPUB/text.smil"))
            .out;
    const fs::path mp3 = dir_ / (id + ".mp3");
    const fs::path raw = dir_ / (id + ".raw");
    ASSERT_EQ(Shell(absl::StrCat("unzip -p ", Quote(epub.string()),
                                 " EPUB/audio.mp3 > ", Quote(mp3.string())))
                  .exit_code,
              0);
    const Ran sox = Shell(absl::StrCat(
        "sox -t mp3 ", Quote(mp3.string()),
        " -t raw -e signed-integer -b 16 -c 1 -r 22050 ", Quote(raw.string())));
    ASSERT_EQ(sox.exit_code, 0) << sox.out;
    const std::vector<double> decoded =
        LowPass(Samples(ReadFile(raw.string())), kLowPassWidth);
    const std::vector<double> reference = LowPass(pcm, kLowPassWidth);

    // Where each sentence is in the PCM, by the stream's marks.
    std::map<uint32_t, std::pair<int64_t, int64_t>> marks;
    for (const book::BookSentence& s : made->sentences) {
      marks[s.index] = {static_cast<int64_t>(s.begin_sample),
                        static_cast<int64_t>(s.end_sample)};
    }
    ASSERT_EQ(static_cast<int64_t>(pcm.size()), marks.rbegin()->second.second)
        << "the sentences are the whole PCM";

    const std::regex par(
        "<par id=\"p(\\d+)\"><text src=\"text.xhtml#s(\\d+)\"/><audio "
        "src=\"audio.mp3\" clipBegin=\"([0-9:.]+)\" clipEnd=\"([0-9:.]+)\"/>");
    size_t pars = 0;
    double previous_end = -1;
    for (std::sregex_iterator it(smil.begin(), smil.end(), par), end; it != end;
         ++it, ++pars) {
      const uint32_t index = std::stoul((*it)[2]);
      ASSERT_TRUE(marks.contains(index)) << index;
      const double begin_s = ParseClock((*it)[3]);
      const double end_s = ParseClock((*it)[4]);
      EXPECT_LT(begin_s, end_s);
      if (previous_end >= 0) {
        EXPECT_DOUBLE_EQ(begin_s, previous_end);
      }
      previous_end = end_s;
      // Where the sentence's audio is in the decoded MP3, against where the
      // clip says: its first second aligned at the clip's begin, its last
      // second at the clip's end.
      const int64_t first = marks[index].first, last = marks[index].second;
      const int64_t span = std::min<int64_t>(last - first, kRate);
      for (const auto& [clip_s, from] :
           {std::pair{begin_s, first}, std::pair{end_s, last - span}}) {
        const int64_t claimed =
            std::llround(clip_s * kRate) - (from == first ? 0 : span);
        double peak = 0;
        const int shift = BestShift(reference, from, decoded, claimed, 0, span,
                                    /*max_shift=*/300, &peak);
        if (peak < 0.9) {  // Too quiet to measure by.
          ++skipped;
          continue;
        }
        const double error_ms = std::abs(shift) * 1000.0 / kRate;
        worst_ms = std::max(worst_ms, error_ms);
        sum_ms += error_ms;
        sum_shift += shift;
        ++measured;
        EXPECT_LE(error_ms, 10.0) << id << " sentence " << index << " clip at "
                                  << clip_s << " s: the audio is " << shift
                                  << " samples away (r=" << peak << ")";
      }
    }
    EXPECT_EQ(pars, marks.size()) << smil;
    // The decoded audio holds every clip.
    EXPECT_GE(static_cast<double>(decoded.size()) / kRate, previous_end);
  }
  ASSERT_GT(measured, 40);
  std::cout << "clip boundaries measured: " << measured << " (" << skipped
            << " too quiet), mean |error| " << sum_ms / measured
            << " ms, mean shift " << sum_shift / measured << " samples, worst "
            << worst_ms << " ms\n";
}

// A book whose first section is long, so the player is still in it when
// the keys arrive.
constexpr char kDaisyText[] =
    "# Testbog til daisy-player\n\n"
    "Denne bog prøver en afspiller af. Den første del er lang, så der er tid "
    "til at trykke på tasterne. Vi læser den langsomt og roligt op. Sådan "
    "bliver det nemt at følge med. Der kommer flere afsnit bagefter.\n\n"
    "## Formål\n\nPolitikken skal skabe trivsel.\n\n"
    "## Det lover vi\n\nVi svarer inden for fem dage.\n\n"
    "## Klager og spørgsmål\n\nSkriv til kommunen.\n";

TEST_F(BookTest, DaisyPlayerOpensTheBookAndGoesToAHeading) {
  ASSERT_TRUE(fs::exists("/usr/bin/daisy-player"))
      << "daisy-player (Debian package) is needed";
  // Before anything starts ALSA; it also points HOME at a fresh folder.
  AlsaFileSink sink(AlsaFileSink::Pace::kRealTime, 2 * kRate);
  ASSERT_TRUE(sink.ok());
  const fs::path file = dir_ / "testbog.md";
  std::ofstream(file) << kDaisyText;
  const fs::path book = dir_ / "daisy";
  const Ran made =
      Book(absl::StrCat("--file ", Quote(file.string()),
                        " --format daisy --out ", Quote(book.string())));
  ASSERT_EQ(made.exit_code, 0) << made.out;
  ASSERT_TRUE(fs::exists(book / "ncc.html"));
  const fs::path cards = dir_ / "asound-cards";
  std::ofstream(cards).close();
  const std::string home = std::getenv("HOME");

  PtyProcess player(
      {"/usr/bin/env", "TERM=xterm",
       absl::StrCat("LD_PRELOAD=", ASOUND_CARDS_SHIM),
       absl::StrCat("POLICY_READER_ASOUND_CARDS=", cards.string()),
       "daisy-player", book.string()});
  ASSERT_TRUE(player.started());
  // The screen is drawn with cursor moves, not lines: wait for text.
  const auto wait_for = [&](const std::string& text) {
    const absl::Time deadline = absl::Now() + absl::Seconds(20);
    while (absl::Now() < deadline) {
      if (player.Output().find(text) != std::string::npos) return true;
      player.WaitForLine("\x01", absl::Milliseconds(50));  // Just waits.
    }
    return false;
  };
  // The NCC's headings, listed with their lengths.
  ASSERT_TRUE(wait_for("Klager og sp")) << player.Output();
  const std::string screen = player.Output();
  for (const char* heading :
       {"Testbog til daisy-player", "Formål", "Det lover vi"}) {
    EXPECT_NE(screen.find(heading), std::string::npos) << heading;
  }
  // The NCC's h1 (the title) over h2 sections: two levels.
  EXPECT_NE(screen.find("level: 1 of 2"), std::string::npos) << screen;
  // Down twice ("2" is daisy-player's cursor down), Enter plays the third
  // heading ("Det lover vi"), q quits and keeps the place in a bookmark.
  player.Press("2");
  player.Press("2");
  player.Press("\r");
  ASSERT_TRUE(wait_for("\x1b[5;69H")) << "the time of item 3 being played";
  player.Press("q");
  EXPECT_EQ(player.Wait(absl::Seconds(20)), 0) << player.Output();

  std::string bookmark;
  for (const auto& entry :
       fs::directory_iterator(fs::path(home) / ".daisy-player")) {
    bookmark = ReadFile(entry.path().string());
  }
  EXPECT_NE(bookmark.find("item=\"2\""), std::string::npos) << bookmark;
  std::cout << "daisy-player's bookmark: " << bookmark;
  EXPECT_GT(sink.Samples().size(), 0u) << "daisy-player played audio";
}

TEST_F(BookTest, HttpDownloadIsTheSameBook) {
  const fs::path epub = dir_ / "cli.epub";
  ASSERT_EQ(
      Book(absl::StrCat("--doc trivselspolitik --out ", Quote(epub.string())))
          .exit_code,
      0);
  httplib::Client client("127.0.0.1", server_->server().http_port());
  client.set_read_timeout(120, 0);
  httplib::Result got = client.Get("/v1/documents/trivselspolitik/book.epub");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->status, 200) << got->body;
  EXPECT_EQ(got->get_header_value("Content-Type"), "application/epub+zip");
  EXPECT_EQ(got->get_header_value("Content-Disposition"),
            "attachment; filename=\"trivselspolitik.epub\"");
  const std::string etag = got->get_header_value("ETag");
  EXPECT_EQ(etag.rfind("\"book-", 0), 0u) << etag;
  const fs::path http = dir_ / "http.epub";
  std::ofstream(http, std::ios::binary) << got->body;
  // The same text and navigation. (The audio is synthesized again, and
  // eSpeak NG's output is not bit-exact from one run to the next.)
  for (const char* entry : {"EPUB/text.xhtml", "EPUB/nav.xhtml"}) {
    const Ran a =
        Shell(absl::StrCat("unzip -p ", Quote(epub.string()), " ", entry));
    const Ran b =
        Shell(absl::StrCat("unzip -p ", Quote(http.string()), " ", entry));
    EXPECT_FALSE(a.out.empty()) << entry;
    EXPECT_TRUE(a.out == b.out) << entry << ": " << a.out.size() << " and "
                                << b.out.size() << " bytes differ";
  }
  const std::vector<std::string> verdicts = [&] {
    fs::create_directories(dir_ / "check");
    fs::copy_file(http, dir_ / "check" / "http.epub");
    return Epubcheck(dir_ / "check");
  }();
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_NE(verdicts[0].find("0 fatals / 0 errors / 0 warnings"),
            std::string::npos)
      << verdicts[0];

  // The tag is known before synthesis: 304 costs no worker job, and a
  // second download comes from the cache.
  const uint64_t jobs = Jobs();
  httplib::Result again = client.Get("/v1/documents/trivselspolitik/book.epub",
                                     {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  httplib::Result cached =
      client.Get("/v1/documents/trivselspolitik/book.epub");
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->body, got->body);
  EXPECT_EQ(Jobs(), jobs);

  httplib::Result missing = client.Get("/v1/documents/findes-ikke/book.epub");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

}  // namespace
}  // namespace policyreader::testing
