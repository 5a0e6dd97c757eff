// Turns a SynthesizeRequest's voice and AudioConfig into validated internal
// settings: the engine parameters and the output format. All range checks
// of the request live here, so the error messages are in one place.
//
// Thread-safety: pure functions.
#ifndef POLICY_READER_SERVICE_API_SYNTHESIS_PLAN_H_
#define POLICY_READER_SERVICE_API_SYNTHESIS_PLAN_H_

#include "absl/status/statusor.h"
#include "policyreader/v1/policy_reader.pb.h"
#include "service/audio/encoder.h"
#include "service/synth/espeak_engine.h"
#include "service/voices/voice_registry.h"

namespace policyreader::api {

struct SynthesisPlan {
  const voices::VoiceProfile* voice = nullptr;
  // Engine settings without text; each sentence fills in its own.
  synth::EngineRequest engine;
  audio::Encoding encoding = audio::Encoding::kLinear16;
  v1::AudioEncoding proto_encoding = v1::LINEAR16;
  // The PCM rate after conditioning, which the encoder is fed.
  int output_rate_hz = 22050;
  // StreamHeader.sample_rate_hz and the unit of SentenceEnd.audio_samples:
  // output_rate_hz, except for Opus, whose decoders always give 48000 Hz.
  int stream_rate_hz = 22050;
  double gain_db = 0.0;
  // The voice is a telephone voice (see service/audio/telephone.h).
  bool telephone = false;
  // Samples per audio message (AudioConfig.frame_ms); 0: no framing.
  int frame_samples = 0;
};

// INVALID_ARGUMENT naming the field and its range; NOT_FOUND for a voice.
absl::StatusOr<SynthesisPlan> MakeSynthesisPlan(
    const v1::SynthesizeRequest& request, const voices::VoiceRegistry& voices,
    int engine_rate_hz);

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_SYNTHESIS_PLAN_H_
