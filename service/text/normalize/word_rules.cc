#include "service/text/normalize/word_rules.h"

#include <cstdint>
#include <vector>

#include "service/text/chars.h"
#include "service/text/normalize/danish_numbers.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

// Unknown acronyms: at most this many capitals are spelled; longer words in
// capitals are words ("LEDELSESGRUNDLAG").
constexpr size_t kMaxSpelledLetters = 4;
// Two or three capitals are spelled ("EU", "SFO", "DPO": on real public
// pages these are initialisms, and eSpeak spells them too); four only
// without a vowel ("PPR" spelled, "SKAT" a word). Words written in capitals
// that are not initialisms ("FOR" in a heading) are in acronyms.tsv.
constexpr size_t kAlwaysSpelledLetters = 3;
constexpr size_t kMaxAcronymDigits = 6;
constexpr char32_t kVowels[] = {'A', 'E',          'I',          'O', 'U',
                                'Y', 0xC6 /* Æ */, 0xD8 /* Ø */, 0xC5 /* Å */};

// Up to this many capitals with a vowel are spelled when they cannot be said
// as a Danish word ("ADHD", "IBCLC", "OIOUBL"; "NATO", "SKAT", "KOMBIT" are
// words).
constexpr size_t kMaxSpelledUnsayable = 6;

// Consonants that may open or close a Danish syllable together.
constexpr std::string_view kOnsets[] = {
    "bl", "br", "dr", "fl", "fr",  "gl",  "gr",  "kl",  "kn", "kr",
    "kv", "pl", "pr", "sk", "sl",  "sm",  "sn",  "sp",  "st", "sv",
    "tr", "tv", "dv", "gn", "sj",  "tj",  "kj",  "pj",  "bj", "fj",
    "hj", "hv", "mj", "nj", "skr", "spr", "str", "spl", "skv"};
constexpr std::string_view kCodas[] = {
    "st", "nd", "nt", "rt", "rd", "ld", "lt", "lk", "rk", "sk", "mp", "ng",
    "nk", "ft", "kt", "pt", "ls", "ns", "rs", "ms", "ts", "rn", "rm", "lm",
    "rs", "lv", "rv", "rg", "lg", "rp", "lp", "mt", "gt", "ks", "ps", "ds"};

// Debian's Abseil has its own string_view type; bridge explicitly.
absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

uint64_t DigitsValue(std::string_view digits) {
  uint64_t value = 0;
  for (const char c : digits)
    value = value * 10 + static_cast<uint64_t>(c - '0');
  return value;
}

bool IsVowel(char32_t c) {
  for (const char32_t vowel : kVowels) {
    if (c == vowel) return true;
  }
  return false;
}

const std::string* Find(
    const absl::flat_hash_map<std::string, std::string>& table,
    std::string_view key) {
  const auto it = table.find(AsAbsl(key));
  return it == table.end() ? nullptr : &it->second;
}

// Lexicon entry for the word, or for its lower-case-initial form at the
// start of a sentence ("Næstved" found as "næstved" is capitalised back).
bool LexiconWord(std::string_view word, const LanguageRules& rules,
                 std::string* out) {
  if (rules.lexicon.empty()) return false;
  // Numbers in the lexicon ("1813") are read by the number rules, where
  // they are called, not wherever the digits stand.
  if (!word.empty() && IsAsciiDigit(static_cast<unsigned char>(word[0]))) {
    return false;
  }
  if (const std::string* spoken = Find(rules.lexicon, word)) {
    out->append(*spoken);
    return true;
  }
  const DecodedChar first = DecodeUtf8(word, 0);
  if (!IsUpper(first.code_point)) return false;
  std::string lowered;
  AppendUtf8(ToLower(first.code_point), &lowered);
  lowered.append(word.substr(first.length));
  if (const std::string* spoken = Find(rules.lexicon, lowered)) {
    out->append(Capitalized(*spoken));
    return true;
  }
  return false;
}

// Whether the lower-cased ASCII-or-Danish letters could be read as one
// Danish word: clusters a syllable allows at the edges, at most three
// consonants inside and two vowels in a row.
bool Sayable(std::string_view lower) {
  std::vector<bool> vowel;
  std::vector<std::string_view> letters;
  for (size_t pos = 0; pos < lower.size();) {
    const DecodedChar c = DecodeUtf8(lower, pos);
    vowel.push_back(IsVowel(ToUpper(c.code_point)));
    letters.push_back(lower.substr(pos, c.length));
    pos += c.length;
  }
  auto join = [&](size_t begin, size_t end) {
    std::string run;
    for (size_t i = begin; i < end; ++i) run.append(letters[i]);
    return run;
  };
  auto in = [](const auto& list, const std::string& run) {
    for (const std::string_view item : list) {
      if (item == run) return true;
    }
    return false;
  };
  const size_t n = vowel.size();
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && vowel[j] == vowel[i]) ++j;
    const size_t length = j - i;
    if (vowel[i]) {
      if (length > 2) return false;
    } else if (length > 1) {
      const std::string run = join(i, j);
      if (i == 0 && j == n) return false;
      if (i == 0 && !in(kOnsets, run)) return false;
      if (j == n && !in(kCodas, run)) return false;
      if (i > 0 && j < n && length > 3) return false;
    }
    i = j;
  }
  return true;
}

// Capitals, then digits: "PPR", "A4", "SKAT". False for anything else.
bool CapitalsWord(std::string_view word, const LanguageRules& rules,
                  std::string* out) {
  size_t letters = 0;
  bool vowel = false;
  size_t pos = 0;
  while (pos < word.size()) {
    const DecodedChar c = DecodeUtf8(word, pos);
    if (!IsUpper(c.code_point)) break;
    ++letters;
    vowel = vowel || IsVowel(c.code_point);
    pos += c.length;
  }
  const std::string_view digits = word.substr(pos);
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  if (letters == 0 || digits.size() > kMaxAcronymDigits) return false;
  const bool spell = !digits.empty() || letters <= kAlwaysSpelledLetters ||
                     (letters <= kMaxSpelledLetters && !vowel) ||
                     (letters <= kMaxSpelledUnsayable &&
                      !Sayable(LowerCase(word.substr(0, pos))));
  if (letters == 1 && digits.empty()) return false;  // "I", "A"
  if (!spell) {
    out->append(Capitalized(LowerCase(word)));
    return true;
  }
  std::string spoken;
  for (size_t i = 0; i < pos;) {
    const DecodedChar c = DecodeUtf8(word, i);
    std::string letter;
    AppendUtf8(ToLower(c.code_point), &letter);
    const std::string* name = Find(rules.letters, letter);
    if (!spoken.empty()) spoken.push_back(' ');
    spoken.append(name != nullptr ? *name : letter);
    i += c.length;
  }
  if (!digits.empty()) {
    spoken.push_back(' ');
    // "E1", "SFO1": a code's single digit is said as a digit ("e et").
    spoken.append((digits.size() > 1 && digits[0] == '0') || digits.size() == 1
                      ? SpokenDigits(digits)
                      : SpokenCardinal(DigitsValue(digits)));
  }
  out->append(spoken);
  return true;
}

// "IV" -> 4, for Roman numbers up to 399 written in canonical form; 0 for
// anything else.
int RomanValue(std::string_view word) {
  auto digit = [](char c) {
    switch (c) {
      case 'I':
        return 1;
      case 'V':
        return 5;
      case 'X':
        return 10;
      case 'L':
        return 50;
      case 'C':
        return 100;
      default:
        return 0;
    }
  };
  if (word.empty() || word.size() > 9) return 0;
  int value = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    const int v = digit(word[i]);
    if (v == 0) return 0;
    const int next = i + 1 < word.size() ? digit(word[i + 1]) : 0;
    value += v < next ? -v : v;
  }
  if (value <= 0 || value >= 400) return 0;
  // Canonical form only: "IIII" or "VX" are not numbers.
  static constexpr std::string_view kOnes[] = {"",  "I",  "II",  "III",  "IV",
                                               "V", "VI", "VII", "VIII", "IX"};
  static constexpr std::string_view kTens[] = {"",  "X",  "XX",  "XXX",  "XL",
                                               "L", "LX", "LXX", "LXXX", "XC"};
  std::string canonical(static_cast<size_t>(value / 100), 'C');
  canonical.append(kTens[(value / 10) % 10]);
  canonical.append(kOnes[value % 10]);
  return canonical == word ? value : 0;
}

// Where a word in capitals is a Roman number.
enum class RomanPlace {
  kNone,
  kAfterCue,   // "kapitel II", "bilag I og IV": any, "I" too
  kNumbering,  // "II. Særlig del", "SFO II": two letters or more
};

// Appends `word`; true when it was read as a Roman number.
bool AppendWord(std::string_view word, RomanPlace roman,
                const LanguageRules& rules, std::string* out) {
  if (LexiconWord(word, rules, out)) return false;
  // One letter is a Roman number only as I, V or X: "afsnit C.H.4" and
  // "bilag D" name parts by letter.
  const bool single_roman = word == "I" || word == "V" || word == "X";
  if (roman != RomanPlace::kNone &&
      (word.size() >= 2 || (roman == RomanPlace::kAfterCue && single_roman))) {
    if (const int value = RomanValue(word); value > 0) {
      // A part's name: "del et", "bilag et" (eSpeak says "1" as "en").
      out->append(value == 1 ? "et" : std::to_string(value));
      return true;
    }
  }
  // Acronyms start with a capital, or are short ("pdf").
  const bool capital = IsUpper(DecodeUtf8(word, 0).code_point);
  if (!capital && word.size() > kMaxSpelledLetters) {
    out->append(word);
    return false;
  }
  if (const std::string* spoken = Find(rules.acronyms, word)) {
    out->append(*spoken);
    return false;
  }
  if (capital && CapitalsWord(word, rules, out)) return false;
  out->append(word);
  return false;
}

bool IsWordPart(char32_t c) { return IsLetter(c) || IsAsciiDigit(c); }

// A heading's number: a dot, or a gap of two spaces or more, or nothing,
// after it ("II. Særlig del", "III   Retsakter").
bool NumberingFollows(std::string_view text, size_t end) {
  if (end >= text.size()) return true;
  if (text[end] == '.') return true;
  return text.compare(end, 2, "  ") == 0;
}

// Two to four capitals: "SFO" in "SFO II".
bool IsInitialism(std::string_view word) {
  if (word.size() < 2 || word.size() > 4) return false;
  for (const char c : word) {
    if (c < 'A' || c > 'Z') return false;
  }
  return RomanValue(word) == 0;
}

// "og" or "eller", either case: "og/eller" is read as written.
bool IsOrEllerWord(std::string_view word) {
  const std::string lower = LowerCase(word);
  return lower == "og" || lower == "eller";
}

// End of the word at `pos`: letters and digits, and a "/" between two
// single capitals ("A/S", "I/S"); "EU/EØS" and "STU/USB" are two words.
size_t WordEnd(std::string_view text, size_t pos) {
  const size_t begin = pos;
  while (pos < text.size()) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (IsWordPart(c.code_point)) {
      pos += c.length;
      continue;
    }
    if (c.code_point == '/' && pos > begin &&
        IsUpper(DecodeUtf8Before(text, pos).code_point) &&
        pos - DecodeUtf8Before(text, pos).length == begin &&
        IsUpper(DecodeUtf8(text, pos + 1).code_point) &&
        !IsWordPart(DecodeUtf8(text, pos + 1 + DecodeUtf8(text, pos + 1).length)
                        .code_point)) {
      pos += c.length;
      continue;
    }
    break;
  }
  return pos;
}

}  // namespace

std::string ReadWords(std::string_view text, const LanguageRules& rules) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  // The character before `pos` in the input, and the word before it.
  char32_t before = 0;
  std::string_view previous;
  bool first_word = true;
  // A Roman number was read, and only "og", "eller", "til" or "," since:
  // "bilag I og IV", "kapitel II-IV".
  bool roman_list = false;
  // The word before was read as a Roman number: "afsnit VI, VII og VIII".
  bool last_was_roman = false;
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    const size_t length = c.length == 0 ? 1 : c.length;
    if (IsWordPart(c.code_point)) {
      // Words start after a non-word character; WordEnd never stops inside
      // one, so this is always a word start.
      const size_t end = WordEnd(text, pos);
      const std::string_view word = text.substr(pos, end - pos);
      RomanPlace roman = RomanPlace::kNone;
      const std::string previous_lower = LowerCase(previous);
      const bool after_comma =
          pos >= 2 && text[pos - 1] == ' ' && text[pos - 2] == ',';
      if (rules.roman_contexts.contains(previous_lower) ||
          (roman_list && (previous_lower == "og" || previous_lower == "eller" ||
                          previous_lower == "til")) ||
          (last_was_roman && after_comma)) {
        roman = RomanPlace::kAfterCue;
      } else if ((first_word && NumberingFollows(text, end)) ||
                 IsInitialism(previous)) {
        roman = RomanPlace::kNumbering;
      }
      const bool was_roman = AppendWord(word, roman, rules, &out);
      last_was_roman = was_roman;
      roman_list =
          was_roman ||
          (roman_list && (word == "og" || word == "eller" || word == "til"));
      first_word = false;
      previous = word;
      before = DecodeUtf8Before(text, end).code_point;
      pos = end;
      continue;
    }
    if (c.code_point == '/' && IsWordPart(before) &&
        IsWordPart(DecodeUtf8(text, pos + length).code_point)) {
      // Between numbers ("2016/679", an EU act) the slash is said, and
      // eSpeak says "/" better than the word written out.
      if (IsAsciiDigit(before) &&
          IsAsciiDigit(DecodeUtf8(text, pos + length).code_point)) {
        out.push_back('/');
        before = c.code_point;
        pos += length;
        continue;
      }
      // Between two words of two letters or more ("dig/jer", "april/maj",
      // "tilbud/SFO") a reader says "eller"; "og/eller" is read as written.
      const size_t next_end = WordEnd(text, pos + length);
      const std::string_view next =
          text.substr(pos + length, next_end - pos - length);
      // "til/fra" -> "til og fra", "3 dage/uge" -> "3 dage om ugen".
      const std::string next_lower = LowerCase(next);
      const std::string* reading =
          Find(rules.slash_readings, LowerCase(previous) + "/" + next_lower);
      if (reading == nullptr && IsLetter(before)) {
        reading = Find(rules.slash_readings, "/" + next_lower);
      }
      if (reading != nullptr) {
        out.push_back(' ');
        out.append(*reading);
        out.push_back(' ');
        before = DecodeUtf8Before(text, next_end).code_point;
        previous = next;
        pos = next_end;
        continue;
      }
      // "MBU/BSU/ØU/KB": three or more joined by slashes are a sequence
      // (the committees a case goes through), read with pauses.
      const size_t previous_begin = pos - previous.size();
      const bool chain = (next_end < text.size() && text[next_end] == '/') ||
                         (previous_begin > 0 && previous_begin <= pos &&
                          text[previous_begin - 1] == '/');
      if (chain && IsLetter(before) && previous.size() > 1 && next.size() > 1) {
        out.append(", ");
      } else if (IsLetter(before) && previous.size() > 1 && next.size() > 1 &&
                 IsLetter(DecodeUtf8(text, pos + length).code_point) &&
                 !IsOrEllerWord(previous) && !IsOrEllerWord(next)) {
        out.append(" eller ");
      } else {
        out.push_back(' ');
      }
      before = c.code_point;
      pos += length;
      continue;
    }
    // "din(e) funktionsnedsættelse(r)": an ending offered in brackets is
    // left out; the word is read in its first form.
    if (c.code_point == '(' && IsLetter(before)) {
      size_t close = pos + 1;
      while (close < text.size() && close - pos <= 3 && text[close] >= 'a' &&
             text[close] <= 'z') {
        ++close;
      }
      if (close > pos + 1 && close < text.size() && text[close] == ')' &&
          !IsWordPart(DecodeUtf8(text, close + 1).code_point)) {
        before = ')';
        pos = close + 1;
        continue;
      }
    }
    // "ugerne 29+30": a plus glued between numbers joins them, "og".
    if (c.code_point == '+' && IsAsciiDigit(before) &&
        IsAsciiDigit(DecodeUtf8(text, pos + length).code_point)) {
      out.append(" og ");
      before = c.code_point;
      pos += length;
      continue;
    }
    // "KB = Kommunalbestyrelsen": in a legend "=" between words is a pause.
    if (c.code_point == '=' && before == ' ' && pos >= 2 &&
        IsLetter(DecodeUtf8Before(text, pos - 1).code_point) &&
        pos + length + 1 < text.size() && text[pos + length] == ' ' &&
        IsLetter(DecodeUtf8(text, pos + length + 1).code_point)) {
      out.push_back(',');
      before = c.code_point;
      pos += length;
      continue;
    }
    // "600/ 750 kr.": a slash after a number and before a space is a pause
    // between two columns.
    if (c.code_point == '/' && IsAsciiDigit(before) &&
        DecodeUtf8(text, pos + length).code_point == ' ') {
      out.push_back(',');
      before = c.code_point;
      pos += length;
      continue;
    }
    // "du /I": a slash glued only to the word after it is "eller" too.
    if (c.code_point == '/' && before == ' ' && previous.size() > 1 &&
        IsLetter(DecodeUtf8(text, pos + length).code_point) &&
        !IsOrEllerWord(previous)) {
      out.append(" eller ");
      before = c.code_point;
      pos += length;
      continue;
    }
    // "19.12.2016 / Vi har ...": a slash standing alone is a pause.
    if (c.code_point == '/' && before == ' ' &&
        DecodeUtf8(text, pos + length).code_point == ' ') {
      out.push_back(',');
      before = c.code_point;
      pos += length;
      continue;
    }
    // A footnote mark glued to a word ("785,00 kr.*", "*Taksterne") is not
    // read; eSpeak would say "asterisk".
    if (c.code_point == '*' &&
        (IsWordPart(before) || before == '.' || before == ')' ||
         IsWordPart(DecodeUtf8(text, pos + length).code_point))) {
      before = c.code_point;
      pos += length;
      continue;
    }
    if (const std::string* spoken =
            Find(rules.symbols, text.substr(pos, length))) {
      // White space is collapsed afterwards.
      out.push_back(' ');
      out.append(*spoken);
      out.push_back(' ');
    } else {
      out.append(text.substr(pos, length));
    }
    before = c.code_point;
    pos += length;
  }
  return out;
}

}  // namespace policyreader::text
