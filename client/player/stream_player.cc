#include "client/player/stream_player.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/player/audio_output.h"
#include "client/player/pcm_decoder.h"
#include "client/player/playback_source.h"
#include "client/player/ring_buffer.h"

namespace policyreader::player {
namespace {

constexpr int kNativeRateHz = 22050;
constexpr int kG711RateHz = 8000;
// How often the sentence announcer looks at the playback position.
constexpr absl::Duration kAnnouncePoll = absl::Milliseconds(20);
// How long the producer waits for the callback to make room in a full ring.
constexpr absl::Duration kRingFullPoll = absl::Milliseconds(5);

absl::Status FromGrpc(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

audio::Encoding ToEncoding(v1::AudioEncoding encoding) {
  switch (encoding) {
    case v1::MULAW:
      return audio::Encoding::kMulaw;
    case v1::ALAW:
      return audio::Encoding::kAlaw;
    default:
      return audio::Encoding::kLinear16;
  }
}

// Reports sentence starts on its own thread once playback reaches them.
class SentenceAnnouncer {
 public:
  SentenceAnnouncer(const PlaybackSource* source, uint64_t latency_frames,
                    const StreamPlayer::SentenceCallback* callback,
                    const uint32_t* sentence_count)
      : source_(source),
        latency_frames_(latency_frames),
        callback_(callback),
        sentence_count_(sentence_count),
        thread_([this] { Run(); }) {}

  ~SentenceAnnouncer() { Stop(); }

  // `frame` is the stream position of the sentence's first audio frame.
  void Add(uint64_t frame, v1::SentenceStart sentence) {
    std::lock_guard lock(mu_);
    pending_.emplace_back(frame, std::move(sentence));
  }

  // Reports everything still pending (the stream has played out), then
  // stops. Returns the last index reported.
  std::optional<uint32_t> FlushAndStop() {
    {
      std::lock_guard lock(mu_);
      flush_ = true;
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    return last_index_;
  }

  // Drops what is pending and stops. Returns the last index reported.
  std::optional<uint32_t> Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    return last_index_;
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait_for(lock, absl::ToChronoMilliseconds(kAnnouncePoll),
                   [this] { return stop_; });
      if (stop_ && !flush_) return;
      const uint64_t played = source_->frames_played();
      const bool all = flush_ || source_->finished();
      std::vector<v1::SentenceStart> ready;
      // A sentence is "started" once its first frame has gone through the
      // device's output latency.
      while (!pending_.empty() &&
             (all || played > pending_.front().first + latency_frames_)) {
        ready.push_back(std::move(pending_.front().second));
        pending_.pop_front();
      }
      if (!ready.empty()) {
        lock.unlock();
        for (const v1::SentenceStart& sentence : ready) {
          last_index_ = sentence.index();
          if (*callback_) (*callback_)(sentence, *sentence_count_);
        }
        lock.lock();
      }
      if (stop_ && pending_.empty()) return;
    }
  }

  const PlaybackSource* const source_;
  const uint64_t latency_frames_;
  const StreamPlayer::SentenceCallback* const callback_;
  const uint32_t* const sentence_count_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool flush_ = false;
  std::deque<std::pair<uint64_t, v1::SentenceStart>> pending_;
  std::optional<uint32_t> last_index_;  // Announcer thread only.
  std::thread thread_;                  // Last: starts after the rest.
};

// Everything that exists once the stream's audio format is known. Members
// are destroyed in reverse: the announcer and device stop before the source
// and ring they read go away.
struct Session {
  Session(int rate_hz, int channel_count, audio::Encoding encoding,
          const StreamPlayerOptions& options)
      : sample_rate_hz(rate_hz),
        channels(channel_count),
        decoder(encoding),
        prebuffer_samples(static_cast<size_t>(
            absl::ToDoubleSeconds(options.prebuffer) * rate_hz * channels)),
        ring(static_cast<size_t>(absl::ToDoubleSeconds(options.ring_capacity) *
                                 rate_hz * channels)),
        source(&ring, channels, prebuffer_samples / channels) {}

  const int sample_rate_hz;
  const int channels;
  PcmDecoder decoder;
  const size_t prebuffer_samples;
  PcmRingBuffer ring;
  PlaybackSource source;
  uint64_t frames_written = 0;
  std::vector<int16_t> pcm;  // Decode scratch, reused.
  std::unique_ptr<AudioOutput> output;
  std::unique_ptr<SentenceAnnouncer> announcer;
};

}  // namespace

StreamPlayer::StreamPlayer(v1::PolicyReader::StubInterface* stub,
                           StreamPlayerOptions options)
    : stub_(stub), options_(std::move(options)) {}

void StreamPlayer::Cancel() {
  std::lock_guard lock(mu_);
  cancelled_.store(true, std::memory_order_release);
  if (context_ != nullptr) context_->TryCancel();
}

absl::Status StreamPlayer::Play(grpc::ClientContext* context,
                                const v1::SynthesizeRequest& request,
                                const SentenceCallback& on_sentence_start,
                                PlaybackSummary* summary) {
  PlaybackSummary ignored;
  if (summary == nullptr) summary = &ignored;
  *summary = PlaybackSummary();
  {
    std::lock_guard lock(mu_);
    if (cancelled()) return absl::CancelledError("Afspilningen blev afbrudt");
    context_ = context;
  }
  std::unique_ptr<grpc::ClientReaderInterface<v1::SynthesizeResponse>> reader =
      stub_->Synthesize(context, request);

  uint32_t sentence_count = 0;
  std::unique_ptr<Session> session;
  absl::Status local_error;

  auto open_session = [&](const v1::StreamHeader& header) -> absl::Status {
    const audio::Encoding encoding = ToEncoding(header.encoding());
    int rate = static_cast<int>(header.sample_rate_hz());
    if (rate == 0) {
      rate =
          encoding == audio::Encoding::kLinear16 ? kNativeRateHz : kG711RateHz;
    }
    const int channels =
        header.channels() == 0 ? 1 : static_cast<int>(header.channels());
    if (channels > 2) {
      return absl::UnimplementedError(
          absl::StrCat("Serveren sendte ", channels,
                       " kanaler; afspilleren kan kun mono og stereo"));
    }
    auto new_session =
        std::make_unique<Session>(rate, channels, encoding, options_);
    AudioOutputOptions output_options;
    output_options.device = options_.device;
    output_options.sample_rate_hz = rate;
    output_options.channels = channels;
    output_options.quiet_backend_logs = options_.quiet_backend_logs;
    absl::StatusOr<std::unique_ptr<AudioOutput>> output =
        AudioOutput::Open(output_options, &new_session->source);
    if (!output.ok()) return output.status();
    new_session->output = *std::move(output);
    new_session->announcer = std::make_unique<SentenceAnnouncer>(
        &new_session->source,
        static_cast<uint64_t>(new_session->output->output_latency_s() * rate),
        &on_sentence_start, &sentence_count);
    summary->sample_rate_hz = rate;
    summary->device_name = new_session->output->device_name();
    session = std::move(new_session);
    return absl::OkStatus();
  };

  auto start_if_buffered = [&](bool force) -> absl::Status {
    if (session->output->started()) return absl::OkStatus();
    if (!force && session->ring.ReadAvailable() < session->prebuffer_samples) {
      return absl::OkStatus();
    }
    return session->output->Start();
  };

  auto push_audio = [&](const std::string& bytes) -> absl::Status {
    session->decoder.Decode(bytes, &session->pcm);
    std::span<const int16_t> rest(session->pcm);
    while (true) {
      rest = rest.subspan(session->ring.Write(rest));
      if (absl::Status started = start_if_buffered(rest.size() > 0);
          !started.ok()) {
        return started;
      }
      if (rest.empty()) break;
      if (cancelled()) {
        return absl::CancelledError("Afspilningen blev afbrudt");
      }
      if (absl::Status running = session->output->CheckRunning();
          !running.ok()) {
        return running;
      }
      // Full ring: the device is ahead of us by its whole capacity. Wait
      // for the callback to make room (it cannot signal without a syscall).
      absl::SleepFor(kRingFullPoll);
    }
    session->frames_written += session->pcm.size() / session->channels;
    return absl::OkStatus();
  };

  v1::SynthesizeResponse response;
  while (local_error.ok() && reader->Read(&response)) {
    switch (response.event_case()) {
      case v1::SynthesizeResponse::kHeader:
        if (session != nullptr) {
          local_error = absl::InternalError(
              "Serveren sendte et ekstra stream-hoved midt i lyden");
          break;
        }
        sentence_count = response.header().sentence_count();
        summary->sentence_count = sentence_count;
        local_error = open_session(response.header());
        break;
      case v1::SynthesizeResponse::kSentenceStart:
      case v1::SynthesizeResponse::kAudio:
        if (session == nullptr) {
          // No header: assume what we asked for.
          v1::StreamHeader assumed;
          assumed.set_encoding(request.audio().encoding());
          assumed.set_sample_rate_hz(request.audio().sample_rate_hz());
          assumed.set_channels(1);
          local_error = open_session(assumed);
          if (!local_error.ok()) break;
        }
        if (response.has_sentence_start()) {
          session->announcer->Add(session->frames_written,
                                  response.sentence_start());
        } else {
          local_error = push_audio(response.audio().data());
        }
        break;
      default:
        break;  // Word marks and sentence ends are not needed to play.
    }
  }

  if (!local_error.ok()) {
    context->TryCancel();
    while (reader->Read(&response)) {
    }
  }
  const grpc::Status rpc_status = reader->Finish();
  absl::Status status = local_error.ok() ? FromGrpc(rpc_status) : local_error;
  if (cancelled()) status = absl::CancelledError("Afspilningen blev afbrudt");

  if (session != nullptr) {
    // Play out what arrived: all of it, or, when the server ended the stream
    // with an error, everything up to the failure (the error is reported
    // after). Not after a local error or a cancel: those stop at once.
    bool played_out = false;
    if (local_error.ok() && !cancelled()) {
      session->source.MarkEndOfStream();
      absl::Status drained = start_if_buffered(/*force=*/true);
      if (drained.ok()) {
        const double queued_s =
            static_cast<double>(session->frames_written -
                                session->source.frames_played()) /
            session->sample_rate_hz;
        drained = session->output->WaitUntilDone(
            absl::Seconds(queued_s + session->output->output_latency_s() + 10),
            cancelled_);
      }
      played_out = drained.ok();
      if (!drained.ok() && (status.ok() || cancelled())) status = drained;
    }
    if (played_out) {
      summary->last_sentence_index = session->announcer->FlushAndStop();
    } else {
      // Silence first, so nothing more is announced after the stop.
      (void)session->output->Abort();
      summary->last_sentence_index = session->announcer->Stop();
    }
    summary->frames_played = session->source.frames_played();
    summary->underruns = session->source.underruns();
  }
  {
    std::lock_guard lock(mu_);
    context_ = nullptr;
  }
  return status;
}

}  // namespace policyreader::player
