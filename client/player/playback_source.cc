#include "client/player/playback_source.h"

#include <algorithm>

namespace policyreader::player {

PlaybackSource::PlaybackSource(PcmRingBuffer* ring, int channels,
                               size_t rebuffer_frames)
    : ring_(ring),
      channels_(static_cast<size_t>(std::max(channels, 1))),
      rebuffer_samples_(rebuffer_frames * channels_) {}

PlaybackSource::FillResult PlaybackSource::Fill(std::span<int16_t> out) {
  if (finished_.load(std::memory_order_relaxed)) {
    std::fill(out.begin(), out.end(), int16_t{0});
    return FillResult::kFinished;
  }
  // Load the end flag before looking at the ring: the producer sets it after
  // its last write (release), so once it reads true here, every sample of
  // the stream is visible and an empty ring really means "played out".
  const bool end = end_of_stream_.load(std::memory_order_acquire);
  if (rebuffering_) {
    if (!end && ring_->ReadAvailable() < rebuffer_samples_) {
      std::fill(out.begin(), out.end(), int16_t{0});
      return FillResult::kContinue;
    }
    rebuffering_ = false;
  }
  // Whole frames only, so channels never swap when the producer is caught
  // between the samples of one frame.
  const size_t wanted = out.size() - out.size() % channels_;
  const size_t available = ring_->ReadAvailable();
  const size_t got = ring_->Read(
      out.first(std::min(wanted, available - available % channels_)));
  frames_played_.fetch_add(got / channels_, std::memory_order_release);
  std::fill(out.begin() + static_cast<ptrdiff_t>(got), out.end(), int16_t{0});
  if (got < wanted) {
    if (end) {
      finished_.store(true, std::memory_order_release);
      return FillResult::kFinished;
    }
    underruns_.fetch_add(1, std::memory_order_relaxed);
    rebuffering_ = rebuffer_samples_ > 0;
  }
  return FillResult::kContinue;
}

void PlaybackSource::MarkEndOfStream() {
  end_of_stream_.store(true, std::memory_order_release);
}

}  // namespace policyreader::player
