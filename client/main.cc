// policy-reader: the command-line client of the Policy Reader service.
// The commands, their flags and help are in client/cli/command_registry.h;
// this only picks the command and reports a command line it cannot parse.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/cli/arg_parser.h"
#include "client/cli/command_registry.h"
#include "client/cli/options.h"

namespace cli = policyreader::cli;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << cli::Usage();
    return cli::kExitUsage;
  }
  const std::string name = args.front();
  args.erase(args.begin());
  if (name == "--help" || name == "-h" || name == "help") {
    std::cout << cli::Usage();
    return cli::kExitOk;
  }
  const absl::StatusOr<const cli::Command*> command = cli::FindCommand(name);
  if (!command.ok()) {
    std::cerr << "Fejl: " << command.status().message() << "\n\n"
              << cli::Usage();
    return cli::kExitUsage;
  }

  cli::CommandOptions options;
  cli::ArgParser parser;
  cli::AddCommandFlags(**command, parser, &options);
  absl::StatusOr<std::vector<std::string>> positional = parser.Parse(args);
  if (!positional.ok() || (!(*command)->takes_paths && !positional->empty())) {
    std::cerr << "Fejl: "
              << (positional.ok()
                      ? "Uventet argument \"" + positional->front() + "\""
                      : std::string(positional.status().message()))
              << "\nSe policy-reader " << name << " --help.\n";
    return cli::kExitUsage;
  }
  if (options.help) {
    std::cout << cli::CommandHelp(**command, parser);
    return cli::kExitOk;
  }
  return (*command)->run(options, parser, *std::move(positional));
}
