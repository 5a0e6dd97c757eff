// The wire protocol between the server and its synthesis worker processes,
// over one AF_UNIX stream socket per worker. Frames are a fixed header
// (type, job id, payload length; host byte order, both ends share a machine)
// followed by the payload. The server sends kSynthesize and kCancel; the
// worker answers kReady once at start, then per job any number of kAudio and
// kWord frames and exactly one kDone.
//
// Thread-safety: functions are reentrant; one reader and one writer per fd.
// A FrameReader is used by one thread at a time.
#ifndef POLICY_READER_SERVICE_SYNTH_WORKER_PROTOCOL_H_
#define POLICY_READER_SERVICE_SYNTH_WORKER_PROTOCOL_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/synth/espeak_engine.h"

namespace policyreader::synth {

enum class FrameType : uint32_t {
  kReady = 1,       // worker -> server; payload: u32 sample rate.
  kSynthesize = 2,  // server -> worker; payload: EncodeRequest().
  kCancel = 3,      // server -> worker; no payload.
  kAudio = 4,       // worker -> server; payload: int16 samples.
  kWord = 5,        // worker -> server; payload: EncodeWord().
  kDone = 6,        // worker -> server; payload: EncodeStatus().
};

// Larger than any text the server accepts, small enough that a corrupt
// length cannot make the reader allocate without bound.
inline constexpr uint32_t kMaxFramePayload = 32u << 20;

struct Frame {
  FrameType type = FrameType::kReady;
  uint32_t job_id = 0;
  std::string payload;
};

// Writes the whole frame (retrying short writes and EINTR; never raises
// SIGPIPE). UNAVAILABLE when the peer is gone.
absl::Status WriteFrame(int fd, FrameType type, uint32_t job_id,
                        std::string_view payload);
// Blocks for a whole frame. UNAVAILABLE on end of stream or a broken frame;
// DEADLINE_EXCEEDED if `timeout_ms` >= 0 passes before a frame starts.
absl::StatusOr<Frame> ReadFrame(int fd, int timeout_ms = -1);
// True if a frame (or end of stream) can be read without blocking.
bool FrameReady(int fd);

// Reads the frames of one socket through a buffer, for the server's side,
// where audio frames arrive one after another: a frame costs one read(),
// and frames that arrived together cost one between them, against a poll()
// and two reads a frame for ReadFrame. The timeout is the socket's receive
// timeout (SO_RCVTIMEO), set only when it changes.
class FrameReader {
 public:
  explicit FrameReader(int fd) : fd_(fd) {}
  FrameReader(const FrameReader&) = delete;
  FrameReader& operator=(const FrameReader&) = delete;

  // As ReadFrame, except that DEADLINE_EXCEEDED means `timeout_ms` passed
  // with no byte arriving, possibly inside a frame (the part read is kept
  // for the next call).
  absl::StatusOr<Frame> Read(int timeout_ms = -1);
  // True if a whole frame is buffered, or the socket has bytes (or its
  // end) to read.
  bool Ready();

 private:
  // Bytes of the whole frame starting at begin_, if its header is buffered.
  size_t FrameSizeBuffered() const;

  const int fd_;
  int timeout_ms_ = -1;  // The socket's receive timeout now; -1: none.
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t begin_ = 0;  // Buffered bytes are [begin_, end_).
  size_t end_ = 0;
};

std::string EncodeRequest(const EngineRequest& request);
absl::StatusOr<EngineRequest> DecodeRequest(std::string_view payload);

struct WordEvent {
  uint32_t text_begin = 0;
  uint32_t text_length = 0;
  uint64_t sample_offset = 0;
};
std::string EncodeWord(const WordEvent& word);
absl::StatusOr<WordEvent> DecodeWord(std::string_view payload);

std::string EncodeStatus(const absl::Status& status);
absl::Status DecodeStatus(std::string_view payload);

std::string EncodeU32(uint32_t value);
absl::StatusOr<uint32_t> DecodeU32(std::string_view payload);

std::span<const int16_t> AudioSamples(const Frame& frame);

}  // namespace policyreader::synth

#endif  // POLICY_READER_SERVICE_SYNTH_WORKER_PROTOCOL_H_
