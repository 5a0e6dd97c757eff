#include "client/listen/terminal.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace policyreader::listen {

struct KeyboardInput::Saved {
  termios mode;
  int flags;
};

KeyboardInput::KeyboardInput(int fd) : fd_(fd) {}

absl::StatusOr<std::unique_ptr<KeyboardInput>> KeyboardInput::Open(int fd) {
  if (!::isatty(fd)) return absl::NotFoundError("not a terminal");
  auto input = std::unique_ptr<KeyboardInput>(new KeyboardInput(fd));
  auto saved = std::make_unique<Saved>();
  if (::tcgetattr(fd, &saved->mode) != 0) {
    return absl::InternalError(
        absl::StrCat("tcgetattr: ", std::strerror(errno)));
  }
  saved->flags = ::fcntl(fd, F_GETFL);
  termios mode = saved->mode;
  mode.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  mode.c_cc[VMIN] = 1;
  mode.c_cc[VTIME] = 0;
  if (::tcsetattr(fd, TCSANOW, &mode) != 0) {
    return absl::InternalError(
        absl::StrCat("tcsetattr: ", std::strerror(errno)));
  }
  // Non-blocking reads: the player polls several things in one loop.
  if (saved->flags >= 0) ::fcntl(fd, F_SETFL, saved->flags | O_NONBLOCK);
  input->saved_ = std::move(saved);
  return input;
}

KeyboardInput::~KeyboardInput() {
  if (saved_ == nullptr) return;
  ::tcsetattr(fd_, TCSANOW, &saved_->mode);
  if (saved_->flags >= 0) ::fcntl(fd_, F_SETFL, saved_->flags);
}

std::string KeyboardInput::ReadAvailable(bool* closed) {
  std::string bytes;
  char buffer[64];
  while (true) {
    const ssize_t n = ::read(fd_, buffer, sizeof(buffer));
    if (n > 0) {
      bytes.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
      *closed = true;
    }
    return bytes;
  }
}

}  // namespace policyreader::listen
