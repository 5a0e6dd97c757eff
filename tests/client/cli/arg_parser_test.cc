#include "client/cli/arg_parser.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::cli {
namespace {

class ArgParserTest : public ::testing::Test {
 protected:
  ArgParserTest() {
    parser_.AddString("text", &text_, "Teksten");
    parser_.AddString("output", &output_, "Fil", "FIL", 'o');
    parser_.AddDouble("speed", &speed_, "Tempo");
    parser_.AddUint32("start", &start_, "Start");
    parser_.AddBool("raw", &raw_, "Rå");
  }
  ArgParser parser_;
  std::string text_;
  std::string output_;
  double speed_ = 0;
  uint32_t start_ = 0;
  bool raw_ = false;
};

TEST_F(ArgParserTest, ParsesAllForms) {
  auto positional =
      parser_.Parse({"--text", "Hej med dig", "-o", "ud.wav", "--speed=1,5",
                     "--start", "3", "--raw", "extra"});
  ASSERT_TRUE(positional.ok()) << positional.status();
  EXPECT_EQ(text_, "Hej med dig");
  EXPECT_EQ(output_, "ud.wav");
  EXPECT_DOUBLE_EQ(speed_, 1.5);
  EXPECT_EQ(start_, 3u);
  EXPECT_TRUE(raw_);
  EXPECT_EQ(*positional, std::vector<std::string>{"extra"});
  EXPECT_TRUE(parser_.WasSet("speed"));
  EXPECT_FALSE(parser_.WasSet("nope"));
}

TEST_F(ArgParserTest, ValueMayStartWithADash) {
  ASSERT_TRUE(parser_.Parse({"--speed", "-0.5", "--text", "-"}).ok());
  EXPECT_DOUBLE_EQ(speed_, -0.5);
  EXPECT_EQ(text_, "-");
}

TEST_F(ArgParserTest, DoubleDashEndsFlags) {
  auto positional = parser_.Parse({"--raw", "--", "--text"});
  ASSERT_TRUE(positional.ok());
  EXPECT_EQ(*positional, std::vector<std::string>{"--text"});
  EXPECT_TRUE(text_.empty());
}

TEST_F(ArgParserTest, Errors) {
  EXPECT_EQ(parser_.Parse({"--bogus"}).status().message(),
            "Ukendt flag: --bogus");
  EXPECT_EQ(parser_.Parse({"-x"}).status().message(), "Ukendt flag: -x");
  EXPECT_EQ(parser_.Parse({"--text"}).status().message(),
            "Flaget --text mangler en værdi");
  EXPECT_EQ(parser_.Parse({"--speed", "hurtig"}).status().message(),
            "Ugyldig værdi for --speed: \"hurtig\"");
  EXPECT_FALSE(parser_.Parse({"--speed", "nan"}).ok());
  EXPECT_FALSE(parser_.Parse({"--start", "-1"}).ok());
  EXPECT_FALSE(parser_.Parse({"--start", "99999999999"}).ok());
  EXPECT_FALSE(parser_.Parse({"--raw=maybe"}).ok());
}

TEST_F(ArgParserTest, Help) {
  const std::string help = parser_.Help();
  EXPECT_NE(help.find("  -o, --output FIL  Fil\n"), std::string::npos) << help;
  EXPECT_NE(help.find("  --raw             Rå\n"), std::string::npos) << help;
}

}  // namespace
}  // namespace policyreader::cli
