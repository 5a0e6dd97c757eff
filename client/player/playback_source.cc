#include "client/player/playback_source.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace policyreader::player {

PlaybackSource::PlaybackSource(PcmRingBuffer* ring, int channels,
                               size_t rebuffer_frames)
    : ring_(ring),
      channels_(static_cast<size_t>(std::max(channels, 1))),
      rebuffer_samples_(rebuffer_frames * channels_) {}

PlaybackSource::FillResult PlaybackSource::Fill(std::span<int16_t> out) {
  std::fill(out.begin(), out.end(), int16_t{0});
  if (finished_.load(std::memory_order_relaxed)) return FillResult::kFinished;
  if (paused_.load(std::memory_order_acquire)) return FillResult::kContinue;
  // Load the end flag before looking at the ring: the producer sets it after
  // its last write (release), so once it reads true here, every sample of
  // the stream is visible and an empty ring really means "played out".
  const bool end = end_of_stream_.load(std::memory_order_acquire);
  const uint64_t cut_from = cut_from_.load(std::memory_order_acquire);
  const uint64_t cut_to = cut_to_.load(std::memory_order_acquire);
  uint64_t position = position_.load(std::memory_order_relaxed);
  if (cut_from <= position && position < cut_to) {
    // The cut frames were written before the cut was asked for, so they
    // are all in the ring.
    position += ring_->Skip((cut_to - position) * channels_) / channels_;
    position_.store(position, std::memory_order_release);
    if (position < cut_to) return FillResult::kContinue;
    rebuffering_ = rebuffer_samples_ > 0;
    after_cut_ = true;
  }
  if (rebuffering_) {
    if (!end && ring_->ReadAvailable() < rebuffer_samples_) {
      return FillResult::kContinue;
    }
    rebuffering_ = false;
  }
  // Whole frames only, so channels never swap when the producer is caught
  // between the samples of one frame.
  const size_t wanted = out.size() / channels_;
  // Stop at a cut ahead; the next call skips it.
  const uint64_t limit = cut_from > position && cut_to > cut_from
                             ? cut_from - position
                             : std::numeric_limits<uint64_t>::max();
  const size_t frames = static_cast<size_t>(
      std::min<uint64_t>({wanted, ring_->ReadAvailable() / channels_, limit}));
  const size_t got = ring_->Read(out.first(frames * channels_)) / channels_;
  position_.store(position + got, std::memory_order_release);
  frames_played_.fetch_add(got, std::memory_order_release);
  if (got > 0 && after_cut_) {
    after_cut_ = false;
    first_audio_after_cut_ns_.store(
        std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::steady_clock::now().time_since_epoch())
            .count(),
        std::memory_order_release);
  }
  if (got < wanted && got < limit) {
    if (end) {
      finished_.store(true, std::memory_order_release);
      return FillResult::kFinished;
    }
    if (!after_cut_) underruns_.fetch_add(1, std::memory_order_relaxed);
    rebuffering_ = rebuffer_samples_ > 0;
  }
  return FillResult::kContinue;
}

bool PlaybackSource::SetEndOfStream(bool end) {
  end_of_stream_.store(end, std::memory_order_release);
  return !finished_.load(std::memory_order_acquire);
}

void PlaybackSource::Cut(uint64_t from_frame, uint64_t to_frame) {
  cut_to_.store(to_frame, std::memory_order_release);
  cut_from_.store(from_frame, std::memory_order_release);
}

}  // namespace policyreader::player
