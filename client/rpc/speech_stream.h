// One Synthesize call read on a thread of its own into a bounded queue of
// audio and sentence marks, for every client of the API that plays, sends or
// stores speech (the player, the phone, render, the HTTP gateway, the CLI).
//
// The queue is what holds the server back: when it is full (a paused
// listener, a slow caller) the stream thread stops reading, and gRPC's flow
// control stops the server. Marks carry the byte of the audio they belong
// to, so a consumer that takes audio in pieces (20 ms phone frames, what
// fits in a ring) learns when each sentence starts and ends in its own
// output.
//
// Threads: one owner thread calls Start, RestartAt, Cancel, Take and
// WaitForData; state() may be called from any thread. The stream thread
// (at most one at a time) reads the call and fills the queue under mu_;
// `on_ready` runs on it, without the lock, whenever there is something new
// to take or the stream ended. A canceller (calls.h) may cancel the call
// from any thread.
#ifndef POLICY_READER_CLIENT_RPC_SPEECH_STREAM_H_
#define POLICY_READER_CLIENT_RPC_SPEECH_STREAM_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "client/rpc/calls.h"
#include "grpcpp/client_context.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

namespace policyreader::rpc {

struct SpeechMark {
  // kWord only when the request asked for word marks (enable_word_marks);
  // without it any the server sends are dropped.
  enum class Kind { kSentenceStart, kSentenceEnd, kWord };
  Kind kind = Kind::kSentenceStart;
  uint32_t sentence = 0;
  // Where in the stream's audio (bytes from its first) the sentence starts
  // or ends; for a word, the stream's end when its mark arrived (a word's
  // place in the sentence's audio is audio_offset_ms).
  uint64_t byte = 0;
  std::string spoken_text;     // kSentenceStart.
  uint64_t audio_samples = 0;  // kSentenceEnd; 0 when not counted.
  // kWord: the word is the sentence's spoken_text[spoken_begin, spoken_end)
  // (bytes) and starts audio_offset_ms into the sentence's audio.
  uint32_t spoken_begin = 0;
  uint32_t spoken_end = 0;
  uint32_t audio_offset_ms = 0;
  // kSentenceStart: the sentence's UTF-8 bytes in the request's text,
  // [text_begin, text_end).
  uint32_t text_begin = 0;
  uint32_t text_end = 0;
};

struct SpeechStreamOptions {
  // Audio queued before the stream thread stops reading.
  size_t queue_limit_bytes = 1 << 20;
  // Deadline of each call (CallOptions::timeout) and the canceller.
  CallOptions call{.timeout = absl::Hours(6)};
  // Runs on the stream thread; must not block or call back into the
  // stream.
  std::function<void()> on_ready;
};

class SpeechStream {
 public:
  struct Chunk {
    std::string audio;
    uint64_t offset = 0;  // Stream byte of audio[0].
    // The marks this audio reaches, in stream order: a start once its first
    // byte is taken, an end once its last is; all of them when the stream
    // has ended and the audio is gone.
    std::vector<SpeechMark> marks;
  };
  struct State {
    std::optional<v1::StreamHeader> header;
    size_t queued_bytes = 0;
    bool has_audio = false;  // Audio arrived since the last Start.
    std::optional<std::chrono::steady_clock::time_point> first_audio;
    // The call has ended (with `status`)...
    bool ended = false;
    // ...and everything it queued has been taken.
    bool drained = false;
    absl::Status status;
  };

  // `stub` must outlive the stream.
  SpeechStream(v1::PolicyReader::StubInterface* stub,
               SpeechStreamOptions options);
  ~SpeechStream();  // Cancels the call and joins its thread.

  SpeechStream(const SpeechStream&) = delete;
  SpeechStream& operator=(const SpeechStream&) = delete;

  // Starts reading `request`, after cancelling the call running (if any)
  // and dropping what it queued. For raw encodings with a rate, a header
  // that says otherwise than the request ends the stream (INTERNAL).
  void Start(v1::SynthesizeRequest request);
  // Start() again with the same request, from sentence `start`.
  void RestartAt(uint32_t start);
  // Ends the running call and joins its thread; state() then says ended
  // (CANCELLED unless it had ended already). What was queued stays.
  void Cancel();

  // Takes up to `max_bytes` of queued audio and the marks it reaches.
  Chunk Take(size_t max_bytes = std::numeric_limits<size_t>::max());
  // Returns once there is audio or a mark to take, the stream has ended, or
  // `deadline` has passed.
  void WaitForData(absl::Time deadline = absl::InfiniteFuture());

  State state() const;

 private:
  void Read(grpc::ClientContext* context, v1::SynthesizeRequest request);
  bool HasRoomOrCancelled() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool HasDataOrEnded() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The marks `end` (a stream byte) reaches; moves them to `out`.
  void TakeMarks(uint64_t end, std::vector<SpeechMark>* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  v1::PolicyReader::StubInterface* const stub_;
  const SpeechStreamOptions options_;

  // Owner thread only.
  v1::SynthesizeRequest request_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::thread thread_;

  mutable absl::Mutex mu_;
  std::string queue_ ABSL_GUARDED_BY(mu_);
  uint64_t queue_start_ ABSL_GUARDED_BY(mu_) = 0;  // Stream byte of queue_[0].
  std::deque<SpeechMark> marks_ ABSL_GUARDED_BY(mu_);
  std::optional<v1::StreamHeader> header_ ABSL_GUARDED_BY(mu_);
  std::optional<std::chrono::steady_clock::time_point> first_audio_
      ABSL_GUARDED_BY(mu_);
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool ended_ ABSL_GUARDED_BY(mu_) = true;  // Nothing started yet.
  absl::Status status_ ABSL_GUARDED_BY(mu_);
};

// The whole stream at once, for callers that need the complete file (the
// HTTP gateway, tests): its header, audio and marks.
struct SpeechResult {
  v1::StreamHeader header;
  std::string audio;
  std::vector<SpeechMark> marks;
};
absl::StatusOr<SpeechResult> SynthesizeAll(
    v1::PolicyReader::StubInterface* stub, v1::SynthesizeRequest request,
    const CallOptions& options);

}  // namespace policyreader::rpc

#endif  // POLICY_READER_CLIENT_RPC_SPEECH_STREAM_H_
