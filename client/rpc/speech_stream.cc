// See speech_stream.h.
#include "client/rpc/speech_stream.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace policyreader::rpc {
namespace {

bool IsRaw(v1::AudioEncoding encoding) {
  return encoding == v1::LINEAR16 || encoding == v1::ALAW ||
         encoding == v1::MULAW || encoding == v1::AUDIO_ENCODING_UNSPECIFIED;
}

v1::AudioEncoding Effective(v1::AudioEncoding encoding) {
  return encoding == v1::AUDIO_ENCODING_UNSPECIFIED ? v1::LINEAR16 : encoding;
}

// A client that asked for raw audio at a rate plays or stores exactly that
// and cannot convert: anything else is an error, not noise.
absl::Status CheckHeader(const v1::AudioConfig& asked,
                         const v1::StreamHeader& header) {
  if (!IsRaw(asked.encoding()) || asked.sample_rate_hz() == 0) {
    return absl::OkStatus();
  }
  if (Effective(header.encoding()) == Effective(asked.encoding()) &&
      header.sample_rate_hz() == asked.sample_rate_hz() &&
      header.channels() <= 1) {
    return absl::OkStatus();
  }
  return absl::InternalError(absl::StrCat(
      "Serveren sendte ", header.sample_rate_hz(), " Hz ",
      v1::AudioEncoding_Name(Effective(header.encoding())), " i ",
      header.channels(), " kanaler, men blev bedt om ", asked.sample_rate_hz(),
      " Hz ", v1::AudioEncoding_Name(Effective(asked.encoding())), " mono"));
}

// Whether taking audio up to stream byte `end` reaches `mark`: a start (or
// a word) once its first byte is taken, an end once its last is.
bool Reaches(uint64_t end, const SpeechMark& mark) {
  return mark.kind == SpeechMark::Kind::kSentenceEnd ? mark.byte <= end
                                                     : mark.byte < end;
}

}  // namespace

SpeechStream::SpeechStream(v1::PolicyReader::StubInterface* stub,
                           SpeechStreamOptions options)
    : stub_(stub), options_(std::move(options)) {}

SpeechStream::~SpeechStream() { Cancel(); }

void SpeechStream::Start(v1::SynthesizeRequest request) {
  Cancel();
  {
    absl::MutexLock lock(&mu_);
    queue_.clear();
    queue_start_ = 0;
    marks_.clear();
    header_.reset();
    first_audio_.reset();
    cancelled_ = false;
    ended_ = false;
    status_ = absl::OkStatus();
  }
  request_ = std::move(request);
  context_ = std::make_unique<grpc::ClientContext>();
  Configure(options_.call, context_.get());
  thread_ = std::thread(&SpeechStream::Read, this, context_.get(), request_);
}

void SpeechStream::RestartAt(uint32_t start) {
  v1::SynthesizeRequest request = request_;
  request.set_start_sentence(start);
  Start(std::move(request));
}

void SpeechStream::Cancel() {
  if (!thread_.joinable()) return;
  {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }
  context_->TryCancel();
  thread_.join();
  context_.reset();
}

bool SpeechStream::HasRoomOrCancelled() const {
  return cancelled_ || queue_.size() < options_.queue_limit_bytes;
}

bool SpeechStream::HasDataOrEnded() const {
  // A start mark queued before its audio is not yet something to take:
  // waking for it would have every WaitForData-and-Take loop spin until the
  // audio comes.
  return ended_ || !queue_.empty() ||
         (!marks_.empty() && Reaches(queue_start_, marks_.front()));
}

void SpeechStream::Read(grpc::ClientContext* context,
                        v1::SynthesizeRequest request) {
  CancelScope scope(options_.call, context);
  absl::Status local;
  std::unique_ptr<grpc::ClientReaderInterface<v1::SynthesizeResponse>> reader;
  if (!scope.ok()) {
    local = absl::CancelledError("Afbrudt");
  } else {
    reader = stub_->Synthesize(context, request);
  }
  v1::SynthesizeResponse response;
  bool stop = !local.ok();
  while (!stop && reader->Read(&response)) {
    {
      absl::MutexLock lock(&mu_);
      const uint64_t here = queue_start_ + queue_.size();
      switch (response.event_case()) {
        case v1::SynthesizeResponse::kHeader:
          header_ = response.header();
          local = CheckHeader(request.audio(), response.header());
          break;
        case v1::SynthesizeResponse::kSentenceStart:
          marks_.push_back(
              {.kind = SpeechMark::Kind::kSentenceStart,
               .sentence = response.sentence_start().index(),
               .byte = here,
               .spoken_text = std::move(
                   *response.mutable_sentence_start()->mutable_spoken_text()),
               .text_begin = response.sentence_start().begin(),
               .text_end = response.sentence_start().end()});
          break;
        case v1::SynthesizeResponse::kSentenceEnd:
          marks_.push_back(
              {.kind = SpeechMark::Kind::kSentenceEnd,
               .sentence = response.sentence_end().index(),
               .byte = here,
               .spoken_text = {},
               .audio_samples = response.sentence_end().audio_samples()});
          break;
        case v1::SynthesizeResponse::kAudio:
          // Not reading on is what holds the server back.
          mu_.Await(absl::Condition(this, &SpeechStream::HasRoomOrCancelled));
          // Cancelled while waiting for room: not queued (Cancel keeps what
          // was queued, and the queue stays within its limit).
          if (cancelled_) break;
          if (!first_audio_.has_value()) {
            first_audio_ = std::chrono::steady_clock::now();
          }
          queue_ += response.audio().data();
          break;
        case v1::SynthesizeResponse::kWord:
          // Only for a caller that asked: the others never see one.
          if (!request.enable_word_marks()) break;
          marks_.push_back(
              {.kind = SpeechMark::Kind::kWord,
               .sentence = response.word().sentence_index(),
               .byte = here,
               .spoken_begin = response.word().spoken_begin(),
               .spoken_end = response.word().spoken_end(),
               .audio_offset_ms = response.word().audio_offset_ms()});
          break;
        default:
          break;
      }
      stop = cancelled_ || !local.ok();
    }
    if (options_.on_ready) options_.on_ready();
  }
  absl::Status status = local;
  if (reader != nullptr) {
    if (stop) {
      context->TryCancel();
      while (reader->Read(&response)) {
      }
    }
    const grpc::Status finished = reader->Finish();
    if (status.ok()) status = FromGrpc(finished);
  }
  {
    absl::MutexLock lock(&mu_);
    ended_ = true;
    status_ = std::move(status);
  }
  if (options_.on_ready) options_.on_ready();
}

void SpeechStream::TakeMarks(uint64_t end, std::vector<SpeechMark>* out) {
  const bool all = ended_ && queue_.empty();
  while (!marks_.empty()) {
    const SpeechMark& mark = marks_.front();
    if (!all && !Reaches(end, mark)) break;
    out->push_back(std::move(marks_.front()));
    marks_.pop_front();
  }
}

SpeechStream::Chunk SpeechStream::Take(size_t max_bytes) {
  Chunk chunk;
  {
    absl::MutexLock lock(&mu_);
    const size_t n = std::min(max_bytes, queue_.size());
    chunk.offset = queue_start_;
    if (n == queue_.size()) {
      chunk.audio = std::move(queue_);
      queue_.clear();
    } else {
      chunk.audio.assign(queue_, 0, n);
      queue_.erase(0, n);
    }
    queue_start_ += n;
    TakeMarks(queue_start_, &chunk.marks);
  }
  return chunk;
}

void SpeechStream::WaitForData(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithDeadline(absl::Condition(this, &SpeechStream::HasDataOrEnded),
                        deadline);
}

SpeechStream::State SpeechStream::state() const {
  absl::MutexLock lock(&mu_);
  State state;
  state.header = header_;
  state.queued_bytes = queue_.size();
  state.first_audio = first_audio_;
  state.has_audio = first_audio_.has_value();
  state.ended = ended_;
  state.drained = ended_ && queue_.empty() && marks_.empty();
  state.status = status_;
  return state;
}

absl::StatusOr<SpeechResult> SynthesizeAll(
    v1::PolicyReader::StubInterface* stub, v1::SynthesizeRequest request,
    const CallOptions& options) {
  SpeechStream stream(stub,
                      {.queue_limit_bytes = std::numeric_limits<size_t>::max(),
                       .call = options,
                       .on_ready = nullptr});
  stream.Start(std::move(request));
  SpeechResult result;
  while (true) {
    stream.WaitForData();
    SpeechStream::Chunk chunk = stream.Take();
    result.audio += chunk.audio;
    for (SpeechMark& mark : chunk.marks)
      result.marks.push_back(std::move(mark));
    SpeechStream::State state = stream.state();
    if (!state.drained) continue;
    if (!state.status.ok()) return state.status;
    if (state.header.has_value()) result.header = *std::move(state.header);
    return result;
  }
}

}  // namespace policyreader::rpc
