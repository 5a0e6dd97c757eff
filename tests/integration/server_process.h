// Test support: the real server binary as a child process on a loopback
// port of its choosing, for tests that watch the server from outside
// (/proc: RSS, fds, threads, its worker processes) or signal its workers.
//
// Thread-safety: one owner; the log is drained by a thread of its own.
#ifndef POLICY_READER_TESTS_INTEGRATION_SERVER_PROCESS_H_
#define POLICY_READER_TESTS_INTEGRATION_SERVER_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace policyreader::testing {

class ServerProcess {
 public:
  // Starts SERVER_BINARY --listen=127.0.0.1:0 plus `flags` and waits until
  // it announces its port (port() is 0 if it did not).
  explicit ServerProcess(const std::vector<std::string>& flags = {});
  ~ServerProcess();  // SIGTERM and wait.
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  std::string address() const;
  // Whether the process is still running (not exited, not a zombie).
  bool Alive() const;
  // The lines of the server's log (stderr) at "level":"error", for a
  // failing test to show; the last MiB of them.
  std::string ErrorLog() const ABSL_LOCKS_EXCLUDED(log_mu_);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::thread drain_;
  mutable absl::Mutex log_mu_;
  std::string error_log_ ABSL_GUARDED_BY(log_mu_);
};

struct ProcessUsage {
  long rss_kib = 0;
  long vm_size_kib = 0;  // Address space mapped (what RLIMIT_AS bounds).
  int fds = 0;
  int threads = 0;
  // utime+stime of the process, its live children (the server's workers)
  // and the children they waited for.
  double cpu_seconds = 0;
};
ProcessUsage MeasureProcess(pid_t pid);

// The direct children of `pid` (every thread's), from /proc.
std::vector<pid_t> ChildrenOf(pid_t pid);

}  // namespace policyreader::testing

#endif  // POLICY_READER_TESTS_INTEGRATION_SERVER_PROCESS_H_
