// CollapseWhitespace: which characters are white space, and what is kept.
#include "service/text/whitespace.h"

#include <string>

#include "gtest/gtest.h"

namespace policyreader::text {
namespace {

struct Case {
  std::string name;
  std::string text;
  std::string expected;
};

class CollapseWhitespaceTest : public testing::TestWithParam<Case> {};

TEST_P(CollapseWhitespaceTest, OneSpaceBetweenWordsNoneAtTheEnds) {
  EXPECT_EQ(CollapseWhitespace(GetParam().text), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CollapseWhitespaceTest,
    testing::Values(
        Case{"Empty", "", ""}, Case{"OnlySpace", " \n ", ""},
        Case{"AlreadyOneLine", "Børn og unge.", "Børn og unge."},
        Case{"AsciiRuns", "  a\n b\t\tc \r\n", "a b c"},
        Case{"FormFeedAndVerticalTab", "a\f\vb", "a b"},
        Case{"PdfLineBreaks", "  Børn og\n\tunge.  ", "Børn og unge."},
        Case{"NoBreakSpace", "kr.\u00A0100", "kr. 100"},
        Case{"NarrowNoBreakSpaceInANumber", "1\u202F000", "1 000"},
        Case{"LineAndParagraphSeparators", "a\u2028b\u2029", "a b"},
        Case{"NextLine", "a\u0085b", "a b"},
        Case{"IdeographicAndEmSpaces", "\u3000a\u2003\u2003b", "a b"},
        Case{"MixedRun", "a \u00A0\n\u2009 b", "a b"},
        // Not white space: zero-width and invisible characters stay.
        Case{"ZeroWidthSpaceKept", "a\u200Bb", "a\u200Bb"},
        Case{"SoftHyphenKept", "ansvars\u00ADområder", "ansvars\u00ADområder"},
        // A lone 0x85 or 0xA0 byte is Latin-1, not UTF-8: kept as it is.
        Case{"InvalidBytesKept",
             "a\x85 \xA0"
             "b",
             "a\x85 \xA0"
             "b"},
        Case{"TruncatedSequenceKept", "a \xC3", "a \xC3"}),
    [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace policyreader::text
