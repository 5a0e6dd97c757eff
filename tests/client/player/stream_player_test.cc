// StreamPlayer against an in-process fake PolicyReader server, playing
// through real PortAudio into the ALSA file sink (see alsa_file_sink.h).
#include "client/player/stream_player.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/audio/g711.h"
#include "tests/client/player/alsa_file_sink.h"

namespace policyreader::player {
namespace {

constexpr int kSentences = 3;
constexpr int kFramesPerSentence = 5000;
// Text "long": half a second per sentence at 22050 Hz.
constexpr int kLongFramesPerSentence = 11025;

// Never 0, so played audio can be told from the device's silence.
int16_t SampleAt(int sentence, int frame) {
  return static_cast<int16_t>(1000 * (sentence + 1) + frame % 500 + 1);
}

std::string Linear16Bytes(const std::vector<int16_t>& samples) {
  std::string bytes;
  for (int16_t sample : samples) {
    bytes.push_back(static_cast<char>(sample & 0xff));
    bytes.push_back(static_cast<char>((sample >> 8) & 0xff));
  }
  return bytes;
}

// text "fail": INVALID_ARGUMENT. "fail late": INTERNAL after the audio. text
// "endless": one sentence whose audio never ends, until the client cancels.
// "alaw" in the request: A-law bytes. Anything else: kSentences sentences of
// kFramesPerSentence frames, sent in odd-sized chunks so samples split across
// messages.
class FakePolicyReader final : public v1::PolicyReader::Service {
 public:
  grpc::Status Synthesize(
      grpc::ServerContext* context, const v1::SynthesizeRequest* request,
      grpc::ServerWriter<v1::SynthesizeResponse>* writer) override {
    if (request->text() == "fail") {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "Teksten er tom");
    }
    const bool alaw = request->audio().encoding() == v1::ALAW;
    v1::SynthesizeResponse response;
    v1::StreamHeader* header = response.mutable_header();
    header->set_encoding(alaw ? v1::ALAW : v1::LINEAR16);
    header->set_sample_rate_hz(alaw ? 8000 : 22050);
    header->set_channels(1);
    header->set_sentence_count(kSentences);
    header->set_voice("da");
    writer->Write(response);
    if (request->text() == "endless") {
      Start(writer, 0);
      const std::string chunk = Linear16Bytes(std::vector<int16_t>(2205, 7));
      response.mutable_audio()->set_data(chunk);
      while (!context->IsCancelled() && writer->Write(response)) {
      }
      saw_cancel_ = context->IsCancelled();
      return grpc::Status::OK;
    }
    const int frames =
        request->text() == "long" ? kLongFramesPerSentence : kFramesPerSentence;
    for (int s = 0; s < kSentences; ++s) {
      Start(writer, s);
      std::vector<int16_t> samples(frames);
      for (int f = 0; f < frames; ++f) samples[f] = SampleAt(s, f);
      std::string bytes;
      if (alaw) {
        for (int16_t sample : samples) {
          bytes.push_back(static_cast<char>(audio::LinearToAlaw(sample)));
        }
      } else {
        bytes = Linear16Bytes(samples);
      }
      for (size_t at = 0; at < bytes.size(); at += 1001) {
        response.mutable_audio()->set_data(bytes.substr(at, 1001));
        if (!writer->Write(response)) return grpc::Status::OK;
      }
      response.mutable_sentence_end()->set_index(s);
      writer->Write(response);
    }
    if (request->text() == "fail late") {
      return grpc::Status(grpc::StatusCode::INTERNAL, "Motoren gik ned");
    }
    return grpc::Status::OK;
  }

  std::atomic<bool> saw_cancel_{false};

 private:
  static void Start(grpc::ServerWriter<v1::SynthesizeResponse>* writer,
                    int index) {
    v1::SynthesizeResponse response;
    v1::SentenceStart* start = response.mutable_sentence_start();
    start->set_index(index);
    start->set_text("Sætning " + std::to_string(index));
    writer->Write(response);
  }
};

class StreamPlayerFixture : public ::testing::Test {
 protected:
  explicit StreamPlayerFixture(testing::AlsaFileSink::Pace pace)
      : sink_(pace) {}

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
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  static v1::SynthesizeRequest Request(std::string text) {
    v1::SynthesizeRequest request;
    request.set_text(std::move(text));
    request.mutable_audio()->set_encoding(v1::LINEAR16);
    request.mutable_audio()->set_sample_rate_hz(22050);
    return request;
  }

  StreamPlayerOptions Options() const {
    StreamPlayerOptions options;
    options.quiet_backend_logs = false;
    return options;
  }

  testing::AlsaFileSink sink_;  // First: before PortAudio starts.
  FakePolicyReader service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::PolicyReader::Stub> stub_;
};

// A clockless sink: fast, for checking what is played, not when.
class StreamPlayerTest : public StreamPlayerFixture {
 protected:
  StreamPlayerTest()
      : StreamPlayerFixture(testing::AlsaFileSink::Pace::kNone) {}
};

// A sink that consumes in real time, like a sound card.
class StreamPlayerRealTimeTest : public StreamPlayerFixture {
 protected:
  StreamPlayerRealTimeTest()
      : StreamPlayerFixture(testing::AlsaFileSink::Pace::kRealTime) {}
};

TEST_F(StreamPlayerTest, PlaysTheStreamAndAnnouncesSentencesInOrder) {
  StreamPlayer player(stub_.get(), Options());
  std::vector<std::pair<uint32_t, uint32_t>> announced;
  std::vector<std::string> texts;
  grpc::ClientContext context;
  PlaybackSummary summary;
  const absl::Status status = player.Play(
      &context, Request("Hej"),
      [&](const v1::SentenceStart& sentence, uint32_t count) {
        announced.emplace_back(sentence.index(), count);
        texts.push_back(sentence.text());
      },
      &summary);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(announced, (std::vector<std::pair<uint32_t, uint32_t>>{
                           {0, 3}, {1, 3}, {2, 3}}));
  EXPECT_EQ(texts.front(), "Sætning 0");
  EXPECT_EQ(summary.sentence_count, 3u);
  EXPECT_EQ(summary.sample_rate_hz, 22050);
  EXPECT_EQ(summary.device_name, "default");
  EXPECT_EQ(summary.frames_played, uint64_t{kSentences * kFramesPerSentence});
  ASSERT_TRUE(summary.last_sentence_index.has_value());
  EXPECT_EQ(*summary.last_sentence_index, 2u);

  std::vector<int16_t> expected;
  for (int s = 0; s < kSentences; ++s) {
    for (int f = 0; f < kFramesPerSentence; ++f) {
      expected.push_back(SampleAt(s, f));
    }
  }
  std::vector<int16_t> heard;
  for (int16_t sample : sink_.Samples()) {
    if (sample != 0) heard.push_back(sample);
  }
  // Every sample, in order, whatever silence the clockless sink added.
  EXPECT_TRUE(heard == expected) << heard.size() << " vs " << expected.size();
}

TEST_F(StreamPlayerTest, DecodesAlawStreams) {
  StreamPlayer player(stub_.get(), Options());
  v1::SynthesizeRequest request = Request("Hej");
  request.mutable_audio()->set_encoding(v1::ALAW);
  request.mutable_audio()->set_sample_rate_hz(8000);
  grpc::ClientContext context;
  PlaybackSummary summary;
  const absl::Status status = player.Play(&context, request, {}, &summary);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(summary.sample_rate_hz, 8000);
  EXPECT_EQ(summary.frames_played, uint64_t{kSentences * kFramesPerSentence});
  std::vector<int16_t> heard;
  for (int16_t sample : sink_.Samples()) {
    if (sample != 0) heard.push_back(sample);
  }
  ASSERT_EQ(heard.size(), size_t{kSentences * kFramesPerSentence});
  EXPECT_EQ(heard[0], audio::AlawToLinear(audio::LinearToAlaw(SampleAt(0, 0))));
}

TEST_F(StreamPlayerTest, ServerErrorIsReturned) {
  StreamPlayer player(stub_.get(), Options());
  grpc::ClientContext context;
  const absl::Status status =
      player.Play(&context, Request("fail"), {}, nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "Teksten er tom");
}

TEST_F(StreamPlayerTest, AudioBeforeAServerFailureIsPlayedOut) {
  StreamPlayer player(stub_.get(), Options());
  int announced = 0;
  grpc::ClientContext context;
  PlaybackSummary summary;
  const absl::Status status = player.Play(
      &context, Request("fail late"),
      [&](const v1::SentenceStart&, uint32_t) { ++announced; }, &summary);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_EQ(status.message(), "Motoren gik ned");
  EXPECT_EQ(announced, kSentences);
  EXPECT_EQ(summary.frames_played, uint64_t{kSentences * kFramesPerSentence});
}

TEST_F(StreamPlayerTest, UnknownDeviceCancelsTheRpc) {
  StreamPlayerOptions options = Options();
  options.device = "ingen-sådan-enhed";
  StreamPlayer player(stub_.get(), options);
  grpc::ClientContext context;
  const absl::Status status =
      player.Play(&context, Request("endless"), {}, nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
}

TEST_F(StreamPlayerTest, CancelFromAnotherThreadStopsPlayback) {
  StreamPlayer player(stub_.get(), Options());
  std::mutex mu;
  std::condition_variable cv;
  bool started = false;
  std::thread canceller([&] {
    std::unique_lock lock(mu);
    // Bounded: if playback never starts, cancel anyway and let Play fail.
    cv.wait_for(lock, std::chrono::seconds(20), [&] { return started; });
    player.Cancel();
  });
  grpc::ClientContext context;
  PlaybackSummary summary;
  const absl::Status status = player.Play(
      &context, Request("endless"),
      [&](const v1::SentenceStart&, uint32_t) {
        std::lock_guard lock(mu);
        started = true;
        cv.notify_all();
      },
      &summary);
  canceller.join();
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled) << status;
  EXPECT_TRUE(started);
  EXPECT_TRUE(player.cancelled());
  ASSERT_TRUE(summary.last_sentence_index.has_value());
  EXPECT_EQ(*summary.last_sentence_index, 0u);
}

TEST_F(StreamPlayerRealTimeTest, PlaysWithoutGapsAndAnnouncesAsSentencesStart) {
  // The server sends all 1.5 s of audio at once; the sentences must still
  // be announced as playback reaches them, about 0.5 s apart.
  StreamPlayer player(stub_.get(), Options());
  using Clock = std::chrono::steady_clock;
  std::vector<Clock::time_point> announced_at;
  grpc::ClientContext context;
  PlaybackSummary summary;
  const Clock::time_point begin = Clock::now();
  const absl::Status status = player.Play(
      &context, Request("long"),
      [&](const v1::SentenceStart&, uint32_t) {
        announced_at.push_back(Clock::now());
      },
      &summary);
  const double elapsed_s =
      std::chrono::duration<double>(Clock::now() - begin).count();
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(summary.underruns, 0u);
  EXPECT_EQ(summary.frames_played,
            uint64_t{kSentences * kLongFramesPerSentence});
  // 1.5 s of audio cannot play in much less (the device buffer and pipe
  // let it run ~0.2 s ahead).
  EXPECT_GT(elapsed_s, 1.1);
  ASSERT_EQ(announced_at.size(), size_t{kSentences});
  const double first_to_last_s =
      std::chrono::duration<double>(announced_at.back() - announced_at.front())
          .count();
  EXPECT_GT(first_to_last_s, 0.7) << "announced on arrival, not on playback";
  EXPECT_LT(first_to_last_s, 1.5);

  // No underrun, so no silence inside the audio: one contiguous run.
  const std::vector<int16_t> played = sink_.Samples();
  size_t first = 0;
  while (first < played.size() && played[first] == 0) ++first;
  std::vector<int16_t> expected;
  for (int s = 0; s < kSentences; ++s) {
    for (int f = 0; f < kLongFramesPerSentence; ++f) {
      expected.push_back(SampleAt(s, f));
    }
  }
  ASSERT_LE(first + expected.size(), played.size());
  EXPECT_TRUE(
      std::equal(expected.begin(), expected.end(), played.begin() + first));
}

}  // namespace
}  // namespace policyreader::player
