// Telephone-ready audio: what a sentence goes through for the phone voice
// after it is resampled to the output rate.
//
//  - Band-limiting to the telephone band, 300-3400 Hz: a linear-phase FIR
//    band-pass (windowed sinc, Kaiser window) designed for the output rate,
//    with its delay removed, so the audio keeps its timing. Above 3.4 kHz
//    it attenuates by 60 dB or more, so what a G.711 line would alias or cut
//    is gone before it gets there.
//  - Level: the active speech level (RMS over the 10 ms frames that carry
//    speech, not the pauses; in the spirit of ITU-T P.56) is set to -19 dBm0
//    (RFC 7874), which for 16-bit audio is about -22 dBFS, an RMS of 1809.
//    If that would clip, the gain is lowered until the peak fits: never
//    clipped, at the cost of a quieter sentence.
//
// It works on a whole sentence at once: the level of a sentence is known
// only at its end, and eSpeak makes a sentence in milliseconds, so holding
// it costs the listener nothing noticeable.
//
// Hand-written rather than taken from a library: the stack's audio
// libraries (libsoxr) resample but do not filter or measure level, and the
// filter is a few lines of textbook design.
//
// Thread-safety: pure functions.
#ifndef POLICY_READER_SERVICE_AUDIO_TELEPHONE_H_
#define POLICY_READER_SERVICE_AUDIO_TELEPHONE_H_

#include <cstdint>
#include <span>
#include <vector>

namespace policyreader::audio {

inline constexpr double kTelephoneLowHz = 300.0;
inline constexpr double kTelephoneHighHz = 3400.0;
// -19 dBm0 in 16-bit linear terms: 0 dBm0 is 3.14 dB below a full-scale
// sine (G.711), whose RMS is 3.01 dB below full scale.
inline constexpr double kTelephoneLevelDbm0 = -19.0;
double Dbm0ToRms(double dbm0);

// The band-pass taps for `rate_hz` (odd count, unit gain in the band).
std::vector<double> TelephoneBandPass(int rate_hz);

// Active speech level of `pcm` as an RMS in 16-bit units (0 for silence).
double ActiveSpeechRms(std::span<const int16_t> pcm, int rate_hz);

// Band-limits `pcm` (at `rate_hz`) and sets its active level to
// `level_dbm0` plus `extra_gain_db`, without clipping. Same length out.
std::vector<int16_t> MakeTelephoneReady(std::span<const int16_t> pcm,
                                        int rate_hz,
                                        double level_dbm0 = kTelephoneLevelDbm0,
                                        double extra_gain_db = 0.0);

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_TELEPHONE_H_
