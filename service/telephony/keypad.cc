// See keypad.h.
#include "service/telephony/keypad.h"

namespace policyreader::telephony {

std::optional<navigation::Command> CommandFromDigit(char digit) {
  using navigation::Command;
  switch (digit) {
    case '1':
      return Command::kPreviousSection;
    case '3':
      return Command::kNextSection;
    case '4':
      return Command::kPreviousSentence;
    case '5':
      return Command::kPauseResume;
    case '6':
      return Command::kNextSentence;
    case '0':
      return Command::kRepeatSentence;
    case '#':
      return Command::kQuit;
    default:
      return std::nullopt;
  }
}

}  // namespace policyreader::telephony
