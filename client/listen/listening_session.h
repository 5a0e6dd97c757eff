// One listening session: reads a text (a library document or a file) aloud
// on the sound device while the listener navigates it with single keys, the
// way a talking-book player does.
//
// How it works: the device stream is opened once and runs for the whole
// session. A Synthesize stream from the current sentence (rpc::SpeechStream,
// read on its own thread into a small queue) is moved by the controller into
// a lock-free ring that the device's callback drains. A key that moves the
// position (next/previous sentence or section, repeat, speed) restarts that
// stream at the target sentence and cuts what is queued in the ring
// (PlaybackSource::Cut); pause only silences the callback, so resume is
// instant and exact. Sentence positions are printed when their first audio
// reaches the listener, not when it arrives.
//
// If the server goes away, what is queued (up to half the ring) keeps
// playing; the loss shows once the stream's queue has gone into the ring.
// The session then reconnects with exponential backoff and continues after
// the last sentence it fully received (cutting a half-received one, which is
// read again whole), so a server back within the queued seconds is not
// heard at all.
//
// Thread-safety and threads: Run() is the controller loop and runs on the
// calling thread; all decisions, ring writes, printing and the on_position
// callback happen there. The SpeechStream's thread reads the call and wakes
// the controller (an eventfd); PortAudio's callback thread reads the ring.
// Stop() may be called from any thread (a SIGINT watcher) and makes Run()
// return promptly.
#ifndef POLICY_READER_CLIENT_LISTEN_LISTENING_SESSION_H_
#define POLICY_READER_CLIENT_LISTEN_LISTENING_SESSION_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "client/listen/navigation.h"
#include "client/listen/terminal.h"
#include "client/rpc/outline.h"
#include "client/rpc/speech_stream.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

namespace policyreader::player {
class AudioOutput;
class PlaybackSource;
}  // namespace policyreader::player

namespace policyreader::listen {

// Which position lines the session prints as the audio reaches them.
enum class Announce {
  kSentences,  // Every sentence: "Afsnit 3 af 12, sætning 41 af 380: ...".
  // Only the first sentence of each new section (and where reading
  // starts), so a screen reader does not talk over the speech; moves,
  // pause and speed are still said.
  kSections,
};

struct SessionOptions {
  std::string device;  // Empty: PortAudio's default output.
  bool quiet = false;  // Print nothing but errors.
  Announce announce = Announce::kSentences;
  double speed = 1.0;
  size_t start_sentence = 0;
  // Audio queued before the device first starts.
  absl::Duration prebuffer = absl::Milliseconds(200);
  // Audio queued after a key before the new position plays. The first
  // message of a stream carries up to 200 ms of audio, so this costs no wait
  // beyond the server's time to first audio.
  absl::Duration restart_prebuffer = absl::Milliseconds(60);
  // Half of it is filled ahead of the listener; the other half is room for
  // the audio of a new position while the old is being cut.
  absl::Duration ring_capacity = absl::Seconds(8);
  // Output latency asked of the device: low, so keys take effect at once.
  double device_latency_s = 0.04;
  // Reconnecting after the server went away.
  absl::Duration reconnect_first_delay = absl::Milliseconds(250);
  absl::Duration reconnect_max_delay = absl::Seconds(5);
  absl::Duration reconnect_give_up = absl::Minutes(2);
  // An attempt that brings no audio in this long is abandoned and retried.
  absl::Duration reconnect_attempt_timeout = absl::Seconds(2);
  // Deadline of each Synthesize stream (a stream ending on it resumes).
  absl::Duration stream_deadline = absl::Hours(6);
  bool quiet_backend_logs = true;
  // Also print the gRPC code and its (English) message, on a line of their
  // own, when the connection is lost.
  bool verbose = false;
};

struct SessionResult {
  // OK when the text was heard to the end, or the listener quit or stopped.
  absl::Status status;
  bool finished = false;  // Heard to the end.
  bool quit = false;      // 'q'.
  bool stopped = false;   // Stop() (Ctrl-C).
  size_t sentence = 0;    // Where the listener was.
  double speed = 1.0;
  std::string device_name;
  double output_latency_s = 0;
  uint64_t frames_played = 0;
  int sample_rate_hz = 0;
  uint64_t underruns = 0;
  int reconnects = 0;
  // From each key that moved the position to the first audio of the new
  // position going to the device (the device's own latency comes on top).
  std::vector<double> key_latencies_ms;
  // The part of that until the new audio arrived from the server; the rest
  // is waiting for the device to ask for more.
  std::vector<double> key_to_audio_ms;
};

class ListeningSession {
 public:
  // The request that reads from sentence `start` at `speed`; the session
  // sets nothing else in it.
  using RequestFactory =
      std::function<v1::SynthesizeRequest(uint32_t start, double speed)>;
  // Told each sentence as it starts playing.
  using PositionCallback = std::function<void(size_t sentence)>;

  // `stub`, `outline` and `out` must outlive the session.
  ListeningSession(v1::PolicyReader::StubInterface* stub,
                   const rpc::Outline* outline, RequestFactory make_request,
                   SessionOptions options, std::ostream* out);
  ~ListeningSession();

  ListeningSession(const ListeningSession&) = delete;
  ListeningSession& operator=(const ListeningSession&) = delete;

  // Plays until the end, 'q', Stop() or an error. `keys` may be null (no
  // terminal: just play). Call once.
  SessionResult Run(KeyboardInput* keys, const PositionCallback& on_position);

  // Any thread.
  void Stop();

  // The speed now. Controller thread only, e.g. from the on_position
  // callback, so a saved place can carry its speed.
  double speed() const { return speed_; }

 private:
  struct SentenceMark {
    uint64_t frame;  // Ring position of its first (or, as an end, last) frame.
    size_t index;
  };

  void StartStream(size_t start);
  // Cancels the running stream, if any.
  void StopStream();
  // PlaybackSource::Cut, remembering the cut (a later one replaces it).
  void CutFrames(uint64_t from, uint64_t to);
  // Moves what the stream has queued into the ring, as far as it fits.
  void FeedRing();
  // Moves to `target` at once (cutting queued audio); `key_ns` is when the
  // key was read (steady clock), for the latency figures.
  void Jump(size_t target, int64_t key_ns);
  // Returns false to end the session.
  bool Handle(Command command, int64_t key_ns);
  void AnnouncePlayed(const PositionCallback& on_position);
  // Returns false to end the session (finished or failed).
  bool OnStreamDone(const absl::Status& status);
  void Print(const std::string& line);
  void Wake();

  v1::PolicyReader::StubInterface* const stub_;
  const rpc::Outline* const outline_;
  const RequestFactory make_request_;
  const SessionOptions options_;
  std::ostream* const out_;

  int wake_fd_ = -1;  // eventfd: wakes the controller's poll.
  std::atomic<bool> stop_requested_{false};

  // The audio path; see PlaybackSource for who may call what.
  struct Audio;
  std::unique_ptr<Audio> audio_;

  // Controller thread only.
  std::unique_ptr<rpc::SpeechStream> speech_;
  bool streaming_ = false;  // A stream runs or has audio still to feed.
  // Frames written to the ring, ever.
  uint64_t frames_written_ = 0;
  // The end of the latest "cut now", which the callback may not have made
  // yet: frames before it no longer count as queued.
  uint64_t cut_now_to_ = 0;
  // The latest cut asked of the PlaybackSource.
  uint64_t last_cut_from_ = 0;
  uint64_t last_cut_to_ = 0;
  std::deque<SentenceMark> pending_;  // Started, not yet heard.
  // The last sentence received whole, and where its audio ends.
  std::optional<SentenceMark> last_complete_;
  size_t current_ = 0;
  std::optional<size_t> last_announced_;
  // The section of the last position line printed (Announce::kSections);
  // outer nullopt: none printed yet.
  std::optional<std::optional<size_t>> last_section_;
  double speed_ = 1.0;
  bool paused_ = false;
  bool ending_ = false;  // The last stream ended; playing out the ring.
  std::optional<int64_t> key_ns_;  // A key waiting for its audio.
  // Where the running stream started, in sentences and ring frames.
  size_t stream_start_sentence_ = 0;
  uint64_t stream_start_frame_ = 0;
  absl::Time stream_started_at_;
  std::optional<absl::Time> outage_since_;
  // A stream of this session has brought a whole sentence: a later failure
  // is a lost connection, not one never made.
  bool connected_ = false;
  // "Forbindelsen ... er tabt" was printed for the current outage.
  bool outage_announced_ = false;
  absl::Duration reconnect_delay_;
  absl::Time reconnect_at_;
  bool reconnecting_ = false;
  size_t resume_from_ = 0;
  SessionResult result_;
};

}  // namespace policyreader::listen

#endif  // POLICY_READER_CLIENT_LISTEN_LISTENING_SESSION_H_
