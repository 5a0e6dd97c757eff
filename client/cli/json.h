// Minimal JSON output helpers for the CLI's --json modes.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef POLICY_READER_CLIENT_CLI_JSON_H_
#define POLICY_READER_CLIENT_CLI_JSON_H_

#include <string>
#include <string_view>

namespace policyreader::cli {

// `text` (UTF-8) as a JSON string literal, quotes included. Escapes the
// quote, backslash and all control characters (U+0000..U+001F, U+007F), plus
// U+2028/U+2029 so the output is also safe inside JavaScript. Bytes that are
// not valid UTF-8 become U+FFFD so the output is always valid JSON.
std::string JsonString(std::string_view text);

}  // namespace policyreader::cli

#endif  // POLICY_READER_CLIENT_CLI_JSON_H_
