// Behind a load balancer, nothing a listener notices: Debian's nginx runs
// deploy/nginx/policy-reader.conf as shipped in front of two real
// policy-reader-server processes (real eSpeak NG workers, loopback ports),
// and the real player (in a pseudo-terminal, playing in real time into an
// ALSA file sink), gRPC clients and an HTTP client use it.
//
// Time: each test starts its own two servers and nginx (about a second).
// The paused listener pauses for 2 minutes, as asked of the deployment. A
// player learns of a lost instance only once what nginx and the kernel had
// buffered of its stream has played (40 to 100 s measured, at most 240 s
// allowed), so the two tests that take an instance from a player take that
// long. The others take seconds. All five: about 5.5 minutes on 2 cores,
// at most about 12.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "tests/client/player/alsa_file_sink.h"
#include "tests/deploy/nginx/processes.h"
#include "tests/integration/player_lines.h"
#include "tests/integration/pty_process.h"

namespace policyreader::testing {
namespace {

// 31 minutes of speech: far more than nginx and the kernel buffer of a
// stream (some MB), so a stream is still open at the instance when a test
// acts on it.
constexpr char kDocument[] = "naestved-politikker-og-strategier";
constexpr absl::Duration kStartTimeout = absl::Seconds(30);
constexpr absl::Duration kLineTimeout = absl::Seconds(20);
// What nginx and the kernel hold of a stream plays this long at most: up to
// some 10 MB of socket buffers (tcp_rmem and tcp_wmem maxima) at 44 KB/s.
// Measured: 40 to 100 s.
constexpr absl::Duration kBufferedAudioTimeout = absl::Seconds(240);

// Positions go on one sentence at a time (or repeat one that was cut off
// and read again whole): never back to the top, never a skip.
void ExpectReadOnward(const std::vector<size_t>& positions) {
  for (size_t i = 1; i < positions.size(); ++i) {
    EXPECT_TRUE(positions[i] == positions[i - 1] ||
                positions[i] == positions[i - 1] + 1)
        << "position " << i << ": sentence " << positions[i] + 1
        << " after sentence " << positions[i - 1] + 1;
  }
}

std::string SummaryLine(const std::string& output) {
  const size_t at = output.find("underruns:");
  if (at == std::string::npos) return "";
  const size_t begin = output.rfind('\n', at);
  const size_t end = output.find('\n', at);
  return output.substr(
      begin == std::string::npos ? 0 : begin + 1,
      end == std::string::npos ? std::string::npos : end - begin - 1);
}

// Quits the player and checks what it printed: the sentences went on in
// order past sentence `last_before` (0-based), and the queued audio covered
// every switch (no underrun: nothing was heard missing).
void QuitAndExpectHeardOnward(PtyProcess& player, size_t last_before) {
  player.Press("q");
  EXPECT_EQ(player.Wait(kLineTimeout), 0) << player.Output();
  const std::vector<size_t> positions = Positions(player.Output());
  ExpectReadOnward(positions);
  ASSERT_FALSE(positions.empty()) << player.Output();
  EXPECT_GE(positions.back(), last_before + 1) << player.Output();
  const std::string summary = SummaryLine(player.Output());
  std::cout << "player: " << summary << "\n";
  EXPECT_NE(summary.find("underruns: 0"), std::string::npos) << summary;
}

v1::SynthesizeRequest TextRequest(const std::string& text) {
  v1::SynthesizeRequest request;
  request.set_text(text);
  request.mutable_audio()->set_encoding(v1::LINEAR16);
  return request;
}

class NginxTest : public ::testing::Test {
 protected:
  NginxTest() : sink_(AlsaFileSink::Pace::kRealTime, 44100) {}

  void SetUp() override {
    ASSERT_TRUE(sink_.ok());
    state_dir_ = std::filesystem::temp_directory_path() /
                 absl::StrCat("nginx_test_state_", getpid());
    std::filesystem::create_directories(state_dir_);
    setenv("XDG_STATE_HOME", state_dir_.c_str(), 1);
    for (int i = 0; i < 2; ++i) {
      servers_.push_back(
          std::make_unique<ServerProcess>(std::vector<std::string>{
              absl::StrCat("--grace_s=", GraceSeconds())}));
      const absl::Status started = servers_.back()->Start(kStartTimeout);
      ASSERT_TRUE(started.ok()) << started;
    }
    nginx_ = std::make_unique<NginxProcess>(std::vector<const ServerProcess*>{
        servers_[0].get(), servers_[1].get()});
    const absl::Status started = nginx_->Start(kStartTimeout);
    ASSERT_TRUE(started.ok()) << started;
    channel_ = grpc::CreateChannel(nginx_->grpc_address(),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::PolicyReader::NewStub(channel_);
  }

  void TearDown() override {
    if (HasFailure() && nginx_ != nullptr) {
      // Lines cut short: they quote whole request lines, texts and all.
      std::cout << "nginx error log:\n";
      std::istringstream log(nginx_->ErrorLog());
      std::string line;
      while (std::getline(log, line)) std::cout << line.substr(0, 400) << "\n";
    }
    nginx_.reset();
    servers_.clear();
    std::filesystem::remove_all(state_dir_);
  }

  // What a stream in flight at SIGTERM gets to finish.
  virtual int GraceSeconds() const { return 30; }

  std::unique_ptr<PtyProcess> Play() {
    return std::make_unique<PtyProcess>(std::vector<std::string>{
        CLIENT_BINARY, "play", "--server", nginx_->grpc_address(), "--doc",
        kDocument, "--from-start"});
  }

  // The one instance nginx has a call open to (the player's stream), once
  // there is exactly one; null after `timeout`.
  ServerProcess* Serving(absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    while (absl::Now() < deadline) {
      const int a = ConnectionsTo(servers_[0]->grpc_port());
      const int b = ConnectionsTo(servers_[1]->grpc_port());
      if (a + b == 1) return a == 1 ? servers_[0].get() : servers_[1].get();
      // Connections have no event to wait on: look again in 10 ms.
      usleep(10000);
    }
    return nullptr;
  }

  AlsaFileSink sink_;  // First: before anything starts ALSA.
  std::filesystem::path state_dir_;
  std::vector<std::unique_ptr<ServerProcess>> servers_;
  std::unique_ptr<NginxProcess> nginx_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PolicyReader::Stub> stub_;
};

TEST_F(NginxTest, PlayerGoesOnFromItsSentenceWhenItsInstanceIsKilled) {
  std::unique_ptr<PtyProcess> player = Play();
  ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 0u)
      << player->Output();
  ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 1u)
      << player->Output();
  ServerProcess* serving = Serving(kLineTimeout);
  ASSERT_NE(serving, nullptr) << "no single instance serves the player";
  ServerProcess* other =
      serving == servers_[0].get() ? servers_[1].get() : servers_[0].get();

  const absl::Time killed = absl::Now();
  serving->Signal(SIGKILL);
  // The listener first hears what is on its way: nginx reads ahead of the
  // player into its socket buffers (its gRPC window to an instance is
  // unlimited), 40 to 100 s of this 22 kHz PCM on loopback, so the player
  // learns of the loss only when that has played out.
  const std::optional<std::string> lost = player->WaitForLine(
      "Forbindelsen til serveren er tabt", kBufferedAudioTimeout);
  ASSERT_TRUE(lost.has_value()) << player->Output();
  const absl::Time noticed = absl::Now();
  std::cout << "player, " << absl::FormatDuration(noticed - killed)
            << " after SIGKILL: " << *lost << "\n";
  ASSERT_TRUE(player->WaitForLine("Forbindelsen er genoprettet", kLineTimeout))
      << player->Output();
  std::cout << "from the reset to audio from the other instance: "
            << absl::FormatDuration(absl::Now() - noticed) << "\n";
  EXPECT_GT(ConnectionsTo(other->grpc_port()), 0);
  // Two more sentences heard from the other instance.
  const std::vector<size_t> before = Positions(player->Output());
  ASSERT_FALSE(before.empty());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(player->WaitForLine("ætning ", kLineTimeout))
        << player->Output();
  }
  QuitAndExpectHeardOnward(*player, before.back());
}

TEST_F(NginxTest, ListenerPausedForTwoMinutesResumes) {
  std::unique_ptr<PtyProcess> player = Play();
  ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 0u)
      << player->Output();
  ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 1u)
      << player->Output();
  ServerProcess* serving = Serving(kLineTimeout);
  ASSERT_NE(serving, nullptr);
  player->Press(" ");
  ASSERT_TRUE(player->WaitForLine("Pause.", kLineTimeout)) << player->Output();
  // The listener's pause is what is tested, not a wait for readiness:
  // longer than nginx's default 60 s timeouts (grpc_read_timeout,
  // send_timeout), which would reset the stream.
  absl::SleepFor(absl::Minutes(2));
  // The stream was held open all along, through nginx, on one instance.
  EXPECT_EQ(ConnectionsTo(serving->grpc_port()), 1);
  player->Press(" ");
  ASSERT_TRUE(player->WaitForLine("Fortsætter.", kLineTimeout))
      << player->Output();
  ASSERT_TRUE(player->WaitForLine("ætning ", kLineTimeout)) << player->Output();
  player->Press("q");
  EXPECT_EQ(player->Wait(kLineTimeout), 0) << player->Output();
  const std::string output = player->Output();
  EXPECT_EQ(output.find("Forbindelsen til serveren er tabt"), std::string::npos)
      << output;
  const std::string summary = SummaryLine(output);
  ASSERT_FALSE(summary.empty()) << output;
  EXPECT_EQ(summary.find("forbundet igen"), std::string::npos) << summary;
  ExpectReadOnward(Positions(output));
}

TEST_F(NginxTest, RollingRestartFailsNoNewStream) {
  // Streams in flight: opened and held (only the header read), so they span
  // the drain; nginx spreads them over both instances.
  struct Held {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<v1::SynthesizeResponse>> reader;
    uint32_t sentences = 0;
  };
  std::vector<std::unique_ptr<Held>> held;
  for (int i = 0; i < 4; ++i) {
    auto stream = std::make_unique<Held>();
    v1::SynthesizeRequest request;
    request.set_document_id(kDocument);
    stream->reader = stub_->Synthesize(&stream->context, request);
    v1::SynthesizeResponse header;
    ASSERT_TRUE(stream->reader->Read(&header));
    ASSERT_TRUE(header.has_header());
    stream->sentences = header.header().sentence_count();
    held.push_back(std::move(stream));
  }
  ServerProcess& draining = *servers_[0];
  ASSERT_GT(ConnectionsTo(draining.grpc_port()), 0);

  draining.Signal(SIGTERM);
  // Until the instance has begun to drain (health NOT_SERVING, or no longer
  // listening), a new stream proves nothing.
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", draining.grpc_port()),
                          grpc::InsecureChannelCredentials()));
  const absl::Time deadline = absl::Now() + kLineTimeout;
  while (true) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(1));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = health->Check(&context, request, &response);
    if (!status.ok() ||
        response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
      break;
    }
    ASSERT_LT(absl::Now(), deadline) << "the instance does not drain";
    usleep(10000);  // Health has no event to wait on: ask again in 10 ms.
  }

  // New listeners during the drain: every one must be served (by the other
  // instance).
  constexpr int kNewStreams = 20;
  int failed = 0;
  std::string failures;
  for (int i = 0; i < kNewStreams; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    auto reader = stub_->Synthesize(
        &context, TextRequest(absl::StrCat("Lytter nummer ", i + 1,
                                           " kommer til under genstarten.")));
    v1::SynthesizeResponse response;
    size_t audio = 0;
    while (reader->Read(&response)) {
      if (response.has_audio()) audio += response.audio().data().size();
    }
    const grpc::Status status = reader->Finish();
    if (!status.ok() || audio == 0) {
      ++failed;
      absl::StrAppend(&failures, "\n  ", status.error_code(), ": ",
                      status.error_message());
    }
  }
  std::cout << "new streams failed during the drain: " << failed << " of "
            << kNewStreams << failures << "\n";
  EXPECT_EQ(failed, 0) << failures;
  // The instance is still draining: the held streams keep it.
  EXPECT_LT(draining.Wait(absl::ZeroDuration()), 0);

  // The streams in flight finish, whole, wherever they were.
  for (const std::unique_ptr<Held>& stream : held) {
    v1::SynthesizeResponse response;
    uint32_t ends = 0;
    while (stream->reader->Read(&response)) ends += response.has_sentence_end();
    const grpc::Status status = stream->reader->Finish();
    EXPECT_TRUE(status.ok())
        << status.error_code() << ": " << status.error_message();
    EXPECT_EQ(ends, stream->sentences);
  }
  // ...and then the instance stops by itself, well within its grace.
  EXPECT_EQ(draining.Wait(absl::Seconds(20)), 0) << draining.Output();
}

// Instances that give a stream in flight at SIGTERM only 2 s.
class NginxShortGraceTest : public NginxTest {
 protected:
  int GraceSeconds() const override { return 2; }
};

TEST_F(NginxShortGraceTest, PlayerOnADrainingInstanceMovesOn) {
  std::unique_ptr<PtyProcess> player = Play();
  ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 0u)
      << player->Output();
  ServerProcess* serving = Serving(kLineTimeout);
  ASSERT_NE(serving, nullptr);
  serving->Signal(SIGTERM);
  // 31 minutes cannot be read in the grace: the instance cancels the
  // stream and stops, and the player goes on through the other one, after
  // what was on its way has played.
  EXPECT_EQ(serving->Wait(kLineTimeout), 0) << serving->Output();
  const std::optional<std::string> lost = player->WaitForLine(
      "Forbindelsen til serveren er tabt", kBufferedAudioTimeout);
  ASSERT_TRUE(lost.has_value()) << player->Output();
  std::cout << "player: " << *lost << "\n";
  ASSERT_TRUE(player->WaitForLine("Forbindelsen er genoprettet", kLineTimeout))
      << player->Output();
  const std::vector<size_t> before = Positions(player->Output());
  ASSERT_FALSE(before.empty());
  ASSERT_TRUE(player->WaitForLine("ætning ", kLineTimeout)) << player->Output();
  QuitAndExpectHeardOnward(*player, before.back());
}

// %XX for everything but unreserved characters, as a browser's
// encodeURIComponent does.
std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

TEST_F(NginxTest, SpeechUrlGivesTheSameBytesFromEitherInstance) {
  // A long Danish text: as long as an instance takes in a URL (8192
  // characters, percent-encoded as browsers do), more than nginx's default
  // request line buffer holds with the headers.
  const std::string kSentence =
      "Søs på Ærø får blåbær, æbler og rødgrød på søndag, går ud på øen og "
      "ser på åen. ";
  std::string text;
  while (UrlEncode(text + kSentence).size() + 40 <= 8192) text += kSentence;
  const std::string query = absl::StrCat("/v1/speech?text=", UrlEncode(text));
  ASSERT_GT(query.size(), 8000u);

  httplib::Client a("127.0.0.1", servers_[0]->http_port());
  httplib::Client b("127.0.0.1", servers_[1]->http_port());
  httplib::Client proxy("127.0.0.1", nginx_->http_port());
  for (httplib::Client* client : {&a, &b, &proxy}) {
    client->set_read_timeout(90, 0);
  }
  for (const char* format : {"wav", "mp3", "ogg"}) {
    SCOPED_TRACE(format);
    const std::string url = absl::StrCat(query, "&format=", format);
    httplib::Result from_a = a.Get(url);
    httplib::Result from_b = b.Get(url);
    ASSERT_TRUE(from_a && from_b);
    ASSERT_EQ(from_a->status, 200) << from_a->body;
    ASSERT_EQ(from_b->status, 200) << from_b->body;
    EXPECT_EQ(from_a->get_header_value("ETag"),
              from_b->get_header_value("ETag"));
    ASSERT_GT(from_a->body.size(), 1000u);
    EXPECT_EQ(from_a->body.size(), from_b->body.size());
    EXPECT_TRUE(from_a->body == from_b->body) << "same ETag, other bytes";

    // Through nginx: synthesized once, then from its cache, the same bytes.
    httplib::Result first = proxy.Get(url);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200) << first->body;
    EXPECT_EQ(first->get_header_value("X-Cache-Status"), "MISS");
    EXPECT_TRUE(first->body == from_a->body);
    httplib::Result again = proxy.Get(url);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->get_header_value("X-Cache-Status"), "HIT");
    EXPECT_TRUE(again->body == from_a->body);
    // A range of the cached file is a range of the same bytes.
    httplib::Result range =
        proxy.Get(url, {{"Range", "bytes=100-1099"},
                        {"If-Range", from_a->get_header_value("ETag")}});
    ASSERT_TRUE(range);
    EXPECT_EQ(range->status, 206);
    EXPECT_TRUE(range->body == from_a->body.substr(100, 1000));
  }

  // One sentence more is too long for an instance: its own clear error
  // comes through nginx, not nginx's.
  httplib::Result too_long =
      proxy.Get(absl::StrCat("/v1/speech?text=", UrlEncode(text + kSentence)));
  ASSERT_TRUE(too_long);
  EXPECT_EQ(too_long->status, 414);
  EXPECT_NE(too_long->body.find("at most 8192 characters"), std::string::npos)
      << too_long->body;

  // After a restart (a new process, new workers), the same bytes again.
  servers_[0]->Signal(SIGTERM);
  ASSERT_EQ(servers_[0]->Wait(kLineTimeout), 0);
  ServerProcess restarted;
  ASSERT_TRUE(restarted.Start(kStartTimeout).ok());
  httplib::Client fresh("127.0.0.1", restarted.http_port());
  fresh.set_read_timeout(90, 0);
  for (const char* format : {"wav", "mp3", "ogg"}) {
    SCOPED_TRACE(format);
    const std::string url = absl::StrCat(query, "&format=", format);
    httplib::Result before = b.Get(url);
    httplib::Result after = fresh.Get(url);
    ASSERT_TRUE(before && after);
    ASSERT_EQ(after->status, 200) << after->body;
    EXPECT_TRUE(after->body == before->body);
  }
}

}  // namespace
}  // namespace policyreader::testing
