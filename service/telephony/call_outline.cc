// See call_outline.h.
#include "service/telephony/call_outline.h"

#include "service/navigation/reading_moves.h"

namespace policyreader::telephony {

CallOutline CallOutline::FromHeadings(std::vector<int32_t> heading_of) {
  CallOutline outline;
  for (size_t i = 0; i < heading_of.size(); ++i) {
    if (heading_of[i] == static_cast<int32_t>(i)) {
      outline.section_starts.push_back(i);
    }
  }
  outline.heading_of = std::move(heading_of);
  return outline;
}

std::optional<size_t> CallOutline::SectionOf(size_t sentence) const {
  return navigation::SectionOf(section_starts, sentence);
}

std::optional<Key> KeyFromDigit(char digit) {
  switch (digit) {
    case '1':
      return Key::kPreviousSection;
    case '3':
      return Key::kNextSection;
    case '4':
      return Key::kPreviousSentence;
    case '5':
      return Key::kPauseResume;
    case '6':
      return Key::kNextSentence;
    case '0':
      return Key::kRepeatSentence;
    case '#':
      return Key::kStop;
    default:
      return std::nullopt;
  }
}

std::optional<size_t> Target(const CallOutline& outline, size_t current,
                             Key key) {
  navigation::Move move;
  switch (key) {
    case Key::kNextSentence:
      move = navigation::Move::kNextSentence;
      break;
    case Key::kPreviousSentence:
      move = navigation::Move::kPreviousSentence;
      break;
    case Key::kRepeatSentence:
      move = navigation::Move::kRepeatSentence;
      break;
    case Key::kNextSection:
      move = navigation::Move::kNextSection;
      break;
    case Key::kPreviousSection:
      move = navigation::Move::kPreviousSection;
      break;
    default:
      return std::nullopt;  // Pause and stop do not move.
  }
  return navigation::Target(outline.sentence_count(), outline.section_starts,
                            current, move);
}

}  // namespace policyreader::telephony
