// Per-sentence PCM conditioning: resample to the output rate, then apply gain
// with saturation (or, for the telephone voice, band-limit and set the level
// of the whole sentence; see telephone.h). Gain comes after resampling so it
// runs at the output rate (fewer samples on the telephone path) and the
// clipping is done in one place we control, never inside the resampler.
#include "service/audio/pcm_stage.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "service/audio/resampler.h"
#include "service/audio/telephone.h"

namespace policyreader::audio {
namespace {

constexpr int kMinRateHz = 8000;
constexpr int kMaxRateHz = 48000;
constexpr double kMinGainDb = -96.0;
constexpr double kMaxGainDb = 16.0;

bool RateInRange(int rate_hz) {
  return rate_hz >= kMinRateHz && rate_hz <= kMaxRateHz;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PcmStage>> PcmStage::Create(
    const PcmStageOptions& options) {
  if (!RateInRange(options.input_rate_hz)) {
    return absl::InvalidArgumentError(
        absl::StrCat("input sample rate ", options.input_rate_hz,
                     " Hz is outside ", kMinRateHz, "..", kMaxRateHz, " Hz"));
  }
  if (!RateInRange(options.output_rate_hz)) {
    return absl::InvalidArgumentError(
        absl::StrCat("output sample rate ", options.output_rate_hz,
                     " Hz is outside ", kMinRateHz, "..", kMaxRateHz, " Hz"));
  }
  // Written so that NaN fails too.
  if (!(options.gain_db >= kMinGainDb && options.gain_db <= kMaxGainDb)) {
    return absl::InvalidArgumentError(
        absl::StrCat("gain ", options.gain_db, " dB is outside ", kMinGainDb,
                     "..", kMaxGainDb, " dB"));
  }
  std::unique_ptr<Resampler> resampler;
  if (options.input_rate_hz != options.output_rate_hz) {
    absl::StatusOr<std::unique_ptr<Resampler>> created =
        Resampler::Create(options.input_rate_hz, options.output_rate_hz);
    if (!created.ok()) {
      return absl::InternalError(created.status().message());
    }
    resampler = *std::move(created);
  }
  return std::unique_ptr<PcmStage>(new PcmStage(options, std::move(resampler)));
}

PcmStage::PcmStage(const PcmStageOptions& options,
                   std::unique_ptr<Resampler> resampler)
    : options_(options),
      linear_gain_(std::pow(10.0, options.gain_db / 20.0)),
      resampler_(std::move(resampler)) {}

void PcmStage::Process(std::span<const int16_t> in, std::vector<int16_t>* out) {
  if (options_.telephone) out = &held_;  // Conditioned whole at Flush().
  const size_t start = out->size();
  if (resampler_ != nullptr) {
    resampler_->Process(in, out);
  } else {
    out->insert(out->end(), in.begin(), in.end());
  }
  if (!options_.telephone) ApplyGain(std::span<int16_t>(*out).subspan(start));
}

void PcmStage::Flush(std::vector<int16_t>* out) {
  if (options_.telephone) {
    if (resampler_ != nullptr) resampler_->Flush(&held_);
    const std::vector<int16_t> ready = MakeTelephoneReady(
        held_, options_.output_rate_hz, kTelephoneLevelDbm0, options_.gain_db);
    out->insert(out->end(), ready.begin(), ready.end());
    held_.clear();
    return;
  }
  if (resampler_ == nullptr) return;
  const size_t start = out->size();
  resampler_->Flush(out);
  ApplyGain(std::span<int16_t>(*out).subspan(start));
}

void PcmStage::ApplyGain(std::span<int16_t> samples) const {
  // The common case, and it keeps the samples bit-exact.
  if (options_.gain_db == 0.0) return;
  constexpr double kLow = std::numeric_limits<int16_t>::min();
  constexpr double kHigh = std::numeric_limits<int16_t>::max();
  for (int16_t& sample : samples) {
    // Clamp before converting: out-of-range double -> int is undefined, and
    // wrapping would turn a loud peak into a full-scale click.
    const double scaled = std::nearbyint(sample * linear_gain_);
    sample = static_cast<int16_t>(std::clamp(scaled, kLow, kHigh));
  }
}

}  // namespace policyreader::audio
