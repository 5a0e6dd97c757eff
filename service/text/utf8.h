// UTF-8 validation and decoding for the text pipeline. Requests arrive as raw
// bytes; everything downstream (offsets, segmentation, normalization) relies
// on the text being well-formed UTF-8, so it is checked once at the door and
// the rest of the pipeline decodes without re-checking.
//
// Thread-safety: stateless free functions; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_UTF8_H_
#define POLICY_READER_SERVICE_TEXT_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace policyreader::text {

// OK for well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, no
// code points above U+10FFFF, no truncated sequences. Otherwise
// INVALID_ARGUMENT "text is not valid UTF-8 at byte N", N being the offset of
// the first byte of the offending sequence, so a client can find it.
absl::Status ValidateUtf8(std::string_view text);

// Byte offset of the first invalid sequence, or npos when `text` is valid.
size_t FindInvalidUtf8(std::string_view text);

struct DecodedChar {
  char32_t code_point = 0;
  // Bytes the character occupies; 0 only at the end of the text.
  size_t length = 0;
};

// DecodeUtf8 beyond ASCII.
DecodedChar DecodeUtf8NonAscii(std::string_view text, size_t pos);

// The character starting at byte `pos`. Tolerates invalid input (returns
// U+FFFD with length 1) so a caller that skipped validation cannot run off
// the end or loop forever. At or past the end: {0, 0}. Inline for ASCII,
// which is most of a Danish text: the segmenter and normalizer decode every
// character several times.
inline DecodedChar DecodeUtf8(std::string_view text, size_t pos) {
  if (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80) {
    return {static_cast<char32_t>(text[pos]), 1};
  }
  return DecodeUtf8NonAscii(text, pos);
}

// The character ending just before byte `pos` (pos > 0). Returns {0, 0} at
// the start of the text.
DecodedChar DecodeUtf8Before(std::string_view text, size_t pos);

// Appends the UTF-8 encoding of `code_point` (assumed to be a valid scalar).
void AppendUtf8(char32_t code_point, std::string* out);

// Number of characters (code points) in valid UTF-8 text.
size_t CountChars(std::string_view text);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_UTF8_H_
