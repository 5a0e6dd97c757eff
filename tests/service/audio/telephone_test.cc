#include "service/audio/telephone.h"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::audio {
namespace {

std::vector<int16_t> Sine(double hz, int rate_hz, double seconds,
                          double amplitude) {
  std::vector<int16_t> pcm(static_cast<size_t>(rate_hz * seconds));
  for (size_t i = 0; i < pcm.size(); ++i) {
    pcm[i] = static_cast<int16_t>(std::lround(
        amplitude * std::sin(2 * std::numbers::pi * hz * i / rate_hz)));
  }
  return pcm;
}

// Gain of the band-pass at `hz` in dB, measured on a sine (edges skipped).
double GainDb(const std::vector<double>& h, double hz, int rate_hz) {
  const std::vector<int16_t> in = Sine(hz, rate_hz, 0.5, 10000);
  double in_energy = 0, out_energy = 0;
  for (size_t i = h.size(); i < in.size(); ++i) {
    double acc = 0;
    for (size_t k = 0; k < h.size(); ++k) acc += h[k] * in[i - k];
    out_energy += acc * acc;
    in_energy += static_cast<double>(in[i]) * in[i];
  }
  return 10 * std::log10(out_energy / in_energy);
}

TEST(TelephoneTest, BandPassKeepsTheTelephoneBandOnly) {
  struct Case {
    double hz;
    double min_db, max_db;
  };
  const Case cases[] = {
      {50, -200, -40},   {120, -200, -20},  {400, -1.5, 0.5},
      {1000, -0.1, 0.1}, {2000, -0.5, 0.5}, {3000, -1.5, 0.5},
      {3600, -200, -50}, {3900, -200, -60},
  };
  for (int rate : {8000, 16000, 22050}) {
    const std::vector<double> h = TelephoneBandPass(rate);
    EXPECT_EQ(h.size() % 2, 1u);
    for (const Case& c : cases) {
      const double db = GainDb(h, c.hz, rate);
      EXPECT_GE(db, c.min_db) << c.hz << " Hz at " << rate;
      EXPECT_LE(db, c.max_db) << c.hz << " Hz at " << rate;
    }
  }
}

TEST(TelephoneTest, Dbm0IsAbout22DbfsForMinus19) {
  // RFC 7874's -19 dBm0 is about -22 dBFS (re a full-scale sine).
  const double dbfs =
      20 * std::log10(Dbm0ToRms(-19) / (32767 / std::numbers::sqrt2));
  EXPECT_NEAR(dbfs, -22.14, 0.01);
}

// Speech-like: voiced bursts (harmonics with a random envelope) and pauses.
std::vector<int16_t> SpeechLike(int rate_hz, double amplitude) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  std::vector<int16_t> pcm;
  for (int burst = 0; burst < 8; ++burst) {
    const double level = amplitude * jitter(random);
    const double f0 = 110 + 20 * burst;
    for (int i = 0; i < rate_hz / 4; ++i) {
      double v = 0;
      for (int k = 1; k <= 20; ++k) {
        v += std::sin(2 * std::numbers::pi * f0 * k * i / rate_hz) / k;
      }
      pcm.push_back(
          static_cast<int16_t>(std::clamp(level * v, -32767.0, 32767.0)));
    }
    pcm.insert(pcm.end(), rate_hz / 10, 0);  // A pause.
  }
  return pcm;
}

TEST(TelephoneTest, ActiveLevelIsSetAndNothingClips) {
  for (double amplitude : {300.0, 3000.0, 20000.0}) {
    const std::vector<int16_t> in = SpeechLike(8000, amplitude);
    const std::vector<int16_t> out = MakeTelephoneReady(in, 8000);
    ASSERT_EQ(out.size(), in.size());
    const double level_db =
        20 * std::log10(ActiveSpeechRms(out, 8000) / Dbm0ToRms(-19));
    EXPECT_NEAR(level_db, 0, 0.5) << amplitude;
    int peak = 0;
    for (int16_t s : out) peak = std::max(peak, std::abs(static_cast<int>(s)));
    EXPECT_LT(peak, 32767) << amplitude;
  }
}

TEST(TelephoneTest, PeakyAudioIsTurnedDownRatherThanClipped) {
  // Quiet speech-band tone with one loud click: reaching the level would
  // push the click far past full scale.
  std::vector<int16_t> in = Sine(1000, 8000, 1.0, 100);
  in[4000] = 30000;
  const std::vector<int16_t> out = MakeTelephoneReady(in, 8000);
  int peak = 0;
  for (int16_t s : out) peak = std::max(peak, std::abs(static_cast<int>(s)));
  EXPECT_LE(peak, static_cast<int>(0.97 * 32767) + 1);
  EXPECT_GT(peak, 30000);
}

TEST(TelephoneTest, SilenceAndEmptyStayThatWay) {
  EXPECT_TRUE(MakeTelephoneReady({}, 8000).empty());
  const std::vector<int16_t> silence(800, 0);
  EXPECT_EQ(MakeTelephoneReady(silence, 8000), silence);
  EXPECT_EQ(ActiveSpeechRms(silence, 8000), 0);
}

TEST(TelephoneTest, ExtraGainIsAddedToTheTarget) {
  const std::vector<int16_t> in = SpeechLike(8000, 3000);
  const double quiet =
      ActiveSpeechRms(MakeTelephoneReady(in, 8000, -19, -6), 8000);
  EXPECT_NEAR(20 * std::log10(quiet / Dbm0ToRms(-19)), -6, 0.5);
}

}  // namespace
}  // namespace policyreader::audio
