// ITU-T G.711 companding through lookup tables computed at compile time.
//
// The tables are filled by the classic Sun Microsystems g711.c algorithm, the
// public-domain reference most telephony code descends from:
//  - A-law: 13-bit magnitude (input >> 3, one's complement for negatives),
//    3-bit segment and 4-bit mantissa, even bits inverted (0x55).
//  - mu-law: 16-bit magnitude clipped to 32635, bias 0x84 added, 3-bit
//    segment and 4-bit mantissa, all bits inverted.
// Decoding is fixed by the standard; encoders differ only in how they round
// the low bits of some negative inputs (ITU G.191 and sox each a little
// differently), which moves a sample by less than one quantization step.
// Encoding is one table load per sample instead of a segment search, which
// matters because every sentence of every IVR prompt passes through here.
#include "service/audio/g711.h"

#include <array>
#include <bit>
#include <cstdint>

namespace policyreader::audio {
namespace {

constexpr int kMulawBias = 0x84;
constexpr int kMulawClip = 32635;

// The reference finds the segment by searching a table of segment ends; each
// segment doubles the range, so it is a bit width, which keeps the work per
// table entry small enough for compile-time evaluation of 64Ki entries.

constexpr uint8_t ComputeAlaw(int pcm) {
  // Arithmetic shift: A-law works on the top 13 bits.
  int value = pcm >> 3;
  int mask;
  if (value >= 0) {
    mask = 0xD5;  // Sign bit set for non-negative values, then 0x55.
  } else {
    mask = 0x55;
    value = -value - 1;  // One's complement keeps -1 and 0 symmetric.
  }
  // value is 0..4095: segment 0 is 0..31, segment s >= 1 is [2^(s+4), 2^(s+5)).
  const int seg =
      value < 32 ? 0 : std::bit_width(static_cast<unsigned>(value)) - 5;
  const int mantissa = (seg < 2 ? value >> 1 : value >> seg) & 0x0F;
  return static_cast<uint8_t>(((seg << 4) | mantissa) ^ mask);
}

constexpr uint8_t ComputeMulaw(int pcm) {
  int magnitude;
  int mask;
  if (pcm < 0) {
    magnitude = -pcm;  // In int, so -32768 does not overflow.
    mask = 0x7F;
  } else {
    magnitude = pcm;
    mask = 0xFF;
  }
  if (magnitude > kMulawClip) magnitude = kMulawClip;
  magnitude += kMulawBias;
  // magnitude is 132..32767: segment s is [2^(s+7), 2^(s+8)).
  const int seg = std::bit_width(static_cast<unsigned>(magnitude)) - 8;
  const int mantissa = (magnitude >> (seg + 3)) & 0x0F;
  return static_cast<uint8_t>(((seg << 4) | mantissa) ^ mask);
}

constexpr int16_t ComputeAlawToLinear(uint8_t code) {
  const int value = code ^ 0x55;
  int magnitude = (value & 0x0F) << 4;
  const int seg = (value & 0x70) >> 4;
  switch (seg) {
    case 0:
      magnitude += 8;
      break;
    case 1:
      magnitude += 0x108;
      break;
    default:
      magnitude += 0x108;
      magnitude <<= seg - 1;
  }
  return static_cast<int16_t>((value & 0x80) ? magnitude : -magnitude);
}

constexpr int16_t ComputeMulawToLinear(uint8_t code) {
  const int value = ~code & 0xFF;
  int magnitude = ((value & 0x0F) << 3) + kMulawBias;
  magnitude <<= (value & 0x70) >> 4;
  return static_cast<int16_t>((value & 0x80) ? kMulawBias - magnitude
                                             : magnitude - kMulawBias);
}

// A-law depends only on the top 13 bits, so the table is indexed by them
// (8 KiB). mu-law's bias is applied to the full 16-bit magnitude, so it needs
// every input (64 KiB); both stay in .rodata with no start-up cost.
constexpr int kAlawTableSize = 1 << 13;
constexpr int kMulawTableSize = 1 << 16;

constexpr std::array<uint8_t, kAlawTableSize> kLinearToAlaw = [] {
  std::array<uint8_t, kAlawTableSize> table{};
  for (int index = 0; index < kAlawTableSize; ++index) {
    // Index is the 13-bit two's-complement pattern; rebuild a sample with it.
    const int top13 =
        index < kAlawTableSize / 2 ? index : index - kAlawTableSize;
    table[index] = ComputeAlaw(top13 * 8);
  }
  return table;
}();

constexpr std::array<uint8_t, kMulawTableSize> kLinearToMulaw = [] {
  std::array<uint8_t, kMulawTableSize> table{};
  for (int index = 0; index < kMulawTableSize; ++index) {
    table[index] = ComputeMulaw(static_cast<int16_t>(index));
  }
  return table;
}();

constexpr std::array<int16_t, 256> kAlawToLinear = [] {
  std::array<int16_t, 256> table{};
  for (int code = 0; code < 256; ++code) {
    table[code] = ComputeAlawToLinear(static_cast<uint8_t>(code));
  }
  return table;
}();

constexpr std::array<int16_t, 256> kMulawToLinear = [] {
  std::array<int16_t, 256> table{};
  for (int code = 0; code < 256; ++code) {
    table[code] = ComputeMulawToLinear(static_cast<uint8_t>(code));
  }
  return table;
}();

// Spot checks against the reference, so a broken table fails the build.
static_assert(kLinearToAlaw[0] == 0xD5);
static_assert(kLinearToMulaw[0] == 0xFF);
static_assert(kAlawToLinear[0xD5] == 8);
static_assert(kMulawToLinear[0xFF] == 0);
static_assert(kMulawToLinear[0x80] == 32124);
static_assert(kAlawToLinear[0xAA] == 32256);

}  // namespace

uint8_t LinearToAlaw(int16_t sample) {
  return kLinearToAlaw[static_cast<uint16_t>(sample) >> 3];
}

int16_t AlawToLinear(uint8_t code) { return kAlawToLinear[code]; }

uint8_t LinearToMulaw(int16_t sample) {
  return kLinearToMulaw[static_cast<uint16_t>(sample)];
}

int16_t MulawToLinear(uint8_t code) { return kMulawToLinear[code]; }

}  // namespace policyreader::audio
