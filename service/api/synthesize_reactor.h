// One Synthesize stream: sentences come from the shared sentence cache or
// the worker pool a few at a time and go out as ordered events on a gRPC
// server-streaming reactor.
//
// Flow: the sentence being heard is fetched with priority kNow and up to
// `lookahead_sentences` after it are read ahead. A sentence counts as heard
// once its SentenceEnd message has been accepted by gRPC's flow control
// (OnWriteDone), so a slow or paused listener stops the read-ahead.
//
// Memory: with the cache on, a stream holds no sentence's audio. A finished
// sentence stays in the cache ("parked") and is fetched again when it is to
// be sent, a batch of at most max_chunk_bytes at a time; only if the cache
// has pushed it out is it synthesized again (its sent part skipped, the
// bytes being the same) and then held. The stream keeps slots for the few
// sentences fetched, and the sentences of its text are shared with every
// stream of the same text. A paused stream costs the server 40-60 KiB,
// most of it gRPC's (BENCHMARKS.md); without the cache, a stream holds the
// audio of the sentence being heard and of the read-ahead.
//
// Each sentence is encoded on its own (service/audio/sentence_codec.h), so
// its audio is the same wherever it falls in a stream: it is looked up in
// the cache (service/cache) by a key of everything that determines it, and
// only synthesized and encoded on a miss, by the pool thread that receives
// it, outside the stream's lock; the finished unit is stored for the next
// listener, and streams waiting for the same sentence are given it. Audio
// of a sentence being synthesized is forwarded as it is encoded, so the
// first audio leaves before the sentence is finished. The stream's writer
// only joins units (Ogg pages for Opus; nothing for the others).
//
// Threading: gRPC calls the reactor methods (OnWriteDone, OnCancel, OnDone)
// on its callback threads; the pool's threads deliver encoded audio through
// per-sentence sinks, and the cache calls back on its own threads. All meet
// in SynthesisStream under one mutex and never block there: moving bytes and
// messages is all that happens under the lock. The stream writer runs
// outside it, by one thread at a time. At most one write or one batch is in
// flight; Finish is called exactly once, after which the reactor is never
// touched again.
//
// Failures: a sentence the pool cannot synthesize, or a codec that fails,
// ends the stream with that status once everything before it has been
// sent (and is not cached); the server carries on.
#ifndef POLICY_READER_SERVICE_API_SYNTHESIZE_REACTOR_H_
#define POLICY_READER_SERVICE_API_SYNTHESIZE_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "policyreader/v1/policy_reader.pb.h"
#include "service/api/call_log.h"
#include "service/api/stream_tracker.h"
#include "service/api/synthesis_plan.h"
#include "service/audio/sentence_codec.h"
#include "service/cache/sentence_cache.h"
#include "service/metrics/server_metrics.h"
#include "service/synth/worker_pool.h"
#include "service/text/sentence_list.h"

namespace policyreader::api {

// Makes the encoder of one sentence.
using SentenceEncoderFactory =
    std::function<absl::StatusOr<std::unique_ptr<audio::SentenceEncoder>>(
        const audio::SentenceCodecOptions& options)>;

struct StreamOptions {
  // Sentences synthesized beyond the one being heard.
  int lookahead_sentences = 2;
  // Largest audio message; larger backlogs are sent as several messages.
  size_t max_chunk_bytes = 32 * 1024;
  // The codecs; tests put a failing one here, as no real input makes
  // libopus or LAME fail.
  SentenceEncoderFactory make_encoder =
      [](const audio::SentenceCodecOptions& options) {
        return audio::MakeSentenceEncoder(options);
      };
  // Sentence audio shared by every stream; null: each stream synthesizes
  // all its sentences itself. Must outlive the streams.
  cache::SentenceCache* cache = nullptr;
  // Stream metrics (active, outcome, time to first audio, audio seconds);
  // null for none. Must outlive the streams.
  metrics::ServerMetrics* metrics = nullptr;
  // The gRPC access log the handlers annotate; null for none. Must outlive
  // the server.
  CallLog* call_log = nullptr;
  // Sentences of inline texts kept for further streams of the same text
  // (prepared_texts.h), in bytes; 0 for none.
  size_t shared_text_bytes = 32 << 20;
  // Streams per client (stream_tracker.h).
  StreamLimits limits;
};

class SynthesisStream;

// An encoding as metrics and logs label it: "linear16", "ogg_opus".
std::string EncodingLabel(audio::Encoding encoding);

// Writes serialized SynthesizeResponse messages (the method is raw; see
// request_parsing.h).
class SynthesizeReactor : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  // Starts streaming `sentences` from `first_sentence` up to (not
  // including) `end_sentence`, at most sentences->size(); the header still
  // counts them all. The sentences are shared, read-only, with other
  // streams of the same document; each is read (and so normalized, for a
  // text prepared on demand) when the stream first needs it.
  // `tracker` has counted this stream in for `client` (TryBegin); OnDone
  // counts it out.
  // `record` (may be null) is the call's access-log record, told the time
  // to first audio and the audio sent.
  SynthesizeReactor(synth::WorkerPool* pool, const SynthesisPlan& plan,
                    std::shared_ptr<const text::SentenceList> sentences,
                    size_t first_sentence, size_t end_sentence,
                    const StreamOptions& options, StreamTracker* tracker,
                    std::string client,
                    std::shared_ptr<CallRecord> record = nullptr);
  // Ends at once with `status` (request validation failed).
  explicit SynthesizeReactor(const grpc::Status& status);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  std::shared_ptr<SynthesisStream> stream_;
  StreamTracker* tracker_ = nullptr;
  std::string client_;
};

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_SYNTHESIZE_REACTOR_H_
