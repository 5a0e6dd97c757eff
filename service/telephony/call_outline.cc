// See call_outline.h.
#include "service/telephony/call_outline.h"

#include <algorithm>

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
  if (sentence >= heading_of.size() || heading_of[sentence] < 0) {
    return std::nullopt;
  }
  const size_t heading = static_cast<size_t>(heading_of[sentence]);
  auto it =
      std::upper_bound(section_starts.begin(), section_starts.end(), heading);
  if (it == section_starts.begin()) return std::nullopt;
  return static_cast<size_t>(it - section_starts.begin()) - 1;
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
  const size_t count = outline.sentence_count();
  const std::vector<size_t>& starts = outline.section_starts;
  const std::optional<size_t> section = outline.SectionOf(current);
  switch (key) {
    case Key::kNextSentence:
      if (current + 1 >= count) return std::nullopt;
      return current + 1;
    case Key::kPreviousSentence:
      if (current == 0) return std::nullopt;
      return current - 1;
    case Key::kRepeatSentence:
      if (current >= count) return std::nullopt;
      return current;
    case Key::kNextSection: {
      const size_t next = section.has_value() ? *section + 1 : 0;
      if (next >= starts.size()) return std::nullopt;
      return starts[next];
    }
    case Key::kPreviousSection:
      if (!section.has_value()) return std::nullopt;
      if (current > starts[*section]) return starts[*section];
      if (*section == 0) {
        return current > 0 ? std::optional<size_t>(0) : std::nullopt;
      }
      return starts[*section - 1];
    case Key::kPauseResume:
    case Key::kStop:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace policyreader::telephony
