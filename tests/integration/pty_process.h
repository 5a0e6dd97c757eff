// Test support: runs a program in a pseudo-terminal, as a person at a
// terminal would, so tests can press single keys and read what it prints.
// A reader thread collects the output; tests wait for lines by pattern.
//
// Thread-safety: use from one test thread; the reader thread is internal
// and shares only output_ and closed_ with it, under mu_.
#ifndef POLICY_READER_TESTS_INTEGRATION_PTY_PROCESS_H_
#define POLICY_READER_TESTS_INTEGRATION_PTY_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace policyreader::testing {

class PtyProcess {
 public:
  // Starts `argv[0]` with `argv` in a new pseudo-terminal. stderr goes to
  // the terminal too, as it would for a person.
  explicit PtyProcess(const std::vector<std::string>& argv);
  ~PtyProcess();  // Kills the process if it still runs.

  PtyProcess(const PtyProcess&) = delete;
  PtyProcess& operator=(const PtyProcess&) = delete;

  bool started() const { return pid_ > 0; }
  // The process id while it runs (for signals); -1 once Wait() has seen it
  // exit.
  pid_t pid() const { return pid_; }

  // Types `keys` on the terminal.
  void Press(const std::string& keys);

  // Waits for the next complete line (after those already returned) that
  // contains `needle`, skipping others; nullopt after `timeout`.
  std::optional<std::string> WaitForLine(const std::string& needle,
                                         absl::Duration timeout)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Waits for the process to exit; its exit code, or -1 (killed, timeout).
  int Wait(absl::Duration timeout);

  // Everything printed so far.
  std::string Output() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Read() ABSL_LOCKS_EXCLUDED(mu_);

  pid_t pid_ = -1;
  int master_fd_ = -1;
  absl::Mutex mu_;
  std::string output_ ABSL_GUARDED_BY(mu_);
  // Bumped with every read, so a waiter wakes for new output.
  uint64_t reads_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  size_t next_line_at_ = 0;  // Test thread only.
  std::thread reader_;
};

}  // namespace policyreader::testing

#endif  // POLICY_READER_TESTS_INTEGRATION_PTY_PROCESS_H_
