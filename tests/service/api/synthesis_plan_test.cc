// Request validation: every field's range, defaults and error wording.
#include "service/api/synthesis_plan.h"

#include "gtest/gtest.h"

namespace policyreader::api {
namespace {

voices::VoiceRegistry Registry() {
  return *voices::VoiceRegistry::FromProfiles({{.name = "dansk",
                                                .language = "da-DK",
                                                .espeak_voice = "da",
                                                .rate_wpm = 160,
                                                .pitch = 50,
                                                .is_default = true},
                                               {.name = "dansk-kvinde",
                                                .language = "da-DK",
                                                .espeak_voice = "da+f3",
                                                .rate_wpm = 170,
                                                .pitch = 60}});
}

struct PlanCase {
  const char* name;
  const char* voice;
  v1::AudioEncoding encoding;
  uint32_t rate_hz;
  double speed;
  double pitch;
  double gain;
  // Expected outcome.
  absl::StatusCode code;
  const char* message_part;
  int output_rate_hz;
  int rate_wpm;
};

class PlanTest : public ::testing::TestWithParam<PlanCase> {};

TEST_P(PlanTest, MapsOrRejects) {
  const PlanCase& c = GetParam();
  v1::SynthesizeRequest request;
  request.set_voice(c.voice);
  request.mutable_audio()->set_encoding(c.encoding);
  request.mutable_audio()->set_sample_rate_hz(c.rate_hz);
  request.mutable_audio()->set_speaking_rate(c.speed);
  request.mutable_audio()->set_pitch(c.pitch);
  request.mutable_audio()->set_volume_gain_db(c.gain);
  voices::VoiceRegistry registry = Registry();
  absl::StatusOr<SynthesisPlan> plan =
      MakeSynthesisPlan(request, registry, 22050);
  ASSERT_EQ(plan.status().code(), c.code) << plan.status();
  if (!plan.ok()) {
    EXPECT_NE(plan.status().message().find(c.message_part),
              absl::string_view::npos)
        << plan.status();
    return;
  }
  EXPECT_EQ(plan->output_rate_hz, c.output_rate_hz);
  EXPECT_EQ(plan->engine.rate_wpm, c.rate_wpm);
}

using C = absl::StatusCode;
INSTANTIATE_TEST_SUITE_P(
    Cases, PlanTest,
    ::testing::Values(PlanCase{"defaults", "", v1::AUDIO_ENCODING_UNSPECIFIED,
                               0, 0, 0, 0, C::kOk, "", 22050, 160},
                      PlanCase{"linear16_16k", "", v1::LINEAR16, 16000, 1, 0, 0,
                               C::kOk, "", 16000, 160},
                      PlanCase{"alaw_defaults_8k", "", v1::ALAW, 0, 0, 0, 0,
                               C::kOk, "", 8000, 160},
                      PlanCase{"mulaw_defaults_8k", "", v1::MULAW, 0, 0, 0, 0,
                               C::kOk, "", 8000, 160},
                      PlanCase{"alaw_16k", "", v1::ALAW, 16000, 0, 0, 0, C::kOk,
                               "", 16000, 160},
                      PlanCase{"half_speed", "", v1::LINEAR16, 0, 0.5, 0, 0,
                               C::kOk, "", 22050, 80},
                      PlanCase{"triple_speed", "dansk-kvinde", v1::LINEAR16, 0,
                               3.0, 0, 0, C::kOk, "", 22050, 510},
                      PlanCase{"too_fast", "", v1::LINEAR16, 0, 3.5, 0, 0,
                               C::kInvalidArgument, "speaking_rate", 0, 0},
                      PlanCase{"too_slow", "", v1::LINEAR16, 0, 0.2, 0, 0,
                               C::kInvalidArgument, "0.5 to 3.0", 0, 0},
                      PlanCase{"negative_speed", "", v1::LINEAR16, 0, -1, 0, 0,
                               C::kInvalidArgument, "speaking_rate", 0, 0},
                      PlanCase{"pitch_range", "", v1::LINEAR16, 0, 1, 13, 0,
                               C::kInvalidArgument, "pitch", 0, 0},
                      PlanCase{"gain_range", "", v1::LINEAR16, 0, 1, 0, 20,
                               C::kInvalidArgument, "volume_gain_db", 0, 0},
                      PlanCase{"rate_low", "", v1::LINEAR16, 4000, 1, 0, 0,
                               C::kInvalidArgument, "sample_rate_hz", 0, 0},
                      PlanCase{"rate_high", "", v1::LINEAR16, 96000, 1, 0, 0,
                               C::kInvalidArgument, "8000 to 48000", 0, 0},
                      PlanCase{"unknown_encoding", "",
                               static_cast<v1::AudioEncoding>(99), 0, 1, 0, 0,
                               C::kInvalidArgument, "encoding", 0, 0},
                      PlanCase{"unknown_voice", "robot", v1::LINEAR16, 0, 1, 0,
                               0, C::kNotFound, "robot", 0, 0}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PlanTest, PitchMovesTheEngineBasePitchWithinRange) {
  voices::VoiceRegistry registry = Registry();
  v1::SynthesizeRequest request;
  request.mutable_audio()->set_pitch(12);
  EXPECT_EQ(MakeSynthesisPlan(request, registry, 22050)->engine.pitch, 86);
  request.mutable_audio()->set_pitch(-12);
  EXPECT_EQ(MakeSynthesisPlan(request, registry, 22050)->engine.pitch, 14);
}

}  // namespace
}  // namespace policyreader::api
