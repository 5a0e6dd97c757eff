// The listening session against an in-process fake PolicyReader server,
// playing through real PortAudio into a paced ALSA file sink (see
// tests/client/player/alsa_file_sink.h), so what was heard can be checked
// sample by sample.
#include "client/listen/listening_session.h"

#include <atomic>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "tests/client/player/alsa_file_sink.h"

namespace policyreader::listen {
namespace {

constexpr int kSentences = 3;
constexpr int kFrames = 5000;  // Per sentence: about 0.23 s.

// Never 0, so played audio can be told from the device's silence.
int16_t SampleAt(int sentence, int frame) {
  return static_cast<int16_t>(1000 * (sentence + 1) + frame % 500 + 1);
}

std::string Linear16Bytes(int sentence, int from, int to) {
  std::string bytes;
  for (int f = from; f < to; ++f) {
    const int16_t sample = SampleAt(sentence, f);
    bytes.push_back(static_cast<char>(sample & 0xff));
    bytes.push_back(static_cast<char>((sample >> 8) & 0xff));
  }
  return bytes;
}

// Reads from start_sentence to the end. Text "fail": INVALID_ARGUMENT.
// Text "flaky": the first stream breaks off (UNAVAILABLE) half way through
// sentence 1, as when a server dies; later streams are whole. Text
// "flaky-twice": so does the first, and the second breaks off after some
// audio of its first sentence. Text "down-first": the first stream fails
// at once (UNAVAILABLE), as when the server is not there yet.
class FakePolicyReader final : public v1::PolicyReader::Service {
 public:
  grpc::Status Synthesize(
      grpc::ServerContext* context, const v1::SynthesizeRequest* request,
      grpc::ServerWriter<v1::SynthesizeResponse>* writer) override {
    starts_.push_back(request->start_sentence());
    if (request->text() == "fail") {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "Teksten er tom");
    }
    const std::string& text = request->text();
    if (text == "down-first" && starts_.size() == 1) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused");
    }
    const bool break_off =
        (text == "flaky" || text == "flaky-twice") && starts_.size() == 1;
    // The first retry of "flaky-twice" brings some audio of sentence 1 and
    // breaks off too, before the sentence is whole.
    const bool break_early = text == "flaky-twice" && starts_.size() == 2;
    v1::SynthesizeResponse response;
    response.mutable_header()->set_encoding(v1::LINEAR16);
    response.mutable_header()->set_sample_rate_hz(22050);
    response.mutable_header()->set_channels(1);
    writer->Write(response);
    for (int s = static_cast<int>(request->start_sentence()); s < kSentences;
         ++s) {
      response.mutable_sentence_start()->set_index(s);
      writer->Write(response);
      for (int at = 0; at < kFrames; at += 1001) {
        if ((break_off && s == 1 && at > kFrames / 2) ||
            (break_early && at > 0)) {
          return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                              "Serveren gik ned");
        }
        response.mutable_audio()->set_data(
            Linear16Bytes(s, at, std::min(at + 1001, kFrames)));
        if (!writer->Write(response)) return grpc::Status::OK;
      }
      response.mutable_sentence_end()->set_index(s);
      writer->Write(response);
    }
    if (request->text() == "endless") {
      while (!context->IsCancelled()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    return grpc::Status::OK;
  }

  std::vector<uint32_t> starts_;  // Read after the server has stopped.
};

class ListeningSessionTest : public ::testing::Test {
 protected:
  ListeningSessionTest()
      : sink_(testing::AlsaFileSink::Pace::kRealTime, 44100) {}

  void SetUp() override {
    ASSERT_TRUE(sink_.ok());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::PolicyReader::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
    for (int s = 0; s < kSentences; ++s) {
      outline_.sentences.push_back({"Sætning " + std::to_string(s), -1});
    }
  }

  SessionResult Run(const std::string& text, std::vector<size_t>* positions,
                    std::atomic<ListeningSession*>* running = nullptr) {
    SessionOptions options;
    options.quiet_backend_logs = false;
    options.reconnect_first_delay = absl::Milliseconds(10);
    ListeningSession session(
        stub_.get(), &outline_,
        [text](uint32_t, double) {
          v1::SynthesizeRequest request;
          request.set_text(text);
          return request;
        },
        options, &out_);
    if (running != nullptr) running->store(&session);
    return session.Run(nullptr, [positions](size_t sentence) {
      positions->push_back(sentence);
    });
  }

  // The played samples without the device's silence.
  std::vector<int16_t> Heard() {
    std::vector<int16_t> heard;
    for (int16_t sample : sink_.Samples()) {
      if (sample != 0) heard.push_back(sample);
    }
    return heard;
  }

  static std::vector<int16_t> Expected(const std::vector<int>& sentences) {
    std::vector<int16_t> expected;
    for (int s : sentences) {
      for (int f = 0; f < kFrames; ++f) expected.push_back(SampleAt(s, f));
    }
    return expected;
  }

  testing::AlsaFileSink sink_;  // First: before PortAudio starts.
  FakePolicyReader service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::PolicyReader::Stub> stub_;
  rpc::Outline outline_;
  std::ostringstream out_;
};

TEST_F(ListeningSessionTest, PlaysEverySentenceInOrderAndSaysWhereItIs) {
  std::vector<size_t> positions;
  const SessionResult result = Run("tekst", &positions);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_TRUE(result.finished);
  EXPECT_EQ(positions, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(out_.str(),
            "Sætning 1 af 3: Sætning 0\nSætning 2 af 3: Sætning 1\n"
            "Sætning 3 af 3: Sætning 2\n");
  EXPECT_EQ(result.underruns, 0u);
  EXPECT_EQ(result.frames_played, uint64_t{kSentences * kFrames});
  server_->Shutdown();
  EXPECT_EQ(Heard(), Expected({0, 1, 2}));
}

TEST_F(ListeningSessionTest, AServerErrorEndsTheSession) {
  std::vector<size_t> positions;
  const SessionResult result = Run("fail", &positions);
  EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status.message(), "Teksten er tom");
  EXPECT_FALSE(result.finished);
}

TEST_F(ListeningSessionTest, ReconnectKeepsWholeSentencesAndRereadsTheCutOne) {
  std::vector<size_t> positions;
  const SessionResult result = Run("flaky", &positions);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_TRUE(result.finished);
  EXPECT_EQ(result.reconnects, 1);
  server_->Shutdown();
  // The second stream starts after the last whole sentence...
  EXPECT_EQ(service_.starts_, (std::vector<uint32_t>{0, 1}));
  // ...and the half-received sentence 1 is heard once, whole.
  EXPECT_EQ(Heard(), Expected({0, 1, 2}));
  EXPECT_EQ(positions, (std::vector<size_t>{0, 1, 2}));
  EXPECT_NE(out_.str().find("Forbindelsen til serveren er tabt"),
            std::string::npos)
      << out_.str();
  EXPECT_NE(out_.str().find("Forbindelsen er genoprettet."), std::string::npos)
      << out_.str();
}

TEST_F(ListeningSessionTest, StopFromAnotherThreadEnds) {
  std::vector<size_t> positions;
  std::atomic<ListeningSession*> session{nullptr};
  SessionResult result;
  std::thread runner([&] { result = Run("endless", &positions, &session); });
  while (session.load() == nullptr) std::this_thread::yield();
  session.load()->Stop();
  runner.join();
  EXPECT_TRUE(result.stopped);
  EXPECT_FALSE(result.finished);
  EXPECT_TRUE(result.status.ok()) << result.status;
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

TEST_F(ListeningSessionTest, ARetryThatFailsDoesNotSayTheConnectionIsBack) {
  std::vector<size_t> positions;
  const SessionResult result = Run("flaky-twice", &positions);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_TRUE(result.finished);
  EXPECT_EQ(result.reconnects, 2);
  server_->Shutdown();
  EXPECT_EQ(service_.starts_, (std::vector<uint32_t>{0, 1, 1}));
  // Neither break-off is heard: the second cut, made before the device
  // had made the first, covers both.
  EXPECT_EQ(Heard(), Expected({0, 1, 2}));
  const std::string out = out_.str();
  // One outage, said once, and back once: after the retry that worked.
  EXPECT_EQ(Occurrences(out, "Forbindelsen til serveren er tabt"), 1u) << out;
  EXPECT_EQ(Occurrences(out, "Forbindelsen er genoprettet."), 1u) << out;
  EXPECT_LT(out.find("Forbindelsen til serveren er tabt"),
            out.find("Forbindelsen er genoprettet."));
  // No gRPC text inside the Danish lines (that is for verbose).
  EXPECT_EQ(out.find("Serveren gik ned"), std::string::npos) << out;
}

TEST_F(ListeningSessionTest, AFirstConnectThatFailsIsNotALostConnection) {
  std::vector<size_t> positions;
  const SessionResult result = Run("down-first", &positions);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_TRUE(result.finished);
  EXPECT_EQ(result.reconnects, 1);
  server_->Shutdown();
  EXPECT_EQ(Heard(), Expected({0, 1, 2}));
  const std::string out = out_.str();
  EXPECT_EQ(out,
            "Kan ikke få forbindelse til serveren. Prøver igen ...\n"
            "Sætning 1 af 3: Sætning 0\nSætning 2 af 3: Sætning 1\n"
            "Sætning 3 af 3: Sætning 2\n");
}

}  // namespace
}  // namespace policyreader::listen
