// The AudioSocket wire format (Asterisk's AudioSocket() dialplan application
// and channel driver): every message is a 3-byte header (1 byte type, 2 bytes
// big-endian payload length) and the payload. Asterisk sends the call's UUID
// first (16 bytes, binary), then 20 ms frames of signed linear 16-bit
// little-endian mono audio at 8 kHz, DTMF digits (1 byte, ASCII) and a
// hangup (no payload) or just closes the socket. What it accepts back is
// audio and hangup only: any other type ends the call on its side
// (res/res_audiosocket.c, ast_audiosocket_receive_frame_with_hangup).
//
// Pure byte handling, no I/O, so every parsing rule is a unit test.
//
// Thread-safety: MessageDecoder is a value used by one thread; the functions
// are pure and safe from any thread.
#ifndef POLICY_READER_SERVICE_TELEPHONY_AUDIOSOCKET_CODEC_H_
#define POLICY_READER_SERVICE_TELEPHONY_AUDIOSOCKET_CODEC_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace policyreader::telephony {

inline constexpr uint8_t kTypeHangup = 0x00;
inline constexpr uint8_t kTypeUuid = 0x01;
inline constexpr uint8_t kTypeDtmf = 0x03;
inline constexpr uint8_t kTypeAudio = 0x10;
inline constexpr uint8_t kTypeError = 0xff;

inline constexpr size_t kHeaderBytes = 3;
inline constexpr size_t kUuidBytes = 16;
// 20 ms of 16-bit mono audio at 8000 Hz: what Asterisk sends and expects.
inline constexpr int kSampleRateHz = 8000;
inline constexpr int kFrameMs = 20;
inline constexpr size_t kFrameBytes = kSampleRateHz / 1000 * kFrameMs * 2;

struct Message {
  uint8_t type = kTypeHangup;
  std::string payload;
};

// Splits a byte stream into messages, however the bytes were cut into
// reads. Types it does not know are passed on (newer Asterisk versions add
// audio types for higher rates); the caller decides what to ignore.
class MessageDecoder {
 public:
  // Payloads larger than `max_payload` are refused: nothing Asterisk sends
  // comes near it (20 ms at 192 kHz is 7680 bytes), so a larger length means
  // a peer that does not speak AudioSocket.
  explicit MessageDecoder(size_t max_payload = 8192)
      : max_payload_(max_payload) {}

  // Appends the messages completed by `bytes` to `out`. INVALID_ARGUMENT for
  // an oversize length or a malformed UUID or DTMF message; the decoder then
  // stays failed (the connection cannot be resynchronised).
  absl::Status Feed(std::string_view bytes, std::vector<Message>* out);

  // Bytes received of a message not yet complete.
  size_t pending() const { return buffer_.size(); }

 private:
  const size_t max_payload_;
  std::string buffer_;
  absl::Status failed_;
};

// A whole message: header and payload. `payload` must fit in 65535 bytes.
std::string EncodeMessage(uint8_t type, std::string_view payload);
inline std::string EncodeHangup() { return EncodeMessage(kTypeHangup, ""); }

// The UUID's canonical text, lower case: "8-4-4-4-12" hex digits.
std::string UuidToString(std::string_view bytes16);
// Accepts the canonical text in any case; returns its 16 bytes.
absl::StatusOr<std::string> UuidFromString(std::string_view text);

}  // namespace policyreader::telephony

#endif  // POLICY_READER_SERVICE_TELEPHONY_AUDIOSOCKET_CODEC_H_
