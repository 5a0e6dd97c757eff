// The policy library: ids, titles, sections, formats (PDF too), broken files
// kept as unavailable while the good ones serve, and reloading while it
// runs (added, changed, removed files; unchanged ones reused; old snapshots
// staying valid for the streams that hold them).
#include "service/library/document_library.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "service/text/rules.h"
#include "tests/service/library/test_pdf.h"

namespace policyreader::library {
namespace {

using testing::MakePdf;
using testing::PdfLine;

// The log, for tests that check what was said and for waiting on the
// watcher thread.
class LogSink {
 public:
  void Add(const std::string& message) {
    absl::MutexLock lock(&mu_);
    messages_.push_back(message);
  }
  std::vector<std::string> messages() const {
    absl::MutexLock lock(&mu_);
    return messages_;
  }
  bool Said(const std::string& part) const {
    absl::MutexLock lock(&mu_);
    return SaidLocked(part);
  }
  // Whether a message containing `part` arrives within `timeout`.
  bool WaitFor(const std::string& part, absl::Duration timeout) const {
    absl::MutexLock lock(&mu_);
    auto said = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return SaidLocked(part);
    };
    return mu_.AwaitWithTimeout(absl::Condition(&said), timeout);
  }

 private:
  bool SaidLocked(const std::string& part) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    for (const std::string& m : messages_) {
      if (m.find(part) != std::string::npos) return true;
    }
    return false;
  }
  mutable absl::Mutex mu_;
  std::vector<std::string> messages_ ABSL_GUARDED_BY(mu_);
};

class DocumentLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto rules = text::LoadLanguageRules(VOICES_DA_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    pipeline_ = std::make_unique<text::TextPipeline>(
        std::make_shared<const text::LanguageRules>(*std::move(rules)),
        text::TextPipelineOptions{});
    dir_ = std::filesystem::temp_directory_path() /
           ("library_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& contents) {
    std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << contents;
  }

  // A library that only changes when the test calls Rescan().
  std::unique_ptr<DocumentLibrary> Load() {
    LibraryOptions options;
    options.dir = dir_.string();
    options.poll_interval = absl::ZeroDuration();
    options.log = [this](const std::string& m) { log_.Add(m); };
    auto library = DocumentLibrary::Load(options, *pipeline_);
    EXPECT_TRUE(library.ok()) << library.status();
    return library.ok() ? *std::move(library) : nullptr;
  }

  static std::vector<std::string> Ids(const DocumentLibrary& library) {
    std::vector<std::string> ids;
    for (const auto& doc : *library.documents()) ids.push_back(doc->id);
    return ids;
  }

  std::unique_ptr<text::TextPipeline> pipeline_;
  std::filesystem::path dir_;
  LogSink log_;
};

TEST_F(DocumentLibraryTest, LoadsFormatsWithIdsTitlesAndSections) {
  Write("b-politik.txt",
        "TRIVSEL\n\nVi trives. Vi hjælper hinanden.\n\nANSVAR\n\nLederen "
        "har ansvaret.\n");
  Write("a-side.html",
        "<html><body><nav>Menu</nav><main><h1>Røgfri arbejdstid</h1><p>Der "
        "ryges ikke i arbejdstiden.</p></main></body></html>");
  Write("c-noter.md", "Bare en linje uden overskrift.\n");
  Write("ignored.pdf.bak", "not a policy");
  auto library = Load();
  ASSERT_NE(library, nullptr);
  const auto docs = library->documents();
  ASSERT_EQ(docs->size(), 3u);
  // In file name order, ids from the file names.
  const LibraryDocument& html = *(*docs)[0];
  const LibraryDocument& text = *(*docs)[1];
  const LibraryDocument& markdown = *(*docs)[2];
  EXPECT_EQ(html.id, "a-side");
  EXPECT_EQ(html.format, text::TextFormat::kHtml);
  EXPECT_EQ(html.title, "Røgfri arbejdstid");
  EXPECT_EQ(text.id, "b-politik");
  EXPECT_EQ(text.title, "Trivsel");
  ASSERT_EQ(text.sections.size(), 2u);
  EXPECT_EQ(text.sections[1].title, "Ansvar");
  EXPECT_EQ((*text.sentences)[text.sections[1].first_sentence].kind,
            text::SentenceKind::kHeading);
  EXPECT_GT(text.estimated_duration_ms, 1000);
  // No heading: the title is the id.
  EXPECT_EQ(markdown.title, "c-noter");
  EXPECT_TRUE(markdown.sections.empty());
  for (const auto& doc : *docs) {
    ASSERT_TRUE(doc->available) << doc->id << ": " << doc->unavailable_reason;
    EXPECT_FALSE(doc->pdf);
    for (const text::Sentence& s : *doc->sentences) {
      EXPECT_EQ(doc->text.substr(s.begin, s.end - s.begin), s.text);
    }
  }
  // The first load reports only problems, not every document.
  EXPECT_TRUE(log_.messages().empty());
}

TEST_F(DocumentLibraryTest, IdsAreFileStemsAndStayWhenAnotherFileArrives) {
  // Two files with one stem: the first in file name order gets the stem.
  Write("x.md", "# Markdown\n\nHej.\n");
  Write("x.txt", "Hej fra tekst.\n");
  Write("y.txt", "Hej fra y.\n");
  auto library = Load();
  ASSERT_NE(library, nullptr);
  EXPECT_EQ(Ids(*library), (std::vector<std::string>{"x", "x.txt", "y"}));
  // A file arriving beside y.txt does not take y's id from it, although
  // it sorts first.
  Write("y.md", "# Ny\n\nNy fil.\n");
  ASSERT_TRUE(library->Rescan().ok());
  EXPECT_EQ(Ids(*library),
            (std::vector<std::string>{"x", "x.txt", "y.md", "y"}));
  auto y = library->Find("y");
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ((*y)->path, (dir_ / "y.txt").string());
}

TEST_F(DocumentLibraryTest, BrokenFilesAreUnavailableWithTheReason) {
  Write("god.txt", "Politikken gælder for alle.\n");
  Write("tom.txt", "");
  Write("skadet.txt", "Hej \xC3\x28 med dig.\n");
  auto library = Load();
  ASSERT_NE(library, nullptr);
  EXPECT_EQ(log_.messages().size(), 2u);
  EXPECT_TRUE(log_.Said("skadet.txt is unavailable"));
  auto good = library->Find("god");
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ((*good)->sentences->size(), 1u);
  auto broken = library->Find("skadet");
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(broken.status().message().find("UTF-8"), absl::string_view::npos)
      << broken.status();
  // Lookup describes it rather than refusing it.
  auto described = library->Lookup("skadet");
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_FALSE((*described)->available);
  EXPECT_TRUE((*described)->sentences->empty());
  auto empty = library->Find("tom");
  EXPECT_NE(empty.status().message().find("empty"), absl::string_view::npos);
  EXPECT_TRUE(absl::IsNotFound(library->Find("findes-ikke").status()));
  EXPECT_TRUE(absl::IsNotFound(library->Lookup("findes-ikke").status()));
}

TEST_F(DocumentLibraryTest, MissingFolderSaysWhatToFix) {
  LibraryOptions options;
  options.dir = "/nonexistent/library";
  auto library = DocumentLibrary::Load(options, *pipeline_);
  ASSERT_FALSE(library.ok());
  EXPECT_TRUE(absl::IsNotFound(library.status()));
  EXPECT_NE(library.status().message().find("--library"),
            absl::string_view::npos);
}

TEST_F(DocumentLibraryTest, TheEmptyLibraryHasNothing) {
  DocumentLibrary library;
  EXPECT_TRUE(library.documents()->empty());
  EXPECT_TRUE(library.Rescan().ok());
  EXPECT_TRUE(absl::IsNotFound(library.Find("x").status()));
}

TEST_F(DocumentLibraryTest, TheShippedSampleLibraryLoads) {
  LibraryOptions options;
  options.dir = SAMPLE_LIBRARY_DIR;
  options.poll_interval = absl::ZeroDuration();
  auto library = DocumentLibrary::Load(options, *pipeline_);
  ASSERT_TRUE(library.ok()) << library.status();
  ASSERT_FALSE((*library)->documents()->empty());
  for (const auto& doc : *(*library)->documents()) {
    EXPECT_TRUE(doc->available) << doc->id << ": " << doc->unavailable_reason;
    EXPECT_FALSE(doc->sections.empty()) << doc->id;
  }
}

// ---------------------------------------------------------------------------
// Reloading.

TEST_F(DocumentLibraryTest, RescanPicksUpAddedChangedAndRemovedFiles) {
  Write("a.txt", "Første udgave.\n");
  Write("c.txt", "Bliver fjernet.\n");
  auto library = Load();
  ASSERT_NE(library, nullptr);
  ASSERT_EQ(Ids(*library), (std::vector<std::string>{"a", "c"}));

  Write("b.md", "# Ny politik\n\nDen er ny.\n");
  Write("a.txt", "Anden udgave. Nu med to sætninger.\n");
  std::filesystem::remove(dir_ / "c.txt");
  ASSERT_TRUE(library->Rescan().ok());

  // Still in file name order.
  EXPECT_EQ(Ids(*library), (std::vector<std::string>{"a", "b"}));
  auto a = library->Find("a");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ((*a)->sentences->size(), 2u);
  EXPECT_EQ((*(*a)->sentences)[0].text, "Anden udgave.");
  auto b = library->Find("b");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ((*b)->title, "Ny politik");
  EXPECT_TRUE(absl::IsNotFound(library->Find("c").status()));
  EXPECT_TRUE(log_.Said("library: added b"));
  EXPECT_TRUE(log_.Said("library: reloaded a"));
  EXPECT_TRUE(log_.Said("library: removed c"));
}

TEST_F(DocumentLibraryTest, AChangeOfTheSameSizeIsSeen) {
  // The same length: only the file's times (or, within one clock tick, its
  // bytes) tell the versions apart.
  Write("a.txt", "Hej med dig.\n");
  auto library = Load();
  ASSERT_NE(library, nullptr);
  Write("a.txt", "Hej med jer.\n");
  ASSERT_TRUE(library->Rescan().ok());
  auto a = library->Find("a");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ((*a)->sentences->front().text, "Hej med jer.");
}

TEST_F(DocumentLibraryTest, UnchangedFilesAreNotProcessedAgain) {
  Write("a.txt", "Uændret.\n");
  Write("b.txt", "Ændres.\n");
  Write("c.txt", "Røres kun.\n");
  auto library = Load();
  ASSERT_NE(library, nullptr);
  const auto before = library->documents();
  Write("b.txt", "Ændret.\n");
  // A new stamp with the same bytes (a touch, a copy over itself).
  std::filesystem::last_write_time(
      dir_ / "c.txt",
      std::filesystem::last_write_time(dir_ / "c.txt") + std::chrono::hours(1));
  for (int scan = 0; scan < 3; ++scan) {
    ASSERT_TRUE(library->Rescan().ok());
    const auto after = library->documents();
    ASSERT_EQ(after->size(), 3u);
    // The same objects, not equal copies: nothing was read again.
    EXPECT_EQ((*after)[0], (*before)[0]) << "scan " << scan;
    EXPECT_EQ((*after)[0]->sentences, (*before)[0]->sentences);
    EXPECT_NE((*after)[1], (*before)[1]);
    EXPECT_EQ((*after)[2], (*before)[2]) << "scan " << scan;
  }
  EXPECT_TRUE(log_.Said("library: reloaded b"));
  EXPECT_FALSE(log_.Said("library: reloaded a"));
  EXPECT_FALSE(log_.Said("library: reloaded c"));
}

TEST_F(DocumentLibraryTest, AnOldSnapshotStaysValidAfterAReload) {
  Write("a.txt", "Første udgave af politikken.\n");
  auto library = Load();
  ASSERT_NE(library, nullptr);
  // What a stream holds while it reads.
  auto old_doc = library->Find("a");
  ASSERT_TRUE(old_doc.ok()) << old_doc.status();
  std::shared_ptr<const std::vector<text::Sentence>> old_sentences =
      (*old_doc)->sentences;
  const auto old_snapshot = library->documents();

  Write("a.txt", "Anden udgave. Helt omskrevet.\n");
  ASSERT_TRUE(library->Rescan().ok());
  std::filesystem::remove(dir_ / "a.txt");
  ASSERT_TRUE(library->Rescan().ok());
  EXPECT_TRUE(absl::IsNotFound(library->Find("a").status()));

  ASSERT_EQ(old_sentences->size(), 1u);
  EXPECT_EQ(old_sentences->front().text, "Første udgave af politikken.");
  ASSERT_EQ(old_snapshot->size(), 1u);
  EXPECT_EQ(old_snapshot->front()->text, "Første udgave af politikken.\n");
  EXPECT_TRUE(library->documents()->empty());
}

TEST_F(DocumentLibraryTest, ABrokenVersionIsUnavailableUntilFixed) {
  const std::string pdf =
      MakePdf({{{72, 100, 18, "Retningslinjer"},
                {72, 140, 11, "Alle skal kende retningslinjerne."}}});
  Write("god.txt", "Denne fil er i orden.\n");
  Write("regler.pdf", pdf);
  auto library = Load();
  ASSERT_NE(library, nullptr);
  ASSERT_TRUE(library->Find("regler").ok());

  // Half written: the PDF's first bytes only.
  Write("regler.pdf", pdf.substr(0, 40));
  ASSERT_TRUE(library->Rescan().ok());
  auto half = library->Find("regler");
  EXPECT_EQ(half.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(half.status().message().find("not a valid PDF"),
            absl::string_view::npos)
      << half.status();
  EXPECT_TRUE(log_.Said("regler.pdf is unavailable"));
  EXPECT_TRUE(library->Find("god").ok());

  // Finished: back, under the same id and in the same place.
  Write("regler.pdf", pdf);
  ASSERT_TRUE(library->Rescan().ok());
  auto whole = library->Find("regler");
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ((*whole)->title, "Retningslinjer");
  EXPECT_EQ(Ids(*library), (std::vector<std::string>{"god", "regler"}));
}

TEST_F(DocumentLibraryTest, AVanishedFolderKeepsTheDocuments) {
  Write("a.txt", "Hej.\n");
  auto library = Load();
  ASSERT_NE(library, nullptr);
  std::filesystem::remove_all(dir_);
  EXPECT_TRUE(absl::IsNotFound(library->Rescan()));
  EXPECT_TRUE(library->Find("a").ok());
}

TEST_F(DocumentLibraryTest, TheWatcherReloadsAndStopsAtOnce) {
  Write("a.txt", "Hej.\n");
  LibraryOptions options;
  options.dir = dir_.string();
  options.poll_interval = absl::Milliseconds(20);
  options.log = [this](const std::string& m) { log_.Add(m); };
  auto library = DocumentLibrary::Load(options, *pipeline_);
  ASSERT_TRUE(library.ok()) << library.status();

  Write("b.txt", "Ny fil.\n");
  ASSERT_TRUE(log_.WaitFor("library: added b", absl::Seconds(30)));
  EXPECT_TRUE((*library)->Find("b").ok());
  std::filesystem::remove(dir_ / "a.txt");
  ASSERT_TRUE(log_.WaitFor("library: removed a", absl::Seconds(30)));
  EXPECT_TRUE(absl::IsNotFound((*library)->Find("a").status()));

  // A watcher waiting out a long interval stops when asked, not after it.
  options.poll_interval = absl::Hours(1);
  auto idle = DocumentLibrary::Load(options, *pipeline_);
  ASSERT_TRUE(idle.ok()) << idle.status();
  const absl::Time start = absl::Now();
  idle->reset();
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

// ---------------------------------------------------------------------------
// PDF.

// Two pages as a municipality would print them: a heading per page, a word
// hyphenated over a line break, a sentence running over two lines, a page
// number at the foot of each page.
std::string TwoPagePolicy() {
  return MakePdf({
      {{72, 100, 18, "Trivsel på arbejdspladsen"},
       {72, 140, 11,
        "Vi ønsker en arbejdsplads, hvor alle medarbejdere føler sig vel-"},
       {72, 156, 11,
        "komne og trygge. Lederen sørger for, at alle bliver hørt."},
       {72, 172, 11, "Alle har et fælles ansvar for den gode tone og for at"},
       {72, 188, 11, "hjælpe nye kolleger godt i gang."},
       {290, 800, 10, "1"}},
      {{72, 100, 18, "Ansvar og opfølgning"},
       {72, 140, 11,
        "Politikken bliver evalueret hvert andet år af udvalget, som"},
       {72, 156, 11, "også følger op på målingen."},
       {290, 800, 10, "2"}},
  });
}

TEST_F(DocumentLibraryTest, PdfsAreReadLikeTheirPages) {
  Write("trivsel.pdf", TwoPagePolicy());
  auto library = Load();
  ASSERT_NE(library, nullptr);
  auto doc = library->Find("trivsel");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_TRUE((*doc)->pdf);
  EXPECT_EQ((*doc)->format, text::TextFormat::kPlain);
  EXPECT_EQ((*doc)->title, "Trivsel på arbejdspladsen");
  ASSERT_EQ((*doc)->sections.size(), 2u);
  EXPECT_EQ((*doc)->sections[1].title, "Ansvar og opfølgning");

  const struct {
    text::SentenceKind kind;
    std::string spoken;
  } expected[] = {
      {text::SentenceKind::kHeading, "Trivsel på arbejdspladsen"},
      {text::SentenceKind::kParagraph,
       "Vi ønsker en arbejdsplads, hvor alle medarbejdere føler sig velkomne "
       "og trygge."},
      {text::SentenceKind::kParagraph,
       "Lederen sørger for, at alle bliver hørt."},
      {text::SentenceKind::kParagraph,
       "Alle har et fælles ansvar for den gode tone og for at hjælpe nye "
       "kolleger godt i gang."},
      {text::SentenceKind::kHeading, "Ansvar og opfølgning"},
      {text::SentenceKind::kParagraph,
       "Politikken bliver evalueret hvert andet år af udvalget, som også "
       "følger op på målingen."},
  };
  const std::vector<text::Sentence>& sentences = *(*doc)->sentences;
  ASSERT_EQ(sentences.size(), std::size(expected));
  for (size_t i = 0; i < sentences.size(); ++i) {
    EXPECT_EQ(sentences[i].kind, expected[i].kind) << i;
    EXPECT_EQ(sentences[i].spoken_text, expected[i].spoken) << i;
    // Offsets point into the extracted text.
    EXPECT_EQ((*doc)->text.substr(sentences[i].begin,
                                  sentences[i].end - sentences[i].begin),
              sentences[i].text)
        << i;
  }
  EXPECT_EQ(sentences[5].section, 4);
}

TEST_F(DocumentLibraryTest, PdfsWithoutTextAreUnavailableWhileOthersServe) {
  Write("a-god.txt", "Politikken gælder for alle.\n");
  Write("b-skrald.pdf", "\x89PNG this was never a PDF \x01\x02\x03");
  Write("c-scannet.pdf", MakePdf({{}}));
  Write("d-trivsel.pdf", TwoPagePolicy());
  auto library = Load();
  ASSERT_NE(library, nullptr);
  const struct {
    std::string id;
    std::string reason;  // empty: available
  } cases[] = {
      {"a-god", ""},
      {"b-skrald", "not a valid PDF"},
      {"c-scannet", "the PDF has no text layer (scanned image?)"},
      {"d-trivsel", ""},
  };
  for (const auto& c : cases) {
    auto doc = library->Find(c.id);
    if (c.reason.empty()) {
      EXPECT_TRUE(doc.ok()) << c.id << ": " << doc.status();
      continue;
    }
    EXPECT_EQ(doc.status().code(), absl::StatusCode::kFailedPrecondition)
        << c.id;
    EXPECT_NE(doc.status().message().find(c.reason), absl::string_view::npos)
        << c.id << ": " << doc.status();
    EXPECT_TRUE(log_.Said(c.id + ".pdf is unavailable: " + c.reason)) << c.id;
  }
}

}  // namespace
}  // namespace policyreader::library
