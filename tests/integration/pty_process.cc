// See pty_process.h.
#include "tests/integration/pty_process.h"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "absl/time/clock.h"

namespace policyreader::testing {

PtyProcess::PtyProcess(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  winsize size{};
  size.ws_row = 40;
  size.ws_col = 200;
  pid_ = ::forkpty(&master_fd_, nullptr, nullptr, &size);
  if (pid_ == 0) {
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  if (pid_ < 0) return;
  reader_ = std::thread([this] { Read(); });
}

PtyProcess::~PtyProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (reader_.joinable()) reader_.join();
  if (master_fd_ >= 0) ::close(master_fd_);
}

void PtyProcess::Read() {
  char buffer[4096];
  while (true) {
    const ssize_t n = ::read(master_fd_, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    absl::MutexLock lock(&mu_);
    if (n <= 0) {  // EIO once the child has closed the terminal.
      closed_ = true;
      return;
    }
    for (ssize_t i = 0; i < n; ++i) {
      if (buffer[i] != '\r') output_.push_back(buffer[i]);
    }
    ++reads_;
  }
}

void PtyProcess::Press(const std::string& keys) {
  (void)!::write(master_fd_, keys.data(), keys.size());
}

std::optional<std::string> PtyProcess::WaitForLine(const std::string& needle,
                                                   absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::MutexLock lock(&mu_);
  while (true) {
    size_t end;
    while ((end = output_.find('\n', next_line_at_)) != std::string::npos) {
      std::string line = output_.substr(next_line_at_, end - next_line_at_);
      next_line_at_ = end + 1;
      if (line.find(needle) != std::string::npos) return line;
    }
    if (closed_) return std::nullopt;
    // Wait for the next read (or the end), then look at the new lines.
    const uint64_t seen = reads_;
    auto more = [this, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return reads_ != seen || closed_;
    };
    if (!mu_.AwaitWithDeadline(absl::Condition(&more), deadline)) {
      return std::nullopt;
    }
  }
}

int PtyProcess::Wait(absl::Duration timeout) {
  if (pid_ <= 0) return -1;
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      // What the child wrote last may still be in the pty: Output() after
      // Wait() has all of it once the reader has seen the end.
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithDeadline(absl::Condition(&closed_), deadline);
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (absl::Now() > deadline) return -1;
    // Waiting for a child has no timed wait; poll its exit at 10 ms.
    ::poll(nullptr, 0, 10);
  }
}

std::string PtyProcess::Output() {
  absl::MutexLock lock(&mu_);
  return output_;
}

}  // namespace policyreader::testing
