// Table-driven HTML cases: input -> blocks (kind, level, text), and for every
// case a byte-exact check of the map back into the input.
#include "service/text/formats/html.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/document.h"
#include "service/text/sentence.h"
#include "tests/service/text/formats/map_check.h"

namespace policyreader::text {
namespace {

using formats_test::ExpectBlocks;
using formats_test::ExpectedBlock;
using formats_test::ExpectExactMap;

constexpr SentenceKind P = SentenceKind::kParagraph;
constexpr SentenceKind H = SentenceKind::kHeading;
constexpr SentenceKind L = SentenceKind::kListItem;

struct Case {
  std::string name;
  std::string input;
  std::vector<ExpectedBlock> expected;
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.name;
}

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"Paragraph", "<p>Hej verden.</p>", {{P, 0, "Hej verden."}}},
      {"HeadingLevels",
       "<h1>Politik</h1><h2>Formål</h2><h3>Mål</h3><h6>Note</h6>",
       {{H, 1, "Politik"}, {H, 2, "Formål"}, {H, 3, "Mål"}, {H, 6, "Note"}}},
      {"Entities",
       "<p>Skole &amp; fritid &lt;3 &quot;nu&quot; &#230;&#xF8;&aring;</p>",
       {{P, 0, "Skole & fritid <3 \"nu\" æøå"}}},
      {"DanishNamedEntities",
       "<p>&AElig;bler, &Oslash;l og &Aring; &ndash; &sect;&nbsp;3</p>",
       {{P, 0, "Æbler, Øl og Å – §\u00A03"}}},
      {"NonBreakingSpaceKept",
       "<p>kl.&nbsp;9.00, stk.&nbsp;2</p>",
       {{P, 0, "kl.\u00A09.00, stk.\u00A02"}}},
      {"LegacyEntitiesWithoutSemicolon",
       "<p>A &amp B &copy 2024</p>",
       {{P, 0, "A & B © 2024"}}},
      {"LegacyEntityPrefix", "<p>x &notit; y</p>", {{P, 0, "x ¬it; y"}}},
      {"UnknownEntityIsLiteral",
       "<p>&foo; og &#; bar &</p>",
       {{P, 0, "&foo; og &#; bar &"}}},
      {"Windows1252NumericReference",
       "<p>Pris 5 &#128;</p>",
       {{P, 0, "Pris 5 €"}}},
      {"LineBreaks",
       "<p>Rådhuset<br>Torvet 1<br/>8000 Aarhus<BR /></p>",
       {{P, 0, "Rådhuset\nTorvet 1\n8000 Aarhus"}}},
      {"InlineElements",
       "<p>Læs <a href=\"/x\">mere</a> om <b>vores</b> <em>politik</em>, "
       "<abbr title=\"for eksempel\">f.eks.</abbr> <code>§ 17</code>.</p>",
       {{P, 0, "Læs mere om vores politik, f.eks. § 17."}}},
      {"NestedLists",
       "<ul><li>Et<ul><li>Et.a</li><li>Et.b</li></ul></li><li>To</li></ul>",
       {{L, 0, "Et"}, {L, 0, "Et.a"}, {L, 0, "Et.b"}, {L, 0, "To"}}},
      {"ListItemTextAfterNestedList",
       "<ul><li>Top<ol><li>Under</li></ol>efter</li></ul>",
       {{L, 0, "Top"}, {L, 0, "Under"}, {L, 0, "efter"}}},
      {"ParagraphInListItem",
       "<ol><li><p>Første</p></li><li>Anden</li></ol>",
       {{L, 0, "Første"}, {L, 0, "Anden"}}},
      {"TableCells",
       "<table><caption>Takster 2024</caption><tr><th>Ydelse</th><th>Pris</th>"
       "</tr><tr><td>Madordning</td><td>1.200 kr.</td></tr></table>",
       {{P, 0, "Takster 2024"},
        {P, 0, "Ydelse"},
        {P, 0, "Pris"},
        {P, 0, "Madordning"},
        {P, 0, "1.200 kr."}}},
      {"DefinitionList",
       "<dl><dt>BUU</dt><dd>Børne- og Ungeudvalget</dd></dl>",
       {{P, 0, "BUU"}, {P, 0, "Børne- og Ungeudvalget"}}},
      {"BlockQuote",
       "<blockquote><p>Citat et</p><p>Citat to</p></blockquote>"
       "<blockquote>Bar tekst</blockquote>",
       {{P, 0, "Citat et"}, {P, 0, "Citat to"}, {P, 0, "Bar tekst"}}},
      {"FigureCaptionImageSkipped",
       "<figure><img src=\"kort.png\" alt=\"Kort\"><figcaption>Kort over "
       "området</figcaption></figure><p>Før <img alt=\"ikon\">efter</p>",
       {{P, 0, "Kort over området"}, {P, 0, "Før efter"}}},
      {"Preformatted",
       "<pre>\n  linje 1\n  linje 2\n</pre>",
       {{P, 0, "linje 1\n  linje 2"}}},
      {"BareTextInDivAndSection",
       "<div>Intro<p>Afsnit</p>Hale</div><section>Sektion</section>",
       {{P, 0, "Intro"}, {P, 0, "Afsnit"}, {P, 0, "Hale"}, {P, 0, "Sektion"}}},
      {"HiddenElements",
       "<p hidden>Skjult</p><p aria-hidden=\"true\">Skjult 2</p>"
       "<div style=\"color:red; DISPLAY: none\">Skjult 3</div>"
       "<span style=\"visibility:hidden\">Skjult 4</span>"
       "<p aria-hidden=\"false\">Synlig</p>",
       {{P, 0, "Synlig"}}},
      {"ChromeRoles",
       "<div role=\"navigation\">Menu</div><div role=\"banner\">Logo</div>"
       "<div role=\"search\">Søg</div><div role=\"contentinfo\">Kontakt</div>"
       "<div role=\"complementary\">Relateret</div><p>Indhold</p>",
       {{P, 0, "Indhold"}}},
      {"OnlyNavigationGivesNoBlocks",
       "<!DOCTYPE html><html><body><nav><ul><li><a href=\"/\">Forside</a></li>"
       "<li><a href=\"/politik\">Politikker</a></li></ul></nav></body></html>",
       {}},
      {"EmptyInput", "", {}},
      {"WhitespaceOnlyBlocksDropped",
       "<p> </p><p>&nbsp;</p><p>\n\t</p><div>  <span> </span></div>",
       {}},
      {"Malformed",
       "<p>Første<p>Anden<li>Punkt</b></i><div>Sidste <b>fed",
       // A div opened inside an li belongs to the item.
       {{P, 0, "Første"},
        {P, 0, "Anden"},
        {L, 0, "Punkt"},
        {L, 0, "Sidste fed"}}},
      {"StrayEndTagInsideText",
       "<p>Tekst</span> mere</p>",
       {{P, 0, "Tekst mere"}}},
      {"ScriptsStylesTemplates",
       "<body><script>var x = '<p>nej</p>';</script><style>p { color: red "
       "}</style>"
       "<noscript>Slå JavaScript til</noscript><template><p>T</p></template>"
       "<p>Ja</p>",
       {{P, 0, "Ja"}}},
      {"CommentsAndCdataSkipped",
       "<p>A<!-- kommentar -->B</p><![CDATA[x]]><p>C</p>",
       {{P, 0, "AB"}, {P, 0, "C"}}},
      {"MainOnly",
       "<header><h1>Aarhus Kommune</h1></header><nav>Menu</nav>"
       "<main><h1>Politik</h1><p>Tekst</p></main><footer>Kontakt</footer>"
       "<p>Udenfor</p>",
       {{H, 1, "Politik"}, {P, 0, "Tekst"}}},
      {"RoleMain",
       "<p>Før</p><div role=\"main\"><p>X</p></div><p>Efter</p>",
       {{P, 0, "X"}}},
      {"FirstMainOnly",
       "<main><p>Et</p></main><main><p>To</p></main>",
       {{P, 0, "Et"}}},
      {"ArticlesWhenNoMain",
       "<p>Nej</p><article><h2>A</h2></article><aside><article>Relateret"
       "</article></aside><article><p>B</p><article>Indlejret</article>"
       "</article>",
       {{H, 2, "A"}, {P, 0, "B"}, {P, 0, "Indlejret"}}},
      {"HeaderInsideArticleKept",
       "<header>Site</header><article><header><h1>Titel</h1></header>"
       "<p>Brødtekst</p><footer>Del på Facebook</footer></article>",
       {{H, 1, "Titel"}, {P, 0, "Brødtekst"}}},
      {"FormControlsDropped",
       "<main><form><label>Navn</label><input value=\"x\"><button>Send"
       "</button><select><option>A</option></select><textarea>tt</textarea>"
       "</form></main>",
       {{P, 0, "Navn"}}},
      {"CrLf", "<p>Linje 1\r\nLinje 2</p>", {{P, 0, "Linje 1\nLinje 2"}}},
      {"SvgMathIframeDropped",
       "<p>Før<svg><text>Nej</text></svg> efter<math><mi>x</mi></math></p>"
       "<iframe src=\"x\">fallback</iframe><video>Ingen video</video>",
       {{P, 0, "Før efter"}}},
      {"TitleIgnored",
       "<html><head><title>Titel</title></head><body><p>Krop</p></body></html>",
       {{P, 0, "Krop"}}},
      {"FosterParentedText",
       "<table>før<tr><td>celle</td></tr></table>",
       {{P, 0, "før"}, {P, 0, "celle"}}},
      {"UppercaseTags",
       "<P>Stor</P><DIV HIDDEN>x</DIV><H2>Over</H2>",
       {{P, 0, "Stor"}, {H, 2, "Over"}}},
      {"CookieDialog",
       "<div role=\"dialog\" aria-label=\"Cookies\"><p>Vi bruger cookies</p>"
       "<button>OK</button></div><dialog><p>Modal</p></dialog><p>Indhold</p>",
       {{P, 0, "Indhold"}}},
      {"XmpIsRaw", "<xmp>a &amp; b</xmp>", {{P, 0, "a &amp; b"}}},
      {"MultibytePlain", "<p>Ærø — “citat” ✓</p>", {{P, 0, "Ærø — “citat” ✓"}}},
      {"DetailsSummary",
       "<details><summary>Læs mere</summary><p>Skjult indhold</p></details>",
       {{P, 0, "Læs mere"}, {P, 0, "Skjult indhold"}}},
      {"HeadingInListItem",
       "<ul><li><h3>Punkt</h3>Forklaring</li></ul>",
       {{H, 3, "Punkt"}, {L, 0, "Forklaring"}}},
      {"WhitespaceKeptInside",
       "<p>  Et   to\n   tre  </p>",
       {{P, 0, "Et   to\n   tre"}}},
  };
  return cases;
}

class HtmlCaseTest : public testing::TestWithParam<Case> {};

TEST_P(HtmlCaseTest, BlocksAndExactMap) {
  const Case& c = GetParam();
  absl::StatusOr<Document> document = ParseHtml(c.input);
  ASSERT_TRUE(document.ok()) << document.status();
  ExpectBlocks(*document, c.expected);
  ExpectExactMap(c.input, *document);
}

INSTANTIATE_TEST_SUITE_P(Html, HtmlCaseTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(HtmlMapTest, EntityMapsToWholeEntity) {
  const std::string input = "<p>a&amp;b</p>";
  absl::StatusOr<Document> document = ParseHtml(input);
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->blocks.size(), 1u);
  const Block& block = document->blocks[0];
  ASSERT_EQ(block.text, "a&b");
  EXPECT_EQ(block.source_begin[1], input.find("&amp;"));
  EXPECT_EQ(block.source_end[1], input.find("&amp;") + 5);
  EXPECT_EQ(block.source_begin[2], input.find('b', 4));
}

TEST(HtmlMapTest, BreakMapsToTag) {
  const std::string input = "<p>a<br class=\"x\">b</p>";
  absl::StatusOr<Document> document = ParseHtml(input);
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->blocks.size(), 1u);
  const Block& block = document->blocks[0];
  ASSERT_EQ(block.text, "a\nb");
  EXPECT_EQ(input.substr(block.source_begin[1],
                         block.source_end[1] - block.source_begin[1]),
            "<br class=\"x\">");
}

TEST(HtmlMapTest, StrayTagSkippedNotMatched) {
  // "</mark>" contains letters of the following text; the map must still
  // point at the real "more".
  const std::string input = "<p>Text</mark>more</p>";
  absl::StatusOr<Document> document = ParseHtml(input);
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->blocks.size(), 1u);
  const Block& block = document->blocks[0];
  ASSERT_EQ(block.text, "Textmore");
  EXPECT_EQ(block.source_begin[4], input.find("more"));
}

TEST(HtmlMapTest, InvalidUtf8BecomesReplacementCharacter) {
  const std::string input = "<p>a\xFF b\xC3</p>";
  absl::StatusOr<Document> document = ParseHtml(input);
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->blocks.size(), 1u);
  formats_test::ExpectSoundMap(input, *document);
  EXPECT_EQ(document->blocks[0].text.substr(0, 4), "a\xEF\xBF\xBD");
  EXPECT_EQ(document->blocks[0].source_begin[1], 4u);
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

TEST(HtmlSampleTest, MunicipalPolicyPage) {
  const std::string input = ReadFile(std::string(POLICY_READER_FORMATS_DIR) +
                                     "/kommune_politik.html");
  ASSERT_FALSE(input.empty());
  absl::StatusOr<Document> document = ParseHtml(input);
  ASSERT_TRUE(document.ok()) << document.status();
  ExpectExactMap(input, *document);
  const std::string all = formats_test::Describe(*document);
  // Site chrome, scripts and the cookie banner are gone.
  for (const char* chrome :
       {"Spring til indhold", "Forside", "cookies", "Log ind", "Søg", "gtag",
        "Følg os", "CVR", "Relaterede", "Del siden", "Var siden"}) {
    EXPECT_EQ(all.find(chrome), std::string::npos) << chrome << "\n" << all;
  }
  ASSERT_GE(document->blocks.size(), 10u) << all;
  EXPECT_EQ(document->blocks[0].kind, H);
  EXPECT_EQ(document->blocks[0].heading_level, 1);
  EXPECT_EQ(document->blocks[0].text, "Politik for tilsyn med dagtilbud");
  int headings = 0;
  int items = 0;
  int paragraphs = 0;
  for (const Block& block : document->blocks) {
    headings += block.kind == H;
    items += block.kind == L;
    paragraphs += block.kind == P;
  }
  EXPECT_GE(headings, 4) << all;
  EXPECT_GE(items, 5) << all;
  EXPECT_GE(paragraphs, 6) << all;
  EXPECT_NE(all.find("P \"Tilsynet omfatter alle kommunale, selvejende og "
                     "private dagtilbud i kommunen, jf. dagtilbudslovens "
                     "§\u00A05.\"\n"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("L \"Pædagogisk tilsyn & kvalitet\"\n"), std::string::npos)
      << all;
}

}  // namespace
}  // namespace policyreader::text

namespace policyreader::text {
namespace {

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out.append(piece);
  return out;
}

TEST(HtmlDepthTest, AbsurdNestingIsRefusedBeforeParsing) {
  // The parser's time grows with depth times size; this would take seconds.
  const std::string deep =
      Repeat("<div>", 20000) + "Tekst." + Repeat("</div>", 20000);
  absl::StatusOr<Document> document = ParseHtml(deep);
  ASSERT_EQ(document.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(document.status().message().find("1024"), absl::string_view::npos);
}

TEST(HtmlDepthTest, OrdinaryPagesAndSloppyMarkupPass) {
  // Deep but plausible, siblings that close each other, void elements,
  // tags inside comments and scripts: none of them is depth.
  const std::string page =
      Repeat("<div>", 200) + Repeat("<p>Afsnit.", 5000) + Repeat("<br>", 3000) +
      "<!--" + Repeat("<div>", 3000) + "-->" + "<script>" +
      Repeat("<span>", 3000) + "</script>" + Repeat("</div>", 200);
  absl::StatusOr<Document> document = ParseHtml(page);
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_GE(document->blocks.size(), 5000u);
}

}  // namespace
}  // namespace policyreader::text
