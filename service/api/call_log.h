// The gRPC edge's access log, request ids and call metrics: a server
// interceptor sees every call (the PolicyReader methods, health,
// reflection), takes the client's `x-request-id` metadata or makes one,
// sends it back in the initial metadata, and when the call ends writes one
// "access" log line (service/logging) and counts it in the metrics.
//
// Handlers add what only they know (document id or text size, encoding,
// time to first audio, audio produced) to the call's CallRecord, found by
// its server context; the line is written after the handler's last word.
//
// Threading: the interceptor runs on gRPC's threads and never blocks (a
// short lock on the table of calls in flight, and one on the record).
// Thread-safety: CallLog and CallRecord are thread-safe.
#ifndef POLICY_READER_SERVICE_API_CALL_LOG_H_
#define POLICY_READER_SERVICE_API_CALL_LOG_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/logging/log.h"
#include "service/metrics/server_metrics.h"

namespace policyreader::api {

// What a handler tells about its call. Fields left unset are not logged.
struct CallDetails {
  std::string document_id;
  int64_t text_bytes = -1;
  std::string format;    // Of the text: plain, markdown, html.
  std::string encoding;  // Of the audio, as metrics label it ("mp3").
  std::string voice;
  int64_t sentences = -1;  // In the text (Synthesize: to be read).
  int64_t start_sentence = -1;
  std::optional<absl::Duration> first_audio;
  double audio_seconds = 0;  // Sent so far.
};

class CallRecord {
 public:
  explicit CallRecord(absl::Time start) : start_(start) {}
  // When the call arrived.
  absl::Time start() const { return start_; }
  std::string request_id() const ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return request_id_;
  }
  // `update` runs under the record's lock; keep it to assignments.
  template <typename F>
  void Update(F update) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    update(details_);
  }
  CallDetails details() const ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return details_;
  }

 private:
  friend class CallLog;
  const absl::Time start_;
  mutable absl::Mutex mu_;
  // Set by the interceptor before the handler runs.
  std::string request_id_ ABSL_GUARDED_BY(mu_);
  CallDetails details_ ABSL_GUARDED_BY(mu_);
};

class CallLog {
 public:
  // `metrics` may be null (no call metrics); it must outlive the server.
  explicit CallLog(metrics::ServerMetrics* metrics) : metrics_(metrics) {}

  // For grpc::ServerBuilder::experimental().SetInterceptorCreators; the
  // factory refers to this CallLog, which must outlive the server.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  MakeInterceptorFactory();

  // The record of the call `context` serves; null if the call did not go
  // through the interceptor (a server built without it, as in unit tests).
  std::shared_ptr<CallRecord> Find(const grpc::ServerContextBase* context)
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  class Interceptor;
  class Factory;
  void Register(const grpc::ServerContextBase* context,
                std::shared_ptr<CallRecord> record) ABSL_LOCKS_EXCLUDED(mu_);
  void Unregister(const grpc::ServerContextBase* context)
      ABSL_LOCKS_EXCLUDED(mu_);

  metrics::ServerMetrics* const metrics_;
  absl::Mutex mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*,
                      std::shared_ptr<CallRecord>>
      calls_ ABSL_GUARDED_BY(mu_);
};

// A gRPC status code as metrics and logs name it: "ok", "not_found".
std::string CodeName(grpc::StatusCode code);

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_CALL_LOG_H_
