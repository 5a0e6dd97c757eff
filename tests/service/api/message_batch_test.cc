// Checks WriteBatch with a scripted stream writer: messages and audio keep
// their order, units are split into chunks, a cached unit is written from
// where the stream left it, the end flags reach the writer, and a writer
// failure comes back as its status with only what preceded it.
#include "service/api/message_batch.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace policyreader::api {
namespace {

// Writes the unit as it is, then "|" at a sentence's end and "!" at the
// stream's; fails on the unit "bad", after writing half of it.
class ScriptedWriter : public audio::StreamWriter {
 public:
  absl::Status Write(std::string_view unit, bool end_of_sentence,
                     bool end_of_stream, std::string* out) override {
    if (unit == "bad") {
      out->append("ba");
      return absl::InternalError("scripted writer: refused");
    }
    out->append(unit);
    if (end_of_sentence) out->append("|");
    if (end_of_stream) out->append("!");
    return absl::OkStatus();
  }
};

BatchItem Start(uint32_t index) {
  BatchItem item;
  item.message.emplace().mutable_sentence_start()->set_index(index);
  return item;
}

BatchItem End(uint32_t index) {
  BatchItem item;
  item.message.emplace().mutable_sentence_end()->set_index(index);
  return item;
}

BatchItem Unit(std::string bytes, bool end_of_sentence = false,
               bool end_of_stream = false) {
  BatchItem item;
  item.owned = std::move(bytes);
  item.end_of_sentence = end_of_sentence;
  item.end_of_stream = end_of_stream;
  return item;
}

// One line per message: "start 0", "audio aaa", "end 0".
std::vector<std::string> Describe(
    const std::vector<v1::SynthesizeResponse>& messages) {
  std::vector<std::string> out;
  for (const v1::SynthesizeResponse& msg : messages) {
    if (msg.has_sentence_start()) {
      out.push_back("start " + std::to_string(msg.sentence_start().index()));
    } else if (msg.has_sentence_end()) {
      out.push_back("end " + std::to_string(msg.sentence_end().index()));
    } else if (msg.has_audio()) {
      out.push_back("audio " + msg.audio().data());
    } else {
      out.push_back("other");
    }
  }
  return out;
}

TEST(MessageBatchTest, KeepsOrderAndSplitsAudioIntoChunks) {
  ScriptedWriter writer;
  std::vector<BatchItem> batch;
  batch.push_back(Start(0));
  batch.push_back(Unit("aaaa"));
  batch.push_back(Unit("a", /*end_of_sentence=*/true));
  batch.push_back(End(0));
  batch.push_back(Start(1));
  batch.push_back(Unit("b", true, /*end_of_stream=*/true));
  batch.push_back(End(1));
  std::vector<v1::SynthesizeResponse> out;
  const absl::Status status =
      WriteBatch(std::move(batch), writer, /*chunk_bytes=*/2, &out);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(Describe(out),
            (std::vector<std::string>{"start 0", "audio aa", "audio aa",
                                      "audio a|", "end 0", "start 1",
                                      "audio b|", "audio !", "end 1"}));
}

TEST(MessageBatchTest, ACachedUnitIsWrittenFromWhereTheStreamWas) {
  ScriptedWriter writer;
  auto cached = std::make_shared<const std::string>("0123456789");
  std::vector<BatchItem> batch(1);
  batch[0].shared = cached;
  batch[0].shared_begin = 4;  // Sent while the sentence was synthesized.
  batch[0].end_of_sentence = true;
  std::vector<v1::SynthesizeResponse> out(1);
  ASSERT_TRUE(WriteBatch(std::move(batch), writer, 32, &out).ok());
  EXPECT_EQ(Describe(out),
            (std::vector<std::string>{"other", "audio 456789|"}));
}

TEST(MessageBatchTest, AWriterFailureEndsTheBatchWithItsStatus) {
  ScriptedWriter writer;
  std::vector<BatchItem> batch;
  batch.push_back(Start(0));
  batch.push_back(Unit("aaa", true));
  batch.push_back(End(0));
  batch.push_back(Start(1));
  batch.push_back(Unit("bad", true));
  batch.push_back(End(1));
  std::vector<v1::SynthesizeResponse> out;
  const absl::Status status = WriteBatch(std::move(batch), writer, 32, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(status.message(), "scripted writer: refused");
  // None of the failed item's bytes (half written), nor the end after it.
  EXPECT_EQ(Describe(out), (std::vector<std::string>{"start 0", "audio aaa|",
                                                     "end 0", "start 1"}));
}

}  // namespace
}  // namespace policyreader::api
