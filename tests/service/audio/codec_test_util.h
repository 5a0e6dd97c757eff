// Test helpers for the codec tests: a speech-like signal, level and
// correlation measures, and decoding with the usual command-line tools.
#ifndef POLICY_READER_TESTS_SERVICE_AUDIO_CODEC_TEST_UTIL_H_
#define POLICY_READER_TESTS_SERVICE_AUDIO_CODEC_TEST_UTIL_H_

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/audio/wav.h"

namespace policyreader::audio {

// A speech-like test signal: a glide from 150 to 3000 Hz with harmonics,
// syllable-rate amplitude modulation and short pauses, about -16 dBFS RMS.
inline std::vector<int16_t> SpeechLike(int rate_hz, double seconds) {
  const size_t n = static_cast<size_t>(rate_hz * seconds);
  std::vector<int16_t> pcm(n);
  double phase = 0;
  for (size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate_hz;
    const double f = 150 * std::pow(20.0, t / seconds);
    phase += 2 * std::numbers::pi * f / rate_hz;
    const double syllable = std::sin(std::numbers::pi * 4 * t);
    const double envelope = syllable > 0.2 ? syllable : 0;  // Pauses.
    const double v = std::sin(phase) + 0.5 * std::sin(2 * phase) +
                     0.25 * std::sin(3 * phase);
    pcm[i] = static_cast<int16_t>(std::lround(9000 * envelope * v / 1.75));
  }
  return pcm;
}

inline double Rms(const std::vector<int16_t>& pcm, size_t begin, size_t count) {
  double sum = 0;
  for (size_t i = begin; i < begin + count && i < pcm.size(); ++i) {
    sum += static_cast<double>(pcm[i]) * pcm[i];
  }
  return count == 0 ? 0 : std::sqrt(sum / static_cast<double>(count));
}

// Normalized correlation of `b` shifted by `lag` against `a`.
inline double Correlation(const std::vector<int16_t>& a,
                          const std::vector<int16_t>& b, size_t lag) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size() && i + lag < b.size(); ++i) {
    const double x = a[i], y = b[i + lag];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa == 0 || bb == 0 ? 0 : ab / std::sqrt(aa * bb);
}

inline bool Have(const std::string& tool) {
  return system(
             absl::StrCat("command -v ", tool, " >/dev/null 2>&1").c_str()) ==
         0;
}

inline std::string TempPath(const std::string& suffix) {
  return absl::StrCat(
      ::testing::TempDir(), "/codec_", getpid(), "_",
      ::testing::UnitTest::GetInstance()->current_test_info()->name(), suffix);
}

// Writes `bytes`, runs `decode` (with {in} and {out} filled in) and returns
// the decoded WAV's samples, checking its rate.
inline std::vector<int16_t> Decode(const std::string& bytes,
                                   const std::string& ext,
                                   const std::string& command,
                                   int want_rate_hz) {
  const std::string in = TempPath(ext), out = TempPath(".wav");
  std::ofstream(in, std::ios::binary) << bytes;
  std::string cmd = command;
  cmd.replace(cmd.find("{in}"), 4, "'" + in + "'");
  cmd.replace(cmd.find("{out}"), 5, "'" + out + "'");
  EXPECT_EQ(system(cmd.c_str()), 0) << cmd;
  std::ifstream file(out, std::ios::binary);
  const std::string wav((std::istreambuf_iterator<char>(file)),
                        std::istreambuf_iterator<char>());
  std::remove(in.c_str());
  std::remove(out.c_str());
  absl::StatusOr<ParsedWav> parsed = ParseWav(wav);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  if (!parsed.ok()) return {};
  EXPECT_EQ(parsed->format.sample_rate_hz, want_rate_hz);
  std::vector<int16_t> pcm(parsed->data.size() / 2);
  memcpy(pcm.data(), parsed->data.data(), pcm.size() * 2);
  return pcm;
}

}  // namespace policyreader::audio

#endif  // POLICY_READER_TESTS_SERVICE_AUDIO_CODEC_TEST_UTIL_H_
