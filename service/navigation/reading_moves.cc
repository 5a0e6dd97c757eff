// See reading_moves.h.
#include "service/navigation/reading_moves.h"

#include <algorithm>

namespace policyreader::navigation {

std::optional<Move> MoveOf(Command command) {
  switch (command) {
    case Command::kNextSentence:
      return Move::kNextSentence;
    case Command::kPreviousSentence:
      return Move::kPreviousSentence;
    case Command::kNextSection:
      return Move::kNextSection;
    case Command::kPreviousSection:
      return Move::kPreviousSection;
    case Command::kRepeatSentence:
      return Move::kRepeatSentence;
    default:
      return std::nullopt;
  }
}

std::optional<size_t> SectionOf(std::span<const size_t> section_starts,
                                size_t sentence) {
  auto after =
      std::upper_bound(section_starts.begin(), section_starts.end(), sentence);
  if (after == section_starts.begin()) return std::nullopt;
  return static_cast<size_t>(after - section_starts.begin()) - 1;
}

std::optional<size_t> Target(size_t sentence_count,
                             std::span<const size_t> section_starts,
                             size_t current, Move move) {
  const std::optional<size_t> section = SectionOf(section_starts, current);
  switch (move) {
    case Move::kNextSentence:
      if (current + 1 >= sentence_count) return std::nullopt;
      return current + 1;
    case Move::kPreviousSentence:
      if (current == 0) return std::nullopt;
      return current - 1;
    case Move::kRepeatSentence:
      if (current >= sentence_count) return std::nullopt;
      return current;
    case Move::kNextSection: {
      const size_t next = section.has_value() ? *section + 1 : 0;
      if (next >= section_starts.size()) return std::nullopt;
      return section_starts[next];
    }
    case Move::kPreviousSection:
      if (!section.has_value()) return std::nullopt;
      if (current > section_starts[*section]) return section_starts[*section];
      if (*section == 0) {
        return current > 0 ? std::optional<size_t>(0) : std::nullopt;
      }
      return section_starts[*section - 1];
  }
  return std::nullopt;
}

}  // namespace policyreader::navigation
