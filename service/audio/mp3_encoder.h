// MP3 output through LAME (mp3_encoder.cc is the one file that includes
// <lame/lame.h>). The stream has no Xing/LAME info frame, since that would
// mean rewriting its first frame after the end; so decoders do not know
// LAME's encoder delay (576 + 529 samples of leading silence) nor the
// padding of the last frame, and decoded audio is that much longer than the
// PCM fed in (kMp3EncoderDelaySamples and up to one frame more).
//
// Thread-safety: an encoder is used by one thread at a time (see encoder.h).
#ifndef POLICY_READER_SERVICE_AUDIO_MP3_ENCODER_H_
#define POLICY_READER_SERVICE_AUDIO_MP3_ENCODER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "service/audio/encoder.h"

namespace policyreader::audio {

// LAME's fixed delay: one granule of MDCT overlap plus the 529-sample
// decoder delay of the polyphase filterbank.
inline constexpr int kMp3EncoderDelaySamples = 576 + 529;

struct Mp3Settings {
  // 8000-48000 Hz: 8/11.025/12 kHz are MPEG-2.5, 16/22.05/24 kHz MPEG-2,
  // 32/44.1/48 kHz MPEG-1.
  int sample_rate_hz = 22050;
  // CBR bitrate, or VBR's mean target when vbr is set (kbit/s). Must be one
  // the MPEG version at the rate allows (MPEG-1 takes no less than 32).
  int bitrate_kbps = 48;
  bool vbr = false;
  // LAME's algorithm quality: 0 best and slowest to 9 worst and fastest.
  int quality = 7;
};

// INVALID_ARGUMENT for settings LAME cannot use; INTERNAL if LAME refuses.
absl::StatusOr<std::unique_ptr<Encoder>> MakeMp3Encoder(
    const Mp3Settings& settings);

// The bitrate the service uses at a rate: 48 kbit/s mono for speech, and 24
// at 8-12 kHz (MPEG-2.5 frames hold fewer samples, and there is no more
// band to spend bits on).
int Mp3BitrateKbpsForRate(int sample_rate_hz);
// True for the rates LAME takes as input and output without resampling.
bool IsMp3Rate(int sample_rate_hz);

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_MP3_ENCODER_H_
