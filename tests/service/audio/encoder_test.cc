// Checks the raw encoders: names, sample sizes, byte layout, and that
// encoders append to (never replace) the output.
#include "service/audio/encoder.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/audio/g711.h"

namespace policyreader::audio {
namespace {

TEST(EncoderTest, Names) {
  EXPECT_EQ(EncodingName(Encoding::kLinear16), "LINEAR16");
  EXPECT_EQ(EncodingName(Encoding::kMulaw), "MULAW");
  EXPECT_EQ(EncodingName(Encoding::kAlaw), "ALAW");
}

TEST(EncoderTest, BytesPerSample) {
  EXPECT_EQ(BytesPerSample(Encoding::kLinear16), 2);
  EXPECT_EQ(BytesPerSample(Encoding::kMulaw), 1);
  EXPECT_EQ(BytesPerSample(Encoding::kAlaw), 1);
}

TEST(EncoderTest, Linear16IsLittleEndian) {
  std::unique_ptr<Encoder> encoder = MakeEncoder(Encoding::kLinear16);
  ASSERT_NE(encoder, nullptr);
  const std::vector<int16_t> pcm = {0x1234, -2, 0, -32768, 32767};
  std::string out = "hdr";
  ASSERT_TRUE(encoder->Encode(pcm, &out).ok());
  EXPECT_EQ(out, std::string("hdr"
                             "\x34\x12"
                             "\xFE\xFF"
                             "\x00\x00"
                             "\x00\x80"
                             "\xFF\x7F",
                             13));
}

TEST(EncoderTest, G711WritesOneCodeBytePerSample) {
  const std::vector<int16_t> pcm = {0, -1, 1000, -1000, 32767, -32768};
  for (const Encoding encoding : {Encoding::kAlaw, Encoding::kMulaw}) {
    std::unique_ptr<Encoder> encoder = MakeEncoder(encoding);
    ASSERT_NE(encoder, nullptr);
    std::string out = "x";
    ASSERT_TRUE(encoder->Encode(pcm, &out).ok());
    ASSERT_EQ(out.size(), 1 + pcm.size()) << EncodingName(encoding);
    EXPECT_EQ(out[0], 'x');
    for (size_t i = 0; i < pcm.size(); ++i) {
      const uint8_t want = encoding == Encoding::kAlaw ? LinearToAlaw(pcm[i])
                                                       : LinearToMulaw(pcm[i]);
      EXPECT_EQ(static_cast<uint8_t>(out[1 + i]), want)
          << EncodingName(encoding) << " sample " << i;
    }
  }
}

TEST(EncoderTest, KnownG711Bytes) {
  const std::vector<int16_t> pcm = {0, -1, 32767};
  std::string alaw;
  ASSERT_TRUE(MakeEncoder(Encoding::kAlaw)->Encode(pcm, &alaw).ok());
  EXPECT_EQ(alaw, "\xD5\x55\xAA");
  std::string mulaw;
  ASSERT_TRUE(MakeEncoder(Encoding::kMulaw)->Encode(pcm, &mulaw).ok());
  EXPECT_EQ(mulaw, "\xFF\x7F\x80");
}

TEST(EncoderTest, ConsecutiveBlocksConcatenateAndFinishAddsNothing) {
  const std::vector<int16_t> first = {1, 2, 3};
  const std::vector<int16_t> second = {-4, 5};
  const std::vector<int16_t> both = {1, 2, 3, -4, 5};
  for (const Encoding encoding :
       {Encoding::kLinear16, Encoding::kAlaw, Encoding::kMulaw}) {
    std::string streamed;
    std::unique_ptr<Encoder> encoder = MakeEncoder(encoding);
    ASSERT_TRUE(encoder->Encode(first, &streamed).ok());
    ASSERT_TRUE(encoder->Encode(second, &streamed).ok());
    ASSERT_TRUE(encoder->Encode({}, &streamed).ok());
    ASSERT_TRUE(encoder->Finish(&streamed).ok());
    std::string whole;
    ASSERT_TRUE(MakeEncoder(encoding)->Encode(both, &whole).ok());
    EXPECT_EQ(streamed, whole) << EncodingName(encoding);
    EXPECT_EQ(streamed.size(), both.size() * BytesPerSample(encoding));
  }
}

}  // namespace
}  // namespace policyreader::audio
