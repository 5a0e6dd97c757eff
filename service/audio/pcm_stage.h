// Per-sentence audio conditioning: engine PCM (22050 Hz mono int16) in,
// output-rate PCM with gain applied out. Each sentence gets its own stage so
// sentences can be processed on different threads in parallel; the stage is
// flushed at the sentence end so no audio is held back across sentences.
//
// Thread-safety: a PcmStage is used by one thread at a time (not shared).
#ifndef POLICY_READER_SERVICE_AUDIO_PCM_STAGE_H_
#define POLICY_READER_SERVICE_AUDIO_PCM_STAGE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "service/audio/resampler.h"

namespace policyreader::audio {

struct PcmStageOptions {
  int input_rate_hz = 22050;
  int output_rate_hz = 22050;
  // Applied after resampling; samples are limited to int16 range, never wrap.
  double gain_db = 0.0;
  // The telephone voice: the sentence is held until Flush(), then
  // band-limited and set to -19 dBm0 (plus gain_db) as a whole.
  bool telephone = false;
};

class PcmStage {
 public:
  // Fails with INVALID_ARGUMENT for rates outside 8000..48000 Hz or gain
  // outside -96..16 dB, and INTERNAL if the resampler cannot be created.
  static absl::StatusOr<std::unique_ptr<PcmStage>> Create(
      const PcmStageOptions& options);

  // Appends the conditioned samples for `in` to `out` (for the telephone
  // voice: nothing until Flush()).
  void Process(std::span<const int16_t> in, std::vector<int16_t>* out);
  // Appends what the resampler still holds; the stage is done afterwards.
  void Flush(std::vector<int16_t>* out);

 private:
  explicit PcmStage(const PcmStageOptions& options,
                    std::unique_ptr<Resampler> resampler);
  void ApplyGain(std::span<int16_t> samples) const;

  PcmStageOptions options_;
  double linear_gain_;
  std::unique_ptr<Resampler> resampler_;  // Null when rates are equal.
  std::vector<int16_t> held_;             // Telephone: the sentence so far.
};

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_PCM_STAGE_H_
