// Turns conditioned PCM into the bytes of the requested encoding. One Encoder
// per output stream, fed in stream order, so stateful encoders (containers,
// codecs with look-ahead) can slot in behind the same interface.
//
// Thread-safety: not thread-safe; the owning stream serializes calls.
#ifndef POLICY_READER_SERVICE_AUDIO_ENCODER_H_
#define POLICY_READER_SERVICE_AUDIO_ENCODER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace policyreader::audio {

enum class Encoding {
  kLinear16,  // Little-endian signed 16-bit PCM, no header.
  kMulaw,     // ITU-T G.711 mu-law.
  kAlaw,      // ITU-T G.711 A-law.
};

std::string_view EncodingName(Encoding encoding);
// Bytes one sample takes in `encoding` (2 for LINEAR16, 1 for G.711).
int BytesPerSample(Encoding encoding);

class Encoder {
 public:
  virtual ~Encoder() = default;
  // Appends the encoded form of `pcm` to `out`.
  virtual void Encode(std::span<const int16_t> pcm, std::string* out) = 0;
  // Appends whatever completes the stream (nothing for raw formats).
  virtual void Finish(std::string* out) = 0;
};

std::unique_ptr<Encoder> MakeEncoder(Encoding encoding);

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_ENCODER_H_
