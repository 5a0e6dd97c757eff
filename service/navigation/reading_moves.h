// Where a listener's moves take the reading position in a text of sentences
// grouped under headings: next/previous sentence and section, repeat. One
// set of rules for every way of listening (the player's keys, the phone's
// keypad), so a listener who knows one knows the other.
//
// Thread-safety: pure functions.
#ifndef POLICY_READER_SERVICE_NAVIGATION_READING_MOVES_H_
#define POLICY_READER_SERVICE_NAVIGATION_READING_MOVES_H_

#include <cstddef>
#include <optional>
#include <span>

namespace policyreader::navigation {

enum class Move {
  kNextSentence,
  kPreviousSentence,
  kNextSection,
  kPreviousSection,
  kRepeatSentence,
};

// What a listener asks for, whatever the key (the player's keyboard, the
// phone's keypad, the web player's buttons): each front end maps its keys to
// these, and MoveOf() is the one place a command becomes a move.
enum class Command {
  kPauseResume,
  kNextSentence,
  kPreviousSentence,
  kNextSection,
  kPreviousSection,
  kRepeatSentence,
  kFaster,
  kSlower,
  kQuit,  // The player's q, the phone's # (hang up).
  kHelp,
};

// The move `command` makes; nullopt for commands that do not move the
// position (pause, speed, quit, help).
std::optional<Move> MoveOf(Command command);

// `section_starts` holds the index of each heading sentence, ascending.

// The 0-based section `sentence` is in; nullopt before the first heading.
std::optional<size_t> SectionOf(std::span<const size_t> section_starts,
                                size_t sentence);

// Where `move` goes from `current` in a text of `sentence_count` sentences;
// nullopt at an edge (no next sentence, no further section).
//  - kPreviousSection goes to the start of the section being read; from its
//    heading (or before the first heading) to the previous section's start,
//    like "previous track" on a CD player.
//  - kNextSection from before the first heading goes to the first heading.
std::optional<size_t> Target(size_t sentence_count,
                             std::span<const size_t> section_starts,
                             size_t current, Move move);

}  // namespace policyreader::navigation

#endif  // POLICY_READER_SERVICE_NAVIGATION_READING_MOVES_H_
