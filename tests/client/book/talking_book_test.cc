// The EPUB 3 and DAISY 2.02 layouts of a small book with known sample
// positions: clip times are the PCM positions plus the MP3 lead-in, the
// headings are the navigation, and every sentence has an element and a clip.
#include "client/book/talking_book.h"

#include <zip.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace policyreader::book {
namespace {

// A heading, a paragraph of two sentences, a list of two items, a heading
// and a sentence: 22050 samples (1 s) each, after 1105 samples of lead-in.
TalkingBook SmallBook() {
  TalkingBook book;
  book.id = "politik";
  book.title = "Politik for <trivsel> & \"ro\"";
  book.key = "0123456789abcdef";
  book.modified = 1700000000;  // 2023-11-14T22:13:20Z
  book.sample_rate_hz = 22050;
  book.lead_in_samples = 1105;
  book.mp3 = "mp3 bytes";
  const struct {
    const char* text;
    v1::SentenceKind kind;
    uint32_t paragraph;
  } rows[] = {
      {"Formål", v1::SENTENCE_KIND_HEADING, 0},
      {"Vi vil trives.", v1::SENTENCE_KIND_PARAGRAPH, 1},
      {"Alle\nskal   med.", v1::SENTENCE_KIND_PARAGRAPH, 1},
      {"Hils på hinanden.", v1::SENTENCE_KIND_LIST_ITEM, 2},
      {"Sig fra.", v1::SENTENCE_KIND_LIST_ITEM, 3},
      {"Opfølgning", v1::SENTENCE_KIND_HEADING, 4},
      {"Vi måler hvert år.", v1::SENTENCE_KIND_PARAGRAPH, 5},
  };
  uint32_t index = 0;
  for (const auto& row : rows) {
    book.sentences.push_back({.index = index,
                              .text = row.text,
                              .spoken_text = row.text,
                              .kind = row.kind,
                              .paragraph = row.paragraph,
                              .begin_sample = index * 22050ull,
                              .end_sample = (index + 1) * 22050ull});
    ++index;
  }
  return book;
}

TEST(TalkingBookTest, FullClockValues) {
  const struct {
    double seconds;
    const char* clock;
  } cases[] = {{0, "0:00:00.000"},
               {0.0501, "0:00:00.050"},
               {61.2345, "0:01:01.235"},
               {3600 + 59.9996, "1:01:00.000"},
               {7322.5, "2:02:02.500"}};
  for (const auto& c : cases) {
    EXPECT_EQ(FullClock(c.seconds), c.clock) << c.seconds;
  }
}

TEST(TalkingBookTest, ClipSecondsAddTheLeadIn) {
  const TalkingBook book = SmallBook();
  EXPECT_DOUBLE_EQ(ClipSeconds(book, 0), 1105.0 / 22050);
  EXPECT_DOUBLE_EQ(ClipSeconds(book, 22050), 1 + 1105.0 / 22050);
  EXPECT_DOUBLE_EQ(TotalSeconds(book), 7 + 1105.0 / 22050);
}

TEST(TalkingBookTest, XmlEscapeEscapesMarkup) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(XmlEscape("æøå"), "æøå");
}

// The files of the EPUB archive, read back naively: the local headers in
// order (names and stored or deflated sizes); stored entries' contents.
struct Entry {
  std::string name;
  int method = -1;
  std::string stored;
};
std::vector<Entry> Entries(const std::string& zip) {
  std::vector<Entry> entries;
  size_t at = 0;
  const auto u16 = [&](size_t p) {
    return static_cast<size_t>(static_cast<unsigned char>(zip[p]) |
                               static_cast<unsigned char>(zip[p + 1]) << 8);
  };
  const auto u32 = [&](size_t p) { return u16(p) | u16(p + 2) << 16; };
  while (at + 30 <= zip.size() && zip.compare(at, 4, "PK\3\4") == 0) {
    Entry e;
    e.method = static_cast<int>(u16(at + 8));
    const size_t compressed = u32(at + 18);
    const size_t name_length = u16(at + 26), extra = u16(at + 28);
    e.name = zip.substr(at + 30, name_length);
    const size_t data = at + 30 + name_length + extra;
    if (e.method == 0) e.stored = zip.substr(data, compressed);
    entries.push_back(e);
    at = data + compressed;
  }
  return entries;
}

TEST(TalkingBookTest, EpubHasTheOcfLayout) {
  absl::StatusOr<std::string> epub = BuildEpub(SmallBook());
  ASSERT_TRUE(epub.ok()) << epub.status();
  const std::vector<Entry> entries = Entries(*epub);
  ASSERT_EQ(entries.size(), 8u);
  EXPECT_EQ(entries[0].name, "mimetype");
  EXPECT_EQ(entries[0].method, 0);
  EXPECT_EQ(entries[0].stored, "application/epub+zip");
  std::map<std::string, int> methods;
  for (const Entry& e : entries) methods[e.name] = e.method;
  for (const char* name :
       {"META-INF/container.xml", "EPUB/package.opf", "EPUB/nav.xhtml",
        "EPUB/text.xhtml", "EPUB/text.smil", "EPUB/style.css"}) {
    EXPECT_EQ(methods.count(name), 1u) << name;
  }
  EXPECT_EQ(methods["EPUB/audio.mp3"], 0) << "audio stays seekable";
}

// One file of an archive, through libzip.
std::string ReadEntry(const std::string& archive_bytes, const char* name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(
      archive_bytes.data(), archive_bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) return "";
  std::string out;
  zip_stat_t stat;
  zip_file_t* file = zip_fopen(archive, name, 0);
  if (file != nullptr && zip_stat(archive, name, 0, &stat) == 0) {
    out.resize(stat.size);
    zip_fread(file, out.data(), out.size());
    zip_fclose(file);
  }
  zip_close(archive);
  return out;
}

TEST(TalkingBookTest, EpubPackageNavAndOverlay) {
  absl::StatusOr<std::string> epub = BuildEpub(SmallBook());
  ASSERT_TRUE(epub.ok()) << epub.status();
  const std::string opf = ReadEntry(*epub, "EPUB/package.opf");
  for (const char* expected : {
           "<dc:language>da</dc:language>",
           "<dc:title>Politik for &lt;trivsel&gt; &amp; "
           "&quot;ro&quot;</dc:title>",
           "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>",
           "<meta property=\"media:duration\" refines=\"#smil\">0:00:07.000",
           "<meta property=\"media:duration\">0:00:07.000</meta>",
           "<meta property=\"schema:accessMode\">auditory</meta>",
           "<meta property=\"schema:accessModeSufficient\">textual</meta>",
           "<meta property=\"schema:accessibilityFeature\">"
           "synchronizedAudioText</meta>",
           "<meta property=\"schema:accessibilityHazard\">none</meta>",
           "<meta property=\"schema:accessibilitySummary\">",
           "media-overlay=\"smil\"",
       }) {
    EXPECT_NE(opf.find(expected), std::string::npos) << expected << "\n" << opf;
  }
  const std::string nav = ReadEntry(*epub, "EPUB/nav.xhtml");
  EXPECT_NE(nav.find("<li><a href=\"text.xhtml#s0\">Formål</a></li>\n"
                     "<li><a href=\"text.xhtml#s5\">Opfølgning</a></li>"),
            std::string::npos)
      << nav;
  const std::string text = ReadEntry(*epub, "EPUB/text.xhtml");
  EXPECT_NE(text.find("<h1 id=\"s0\">Formål</h1>"), std::string::npos);
  EXPECT_NE(text.find("<h2 id=\"s5\">Opfølgning</h2>"), std::string::npos);
  EXPECT_NE(text.find("<ul>\n<li><span id=\"s3\">Hils på hinanden.</span>"
                      "</li>\n<li><span id=\"s4\">Sig fra.</span></li>\n</ul>"),
            std::string::npos)
      << text;
  const std::string smil = ReadEntry(*epub, "EPUB/text.smil");
  EXPECT_NE(smil.find("<par id=\"p6\"><text src=\"text.xhtml#s6\"/><audio "
                      "src=\"audio.mp3\" clipBegin=\"0:00:06.050\" "
                      "clipEnd=\"0:00:07.050\"/></par>"),
            std::string::npos)
      << smil;
  EXPECT_EQ(ReadEntry(*epub, "EPUB/audio.mp3"), "mp3 bytes");
}

TEST(TalkingBookTest, EmptyBookIsRefused) {
  TalkingBook book = SmallBook();
  book.sentences.clear();
  EXPECT_EQ(BuildEpub(book).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildDaisy(book).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TalkingBookTest, EtagFollowsTextAndKey) {
  const TalkingBook book = SmallBook();
  TalkingBook other_text = book;
  other_text.sentences[1].text = "Vi vil trives!";
  TalkingBook other_key = book;
  other_key.key = "fedcba9876543210";
  TalkingBook other_audio = book;
  other_audio.mp3 = "other";
  other_audio.modified = 1;
  EXPECT_EQ(EpubEtag(book), EpubEtag(other_audio));
  EXPECT_NE(EpubEtag(book), EpubEtag(other_text));
  EXPECT_NE(EpubEtag(book), EpubEtag(other_key));
  EXPECT_EQ(EpubEtag(book).front(), '"');
}

std::map<std::string, std::string> DaisyFiles() {
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> files =
      BuildDaisy(SmallBook());
  EXPECT_TRUE(files.ok()) << files.status();
  std::map<std::string, std::string> by_name;
  if (files.ok()) {
    EXPECT_EQ(files->front().first, "ncc.html");
    for (auto& [name, bytes] : *files) by_name[name] = bytes;
  }
  return by_name;
}

TEST(TalkingBookTest, DaisyHasOneSmilPerHeading) {
  std::map<std::string, std::string> files = DaisyFiles();
  ASSERT_EQ(files.size(), 5u);  // ncc, content, two SMIL, audio.
  EXPECT_EQ(files["audio.mp3"], "mp3 bytes");
  const std::string& ncc = files["ncc.html"];
  EXPECT_NE(ncc.find("<h1 class=\"title\" id=\"h1\"><a href=\"s0001.smil#t0\">"
                     "Formål</a></h1>"),
            std::string::npos)
      << ncc;
  EXPECT_NE(ncc.find("<h1 id=\"h2\"><a href=\"s0002.smil#t5\">Opfølgning</a>"),
            std::string::npos);
  EXPECT_NE(ncc.find("name=\"ncc:files\" content=\"5\""), std::string::npos);
  EXPECT_NE(ncc.find("name=\"ncc:tocItems\" content=\"2\""), std::string::npos);
  EXPECT_NE(ncc.find("name=\"ncc:totalTime\" content=\"00:00:07\""),
            std::string::npos);
  EXPECT_NE(ncc.find("name=\"dc:language\" content=\"da\""), std::string::npos);
  EXPECT_NE(ncc.find("Politik for &lt;trivsel&gt; &amp; &quot;ro&quot;"),
            std::string::npos);
  EXPECT_NE(ncc.find("name=\"dc:date\" content=\"2023-11-14\""),
            std::string::npos);
  // Sentence 3 is the second of paragraph 1: 2 s in, plus the lead-in.
  const std::string& first = files["s0001.smil"];
  EXPECT_NE(first.find("<text src=\"content.html#s2\" id=\"t2\"/>\n<audio "
                       "src=\"audio.mp3\" clip-begin=\"npt=2.050s\" "
                       "clip-end=\"npt=3.050s\" id=\"a2\"/>"),
            std::string::npos)
      << first;
  EXPECT_EQ(first.find("#s5"), std::string::npos);
  EXPECT_NE(files["s0002.smil"].find(
                "name=\"ncc:totalElapsedTime\" content=\"0:00:05.000\""),
            std::string::npos);
  EXPECT_NE(files["content.html"].find(
                "<p><span id=\"s1\">Vi vil trives.</span> <span "
                "id=\"s2\">Alle skal med.</span></p>"),
            std::string::npos)
      << files["content.html"];
}

TEST(TalkingBookTest, TextBeforeTheFirstHeadingIsTheTitleSection) {
  TalkingBook book = SmallBook();
  book.sentences.erase(book.sentences.begin());  // Starts with a paragraph.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> files =
      BuildDaisy(book);
  ASSERT_TRUE(files.ok());
  EXPECT_NE(files->front().second.find(
                "<h1 class=\"title\" id=\"h1\"><a href=\"s0001.smil#t1\">"
                "Politik for &lt;trivsel&gt;"),
            std::string::npos)
      << files->front().second;
}

// A book from a PDF with levelled headings: h1 Formål > h2 Mål > h3 Delmål,
// back to h2 Opfølgning; pages 1 (sentences 0-2), 2 (3, 4), 3 inside
// sentence 4 (no sentence starts there), 4 (5, 6).
TalkingBook PagedBook() {
  TalkingBook book = SmallBook();
  const uint32_t pages[] = {1, 1, 1, 2, 2, 4, 4};
  const uint32_t levels[] = {2, 0, 0, 0, 0, 3, 0};
  for (size_t i = 0; i < book.sentences.size(); ++i) {
    book.sentences[i].page = pages[i];
    book.sentences[i].heading_level = levels[i];
  }
  // Two more headings (Mål, Delmål) in place of the list items.
  book.sentences[3].kind = v1::SENTENCE_KIND_HEADING;
  book.sentences[3].text = "Mål";
  book.sentences[3].heading_level = 3;
  book.sentences[4].kind = v1::SENTENCE_KIND_HEADING;
  book.sentences[4].text = "Delmål";
  book.sentences[4].heading_level = 4;
  book.sentences[4].paragraph = 3;
  return book;
}

TEST(TalkingBookTest, EpubNavNestsByLevelAndListsPages) {
  const TalkingBook book = PagedBook();
  absl::StatusOr<std::string> epub = BuildEpub(book);
  ASSERT_TRUE(epub.ok()) << epub.status();
  const std::string nav = ReadEntry(*epub, "EPUB/nav.xhtml");
  // Levels 2, 3, 4, 3 become depths 1, 2, 3, 2.
  EXPECT_NE(
      nav.find("<ol>\n<li><a href=\"text.xhtml#s0\">Formål</a>\n<ol>\n"
               "<li><a href=\"text.xhtml#s3\">Mål</a>\n<ol>\n"
               "<li><a href=\"text.xhtml#s4\">Delmål</a></li>\n</ol>\n"
               "</li>\n<li><a href=\"text.xhtml#s5\">Opfølgning</a></li>\n"
               "</ol>\n</li>\n</ol>\n</nav>"),
      std::string::npos)
      << nav;
  EXPECT_NE(nav.find("<nav epub:type=\"page-list\""), std::string::npos);
  EXPECT_NE(nav.find("<li><a href=\"text.xhtml#page-1\">1</a></li>\n"
                     "<li><a href=\"text.xhtml#page-2\">2</a></li>\n"
                     "<li><a href=\"text.xhtml#page-3\">3</a></li>\n"
                     "<li><a href=\"text.xhtml#page-4\">4</a></li>\n</ol>"),
            std::string::npos)
      << nav;
  const std::string text = ReadEntry(*epub, "EPUB/text.xhtml");
  const auto mark = [](int page) {
    return absl::StrCat(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-", page,
        "\" aria-label=\"", page, "\"></span>");
  };
  EXPECT_NE(text.find(absl::StrCat(mark(1), "<h1 id=\"s0\">Formål</h1>")),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(absl::StrCat(mark(2), "<h2 id=\"s3\">Mål</h2>")),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("<h3 id=\"s4\">Delmål</h3>"), std::string::npos);
  // Page 3 has no sentence of its own: its marker goes with page 4's.
  EXPECT_NE(text.find(absl::StrCat(mark(3), mark(4),
                                   "<h2 id=\"s5\">Opfølgning</h2>")),
            std::string::npos)
      << text;
  const std::string opf = ReadEntry(*epub, "EPUB/package.opf");
  EXPECT_NE(opf.find("<meta property=\"schema:accessibilityFeature\">"
                     "pageNavigation</meta>"),
            std::string::npos);
  EXPECT_NE(opf.find("<dc:source"), std::string::npos);
  EXPECT_NE(EpubEtag(book), EpubEtag(SmallBook()));

  // Without pages: no page-list, no markers, no page claims.
  absl::StatusOr<std::string> plain = BuildEpub(SmallBook());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(ReadEntry(*plain, "EPUB/nav.xhtml").find("page-list"),
            std::string::npos);
  EXPECT_EQ(ReadEntry(*plain, "EPUB/text.xhtml").find("pagebreak"),
            std::string::npos);
  EXPECT_EQ(ReadEntry(*plain, "EPUB/package.opf").find("pageNavigation"),
            std::string::npos);
}

TEST(TalkingBookTest, DaisyNccHasLevelsAndPages) {
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> files =
      BuildDaisy(PagedBook());
  ASSERT_TRUE(files.ok()) << files.status();
  const std::string& ncc = files->front().second;
  EXPECT_NE(
      ncc.find("<h1 class=\"title\" id=\"h1\"><a href=\"s0001.smil#t0\">"
               "Formål</a></h1>\n<span class=\"page-normal\" id=\"page-1\">"
               "<a href=\"s0001.smil#t0\">1</a></span>\n"
               "<h2 id=\"h2\"><a href=\"s0002.smil#t3\">Mål</a></h2>\n"
               "<span class=\"page-normal\" id=\"page-2\"><a "
               "href=\"s0002.smil#t3\">2</a></span>\n"
               "<h3 id=\"h3\"><a href=\"s0003.smil#t4\">Delmål</a></h3>\n"
               "<h2 id=\"h4\"><a href=\"s0004.smil#t5\">Opfølgning</a></h2>\n"
               "<span class=\"page-normal\" id=\"page-3\"><a "
               "href=\"s0004.smil#t5\">3</a></span>\n"
               "<span class=\"page-normal\" id=\"page-4\"><a "
               "href=\"s0004.smil#t5\">4</a></span>\n"),
      std::string::npos)
      << ncc;
  for (const char* meta : {"name=\"ncc:depth\" content=\"3\"",
                           "name=\"ncc:pageNormal\" content=\"4\"",
                           "name=\"ncc:maxPageNormal\" content=\"4\"",
                           "name=\"ncc:tocItems\" content=\"8\""}) {
    EXPECT_NE(ncc.find(meta), std::string::npos) << meta << "\n" << ncc;
  }
}

// Printed labels name the pages; DAISY sorts them into its page classes.
TEST(TalkingBookTest, PageLabelsNameThePages) {
  TalkingBook book = PagedBook();
  book.page_labels = {"iv", "A-1", "1", "2"};
  absl::StatusOr<std::string> epub = BuildEpub(book);
  ASSERT_TRUE(epub.ok()) << epub.status();
  EXPECT_NE(ReadEntry(*epub, "EPUB/nav.xhtml")
                .find("<li><a href=\"text.xhtml#page-2\">A-1</a></li>"),
            std::string::npos);
  EXPECT_NE(ReadEntry(*epub, "EPUB/text.xhtml")
                .find("id=\"page-1\" aria-label=\"iv\""),
            std::string::npos);
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> files =
      BuildDaisy(book);
  ASSERT_TRUE(files.ok()) << files.status();
  const std::string& ncc = files->front().second;
  for (const char* expected : {"<span class=\"page-front\" id=\"page-1\">",
                               "<span class=\"page-special\" id=\"page-2\">",
                               "<span class=\"page-normal\" id=\"page-4\">",
                               "name=\"ncc:pageFront\" content=\"1\"",
                               "name=\"ncc:pageSpecial\" content=\"1\"",
                               "name=\"ncc:pageNormal\" content=\"2\"",
                               "name=\"ncc:maxPageNormal\" content=\"2\""}) {
    EXPECT_NE(ncc.find(expected), std::string::npos) << expected << "\n" << ncc;
  }
  EXPECT_NE(EpubEtag(book), EpubEtag(PagedBook()));
}

}  // namespace
}  // namespace policyreader::book
