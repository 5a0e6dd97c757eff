// Phone calls end to end: a test-side AudioSocket peer (standing in for
// Asterisk) against a real server with real synthesis workers, checking the
// framing, the real-time pacing, that the audio is speech, the keypad, the
// ways a call ends, and that nothing a peer sends takes the server down.
// Key latencies and pacing figures are printed for BENCHMARKS.md.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "service/telephony/audiosocket_codec.h"
#include "tests/integration/test_server.h"

namespace policyreader::testing {
namespace {

using telephony::CallEvent;

constexpr char kDocUuidPrefix[] = "3f1b7c2e-8a4d-4e6f-9b0a-1c2d3e4f5a";
constexpr char kMessageUuid[] = "c0ffee00-0000-4000-8000-000000000001";
constexpr char kUnknownUuid[] = "deadbeef-0000-4000-8000-0000000000ff";
// Short enough for a quick test, long enough (about 5 s) to measure pacing.
constexpr char kMessageText[] =
    "Velkommen til kommunens politikker. Her kan du høre, hvordan vi "
    "arbejder med trivsel og arbejdsmiljø.";
constexpr absl::Duration kFrame = absl::Milliseconds(20);

// A fresh UUID mapped to the sample policy for each test that needs one.
std::string DocUuid(int n) { return absl::StrCat(kDocUuidPrefix, 10 + n); }

// Everything the server reports, for assertions.
class EventLog {
 public:
  void Add(const CallEvent& event) {
    fprintf(stderr, "  [server] %s\n", event.line.c_str());
    absl::MutexLock lock(&mu_);
    events_.push_back(event);
  }
  // The first event of `uuid` after `from` (an index) matching `match`.
  std::optional<CallEvent> WaitFor(
      const std::string& uuid,
      const std::function<bool(const CallEvent&)>& match, size_t from = 0,
      absl::Duration timeout = absl::Seconds(20)) {
    absl::MutexLock lock(&mu_);
    std::optional<CallEvent> found;
    auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      for (size_t i = from; i < events_.size(); ++i) {
        if (events_[i].uuid == uuid && match(events_[i])) {
          found = events_[i];
          return true;
        }
      }
      return false;
    };
    mu_.AwaitWithTimeout(absl::Condition(&ready), timeout);
    return found;
  }
  size_t size() {
    absl::MutexLock lock(&mu_);
    return events_.size();
  }

 private:
  absl::Mutex mu_;
  std::vector<CallEvent> events_ ABSL_GUARDED_BY(mu_);
};

// The Asterisk side of a call: connects, sends, and reads everything the
// server sends on a thread of its own, stamping arrival times.
class FakeAsterisk {
 public:
  struct Received {
    uint8_t type;
    std::string payload;
    absl::Time at;
  };

  explicit FakeAsterisk(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address),
                         sizeof(address)) == 0;
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    reader_ = std::thread([this] { Read(); });
  }
  ~FakeAsterisk() {
    shutdown(fd_, SHUT_RDWR);
    reader_.join();
    close(fd_);
  }
  bool connected() const { return connected_; }

  void Send(const std::string& bytes) {
    (void)!send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
  void SendUuid(const std::string& uuid) {
    Send(telephony::EncodeMessage(telephony::kTypeUuid,
                                  *telephony::UuidFromString(uuid)));
  }
  void SendKey(char digit) {
    Send(telephony::EncodeMessage(telephony::kTypeDtmf, std::string(1, digit)));
  }
  void CloseAbruptly() { shutdown(fd_, SHUT_RDWR); }

  // Waits until the server has closed the connection.
  bool WaitForClose(absl::Duration timeout = absl::Seconds(20)) {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&closed_), timeout);
  }
  // Waits until at least `n` audio frames have arrived.
  bool WaitForFrames(size_t n, absl::Duration timeout = absl::Seconds(20)) {
    absl::MutexLock lock(&mu_);
    auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return closed_ || audio_frames_ >= n;
    };
    mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
    return audio_frames_ >= n;
  }
  std::vector<Received> received() {
    absl::MutexLock lock(&mu_);
    return received_;
  }
  size_t audio_frames() {
    absl::MutexLock lock(&mu_);
    return audio_frames_;
  }
  std::string decode_error() {
    absl::MutexLock lock(&mu_);
    return decode_error_;
  }

 private:
  void Read() {
    telephony::MessageDecoder decoder(65535);
    char buffer[8192];
    while (true) {
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      const absl::Time at = absl::Now();
      if (n <= 0) break;
      std::vector<telephony::Message> messages;
      const absl::Status status = decoder.Feed(
          std::string_view(buffer, static_cast<size_t>(n)), &messages);
      absl::MutexLock lock(&mu_);
      if (!status.ok()) decode_error_ = std::string(status.message());
      for (telephony::Message& message : messages) {
        if (message.type == telephony::kTypeAudio) ++audio_frames_;
        received_.push_back({message.type, std::move(message.payload), at});
      }
    }
    absl::MutexLock lock(&mu_);
    closed_ = true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::thread reader_;
  absl::Mutex mu_;
  std::vector<Received> received_ ABSL_GUARDED_BY(mu_);
  size_t audio_frames_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  std::string decode_error_ ABSL_GUARDED_BY(mu_);
};

double Rms(const std::vector<FakeAsterisk::Received>& messages) {
  double sum = 0;
  size_t samples = 0;
  for (const auto& m : messages) {
    if (m.type != telephony::kTypeAudio) continue;
    for (size_t i = 0; i + 1 < m.payload.size(); i += 2) {
      const int16_t s =
          static_cast<int16_t>(static_cast<uint8_t>(m.payload[i]) |
                               (static_cast<uint8_t>(m.payload[i + 1]) << 8));
      sum += static_cast<double>(s) * s;
      ++samples;
    }
  }
  return samples == 0 ? 0 : std::sqrt(sum / samples);
}

bool WaitForIdlePool(synth::WorkerPool& pool) {
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    if (pool.stats().jobs_active == 0) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return false;
}

std::string WriteCallsFile() {
  std::string contents = "# written by audiosocket_test\n";
  for (int i = 0; i < 20; ++i) {
    absl::StrAppend(&contents, DocUuid(i), "\tdocument\ttrivselspolitik\n");
  }
  absl::StrAppend(&contents, kMessageUuid, "\tmessage\t", kMessageText, "\n");
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/audiosocket_calls.tsv");
  std::ofstream(path) << contents;
  return path;
}

server::ServerOptions TelephonyTestOptions(EventLog* log) {
  server::ServerOptions options = DefaultTestOptions();
  options.telephony.listen_address = "127.0.0.1:0";
  options.telephony.calls_file = WriteCallsFile();
  options.telephony.on_event = [log](const CallEvent& event) {
    log->Add(event);
  };
  return options;
}

class AudioSocketTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    log_ = new EventLog();
    server_ = new TestServer(TelephonyTestOptions(log_));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete log_;
  }
  int port() { return server_->server().audiosocket_port(); }

  static EventLog* log_;
  static TestServer* server_;
};
EventLog* AudioSocketTest::log_ = nullptr;
TestServer* AudioSocketTest::server_ = nullptr;

auto Is(CallEvent::Kind kind) {
  return [kind](const CallEvent& e) { return e.kind == kind; };
}

TEST_F(AudioSocketTest, ListenerReportsItsPort) {
  EXPECT_GT(port(), 0);
  EXPECT_NE(port(), server_->server().port());
}

TEST_F(AudioSocketTest, MessageIsFramedPacedSpeechThenHangup) {
  FakeAsterisk call(port());
  ASSERT_TRUE(call.connected());
  call.SendUuid(kMessageUuid);
  ASSERT_TRUE(call.WaitForClose(absl::Seconds(60)));
  const std::vector<FakeAsterisk::Received> received = call.received();
  EXPECT_EQ(call.decode_error(), "");
  ASSERT_GE(received.size(), 50u);
  // Framing: audio only, each exactly 20 ms, and a hangup to end.
  for (size_t i = 0; i + 1 < received.size(); ++i) {
    ASSERT_EQ(received[i].type, telephony::kTypeAudio) << "message " << i;
    ASSERT_EQ(received[i].payload.size(), 320u) << "message " << i;
  }
  EXPECT_EQ(received.back().type, telephony::kTypeHangup);
  EXPECT_TRUE(received.back().payload.empty());

  // Speech, not silence: telephone speech is some thousands RMS.
  const double rms = Rms(received);
  EXPECT_GT(rms, 500) << "RMS " << rms;

  // Pacing: after the initial lead, frame i arrives at start + i * 20 ms.
  const size_t frames = received.size() - 1;
  const size_t lead = 2;  // TelephonyOptions::lead_frames
  const size_t first = lead;
  const absl::Time start = received[first].at;
  const double span_ms =
      absl::ToDoubleMilliseconds(received[frames - 1].at - start);
  const double mean_ms = span_ms / static_cast<double>(frames - 1 - first);
  double worst_ms = 0;
  for (size_t i = first; i < frames; ++i) {
    const double expected = static_cast<double>(i - first) * 20.0;
    const double off =
        absl::ToDoubleMilliseconds(received[i].at - start) - expected;
    worst_ms = std::max(worst_ms, std::abs(off));
  }
  // No drift: the two halves keep the same rate.
  const size_t middle = (first + frames - 1) / 2;
  const double first_half_ms =
      absl::ToDoubleMilliseconds(received[middle].at - start) /
      static_cast<double>(middle - first);
  const double second_half_ms =
      absl::ToDoubleMilliseconds(received[frames - 1].at -
                                 received[middle].at) /
      static_cast<double>(frames - 1 - middle);
  printf(
      "pacing: %zu frames (%.2f s of audio) over %.1f ms: mean interval %.3f "
      "ms (halves %.3f / %.3f), worst offset from the 20 ms grid %.1f ms, "
      "RMS %.0f\n",
      frames, frames * 0.02, span_ms, mean_ms, first_half_ms, second_half_ms,
      worst_ms, rms);
  EXPECT_NEAR(mean_ms, 20.0, 0.2);
  EXPECT_NEAR(first_half_ms, 20.0, 0.4);
  EXPECT_NEAR(second_half_ms, 20.0, 0.4);
  // Per-frame jitter is the machine's (CI load); the grid is ours.
  EXPECT_LT(worst_ms, 150);
  EXPECT_TRUE(log_->WaitFor("c0ffee00-0000-4000-8000-000000000001",
                            [](const CallEvent& e) {
                              return e.kind == CallEvent::Kind::kEnded &&
                                     e.reason == "end of text";
                            })
                  .has_value());
}

TEST_F(AudioSocketTest, KeysMoveThePositionWithin200Ms) {
  v1::Document document;
  {
    grpc::ClientContext context;
    v1::GetDocumentRequest request;
    request.set_document_id("trivselspolitik");
    ASSERT_TRUE(server_->stub().GetDocument(&context, request, &document).ok());
  }
  ASSERT_GE(document.sections_size(), 2);
  const std::string uuid = DocUuid(1);
  FakeAsterisk call(port());
  call.SendUuid(uuid);
  // The caller's own audio is ignored.
  call.Send(
      telephony::EncodeMessage(telephony::kTypeAudio, std::string(320, '\0')));
  ASSERT_TRUE(log_->WaitFor(uuid,
                            [](const CallEvent& e) {
                              return e.kind == CallEvent::Kind::kSentence &&
                                     e.sentence == 0;
                            })
                  .has_value());
  ASSERT_TRUE(call.WaitForFrames(10));

  std::vector<double> latencies;
  size_t current = 0;
  auto press = [&](char key, size_t expected) {
    const size_t from = log_->size();
    call.SendKey(key);
    std::optional<CallEvent> moved = log_->WaitFor(
        uuid,
        [key](const CallEvent& e) {
          return e.kind == CallEvent::Kind::kKey && e.key == key &&
                 e.latency_ms >= 0;
        },
        from);
    ASSERT_TRUE(moved.has_value()) << "key " << key;
    EXPECT_EQ(moved->sentence, expected) << "key " << key;
    latencies.push_back(moved->latency_ms);
    current = moved->sentence;
    // Let some of the new position be heard.
    const size_t frames = call.audio_frames();
    ASSERT_TRUE(call.WaitForFrames(frames + 10));
  };
  press('6', 1);
  size_t next_section = 0;
  for (const v1::Section& section : document.sections()) {
    if (section.first_sentence() > current) {
      next_section = section.first_sentence();
      break;
    }
  }
  ASSERT_GT(next_section, current);
  press('3', next_section);
  press('6', next_section + 1);
  press('1', next_section);  // Back to the section's heading.
  press('4', next_section - 1);
  press('0', next_section - 1);
  press('3', next_section);

  const size_t from = log_->size();
  call.SendKey('#');
  ASSERT_TRUE(call.WaitForClose());
  const std::vector<FakeAsterisk::Received> received = call.received();
  ASSERT_FALSE(received.empty());
  EXPECT_EQ(received.back().type, telephony::kTypeHangup);
  for (size_t i = 0; i + 1 < received.size(); ++i) {
    ASSERT_EQ(received[i].payload.size(), 320u);
  }
  std::optional<CallEvent> ended =
      log_->WaitFor(uuid, Is(CallEvent::Kind::kEnded), from);
  ASSERT_TRUE(ended.has_value());
  EXPECT_EQ(ended->reason, "the caller pressed #");
  EXPECT_EQ(ended->key_latencies_ms, latencies);

  std::vector<double> sorted = latencies;
  std::sort(sorted.begin(), sorted.end());
  printf(
      "key latency (DTMF in -> first frame of the new sentence out), ms: "
      "%s; median %.0f, max %.0f\n",
      absl::StrJoin(latencies, ", ",
                    [](std::string* out, double ms) {
                      absl::StrAppend(out, static_cast<int>(ms + 0.5));
                    })
          .c_str(),
      sorted[sorted.size() / 2], sorted.back());
  EXPECT_LT(sorted[sorted.size() / 2], 200);
  // A single key may wait on a busy machine, but not for long.
  EXPECT_LT(sorted.back(), 1000);
}

TEST_F(AudioSocketTest, PauseSendsNothingAndHoldsTheServer) {
  const std::string uuid = DocUuid(2);
  FakeAsterisk call(port());
  call.SendUuid(uuid);
  ASSERT_TRUE(call.WaitForFrames(10));
  call.SendKey('5');
  ASSERT_TRUE(log_->WaitFor(uuid,
                            [](const CallEvent& e) {
                              return e.kind == CallEvent::Kind::kKey &&
                                     e.key == '5';
                            })
                  .has_value());
  // The queue fills (2 s), the stream is no longer read, the pool idles.
  ASSERT_TRUE(WaitForIdlePool(server_->server().pool()));
  const size_t paused_at = call.audio_frames();
  absl::SleepFor(absl::Milliseconds(300));  // Observing silence, not waiting.
  EXPECT_LE(call.audio_frames(), paused_at + 1);
  call.SendKey('5');
  EXPECT_TRUE(call.WaitForFrames(paused_at + 20));
  call.SendKey('#');
  EXPECT_TRUE(call.WaitForClose());
}

TEST_F(AudioSocketTest, CallerHangupStopsSynthesis) {
  for (const bool abrupt : {false, true}) {
    SCOPED_TRACE(abrupt ? "socket closed" : "hangup message");
    const std::string uuid = DocUuid(abrupt ? 4 : 3);
    FakeAsterisk call(port());
    call.SendUuid(uuid);
    ASSERT_TRUE(call.WaitForFrames(5));
    const size_t from = log_->size();
    if (abrupt) {
      call.CloseAbruptly();
    } else {
      call.Send(telephony::EncodeHangup());
    }
    std::optional<CallEvent> ended = log_->WaitFor(
        uuid, Is(CallEvent::Kind::kEnded), from, absl::Seconds(5));
    ASSERT_TRUE(ended.has_value());
    EXPECT_EQ(ended->reason, abrupt ? "the caller closed the connection"
                                    : "the caller hung up");
    if (!abrupt) EXPECT_TRUE(call.WaitForClose(absl::Seconds(5)));
    EXPECT_TRUE(WaitForIdlePool(server_->server().pool()));
  }
}

TEST_F(AudioSocketTest, UnknownUuidHearsWhyThenHangup) {
  FakeAsterisk call(port());
  call.SendUuid(kUnknownUuid);
  ASSERT_TRUE(call.WaitForClose(absl::Seconds(30)));
  const std::vector<FakeAsterisk::Received> received = call.received();
  ASSERT_GT(received.size(), 25u);  // "Beklager, ..." is over half a second.
  EXPECT_EQ(received.back().type, telephony::kTypeHangup);
  EXPECT_GT(Rms(received), 500);
  std::optional<CallEvent> started =
      log_->WaitFor(kUnknownUuid, Is(CallEvent::Kind::kStarted));
  ASSERT_TRUE(started.has_value());
  EXPECT_NE(started->line.find("not in the calls file"), std::string::npos);
}

TEST_F(AudioSocketTest, GarbageIsClosedAndTheServerServesOn) {
  const std::vector<std::string> garbage = {
      "GET / HTTP/1.1\r\nHost: x\r\n\r\n",  // Type 'G', length 17748.
      std::string("\x10\x01\x40", 3) + std::string(320, 'a'),  // No UUID.
      telephony::EncodeMessage(telephony::kTypeUuid, "short"),
      telephony::EncodeMessage(telephony::kTypeUuid,
                               *telephony::UuidFromString(kUnknownUuid)) +
          std::string("\x10\xff\xff", 3),  // Oversize after the UUID.
  };
  for (const std::string& bytes : garbage) {
    FakeAsterisk peer(port());
    peer.Send(bytes);
    EXPECT_TRUE(peer.WaitForClose(absl::Seconds(10)));
  }
  {
    // Connected and silent, then gone.
    FakeAsterisk peer(port());
    ASSERT_TRUE(peer.connected());
  }
  // Still serving: a call is read, and gRPC answers.
  FakeAsterisk call(port());
  call.SendUuid(DocUuid(5));
  EXPECT_TRUE(call.WaitForFrames(10));
  call.SendKey('#');
  EXPECT_TRUE(call.WaitForClose());
  grpc::ClientContext context;
  v1::ListVoicesResponse voices;
  EXPECT_TRUE(server_->stub()
                  .ListVoices(&context, v1::ListVoicesRequest(), &voices)
                  .ok());
}

TEST(AudioSocketServerTest, ShutdownHangsUpCallsPromptly) {
  EventLog log;
  TestServer server(TelephonyTestOptions(&log));
  FakeAsterisk call(server.server().audiosocket_port());
  call.SendUuid(DocUuid(6));
  ASSERT_TRUE(call.WaitForFrames(10));
  const absl::Time start = absl::Now();
  server.server().Shutdown(absl::Seconds(10));
  ASSERT_TRUE(call.WaitForClose(absl::Seconds(5)));
  const std::vector<FakeAsterisk::Received> received = call.received();
  EXPECT_EQ(received.back().type, telephony::kTypeHangup);
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  server.server().Wait();
}

TEST(AudioSocketServerTest, StartFailsOnATakenPortOrAMalformedCallsFile) {
  EventLog log;
  TestServer first(TelephonyTestOptions(&log));
  server::ServerOptions options = TelephonyTestOptions(&log);
  options.telephony.listen_address =
      absl::StrCat("127.0.0.1:", first.server().audiosocket_port());
  absl::StatusOr<std::unique_ptr<server::Server>> second =
      server::Server::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("cannot listen for AudioSocket"),
            std::string::npos)
      << second.status();

  const std::string bad = absl::StrCat(::testing::TempDir(), "/bad_calls.tsv");
  std::ofstream(bad) << "# fine\nnot-a-uuid\tdocument\tx\n";
  options = TelephonyTestOptions(&log);
  options.telephony.calls_file = bad;
  absl::StatusOr<std::unique_ptr<server::Server>> third =
      server::Server::Start(options);
  ASSERT_FALSE(third.ok());
  EXPECT_NE(third.status().message().find(absl::StrCat(bad, ":2: ")),
            std::string::npos)
      << third.status();
}

}  // namespace
}  // namespace policyreader::testing
