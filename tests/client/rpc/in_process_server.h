// Test support for client/rpc: a real grpc::Server on a loopback port the
// kernel picks, serving a fake PolicyReader that each test scripts (how many
// sentences, when to fail, where to hold until the test lets it go or the
// call is cancelled, which header to send). A fake rather than the real
// service, so the client library's own behaviour can be pinned down message
// by message; tests/integration runs the clients against the real server.
#ifndef POLICY_READER_TESTS_CLIENT_RPC_IN_PROCESS_SERVER_H_
#define POLICY_READER_TESTS_CLIENT_RPC_IN_PROCESS_SERVER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "client/rpc/channel.h"
#include "client/rpc/speech_stream.h"
#include "grpcpp/server.h"
#include "grpcpp/server_context.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

namespace policyreader::rpc::testing {

// How long a test waits for something that should happen at once before it
// fails instead of hanging: generous, for a busy 2-core machine.
inline constexpr absl::Duration kGuard = absl::Seconds(30);

// Opened by the test; server handlers hold at it. Shared, so a handler
// still holding when a test ends keeps its gate alive.
class Gate {
 public:
  void Open() ABSL_LOCKS_EXCLUDED(mu_);
  // True once opened; false if the call is cancelled, `stop` is set or
  // kGuard passes first. The sync API has no cancellation callback (and
  // IsCancelled() stays false for unary calls), so this looks every
  // millisecond: on the server side only, never in the client under test.
  bool Wait(grpc::ServerContext* context, const std::atomic<bool>& stop) const
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  bool open_ ABSL_GUARDED_BY(mu_) = false;
};

// The bytes of audio chunk `chunk` of sentence `sentence`: different for
// every chunk and position, so a lost, doubled or reordered byte shows.
std::string AudioBytes(uint32_t sentence, int chunk, size_t size);

// What the fake's Synthesize sends for one request: the header, then for
// each sentence from request.start_sentence() a start mark, a word mark,
// `chunks_per_sentence` audio chunks and an end mark.
struct SpeechScript {
  v1::StreamHeader header = DefaultHeader();
  uint32_t sentences = 3;
  int chunks_per_sentence = 2;
  size_t chunk_bytes = 64;
  // Messages (every event counts, the header too) written before the call
  // ends with `fail_with`; -1: it does not fail.
  int fail_after_messages = -1;
  grpc::Status fail_with;
  // Messages written before the handler holds at `hold`; -1:
  // it does not hold. Written after the last message, it holds before
  // finishing. Cancelled while holding, the call ends CANCELLED.
  int hold_after_messages = -1;
  std::shared_ptr<const Gate> hold;

  // LINEAR16 at 16000 Hz, mono, `sentences` sentences.
  static v1::StreamHeader DefaultHeader();
  // What a client must end up with after reading the whole stream from
  // `start`: all audio, and the marks at the bytes they belong to.
  SpeechResult Expected(uint32_t start = 0) const;
};

// What the fake's unary calls answer.
struct UnaryScript {
  // Returned by every unary call instead of its response when not OK.
  grpc::Status status;
  v1::SegmentResponse segment;
  v1::ListVoicesResponse voices;
  v1::ListDocumentsResponse documents;
  v1::Document document;
  // Every unary call holds here first; null: it does not.
  std::shared_ptr<const Gate> hold;
};

class FakePolicyReader final : public v1::PolicyReader::Service {
 public:
  // Take effect for calls that arrive from then on.
  void set_speech(SpeechScript script) ABSL_LOCKS_EXCLUDED(mu_);
  void set_unary(UnaryScript script) ABSL_LOCKS_EXCLUDED(mu_);

  // What the handlers have done so far. Synthesize counts a message as
  // written once it is handed to Write (which blocks on flow control).
  int calls_entered() const ABSL_LOCKS_EXCLUDED(mu_);
  int messages_written() const ABSL_LOCKS_EXCLUDED(mu_);
  uint64_t audio_bytes_written() const ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<v1::SynthesizeRequest> synthesize_requests() const
      ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<v1::SegmentRequest> segment_requests() const
      ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<v1::GetDocumentRequest> document_requests() const
      ABSL_LOCKS_EXCLUDED(mu_);

  // False if kGuard passes first.
  bool WaitForCallsEntered(int n) const ABSL_LOCKS_EXCLUDED(mu_);
  bool WaitForMessagesWritten(int n) const ABSL_LOCKS_EXCLUDED(mu_);
  // Counted when a handler returns (its status may still be on the way).
  bool WaitForCallsFinished(int n) const ABSL_LOCKS_EXCLUDED(mu_);

  // Handlers holding at a gate, and those that come, stop holding: before
  // the server shuts down, which waits for them.
  void StopHolding() { stop_holding_ = true; }

  grpc::Status Segment(grpc::ServerContext* context,
                       const v1::SegmentRequest* request,
                       v1::SegmentResponse* response) override;
  grpc::Status Synthesize(
      grpc::ServerContext* context, const v1::SynthesizeRequest* request,
      grpc::ServerWriter<v1::SynthesizeResponse>* writer) override;
  grpc::Status ListVoices(grpc::ServerContext* context,
                          const v1::ListVoicesRequest* request,
                          v1::ListVoicesResponse* response) override;
  grpc::Status ListDocuments(grpc::ServerContext* context,
                             const v1::ListDocumentsRequest* request,
                             v1::ListDocumentsResponse* response) override;
  grpc::Status GetDocument(grpc::ServerContext* context,
                           const v1::GetDocumentRequest* request,
                           v1::Document* response) override;

 private:
  // One unary call as the script says: `answer` is its response.
  template <typename Response>
  grpc::Status Unary(grpc::ServerContext* context,
                     Response UnaryScript::*answer, Response* response)
      ABSL_LOCKS_EXCLUDED(mu_);
  grpc::Status Finished(grpc::Status status) ABSL_LOCKS_EXCLUDED(mu_);
  bool WaitFor(const int* counter, int n) const ABSL_LOCKS_EXCLUDED(mu_);

  std::atomic<bool> stop_holding_ = false;
  mutable absl::Mutex mu_;
  SpeechScript speech_ ABSL_GUARDED_BY(mu_);
  UnaryScript unary_ ABSL_GUARDED_BY(mu_);
  int calls_entered_ ABSL_GUARDED_BY(mu_) = 0;
  int calls_finished_ ABSL_GUARDED_BY(mu_) = 0;
  int messages_written_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t audio_bytes_written_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<v1::SynthesizeRequest> synthesize_requests_ ABSL_GUARDED_BY(mu_);
  std::vector<v1::SegmentRequest> segment_requests_ ABSL_GUARDED_BY(mu_);
  std::vector<v1::GetDocumentRequest> document_requests_ ABSL_GUARDED_BY(mu_);
};

// A loopback port held (bound, not listening, SO_REUSEPORT) so nothing else
// takes it while no server listens there: connections to it are refused
// until an InProcessServer (gRPC binds with SO_REUSEPORT too) starts on it.
class ReservedPort {
 public:
  ReservedPort();
  ~ReservedPort();
  ReservedPort(const ReservedPort&) = delete;
  ReservedPort& operator=(const ReservedPort&) = delete;
  int port() const { return port_; }  // 0 if none could be reserved.

 private:
  int fd_ = -1;
  int port_ = 0;
};

// `service` (not owned) served on 127.0.0.1 at `port`, or at a port the
// kernel picks (0). BuildAndStart returns a server that already listens, so
// there is nothing to wait for.
class InProcessServer {
 public:
  explicit InProcessServer(FakePolicyReader* service, int port = 0);
  ~InProcessServer();  // Lets held calls go and shuts down.
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;

  bool ok() const { return server_ != nullptr && port_ != 0; }
  std::string address() const;
  // A stub over a channel with the project's settings (channel.h).
  std::unique_ptr<v1::PolicyReader::Stub> NewStub() const;

 private:
  FakePolicyReader* const service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace policyreader::rpc::testing

#endif  // POLICY_READER_TESTS_CLIENT_RPC_IN_PROCESS_SERVER_H_
