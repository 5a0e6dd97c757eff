#include "service/text/utf8.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace policyreader::text {
namespace {

constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes one sequence strictly. Returns the length (1..4) or 0 when the
// sequence starting at `pos` is not well-formed.
size_t DecodeStrict(std::string_view text, size_t pos, char32_t* code_point) {
  const auto byte = [&](size_t i) -> uint8_t {
    return static_cast<uint8_t>(text[i]);
  };
  const uint8_t lead = byte(pos);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t length;
  char32_t value;
  // The lower bounds rule out overlong forms and surrogates at the second
  // byte, which is where RFC 3629's table puts them.
  uint8_t second_min = 0x80;
  uint8_t second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;  // overlong
    if (lead == 0xED) second_max = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
    if (lead == 0xF0) second_min = 0x90;  // overlong
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // stray continuation byte, C0/C1 overlong lead, or F5..FF
  }
  if (pos + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    const uint8_t b = byte(pos + i);
    const uint8_t lo = i == 1 ? second_min : 0x80;
    const uint8_t hi = i == 1 ? second_max : 0xBF;
    if (b < lo || b > hi) return 0;
    value = (value << 6) | (b & 0x3F);
  }
  *code_point = value;
  return length;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    // ASCII dominates policy text; skip it without the general decoder.
    if (static_cast<uint8_t>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t code_point;
    const size_t length = DecodeStrict(text, pos, &code_point);
    if (length == 0) return pos;
    pos += length;
  }
  return std::string_view::npos;
}

absl::Status ValidateUtf8(std::string_view text) {
  const size_t bad = FindInvalidUtf8(text);
  if (bad == std::string_view::npos) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("text is not valid UTF-8 at byte ", bad));
}

DecodedChar DecodeUtf8NonAscii(std::string_view text, size_t pos) {
  if (pos >= text.size()) return {};
  char32_t code_point;
  const size_t length = DecodeStrict(text, pos, &code_point);
  if (length == 0) return {kReplacementChar, 1};
  return {code_point, length};
}

DecodedChar DecodeUtf8Before(std::string_view text, size_t pos) {
  if (pos == 0 || pos > text.size()) return {};
  // Walk back over at most three continuation bytes to the lead byte.
  size_t start = pos - 1;
  for (int i = 0;
       i < 3 && start > 0 && (static_cast<uint8_t>(text[start]) & 0xC0) == 0x80;
       ++i) {
    --start;
  }
  const DecodedChar decoded = DecodeUtf8(text, start);
  if (start + decoded.length == pos) return decoded;
  return {kReplacementChar, 1};
}

void AppendUtf8(char32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

size_t CountChars(std::string_view text) {
  size_t count = 0;
  for (const char c : text) {
    if ((static_cast<uint8_t>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace policyreader::text
