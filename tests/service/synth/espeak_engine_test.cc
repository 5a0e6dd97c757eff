// eSpeak NG in-process through the one file that owns it.
#include "service/synth/espeak_engine.h"

#include "gtest/gtest.h"

namespace policyreader::synth {
namespace {

class CountingSink : public EngineSink {
 public:
  size_t abort_after = 0;  // 0: never abort.
  std::vector<int16_t> audio;
  int words = 0;
  bool OnAudio(std::span<const int16_t> pcm) override {
    audio.insert(audio.end(), pcm.begin(), pcm.end());
    return abort_after == 0 || audio.size() < abort_after;
  }
  void OnWord(uint32_t, uint32_t, uint64_t) override { ++words; }
};

class EspeakEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto engine = EspeakEngine::Create({});
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = engine->release();
  }
  static void TearDownTestSuite() { delete engine_; }
  static EspeakEngine* engine_;
};
EspeakEngine* EspeakEngineTest::engine_ = nullptr;

TEST_F(EspeakEngineTest, SecondEngineInProcessIsRefused) {
  EXPECT_FALSE(EspeakEngine::Create({}).ok());
}

TEST_F(EspeakEngineTest, FasterRateGivesShorterAudio) {
  CountingSink normal, fast;
  EngineRequest request{.text = "Byrådet har vedtaget politikken i dag."};
  ASSERT_TRUE(engine_->Synthesize(request, &normal).ok());
  request.rate_wpm = 495;  // Three times 165, above eSpeak's 450.
  ASSERT_TRUE(engine_->Synthesize(request, &fast).ok());
  ASSERT_GT(normal.audio.size(), 0u);
  double ratio = static_cast<double>(fast.audio.size()) / normal.audio.size();
  EXPECT_GT(ratio, 0.2);
  EXPECT_LT(ratio, 0.5);
}

TEST_F(EspeakEngineTest, AbortStopsAndEngineStaysUsable) {
  CountingSink aborted, whole;
  EngineRequest request{.text =
                            "Dette er en lang sætning om kommunens "
                            "politik for arbejdsmiljø og trivsel."};
  aborted.abort_after = 2000;
  EXPECT_TRUE(absl::IsCancelled(engine_->Synthesize(request, &aborted)));
  // The buffer that asked to stop is the last: at most one buffer's samples.
  const size_t buffer_samples =
      static_cast<size_t>(EspeakEngineOptions{}.buffer_ms) * 22050 / 1000;
  EXPECT_LE(aborted.audio.size(), buffer_samples + 1);
  ASSERT_TRUE(engine_->Synthesize(request, &whole).ok());
  EXPECT_GT(whole.audio.size(), 22050u);
}

TEST_F(EspeakEngineTest, ClauseCutHasNoSentenceEndPause) {
  CountingSink ended, continued;
  EngineRequest request{.text = "Når kommunen har vedtaget politikken,"};
  ASSERT_TRUE(engine_->Synthesize(request, &ended).ok());
  request.end_pause = false;
  ASSERT_TRUE(engine_->Synthesize(request, &continued).ok());
  // The closing pause of a finished sentence is a few hundred ms long.
  EXPECT_LT(continued.audio.size() + 22050 / 20, ended.audio.size());
}

TEST_F(EspeakEngineTest, UnknownVoiceIsNotFound) {
  CountingSink sink;
  EngineRequest request{.espeak_voice = "xx-nonexistent", .text = "Hej."};
  EXPECT_TRUE(absl::IsNotFound(engine_->Synthesize(request, &sink)));
  request.espeak_voice = "da";
  EXPECT_TRUE(engine_->Synthesize(request, &sink).ok());
}

}  // namespace
}  // namespace policyreader::synth
