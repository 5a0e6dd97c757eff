// Test support: measurements on decoded audio that telephone tests share.
#ifndef POLICY_READER_TESTS_INTEGRATION_AUDIO_CHECKS_H_
#define POLICY_READER_TESTS_INTEGRATION_AUDIO_CHECKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "service/audio/encoder.h"

namespace policyreader::testing {

// Energy of `pcm` (at `rate_hz`) in [low_hz, high_hz), from a Hann-windowed
// DFT over 256-sample frames.
double BandEnergy(const std::vector<int16_t>& pcm, int rate_hz, double low_hz,
                  double high_hz);

// Decibels of the energy above 3.4 kHz (up to half the rate) relative to
// the 300-3400 Hz band.
double AboveBandDb(const std::vector<int16_t>& pcm, int rate_hz);

// Active speech level relative to -19 dBm0, in dB.
double LevelReMinus19Dbm0(const std::vector<int16_t>& pcm, int rate_hz);

// Raw bytes in `encoding` as 16-bit samples.
std::vector<int16_t> ToPcm(const std::string& bytes, audio::Encoding encoding);

}  // namespace policyreader::testing

#endif  // POLICY_READER_TESTS_INTEGRATION_AUDIO_CHECKS_H_
