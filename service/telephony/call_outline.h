// What a call navigates: the sentence count and the sections of the text it
// reads, and which keypad key is which move. The moves themselves follow
// the rules the player follows too (service/navigation/reading_moves.h).
//
// Thread-safety: plain values and pure functions.
#ifndef POLICY_READER_SERVICE_TELEPHONY_CALL_OUTLINE_H_
#define POLICY_READER_SERVICE_TELEPHONY_CALL_OUTLINE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace policyreader::telephony {

struct CallOutline {
  // Per sentence, the index of the heading it sits under (its own index
  // for a heading); -1 before the first heading.
  std::vector<int32_t> heading_of;
  // Index of each heading sentence, in reading order.
  std::vector<size_t> section_starts;

  static CallOutline FromHeadings(std::vector<int32_t> heading_of);
  size_t sentence_count() const { return heading_of.size(); }
  // The 0-based section `sentence` is in; nullopt before the first heading.
  std::optional<size_t> SectionOf(size_t sentence) const;
};

enum class Key {
  kPreviousSection,   // 1
  kNextSection,       // 3
  kPreviousSentence,  // 4
  kPauseResume,       // 5
  kNextSentence,      // 6
  kRepeatSentence,    // 0
  kStop,              // #
};

// nullopt for keys with no meaning (2, 7, 8, 9, *, A-D).
std::optional<Key> KeyFromDigit(char digit);

// Where a moving key takes the position from `current`; nullopt at the edge
// (no next sentence, no further section). kRepeatSentence returns
// `current`; kPauseResume and kStop return nullopt.
std::optional<size_t> Target(const CallOutline& outline, size_t current,
                             Key key);

}  // namespace policyreader::telephony

#endif  // POLICY_READER_SERVICE_TELEPHONY_CALL_OUTLINE_H_
