// Checks WAV headers byte for byte, ParseWav round trips and rejections, and
// (when sox is installed) that sox reads our files with the right rate,
// encoding, length and sample values.
#include "service/audio/wav.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/audio/encoder.h"
#include "service/audio/g711.h"

namespace policyreader::audio {
namespace {

using ::testing::HasSubstr;

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (const int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string Le16(int v) { return Bytes({v & 0xFF, (v >> 8) & 0xFF}); }
std::string Le32(uint32_t v) {
  return Bytes({static_cast<int>(v & 0xFF), static_cast<int>((v >> 8) & 0xFF),
                static_cast<int>((v >> 16) & 0xFF),
                static_cast<int>((v >> 24) & 0xFF)});
}

// A PCM fmt chunk body with the given fields, for hand-built files.
std::string FmtBody(int tag, int channels, uint32_t rate, int bits) {
  const int block = channels * bits / 8;
  return Le16(tag) + Le16(channels) + Le32(rate) + Le32(rate * block) +
         Le16(block) + Le16(bits);
}

std::string Chunk(const std::string& id, const std::string& body) {
  std::string out = id + Le32(body.size()) + body;
  if (body.size() % 2 == 1) out.push_back('\0');
  return out;
}

std::string Riff(const std::string& chunks) {
  return "RIFF" + Le32(4 + chunks.size()) + "WAVE" + chunks;
}

TEST(WavTest, Pcm16HeaderBytes) {
  const std::string header = WavHeader({Encoding::kLinear16, 22050}, 1000);
  const std::string expected = Bytes({
      'R',  'I',  'F',  'F',  0x0C, 0x04, 0x00, 0x00,  // 36 + 1000
      'W',  'A',  'V',  'E',  'f',  'm',  't',  ' ',
      0x10, 0x00, 0x00, 0x00,                          // fmt size 16
      0x01, 0x00, 0x01, 0x00,                          // PCM, mono
      0x22, 0x56, 0x00, 0x00,                          // 22050 Hz
      0x44, 0xAC, 0x00, 0x00,                          // 44100 bytes/s
      0x02, 0x00, 0x10, 0x00,                          // align 2, 16 bits
      'd',  'a',  't',  'a',  0xE8, 0x03, 0x00, 0x00,  // 1000 bytes
  });
  EXPECT_EQ(header, expected);
  EXPECT_EQ(WavHeaderSize({Encoding::kLinear16, 22050}), 44u);
}

TEST(WavTest, AlawHeaderBytes) {
  const std::string header = WavHeader({Encoding::kAlaw, 8000}, 160);
  const std::string expected = Bytes({
      'R',  'I',  'F',  'F',  0xD2, 0x00, 0x00, 0x00,  // 50 + 160
      'W',  'A',  'V',  'E',  'f',  'm',  't',  ' ',
      0x12, 0x00, 0x00, 0x00,  // fmt size 18
      0x06, 0x00, 0x01, 0x00,  // A-law, mono
      0x40, 0x1F, 0x00, 0x00,  // 8000 Hz
      0x40, 0x1F, 0x00, 0x00,  // 8000 bytes/s
      0x01, 0x00, 0x08, 0x00,  // align 1, 8 bits
      0x00, 0x00,              // cbSize 0
      'f',  'a',  'c',  't',  0x04, 0x00, 0x00, 0x00,
      0xA0, 0x00, 0x00, 0x00,                          // 160 samples
      'd',  'a',  't',  'a',  0xA0, 0x00, 0x00, 0x00,  // 160 bytes
  });
  EXPECT_EQ(header, expected);
  EXPECT_EQ(WavHeaderSize({Encoding::kAlaw, 8000}), 58u);
}

TEST(WavTest, MulawUsesFormatSeven) {
  const std::string header = WavHeader({Encoding::kMulaw, 8000}, 0);
  ASSERT_EQ(header.size(), WavHeaderSize({Encoding::kMulaw, 8000}));
  EXPECT_EQ(header[20], 7);
  EXPECT_EQ(header[21], 0);
}

class RoundTripTest : public testing::TestWithParam<Encoding> {};

TEST_P(RoundTripTest, ParseGivesBackFormatAndData) {
  const Encoding encoding = GetParam();
  for (const int rate : {8000, 16000, 22050, 48000}) {
    std::string data;
    const std::vector<int16_t> pcm = {0, 1, -1, 1000, -1000, 32767, -32768};
    ASSERT_TRUE(MakeEncoder(encoding)->Encode(pcm, &data).ok());
    const WavFormat format{encoding, rate};
    const std::string header = WavHeader(format, data.size());
    ASSERT_EQ(header.size(), WavHeaderSize(format));
    absl::StatusOr<ParsedWav> parsed = ParseWav(header + data);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->format.encoding, encoding);
    EXPECT_EQ(parsed->format.sample_rate_hz, rate);
    EXPECT_EQ(parsed->data, data);
  }
}

INSTANTIATE_TEST_SUITE_P(AllEncodings, RoundTripTest,
                         testing::Values(Encoding::kLinear16, Encoding::kAlaw,
                                         Encoding::kMulaw),
                         [](const testing::TestParamInfo<Encoding>& info) {
                           return std::string(EncodingName(info.param));
                         });

TEST(WavTest, SkipsUnknownChunksAndPadding) {
  const std::string wav =
      Riff(Chunk("fmt ", FmtBody(1, 1, 16000, 16)) +
           Chunk("LIST", "INFOodd") +  // Odd size: padded.
           Chunk("junk", "xyz") + Chunk("data", Le16(1234) + Le16(0xFFFF)));
  absl::StatusOr<ParsedWav> parsed = ParseWav(wav);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->format.encoding, Encoding::kLinear16);
  EXPECT_EQ(parsed->format.sample_rate_hz, 16000);
  EXPECT_EQ(parsed->data, Le16(1234) + Le16(0xFFFF));
}

TEST(WavTest, ReadsStreamedFileWhoseSizesWereNeverRewritten) {
  const std::string audio = "\xD5\xD5\x55\x55";
  const std::string wav = WavHeader({Encoding::kAlaw, 8000}, 0) + audio;
  absl::StatusOr<ParsedWav> parsed = ParseWav(wav);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->data, audio);
}

TEST(WavTest, ReadsExtensibleFormat) {
  // WAVE_FORMAT_EXTENSIBLE wrapping PCM, as some tools write.
  std::string body = FmtBody(0xFFFE, 1, 44100, 16) + Le16(22) + Le16(16) +
                     Le32(4) + Le16(1) +
                     Bytes({0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
                            0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71});
  absl::StatusOr<ParsedWav> parsed =
      ParseWav(Riff(Chunk("fmt ", body) + Chunk("data", Le16(5))));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->format.encoding, Encoding::kLinear16);
  EXPECT_EQ(parsed->format.sample_rate_hz, 44100);
}

void ExpectRejected(const std::string& bytes, const std::string& reason) {
  absl::StatusOr<ParsedWav> parsed = ParseWav(bytes);
  ASSERT_FALSE(parsed.ok()) << "accepted; wanted rejection for: " << reason;
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr(reason));
}

TEST(WavTest, RejectsGarbage) {
  ExpectRejected("", "RIFF");
  ExpectRejected("hello, this is not a wav file at all", "RIFF");
  ExpectRejected("RIFF" + Le32(8) + "AVI LIST", "RIFF");
}

TEST(WavTest, RejectsTruncatedFiles) {
  std::string data(100, '\x55');
  const std::string full = WavHeader({Encoding::kAlaw, 8000}, 100) + data;
  ASSERT_TRUE(ParseWav(full).ok());
  // Cut inside the data, the fact chunk, the fmt chunk and its header.
  ExpectRejected(full.substr(0, full.size() - 1), "truncated");
  ExpectRejected(full.substr(0, 30), "truncated");
  ExpectRejected(full.substr(0, 20), "truncated");
  ExpectRejected(full.substr(0, 16), "truncated");
  ExpectRejected(full.substr(0, 12), "no fmt chunk");
}

TEST(WavTest, RejectsMissingChunks) {
  ExpectRejected(Riff(Chunk("data", "abcd")), "no fmt chunk");
  ExpectRejected(Riff(Chunk("fmt ", FmtBody(1, 1, 8000, 16))), "no data chunk");
  ExpectRejected(Riff(Chunk("fmt ", "short")), "need at least 16");
}

TEST(WavTest, RejectsUnsupportedFormats) {
  ExpectRejected(
      Riff(Chunk("fmt ", FmtBody(1, 2, 8000, 16)) + Chunk("data", "abcd")),
      "mono");
  ExpectRejected(
      Riff(Chunk("fmt ", FmtBody(1, 1, 8000, 8)) + Chunk("data", "abcd")),
      "format tag 1 with 8 bits");
  ExpectRejected(
      Riff(Chunk("fmt ", FmtBody(3, 1, 8000, 32)) + Chunk("data", "abcd")),
      "format tag 3");
  ExpectRejected(
      Riff(Chunk("fmt ", FmtBody(1, 1, 0, 16)) + Chunk("data", "abcd")),
      "sample rate");
  ExpectRejected(
      Riff(Chunk("fmt ", FmtBody(1, 1, 8000, 16)) + Chunk("data", "abc")),
      "whole number of samples");
}

// --- sox interoperability (skipped when sox is not installed). ---

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    result.output.append(buffer, n);
  }
  result.status = pclose(pipe);
  return result;
}

bool HaveSox() {
  return RunCommand(
             "command -v sox >/dev/null 2>&1 && "
             "command -v soxi >/dev/null 2>&1")
             .status == 0;
}

class SoxTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!HaveSox()) GTEST_SKIP() << "sox/soxi not installed";
  }
  void TearDown() override {
    for (const std::string& path : paths_) std::remove(path.c_str());
  }

  // Writes a WAV of `pcm` in `format` to a fresh temp file; returns its path.
  std::string WriteWav(const WavFormat& format,
                       const std::vector<int16_t>& pcm) {
    std::string data;
    EXPECT_TRUE(MakeEncoder(format.encoding)->Encode(pcm, &data).ok());
    const std::string path =
        absl::StrCat(testing::TempDir(), "/audio_wav_test_", getpid(), "_",
                     paths_.size(), ".wav");
    std::ofstream file(path, std::ios::binary);
    file << WavHeader(format, data.size()) << data;
    file.close();
    paths_.push_back(path);
    return path;
  }

  // soxi's answer for one field; its warnings (2>&1) would break equality.
  static std::string Soxi(const std::string& flag, const std::string& path) {
    return RunCommand(absl::StrCat("soxi ", flag, " '", path, "' 2>&1")).output;
  }

  static std::vector<int16_t> Tone(int count) {
    std::vector<int16_t> pcm(count);
    for (int i = 0; i < count; ++i) {
      pcm[i] = static_cast<int16_t>(
          12000 * std::sin(2 * std::numbers::pi * 440 * i / 8000.0));
    }
    return pcm;
  }

  std::vector<std::string> paths_;
};

TEST_F(SoxTest, ReadsAlawWav) {
  const std::string path = WriteWav({Encoding::kAlaw, 8000}, Tone(800));
  EXPECT_EQ(Soxi("-r", path), "8000\n");
  EXPECT_EQ(Soxi("-e", path), "A-law\n");
  EXPECT_EQ(Soxi("-b", path), "8\n");
  EXPECT_EQ(Soxi("-c", path), "1\n");
  EXPECT_EQ(Soxi("-s", path), "800\n");
}

TEST_F(SoxTest, ReadsMulawWav) {
  const std::string path = WriteWav({Encoding::kMulaw, 8000}, Tone(160));
  EXPECT_EQ(Soxi("-r", path), "8000\n");
  EXPECT_EQ(Soxi("-e", path), "u-law\n");
  EXPECT_EQ(Soxi("-s", path), "160\n");
}

TEST_F(SoxTest, ReadsPcmWav) {
  const std::string path = WriteWav({Encoding::kLinear16, 22050}, Tone(2205));
  EXPECT_EQ(Soxi("-r", path), "22050\n");
  EXPECT_EQ(Soxi("-e", path), "Signed Integer PCM\n");
  EXPECT_EQ(Soxi("-b", path), "16\n");
  EXPECT_EQ(Soxi("-s", path), "2205\n");
}

TEST_F(SoxTest, DecodesG711LikeWeDo) {
  // All 256 codes, each sample value chosen to hit a different code.
  std::vector<int16_t> pcm;
  for (int code = 0; code < 256; ++code) {
    pcm.push_back(AlawToLinear(static_cast<uint8_t>(code)));
  }
  for (const Encoding encoding : {Encoding::kAlaw, Encoding::kMulaw}) {
    const std::string path = WriteWav({encoding, 8000}, pcm);
    const CommandResult decoded = RunCommand(absl::StrCat(
        "sox '", path, "' -t raw -e signed-integer -b 16 -L - 2>/dev/null"));
    ASSERT_EQ(decoded.status, 0);
    ASSERT_EQ(decoded.output.size(), pcm.size() * 2);
    for (size_t i = 0; i < pcm.size(); ++i) {
      const auto sox_sample = static_cast<int16_t>(
          static_cast<uint8_t>(decoded.output[2 * i]) |
          static_cast<uint8_t>(decoded.output[2 * i + 1]) << 8);
      const int16_t ours = encoding == Encoding::kAlaw
                               ? AlawToLinear(LinearToAlaw(pcm[i]))
                               : MulawToLinear(LinearToMulaw(pcm[i]));
      ASSERT_EQ(sox_sample, ours) << EncodingName(encoding) << " sample " << i;
    }
  }
}

}  // namespace
}  // namespace policyreader::audio
