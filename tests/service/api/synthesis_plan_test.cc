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
                                                .is_default = true,
                                                .description = "Standard"},
                                               {.name = "dansk-kvinde",
                                                .language = "da-DK",
                                                .espeak_voice = "da+f3",
                                                .rate_wpm = 170,
                                                .pitch = 60,
                                                .description = "Kvinde"},
                                               {.name = "telefon",
                                                .language = "da-DK",
                                                .espeak_voice = "da",
                                                .rate_wpm = 150,
                                                .pitch = 50,
                                                .telephone = true,
                                                .description = "Telefon"}});
}

// The telephone voice, frames and compressed encodings: how each request
// maps, table by table.
struct FormatCase {
  const char* name;
  const char* voice;
  v1::AudioEncoding encoding;
  uint32_t rate_hz;
  uint32_t frame_ms;
  absl::StatusCode code;
  v1::AudioEncoding out_encoding;
  int out_rate_hz;
  int frame_samples;
};

class FormatPlanTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FormatPlanTest, MapsOrRejects) {
  const FormatCase& c = GetParam();
  v1::SynthesizeRequest request;
  request.set_voice(c.voice);
  request.mutable_audio()->set_encoding(c.encoding);
  request.mutable_audio()->set_sample_rate_hz(c.rate_hz);
  request.mutable_audio()->set_frame_ms(c.frame_ms);
  voices::VoiceRegistry registry = Registry();
  absl::StatusOr<SynthesisPlan> plan =
      MakeSynthesisPlan(request, registry, 22050);
  ASSERT_EQ(plan.status().code(), c.code) << c.name << ": " << plan.status();
  if (!plan.ok()) return;
  EXPECT_EQ(plan->proto_encoding, c.out_encoding) << c.name;
  EXPECT_EQ(plan->output_rate_hz, c.out_rate_hz) << c.name;
  EXPECT_EQ(plan->frame_samples, c.frame_samples) << c.name;
  EXPECT_EQ(plan->telephone, std::string(c.voice) == "telefon") << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FormatPlanTest,
    ::testing::Values(
        FormatCase{"phone_defaults_to_alaw_8k", "telefon",
                   v1::AUDIO_ENCODING_UNSPECIFIED, 0, 0, absl::StatusCode::kOk,
                   v1::ALAW, 8000, 0},
        FormatCase{"phone_sln_is_8k", "telefon", v1::LINEAR16, 0, 0,
                   absl::StatusCode::kOk, v1::LINEAR16, 8000, 0},
        FormatCase{"phone_sln16", "telefon", v1::LINEAR16, 16000, 0,
                   absl::StatusCode::kOk, v1::LINEAR16, 16000, 0},
        FormatCase{"alaw_20ms_frames", "", v1::ALAW, 0, 20,
                   absl::StatusCode::kOk, v1::ALAW, 8000, 160},
        FormatCase{"linear_20ms_at_22050", "", v1::LINEAR16, 0, 20,
                   absl::StatusCode::kOk, v1::LINEAR16, 22050, 441},
        FormatCase{"frame_too_short", "", v1::ALAW, 0, 5,
                   absl::StatusCode::kInvalidArgument, v1::ALAW, 0, 0},
        FormatCase{"frame_not_whole_samples", "", v1::LINEAR16, 0, 25,
                   absl::StatusCode::kInvalidArgument, v1::LINEAR16, 0, 0},
        FormatCase{"opus_defaults", "", v1::OGG_OPUS, 0, 0,
                   absl::StatusCode::kOk, v1::OGG_OPUS, 24000, 0},
        FormatCase{"mp3_defaults", "", v1::MP3, 0, 0, absl::StatusCode::kOk,
                   v1::MP3, 22050, 0},
        FormatCase{"opus_refuses_frames", "", v1::OGG_OPUS, 0, 20,
                   absl::StatusCode::kInvalidArgument, v1::OGG_OPUS, 0, 0},
        FormatCase{"opus_refuses_22050", "", v1::OGG_OPUS, 22050, 0,
                   absl::StatusCode::kInvalidArgument, v1::OGG_OPUS, 0, 0}));

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
