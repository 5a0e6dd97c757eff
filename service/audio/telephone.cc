// See telephone.h.
#include "service/audio/telephone.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace policyreader::audio {
namespace {

// Cut-offs (the -6 dB points) inside the band, so that with the transition
// width below the filter is down 60 dB by 3.4 kHz's far side and by the
// low end; the nominal band 300-3400 Hz stays within a dB or so.
constexpr double kLowCutHz = 200.0;
constexpr double kHighCutHz = 3250.0;
// Transition width of the design, and the stopband it must reach.
constexpr double kTransitionHz = 300.0;
constexpr double kStopbandDb = 65.0;
// Frames for the level measurement, and how far below the loudest frame a
// frame still counts as speech (quieter frames are pauses and breaths).
constexpr double kFrameSeconds = 0.010;
constexpr double kActiveBelowLoudestDb = 35.0;
constexpr double kFullScale = 32767.0;
// Peaks are kept this far below full scale.
constexpr double kPeakCeiling = 0.97 * kFullScale;

// Zeroth-order modified Bessel function of the first kind, by its series.
double BesselI0(double x) {
  double sum = 1.0, term = 1.0;
  for (int k = 1; k < 50; ++k) {
    term *= (x / (2.0 * k)) * (x / (2.0 * k));
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

}  // namespace

double Dbm0ToRms(double dbm0) {
  const double full_scale_sine_rms = kFullScale / std::numbers::sqrt2;
  return full_scale_sine_rms * std::pow(10.0, (dbm0 - 3.14) / 20.0);
}

std::vector<double> TelephoneBandPass(int rate_hz) {
  // Kaiser's formulas for the length and window shape.
  const double a = kStopbandDb;
  const double beta = 0.1102 * (a - 8.7);
  const double delta_omega = 2.0 * std::numbers::pi * kTransitionHz / rate_hz;
  int taps = static_cast<int>(std::ceil((a - 8.0) / (2.285 * delta_omega))) + 1;
  if (taps % 2 == 0) ++taps;
  const int middle = taps / 2;
  const double f1 = kLowCutHz / rate_hz, f2 = kHighCutHz / rate_hz;
  std::vector<double> h(taps);
  const double i0_beta = BesselI0(beta);
  for (int n = 0; n < taps; ++n) {
    const int m = n - middle;
    // Ideal band-pass: the difference of two low-passes.
    const double ideal = m == 0 ? 2.0 * (f2 - f1)
                                : (std::sin(2.0 * std::numbers::pi * f2 * m) -
                                   std::sin(2.0 * std::numbers::pi * f1 * m)) /
                                      (std::numbers::pi * m);
    const double r = static_cast<double>(m) / middle;
    const double window = BesselI0(beta * std::sqrt(1.0 - r * r)) / i0_beta;
    h[n] = ideal * window;
  }
  // Unit gain at the band's centre (1 kHz), where speech lives.
  const double w = 2.0 * std::numbers::pi * 1000.0 / rate_hz;
  double re = 0, im = 0;
  for (int n = 0; n < taps; ++n) {
    re += h[n] * std::cos(w * n);
    im -= h[n] * std::sin(w * n);
  }
  const double center_gain = std::hypot(re, im);
  for (double& tap : h) tap /= center_gain;
  return h;
}

double ActiveSpeechRms(std::span<const int16_t> pcm, int rate_hz) {
  const size_t frame =
      std::max<size_t>(1, static_cast<size_t>(rate_hz * kFrameSeconds));
  std::vector<double> energies;
  for (size_t at = 0; at + frame <= pcm.size(); at += frame) {
    double energy = 0;
    for (size_t i = at; i < at + frame; ++i) {
      energy += static_cast<double>(pcm[i]) * pcm[i];
    }
    energies.push_back(energy / frame);
  }
  if (energies.empty()) return 0;
  const double loudest = *std::max_element(energies.begin(), energies.end());
  if (loudest <= 0) return 0;
  const double threshold =
      loudest * std::pow(10.0, -kActiveBelowLoudestDb / 10);
  double sum = 0;
  size_t active = 0;
  for (double energy : energies) {
    if (energy >= threshold) {
      sum += energy;
      ++active;
    }
  }
  return std::sqrt(sum / active);
}

std::vector<int16_t> MakeTelephoneReady(std::span<const int16_t> pcm,
                                        int rate_hz, double level_dbm0,
                                        double extra_gain_db) {
  const std::vector<double> taps = TelephoneBandPass(rate_hz);
  const size_t count = taps.size();
  const size_t middle = count / 2;
  // The filter's output centred on its delay: same length, same timing. The
  // taps are symmetric, so convolution is correlation with the zero-padded
  // input; running tap by tap over the whole sentence makes the inner loop a
  // plain multiply-add over arrays, which the compiler vectorizes.
  std::vector<float> padded(pcm.size() + count - 1, 0.0f);
  std::copy(pcm.begin(), pcm.end(), padded.begin() + middle);
  std::vector<float> filtered(pcm.size(), 0.0f);
  for (size_t k = 0; k < count; ++k) {
    const float tap = static_cast<float>(taps[k]);
    const float* in = padded.data() + k;
    float* acc = filtered.data();
    for (size_t i = 0; i < filtered.size(); ++i) acc[i] += tap * in[i];
  }
  std::vector<int16_t> out(pcm.size());
  std::vector<int16_t> rounded(pcm.size());
  double peak = 0;
  for (size_t i = 0; i < filtered.size(); ++i) {
    peak = std::max(peak, static_cast<double>(std::abs(filtered[i])));
    rounded[i] = static_cast<int16_t>(
        std::clamp(std::lround(filtered[i]), -32768L, 32767L));
  }
  const double level = ActiveSpeechRms(rounded, rate_hz);
  if (level <= 0) return out;  // Silence stays silence.
  double gain =
      Dbm0ToRms(level_dbm0) / level * std::pow(10.0, extra_gain_db / 20.0);
  if (peak * gain > kPeakCeiling) gain = kPeakCeiling / peak;
  for (size_t i = 0; i < filtered.size(); ++i) {
    out[i] = static_cast<int16_t>(std::lround(filtered[i] * gain));
  }
  return out;
}

}  // namespace policyreader::audio
