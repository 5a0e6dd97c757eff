#include "client/listen/navigation.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::listen {
namespace {

// Sentences 0-1 before the first heading; headings at 2, 5 and 6.
rpc::Outline TestOutline() {
  rpc::Outline outline;
  outline.title = "Test";
  const int headings[] = {-1, -1, 2, 2, 2, 5, 6, 6, 6};
  for (int i = 0; i < 9; ++i) {
    outline.sentences.push_back({"Sætning " + std::to_string(i), headings[i]});
  }
  outline.section_starts = {2, 5, 6};
  return outline;
}

TEST(KeyDecoderTest, KeysBecomeCommands) {
  struct Case {
    std::string bytes;
    std::vector<Command> commands;
  };
  const Case cases[] = {
      {" ", {Command::kPauseResume}},
      {"n", {Command::kNextSentence}},
      {"p", {Command::kPreviousSentence}},
      {"]", {Command::kNextSection}},
      {"[", {Command::kPreviousSection}},
      {"r", {Command::kRepeatSentence}},
      {"+", {Command::kFaster}},
      {"=", {Command::kFaster}},
      {"-", {Command::kSlower}},
      {"q", {Command::kQuit}},
      {"?", {Command::kHelp}},
      {"nnp",
       {Command::kNextSentence, Command::kNextSentence,
        Command::kPreviousSentence}},
      {"x7\t", {}},
      // Arrows are sequences; their '[' is not "previous section".
      {"\x1b[C", {Command::kNextSentence}},
      {"\x1b[D", {Command::kPreviousSentence}},
      {"\x1b[A", {Command::kPreviousSection}},
      {"\x1b[B", {Command::kNextSection}},
      {"\x1bOC", {Command::kNextSentence}},
      // Other sequences (F5, Page Down, Alt+n) are ignored whole.
      {"\x1b[15~n", {Command::kNextSentence}},
      {"\x1b[6~", {}},
      {"\x1bn", {}},
  };
  for (const Case& c : cases) {
    KeyDecoder decoder;
    EXPECT_EQ(decoder.Feed(c.bytes), c.commands) << "bytes: " << c.bytes;
  }
}

TEST(KeyDecoderTest, SequencesSplitAcrossReads) {
  KeyDecoder decoder;
  EXPECT_TRUE(decoder.Feed("\x1b").empty());
  EXPECT_TRUE(decoder.Feed("[").empty());
  EXPECT_EQ(decoder.Feed("Cq"),
            (std::vector<Command>{Command::kNextSentence, Command::kQuit}));
}

TEST(NavigationTest, SpeedSteps) {
  struct Case {
    double speed;
    Command command;
    double expected;
  };
  const Case cases[] = {
      {1.0, Command::kFaster, 1.25}, {1.0, Command::kSlower, 0.75},
      {2.0, Command::kFaster, 2.5},  {2.5, Command::kFaster, 3.0},
      {3.0, Command::kFaster, 3.0},  {0.5, Command::kSlower, 0.5},
      {1.1, Command::kFaster, 1.25},  // From the nearest step.
      {1.4, Command::kSlower, 1.25},
  };
  for (const Case& c : cases) {
    EXPECT_DOUBLE_EQ(StepSpeed(c.speed, c.command), c.expected)
        << c.speed << " " << static_cast<int>(c.command);
  }
}

TEST(NavigationTest, PositionLinesAreDanish) {
  rpc::Outline outline = TestOutline();
  EXPECT_EQ(PositionLine(outline, 6),
            "Afsnit 3 af 3, sætning 7 af 9: Sætning 6");
  EXPECT_EQ(PositionLine(outline, 1), "Indledning, sætning 2 af 9: Sætning 1");
  outline.section_starts.clear();
  EXPECT_EQ(PositionLine(outline, 1), "Sætning 2 af 9: Sætning 1");
  EXPECT_EQ(SpeedLine(1.25), "Hastighed 1,25x.");
  EXPECT_EQ(SpeedLine(3), "Hastighed 3x.");
  EXPECT_NE(KeyHelp().find("mellemrum  pause"), std::string::npos);
}

}  // namespace
}  // namespace policyreader::listen
