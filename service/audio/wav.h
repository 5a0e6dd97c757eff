// RIFF/WAVE headers for PCM16, A-law (format 6) and mu-law (format 7) mono
// audio, so files play in any player and in Asterisk/FreeSWITCH.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef POLICY_READER_SERVICE_AUDIO_WAV_H_
#define POLICY_READER_SERVICE_AUDIO_WAV_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "service/audio/encoder.h"

namespace policyreader::audio {

struct WavFormat {
  // A raw encoding: Ogg Opus and MP3 carry their own container.
  Encoding encoding = Encoding::kLinear16;
  int sample_rate_hz = 22050;
};

// The header for `data_bytes` of audio. G.711 headers carry the 18-byte
// WAVEFORMATEX and a "fact" chunk, as Microsoft requires for non-PCM data. When
// the length is not known yet (streaming), write it with 0 and rewrite it at
// offset 0 once known.
std::string WavHeader(const WavFormat& format, uint32_t data_bytes);
// Size of WavHeader's output for `format`.
size_t WavHeaderSize(const WavFormat& format);

struct ParsedWav {
  WavFormat format;
  std::string data;  // The "data" chunk's bytes.
};
// Reads a WAV this module wrote (and common PCM/G.711 WAVs, including
// WAVE_FORMAT_EXTENSIBLE ones); INVALID_ARGUMENT with the reason otherwise.
// Unknown chunks (LIST, fact, ...) are skipped. A data size of 0 or
// 0xFFFFFFFF, as left by a streaming writer that never rewrote the header,
// means the audio runs to the end of `bytes`.
absl::StatusOr<ParsedWav> ParseWav(const std::string& bytes);

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_WAV_H_
