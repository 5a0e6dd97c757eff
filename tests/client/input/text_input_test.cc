// How the client tells the server what format a text is in.
#include "client/input/text_input.h"

#include "gtest/gtest.h"

namespace policyreader::input {
namespace {

struct FormatCase {
  const char* format;
  const char* file;
  v1::TextFormat expected;
};

class ResolveTextFormatTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(ResolveTextFormatTest, ResolvesFromFlagOrExtension) {
  absl::StatusOr<v1::TextFormat> format =
      ResolveTextFormat(GetParam().format, GetParam().file);
  ASSERT_TRUE(format.ok()) << format.status();
  EXPECT_EQ(*format, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ResolveTextFormatTest,
    ::testing::Values(FormatCase{"", "politik.txt", v1::TEXT_FORMAT_PLAIN},
                      FormatCase{"", "", v1::TEXT_FORMAT_PLAIN},
                      FormatCase{"", "side.html", v1::TEXT_FORMAT_HTML},
                      FormatCase{"", "SIDE.HTM", v1::TEXT_FORMAT_HTML},
                      FormatCase{"", "politik.md", v1::TEXT_FORMAT_MARKDOWN},
                      FormatCase{"", "a.markdown", v1::TEXT_FORMAT_MARKDOWN},
                      FormatCase{"text", "side.html", v1::TEXT_FORMAT_PLAIN},
                      FormatCase{"html", "x.txt", v1::TEXT_FORMAT_HTML},
                      FormatCase{"markdown", "", v1::TEXT_FORMAT_MARKDOWN}));

TEST(ResolveTextFormatTest, UnknownFormatIsADanishUsageError) {
  absl::StatusOr<v1::TextFormat> format = ResolveTextFormat("pdf", "");
  ASSERT_FALSE(format.ok());
  EXPECT_NE(format.status().message().find("Ukendt format"),
            absl::string_view::npos);
}

}  // namespace
}  // namespace policyreader::input
