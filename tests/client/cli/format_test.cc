#include "client/cli/format.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/rpc/calls.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace policyreader::cli {
namespace {

v1::SegmentResponse TwoSentences() {
  v1::SegmentResponse response;
  v1::Sentence* heading = response.add_sentences();
  heading->set_index(0);
  heading->set_kind(v1::SENTENCE_KIND_HEADING);
  heading->set_begin(0);
  heading->set_end(16);
  heading->set_text("LEDELSESGRUNDLAG");
  heading->set_spoken_text("Ledelsesgrundlag");
  v1::Sentence* paragraph = response.add_sentences();
  paragraph->set_index(1);
  paragraph->set_kind(v1::SENTENCE_KIND_PARAGRAPH);
  paragraph->set_begin(18);
  paragraph->set_end(48);
  paragraph->set_text("Se \"§ 17\", jf.\nforvent-\nninger.");
  paragraph->set_spoken_text("Se paragraf sytten, jævnfør forventninger.");
  return response;
}

TEST(FormatTest, SentencesPlain) {
  EXPECT_EQ(FormatSentencesPlain(TwoSentences()),
            "0  overskrift  bytes 0-16\n"
            "   tekst:   LEDELSESGRUNDLAG\n"
            "   udtales: Ledelsesgrundlag\n"
            "\n"
            "1  afsnit  bytes 18-48\n"
            "   tekst:   Se \"§ 17\", jf. forvent- ninger.\n"
            "   udtales: Se paragraf sytten, jævnfør forventninger.\n");
}

TEST(FormatTest, SentencesJsonIsTheProtoMappingAndRoundTrips) {
  std::string json = FormatSentencesJson(TwoSentences());
  EXPECT_NE(json.find("\"spoken_text\": \"Ledelsesgrundlag\""),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"kind\": \"SENTENCE_KIND_HEADING\""), std::string::npos)
      << json;
  v1::SegmentResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok());
  EXPECT_EQ(parsed.SerializeAsString(), TwoSentences().SerializeAsString());
}

TEST(FormatTest, ReviewShowsBothColumnsAndMarksChangedRows) {
  std::string review = FormatSentencesReview(TwoSentences(), 60);
  // Heading row: written in capitals, spoken as a word, so marked.
  EXPECT_NE(review.find("0    * LEDELSESGRUNDLAG"), std::string::npos)
      << review;
  EXPECT_NE(review.find("| Ledelsesgrundlag"), std::string::npos) << review;
  EXPECT_NE(review.find("| Se paragraf sytten,"), std::string::npos) << review;
  // Lines never run past the width, counted in characters.
  for (absl::string_view line : absl::StrSplit(review, '\n')) {
    size_t chars = 0;
    for (char c : line) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(chars, 60u) << line;
  }
}

TEST(FormatTest, Voices) {
  v1::ListVoicesResponse response;
  v1::Voice* a = response.add_voices();
  a->set_name("da");
  a->set_language("da-DK");
  a->set_description("Dansk");
  a->set_is_default(true);
  a->set_default_speaking_rate(1);
  v1::Voice* b = response.add_voices();
  b->set_name("da-langsom");
  b->set_language("da-DK");
  b->set_description("Dansk, \"langsom\"");
  b->set_default_speaking_rate(0.8);
  EXPECT_EQ(FormatVoicesPlain(response),
            "da          da-DK  Dansk  (standard)\n"
            "da-langsom  da-DK  Dansk, \"langsom\"\n");
  std::string json = FormatVoicesJson(response);
  EXPECT_NE(json.find("\"is_default\": true"), std::string::npos) << json;
  v1::ListVoicesResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok());
  EXPECT_EQ(parsed.SerializeAsString(), response.SerializeAsString());
}

TEST(FormatTest, DocumentsArePlainLinesWithoutColumns) {
  v1::ListDocumentsResponse response;
  EXPECT_EQ(FormatDocumentsPlain(response), "Biblioteket er tomt.\n");
  v1::Document* a = response.add_documents();
  a->set_id("trivselspolitik");
  a->set_title("Trivselspolitik for  medarbejdere");
  a->set_available(true);
  a->set_sentence_count(19);
  a->set_estimated_duration_ms(75000);
  for (int i = 0; i < 5; ++i) a->add_sections();
  v1::Document* b = response.add_documents();
  b->set_id("kort");
  b->set_title("Kort");
  b->set_available(true);
  b->set_sentence_count(1);
  b->set_estimated_duration_ms(2000);
  b->add_sections();
  v1::Document* c = response.add_documents();
  c->set_id("scannet");
  c->set_available(false);
  c->set_unavailable_reason("the PDF has no text layer (scanned?)");
  EXPECT_EQ(FormatDocumentsPlain(response),
            "trivselspolitik: Trivselspolitik for medarbejdere. 19 sætninger, "
            "5 afsnit, cirka 1 minut.\n"
            "kort: Kort. 1 sætning, 1 afsnit, under 1 minut.\n"
            "scannet: scannet. Kan ikke læses: the PDF has no text layer "
            "(scanned?).\n"
            "Læs et dokument højt: policy-reader play --doc ID\n");
  v1::ListDocumentsResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  FormatDocumentsJson(response), &parsed)
                  .ok());
  EXPECT_EQ(parsed.SerializeAsString(), response.SerializeAsString());
}

TEST(FormatTest, PlaybackSummaryGivesUnderrunsAndKeyLatency) {
  listen::SessionResult result;
  result.sample_rate_hz = 22050;
  result.frames_played = 22050 * 3 / 2;
  result.device_name = "default";
  result.output_latency_s = 0.04;
  EXPECT_EQ(FormatPlaybackSummary(result),
            "Afspillet 1,5 s på \"default\"; underruns: 0");
  result.key_latencies_ms = {90, 30, 60};
  result.key_to_audio_ms = {10, 5, 20};
  result.reconnects = 2;
  EXPECT_EQ(FormatPlaybackSummary(result),
            "Afspillet 1,5 s på \"default\"; underruns: 0; taster: 3 tryk, "
            "fra tast til lyd median 60 ms, højst 90 ms (lyd fra serveren "
            "median 10 ms, højst 20 ms; lydenheden lægger 40 ms til); "
            "forbundet igen 2 gange");
}

TEST(FormatTest, DanishNumberUsesADecimalComma) {
  EXPECT_EQ(DanishNumber(12.54, 1), "12,5");
  EXPECT_EQ(DanishNumber(3, 0), "3");
}

TEST(FormatTest, TheClientsOwnErrorsKeepTheirDanishMessage) {
  EXPECT_EQ(FormatError(absl::InvalidArgumentError("Teksten er tom")),
            "Fejl: Teksten er tom");
}

// What gRPC and the server say is English: the listener gets a Danish
// sentence for the code, and the English words only in the detail line.
struct GrpcErrorCase {
  grpc::StatusCode code;
  std::string message;  // As gRPC or the server words it.
  std::string line;
};

class GrpcErrorTest : public ::testing::TestWithParam<GrpcErrorCase> {};

TEST_P(GrpcErrorTest, IsDanishWithTheEnglishOnlyInTheDetail) {
  const GrpcErrorCase& c = GetParam();
  const absl::Status status = rpc::FromGrpc(grpc::Status(c.code, c.message));
  EXPECT_TRUE(rpc::IsFromGrpc(status));
  EXPECT_EQ(FormatError(status), c.line);
  EXPECT_EQ(FormatError(status).find(c.message), std::string::npos);
  EXPECT_EQ(FormatErrorDetail(status),
            absl::StrCat("Detaljer: ", absl::StatusCodeToString(status.code()),
                         ": ", c.message));
}

INSTANTIATE_TEST_SUITE_P(
    Codes, GrpcErrorTest,
    ::testing::Values(
        GrpcErrorCase{grpc::StatusCode::UNAVAILABLE,
                      "failed to connect to all addresses; last error: "
                      "UNKNOWN: ipv4:127.0.0.1:9: Failed to connect to "
                      "remote host: Connection refused",
                      "Fejl: Serveren kan ikke nås lige nu."},
        GrpcErrorCase{grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded",
                      "Fejl: Serveren svarede ikke i tide."},
        GrpcErrorCase{grpc::StatusCode::NOT_FOUND,
                      "no document with id 'x' in the library",
                      "Fejl: Serveren kender ikke det, der blev bedt om. Se "
                      "policy-reader documents og policy-reader voices."},
        GrpcErrorCase{grpc::StatusCode::INVALID_ARGUMENT, "text is empty",
                      "Fejl: Serveren kan ikke bruge det, den fik: teksten "
                      "eller en af værdierne er ugyldig."},
        GrpcErrorCase{grpc::StatusCode::INTERNAL, "Received RST_STREAM",
                      "Fejl: Der skete en fejl på serveren."}));

TEST(FormatTest, EveryCodeHasADanishSentence) {
  for (int code = 1; code <= 16; ++code) {
    const std::string_view line =
        DanishStatusMessage(static_cast<absl::StatusCode>(code));
    EXPECT_FALSE(line.empty()) << code;
    EXPECT_TRUE(line.ends_with(".")) << line;
  }
}

}  // namespace
}  // namespace policyreader::cli
