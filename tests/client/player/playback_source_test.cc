#include "client/player/playback_source.h"

#include <cstdint>
#include <numeric>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::player {
namespace {

std::vector<int16_t> Ramp(int16_t first, size_t count) {
  std::vector<int16_t> samples(count);
  std::iota(samples.begin(), samples.end(), first);
  return samples;
}

TEST(PlaybackSourceTest, CopiesQueuedAudio) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 1, 0);
  ring.Write(Ramp(1, 8));
  std::vector<int16_t> out(8);
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kContinue);
  EXPECT_EQ(out, Ramp(1, 8));
  EXPECT_EQ(source.frames_played(), 8u);
  EXPECT_EQ(source.underruns(), 0u);
}

TEST(PlaybackSourceTest, UnderrunFillsSilenceAndIsCounted) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 1, 0);
  ring.Write(Ramp(1, 3));
  std::vector<int16_t> out(6, 99);
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kContinue);
  EXPECT_EQ(out, (std::vector<int16_t>{1, 2, 3, 0, 0, 0}));
  EXPECT_EQ(source.underruns(), 1u);
  EXPECT_EQ(source.frames_played(), 3u);
  EXPECT_FALSE(source.finished());
}

TEST(PlaybackSourceTest, EndOfStreamIsNotAnUnderrun) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 1, 16);
  ring.Write(Ramp(1, 5));
  source.MarkEndOfStream();
  std::vector<int16_t> out(4);
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kContinue);
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kFinished);
  EXPECT_EQ(out, (std::vector<int16_t>{5, 0, 0, 0}));
  EXPECT_TRUE(source.finished());
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kFinished);
  EXPECT_EQ(out, (std::vector<int16_t>{0, 0, 0, 0}));
  EXPECT_EQ(source.underruns(), 0u);
  EXPECT_EQ(source.frames_played(), 5u);
}

TEST(PlaybackSourceTest, RebuffersAfterAnUnderrun) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 1, /*rebuffer_frames=*/8);
  std::vector<int16_t> out(4);
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kContinue);
  EXPECT_EQ(source.underruns(), 1u);
  // Less than the re-buffer level: silence, and no second underrun counted.
  ring.Write(Ramp(1, 5));
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kContinue);
  EXPECT_EQ(out, (std::vector<int16_t>{0, 0, 0, 0}));
  EXPECT_EQ(source.underruns(), 1u);
  EXPECT_EQ(source.frames_played(), 0u);
  // Enough queued: plays on from where it stopped.
  ring.Write(Ramp(6, 3));
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kContinue);
  EXPECT_EQ(out, Ramp(1, 4));
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kContinue);
  EXPECT_EQ(out, Ramp(5, 4));
  EXPECT_EQ(source.frames_played(), 8u);
}

TEST(PlaybackSourceTest, EndOfStreamEndsRebuffering) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 1, 8);
  std::vector<int16_t> out(4);
  source.Fill(out);  // Underrun: re-buffering.
  ring.Write(Ramp(1, 2));
  source.MarkEndOfStream();
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kFinished);
  EXPECT_EQ(out, (std::vector<int16_t>{1, 2, 0, 0}));
  EXPECT_EQ(source.underruns(), 1u);
}

TEST(PlaybackSourceTest, StereoReadsWholeFramesOnly) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 2, 0);
  ring.Write(Ramp(1, 5));  // Two frames and half of a third.
  std::vector<int16_t> out(6, 99);
  source.Fill(out);
  EXPECT_EQ(out, (std::vector<int16_t>{1, 2, 3, 4, 0, 0}));
  EXPECT_EQ(source.frames_played(), 2u);
  ring.Write(Ramp(6, 1));  // Completes the third frame.
  source.Fill(out);
  EXPECT_EQ(out, (std::vector<int16_t>{5, 6, 0, 0, 0, 0}));
  EXPECT_EQ(source.frames_played(), 3u);
}

TEST(PlaybackSourceTest, PauseConsumesNothingAndIsNotAnUnderrun) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 1, 0);
  ring.Write(Ramp(1, 8));
  std::vector<int16_t> out(4);
  source.SetPaused(true);
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kContinue);
  EXPECT_EQ(out, (std::vector<int16_t>{0, 0, 0, 0}));
  EXPECT_EQ(source.position(), 0u);
  source.SetPaused(false);
  source.Fill(out);
  EXPECT_EQ(out, (std::vector<int16_t>{1, 2, 3, 4}));
  EXPECT_EQ(source.underruns(), 0u);
}

TEST(PlaybackSourceTest, CutNowSkipsWhatIsQueuedAndRebuffersQuietly) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 1, /*rebuffer_frames=*/4);
  ring.Write(Ramp(1, 10));
  std::vector<int16_t> out(4);
  source.Fill(out);  // Plays 1..4.
  source.Cut(0, 10);
  EXPECT_EQ(source.first_audio_after_cut_ns(), 0);
  source.Fill(out);  // Nothing new yet: silence, not an underrun.
  EXPECT_EQ(out, (std::vector<int16_t>{0, 0, 0, 0}));
  EXPECT_EQ(source.position(), 10u);
  ring.Write(Ramp(100, 4));
  source.Fill(out);
  EXPECT_EQ(out, (std::vector<int16_t>{100, 101, 102, 103}));
  EXPECT_GT(source.first_audio_after_cut_ns(), 0);
  EXPECT_EQ(source.underruns(), 0u);
  EXPECT_EQ(source.frames_played(), 8u);
}

TEST(PlaybackSourceTest, CutAheadPlaysUpToItThenSkipsIt) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 1, 0);
  ring.Write(Ramp(1, 12));  // Frames 0..11; 6..8 are a broken-off tail.
  source.Cut(6, 9);
  std::vector<int16_t> out(4);
  source.Fill(out);
  EXPECT_EQ(out, (std::vector<int16_t>{1, 2, 3, 4}));
  source.Fill(out);  // Stops at the cut: no underrun.
  EXPECT_EQ(out, (std::vector<int16_t>{5, 6, 0, 0}));
  source.Fill(out);
  EXPECT_EQ(out, (std::vector<int16_t>{10, 11, 12, 0}));
  EXPECT_EQ(source.position(), 12u);
  EXPECT_EQ(source.frames_played(), 9u);
  EXPECT_EQ(source.underruns(), 1u);  // The last, short buffer.
}

TEST(PlaybackSourceTest, EndOfStreamCanBeTakenBackUntilPlayedOut) {
  PcmRingBuffer ring(64);
  PlaybackSource source(&ring, 1, 0);
  ring.Write(Ramp(1, 2));
  source.MarkEndOfStream();
  EXPECT_TRUE(source.SetEndOfStream(false));  // The listener went back.
  std::vector<int16_t> out(4);
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kContinue);
  EXPECT_TRUE(source.SetEndOfStream(true));
  EXPECT_EQ(source.Fill(out), PlaybackSource::FillResult::kFinished);
  EXPECT_FALSE(source.SetEndOfStream(false));  // Too late: it is over.
}

TEST(SpscRingBufferSkipTest, SkipDropsTheOldest) {
  PcmRingBuffer ring(8);
  ring.Write(Ramp(1, 6));
  EXPECT_EQ(ring.Skip(4), 4u);
  EXPECT_EQ(ring.Skip(9), 2u);
  EXPECT_EQ(ring.ReadAvailable(), 0u);
}

}  // namespace
}  // namespace policyreader::player
