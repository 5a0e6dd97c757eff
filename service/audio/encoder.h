// Turns conditioned PCM into the bytes of the requested encoding. One Encoder
// per output stream, fed in stream order, so stateful encoders (containers,
// codecs with look-ahead) can slot in behind the same interface. The
// compressed encoders (Ogg Opus, MP3) hold audio back across Encode calls and
// emit it later; only Finish() guarantees everything fed has been written.
// A codec that fails returns INTERNAL with its library's message; the bytes
// it has appended by then are incomplete, so the stream cannot go on (the
// caller ends it with that status rather than let the listener hear a gap).
//
// Thread-safety: not thread-safe; the owning stream serializes calls.
#ifndef POLICY_READER_SERVICE_AUDIO_ENCODER_H_
#define POLICY_READER_SERVICE_AUDIO_ENCODER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace policyreader::audio {

enum class Encoding {
  kLinear16,  // Little-endian signed 16-bit PCM, no header.
  kMulaw,     // ITU-T G.711 mu-law.
  kAlaw,      // ITU-T G.711 A-law.
  kOggOpus,   // Opus in an Ogg container (RFC 7845), libopusenc.
  kMp3,       // MPEG-1/2/2.5 Layer III, LAME.
};

std::string_view EncodingName(Encoding encoding);
// Bytes one sample takes in `encoding` (2 for LINEAR16, 1 for G.711, 0 for
// the compressed encodings, whose bytes do not map to samples).
int BytesPerSample(Encoding encoding);
// True for Ogg Opus and MP3: stateful, delayed, not sample-addressable.
bool IsCompressed(Encoding encoding);

class Encoder {
 public:
  virtual ~Encoder() = default;
  // Appends the encoded form of `pcm` to `out`.
  [[nodiscard]] virtual absl::Status Encode(std::span<const int16_t> pcm,
                                            std::string* out) = 0;
  // Appends whatever completes the stream (nothing for raw formats). A
  // second Finish adds nothing and returns OK.
  [[nodiscard]] virtual absl::Status Finish(std::string* out) = 0;
};

// The raw encoders (LINEAR16, G.711), which need no rate. Null for the
// compressed encodings: use the overload below.
std::unique_ptr<Encoder> MakeEncoder(Encoding encoding);
// Any encoding, fed mono PCM at `sample_rate_hz`, with the settings chosen
// by measurement (opus_encoder.h, mp3_encoder.h). INVALID_ARGUMENT for a
// rate the codec does not take; INTERNAL if the library refuses.
absl::StatusOr<std::unique_ptr<Encoder>> MakeEncoder(Encoding encoding,
                                                     int sample_rate_hz);

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_ENCODER_H_
