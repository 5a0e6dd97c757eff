#include "service/navigation/reading_moves.h"

#include <optional>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::navigation {
namespace {

// Nine sentences: 0-1 before the first heading; headings at 2, 5 and 6.
constexpr size_t kCount = 9;
const std::vector<size_t> kStarts = {2, 5, 6};

TEST(ReadingMovesTest, SectionOf) {
  EXPECT_EQ(SectionOf(kStarts, 0), std::nullopt);
  EXPECT_EQ(SectionOf(kStarts, 2), 0u);
  EXPECT_EQ(SectionOf(kStarts, 4), 0u);
  EXPECT_EQ(SectionOf(kStarts, 5), 1u);
  EXPECT_EQ(SectionOf(kStarts, 8), 2u);
  EXPECT_EQ(SectionOf({}, 3), std::nullopt);
}

TEST(ReadingMovesTest, Targets) {
  struct Case {
    size_t current;
    Move move;
    std::optional<size_t> target;
  };
  const Case cases[] = {
      {0, Move::kNextSentence, 1},
      {8, Move::kNextSentence, std::nullopt},
      {3, Move::kPreviousSentence, 2},
      {0, Move::kPreviousSentence, std::nullopt},
      {4, Move::kRepeatSentence, 4},
      {9, Move::kRepeatSentence, std::nullopt},
      // Before the first heading, next section is the first heading.
      {0, Move::kNextSection, 2},
      {3, Move::kNextSection, 5},
      {5, Move::kNextSection, 6},
      {7, Move::kNextSection, std::nullopt},
      // Previous section inside a section: its heading; on a heading: the
      // previous one; from the first heading: the top; nothing before that.
      {4, Move::kPreviousSection, 2},
      {6, Move::kPreviousSection, 5},
      {5, Move::kPreviousSection, 2},
      {2, Move::kPreviousSection, 0},
      {1, Move::kPreviousSection, std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Target(kCount, kStarts, c.current, c.move), c.target)
        << "from " << c.current << " move " << static_cast<int>(c.move);
  }
}

TEST(ReadingMovesTest, WithoutHeadingsThereAreNoSections) {
  EXPECT_EQ(Target(kCount, {}, 3, Move::kNextSection), std::nullopt);
  EXPECT_EQ(Target(kCount, {}, 3, Move::kPreviousSection), std::nullopt);
}

}  // namespace
}  // namespace policyreader::navigation
