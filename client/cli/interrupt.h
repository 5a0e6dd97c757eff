// Turns Ctrl-C (SIGINT) and SIGTERM into a call on an ordinary thread, where
// it is safe to cancel an RPC (ClientContext::TryCancel) or stop audio. The
// signal handler only writes a byte to a pipe; a watcher thread reads it and
// runs the callback. A second signal while the first is being handled ends
// the process at once with exit code 130.
//
// Thread-safety: construct and destroy on one thread; at most one watcher
// may exist at a time. The callback runs on the watcher thread, at most once.
#ifndef POLICY_READER_CLIENT_CLI_INTERRUPT_H_
#define POLICY_READER_CLIENT_CLI_INTERRUPT_H_

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace policyreader::cli {

class InterruptWatcher {
 public:
  explicit InterruptWatcher(std::function<void()> on_interrupt);
  // Restores the previous signal handlers and joins the watcher thread.
  ~InterruptWatcher();

  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  // True once a signal arrived (and the callback has been started).
  bool interrupted() const { return interrupted_.load(); }

 private:
  void Run();

  std::function<void()> on_interrupt_;
  std::atomic<bool> interrupted_{false};
  int pipe_read_ = -1;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
  std::thread thread_;
};

}  // namespace policyreader::cli

#endif  // POLICY_READER_CLIENT_CLI_INTERRUPT_H_
