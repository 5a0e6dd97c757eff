#include "service/text/normalize/abbreviation_context.h"

#include <array>

#include "service/text/chars.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

struct Agreeing {
  std::string_view written;  // lower case
  std::string_view common;   // "eventuel valghandling"
  std::string_view neuter;   // also the adverb: "eventuelt at"
  std::string_view plural;   // also definite: "de eventuelle ændringer"
};

constexpr Agreeing kAgreeing[] = {
    {"evt.", "eventuel", "eventuelt", "eventuelle"},
    {"alm.", "almindelig", "almindeligt", "almindelige"},
    {"midl.", "midlertidig", "midlertidigt", "midlertidige"},
    {"maks.", "maksimal", "maksimalt", "maksimale"},
    {"max.", "maksimal", "maksimalt", "maksimale"},
    {"max", "maksimal", "maksimalt", "maksimale"},
};

// Words before the adjective that make it definite or plural ("de evt.
// ændringer", "dine evt. spørgsmål").
constexpr std::string_view kDefiniteBefore[] = {
    "de",    "den",   "det",   "din",   "dit",  "dine",   "sin",
    "sit",   "sine",  "min",   "mit",   "mine", "vores",  "jeres",
    "deres", "disse", "denne", "dette", "hans", "hendes", "alle",
};

// Words after it that are not its noun: it is an adverb ("evt. noget
// køkkenrulle", "evt. at", "maks. 20").
constexpr std::string_view kAdverbBefore[] = {
    "noget", "nogle", "at",  "også", "kan",    "skal",  "vil",    "ikke",
    "og",    "eller", "i",   "på",   "til",    "med",   "ved",    "for",
    "fra",   "som",   "der", "om",   "hvis",   "efter", "senere", "være",
    "blive", "er",    "har", "en",   "et",     "selv",  "inden",  "før",
    "over",  "under", "via", "hos",  "mellem", "ud",    "ind",    "os",
    "dig",   "jer",   "mig", "ham",  "hende",  "dem",   "man",    "vi",
    "du",    "to",    "tre", "fire", "fem",    "seks",  "syv",    "otte",
    "ni",    "ti",
};

// Nouns whose plural is their singular and which follow "evt." as plurals.
constexpr std::string_view kPluralAsSingular[] = {"bilag", "børn", "forhold",
                                                  "spørgsmål"};

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view word) {
  for (const std::string_view w : list) {
    if (w == word) return true;
  }
  return false;
}

std::string LowerLetters(std::string_view text, size_t begin, size_t end) {
  return LowerCase(text.substr(begin, end - begin));
}

// The lower-cased word before `pos` (letters only), or "".
std::string WordBefore(std::string_view text, size_t pos) {
  size_t end = pos;
  while (end > 0 && text[end - 1] == ' ') --end;
  if (end > 0 && text[end - 1] == '.') --end;  // "pr. stk."
  size_t begin = end;
  while (begin > 0) {
    const DecodedChar c = DecodeUtf8Before(text, begin);
    if (!IsLetter(c.code_point)) break;
    begin -= c.length;
  }
  return LowerLetters(text, begin, end);
}

// The word after `pos`: its first character and its lower-cased letters.
struct Following {
  char32_t first = 0;
  std::string letters;
};

Following WordAfter(std::string_view text, size_t pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
  Following next;
  if (pos >= text.size()) return next;
  next.first = DecodeUtf8(text, pos).code_point;
  size_t end = pos;
  while (end < text.size()) {
    const DecodedChar c = DecodeUtf8(text, end);
    if (!IsLetter(c.code_point) && c.code_point != '-') break;
    end += c.length;
  }
  next.letters = LowerLetters(text, pos, end);
  return next;
}

bool EndsWith(std::string_view word, std::string_view suffix) {
  return word.size() > suffix.size() + 1 && word.ends_with(suffix);
}

// "kørekort" ends in the neuter noun "kort": a compound takes its last
// part's gender.
bool NeuterNoun(std::string_view word, const LanguageRules& rules) {
  for (size_t split = 0; split + 3 <= word.size(); ++split) {
    if (rules.neuter_nouns.contains(std::string(word.substr(split)))) {
      return true;
    }
  }
  return false;
}

std::string Agree(const Agreeing& forms, std::string_view text, size_t begin,
                  size_t end, const LanguageRules& rules) {
  const std::string before = WordBefore(text, begin);
  const Following next = WordAfter(text, end);
  // "SE-nummer": a compound's last part decides.
  const std::string_view noun =
      std::string_view(next.letters).substr(next.letters.rfind('-') + 1);
  if (IsAsciiDigit(next.first) || In(kAdverbBefore, noun) || noun.empty()) {
    return std::string(forms.neuter);  // "evt." at the end: the adverb
  }
  if (In(kDefiniteBefore, before) ||
      (before.size() > 3 &&
       (before.ends_with("ens") || before.ends_with("ets")))) {
    return std::string(forms.plural);
  }
  if (In(kPluralAsSingular, noun)) return std::string(forms.plural);
  if (NeuterNoun(noun, rules)) return std::string(forms.neuter);
  if (EndsWith(noun, "er") || EndsWith(noun, "erne") || EndsWith(noun, "ene")) {
    return std::string(forms.plural);
  }
  return std::string(forms.common);
}

// Ordinals the number rules have already written out.
constexpr std::string_view kOrdinalWords[] = {"nulte", "første", "anden",
                                              "andet"};

// True when an ordinal ("7.", "0.-3.", "andet") ends just before `pos`.
bool AfterOrdinal(std::string_view text, size_t pos) {
  size_t end = pos;
  while (end > 0 && text[end - 1] == ' ') --end;
  if (end >= 2 && text[end - 1] == '.' && IsAsciiDigit(text[end - 2])) {
    return true;
  }
  return In(kOrdinalWords, WordBefore(text, pos));
}

}  // namespace

std::optional<std::string> SpokenInContext(std::string_view text, size_t begin,
                                           size_t end, std::string_view written,
                                           const LanguageRules& rules) {
  const std::string lowered = LowerCase(written);
  for (const Agreeing& a : kAgreeing) {
    if (a.written == lowered) return Agree(a, text, begin, end, rules);
  }
  // "u. 18 år": under an age or amount.
  if (lowered == "u." && IsAsciiDigit(WordAfter(text, end).first)) {
    return "under";
  }
  // The holiday: "St. Bededag".
  if (lowered == "st." && WordAfter(text, end).letters == "bededag") {
    return "Store";
  }
  // "Pr. stk. 140 kr.": per piece.
  if (lowered == "stk.") {
    const std::string before = WordBefore(text, begin);
    if (before == "pr" || before == "per") return "styk";
  }
  if (AfterOrdinal(text, begin)) {
    if (lowered == "kl." || lowered == "kl") return "klasse";
    if (lowered == "pkt.") return "punktum";
  }
  return std::nullopt;
}

size_t NumberCompoundLength(std::string_view text, size_t begin,
                            std::string_view* stem) {
  size_t end = begin;
  while (end < text.size()) {
    const DecodedChar c = DecodeUtf8(text, end);
    if (!IsLetter(c.code_point)) break;
    end += c.length;
  }
  const std::string_view word = text.substr(begin, end - begin);
  if (word.size() < 4 || !word.ends_with("nr")) return 0;
  const std::string_view letters = word.substr(0, word.size() - 2);
  if (!IsLetter(DecodeUtf8Before(letters, letters.size()).code_point)) return 0;
  *stem = letters;
  return end < text.size() && text[end] == '.' ? end + 1 - begin : end - begin;
}

}  // namespace policyreader::text
