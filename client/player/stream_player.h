// Plays a Synthesize stream on the sound device as it arrives. The calling
// thread reads the gRPC stream, decodes the audio chunks and pushes PCM into
// a lock-free SPSC ring; PortAudio's callback copies it out in real time.
// Playback starts once ~200 ms are buffered (or the stream ends sooner); at
// the end the ring is drained before the device stops. Sentence starts are
// reported when their first audio reaches the device, not when they arrive,
// so a screen reader following the printed text stays in step with speech.
//
// Thread-safety: Play() runs on the calling thread (the network thread) and
// must not be called concurrently with itself. The sentence callback runs on
// a helper thread that Play() starts and joins before returning; calls to it
// are serialized. Cancel() may be called from any thread at any time (e.g. a
// SIGINT watcher): it cancels the RPC and makes Play() stop the audio and
// return CANCELLED promptly.
#ifndef POLICY_READER_CLIENT_PLAYER_STREAM_PLAYER_H_
#define POLICY_READER_CLIENT_PLAYER_STREAM_PLAYER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

namespace policyreader::player {

struct StreamPlayerOptions {
  // PortAudio output device; empty means the default output.
  std::string device;
  // Audio queued before the device starts.
  absl::Duration prebuffer = absl::Milliseconds(200);
  // Ring size; the network read waits when it is full (gRPC flow control
  // then holds back the server).
  absl::Duration ring_capacity = absl::Seconds(8);
  // Hide ALSA/JACK probing chatter on stderr while PortAudio starts.
  bool quiet_backend_logs = true;
};

struct PlaybackSummary {
  // From the stream header (0 if none came).
  uint32_t sentence_count = 0;
  int sample_rate_hz = 0;
  std::string device_name;
  uint64_t frames_played = 0;
  uint64_t underruns = 0;
  // The last sentence whose start was reported, if any.
  std::optional<uint32_t> last_sentence_index;
};

class StreamPlayer {
 public:
  // `sentence_count` is the header's count of sentences in the whole text.
  using SentenceCallback = std::function<void(const v1::SentenceStart& sentence,
                                              uint32_t sentence_count)>;

  // `stub` must outlive the player.
  StreamPlayer(v1::PolicyReader::StubInterface* stub,
               StreamPlayerOptions options);

  StreamPlayer(const StreamPlayer&) = delete;
  StreamPlayer& operator=(const StreamPlayer&) = delete;

  // Calls Synthesize with `request` (its audio config should ask for
  // LINEAR16; A-law and mu-law are decoded too) and plays the result,
  // returning once it has played out. `context` carries the deadline.
  // Returns the RPC's status if it fails (after playing the audio that came
  // before the failure), CANCELLED after Cancel() (audio stops at once), or
  // a local error (no sound device, ...), after which the RPC is cancelled.
  // `summary` (may be null) is filled in any case.
  absl::Status Play(grpc::ClientContext* context,
                    const v1::SynthesizeRequest& request,
                    const SentenceCallback& on_sentence_start,
                    PlaybackSummary* summary);

  // Any thread.
  void Cancel();
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

 private:
  v1::PolicyReader::StubInterface* const stub_;
  const StreamPlayerOptions options_;
  std::atomic<bool> cancelled_{false};
  std::mutex mu_;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace policyreader::player

#endif  // POLICY_READER_CLIENT_PLAYER_STREAM_PLAYER_H_
