// One telephone call over AudioSocket: reads the call's UUID, finds what to
// read (call_table.h), and sends speech in real time while following the
// caller's keys (keypad.h).
//
// How it works: speech comes from the server's own PolicyReader service
// (Synthesize, LINEAR16 at 8000 Hz in 20 ms frames) over an in-process
// channel. A stream from the current sentence is read on a thread of its own
// into a bounded queue (rpc::SpeechStream, TelephonyOptions::queue_limit);
// the call thread takes one frame at a time and sends it on an absolute
// clock (frame n at start + n * 20 ms), so the audio does not drift over a
// whole text. A key that moves restarts the stream at the target sentence,
// dropping what was queued; the clock restarts with the new audio.
// Pause sends nothing (Asterisk plays what it is given, when it is given,
// and needs no steady stream: apps/app_audiosocket.c only forwards frames
// that arrive); the full queue then stops the stream being read, and
// gRPC's flow control stops the server.
//
// Threads: Run() is the call thread: it alone touches the socket and
// decides everything (poll on the socket and a wake-up eventfd, with the
// next frame's deadline as timeout). The SpeechStream's thread reads the
// call and wakes the call thread. Stop() may be called from any thread and
// makes Run() hang up and return promptly.
#ifndef POLICY_READER_SERVICE_TELEPHONY_CALL_H_
#define POLICY_READER_SERVICE_TELEPHONY_CALL_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/rpc/outline.h"
#include "client/rpc/speech_stream.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/telephony/audiosocket_codec.h"
#include "service/telephony/call_table.h"
#include "service/telephony/telephony_options.h"

namespace policyreader::telephony {

// Said to a UUID that is not in the calls file when it has no default row.
inline constexpr char kNotSetUpMessage[] =
    "Beklager, dette nummer er ikke sat op.";
// Said when the text cannot be had (document missing, server failing).
inline constexpr char kUnavailableMessage[] =
    "Beklager, teksten kan ikke læses lige nu. Prøv igen senere.";

class Call {
 public:
  // Takes ownership of `fd`, a connected non-blocking socket. `table`,
  // `stub` and `options` must outlive the call.
  Call(int fd, const CallTable* table, v1::PolicyReader::StubInterface* stub,
       const TelephonyOptions* options);
  ~Call();

  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // The whole call, on the calling thread. Call once.
  void Run();
  // Any thread.
  void Stop();

 private:
  struct PendingKey {
    char digit;
    absl::Time arrived;
  };
  enum class End { kNo, kCallerHungUp, kWeHangUp };

  // Waits for the UUID message. False if the connection is to be dropped.
  bool ReadUuid();
  // What to read and its outline; false if even the apology cannot be had.
  bool Prepare();
  absl::StatusOr<rpc::Outline> LoadOutline(const CallTarget& target);
  void Serve();

  void StartStream(size_t start);

  // Reads what the peer sent; sets end_ on hangup, EOF or garbage.
  void ReadInput();
  void HandleMessage(const Message& message, absl::Time arrived);
  void HandleKey(char digit, absl::Time arrived);
  // Sends every frame that is due by `now`; returns when the next is due
  // (InfiniteFuture when none is waiting on the clock).
  absl::Time SendDueFrames(absl::Time now);
  // Writes what it can of out_; false on a socket error.
  bool Flush();
  void HangUp();
  void Emit(CallEvent event);
  void Wake();

  const int fd_;
  const CallTable* const table_;
  v1::PolicyReader::StubInterface* const stub_;
  const TelephonyOptions* const options_;
  int wake_fd_ = -1;
  std::atomic<bool> stop_requested_{false};

  // Call thread only.
  MessageDecoder decoder_;
  // Messages that came in the same read as the UUID.
  std::vector<Message> early_;
  std::string uuid_;
  CallTarget target_;
  rpc::Outline outline_;
  End end_ = End::kNo;
  std::string reason_;
  std::string out_;  // Bytes not yet taken by the socket.
  std::optional<absl::Time> out_blocked_since_;
  bool paused_ = false;
  size_t current_ = 0;  // The sentence being heard.
  std::optional<PendingKey> pending_key_;
  bool clock_running_ = false;
  absl::Time clock_base_;
  int64_t clock_frames_ = 0;
  std::vector<double> key_latencies_ms_;
  int64_t frames_total_ = 0;
  int underruns_ = 0;
  absl::Time started_at_;
  std::unique_ptr<rpc::SpeechStream> speech_;
};

}  // namespace policyreader::telephony

#endif  // POLICY_READER_SERVICE_TELEPHONY_CALL_H_
