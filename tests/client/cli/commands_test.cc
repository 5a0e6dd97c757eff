// The commands' helpers, and speak/segment/voices against an in-process fake
// server (the real server is exercised by tests/integration).
#include "client/cli/commands.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/audio/wav.h"

namespace policyreader::cli {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file),
                     std::istreambuf_iterator<char>());
}

InputOptions TextInput(std::string text) {
  InputOptions input;
  input.text = std::move(text);
  return input;
}

InputOptions FileInput(std::string file) {
  InputOptions input;
  input.file = std::move(file);
  return input;
}

class FakePolicyReader final : public v1::PolicyReader::Service {
 public:
  grpc::Status Segment(grpc::ServerContext*, const v1::SegmentRequest* request,
                       v1::SegmentResponse* response) override {
    if (request->text().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "Teksten er tom");
    }
    if (request->text() == "langsom") {
      // Slower than the caller's deadline, but not for ever.
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    v1::Sentence* sentence = response->add_sentences();
    sentence->set_index(0);
    sentence->set_kind(v1::SENTENCE_KIND_PARAGRAPH);
    sentence->set_begin(0);
    sentence->set_end(static_cast<uint32_t>(request->text().size()));
    sentence->set_text(request->text());
    sentence->set_spoken_text("talt: " + request->text());
    return grpc::Status::OK;
  }

  grpc::Status Synthesize(
      grpc::ServerContext*, const v1::SynthesizeRequest* request,
      grpc::ServerWriter<v1::SynthesizeResponse>* writer) override {
    last_request_ = *request;
    if (request->voice() == "ukendt") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          "Stemmen \"ukendt\" findes ikke");
    }
    const bool alaw = request->audio().encoding() == v1::ALAW;
    v1::SynthesizeResponse response;
    response.mutable_header()->set_encoding(alaw ? v1::ALAW : v1::LINEAR16);
    response.mutable_header()->set_sample_rate_hz(alaw ? 8000 : 16000);
    response.mutable_header()->set_channels(1);
    response.mutable_header()->set_sentence_count(2);
    writer->Write(response);
    for (int s = 0; s < 2; ++s) {
      response.mutable_sentence_start()->set_index(s);
      writer->Write(response);
      response.mutable_audio()->set_data(std::string(1000, 'a' + s));
      writer->Write(response);
      response.mutable_audio()->set_data(std::string(1001, 'c' + s));
      writer->Write(response);
      response.mutable_sentence_end()->set_index(s);
      writer->Write(response);
    }
    if (request->text() == "fejl midtvejs") {
      return grpc::Status(grpc::StatusCode::INTERNAL, "Motoren gik ned");
    }
    return grpc::Status::OK;
  }

  grpc::Status ListVoices(grpc::ServerContext*, const v1::ListVoicesRequest*,
                          v1::ListVoicesResponse* response) override {
    v1::Voice* voice = response->add_voices();
    voice->set_name("da");
    voice->set_language("da-DK");
    voice->set_description("Dansk");
    voice->set_is_default(true);
    return grpc::Status::OK;
  }

  v1::SynthesizeRequest last_request_;
};

class CommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    connection_.server = "127.0.0.1:" + std::to_string(port);
    dir_ =
        std::filesystem::path(::testing::TempDir()) /
        ("commands_" +
         std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    server_->Shutdown();
    std::filesystem::remove_all(dir_);
  }

  FakePolicyReader service_;
  std::unique_ptr<grpc::Server> server_;
  ConnectionOptions connection_;
  std::filesystem::path dir_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST(CommandHelpersTest, ParseEncoding) {
  EXPECT_EQ(*ParseEncoding("linear16"), v1::LINEAR16);
  EXPECT_EQ(*ParseEncoding("ALAW"), v1::ALAW);
  EXPECT_EQ(*ParseEncoding("mulaw"), v1::MULAW);
  EXPECT_FALSE(ParseEncoding("mp3").ok());
}

TEST(CommandHelpersTest, LoadInput) {
  EXPECT_EQ(*LoadInput(TextInput("Hej")), "Hej");
  EXPECT_EQ(LoadInput(InputOptions()).status().code(),
            absl::StatusCode::kInvalidArgument);
  InputOptions both = TextInput("Hej");
  both.file = "x";
  EXPECT_EQ(LoadInput(both).status().code(),
            absl::StatusCode::kInvalidArgument);
  const absl::StatusOr<std::string> missing =
      LoadInput(FileInput("/findes/ikke.txt"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("/findes/ikke.txt"),
            absl::string_view::npos);
  EXPECT_EQ(LoadInput(FileInput("/")).status().code(),
            absl::StatusCode::kInvalidArgument);  // A directory.
}

TEST(CommandHelpersTest, LoadInputReadsTheWholeFile) {
  const std::string path = ::testing::TempDir() + "/politik.txt";
  std::string text = "LEDELSESGRUNDLAG\n";
  for (int i = 0; i < 20000; ++i) text += "Linje " + std::to_string(i) + ".\n";
  std::ofstream(path, std::ios::binary) << text;
  EXPECT_EQ(*LoadInput(FileInput(path)), text);
  std::filesystem::remove(path);
}

TEST(CommandHelpersTest, Timeouts) {
  EXPECT_EQ(UnaryTimeout({}), absl::Seconds(30));
  EXPECT_EQ(UnaryTimeout({"", 5}), absl::Seconds(5));
  EXPECT_EQ(StreamTimeout({}, 100, 1, false), absl::Hours(1));
  EXPECT_EQ(StreamTimeout({"", 5}, 100, 1, false), absl::Seconds(5));
  EXPECT_EQ(StreamTimeout({}, 100, 1, true), absl::Hours(6));
  // 1 MB at half speed: hours of listening, so more than an hour.
  EXPECT_GT(StreamTimeout({}, 1 << 20, 0.5, false), absl::Hours(24));
}

TEST_F(CommandsTest, SpeakWritesAWavWithTheStreamFormat) {
  SpeakOptions options;
  options.connection = connection_;
  options.input.text = "Hej";
  options.voice.voice = "da";
  options.voice.speaking_rate = 1.5;
  options.voice.start_sentence = 1;
  options.output = (dir_ / "ud.wav").string();
  ASSERT_EQ(RunSpeak(options, out_, err_), kExitOk) << err_.str();
  EXPECT_EQ(service_.last_request_.text(), "Hej");
  EXPECT_EQ(service_.last_request_.voice(), "da");
  EXPECT_EQ(service_.last_request_.start_sentence(), 1u);
  EXPECT_DOUBLE_EQ(service_.last_request_.audio().speaking_rate(), 1.5);
  EXPECT_EQ(service_.last_request_.audio().encoding(), v1::LINEAR16);

  absl::StatusOr<audio::ParsedWav> wav =
      audio::ParseWav(ReadAll(options.output));
  ASSERT_TRUE(wav.ok()) << wav.status();
  EXPECT_EQ(wav->format.encoding, audio::Encoding::kLinear16);
  EXPECT_EQ(wav->format.sample_rate_hz, 16000);  // From the stream header.
  EXPECT_EQ(wav->data, std::string(1000, 'a') + std::string(1001, 'c') +
                           std::string(1000, 'b') + std::string(1001, 'd'));
  EXPECT_NE(err_.str().find("2 sætninger"), std::string::npos) << err_.str();
}

TEST_F(CommandsTest, SpeakAlawAndRaw) {
  SpeakOptions options;
  options.connection = connection_;
  options.input.text = "Hej";
  options.encoding = "alaw";
  options.output = (dir_ / "ud.alaw").string();
  options.raw = true;
  ASSERT_EQ(RunSpeak(options, out_, err_), kExitOk) << err_.str();
  EXPECT_EQ(service_.last_request_.audio().encoding(), v1::ALAW);
  EXPECT_EQ(ReadAll(options.output).size(), 4002u);
}

TEST_F(CommandsTest, SpeakServerErrorLeavesNoFile) {
  SpeakOptions options;
  options.connection = connection_;
  options.input.text = "Hej";
  options.voice.voice = "ukendt";
  options.output = (dir_ / "ud.wav").string();
  EXPECT_EQ(RunSpeak(options, out_, err_), kExitError);
  EXPECT_EQ(err_.str(),
            "Fejl: Serveren kender ikke det, der blev bedt om. Se "
            "policy-reader documents og policy-reader voices.\n"
            "Serverens egen besked (på engelsk) ses med --verbose.\n");
  EXPECT_FALSE(std::filesystem::exists(options.output));

  options.voice.voice.clear();
  options.input.text = "fejl midtvejs";  // Fails after the audio.
  err_.str("");
  EXPECT_EQ(RunSpeak(options, out_, err_), kExitError);
  EXPECT_EQ(err_.str(),
            "Fejl: Der skete en fejl på serveren.\n"
            "Serverens egen besked (på engelsk) ses med --verbose.\n");
  EXPECT_FALSE(std::filesystem::exists(options.output));
}

TEST_F(CommandsTest, SpeakUsageErrors) {
  SpeakOptions options;
  options.connection = connection_;
  options.input.text = "Hej";
  EXPECT_EQ(RunSpeak(options, out_, err_), kExitUsage);  // No -o.
  options.output = "-";
  EXPECT_EQ(RunSpeak(options, out_, err_), kExitUsage);  // WAV to stdout.
  options.output = (dir_ / "ud.wav").string();
  options.encoding = "mp3";
  EXPECT_EQ(RunSpeak(options, out_, err_), kExitUsage);
  options.encoding = "linear16";
  options.input = FileInput((dir_ / "mangler.txt").string());
  EXPECT_EQ(RunSpeak(options, out_, err_), kExitUsage);
  EXPECT_NE(err_.str().find("mangler.txt"), std::string::npos);
}

TEST_F(CommandsTest, SegmentPlainAndJson) {
  SegmentOptions options{connection_, TextInput("Hej \"du\"."), false};
  ASSERT_EQ(RunSegment(options, out_, err_), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "0  afsnit  bytes 0-9\n"
            "   tekst:   Hej \"du\".\n"
            "   udtales: talt: Hej \"du\".\n");
  out_.str("");
  options.json = true;
  ASSERT_EQ(RunSegment(options, out_, err_), kExitOk);
  EXPECT_NE(out_.str().find(R"("spoken_text": "talt: Hej \"du\".")"),
            std::string::npos)
      << out_.str();
  EXPECT_NE(out_.str().find(R"("kind": "SENTENCE_KIND_PARAGRAPH")"),
            std::string::npos);
}

TEST_F(CommandsTest, SegmentServerError) {
  SegmentOptions options{connection_, TextInput("x"), false};
  options.input.text.clear();
  options.input.file = (dir_ / "tom.txt").string();
  std::ofstream(options.input.file).close();  // Empty file: server refuses.
  EXPECT_EQ(RunSegment(options, out_, err_), kExitError);
  EXPECT_EQ(err_.str(),
            "Fejl: Serveren kan ikke bruge det, den fik: teksten eller en af "
            "værdierne er ugyldig.\n"
            "Serverens egen besked (på engelsk) ses med --verbose.\n");
  // --verbose: the server's own words, on a line of their own.
  options.connection.verbose = true;
  err_.str("");
  EXPECT_EQ(RunSegment(options, out_, err_), kExitError);
  EXPECT_EQ(err_.str(),
            "Fejl: Serveren kan ikke bruge det, den fik: teksten eller en af "
            "værdierne er ugyldig.\n"
            "Detaljer: INVALID_ARGUMENT: Teksten er tom\n");
}

TEST_F(CommandsTest, Voices) {
  ASSERT_EQ(RunVoices({connection_, false}, out_, err_), kExitOk);
  EXPECT_EQ(out_.str(), "da  da-DK  Dansk  (standard)\n");
}

TEST_F(CommandsTest, ADeadlineIsSaidInDanish) {
  SegmentOptions options{connection_, TextInput("langsom"), false};
  options.connection.timeout_s = 0.1;
  EXPECT_EQ(RunSegment(options, out_, err_), kExitError);
  EXPECT_EQ(err_.str(),
            "Fejl: Serveren svarede ikke i tide.\n"
            "Prøv igen, eller giv mere tid med --timeout-s.\n");
}

TEST_F(CommandsTest, UnreachableServer) {
  server_->Shutdown();
  VoicesOptions options{connection_, false};
  options.connection.timeout_s = 5;
  EXPECT_EQ(RunVoices(options, out_, err_), kExitError);
  EXPECT_EQ(err_.str().find("Fejl: Serveren kan ikke nås lige nu.\n"), 0u)
      << err_.str();
  EXPECT_NE(err_.str().find("--server"), std::string::npos);
  // No gRPC words ("failed to connect ...") without --verbose.
  EXPECT_EQ(err_.str().find("connect"), std::string::npos) << err_.str();
  options.connection.verbose = true;
  err_.str("");
  EXPECT_EQ(RunVoices(options, out_, err_), kExitError);
  EXPECT_NE(err_.str().find("\nDetaljer: UNAVAILABLE: "), std::string::npos)
      << err_.str();
}

}  // namespace
}  // namespace policyreader::cli
