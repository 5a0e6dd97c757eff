// The HTTP gateway of a real server (real eSpeak NG workers) on a loopback
// port, called with cpp-httplib's client as a browser or curl would.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "service/audio/wav.h"
#include "tests/integration/test_server.h"

namespace policyreader::testing {
namespace {

constexpr char kSentence[] = "Kommunen har vedtaget en ny politik.";
constexpr char kAllowed[] = "https://kommune.example";
constexpr size_t kSegmentCap = 64 * 1024;

// A long text near the speech cap (4096 bytes), seconds of synthesis.
std::string LongText() {
  std::string text;
  for (int i = 0; text.size() < 3900; ++i) {
    absl::StrAppend(&text, "Sætning nummer ", i,
                    " handler om trivsel på arbejdspladsen. ");
  }
  return text;
}

class HttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/http_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = new std::filesystem::path(pattern);
    std::filesystem::create_directories(*root_ / "web" / "js");
    std::ofstream(*root_ / "web" / "index.html") << "<h1>Widget</h1>";
    std::ofstream(*root_ / "web" / "js" / "app.js") << "let a = 1;";
    std::ofstream(*root_ / "secret.txt") << "secret";

    server::ServerOptions options = DefaultTestOptions();
    options.http.listen_address = "127.0.0.1:0";
    options.http.cors_origins = {kAllowed};
    options.http.max_syntheses = 1;
    options.http.max_segment_text_bytes = kSegmentCap;
    options.http.static_dir = (*root_ / "web").string();
    server_ = new TestServer(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    std::filesystem::remove_all(*root_);
    delete root_;
  }

  static httplib::Client Client() {
    httplib::Client client("127.0.0.1", server_->server().http_port());
    client.set_read_timeout(120, 0);
    return client;
  }
  static httplib::Result Speech(const httplib::Params& params,
                                const httplib::Headers& headers = {}) {
    return Client().Get("/v1/speech", params, headers);
  }
  static uint64_t JobsSubmitted() {
    return server_->server().pool().stats().jobs_submitted;
  }
  // The JSON error body's message.
  static std::string ErrorOf(const httplib::Result& result) {
    google::protobuf::Struct body;
    if (!google::protobuf::util::JsonStringToMessage(result->body, &body)
             .ok()) {
      return "<not JSON: " + result->body + ">";
    }
    return body.fields().at("error").string_value();
  }

  static TestServer* server_;
  static std::filesystem::path* root_;
};
TestServer* HttpTest::server_ = nullptr;
std::filesystem::path* HttpTest::root_ = nullptr;

TEST_F(HttpTest, HealthzAndPorts) {
  ASSERT_GT(server_->server().http_port(), 0);
  EXPECT_NE(server_->server().http_port(), server_->server().port());
  httplib::Result result = Client().Get("/healthz");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "ok");
}

TEST_F(HttpTest, ASecondServerOnATakenHttpPortFailsToStart) {
  server::ServerOptions options = DefaultTestOptions();
  options.listen_address = "127.0.0.1:0";
  options.http.listen_address =
      absl::StrCat("127.0.0.1:", server_->server().http_port());
  absl::StatusOr<std::unique_ptr<server::Server>> second =
      server::Server::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("cannot serve HTTP on"),
            std::string::npos)
      << second.status();
  // The first server still answers on its port.
  httplib::Result result = Client().Get("/healthz");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

TEST_F(HttpTest, SpeechIsAWavFileOfTheSentence) {
  httplib::Result result = Speech({{"text", kSentence}});
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "audio/wav");
  EXPECT_EQ(result->get_header_value("Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(result->get_header_value("Accept-Ranges"), "bytes");
  EXPECT_EQ(result->get_header_value("ETag").size(), 34u);
  absl::StatusOr<audio::ParsedWav> wav = audio::ParseWav(result->body);
  ASSERT_TRUE(wav.ok()) << wav.status();
  EXPECT_EQ(wav->format.encoding, audio::Encoding::kLinear16);
  EXPECT_EQ(wav->format.sample_rate_hz, 22050);
  // Six words: about two seconds of speech.
  const double seconds = wav->data.size() / 2.0 / 22050;
  EXPECT_GT(seconds, 1.0);
  EXPECT_LT(seconds, 6.0);

  // Twice as fast is clearly shorter, and a different file.
  httplib::Result fast = Speech({{"text", kSentence}, {"rate", "2"}});
  ASSERT_TRUE(fast);
  ASSERT_EQ(fast->status, 200) << fast->body;
  EXPECT_NE(fast->get_header_value("ETag"), result->get_header_value("ETag"));
  absl::StatusOr<audio::ParsedWav> fast_wav = audio::ParseWav(fast->body);
  ASSERT_TRUE(fast_wav.ok());
  EXPECT_LT(fast_wav->data.size(), wav->data.size() * 3 / 4);
}

TEST_F(HttpTest, RevalidationAnswers304WithoutSynthesis) {
  httplib::Result first = Speech({{"text", kSentence}});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  const std::string etag = first->get_header_value("ETag");
  const uint64_t jobs = JobsSubmitted();
  // Extra whitespace normalizes to the same text, hence the same ETag.
  httplib::Result again =
      Speech({{"text", absl::StrCat("  ", kSentence, "\n")}},
             {{"If-None-Match", absl::StrCat("\"other\", ", etag)}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->get_header_value("ETag"), etag);
  EXPECT_EQ(JobsSubmitted(), jobs) << "a 304 must not synthesize";

  // A stale tag gets the whole file again, from the cache: the same bytes,
  // still no synthesis.
  httplib::Result stale =
      Speech({{"text", kSentence}}, {{"If-None-Match", "\"stale\""}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);
  EXPECT_EQ(stale->body, first->body);
  EXPECT_EQ(JobsSubmitted(), jobs);
}

TEST_F(HttpTest, TheSecondListenerIsServedFromTheCache) {
  const std::string text = "Den anden lytter koster næsten ingenting.";
  const uint64_t before = JobsSubmitted();
  httplib::Result first = Speech({{"text", text}});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  const uint64_t after_first = JobsSubmitted();
  EXPECT_GT(after_first, before);
  for (int i = 0; i < 3; ++i) {
    httplib::Result again = Speech({{"text", text}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 200);
    EXPECT_EQ(again->body, first->body);  // Byte for byte: the ETag holds.
  }
  EXPECT_EQ(JobsSubmitted(), after_first);
}

TEST_F(HttpTest, RangesGive206AndUnsatisfiable416) {
  // The ranges come from one cached file, so they agree on its size.
  httplib::Result head =
      Speech({{"text", kSentence}}, {{"Range", "bytes=0-99"}});
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 206);
  EXPECT_EQ(head->get_header_value("Content-Type"), "audio/wav");
  const std::string content_range = head->get_header_value("Content-Range");
  ASSERT_EQ(content_range.rfind("bytes 0-99/", 0), 0u) << content_range;
  size_t size = 0;
  ASSERT_TRUE(absl::SimpleAtoi(content_range.substr(11), &size));
  EXPECT_GT(size, 10000u);
  EXPECT_EQ(head->body.size(), 100u);
  EXPECT_EQ(head->body.substr(0, 4), "RIFF");

  httplib::Result tail =
      Speech({{"text", kSentence}}, {{"Range", "bytes=1000-100000000"}});
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->status, 206);
  const std::string tail_range = tail->get_header_value("Content-Range");
  ASSERT_EQ(tail_range.rfind("bytes 1000-", 0), 0u) << tail_range;
  const size_t slash = tail_range.find('/');
  size_t tail_size = 0;
  ASSERT_TRUE(absl::SimpleAtoi(tail_range.substr(slash + 1), &tail_size));
  EXPECT_EQ(tail_range, absl::StrCat("bytes 1000-", tail_size - 1, "/",
                                     tail_size));  // Clamped to the end.
  EXPECT_EQ(tail->body.size(), tail_size - 1000);
  EXPECT_EQ(tail_size, size);

  httplib::Result beyond =
      Speech({{"text", kSentence}}, {{"Range", "bytes=100000000-"}});
  ASSERT_TRUE(beyond);
  EXPECT_EQ(beyond->status, 416);
  EXPECT_EQ(beyond->get_header_value("Content-Range").rfind("bytes */", 0), 0u);
  EXPECT_EQ(ErrorOf(beyond), "range not satisfiable");

  // Several ranges: the whole file (a permitted answer), not multipart.
  httplib::Result several =
      Speech({{"text", kSentence}}, {{"Range", "bytes=0-1,4-5"}});
  ASSERT_TRUE(several);
  EXPECT_EQ(several->status, 200);
  EXPECT_EQ(several->get_header_value("Content-Type"), "audio/wav");
  EXPECT_TRUE(audio::ParseWav(several->body).ok());

  // If-Range naming other bytes: the whole file.
  httplib::Result other = Speech(
      {{"text", kSentence}}, {{"Range", "bytes=0-99"}, {"If-Range", "\"x\""}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
}

TEST_F(HttpTest, CorsOnlyForListedOrigins) {
  httplib::Result allowed = Client().Get("/healthz", {{"Origin", kAllowed}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), kAllowed);
  EXPECT_EQ(allowed->get_header_value("Vary"), "Origin");
  EXPECT_NE(allowed->get_header_value("Access-Control-Expose-Headers")
                .find("Content-Range"),
            std::string::npos);

  httplib::Result other =
      Client().Get("/healthz", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(other->get_header_value("Vary"), "Origin");

  httplib::Result preflight = Client().Options(
      "/v1/segment", {{"Origin", kAllowed},
                      {"Access-Control-Request-Method", "POST"},
                      {"Access-Control-Request-Headers", "content-type"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"),
            kAllowed);
  EXPECT_NE(
      preflight->get_header_value("Access-Control-Allow-Methods").find("POST"),
      std::string::npos);
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Headers")
                .find("Content-Type"),
            std::string::npos);

  httplib::Result refused = Client().Options(
      "/v1/segment", {{"Origin", "https://evil.example"},
                      {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(refused->has_header("Access-Control-Allow-Methods"));
}

TEST_F(HttpTest, BadSpeechParametersAre400Or413WithAMessage) {
  struct Case {
    httplib::Params params;
    int status;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {{}, 400, "missing parameter 'text'"},
      {{{"text", kSentence}, {"format", "flac"}}, 400, "wav, mp3 or ogg"},
      {{{"text", kSentence}, {"rate", "0.2"}}, 400, "0.5 to 3"},
      {{{"text", kSentence}, {"rate", "9"}}, 400, "0.5 to 3"},
      {{{"text", kSentence}, {"speed", "2"}}, 400, "unknown parameter"},
      {{{"text", kSentence}, {"voice", "nobody"}}, 400, "nobody"},
      {{{"text", std::string(5000, 'a')}}, 413, "at most 4096"},
  };
  const uint64_t jobs = JobsSubmitted();
  for (const Case& c : cases) {
    httplib::Result result = Speech(c.params);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, c.status) << c.message_part;
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    EXPECT_NE(ErrorOf(result).find(c.message_part), std::string::npos)
        << ErrorOf(result);
  }
  EXPECT_EQ(JobsSubmitted(), jobs);
}

TEST_F(HttpTest, Mp3AndOggDecodeToTheSentence) {
  httplib::Result wav = Speech({{"text", kSentence}});
  ASSERT_TRUE(wav);
  absl::StatusOr<audio::ParsedWav> parsed = audio::ParseWav(wav->body);
  ASSERT_TRUE(parsed.ok());
  const double wav_seconds = parsed->data.size() / 2.0 / 22050;
  struct Case {
    std::string format, type, magic, decode;
  };
  const std::string dir = std::filesystem::temp_directory_path() /
                          absl::StrCat("http_codecs_", getpid());
  std::filesystem::create_directories(dir);
  for (const Case& c : std::vector<Case>{
           {"mp3", "audio/mpeg", "", "sox -t mp3 IN -t wav OUT"},
           {"ogg", "audio/ogg", "OggS", "opusdec --quiet IN OUT"}}) {
    SCOPED_TRACE(c.format);
    httplib::Result result =
        Speech({{"text", kSentence}, {"format", c.format}});
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), c.type);
    if (!c.magic.empty()) EXPECT_EQ(result->body.substr(0, 4), c.magic);
    const std::string in = absl::StrCat(dir, "/speech.", c.format);
    const std::string out = absl::StrCat(dir, "/decoded.wav");
    std::ofstream(in, std::ios::binary) << result->body;
    std::string command = c.decode;
    command.replace(command.find("IN"), 2, "'" + in + "'");
    command.replace(command.find("OUT"), 3, "'" + out + "'");
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    absl::StatusOr<audio::ParsedWav> decoded = audio::ParseWav(ReadFile(out));
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    // Mono 16-bit, as both decoders write it.
    const double seconds =
        decoded->data.size() / 2.0 / decoded->format.sample_rate_hz;
    // The codecs' own delay and padding: well under a tenth of a second.
    EXPECT_NEAR(seconds, wav_seconds, 0.1);
  }
  std::filesystem::remove_all(dir);
}

TEST_F(HttpTest, TooManySynthesesGet429WithRetryAfter) {
  const std::string text = LongText();
  constexpr int kClients = 4;
  std::vector<int> statuses(kClients);
  std::vector<std::string> retry_after(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      // Distinct texts: nothing a future cache could answer.
      httplib::Result result =
          Speech({{"text", absl::StrCat(text.substr(0, text.size() - 4), i)}});
      statuses[i] = result ? result->status : -1;
      if (result) retry_after[i] = result->get_header_value("Retry-After");
    });
  }
  for (std::thread& thread : threads) thread.join();
  int ok = 0, refused = 0;
  for (int i = 0; i < kClients; ++i) {
    if (statuses[i] == 200) ++ok;
    if (statuses[i] == 429) {
      ++refused;
      EXPECT_EQ(retry_after[i], "1");
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(refused, 1);
  EXPECT_EQ(ok + refused, kClients);
}

TEST_F(HttpTest, SegmentJsonMatchesTheGrpcResponse) {
  const std::string text = "# Formål\n\nSe f.eks. § 3. Mødet er kl. 9.00.";
  httplib::Result result = Client().Post(
      "/v1/segment",
      absl::StrCat("{\"text\": \"# Formål\\n\\nSe f.eks. § 3. Mødet er kl. "
                   "9.00.\", \"format\": \"markdown\"}"),
      "application/json");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  // Proto field names, zeros included.
  EXPECT_NE(result->body.find("\"spoken_text\""), std::string::npos);
  EXPECT_NE(result->body.find("\"index\":0"), std::string::npos)
      << result->body;
  v1::SegmentResponse from_http;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(result->body, &from_http)
          .ok());

  grpc::ClientContext context;
  v1::SegmentRequest request;
  request.set_text(text);
  request.set_format(v1::TEXT_FORMAT_MARKDOWN);
  v1::SegmentResponse from_grpc;
  ASSERT_TRUE(server_->stub().Segment(&context, request, &from_grpc).ok());
  EXPECT_GE(from_grpc.sentences_size(), 3);
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(from_http, from_grpc));
}

TEST_F(HttpTest, BadSegmentRequests) {
  struct Case {
    std::string body;
    int status;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"not json", 400, "JSON object"},
      {"{\"text\": 3}", 400, "unexpected field 'text'"},
      {"{\"text\": \"Hej.\", \"format\": \"pdf\"}", 400, "plain, markdown"},
      {"{\"text\": \"Hej.\", \"lang\": \"da\"}", 400, "'lang'"},
      {"{\"text\": \"\"}", 400, "empty"},
      {"{\"text\": \"bad \xff byte\"}", 400, ""},
      {absl::StrCat("{\"text\": \"", std::string(kSegmentCap + 1, 'a'), "\"}"),
       413, "at most 65536"},
  };
  for (const Case& c : cases) {
    httplib::Result result =
        Client().Post("/v1/segment", c.body, "application/json");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, c.status) << c.body.substr(0, 40);
    EXPECT_NE(ErrorOf(result).find(c.message_part), std::string::npos)
        << ErrorOf(result);
  }
  // Beyond the body cap cpp-httplib refuses before reading, still as JSON.
  httplib::Result huge = Client().Post(
      "/v1/segment", std::string(kSegmentCap * 7 + 128 * 1024, 'a'),
      "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
}

TEST_F(HttpTest, Documents) {
  httplib::Result list = Client().Get("/v1/documents");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  v1::ListDocumentsResponse documents;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(list->body, &documents).ok());
  ASSERT_GE(documents.documents_size(), 1);
  const std::string id = documents.documents(0).id();

  httplib::Result one = Client().Get(absl::StrCat("/v1/documents/", id));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200);
  v1::Document document;
  // The gateway adds the audio URLs (DocumentAudio tests them).
  google::protobuf::util::JsonParseOptions lenient;
  lenient.ignore_unknown_fields = true;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(one->body, &document, lenient)
          .ok());
  EXPECT_EQ(document.id(), id);
  EXPECT_GT(document.sentences_size(), 0);
  EXPECT_EQ(static_cast<uint32_t>(document.sentences_size()),
            document.sentence_count());

  httplib::Result missing = Client().Get("/v1/documents/no-such-policy");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(ErrorOf(missing).find("no-such-policy"), std::string::npos)
      << ErrorOf(missing);
}

// Each sentence of a library document at a content-addressed URL: MP3 of
// that sentence alone, immutable, revalidated without synthesis; the whole
// document as one download; old or missing keys say where the audio is.
TEST_F(HttpTest, DocumentAudio) {
  httplib::Result one = Client().Get("/v1/documents/trivselspolitik");
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200);
  EXPECT_EQ(one->get_header_value("Cache-Control"), "no-cache");
  google::protobuf::Struct doc;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(one->body, &doc).ok());
  const auto& urls = doc.fields().at("sentence_audio").list_value().values();
  const int count =
      static_cast<int>(doc.fields().at("sentence_count").number_value());
  ASSERT_EQ(urls.size(), count);
  ASSERT_GE(count, 3);
  const std::string url = urls[2].string_value();
  EXPECT_TRUE(
      absl::StartsWith(url, "/v1/documents/trivselspolitik/sentences/2-"))
      << url;
  EXPECT_NE(url, urls[1].string_value());

  httplib::Result audio = Client().Get(url);
  ASSERT_TRUE(audio);
  ASSERT_EQ(audio->status, 200) << audio->body;
  EXPECT_EQ(audio->get_header_value("Content-Type"), "audio/mpeg");
  EXPECT_EQ(audio->get_header_value("Cache-Control"),
            "public, max-age=31536000, immutable");
  const std::string etag = audio->get_header_value("ETag");
  EXPECT_NE(url.find(etag.substr(1, 32)), std::string::npos) << etag;
  ASSERT_GT(audio->body.size(), 2000u);
  EXPECT_EQ(static_cast<unsigned char>(audio->body[0]), 0xff);

  const uint64_t jobs = JobsSubmitted();
  httplib::Result again = Client().Get(url, {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  httplib::Result same = Client().Get(url);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->body, audio->body);
  EXPECT_EQ(JobsSubmitted(), jobs);  // From the cache, no synthesis.

  httplib::Result bare =
      Client().Get("/v1/documents/trivselspolitik/sentences/2.mp3");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 302);
  EXPECT_EQ(bare->get_header_value("Location"), url);
  EXPECT_EQ(bare->get_header_value("Cache-Control"), "no-cache");
  httplib::Result stale = Client().Get(
      "/v1/documents/trivselspolitik/sentences/2-"
      "00000000000000000000000000000000.mp3");
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 404);
  EXPECT_EQ(stale->get_header_value("Location"), url);
  httplib::Result past = Client().Get(
      absl::StrCat("/v1/documents/trivselspolitik/sentences/", count, ".mp3"));
  ASSERT_TRUE(past);
  EXPECT_EQ(past->status, 404);
  EXPECT_EQ(past->get_header_value("Cache-Control"), "no-store");
  httplib::Result unknown =
      Client().Get("/v1/documents/no-such-policy/sentences/0.mp3");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);

  const std::string whole = doc.fields().at("audio").string_value();
  httplib::Result download = Client().Get("/v1/documents/trivselspolitik.mp3");
  ASSERT_TRUE(download);
  EXPECT_EQ(download->status, 302);
  EXPECT_EQ(download->get_header_value("Location"), whole);
  download = Client().Get(whole);
  ASSERT_TRUE(download);
  ASSERT_EQ(download->status, 200) << download->body;
  EXPECT_EQ(download->get_header_value("Content-Disposition"),
            "attachment; filename=\"trivselspolitik.mp3\"");
  EXPECT_EQ(download->get_header_value_count("Cache-Control"), 1u);
  // The whole document is far longer than one sentence.
  EXPECT_GT(download->body.size(), 10 * audio->body.size());
}

// Each sentence's word timings next to its audio: JSON and WebVTT at
// content-addressed, immutable URLs, made by the same synthesis as the
// audio (fetching the MP3 after the words costs none), times in the MP3
// file's own clock (the encoder's lead-in, then the words in order, the
// last ending with the file), and the words tied to the text as written.
TEST_F(HttpTest, SentenceWordTimings) {
  httplib::Result one = Client().Get("/v1/documents/trivselspolitik");
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200);
  google::protobuf::Struct doc;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(one->body, &doc).ok());
  const auto& urls = doc.fields().at("sentence_words").list_value().values();
  const auto& sentences = doc.fields().at("sentences").list_value().values();
  ASSERT_EQ(urls.size(), sentences.size());
  // Sentence 3: "... i kommunen, jf. personalepolitikken." ("jævnfør").
  constexpr int kIndex = 3;
  const std::string url = urls[kIndex].string_value();
  EXPECT_TRUE(absl::StartsWith(
      url,
      absl::StrCat("/v1/documents/trivselspolitik/sentences/", kIndex, "-")))
      << url;
  EXPECT_TRUE(absl::EndsWith(url, ".json")) << url;
  const std::string text =
      sentences[kIndex].struct_value().fields().at("text").string_value();
  ASSERT_NE(text.find("jf."), std::string::npos) << text;

  const uint64_t jobs = JobsSubmitted();
  httplib::Result words = Client().Get(url);
  ASSERT_TRUE(words);
  ASSERT_EQ(words->status, 200) << words->body;
  EXPECT_EQ(words->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(words->get_header_value("Cache-Control"),
            "public, max-age=31536000, immutable");
  const std::string etag = words->get_header_value("ETag");
  EXPECT_NE(url.find(etag.substr(1, 32)), std::string::npos) << etag;
  google::protobuf::Struct timings;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(words->body, &timings).ok())
      << words->body;
  EXPECT_EQ(timings.fields().at("sentence").number_value(), kIndex);
  EXPECT_EQ(timings.fields().at("text").string_value(), text);
  const double duration = timings.fields().at("duration_ms").number_value();
  const auto& list = timings.fields().at("words").list_value().values();
  ASSERT_GE(list.size(), 8) << words->body;
  double previous_end = 0;
  int tied = 0;
  bool jf = false;
  for (int k = 0; k < list.size(); ++k) {
    const auto& w = list[k].struct_value().fields();
    const double start = w.at("start_ms").number_value();
    const double end = w.at("end_ms").number_value();
    // 1105 samples at 22050 Hz of lead-in before the first word.
    if (k == 0) EXPECT_GE(start, 50) << words->body;
    EXPECT_EQ(start, k == 0 ? start : previous_end) << k;
    EXPECT_GE(end, start) << k;
    previous_end = end;
    if (!w.contains("text")) continue;
    ++tied;
    const auto begin = static_cast<size_t>(w.at("text_begin").number_value());
    const auto stop = static_cast<size_t>(w.at("text_end").number_value());
    ASSERT_LE(stop, text.size());
    EXPECT_EQ(text.substr(begin, stop - begin), w.at("text").string_value());
    if (w.at("spoken").string_value() == "jævnfør") {
      EXPECT_EQ(w.at("text").string_value(), "jf");
      jf = true;
    }
  }
  EXPECT_TRUE(jf) << words->body;
  EXPECT_EQ(tied, list.size()) << words->body;
  EXPECT_EQ(previous_end, duration);

  // The audio came from the same synthesis: no new job, and the words end
  // where the MP3 does (48 kbit/s; the last frame is padded).
  httplib::Result audio = Client().Get(
      absl::StrCat("/v1/documents/trivselspolitik/sentences/", kIndex, ".mp3"));
  ASSERT_TRUE(audio);
  ASSERT_EQ(audio->status, 302);
  audio = Client().Get(audio->get_header_value("Location"));
  ASSERT_TRUE(audio);
  ASSERT_EQ(audio->status, 200);
  EXPECT_EQ(JobsSubmitted(), jobs + 1);
  const double mp3_ms = audio->body.size() * 8.0 / 48.0;
  EXPECT_NEAR(duration, mp3_ms, 80) << audio->body.size() << " bytes";

  // The same timings as WebVTT, cues in order.
  const std::string vtt_url = url.substr(0, url.size() - 4) + "vtt";
  httplib::Result vtt = Client().Get(vtt_url);
  ASSERT_TRUE(vtt);
  ASSERT_EQ(vtt->status, 200);
  EXPECT_EQ(vtt->get_header_value("Content-Type"), "text/vtt; charset=utf-8");
  EXPECT_TRUE(absl::StartsWith(vtt->body, "WEBVTT\n\nw0\n00:00:00."))
      << vtt->body;
  EXPECT_NE(vtt->body.find("\njf\n"), std::string::npos) << vtt->body;
  EXPECT_NE(vtt->get_header_value("ETag"), etag);

  httplib::Result again = Client().Get(url, {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(JobsSubmitted(), jobs + 1);

  httplib::Result bare = Client().Get(absl::StrCat(
      "/v1/documents/trivselspolitik/sentences/", kIndex, ".json"));
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 302);
  EXPECT_EQ(bare->get_header_value("Location"), url);
  httplib::Result stale = Client().Get(
      absl::StrCat("/v1/documents/trivselspolitik/sentences/", kIndex,
                   "-00000000000000000000000000000000.vtt"));
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 404);
  EXPECT_EQ(stale->get_header_value("Location"), vtt_url);
  // The audio's key does not name the words.
  const std::string audio_key = audio->get_header_value("ETag").substr(1, 32);
  httplib::Result crossed =
      Client().Get(absl::StrCat("/v1/documents/trivselspolitik/sentences/",
                                kIndex, "-", audio_key, ".json"));
  ASSERT_TRUE(crossed);
  EXPECT_EQ(crossed->status, 404);
}

// GET /v1/speech.json and .vtt: the words of the file /v1/speech gives for
// the same query, from the same synthesis, tied to the text's bytes.
TEST_F(HttpTest, SpeechWordTimingsComeWithItsAudio) {
  const std::string text = "Salen åbner kl. 9.00 i morgen. Vi ses der.";
  const httplib::Params mp3 = {{"text", text}, {"format", "mp3"}};
  httplib::Result audio = Speech(mp3);
  ASSERT_TRUE(audio);
  ASSERT_EQ(audio->status, 200) << audio->body;
  const std::string audio_etag = audio->get_header_value("ETag");
  const uint64_t jobs = JobsSubmitted();

  httplib::Result words =
      Client().Get("/v1/speech.json", mp3, httplib::Headers());
  ASSERT_TRUE(words);
  ASSERT_EQ(words->status, 200) << words->body;
  // Made with the audio: no synthesis of its own.
  EXPECT_EQ(JobsSubmitted(), jobs);
  EXPECT_EQ(words->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(words->get_header_value("Cache-Control"),
            "public, max-age=31536000, immutable");
  const std::string etag = words->get_header_value("ETag");
  EXPECT_NE(etag, audio_etag);
  EXPECT_TRUE(
      absl::StartsWith(etag, audio_etag.substr(0, audio_etag.size() - 1)))
      << etag;
  google::protobuf::Struct timings;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(words->body, &timings).ok())
      << words->body;
  EXPECT_EQ(timings.fields().at("text").string_value(), text);
  EXPECT_FALSE(timings.fields().contains("sentence"));
  const double duration = timings.fields().at("duration_ms").number_value();
  EXPECT_NEAR(duration, audio->body.size() * 8.0 / 48.0, 80)
      << audio->body.size() << " bytes";
  const auto& list = timings.fields().at("words").list_value().values();
  ASSERT_GE(list.size(), 9) << words->body;
  double previous_end = 0;
  double klokken = -1, vi = -1;
  for (int k = 0; k < list.size(); ++k) {
    const auto& w = list[k].struct_value().fields();
    const double start = w.at("start_ms").number_value();
    // 1105 samples at 22050 Hz of lead-in before the first word.
    if (k == 0) EXPECT_GE(start, 50) << words->body;
    ASSERT_TRUE(w.contains("text")) << k << ": " << words->body;
    // Within a sentence each word ends where the next starts; the second
    // sentence's MP3 starts after the first's padding and its own delay.
    if (k > 0 && w.at("text").string_value() == "Vi") {
      EXPECT_GT(start, previous_end + 20) << words->body;
    } else if (k > 0) {
      EXPECT_EQ(start, previous_end) << k;
    }
    previous_end = w.at("end_ms").number_value();
    const auto begin = static_cast<size_t>(w.at("text_begin").number_value());
    const auto end = static_cast<size_t>(w.at("text_end").number_value());
    ASSERT_LE(end, text.size());
    EXPECT_EQ(text.substr(begin, end - begin), w.at("text").string_value());
    if (w.at("spoken").string_value() == "klokken") {
      EXPECT_EQ(w.at("text").string_value(), "kl");
      klokken = start;
    }
    if (w.at("text").string_value() == "Vi") {
      // The second sentence: its words are offsets into the whole text.
      EXPECT_EQ(begin, text.find("Vi ses"));
      vi = start;
    }
  }
  EXPECT_EQ(previous_end, duration);
  EXPECT_GT(klokken, 0) << words->body;
  EXPECT_GT(vi, klokken + 500) << words->body;

  httplib::Result vtt = Client().Get("/v1/speech.vtt", mp3, httplib::Headers());
  ASSERT_TRUE(vtt);
  ASSERT_EQ(vtt->status, 200);
  EXPECT_EQ(vtt->get_header_value("Content-Type"), "text/vtt; charset=utf-8");
  EXPECT_TRUE(absl::StartsWith(vtt->body, "WEBVTT\n\nw0\n00:00:00.0"))
      << vtt->body;
  EXPECT_NE(vtt->body.find("\nkl\n"), std::string::npos) << vtt->body;
  EXPECT_EQ(JobsSubmitted(), jobs);

  httplib::Result again = Client().Get(
      "/v1/speech.json", mp3, httplib::Headers{{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);

  // WAV: no lead-in, and the words end where its samples do; asked for
  // first, the words make the audio too.
  const httplib::Params wav = {{"text", text}, {"format", "wav"}};
  words = Client().Get("/v1/speech.json", wav, httplib::Headers());
  ASSERT_TRUE(words);
  ASSERT_EQ(words->status, 200) << words->body;
  const uint64_t wav_jobs = JobsSubmitted();
  EXPECT_GT(wav_jobs, jobs);
  audio = Speech(wav);
  ASSERT_TRUE(audio);
  ASSERT_EQ(audio->status, 200);
  EXPECT_EQ(JobsSubmitted(), wav_jobs);
  absl::StatusOr<audio::ParsedWav> parsed = audio::ParseWav(audio->body);
  ASSERT_TRUE(parsed.ok());
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(words->body, &timings).ok());
  EXPECT_NEAR(timings.fields().at("duration_ms").number_value(),
              parsed->data.size() / 2.0 / parsed->format.sample_rate_hz * 1000,
              3);

  // The same rules as /v1/speech.
  httplib::Result bad = Client().Get(
      "/v1/speech.json", httplib::Params{{"text", "Hej."}, {"speed", "2"}},
      httplib::Headers());
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  bad = Client().Get("/v1/speech.vtt", httplib::Params{{"format", "mp3"}},
                     httplib::Headers());
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(HttpTest, StaticFilesAndNothingOutsideTheFolder) {
  httplib::Result index = Client().Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<h1>Widget</h1>");
  EXPECT_EQ(index->get_header_value("Content-Type"),
            "text/html; charset=utf-8");

  httplib::Result script = Client().Get("/js/app.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"),
            "text/javascript; charset=utf-8");

  httplib::Result head = Client().Head("/js/app.js");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());

  for (const char* path :
       {"/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt",
        "/js/%2E%2E/%2E%2E/secret.txt", "/nothing.html", "/js"}) {
    httplib::Result result = Client().Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 404) << path;
    EXPECT_EQ(result->body.find("secret"), std::string::npos) << path;
  }
}

TEST_F(HttpTest, ShutdownStopsHttpPromptly) {
  // Its own server: this one is shut down.
  server::ServerOptions options = DefaultTestOptions();
  options.http.listen_address = "127.0.0.1:0";
  TestServer server(options);
  const int port = server.server().http_port();
  ASSERT_GT(port, 0);
  std::atomic<int> status{0};
  std::atomic<uint64_t> jobs_at_start{
      server.server().pool().stats().jobs_submitted};
  std::thread reader([&] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(120, 0);
    httplib::Result result =
        client.Get("/v1/speech", httplib::Params{{"text", LongText()}},
                   httplib::Headers{});
    status = result ? result->status : -1;
  });
  // Shut down once the synthesis is under way (it has submitted work).
  while (server.server().pool().stats().jobs_submitted == jobs_at_start) {
    std::this_thread::yield();
  }
  const absl::Time start = absl::Now();
  server.server().Shutdown(absl::Seconds(10));
  server.server().Wait();
  reader.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));
  EXPECT_EQ(status, 503);
  httplib::Client late("127.0.0.1", port);
  EXPECT_FALSE(late.Get("/healthz"));
}

}  // namespace
}  // namespace policyreader::testing
