// Framing and payload codecs for the server <-> worker socket.
#include "service/synth/worker_protocol.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

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

absl::Status WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(
          absl::StrCat("worker socket write failed: ", strerror(errno)));
    }
    data += n;
    size -= static_cast<size_t>(n);
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

absl::Status Malformed(std::string_view what) {
  return absl::InternalError(
      absl::StrCat("malformed ", std::string(what), " frame"));
}

}  // namespace

absl::Status WriteFrame(int fd, FrameType type, uint32_t job_id,
                        std::string_view payload) {
  Header header{static_cast<uint32_t>(type), job_id,
                static_cast<uint32_t>(payload.size())};
  // One buffer, one send: small frames stay a single syscall.
  std::string buffer;
  buffer.reserve(sizeof(header) + payload.size());
  buffer.append(reinterpret_cast<const char*>(&header), sizeof(header));
  buffer.append(payload);
  return WriteAll(fd, buffer.data(), buffer.size());
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
  if (header.length > kMaxFramePayload || header.type < 1 ||
      header.type > static_cast<uint32_t>(FrameType::kDone)) {
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
