// The raw encoders: LINEAR16 (little-endian bytes) and G.711 A-law/mu-law
// (one table lookup per sample). None of them buffers, so Finish is empty.
#include "service/audio/encoder.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "service/audio/g711.h"

namespace policyreader::audio {
namespace {

class Linear16Encoder final : public Encoder {
 public:
  void Encode(std::span<const int16_t> pcm, std::string* out) override {
    // An empty span may hold a null pointer, which memcpy must not see.
    if (pcm.empty()) return;
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
  }
  void Finish(std::string* out) override {}
};

template <uint8_t (*kCompress)(int16_t)>
class G711Encoder final : public Encoder {
 public:
  void Encode(std::span<const int16_t> pcm, std::string* out) override {
    const size_t start = out->size();
    out->resize(start + pcm.size());
    char* dest = out->data() + start;
    for (const int16_t sample : pcm) {
      *dest++ = static_cast<char>(kCompress(sample));
    }
  }
  void Finish(std::string* out) override {}
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
  }
  return 0;  // Only reachable through a bad cast.
}

std::unique_ptr<Encoder> MakeEncoder(Encoding encoding) {
  switch (encoding) {
    case Encoding::kLinear16:
      return std::make_unique<Linear16Encoder>();
    case Encoding::kMulaw:
      return std::make_unique<G711Encoder<&LinearToMulaw>>();
    case Encoding::kAlaw:
      return std::make_unique<G711Encoder<&LinearToAlaw>>();
  }
  return nullptr;  // Only reachable through a bad cast.
}

}  // namespace policyreader::audio
