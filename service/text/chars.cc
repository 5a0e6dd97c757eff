#include "service/text/chars.h"

#include <algorithm>
#include <iterator>

#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

template <size_t N>
bool InRanges(const Range (&ranges)[N], char32_t c) {
  return std::any_of(std::begin(ranges), std::end(ranges), [c](const Range& r) {
    return c >= r.first && c <= r.last;
  });
}

template <size_t N>
bool InList(const char32_t (&list)[N], char32_t c) {
  return std::find(std::begin(list), std::end(list), c) != std::end(list);
}

constexpr Range kSpaces[] = {
    {0x09, 0x0D},     {0x20, 0x20},     {0x85, 0x85},     {0xA0, 0xA0},
    {0x1680, 0x1680}, {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F},
    {0x205F, 0x205F}, {0x3000, 0x3000},
};

constexpr char32_t kLineBreaks[] = {0x0A, 0x0B,   0x0C,  0x0D,
                                    0x85, 0x2028, 0x2029};

constexpr Range kControls[] = {
    {0x00, 0x08}, {0x0E, 0x1F}, {0x7F, 0x84}, {0x86, 0x9F}};

constexpr Range kInvisibles[] = {
    {0xAD, 0xAD},     {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
    {0x2066, 0x206F}, {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB},
};

// Punctuation and symbols above ASCII: these separate words. Everything else
// above ASCII that is not space/control/invisible counts as a word character.
constexpr Range kNonWordSymbols[] = {
    {0xA1, 0xBF},     {0xD7, 0xD7},     {0xF7, 0xF7},     {0x2010, 0x2027},
    {0x2030, 0x205E}, {0x20A0, 0x20CF}, {0x2100, 0x214F}, {0x2190, 0x23FF},
    {0x2500, 0x27BF}, {0x2E00, 0x2E7F}, {0x3001, 0x303F}, {0xE000, 0xF8FF},
    {0xFE10, 0xFE1F}, {0xFE30, 0xFE4F}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20},
    {0xFFFC, 0xFFFD},
};

constexpr char32_t kClosing[] = {')',    ']',    '}',    '"',    '\'',
                                 0x2019, 0x201D, 0xBB,   0xAB,   0x203A,
                                 0x2039, 0x201C, 0x300D, 0x300F, 0xFF09};

constexpr char32_t kOpening[] = {'(',    '[',    '{',    '"',    '\'',
                                 0x2018, 0x201C, 0x201E, 0x201A, 0xAB,
                                 0xBB,   0x2039, 0x203A, 0x201D, 0x2019};

// Latin Extended-A pairs letters as (upper, lower) on even/odd code points,
// except in 0x0139..0x0148 and 0x0179..0x017E where the pairing is odd/even.
bool ExtendedAOddIsUpper(char32_t c) {
  return (c >= 0x0139 && c <= 0x0148) || (c >= 0x0179 && c <= 0x017E);
}

bool InExtendedAPairs(char32_t c) {
  return c >= 0x0100 && c <= 0x017E && c != 0x0138 && c != 0x0149;
}

}  // namespace

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

bool IsNonAsciiUpper(char32_t c) {
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c == 0x0178) return true;
  if (InExtendedAPairs(c)) return ((c & 1) == 1) == ExtendedAOddIsUpper(c);
  if (c >= 0x0391 && c <= 0x03A9) return true;
  if (c >= 0x0400 && c <= 0x042F) return true;
  if (c >= 0x1E00 && c <= 0x1EFF) return (c & 1) == 0;
  return false;
}

bool IsNonAsciiLower(char32_t c) {
  if (c >= 0xDF && c <= 0xFF) return c != 0xF7;
  if (c == 0x0138 || c == 0x0149 || c == 0x017F) return true;
  if (InExtendedAPairs(c)) return ((c & 1) == 1) != ExtendedAOddIsUpper(c);
  if (c >= 0x0180 && c <= 0x024F) return false;  // mixed; treated as uncased
  if (c >= 0x03AC && c <= 0x03CE) return true;
  if (c >= 0x0430 && c <= 0x045F) return true;
  if (c >= 0x1E00 && c <= 0x1EFF) return (c & 1) == 1;
  return false;
}

bool IsNonAsciiLetter(char32_t c) {
  if (IsNonAsciiUpper(c) || IsNonAsciiLower(c)) return true;
  return (c >= 0x0180 && c <= 0x02AF) || (c >= 0x0370 && c <= 0x03FF) ||
         (c >= 0x0400 && c <= 0x052F) || (c >= 0x1E00 && c <= 0x1EFF);
}

bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return IsAsciiDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
  return !IsSpace(c) && !IsControl(c) && !IsInvisible(c) &&
         !InRanges(kNonWordSymbols, c);
}

bool IsNonAsciiSpace(char32_t c) { return InRanges(kSpaces, c); }

bool IsNonAsciiLineBreak(char32_t c) { return InList(kLineBreaks, c); }

bool IsControl(char32_t c) { return InRanges(kControls, c); }

bool IsInvisible(char32_t c) { return InRanges(kInvisibles, c); }

bool IsClosingPunct(char32_t c) { return InList(kClosing, c); }

bool IsOpeningPunct(char32_t c) { return InList(kOpening, c); }

char32_t ToLower(char32_t c) {
  if (!IsUpper(c)) return c;
  if (c < 0x80 || (c >= 0xC0 && c <= 0xDE)) return c + 0x20;
  if (c == 0x0178) return 0xFF;
  if (c >= 0x0100 && c <= 0x017E) return c + 1;
  if (c >= 0x0391 && c <= 0x03A9) return c + 0x20;
  if (c >= 0x0410 && c <= 0x042F) return c + 0x20;
  if (c >= 0x0400 && c <= 0x040F) return c + 0x50;
  if (c >= 0x1E00 && c <= 0x1EFF) return c + 1;
  return c;
}

char32_t ToUpper(char32_t c) {
  if (!IsLower(c)) return c;
  if (c < 0x80) return c - 0x20;
  if (c == 0xFF) return 0x0178;
  if (c >= 0xE0 && c <= 0xFE) return c - 0x20;
  if (c >= 0x0100 && c <= 0x017E && c != 0x0138 && c != 0x0149) return c - 1;
  if (c >= 0x03B1 && c <= 0x03C9 && c != 0x03C2) return c - 0x20;
  if (c >= 0x0430 && c <= 0x044F) return c - 0x20;
  if (c >= 0x0450 && c <= 0x045F) return c - 0x50;
  if (c >= 0x1E00 && c <= 0x1EFF) return c - 1;
  return c;  // ß and other lower-case letters without a single upper form
}

std::string Capitalized(std::string_view word) {
  std::string out;
  const DecodedChar first = DecodeUtf8(word, 0);
  if (first.length == 0) return out;
  AppendUtf8(ToUpper(first.code_point), &out);
  out.append(word.substr(first.length));
  return out;
}

}  // namespace policyreader::text
