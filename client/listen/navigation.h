// The player's keys and what they do to the reading position: which key is
// which command, where "next section" lands, the speed steps, and the Danish
// lines the listener hears about it (position, speed, help). Pure logic, kept
// apart from audio and network so every rule is a table-driven unit test.
//
// Thread-safety: KeyDecoder is a value used by one thread; the functions are
// pure and safe from any thread.
#ifndef POLICY_READER_CLIENT_LISTEN_NAVIGATION_H_
#define POLICY_READER_CLIENT_LISTEN_NAVIGATION_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/rpc/outline.h"
#include "service/navigation/reading_moves.h"

namespace policyreader::listen {

// The player's keys stand for the commands every front end shares.
using Command = navigation::Command;

// Turns the bytes a terminal sends into commands. Arrow keys arrive as
// escape sequences ("\x1b[C") whose '[' must not be read as "previous
// section", so sequences are recognised whole, also when split across reads.
class KeyDecoder {
 public:
  std::vector<Command> Feed(std::string_view bytes);

 private:
  std::string pending_;  // An unfinished escape sequence.
};

// Speed steps from 0.5x to 3x. Faster/Slower move one step from the step
// nearest `speed`, and stay at the ends.
inline constexpr double kSpeeds[] = {0.5,  0.75, 1.0, 1.25, 1.5,
                                     1.75, 2.0,  2.5, 3.0};
double StepSpeed(double speed, Command command);

// "Afsnit 3 af 12, sætning 41 af 380: <text>"; before the first heading
// "Indledning, sætning 2 af 380: <text>"; without headings
// "Sætning 2 af 380: <text>".
std::string PositionLine(const rpc::Outline& outline, size_t sentence);
// "Hastighed 1,25x."
std::string SpeedLine(double speed);
// The key list `?` prints, one key per line.
std::string KeyHelp();

}  // namespace policyreader::listen

#endif  // POLICY_READER_CLIENT_LISTEN_NAVIGATION_H_
