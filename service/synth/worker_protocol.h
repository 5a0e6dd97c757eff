// The wire protocol between the server and its synthesis worker processes,
// over one AF_UNIX stream socket per worker. Frames are a fixed header
// (type, job id, payload length; host byte order, both ends share a machine)
// followed by the payload. The server sends kSynthesize and kCancel; the
// worker answers kReady once at start, then per job any number of kAudio and
// kWord frames and exactly one kDone.
//
// Thread-safety: functions are reentrant; one reader and one writer per fd.
#ifndef POLICY_READER_SERVICE_SYNTH_WORKER_PROTOCOL_H_
#define POLICY_READER_SERVICE_SYNTH_WORKER_PROTOCOL_H_

#include <cstdint>
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
