#include "client/listen/listening_session.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <span>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/player/audio_output.h"
#include "client/player/pcm_decoder.h"
#include "client/player/playback_source.h"
#include "client/player/ring_buffer.h"
#include "grpcpp/client_context.h"

namespace policyreader::listen {
namespace {

// The player always asks for 16-bit mono at eSpeak's own rate: no
// resampling on the server, nothing lost.
constexpr int kRateHz = 22050;
// How often the controller looks at the playback position when nothing
// else wakes it: the precision of printed positions and of key latency
// figures is the callback's, not this.
constexpr int kPollMs = 10;
// Audio the stream queues beyond the ring before it stops reading (a paused
// or slow listener); gRPC flow control then holds the server back.
constexpr absl::Duration kStreamQueue = absl::Milliseconds(500);

int64_t SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string Seconds(absl::Duration duration) {
  const double s = absl::ToDoubleSeconds(duration);
  std::string text =
      s < 1 ? absl::StrCat(s) : absl::StrCat(static_cast<int>(s));
  for (char& c : text) {
    if (c == '.') c = ',';
  }
  return text;
}

}  // namespace

struct ListeningSession::Audio {
  Audio(const SessionOptions& options)
      : ring(static_cast<size_t>(absl::ToDoubleSeconds(options.ring_capacity) *
                                 kRateHz)),
        source(&ring, 1,
               static_cast<size_t>(
                   absl::ToDoubleSeconds(options.restart_prebuffer) * kRateHz)),
        prebuffer_frames(static_cast<size_t>(
            absl::ToDoubleSeconds(options.prebuffer) * kRateHz)),
        // Half the ring: the other half is room for the next position.
        max_queued_frames(ring.capacity() / 2) {}

  player::PcmRingBuffer ring;
  player::PlaybackSource source;
  const size_t prebuffer_frames;
  const uint64_t max_queued_frames;
  uint64_t latency_frames = 0;
  std::unique_ptr<player::AudioOutput> output;  // Last: stops first.
};

ListeningSession::ListeningSession(v1::PolicyReader::StubInterface* stub,
                                   const rpc::Outline* outline,
                                   RequestFactory make_request,
                                   SessionOptions options, std::ostream* out)
    : stub_(stub),
      outline_(outline),
      make_request_(std::move(make_request)),
      options_(std::move(options)),
      out_(out),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  speech_ = std::make_unique<rpc::SpeechStream>(
      stub_, rpc::SpeechStreamOptions{
                 .queue_limit_bytes = static_cast<size_t>(
                     absl::ToDoubleSeconds(kStreamQueue) * kRateHz * 2),
                 .call = {.timeout = options_.stream_deadline},
                 .on_ready = [this] { Wake(); }});
}

ListeningSession::~ListeningSession() {
  speech_.reset();  // Its thread wakes us: gone before the eventfd.
  audio_.reset();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void ListeningSession::Wake() {
  const uint64_t one = 1;
  if (wake_fd_ >= 0) (void)!::write(wake_fd_, &one, sizeof(one));
}

void ListeningSession::Stop() {
  stop_requested_.store(true, std::memory_order_release);
  Wake();
}

void ListeningSession::Print(const std::string& line) {
  if (!options_.quiet) *out_ << line << std::endl;
}

void ListeningSession::StartStream(size_t start) {
  stream_start_sentence_ = start;
  stream_started_at_ = absl::Now();
  stream_start_frame_ = frames_written_;
  v1::SynthesizeRequest request =
      make_request_(static_cast<uint32_t>(start), speed_);
  request.mutable_audio()->set_encoding(v1::LINEAR16);
  request.mutable_audio()->set_sample_rate_hz(kRateHz);
  request.set_start_sentence(static_cast<uint32_t>(start));
  speech_->Start(std::move(request));
  streaming_ = true;
}

void ListeningSession::CutFrames(uint64_t from, uint64_t to) {
  last_cut_from_ = from;
  last_cut_to_ = to;
  audio_->source.Cut(from, to);
}

void ListeningSession::StopStream() {
  speech_->Cancel();
  streaming_ = false;
}

void ListeningSession::FeedRing() {
  if (!streaming_) return;
  // Queue at most max_queued, so that after a cut the new audio always has
  // room and plays in the very callback that cuts.
  const uint64_t played = std::max(audio_->source.position(), cut_now_to_);
  const uint64_t queued = frames_written_ - played;
  const uint64_t room = std::min<uint64_t>(
      queued >= audio_->max_queued_frames ? 0
                                          : audio_->max_queued_frames - queued,
      audio_->ring.WriteAvailable());
  rpc::SpeechStream::Chunk chunk = speech_->Take(room * 2);
  const auto frame_of = [this](uint64_t byte) {
    return stream_start_frame_ + byte / 2;
  };
  for (const rpc::SpeechMark& mark : chunk.marks) {
    if (mark.kind == rpc::SpeechMark::Kind::kSentenceStart) {
      pending_.push_back({frame_of(mark.byte), mark.sentence});
    } else {
      last_complete_ = SentenceMark{frame_of(mark.byte), mark.sentence};
    }
  }
  if (chunk.audio.empty()) return;
  // Whole samples: the queue holds whole messages and `room * 2` is even.
  player::PcmDecoder decoder(audio::Encoding::kLinear16);
  std::vector<int16_t> pcm;
  decoder.Decode(chunk.audio, &pcm);
  frames_written_ += audio_->ring.Write(pcm);
}

void ListeningSession::Jump(size_t target, int64_t key_ns) {
  StopStream();
  pending_.clear();
  last_complete_.reset();
  if (!audio_->source.SetEndOfStream(false)) return;  // Already played out.
  cut_now_to_ = frames_written_;
  CutFrames(0, frames_written_);
  ending_ = false;
  reconnecting_ = false;
  current_ = target;
  last_announced_.reset();
  key_ns_ = key_ns;
  if (paused_) {
    paused_ = false;
    audio_->source.SetPaused(false);
  }
  StartStream(target);
}

bool ListeningSession::Handle(Command command, int64_t key_ns) {
  switch (command) {
    case Command::kQuit:
      result_.quit = true;
      return false;
    case Command::kHelp:
      Print(KeyHelp());
      return true;
    case Command::kPauseResume:
      paused_ = !paused_;
      audio_->source.SetPaused(paused_);
      Print(paused_ ? "Pause. Tryk mellemrum for at fortsætte."
                    : "Fortsætter.");
      return true;
    case Command::kFaster:
    case Command::kSlower: {
      const double speed = StepSpeed(speed_, command);
      if (speed == speed_) {
        Print(command == Command::kFaster ? "Hastigheden er allerede højest."
                                          : "Hastigheden er allerede lavest.");
        return true;
      }
      speed_ = speed;
      Print(SpeedLine(speed_));
      Jump(current_, key_ns);
      return true;
    }
    case Command::kRepeatSentence:
      Jump(current_, key_ns);
      return true;
    default:
      break;
  }
  const std::optional<size_t> target = outline_->Target(current_, command);
  if (!target.has_value()) {
    switch (command) {
      case Command::kNextSentence:
        Print("Du er ved den sidste sætning.");
        break;
      case Command::kPreviousSentence:
        Print("Du er ved den første sætning.");
        break;
      case Command::kNextSection:
        Print("Der er ikke flere afsnit.");
        break;
      default:
        Print("Du er ved begyndelsen.");
        break;
    }
    return true;
  }
  Jump(*target, key_ns);
  return true;
}

void ListeningSession::AnnouncePlayed(const PositionCallback& on_position) {
  const uint64_t position = audio_->source.position();
  while (!pending_.empty() &&
         position > pending_.front().frame + audio_->latency_frames) {
    const size_t index = pending_.front().index;
    pending_.pop_front();
    if (last_announced_ == index) continue;
    last_announced_ = index;
    current_ = index;
    if (index < outline_->sentences.size()) {
      const std::optional<size_t> section = outline_->SectionOf(index);
      if (options_.announce == Announce::kSentences ||
          last_section_ != section) {
        Print(PositionLine(*outline_, index));
        last_section_ = section;
      }
      if (on_position) on_position(index);
    }
  }
}

bool ListeningSession::OnStreamDone(const absl::Status& status) {
  const std::optional<SentenceMark> last_complete = last_complete_;
  StopStream();
  if (status.ok()) {
    if (!audio_->source.SetEndOfStream(true)) return false;
    ending_ = true;
    return true;
  }
  if (!rpc::IsTransient(status)) {
    result_.status = status;
    return false;
  }
  const absl::Time now = absl::Now();
  // A stream that ran into its own deadline was not lost: it goes on from
  // where it got to without a word to the listener.
  const bool own_deadline =
      status.code() == absl::StatusCode::kDeadlineExceeded &&
      now - stream_started_at_ >= options_.stream_deadline;
  if (!outage_since_.has_value()) {
    outage_since_ = now;
    reconnect_delay_ = options_.reconnect_first_delay;
    // Only a connection that carried audio can be lost, and only a lost
    // one can later be said to be back.
    outage_announced_ = connected_ && !own_deadline;
    if (outage_announced_) {
      Print("Forbindelsen til serveren er tabt. Prøver igen ...");
    } else if (!connected_ && !own_deadline) {
      Print("Kan ikke få forbindelse til serveren. Prøver igen ...");
    }
    if (options_.verbose && !own_deadline) {
      Print(absl::StrCat("  (", absl::StatusCodeToString(status.code()), ": ",
                         status.message(), ")"));
    }
  } else {
    reconnect_delay_ =
        std::min(reconnect_delay_ * 2, options_.reconnect_max_delay);
  }
  if (now - *outage_since_ > options_.reconnect_give_up) {
    result_.status = absl::UnavailableError(absl::StrCat(
        "Serveren har ikke svaret i ", Seconds(now - *outage_since_),
        " s; giver op. Start igen for at fortsætte her"));
    return false;
  }
  reconnecting_ = true;
  reconnect_at_ = now + reconnect_delay_;
  // Keep what arrived whole; a half-received sentence is cut and read again.
  resume_from_ = last_complete.has_value() ? last_complete->index + 1
                                           : stream_start_sentence_;
  uint64_t cut_from =
      last_complete.has_value() ? last_complete->frame : stream_start_frame_;
  // A retry that fails before the callback has made the last cut: a cut
  // replaces the one before, so this one covers that too (they meet, as the
  // retry wrote its audio after what was cut), or that audio would play.
  if (audio_->source.position() < last_cut_to_ && last_cut_to_ >= cut_from) {
    cut_from = std::min(cut_from, last_cut_from_);
  }
  if (frames_written_ > cut_from) CutFrames(cut_from, frames_written_);
  std::erase_if(pending_, [&](const SentenceMark& mark) {
    return mark.frame >= cut_from;
  });
  last_complete_.reset();
  return true;
}

SessionResult ListeningSession::Run(KeyboardInput* keys,
                                    const PositionCallback& on_position) {
  if (outline_->sentences.empty()) {
    result_.status = absl::InvalidArgumentError("Teksten har ingen sætninger");
    return result_;
  }
  speed_ = options_.speed;
  current_ = std::min(options_.start_sentence, outline_->sentences.size() - 1);
  result_.sample_rate_hz = kRateHz;
  audio_ = std::make_unique<Audio>(options_);
  player::AudioOutputOptions output_options;
  output_options.device = options_.device;
  output_options.sample_rate_hz = kRateHz;
  output_options.channels = 1;
  output_options.suggested_latency_s = options_.device_latency_s;
  output_options.quiet_backend_logs = options_.quiet_backend_logs;
  absl::StatusOr<std::unique_ptr<player::AudioOutput>> output =
      player::AudioOutput::Open(output_options, &audio_->source);
  if (!output.ok()) {
    result_.status = output.status();
    return result_;
  }
  audio_->output = *std::move(output);
  audio_->latency_frames =
      static_cast<uint64_t>(audio_->output->output_latency_s() * kRateHz);
  result_.device_name = audio_->output->device_name();
  result_.output_latency_s = audio_->output->output_latency_s();

  StartStream(current_);
  KeyDecoder decoder;
  bool running = true;
  while (running) {
    pollfd fds[2] = {{wake_fd_, POLLIN, 0},
                     {keys != nullptr ? keys->fd() : -1, POLLIN, 0}};
    ::poll(fds, 2, kPollMs);
    if (fds[0].revents & POLLIN) {
      uint64_t count;
      (void)!::read(wake_fd_, &count, sizeof(count));
    }
    if (stop_requested_.load(std::memory_order_acquire)) {
      result_.stopped = true;
      break;
    }
    if (keys != nullptr && (fds[1].revents & (POLLIN | POLLHUP))) {
      const int64_t key_ns = SteadyNowNs();
      bool closed = false;
      for (Command command : decoder.Feed(keys->ReadAvailable(&closed))) {
        if (!(running = Handle(command, key_ns))) break;
      }
      if (closed) keys = nullptr;  // The terminal went away: just play.
      if (!running) break;
    }
    FeedRing();
    const rpc::SpeechStream::State stream = speech_->state();
    if (!audio_->output->started()) {
      if (stream.ended ||
          audio_->ring.ReadAvailable() >= audio_->prebuffer_frames) {
        if (absl::Status started = audio_->output->Start(); !started.ok()) {
          result_.status = started;
          break;
        }
      }
    } else if (absl::Status alive = audio_->output->CheckRunning();
               !alive.ok()) {
      result_.status = alive;
      break;
    }
    AnnouncePlayed(on_position);
    if (key_ns_.has_value() && stream.first_audio.has_value() &&
        audio_->source.first_audio_after_cut_ns() >= *key_ns_) {
      const int64_t received_ns =
          std::chrono::duration_cast<std::chrono::nanoseconds>(
              stream.first_audio->time_since_epoch())
              .count();
      result_.key_to_audio_ms.push_back(
          static_cast<double>(received_ns - *key_ns_) / 1e6);
      result_.key_latencies_ms.push_back(
          static_cast<double>(audio_->source.first_audio_after_cut_ns() -
                              *key_ns_) /
          1e6);
      key_ns_.reset();
    }
    // The connection is back when a stream started after the outage has
    // brought a sentence whole (what OnStreamDone would keep if it broke
    // again): first audio alone may come from a retry that fails at once.
    // last_complete_ is reset by every failure and move, so it is the
    // running stream's.
    if (last_complete_.has_value()) {
      if (outage_since_.has_value() && !reconnecting_) {
        outage_since_.reset();
        if (outage_announced_) Print("Forbindelsen er genoprettet.");
        outage_announced_ = false;
      }
    }
    // Audio from the server proves it was reached: losing it from here on
    // is a lost connection, not one never made (a stream cut in its first
    // sentence said "Kan ikke få forbindelse" though the listener had heard
    // it begin).
    if (stream.has_audio && !outage_since_.has_value()) connected_ = true;
    // A connection can hang rather than fail (a server half way down still
    // holding the port): give up on such an attempt and try again.
    if (streaming_ && !stream.ended && outage_since_.has_value() &&
        !stream.has_audio &&
        absl::Now() - stream_started_at_ > options_.reconnect_attempt_timeout) {
      speech_->Cancel();
    }
    if (streaming_ && stream.drained &&
        !(running = OnStreamDone(stream.status))) {
      break;
    }
    if (reconnecting_ && absl::Now() >= reconnect_at_) {
      reconnecting_ = false;
      ++result_.reconnects;
      if (resume_from_ >= outline_->sentences.size()) {
        if (!audio_->source.SetEndOfStream(true)) break;
        ending_ = true;
      } else {
        StartStream(resume_from_);
      }
    }
    if (ending_ && audio_->source.finished()) {
      result_.finished = true;
      break;
    }
  }
  StopStream();
  if (audio_->output->started()) {
    if (result_.finished) {
      (void)audio_->output->Stop();
    } else {
      (void)audio_->output->Abort();
    }
  }
  result_.sentence = current_;
  result_.speed = speed_;
  result_.frames_played = audio_->source.frames_played();
  result_.underruns = audio_->source.underruns();
  return result_;
}

}  // namespace policyreader::listen
