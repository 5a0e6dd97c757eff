// What the audio callback does, kept free of PortAudio so it can be unit
// tested: copy PCM out of the ring buffer, fill with silence when the ring
// runs dry, count underruns, and say when the stream has played out.
//
// After an underrun the source re-buffers: it plays silence until
// `rebuffer_frames` are queued again (or the stream has ended), so a slow
// network gives one clean pause instead of a stutter of tiny gaps.
//
// Thread-safety: Fill() is called only by the audio (consumer) thread and is
// real-time safe: no locks, no allocation, no system calls. MarkEndOfStream()
// is called only by the producer thread (the one writing the ring). The
// counters and finished() may be read from any thread.
#ifndef POLICY_READER_CLIENT_PLAYER_PLAYBACK_SOURCE_H_
#define POLICY_READER_CLIENT_PLAYER_PLAYBACK_SOURCE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

#include "client/player/ring_buffer.h"

namespace policyreader::player {

class PlaybackSource {
 public:
  enum class FillResult {
    kContinue,  // Call again for the next buffer.
    kFinished,  // End of stream reached and the ring is drained.
  };

  // `ring` must outlive this object. Frames hold `channels` interleaved
  // samples. `rebuffer_frames` of 0 disables re-buffering.
  PlaybackSource(PcmRingBuffer* ring, int channels, size_t rebuffer_frames);

  PlaybackSource(const PlaybackSource&) = delete;
  PlaybackSource& operator=(const PlaybackSource&) = delete;

  // Audio thread: fills all of `out` (interleaved samples, a whole number of
  // frames) from the ring, with zeros where there is nothing to play.
  FillResult Fill(std::span<int16_t> out);

  // Producer thread: no more samples will be written. Call after the last
  // Write() to the ring.
  void MarkEndOfStream();

  // Any thread.
  bool end_of_stream() const {
    return end_of_stream_.load(std::memory_order_acquire);
  }
  // True once Fill() has returned kFinished.
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  // Times the ring ran dry while playing, before the end of the stream.
  uint64_t underruns() const {
    return underruns_.load(std::memory_order_relaxed);
  }
  // Frames of real audio (not fill silence) handed to the device so far.
  uint64_t frames_played() const {
    return frames_played_.load(std::memory_order_acquire);
  }

 private:
  PcmRingBuffer* const ring_;
  const size_t channels_;
  const size_t rebuffer_samples_;
  bool rebuffering_ = false;  // Audio thread only.
  std::atomic<bool> end_of_stream_{false};
  std::atomic<bool> finished_{false};
  std::atomic<uint64_t> underruns_{0};
  std::atomic<uint64_t> frames_played_{0};
};

}  // namespace policyreader::player

#endif  // POLICY_READER_CLIENT_PLAYER_PLAYBACK_SOURCE_H_
