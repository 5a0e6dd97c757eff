// The start-up log line of the effective configuration: every flag of the
// program with the value in force (given, from a flagfile, or default), so
// an operator reading the journal knows what a server ran with.
//
// Thread-safety: call after flag parsing; reads flags only.
#ifndef POLICY_READER_SERVICE_SERVER_FLAG_LOG_H_
#define POLICY_READER_SERVICE_SERVER_FLAG_LOG_H_

#include "absl/strings/string_view.h"

namespace policyreader::server {

// Logs one "config" line with `version` and every flag defined in a file
// whose path contains `defined_in` (the program's main.cc), by name.
void LogFlags(absl::string_view defined_in, absl::string_view version);

}  // namespace policyreader::server

#endif  // POLICY_READER_SERVICE_SERVER_FLAG_LOG_H_
