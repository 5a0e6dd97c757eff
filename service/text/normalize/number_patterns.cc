#include "service/text/normalize/number_patterns.h"

#include <cstdint>
#include <optional>
#include <vector>

#include "service/text/chars.h"
#include "service/text/normalize/danish_numbers.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

// Dashes that join a range: "2023-2035", "9.00 – 15.00".
constexpr std::string_view kRangeDashes[] = {"-", "\u2013", "\u2010"};
constexpr std::string_view kMinusSigns[] = {"-", "\u2212"};
// Quotes and brackets in front of a cue word: "(tlf. 43 21 00 00)".
constexpr std::string_view kOpeners[] = {
    "(", "[", "\"", "'", "\u00ab", "\u00bb", "\u201c", "\u201d", "\u201e"};
// "1ste", "2den", "3dje", "20ende": digits with an ordinal ending.
constexpr std::string_view kOrdinalSuffixes[] = {"ste", "den", "dje", "ende",
                                                 "nde", "de",  "te"};
// An account number has at most this many digits (register and account).
constexpr size_t kMaxAccountDigits = 18;
// More digits than this are read one by one (phone-like codes, ids).
constexpr size_t kMaxCardinalDigits = 15;
constexpr uint64_t kMaxHour = 24;
constexpr uint64_t kMaxMinute = 59;
constexpr uint64_t kMaxDay = 31;
constexpr uint64_t kMaxMonth = 12;
constexpr size_t kPhoneDigits = 8;

// Debian's Abseil has its own string_view type; bridge explicitly.
absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool DigitAt(std::string_view text, size_t pos) {
  return pos < text.size() && IsDigit(text[pos]);
}

size_t DigitsEnd(std::string_view text, size_t pos) {
  while (pos < text.size() && IsDigit(text[pos])) ++pos;
  return pos;
}

uint64_t DigitsValue(std::string_view digits) {
  uint64_t value = 0;
  for (const char c : digits) {
    if (IsDigit(c)) value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

// Length of the first of `options` that `text` continues with at `pos`.
template <size_t N>
size_t StartsWithAny(std::string_view text, size_t pos,
                     const std::string_view (&options)[N]) {
  const std::string_view rest = text.substr(pos);
  for (const std::string_view option : options) {
    if (rest.starts_with(option)) return option.size();
  }
  return 0;
}

size_t SkipSpaces(std::string_view text, size_t pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
  return pos;
}

// The end of "<spaces>-<spaces>" at `pos` (a range), or 0.
size_t RangeDashEnd(std::string_view text, size_t pos) {
  const size_t dash = SkipSpaces(text, pos);
  const size_t length = StartsWithAny(text, dash, kRangeDashes);
  if (length == 0) return 0;
  return SkipSpaces(text, dash + length);
}

bool IsLetterAt(std::string_view text, size_t pos) {
  return pos < text.size() && IsLetter(DecodeUtf8(text, pos).code_point);
}

// A number, unit or cue ends here: not inside a word, and not before an
// abbreviation's dot ("5 m.fl." is not five metres).
bool WordBoundaryAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return true;
  const char32_t c = DecodeUtf8(text, pos).code_point;
  if (IsLetter(c) || IsAsciiDigit(c)) return false;
  return !(c == '.' && IsLetterAt(text, pos + 1));
}

// Only closing punctuation and spaces follow.
bool AtSentenceEnd(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (!IsClosingPunct(c.code_point) && !IsSpace(c.code_point)) return false;
    pos += c.length;
  }
  return true;
}

struct Context {
  std::string_view text;
  const LanguageRules& rules;
};

// The word before `pos` as written ("kl.", "§", "tlf."), opening quotes and
// brackets removed.
std::string_view WordBefore(std::string_view text, size_t pos) {
  size_t end = pos;
  while (end > 0 && text[end - 1] == ' ') --end;
  size_t begin = end;
  while (begin > 0 && text[begin - 1] != ' ') --begin;
  std::string_view word = text.substr(begin, end - begin);
  for (size_t n; (n = StartsWithAny(word, 0, kOpeners)) != 0;) {
    word.remove_prefix(n);
  }
  return word;
}

const NumberCueRule* CueBefore(const Context& ctx, size_t pos) {
  if (ctx.rules.number_cues.empty()) return nullptr;
  std::string_view word = WordBefore(ctx.text, pos);
  // "Journalnr:", "Tlf.:": a colon after the cue changes nothing.
  if (word.ends_with(':')) word.remove_suffix(1);
  if (word.empty() || word.size() > kMaxAbbreviationBytes) return nullptr;
  const auto it = ctx.rules.number_cues.find(LowerCase(word));
  return it == ctx.rules.number_cues.end() ? nullptr : &it->second;
}

bool HasCue(const Context& ctx, size_t pos, NumberCue cue) {
  const NumberCueRule* rule = CueBefore(ctx, pos);
  return rule != nullptr && rule->cue == cue;
}

// The lower-cased letters of the word starting after spaces at `pos`.
std::string WordAfter(std::string_view text, size_t pos) {
  pos = SkipSpaces(text, pos);
  size_t end = pos;
  while (end < text.size()) {
    const DecodedChar c = DecodeUtf8(text, end);
    if (!IsLetter(c.code_point)) break;
    end += c.length;
  }
  return LowerCase(text.substr(pos, end - pos));
}

// "1 år" -> neuter; "stk. 1" (a label) -> neuter; otherwise common.
Gender GenderAround(const Context& ctx, size_t begin, size_t end) {
  if (HasCue(ctx, begin, NumberCue::kLabel)) return Gender::kNeuter;
  // "i 1, stk. 5": a provision's number (its § lost in the copy).
  if (ctx.text.substr(end).starts_with(", stk.")) return Gender::kNeuter;
  if (ctx.rules.neuter_nouns.contains(WordAfter(ctx.text, end))) {
    return Gender::kNeuter;
  }
  return Gender::kCommon;
}

// ---------------------------------------------------------------------------
// Amounts: "3.500.000", "2,5", "500,-".

struct Amount {
  size_t begin = 0;
  size_t integer_end = 0;
  size_t end = 0;
  uint64_t value = 0;
  size_t digit_count = 0;
  // Written with thousands dots ("1.500").
  bool grouped = false;
  std::string_view fraction;
  // "500,-": whole kroner, said even when no unit is written.
  bool whole_kroner = false;
};

std::optional<Amount> ParseAmount(std::string_view text, size_t pos) {
  size_t end = DigitsEnd(text, pos);
  if (end == pos) return std::nullopt;
  Amount amount;
  amount.begin = pos;
  amount.digit_count = end - pos;
  // Thousands groups: exactly three digits after each dot.
  if (end - pos <= 3) {
    while (end + 4 <= text.size() && text[end] == '.' &&
           DigitsEnd(text, end + 1) == end + 4) {
      end += 4;
      amount.digit_count += 3;
      amount.grouped = true;
    }
  }
  amount.integer_end = end;
  amount.value = DigitsValue(text.substr(pos, end - pos));
  if (end + 1 < text.size() && text[end] == ',' && IsDigit(text[end + 1])) {
    const size_t fraction_end = DigitsEnd(text, end + 1);
    amount.fraction = text.substr(end + 1, fraction_end - end - 1);
    end = fraction_end;
  } else if (text.substr(end).starts_with(",-") && !DigitAt(text, end + 2)) {
    amount.whole_kroner = true;
    end += 2;
    if (end < text.size() && text[end] == '-') ++end;
  }
  amount.end = end;
  return amount;
}

// The integer part in words; `in_hundreds` allows "nitten hundrede ...".
std::string IntegerWords(std::string_view text, const Amount& amount,
                         Gender gender, bool in_hundreds) {
  const std::string_view written =
      text.substr(amount.begin, amount.integer_end - amount.begin);
  if (amount.digit_count > kMaxCardinalDigits ||
      (written.size() > 1 && written[0] == '0')) {
    return SpokenDigits(written);
  }
  if (in_hundreds && !amount.grouped && amount.digit_count == 4) {
    return SpokenHundreds(amount.value);
  }
  return SpokenCardinal(amount.value, gender);
}

std::string AmountWords(std::string_view text, const Amount& amount,
                        Gender gender, bool in_hundreds) {
  std::string out = IntegerWords(text, amount, gender,
                                 in_hundreds && amount.fraction.empty());
  // "34,00" (a rate or price in a table) is 34; nobody says "komma nul nul".
  if (!amount.fraction.empty() && amount.fraction != "00") {
    out.append(" komma ");
    out.append(SpokenFraction(amount.fraction));
  }
  return out;
}

bool IsOne(const Amount& amount) {
  return amount.value == 1 && amount.fraction.empty() &&
         amount.digit_count == 1;
}

// The longest unit written at `pos`, ending at a word boundary.
const Unit* MatchUnit(const Context& ctx, size_t pos, size_t* unit_end) {
  if (ctx.rules.units.empty() || pos >= ctx.text.size()) return nullptr;
  const size_t longest = std::min(kMaxUnitBytes, ctx.text.size() - pos);
  for (size_t length = longest; length > 0; --length) {
    const size_t end = pos + length;
    if (!WordBoundaryAt(ctx.text, end)) continue;
    const auto it = ctx.rules.units.find(AsAbsl(ctx.text.substr(pos, length)));
    if (it == ctx.rules.units.end()) continue;
    *unit_end = end;
    return &it->second;
  }
  return nullptr;
}

// The written form of the currency that "500,-" means.
constexpr std::string_view kWholeKronerUnit = "kr.";

// A unit after an amount, glued or after one space. A label that takes a
// number is none: "§ 95 stk. 3" is "paragraf 95 stykke 3".
const Unit* UnitAfter(const Context& ctx, size_t pos, size_t* unit_end) {
  const Unit* unit = MatchUnit(ctx, pos, unit_end);
  if (unit == nullptr && pos < ctx.text.size() && ctx.text[pos] == ' ') {
    unit = MatchUnit(ctx, pos + 1, unit_end);
  }
  if (unit != nullptr && DigitAt(ctx.text, SkipSpaces(ctx.text, *unit_end))) {
    const size_t begin = ctx.text[pos] == ' ' ? pos + 1 : pos;
    const auto cue = ctx.rules.number_cues.find(
        LowerCase(ctx.text.substr(begin, *unit_end - begin)));
    if (cue != ctx.rules.number_cues.end() &&
        cue->second.cue == NumberCue::kLabel) {
      return nullptr;
    }
  }
  return unit;
}

constexpr std::string_view kOreJoin = " og ";

bool AllZeros(std::string_view digits) {
  return !digits.empty() &&
         digits.find_first_not_of('0') == std::string_view::npos;
}

// Money with øre: "250,00 kr." is "250 kroner", "20.741,32 kroner" is
// "20.741 kroner og 32 øre". Any amount with a unit drops a fraction of
// zeros ("406,0 mio. kr."). Returns the amount to read and sets `ore` to
// what follows the unit.
Amount WholeAndOre(const Context& ctx, const Amount& amount, const Unit& unit,
                   bool another_unit, std::string* ore) {
  Amount whole = amount;
  if (AllZeros(amount.fraction)) {
    whole.fraction = {};
    return whole;
  }
  if (amount.fraction.size() != 2 || another_unit) return whole;
  const auto kroner = ctx.rules.units.find(AsAbsl(kWholeKronerUnit));
  const auto ore_unit = ctx.rules.units.find("øre");
  if (kroner == ctx.rules.units.end() || unit.many != kroner->second.many ||
      ore_unit == ctx.rules.units.end()) {
    return whole;
  }
  whole.fraction = {};
  const uint64_t value = DigitsValue(amount.fraction);
  *ore = std::string(kOreJoin) + SpokenCardinal(value) + " " +
         (value == 1 ? ore_unit->second.one : ore_unit->second.many);
  return whole;
}

// ---------------------------------------------------------------------------
// Rules. Each looks at the token starting at `pos` and, when it matches,
// says what to read and where the written form ends.

struct Reading {
  std::string spoken;
  size_t end = 0;
};

using NumberRule = bool (*)(const Context& ctx, size_t pos, Reading* reading);

// The word before `pos` is a noun in the genitive: "lovens", "Bekendtgørelsens"
// (five letters or more, ending in s; "hvis" and "mellemrums" aside).
bool IsGenitiveBefore(std::string_view text, size_t pos) {
  const std::string_view word = WordBefore(text, pos);
  if (word.size() < 5 || !word.ends_with('s')) return false;
  for (size_t i = 0; i < word.size();) {
    const DecodedChar c = DecodeUtf8(word, i);
    if (!IsLetter(c.code_point)) return false;
    i += c.length == 0 ? 1 : c.length;
  }
  const std::string lower = LowerCase(word);
  return lower.ends_with("ens") || lower.ends_with("ets") ||
         lower.ends_with("ernes") || lower.ends_with("nes");
}

// "§ 17" -> "paragraf 17", "d. 5/3" -> "den 5/3".
bool ReadCueWord(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  size_t end = pos;
  while (end < text.size() && text[end] != ' ' && !IsDigit(text[end]) &&
         end - pos <= kMaxAbbreviationBytes) {
    ++end;
  }
  if (end == pos || !DigitAt(text, SkipSpaces(text, end))) return false;
  const auto it =
      ctx.rules.number_cues.find(LowerCase(text.substr(pos, end - pos)));
  if (it == ctx.rules.number_cues.end() || it->second.spoken.empty()) {
    return false;
  }
  reading->spoken = IsUpper(DecodeUtf8(text, pos).code_point)
                        ? Capitalized(it->second.spoken)
                        : it->second.spoken;
  // "planlovens §§ 34-38": after a genitive the plural is indefinite
  // ("planlovens paragraffer", never "planlovens paragrafferne").
  constexpr std::string_view kDefinitePlural = "erne";
  if (reading->spoken.ends_with(kDefinitePlural) &&
      IsGenitiveBefore(text, pos)) {
    reading->spoken.resize(reading->spoken.size() - kDefinitePlural.size() + 2);
  }
  reading->end = end;
  return true;
}

// "€ 100" -> "et hundrede euro", "kr. 7.000,-" -> "7.000 kroner": said with
// the unit after the amount, as a Dane reads a price aloud.
bool ReadPrefixedCurrency(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  const char first = text[pos];
  if (IsDigit(first) || first == ' ') return false;
  // A lower-case unit starts a word ("kr. 50", not "Skr. 50").
  if (first >= 'a' && first <= 'z' && pos > 0 &&
      IsLetter(DecodeUtf8Before(text, pos).code_point)) {
    return false;
  }
  const size_t longest = std::min(kMaxUnitBytes, text.size() - pos);
  for (size_t length = longest; length > 0; --length) {
    const size_t unit_end = pos + length;
    const size_t amount_begin = unit_end < text.size() && text[unit_end] == ' '
                                    ? unit_end + 1
                                    : unit_end;
    if (!DigitAt(text, amount_begin)) continue;
    const auto it = ctx.rules.units.find(AsAbsl(text.substr(pos, length)));
    if (it == ctx.rules.units.end() || !it->second.may_precede) continue;
    const std::optional<Amount> amount = ParseAmount(text, amount_begin);
    if (!amount || !WordBoundaryAt(text, amount->end)) return false;
    const Unit& unit = it->second;
    std::string ore;
    const Amount whole = WholeAndOre(ctx, *amount, unit, false, &ore);
    // "kr. 170.101 - 173.869": a range of prices, the unit said once after.
    if (const size_t to_begin = RangeDashEnd(text, amount->end);
        ore.empty() && to_begin != 0 && DigitAt(text, to_begin)) {
      const std::optional<Amount> to = ParseAmount(text, to_begin);
      if (to && WordBoundaryAt(text, to->end)) {
        std::string to_ore;
        const Amount to_whole = WholeAndOre(ctx, *to, unit, false, &to_ore);
        if (to_ore.empty()) {
          reading->spoken =
              AmountWords(text, whole, Gender::kCommon, false) + " til " +
              AmountWords(text, to_whole, Gender::kCommon, false) + " " +
              unit.many;
          reading->end = to->end;
          return true;
        }
      }
    }
    if (!ore.empty() && whole.value == 0) {
      reading->spoken = ore.substr(kOreJoin.size());  // "kr. 0,50": "50 øre"
    } else {
      reading->spoken = AmountWords(
          text, whole, unit.neuter ? Gender::kNeuter : Gender::kCommon, false);
      reading->spoken.push_back(' ');
      reading->spoken.append(IsOne(*amount) ? unit.one : unit.many);
      reading->spoken.append(ore);
    }
    reading->end = amount->end;
    return true;
  }
  return false;
}

// "tlf. 43 21 00 00", "+45 43210000" -> pairs.
bool ReadPhone(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  std::string spoken;
  size_t scan = pos;
  if (text[scan] == '+') {
    size_t country_end = DigitsEnd(text, scan + 1);
    // "+4543210000": the country code is what comes before eight digits.
    if (country_end - scan - 1 > kPhoneDigits) country_end -= kPhoneDigits;
    if (country_end == scan + 1 || country_end - scan - 1 > 3) return false;
    spoken = "plus " + SpokenCardinal(DigitsValue(
                           text.substr(scan + 1, country_end - scan - 1)));
    scan = SkipSpaces(text, country_end);
  }
  std::vector<std::string_view> groups;
  size_t digits = 0;
  while (DigitAt(text, scan)) {
    const size_t group_end = DigitsEnd(text, scan);
    groups.push_back(text.substr(scan, group_end - scan));
    digits += group_end - scan;
    scan = group_end;
    if (digits >= kPhoneDigits) break;
    if (scan + 1 < text.size() && text[scan] == ' ' &&
        IsDigit(text[scan + 1])) {
      ++scan;
    } else {
      break;
    }
  }
  if (digits != kPhoneDigits || !WordBoundaryAt(text, scan) ||
      (scan + 1 < text.size() && (text[scan] == '.' || text[scan] == ',') &&
       IsDigit(text[scan + 1]))) {
    return false;
  }
  bool in_pairs = true;
  for (const std::string_view group : groups) {
    in_pairs = in_pairs && group.size() == 2;
    if (group.size() % 2 != 0) return false;
  }
  if (spoken.empty() && !(in_pairs && groups.size() == 4) &&
      !HasCue(ctx, pos, NumberCue::kPhone)) {
    return false;
  }
  for (const std::string_view group : groups) {
    for (size_t i = 0; i < group.size(); i += 2) {
      if (!spoken.empty()) spoken.push_back(' ');
      spoken.append(SpokenDigitPair(group.substr(i, 2)));
    }
  }
  reading->spoken = std::move(spoken);
  reading->end = scan;
  return true;
}

// After "kontonummer", "registreringsnummer": a bank's numbers as Danes read
// them off a giro card, the register number in pairs ("2210" -> "22 10"),
// an account's groups digit by digit ("0746 235 437" -> "0 7 4 6, 2 3 5,
// 4 3 7").
bool ReadAccount(const Context& ctx, size_t pos, Reading* reading) {
  if (!HasCue(ctx, pos, NumberCue::kAccount)) return false;
  const std::string_view text = ctx.text;
  std::vector<std::string_view> groups;
  size_t scan = pos;
  size_t digits = 0;
  while (DigitAt(text, scan)) {
    const size_t group_end = DigitsEnd(text, scan);
    groups.push_back(text.substr(scan, group_end - scan));
    digits += group_end - scan;
    scan = group_end;
    if (scan + 1 < text.size() && text[scan] == ' ' &&
        IsDigit(text[scan + 1])) {
      ++scan;
    } else {
      break;
    }
  }
  if (digits < 4 || digits > kMaxAccountDigits || !WordBoundaryAt(text, scan) ||
      (scan + 1 < text.size() && (text[scan] == '.' || text[scan] == ',') &&
       IsDigit(text[scan + 1]))) {
    return false;
  }
  std::string spoken;
  if (groups.size() == 1 && digits == 4) {
    spoken = SpokenDigitPair(groups[0].substr(0, 2)) + " " +
             SpokenDigitPair(groups[0].substr(2, 2));
  } else if (groups.size() == 2 && digits == 4 && groups[0].size() == 2) {
    spoken = std::string(text.substr(pos, scan - pos));  // read already
  } else {
    // Digits already read one by one ("0 7 4 6") stay one group.
    for (size_t i = 0; i < groups.size(); ++i) {
      if (i > 0) {
        spoken.append(
            groups[i].size() == 1 && groups[i - 1].size() == 1 ? " " : ", ");
      }
      spoken.append(SpokenDigits(groups[i]));
    }
  }
  reading->spoken = std::move(spoken);
  reading->end = scan;
  return true;
}

// One or two digits at `pos` ending at `*end`; false otherwise.
bool ParseSmall(std::string_view text, size_t pos, uint64_t max,
                uint64_t* value, size_t* end) {
  const size_t digits_end = DigitsEnd(text, pos);
  if (digits_end == pos || digits_end - pos > 2) return false;
  *value = DigitsValue(text.substr(pos, digits_end - pos));
  *end = digits_end;
  return *value <= max;
}

// Nothing that would continue a number follows: no digit, no ".5" or ",5".
bool NumberEndsAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return true;
  if (IsDigit(text[pos])) return false;
  if ((text[pos] == '.' || text[pos] == ',' || text[pos] == ':' ||
       text[pos] == '/') &&
      DigitAt(text, pos + 1)) {
    return false;
  }
  return !IsLetterAt(text, pos);
}

std::string DateWords(uint64_t day, uint64_t month,
                      std::optional<std::string_view> year) {
  std::string out = SpokenOrdinal(day);
  out.push_back(' ');
  out.append(MonthName(static_cast<int>(month)));
  if (year) {
    out.push_back(' ');
    out.append(year->size() == 4 ? SpokenHundreds(DigitsValue(*year))
                                 : SpokenCardinal(DigitsValue(*year)));
  }
  return out;
}

bool IsMonthName(std::string_view word) {
  for (int month = 1; month <= static_cast<int>(kMaxMonth); ++month) {
    if (word == MonthName(month)) return true;
  }
  return false;
}

bool IsYear(std::string_view digits);

// 1-12 for a month's three- or four-letter abbreviation in any case ("SEP",
// "okt", "sept"), else 0.
int MonthOfAbbreviation(std::string_view lower) {
  static constexpr std::string_view kAbbreviations[] = {
      "jan", "feb", "mar", "apr", "maj", "jun",
      "jul", "aug", "sep", "okt", "nov", "dec"};
  if (lower == "sept") return 9;
  for (int month = 0; month < 12; ++month) {
    if (lower == kAbbreviations[month]) return month + 1;
  }
  return 0;
}

// A day and month written "DD.MM" with no year and no "den" before them
// ("Mandag 24.05", "06.04. – 13.04.", "21.12.-02.01."): a date in a
// calendar, where a time would be "9.05" or follow "kl.". Two digits each,
// and either a weekday before them (not followed by a range dash: "mandag
// 10.05-12.00" is a time) or the ordinal's dot after the month.
bool BareDayMonth(const Context& ctx, size_t day_begin, size_t day_end,
                  size_t month_end) {
  const std::string_view text = ctx.text;
  if (day_end - day_begin != 2 || month_end - day_end != 3 ||
      text[day_end] != '.') {
    return false;
  }
  if (HasCue(ctx, day_begin, NumberCue::kTime) ||
      HasCue(ctx, day_begin, NumberCue::kLabel)) {
    return false;
  }
  const bool dotted = month_end < text.size() && text[month_end] == '.' &&
                      !DigitAt(text, month_end + 1);
  if (dotted) return true;
  return HasCue(ctx, day_begin, NumberCue::kWeekday) &&
         RangeDashEnd(text, month_end) == 0;
}

// "19.12.2023", "5/3-2024", and after a date cue "5/3", "19.12", "18 marts"
// (the day's dot forgotten: "d. 1 november").
bool ReadOneDate(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  uint64_t day = 0;
  uint64_t month = 0;
  size_t scan = 0;
  if (!ParseSmall(text, pos, kMaxDay, &day, &scan) || day == 0) return false;
  const size_t day_end = scan;
  if (scan + 1 < text.size() && text[scan] == ' ' &&
      IsLower(DecodeUtf8(text, scan + 1).code_point) &&
      IsMonthName(WordAfter(text, scan)) &&
      (HasCue(ctx, pos, NumberCue::kDate) ||
       HasCue(ctx, pos, NumberCue::kWeekday))) {
    reading->spoken = SpokenOrdinal(day);
    reading->end = scan;
    return true;
  }
  // "Opdateret 02 SEP 2019": a month's abbreviation between day and year.
  if (scan + 1 < text.size() && text[scan] == ' ') {
    const std::string word = WordAfter(text, scan);
    const int abbreviated = MonthOfAbbreviation(word);
    size_t year_begin = scan + 1 + word.size();
    if (year_begin < text.size() && text[year_begin] == '.') ++year_begin;
    if (abbreviated > 0 && year_begin + 5 <= text.size() &&
        text[year_begin] == ' ' &&
        DigitsEnd(text, year_begin + 1) == year_begin + 5 &&
        IsYear(text.substr(year_begin + 1, 4)) &&
        NumberEndsAt(text, year_begin + 5)) {
      reading->spoken = DateWords(day, static_cast<uint64_t>(abbreviated),
                                  text.substr(year_begin + 1, 4));
      reading->end = year_begin + 5;
      return true;
    }
  }
  if (scan + 1 >= text.size()) return false;
  const char separator = text[scan];
  // "26-05-2020" is a date only with its four-digit year: "4-6" is a range.
  const bool dashed = separator == '-';
  if (separator != '.' && separator != '/' && !dashed) return false;
  if (!ParseSmall(text, scan + 1, kMaxMonth, &month, &scan) || month == 0) {
    return false;
  }
  // The year: ".2023" after a dotted date, "-2024" or "/2024" after a
  // slashed one.
  std::optional<std::string_view> year;
  const bool year_separator =
      scan < text.size() &&
      (text[scan] == separator || (separator == '/' && text[scan] == '-'));
  if (year_separator && DigitAt(text, scan + 1)) {
    const size_t year_end = DigitsEnd(text, scan + 1);
    const size_t length = year_end - scan - 1;
    if ((length == 4 || (length == 2 && !dashed)) &&
        NumberEndsAt(text, year_end)) {
      year = text.substr(scan + 1, length);
      scan = year_end;
    } else {
      return false;
    }
  }
  // "af 25/2 2019": a slashed day and month with the year after a space.
  if (!year && separator == '/' && scan + 5 <= text.size() &&
      text[scan] == ' ' && DigitsEnd(text, scan + 1) == scan + 5 &&
      NumberEndsAt(text, scan + 5)) {
    year = text.substr(scan + 1, 4);
    scan += 5;
  }
  if (!NumberEndsAt(text, scan)) return false;
  if (dashed && !year) return false;
  if (!year && !HasCue(ctx, pos, NumberCue::kDate)) {
    if (!BareDayMonth(ctx, pos, day_end, scan)) return false;
    // The ordinal's dot after the month is no full stop inside a sentence.
    if (scan < text.size() && text[scan] == '.' &&
        !AtSentenceEnd(text, scan + 1)) {
      ++scan;
    }
  }
  reading->spoken = DateWords(day, month, year);
  reading->end = scan;
  return true;
}

// A date, a date range ("01.08.2020-31.07.2024", "06.04. – 13.04.") or
// days of one month ("14.-18.10."): the dash between two dates is "til".
bool ReadDate(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  Reading to;
  uint64_t day = 0;
  size_t day_end = 0;
  if (ParseSmall(text, pos, kMaxDay, &day, &day_end) && day > 0 &&
      day_end < text.size() && text[day_end] == '.') {
    const size_t to_begin = RangeDashEnd(text, day_end + 1);
    if (to_begin != 0 && DigitAt(text, to_begin) &&
        ReadOneDate(ctx, to_begin, &to)) {
      reading->spoken = SpokenOrdinal(day) + " til " + to.spoken;
      reading->end = to.end;
      return true;
    }
  }
  if (!ReadOneDate(ctx, pos, reading)) return false;
  const size_t to_begin = RangeDashEnd(text, reading->end);
  if (to_begin != 0 && DigitAt(text, to_begin) &&
      ReadOneDate(ctx, to_begin, &to)) {
    reading->spoken += " til " + to.spoken;
    reading->end = to.end;
  }
  return true;
}

struct Clock {
  uint64_t hour = 0;
  uint64_t minute = 0;
  size_t end = 0;
};

// "9.00", "17:30"; a bare hour ("9") only when `bare_hour`.
std::optional<Clock> ParseClock(std::string_view text, size_t pos,
                                bool bare_hour) {
  Clock clock;
  size_t scan = 0;
  if (!ParseSmall(text, pos, kMaxHour, &clock.hour, &scan)) {
    return std::nullopt;
  }
  if (scan + 2 < text.size() && (text[scan] == '.' || text[scan] == ':') &&
      DigitsEnd(text, scan + 1) == scan + 3) {
    clock.minute = DigitsValue(text.substr(scan + 1, 2));
    if (clock.minute > kMaxMinute || !NumberEndsAt(text, scan + 3)) {
      return std::nullopt;
    }
    clock.end = scan + 3;
    return clock;
  }
  if (!bare_hour || !NumberEndsAt(text, scan)) return std::nullopt;
  clock.end = scan;
  return clock;
}

// "klokken ni", "sytten tredive", "ni nul fem": the hour counts like "et".
std::string ClockWords(const Clock& clock) {
  std::string out = SpokenCardinal(clock.hour, Gender::kNeuter);
  if (clock.minute != 0) {
    out.push_back(' ');
    out.append(clock.minute < 10 ? "0 " + SpokenCardinal(clock.minute)
                                 : SpokenCardinal(clock.minute));
  }
  return out;
}

// "9.00", "kl. 9", "9.00 - 15.00", "kl. 9-15".
bool ReadTime(const Context& ctx, size_t pos, Reading* reading) {
  // "afsnit 2.12" is a section, not a time.
  if (HasCue(ctx, pos, NumberCue::kLabel)) return false;
  const bool cue = HasCue(ctx, pos, NumberCue::kTime);
  std::optional<Clock> from = ParseClock(ctx.text, pos, cue);
  // "Torsdag: 10-16.30": a bare hour before a dash and a clock time is the
  // start of the same opening hours.
  if (!from) {
    const std::optional<Clock> bare = ParseClock(ctx.text, pos, true);
    if (!bare) return false;
    const size_t to_begin = RangeDashEnd(ctx.text, bare->end);
    if (to_begin == 0 || !ParseClock(ctx.text, to_begin, false)) return false;
    from = bare;
  }
  reading->spoken = ClockWords(*from);
  reading->end = from->end;
  if (const size_t to_begin = RangeDashEnd(ctx.text, from->end);
      to_begin != 0) {
    if (const std::optional<Clock> to = ParseClock(ctx.text, to_begin, cue)) {
      reading->spoken.append(" til ");
      reading->spoken.append(ClockWords(*to));
      reading->end = to->end;
    }
  }
  return true;
}

// Digits and the dot of an ordinal at `pos` ("28."), at most three digits.
bool ParseOrdinalNumber(std::string_view text, size_t pos, uint64_t* value,
                        size_t* end) {
  const size_t digits_end = DigitsEnd(text, pos);
  // "07. august" is the 7th; "0." and "00." are not ordinals.
  const bool zero_padded =
      digits_end - pos == 2 && text[pos] == '0' && text[pos + 1] != '0';
  if (digits_end == pos || digits_end - pos > 3 ||
      (text[pos] == '0' && !zero_padded) || digits_end >= text.size() ||
      text[digits_end] != '.') {
    return false;
  }
  *value = DigitsValue(text.substr(pos, digits_end - pos));
  *end = digits_end + 1;
  return true;
}

// "0." is an ordinal only as the school year before the first.
bool IsSchoolYearWord(std::string_view word) {
  const std::string lower = LowerCase(word);
  return lower == "klasse" || lower == "klasser" || lower == "klassen" ||
         lower == "klasses" || lower == "klassetrin" || lower == "kl";
}

// "0." at `pos`: digits "0" and a dot.
bool ParseZeroOrdinal(std::string_view text, size_t pos, size_t* end) {
  if (pos + 1 >= text.size() || text[pos] != '0' || text[pos + 1] != '.') {
    return false;
  }
  *end = pos + 2;
  return true;
}

std::string OrdinalSaid(uint64_t value, Gender gender, bool as_digits) {
  if (value == 0) return "nulte";
  return as_digits ? SpokenOrdinal(value, gender) : OrdinalWords(value, gender);
}

// "28. juni", "3. klasse", "hver 4. år", "1.-3. klasse", "4-6. klasse"
// (the last dot stands for both), "0.-3. klasse" ("nulte").
// At `pos`: more ordinals ("8., 9. og 10.") joined by ", ", "og" or
// "eller", the last before a lower-case word ("8. eller 9. klassetrin").
bool SharedOrdinalFollows(const Context& ctx, size_t pos) {
  const std::string_view text = ctx.text;
  for (int listed = 0; listed < 8; ++listed) {
    uint64_t value = 0;
    size_t end = 0;
    if (!ParseOrdinalNumber(text, pos, &value, &end)) return false;
    if (end + 1 < text.size() && text[end] == ',' && text[end + 1] == ' ') {
      pos = end + 2;
      continue;
    }
    if (end >= text.size() || text[end] != ' ') return false;
    const std::string word = WordAfter(text, end);
    if (word == "og" || word == "eller") {
      pos = SkipSpaces(text, end + 1 + word.size());
      continue;
    }
    return !word.empty() && IsLower(DecodeUtf8(text, end + 1).code_point);
  }
  return false;
}

bool ReadOrdinal(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  // "§ 17. stk. 2", "nr 3. og": after a label the dot closes the number
  // (written as in a law's heading), it makes no ordinal.
  if (HasCue(ctx, pos, NumberCue::kLabel)) {
    const size_t end = DigitsEnd(text, pos);
    if (end > pos && end + 1 < text.size() && text[end] == '.' &&
        text[end + 1] == ' ') {
      const std::string next = WordAfter(text, end + 1);
      if (next == "stk" || next == "og" || next == "eller") {
        reading->spoken = std::string(text.substr(pos, end - pos));
        reading->end = end + 1;
        return true;
      }
    }
  }
  uint64_t first = 0;
  size_t scan = 0;
  bool zero = false;
  std::optional<uint64_t> last;
  bool first_dotted = false;
  if (ParseZeroOrdinal(text, pos, &scan)) {
    zero = true;
  } else if (ParseOrdinalNumber(text, pos, &first, &scan)) {
    first_dotted = true;
  } else {
    const size_t digits_end = DigitsEnd(text, pos);
    // "0-2. klasse" starts at the zeroth; "05-7." is no ordinal.
    if (digits_end == pos || digits_end - pos > 2 ||
        (text[pos] == '0' && digits_end - pos > 1)) {
      return false;
    }
    const size_t to_begin = RangeDashEnd(text, digits_end);
    uint64_t value = 0;
    size_t to_end = 0;
    if (to_begin == 0 || !ParseOrdinalNumber(text, to_begin, &value, &to_end)) {
      return false;
    }
    first = DigitsValue(text.substr(pos, digits_end - pos));
    if (value <= first) return false;
    zero = first == 0;
    last = value;
    scan = to_end;
  }
  if (!last) {
    if (const size_t to_begin = RangeDashEnd(text, scan); to_begin != 0) {
      uint64_t value = 0;
      size_t to_end = 0;
      if (ParseOrdinalNumber(text, to_begin, &value, &to_end)) {
        last = value;
        scan = to_end;
      }
    }
  }
  // "inden den 25.": after "den" an ordinal may end the sentence, its dot
  // also the full stop; eSpeak reads "25." there as a cardinal, so the word.
  if (!last && !zero && AtSentenceEnd(text, scan) &&
      HasCue(ctx, pos, NumberCue::kDate)) {
    reading->spoken = OrdinalWords(first);
    reading->end = scan - 1;
    return true;
  }
  // "På 7., 8. eller 9. klassetrin": ordinals listed before the word they
  // share; eSpeak reads "7.," as a cardinal, so the word.
  if (!last && !zero && scan + 1 < text.size() && text[scan] == ',' &&
      text[scan + 1] == ' ' && SharedOrdinalFollows(ctx, scan + 2)) {
    reading->spoken = OrdinalWords(first);
    reading->end = scan;
    return true;
  }
  // "»1.-9.«", "16. – 20. Efterårsferie": a range of ordinals with no word
  // after it that eSpeak would read them before; said as words.
  if (last && !zero && first > 0 && first_dotted &&
      (scan >= text.size() || text[scan] != ' ' ||
       (IsUpper(DecodeUtf8(text, scan + 1).code_point) &&
        !IsOrdinalFollower(ctx.rules, WordAfter(text, scan))))) {
    reading->spoken = OrdinalWords(first) + " til " + OrdinalWords(*last);
    reading->end = scan;
    return true;
  }
  // A word must follow: a lower-case one, or a month or other ordinal
  // follower in any case ("28. Juni", "17. mar.").
  if (scan >= text.size() || text[scan] != ' ') return false;
  const size_t word_begin = scan + 1;
  if (!IsLetterAt(text, word_begin)) return false;
  size_t word_end = word_begin;
  while (word_end < text.size()) {
    const DecodedChar c = DecodeUtf8(text, word_end);
    if (!IsLetter(c.code_point)) break;
    word_end += c.length;
  }
  const std::string_view word = text.substr(word_begin, word_end - word_begin);
  const bool lower = IsLower(DecodeUtf8(text, word_begin).code_point);
  if (!lower && !IsOrdinalFollower(ctx.rules, word)) return false;
  // "0. - 7. kl.": the range's dash was read "til" before numbers were.
  if (zero && word == "til" && !last) {
    uint64_t value = 0;
    size_t to_end = 0;
    if (ParseOrdinalNumber(text, SkipSpaces(text, word_end), &value, &to_end) &&
        IsSchoolYearWord(WordAfter(text, to_end))) {
      reading->spoken = "nulte";
      reading->end = scan;
      return true;
    }
  }
  if (zero && !IsSchoolYearWord(word)) return false;
  const Gender gender = ctx.rules.neuter_nouns.contains(LowerCase(word))
                            ? Gender::kNeuter
                            : Gender::kCommon;
  // Digits with a dot are the ordinal to eSpeak only before a lower-case
  // word (and before "til").
  reading->spoken = OrdinalSaid(first, gender, last || lower);
  if (last) {
    reading->spoken.append(" til ");
    reading->spoken.append(OrdinalSaid(*last, gender, lower));
  }
  reading->end = scan;
  return true;
}

bool IsYear(std::string_view digits) {
  return digits.size() == 4 &&
         (digits.starts_with("19") || digits.starts_with("20"));
}

// One part of a case or journal number as a Dane reads it from a letter:
// "3619" -> "36 19", "0224" -> "0 2 24", "500301" -> "50 0 3 0 1",
// "04089" -> "0 4 0 8 9", "423" and "27717" as numbers, a year as a year.
std::string SpokenIdGroup(std::string_view group) {
  if (group == "1") return SpokenCardinal(1);
  if (IsYear(group)) return std::string(group);
  if (group.size() >= 4 && group.size() % 2 == 0) {
    std::string out;
    for (size_t i = 0; i < group.size(); i += 2) {
      if (!out.empty()) out.push_back(' ');
      out.append(SpokenDigitPair(group.substr(i, 2)));
    }
    return out;
  }
  if ((group.size() > 1 && group[0] == '0') || group.size() > 6) {
    return SpokenDigits(group);
  }
  return std::string(group);
}

// A number in a law or directive reference: "1523" in "2018/1523" is
// "15 hundrede og 23", a year stays a year.
std::string SpokenLawNumber(std::string_view group) {
  if (group.size() == 4 && !IsYear(group) && group[0] != '0') {
    const uint64_t value = DigitsValue(group);
    std::string out = std::to_string(value / 100) + " hundrede";
    if (value % 100 != 0) out += " og " + SpokenCardinal(value % 100);
    return out;
  }
  if (group.size() > 1 && group[0] == '0') return SpokenDigits(group);
  return group == "1" ? SpokenCardinal(1) : std::string(group);
}

// "2018/1523", "83/2005": a year and a number joined by a slash name a law,
// a directive or a case, never a date or a fraction.
bool IsYearSlashNumber(std::string_view text, size_t pos) {
  const size_t first_end = DigitsEnd(text, pos);
  if (first_end >= text.size() || text[first_end] != '/') return false;
  const size_t second_end = DigitsEnd(text, first_end + 1);
  if (second_end == first_end + 1) return false;
  const std::string_view first = text.substr(pos, first_end - pos);
  const std::string_view second =
      text.substr(first_end + 1, second_end - first_end - 1);
  if (IsYear(first)) return true;
  // "88/344/EØF", "2009/32/EF": an EU act, its year first, its treaty after.
  if (second_end + 1 < text.size() && text[second_end] == '/' &&
      IsUpper(DecodeUtf8(text, second_end + 1).code_point)) {
    return true;
  }
  // "12/2013" may be a month; "83/2005" is not.
  return IsYear(second) && (first.size() >= 3 || DigitsValue(first) > 12);
}

// After an identifier word ("principafgørelse 41-17", "journalnr.
// 2019-423-0209"): digit groups joined by '-' or '/' are parts of one name,
// never a range or a fraction. A slash is said: "skråstreg", which eSpeak
// pronounces better written out than as "/".
bool ReadIdentifier(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  // After a label ("sag nr. 20/04089", "nr. 1234/2007") and in a year and
  // number ("direktiv 2016/2102") a slash also joins a name.
  const bool slashed = text.substr(DigitsEnd(text, pos)).starts_with('/');
  const bool slashed_label = slashed && HasCue(ctx, pos, NumberCue::kLabel);
  const bool law_number = slashed && IsYearSlashNumber(text, pos);
  if (!HasCue(ctx, pos, NumberCue::kId) && !slashed_label && !law_number) {
    return false;
  }
  std::string spoken;
  size_t scan = pos;
  bool after_slash_only = true;
  while (DigitAt(text, scan)) {
    const size_t end = DigitsEnd(text, scan);
    const std::string_view group = text.substr(scan, end - scan);
    if (!spoken.empty()) spoken.push_back(' ');
    spoken.append(after_slash_only && (slashed_label || law_number)
                      ? SpokenLawNumber(group)
                      : SpokenIdGroup(group));
    scan = end;
    if (scan + 1 < text.size() && (text[scan] == '-' || text[scan] == '/') &&
        DigitAt(text, scan + 1)) {
      // A dash is a pause between the parts.
      if (text[scan] == '/') {
        spoken.append(" skråstreg");
      } else {
        after_slash_only = false;
      }
      ++scan;
    } else {
      break;
    }
  }
  if (!WordBoundaryAt(text, scan) && !text.substr(scan).starts_with('/')) {
    return false;
  }
  // "2009/32/EF": the slash before the treaty's letters is said too.
  if (law_number && scan + 1 < text.size() && text[scan] == '/' &&
      IsUpper(DecodeUtf8(text, scan + 1).code_point)) {
    spoken.append(" skråstreg ");
    ++scan;
  }
  reading->spoken = std::move(spoken);
  reading->end = scan;
  return true;
}

// A postcode before its town, as Danes say it: "2860 Søborg" -> "28 60",
// "2500 Valby" -> "25 hundrede", "8000 Aarhus C" -> "8.000". Only at the
// start of an address line or after a comma ("Asylgade 30, 7700 Thisted"),
// so a year before a capital ("i 2024 Byrådet") is not taken for one.
bool ReadPostcode(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  const size_t end = DigitsEnd(text, pos);
  if (end - pos != 4 || text[pos] == '0') return false;
  const bool line_start = pos == 0 || text[pos - 1] == '\n';
  const bool after_comma =
      pos >= 2 && text[pos - 1] == ' ' && text[pos - 2] == ',';
  bool after_label = false;
  // "Kanalstræde 2 4300 Holbæk": a street and its house number before it,
  // the comma left out.
  bool after_house_number = false;
  if (!line_start && !after_comma && pos >= 4 && text[pos - 1] == ' ') {
    size_t number_begin = pos - 1;
    if (number_begin > 0 && IsLetterAt(text, number_begin - 1) &&
        number_begin >= 2 && IsDigit(text[number_begin - 2])) {
      --number_begin;  // "15a"
    }
    size_t digits_begin = number_begin;
    while (digits_begin > 0 && IsDigit(text[digits_begin - 1])) --digits_begin;
    const size_t digits = number_begin - digits_begin;
    if (digits >= 1 && digits <= 3 && digits_begin >= 2 &&
        text[digits_begin - 1] == ' ') {
      const std::string_view street = WordBefore(text, digits_begin - 1);
      after_house_number = !street.empty() &&
                           IsUpper(DecodeUtf8(street, 0).code_point) &&
                           !HasCue(ctx, digits_begin, NumberCue::kLabel);
    }
  }
  if (!line_start && !after_comma && !after_house_number) {
    std::string_view label = WordBefore(text, pos);
    if (label.ends_with(':')) label.remove_suffix(1);
    const std::string lower_label = LowerCase(label);
    after_label = lower_label == "postnummer" || lower_label == "postnr." ||
                  lower_label == "postnr";
    if (!after_label) return false;
  }
  if (!after_label && (end + 1 >= text.size() || text[end] != ' ' ||
                       !IsUpper(DecodeUtf8(text, end + 1).code_point))) {
    return false;
  }
  if (!NumberEndsAt(text, end)) return false;
  const uint64_t value = DigitsValue(text.substr(pos, 4));
  const std::string high(text.substr(pos, 2));
  if (value % 1000 == 0) {
    reading->spoken = SpokenCardinal(value);
  } else if (value % 100 == 0) {
    reading->spoken = high + " hundrede";
  } else {
    reading->spoken = high + " " + SpokenDigitPair(text.substr(pos + 2, 2));
  }
  reading->end = end;
  return true;
}

// Cardinals, decimals, ranges, units: "2,5 mio. kr.", "0-18 år", "-5 °C".
bool ReadAmount(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  size_t scan = pos;
  std::string spoken;
  if (const size_t minus = StartsWithAny(text, scan, kMinusSigns); minus != 0) {
    const bool free_standing =
        pos == 0 || text[pos - 1] == ' ' || text[pos - 1] == '(';
    if (!free_standing || !DigitAt(text, scan + minus)) return false;
    spoken = "minus ";
    scan += minus;
  }
  // ",5" (and the English ".5") is "nul komma fem".
  if (scan + 1 < text.size() && (text[scan] == ',' || text[scan] == '.') &&
      IsDigit(text[scan + 1]) && (scan == 0 || text[scan - 1] == ' ')) {
    const size_t end = DigitsEnd(text, scan + 1);
    reading->spoken = spoken + "nul komma " +
                      SpokenFraction(text.substr(scan + 1, end - scan - 1));
    reading->end = end;
    return true;
  }
  const std::optional<Amount> from = ParseAmount(text, scan);
  if (!from) return false;
  scan = from->end;

  // Section numbers "2.1.3": "to punkt en punkt tre".
  if (from->fraction.empty() && scan + 1 < text.size() && text[scan] == '.' &&
      IsDigit(text[scan + 1])) {
    spoken.append(IntegerWords(text, *from, Gender::kNeuter, false));
    while (scan + 1 < text.size() && text[scan] == '.' &&
           IsDigit(text[scan + 1])) {
      const size_t part_end = DigitsEnd(text, scan + 1);
      const std::string_view part = text.substr(scan + 1, part_end - scan - 1);
      spoken.append(" punkt ");
      spoken.append(part.size() > kMaxCardinalDigits || part[0] == '0'
                        ? SpokenDigits(part)
                        : SpokenCardinal(DigitsValue(part), Gender::kNeuter));
      scan = part_end;
    }
    reading->spoken = std::move(spoken);
    reading->end = scan;
    return true;
  }

  // "1ste", "2den".
  for (const std::string_view suffix : kOrdinalSuffixes) {
    if (text.substr(scan).starts_with(suffix) &&
        !IsLetterAt(text, scan + suffix.size()) && from->fraction.empty() &&
        !from->grouped) {
      reading->spoken = OrdinalWords(from->value);
      reading->end = scan + suffix.size();
      return true;
    }
  }

  std::optional<Amount> to;
  if (const size_t to_begin = RangeDashEnd(text, scan); to_begin != 0) {
    to = ParseAmount(text, to_begin);
    if (to && !WordBoundaryAt(text, to->end)) to.reset();
    // "C-58-06", "17-02": a part with a leading zero names, it does not
    // count; each part is read on its own.
    if (to && text[to_begin] == '0' && to->digit_count > 1) to.reset();
    // "4-769 Lokalplan": an end two digits longer than a start above 1,
    // with no unit, numbers a plan; it does not end a range.
    if (to && to->digit_count >= from->digit_count + 2 && from->value > 1 &&
        from->fraction.empty()) {
      size_t unit_end = 0;
      if (UnitAfter(ctx, to->end, &unit_end) == nullptr && spoken.empty()) {
        reading->spoken = IntegerWords(text, *from, Gender::kCommon, false) +
                          " " + IntegerWords(text, *to, Gender::kCommon, false);
        reading->end = to->end;
        return true;
      }
    }
    if (to) scan = to->end;
  }

  size_t unit_end = 0;
  const Unit* unit = UnitAfter(ctx, scan, &unit_end);
  // "§ 11 i, jf. 11 g": in a reference to a provision a lone letter after
  // the number is the provision's letter, not grams or metres.
  if (unit != nullptr && unit_end - scan <= 2 &&
      IsLetterAt(text, unit_end - 1) && !IsLetterAt(text, unit_end)) {
    const std::string before = LowerCase(WordBefore(text, pos));
    if (HasCue(ctx, pos, NumberCue::kLabel) || before == "jf." ||
        before == "jævnfør" || before == "jvf.") {
      unit = nullptr;
    }
  }
  const Unit* second_unit = nullptr;
  size_t second_end = 0;
  if (unit != nullptr) {
    second_unit = UnitAfter(ctx, unit_end, &second_end);
  }
  // "500,-" with no unit written is "fem hundrede kroner".
  const Amount& last_amount = to ? *to : *from;
  if (unit == nullptr && last_amount.whole_kroner) {
    if (const auto it = ctx.rules.units.find(AsAbsl(kWholeKronerUnit));
        it != ctx.rules.units.end()) {
      spoken.append(AmountWords(text, *from, Gender::kCommon, false));
      if (to) {
        spoken.append(" til ");
        spoken.append(AmountWords(text, *to, Gender::kCommon, false));
      }
      spoken.push_back(' ');
      spoken.append(!to && IsOne(*from) ? it->second.one : it->second.many);
      reading->spoken = std::move(spoken);
      reading->end = scan;
      return true;
    }
  }
  // Seven or more digits with no thousands dots are no quantity a text
  // would write that way: eight are a phone or CVR number, read in pairs;
  // others (EAN numbers) digit by digit.
  if (unit == nullptr && !to && !from->grouped && from->fraction.empty() &&
      !from->whole_kroner && from->digit_count >= 7 && spoken.empty()) {
    const std::string_view digits =
        text.substr(from->begin, from->integer_end - from->begin);
    reading->spoken = digits.size() == kPhoneDigits ? SpokenIdGroup(digits)
                                                    : SpokenDigits(digits);
    reading->end = from->integer_end;
    return true;
  }
  const Gender gender = unit != nullptr
                            ? (unit->neuter ? Gender::kNeuter : Gender::kCommon)
                            : GenderAround(ctx, pos, scan);
  const bool in_hundreds = unit == nullptr;
  std::string ore;
  const Amount whole =
      unit != nullptr && !to
          ? WholeAndOre(ctx, *from, *unit, second_unit != nullptr, &ore)
          : *from;
  spoken.append(AmountWords(text, whole, gender, in_hundreds));
  if (to) {
    spoken.append(" til ");
    spoken.append(AmountWords(text, *to, gender, in_hundreds));
  }
  size_t end = scan;
  std::string_view last_unit_written;
  if (unit != nullptr) {
    const bool one = !to && IsOne(*from) && spoken.rfind("minus", 0) != 0;
    spoken.push_back(' ');
    spoken.append(one ? unit->one : unit->many);
    spoken.append(ore);
    if (!ore.empty() && whole.value == 0) {
      const bool minus = spoken.rfind("minus ", 0) == 0;
      spoken = (minus ? "minus " : "") + ore.substr(kOreJoin.size());
    }
    last_unit_written = text.substr(end, unit_end - end);
    end = unit_end;
    if (second_unit != nullptr) {
      spoken.push_back(' ');
      spoken.append(second_unit->many);
      last_unit_written = text.substr(end, second_end - end);
      end = second_end;
    }
    // The unit's dot doubled as the full stop: keep one.
    if (last_unit_written.ends_with('.') && AtSentenceEnd(text, end)) {
      spoken.push_back('.');
    }
    // "20 m. fra skel": an abbreviation's dot inside the sentence is no
    // pause.
    if (!last_unit_written.ends_with('.') && end < text.size() &&
        text[end] == '.' && !AtSentenceEnd(text, end + 1) &&
        IsLetter(DecodeUtf8Before(text, end).code_point)) {
      ++end;
    }
  }
  reading->spoken = std::move(spoken);
  reading->end = end;
  return true;
}

// "3½", "6 1/2" -> "3 og en halv"; "1½" -> "halvanden"; "1-årig" ->
// "etårig" (eSpeak reads "1-årig" as "en årig").
bool ReadHalfAndOneYear(const Context& ctx, size_t pos, Reading* reading) {
  constexpr std::string_view kHalf = "\u00BD";  // ½
  const std::string_view text = ctx.text;
  const size_t digits_end = DigitsEnd(text, pos);
  if (digits_end == pos || digits_end - pos > kMaxCardinalDigits) return false;
  const std::string_view digits = text.substr(pos, digits_end - pos);
  size_t half_end = 0;
  if (text.substr(digits_end).starts_with(kHalf)) {
    half_end = digits_end + kHalf.size();
  } else if (text.substr(digits_end).starts_with(" ") &&
             text.substr(digits_end + 1).starts_with(kHalf)) {
    half_end = digits_end + 1 + kHalf.size();
  } else if (text.substr(digits_end).starts_with(" 1/2") &&
             WordBoundaryAt(text, digits_end + 4) &&
             !DigitAt(text, digits_end + 4) &&
             !(digits_end + 4 < text.size() && text[digits_end + 4] == '/')) {
    half_end = digits_end + 4;
  }
  if (half_end != 0) {
    // "3½ år": "tre og et halvt år".
    const bool neuter =
        ctx.rules.neuter_nouns.contains(WordAfter(text, half_end));
    reading->spoken = digits == "1"
                          ? "halvanden"
                          : SpokenCardinal(DigitsValue(digits)) +
                                (neuter ? " og et halvt" : " og en halv");
    reading->end = half_end;
    return true;
  }
  if (digits == "1" && text.substr(digits_end).starts_with("-år")) {
    size_t end = digits_end + 1;
    while (end < text.size() && IsLetterAt(text, end)) {
      end += DecodeUtf8(text, end).length;
    }
    reading->spoken =
        "et" + std::string(text.substr(digits_end + 1, end - digits_end - 1));
    reading->end = end;
    return true;
  }
  return false;
}

// "1:2.000", "1:4000": a map's scale, "et til 2.000".
bool ReadScale(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  if (text.compare(pos, 2, "1:") != 0) return false;
  const std::optional<Amount> to = ParseAmount(text, pos + 2);
  if (!to || to->digit_count < 3 || !to->fraction.empty() ||
      !WordBoundaryAt(text, to->end)) {
    return false;
  }
  reading->spoken = "et til " + IntegerWords(text, *to, Gender::kCommon, false);
  reading->end = to->end;
  return true;
}

// "skoleåret 2023/24", "2021/2022": two consecutive years joined by a slash
// are a school or budget year, read "2023 til 24", never a law number.
bool ReadYearSpan(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  const size_t first_end = DigitsEnd(text, pos);
  if (first_end - pos != 4 || first_end + 2 >= text.size() ||
      text[first_end] != '/') {
    return false;
  }
  const std::string_view first = text.substr(pos, 4);
  if (!IsYear(first) || HasCue(ctx, pos, NumberCue::kLabel) ||
      HasCue(ctx, pos, NumberCue::kId)) {
    return false;
  }
  const size_t second_end = DigitsEnd(text, first_end + 1);
  const size_t length = second_end - first_end - 1;
  if ((length != 2 && length != 4) || !NumberEndsAt(text, second_end)) {
    return false;
  }
  const uint64_t year = DigitsValue(first);
  const uint64_t second = DigitsValue(text.substr(first_end + 1, length));
  if ((length == 4 && second != year + 1) ||
      (length == 2 && second != (year + 1) % 100)) {
    return false;
  }
  reading->spoken = SpokenHundreds(year) + " til " +
                    (length == 4 ? SpokenHundreds(second)
                                 : std::string(text.substr(first_end + 1, 2)));
  reading->end = second_end;
  return true;
}

// A number the lexicon names ("1813", the medical helpline, is "18 13";
// "112" is "et et 2"): Danes say these service numbers one way.
bool ReadNamedNumber(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  const size_t end = DigitsEnd(text, pos);
  if (end == pos || !NumberEndsAt(text, end)) return false;
  const auto it = ctx.rules.lexicon.find(AsAbsl(text.substr(pos, end - pos)));
  if (it == ctx.rules.lexicon.end()) return false;
  // Only where it is called or named: "ring 112", "kontakt 1813 eller
  // 112", "1813-læger"; "i alt 112 høringssvar" counts.
  static constexpr std::string_view kCallWords[] = {
      "ring",      "ringe", "ringer", "kontakt", "kontakte",
      "kontakter", "eller", "på",     "opkald",  "nummer"};
  const std::string before = LowerCase(WordBefore(text, pos));
  bool called =
      end + 1 < text.size() && text[end] == '-' && IsLetterAt(text, end + 1);
  for (const std::string_view word : kCallWords) called |= before == word;
  if (!called) return false;
  reading->spoken = it->second;
  reading->end = end;
  return true;
}

// A number opening a numbered item ("1. Regnskabsafslutningen", "1. at
// dagsordenen godkendes") is counted as a label: "et", as in "punkt et".
// eSpeak would say "en" before a capital and "første" before "at".
bool ReadListNumber(const Context& ctx, size_t pos, Reading* reading) {
  const std::string_view text = ctx.text;
  // Mid-sentence only after a comma or colon and before "at": "Borgmesteren
  // indstiller, 1. at dagsordenen godkendes".
  const bool inline_item = pos >= 2 && text[pos - 1] == ' ' &&
                           (text[pos - 2] == ',' || text[pos - 2] == ':');
  if (pos != 0 && !inline_item) return false;
  const size_t end = DigitsEnd(text, pos);
  if (end == pos || end - pos > 2 || end + 2 >= text.size() ||
      (text[end] != '.' && text[end] != ')') || text[end + 1] != ' ') {
    return false;
  }
  const uint64_t value = DigitsValue(text.substr(pos, end - pos));
  if (value == 0) return false;
  // "1) Grundskyld ...": the bracket stays, a pause.
  if (text[end] == ')') {
    if (pos != 0 || value != 1) return false;
    reading->spoken = "et";
    reading->end = end;
    return true;
  }
  const DecodedChar next = DecodeUtf8(text, end + 2);
  if (inline_item && WordAfter(text, end + 1) != "at") return false;
  if (IsUpper(next.code_point)) {
    if (value != 1) return false;  // eSpeak counts "2. Budget" right
    reading->spoken = "et.";
  } else if (const std::string word = WordAfter(text, end + 1);
             ctx.rules.list_item_openers.contains(word) &&
             // "1. til 3. klasse", "1. og 2. behandling" are ordinals.
             !DigitAt(text, SkipSpaces(text, end + 2 + word.size()))) {
    reading->spoken = SpokenCardinal(value, Gender::kNeuter) + ":";
  } else {
    return false;
  }
  reading->end = end + 1;
  return true;
}

// First match wins; see the header for what each reads.
constexpr NumberRule kNumberRules[] = {
    ReadNamedNumber,      ReadListNumber, ReadCueWord,
    ReadAccount,          ReadYearSpan,   ReadIdentifier,
    ReadPrefixedCurrency, ReadScale,      ReadPhone,
    ReadPostcode,         ReadDate,       ReadTime,
    ReadHalfAndOneYear,   ReadOrdinal,    ReadAmount,
};

// A token starts where no letter or digit comes just before: "CO2" and
// "DK2020" are words, not numbers.
bool TokenStartsAt(std::string_view text, size_t pos) {
  if (pos == 0) return true;
  const char32_t before = DecodeUtf8Before(text, pos).code_point;
  return !IsLetter(before) && !IsAsciiDigit(before);
}

}  // namespace

std::string ReadNumbers(std::string_view text, const LanguageRules& rules) {
  // Every rule needs a digit; most sentences have none.
  if (text.find_first_of("0123456789") == std::string_view::npos) {
    return std::string(text);
  }
  const Context ctx{text, rules};
  std::string out;
  out.reserve(text.size() * 2);
  for (size_t pos = 0; pos < text.size();) {
    if (TokenStartsAt(text, pos)) {
      Reading reading;
      bool matched = false;
      for (const NumberRule rule : kNumberRules) {
        if (rule(ctx, pos, &reading) && reading.end > pos) {
          matched = true;
          break;
        }
      }
      if (matched) {
        // "C.H.4.3": keep a number's words apart from the letters before.
        if (pos >= 2 && text[pos - 1] == '.' &&
            IsLetter(DecodeUtf8Before(text, pos - 1).code_point)) {
          out.push_back(' ');
        }
        out.append(reading.spoken);
        // "3F" -> "tre F": keep a number's words apart from a glued word.
        if (IsLetterAt(text, reading.end) || DigitAt(text, reading.end)) {
          out.push_back(' ');
        }
        pos = reading.end;
        continue;
      }
    }
    const DecodedChar c = DecodeUtf8(text, pos);
    out.append(text.substr(pos, c.length == 0 ? 1 : c.length));
    pos += c.length == 0 ? 1 : c.length;
  }
  return out;
}

}  // namespace policyreader::text
