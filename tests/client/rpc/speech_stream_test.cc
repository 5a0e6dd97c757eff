// SpeechStream (speech_stream.h) against an in-process fake server: order
// and completeness, the bounded queue, restarts, cancelling, the final
// status, WaitForData's wake-ups, the header check and SynthesizeAll.
//
// Nothing here sleeps to wait for something to happen: tests wait for the
// event itself (a mark processed, a message written) with kGuard as a bound
// that fails the test instead of hanging it.
#include "client/rpc/speech_stream.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/rpc/calls.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/client/rpc/in_process_server.h"

namespace policyreader::rpc {

// For EXPECT_EQ on marks: field by field, printed readably.
bool operator==(const SpeechMark& a, const SpeechMark& b) {
  return a.kind == b.kind && a.sentence == b.sentence && a.byte == b.byte &&
         a.spoken_text == b.spoken_text && a.audio_samples == b.audio_samples &&
         a.spoken_begin == b.spoken_begin && a.spoken_end == b.spoken_end &&
         a.audio_offset_ms == b.audio_offset_ms;
}

void PrintTo(const SpeechMark& mark, std::ostream* out) {
  *out << (mark.kind == SpeechMark::Kind::kSentenceStart ? "start"
           : mark.kind == SpeechMark::Kind::kSentenceEnd ? "end"
                                                         : "word")
       << " of " << mark.sentence << " at byte " << mark.byte << " \""
       << mark.spoken_text << "\" " << mark.audio_samples << " samples";
  if (mark.kind == SpeechMark::Kind::kWord) {
    *out << " [" << mark.spoken_begin << ", " << mark.spoken_end << ") at "
         << mark.audio_offset_ms << " ms";
  }
}

namespace {

using ::google::protobuf::util::MessageDifferencer;
using testing::AudioBytes;
using testing::FakePolicyReader;
using testing::Gate;
using testing::InProcessServer;
using testing::kGuard;
using testing::SpeechScript;

// Counts on_ready calls, so a test can wait for the stream thread to have
// processed what it waits for instead of sleeping.
class ReadyCounter {
 public:
  std::function<void()> callback() {
    return [this] {
      absl::MutexLock lock(&mu_);
      ++count_;
      changed_.SignalAll();
    };
  }
  // Until `done` (looked at after each on_ready); false if kGuard passes
  // first. The stream changes its state before on_ready, so no change is
  // missed.
  bool WaitUntil(const std::function<bool()>& done) {
    const absl::Time give_up = absl::Now() + kGuard;
    absl::MutexLock lock(&mu_);
    while (!done()) {
      if (changed_.WaitWithDeadline(&mu_, give_up)) return done();
    }
    return true;
  }
  // Until `n` messages (or the end) have been processed.
  bool WaitFor(int n) {
    return WaitUntil(
        [this, n]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return count_ >= n; });
  }

 private:
  absl::Mutex mu_;
  absl::CondVar changed_;
  int count_ ABSL_GUARDED_BY(mu_) = 0;
};

// Everything a stream delivered, taken `piece` bytes at a time until it is
// drained. Checks on the way what every consumer relies on: WaitForData
// returns before its deadline only with something to take (else consumers
// spin), chunks follow each other without gaps, and a mark comes with the
// chunk that reaches its byte.
SpeechResult Drain(SpeechStream& stream,
                   size_t piece = std::numeric_limits<size_t>::max()) {
  SpeechResult result;
  uint64_t next = 0;
  while (true) {
    const absl::Time deadline = absl::Now() + kGuard;
    stream.WaitForData(deadline);
    if (absl::Now() >= deadline) {
      ADD_FAILURE() << "no data and no end within " << kGuard;
      return result;
    }
    SpeechStream::Chunk chunk = stream.Take(piece);
    const SpeechStream::State state = stream.state();
    EXPECT_TRUE(!chunk.audio.empty() || !chunk.marks.empty() || state.drained)
        << "WaitForData returned with nothing to take";
    EXPECT_EQ(chunk.offset, next);
    EXPECT_LE(chunk.audio.size(), piece);
    next = chunk.offset + chunk.audio.size();
    for (const SpeechMark& mark : chunk.marks) {
      if (mark.kind == SpeechMark::Kind::kSentenceStart) {
        EXPECT_GE(mark.byte, chunk.offset);
        // Its first byte is in this chunk, unless the stream ended with no
        // audio for it.
        if (!state.drained) {
          EXPECT_LT(mark.byte, next);
        }
      } else {
        EXPECT_LE(mark.byte, next);
      }
    }
    result.audio += chunk.audio;
    for (SpeechMark& mark : chunk.marks) {
      result.marks.push_back(std::move(mark));
    }
    if (state.drained) {
      if (state.header.has_value()) result.header = *state.header;
      return result;
    }
  }
}

v1::SynthesizeRequest TextRequest() {
  v1::SynthesizeRequest request;
  request.set_text("Vi trives. Vi tager ansvar. Vi taler sammen.");
  request.set_voice("da");
  request.mutable_audio()->set_encoding(v1::LINEAR16);
  request.mutable_audio()->set_sample_rate_hz(16000);
  return request;
}

class SpeechStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok());
    stub_ = server_.NewStub();
  }

  // A stream whose on_ready counts in a new ready_ (the one before must
  // be gone).
  std::unique_ptr<SpeechStream> NewStream(size_t queue_limit_bytes = 1 << 20,
                                          absl::Duration timeout = kGuard,
                                          CallCanceller* canceller = nullptr) {
    ready_ = std::make_unique<ReadyCounter>();
    return std::make_unique<SpeechStream>(
        stub_.get(),
        SpeechStreamOptions{.queue_limit_bytes = queue_limit_bytes,
                            .call = {.timeout = timeout,
                                     .wait_for_server = absl::ZeroDuration(),
                                     .canceller = canceller},
                            .on_ready = ready_->callback()});
  }

  FakePolicyReader service_;
  InProcessServer server_{&service_};
  std::unique_ptr<v1::PolicyReader::Stub> stub_;
  std::unique_ptr<ReadyCounter> ready_;
};

// Small pieces (1 byte, odd sizes) put marks inside and at the edges of
// what is taken; one piece takes everything queued.
TEST_F(SpeechStreamTest, DeliversAudioAndMarksInOrderAndCompletes) {
  const SpeechScript script;
  service_.set_speech(script);
  const SpeechResult expected = script.Expected();
  for (const size_t piece : {size_t{1}, size_t{7}, size_t{64}, size_t{100},
                             std::numeric_limits<size_t>::max()}) {
    SCOPED_TRACE(piece);
    std::unique_ptr<SpeechStream> stream = NewStream();
    stream->Start(TextRequest());
    const SpeechResult result = Drain(*stream, piece);
    EXPECT_EQ(result.audio, expected.audio);
    EXPECT_EQ(result.marks, expected.marks);
    EXPECT_TRUE(MessageDifferencer::Equals(result.header, expected.header));
    const SpeechStream::State state = stream->state();
    EXPECT_TRUE(state.ended);
    EXPECT_TRUE(state.drained);
    EXPECT_TRUE(state.status.ok()) << state.status;
    EXPECT_TRUE(state.has_audio);
    EXPECT_TRUE(state.first_audio.has_value());
    EXPECT_EQ(state.queued_bytes, 0u);
  }
}

// The queue is what holds the server back: with a slow consumer the server
// never gets further ahead of it than the queue, one message the stream
// thread holds, and what gRPC buffers (its window, 64 KiB by ChannelOptions,
// and its transport on both sides: about 130 KiB measured). A stream thread
// that read on regardless would let the whole 2 MB run ahead. And no byte is
// lost on the way.
TEST_F(SpeechStreamTest, BoundedQueueHoldsTheServerBackAndLosesNothing) {
  constexpr size_t kLimit = 16 << 10;
  SpeechScript script;
  script.sentences = 1;
  script.chunks_per_sentence = 2000;
  script.chunk_bytes = 1000;  // 2 MB in all: far beyond any buffer.
  service_.set_speech(script);
  constexpr uint64_t kGrpcBuffers = 256 << 10;
  constexpr uint64_t kMaxLead = kLimit + 1000 + kGrpcBuffers;
  std::unique_ptr<SpeechStream> stream = NewStream(kLimit);
  stream->Start(TextRequest());

  // Nobody takes anything until the queue is full...
  ASSERT_TRUE(ready_->WaitUntil(
      [&] { return stream->state().queued_bytes >= kLimit; }));
  // ...which stops filling at the limit: one message may go past it.
  EXPECT_LT(stream->state().queued_bytes, kLimit + script.chunk_bytes);
  EXPECT_LE(service_.audio_bytes_written(), kMaxLead);

  // Then a consumer takes it all, 4 KiB at a time.
  std::string audio;
  while (!stream->state().drained) {
    const absl::Time deadline = absl::Now() + kGuard;
    stream->WaitForData(deadline);
    ASSERT_LT(absl::Now(), deadline) << "stalled after " << audio.size();
    audio += stream->Take(4096).audio;
    EXPECT_LT(stream->state().queued_bytes, kLimit + script.chunk_bytes);
    EXPECT_LE(service_.audio_bytes_written() - audio.size(), kMaxLead)
        << "the server ran ahead of the consumer";
  }
  EXPECT_TRUE(stream->state().status.ok()) << stream->state().status;
  EXPECT_EQ(audio, script.Expected().audio);
}

TEST_F(SpeechStreamTest, RestartAtStartsFromThatSentenceWithTheSameRequest) {
  SpeechScript script;
  script.sentences = 4;
  service_.set_speech(script);
  std::unique_ptr<SpeechStream> stream = NewStream();
  const v1::SynthesizeRequest request = TextRequest();
  stream->Start(request);
  // The first call must have reached the server before it is restarted.
  ASSERT_TRUE(service_.WaitForCallsEntered(1));

  stream->RestartAt(2);
  const SpeechResult result = Drain(*stream);
  // What the first stream had queued is gone; the new one counts its bytes
  // from 0.
  EXPECT_EQ(result.audio, script.Expected(2).audio);
  EXPECT_EQ(result.marks, script.Expected(2).marks);
  EXPECT_TRUE(stream->state().status.ok()) << stream->state().status;
  const std::vector<v1::SynthesizeRequest> requests =
      service_.synthesize_requests();
  ASSERT_EQ(requests.size(), 2u);
  v1::SynthesizeRequest restarted = request;
  restarted.set_start_sentence(2);
  EXPECT_TRUE(MessageDifferencer::Equals(requests[0], request));
  EXPECT_TRUE(MessageDifferencer::Equals(requests[1], restarted));
}

// Cancel() from the owner: the call ends at once whether the stream thread
// waits for the server or for room in the queue.
TEST_F(SpeechStreamTest, CancelEndsPromptlyWithCancelledAndKeepsTheQueue) {
  const struct {
    const char* name;
    size_t queue_limit;
    int hold_after_messages;  // -1: the queue fills first.
  } kCases[] = {
      // Header, start, word, first audio chunk; then the server holds.
      {"server holds", 1 << 20, 4},
      {"queue full", 100, -1},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    const auto never = std::make_shared<Gate>();
    SpeechScript script;
    script.chunk_bytes = 100;
    script.hold_after_messages = c.hold_after_messages;
    script.hold = never;
    service_.set_speech(script);
    std::unique_ptr<SpeechStream> stream = NewStream(c.queue_limit);
    stream->Start(TextRequest());
    ASSERT_TRUE(
        ready_->WaitUntil([&] { return stream->state().queued_bytes == 100; }));

    const absl::Time started = absl::Now();
    stream->Cancel();
    EXPECT_LT(absl::Now() - started, kGuard);
    const SpeechStream::State state = stream->state();
    EXPECT_TRUE(state.ended);
    EXPECT_EQ(state.status.code(), absl::StatusCode::kCancelled)
        << state.status;
    // What was queued stays for the owner to take.
    const SpeechStream::Chunk chunk = stream->Take();
    EXPECT_EQ(chunk.audio, AudioBytes(0, 0, 100));
    EXPECT_TRUE(stream->state().drained);
  }
}

// The call's status is the stream's final status; audio that came before
// an error is kept, and so are its marks.
TEST_F(SpeechStreamTest, ServerErrorOrDeadlineIsTheFinalStatus) {
  const struct {
    const char* name;
    int fail_after_messages;
    int hold_after_messages;
    absl::Duration timeout;
    absl::StatusCode code;
    std::string message;
    int chunks_kept;
  } kCases[] = {
      // Header, start, word, first chunk: then the engine breaks.
      {"mid-stream", 4, -1, kGuard, absl::StatusCode::kInternal,
       "Motoren gik ned", 1},
      {"at once", 0, -1, kGuard, absl::StatusCode::kInternal, "Motoren gik ned",
       0},
      // Held before the header, so a slow machine keeps no less.
      {"deadline", -1, 0, absl::Milliseconds(300),
       absl::StatusCode::kDeadlineExceeded, "Deadline Exceeded", 0},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    const auto never = std::make_shared<Gate>();
    SpeechScript script;
    script.fail_after_messages = c.fail_after_messages;
    script.fail_with =
        grpc::Status(grpc::StatusCode::INTERNAL, "Motoren gik ned");
    script.hold_after_messages = c.hold_after_messages;
    script.hold = never;
    service_.set_speech(script);
    std::unique_ptr<SpeechStream> stream = NewStream(1 << 20, c.timeout);
    stream->Start(TextRequest());
    const SpeechResult result = Drain(*stream);
    const SpeechStream::State state = stream->state();
    EXPECT_EQ(state.status.code(), c.code) << state.status;
    EXPECT_EQ(state.status.message(), c.message);
    std::string kept;
    for (int i = 0; i < c.chunks_kept; ++i) kept += AudioBytes(0, i, 64);
    EXPECT_EQ(result.audio, kept);
    // The start of the sentence cut off comes too, once the stream ended.
    const std::vector<SpeechMark> marks =
        c.chunks_kept > 0 ? std::vector<SpeechMark>{script.Expected().marks[0]}
                          : std::vector<SpeechMark>{};
    EXPECT_EQ(result.marks, marks);
  }
}

// A start mark alone is nothing to take (Take gives a start once its first
// byte is taken): WaitForData must not return for it, or every consumer
// loop of WaitForData and Take spins until the audio comes.
TEST_F(SpeechStreamTest, WaitForDataWakesOnAudioNotOnAStartMarkAlone) {
  const auto audio = std::make_shared<Gate>();
  SpeechScript script;
  script.hold_after_messages = 3;  // Header, start, word: then audio.
  script.hold = audio;
  service_.set_speech(script);
  std::unique_ptr<SpeechStream> stream = NewStream();
  stream->Start(TextRequest());
  ASSERT_TRUE(ready_->WaitFor(3));  // The start mark is queued.

  const absl::Time deadline = absl::Now() + absl::Milliseconds(200);
  stream->WaitForData(deadline);
  EXPECT_GE(absl::Now(), deadline) << "woke with nothing to take";
  SpeechStream::Chunk chunk = stream->Take();
  EXPECT_TRUE(chunk.audio.empty());
  EXPECT_TRUE(chunk.marks.empty());

  // The audio wakes it; the start mark comes with its first byte.
  std::jthread server([&] { audio->Open(); });
  const absl::Time guard = absl::Now() + kGuard;
  stream->WaitForData(guard);
  ASSERT_LT(absl::Now(), guard);
  chunk = stream->Take();
  EXPECT_EQ(chunk.offset, 0u);
  EXPECT_EQ(chunk.audio.substr(0, 64), AudioBytes(0, 0, 64));
  ASSERT_FALSE(chunk.marks.empty());
  EXPECT_EQ(chunk.marks[0], script.Expected().marks[0]);
}

TEST_F(SpeechStreamTest, WaitForDataWakesWhenTheStreamEnds) {
  const struct {
    const char* name;
    int fail_after_messages;
    absl::StatusCode code;
  } kCases[] = {
      {"finished", -1, absl::StatusCode::kOk},
      {"failed", 1, absl::StatusCode::kUnavailable},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    const auto end = std::make_shared<Gate>();
    SpeechScript script;
    script.sentences = 0;  // Only the header: nothing to take, ever.
    script.hold_after_messages = 1;
    script.hold = end;
    script.fail_after_messages = c.fail_after_messages;
    script.fail_with = grpc::Status(grpc::StatusCode::UNAVAILABLE, "Væk");
    service_.set_speech(script);
    std::unique_ptr<SpeechStream> stream = NewStream();
    stream->Start(TextRequest());
    ASSERT_TRUE(ready_->WaitFor(1));  // The header is in.

    std::jthread server([&] { end->Open(); });
    const absl::Time guard = absl::Now() + kGuard;
    stream->WaitForData(guard);
    EXPECT_LT(absl::Now(), guard);
    const SpeechStream::State state = stream->state();
    EXPECT_TRUE(state.ended);
    EXPECT_TRUE(state.drained);
    EXPECT_EQ(state.status.code(), c.code) << state.status;
  }
}

// A canceller (Ctrl-C, a gateway shutting down) on another thread wakes an
// owner waiting for data.
TEST_F(SpeechStreamTest, WaitForDataWakesWhenACancellerCancels) {
  const auto never = std::make_shared<Gate>();
  SpeechScript script;
  script.hold_after_messages = 1;
  script.hold = never;
  service_.set_speech(script);
  CallCanceller canceller;
  std::unique_ptr<SpeechStream> stream =
      NewStream(1 << 20, absl::Hours(1), &canceller);
  stream->Start(TextRequest());
  ASSERT_TRUE(ready_->WaitFor(1));

  std::jthread ctrl_c([&] { canceller.CancelAll(); });
  const absl::Time guard = absl::Now() + kGuard;
  stream->WaitForData(guard);
  EXPECT_LT(absl::Now(), guard);
  const SpeechStream::State state = stream->state();
  EXPECT_TRUE(state.ended);
  EXPECT_EQ(state.status.code(), absl::StatusCode::kCancelled) << state.status;
}

// A client that asked for raw audio at a rate cannot play anything else.
TEST_F(SpeechStreamTest, HeaderOtherThanAskedEndsTheStreamInternal) {
  const auto header = [](v1::AudioEncoding encoding, uint32_t rate,
                         uint32_t channels) {
    v1::StreamHeader h;
    h.set_encoding(encoding);
    h.set_sample_rate_hz(rate);
    h.set_channels(channels);
    return h;
  };
  const struct {
    const char* name;
    v1::AudioEncoding asked_encoding;
    uint32_t asked_rate;
    v1::StreamHeader sent;
    std::string error;  // Empty: accepted.
  } kCases[] = {
      {"other rate", v1::LINEAR16, 16000, header(v1::LINEAR16, 22050, 1),
       "Serveren sendte 22050 Hz LINEAR16 i 1 kanaler, men blev bedt om "
       "16000 Hz LINEAR16 mono"},
      {"other encoding", v1::ALAW, 8000, header(v1::MULAW, 8000, 1),
       "Serveren sendte 8000 Hz MULAW i 1 kanaler, men blev bedt om 8000 Hz "
       "ALAW mono"},
      {"stereo", v1::LINEAR16, 16000, header(v1::LINEAR16, 16000, 2),
       "Serveren sendte 16000 Hz LINEAR16 i 2 kanaler, men blev bedt om "
       "16000 Hz LINEAR16 mono"},
      // Unspecified means LINEAR16, on either side.
      {"unspecified asked", v1::AUDIO_ENCODING_UNSPECIFIED, 16000,
       header(v1::LINEAR16, 16000, 1), ""},
      {"unspecified sent", v1::LINEAR16, 16000,
       header(v1::AUDIO_ENCODING_UNSPECIFIED, 16000, 0), ""},
      // No rate asked: the client takes the server's.
      {"no rate asked", v1::LINEAR16, 0, header(v1::LINEAR16, 22050, 1), ""},
      // Compressed files say their own format.
      {"compressed", v1::OGG_OPUS, 24000, header(v1::OGG_OPUS, 48000, 1), ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    SpeechScript script;
    script.header = c.sent;
    service_.set_speech(script);
    v1::SynthesizeRequest request = TextRequest();
    request.mutable_audio()->set_encoding(c.asked_encoding);
    request.mutable_audio()->set_sample_rate_hz(c.asked_rate);
    std::unique_ptr<SpeechStream> stream = NewStream();
    stream->Start(request);
    const SpeechResult result = Drain(*stream);
    const SpeechStream::State state = stream->state();
    // The header is there either way, for the message a client shows.
    EXPECT_TRUE(MessageDifferencer::Equals(result.header, c.sent));
    if (c.error.empty()) {
      EXPECT_TRUE(state.status.ok()) << state.status;
      EXPECT_EQ(result.audio, script.Expected().audio);
    } else {
      EXPECT_EQ(state.status, absl::InternalError(c.error));
      // Nothing after the header is queued.
      EXPECT_TRUE(result.audio.empty());
      EXPECT_TRUE(result.marks.empty());
    }
  }
}

TEST_F(SpeechStreamTest, SynthesizeAllCollectsEverything) {
  SpeechScript script;
  script.chunks_per_sentence = 5;
  service_.set_speech(script);
  const absl::StatusOr<SpeechResult> result =
      SynthesizeAll(stub_.get(), TextRequest(), {});
  ASSERT_TRUE(result.ok()) << result.status();
  const SpeechResult expected = script.Expected();
  EXPECT_TRUE(MessageDifferencer::Equals(result->header, expected.header));
  EXPECT_EQ(result->audio, expected.audio);
  EXPECT_EQ(result->marks, expected.marks);
}

// Asked for, each word mark comes after its sentence's start, before its
// audio.
TEST_F(SpeechStreamTest, WordMarksOnlyWhenAskedFor) {
  SpeechScript script;
  service_.set_speech(script);
  v1::SynthesizeRequest request = TextRequest();
  request.set_enable_word_marks(true);
  const absl::StatusOr<SpeechResult> result =
      SynthesizeAll(stub_.get(), request, {});
  ASSERT_TRUE(result.ok()) << result.status();
  std::vector<SpeechMark> expected;
  for (const SpeechMark& mark : script.Expected().marks) {
    expected.push_back(mark);
    if (mark.kind != SpeechMark::Kind::kSentenceStart) continue;
    expected.push_back({.kind = SpeechMark::Kind::kWord,
                        .sentence = mark.sentence,
                        .byte = mark.byte,
                        .spoken_begin = 0,
                        .spoken_end = 8,
                        .audio_offset_ms = 5 + mark.sentence});
  }
  EXPECT_EQ(result->marks, expected);
}

TEST_F(SpeechStreamTest, SynthesizeAllReturnsTheStreamsError) {
  SpeechScript script;
  script.fail_after_messages = 6;
  script.fail_with =
      grpc::Status(grpc::StatusCode::NOT_FOUND, "Stemmen findes ikke");
  service_.set_speech(script);
  const absl::Status failed =
      SynthesizeAll(stub_.get(), TextRequest(), {}).status();
  EXPECT_EQ(failed.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(failed.message(), "Stemmen findes ikke");
  EXPECT_TRUE(IsFromGrpc(failed));

  // A canceller that has cancelled stops it before the server sees it.
  CallCanceller canceller;
  canceller.CancelAll();
  EXPECT_EQ(SynthesizeAll(stub_.get(), TextRequest(),
                          {.timeout = kGuard,
                           .wait_for_server = absl::ZeroDuration(),
                           .canceller = &canceller})
                .status()
                .code(),
            absl::StatusCode::kCancelled);
  EXPECT_EQ(service_.calls_entered(), 1);
}

}  // namespace
}  // namespace policyreader::rpc
