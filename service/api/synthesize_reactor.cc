// Ordered, flow-controlled sentence streaming; see synthesize_reactor.h.
#include "service/api/synthesize_reactor.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <deque>
#include <optional>

#include "absl/base/thread_annotations.h"
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

class SynthesisStream : public std::enable_shared_from_this<SynthesisStream> {
 public:
  SynthesisStream(SynthesizeReactor* reactor, synth::WorkerPool* pool,
                  const SynthesisPlan& plan,
                  std::shared_ptr<const std::vector<text::Sentence>> sentences,
                  size_t first, size_t end, const StreamOptions& options,
                  std::shared_ptr<CallRecord> record)
      : reactor_(reactor),
        pool_(pool),
        plan_(plan),
        options_(options),
        sentences_(std::move(sentences)),
        // Slots end where reading ends, so every "last sentence" test
        // (encoder flush, finish, read-ahead limit) stops there.
        slots_(std::min(end, sentences_->size())),
        head_(first),
        heard_through_(first),
        next_submit_(first),
        encoder_(options.make_encoder(plan.encoding, plan.output_rate_hz)),
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
      if (encoder_.ok()) {
        outbox_.push_back(std::move(header));
      } else {
        // The plan validated the rate, so this is the codec library failing.
        failure_ = encoder_.status();
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
      } else if (in_flight_.has_sentence_end()) {
        heard_through_ = in_flight_.sentence_end().index() + 1;
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

  // Called from pool threads through SentenceSink.
  void AddAudio(size_t index, std::vector<int16_t>& pcm) {
    {
      absl::MutexLock lock(&mu_);
      std::vector<int16_t>& pending = slots_[index].pcm;
      pending.insert(pending.end(), pcm.begin(), pcm.end());
    }
    Pump();
  }

  void AddWord(size_t index, const synth::WordEvent& word) {
    {
      absl::MutexLock lock(&mu_);
      Slot& slot = slots_[index];
      v1::WordMark mark;
      mark.set_sentence_index(static_cast<uint32_t>(index));
      mark.set_spoken_begin(word.text_begin);
      mark.set_spoken_end(word.text_begin + word.text_length);
      mark.set_audio_offset_ms(static_cast<uint32_t>(
          word.sample_offset * 1000 / std::max(1, pool_->sample_rate_hz())));
      slot.words.push_back(std::move(mark));
    }
    Pump();
  }

  void EndSentence(size_t index, std::vector<int16_t>& tail,
                   const absl::Status& status) {
    {
      absl::MutexLock lock(&mu_);
      Slot& slot = slots_[index];
      slot.pcm.insert(slot.pcm.end(), tail.begin(), tail.end());
      slot.done = true;
      slot.status = status;
    }
    Pump();
  }

 private:
  struct Slot {
    bool done = false;
    bool start_sent = false;
    absl::Status status;
    std::vector<int16_t> pcm;  // Conditioned audio not yet encoded.
    std::vector<v1::WordMark> words;
    uint64_t samples_sent = 0;
  };

  // Moves what the sentence being heard has produced into a batch of
  // messages, its audio still PCM. Runs only when the outbox is empty, so
  // audio arriving while a write is in flight gathers into one larger
  // message instead of many small ones.
  std::vector<BatchItem> BuildBatchLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    std::vector<BatchItem> batch;
    auto add = [&batch](v1::SynthesizeResponse msg) {
      batch.emplace_back().message = std::move(msg);
    };
    while (head_ < slots_.size()) {
      Slot& slot = slots_[head_];
      const text::Sentence& sentence = (*sentences_)[head_];
      if (!slot.start_sent) {
        v1::SynthesizeResponse msg;
        ToProtoSentenceStart(sentence, head_, msg.mutable_sentence_start());
        add(std::move(msg));
        slot.start_sent = true;
      }
      for (v1::WordMark& word : slot.words) {
        v1::SynthesizeResponse msg;
        *msg.mutable_word() = std::move(word);
        add(std::move(msg));
      }
      slot.words.clear();
      if (!slot.pcm.empty()) {
        // Framed audio goes out in whole frames; a sentence's last frame is
        // padded with silence, so every sentence starts on a frame.
        size_t ready = slot.pcm.size();
        if (plan_.frame_samples > 0) {
          const size_t frame = static_cast<size_t>(plan_.frame_samples);
          if (slot.done) {
            slot.pcm.resize((ready + frame - 1) / frame * frame, 0);
            ready = slot.pcm.size();
          } else {
            ready -= ready % frame;
          }
        }
        if (ready > 0) {
          BatchItem audio;
          if (ready == slot.pcm.size()) {
            audio.pcm.swap(slot.pcm);  // The usual case: no copy.
          } else {
            const auto split = slot.pcm.begin() + static_cast<ptrdiff_t>(ready);
            audio.pcm.assign(slot.pcm.begin(), split);
            slot.pcm.erase(slot.pcm.begin(), split);
          }
          slot.samples_sent += ready;
          batch.push_back(std::move(audio));
        }
      }
      if (!slot.done) return batch;
      if (!slot.status.ok()) {
        failure_ = slot.status;
        return batch;
      }
      // Compressed encoders still hold audio: the stream's last bytes go
      // out inside the last sentence, before its end, not after it.
      if (head_ + 1 == slots_.size()) FinishEncoderLocked(batch);
      v1::SynthesizeResponse msg;
      v1::SentenceEnd* end = msg.mutable_sentence_end();
      end->set_index(static_cast<uint32_t>(head_));
      // Opus is fed fewer samples than decoders give (48 kHz); every Opus
      // input rate divides 48000, so the count stays exact.
      end->set_audio_samples(slot.samples_sent *
                             static_cast<uint64_t>(plan_.stream_rate_hz) /
                             static_cast<uint64_t>(plan_.output_rate_hz));
      end->set_audio_duration_ms(static_cast<uint32_t>(
          slot.samples_sent * 1000 / plan_.output_rate_hz));
      add(std::move(msg));
      CountAudioLocked(static_cast<double>(slot.samples_sent) /
                       plan_.output_rate_hz);
      ++head_;
    }
    FinishEncoderLocked(batch);
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

  // Asks the batch to finish the encoder after the audio it already holds.
  void FinishEncoderLocked(std::vector<BatchItem>& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (encoder_finished_) return;
    if (batch.empty() || batch.back().message.has_value()) batch.emplace_back();
    batch.back().finish_encoder = true;
    encoder_finished_ = true;
  }

  // The largest audio message: one frame when framed, else the option.
  size_t AudioChunkBytes() const {
    if (plan_.frame_samples == 0) return options_.max_chunk_bytes;
    return static_cast<size_t>(plan_.frame_samples) *
           (plan_.encoding == audio::Encoding::kLinear16 ? 2 : 1);
  }

  // Sentences to hand to the pool: the one being heard and the read-ahead.
  std::vector<size_t> TakeSubmissionsLocked()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    std::vector<size_t> out;
    size_t limit = std::min(slots_.size(),
                            heard_through_ + 1 + options_.lookahead_sentences);
    while (next_submit_ < limit) out.push_back(next_submit_++);
    return out;
  }

  void Submit(size_t index);

  void ReportFirstAudio(absl::Duration elapsed) {
    if (stream_metrics_) {
      options_.metrics->FirstAudio(*stream_metrics_, elapsed);
    }
    if (record_ != nullptr) {
      record_->Update(
          [elapsed](CallDetails& details) { details.first_audio = elapsed; });
    }
  }

  // The single place that starts writes, encodes and finishes the call.
  // Messages are built under the lock; their audio is encoded outside it by
  // the one thread that set encoding_, and queued under the lock again, so
  // pool threads and gRPC callbacks arriving meanwhile note what they bring
  // and leave, and a long backlog never holds the lock. The stream is either
  // writing, encoding or idle: a batch is only built with no write in
  // flight, and no write or finish starts before it is queued, which keeps
  // the messages in order.
  void Pump() {
    while (true) {
      std::vector<size_t> to_submit;
      std::optional<grpc::Status> finish;
      bool write = false;
      std::optional<absl::Duration> first_audio;
      std::vector<BatchItem> batch;
      {
        absl::MutexLock lock(&mu_);
        if (finished_) return;
        if (cancelled_) cancelled_flag_ = true;
        if (!cancelled_) to_submit = TakeSubmissionsLocked();
        if (write_in_flight_ || encoding_) {
          // OnWriteDone, or the thread encoding, will pump again.
        } else {
          if (outbox_.empty() && !cancelled_ && failure_.ok()) {
            batch = BuildBatchLocked();
            encoding_ = !batch.empty();
          }
          if (encoding_) {
            // Written once encoded, below.
          } else if (cancelled_) {
            finish = grpc::Status(grpc::StatusCode::CANCELLED,
                                  "the stream was cancelled");
          } else if (!outbox_.empty()) {
            in_flight_ = std::move(outbox_.front());
            outbox_.pop_front();
            in_flight_bytes_ = SerializeResponse(in_flight_);
            write_in_flight_ = true;
            write = true;
            if (!first_audio_sent_ && in_flight_.has_audio()) {
              first_audio_sent_ = true;
              first_audio = absl::Now() - started_;
            }
          } else if (!failure_.ok()) {
            finish = ToGrpcStatus(failure_);
          } else if (head_ >= slots_.size()) {
            finish = grpc::Status::OK;
          }
          if (finish) {
            finished_ = true;
            cancelled_flag_ = true;  // Stops any read-ahead still running.
          }
        }
      }
      for (size_t index : to_submit) Submit(index);
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
      std::vector<v1::SynthesizeResponse> encoded;
      const absl::Status status = EncodeBatch(std::move(batch), **encoder_,
                                              AudioChunkBytes(), &encoded);
      absl::MutexLock lock(&mu_);
      for (v1::SynthesizeResponse& msg : encoded) {
        outbox_.push_back(std::move(msg));
      }
      // The codec failed earlier in the stream than a failed sentence the
      // batch may have ended on, so its status is the one reported.
      if (!status.ok()) failure_ = status;
      encoding_ = false;
      // And round again to write what was encoded.
    }
  }

  SynthesizeReactor* const reactor_;
  synth::WorkerPool* const pool_;
  const SynthesisPlan plan_;
  const StreamOptions options_;
  const std::shared_ptr<const std::vector<text::Sentence>> sentences_;
  std::atomic<bool> cancelled_flag_{false};

  absl::Mutex mu_;
  std::vector<Slot> slots_ ABSL_GUARDED_BY(mu_);
  size_t head_ ABSL_GUARDED_BY(mu_);           // Sentence being emitted.
  size_t heard_through_ ABSL_GUARDED_BY(mu_);  // First sentence not yet heard.
  size_t next_submit_ ABSL_GUARDED_BY(mu_);
  // Not OK only if the codec library refused; Start() then fails the call.
  // Used outside mu_, but only by the thread that set encoding_.
  const absl::StatusOr<std::unique_ptr<audio::Encoder>> encoder_;
  // A batch is being encoded outside the lock.
  bool encoding_ ABSL_GUARDED_BY(mu_) = false;
  // A batch has been given the encoder's finish.
  bool encoder_finished_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<v1::SynthesizeResponse> outbox_ ABSL_GUARDED_BY(mu_);
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // The message being written and its bytes, owned by gRPC while
  // write_in_flight_; the message is looked at again in OnWriteDone.
  v1::SynthesizeResponse in_flight_;
  grpc::ByteBuffer in_flight_bytes_;

  const std::shared_ptr<CallRecord> record_;
  const absl::Time started_;
  // Set in Start(), before the stream is shared; constant after.
  std::optional<metrics::StreamMetrics> stream_metrics_;
  bool first_audio_sent_ ABSL_GUARDED_BY(mu_) = false;
};

namespace {

// Carries one sentence's audio from a pool thread into the stream. The
// resampler stage belongs to this sentence alone, so it runs outside the
// stream's lock and sentences are conditioned in parallel.
class SentenceSink : public synth::JobSink {
 public:
  SentenceSink(std::shared_ptr<SynthesisStream> stream, size_t index,
               std::unique_ptr<audio::PcmStage> stage)
      : stream_(std::move(stream)), index_(index), stage_(std::move(stage)) {}

  bool Cancelled() const override { return stream_->cancelled(); }
  void OnAudio(std::span<const int16_t> pcm) override {
    buffer_.clear();
    stage_->Process(pcm, &buffer_);
    if (!buffer_.empty()) stream_->AddAudio(index_, buffer_);
  }
  void OnWord(const synth::WordEvent& word) override {
    stream_->AddWord(index_, word);
  }
  void OnDone(const absl::Status& status) override {
    buffer_.clear();
    if (status.ok()) stage_->Flush(&buffer_);
    stream_->EndSentence(index_, buffer_, status);
  }

 private:
  std::shared_ptr<SynthesisStream> stream_;
  size_t index_;
  std::unique_ptr<audio::PcmStage> stage_;
  std::vector<int16_t> buffer_;
};

}  // namespace

void SynthesisStream::Submit(size_t index) {
  const text::Sentence& sentence = (*sentences_)[index];
  absl::StatusOr<std::unique_ptr<audio::PcmStage>> stage =
      audio::PcmStage::Create({.input_rate_hz = pool_->sample_rate_hz(),
                               .output_rate_hz = plan_.output_rate_hz,
                               .gain_db = plan_.gain_db,
                               .telephone = plan_.telephone});
  std::vector<int16_t> none;
  if (!stage.ok()) {
    EndSentence(index, none, stage.status());
    return;
  }
  if (sentence.spoken_text.empty()) {  // Nothing to say; keep the framing.
    EndSentence(index, none, absl::OkStatus());
    return;
  }
  synth::SynthJob job;
  job.request = plan_.engine;
  job.request.text = sentence.spoken_text;
  job.request.end_pause = !sentence.continues;
  job.sink = std::make_shared<SentenceSink>(shared_from_this(), index,
                                            std::move(*stage));
  size_t head;
  {
    absl::MutexLock lock(&mu_);
    head = head_;
  }
  job.priority =
      index == head ? synth::JobPriority::kNow : synth::JobPriority::kAhead;
  pool_->Submit(std::move(job));
}

SynthesizeReactor::SynthesizeReactor(
    synth::WorkerPool* pool, const SynthesisPlan& plan,
    std::shared_ptr<const std::vector<text::Sentence>> sentences,
    size_t first_sentence, size_t end_sentence, const StreamOptions& options,
    StreamTracker* tracker, std::string client,
    std::shared_ptr<CallRecord> record)
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
