#include "client/cli/audio_file_writer.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"
#include "service/audio/wav.h"

namespace policyreader::cli {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file),
                     std::istreambuf_iterator<char>());
}

uint32_t Le32(const std::string& bytes, size_t at) {
  return static_cast<uint8_t>(bytes[at]) |
         static_cast<uint8_t>(bytes[at + 1]) << 8 |
         static_cast<uint8_t>(bytes[at + 2]) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 3])) << 24;
}

class AudioFileWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "ud.wav").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(AudioFileWriterTest, WavHeaderStartsAtZeroAndIsRewrittenAtTheEnd) {
  auto writer = AudioFileWriter::Create(path_, /*raw=*/false);
  ASSERT_TRUE(writer.ok()) << writer.status();
  const audio::WavFormat format{audio::Encoding::kLinear16, 22050};
  ASSERT_TRUE((*writer)->Begin(format).ok());
  ASSERT_TRUE((*writer)->Append(std::string("\x01\x00\x02\x00", 4)).ok());
  // While streaming: a header claiming no data, then the data so far.
  std::string partial = ReadAll(path_);
  const size_t header_size = audio::WavHeaderSize(format);
  ASSERT_EQ(partial.size(), header_size + 4);
  EXPECT_EQ(partial.substr(0, header_size), audio::WavHeader(format, 0));
  ASSERT_TRUE((*writer)->Append(std::string("\x03\x00", 2)).ok());
  ASSERT_TRUE((*writer)->Finish().ok());

  const std::string bytes = ReadAll(path_);
  ASSERT_EQ(bytes.size(), header_size + 6);
  EXPECT_EQ(bytes.substr(0, header_size), audio::WavHeader(format, 6));
  EXPECT_EQ(Le32(bytes, 4), bytes.size() - 8);  // RIFF size.
  absl::StatusOr<audio::ParsedWav> parsed = audio::ParseWav(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->format.encoding, audio::Encoding::kLinear16);
  EXPECT_EQ(parsed->format.sample_rate_hz, 22050);
  EXPECT_EQ(parsed->data, std::string("\x01\x00\x02\x00\x03\x00", 6));
  EXPECT_EQ((*writer)->data_bytes(), 6u);
}

TEST_F(AudioFileWriterTest, AlawWavUsesFormatSix) {
  auto writer = AudioFileWriter::Create(path_, /*raw=*/false);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Begin({audio::Encoding::kAlaw, 8000}).ok());
  ASSERT_TRUE((*writer)->Append("\xd5\xd5\xd5").ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  const std::string bytes = ReadAll(path_);
  EXPECT_EQ(static_cast<uint8_t>(bytes[20]), 6);  // wFormatTag.
  absl::StatusOr<audio::ParsedWav> parsed = audio::ParseWav(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->format.encoding, audio::Encoding::kAlaw);
  EXPECT_EQ(parsed->format.sample_rate_hz, 8000);
  EXPECT_EQ(parsed->data, "\xd5\xd5\xd5");
}

TEST_F(AudioFileWriterTest, EmptyStreamIsAValidEmptyWav) {
  auto writer = AudioFileWriter::Create(path_, /*raw=*/false);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Begin({audio::Encoding::kMulaw, 8000}).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  absl::StatusOr<audio::ParsedWav> parsed = audio::ParseWav(ReadAll(path_));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->format.encoding, audio::Encoding::kMulaw);
  EXPECT_TRUE(parsed->data.empty());
}

TEST_F(AudioFileWriterTest, RawHasNoHeader) {
  auto writer = AudioFileWriter::Create(path_, /*raw=*/true);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Begin({audio::Encoding::kLinear16, 22050}).ok());
  ASSERT_TRUE((*writer)->Append("abcd").ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ(ReadAll(path_), "abcd");
}

TEST_F(AudioFileWriterTest, UnfinishedFileIsRemoved) {
  {
    auto writer = AudioFileWriter::Create(path_, /*raw=*/false);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Begin({audio::Encoding::kLinear16, 22050}).ok());
    ASSERT_TRUE((*writer)->Append("ab").ok());
    EXPECT_TRUE(std::filesystem::exists(path_));
  }
  EXPECT_FALSE(std::filesystem::exists(path_));
}

TEST_F(AudioFileWriterTest, Errors) {
  EXPECT_FALSE(AudioFileWriter::Create("-", /*raw=*/false).ok());
  auto missing_dir =
      AudioFileWriter::Create((dir_ / "nope" / "ud.wav").string(), false);
  EXPECT_FALSE(missing_dir.ok());
  auto writer = AudioFileWriter::Create(path_, false);
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ((*writer)->Append("ab").code(),
            absl::StatusCode::kFailedPrecondition);  // Before Begin().
}

}  // namespace
}  // namespace policyreader::cli
