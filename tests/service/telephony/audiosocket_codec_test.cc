#include "service/telephony/audiosocket_codec.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::telephony {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string bytes;
  for (int v : values) bytes.push_back(static_cast<char>(v));
  return bytes;
}

const std::string kUuid =
    Bytes({0x3f, 0x1b, 0x7c, 0x2e, 0x8a, 0x4d, 0x4e, 0x6f, 0x9b, 0x0a, 0x1c,
           0x2d, 0x3e, 0x4f, 0x5a, 0x60});

TEST(MessageDecoderTest, DecodesWhatAsteriskSends) {
  const std::string stream =
      EncodeMessage(kTypeUuid, kUuid) +
      EncodeMessage(kTypeAudio, std::string(kFrameBytes, '\x01')) +
      EncodeMessage(kTypeDtmf, "6") + EncodeHangup();
  MessageDecoder decoder;
  std::vector<Message> messages;
  ASSERT_TRUE(decoder.Feed(stream, &messages).ok());
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[0].type, kTypeUuid);
  EXPECT_EQ(UuidToString(messages[0].payload),
            "3f1b7c2e-8a4d-4e6f-9b0a-1c2d3e4f5a60");
  EXPECT_EQ(messages[1].type, kTypeAudio);
  EXPECT_EQ(messages[1].payload.size(), 320u);
  EXPECT_EQ(messages[2].type, kTypeDtmf);
  EXPECT_EQ(messages[2].payload, "6");
  EXPECT_EQ(messages[3].type, kTypeHangup);
  EXPECT_TRUE(messages[3].payload.empty());
  EXPECT_EQ(decoder.pending(), 0u);
}

TEST(MessageDecoderTest, SameMessagesHoweverTheBytesAreCut) {
  const std::string stream =
      EncodeMessage(kTypeUuid, kUuid) + EncodeMessage(kTypeDtmf, "#") +
      EncodeMessage(kTypeAudio, std::string(kFrameBytes, '\x7f')) +
      EncodeHangup();
  for (size_t piece : {1, 2, 3, 4, 5, 7, 19, 100}) {
    MessageDecoder decoder;
    std::vector<Message> messages;
    for (size_t at = 0; at < stream.size(); at += piece) {
      ASSERT_TRUE(decoder.Feed(stream.substr(at, piece), &messages).ok())
          << "piece " << piece;
    }
    ASSERT_EQ(messages.size(), 4u) << "piece " << piece;
    EXPECT_EQ(messages[1].payload, "#");
    EXPECT_EQ(messages[2].payload, std::string(kFrameBytes, '\x7f'));
    EXPECT_EQ(messages[3].type, kTypeHangup);
  }
}

TEST(MessageDecoderTest, HeaderSplitAcrossReadsWaits) {
  MessageDecoder decoder;
  std::vector<Message> messages;
  ASSERT_TRUE(decoder.Feed(Bytes({0x03, 0x00}), &messages).ok());
  EXPECT_TRUE(messages.empty());
  EXPECT_EQ(decoder.pending(), 2u);
  ASSERT_TRUE(decoder.Feed(Bytes({0x01}), &messages).ok());
  EXPECT_TRUE(messages.empty());
  ASSERT_TRUE(decoder.Feed("5", &messages).ok());
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].payload, "5");
}

TEST(MessageDecoderTest, OversizeLengthFailsAtTheHeader) {
  MessageDecoder decoder(/*max_payload=*/8192);
  std::vector<Message> messages;
  // The length alone condemns it: no need to wait for 65535 bytes.
  const absl::Status status =
      decoder.Feed(Bytes({0x10, 0xff, 0xff}), &messages);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("65535"), std::string::npos) << status;
  EXPECT_TRUE(messages.empty());
  // It stays failed: the stream cannot be resynchronised.
  EXPECT_FALSE(decoder.Feed(EncodeHangup(), &messages).ok());
  EXPECT_TRUE(messages.empty());
}

TEST(MessageDecoderTest, PayloadAtTheCapIsAccepted) {
  MessageDecoder decoder(/*max_payload=*/640);
  std::vector<Message> messages;
  EXPECT_TRUE(
      decoder.Feed(EncodeMessage(kTypeAudio, std::string(640, 'a')), &messages)
          .ok());
  EXPECT_EQ(messages.size(), 1u);
  EXPECT_FALSE(
      decoder.Feed(EncodeMessage(kTypeAudio, std::string(641, 'a')), &messages)
          .ok());
}

TEST(MessageDecoderTest, UnknownTypesArePassedOn) {
  MessageDecoder decoder;
  std::vector<Message> messages;
  // 0x12 is 16 kHz audio in newer Asterisk versions; 0x42 nothing yet.
  ASSERT_TRUE(decoder
                  .Feed(EncodeMessage(0x12, std::string(640, 'x')) +
                            EncodeMessage(0x42, "") +
                            EncodeMessage(kTypeDtmf, "1"),
                        &messages)
                  .ok());
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].type, 0x12);
  EXPECT_EQ(messages[1].type, 0x42);
  EXPECT_EQ(messages[2].payload, "1");
}

TEST(MessageDecoderTest, MalformedUuidAndDtmfLengthsFail) {
  struct Case {
    std::string bytes;
    const char* what;
  };
  const Case cases[] = {
      {EncodeMessage(kTypeUuid, "short"), "uuid of 5 bytes"},
      {EncodeMessage(kTypeUuid, kUuid + "x"), "uuid of 17 bytes"},
      {EncodeMessage(kTypeDtmf, ""), "empty dtmf"},
      {EncodeMessage(kTypeDtmf, "12"), "two-byte dtmf"},
  };
  for (const Case& c : cases) {
    MessageDecoder decoder;
    std::vector<Message> messages;
    EXPECT_FALSE(decoder.Feed(c.bytes, &messages).ok()) << c.what;
    EXPECT_TRUE(messages.empty()) << c.what;
  }
}

TEST(MessageDecoderTest, MessagesBeforeAFailureAreKept) {
  MessageDecoder decoder;
  std::vector<Message> messages;
  EXPECT_FALSE(
      decoder
          .Feed(EncodeMessage(kTypeDtmf, "6") + Bytes({0x10, 0xff, 0xff}),
                &messages)
          .ok());
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].payload, "6");
}

TEST(EncodeTest, HeaderIsTypeAndBigEndianLength) {
  EXPECT_EQ(EncodeHangup(), Bytes({0, 0, 0}));
  const std::string audio = EncodeMessage(kTypeAudio, std::string(320, '\0'));
  ASSERT_EQ(audio.size(), 323u);
  EXPECT_EQ(audio.substr(0, 3), Bytes({0x10, 0x01, 0x40}));
}

TEST(UuidTest, RoundTripsAndNormalisesCase) {
  absl::StatusOr<std::string> bytes =
      UuidFromString("3F1B7C2E-8A4D-4E6F-9B0A-1C2D3E4F5A60");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, kUuid);
  EXPECT_EQ(UuidToString(*bytes), "3f1b7c2e-8a4d-4e6f-9b0a-1c2d3e4f5a60");
}

TEST(UuidTest, RejectsWhatIsNotAUuid) {
  for (const char* text : {"", "3f1b7c2e8a4d4e6f9b0a1c2d3e4f5a60",
                           "3f1b7c2e-8a4d-4e6f-9b0a-1c2d3e4f5a6",
                           "3f1b7c2e-8a4d-4e6f-9b0a-1c2d3e4f5a6g",
                           "3f1b7c2e-8a4d-4e6f-9b0a_1c2d3e4f5a60"}) {
    EXPECT_FALSE(UuidFromString(text).ok()) << text;
  }
}

}  // namespace
}  // namespace policyreader::telephony
