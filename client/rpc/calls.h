// Calling the Policy Reader API: the one conversion of gRPC's status into
// absl::Status, deadlines and waiting for a server that is starting, a
// canceller that stops calls from another thread (Ctrl-C, a shutting-down
// gateway), and the unary calls every client makes.
//
// Thread-safety: the functions may be called from any thread at once.
// CallCanceller is thread-safe.
#ifndef POLICY_READER_CLIENT_RPC_CALLS_H_
#define POLICY_READER_CLIENT_RPC_CALLS_H_

#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

namespace policyreader::rpc {

// The service's status as absl::Status: same code, same message, marked as
// coming from gRPC (IsFromGrpc).
absl::Status FromGrpc(const grpc::Status& status);

// Whether `status` is a call's own (FromGrpc): its message is then the
// server's or gRPC's words (English, for developers), not one this client
// wrote for the listener, so what a listener is shown comes from its code
// (cli::FormatError).
bool IsFromGrpc(const absl::Status& status);

// Whether a call that ended with `status` may succeed if made again, against
// the same address: the server went away or is restarting (UNAVAILABLE,
// ABORTED), the call was cancelled or outlived its deadline, or a proxy in
// between reset the stream. A load balancer such as nginx turns a backend
// that dies mid-stream into an HTTP/2 RST_STREAM, which gRPC reports as
// INTERNAL "Received RST_STREAM with error code N"; only that INTERNAL is
// transient: one the server sends itself (a failing encoder, say) is not,
// and asking again would fail the same way.
bool IsTransient(const absl::Status& status);

// Cancels every call registered with it, now and from then on.
class CallCanceller {
 public:
  // False (and `context` not registered) once CancelAll() has run.
  bool Add(grpc::ClientContext* context) ABSL_LOCKS_EXCLUDED(mu_);
  void Remove(grpc::ClientContext* context) ABSL_LOCKS_EXCLUDED(mu_);
  void CancelAll() ABSL_LOCKS_EXCLUDED(mu_);
  bool cancelled() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  std::set<grpc::ClientContext*> active_ ABSL_GUARDED_BY(mu_);
};

struct CallOptions {
  absl::Duration timeout = absl::Seconds(30);
  // More than zero: first wait this long at most for the server to come up
  // (gRPC's wait-for-ready) instead of failing at once, which is how
  // scripts start a server and a client together without sleeping.
  absl::Duration wait_for_server = absl::ZeroDuration();
  // Not owned; may be null.
  CallCanceller* canceller = nullptr;
  // Sent as `x-request-id` metadata when not empty, so the server's logs of
  // the call carry the id of what caused it (e.g. an HTTP request).
  std::string request_id = "";
};

// Sets the deadline (timeout plus the wait) and wait-for-ready.
void Configure(const CallOptions& options, grpc::ClientContext* context);

// Registers a context with the options' canceller for its lifetime.
class CancelScope {
 public:
  CancelScope(const CallOptions& options, grpc::ClientContext* context);
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;
  // False if the canceller had already cancelled: do not start the call.
  bool ok() const { return registered_ || canceller_ == nullptr; }

 private:
  CallCanceller* const canceller_;
  grpc::ClientContext* const context_;
  bool registered_ = false;
};

absl::StatusOr<v1::SegmentResponse> Segment(
    v1::PolicyReader::StubInterface* stub, const v1::SegmentRequest& request,
    const CallOptions& options);
absl::StatusOr<v1::ListVoicesResponse> ListVoices(
    v1::PolicyReader::StubInterface* stub, const CallOptions& options);
absl::StatusOr<v1::ListDocumentsResponse> ListDocuments(
    v1::PolicyReader::StubInterface* stub,
    const v1::ListDocumentsRequest& request, const CallOptions& options);
// The document as the library has it, available or not.
absl::StatusOr<v1::Document> GetDocument(v1::PolicyReader::StubInterface* stub,
                                         const v1::GetDocumentRequest& request,
                                         const CallOptions& options);
// A document that can be read: FAILED_PRECONDITION ("Dokumentet "id" kan
// ikke læses: <reason>") for one the library lists but cannot read.
absl::StatusOr<v1::Document> GetReadableDocument(
    v1::PolicyReader::StubInterface* stub, const std::string& document_id,
    bool include_sentences, const CallOptions& options);

// grpc.health.v1 Check: the server's status for `service` ("" for the
// whole server), SERVING or NOT_SERVING (draining).
absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus>
CheckHealth(grpc::health::v1::Health::StubInterface* stub,
            const std::string& service, const CallOptions& options);

}  // namespace policyreader::rpc

#endif  // POLICY_READER_CLIENT_RPC_CALLS_H_
