// Table-driven Markdown cases: input -> blocks (kind, level, text), and for
// every case a byte-exact check of the map back into the input.
#include "service/text/formats/markdown.h"

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
      {"AtxHeadings",
       "# Titel\n\n## Under ##\n\n###### Seks\n",
       {{H, 1, "Titel"}, {H, 2, "Under"}, {H, 6, "Seks"}}},
      {"SetextHeadings",
       "Titel\n=====\n\nUnder\n-----\n",
       {{H, 1, "Titel"}, {H, 2, "Under"}}},
      {"HeadingWithEmphasis", "## Mål *2030* ##", {{H, 2, "Mål 2030"}}},
      {"SoftBreak", "Linje et\nlinje to.", {{P, 0, "Linje et\nlinje to."}}},
      {"HardBreaks", "Et  \nTo\\\nTre", {{P, 0, "Et\nTo\nTre"}}},
      {"Emphasis",
       "Dette er *vigtigt* og **meget** _vigtigt_.",
       {{P, 0, "Dette er vigtigt og meget vigtigt."}}},
      {"CodeSpan",
       "Brug `kl. 9.00` og `` a`b ``.",
       {{P, 0, "Brug kl. 9.00 og a`b."}}},
      {"InlineLinkWithTitle",
       "Se [politikken](https://aarhus.dk/politik \"Titel her\") nu.",
       {{P, 0, "Se politikken nu."}}},
      {"LinkWithParensInUrl",
       "[lov](https://x.dk/a_(b)) slut",
       {{P, 0, "lov slut"}}},
      {"ReferenceLinks",
       "Se [politik][p] og [faq].\n\n[p]: /p\n[faq]: /faq\n",
       {{P, 0, "Se politik og faq."}}},
      {"ReferenceDefinitionBeforeText",
       "[p]: /url\nTekst her.",
       {{P, 0, "Tekst her."}}},
      {"Autolinks",
       "Skriv til <borgerservice@aarhus.dk> eller <https://x.dk>.",
       {{P, 0, "Skriv til borgerservice@aarhus.dk eller https://x.dk."}}},
      {"ImageAlt",
       "![Kort over *området*](kort.png) vises.",
       {{P, 0, "Kort over området vises."}}},
      {"Escapes",
       "\\*ikke fremhævet\\* og 5 \\# og a\\_b \\\\",
       {{P, 0, "*ikke fremhævet* og 5 # og a_b \\"}}},
      {"Entities",
       "Skole &amp; fritid &lt;3 &#230;&#xF8; &copy; &sect;&nbsp;3",
       {{P, 0, "Skole & fritid <3 æø © §\u00A03"}}},
      {"NotEntities",
       "&foo; og &amp uden semikolon",
       {{P, 0, "&foo; og &amp uden semikolon"}}},
      {"BulletList",
       "- Et\n- To\n* Tre\n",
       {{L, 0, "Et"}, {L, 0, "To"}, {L, 0, "Tre"}}},
      {"OrderedList",
       "1. Første\n2. Anden\n3) Tredje\n",
       {{L, 0, "Første"}, {L, 0, "Anden"}, {L, 0, "Tredje"}}},
      {"NestedList",
       "- Et\n  - Et.a\n  - Et.b\n- To\n",
       {{L, 0, "Et"}, {L, 0, "Et.a"}, {L, 0, "Et.b"}, {L, 0, "To"}}},
      {"LooseListItemWithTwoParagraphs",
       "- Første afsnit\n\n  Andet afsnit\n- Næste\n",
       {{L, 0, "Første afsnit"}, {L, 0, "Andet afsnit"}, {L, 0, "Næste"}}},
      {"ListItemLazyContinuation", "- et\nfortsat\n", {{L, 0, "et\nfortsat"}}},
      {"BlockQuotes",
       "> Citat linje\n> fortsat\n\n> Andet\n",
       {{P, 0, "Citat linje\nfortsat"}, {P, 0, "Andet"}}},
      {"BlockQuoteLazy", "> Citat\nlazy", {{P, 0, "Citat\nlazy"}}},
      {"QuoteInListItem",
       "- punkt\n\n  > citat\n",
       {{L, 0, "punkt"}, {P, 0, "citat"}}},
      {"FencedCodeRead",
       "```tekst\nkl. 9.00\ntekst\n```\n",
       {{P, 0, "kl. 9.00\ntekst"}}},
      {"IndentedCodeRead",
       "Før\n\n    kode linje\n    to\n",
       {{P, 0, "Før"}, {P, 0, "kode linje\nto"}}},
      {"ThematicBreakSkipped",
       "Før\n\n---\n\nEfter\n\n***\n",
       {{P, 0, "Før"}, {P, 0, "Efter"}}},
      {"HtmlBlockParsed",
       "<div class=\"note\">\n<p>Vigtigt &amp; nyt</p>\n</div>\n\nEfter\n",
       {{P, 0, "Vigtigt & nyt"}, {P, 0, "Efter"}}},
      {"HtmlBlockScriptDropped",
       "<script>\nalert(1)\n</script>\n\nTekst\n",
       {{P, 0, "Tekst"}}},
      {"HtmlBlockInBlockQuote",
       "> <div>\n> <b>Fed</b> tekst\n> </div>\n",
       {{P, 0, "Fed tekst"}}},
      {"HtmlCommentSkipped", "<!-- note -->\n\nTekst\n", {{P, 0, "Tekst"}}},
      {"InlineHtml",
       "Tekst <span>med</span> html<br>ny linje",
       {{P, 0, "Tekst med html\nny linje"}}},
      {"CrLf",
       "# Titel\r\n\r\nLinje et\r\nlinje to\r\n",
       {{H, 1, "Titel"}, {P, 0, "Linje et\nlinje to"}}},
      {"LoneCr", "Et\rTo\r\rTre", {{P, 0, "Et\nTo"}, {P, 0, "Tre"}}},
      {"Empty", "", {}},
      {"WhitespaceOnly", "  \n\n\t\n", {}},
      {"MultibytePlain", "Ærø — “citat” ✓", {{P, 0, "Ærø — “citat” ✓"}}},
      {"PipeTableIsText",
       "| a | b |\n|---|---|\n",
       {{P, 0, "| a | b |\n|---|---|"}}},
      {"EmphasisUnclosed",
       "*ikke lukket og **halv*",
       {{P, 0, "*ikke lukket og *halv"}}},
      {"LinkTextMatchesUrl",
       "[aarhus.dk](https://aarhus.dk) og aarhus.dk",
       {{P, 0, "aarhus.dk og aarhus.dk"}}},
  };
  return cases;
}

class MarkdownCaseTest : public testing::TestWithParam<Case> {};

TEST_P(MarkdownCaseTest, BlocksAndExactMap) {
  const Case& c = GetParam();
  absl::StatusOr<Document> document = ParseMarkdown(c.input);
  ASSERT_TRUE(document.ok()) << document.status();
  ExpectBlocks(*document, c.expected);
  ExpectExactMap(c.input, *document);
}

INSTANTIATE_TEST_SUITE_P(Markdown, MarkdownCaseTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(MarkdownMapTest, EscapedCharacterMapsToItself) {
  const std::string input = "a \\* b";
  absl::StatusOr<Document> document = ParseMarkdown(input);
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->blocks.size(), 1u);
  const Block& block = document->blocks[0];
  ASSERT_EQ(block.text, "a * b");
  EXPECT_EQ(block.source_begin[2], 3u);
  EXPECT_EQ(block.source_end[2], 4u);
}

TEST(MarkdownMapTest, TextAfterLinkIsNotMappedIntoItsTitle) {
  const std::string input = "[a](/b \"t x\") x";
  absl::StatusOr<Document> document = ParseMarkdown(input);
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->blocks.size(), 1u);
  const Block& block = document->blocks[0];
  ASSERT_EQ(block.text, "a x");
  EXPECT_EQ(block.source_begin[1], input.size() - 2);
  EXPECT_EQ(block.source_begin[2], input.size() - 1);
}

TEST(MarkdownMapTest, FencedCodeNotMappedIntoInfoString) {
  const std::string input = "```tekst\ntekst\n```\n";
  absl::StatusOr<Document> document = ParseMarkdown(input);
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->blocks.size(), 1u);
  EXPECT_EQ(document->blocks[0].source_begin[0], input.find('\n') + 1);
}

TEST(MarkdownMapTest, InvalidBytesAreReplacedAndMapped) {
  const std::string input = std::string("a\xFF b\0c", 6);
  absl::StatusOr<Document> document = ParseMarkdown(input);
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->blocks.size(), 1u);
  formats_test::ExpectSoundMap(input, *document);
  EXPECT_EQ(document->blocks[0].text,
            "a\xEF\xBF\xBD b\xEF\xBF\xBD"
            "c");
  EXPECT_EQ(document->blocks[0].source_begin[1], 1u);
  EXPECT_EQ(document->blocks[0].source_end[1], 2u);
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

TEST(MarkdownSampleTest, MunicipalPolicy) {
  const std::string input =
      ReadFile(std::string(POLICY_READER_FORMATS_DIR) + "/kommune_politik.md");
  ASSERT_FALSE(input.empty());
  absl::StatusOr<Document> document = ParseMarkdown(input);
  ASSERT_TRUE(document.ok()) << document.status();
  ExpectExactMap(input, *document);
  const std::string all = formats_test::Describe(*document);
  ASSERT_GE(document->blocks.size(), 10u) << all;
  EXPECT_EQ(document->blocks[0].kind, H);
  EXPECT_EQ(document->blocks[0].text, "Politik for tilsyn med dagtilbud");
  EXPECT_NE(all.find("L \"Pædagogisk tilsyn & kvalitet\"\n"), std::string::npos)
      << all;
  EXPECT_NE(all.find("L \"Fødevarekontrol\"\n"), std::string::npos) << all;
  EXPECT_EQ(all.find("https://"), std::string::npos) << all;
  EXPECT_EQ(all.find("**"), std::string::npos) << all;
}

}  // namespace
}  // namespace policyreader::text
