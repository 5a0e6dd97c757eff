// See call.h.
#include "service/telephony/call.h"

#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "service/telephony/keypad.h"

namespace policyreader::telephony {
namespace {

constexpr absl::Duration kFrame = absl::Milliseconds(kFrameMs);
// A frame this much behind its time on the grid means the caller heard a gap
// (the lead frames Asterisk holds are gone).
constexpr absl::Duration kLateLimit = absl::Milliseconds(3 * kFrameMs);
// A Synthesize stream outlives any call.
constexpr absl::Duration kStreamDeadline = absl::Hours(12);
// Reads per wake-up: a peer flooding us cannot starve the frame clock.
constexpr int kMaxReadsPerWake = 16;
constexpr size_t kBytesPerSecond = kSampleRateHz * 2;

// What the call reads, as the API names it.
rpc::TextSource SourceOf(const CallTarget& target) {
  rpc::TextSource source;
  if (target.kind == CallTarget::Kind::kDocument) {
    source.document_id = target.value;
  } else {
    source.text = target.value;
  }
  return source;
}

// Waits for `events` on fd (and the wake-up fd) until `deadline`, with
// sub-millisecond precision (the frame clock needs it). Returns fd's
// revents; 0 on timeout or wake-up.
short PollUntil(int fd, short events, int wake_fd, absl::Time deadline) {
  pollfd fds[2] = {{fd, events, 0}, {wake_fd, POLLIN, 0}};
  timespec timeout{};
  timespec* timeout_ptr = nullptr;
  if (deadline != absl::InfiniteFuture()) {
    timeout = absl::ToTimespec(
        std::max(absl::ZeroDuration(), deadline - absl::Now()));
    timeout_ptr = &timeout;
  }
  if (ppoll(fds, 2, timeout_ptr, nullptr) <= 0) return 0;
  if (fds[1].revents & POLLIN) {
    uint64_t count = 0;
    (void)!read(wake_fd, &count, sizeof(count));
  }
  return fds[0].revents;
}

std::string Ms(double ms) { return absl::StrFormat("%.0f", ms); }

}  // namespace

Call::Call(int fd, const CallTable* table,
           v1::PolicyReader::StubInterface* stub,
           const TelephonyOptions* options)
    : fd_(fd),
      table_(table),
      stub_(stub),
      options_(options),
      wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      decoder_(options->max_payload) {
  speech_ = std::make_unique<rpc::SpeechStream>(
      stub_,
      rpc::SpeechStreamOptions{
          .queue_limit_bytes = static_cast<size_t>(
              absl::ToDoubleSeconds(options_->queue_limit) * kBytesPerSecond),
          .call = {.timeout = kStreamDeadline},
          .on_ready = [this] { Wake(); }});
}

Call::~Call() {
  speech_.reset();  // Its thread wakes us: gone before the eventfd.
  close(fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

void Call::Stop() {
  stop_requested_ = true;
  Wake();
}

void Call::Wake() {
  const uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof(one));
}

void Call::Run() {
  started_at_ = absl::Now();
  if (ReadUuid()) {
    if (Prepare()) {
      Serve();
    } else {
      HangUp();
    }
  }
  CallEvent event;
  event.kind = CallEvent::Kind::kEnded;
  event.key_latencies_ms = key_latencies_ms_;
  event.reason = reason_;
  const double max_latency = key_latencies_ms_.empty()
                                 ? 0
                                 : *std::max_element(key_latencies_ms_.begin(),
                                                     key_latencies_ms_.end());
  event.line = absl::StrCat(
      "ended (", reason_, ") after ",
      absl::StrFormat("%.1f", absl::ToDoubleSeconds(absl::Now() - started_at_)),
      " s, ", frames_total_, " frames, ", underruns_, " underruns");
  if (!key_latencies_ms_.empty()) {
    absl::StrAppend(
        &event.line, "; key latencies ",
        absl::StrJoin(key_latencies_ms_, ", ",
                      [](std::string* out, double ms) { out->append(Ms(ms)); }),
        " ms (max ", Ms(max_latency), ")");
  }
  Emit(std::move(event));
}

bool Call::ReadUuid() {
  const absl::Time deadline = absl::Now() + options_->uuid_timeout;
  char buffer[4096];
  while (true) {
    if (stop_requested_) {
      reason_ = "server stopping";
      return false;
    }
    if (absl::Now() >= deadline) {
      reason_ = absl::StrCat("no UUID within ",
                             absl::FormatDuration(options_->uuid_timeout));
      return false;
    }
    if (PollUntil(fd_, POLLIN, wake_fd_, deadline) == 0) continue;
    const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
    if (n == 0) {
      reason_ = "closed before sending a UUID";
      return false;
    }
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      reason_ = absl::StrCat("socket error: ", strerror(errno));
      return false;
    }
    std::vector<Message> messages;
    const absl::Status fed = decoder_.Feed(
        std::string_view(buffer, static_cast<size_t>(n)), &messages);
    if (!fed.ok()) {
      reason_ = absl::StrCat("not AudioSocket: ", fed.message());
      return false;
    }
    if (messages.empty()) continue;
    if (messages[0].type != kTypeUuid) {
      reason_ = absl::StrCat("the first message was of type 0x",
                             absl::Hex(static_cast<unsigned>(messages[0].type)),
                             ", not a UUID");
      return false;
    }
    uuid_ = UuidToString(messages[0].payload);
    early_.assign(std::make_move_iterator(messages.begin() + 1),
                  std::make_move_iterator(messages.end()));
    return true;
  }
}

absl::StatusOr<rpc::Outline> Call::LoadOutline(const CallTarget& target) {
  absl::StatusOr<rpc::Outline> outline = rpc::FetchOutline(
      stub_, SourceOf(target), {.timeout = options_->outline_timeout});
  if (!outline.ok()) {
    return absl::UnavailableError(
        absl::StrCat(target.kind == CallTarget::Kind::kDocument
                         ? absl::StrCat("document ", target.value)
                         : std::string("message"),
                     ": ", outline.status().message()));
  }
  if (outline->sentences.empty()) {
    return absl::UnavailableError("nothing to read");
  }
  return outline;
}

bool Call::Prepare() {
  const CallTarget* found = table_->Find(uuid_);
  CallEvent event;
  event.kind = CallEvent::Kind::kStarted;
  if (found != nullptr) {
    target_ = *found;
  } else {
    target_.kind = CallTarget::Kind::kMessage;
    target_.value = kNotSetUpMessage;
    event.line = "not in the calls file and no default row; saying so, ";
  }
  absl::StatusOr<rpc::Outline> outline = LoadOutline(target_);
  if (!outline.ok()) {
    absl::StrAppend(&event.line, "cannot read (", outline.status().message(),
                    "); apologising, ");
    target_.kind = CallTarget::Kind::kMessage;
    target_.value = kUnavailableMessage;
    outline = LoadOutline(target_);
    if (!outline.ok()) {
      reason_ =
          absl::StrCat("cannot even apologise: ", outline.status().message());
      return false;
    }
  }
  outline_ = *std::move(outline);
  event.sentence_count = outline_.sentence_count();
  absl::StrAppend(&event.line,
                  target_.kind == CallTarget::Kind::kDocument
                      ? absl::StrCat("document ", target_.value)
                      : std::string("a message"),
                  ", ", outline_.sentence_count(), " sentences, ",
                  outline_.section_starts.size(), " sections");
  Emit(std::move(event));
  return true;
}

void Call::Serve() {
  StartStream(0);
  const absl::Time now = absl::Now();
  for (const Message& message : early_) {
    if (end_ == End::kNo) HandleMessage(message, now);
  }
  early_.clear();
  while (end_ == End::kNo) {
    const absl::Time next = SendDueFrames(absl::Now());
    if (end_ != End::kNo) break;
    if (!Flush()) {
      end_ = End::kCallerHungUp;
      reason_ = absl::StrCat("socket error: ", strerror(errno));
      break;
    }
    absl::Time wake_at = next;
    if (out_.empty()) {
      out_blocked_since_.reset();
    } else {
      if (!out_blocked_since_.has_value()) out_blocked_since_ = absl::Now();
      const absl::Time give_up = *out_blocked_since_ + options_->write_timeout;
      if (absl::Now() >= give_up) {
        end_ = End::kCallerHungUp;
        reason_ = "the caller stopped taking audio";
        break;
      }
      wake_at = std::min(wake_at, give_up);
    }
    const short events = POLLIN | (out_.empty() ? 0 : POLLOUT);
    const short revents = PollUntil(fd_, events, wake_fd_, wake_at);
    if (stop_requested_) {
      end_ = End::kWeHangUp;
      reason_ = "server stopping";
      break;
    }
    if (revents & (POLLIN | POLLHUP | POLLERR)) ReadInput();
  }
  speech_->Cancel();
  if (end_ == End::kWeHangUp) HangUp();
}

void Call::StartStream(size_t start) {
  v1::SynthesizeRequest request;
  rpc::SetInput(SourceOf(target_), &request);
  request.set_voice(options_->voice);
  request.set_start_sentence(static_cast<uint32_t>(start));
  request.mutable_audio()->set_encoding(v1::LINEAR16);
  request.mutable_audio()->set_sample_rate_hz(kSampleRateHz);
  // The service cuts the frames (each sentence padded to whole ones).
  request.mutable_audio()->set_frame_ms(kFrameMs);
  speech_->Start(std::move(request));
}

void Call::ReadInput() {
  char buffer[4096];
  for (int i = 0; i < kMaxReadsPerWake && end_ == End::kNo; ++i) {
    const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
    if (n == 0) {
      end_ = End::kCallerHungUp;
      reason_ = "the caller closed the connection";
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return;
      end_ = End::kCallerHungUp;
      reason_ = absl::StrCat("socket error: ", strerror(errno));
      return;
    }
    const absl::Time arrived = absl::Now();
    std::vector<Message> messages;
    const absl::Status fed = decoder_.Feed(
        std::string_view(buffer, static_cast<size_t>(n)), &messages);
    for (const Message& message : messages) {
      if (end_ == End::kNo) HandleMessage(message, arrived);
    }
    if (!fed.ok() && end_ == End::kNo) {
      // Out of step with the peer: nothing it sends can be trusted now.
      end_ = End::kCallerHungUp;
      reason_ = absl::StrCat("not AudioSocket: ", fed.message());
    }
  }
}

void Call::HandleMessage(const Message& message, absl::Time arrived) {
  switch (message.type) {
    case kTypeHangup:
      end_ = End::kCallerHungUp;
      reason_ = "the caller hung up";
      return;
    case kTypeDtmf:
      HandleKey(message.payload[0], arrived);
      return;
    case kTypeError:
      end_ = End::kCallerHungUp;
      reason_ = absl::StrCat(
          "the peer reported error ",
          message.payload.empty()
              ? std::string("(no code)")
              : absl::StrCat("0x",
                             absl::Hex(static_cast<unsigned>(
                                 static_cast<uint8_t>(message.payload[0])))));
      return;
    default:
      // The caller's own audio, and types of newer protocol versions.
      return;
  }
}

void Call::HandleKey(char digit, absl::Time arrived) {
  const std::optional<navigation::Command> command = CommandFromDigit(digit);
  if (!command.has_value()) return;
  CallEvent event;
  event.kind = CallEvent::Kind::kKey;
  event.key = digit;
  event.sentence = current_;
  event.sentence_count = outline_.sentence_count();
  switch (*command) {
    case navigation::Command::kQuit:
      end_ = End::kWeHangUp;
      reason_ = "the caller pressed #";
      event.line = absl::StrCat("key ", std::string(1, digit), " → hang up");
      Emit(std::move(event));
      return;
    case navigation::Command::kPauseResume:
      paused_ = !paused_;
      event.line = absl::StrCat("key ", std::string(1, digit), " → ",
                                paused_ ? "paused" : "resumed");
      Emit(std::move(event));
      return;
    default:
      break;
  }
  const std::optional<size_t> target = outline_.Target(current_, *command);
  if (!target.has_value()) {
    event.line =
        absl::StrCat("key ", std::string(1, digit),
                     " → nothing there; staying at sentence ", current_ + 1);
    Emit(std::move(event));
    return;
  }
  // A move also resumes: the caller asked to hear something.
  paused_ = false;
  StartStream(*target);
  current_ = *target;
  clock_running_ = false;
  // Reported with its latency when the first frame of the target is sent.
  pending_key_ = PendingKey{digit, arrived};
}

absl::Time Call::SendDueFrames(absl::Time now) {
  if (paused_) {
    clock_running_ = false;
    return absl::InfiniteFuture();
  }
  while (true) {
    const rpc::SpeechStream::State stream = speech_->state();
    if (stream.drained) {
      end_ = End::kWeHangUp;
      reason_ = stream.status.ok()
                    ? "end of text"
                    : absl::StrCat("speech failed: ", stream.status.message());
      return absl::InfiniteFuture();
    }
    // Waiting for audio (on_ready wakes us) keeps the clock: a frame that
    // arrives a moment late still goes out on the grid.
    if (stream.queued_bytes < kFrameBytes && !stream.ended) {
      return absl::InfiniteFuture();
    }
    absl::Time due =
        clock_base_ +
        kFrame * std::max<int64_t>(0, clock_frames_ - options_->lead_frames);
    if (clock_running_ && now - due > kLateLimit) {
      // The caller heard a gap: start a new grid with the audio.
      ++underruns_;
      clock_running_ = false;
    }
    if (!clock_running_) {
      clock_running_ = true;
      clock_base_ = now;
      clock_frames_ = 0;
      due = now;
    }
    if (due > now) return due;
    // The socket has not taken the last frame: wait for it, not pile up.
    if (!out_.empty()) return absl::InfiniteFuture();

    rpc::SpeechStream::Chunk chunk = speech_->Take(kFrameBytes);
    std::optional<size_t> sentence;
    for (const rpc::SpeechMark& mark : chunk.marks) {
      if (mark.kind == rpc::SpeechMark::Kind::kSentenceStart) {
        sentence = mark.sentence;
      }
    }
    if (chunk.audio.empty()) continue;  // Marks after the last audio.
    std::string& frame = chunk.audio;
    frame.resize(kFrameBytes, '\0');  // Whole frames, unless cut off.
    ++clock_frames_;
    ++frames_total_;
    out_ += EncodeMessage(kTypeAudio, frame);
    if (!Flush()) return now;  // Serve's Flush reports the error.
    if (sentence.has_value()) {
      current_ = *sentence;
      CallEvent event;
      event.kind = CallEvent::Kind::kSentence;
      event.sentence = current_;
      event.sentence_count = outline_.sentence_count();
      event.line = absl::StrCat("sentence ", current_ + 1, " of ",
                                outline_.sentence_count());
      Emit(std::move(event));
    }
    if (pending_key_.has_value()) {
      const double ms =
          absl::ToDoubleMilliseconds(absl::Now() - pending_key_->arrived);
      key_latencies_ms_.push_back(ms);
      CallEvent event;
      event.kind = CallEvent::Kind::kKey;
      event.key = pending_key_->digit;
      event.sentence = current_;
      event.sentence_count = outline_.sentence_count();
      event.latency_ms = ms;
      event.line =
          absl::StrCat("key ", std::string(1, event.key), " → sentence ",
                       current_ + 1, " in ", Ms(ms), " ms");
      pending_key_.reset();
      Emit(std::move(event));
    }
  }
}

bool Call::Flush() {
  while (!out_.empty()) {
    const ssize_t n = send(fd_, out_.data(), out_.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN;
    }
    out_.erase(0, static_cast<size_t>(n));
  }
  return true;
}

void Call::HangUp() {
  out_ += EncodeHangup();
  const absl::Time write_deadline = absl::Now() + options_->write_timeout;
  while (Flush() && !out_.empty() && absl::Now() < write_deadline) {
    PollUntil(fd_, POLLOUT, wake_fd_, write_deadline);
  }
  shutdown(fd_, SHUT_WR);
  // Closing with unread input would reset the connection, and a reset can
  // overtake the hangup message; so read until the peer closes, briefly.
  const absl::Time linger_deadline = absl::Now() + options_->hangup_linger;
  char buffer[4096];
  while (absl::Now() < linger_deadline) {
    if (PollUntil(fd_, POLLIN, wake_fd_, linger_deadline) == 0) continue;
    const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;
  }
}

void Call::Emit(CallEvent event) {
  event.uuid = uuid_;
  event.line = absl::StrCat("call ", uuid_.empty() ? "(no UUID)" : uuid_, ": ",
                            event.line);
  if (options_->on_event) options_->on_event(event);
}

}  // namespace policyreader::telephony
