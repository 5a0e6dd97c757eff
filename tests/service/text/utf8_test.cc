// UTF-8 validation: valid Danish text passes; each kind of malformed
// sequence is rejected at the right byte offset.
#include "service/text/utf8.h"

#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::text {
namespace {

struct Case {
  std::string name;
  std::string input;
  size_t invalid_at;  // npos when valid
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.name;
}

constexpr size_t kValid = std::string::npos;

const std::vector<Case>& Cases() {
  static const auto* cases = new std::vector<Case>{
      {"Empty", "", kValid},
      {"Ascii", "Hej med dig.", kValid},
      {"DanishLetters", "Æble, øl og år: ÆØÅ æøå.", kValid},
      {"ThreeByte", "Pris: 5 \u20ac \u2013 \u201ccitat\u201d", kValid},
      {"FourByte", "Smil \U0001F600", kValid},
      {"LargestScalar", "\xF4\x8F\xBF\xBF", kValid},
      {"LastBeforeSurrogates", "\xED\x9F\xBF", kValid},
      {"FirstAfterSurrogates", "\xEE\x80\x80", kValid},
      {"NulIsValid", std::string("a\0b", 3), kValid},
      {"InvalidByteFF",
       "abc\xFF"
       "def",
       3},
      {"InvalidByteFE", "\xFE", 0},
      {"StrayContinuation", "\xC3\xA6\x80", 2},
      {"StrayContinuationAtStart",
       "\x80"
       "abc",
       0},
      {"TruncatedTwoByteAtEnd", "ab\xC3", 2},
      {"TruncatedTwoByteBeforeAscii", "ab\xC3z", 2},
      {"TruncatedThreeByte", "Hej \xE2\x82", 4},
      {"TruncatedFourByte", "x\xF0\x9F\x98", 1},
      {"OverlongTwoByteC0", "\xC0\xAF", 0},
      {"OverlongTwoByteC1", "a\xC1\xBF", 1},
      {"OverlongThreeByte", "ab\xE0\x80\xAF", 2},
      {"OverlongFourByte", "\xF0\x80\x80\xAF", 0},
      {"SurrogateHigh", "x\xED\xA0\x80", 1},
      {"SurrogateLow", "xy\xED\xBF\xBF", 2},
      {"AboveMaxF4", "\xF4\x90\x80\x80", 0},
      {"AboveMaxF5", "ok \xF5\x80\x80\x80", 3},
      {"Latin1NotUtf8", "N\xE6stved", 1},
      {"OffsetAfterMultiByte", "\xC3\xA6\xC3\xB8\xC3\xA5\xFF", 6},
  };
  return *cases;
}

class Utf8Test : public testing::TestWithParam<Case> {};

TEST_P(Utf8Test, FindsFirstInvalidByte) {
  const Case& c = GetParam();
  EXPECT_EQ(FindInvalidUtf8(c.input), c.invalid_at);
  const absl::Status status = ValidateUtf8(c.input);
  if (c.invalid_at == kValid) {
    EXPECT_TRUE(status.ok()) << status;
  } else {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(), "text is not valid UTF-8 at byte " +
                                    std::to_string(c.invalid_at));
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Utf8Test, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(Utf8Test, MessageNamesTheOffset) {
  const std::string input = std::string("Dette er en test ") + "\xFF";
  ASSERT_EQ(input.size(), 18u);
  EXPECT_EQ(ValidateUtf8(input).message(),
            "text is not valid UTF-8 at byte 17");
}

TEST(Utf8Test, DecodesForwardAndBackward) {
  const std::string text = "a\xC3\xA6\xE2\x80\x93\xF0\x9F\x98\x80";  // a æ – 😀
  EXPECT_EQ(DecodeUtf8(text, 0).code_point, U'a');
  EXPECT_EQ(DecodeUtf8(text, 1).code_point, U'\u00E6');
  EXPECT_EQ(DecodeUtf8(text, 1).length, 2u);
  EXPECT_EQ(DecodeUtf8(text, 3).code_point, U'\u2013');
  EXPECT_EQ(DecodeUtf8(text, 6).code_point, U'\U0001F600');
  EXPECT_EQ(DecodeUtf8(text, 6).length, 4u);
  EXPECT_EQ(DecodeUtf8(text, text.size()).length, 0u);
  EXPECT_EQ(DecodeUtf8Before(text, text.size()).code_point, U'\U0001F600');
  EXPECT_EQ(DecodeUtf8Before(text, 6).code_point, U'\u2013');
  EXPECT_EQ(DecodeUtf8Before(text, 3).code_point, U'\u00E6');
  EXPECT_EQ(DecodeUtf8Before(text, 0).length, 0u);
  EXPECT_EQ(CountChars(text), 4u);
}

TEST(Utf8Test, DecodingInvalidBytesNeverStalls) {
  const std::string text = "\xFF\xC3";
  EXPECT_EQ(DecodeUtf8(text, 0).code_point, U'\uFFFD');
  EXPECT_EQ(DecodeUtf8(text, 0).length, 1u);
  EXPECT_EQ(DecodeUtf8(text, 1).length, 1u);
  EXPECT_EQ(DecodeUtf8Before(text, 2).length, 1u);
}

TEST(Utf8Test, AppendRoundTrips) {
  for (const char32_t c : {U'a', U'\u00F8', U'\u2022', U'\U0001F600'}) {
    std::string encoded;
    AppendUtf8(c, &encoded);
    EXPECT_TRUE(ValidateUtf8(encoded).ok());
    EXPECT_EQ(DecodeUtf8(encoded, 0).code_point, c);
    EXPECT_EQ(DecodeUtf8(encoded, 0).length, encoded.size());
  }
}

}  // namespace
}  // namespace policyreader::text
