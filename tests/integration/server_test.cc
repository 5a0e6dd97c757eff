// The real server on a loopback port with real eSpeak NG workers, called as
// any client would call it: framing, formats, cancel, crashes, bad input.
#include <grpcpp/generic/generic_stub.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <tuple>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "service/audio/encoder.h"
#include "service/audio/g711.h"
#include "service/audio/wav.h"
#include "service/synth/espeak_engine.h"
#include "tests/integration/audio_checks.h"
#include "tests/integration/test_server.h"

namespace policyreader::testing {
namespace {

const std::string kPolicy = absl::StrCat(
    POLICIES_DIR, "/albertslund-medarbejder-og-ledelsesgrundlag.txt");

constexpr char kShortText[] =
    "Kommunen har vedtaget en ny politik. Den gælder fra 1. januar 2024. "
    "Alle medarbejdere skal kende den, f.eks. via intranettet.";

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static v1::PolicyReader::Stub& stub() { return server_->stub(); }
  static TestServer* server_;
};
TestServer* ServerTest::server_ = nullptr;

v1::SynthesizeRequest TextRequest(const std::string& text,
                                  v1::AudioEncoding encoding = v1::LINEAR16,
                                  uint32_t rate_hz = 0) {
  v1::SynthesizeRequest request;
  request.set_text(text);
  request.mutable_audio()->set_encoding(encoding);
  request.mutable_audio()->set_sample_rate_hz(rate_hz);
  return request;
}

// Checks header-first, then per sentence: start, audio/word events, end,
// with consecutive indices; returns the total samples the ends report.
uint64_t CheckFraming(const StreamResult& result, uint32_t first_index,
                      int bytes_per_sample) {
  EXPECT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_FALSE(result.events.empty());
  if (result.events.empty()) return 0;
  EXPECT_TRUE(result.events[0].has_header());
  uint32_t expected_index = first_index;
  bool in_sentence = false;
  uint64_t sentence_bytes = 0, total_samples = 0;
  for (size_t i = 1; i < result.events.size(); ++i) {
    const v1::SynthesizeResponse& e = result.events[i];
    EXPECT_FALSE(e.has_header()) << "second header at event " << i;
    if (e.has_sentence_start()) {
      EXPECT_FALSE(in_sentence) << "start inside a sentence at event " << i;
      EXPECT_EQ(e.sentence_start().index(), expected_index);
      in_sentence = true;
      sentence_bytes = 0;
    } else if (e.has_audio()) {
      EXPECT_TRUE(in_sentence) << "audio outside a sentence at event " << i;
      EXPECT_FALSE(e.audio().data().empty());
      sentence_bytes += e.audio().data().size();
    } else if (e.has_word()) {
      EXPECT_TRUE(in_sentence);
      EXPECT_EQ(e.word().sentence_index(), expected_index);
    } else if (e.has_sentence_end()) {
      EXPECT_TRUE(in_sentence);
      EXPECT_EQ(e.sentence_end().index(), expected_index);
      EXPECT_EQ(e.sentence_end().audio_samples() * bytes_per_sample,
                sentence_bytes);
      EXPECT_GT(e.sentence_end().audio_duration_ms(), 0u);
      total_samples += e.sentence_end().audio_samples();
      in_sentence = false;
      ++expected_index;
    }
  }
  EXPECT_FALSE(in_sentence) << "stream ended inside a sentence";
  EXPECT_EQ(expected_index, result.events[0].header().sentence_count());
  EXPECT_EQ(result.audio.size(), total_samples * bytes_per_sample);
  return total_samples;
}

double Rms(const std::vector<int16_t>& pcm) {
  double sum = 0;
  for (int16_t s : pcm) sum += static_cast<double>(s) * s;
  return pcm.empty() ? 0 : std::sqrt(sum / pcm.size());
}

std::vector<int16_t> AsPcm(const std::string& bytes) {
  std::vector<int16_t> pcm(bytes.size() / 2);
  memcpy(pcm.data(), bytes.data(), pcm.size() * 2);
  return pcm;
}

// eSpeak's own output for the same sentences, in this process.
uint64_t EngineSamples(const std::vector<std::string>& spoken) {
  class Counter : public synth::EngineSink {
   public:
    uint64_t samples = 0;
    bool OnAudio(std::span<const int16_t> pcm) override {
      samples += pcm.size();
      return true;
    }
    void OnWord(uint32_t, uint32_t, uint64_t) override {}
  } counter;
  static synth::EspeakEngine* engine =
      synth::EspeakEngine::Create({})->release();
  for (const std::string& text : spoken) {
    synth::EngineRequest request{
        .espeak_voice = "da", .rate_wpm = 165, .pitch = 50, .text = text};
    EXPECT_TRUE(engine->Synthesize(request, &counter).ok());
  }
  return counter.samples;
}

TEST_F(ServerTest, HealthIsServing) {
  auto health = grpc::health::v1::Health::NewStub(server_->channel());
  for (const char* service : {"", "policyreader.v1.PolicyReader"}) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health->Check(&context, request, &response).ok());
    EXPECT_EQ(response.status(),
              grpc::health::v1::HealthCheckResponse::SERVING);
  }
}

TEST_F(ServerTest, ReflectionListsTheService) {
  // A client with nothing but reflection (as grpcurl works) must find us.
  grpc::GenericStub generic(server_->channel());
  grpc::CompletionQueue cq;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto call = generic.PrepareCall(
      &context,
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag;
  bool ok;
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  // ServerReflectionRequest{list_services: ""}: field 7, length 0.
  grpc::Slice request_slice(std::string("\x3a\x00", 2));
  grpc::ByteBuffer request(&request_slice, 1);
  call->Write(request, reinterpret_cast<void*>(2));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(3));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  EXPECT_NE(bytes.find("policyreader.v1.PolicyReader"), std::string::npos);
  context.TryCancel();
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(4));
  while (cq.Next(&tag, &ok) && tag != reinterpret_cast<void*>(4)) {
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

TEST_F(ServerTest, ListVoicesHasTheDanishDefault) {
  grpc::ClientContext context;
  v1::ListVoicesResponse response;
  ASSERT_TRUE(stub().ListVoices(&context, {}, &response).ok());
  int defaults = 0;
  for (const v1::Voice& voice : response.voices()) {
    EXPECT_EQ(voice.language(), "da-DK");
    defaults += voice.is_default();
  }
  EXPECT_EQ(defaults, 1);
  EXPECT_GE(response.voices_size(), 2);
}

TEST_F(ServerTest, SegmentsARealPolicyWithExactOffsets) {
  std::string text = ReadFile(kPolicy);
  ASSERT_FALSE(text.empty()) << kPolicy;
  grpc::ClientContext context;
  v1::SegmentRequest request;
  request.set_text(text);
  v1::SegmentResponse response;
  ASSERT_TRUE(stub().Segment(&context, request, &response).ok());
  ASSERT_GT(response.sentences_size(), 10);
  uint32_t last_end = 0;
  for (const v1::Sentence& s : response.sentences()) {
    EXPECT_EQ(text.substr(s.begin(), s.end() - s.begin()), s.text());
    EXPECT_GE(s.begin(), last_end);
    EXPECT_FALSE(s.spoken_text().empty());
    last_end = s.end();
  }
}

TEST_F(ServerTest, StreamsLinear16InOrderWithEnginesLength) {
  StreamResult result = ReadStream(stub(), TextRequest(kShortText));
  const v1::StreamHeader& header = result.events.at(0).header();
  EXPECT_EQ(header.encoding(), v1::LINEAR16);
  EXPECT_EQ(header.sample_rate_hz(), 22050u);
  EXPECT_EQ(header.channels(), 1u);
  EXPECT_EQ(header.voice(), "dansk");
  uint64_t samples = CheckFraming(result, 0, 2);
  std::vector<std::string> spoken;
  for (const auto& e : result.events) {
    if (e.has_sentence_start())
      spoken.push_back(e.sentence_start().spoken_text());
  }
  ASSERT_EQ(spoken.size(), 3u);
  uint64_t reference = EngineSamples(spoken);
  EXPECT_NEAR(static_cast<double>(samples), static_cast<double>(reference),
              reference * 0.02);
  EXPECT_GT(Rms(AsPcm(result.audio)), 300);
}

TEST_F(ServerTest, StreamsARealPolicyAt16kHz) {
  StreamResult at_22k = ReadStream(stub(), TextRequest(ReadFile(kPolicy)));
  StreamResult at_16k =
      ReadStream(stub(), TextRequest(ReadFile(kPolicy), v1::LINEAR16, 16000));
  uint64_t samples_22k = CheckFraming(at_22k, 0, 2);
  uint64_t samples_16k = CheckFraming(at_16k, 0, 2);
  EXPECT_EQ(at_16k.events[0].header().sample_rate_hz(), 16000u);
  EXPECT_NEAR(static_cast<double>(samples_16k), samples_22k * 16000.0 / 22050.0,
              samples_22k * 0.02);
}

TEST_F(ServerTest, AlawAndMulawAt8kHzDecodeToSpeech) {
  StreamResult pcm =
      ReadStream(stub(), TextRequest(kShortText, v1::LINEAR16, 8000));
  uint64_t pcm_samples = CheckFraming(pcm, 0, 2);
  for (v1::AudioEncoding encoding : {v1::ALAW, v1::MULAW}) {
    StreamResult result = ReadStream(stub(), TextRequest(kShortText, encoding));
    EXPECT_EQ(result.events.at(0).header().encoding(), encoding);
    EXPECT_EQ(result.events.at(0).header().sample_rate_hz(), 8000u);
    uint64_t samples = CheckFraming(result, 0, 1);
    EXPECT_NEAR(static_cast<double>(samples), static_cast<double>(pcm_samples),
                pcm_samples * 0.02);
    std::vector<int16_t> decoded;
    for (unsigned char c : result.audio) {
      decoded.push_back(encoding == v1::ALAW ? audio::AlawToLinear(c)
                                             : audio::MulawToLinear(c));
    }
    // Same speech level as the PCM rendering, within G.711's error.
    double rms = Rms(decoded), reference = Rms(AsPcm(pcm.audio));
    EXPECT_GT(rms, 300);
    EXPECT_NEAR(rms, reference, reference * 0.15);
  }
}

TEST_F(ServerTest, TelephoneVoiceIsAlawBandLimitedAtMinus19Dbm0InFrames) {
  v1::SynthesizeRequest request;
  request.set_text(kShortText);
  request.set_voice("telefon");
  request.mutable_audio()->set_frame_ms(20);
  StreamResult result = ReadStream(stub(), request);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.events.at(0).header().encoding(), v1::ALAW);
  EXPECT_EQ(result.events.at(0).header().sample_rate_hz(), 8000u);
  CheckFraming(result, 0, 1);
  std::vector<int16_t> sentence;
  int sentences = 0;
  for (const v1::SynthesizeResponse& e : result.events) {
    if (e.has_audio()) {
      // Exact 20 ms frames, ready for RTP.
      EXPECT_EQ(e.audio().data().size(), 160u);
      for (unsigned char c : e.audio().data()) {
        sentence.push_back(audio::AlawToLinear(c));
      }
    } else if (e.has_sentence_end()) {
      ++sentences;
      const double level_db = LevelReMinus19Dbm0(sentence, 8000);
      EXPECT_NEAR(level_db, 0, 1.0) << "sentence " << sentences;
      int peak = 0;
      for (int16_t x : sentence) peak = std::max(peak, std::abs(int{x}));
      EXPECT_LT(peak, 32256) << "clipped";  // A-law's largest value.
      const double above_db = AboveBandDb(sentence, 8000);
      EXPECT_LT(above_db, -30) << "sentence " << sentences;
      std::cout << "telephone sentence " << sentences << ": level " << level_db
                << " dB re -19 dBm0, peak " << peak << ", above 3.4 kHz "
                << above_db << " dB re the band\n";
      sentence.clear();
    }
  }
  EXPECT_EQ(sentences, 3);
}

TEST_F(ServerTest, TelephoneVoiceGivesLinearAt8kHzWhenAskedAndFramesCheck) {
  v1::SynthesizeRequest request = TextRequest(kShortText, v1::LINEAR16);
  request.set_voice("telefon");
  StreamResult result = ReadStream(stub(), request);
  ASSERT_TRUE(result.status.ok());
  EXPECT_EQ(result.events.at(0).header().sample_rate_hz(), 8000u);

  // 20 ms at the engine's 22050 Hz is 441 samples: frames of 882 bytes.
  request = TextRequest(kShortText, v1::LINEAR16);
  request.mutable_audio()->set_frame_ms(20);
  result = ReadStream(stub(), request);
  ASSERT_TRUE(result.status.ok());
  for (const v1::SynthesizeResponse& e : result.events) {
    if (e.has_audio()) EXPECT_EQ(e.audio().data().size(), 882u);
  }
  for (uint32_t bad : {5u, 61u, 25u}) {  // 25 ms at 22050 Hz: 551.25 samples.
    request.mutable_audio()->set_frame_ms(bad);
    result = ReadStream(stub(), request);
    EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << bad;
    EXPECT_NE(result.status.error_message().find("audio.frame_ms"),
              std::string::npos);
  }
}

TEST_F(ServerTest, StartSentenceSkipsAhead) {
  v1::SynthesizeRequest request = TextRequest(kShortText);
  request.set_start_sentence(2);
  StreamResult result = ReadStream(stub(), request);
  CheckFraming(result, 2, 2);
  EXPECT_EQ(result.events.at(1).sentence_start().index(), 2u);
}

TEST_F(ServerTest, WordMarksPointIntoSpokenText) {
  v1::SynthesizeRequest request = TextRequest(kShortText);
  request.set_enable_word_marks(true);
  StreamResult result = ReadStream(stub(), request);
  CheckFraming(result, 0, 2);
  std::string spoken;
  int words = 0;
  for (const auto& e : result.events) {
    if (e.has_sentence_start()) spoken = e.sentence_start().spoken_text();
    if (!e.has_word()) continue;
    ++words;
    ASSERT_LE(e.word().spoken_end(), spoken.size());
    ASSERT_LT(e.word().spoken_begin(), e.word().spoken_end());
  }
  EXPECT_GE(words, 15);
}

TEST_F(ServerTest, MarkupIsReadNotObeyed) {
  StreamResult plain = ReadStream(stub(), TextRequest("Hej med dig."));
  StreamResult markup = ReadStream(
      stub(), TextRequest("<speak>Hej <break time=\"10s\"/> med dig.</speak>"));
  uint64_t plain_samples = CheckFraming(plain, 0, 2);
  uint64_t markup_samples = CheckFraming(markup, 0, 2);
  // As SSML the break would add ten seconds.
  EXPECT_LT(markup_samples, plain_samples + 22050 * 3);
}

struct BadInput {
  const char* name;
  std::string text;
  std::string voice;
  double speed;
  grpc::StatusCode code;
  const char* message_part;
};

class BadInputTest : public ServerTest,
                     public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadInputTest, GetsTheRightCodeAndAClearMessage) {
  const BadInput& c = GetParam();
  v1::SynthesizeRequest request = TextRequest(c.text);
  request.set_voice(c.voice);
  request.mutable_audio()->set_speaking_rate(c.speed);
  StreamResult result = ReadStream(stub(), request);
  EXPECT_EQ(result.status.error_code(), c.code)
      << result.status.error_message();
  EXPECT_NE(result.status.error_message().find(c.message_part),
            std::string::npos)
      << result.status.error_message();
  EXPECT_TRUE(result.events.empty());
  if (c.voice.empty() && c.speed == 0) {
    grpc::ClientContext context;
    v1::SegmentRequest segment;
    segment.set_text(c.text);
    v1::SegmentResponse response;
    grpc::Status status = stub().Segment(&context, segment, &response);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadInputTest,
    ::testing::Values(
        BadInput{"empty", "", "", 0, grpc::StatusCode::INVALID_ARGUMENT,
                 "empty"},
        BadInput{"invalid_utf8", "Hej \xC3\x28 med dig.", "", 0,
                 grpc::StatusCode::INVALID_ARGUMENT,
                 "text is not valid UTF-8 at byte 4"},
        BadInput{"over_limit", std::string(3 << 19, 'a'), "", 0,
                 grpc::StatusCode::INVALID_ARGUMENT, "1048576"},
        BadInput{"far_over_limit", std::string(4 << 20, 'a'), "", 0,
                 grpc::StatusCode::RESOURCE_EXHAUSTED, "larger than max"},
        BadInput{"only_markup", "<p> </p>", "", 0,
                 grpc::StatusCode::INVALID_ARGUMENT, "nothing to read"},
        BadInput{"unknown_voice", "Hej.", "robot", 0,
                 grpc::StatusCode::NOT_FOUND, "robot"},
        BadInput{"speed", "Hej.", "", 9, grpc::StatusCode::INVALID_ARGUMENT,
                 "speaking_rate"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(ServerTest, ReadsAnHtmlPageWithoutItsChromeAndWithExactOffsets) {
  std::string page = ReadFile(absl::StrCat(
      SOURCE_DIR, "/tests/service/text/formats/kommune_politik.html"));
  ASSERT_FALSE(page.empty());
  grpc::ClientContext context;
  v1::SegmentRequest request;
  request.set_text(page);
  request.set_format(v1::TEXT_FORMAT_HTML);
  v1::SegmentResponse response;
  ASSERT_TRUE(stub().Segment(&context, request, &response).ok());
  ASSERT_GT(response.sentences_size(), 5);
  EXPECT_EQ(response.sentences(0).kind(), v1::SENTENCE_KIND_HEADING);
  EXPECT_NE(response.sentences(0).spoken_text().find("tilsyn med dagtilbud"),
            std::string::npos);
  for (const v1::Sentence& s : response.sentences()) {
    EXPECT_EQ(page.substr(s.begin(), s.end() - s.begin()), s.text());
    // Menus, cookie banners, scripts and search are not read.
    for (const char* chrome : {"cookies", "Hovedmenu", "Log ind", "gtag",
                               "Spring til indhold", "Søg på siden"}) {
      EXPECT_EQ(s.spoken_text().find(chrome), std::string::npos)
          << chrome << " in: " << s.spoken_text();
    }
    EXPECT_EQ(s.spoken_text().find('<'), std::string::npos);
    EXPECT_EQ(s.spoken_text().find("&"), std::string::npos);
  }
  // And the same page streams as speech.
  v1::SynthesizeRequest synth = TextRequest(page);
  synth.set_format(v1::TEXT_FORMAT_HTML);
  synth.set_start_sentence(response.sentences_size() - 2);
  CheckFraming(ReadStream(stub(), synth), response.sentences_size() - 2, 2);
}

TEST_F(ServerTest, UnknownTextFormatIsRefused) {
  grpc::ClientContext context;
  v1::SegmentRequest request;
  request.set_text("Hej.");
  request.set_format(static_cast<v1::TextFormat>(42));
  v1::SegmentResponse response;
  grpc::Status status = stub().Segment(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("format 42"), std::string::npos);
}

TEST_F(ServerTest, SentencesKnowTheirParagraphAndSection) {
  grpc::ClientContext context;
  v1::SegmentRequest request;
  request.set_text(
      "Indledning\n\nFørste sætning. Anden sætning.\n\nFormål\n\n"
      "Tredje sætning.");
  v1::SegmentResponse response;
  ASSERT_TRUE(stub().Segment(&context, request, &response).ok());
  ASSERT_EQ(response.sentences_size(), 5);
  const auto& s = response.sentences();
  EXPECT_EQ(s[0].kind(), v1::SENTENCE_KIND_HEADING);
  EXPECT_EQ(s[0].section(), 0);
  EXPECT_EQ(s[1].section(), 0);
  EXPECT_EQ(s[2].section(), 0);
  EXPECT_EQ(s[1].paragraph(), s[2].paragraph());
  EXPECT_EQ(s[3].kind(), v1::SENTENCE_KIND_HEADING);
  EXPECT_EQ(s[3].section(), 3);
  EXPECT_EQ(s[4].section(), 3);
  EXPECT_LT(s[2].paragraph(), s[4].paragraph());
}

TEST_F(ServerTest, LibraryDocumentsAreListedAndReadFromASection) {
  grpc::ClientContext list_context;
  v1::ListDocumentsResponse list;
  ASSERT_TRUE(stub().ListDocuments(&list_context, {}, &list).ok());
  const v1::Document* found = nullptr;
  for (const v1::Document& doc : list.documents()) {
    if (doc.id() == "trivselspolitik") found = &doc;
  }
  ASSERT_NE(found, nullptr);
  EXPECT_TRUE(found->available());
  EXPECT_EQ(found->title(), "Trivselspolitik for medarbejdere");
  EXPECT_GE(found->sections_size(), 4);
  EXPECT_GT(found->estimated_duration_ms(), 30000u);
  EXPECT_EQ(found->sentences_size(), 0);  // Only GetDocument gives them.

  grpc::ClientContext get_context;
  v1::GetDocumentRequest get;
  get.set_document_id("trivselspolitik");
  get.set_include_sentences(true);
  v1::Document doc;
  ASSERT_TRUE(stub().GetDocument(&get_context, get, &doc).ok());
  ASSERT_EQ(doc.sentences_size(), static_cast<int>(doc.sentence_count()));
  const v1::Section& last = doc.sections(doc.sections_size() - 1);
  EXPECT_EQ(doc.sentences(last.first_sentence()).kind(),
            v1::SENTENCE_KIND_HEADING);

  // Reading the last section by document id starts at its heading.
  v1::SynthesizeRequest request;
  request.set_document_id("trivselspolitik");
  request.set_start_sentence(last.first_sentence());
  StreamResult result = ReadStream(stub(), request);
  CheckFraming(result, last.first_sentence(), 2);
  EXPECT_EQ(result.events.at(0).header().sentence_count(),
            doc.sentence_count());
  EXPECT_EQ(result.events.at(1).sentence_start().text(),
            doc.sentences(last.first_sentence()).text());

  // The same by section number.
  request.clear_start_sentence();
  request.set_start_section(doc.sections_size() - 1);
  result = ReadStream(stub(), request);
  CheckFraming(result, last.first_sentence(), 2);
  request.set_start_section(doc.sections_size());
  EXPECT_EQ(ReadStream(stub(), request).status.error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
  request.set_start_section(0);
  request.set_start_sentence(1);
  result = ReadStream(stub(), request);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(result.status.error_message(),
            "give start_sentence or start_section, not both");

  // One sentence on its own: end_sentence stops the stream after it, and
  // an MP3 stream is then a whole file of that sentence.
  request.clear_start_section();
  request.set_start_sentence(2);
  request.set_end_sentence(3);
  result = ReadStream(stub(), request);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_GT(result.audio.size(), 10000u);
  int starts = 0, ends = 0;
  for (const auto& e : result.events) {
    starts += e.has_sentence_start();
    ends += e.has_sentence_end();
  }
  EXPECT_EQ(starts, 1);
  EXPECT_EQ(ends, 1);
  EXPECT_EQ(result.events.at(0).header().sentence_count(),
            doc.sentence_count());
  EXPECT_EQ(result.events.at(1).sentence_start().text(),
            doc.sentences(2).text());
  request.mutable_audio()->set_encoding(v1::MP3);
  result = ReadStream(stub(), request);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_GT(result.audio.size(), 1000u);
  EXPECT_TRUE(result.events.back().has_sentence_end());
  request.clear_audio();
  for (uint32_t bad : {2u, 1u, doc.sentence_count() + 1}) {
    request.set_end_sentence(bad);
    result = ReadStream(stub(), request);
    EXPECT_EQ(result.status.error_code(), grpc::StatusCode::OUT_OF_RANGE)
        << bad;
  }
  request.clear_end_sentence();

  grpc::ClientContext missing_context;
  get.set_document_id("findes-ikke");
  EXPECT_EQ(stub().GetDocument(&missing_context, get, &doc).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServerTest, UnknownDocumentIsNotFound) {
  v1::SynthesizeRequest request;
  request.set_document_id("no-such-policy");
  StreamResult result = ReadStream(stub(), request);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(result.status.error_message().find("no-such-policy"),
            std::string::npos);
}

TEST_F(ServerTest, StartSentencePastTheEndIsOutOfRange) {
  v1::SynthesizeRequest request = TextRequest(kShortText);
  request.set_start_sentence(99);
  EXPECT_EQ(ReadStream(stub(), request).status.error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
}

// Waits (bounded) until the pool has nothing queued or running.
bool WaitForIdlePool(synth::WorkerPool& pool) {
  absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    if (pool.stats().jobs_active == 0) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return false;
}

std::string LongText(int sentences) {
  std::string text;
  for (int i = 0; i < sentences; ++i) {
    absl::StrAppend(&text, "Dette er sætning nummer ", i + 1,
                    " i en lang politik om arbejdsmiljø og trivsel. ");
  }
  return text;
}

TEST_F(ServerTest, ASecondServerOnATakenPortFailsToStart) {
  server::ServerOptions options = DefaultTestOptions();
  options.listen_address = absl::StrCat("127.0.0.1:", server_->server().port());
  absl::StatusOr<std::unique_ptr<server::Server>> second =
      server::Server::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("another server using the port"),
            std::string::npos)
      << second.status();
}

TEST_F(ServerTest, ABarePortMeansLoopback) {
  server::ServerOptions options = DefaultTestOptions();
  // The running server's port, written bare: taken on 127.0.0.1 too.
  options.listen_address = absl::StrCat(server_->server().port());
  absl::StatusOr<std::unique_ptr<server::Server>> second =
      server::Server::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find(
                absl::StrCat("127.0.0.1:", server_->server().port())),
            std::string::npos)
      << second.status();
}

TEST_F(ServerTest, CancelStopsSynthesis) {
  synth::WorkerPool& pool = server_->server().pool();
  ASSERT_TRUE(WaitForIdlePool(pool));
  uint64_t before = pool.stats().jobs_submitted;
  grpc::ClientContext context;
  auto reader = stub().Synthesize(&context, TextRequest(LongText(60)));
  v1::SynthesizeResponse response;
  while (reader->Read(&response) && !response.has_audio()) {
  }
  ASSERT_TRUE(response.has_audio());
  context.TryCancel();
  while (reader->Read(&response)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  ASSERT_TRUE(WaitForIdlePool(pool));
  // Only the sentence being heard, the read-ahead, and what the client's
  // transport took in before the cancel arrived (more on a busy machine)
  // were ever started: far from all 60.
  EXPECT_LE(pool.stats().jobs_submitted - before, 10u);
}

TEST_F(ServerTest, PausedListenerStallsTheStream) {
  synth::WorkerPool& pool = server_->server().pool();
  ASSERT_TRUE(WaitForIdlePool(pool));
  uint64_t before = pool.stats().jobs_submitted;
  constexpr int kSentences = 200;
  grpc::ClientContext context;
  auto reader = stub().Synthesize(&context, TextRequest(LongText(kSentences)));
  v1::SynthesizeResponse response;
  ASSERT_TRUE(reader->Read(&response));
  // Stop reading. Flow control stalls the writes, the read-ahead stops and
  // the pool goes idle long before the document's end. (What gets through
  // first is what HTTP/2 windows and the loopback socket buffers hold, a
  // few MB; see BENCHMARKS.md.)
  ASSERT_TRUE(WaitForIdlePool(pool));
  uint64_t submitted = pool.stats().jobs_submitted - before;
  EXPECT_LT(submitted, kSentences / 2u)
      << "the server ran ahead of a paused listener";
  context.TryCancel();
  while (reader->Read(&response)) {
  }
  reader->Finish();
}

TEST(WorkerCrashTest, WorkerKilledMidStreamLeavesServerServing) {
  // No sentence cache: the second stream must be synthesized to be killed.
  server::ServerOptions options = DefaultTestOptions();
  options.sentence_cache = {.memory_bytes = 0};
  TestServer server(options);
  auto stub = [&server]() -> v1::PolicyReader::Stub& { return server.stub(); };
  synth::WorkerPool& pool = server.server().pool();
  std::string text = LongText(6);
  StreamResult reference = ReadStream(stub(), TextRequest(text));
  uint64_t reference_samples = CheckFraming(reference, 0, 2);

  uint64_t crashes_before = pool.stats().worker_crashes;
  grpc::ClientContext context;
  auto reader = stub().Synthesize(&context, TextRequest(text));
  StreamResult killed;
  v1::SynthesizeResponse response;
  bool done_killing = false;
  while (reader->Read(&response)) {
    if (response.has_audio()) {
      killed.audio += response.audio().data();
      if (!done_killing) {
        for (pid_t pid : pool.WorkerPids()) kill(pid, SIGKILL);
        done_killing = true;
      }
    }
    killed.events.push_back(response);
  }
  killed.status = reader->Finish();
  uint64_t samples = CheckFraming(killed, 0, 2);
  EXPECT_NEAR(static_cast<double>(samples),
              static_cast<double>(reference_samples), reference_samples * 0.02);
  EXPECT_GE(pool.stats().worker_crashes, crashes_before + 1);
  EXPECT_EQ(pool.WorkerPids().size(), 2u);
  // And the next listener is served as usual.
  CheckFraming(ReadStream(stub(), TextRequest(kShortText)), 0, 2);
}

TEST_F(ServerTest, ConcurrentStreamsAllComplete) {
  std::vector<std::thread> threads;
  std::vector<uint64_t> samples(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      samples[i] = CheckFraming(
          ReadStream(stub(),
                     TextRequest(kShortText, i % 2 ? v1::ALAW : v1::LINEAR16)),
          0, i % 2 ? 1 : 2);
    });
  }
  for (auto& t : threads) t.join();
  for (uint64_t s : samples) EXPECT_GT(s, 8000u);
}

TEST(ServerLifecycleTest, GracefulShutdownLetsStreamsFinish) {
  TestServer server;
  grpc::ClientContext context;
  auto reader = server.stub().Synthesize(&context, TextRequest(kShortText));
  v1::SynthesizeResponse response;
  ASSERT_TRUE(reader->Read(&response));  // Header: the stream is live.
  std::thread stopper([&] { server.server().Shutdown(absl::Seconds(30)); });
  StreamResult rest;
  while (reader->Read(&response)) rest.events.push_back(response);
  grpc::Status status = reader->Finish();
  EXPECT_TRUE(status.ok()) << status.error_code() << ": "
                           << status.error_message();
  stopper.join();
  int ends = 0;
  for (const auto& e : rest.events) ends += e.has_sentence_end();
  EXPECT_EQ(ends, 3);
}

// One connection may hold only so many streams: a further call waits for
// one of them to end instead of taking the server's capacity.
TEST(ServerLimitsTest, StreamsPerConnectionAreCapped) {
  server::ServerOptions options = DefaultTestOptions();
  options.grpc.max_concurrent_streams = 2;
  TestServer server(options);
  grpc::ClientContext first_context, second_context;
  auto first =
      server.stub().Synthesize(&first_context, TextRequest(LongText(60)));
  auto second =
      server.stub().Synthesize(&second_context, TextRequest(LongText(60)));
  v1::SynthesizeResponse response;
  ASSERT_TRUE(first->Read(&response));
  ASSERT_TRUE(second->Read(&response));
  {
    grpc::ClientContext third;
    third.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
    v1::SegmentRequest request;
    request.set_text(kShortText);
    v1::SegmentResponse segmented;
    const grpc::Status status =
        server.stub().Segment(&third, request, &segmented);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
        << status.error_message();
  }
  first_context.TryCancel();
  while (first->Read(&response)) {
  }
  first->Finish();
  grpc::ClientContext fourth;
  v1::SegmentRequest request;
  request.set_text(kShortText);
  v1::SegmentResponse segmented;
  EXPECT_TRUE(server.stub().Segment(&fourth, request, &segmented).ok());
  second_context.TryCancel();
  while (second->Read(&response)) {
  }
  second->Finish();
}

// One client's streams are capped across all its connections, with a
// status that says why; its others carry on and a freed slot is usable.
TEST(ServerLimitsTest, StreamsPerClientAreCapped) {
  server::ServerOptions options = DefaultTestOptions();
  // The test's client is on loopback, which is exempt unless asked.
  options.stream.limits = {.max_per_client = 2, .cap_loopback = true};
  TestServer server(options);
  // Separate channels: the cap is per client, not per connection.
  std::vector<std::unique_ptr<v1::PolicyReader::Stub>> stubs;
  for (int i = 0; i < 3; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    stubs.push_back(v1::PolicyReader::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("127.0.0.1:", server.server().port()),
        grpc::InsecureChannelCredentials(), args)));
  }
  grpc::ClientContext first_context, second_context;
  auto first = stubs[0]->Synthesize(&first_context, TextRequest(LongText(60)));
  auto second =
      stubs[1]->Synthesize(&second_context, TextRequest(LongText(60)));
  v1::SynthesizeResponse response;
  ASSERT_TRUE(first->Read(&response));
  ASSERT_TRUE(second->Read(&response));
  {
    grpc::ClientContext third_context;
    auto third =
        stubs[2]->Synthesize(&third_context, TextRequest(LongText(60)));
    EXPECT_FALSE(third->Read(&response));
    const grpc::Status status = third->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_NE(status.error_message().find("2 streams open"), std::string::npos)
        << status.error_message();
  }
  first_context.TryCancel();
  while (first->Read(&response)) {
  }
  first->Finish();
  // The slot is free once the server has seen the stream end.
  bool started = false;
  for (absl::Time give_up = absl::Now() + absl::Seconds(10);
       !started && absl::Now() < give_up;) {
    grpc::ClientContext again_context;
    auto again = stubs[2]->Synthesize(&again_context, TextRequest(kShortText));
    while (again->Read(&response)) started = true;
    const grpc::Status status = again->Finish();
    if (!status.ok()) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
      started = false;
    }
  }
  EXPECT_TRUE(started);
  second_context.TryCancel();
  while (second->Read(&response)) {
  }
  second->Finish();
}

// An old connection is asked to go, so clients reconnect (through a load
// balancer, to another instance); a stream longer than the age and its
// grace ends, and the next call works on a new connection.
TEST(ServerLimitsTest, OldConnectionsAreAskedToGo) {
  server::ServerOptions options = DefaultTestOptions();
  options.grpc.max_connection_age = absl::Seconds(1);
  options.grpc.max_connection_age_grace = absl::Seconds(1);
  TestServer server(options);
  grpc::ClientContext context;
  auto reader = server.stub().Synthesize(&context, TextRequest(LongText(60)));
  v1::SynthesizeResponse response;
  ASSERT_TRUE(reader->Read(&response));
  const absl::Time start = absl::Now();
  // A listener who pauses past the connection's age and grace (the stream
  // is minutes of audio; flow control holds it at the server meanwhile).
  absl::SleepFor(absl::Seconds(3));
  while (reader->Read(&response)) {
  }
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(30));
  grpc::ClientContext next;
  v1::SegmentRequest request;
  request.set_text(kShortText);
  v1::SegmentResponse segmented;
  EXPECT_TRUE(server.stub().Segment(&next, request, &segmented).ok());
}

// A listener who never reads on (paused) holds the stream past the grace:
// shutdown then cancels it and returns, rather than waiting for it.
TEST(ServerLifecycleTest, ShutdownCancelsWhatStillRunsAtTheDeadline) {
  TestServer server;
  grpc::ClientContext context;
  auto reader =
      server.stub().Synthesize(&context, TextRequest(ReadFile(kPolicy)));
  v1::SynthesizeResponse response;
  ASSERT_TRUE(reader->Read(&response));  // Header: the stream is live.
  const absl::Time start = absl::Now();
  server.server().Shutdown(absl::Seconds(1));
  server.server().Wait();
  const absl::Duration took = absl::Now() - start;
  EXPECT_GE(took, absl::Seconds(1));
  EXPECT_LT(took, absl::Seconds(10));
  while (reader->Read(&response)) {
  }
  EXPECT_FALSE(reader->Finish().ok());
}

TEST(ServerLifecycleTest, BadDataFilesFailStartWithTheirName) {
  server::ServerOptions options = DefaultTestOptions();
  options.voices_file = "/nonexistent/voices.tsv";
  auto server = server::Server::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find("/nonexistent/voices.tsv"),
            absl::string_view::npos);
}

// --- Compressed encodings for browsers (OGG_OPUS, MP3). ---

// Checks the event order for a compressed stream (audio only inside
// sentences, consecutive indices) and returns the samples the ends report;
// bytes per sentence are not checked, since codecs hold audio back.
uint64_t CheckCompressedFraming(const StreamResult& result) {
  EXPECT_TRUE(result.status.ok()) << result.status.error_message();
  if (result.events.empty()) return 0;
  EXPECT_TRUE(result.events[0].has_header());
  uint32_t expected_index = 0;
  bool in_sentence = false;
  uint64_t total_samples = 0, audio_bytes = 0;
  for (size_t i = 1; i < result.events.size(); ++i) {
    const v1::SynthesizeResponse& e = result.events[i];
    if (e.has_sentence_start()) {
      EXPECT_EQ(e.sentence_start().index(), expected_index);
      in_sentence = true;
    } else if (e.has_audio()) {
      EXPECT_TRUE(in_sentence) << "audio outside a sentence at event " << i;
      audio_bytes += e.audio().data().size();
    } else if (e.has_sentence_end()) {
      EXPECT_EQ(e.sentence_end().index(), expected_index++);
      total_samples += e.sentence_end().audio_samples();
      in_sentence = false;
    }
  }
  EXPECT_EQ(expected_index, result.events[0].header().sentence_count());
  EXPECT_EQ(audio_bytes, result.audio.size());
  return total_samples;
}

// Decodes `bytes` with `command` ({in}, {out} replaced by temp files) into
// a WAV and returns its samples; empty if the tool is missing or fails.
std::vector<int16_t> DecodeWithTool(const std::string& bytes,
                                    const std::string& ext, std::string command,
                                    int* rate_hz) {
  const std::string base =
      absl::StrCat(::testing::TempDir(), "/server_codec_", getpid(), "_", ext);
  const std::string in = base + ext, out = base + ".wav";
  {
    std::ofstream file(in, std::ios::binary);
    file << bytes;
  }
  command.replace(command.find("{in}"), 4, "'" + in + "'");
  command.replace(command.find("{out}"), 5, "'" + out + "'");
  EXPECT_EQ(system(command.c_str()), 0) << command;
  std::ifstream file(out, std::ios::binary);
  const std::string wav((std::istreambuf_iterator<char>(file)),
                        std::istreambuf_iterator<char>());
  std::remove(in.c_str());
  std::remove(out.c_str());
  absl::StatusOr<audio::ParsedWav> parsed = audio::ParseWav(wav);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  if (!parsed.ok()) return {};
  *rate_hz = parsed->format.sample_rate_hz;
  return AsPcm(parsed->data);
}

bool HaveCodecTools() {
  return system(
             "command -v opusdec >/dev/null 2>&1 && "
             "sox --help-format mp3 2>/dev/null | grep -q 'Reads: yes'") == 0;
}

TEST_F(ServerTest, OggOpusAndMp3DecodeToTheLengthOfTheLinear16Stream) {
  if (!HaveCodecTools()) GTEST_SKIP() << "opusdec or sox's MP3 reader missing";
  StreamResult pcm = ReadStream(stub(), TextRequest(kShortText));
  const double pcm_seconds = CheckFraming(pcm, 0, 2) / 22050.0;
  ASSERT_GT(pcm_seconds, 3);
  const double reference_rms = Rms(AsPcm(pcm.audio));

  StreamResult opus = ReadStream(stub(), TextRequest(kShortText, v1::OGG_OPUS));
  EXPECT_EQ(opus.events.at(0).header().encoding(), v1::OGG_OPUS);
  EXPECT_EQ(opus.events.at(0).header().sample_rate_hz(), 48000u);
  // The ends count 48 kHz samples: what a decoder gives.
  EXPECT_NEAR(CheckCompressedFraming(opus) / 48000.0, pcm_seconds,
              pcm_seconds * 0.02);
  EXPECT_EQ(opus.audio.substr(0, 4), "OggS");
  int rate = 0;
  std::vector<int16_t> decoded =
      DecodeWithTool(opus.audio, ".opus",
                     "opusdec --quiet --no-dither --rate 48000 {in} {out} "
                     "2>/dev/null",
                     &rate);
  EXPECT_EQ(rate, 48000);
  // Opus trims its own delay (pre-skip, end granule).
  EXPECT_NEAR(decoded.size() / 48000.0, pcm_seconds, pcm_seconds * 0.02);
  EXPECT_NEAR(Rms(decoded), reference_rms, reference_rms * 0.2);

  StreamResult mp3 = ReadStream(stub(), TextRequest(kShortText, v1::MP3));
  EXPECT_EQ(mp3.events.at(0).header().encoding(), v1::MP3);
  EXPECT_EQ(mp3.events.at(0).header().sample_rate_hz(), 22050u);
  EXPECT_NEAR(CheckCompressedFraming(mp3) / 22050.0, pcm_seconds,
              pcm_seconds * 0.02);
  decoded = DecodeWithTool(mp3.audio, ".mp3",
                           "sox -q -D {in} -b 16 {out} 2>/dev/null", &rate);
  EXPECT_EQ(rate, 22050);
  // Plus LAME's delay and the last frame's padding, which no info frame
  // tells the decoder about (see AudioEncoding.MP3).
  const double codec_delay_s = (1105 + 576) / 22050.0;
  EXPECT_NEAR(decoded.size() / 22050.0, pcm_seconds,
              pcm_seconds * 0.02 + codec_delay_s);
  EXPECT_NEAR(Rms(decoded), reference_rms, reference_rms * 0.2);
}

TEST_F(ServerTest, TelephoneVoiceCanBeOggOpusAt8kHz) {
  if (!HaveCodecTools()) GTEST_SKIP() << "opusdec or sox's MP3 reader missing";
  v1::SynthesizeRequest request = TextRequest(kShortText, v1::OGG_OPUS);
  request.set_voice("telefon");
  StreamResult result = ReadStream(stub(), request);
  EXPECT_EQ(result.events.at(0).header().sample_rate_hz(), 48000u);
  const uint64_t samples = CheckCompressedFraming(result);
  int rate = 0;
  // opusdec gives the input rate the Ogg header records unless told.
  std::vector<int16_t> decoded = DecodeWithTool(
      result.audio, ".opus",
      "opusdec --quiet --no-dither {in} {out} 2>/dev/null", &rate);
  EXPECT_EQ(rate, 8000);
  EXPECT_NEAR(decoded.size() / 8000.0, samples / 48000.0, 0.05);
  EXPECT_GT(Rms(decoded), 300);
}

TEST_F(ServerTest, CompressedEncodingsRefuseFramesAndOtherRates) {
  struct Case {
    v1::AudioEncoding encoding;
    uint32_t rate_hz;
    uint32_t frame_ms;
  };
  for (const Case& c : {Case{v1::OGG_OPUS, 0, 20}, Case{v1::MP3, 0, 20},
                        Case{v1::OGG_OPUS, 22050, 0}, Case{v1::MP3, 22000, 0},
                        Case{v1::OGG_OPUS, 44100, 0}}) {
    v1::SynthesizeRequest request =
        TextRequest(kShortText, c.encoding, c.rate_hz);
    request.mutable_audio()->set_frame_ms(c.frame_ms);
    StreamResult result = ReadStream(stub(), request);
    EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << v1::AudioEncoding_Name(c.encoding) << " " << c.rate_hz << " Hz "
        << c.frame_ms << " ms";
    EXPECT_NE(result.status.error_message().find(c.frame_ms ? "frame_ms"
                                                            : "sample_rate_hz"),
              std::string::npos)
        << result.status.error_message();
  }
}

TEST_F(ServerTest, Mp3At24kHzAndOpusAt16kHzAreAccepted) {
  for (const auto& [encoding, rate, header_rate] :
       {std::tuple{v1::MP3, 24000u, 24000u},
        std::tuple{v1::OGG_OPUS, 16000u, 48000u}}) {
    StreamResult result =
        ReadStream(stub(), TextRequest(kShortText, encoding, rate));
    ASSERT_TRUE(result.status.ok()) << result.status.error_message();
    EXPECT_EQ(result.events.at(0).header().sample_rate_hz(), header_rate);
    EXPECT_GT(CheckCompressedFraming(result), 0u);
    EXPECT_FALSE(result.audio.empty());
  }
}

// A real codec that fails where told, leaving a partial unit behind as a
// real one may: libopus and LAME cannot be made to fail from outside.
class FailingEncoder : public audio::SentenceEncoder {
 public:
  // `fail_on_call`: the 1-based Encode call with audio that fails; 0 to
  // fail in Finish instead.
  FailingEncoder(std::unique_ptr<audio::SentenceEncoder> codec,
                 int fail_on_call)
      : codec_(std::move(codec)), fail_on_call_(fail_on_call) {}
  absl::Status Encode(std::span<const int16_t> pcm, std::string* out) override {
    if (!pcm.empty() && ++calls_ == fail_on_call_) return Fail(out);
    return codec_->Encode(pcm, out);
  }
  absl::Status Finish(std::string* out) override {
    if (fail_on_call_ == 0) return Fail(out);
    return codec_->Finish(out);
  }
  uint64_t decoded_samples() const override {
    return codec_->decoded_samples();
  }

 private:
  static absl::Status Fail(std::string* out) {
    out->append("half a page");
    return absl::InternalError("test codec: out of memory");
  }
  std::unique_ptr<audio::SentenceEncoder> codec_;
  const int fail_on_call_;
  int calls_ = 0;
};

// MP3 fails on every sentence's second block of audio; Ogg Opus when
// finishing its third sentence; the raw encodings work.
absl::StatusOr<std::unique_ptr<audio::SentenceEncoder>> FlakyCodecs(
    const audio::SentenceCodecOptions& options) {
  static std::atomic<int> opus_sentences{0};
  absl::StatusOr<std::unique_ptr<audio::SentenceEncoder>> codec =
      audio::MakeSentenceEncoder(options);
  if (!codec.ok() || !audio::IsCompressed(options.encoding)) return codec;
  if (options.encoding == audio::Encoding::kOggOpus &&
      ++opus_sentences % 3 != 0) {
    return codec;
  }
  return std::make_unique<FailingEncoder>(
      *std::move(codec), options.encoding == audio::Encoding::kMp3 ? 2 : 0);
}

std::vector<uint32_t> SentenceEnds(const StreamResult& result) {
  std::vector<uint32_t> ends;
  for (const v1::SynthesizeResponse& e : result.events) {
    if (e.has_sentence_end()) ends.push_back(e.sentence_end().index());
  }
  return ends;
}

TEST(CodecFailureTest, EndsTheStreamWithTheCodecsStatusAndTheServerGoesOn) {
  server::ServerOptions options = DefaultTestOptions();
  options.stream.make_encoder = &FlakyCodecs;
  TestServer server(options);

  // Mid-stream: the audio before the failing block arrives, then the
  // codec's status; the last sentence never ends.
  StreamResult mp3 =
      ReadStream(server.stub(), TextRequest(kShortText, v1::MP3));
  EXPECT_EQ(mp3.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(mp3.status.error_message(), "test codec: out of memory");
  ASSERT_FALSE(mp3.events.empty());
  EXPECT_TRUE(mp3.events[0].has_header());
  EXPECT_FALSE(mp3.audio.empty());
  EXPECT_EQ(mp3.audio.find("half a page"), std::string::npos);
  const std::vector<uint32_t> mp3_ends = SentenceEnds(mp3);
  EXPECT_LT(mp3_ends.size(), 3u);
  for (size_t i = 0; i < mp3_ends.size(); ++i) EXPECT_EQ(mp3_ends[i], i);

  // At the end: every sentence but the last, whose encoder failed.
  StreamResult opus =
      ReadStream(server.stub(), TextRequest(kShortText, v1::OGG_OPUS));
  EXPECT_EQ(opus.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(opus.status.error_message(), "test codec: out of memory");
  EXPECT_EQ(SentenceEnds(opus), (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(opus.audio.substr(0, 4), "OggS");
  EXPECT_EQ(opus.audio.find("half a page"), std::string::npos);

  // And the next listener is served as usual.
  EXPECT_GT(
      CheckFraming(ReadStream(server.stub(), TextRequest(kShortText)), 0, 2),
      8000u);
}

}  // namespace
}  // namespace policyreader::testing

namespace policyreader::testing {
namespace {

// The sentence cache as listeners meet it: a second listener of a text is
// served without a synthesis, in every encoding, with the same bytes; and
// after a restart with the same --sentence_cache_dir the text comes from
// disk, again without a synthesis.
TEST(SentenceCacheTest, RepeatListenersAndRestartsCostNoSynthesis) {
  const std::string dir =
      absl::StrCat(::testing::TempDir(), "/sentence_cache_", getpid());
  server::ServerOptions options = DefaultTestOptions();
  options.sentence_cache = {.memory_bytes = 16 << 20, .disk_dir = dir};
  std::vector<std::string> first_audio;
  const std::vector<v1::AudioEncoding> encodings = {v1::LINEAR16, v1::ALAW,
                                                    v1::OGG_OPUS, v1::MP3};
  {
    TestServer server(options);
    for (const v1::AudioEncoding encoding : encodings) {
      const StreamResult first =
          ReadStream(server.stub(), TextRequest(kShortText, encoding));
      ASSERT_TRUE(first.status.ok()) << first.status.error_message();
      const uint64_t jobs = server.server().pool().stats().jobs_done;
      const StreamResult repeat =
          ReadStream(server.stub(), TextRequest(kShortText, encoding));
      ASSERT_TRUE(repeat.status.ok());
      EXPECT_EQ(server.server().pool().stats().jobs_done, jobs)
          << v1::AudioEncoding_Name(encoding);
      EXPECT_EQ(repeat.audio, first.audio) << v1::AudioEncoding_Name(encoding);
      EXPECT_EQ(SentenceEnds(repeat), SentenceEnds(first));
      first_audio.push_back(first.audio);
    }
    EXPECT_GE(server.server().sentence_cache()->stats().memory_hits, 12u);
  }  // Shut down: the disk writes are finished.
  TestServer restarted(options);
  for (size_t i = 0; i < encodings.size(); ++i) {
    const StreamResult again =
        ReadStream(restarted.stub(), TextRequest(kShortText, encodings[i]));
    ASSERT_TRUE(again.status.ok());
    EXPECT_EQ(again.audio, first_audio[i])
        << v1::AudioEncoding_Name(encodings[i]);
  }
  EXPECT_EQ(restarted.server().pool().stats().jobs_done, 0u);
  EXPECT_GE(restarted.server().sentence_cache()->stats().disk_hits, 12u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace policyreader::testing
