// Request validation and mapping; see synthesis_plan.h.
#include "service/api/synthesis_plan.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "service/audio/mp3_encoder.h"

namespace policyreader::api {
namespace {

constexpr double kMinRate = 0.5;
constexpr double kMaxRate = 3.0;
constexpr double kMaxPitchSemitones = 12.0;
constexpr double kMinGainDb = -96.0;
constexpr double kMaxGainDb = 16.0;
constexpr int kMinSampleRate = 8000;
constexpr int kMaxSampleRate = 48000;
constexpr int kTelephoneRate = 8000;
constexpr uint32_t kMinFrameMs = 10;
constexpr uint32_t kMaxFrameMs = 60;
// Opus is fed 24000 Hz (soxr resamples eSpeak's 22050): it costs the same as
// letting libopusenc resample (bench/audio-bench) and keeps the input rate
// one Opus codes natively. Decoders output 48000 Hz whatever the input.
constexpr int kOpusDefaultRate = 24000;
constexpr int kOpusDecodedRate = 48000;
// MPEG-2 Layer III at eSpeak's own rate: no resampling at all.
constexpr int kMp3DefaultRate = 22050;

bool IsOpusRate(int hz) {
  return hz == 8000 || hz == 12000 || hz == 16000 || hz == 24000 || hz == 48000;
}
// eSpeak's pitch scale (0-100) is not in semitones; about three steps per
// semitone matches what listeners hear around the default voices.
constexpr double kEspeakPitchPerSemitone = 3.0;

}  // namespace

absl::StatusOr<SynthesisPlan> MakeSynthesisPlan(
    const v1::SynthesizeRequest& request, const voices::VoiceRegistry& voices,
    int engine_rate_hz) {
  SynthesisPlan plan;
  absl::StatusOr<const voices::VoiceProfile*> voice =
      voices.Find(request.voice());
  if (!voice.ok()) return voice.status();
  plan.voice = *voice;

  const v1::AudioConfig& config = request.audio();
  double rate = config.speaking_rate() == 0 ? 1.0 : config.speaking_rate();
  if (!(rate >= kMinRate && rate <= kMaxRate)) {
    return absl::InvalidArgumentError(
        absl::StrCat("audio.speaking_rate is ", config.speaking_rate(),
                     "; it must be from 0.5 to 3.0 (1.0 is normal, 0 means "
                     "1.0)"));
  }
  if (!(std::abs(config.pitch()) <= kMaxPitchSemitones)) {
    return absl::InvalidArgumentError(
        absl::StrCat("audio.pitch is ", config.pitch(),
                     "; it must be from -12 to 12 semitones"));
  }
  if (!(config.volume_gain_db() >= kMinGainDb &&
        config.volume_gain_db() <= kMaxGainDb)) {
    return absl::InvalidArgumentError(
        absl::StrCat("audio.volume_gain_db is ", config.volume_gain_db(),
                     "; it must be from -96 to 16"));
  }
  plan.gain_db = config.volume_gain_db();

  plan.telephone = plan.voice->telephone;
  v1::AudioEncoding encoding = config.encoding();
  // The phone voice speaks A-law unless told otherwise (Denmark's PSTN).
  if (plan.telephone && encoding == v1::AUDIO_ENCODING_UNSPECIFIED) {
    encoding = v1::ALAW;
  }
  switch (encoding) {
    case v1::AUDIO_ENCODING_UNSPECIFIED:
    case v1::LINEAR16:
      plan.encoding = audio::Encoding::kLinear16;
      plan.proto_encoding = v1::LINEAR16;
      plan.output_rate_hz = plan.telephone ? kTelephoneRate : engine_rate_hz;
      break;
    case v1::MULAW:
      plan.encoding = audio::Encoding::kMulaw;
      plan.proto_encoding = v1::MULAW;
      plan.output_rate_hz = kTelephoneRate;
      break;
    case v1::ALAW:
      plan.encoding = audio::Encoding::kAlaw;
      plan.proto_encoding = v1::ALAW;
      plan.output_rate_hz = kTelephoneRate;
      break;
    // The telephone voice may be compressed too: its 8 kHz band-limited
    // audio is what gets encoded (narrowband Opus, MPEG-2.5 MP3).
    case v1::OGG_OPUS:
      plan.encoding = audio::Encoding::kOggOpus;
      plan.proto_encoding = v1::OGG_OPUS;
      plan.output_rate_hz = plan.telephone ? kTelephoneRate : kOpusDefaultRate;
      break;
    case v1::MP3:
      plan.encoding = audio::Encoding::kMp3;
      plan.proto_encoding = v1::MP3;
      plan.output_rate_hz = plan.telephone ? kTelephoneRate : kMp3DefaultRate;
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "audio.encoding ", config.encoding(),
          " is not supported; use LINEAR16, MULAW, ALAW, OGG_OPUS or MP3"));
  }
  if (config.sample_rate_hz() != 0) {
    int hz = static_cast<int>(config.sample_rate_hz());
    if (config.sample_rate_hz() < kMinSampleRate ||
        config.sample_rate_hz() > kMaxSampleRate) {
      return absl::InvalidArgumentError(
          absl::StrCat("audio.sample_rate_hz is ", config.sample_rate_hz(),
                       "; it must be from 8000 to 48000 (0 for the default)"));
    }
    if (plan.encoding == audio::Encoding::kOggOpus && !IsOpusRate(hz)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "audio.sample_rate_hz is ", hz,
          "; OGG_OPUS takes 8000, 12000, 16000, 24000 or 48000 (0 for the "
          "default, 24000)"));
    }
    if (plan.encoding == audio::Encoding::kMp3 && !audio::IsMp3Rate(hz)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "audio.sample_rate_hz is ", hz,
          "; MP3 takes 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100 "
          "or 48000 (0 for the default, 22050)"));
    }
    plan.output_rate_hz = hz;
  }
  plan.stream_rate_hz = plan.encoding == audio::Encoding::kOggOpus
                            ? kOpusDecodedRate
                            : plan.output_rate_hz;
  if (config.frame_ms() != 0 && audio::IsCompressed(plan.encoding)) {
    return absl::InvalidArgumentError(
        absl::StrCat("audio.frame_ms is ", config.frame_ms(),
                     "; framing is for LINEAR16, "
                     "MULAW and ALAW; OGG_OPUS and MP3 take 0"));
  }
  if (config.frame_ms() != 0) {
    if (config.frame_ms() < kMinFrameMs || config.frame_ms() > kMaxFrameMs ||
        plan.output_rate_hz * config.frame_ms() % 1000 != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("audio.frame_ms is ", config.frame_ms(),
                       "; it must be from ", kMinFrameMs, " to ", kMaxFrameMs,
                       " ms and a whole number of samples at ",
                       plan.output_rate_hz, " Hz (0 for no framing)"));
    }
    plan.frame_samples =
        static_cast<int>(plan.output_rate_hz * config.frame_ms() / 1000);
  }

  plan.engine.espeak_voice = plan.voice->espeak_voice;
  plan.engine.rate_wpm =
      static_cast<int>(std::lround(plan.voice->rate_wpm * rate));
  plan.engine.pitch = std::clamp(
      static_cast<int>(std::lround(plan.voice->pitch +
                                   config.pitch() * kEspeakPitchPerSemitone)),
      0, 100);
  plan.engine.word_marks = request.enable_word_marks();
  return plan;
}

}  // namespace policyreader::api
