// See audio_checks.h.
#include "tests/integration/audio_checks.h"

#include <cmath>
#include <numbers>

#include "service/audio/g711.h"
#include "service/audio/telephone.h"

namespace policyreader::testing {

double BandEnergy(const std::vector<int16_t>& pcm, int rate_hz, double low_hz,
                  double high_hz) {
  constexpr size_t kN = 256;
  double energy = 0;
  for (size_t at = 0; at + kN <= pcm.size(); at += kN / 2) {
    for (size_t k = 1; k < kN / 2; ++k) {
      const double hz = static_cast<double>(k) * rate_hz / kN;
      if (hz < low_hz || hz >= high_hz) continue;
      double re = 0, im = 0;
      for (size_t n = 0; n < kN; ++n) {
        const double w = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * n / kN);
        const double x = w * pcm[at + n];
        re += x * std::cos(2 * std::numbers::pi * k * n / kN);
        im -= x * std::sin(2 * std::numbers::pi * k * n / kN);
      }
      energy += re * re + im * im;
    }
  }
  return energy;
}

double AboveBandDb(const std::vector<int16_t>& pcm, int rate_hz) {
  return 10 * std::log10(BandEnergy(pcm, rate_hz, 3400, rate_hz / 2.0) /
                         BandEnergy(pcm, rate_hz, 300, 3400));
}

double LevelReMinus19Dbm0(const std::vector<int16_t>& pcm, int rate_hz) {
  return 20 * std::log10(audio::ActiveSpeechRms(pcm, rate_hz) /
                         audio::Dbm0ToRms(-19));
}

std::vector<int16_t> ToPcm(const std::string& bytes, audio::Encoding encoding) {
  std::vector<int16_t> pcm;
  if (encoding == audio::Encoding::kLinear16) {
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
      pcm.push_back(
          static_cast<int16_t>(static_cast<uint8_t>(bytes[i]) |
                               (static_cast<uint8_t>(bytes[i + 1]) << 8)));
    }
    return pcm;
  }
  for (unsigned char c : bytes) {
    pcm.push_back(encoding == audio::Encoding::kAlaw ? audio::AlawToLinear(c)
                                                     : audio::MulawToLinear(c));
  }
  return pcm;
}

}  // namespace policyreader::testing
