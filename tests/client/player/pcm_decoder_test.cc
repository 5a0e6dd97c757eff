#include "client/player/pcm_decoder.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/audio/g711.h"

namespace policyreader::player {
namespace {

TEST(PcmDecoderTest, Linear16IsLittleEndian) {
  PcmDecoder decoder(audio::Encoding::kLinear16);
  std::vector<int16_t> out;
  decoder.Decode(std::string("\x01\x00\xff\xff\x00\x80", 6), &out);
  EXPECT_EQ(out, (std::vector<int16_t>{1, -1, -32768}));
  EXPECT_FALSE(decoder.has_partial_sample());
}

TEST(PcmDecoderTest, Linear16SampleSplitAcrossChunks) {
  PcmDecoder decoder(audio::Encoding::kLinear16);
  std::vector<int16_t> out;
  decoder.Decode(std::string("\x34\x12\x78", 3), &out);
  EXPECT_EQ(out, (std::vector<int16_t>{0x1234}));
  EXPECT_TRUE(decoder.has_partial_sample());
  decoder.Decode(std::string("\x56", 1), &out);
  EXPECT_EQ(out, (std::vector<int16_t>{0x5678}));
  decoder.Decode(std::string("", 0), &out);
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(decoder.has_partial_sample());
}

TEST(PcmDecoderTest, G711UsesTheAudioTables) {
  PcmDecoder alaw(audio::Encoding::kAlaw);
  PcmDecoder mulaw(audio::Encoding::kMulaw);
  std::vector<int16_t> out;
  alaw.Decode(std::string("\xd5\x2a", 2), &out);
  EXPECT_EQ(out, (std::vector<int16_t>{audio::AlawToLinear(0xd5),
                                       audio::AlawToLinear(0x2a)}));
  mulaw.Decode(std::string("\xff\x00", 2), &out);
  EXPECT_EQ(out, (std::vector<int16_t>{audio::MulawToLinear(0xff),
                                       audio::MulawToLinear(0x00)}));
}

}  // namespace
}  // namespace policyreader::player
