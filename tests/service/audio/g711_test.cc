// Checks the table-driven G.711 codec against an independent, loop-based
// transcription of the Sun Microsystems g711.c reference over every input,
// against hard-coded values, and for bounded quantization error.
#include "service/audio/g711.h"

#include <cstdint>
#include <cstdlib>
#include <limits>

#include "gtest/gtest.h"

namespace policyreader::audio {
namespace {

// --- Reference: Sun g711.c (public domain), kept close to the original. ---

int Search(int value, const short* table, int size) {
  for (int i = 0; i < size; i++) {
    if (value <= *table++) return i;
  }
  return size;
}

const short kSegAEnd[8] = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
const short kSegUEnd[8] = {0xFF,  0x1FF,  0x3FF,  0x7FF,
                           0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};

unsigned char ReferenceLinear2Alaw(int pcm_val) {
  int mask;
  pcm_val = pcm_val >> 3;
  if (pcm_val >= 0) {
    mask = 0xD5;
  } else {
    mask = 0x55;
    pcm_val = -pcm_val - 1;
  }
  int seg = Search(pcm_val, kSegAEnd, 8);
  if (seg >= 8) return static_cast<unsigned char>(0x7F ^ mask);
  unsigned char aval = static_cast<unsigned char>(seg << 4);
  if (seg < 2) {
    aval |= (pcm_val >> 1) & 0xF;
  } else {
    aval |= (pcm_val >> seg) & 0xF;
  }
  return aval ^ mask;
}

int ReferenceAlaw2Linear(unsigned char a_val) {
  a_val ^= 0x55;
  int t = (a_val & 0xF) << 4;
  int seg = (a_val & 0x70) >> 4;
  switch (seg) {
    case 0:
      t += 8;
      break;
    case 1:
      t += 0x108;
      break;
    default:
      t += 0x108;
      t <<= seg - 1;
  }
  return (a_val & 0x80) ? t : -t;
}

constexpr int kBias = 0x84;
constexpr int kClip = 32635;

unsigned char ReferenceLinear2Ulaw(int pcm_val) {
  int mask;
  if (pcm_val < 0) {
    pcm_val = -pcm_val;
    mask = 0x7F;
  } else {
    mask = 0xFF;
  }
  if (pcm_val > kClip) pcm_val = kClip;
  pcm_val += kBias;
  int seg = Search(pcm_val, kSegUEnd, 8);
  if (seg >= 8) return static_cast<unsigned char>(0x7F ^ mask);
  unsigned char uval =
      static_cast<unsigned char>((seg << 4) | ((pcm_val >> (seg + 3)) & 0xF));
  return uval ^ mask;
}

int ReferenceUlaw2Linear(unsigned char u_val) {
  u_val = ~u_val;
  int t = ((u_val & 0xF) << 3) + kBias;
  t <<= (u_val & 0x70) >> 4;
  return (u_val & 0x80) ? (kBias - t) : (t - kBias);
}

// --- Tests. ---

constexpr int kMin = std::numeric_limits<int16_t>::min();
constexpr int kMax = std::numeric_limits<int16_t>::max();

TEST(G711Test, AlawMatchesReferenceForEveryInput) {
  int mismatches = 0;
  for (int x = kMin; x <= kMax; ++x) {
    const uint8_t got = LinearToAlaw(static_cast<int16_t>(x));
    const uint8_t want = ReferenceLinear2Alaw(x);
    if (got != want && ++mismatches <= 5) {
      ADD_FAILURE() << "A-law(" << x << ") = " << int{got} << ", want "
                    << int{want};
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(G711Test, MulawMatchesReferenceForEveryInput) {
  int mismatches = 0;
  for (int x = kMin; x <= kMax; ++x) {
    const uint8_t got = LinearToMulaw(static_cast<int16_t>(x));
    const uint8_t want = ReferenceLinear2Ulaw(x);
    if (got != want && ++mismatches <= 5) {
      ADD_FAILURE() << "mu-law(" << x << ") = " << int{got} << ", want "
                    << int{want};
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(G711Test, DecodersMatchReferenceForEveryCode) {
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<uint8_t>(code);
    EXPECT_EQ(AlawToLinear(c), ReferenceAlaw2Linear(c)) << "code " << code;
    EXPECT_EQ(MulawToLinear(c), ReferenceUlaw2Linear(c)) << "code " << code;
  }
}

struct KnownPair {
  int16_t linear;
  uint8_t code;
};

TEST(G711Test, KnownAlawEncodings) {
  const KnownPair kPairs[] = {
      {0, 0xD5},    {1, 0xD5},     {-1, 0x55},    {7, 0xD5},
      {8, 0xD5},    {-8, 0x55},    {-9, 0x55},    {16, 0xD4},
      {1000, 0xFA}, {-1000, 0x7A}, {32767, 0xAA}, {-32768, 0x2A},
  };
  for (const KnownPair& pair : kPairs) {
    EXPECT_EQ(LinearToAlaw(pair.linear), pair.code) << pair.linear;
  }
}

TEST(G711Test, KnownMulawEncodings) {
  const KnownPair kPairs[] = {
      {0, 0xFF},    {1, 0xFF},     {-1, 0x7F},    {8, 0xFE},     {-8, 0x7E},
      {1000, 0xCE}, {-1000, 0x4E}, {32635, 0x80}, {32767, 0x80}, {-32768, 0x00},
  };
  for (const KnownPair& pair : kPairs) {
    EXPECT_EQ(LinearToMulaw(pair.linear), pair.code) << pair.linear;
  }
}

TEST(G711Test, KnownDecodings) {
  EXPECT_EQ(AlawToLinear(0xD5), 8);
  EXPECT_EQ(AlawToLinear(0x55), -8);
  EXPECT_EQ(AlawToLinear(0xFA), 1008);
  EXPECT_EQ(AlawToLinear(0xAA), 32256);
  EXPECT_EQ(AlawToLinear(0x2A), -32256);
  EXPECT_EQ(MulawToLinear(0xFF), 0);
  EXPECT_EQ(MulawToLinear(0x7F), 0);
  EXPECT_EQ(MulawToLinear(0xCE), 988);
  EXPECT_EQ(MulawToLinear(0x80), 32124);
  EXPECT_EQ(MulawToLinear(0x00), -32124);
}

// Each segment doubles the step; the decoder returns the middle of the step,
// so the error is half a step (one more for A-law's one's-complement
// negatives), plus whatever was clipped off above the top segment.
TEST(G711Test, AlawRoundTripWithinQuantizationError) {
  for (int x = kMin; x <= kMax; ++x) {
    const int magnitude13 = x >= 0 ? x >> 3 : (-x - 1) >> 3;
    const int seg = Search(magnitude13, kSegAEnd, 8);
    ASSERT_LT(seg, 8);
    const int step = 8 << (seg < 1 ? 1 : seg);
    const int decoded = AlawToLinear(LinearToAlaw(static_cast<int16_t>(x)));
    ASSERT_LE(std::abs(decoded - x), step / 2 + 1) << "x=" << x;
    ASSERT_TRUE(decoded == 0 || (decoded > 0) == (x >= 0)) << "x=" << x;
    if (std::abs(x) >= 256) {
      // Outside the linear segments the error is about 1/32 of the value.
      ASSERT_LE(std::abs(decoded - x), std::abs(x) / 32 + 1) << "x=" << x;
    }
  }
}

TEST(G711Test, MulawRoundTripWithinQuantizationError) {
  for (int x = kMin; x <= kMax; ++x) {
    const int magnitude = std::abs(x);
    const int clipped = magnitude > kClip ? magnitude - kClip : 0;
    const int seg = Search(magnitude - clipped + kBias, kSegUEnd, 8);
    ASSERT_LT(seg, 8);
    const int step = 8 << seg;
    const int decoded = MulawToLinear(LinearToMulaw(static_cast<int16_t>(x)));
    ASSERT_LE(std::abs(decoded - x), step / 2 + clipped) << "x=" << x;
    if (magnitude >= 256 && clipped == 0) {
      // mu-law is logarithmic in the biased magnitude, so that is what the
      // error is relative to.
      ASSERT_LE(std::abs(decoded - x), (magnitude + kBias) / 32 + 1)
          << "x=" << x;
    }
  }
}

// Decoded levels are exactly representable, so re-encoding them is lossless
// (apart from mu-law's negative zero, which decodes to plain zero).
TEST(G711Test, EncodingADecodedCodeGivesItBack) {
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<uint8_t>(code);
    EXPECT_EQ(LinearToAlaw(AlawToLinear(c)), c) << "A-law code " << code;
    if (code != 0x7F) {
      EXPECT_EQ(LinearToMulaw(MulawToLinear(c)), c) << "mu-law code " << code;
    }
  }
}

TEST(G711Test, DecodedLevelsAreMonotonic) {
  // A louder input must never come back quieter, or the waveform would fold.
  int16_t previous_alaw = AlawToLinear(LinearToAlaw(kMin));
  int16_t previous_mulaw = MulawToLinear(LinearToMulaw(kMin));
  for (int x = kMin + 1; x <= kMax; ++x) {
    const int16_t alaw = AlawToLinear(LinearToAlaw(static_cast<int16_t>(x)));
    const int16_t mulaw = MulawToLinear(LinearToMulaw(static_cast<int16_t>(x)));
    ASSERT_GE(alaw, previous_alaw) << x;
    ASSERT_GE(mulaw, previous_mulaw) << x;
    previous_alaw = alaw;
    previous_mulaw = mulaw;
  }
}

}  // namespace
}  // namespace policyreader::audio
