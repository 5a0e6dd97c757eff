// Round trips of the server <-> worker frames over a real socket pair.
#include "service/synth/worker_protocol.h"

#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace policyreader::synth {
namespace {

class SocketPair : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0);
  }
  void TearDown() override {
    if (fds_[0] >= 0) close(fds_[0]);
    if (fds_[1] >= 0) close(fds_[1]);
  }
  int fds_[2] = {-1, -1};
};

TEST_F(SocketPair, RequestRoundTrip) {
  EngineRequest request{.espeak_voice = "da+f3",
                        .rate_wpm = 300,
                        .pitch = 61,
                        .word_marks = true,
                        .text = "Kære borger, æøå."};
  ASSERT_TRUE(
      WriteFrame(fds_[0], FrameType::kSynthesize, 42, EncodeRequest(request))
          .ok());
  absl::StatusOr<Frame> frame = ReadFrame(fds_[1], 1000);
  ASSERT_TRUE(frame.ok()) << frame.status();
  EXPECT_EQ(frame->type, FrameType::kSynthesize);
  EXPECT_EQ(frame->job_id, 42u);
  absl::StatusOr<EngineRequest> decoded = DecodeRequest(frame->payload);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->espeak_voice, "da+f3");
  EXPECT_EQ(decoded->rate_wpm, 300);
  EXPECT_EQ(decoded->pitch, 61);
  EXPECT_TRUE(decoded->word_marks);
  EXPECT_TRUE(decoded->end_pause);
  EXPECT_EQ(decoded->text, "Kære borger, æøå.");
  request.word_marks = false;
  request.end_pause = false;
  decoded = DecodeRequest(EncodeRequest(request));
  ASSERT_TRUE(decoded.ok());
  EXPECT_FALSE(decoded->word_marks);
  EXPECT_FALSE(decoded->end_pause);
}

TEST_F(SocketPair, AudioWordAndStatusRoundTrip) {
  std::vector<int16_t> pcm = {0, 1, -1, 32767, -32768};
  std::string bytes(reinterpret_cast<const char*>(pcm.data()), pcm.size() * 2);
  ASSERT_TRUE(WriteFrame(fds_[0], FrameType::kAudio, 7, bytes).ok());
  ASSERT_TRUE(
      WriteFrame(fds_[0], FrameType::kWord, 7, EncodeWord({3, 5, 99})).ok());
  ASSERT_TRUE(WriteFrame(fds_[0], FrameType::kDone, 7,
                         EncodeStatus(absl::NotFoundError("no voice")))
                  .ok());
  absl::StatusOr<Frame> audio = ReadFrame(fds_[1]);
  ASSERT_TRUE(audio.ok());
  std::span<const int16_t> samples = AudioSamples(*audio);
  EXPECT_EQ(std::vector<int16_t>(samples.begin(), samples.end()), pcm);
  absl::StatusOr<Frame> word = ReadFrame(fds_[1]);
  ASSERT_TRUE(word.ok());
  absl::StatusOr<WordEvent> event = DecodeWord(word->payload);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->text_begin, 3u);
  EXPECT_EQ(event->text_length, 5u);
  EXPECT_EQ(event->sample_offset, 99u);
  absl::StatusOr<Frame> done = ReadFrame(fds_[1]);
  ASSERT_TRUE(done.ok());
  absl::Status status = DecodeStatus(done->payload);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "no voice");
}

TEST_F(SocketPair, PeerGoneAndSilenceAreReported) {
  EXPECT_TRUE(absl::IsDeadlineExceeded(ReadFrame(fds_[1], 10).status()));
  EXPECT_FALSE(FrameReady(fds_[1]));
  close(fds_[0]);
  fds_[0] = -1;
  EXPECT_TRUE(FrameReady(fds_[1]));
  EXPECT_TRUE(absl::IsUnavailable(ReadFrame(fds_[1]).status()));
  EXPECT_TRUE(
      absl::IsUnavailable(WriteFrame(fds_[1], FrameType::kCancel, 1, "")));
}

TEST_F(SocketPair, BrokenFrameIsRejected) {
  uint32_t header[3] = {99, 1, 0};
  ASSERT_EQ(write(fds_[0], header, sizeof(header)),
            static_cast<ssize_t>(sizeof(header)));
  EXPECT_TRUE(absl::IsUnavailable(ReadFrame(fds_[1]).status()));
}

TEST(PayloadTest, TruncatedPayloadsAreErrors) {
  EXPECT_FALSE(DecodeRequest("abc").ok());
  EXPECT_FALSE(DecodeWord("abc").ok());
  EXPECT_FALSE(DecodeU32("ab").ok());
  EXPECT_FALSE(DecodeStatus("").ok());
}

}  // namespace
}  // namespace policyreader::synth
