// Ordered, flow-controlled sentence streaming; see synthesize_reactor.h.
#include "service/api/synthesize_reactor.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <deque>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "service/api/message_batch.h"
#include "service/api/proto_convert.h"
#include "service/api/request_parsing.h"
#include "service/api/status_mapping.h"
#include "service/audio/encoder.h"
#include "service/audio/pcm_stage.h"

namespace policyreader::api {

std::string EncodingLabel(audio::Encoding encoding) {
  std::string label(audio::EncodingName(encoding));
  for (char& c : label) c = static_cast<char>(std::tolower(c));
  return label;
}

// Everything that determines a sentence's audio, for its cache key. Text
// goes last, length-prefixed, so no two settings read as one another.
std::string CacheDescription(const SynthesisPlan& plan,
                             const text::Sentence& sentence,
                             int engine_rate_hz) {
  return absl::StrFormat(
      "voice=%s;espeak=%s;wpm=%d;pitch=%d;marks=%d;end_pause=%d;"
      "encoding=%s;rate=%d;gain=%a;telephone=%d;frame=%d;engine_rate=%d;"
      "text=%d:%s",
      plan.voice->name, plan.engine.espeak_voice, plan.engine.rate_wpm,
      plan.engine.pitch, plan.engine.word_marks, !sentence.continues,
      audio::EncodingName(plan.encoding), plan.output_rate_hz, plan.gain_db,
      plan.telephone, plan.frame_samples, engine_rate_hz,
      sentence.spoken_text.size(), sentence.spoken_text);
}

class SynthesisStream : public std::enable_shared_from_this<SynthesisStream> {
 public:
  SynthesisStream(SynthesizeReactor* reactor, synth::WorkerPool* pool,
                  const SynthesisPlan& plan,
                  std::shared_ptr<const text::SentenceList> sentences,
                  size_t first, size_t end, const StreamOptions& options,
                  std::shared_ptr<CallRecord> record)
      : reactor_(reactor),
        pool_(pool),
        plan_(plan),
        options_(options),
        codec_{.encoding = plan.encoding,
               .sample_rate_hz = plan.output_rate_hz,
               .frame_samples = plan.frame_samples},
        sentences_(std::move(sentences)),
        // Reading ends here, so every "last sentence" test (end of
        // stream, finish, read-ahead limit) stops there.
        end_(std::min(end, sentences_->size())),
        head_(first),
        heard_through_(first),
        next_submit_(first),
        writer_(audio::MakeStreamWriter(codec_)),
        record_(std::move(record)),
        // The call's start when known, so time to first audio includes
        // reading the request and preparing its text.
        started_(record_ != nullptr ? record_->start() : absl::Now()) {}

  void Start() {
    // Before any other thread can see the stream.
    if (options_.metrics != nullptr) {
      stream_metrics_ =
          options_.metrics->StreamStarted(EncodingLabel(plan_.encoding));
    }
    v1::SynthesizeResponse header;
    v1::StreamHeader* h = header.mutable_header();
    h->set_encoding(plan_.proto_encoding);
    h->set_sample_rate_hz(plan_.stream_rate_hz);
    h->set_channels(1);
    h->set_sentence_count(static_cast<uint32_t>(sentences_->size()));
    h->set_voice(plan_.voice->name);
    {
      absl::MutexLock lock(&mu_);
      if (writer_.ok()) {
        outbox_.push_back(std::move(header));
      } else {
        // The plan validated the rate, so this is the codec library failing.
        failure_ = writer_.status();
      }
    }
    Pump();
  }

  void OnWriteDone(bool ok) {
    {
      absl::MutexLock lock(&mu_);
      write_in_flight_ = false;
      if (!ok) {
        cancelled_ = true;
      } else if (in_flight_sentence_end_.has_value()) {
        heard_through_ = *in_flight_sentence_end_ + 1;
      }
    }
    Pump();
  }

  void OnCancel() {
    {
      absl::MutexLock lock(&mu_);
      cancelled_ = true;
    }
    Pump();
  }

  bool cancelled() const { return cancelled_flag_.load(); }

  // A sentence of this stream to be synthesized here: `key` names it in the
  // cache ("" for none), which is told how it went.
  void Synthesize(size_t index, std::string key);

  // Encoded audio of a sentence being synthesized; from its pool thread.
  void AddAudio(size_t index, std::string& unit) {
    {
      absl::MutexLock lock(&mu_);
      Slot& slot = SlotLocked(index);
      // Synthesized again after its cached audio was pushed out: what was
      // sent before comes again, the same bytes, and is dropped.
      const size_t repeated = std::min(slot.skip, unit.size());
      slot.skip -= repeated;
      const std::string_view fresh = std::string_view(unit).substr(repeated);
      if (slot.unit.empty() && repeated == 0) {
        slot.unit.swap(unit);
      } else {
        slot.unit += fresh;
      }
    }
    Pump();
  }

  void AddWord(size_t index, const cache::SentenceWord& word) {
    {
      absl::MutexLock lock(&mu_);
      Slot& slot = SlotLocked(index);
      if (slot.words_seen++ >= slot.words_sent) {
        slot.words.push_back(ToWordMark(index, word));
      }
    }
    Pump();
  }

  // The end of a sentence synthesized here: its last bytes, or why it
  // failed. `stored`, the whole sentence as the cache now holds it, takes
  // the place of the bytes not yet sent, so the stream holds no copy.
  void EndSentence(size_t index, std::string& tail, uint64_t decoded_samples,
                   const absl::Status& status,
                   std::shared_ptr<const cache::SentenceAudio> stored) {
    {
      absl::MutexLock lock(&mu_);
      Slot& slot = SlotLocked(index);
      slot.done = true;
      slot.status = status;
      slot.decoded_samples = decoded_samples;
      if (stored != nullptr && ParkLocked(index, stored)) {
        // The cache holds it until it is sent.
      } else if (stored != nullptr) {
        slot.shared =
            std::shared_ptr<const std::string>(stored, &stored->audio);
        slot.unit.clear();
        slot.unit.shrink_to_fit();
      } else {
        AddTailLocked(slot, tail);
      }
    }
    Pump();
  }

  // A sentence the cache had.
  void AddCached(size_t index,
                 std::shared_ptr<const cache::SentenceAudio> audio) {
    {
      absl::MutexLock lock(&mu_);
      Slot& slot = SlotLocked(index);
      slot.done = true;
      slot.skip = 0;
      // Fetched again to be sent now: not parked again.
      const bool refetched = std::exchange(slot.refetching, false);
      if (refetched || !ParkLocked(index, audio)) {
        for (size_t i = slot.words_sent; i < audio->words.size(); ++i) {
          slot.words.push_back(ToWordMark(index, audio->words[i]));
        }
        slot.decoded_samples = audio->audio_samples;
        slot.shared = std::shared_ptr<const std::string>(audio, &audio->audio);
      }
    }
    Pump();
  }

 private:
  struct Slot {
    bool done = false;
    bool start_sent = false;
    absl::Status status;
    // Bytes of the sentence's unit batched so far.
    size_t unit_sent = 0;
    // The unit bytes not yet batched while it is synthesized here; or,
    // once it is cached, the whole unit, of which [unit_sent, end) is
    // unsent.
    std::string unit;
    std::shared_ptr<const std::string> shared;
    // Its cache key, "" for none.
    std::string key;
    // Left in the cache instead of held: a finished read-ahead sentence,
    // or the one being heard between batches. Taken back when it is to be
    // sent, through `parked_unit` while anyone still holds it, else from
    // the cache again (synthesized again if evicted, its sent part then
    // skipped), so a listener who stops reading holds no sentence's audio
    // in the stream: a weak pointer keeps only the control block.
    bool parked = false;
    std::weak_ptr<const std::string> parked_unit;
    // Bytes a synthesis after parking repeats, still to drop.
    size_t skip = 0;
    // Fetched again after parking; `hold`: the cache had pushed it out, so
    // it is kept from then on rather than synthesized again and again in
    // a cache too small for its listeners.
    bool refetching = false;
    bool hold = false;
    std::vector<v1::WordMark> words;  // Not yet batched.
    size_t words_sent = 0;
    size_t words_seen = 0;         // By this synthesis (AddWord).
    uint64_t decoded_samples = 0;  // At the stream's rate.
  };

  void AddTailLocked(Slot& slot, std::string& tail)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const size_t repeated = std::min(slot.skip, tail.size());
    slot.skip -= repeated;
    slot.unit.append(tail, repeated);
  }

  static v1::WordMark ToWordMark(size_t index, const cache::SentenceWord& w) {
    v1::WordMark mark;
    mark.set_sentence_index(static_cast<uint32_t>(index));
    mark.set_spoken_begin(w.spoken_begin);
    mark.set_spoken_end(w.spoken_end);
    mark.set_audio_offset_ms(w.audio_offset_ms);
    return mark;
  }

  // The slot of a sentence fetched and not yet emitted.
  Slot& SlotLocked(size_t index) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return window_[index - head_];
  }

  // Leaves a finished sentence in the cache instead of holding it (see
  // Slot::parked), when the cache keeps entries of its size.
  bool ParkLocked(size_t index,
                  const std::shared_ptr<const cache::SentenceAudio>& audio)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    Slot& slot = SlotLocked(index);
    if (!CanParkLocked(slot, audio->size())) return false;
    slot.parked = true;
    slot.parked_unit = std::shared_ptr<const std::string>(audio, &audio->audio);
    slot.decoded_samples = audio->audio_samples;
    if (slot.words.empty()) {
      for (size_t i = slot.words_sent; i < audio->words.size(); ++i) {
        slot.words.push_back(ToWordMark(index, audio->words[i]));
      }
    }
    slot.unit.clear();
    slot.unit.shrink_to_fit();
    slot.shared.reset();
    return true;
  }

  bool CanParkLocked(const Slot& slot, size_t bytes) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !slot.key.empty() && slot.status.ok() && !slot.hold &&
           options_.cache != nullptr && options_.cache->Retains(bytes);
  }

  // Raw frames go out whole: the bytes of one, else 0.
  size_t FrameBytes() const {
    if (plan_.frame_samples == 0) return 0;
    return static_cast<size_t>(plan_.frame_samples) *
           static_cast<size_t>(audio::BytesPerSample(plan_.encoding));
  }

  // Moves what the sentence being heard has produced into a batch of
  // messages, its audio still in units, at most about max_chunk_bytes of
  // it: the rest of a cached sentence stays in the cache, not in messages,
  // until gRPC has taken this batch. Runs only when the outbox is empty,
  // so audio arriving while a write is in flight gathers into one larger
  // message instead of many small ones. A parked sentence reaching the
  // head is added to `refetch`.
  std::vector<BatchItem> BuildBatchLocked(std::vector<size_t>* refetch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    std::vector<BatchItem> batch;
    auto add = [&batch](v1::SynthesizeResponse msg) {
      batch.emplace_back().message = std::move(msg);
    };
    size_t budget = options_.max_chunk_bytes;
    while (head_ < end_ && !window_.empty()) {
      Slot& slot = window_.front();
      if (!slot.start_sent) {
        // Only here: Get() takes the list's lock, which every stream of the
        // text shares, and a sentence goes out in many batches.
        v1::SynthesizeResponse msg;
        ToProtoSentenceStart(sentences_->Get(head_), head_,
                             msg.mutable_sentence_start());
        add(std::move(msg));
        slot.start_sent = true;
      }
      if (slot.parked) {
        slot.parked = false;
        // Still in memory (in the cache, or held by another stream): no
        // need to ask the cache.
        slot.shared = slot.parked_unit.lock();
        slot.parked_unit.reset();
        if (slot.shared == nullptr) {
          slot.done = false;
          slot.skip = slot.unit_sent;
          slot.words.clear();
          slot.words_seen = 0;
          slot.refetching = true;
          refetch->push_back(head_);
          return batch;
        }
      }
      for (v1::WordMark& word : slot.words) {
        v1::SynthesizeResponse msg;
        *msg.mutable_word() = std::move(word);
        add(std::move(msg));
      }
      slot.words_sent += slot.words.size();
      slot.words.clear();
      if (slot.done && !slot.status.ok()) {
        failure_ = slot.status;
        return batch;
      }
      if (budget == 0) return batch;
      const bool last = head_ + 1 == end_;
      bool whole = true;
      if (slot.shared != nullptr) {
        const std::string_view rest =
            std::string_view(*slot.shared).substr(slot.unit_sent);
        // A later sentence joins the batch only whole, so batches end on
        // sentence ends where they can: a listener who pauses there holds
        // no half-written Ogg page state (opus_packets.cc).
        if (budget < options_.max_chunk_bytes && rest.size() > budget) {
          return batch;
        }
        const size_t n = audio::WholeRecordsPrefix(codec_, rest, budget);
        whole = n == rest.size();
        BatchItem& item = batch.emplace_back();
        item.shared_begin = slot.unit_sent;
        item.shared_end = slot.unit_sent + n;
        item.end_of_sentence = whole;
        item.end_of_stream = whole && last;
        slot.unit_sent += n;
        budget -= std::min(budget, n);
        if (!whole && CanParkLocked(slot, slot.shared->size())) {
          slot.parked_unit = slot.shared;
          item.shared = std::move(slot.shared);
          slot.parked = true;
        } else {
          item.shared = slot.shared;
        }
      } else {
        // Framed audio goes out in whole frames (the unit's end is padded
        // to one).
        size_t ready = slot.unit.size();
        if (!slot.done && FrameBytes() > 0) ready -= ready % FrameBytes();
        ready = audio::WholeRecordsPrefix(
            codec_, std::string_view(slot.unit).substr(0, ready), budget);
        whole = ready == slot.unit.size();
        if (ready > 0 || slot.done) {
          BatchItem& item = batch.emplace_back();
          if (whole) {
            item.owned.swap(slot.unit);  // The usual case: no copy.
          } else {
            item.owned = slot.unit.substr(0, ready);
            slot.unit.erase(0, ready);
          }
          slot.unit_sent += ready;
          item.end_of_sentence = slot.done && whole;
          item.end_of_stream = item.end_of_sentence && last;
          budget -= std::min(budget, ready);
        }
      }
      if (!slot.done || !whole) return batch;
      if (last) stream_ended_ = true;
      v1::SynthesizeResponse msg;
      v1::SentenceEnd* end = msg.mutable_sentence_end();
      end->set_index(static_cast<uint32_t>(head_));
      end->set_audio_samples(slot.decoded_samples);
      end->set_audio_duration_ms(static_cast<uint32_t>(
          slot.decoded_samples * 1000 / plan_.stream_rate_hz));
      add(std::move(msg));
      CountAudioLocked(static_cast<double>(slot.decoded_samples) /
                       plan_.stream_rate_hz);
      window_.pop_front();  // Frees what it held.
      ++head_;
    }
    // A stream with no sentences still is a valid (empty) stream.
    if (head_ >= end_ && !stream_ended_) {
      stream_ended_ = true;
      BatchItem& item = batch.emplace_back();
      item.end_of_sentence = item.end_of_stream = true;
    }
    return batch;
  }

  // Counters only (atomics, and the record's own short lock).
  void CountAudioLocked(double seconds) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (stream_metrics_) {
      options_.metrics->AudioProduced(*stream_metrics_, seconds);
    }
    if (record_ != nullptr) {
      record_->Update([seconds](CallDetails& details) {
        details.audio_seconds += seconds;
      });
    }
  }

  // The largest audio message: one frame when framed, else the option.
  size_t AudioChunkBytes() const {
    return FrameBytes() > 0 ? FrameBytes() : options_.max_chunk_bytes;
  }

  // Sentences to fetch: the one being heard and the read-ahead.
  std::vector<size_t> TakeSubmissionsLocked()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    std::vector<size_t> out;
    size_t limit =
        std::min(end_, heard_through_ + 1 + options_.lookahead_sentences);
    while (next_submit_ < limit) {
      window_.emplace_back();
      out.push_back(next_submit_++);
    }
    return out;
  }

  // From the cache, or synthesized.
  void Fetch(size_t index) {
    if (options_.cache == nullptr) {
      Synthesize(index, "");
      return;
    }
    std::string key = cache::SentenceKey(CacheDescription(
        plan_, sentences_->Get(index), pool_->sample_rate_hz()));
    {
      absl::MutexLock lock(&mu_);
      SlotLocked(index).key = key;
    }
    options_.cache->Acquire(key,
                            [self = shared_from_this(), index,
                             key](cache::SentenceCache::Lookup lookup) mutable {
                              if (lookup.audio != nullptr) {
                                self->AddCached(index, std::move(lookup.audio));
                              } else {
                                self->Synthesize(index, std::move(key));
                              }
                            });
  }

  void ReportFirstAudio(absl::Duration elapsed) {
    if (stream_metrics_) {
      options_.metrics->FirstAudio(*stream_metrics_, elapsed);
    }
    if (record_ != nullptr) {
      record_->Update(
          [elapsed](CallDetails& details) { details.first_audio = elapsed; });
    }
  }

  // The single place that starts writes, joins units and finishes the call.
  // Messages are built under the lock; their units are written outside it
  // by the one thread that set writing_, and queued under the lock again,
  // so pool threads and gRPC callbacks arriving meanwhile note what they
  // bring and leave. The stream is either sending, writing a batch or idle:
  // a batch is only built with no send in flight, and no send or finish
  // starts before it is queued, which keeps the messages in order.
  void Pump() {
    while (true) {
      std::vector<size_t> to_fetch;
      std::optional<grpc::Status> finish;
      bool write = false;
      std::optional<absl::Duration> first_audio;
      std::vector<BatchItem> batch;
      {
        absl::MutexLock lock(&mu_);
        if (finished_) return;
        if (cancelled_) cancelled_flag_ = true;
        if (!cancelled_) to_fetch = TakeSubmissionsLocked();
        if (write_in_flight_ || writing_) {
          // OnWriteDone, or the thread writing, will pump again.
        } else {
          if (outbox_.empty() && !cancelled_ && failure_.ok()) {
            batch = BuildBatchLocked(&to_fetch);
            writing_ = !batch.empty();
          }
          if (writing_) {
            // Sent once written, below.
          } else if (cancelled_) {
            finish = grpc::Status(grpc::StatusCode::CANCELLED,
                                  "the stream was cancelled");
          } else if (!outbox_.empty()) {
            const v1::SynthesizeResponse& next = outbox_.front();
            in_flight_bytes_ = SerializeResponse(next);
            in_flight_sentence_end_.reset();
            if (next.has_sentence_end()) {
              in_flight_sentence_end_ = next.sentence_end().index();
            }
            const bool audio = next.has_audio();
            outbox_.pop_front();
            write_in_flight_ = true;
            write = true;
            if (!first_audio_sent_ && audio) {
              first_audio_sent_ = true;
              first_audio = absl::Now() - started_;
            }
          } else if (!failure_.ok()) {
            finish = ToGrpcStatus(failure_);
          } else if (head_ >= end_) {
            finish = grpc::Status::OK;
          }
          if (finish) {
            finished_ = true;
            cancelled_flag_ = true;  // Stops any read-ahead still running.
          }
        }
      }
      for (size_t index : to_fetch) Fetch(index);
      if (first_audio) ReportFirstAudio(*first_audio);
      if (write) reactor_->StartWrite(&in_flight_bytes_);
      if (finish) {
        // Before Finish, so the access line (written once the call is
        // over) and the metrics agree.
        if (stream_metrics_) {
          options_.metrics->StreamEnded(*stream_metrics_,
                                        CodeName(finish->error_code()));
        }
        reactor_->Finish(*finish);
      }
      if (batch.empty()) return;
      std::vector<v1::SynthesizeResponse> written;
      const absl::Status status =
          WriteBatch(std::move(batch), **writer_, AudioChunkBytes(), &written);
      absl::MutexLock lock(&mu_);
      for (v1::SynthesizeResponse& msg : written) {
        outbox_.push_back(std::move(msg));
      }
      if (!status.ok()) failure_ = status;
      writing_ = false;
      // And round again to send what was written.
    }
  }

  SynthesizeReactor* const reactor_;
  synth::WorkerPool* const pool_;
  const SynthesisPlan plan_;
  const StreamOptions options_;
  const audio::SentenceCodecOptions codec_;
  const std::shared_ptr<const text::SentenceList> sentences_;
  std::atomic<bool> cancelled_flag_{false};

  absl::Mutex mu_;
  const size_t end_;  // Index after the last sentence read.
  // Slots of the sentences fetched and not yet emitted: [head_,
  // next_submit_), a few whatever the document's length.
  std::deque<Slot> window_ ABSL_GUARDED_BY(mu_);
  size_t head_ ABSL_GUARDED_BY(mu_);           // Sentence being emitted.
  size_t heard_through_ ABSL_GUARDED_BY(mu_);  // First sentence not yet heard.
  size_t next_submit_ ABSL_GUARDED_BY(mu_);
  // Not OK only if the codec library refused; Start() then fails the call.
  // Used outside mu_, but only by the thread that set writing_.
  const absl::StatusOr<std::unique_ptr<audio::StreamWriter>> writer_;
  // A batch is being written outside the lock.
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  // The stream's end has been given to the writer.
  bool stream_ended_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<v1::SynthesizeResponse> outbox_ ABSL_GUARDED_BY(mu_);
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // The bytes being written, owned by gRPC while write_in_flight_, and
  // the sentence it ends, if it is a SentenceEnd (for OnWriteDone).
  grpc::ByteBuffer in_flight_bytes_;
  std::optional<uint32_t> in_flight_sentence_end_ ABSL_GUARDED_BY(mu_);

  const std::shared_ptr<CallRecord> record_;
  const absl::Time started_;
  // Set in Start(), before the stream is shared; constant after.
  std::optional<metrics::StreamMetrics> stream_metrics_;
  bool first_audio_sent_ ABSL_GUARDED_BY(mu_) = false;
};

namespace {

// Carries one sentence's audio from a pool thread into the stream, and into
// the cache when it has a key. The resampler stage and the encoder belong
// to this sentence alone, so they run outside the stream's lock and
// sentences are conditioned and encoded in parallel. The pool calls one
// sink from one thread at a time.
class SentenceSink : public synth::JobSink {
 public:
  SentenceSink(std::shared_ptr<SynthesisStream> stream, size_t index,
               std::unique_ptr<audio::PcmStage> stage,
               std::unique_ptr<audio::SentenceEncoder> encoder,
               cache::SentenceCache* cache, std::string key, int engine_rate_hz,
               int stream_rate_hz)
      : stream_(std::move(stream)),
        index_(index),
        stage_(std::move(stage)),
        encoder_(std::move(encoder)),
        cache_(cache),
        key_(std::move(key)),
        engine_rate_hz_(std::max(1, engine_rate_hz)),
        stream_rate_hz_(stream_rate_hz) {}

  // A sentence whose encoder failed stops at once.
  bool Cancelled() const override {
    return failed_.load() || stream_->cancelled();
  }
  void OnAudio(std::span<const int16_t> pcm) override {
    if (!status_.ok()) return;
    buffer_.clear();
    stage_->Process(pcm, &buffer_);
    Encode();
  }
  void OnWord(const synth::WordEvent& word) override {
    const cache::SentenceWord mark{
        .spoken_begin = word.text_begin,
        .spoken_end = word.text_begin + word.text_length,
        .audio_offset_ms =
            static_cast<uint32_t>(word.sample_offset * 1000 / engine_rate_hz_)};
    if (!key_.empty()) whole_.words.push_back(mark);
    stream_->AddWord(index_, mark);
  }
  void OnDone(const absl::Status& status) override {
    std::string tail;
    if (status_.ok() && !status.ok()) status_ = status;
    if (status_.ok()) {
      buffer_.clear();
      stage_->Flush(&buffer_);
      Encode();
    }
    if (status_.ok()) status_ = encoder_->Finish(&tail);
    std::shared_ptr<const cache::SentenceAudio> stored;
    const uint64_t samples = encoder_->decoded_samples();
    if (!key_.empty()) {
      if (status_.ok()) {
        whole_.audio += tail;
        whole_.audio_samples = samples;
        whole_.audio_duration_ms =
            static_cast<uint32_t>(samples * 1000 / stream_rate_hz_);
        stored = cache_->Store(key_, std::move(whole_));
      } else {
        cache_->Abandon(key_);
      }
    }
    stream_->EndSentence(index_, tail, samples, status_, std::move(stored));
  }

 private:
  void Encode() {
    if (buffer_.empty()) return;
    std::string unit;
    status_ = encoder_->Encode(buffer_, &unit);
    if (!status_.ok()) {
      failed_ = true;
      return;
    }
    if (!key_.empty()) whole_.audio += unit;
    if (!unit.empty()) stream_->AddAudio(index_, unit);
  }

  std::shared_ptr<SynthesisStream> stream_;
  const size_t index_;
  const std::unique_ptr<audio::PcmStage> stage_;
  const std::unique_ptr<audio::SentenceEncoder> encoder_;
  cache::SentenceCache* const cache_;
  const std::string key_;
  const int engine_rate_hz_;
  const int stream_rate_hz_;
  std::vector<int16_t> buffer_;
  absl::Status status_;
  std::atomic<bool> failed_{false};
  cache::SentenceAudio whole_;  // What the cache is given, if it has a key.
};

}  // namespace

void SynthesisStream::Synthesize(size_t index, std::string key) {
  auto abandon = [&] {
    if (!key.empty()) options_.cache->Abandon(key);
  };
  if (cancelled()) {
    abandon();
    return;
  }
  const text::Sentence& sentence = sentences_->Get(index);
  std::string none;
  absl::StatusOr<std::unique_ptr<audio::PcmStage>> stage =
      audio::PcmStage::Create({.input_rate_hz = pool_->sample_rate_hz(),
                               .output_rate_hz = plan_.output_rate_hz,
                               .gain_db = plan_.gain_db,
                               .telephone = plan_.telephone});
  absl::StatusOr<std::unique_ptr<audio::SentenceEncoder>> encoder =
      options_.make_encoder(codec_);
  if (!stage.ok() || !encoder.ok()) {
    abandon();
    EndSentence(index, none, 0, !stage.ok() ? stage.status() : encoder.status(),
                nullptr);
    return;
  }
  if (sentence.spoken_text.empty()) {
    // Nothing to say: no synthesis, and the unit of silence (an Opus
    // sentence still ends on a packet) is not worth caching.
    abandon();
    const absl::Status status = (*encoder)->Finish(&none);
    EndSentence(index, none, (*encoder)->decoded_samples(), status, nullptr);
    return;
  }
  synth::SynthJob job;
  job.request = plan_.engine;
  job.request.text = sentence.spoken_text;
  job.request.end_pause = !sentence.continues;
  job.sink = std::make_shared<SentenceSink>(
      shared_from_this(), index, std::move(*stage), std::move(*encoder),
      options_.cache, std::move(key), pool_->sample_rate_hz(),
      plan_.stream_rate_hz);
  size_t head;
  {
    absl::MutexLock lock(&mu_);
    head = head_;
    Slot& slot = SlotLocked(index);
    if (slot.refetching) slot.hold = true;
  }
  job.priority =
      index == head ? synth::JobPriority::kNow : synth::JobPriority::kAhead;
  pool_->Submit(std::move(job));
}

SynthesizeReactor::SynthesizeReactor(
    synth::WorkerPool* pool, const SynthesisPlan& plan,
    std::shared_ptr<const text::SentenceList> sentences, size_t first_sentence,
    size_t end_sentence, const StreamOptions& options, StreamTracker* tracker,
    std::string client, std::shared_ptr<CallRecord> record)
    : stream_(std::make_shared<SynthesisStream>(
          this, pool, plan, std::move(sentences), first_sentence, end_sentence,
          options, std::move(record))),
      tracker_(tracker),
      client_(std::move(client)) {
  stream_->Start();
}

SynthesizeReactor::SynthesizeReactor(const grpc::Status& status) {
  Finish(status);
}

void SynthesizeReactor::OnWriteDone(bool ok) { stream_->OnWriteDone(ok); }

void SynthesizeReactor::OnCancel() {
  if (stream_) stream_->OnCancel();
}

void SynthesizeReactor::OnDone() {
  if (tracker_ != nullptr) tracker_->End(client_);
  delete this;
}

}  // namespace policyreader::api
