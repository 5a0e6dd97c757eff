// A text at the size limit (the shared policies, or the library's Markdown
// policy, repeated to 1 MiB) on the real server: a stream counts and reads
// exactly the sentences Segment gives (the stream normalizes each sentence as
// it reaches it, Segment all of them at once), from its start, its middle, its
// end and a section, and an error late in the text is still named before any
// audio.
#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/repeated_text.h"
#include "gtest/gtest.h"
#include "tests/integration/test_server.h"

namespace policyreader::testing {
namespace {

class LongTextTest : public ::testing::TestWithParam<v1::TextFormat> {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    const size_t limit = server::ServerOptions{}.text.max_input_bytes;
    // The shared policies as plain text; the library's Markdown policy,
    // which has headings of its own.
    plain_ = new std::string(bench::RepeatedFiles(POLICIES_DIR, ".txt", limit));
    markdown_ = new std::string(bench::RepeatedFiles(
        absl::StrCat(SOURCE_DIR, "/samples/library"), ".md", limit));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete plain_;
    delete markdown_;
  }

  static const std::string& Text() {
    return GetParam() == v1::TEXT_FORMAT_MARKDOWN ? *markdown_ : *plain_;
  }

  // Every sentence of the text, by Segment.
  std::vector<v1::Sentence> Segment() {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::minutes(2));
    v1::SegmentRequest request;
    request.set_text(Text());
    request.set_format(GetParam());
    v1::SegmentResponse response;
    const grpc::Status status =
        server_->stub().Segment(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.sentences().begin(), response.sentences().end()};
  }

  v1::SynthesizeRequest Request() {
    v1::SynthesizeRequest request;
    request.set_text(Text());
    request.set_format(GetParam());
    request.mutable_audio()->set_encoding(v1::LINEAR16);
    request.mutable_audio()->set_speaking_rate(3.0);  // Shorter audio.
    return request;
  }

  // The stream's header counts the whole text, and each sentence it starts
  // is Segment's sentence of that index, field by field; returns the
  // indices it read.
  std::vector<uint32_t> ExpectStreamReads(
      const v1::SynthesizeRequest& request,
      const std::vector<v1::Sentence>& segmented) {
    const StreamResult result = ReadStream(server_->stub(), request);
    EXPECT_TRUE(result.status.ok()) << result.status.error_message();
    std::vector<uint32_t> read;
    if (result.events.empty()) return read;
    EXPECT_TRUE(result.events[0].has_header());
    EXPECT_EQ(result.events[0].header().sentence_count(), segmented.size());
    bool audio_in_sentence = false;
    for (const v1::SynthesizeResponse& event : result.events) {
      if (event.has_audio()) audio_in_sentence = true;
      if (event.has_sentence_end()) {
        EXPECT_TRUE(audio_in_sentence) << event.sentence_end().index();
        audio_in_sentence = false;
      }
      if (!event.has_sentence_start()) continue;
      const v1::SentenceStart& start = event.sentence_start();
      read.push_back(start.index());
      if (start.index() >= segmented.size()) {
        ADD_FAILURE() << "index " << start.index() << " past the count";
        continue;
      }
      const v1::Sentence& want = segmented[start.index()];
      SCOPED_TRACE(absl::StrCat("sentence ", start.index()));
      EXPECT_EQ(start.text(), want.text());
      EXPECT_EQ(start.spoken_text(), want.spoken_text());
      EXPECT_EQ(start.begin(), want.begin());
      EXPECT_EQ(start.end(), want.end());
      EXPECT_EQ(start.kind(), want.kind());
      EXPECT_EQ(start.paragraph(), want.paragraph());
      EXPECT_EQ(start.section(), want.section());
      EXPECT_EQ(start.continues(), want.continues());
      EXPECT_EQ(start.page(), want.page());
      EXPECT_EQ(start.heading_level(), want.heading_level());
      EXPECT_EQ(Text().substr(start.begin(), start.end() - start.begin()),
                start.text());
    }
    return read;
  }

  static TestServer* server_;
  static std::string* plain_;
  static std::string* markdown_;
};
TestServer* LongTextTest::server_ = nullptr;
std::string* LongTextTest::plain_ = nullptr;
std::string* LongTextTest::markdown_ = nullptr;

TEST_P(LongTextTest, StreamsTheSentencesSegmentGivesFromAnywhere) {
  ASSERT_GT(Text().size(), 1'000'000u);
  const std::vector<v1::Sentence> segmented = Segment();
  ASSERT_GT(segmented.size(), 5000u);
  const uint32_t n = static_cast<uint32_t>(segmented.size());
  for (const uint32_t first : {0u, n / 3, n / 2 + 1, n - 3}) {
    SCOPED_TRACE(absl::StrCat("from ", first));
    v1::SynthesizeRequest request = Request();
    request.set_start_sentence(first);
    request.set_end_sentence(first + 3);
    EXPECT_EQ(ExpectStreamReads(request, segmented),
              (std::vector<uint32_t>{first, first + 1, first + 2}));
  }
  // From a section late in the text: its heading, as Segment numbers it.
  std::vector<uint32_t> headings;
  for (const v1::Sentence& sentence : segmented) {
    if (sentence.kind() == v1::SENTENCE_KIND_HEADING &&
        sentence.section() == static_cast<int32_t>(sentence.index())) {
      headings.push_back(sentence.index());
    }
  }
  ASSERT_GT(headings.size(), 100u);
  const uint32_t section = static_cast<uint32_t>(headings.size() * 4 / 5);
  v1::SynthesizeRequest request = Request();
  request.set_start_section(section);
  request.set_end_sentence(headings[section] + 2);
  EXPECT_EQ(ExpectStreamReads(request, segmented),
            (std::vector<uint32_t>{headings[section], headings[section] + 1}));
}

TEST_P(LongTextTest, InvalidUtf8LateInTheTextFailsBeforeAnyAudio) {
  v1::SynthesizeRequest request = Request();
  std::string text = Text();
  // An ASCII byte, so the bad byte is where the sequence goes wrong.
  size_t bad = 900'000;
  while (static_cast<unsigned char>(text[bad]) >= 0x80) ++bad;
  text[bad] = '\xff';
  request.set_text(text);
  const StreamResult result = ReadStream(server_->stub(), request);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(result.status.error_message(),
            absl::StrCat("text is not valid UTF-8 at byte ", bad));
  EXPECT_TRUE(result.audio.empty());
}

TEST_P(LongTextTest, StartPastTheEndIsOutOfRangeNamingTheCount) {
  const size_t count = Segment().size();
  v1::SynthesizeRequest request = Request();
  request.set_start_sentence(static_cast<uint32_t>(count));
  const StreamResult result = ReadStream(server_->stub(), request);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_NE(result.status.error_message().find(
                absl::StrCat("the text has ", count, " sentences")),
            std::string::npos)
      << result.status.error_message();
}

INSTANTIATE_TEST_SUITE_P(Formats, LongTextTest,
                         ::testing::Values(v1::TEXT_FORMAT_PLAIN,
                                           v1::TEXT_FORMAT_MARKDOWN),
                         [](const auto& info) {
                           return info.param == v1::TEXT_FORMAT_PLAIN
                                      ? std::string("Plain")
                                      : std::string("Markdown");
                         });

}  // namespace
}  // namespace policyreader::testing
