#include "tests/client/player/alsa_file_sink.h"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace policyreader::testing {

AlsaFileSink::AlsaFileSink(Pace pace, int bytes_per_second)
    : pace_(pace), bytes_per_second_(bytes_per_second) {
  const char* tmp = getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") +
                        "/policy-reader-alsa-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return;
  dir_ = pattern;
  raw_path_ = dir_ + "/out.raw";
  std::ofstream asoundrc(dir_ + "/.asoundrc");
  asoundrc << "# Written by the policy-reader tests: the default PCM\n"
              "# records into a file and discards the sound.\n"
              "pcm.!default {\n"
              "  type file\n"
              "  slave.pcm \"null\"\n"
              "  file \""
           << raw_path_
           << "\"\n"
              "  format \"raw\"\n"
              "}\n";
  asoundrc.close();
  if (!asoundrc.good()) return;
  setenv("HOME", dir_.c_str(), 1);
  unsetenv("XDG_CONFIG_HOME");
  unsetenv("ALSA_CONFIG_PATH");
  // PortAudio's JACK host API would otherwise try to start a server.
  setenv("JACK_NO_START_SERVER", "1", 1);
  if (pace_ == Pace::kRealTime) {
    if (mkfifo(raw_path_.c_str(), 0600) != 0) return;
    // Non-blocking, so neither this open nor the reader waits for a writer;
    // and the writer's open (in ALSA) then does not block either.
    fifo_fd_ = open(raw_path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fifo_fd_ < 0) return;
    fcntl(fifo_fd_, F_SETPIPE_SZ, 4096);
    reader_ = std::thread([this] { ReadFifo(); });
  }
  ok_ = true;
}

AlsaFileSink::~AlsaFileSink() {
  Disconnect();
  if (dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void AlsaFileSink::Disconnect() {
  stop_ = true;
  if (reader_.joinable()) reader_.join();
  if (fifo_fd_ >= 0) close(fifo_fd_);
  fifo_fd_ = -1;
}

void AlsaFileSink::ReadFifo() {
  using Clock = std::chrono::steady_clock;
  bool writing = false;  // A writer has sent data and not closed yet.
  Clock::time_point start;
  uint64_t paced_bytes = 0;
  char buffer[512];
  while (!stop_) {
    pollfd fd{fifo_fd_, POLLIN, 0};
    poll(&fd, 1, /*timeout_ms=*/10);
    const ssize_t got = read(fifo_fd_, buffer, sizeof(buffer));
    if (got > 0) {
      if (!writing) {
        writing = true;
        start = Clock::now();
        paced_bytes = 0;
      }
      {
        absl::MutexLock lock(&mu_);
        received_.append(buffer, static_cast<size_t>(got));
      }
      paced_bytes += static_cast<uint64_t>(got);
      // Consume no faster than a sound card would.
      std::this_thread::sleep_until(
          start + std::chrono::microseconds(paced_bytes * 1'000'000 /
                                            bytes_per_second_));
      continue;
    }
    if (got == 0) {  // No writer (any more).
      if (writing) {
        writing = false;
        absl::MutexLock lock(&mu_);
        ++writer_closes_;
      }
      // With no writer, poll reports POLLHUP at once; do not spin.
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // got < 0: EAGAIN, the writer is there but has nothing for us yet.
  }
}

std::vector<int16_t> AlsaFileSink::Samples() {
  std::string bytes;
  if (pace_ == Pace::kRealTime) {
    absl::MutexLock lock(&mu_);
    auto closed = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return writer_closes_ > 0;
    };
    mu_.AwaitWithTimeout(absl::Condition(&closed), absl::Seconds(10));
    bytes = received_;
  } else {
    std::ifstream file(raw_path_, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(file),
                 std::istreambuf_iterator<char>());
  }
  std::vector<int16_t> samples(bytes.size() / 2);
  for (size_t i = 0; i < samples.size(); ++i) {
    samples[i] =
        static_cast<int16_t>(static_cast<uint8_t>(bytes[2 * i]) |
                             (static_cast<uint8_t>(bytes[2 * i + 1]) << 8));
  }
  return samples;
}

}  // namespace policyreader::testing
