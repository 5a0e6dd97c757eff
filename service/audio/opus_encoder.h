// Ogg Opus output through libopusenc (opus_encoder.cc is the one file that
// includes <opusenc.h>). The settings are exposed so bench/audio_bench.cc
// can measure the alternatives; the defaults are the chosen ones.
//
// Thread-safety: an encoder is used by one thread at a time (see encoder.h).
#ifndef POLICY_READER_SERVICE_AUDIO_OPUS_ENCODER_H_
#define POLICY_READER_SERVICE_AUDIO_OPUS_ENCODER_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "service/audio/encoder.h"

namespace policyreader::audio {

struct OpusSettings {
  // Input rate. Opus codes 8/12/16/24/48 kHz natively; libopusenc resamples
  // any other rate to 48 kHz itself. Decoders output 48 kHz whatever this is.
  int sample_rate_hz = 24000;
  // Mono speech is clear from about 24 kbit/s.
  int bitrate_bps = 32000;
  // 0 (cheapest) to 10. Even 0 costs several times what eSpeak does for the
  // same audio (BENCHMARKS-style figures in opus_encoder.cc), so 0.
  int complexity = 0;
  // OPUS_APPLICATION_AUDIO, VOIP (tuned for speech intelligibility) or
  // RESTRICTED_LOWDELAY (CELT only, no SILK: cheaper to encode).
  enum class Application { kAudio, kVoip, kCeltOnly };
  Application application = Application::kAudio;
  // Opus frame length: 20, 40 or 60 ms. Longer frames cost fewer encoder
  // calls (each pays a fixed cost; see opus_encoder.cc) and fewer packet
  // bytes, and latency does not matter for reading a text.
  int frame_ms = 60;
  // How long libopusenc may hold encoded packets before closing an Ogg page,
  // in ms: bounds how late audio reaches a listener, against 27+ bytes of
  // page header per page.
  int max_page_ms = 200;
  // The Ogg stream's serial number. libopusenc would take one from rand(),
  // which differs with every stream a process has encoded before, so the
  // same request gave other bytes on another server or after a restart (and
  // a strong ETag named two files). Fixed instead: a file holds one logical
  // stream, so the number only has to be unique within a file.
  int32_t serial = 0x50524452;  // "PRDR".
};

// The OPUS_APPLICATION_* value of `application` (libopus and libopusenc).
int OpusApplicationCode(OpusSettings::Application application);

// INVALID_ARGUMENT for settings out of range; INTERNAL if libopusenc refuses.
absl::StatusOr<std::unique_ptr<Encoder>> MakeOggOpusEncoder(
    const OpusSettings& settings);

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_OPUS_ENCODER_H_
