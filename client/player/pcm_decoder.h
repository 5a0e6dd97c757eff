// Turns the audio chunks of a Synthesize stream back into 16-bit PCM for the
// sound device: little-endian LINEAR16 (a sample may be split across chunks)
// or G.711 A-law / mu-law bytes.
//
// Thread-safety: not thread-safe; one decoder per stream, fed in order by the
// thread reading the stream.
#ifndef POLICY_READER_CLIENT_PLAYER_PCM_DECODER_H_
#define POLICY_READER_CLIENT_PLAYER_PCM_DECODER_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "service/audio/encoder.h"

namespace policyreader::player {

class PcmDecoder {
 public:
  explicit PcmDecoder(audio::Encoding encoding) : encoding_(encoding) {}

  // Replaces `out` with the samples completed by `bytes`.
  void Decode(std::string_view bytes, std::vector<int16_t>* out);

  // True when a LINEAR16 sample is half received (a truncated stream if it
  // is still so at the end).
  bool has_partial_sample() const { return carry_.has_value(); }

 private:
  const audio::Encoding encoding_;
  std::optional<uint8_t> carry_;  // Low byte of a split LINEAR16 sample.
};

}  // namespace policyreader::player

#endif  // POLICY_READER_CLIENT_PLAYER_PCM_DECODER_H_
