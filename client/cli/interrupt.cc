#include "client/cli/interrupt.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <utility>

namespace policyreader::cli {
namespace {

constexpr char kSignalByte = 's';
constexpr char kQuitByte = 'q';

// Touched by the handler, which may only use async-signal-safe calls; a
// lock-free atomic is safe there.
std::atomic<int> g_signal_count{0};
static_assert(std::atomic<int>::is_always_lock_free);
int g_pipe_write = -1;

void HandleSignal(int /*signal*/) {
  const int saved_errno = errno;
  if (g_signal_count.fetch_add(1) > 0) _exit(130);
  if (g_pipe_write >= 0) {
    const ssize_t ignored = write(g_pipe_write, &kSignalByte, 1);
    (void)ignored;
  }
  errno = saved_errno;
}

}  // namespace

InterruptWatcher::InterruptWatcher(std::function<void()> on_interrupt)
    : on_interrupt_(std::move(on_interrupt)) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;  // No watcher: default handling.
  pipe_read_ = fds[0];
  g_pipe_write = fds[1];
  g_signal_count = 0;
  struct sigaction action {};
  action.sa_handler = &HandleSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &old_int_);
  sigaction(SIGTERM, &action, &old_term_);
  thread_ = std::thread([this] { Run(); });
}

InterruptWatcher::~InterruptWatcher() {
  if (pipe_read_ < 0) return;
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
  const ssize_t ignored = write(g_pipe_write, &kQuitByte, 1);
  (void)ignored;
  thread_.join();
  close(g_pipe_write);
  g_pipe_write = -1;
  close(pipe_read_);
}

void InterruptWatcher::Run() {
  while (true) {
    char byte = 0;
    const ssize_t got = read(pipe_read_, &byte, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0 || byte == kQuitByte) return;
    if (!interrupted_.exchange(true) && on_interrupt_) on_interrupt_();
  }
}

}  // namespace policyreader::cli
