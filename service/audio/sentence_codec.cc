// Per-sentence encoders and stream writers; see sentence_codec.h.
#include "service/audio/sentence_codec.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "service/audio/encoder.h"
#include "service/audio/mp3_encoder.h"
#include "service/audio/opus_packets.h"

namespace policyreader::audio {
namespace {

// LINEAR16, G.711 and MP3: a whole-stream Encoder made for the sentence
// alone. The raw ones pad a framed sentence to a whole frame.
class EncoderPerSentence final : public SentenceEncoder {
 public:
  EncoderPerSentence(std::unique_ptr<Encoder> encoder, int frame_samples)
      : encoder_(std::move(encoder)), frame_samples_(frame_samples) {}

  absl::Status Encode(std::span<const int16_t> pcm,
                      std::string* unit) override {
    fed_ += pcm.size();
    return encoder_->Encode(pcm, unit);
  }

  absl::Status Finish(std::string* unit) override {
    if (frame_samples_ > 0) {
      const uint64_t frame = static_cast<uint64_t>(frame_samples_);
      const std::vector<int16_t> silence((frame - fed_ % frame) % frame, 0);
      if (absl::Status status = Encode(silence, unit); !status.ok()) {
        return status;
      }
    }
    return encoder_->Finish(unit);
  }

  uint64_t decoded_samples() const override { return fed_; }

 private:
  const std::unique_ptr<Encoder> encoder_;
  const int frame_samples_;
  uint64_t fed_ = 0;
};

// Units of every encoding but Opus are already stream bytes.
class PassThrough final : public StreamWriter {
 public:
  absl::Status Write(std::string_view unit, bool, bool,
                     std::string* out) override {
    out->append(unit);
    return absl::OkStatus();
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<SentenceEncoder>> MakeSentenceEncoder(
    const SentenceCodecOptions& options) {
  if (options.encoding == Encoding::kOggOpus) {
    return MakeOpusSentenceEncoder({.sample_rate_hz = options.sample_rate_hz});
  }
  absl::StatusOr<std::unique_ptr<Encoder>> encoder =
      MakeEncoder(options.encoding, options.sample_rate_hz);
  if (!encoder.ok()) return encoder.status();
  return std::make_unique<EncoderPerSentence>(
      std::move(*encoder),
      IsCompressed(options.encoding) ? 0 : options.frame_samples);
}

absl::StatusOr<std::unique_ptr<StreamWriter>> MakeStreamWriter(
    const SentenceCodecOptions& options) {
  if (options.encoding == Encoding::kOggOpus) {
    return MakeOggOpusStreamWriter({.sample_rate_hz = options.sample_rate_hz});
  }
  return std::make_unique<PassThrough>();
}

size_t WholeRecordsPrefix(const SentenceCodecOptions& options,
                          std::string_view unit, size_t max_bytes) {
  if (unit.size() <= max_bytes) return unit.size();
  if (options.encoding == Encoding::kOggOpus) {
    return OpusRecordsPrefix(unit, max_bytes);
  }
  size_t record = 1;
  if (const int bytes = BytesPerSample(options.encoding); bytes > 0) {
    record = static_cast<size_t>(bytes) *
             static_cast<size_t>(std::max(1, options.frame_samples));
  }
  const size_t prefix = std::max(record, max_bytes - max_bytes % record);
  return std::min(unit.size(), prefix);
}

}  // namespace policyreader::audio
