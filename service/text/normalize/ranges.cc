#include "service/text/normalize/ranges.h"

#include <array>

#include "service/text/normalize/danish_numbers.h"

namespace policyreader::text {
namespace {

// Weekdays are grammar like the month names (danish_numbers.h), not local
// terms.
constexpr std::array<std::string_view, 7> kWeekdays = {
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"};

constexpr std::string_view kDashes[] = {"\u2013", "\u2014", "-"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsDayOrMonth(std::string_view token) {
  const std::string lower = LowerCase(token);
  for (const std::string_view day : kWeekdays) {
    if (lower == day) return true;
  }
  for (int month = 1; month <= 12; ++month) {
    if (lower == MonthName(month)) return true;
  }
  return false;
}

// "4.", "28." (an ordinal).
bool IsOrdinalToken(std::string_view token) {
  if (token.size() < 2 || token.size() > 4 || token.back() != '.') return false;
  for (size_t i = 0; i + 1 < token.size(); ++i) {
    if (!IsDigit(token[i])) return false;
  }
  return true;
}

// "10.03.2022", "4/9-2024": a date written in digits.
bool IsDigitDate(std::string_view token) {
  int groups = 0;
  size_t digits = 0;
  for (const char c : token) {
    if (IsDigit(c)) {
      ++digits;
      continue;
    }
    if ((c != '.' && c != '/') || digits == 0) return false;
    ++groups;
    digits = 0;
  }
  return groups == 2 && digits >= 2;
}

bool IsYear(std::string_view token) {
  if (token.size() != 4) return false;
  for (const char c : token) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// The token ending at `end` (exclusive) and the one before it.
std::string_view TokenBefore(std::string_view text, size_t end, size_t* begin) {
  size_t b = end;
  while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '(' &&
         text[b - 1] != '\n') {
    --b;
  }
  *begin = b;
  return text.substr(b, end - b);
}

std::string_view TokenAfter(std::string_view text, size_t begin) {
  size_t e = begin;
  while (e < text.size() && text[e] != ' ' && text[e] != ',' &&
         text[e] != ')' && text[e] != '\n' && text[e] != ':') {
    ++e;
  }
  return text.substr(begin, e - begin);
}

// "4. klasse-6. klasse": the school year after an ordinal.
bool IsCountedSchoolYear(std::string_view text, size_t begin,
                         std::string_view token) {
  if (token != "klasse" && token != "klassetrin") return false;
  size_t before = 0;
  return begin >= 2 && text[begin - 1] == ' ' &&
         IsOrdinalToken(TokenBefore(text, begin - 1, &before));
}

// What comes before the dash makes it a range of days, months or dates.
bool LeftIsRangeStart(std::string_view text, size_t end) {
  size_t begin = 0;
  std::string_view token = TokenBefore(text, end, &begin);
  if (token.ends_with(',')) return false;
  if (IsDayOrMonth(token) || IsDigitDate(token) || IsOrdinalToken(token) ||
      IsCountedSchoolYear(text, begin, token)) {
    return true;
  }
  // "marts 2004 –".
  if (IsYear(token) && begin >= 2 && text[begin - 1] == ' ') {
    size_t before = 0;
    return IsDayOrMonth(TokenBefore(text, begin - 1, &before));
  }
  return false;
}

bool RightIsRangeEnd(std::string_view text, size_t begin, bool left_ordinal) {
  const std::string_view token = TokenAfter(text, begin);
  if (IsDayOrMonth(token) || IsDigitDate(token)) return !left_ordinal;
  // "28. maj – 10. juni", "4. - 6. klasse".
  return IsOrdinalToken(token) && begin + token.size() + 1 < text.size() &&
         text[begin + token.size()] == ' ';
}

}  // namespace

std::string ReadWordRanges(std::string_view text,
                           const LanguageRules& /*rules*/) {
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t dash = 0;
    for (const std::string_view d : kDashes) {
      if (text.substr(pos).starts_with(d)) {
        dash = d.size();
        break;
      }
    }
    if (dash == 0) {
      ++pos;
      continue;
    }
    size_t left_end = pos;
    while (left_end > 0 && text[left_end - 1] == ' ') --left_end;
    size_t right_begin = pos + dash;
    while (right_begin < text.size() && text[right_begin] == ' ') ++right_begin;
    const bool spaced = left_end != pos || right_begin != pos + dash;
    // A hyphen glued on both sides is a range only between names
    // ("januar-april"); "3-5" is for the number rules.
    size_t left_begin = 0;
    const std::string_view left = TokenBefore(text, left_end, &left_begin);
    const bool left_ordinal = IsOrdinalToken(left);
    if (left_end > 0 && right_begin < text.size() &&
        (spaced || IsDayOrMonth(left) ||
         IsCountedSchoolYear(text, left_begin, left)) &&
        LeftIsRangeStart(text, left_end) &&
        RightIsRangeEnd(text, right_begin, left_ordinal)) {
      out.append(text.substr(copied, left_end - copied));
      out.append(" til ");
      copied = right_begin;
      pos = right_begin;
      continue;
    }
    pos += dash;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace policyreader::text
