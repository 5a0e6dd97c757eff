// ITU-T G.711 A-law and mu-law companding, table-driven. A-law is what the
// Danish PSTN carries; mu-law is for North American equipment.
//
// Thread-safety: pure functions over constant tables; safe from any thread.
#ifndef POLICY_READER_SERVICE_AUDIO_G711_H_
#define POLICY_READER_SERVICE_AUDIO_G711_H_

#include <cstdint>

namespace policyreader::audio {

uint8_t LinearToAlaw(int16_t sample);
int16_t AlawToLinear(uint8_t code);
uint8_t LinearToMulaw(int16_t sample);
int16_t MulawToLinear(uint8_t code);

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_G711_H_
