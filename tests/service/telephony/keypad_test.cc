#include "service/telephony/keypad.h"

#include "gtest/gtest.h"

namespace policyreader::telephony {
namespace {

using navigation::Command;

TEST(KeypadTest, DigitsAreCommands) {
  struct Case {
    char digit;
    std::optional<Command> command;
  };
  const Case cases[] = {
      {'1', Command::kPreviousSection},
      {'3', Command::kNextSection},
      {'4', Command::kPreviousSentence},
      {'5', Command::kPauseResume},
      {'6', Command::kNextSentence},
      {'0', Command::kRepeatSentence},
      {'#', Command::kQuit},
      {'2', std::nullopt},
      {'7', std::nullopt},
      {'8', std::nullopt},
      {'9', std::nullopt},
      {'*', std::nullopt},
      {'A', std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CommandFromDigit(c.digit), c.command) << c.digit;
  }
}

}  // namespace
}  // namespace policyreader::telephony
