// See audiosocket_codec.h.
#include "service/telephony/audiosocket_codec.h"

#include "absl/strings/str_cat.h"

namespace policyreader::telephony {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsDashPosition(size_t i) {
  return i == 8 || i == 13 || i == 18 || i == 23;
}

}  // namespace

absl::Status MessageDecoder::Feed(std::string_view bytes,
                                  std::vector<Message>* out) {
  if (!failed_.ok()) return failed_;
  buffer_.append(bytes.data(), bytes.size());
  size_t at = 0;
  while (buffer_.size() - at >= kHeaderBytes) {
    const uint8_t type = static_cast<uint8_t>(buffer_[at]);
    const size_t length = (static_cast<uint8_t>(buffer_[at + 1]) << 8) |
                          static_cast<uint8_t>(buffer_[at + 2]);
    if (length > max_payload_) {
      failed_ = absl::InvalidArgumentError(absl::StrCat(
          "message of type 0x", absl::Hex(static_cast<unsigned>(type)),
          " with ", length, " bytes of payload (at most ", max_payload_, ")"));
      break;
    }
    if ((type == kTypeUuid && length != kUuidBytes) ||
        (type == kTypeDtmf && length != 1)) {
      failed_ = absl::InvalidArgumentError(absl::StrCat(
          "message of type 0x", absl::Hex(static_cast<unsigned>(type)),
          " with ", length, " bytes of payload (expected ",
          type == kTypeUuid ? kUuidBytes : 1, ")"));
      break;
    }
    if (buffer_.size() - at - kHeaderBytes < length) break;
    Message message;
    message.type = type;
    message.payload = buffer_.substr(at + kHeaderBytes, length);
    out->push_back(std::move(message));
    at += kHeaderBytes + length;
  }
  if (!failed_.ok()) {
    buffer_.clear();
    return failed_;
  }
  buffer_.erase(0, at);
  return absl::OkStatus();
}

std::string EncodeMessage(uint8_t type, std::string_view payload) {
  std::string message;
  message.reserve(kHeaderBytes + payload.size());
  message.push_back(static_cast<char>(type));
  message.push_back(static_cast<char>((payload.size() >> 8) & 0xff));
  message.push_back(static_cast<char>(payload.size() & 0xff));
  message.append(payload.data(), payload.size());
  return message;
}

std::string UuidToString(std::string_view bytes16) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < bytes16.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    const uint8_t byte = static_cast<uint8_t>(bytes16[i]);
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 0xf]);
  }
  return text;
}

absl::StatusOr<std::string> UuidFromString(std::string_view text) {
  constexpr size_t kTextLength = 36;
  std::string bytes;
  bool ok = text.size() == kTextLength;
  for (size_t i = 0; ok && i < kTextLength; ++i) {
    if (IsDashPosition(i)) {
      ok = text[i] == '-';
    } else if (HexValue(text[i]) < 0) {
      ok = false;
    }
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", std::string(text),
        "\" is not a UUID (like 4f0c7a52-3b1e-4d6a-9a51-2c8e0f1b7d3e)"));
  }
  for (size_t i = 0; i < kTextLength;) {
    if (IsDashPosition(i)) {
      ++i;
      continue;
    }
    bytes.push_back(
        static_cast<char>(HexValue(text[i]) << 4 | HexValue(text[i + 1])));
    i += 2;
  }
  return bytes;
}

}  // namespace policyreader::telephony
