// The command table: lookup, the usage text and which flags each command
// gets from the shared flag groups. Running the commands is commands_test's
// and tests/integration's business.
#include "client/cli/command_registry.h"

#include <functional>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace policyreader::cli {
namespace {

constexpr std::string_view kCommandNames[] = {"play",   "speak",   "render",
                                              "book",   "segment", "documents",
                                              "voices", "health",  "devices"};

TEST(CommandRegistryTest, FindsEveryCommandByName) {
  ASSERT_EQ(Commands().size(), std::size(kCommandNames));
  for (std::string_view name : kCommandNames) {
    SCOPED_TRACE(name);
    absl::StatusOr<const Command*> command = FindCommand(name);
    ASSERT_TRUE(command.ok()) << command.status();
    EXPECT_EQ((*command)->name, name);
    EXPECT_NE((*command)->add_flags, nullptr);
    EXPECT_NE((*command)->run, nullptr);
    EXPECT_FALSE((*command)->summary.empty());
  }
}

TEST(CommandRegistryTest, UnknownCommandIsADanishError) {
  // Names are exact: no case folding, no prefixes, and the top-level help
  // words are main's, not commands.
  for (std::string_view name : {"bogus", "", "Play", "pla", "help", "--help"}) {
    SCOPED_TRACE(name);
    absl::StatusOr<const Command*> command = FindCommand(name);
    ASSERT_FALSE(command.ok());
    EXPECT_EQ(command.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(command.status().message(),
              "Ukendt kommando \"" + std::string(name) + "\"");
  }
}

TEST(CommandRegistryTest, UsageListsEveryCommandInTableOrder) {
  const std::string usage = Usage();
  size_t previous = 0;
  for (const Command& command : Commands()) {
    SCOPED_TRACE(command.name);
    const size_t at = usage.find("\n  " + std::string(command.name) + " ");
    ASSERT_NE(at, std::string::npos) << usage;
    EXPECT_GT(at, previous);
    previous = at;
    EXPECT_NE(usage.find(std::string(command.summary) + "\n", at),
              std::string::npos);
  }
}

// The text users and scripts have seen all along; the table must not change
// it by accident.
TEST(CommandRegistryTest, UsageIsUnchanged) {
  EXPECT_EQ(Usage(), R"(Brug: policy-reader KOMMANDO [flag]

Læser danske politikker højt med Policy Reader-serveren.

Kommandoer:
  play       Læs teksten højt:     play --file FIL | --text "..." [--quiet]
  speak      Gem som lydfil:       speak --file FIL | --text "..." -o ud.wav
  render     Prompter til telefon: render --format alaw --out MAPPE FIL|MAPPE...
  book       Talende bog:          book --doc ID | --file FIL --out STI
  segment    Vis sætningerne:      segment --file FIL | --text "..." [--json]
  documents  Vis serverens bibliotek (til play --doc)
  voices     Vis serverens stemmer
  health     Spørg om serveren tager imod oplæsninger (grpc.health.v1; exit 0 hvis ja)
  devices    Vis lydenhederne (til play --device)

"policy-reader KOMMANDO --help" viser kommandoens flag.
)");
}

TEST(CommandRegistryTest, HelpStartsWithTheCommandsUsageLine) {
  struct Case {
    std::string_view command;
    std::string_view starts_with;
  };
  for (const Case& c : {
           Case{"speak", "Brug: policy-reader speak [flag]\n\n  -h, --help"},
           Case{"devices", "Brug: policy-reader devices [flag]\n\n  -h, --h"},
           Case{"render", "Brug: policy-reader render [flag] FIL|MAPPE...\n"},
       }) {
    SCOPED_TRACE(c.command);
    const Command* command = *FindCommand(c.command);
    CommandOptions options;
    ArgParser parser;
    AddCommandFlags(*command, parser, &options);
    const std::string help = CommandHelp(*command, parser);
    EXPECT_EQ(help.substr(0, c.starts_with.size()), c.starts_with) << help;
    EXPECT_TRUE(help.ends_with(parser.Help()));
  }
}

TEST(CommandRegistryTest, OnlyRenderTakesPaths) {
  for (const Command& command : Commands()) {
    SCOPED_TRACE(command.name);
    EXPECT_EQ(command.takes_paths, command.name == "render");
  }
}

// The flags every command that talks to the server takes, with values that
// differ from the defaults.
const std::vector<std::string> kConnectionArgs = {
    "--server", "vaert:1", "--timeout-s", "2,5", "--wait-s", "3", "--verbose"};

void ExpectConnection(const ConnectionOptions& connection) {
  EXPECT_EQ(connection.server, "vaert:1");
  EXPECT_TRUE(connection.verbose);
  EXPECT_DOUBLE_EQ(connection.timeout_s, 2.5);
  EXPECT_DOUBLE_EQ(connection.wait_for_server_s, 3);
}

const std::vector<std::string> kTextInputArgs = {"--file", "p.md", "--format",
                                                 "markdown"};

void ExpectTextInput(const InputOptions& input) {
  EXPECT_EQ(input.file, "p.md");
  EXPECT_EQ(input.format, "markdown");
}

const std::vector<std::string> kReadingArgs = {
    "--document", "privatliv", "--voice",     "mand", "--speed", "1,5",
    "--pitch",    "-2",        "--volume-db", "-6",   "--start", "4"};

void ExpectReading(const InputOptions& input, const VoiceOptions& voice) {
  EXPECT_EQ(input.document_id, "privatliv");
  EXPECT_EQ(voice.voice, "mand");
  EXPECT_DOUBLE_EQ(voice.speaking_rate, 1.5);
  EXPECT_DOUBLE_EQ(voice.pitch, -2);
  EXPECT_DOUBLE_EQ(voice.volume_db, -6);
  EXPECT_EQ(voice.start_sentence, 4u);
}

std::vector<std::string> Concat(
    std::initializer_list<std::vector<std::string>> parts) {
  std::vector<std::string> all;
  for (const std::vector<std::string>& part : parts) {
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

struct FlagGroupCase {
  std::string_view command;
  std::vector<std::string> args;
  std::function<void(const CommandOptions&)> expect;
};

class FlagGroupTest : public ::testing::TestWithParam<FlagGroupCase> {};

TEST_P(FlagGroupTest, GroupsFillTheCommandsOptions) {
  const FlagGroupCase& c = GetParam();
  CommandOptions options;
  ArgParser parser;
  AddCommandFlags(**FindCommand(c.command), parser, &options);
  absl::StatusOr<std::vector<std::string>> positional = parser.Parse(c.args);
  ASSERT_TRUE(positional.ok()) << positional.status();
  EXPECT_TRUE(positional->empty());
  c.expect(options);
}

INSTANTIATE_TEST_SUITE_P(
    Commands, FlagGroupTest,
    ::testing::Values(
        FlagGroupCase{"speak",
                      Concat({kConnectionArgs,
                              kTextInputArgs,
                              kReadingArgs,
                              {"-o", "ud.wav", "--encoding", "alaw", "--raw"}}),
                      [](const CommandOptions& o) {
                        ExpectConnection(o.speak.connection);
                        ExpectTextInput(o.speak.input);
                        ExpectReading(o.speak.input, o.speak.voice);
                        EXPECT_EQ(o.speak.output, "ud.wav");
                        EXPECT_EQ(o.speak.encoding, "alaw");
                        EXPECT_TRUE(o.speak.raw);
                      }},
        FlagGroupCase{"play",
                      Concat({kConnectionArgs,
                              kTextInputArgs,
                              kReadingArgs,
                              {"-q", "--from-start"}}),
                      [](const CommandOptions& o) {
                        ExpectConnection(o.play.connection);
                        ExpectTextInput(o.play.input);
                        // play's --start counts from 1, as it prints
                        // positions: kept apart from the API's index.
                        VoiceOptions voice = o.play.voice;
                        EXPECT_EQ(voice.start_sentence, 0u);
                        voice.start_sentence = o.play.start;
                        ExpectReading(o.play.input, voice);
                        EXPECT_TRUE(o.play.quiet);
                        EXPECT_TRUE(o.play.from_start);
                      }},
        FlagGroupCase{"segment",
                      Concat({kConnectionArgs, kTextInputArgs, {"--json"}}),
                      [](const CommandOptions& o) {
                        ExpectConnection(o.segment.connection);
                        ExpectTextInput(o.segment.input);
                        EXPECT_TRUE(o.segment.json);
                      }},
        FlagGroupCase{
            "render",
            Concat({kConnectionArgs, {"--doc", "privatliv", "--speed", "0,8"}}),
            [](const CommandOptions& o) {
              ExpectConnection(o.render.connection);
              EXPECT_EQ(o.render.document_id, "privatliv");
              EXPECT_DOUBLE_EQ(o.render.speaking_rate, 0.8);
              EXPECT_EQ(o.render.voice, "telefon");
            }},
        FlagGroupCase{"documents", Concat({kConnectionArgs, {"--json"}}),
                      [](const CommandOptions& o) {
                        ExpectConnection(o.documents.connection);
                        EXPECT_TRUE(o.documents.json);
                      }},
        FlagGroupCase{"voices", Concat({kConnectionArgs, {"--json"}}),
                      [](const CommandOptions& o) {
                        ExpectConnection(o.voices.connection);
                        EXPECT_TRUE(o.voices.json);
                      }},
        FlagGroupCase{"devices",
                      {"-h"},
                      [](const CommandOptions& o) { EXPECT_TRUE(o.help); }}),
    [](const ::testing::TestParamInfo<FlagGroupCase>& info) {
      return std::string(info.param.command);
    });

// A group a command does not take must stay off its command line, so a
// flag that would be silently ignored is an error instead.
TEST(CommandRegistryTest, CommandsRefuseFlagsOfGroupsTheyLack) {
  struct Case {
    std::string_view command;
    std::string_view flag;
    bool accepted;
  };
  for (const Case& c : {
           Case{"devices", "--server", false},
           Case{"devices", "--json", false},
           Case{"voices", "--text", false},
           Case{"voices", "--server", true},
           Case{"segment", "--doc", false},
           Case{"segment", "--voice", false},
           Case{"segment", "--review", true},
           Case{"render", "--document", false},
           Case{"render", "--file", false},
           Case{"render", "--prune", true},
           Case{"speak", "--json", false},
           Case{"speak", "--device", false},
           Case{"play", "--output", false},
           Case{"play", "--document", true},
       }) {
    SCOPED_TRACE(std::string(c.command) + " " + std::string(c.flag));
    CommandOptions options;
    ArgParser parser;
    AddCommandFlags(**FindCommand(c.command), parser, &options);
    // "=true" keeps a value-taking flag from swallowing the next argument
    // and is accepted by boolean flags too.
    const absl::StatusOr<std::vector<std::string>> positional =
        parser.Parse({std::string(c.flag) + "=true"});
    EXPECT_EQ(positional.ok(), c.accepted) << positional.status();
  }
}

}  // namespace
}  // namespace policyreader::cli
