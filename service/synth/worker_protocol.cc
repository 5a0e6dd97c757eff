// Framing and payload codecs for the server <-> worker socket.
#include "service/synth/worker_protocol.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace policyreader::synth {
namespace {

struct Header {
  uint32_t type;
  uint32_t job_id;
  uint32_t length;
};

// Sends `parts` whole, gathered: one sendmsg for a frame however it is
// split, and no copy into one buffer first.
absl::Status WriteAll(int fd, iovec* parts, int count) {
  msghdr message{};
  message.msg_iov = parts;
  message.msg_iovlen = count;
  while (message.msg_iovlen > 0) {
    ssize_t n = sendmsg(fd, &message, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(
          absl::StrCat("worker socket write failed: ", strerror(errno)));
    }
    // Skip what was sent: whole parts, then the start of the next.
    size_t sent = static_cast<size_t>(n);
    while (message.msg_iovlen > 0 && sent >= message.msg_iov->iov_len) {
      sent -= message.msg_iov->iov_len;
      ++message.msg_iov;
      --message.msg_iovlen;
    }
    if (message.msg_iovlen > 0) {
      message.msg_iov->iov_base =
          static_cast<char*>(message.msg_iov->iov_base) + sent;
      message.msg_iov->iov_len -= sent;
    }
  }
  return absl::OkStatus();
}

absl::Status ReadAll(int fd, char* data, size_t size) {
  while (size > 0) {
    ssize_t n = read(fd, data, size);
    if (n == 0) return absl::UnavailableError("worker socket closed");
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(
          absl::StrCat("worker socket read failed: ", strerror(errno)));
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

template <typename T>
void Append(std::string* out, T value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(value));
}

template <typename T>
bool Take(std::string_view* in, T* value) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(value, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

// A header this side can act on: a known type and a bounded length.
bool ValidHeader(const Header& header) {
  return header.length <= kMaxFramePayload && header.type >= 1 &&
         header.type <= static_cast<uint32_t>(FrameType::kDone);
}

absl::Status Malformed(std::string_view what) {
  return absl::InternalError(
      absl::StrCat("malformed ", std::string(what), " frame"));
}

}  // namespace

absl::Status WriteFrame(int fd, FrameType type, uint32_t job_id,
                        std::string_view payload) {
  Header header{static_cast<uint32_t>(type), job_id,
                static_cast<uint32_t>(payload.size())};
  iovec parts[2] = {{&header, sizeof(header)},
                    {const_cast<char*>(payload.data()), payload.size()}};
  return WriteAll(fd, parts, payload.empty() ? 1 : 2);
}

absl::StatusOr<Frame> ReadFrame(int fd, int timeout_ms) {
  if (timeout_ms >= 0) {
    pollfd p{fd, POLLIN, 0};
    int n;
    do {
      n = poll(&p, 1, timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n == 0) return absl::DeadlineExceededError("worker is silent");
  }
  Header header;
  absl::Status status =
      ReadAll(fd, reinterpret_cast<char*>(&header), sizeof(header));
  if (!status.ok()) return status;
  if (!ValidHeader(header)) {
    return absl::UnavailableError("worker sent a broken frame");
  }
  Frame frame;
  frame.type = static_cast<FrameType>(header.type);
  frame.job_id = header.job_id;
  frame.payload.resize(header.length);
  status = ReadAll(fd, frame.payload.data(), header.length);
  if (!status.ok()) return status;
  return frame;
}

bool FrameReady(int fd) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, 0) > 0;
}

size_t FrameReader::FrameSizeBuffered() const {
  if (end_ - begin_ < sizeof(Header)) return 0;
  Header header;
  std::memcpy(&header, buffer_.get() + begin_, sizeof(header));
  return sizeof(Header) + header.length;
}

absl::StatusOr<Frame> FrameReader::Read(int timeout_ms) {
  // What one read asks for at least: an audio frame of a 500 ms buffer is
  // 22 KB, so a few fit. A larger frame grows the buffer, which stays.
  constexpr size_t kMinRead = 64 * 1024;
  while (true) {
    if (end_ - begin_ >= sizeof(Header)) {
      Header header;
      std::memcpy(&header, buffer_.get() + begin_, sizeof(header));
      if (!ValidHeader(header)) {
        return absl::UnavailableError("worker sent a broken frame");
      }
      if (end_ - begin_ >= sizeof(Header) + header.length) {
        Frame frame;
        frame.type = static_cast<FrameType>(header.type);
        frame.job_id = header.job_id;
        frame.payload.assign(buffer_.get() + begin_ + sizeof(Header),
                             header.length);
        begin_ += sizeof(Header) + header.length;
        if (begin_ == end_) begin_ = end_ = 0;
        return frame;
      }
    }
    // Room for the rest of this frame and then some: move what is
    // buffered to the front, or grow.
    const size_t needed =
        std::max(FrameSizeBuffered(), sizeof(Header)) - (end_ - begin_);
    if (capacity_ - end_ < std::max(needed, kMinRead / 2)) {
      const size_t held = end_ - begin_;
      const size_t capacity = std::max(capacity_, held + needed + kMinRead);
      if (capacity != capacity_) {
        std::unique_ptr<char[]> grown(new char[capacity]);
        std::memcpy(grown.get(), buffer_.get() + begin_, held);
        buffer_ = std::move(grown);
        capacity_ = capacity;
      } else {
        std::memmove(buffer_.get(), buffer_.get() + begin_, held);
      }
      begin_ = 0;
      end_ = held;
    }
    if (timeout_ms != timeout_ms_) {
      timeval tv{};  // Zero: no timeout.
      if (timeout_ms > 0) {
        tv.tv_sec = timeout_ms / 1000;
        tv.tv_usec = (timeout_ms % 1000) * 1000;
      } else if (timeout_ms == 0) {
        tv.tv_usec = 1;  // As good as not waiting; zero would mean forever.
      }
      if (setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0) {
        return absl::UnavailableError(
            absl::StrCat("worker socket timeout not set: ", strerror(errno)));
      }
      timeout_ms_ = timeout_ms;
    }
    ssize_t n = read(fd_, buffer_.get() + end_, capacity_ - end_);
    if (n == 0) return absl::UnavailableError("worker socket closed");
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return absl::DeadlineExceededError("worker is silent");
      }
      return absl::UnavailableError(
          absl::StrCat("worker socket read failed: ", strerror(errno)));
    }
    end_ += static_cast<size_t>(n);
  }
}

bool FrameReader::Ready() {
  const size_t whole = FrameSizeBuffered();
  if (whole > 0 && end_ - begin_ >= whole) return true;
  return FrameReady(fd_);
}

std::string EncodeRequest(const EngineRequest& request) {
  std::string out;
  Append<int32_t>(&out, request.rate_wpm);
  Append<int32_t>(&out, request.pitch);
  Append<uint8_t>(&out,
                  (request.word_marks ? 1 : 0) | (request.end_pause ? 2 : 0));
  Append<uint32_t>(&out, static_cast<uint32_t>(request.espeak_voice.size()));
  out.append(request.espeak_voice);
  out.append(request.text);
  return out;
}

absl::StatusOr<EngineRequest> DecodeRequest(std::string_view payload) {
  EngineRequest request;
  int32_t rate, pitch;
  uint8_t flags;  // Bit 0: word marks; bit 1: end pause.
  uint32_t voice_size;
  if (!Take(&payload, &rate) || !Take(&payload, &pitch) ||
      !Take(&payload, &flags) || !Take(&payload, &voice_size) ||
      voice_size > payload.size()) {
    return Malformed("synthesize");
  }
  request.rate_wpm = rate;
  request.pitch = pitch;
  request.word_marks = (flags & 1) != 0;
  request.end_pause = (flags & 2) != 0;
  request.espeak_voice = std::string(payload.substr(0, voice_size));
  request.text = std::string(payload.substr(voice_size));
  return request;
}

std::string EncodeWord(const WordEvent& word) {
  std::string out;
  Append(&out, word.text_begin);
  Append(&out, word.text_length);
  Append(&out, word.sample_offset);
  return out;
}

absl::StatusOr<WordEvent> DecodeWord(std::string_view payload) {
  WordEvent word;
  if (!Take(&payload, &word.text_begin) || !Take(&payload, &word.text_length) ||
      !Take(&payload, &word.sample_offset)) {
    return Malformed("word");
  }
  return word;
}

std::string EncodeStatus(const absl::Status& status) {
  std::string out;
  Append<uint32_t>(&out, static_cast<uint32_t>(status.code()));
  out.append(status.message().data(), status.message().size());
  return out;
}

absl::Status DecodeStatus(std::string_view payload) {
  uint32_t code;
  if (!Take(&payload, &code) || code > 16) return Malformed("done");
  return absl::Status(static_cast<absl::StatusCode>(code),
                      absl::string_view(payload.data(), payload.size()));
}

std::string EncodeU32(uint32_t value) {
  std::string out;
  Append(&out, value);
  return out;
}

absl::StatusOr<uint32_t> DecodeU32(std::string_view payload) {
  uint32_t value;
  if (!Take(&payload, &value)) return Malformed("ready");
  return value;
}

std::span<const int16_t> AudioSamples(const Frame& frame) {
  // std::string storage is suitably aligned for int16_t.
  return {reinterpret_cast<const int16_t*>(frame.payload.data()),
          frame.payload.size() / sizeof(int16_t)};
}

}  // namespace policyreader::synth
