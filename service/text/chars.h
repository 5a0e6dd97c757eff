// Character classes the segmenter and normalizer agree on: letters and their
// case (Danish æøå and the rest of Latin, Greek, Cyrillic), white space
// including the no-break spaces PDFs leave behind, invisible format
// characters, control characters, quotes and brackets. A small table of
// ranges rather than a full Unicode database: policy texts are Latin-script,
// and anything unknown above ASCII counts as a word character, which is the
// safe side (it is never a boundary and never cut).
//
// Thread-safety: stateless free functions; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_CHARS_H_
#define POLICY_READER_SERVICE_TEXT_CHARS_H_

#include <string>
#include <string_view>

namespace policyreader::text {

bool IsAsciiDigit(char32_t c);
bool IsNonAsciiUpper(char32_t c);
bool IsNonAsciiLower(char32_t c);
bool IsNonAsciiLetter(char32_t c);
// Inline for ASCII, which is most of a Danish text, as IsSpace.
inline bool IsUpper(char32_t c) {
  return c < 0x80 ? c >= 'A' && c <= 'Z' : IsNonAsciiUpper(c);
}
inline bool IsLower(char32_t c) {
  return c < 0x80 ? c >= 'a' && c <= 'z' : IsNonAsciiLower(c);
}
// Cased letters plus uncased scripts we do not case-map.
inline bool IsLetter(char32_t c) {
  return c < 0x80 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z'
                  : IsNonAsciiLetter(c);
}
// Letters, digits and unknown non-ASCII symbols: never a boundary.
bool IsWordChar(char32_t c);
bool IsNonAsciiSpace(char32_t c);
// Unicode white space, including line breaks and no-break spaces.
inline bool IsSpace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return IsNonAsciiSpace(c);
}
bool IsNonAsciiLineBreak(char32_t c);
// Characters that end a line: LF, CR, VT, FF, NEL, LS, PS.
inline bool IsLineBreak(char32_t c) {
  return c < 0x80 ? c >= 0x0A && c <= 0x0D : IsNonAsciiLineBreak(c);
}
// C0 and C1 controls and DEL, excluding the white-space ones (tab, LF, ...).
bool IsControl(char32_t c);
// Format characters that render as nothing: soft hyphen, zero-width
// spaces/joiners, BOM, bidi marks. Removed before speech.
bool IsInvisible(char32_t c);
// Characters that may close a sentence after its final punctuation.
bool IsClosingPunct(char32_t c);
// Characters that may open a sentence before its first word.
bool IsOpeningPunct(char32_t c);

char32_t ToLower(char32_t c);
char32_t ToUpper(char32_t c);
// `word` with its first character in upper case (UTF-8 in and out).
std::string Capitalized(std::string_view word);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_CHARS_H_
