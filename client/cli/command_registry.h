// The table of policy-reader subcommands: each command's name, its line in
// the usage text, the flags it takes and how it runs. main.cc looks a
// command up here and runs it; a new command is one more row in Commands(),
// and flags several commands share are defined once, in the flag groups
// below.
//
// Thread-safety: Commands() and the help texts are immutable and safe from
// any thread. An ArgParser and the CommandOptions its flags point into
// belong to one thread.
#ifndef POLICY_READER_CLIENT_CLI_COMMAND_REGISTRY_H_
#define POLICY_READER_CLIENT_CLI_COMMAND_REGISTRY_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "client/cli/arg_parser.h"
#include "client/cli/options.h"

namespace policyreader::cli {

// Everything a command line can set. The parser's flags point into it, so
// it must outlive the parser; only the running command's part is filled.
struct CommandOptions {
  bool help = false;
  SpeakOptions speak;
  PlayOptions play;
  SegmentOptions segment;
  RenderCommandOptions render;
  BookCommandOptions book;
  VoicesOptions voices;
  DocumentsOptions documents;
  HealthOptions health;
};

struct Command {
  std::string_view name;
  // The rest of the command's line in Usage(), after the name.
  std::string_view summary;
  // What `--help` prints before the flags; empty: "Brug: policy-reader
  // NAME [flag]" and a blank line.
  std::string_view help_intro;
  // Files and folders after the flags (render); other commands refuse
  // positional arguments as a likely typo.
  bool takes_paths = false;
  // Adds the command's own flags (not --help) pointing into `options`.
  void (*add_flags)(ArgParser& parser, CommandOptions* options) = nullptr;
  // Runs the command once the flags are parsed; `parser` tells which flags
  // were given. Returns the process exit code (options.h).
  int (*run)(CommandOptions& options, const ArgParser& parser,
             std::vector<std::string> paths) = nullptr;
};

// Every command, in the order Usage() lists them.
std::span<const Command> Commands();

// The command called `name`; INVALID_ARGUMENT (Danish, naming it) for an
// unknown one.
absl::StatusOr<const Command*> FindCommand(std::string_view name);

// Adds --help, then the command's own flags.
void AddCommandFlags(const Command& command, ArgParser& parser,
                     CommandOptions* options);

// `policy-reader NAME --help`: the command's intro and `parser`'s flags.
std::string CommandHelp(const Command& command, const ArgParser& parser);

// The top-level usage text (Danish), listing every command.
std::string Usage();

// Flag groups, so that commands sharing a flag share its name and help.

// --server, --timeout-s, --wait-s, --verbose: every command that talks to
// the server.
void AddConnectionFlags(ArgParser& parser, ConnectionOptions* connection);
// --text, --file, --format: commands that send a text to the server.
void AddTextInputFlags(ArgParser& parser, InputOptions* input);
// --doc/--document and the voice flags: commands that read aloud. --start
// goes to voice->start_sentence (from 0, as `segment` numbers), or, given
// `start_as_printed`, there counted from 1 as the player prints positions.
void AddReadingFlags(ArgParser& parser, InputOptions* input,
                     VoiceOptions* voice, uint32_t* start_as_printed = nullptr);
// --json: commands that can print for programs instead of people.
void AddJsonFlag(ArgParser& parser, bool* json);

}  // namespace policyreader::cli

#endif  // POLICY_READER_CLIENT_CLI_COMMAND_REGISTRY_H_
