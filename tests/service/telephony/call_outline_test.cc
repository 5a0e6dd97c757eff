#include "service/telephony/call_outline.h"

#include "gtest/gtest.h"

namespace policyreader::telephony {
namespace {

// 0-1 introduction, 2 heading (section 0) with 3-4, 5 heading (section 1)
// with 6, 7 heading (section 2).
CallOutline Sample() {
  return CallOutline::FromHeadings({-1, -1, 2, 2, 2, 5, 5, 7});
}

TEST(CallOutlineTest, SectionsAreTheHeadings) {
  const CallOutline outline = Sample();
  EXPECT_EQ(outline.sentence_count(), 8u);
  EXPECT_EQ(outline.section_starts, (std::vector<size_t>{2, 5, 7}));
  EXPECT_EQ(outline.SectionOf(0), std::nullopt);
  EXPECT_EQ(outline.SectionOf(4), 0u);
  EXPECT_EQ(outline.SectionOf(6), 1u);
  EXPECT_EQ(outline.SectionOf(7), 2u);
}

TEST(CallOutlineTest, Keys) {
  EXPECT_EQ(KeyFromDigit('1'), Key::kPreviousSection);
  EXPECT_EQ(KeyFromDigit('3'), Key::kNextSection);
  EXPECT_EQ(KeyFromDigit('4'), Key::kPreviousSentence);
  EXPECT_EQ(KeyFromDigit('5'), Key::kPauseResume);
  EXPECT_EQ(KeyFromDigit('6'), Key::kNextSentence);
  EXPECT_EQ(KeyFromDigit('0'), Key::kRepeatSentence);
  EXPECT_EQ(KeyFromDigit('#'), Key::kStop);
  for (char c : {'2', '7', '8', '9', '*', 'A'}) {
    EXPECT_EQ(KeyFromDigit(c), std::nullopt) << c;
  }
}

TEST(CallOutlineTest, Targets) {
  struct Case {
    size_t current;
    Key key;
    std::optional<size_t> expected;
  };
  const Case cases[] = {
      {0, Key::kNextSentence, 1},
      {7, Key::kNextSentence, std::nullopt},
      {0, Key::kPreviousSentence, std::nullopt},
      {3, Key::kPreviousSentence, 2},
      {3, Key::kRepeatSentence, 3},
      {0, Key::kNextSection, 2},  // From the introduction: the first heading.
      {3, Key::kNextSection, 5},
      {7, Key::kNextSection, std::nullopt},
      {4, Key::kPreviousSection, 2},  // Start of the section being read.
      {5, Key::kPreviousSection, 2},  // From a heading: the previous one.
      {2, Key::kPreviousSection, 0},  // From the first: the introduction.
      {1, Key::kPreviousSection, std::nullopt},
      {3, Key::kPauseResume, std::nullopt},
      {3, Key::kStop, std::nullopt},
  };
  const CallOutline outline = Sample();
  for (const Case& c : cases) {
    EXPECT_EQ(Target(outline, c.current, c.key), c.expected)
        << "from " << c.current << " key " << static_cast<int>(c.key);
  }
}

TEST(CallOutlineTest, NoHeadings) {
  const CallOutline outline = CallOutline::FromHeadings({-1, -1, -1});
  EXPECT_EQ(Target(outline, 0, Key::kNextSection), std::nullopt);
  EXPECT_EQ(Target(outline, 2, Key::kPreviousSection), std::nullopt);
  EXPECT_EQ(Target(outline, 1, Key::kNextSentence), 2u);
}

}  // namespace
}  // namespace policyreader::telephony
