// A tiny command-line flag parser: command_registry.cc declares each flag
// with a pointer to the option it sets; Parse() accepts "--name value",
// "--name=value", short aliases ("-o value"), boolean presence flags
// ("--raw") and "--" to end flags. Errors are Danish, for the person at the
// keyboard.
//
// Thread-safety: not thread-safe; use from one thread.
#ifndef POLICY_READER_CLIENT_CLI_ARG_PARSER_H_
#define POLICY_READER_CLIENT_CLI_ARG_PARSER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace policyreader::cli {

class ArgParser {
 public:
  void AddString(std::string name, std::string* value, std::string help,
                 std::string value_name = "TEKST", char short_name = 0);
  // Accepts a decimal comma too ("1,5"), as Danes write it.
  void AddDouble(std::string name, double* value, std::string help,
                 std::string value_name = "TAL");
  void AddUint32(std::string name, uint32_t* value, std::string help,
                 std::string value_name = "N");
  // Set to true by "--name" (or "--name=true|false").
  void AddBool(std::string name, bool* value, std::string help,
               char short_name = 0);

  // Parses `args` (no program name). Returns the positional arguments, or
  // INVALID_ARGUMENT naming the bad flag or value.
  absl::StatusOr<std::vector<std::string>> Parse(
      const std::vector<std::string>& args);

  // Was the flag given on the command line?
  bool WasSet(std::string_view name) const;

  // One line per flag: "  --name VALUE   help".
  std::string Help() const;

 private:
  struct Flag {
    std::string name;
    char short_name = 0;
    std::string value_name;  // Empty for boolean flags.
    std::string help;
    std::function<bool(std::string_view)> set;
    bool seen = false;
  };
  Flag* Find(std::string_view name);
  Flag* FindShort(char short_name);

  std::vector<Flag> flags_;
};

}  // namespace policyreader::cli

#endif  // POLICY_READER_CLIENT_CLI_ARG_PARSER_H_
