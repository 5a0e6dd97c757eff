// Test support: runs a program in a pseudo-terminal, as a person at a
// terminal would, so tests can press single keys and read what it prints.
// A reader thread collects the output; tests wait for lines by pattern.
//
// Thread-safety: use from one test thread; the reader thread is internal.
#ifndef POLICY_READER_TESTS_INTEGRATION_PTY_PROCESS_H_
#define POLICY_READER_TESTS_INTEGRATION_PTY_PROCESS_H_

#include <sys/types.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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

  // Types `keys` on the terminal.
  void Press(const std::string& keys);

  // Waits for the next complete line (after those already returned) that
  // contains `needle`, skipping others; nullopt after `timeout`.
  std::optional<std::string> WaitForLine(const std::string& needle,
                                         absl::Duration timeout);

  // Waits for the process to exit; its exit code, or -1 (killed, timeout).
  int Wait(absl::Duration timeout);

  // Everything printed so far.
  std::string Output();

 private:
  void Read();

  pid_t pid_ = -1;
  int master_fd_ = -1;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string output_;       // Guarded by mu_.
  bool closed_ = false;      // Guarded by mu_.
  size_t next_line_at_ = 0;  // Test thread only.
  std::thread reader_;
};

}  // namespace policyreader::testing

#endif  // POLICY_READER_TESTS_INTEGRATION_PTY_PROCESS_H_
