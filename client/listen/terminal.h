// Single-key input from the terminal the player runs in. While a
// KeyboardInput exists the terminal is in "cbreak" mode: keys arrive one at
// a time without Enter and are not echoed. Output processing and Ctrl-C
// stay as they were, so printed lines still end properly and Ctrl-C still
// interrupts. The old mode is restored on destruction.
//
// Thread-safety: create, read and destroy on one thread.
#ifndef POLICY_READER_CLIENT_LISTEN_TERMINAL_H_
#define POLICY_READER_CLIENT_LISTEN_TERMINAL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace policyreader::listen {

class KeyboardInput {
 public:
  // NOT_FOUND if `fd` is not a terminal (then there are no keys to read:
  // the player just plays); INTERNAL if its mode cannot be changed.
  static absl::StatusOr<std::unique_ptr<KeyboardInput>> Open(int fd);
  ~KeyboardInput();

  KeyboardInput(const KeyboardInput&) = delete;
  KeyboardInput& operator=(const KeyboardInput&) = delete;

  int fd() const { return fd_; }
  // The bytes waiting now (never blocks); empty if none. Sets *closed when
  // the terminal has gone away.
  std::string ReadAvailable(bool* closed);

 private:
  explicit KeyboardInput(int fd);

  const int fd_;
  struct Saved;
  std::unique_ptr<Saved> saved_;
};

}  // namespace policyreader::listen

#endif  // POLICY_READER_CLIENT_LISTEN_TERMINAL_H_
