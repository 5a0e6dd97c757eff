// Round trips of the server <-> worker frames over a real socket pair.
#include "service/synth/worker_protocol.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

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

TEST_F(SocketPair, ReaderTakesFramesThatArriveTogetherOneByOne) {
  // Ten audio frames, a word and the end, all queued before the first read.
  std::vector<std::string> payloads;
  for (int i = 0; i < 10; ++i) {
    payloads.push_back(std::string(8820 + i, static_cast<char>('a' + i)));
    ASSERT_TRUE(
        WriteFrame(fds_[0], FrameType::kAudio, 5, payloads.back()).ok());
  }
  ASSERT_TRUE(
      WriteFrame(fds_[0], FrameType::kWord, 5, EncodeWord({1, 2, 3})).ok());
  ASSERT_TRUE(
      WriteFrame(fds_[0], FrameType::kDone, 5, EncodeStatus(absl::OkStatus()))
          .ok());
  FrameReader reader(fds_[1]);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(reader.Ready());
    absl::StatusOr<Frame> frame = reader.Read(1000);
    ASSERT_TRUE(frame.ok()) << frame.status();
    EXPECT_EQ(frame->type, FrameType::kAudio);
    EXPECT_EQ(frame->job_id, 5u);
    EXPECT_EQ(frame->payload, payloads[i]) << "frame " << i;
  }
  absl::StatusOr<Frame> word = reader.Read(1000);
  ASSERT_TRUE(word.ok());
  ASSERT_EQ(word->type, FrameType::kWord);
  EXPECT_EQ(DecodeWord(word->payload)->sample_offset, 3u);
  absl::StatusOr<Frame> done = reader.Read();
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->type, FrameType::kDone);
  EXPECT_TRUE(DecodeStatus(done->payload).ok());
  EXPECT_FALSE(reader.Ready());
}

TEST_F(SocketPair, ReaderWaitsOutAFrameSentInPiecesAndReportsSilence) {
  // A frame larger than the reader's first buffer, its header alone first.
  const std::string payload(300 * 1024, 'x');
  const uint32_t header[3] = {static_cast<uint32_t>(FrameType::kAudio), 9,
                              static_cast<uint32_t>(payload.size())};
  FrameReader reader(fds_[1]);
  EXPECT_TRUE(absl::IsDeadlineExceeded(reader.Read(10).status()));
  ASSERT_EQ(write(fds_[0], header, sizeof(header)),
            static_cast<ssize_t>(sizeof(header)));
  // Silence inside a frame is silence too, and what came is kept.
  EXPECT_TRUE(absl::IsDeadlineExceeded(reader.Read(10).status()));
  std::thread writer([&] {
    size_t at = 0;
    while (at < payload.size()) {
      ssize_t n = write(fds_[0], payload.data() + at,
                        std::min<size_t>(4096, payload.size() - at));
      if (n <= 0) return;
      at += static_cast<size_t>(n);
    }
  });
  absl::StatusOr<Frame> frame = reader.Read(5000);
  writer.join();
  ASSERT_TRUE(frame.ok()) << frame.status();
  EXPECT_EQ(frame->job_id, 9u);
  EXPECT_EQ(frame->payload, payload);
  close(fds_[0]);
  fds_[0] = -1;
  EXPECT_TRUE(reader.Ready());
  EXPECT_TRUE(absl::IsUnavailable(reader.Read(1000).status()));
}

TEST_F(SocketPair, FrameLargerThanTheSocketBufferIsSentWhole) {
  // Several times what the socket holds, so sendmsg returns short.
  std::string payload(4 << 20, '\0');
  for (size_t i = 0; i < payload.size(); ++i) {
    payload[i] = static_cast<char>(i * 7 + i / 4096);
  }
  absl::Status sent;
  std::thread writer(
      [&] { sent = WriteFrame(fds_[0], FrameType::kAudio, 3, payload); });
  FrameReader reader(fds_[1]);
  absl::StatusOr<Frame> frame = reader.Read(5000);
  writer.join();
  EXPECT_TRUE(sent.ok()) << sent;
  ASSERT_TRUE(frame.ok()) << frame.status();
  EXPECT_EQ(frame->job_id, 3u);
  EXPECT_TRUE(frame->payload == payload);
}

TEST_F(SocketPair, ReaderRejectsABrokenFrame) {
  uint32_t header[3] = {99, 1, 0};
  ASSERT_EQ(write(fds_[0], header, sizeof(header)),
            static_cast<ssize_t>(sizeof(header)));
  FrameReader reader(fds_[1]);
  EXPECT_TRUE(absl::IsUnavailable(reader.Read(1000).status()));
}

TEST(PayloadTest, TruncatedPayloadsAreErrors) {
  EXPECT_FALSE(DecodeRequest("abc").ok());
  EXPECT_FALSE(DecodeWord("abc").ok());
  EXPECT_FALSE(DecodeU32("ab").ok());
  EXPECT_FALSE(DecodeStatus("").ok());
}

}  // namespace
}  // namespace policyreader::synth
