// Reads the text to send from --file.
//
// Thread-safety: safe from any thread.
#ifndef POLICY_READER_CLIENT_CLI_TEXT_INPUT_H_
#define POLICY_READER_CLIENT_CLI_TEXT_INPUT_H_

#include <string>

#include "absl/status/statusor.h"

namespace policyreader::cli {

// The whole file, byte for byte ("-" reads standard input). NOT_FOUND for a
// missing file, INVALID_ARGUMENT for a directory or another read failure;
// messages are Danish and name the path.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace policyreader::cli

#endif  // POLICY_READER_CLIENT_CLI_TEXT_INPUT_H_
