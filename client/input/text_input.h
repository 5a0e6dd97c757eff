// Reads a policy file the client sends (any command: speak, play, segment,
// render) and tells how it is written.
//
// Thread-safety: safe from any thread.
#ifndef POLICY_READER_CLIENT_INPUT_TEXT_INPUT_H_
#define POLICY_READER_CLIENT_INPUT_TEXT_INPUT_H_

#include <string>

#include "absl/status/statusor.h"
#include "policyreader/v1/policy_reader.pb.h"

namespace policyreader::input {

// The whole file, byte for byte ("-" reads standard input). NOT_FOUND for a
// missing file, INVALID_ARGUMENT for a directory or another read failure;
// messages are Danish and name the path.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

// The API format for `format` ("text", "markdown", "html"), or, when it is
// empty, guessed from `file`'s extension. INVALID_ARGUMENT (Danish) for an
// unknown name.
absl::StatusOr<v1::TextFormat> ResolveTextFormat(const std::string& format,
                                                 const std::string& file);

}  // namespace policyreader::input

#endif  // POLICY_READER_CLIENT_INPUT_TEXT_INPUT_H_
