// The HTTP gateway's connection threads: every connection gets a thread of
// its own as it arrives, so a client that sends half a request head and then
// a byte now and then (slowloris) holds only its own thread, and /healthz
// and real listeners keep being answered. cpp-httplib's stock pool has a
// fixed number of threads that such clients can all take: 100 of them made
// every request wait until they gave up.
//
// Threads are started on demand up to `max_threads` connections at once;
// beyond that connections wait in a queue, oldest first. A thread that has
// served its connection takes the next queued one, and waits a while for a
// new one before it ends; `idle_threads` stay for the next burst.
//
// Thread-safety: enqueue() and shutdown() may be called from any thread
// (httplib calls them from its listening thread); the state is under mu_.
#ifndef POLICY_READER_SERVICE_HTTP_CONNECTION_THREADS_H_
#define POLICY_READER_SERVICE_HTTP_CONNECTION_THREADS_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/http/httplib_config.h"

namespace policyreader::http {

class ConnectionThreads : public httplib::TaskQueue {
 public:
  ConnectionThreads(int max_threads, int idle_threads);
  ~ConnectionThreads() override;

  void enqueue(std::function<void()> connection) override
      ABSL_LOCKS_EXCLUDED(mu_);
  // Serves what is queued, then waits for every thread to end.
  void shutdown() override ABSL_LOCKS_EXCLUDED(mu_);

  struct Stats {
    int busy = 0;    // threads serving a connection
    int idle = 0;    // threads waiting for one
    int queued = 0;  // connections waiting for a thread
    int peak_busy = 0;
  };
  Stats stats() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Run(std::function<void()> first) ABSL_LOCKS_EXCLUDED(mu_);
  // Joins threads that have ended.
  void Reap() ABSL_LOCKS_EXCLUDED(mu_);

  const int max_threads_;
  const int idle_threads_;
  // How long a thread beyond `idle_threads` waits for new work.
  const absl::Duration linger_ = absl::Seconds(2);

  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  int threads_ ABSL_GUARDED_BY(mu_) = 0;  // started and not ended
  int idle_ ABSL_GUARDED_BY(mu_) = 0;
  int peak_busy_ ABSL_GUARDED_BY(mu_) = 0;
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<std::thread::id, std::thread> running_
      ABSL_GUARDED_BY(mu_);
  std::vector<std::thread::id> ended_ ABSL_GUARDED_BY(mu_);
};

}  // namespace policyreader::http

#endif  // POLICY_READER_SERVICE_HTTP_CONNECTION_THREADS_H_
