// Checks the soxr-backed resampler on pure tones: output length, preserved
// frequency, phase and level, suppressed aliasing, and that chunked streaming
// gives the same result as one call.
#include "service/audio/resampler.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <numbers>
#include <random>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace policyreader::audio {
namespace {

constexpr int kEngineRate = 22050;

std::vector<int16_t> Sine(int rate_hz, double frequency_hz, double seconds,
                          double amplitude) {
  const auto count = static_cast<size_t>(std::lround(rate_hz * seconds));
  std::vector<int16_t> samples(count);
  for (size_t i = 0; i < count; ++i) {
    samples[i] = static_cast<int16_t>(
        std::lround(amplitude * std::sin(2 * std::numbers::pi * frequency_hz *
                                         i / rate_hz)));
  }
  return samples;
}

std::vector<int16_t> ResampleOneShot(const std::vector<int16_t>& in,
                                     int in_rate, int out_rate) {
  auto resampler = Resampler::Create(in_rate, out_rate);
  EXPECT_TRUE(resampler.ok()) << resampler.status();
  std::vector<int16_t> out;
  (*resampler)->Process(in, &out);
  (*resampler)->Flush(&out);
  return out;
}

// The middle 80%, away from the start-up and tail transients.
std::span<const int16_t> Middle(const std::vector<int16_t>& samples) {
  const size_t margin = samples.size() / 10;
  return std::span<const int16_t>(samples).subspan(margin,
                                                   samples.size() - 2 * margin);
}

double Rms(std::span<const int16_t> samples) {
  double sum = 0;
  for (const int16_t s : samples) sum += static_cast<double>(s) * s;
  return std::sqrt(sum / samples.size());
}

// Frequency from the first and last upward zero crossings (interpolated),
// which is exact enough to tell 1000 Hz from 999 Hz in a second of audio.
double EstimateFrequency(std::span<const int16_t> samples, int rate_hz) {
  double first = -1;
  double last = -1;
  int crossings = 0;
  for (size_t i = 1; i < samples.size(); ++i) {
    if (samples[i - 1] < 0 && samples[i] >= 0) {
      const double fraction =
          static_cast<double>(-samples[i - 1]) / (samples[i] - samples[i - 1]);
      const double at = i - 1 + fraction;
      if (first < 0) first = at;
      last = at;
      ++crossings;
    }
  }
  if (crossings < 2) return 0;
  return (crossings - 1) * rate_hz / (last - first);
}

class ToneTest : public testing::TestWithParam<int> {};

TEST_P(ToneTest, KeepsLengthFrequencyPhaseAndLevel) {
  const int out_rate = GetParam();
  constexpr double kAmplitude = 10000;
  const std::vector<int16_t> in = Sine(kEngineRate, 1000, 1.0, kAmplitude);
  const std::vector<int16_t> out = ResampleOneShot(in, kEngineRate, out_rate);

  // One second in, one second out.
  EXPECT_NEAR(static_cast<double>(out.size()), out_rate, 3);

  EXPECT_NEAR(EstimateFrequency(Middle(out), out_rate), 1000.0, 0.5);

  const double level_db =
      20 * std::log10(Rms(Middle(out)) / (kAmplitude / std::numbers::sqrt2));
  EXPECT_NEAR(level_db, 0.0, 0.1);

  // soxr compensates its filter delay: sample n is the tone at time n/rate.
  const std::vector<int16_t> ideal = Sine(out_rate, 1000, 1.0, kAmplitude);
  const size_t margin = out.size() / 10;
  double worst = 0;
  for (size_t i = margin; i + margin < out.size() && i < ideal.size(); ++i) {
    worst = std::max(worst, std::abs(static_cast<double>(out[i]) - ideal[i]));
  }
  EXPECT_LT(worst, kAmplitude * 0.01);
}

INSTANTIATE_TEST_SUITE_P(OutputRates, ToneTest,
                         testing::Values(8000, 16000, 44100, 48000));

TEST(ResamplerTest, SuppressesToneAboveNewNyquist) {
  // 5 kHz cannot exist at 8 kHz; without a good filter it folds to 3 kHz.
  const std::vector<int16_t> in = Sine(kEngineRate, 5000, 1.0, 16000);
  const std::vector<int16_t> out = ResampleOneShot(in, kEngineRate, 8000);
  ASSERT_NEAR(static_cast<double>(out.size()), 8000, 3);
  const double attenuation_db =
      20 * std::log10((Rms(Middle(out)) + 1e-9) / Rms(Middle(in)));
  EXPECT_LT(attenuation_db, -30.0);
}

TEST(ResamplerTest, ChunkedStreamingMatchesOneShot) {
  const std::vector<int16_t> in = Sine(kEngineRate, 440, 1.0, 12000);
  std::mt19937 random(20240601);
  for (const int out_rate : {8000, 16000, 44100, 48000}) {
    const std::vector<int16_t> whole =
        ResampleOneShot(in, kEngineRate, out_rate);
    for (int trial = 0; trial < 3; ++trial) {
      auto resampler = Resampler::Create(kEngineRate, out_rate);
      ASSERT_TRUE(resampler.ok()) << resampler.status();
      std::vector<int16_t> chunked;
      std::uniform_int_distribution<size_t> chunk_size(0, 700);
      size_t offset = 0;
      while (offset < in.size()) {
        const size_t size = std::min(chunk_size(random), in.size() - offset);
        (*resampler)
            ->Process(std::span<const int16_t>(in).subspan(offset, size),
                      &chunked);
        offset += size;
      }
      (*resampler)->Flush(&chunked);
      ASSERT_EQ(chunked.size(), whole.size()) << "rate " << out_rate;
      // Without dither soxr is deterministic, so block boundaries must not
      // change a single sample; the sentence cache relies on that.
      const auto [at, unused] =
          std::mismatch(chunked.begin(), chunked.end(), whole.begin());
      EXPECT_EQ(at, chunked.end())
          << "rate " << out_rate << ": first differs at "
          << (at - chunked.begin());
    }
  }
}

TEST(ResamplerTest, EmptyBlockDoesNotEndTheStream) {
  // soxr takes a null input pointer as end of input; an empty block must not
  // be mistaken for it.
  const std::vector<int16_t> in = Sine(kEngineRate, 1000, 0.5, 8000);
  auto resampler = Resampler::Create(kEngineRate, 16000);
  ASSERT_TRUE(resampler.ok());
  std::vector<int16_t> out;
  (*resampler)->Process({}, &out);
  (*resampler)->Process(in, &out);
  (*resampler)->Flush(&out);
  EXPECT_EQ(out, ResampleOneShot(in, kEngineRate, 16000));
}

TEST(ResamplerTest, FlushIsFinal) {
  const std::vector<int16_t> in = Sine(kEngineRate, 1000, 0.2, 8000);
  auto resampler = Resampler::Create(kEngineRate, 8000);
  ASSERT_TRUE(resampler.ok());
  std::vector<int16_t> out;
  (*resampler)->Process(in, &out);
  (*resampler)->Flush(&out);
  const size_t flushed_size = out.size();
  (*resampler)->Flush(&out);
  (*resampler)->Process(in, &out);
  EXPECT_EQ(out.size(), flushed_size);
}

TEST(ResamplerTest, EmptyStreamGivesNothing) {
  auto resampler = Resampler::Create(kEngineRate, 8000);
  ASSERT_TRUE(resampler.ok());
  std::vector<int16_t> out;
  (*resampler)->Flush(&out);
  EXPECT_TRUE(out.empty());
}

TEST(ResamplerTest, RejectsNonPositiveRates) {
  EXPECT_EQ(Resampler::Create(0, 8000).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Resampler::Create(22050, -8000).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace policyreader::audio
