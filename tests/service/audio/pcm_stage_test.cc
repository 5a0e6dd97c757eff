// Checks PcmStage: option validation, gain with saturation (never wrapping),
// pass-through at equal rates and resampling otherwise.
#include "service/audio/pcm_stage.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <numbers>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace policyreader::audio {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<PcmStage> MakeStage(int in_rate, int out_rate, double gain_db) {
  absl::StatusOr<std::unique_ptr<PcmStage>> stage =
      PcmStage::Create({.input_rate_hz = in_rate,
                        .output_rate_hz = out_rate,
                        .gain_db = gain_db});
  EXPECT_TRUE(stage.ok()) << stage.status();
  return stage.ok() ? *std::move(stage) : nullptr;
}

std::vector<int16_t> ProcessAll(PcmStage& stage,
                                const std::vector<int16_t>& in) {
  std::vector<int16_t> out;
  stage.Process(in, &out);
  stage.Flush(&out);
  return out;
}

TEST(PcmStageTest, UnityAtEqualRatesIsBitExact) {
  auto stage = MakeStage(22050, 22050, 0.0);
  ASSERT_NE(stage, nullptr);
  const std::vector<int16_t> in = {0, 1, -1, 12345, -32768, 32767};
  EXPECT_EQ(ProcessAll(*stage, in), in);
}

TEST(PcmStageTest, SixDecibelsDoublesAmplitude) {
  auto stage = MakeStage(16000, 16000, 6.0);
  ASSERT_NE(stage, nullptr);
  const std::vector<int16_t> in = {1000, -1000, 4000, -4000, 0};
  const std::vector<int16_t> out = ProcessAll(*stage, in);
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    // 6 dB is a factor 1.995, not exactly 2.
    EXPECT_NEAR(out[i], in[i] * 1.9953, 1.0) << i;
  }
}

TEST(PcmStageTest, NegativeGainAttenuates) {
  auto stage = MakeStage(8000, 8000, -20.0);
  ASSERT_NE(stage, nullptr);
  const std::vector<int16_t> out = ProcessAll(*stage, {10000, -10000});
  EXPECT_EQ(out, (std::vector<int16_t>{1000, -1000}));
}

TEST(PcmStageTest, SaturatesInsteadOfWrapping) {
  auto stage = MakeStage(22050, 22050, 16.0);
  ASSERT_NE(stage, nullptr);
  const std::vector<int16_t> in = {20000, -20000, 32767, -32768,
                                   6000,  -6000,  100,   -100};
  const std::vector<int16_t> out = ProcessAll(*stage, in);
  ASSERT_EQ(out.size(), in.size());
  EXPECT_EQ(out[0], std::numeric_limits<int16_t>::max());
  EXPECT_EQ(out[1], std::numeric_limits<int16_t>::min());
  EXPECT_EQ(out[2], std::numeric_limits<int16_t>::max());
  EXPECT_EQ(out[3], std::numeric_limits<int16_t>::min());
  EXPECT_EQ(out[4], std::numeric_limits<int16_t>::max());
  EXPECT_EQ(out[5], std::numeric_limits<int16_t>::min());
  EXPECT_EQ(out[6], 631);  // 100 * 10^(16/20) = 630.96
  EXPECT_EQ(out[7], -631);
}

TEST(PcmStageTest, ResamplesThenAppliesGain) {
  auto stage = MakeStage(22050, 8000, 6.0);
  ASSERT_NE(stage, nullptr);
  constexpr double kAmplitude = 8000;
  std::vector<int16_t> in(22050);
  for (size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<int16_t>(std::lround(
        kAmplitude * std::sin(2 * std::numbers::pi * 1000 * i / 22050.0)));
  }
  // Fed in two parts, as a sentence arrives from the engine.
  std::vector<int16_t> out;
  stage->Process(std::span<const int16_t>(in).first(10000), &out);
  stage->Process(std::span<const int16_t>(in).subspan(10000), &out);
  stage->Flush(&out);
  EXPECT_NEAR(static_cast<double>(out.size()), 8000, 3);

  int peak = 0;
  for (size_t i = 800; i + 800 < out.size(); ++i) {
    peak = std::max(peak, std::abs(static_cast<int>(out[i])));
  }
  EXPECT_NEAR(peak, kAmplitude * 1.9953, kAmplitude * 0.02);
}

TEST(PcmStageTest, FlushWithoutResamplerAddsNothing) {
  auto stage = MakeStage(48000, 48000, 3.0);
  ASSERT_NE(stage, nullptr);
  std::vector<int16_t> out = {7};
  stage->Flush(&out);
  EXPECT_EQ(out, (std::vector<int16_t>{7}));
}

TEST(PcmStageTest, AcceptsRangeLimits) {
  EXPECT_TRUE(PcmStage::Create({8000, 48000, -96.0}).ok());
  EXPECT_TRUE(PcmStage::Create({48000, 8000, 16.0}).ok());
}

TEST(PcmStageTest, RejectsBadRates) {
  for (const auto& [in_rate, out_rate] :
       {std::pair{7999, 8000}, std::pair{22050, 48001}, std::pair{0, 8000},
        std::pair{22050, -1}}) {
    const absl::Status status =
        PcmStage::Create({in_rate, out_rate, 0.0}).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
        << in_rate << " -> " << out_rate;
    EXPECT_THAT(std::string(status.message()), HasSubstr("Hz"));
  }
}

TEST(PcmStageTest, RejectsBadGain) {
  for (const double gain :
       {16.01, -96.01, std::numeric_limits<double>::quiet_NaN(),
        std::numeric_limits<double>::infinity()}) {
    const absl::Status status = PcmStage::Create({22050, 8000, gain}).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << gain;
    EXPECT_THAT(std::string(status.message()), HasSubstr("dB"));
  }
}

}  // namespace
}  // namespace policyreader::audio
