// Structured logs for operators: one JSON object per line on stderr (which
// systemd's journal and container runtimes collect), so a log shipper or
// `jq` reads every field without a parser for prose. Each line has "ts"
// (UTC, RFC 3339 with microseconds), "level" (debug, info, warning, error)
// and "event" (what happened: "access", "config", "worker_exit", ...), then
// the event's own fields in the order given.
//
// Request ids tie the lines of one request together: the HTTP gateway and
// the gRPC edge take the client's `x-request-id` (or make one), return it
// to the client, and pass it on to the in-process gRPC calls they make, so
// an HTTP request and the Synthesize stream it caused log the same id.
//
// Thread-safety: every function may be called from any thread; a line is
// written with one call, under a lock, so lines never interleave.
#ifndef POLICY_READER_SERVICE_LOGGING_LOG_H_
#define POLICY_READER_SERVICE_LOGGING_LOG_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace policyreader::logging {

enum class Level { kDebug, kInfo, kWarning, kError };

// The fields of one line, kept in the order added. Strings are escaped
// (JSON, RFC 8259), so a field may hold anything a client sent.
class Fields {
 public:
  Fields& Add(absl::string_view key, absl::string_view value);
  Fields& Add(absl::string_view key, const char* value) {
    return Add(key, absl::string_view(value));
  }
  Fields& Add(absl::string_view key, const std::string& value) {
    return Add(key, absl::string_view(value));
  }
  Fields& Add(absl::string_view key, int64_t value);
  Fields& Add(absl::string_view key, int value) {
    return Add(key, static_cast<int64_t>(value));
  }
  Fields& Add(absl::string_view key, uint64_t value);
  Fields& Add(absl::string_view key, uint32_t value) {
    return Add(key, static_cast<uint64_t>(value));
  }
  Fields& Add(absl::string_view key, double value);
  Fields& Add(absl::string_view key, bool value);
  // Milliseconds, with microsecond precision.
  Fields& AddMs(absl::string_view key, absl::Duration value);
  // `value` as a nested JSON object.
  Fields& AddObject(absl::string_view key, const Fields& value);
  // Appends every field of `other` after these.
  Fields& Append(const Fields& other);

  // `"key":value,...` without the braces.
  const std::string& json() const { return json_; }
  bool empty() const { return json_.empty(); }

 private:
  void Key(absl::string_view key);
  std::string json_;
};

// Writes one line.
void Log(Level level, absl::string_view event, const Fields& fields = {});

// The whole line Log() writes, without the newline (for tests of the
// format).
std::string FormatLine(absl::Time time, Level level, absl::string_view event,
                       const Fields& fields);

// Where lines go instead of stderr, for tests; an empty function restores
// stderr.
void SetSinkForTesting(std::function<void(absl::string_view line)> sink);

// `value` as a JSON string literal, quotes included.
std::string JsonString(absl::string_view value);

// A new request id: 32 random hex digits.
std::string NewRequestId();
// `id` if a client's id may be used as it is (1 to 128 characters of
// letters, digits and "-_.:"), else a new one: what a client sends ends up
// in logs and response headers, so it must not carry line breaks or
// anything that could forge a header.
std::string RequestIdOrNew(absl::string_view id);

// The request id of what this thread is serving now, or "" (the HTTP
// gateway serves a request on one thread from start to end, and sets it
// so the gRPC calls it makes carry it on).
const std::string& CurrentRequestId();
void SetCurrentRequestId(std::string id);

}  // namespace policyreader::logging

#endif  // POLICY_READER_SERVICE_LOGGING_LOG_H_
