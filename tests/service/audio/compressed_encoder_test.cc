// Checks the Ogg Opus and MP3 encoders by decoding what they write with the
// usual tools (opusdec, and sox with libsox-fmt-mp3; skipped when missing):
// the stream is one valid file however the PCM was split across Encode
// calls, it lasts as long as the PCM (exactly for Opus, whose header and
// granule positions trim the codec delay; for MP3 plus LAME's delay and the
// last frame's padding), and the signal comes back at the same level.
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/audio/encoder.h"
#include "service/audio/mp3_encoder.h"
#include "service/audio/opus_encoder.h"
#include "service/audio/wav.h"
#include "tests/service/audio/codec_test_util.h"

namespace policyreader::audio {
namespace {

// Encodes in uneven blocks, as the stream feeds sentences, then finishes.
std::string EncodeInBlocks(Encoder& encoder, const std::vector<int16_t>& pcm) {
  std::string out;
  const size_t blocks[] = {1, 777, 4410, 96, 12000};
  size_t at = 0;
  for (int i = 0; at < pcm.size(); ++i) {
    const size_t n = std::min(blocks[i % 5], pcm.size() - at);
    absl::Status status =
        encoder.Encode(std::span<const int16_t>(pcm).subspan(at, n), &out);
    EXPECT_TRUE(status.ok()) << status;
    status = encoder.Encode({}, &out);
    EXPECT_TRUE(status.ok()) << status;
    at += n;
  }
  absl::Status status = encoder.Finish(&out);
  EXPECT_TRUE(status.ok()) << status;
  const size_t size = out.size();
  status = encoder.Finish(&out);  // A second Finish adds nothing.
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(out.size(), size);
  return out;
}

TEST(CompressedEncoderTest, NamesAndSizes) {
  EXPECT_EQ(EncodingName(Encoding::kOggOpus), "OGG_OPUS");
  EXPECT_EQ(EncodingName(Encoding::kMp3), "MP3");
  EXPECT_TRUE(IsCompressed(Encoding::kOggOpus));
  EXPECT_TRUE(IsCompressed(Encoding::kMp3));
  EXPECT_FALSE(IsCompressed(Encoding::kAlaw));
  EXPECT_EQ(BytesPerSample(Encoding::kMp3), 0);
  EXPECT_EQ(MakeEncoder(Encoding::kOggOpus), nullptr);
}

TEST(CompressedEncoderTest, RefusesSettingsTheCodecCannotUse) {
  EXPECT_EQ(MakeMp3Encoder({.sample_rate_hz = 22000}).status().code(),
            absl::StatusCode::kInvalidArgument);
  // MPEG-1 (48 kHz) has no 8 kbit/s.
  EXPECT_EQ(MakeMp3Encoder({.sample_rate_hz = 48000, .bitrate_kbps = 8})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeOggOpusEncoder({.frame_ms = 30}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeEncoder(Encoding::kMp3, 7000).status().code(),
            absl::StatusCode::kInvalidArgument);
  for (int hz :
       {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000}) {
    EXPECT_TRUE(MakeEncoder(Encoding::kMp3, hz).ok()) << hz;
  }
  for (int hz : {8000, 12000, 16000, 24000, 48000}) {
    EXPECT_TRUE(MakeEncoder(Encoding::kOggOpus, hz).ok()) << hz;
  }
}

TEST(CompressedEncoderTest, OggOpusStartsWithItsHeadersAndHoldsNothingBack) {
  absl::StatusOr<std::unique_ptr<Encoder>> encoder =
      MakeEncoder(Encoding::kOggOpus, 24000);
  ASSERT_TRUE(encoder.ok()) << encoder.status();
  const std::string bytes = EncodeInBlocks(**encoder, SpeechLike(24000, 1.0));
  ASSERT_GT(bytes.size(), 100u);
  EXPECT_EQ(bytes.substr(0, 4), "OggS");
  EXPECT_NE(bytes.find("OpusHead"), std::string::npos);
  EXPECT_NE(bytes.find("OpusTags"), std::string::npos);
  // The last page carries end-of-stream (header type flag 0x04).
  const size_t last = bytes.rfind("OggS");
  ASSERT_NE(last, std::string::npos);
  EXPECT_TRUE(bytes[last + 5] & 0x04);
}

// The same PCM gives the same bytes, however many streams the process has
// encoded before (libopusenc's own serial number comes from rand()), so a
// speech URL names one file on every server.
TEST(CompressedEncoderTest, SamePcmGivesTheSameBytesWhateverCameBefore) {
  const std::vector<int16_t> pcm = SpeechLike(24000, 0.5);
  for (const Encoding encoding : {Encoding::kOggOpus, Encoding::kMp3}) {
    std::string first;
    for (int i = 0; i < 3; ++i) {
      absl::StatusOr<std::unique_ptr<Encoder>> encoder =
          MakeEncoder(encoding, 24000);
      ASSERT_TRUE(encoder.ok()) << encoder.status();
      const std::string bytes = EncodeInBlocks(**encoder, pcm);
      ASSERT_GT(bytes.size(), 100u);
      if (i == 0) {
        first = bytes;
      } else {
        EXPECT_TRUE(bytes == first)
            << "encoding " << static_cast<int>(encoding) << ", stream " << i;
      }
      // Another stream in between, as a busy server has.
      ASSERT_TRUE(MakeEncoder(encoding, 24000).ok());
    }
  }
}

TEST(CompressedEncoderTest, OggOpusDecodesToTheSameLengthAndSignal) {
  if (!Have("opusdec")) GTEST_SKIP() << "opusdec (opus-tools) not installed";
  for (int hz : {24000, 16000, 8000}) {
    SCOPED_TRACE(hz);
    const std::vector<int16_t> pcm = SpeechLike(hz, 3.0);
    absl::StatusOr<std::unique_ptr<Encoder>> encoder =
        MakeEncoder(Encoding::kOggOpus, hz);
    ASSERT_TRUE(encoder.ok()) << encoder.status();
    const std::string bytes = EncodeInBlocks(**encoder, pcm);
    // About 32 kbit/s plus Ogg pages.
    EXPECT_LT(bytes.size(), 3.0 * 40000 / 8);
    // opusdec decodes at 48 kHz and resamples to the input rate the header
    // records; pre-skip and the end granule trim the codec's delay.
    const std::vector<int16_t> decoded = Decode(
        bytes, ".opus",
        absl::StrCat("opusdec --quiet --no-dither --rate ", hz, " {in} {out}"),
        hz);
    EXPECT_NEAR(static_cast<double>(decoded.size()),
                static_cast<double>(pcm.size()), hz * 0.02);
    double best = 0;
    for (size_t lag = 0; lag < static_cast<size_t>(hz / 100); ++lag) {
      best = std::max(best, Correlation(pcm, decoded, lag));
    }
    EXPECT_GT(best, 0.9);
    const double db = 20 * std::log10(Rms(decoded, 0, decoded.size()) /
                                      Rms(pcm, 0, pcm.size()));
    EXPECT_NEAR(db, 0, 1.5);
  }
}

TEST(CompressedEncoderTest, Mp3DecodesToTheSameSignalAfterLamesDelay) {
  if (!Have("sox") ||
      system("sox --help-format mp3 2>/dev/null | grep -q 'Reads: yes'") != 0) {
    GTEST_SKIP() << "sox cannot read MP3 (libsox-fmt-mp3 not installed)";
  }
  for (int hz : {22050, 24000, 8000, 44100}) {
    SCOPED_TRACE(hz);
    const std::vector<int16_t> pcm = SpeechLike(hz, 3.0);
    absl::StatusOr<std::unique_ptr<Encoder>> encoder =
        MakeEncoder(Encoding::kMp3, hz);
    ASSERT_TRUE(encoder.ok()) << encoder.status();
    const std::string bytes = EncodeInBlocks(**encoder, pcm);
    ASSERT_GT(bytes.size(), 2u);
    // A frame sync at the very start: no ID3 tag, no info frame.
    EXPECT_EQ(static_cast<uint8_t>(bytes[0]), 0xFF);
    EXPECT_EQ(static_cast<uint8_t>(bytes[1]) & 0xE0, 0xE0);
    const double kbps = bytes.size() * 8 / 3.0 / 1000;
    EXPECT_NEAR(kbps, Mp3BitrateKbpsForRate(hz), 3);
    const std::vector<int16_t> decoded =
        Decode(bytes, ".mp3", "sox -q -D {in} -b 16 {out} 2>/dev/null", hz);
    // Longer by the delay and the last frame's padding (a frame is 1152
    // samples in MPEG-1, 576 in MPEG-2 and 2.5), never shorter.
    const size_t frame = hz >= 32000 ? 1152 : 576;
    EXPECT_GE(decoded.size(), pcm.size());
    EXPECT_LE(decoded.size(), pcm.size() + kMp3EncoderDelaySamples + 2 * frame);
    size_t best_lag = 0;
    double best = 0;
    for (size_t lag = 0; lag < 2 * kMp3EncoderDelaySamples; ++lag) {
      const double c = Correlation(pcm, decoded, lag);
      if (c > best) best = c, best_lag = lag;
    }
    EXPECT_GT(best, 0.9);
    // The decoder sees LAME's whole delay; this is what a player trims if
    // it wants sample-exact audio.
    EXPECT_NEAR(static_cast<double>(best_lag), kMp3EncoderDelaySamples, 2);
    const double db = 20 * std::log10(Rms(decoded, best_lag, pcm.size()) /
                                      Rms(pcm, 0, pcm.size()));
    EXPECT_NEAR(db, 0, 1.5);
  }
}

}  // namespace
}  // namespace policyreader::audio
