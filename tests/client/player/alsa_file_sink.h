// Test support: a sound "card" for machines without one. It points ALSA's
// default PCM at a file in a fresh temporary directory, so PortAudio plays
// for real (its ALSA host API, a real stream and callback thread) and the
// test reads back what was played.
//
// How: ALSA reads ~/.asoundrc when it first loads its configuration, so
// the sink writes one into the temporary directory and sets HOME there
// (unsetting XDG_CONFIG_HOME and ALSA_CONFIG_PATH, which could override it).
// That must happen before anything in the process initializes ALSA, i.e.
// before the first Pa_Initialize; gtest_discover_tests runs each test in a
// process of its own, and the sink is created first thing in each test.
//
// The configuration is
//
//   pcm.!default { type file; slave.pcm "null"; file "<dir>/out.raw";
//                  format "raw" }
//
// The `file` plugin copies every sample the application writes, in the
// application's own format (here S16_LE at the stream's rate and channel
// count), into the file and passes it on to the `null` plugin, which
// discards it. The plain default device works: PortAudio lists it as
// "default" and opens it directly; no `plug` layer, named --device or ctl
// section is needed. Things that differ from a sound card:
//  - `null` has no clock (its avail_update always reports a free buffer),
//    so with a plain file a second of audio "plays" in milliseconds, and a
//    producer racing it sees underruns a real device would not cause. When
//    the player re-buffers, the silence is written just as fast: out.raw
//    can grow by tens of MB a second.
//  - Pace::kRealTime fixes that: "out.raw" is then a FIFO whose reader
//    (a thread of this object) drains it at the stream's byte rate, with
//    the pipe shrunk to one page. The file plugin's write blocks when the
//    pipe is full, which blocks PortAudio's ALSA thread, so the device
//    consumes audio in real time, like a sound card with a ~100 ms buffer.
//  - PortAudio primes the device buffer with silence before the first
//    callback and pads the last period, so the data has zeros around the
//    audio.
// ALSA still prints probing errors for the stock PCMs that need a card
// (dmix, usb_stream); they are harmless.
//
// Thread-safety: create on the main thread before any other thread starts.
// Samples() may be called from any thread. The FIFO reader thread shares
// only received_ and writer_closes_ with it, under mu_.
#ifndef POLICY_READER_TESTS_CLIENT_PLAYER_ALSA_FILE_SINK_H_
#define POLICY_READER_TESTS_CLIENT_PLAYER_ALSA_FILE_SINK_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace policyreader::testing {

class AlsaFileSink {
 public:
  enum class Pace { kNone, kRealTime };

  // `bytes_per_second` is the pace of kRealTime (44100: 22050 Hz mono S16).
  explicit AlsaFileSink(Pace pace = Pace::kNone, int bytes_per_second = 44100);
  ~AlsaFileSink();

  AlsaFileSink(const AlsaFileSink&) = delete;
  AlsaFileSink& operator=(const AlsaFileSink&) = delete;

  bool ok() const { return ok_; }
  const std::string& raw_path() const { return raw_path_; }

  // kRealTime: closes the FIFO's read end, like a device going away; the
  // next write in ALSA fails (EPIPE; SIGPIPE must be ignored).
  void Disconnect();

  // Everything played so far (S16_LE samples). With kRealTime, first waits
  // (up to 10 s) until the device has been closed and the pipe drained, so
  // close the stream first.
  std::vector<int16_t> Samples() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void ReadFifo() ABSL_LOCKS_EXCLUDED(mu_);

  const Pace pace_;
  const int bytes_per_second_;
  std::string dir_;
  std::string raw_path_;
  bool ok_ = false;
  int fifo_fd_ = -1;

  absl::Mutex mu_;
  // kRealTime: bytes read from the FIFO.
  std::string received_ ABSL_GUARDED_BY(mu_);
  // Writers that wrote and closed.
  int writer_closes_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<bool> stop_{false};
  std::thread reader_;
};

}  // namespace policyreader::testing

#endif  // POLICY_READER_TESTS_CLIENT_PLAYER_ALSA_FILE_SINK_H_
