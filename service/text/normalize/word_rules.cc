#include "service/text/normalize/word_rules.h"

#include <cstdint>

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
                     (letters <= kMaxSpelledLetters && !vowel);
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
    spoken.append(digits.size() > 1 && digits[0] == '0'
                      ? SpokenDigits(digits)
                      : SpokenCardinal(DigitsValue(digits)));
  }
  out->append(spoken);
  return true;
}

void AppendWord(std::string_view word, const LanguageRules& rules,
                std::string* out) {
  if (LexiconWord(word, rules, out)) return;
  // Acronyms start with a capital, or are short ("pdf").
  const bool capital = IsUpper(DecodeUtf8(word, 0).code_point);
  if (!capital && word.size() > kMaxSpelledLetters) {
    out->append(word);
    return;
  }
  if (const std::string* spoken = Find(rules.acronyms, word)) {
    out->append(*spoken);
    return;
  }
  if (capital && CapitalsWord(word, rules, out)) return;
  out->append(word);
}

bool IsWordPart(char32_t c) { return IsLetter(c) || IsAsciiDigit(c); }

// End of the word at `pos`: letters and digits, and a "/" between two
// capitals ("A/S", "I/S").
size_t WordEnd(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (IsWordPart(c.code_point)) {
      pos += c.length;
      continue;
    }
    if (c.code_point == '/' && pos > 0 &&
        IsUpper(DecodeUtf8Before(text, pos).code_point) &&
        IsUpper(DecodeUtf8(text, pos + 1).code_point)) {
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
  // The character before `pos` in the input.
  char32_t before = 0;
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    const size_t length = c.length == 0 ? 1 : c.length;
    if (IsWordPart(c.code_point)) {
      // Words start after a non-word character; WordEnd never stops inside
      // one, so this is always a word start.
      const size_t end = WordEnd(text, pos);
      AppendWord(text.substr(pos, end - pos), rules, &out);
      before = DecodeUtf8Before(text, end).code_point;
      pos = end;
      continue;
    }
    if (c.code_point == '/' && IsWordPart(before) &&
        IsWordPart(DecodeUtf8(text, pos + length).code_point)) {
      out.push_back(' ');
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
