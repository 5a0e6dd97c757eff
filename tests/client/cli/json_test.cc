#include "client/cli/json.h"

#include <string>

#include "gtest/gtest.h"

namespace policyreader::cli {
namespace {

TEST(JsonStringTest, QuotesPlainText) {
  EXPECT_EQ(JsonString(""), "\"\"");
  EXPECT_EQ(JsonString("Hej"), "\"Hej\"");
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonString("a \"b\" \\ c"), R"("a \"b\" \\ c")");
  EXPECT_EQ(JsonString("forvent-\nninger\r\t"), R"("forvent-\nninger\r\t")");
  EXPECT_EQ(JsonString("\b\f"), R"("\b\f")");
  EXPECT_EQ(JsonString(std::string("\x01\x1f\x7f", 3)),
            R"("\u0001\u001f\u007f")");
  EXPECT_EQ(JsonString(std::string("a\0b", 3)), R"("a\u0000b")");
}

TEST(JsonStringTest, KeepsUtf8) {
  EXPECT_EQ(JsonString("Sæt ø og å, § 17, 800 m²"),
            "\"Sæt ø og å, § 17, 800 m²\"");
  EXPECT_EQ(JsonString("😀"), "\"😀\"");
  EXPECT_EQ(JsonString("/"), "\"/\"");  // No need to escape the slash.
}

TEST(JsonStringTest, EscapesLineAndParagraphSeparators) {
  EXPECT_EQ(JsonString("a\u2028b\u2029c"), R"("a\u2028b\u2029c")");
}

TEST(JsonStringTest, ReplacesInvalidUtf8) {
  EXPECT_EQ(JsonString("\xff"), R"("\ufffd")");
  EXPECT_EQ(JsonString("a\xc3"), R"("a\ufffd")");          // Truncated.
  EXPECT_EQ(JsonString("\xc0\xaf"), R"("\ufffd\ufffd")");  // Overlong.
  EXPECT_EQ(JsonString("\xed\xa0\x80"),
            R"("\ufffd\ufffd\ufffd")");  // Surrogate.
}

}  // namespace
}  // namespace policyreader::cli
