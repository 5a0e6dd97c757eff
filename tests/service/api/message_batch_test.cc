// Checks EncodeBatch with a scripted codec: messages and audio keep their
// order, audio is split into chunks, and a codec failure (in Encode or in
// Finish) comes back as the codec's status with only what preceded it.
#include "service/api/message_batch.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace policyreader::api {
namespace {

// Writes one byte per sample ('a' for the first call, 'b' for the next, ...)
// and "!" on Finish; fails where told, after writing half of its output, as
// a real codec may leave a partial page behind.
class ScriptedEncoder : public audio::Encoder {
 public:
  // `fail_on_call`: 1-based Encode call that fails; 0 for none.
  ScriptedEncoder(int fail_on_call, bool fail_finish)
      : fail_on_call_(fail_on_call), fail_finish_(fail_finish) {}

  absl::Status Encode(std::span<const int16_t> pcm, std::string* out) override {
    ++calls_;
    const std::string bytes(pcm.size(), static_cast<char>('a' + calls_ - 1));
    if (calls_ == fail_on_call_) {
      out->append(bytes.substr(0, bytes.size() / 2));
      return absl::InternalError("scripted codec: encode refused");
    }
    out->append(bytes);
    return absl::OkStatus();
  }
  absl::Status Finish(std::string* out) override {
    ++finishes_;
    if (fail_finish_) {
      out->append("?");
      return absl::InternalError("scripted codec: finish refused");
    }
    out->append("!");
    return absl::OkStatus();
  }
  int finishes() const { return finishes_; }

 private:
  const int fail_on_call_;
  const bool fail_finish_;
  int calls_ = 0;
  int finishes_ = 0;
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

BatchItem Audio(size_t samples, bool finish = false) {
  BatchItem item;
  item.pcm.assign(samples, 7);
  item.finish_encoder = finish;
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

std::vector<BatchItem> TwoSentences() {
  std::vector<BatchItem> batch;
  batch.push_back(Start(0));
  batch.push_back(Audio(5));
  batch.push_back(End(0));
  batch.push_back(Start(1));
  batch.push_back(Audio(2, /*finish=*/true));
  batch.push_back(End(1));
  return batch;
}

TEST(MessageBatchTest, KeepsOrderAndSplitsAudioIntoChunks) {
  ScriptedEncoder encoder(/*fail_on_call=*/0, /*fail_finish=*/false);
  std::vector<v1::SynthesizeResponse> out;
  const absl::Status status =
      EncodeBatch(TwoSentences(), encoder, /*chunk_bytes=*/2, &out);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(Describe(out),
            (std::vector<std::string>{"start 0", "audio aa", "audio aa",
                                      "audio a", "end 0", "start 1", "audio bb",
                                      "audio !", "end 1"}));
  EXPECT_EQ(encoder.finishes(), 1);
}

TEST(MessageBatchTest, AppendsAfterWhatIsAlreadyThere) {
  ScriptedEncoder encoder(0, false);
  std::vector<v1::SynthesizeResponse> out(1);
  std::vector<BatchItem> batch;
  batch.push_back(Audio(3));
  ASSERT_TRUE(EncodeBatch(std::move(batch), encoder, 32, &out).ok());
  EXPECT_EQ(Describe(out), (std::vector<std::string>{"other", "audio aaa"}));
}

TEST(MessageBatchTest, ACodecFailureEndsTheBatchWithTheCodecsStatus) {
  struct Case {
    int fail_on_call;
    bool fail_finish;
    std::string message;
    int finishes;
  };
  // Encode fails on the second sentence's audio; or Finish does, which is
  // the same item: its audio goes into the same bytes as the finish.
  for (const Case& c : {Case{2, false, "scripted codec: encode refused", 0},
                        Case{0, true, "scripted codec: finish refused", 1}}) {
    ScriptedEncoder encoder(c.fail_on_call, c.fail_finish);
    std::vector<v1::SynthesizeResponse> out;
    const absl::Status status = EncodeBatch(TwoSentences(), encoder, 32, &out);
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << c.message;
    EXPECT_EQ(status.message(), c.message);
    // The first sentence whole and the second's start; none of the failed
    // item's bytes (half written), nor the end after it.
    EXPECT_EQ(Describe(out), (std::vector<std::string>{"start 0", "audio aaaaa",
                                                       "end 0", "start 1"}))
        << c.message;
    EXPECT_EQ(encoder.finishes(), c.finishes) << c.message;
  }
}

TEST(MessageBatchTest, AFinishOnItsOwnAddsOnlyTheTail) {
  ScriptedEncoder encoder(0, false);
  std::vector<BatchItem> batch;
  batch.push_back(End(3));
  batch.push_back(Audio(0, /*finish=*/true));
  std::vector<v1::SynthesizeResponse> out;
  ASSERT_TRUE(EncodeBatch(std::move(batch), encoder, 32, &out).ok());
  EXPECT_EQ(Describe(out), (std::vector<std::string>{"end 3", "audio !"}));
}

}  // namespace
}  // namespace policyreader::api
