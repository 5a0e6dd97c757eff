// What the audio callback does, kept free of PortAudio so it can be unit
// tested: copy PCM out of the ring buffer, fill with silence when the ring
// runs dry, count underruns, and say when the stream has played out.
//
// After an underrun the source re-buffers: it plays silence until
// `rebuffer_frames` are queued again (or the stream has ended), so a slow
// network gives one clean pause instead of a stutter of tiny gaps.
//
// For a listener who navigates, the source can also pause (silence, nothing
// consumed) and cut: skip stream frames [from, to) that are already queued,
// e.g. the rest of a sentence the listener skipped. Positions count every
// frame ever written to the ring, played or cut. After a cut the source
// re-buffers without counting an underrun (the new audio is on its way) and
// notes when the first new frame went to the device, which is how a key's
// latency is measured.
//
// Thread-safety: Fill() is called only by the audio (consumer) thread and is
// real-time safe: no locks, no allocation, no system calls (the clock is
// read through the vDSO). SetEndOfStream() and Cut() are called only by the
// producer (the thread writing the ring), after its writes. SetPaused() and
// the getters may be called from any thread.
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

  // Producer thread: no more samples will be written (true), or more will
  // after all (false: the listener navigated before the end had played).
  // Returns false if the source had already finished, which is final.
  bool SetEndOfStream(bool end = true);
  void MarkEndOfStream() { SetEndOfStream(true); }

  // Producer thread: frames [from, to) of the stream are never played. A
  // `from` at or before the current position cuts at once. `to` must not be
  // beyond what has been written. A later cut replaces an earlier one.
  void Cut(uint64_t from_frame, uint64_t to_frame);

  // Any thread: while paused the device plays silence and nothing is
  // consumed, so playback resumes exactly where it stopped.
  void SetPaused(bool paused) {
    paused_.store(paused, std::memory_order_release);
  }
  bool paused() const { return paused_.load(std::memory_order_acquire); }

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
  // Frames consumed from the ring, played or cut: the stream position.
  uint64_t position() const {
    return position_.load(std::memory_order_acquire);
  }
  // steady_clock nanoseconds at which the first frame after the latest cut
  // went to the device; 0 until then.
  int64_t first_audio_after_cut_ns() const {
    return first_audio_after_cut_ns_.load(std::memory_order_acquire);
  }

 private:
  PcmRingBuffer* const ring_;
  const size_t channels_;
  const size_t rebuffer_samples_;
  bool rebuffering_ = false;  // Audio thread only.
  bool after_cut_ = false;    // Audio thread only.
  std::atomic<bool> end_of_stream_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> paused_{false};
  // Producer stores `to` before `from`; Fill loads `from` first, so it never
  // pairs a new `from` with an old `to`.
  std::atomic<uint64_t> cut_from_{0};
  std::atomic<uint64_t> cut_to_{0};
  std::atomic<uint64_t> underruns_{0};
  std::atomic<uint64_t> frames_played_{0};
  std::atomic<uint64_t> position_{0};  // Written by the audio thread only.
  std::atomic<int64_t> first_audio_after_cut_ns_{0};
};

}  // namespace policyreader::player

#endif  // POLICY_READER_CLIENT_PLAYER_PLAYBACK_SOURCE_H_
