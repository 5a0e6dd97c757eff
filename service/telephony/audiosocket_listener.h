// The telephone front end: accepts Asterisk AudioSocket connections (a
// dialplan's AudioSocket(<uuid>,host:port)) and reads each caller the text
// its UUID is mapped to (call_table.h), navigable with the keypad (call.h).
// Speech comes from the server's own PolicyReader service over an
// in-process channel, so calls share the worker pool, the library and the
// voices with every other client.
//
// Threads: one acceptor thread; per call one thread for the socket (call.h)
// and one for its Synthesize stream. At most TelephonyOptions::max_calls
// calls run at once; a connection beyond that gets a hangup message and is
// closed. A peer cannot hold up others: each call has its own threads, and
// a caller that stops taking audio is hung up on after write_timeout.
//
// Thread-safety: port() and active_calls() from any thread; Shutdown() from
// any thread, idempotent, and returns when every call has ended.
#ifndef POLICY_READER_SERVICE_TELEPHONY_AUDIOSOCKET_LISTENER_H_
#define POLICY_READER_SERVICE_TELEPHONY_AUDIOSOCKET_LISTENER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <list>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/telephony/call.h"
#include "service/telephony/call_table.h"
#include "service/telephony/telephony_options.h"

namespace policyreader::telephony {

class AudioSocketListener {
 public:
  // Listens on options.listen_address. UNAVAILABLE naming the address if it
  // cannot be bound (taken, or not an address of this machine);
  // INVALID_ARGUMENT if it is not host:port. `channel` reaches the
  // PolicyReader service and must stay usable until Shutdown returns.
  static absl::StatusOr<std::unique_ptr<AudioSocketListener>> Start(
      const TelephonyOptions& options, CallTable table,
      std::shared_ptr<grpc::Channel> channel);
  ~AudioSocketListener();

  AudioSocketListener(const AudioSocketListener&) = delete;
  AudioSocketListener& operator=(const AudioSocketListener&) = delete;

  int port() const { return port_; }
  int active_calls() const;

  // Stops accepting, hangs up every call (each gets a hangup message) and
  // waits for their threads.
  void Shutdown();

 private:
  struct CallSlot {
    std::unique_ptr<Call> call;
    std::thread thread;
    std::atomic<bool> done{false};
  };

  AudioSocketListener(const TelephonyOptions& options, CallTable table,
                      std::shared_ptr<grpc::Channel> channel);
  void Accept();
  // Joins the threads of calls that have ended.
  void Reap();
  void Wake();

  const TelephonyOptions options_;
  const CallTable table_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PolicyReader::Stub> stub_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: wakes the acceptor (a call ended, stop).
  int port_ = 0;
  std::thread acceptor_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  std::list<CallSlot> calls_ ABSL_GUARDED_BY(mu_);
};

}  // namespace policyreader::telephony

#endif  // POLICY_READER_SERVICE_TELEPHONY_AUDIOSOCKET_LISTENER_H_
