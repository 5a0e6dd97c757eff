// The raw encoders: LINEAR16 (little-endian bytes) and G.711 A-law/mu-law
// (one table lookup per sample). None of them buffers, so Finish is empty,
// and none can fail.
// The compressed ones live in opus_encoder.cc and mp3_encoder.cc.
#include "service/audio/encoder.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "service/audio/g711.h"
#include "service/audio/mp3_encoder.h"
#include "service/audio/opus_encoder.h"

namespace policyreader::audio {
namespace {

class Linear16Encoder final : public Encoder {
 public:
  absl::Status Encode(std::span<const int16_t> pcm, std::string* out) override {
    // An empty span may hold a null pointer, which memcpy must not see.
    if (pcm.empty()) return absl::OkStatus();
    const size_t start = out->size();
    out->resize(start + pcm.size() * 2);
    char* dest = out->data() + start;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(dest, pcm.data(), pcm.size_bytes());
    } else {
      for (const int16_t sample : pcm) {
        const auto bits = static_cast<uint16_t>(sample);
        *dest++ = static_cast<char>(bits & 0xFF);
        *dest++ = static_cast<char>(bits >> 8);
      }
    }
    return absl::OkStatus();
  }
  absl::Status Finish(std::string* out) override { return absl::OkStatus(); }
};

template <uint8_t (*kCompress)(int16_t)>
class G711Encoder final : public Encoder {
 public:
  absl::Status Encode(std::span<const int16_t> pcm, std::string* out) override {
    const size_t start = out->size();
    out->resize(start + pcm.size());
    char* dest = out->data() + start;
    for (const int16_t sample : pcm) {
      *dest++ = static_cast<char>(kCompress(sample));
    }
    return absl::OkStatus();
  }
  absl::Status Finish(std::string* out) override { return absl::OkStatus(); }
};

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kLinear16:
      return "LINEAR16";
    case Encoding::kMulaw:
      return "MULAW";
    case Encoding::kAlaw:
      return "ALAW";
    case Encoding::kOggOpus:
      return "OGG_OPUS";
    case Encoding::kMp3:
      return "MP3";
  }
  return "UNKNOWN";  // Only reachable through a bad cast.
}

int BytesPerSample(Encoding encoding) {
  switch (encoding) {
    case Encoding::kLinear16:
      return 2;
    case Encoding::kMulaw:
    case Encoding::kAlaw:
      return 1;
    case Encoding::kOggOpus:
    case Encoding::kMp3:
      return 0;
  }
  return 0;  // Only reachable through a bad cast.
}

bool IsCompressed(Encoding encoding) {
  return encoding == Encoding::kOggOpus || encoding == Encoding::kMp3;
}

std::unique_ptr<Encoder> MakeEncoder(Encoding encoding) {
  switch (encoding) {
    case Encoding::kLinear16:
      return std::make_unique<Linear16Encoder>();
    case Encoding::kMulaw:
      return std::make_unique<G711Encoder<&LinearToMulaw>>();
    case Encoding::kAlaw:
      return std::make_unique<G711Encoder<&LinearToAlaw>>();
    case Encoding::kOggOpus:
    case Encoding::kMp3:
      return nullptr;
  }
  return nullptr;  // Only reachable through a bad cast.
}

absl::StatusOr<std::unique_ptr<Encoder>> MakeEncoder(Encoding encoding,
                                                     int sample_rate_hz) {
  switch (encoding) {
    case Encoding::kOggOpus:
      return MakeOggOpusEncoder({.sample_rate_hz = sample_rate_hz});
    case Encoding::kMp3:
      return MakeMp3Encoder(
          {.sample_rate_hz = sample_rate_hz,
           .bitrate_kbps = Mp3BitrateKbpsForRate(sample_rate_hz)});
    default:
      break;
  }
  if (std::unique_ptr<Encoder> raw = MakeEncoder(encoding)) return raw;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown encoding ", static_cast<int>(encoding)));
}

}  // namespace policyreader::audio
