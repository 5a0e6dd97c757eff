// See log.h.
#include "service/logging/log.h"

#include <cmath>
#include <cstdio>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace policyreader::logging {
namespace {

constexpr size_t kMaxClientIdLength = 128;

absl::Mutex sink_mu(absl::kConstInit);
// Heap-allocated so it is never destroyed: threads may log during exit.
std::function<void(absl::string_view)>* sink ABSL_GUARDED_BY(sink_mu) = nullptr;

thread_local std::string current_request_id;

absl::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

std::string JsonString(absl::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out.push_back('"');
  for (unsigned char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          // UTF-8 passes through: JSON is UTF-8. Bytes that are not valid
          // UTF-8 pass too; log readers replace them rather than fail.
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return out;
}

void Fields::Key(absl::string_view key) {
  if (!json_.empty()) json_.push_back(',');
  json_ += JsonString(key);
  json_.push_back(':');
}

Fields& Fields::Add(absl::string_view key, absl::string_view value) {
  Key(key);
  json_ += JsonString(value);
  return *this;
}

Fields& Fields::Add(absl::string_view key, int64_t value) {
  Key(key);
  absl::StrAppend(&json_, value);
  return *this;
}

Fields& Fields::Add(absl::string_view key, uint64_t value) {
  Key(key);
  absl::StrAppend(&json_, value);
  return *this;
}

Fields& Fields::Add(absl::string_view key, double value) {
  Key(key);
  // JSON has no NaN or infinity.
  if (std::isfinite(value)) {
    absl::StrAppendFormat(&json_, "%.6g", value);
  } else {
    json_ += "null";
  }
  return *this;
}

Fields& Fields::Add(absl::string_view key, bool value) {
  Key(key);
  json_ += value ? "true" : "false";
  return *this;
}

Fields& Fields::AddMs(absl::string_view key, absl::Duration value) {
  Key(key);
  absl::StrAppendFormat(&json_, "%.3f", absl::ToDoubleMilliseconds(value));
  return *this;
}

Fields& Fields::AddObject(absl::string_view key, const Fields& value) {
  Key(key);
  absl::StrAppend(&json_, "{", value.json_, "}");
  return *this;
}

Fields& Fields::Append(const Fields& other) {
  if (other.json_.empty()) return *this;
  if (!json_.empty()) json_.push_back(',');
  json_ += other.json_;
  return *this;
}

std::string FormatLine(absl::Time time, Level level, absl::string_view event,
                       const Fields& fields) {
  std::string line = absl::StrCat(
      "{\"ts\":\"",
      absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", time, absl::UTCTimeZone()),
      "\",\"level\":\"", LevelName(level), "\",\"event\":", JsonString(event));
  if (!fields.empty()) absl::StrAppend(&line, ",", fields.json());
  line.push_back('}');
  return line;
}

void Log(Level level, absl::string_view event, const Fields& fields) {
  std::string line = FormatLine(absl::Now(), level, event, fields);
  absl::MutexLock lock(&sink_mu);
  if (sink != nullptr) {
    (*sink)(line);
    return;
  }
  line.push_back('\n');
  fwrite(line.data(), 1, line.size(), stderr);
}

void SetSinkForTesting(std::function<void(absl::string_view line)> new_sink) {
  absl::MutexLock lock(&sink_mu);
  if (new_sink) {
    if (sink == nullptr) {
      sink = new std::function<void(absl::string_view)>(std::move(new_sink));
    } else {
      *sink = std::move(new_sink);
    }
  } else {
    delete sink;
    sink = nullptr;
  }
}

std::string NewRequestId() {
  thread_local absl::BitGen bits;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(bits),
                         absl::Uniform<uint64_t>(bits));
}

std::string RequestIdOrNew(absl::string_view id) {
  if (id.empty() || id.size() > kMaxClientIdLength) return NewRequestId();
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.' || c == ':';
    if (!ok) return NewRequestId();
  }
  return std::string(id);
}

const std::string& CurrentRequestId() { return current_request_id; }

void SetCurrentRequestId(std::string id) { current_request_id = std::move(id); }

}  // namespace policyreader::logging
