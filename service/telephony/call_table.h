// Which call hears what: the mapping file given with --audiosocket_calls.
// Asterisk names each call by the UUID in its dialplan
// (AudioSocket(<uuid>,host:port)), so a UUID stands for "the number that
// reads policy X". The file is tab-separated, '#' starts a comment line:
//
//   <uuid> TAB document TAB <library document id>
//   <uuid> TAB message  TAB <Danish text read aloud>
//   *      TAB document|message TAB ...     (optional default for any UUID
//                                            not listed)
//
// A malformed line stops the server at start with the file and line. A
// document id is not checked against the library here: the library changes
// while the server runs, so a missing document is found (and said) when a
// call asks for it.
//
// Thread-safety: immutable once loaded; share freely.
#ifndef POLICY_READER_SERVICE_TELEPHONY_CALL_TABLE_H_
#define POLICY_READER_SERVICE_TELEPHONY_CALL_TABLE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace policyreader::telephony {

struct CallTarget {
  enum class Kind { kDocument, kMessage };
  Kind kind = Kind::kMessage;
  // The document id, or the text to read.
  std::string value;
  int line = 0;  // Where it was written, for the log.
};

class CallTable {
 public:
  // An empty table: every call is told the number is not set up.
  CallTable() = default;

  // NOT_FOUND if the file cannot be read; INVALID_ARGUMENT naming the file
  // and line for a malformed line.
  static absl::StatusOr<CallTable> Load(const std::string& path);
  // `file_name` only names the source in error messages.
  static absl::StatusOr<CallTable> Parse(std::string_view contents,
                                         std::string_view file_name);

  // The target for a UUID (canonical text, any case), else the default row,
  // else nullptr.
  const CallTarget* Find(std::string_view uuid) const;

  size_t size() const { return by_uuid_.size(); }
  bool has_default() const { return default_.has_value(); }

 private:
  std::map<std::string, CallTarget> by_uuid_;  // Lower-case canonical text.
  std::optional<CallTarget> default_;
};

}  // namespace policyreader::telephony

#endif  // POLICY_READER_SERVICE_TELEPHONY_CALL_TABLE_H_
