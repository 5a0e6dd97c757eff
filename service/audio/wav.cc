// RIFF/WAVE writing and reading for the three formats the service produces.
//
// G.711 files carry what Microsoft requires of non-PCM WAVs and what sox and
// Asterisk check: an 18-byte WAVEFORMATEX (cbSize = 0) and a "fact" chunk
// with the sample count. PCM16 files use the plain 16-byte PCM fmt chunk that
// every player knows.
#include "service/audio/wav.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "service/audio/encoder.h"

namespace policyreader::audio {
namespace {

constexpr uint16_t kFormatPcm = 1;
constexpr uint16_t kFormatAlaw = 6;
constexpr uint16_t kFormatMulaw = 7;
constexpr uint16_t kFormatExtensible = 0xFFFE;

constexpr size_t kChunkHeaderSize = 8;
constexpr size_t kPcmFmtSize = 16;
constexpr size_t kG711FmtSize = 18;  // WAVEFORMATEX with cbSize.
constexpr size_t kFactSize = 4;
// WAVEFORMATEXTENSIBLE: the sub-format GUID starts at this offset in "fmt ",
// and its first two bytes are the plain format tag.
constexpr size_t kExtensibleSubFormatOffset = 24;

// Streaming writers leave the data size at 0 (or all ones) until they know it.
constexpr uint32_t kUnknownSizeZero = 0;
constexpr uint32_t kUnknownSizeOnes = 0xFFFFFFFF;

bool IsPcm(Encoding encoding) { return encoding == Encoding::kLinear16; }

uint16_t FormatTag(Encoding encoding) {
  switch (encoding) {
    case Encoding::kLinear16:
      return kFormatPcm;
    case Encoding::kAlaw:
      return kFormatAlaw;
    case Encoding::kMulaw:
      return kFormatMulaw;
    case Encoding::kOggOpus:
    case Encoding::kMp3:
      break;  // Containers of their own; wav.h is for raw encodings only.
  }
  return kFormatPcm;
}

void Append16(uint16_t value, std::string* out) {
  out->push_back(static_cast<char>(value & 0xFF));
  out->push_back(static_cast<char>(value >> 8));
}

void Append32(uint32_t value, std::string* out) {
  for (int shift = 0; shift < 32; shift += 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

uint16_t Read16(std::string_view bytes, size_t offset) {
  return static_cast<uint16_t>(static_cast<uint8_t>(bytes[offset]) |
                               static_cast<uint8_t>(bytes[offset + 1]) << 8);
}

uint32_t Read32(std::string_view bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) {
    value = value << 8 | static_cast<uint8_t>(bytes[offset + i]);
  }
  return value;
}

}  // namespace

size_t WavHeaderSize(const WavFormat& format) {
  // "RIFF" size "WAVE" + fmt chunk [+ fact chunk] + data chunk header.
  constexpr size_t kRiffHeaderSize = 12;
  if (IsPcm(format.encoding)) {
    return kRiffHeaderSize + kChunkHeaderSize + kPcmFmtSize + kChunkHeaderSize;
  }
  return kRiffHeaderSize + kChunkHeaderSize + kG711FmtSize + kChunkHeaderSize +
         kFactSize + kChunkHeaderSize;
}

std::string WavHeader(const WavFormat& format, uint32_t data_bytes) {
  const bool pcm = IsPcm(format.encoding);
  const uint16_t bytes_per_sample =
      static_cast<uint16_t>(BytesPerSample(format.encoding));
  const auto rate = static_cast<uint32_t>(format.sample_rate_hz);
  const size_t header_size = WavHeaderSize(format);

  std::string out;
  out.reserve(header_size);
  out.append("RIFF");
  // Everything after the size field; saturates rather than wraps for data
  // near 4 GiB, which readers treat as "to the end".
  const uint64_t riff_size = header_size - kChunkHeaderSize + data_bytes;
  Append32(
      static_cast<uint32_t>(std::min<uint64_t>(riff_size, kUnknownSizeOnes)),
      &out);
  out.append("WAVE");

  out.append("fmt ");
  Append32(pcm ? kPcmFmtSize : kG711FmtSize, &out);
  Append16(FormatTag(format.encoding), &out);
  Append16(1, &out);  // Mono.
  Append32(rate, &out);
  Append32(rate * bytes_per_sample, &out);  // Byte rate.
  Append16(bytes_per_sample, &out);         // Block align.
  Append16(bytes_per_sample * 8, &out);     // Bits per sample.
  if (!pcm) {
    Append16(0, &out);  // cbSize: no extra format bytes.
    out.append("fact");
    Append32(kFactSize, &out);
    Append32(data_bytes / bytes_per_sample, &out);  // Sample count.
  }

  out.append("data");
  Append32(data_bytes, &out);
  return out;
}

absl::StatusOr<ParsedWav> ParseWav(const std::string& bytes) {
  const std::string_view view(bytes);
  if (view.size() < 12 || view.substr(0, 4) != "RIFF" ||
      view.substr(8, 4) != "WAVE") {
    return absl::InvalidArgumentError("not a WAV file: no RIFF/WAVE header");
  }

  std::optional<WavFormat> format;
  std::optional<std::string_view> data;
  size_t offset = 12;
  while (offset + kChunkHeaderSize <= view.size()) {
    const std::string_view id = view.substr(offset, 4);
    const uint32_t declared_size = Read32(view, offset + 4);
    const size_t body = offset + kChunkHeaderSize;
    const size_t available = view.size() - body;

    if (id == "data") {
      if (declared_size == kUnknownSizeZero ||
          declared_size == kUnknownSizeOnes) {
        data = view.substr(body);  // Streamed; the size was never rewritten.
      } else if (declared_size <= available) {
        data = view.substr(body, declared_size);
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("truncated WAV: data chunk declares ", declared_size,
                         " bytes but only ", available, " follow"));
      }
      break;  // Whatever follows the audio is of no interest.
    }

    if (declared_size > available) {
      return absl::InvalidArgumentError(absl::StrCat(
          "truncated WAV: chunk '", std::string(id), "' declares ",
          declared_size, " bytes but only ", available, " follow"));
    }
    if (id == "fmt ") {
      if (declared_size < kPcmFmtSize) {
        return absl::InvalidArgumentError(absl::StrCat(
            "WAV fmt chunk is ", declared_size, " bytes, need at least 16"));
      }
      uint16_t tag = Read16(view, body);
      const uint16_t channels = Read16(view, body + 2);
      const uint32_t rate = Read32(view, body + 4);
      const uint16_t bits = Read16(view, body + 14);
      if (tag == kFormatExtensible &&
          declared_size >= kExtensibleSubFormatOffset + 2) {
        tag = Read16(view, body + kExtensibleSubFormatOffset);
      }
      if (channels != 1) {
        return absl::InvalidArgumentError(absl::StrCat(
            "WAV has ", channels, " channels; only mono is supported"));
      }
      if (rate == 0 ||
          rate > static_cast<uint32_t>(std::numeric_limits<int>::max())) {
        return absl::InvalidArgumentError(
            absl::StrCat("WAV sample rate ", rate, " Hz is not usable"));
      }
      WavFormat parsed;
      parsed.sample_rate_hz = static_cast<int>(rate);
      if (tag == kFormatPcm && bits == 16) {
        parsed.encoding = Encoding::kLinear16;
      } else if (tag == kFormatAlaw && bits == 8) {
        parsed.encoding = Encoding::kAlaw;
      } else if (tag == kFormatMulaw && bits == 8) {
        parsed.encoding = Encoding::kMulaw;
      } else {
        return absl::InvalidArgumentError(absl::StrCat(
            "unsupported WAV format tag ", tag, " with ", bits,
            " bits per sample; need PCM 16-bit, A-law or mu-law 8-bit"));
      }
      format = parsed;
    }
    // RIFF chunks are word-aligned: odd sizes are followed by a pad byte.
    offset = body + declared_size + (declared_size & 1);
  }

  if (!data.has_value() && offset < view.size()) {
    return absl::InvalidArgumentError(
        "truncated WAV: ends inside a chunk header");
  }
  if (!format.has_value()) {
    return absl::InvalidArgumentError("WAV has no fmt chunk before its data");
  }
  if (!data.has_value()) {
    return absl::InvalidArgumentError("WAV has no data chunk");
  }
  if (data->size() % BytesPerSample(format->encoding) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "WAV data is ", data->size(), " bytes, not a whole number of samples"));
  }
  return ParsedWav{.format = *format, .data = std::string(*data)};
}

}  // namespace policyreader::audio
