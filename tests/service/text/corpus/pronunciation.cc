#include "tests/service/text/corpus/pronunciation.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <regex>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_split.h"
#include "service/text/rules.h"

namespace policyreader::text {

std::string PhonemeKey(std::string_view espeak_phonemes) {
  std::string key;
  key.reserve(espeak_phonemes.size());
  for (size_t i = 0; i < espeak_phonemes.size(); ++i) {
    char c = espeak_phonemes[i];
    if (c == '_') {
      // A pause: "_", "_:", "_!", "_|", "_^_" and the like.
      while (i + 1 < espeak_phonemes.size() &&
             (espeak_phonemes[i + 1] == ':' || espeak_phonemes[i + 1] == '!' ||
              espeak_phonemes[i + 1] == '|' || espeak_phonemes[i + 1] == '^' ||
              espeak_phonemes[i + 1] == '_')) {
        ++i;
      }
      continue;
    }
    if (c == '\'' || c == ',' || c == '-' || c == ' ' || c == '\n' ||
        c == '?' || c == '\t' || c == '=') {
      continue;
    }
    key.push_back(c);
  }
  // eSpeak says "første" two ways: from the word ("fW3sd@", the r a vowel,
  // as Danes say it) and from "1." ("fWrsd@"). A listener hears the same
  // word, so they compare alike.
  for (size_t at = key.find("fW3sd@"); at != std::string::npos;
       at = key.find("fW3sd@", at + 1)) {
    key.replace(at, 6, "fWrsd@");
  }
  return key;
}

std::string WithoutDateArticle(std::string_view text) {
  // "den" as a word, then a day (digits, an ordinal word ending in -e, or
  // "anden") and a month name.
  static const std::regex* date_article = new std::regex(
      "(^|[ (,:;/])[Dd]en "
      "(?=([0-9]{1,2}\\.?|anden|([a-z]|\u00e6|\u00f8|\u00e5)+e) "
      "(januar|februar|marts|april|maj|juni|juli|august|september|oktober|"
      "november|december)([^a-z]|$))");
  return std::regex_replace(std::string(text), *date_article, "$1");
}

std::string WithDigitOnesAlike(std::string_view text) {
  const std::vector<std::string> tokens =
      absl::StrSplit(std::string(text), ' ');
  auto bare = [](std::string_view token) {
    while (!token.empty() &&
           std::ispunct(static_cast<unsigned char>(token.back()))) {
      token.remove_suffix(1);
    }
    while (!token.empty() &&
           std::ispunct(static_cast<unsigned char>(token.front()))) {
      token.remove_prefix(1);
    }
    return token;
  };
  auto is_digit_word = [&](std::string_view token) {
    const std::string_view b = bare(token);
    return b == "nul" || b == "Nul" ||
           (!b.empty() && std::all_of(b.begin(), b.end(), [](char c) {
             return c >= '0' && c <= '9';
           }));
  };
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string token = tokens[i];
    const std::string_view b = bare(token);
    const bool one_word = b == "en" || b == "et";
    const bool after_digit =
        i > 0 && is_digit_word(tokens[i - 1]) &&
        (bare(tokens[i - 1]) == "nul" || bare(tokens[i - 1]).size() == 1);
    const bool before_digits_or_end = i + 1 == tokens.size() ||
                                      is_digit_word(tokens[i + 1]) ||
                                      b.size() != token.size();
    if (one_word && after_digit && before_digits_or_end) {
      token.replace(token.find(b), b.size(), "1");
    }
    if (i > 0) out.push_back(' ');
    out.append(token);
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Pronouncer>> Pronouncer::Create() {
  absl::StatusOr<std::unique_ptr<synth::EspeakEngine>> engine =
      synth::EspeakEngine::Create({});
  if (!engine.ok()) return engine.status();
  return std::unique_ptr<Pronouncer>(new Pronouncer(std::move(*engine)));
}

absl::StatusOr<std::string> Pronouncer::Phonemes(std::string_view text) {
  return engine_->Phonemes(text, "da");
}

absl::StatusOr<std::string> Pronouncer::Key(std::string_view text) {
  std::string key_text(text);
  auto it = keys_.find(key_text);
  if (it != keys_.end()) return it->second;
  absl::StatusOr<std::string> phonemes = Phonemes(text);
  if (!phonemes.ok()) return phonemes.status();
  std::string key = PhonemeKey(*phonemes);
  keys_.emplace(std::move(key_text), key);
  return key;
}

}  // namespace policyreader::text

namespace policyreader::text {
namespace {

// 0-19 and the tens; compounds "XogY" are built from these.
const absl::flat_hash_map<std::string, int>& Units() {
  static const auto* m = new absl::flat_hash_map<std::string, int>{
      {"nul", 0},      {"to", 2},       {"tre", 3},     {"fire", 4},
      {"fem", 5},      {"seks", 6},     {"syv", 7},     {"otte", 8},
      {"ni", 9},       {"ti", 10},      {"elleve", 11}, {"tolv", 12},
      {"tretten", 13}, {"fjorten", 14}, {"femten", 15}, {"seksten", 16},
      {"sytten", 17},  {"atten", 18},   {"nitten", 19}};
  return *m;
}
const absl::flat_hash_map<std::string, int>& Tens() {
  static const auto* m = new absl::flat_hash_map<std::string, int>{
      {"tyve", 20}, {"tredive", 30},    {"fyrre", 40}, {"halvtreds", 50},
      {"tres", 60}, {"halvfjerds", 70}, {"firs", 80},  {"halvfems", 90}};
  return *m;
}
const absl::flat_hash_map<std::string, int>& OrdinalUnits() {
  static const auto* m = new absl::flat_hash_map<std::string, int>{
      {"første", 1},     {"tredje", 3},    {"fjerde", 4},
      {"femte", 5},      {"sjette", 6},    {"syvende", 7},
      {"ottende", 8},    {"niende", 9},    {"tiende", 10},
      {"ellevte", 11},   {"tolvte", 12},   {"trettende", 13},
      {"fjortende", 14}, {"femtende", 15}, {"sekstende", 16},
      {"syttende", 17},  {"attende", 18},  {"nittende", 19},
      {"tyvende", 20},   {"tredivte", 30}, {"fyrretyvende", 40}};
  return *m;
}

// 0-99 written as one word ("fem", "enogtyve", "tooghalvfjerds"); -1 if not.
int Below100(const std::string& w) {
  if (auto it = Units().find(w); it != Units().end()) return it->second;
  if (auto it = Tens().find(w); it != Tens().end()) return it->second;
  size_t og = w.find("og");
  while (og != std::string::npos) {
    std::string unit = w.substr(0, og), ten = w.substr(og + 2);
    int u = unit == "en" ? 1 : -1;
    if (auto it = Units().find(unit);
        it != Units().end() && it->second < 10 && it->second > 1) {
      u = it->second;
    }
    if (u > 0) {
      if (auto it = Tens().find(ten); it != Tens().end()) return u + it->second;
    }
    og = w.find("og", og + 1);
  }
  return -1;
}

// "femte" -> 5, "enogtyvende" -> 21; -1 if not an ordinal word.
int OrdinalWord(const std::string& w) {
  if (auto it = OrdinalUnits().find(w); it != OrdinalUnits().end()) {
    return it->second;
  }
  size_t og = w.find("og");
  if (og == std::string::npos) return -1;
  std::string unit = w.substr(0, og), ten = w.substr(og + 2);
  int u = unit == "en" ? 1 : -1;
  if (auto it = Units().find(unit);
      it != Units().end() && it->second < 10 && it->second > 1) {
    u = it->second;
  }
  if (u < 0) return -1;
  if (auto it = OrdinalUnits().find(ten);
      it != OrdinalUnits().end() && it->second >= 20) {
    return u + it->second;
  }
  return -1;
}

bool IsStrongLetterName(const std::string& w) {
  static const auto* names = new absl::flat_hash_map<std::string, char>{
      {"be", 'B'}, {"se", 'C'},  {"dé", 'D'},  {"de", 'D'},  {"ef", 'F'},
      {"ge", 'G'}, {"hå", 'H'},  {"jod", 'J'}, {"kå", 'K'},  {"el", 'L'},
      {"em", 'M'}, {"pe", 'P'},  {"ku", 'Q'},  {"es", 'S'},  {"te", 'T'},
      {"ve", 'V'}, {"eks", 'X'}, {"set", 'Z'}, {"deh", 'D'}, {"e", 'E'},
      {"u", 'U'}};
  return names->contains(w);
}
// Letter names that are no Danish word: one of them opening a run of two
// letter names makes it a spelling ("e en", "ef o", "kå u u").
bool IsNoWordLetterName(const std::string& w) {
  return w == "e" || w == "u" || w == "ef" || w == "kå" || w == "hå" ||
         w == "deh" || w == "dé" || w == "jod" || w == "eks";
}
std::string LetterOf(const std::string& w) {
  static const auto* names = new absl::flat_hash_map<std::string, std::string>{
      {"a", "A"},   {"be", "B"}, {"se", "C"}, {"dé", "D"},  {"de", "D"},
      {"e", "E"},   {"ef", "F"}, {"ge", "G"}, {"hå", "H"},  {"i", "I"},
      {"jod", "J"}, {"kå", "K"}, {"el", "L"}, {"em", "M"},  {"en", "N"},
      {"o", "O"},   {"pe", "P"}, {"ku", "Q"}, {"er", "R"},  {"es", "S"},
      {"te", "T"},  {"u", "U"},  {"ve", "V"}, {"eks", "X"}, {"y", "Y"},
      {"set", "Z"}, {"æ", "Æ"},  {"ø", "Ø"},  {"å", "Å"},   {"deh", "D"},
      {"ha", "H"}};
  auto it = names->find(w);
  return it == names->end() ? "" : it->second;
}

struct Token {
  std::string word;    // lower-cased letters of the token
  std::string before;  // punctuation/spaces before it, kept as written
  std::string raw;     // as written
};

}  // namespace

std::string CanonicalReference(std::string_view written) {
  // A decimal comma is the word "komma" ("13,9" -> "13 komma 9"): eSpeak
  // lengthens its last vowel when it reads the comma itself, which no
  // listener tells apart. ",00" and ",-" (no øre) are left to the amount.
  static const std::regex* decimal =
      new std::regex("([0-9]),([0-9]*[1-9][0-9]*)(?![0-9])");
  std::string reference =
      std::regex_replace(std::string(written), *decimal, "$1 komma $2");
  // "dobbelt-ve" is one letter name, W, though the hyphen splits it below.
  for (std::string_view w : {"dobbelt-ve", "dobbelt-V", "dobbelt-v"}) {
    for (size_t at = reference.find(w); at != std::string::npos;
         at = reference.find(w, at + 1)) {
      reference.replace(at, w.size(), "W");
    }
  }
  // Split into words and what lies between them.
  std::vector<Token> tokens;
  std::string gap;
  std::string trailing;
  size_t i = 0;
  // A hyphen separates ("e u-Kommissionens" is letters then a word).
  auto is_word_byte = [](unsigned char c) {
    return std::isalnum(c) || c >= 0x80;
  };
  while (i < reference.size()) {
    if (!is_word_byte(reference[i])) {
      gap.push_back(reference[i++]);
      continue;
    }
    size_t end = i;
    while (end < reference.size() && is_word_byte(reference[end])) ++end;
    Token t;
    t.raw = std::string(reference.substr(i, end - i));
    t.before = std::move(gap);
    gap.clear();
    t.word = LowerCase(t.raw);
    tokens.push_back(std::move(t));
    i = end;
  }
  trailing = std::move(gap);

  std::string out;
  for (size_t k = 0; k < tokens.size();) {
    const Token& t = tokens[k];
    // Letter names: a run of two or more with at least two that are not
    // ordinary words.
    {
      size_t end = k;
      int strong = 0;
      auto capital = [](const Token& t) {
        return t.raw.size() == 1 &&
               std::isupper(static_cast<unsigned char>(t.raw[0]));
      };
      // Letter names that are also short Danish words ("i", "en", "er").
      auto word_letter = [&capital](const Token& t) {
        static const auto* words = new absl::flat_hash_set<std::string>{
            "i", "en", "er", "a", "o", "\u00f8", "\u00e5"};
        return !capital(t) && words->contains(t.word);
      };
      bool any_capital = false;
      while (end < tokens.size() &&
             (!LetterOf(tokens[end].word).empty() || capital(tokens[end])) &&
             (end == k || tokens[end].before == " ")) {
        // Spelled in capitals, a lower-case word after it is a word: "S T U
        // er en".
        if (end > k && any_capital && word_letter(tokens[end])) break;
        any_capital = any_capital || capital(tokens[end]);
        strong += IsStrongLetterName(tokens[end].word) || capital(tokens[end]);
        ++end;
      }
      // A word before a spelling is a word: "i e u-landene", "i S F O".
      if (word_letter(t) && end - k >= 2) {
        const bool rest_spelled =
            any_capital ||
            (end - k >= 3 && (strong - IsStrongLetterName(t.word) >= 2 ||
                              IsNoWordLetterName(tokens[k + 1].word)));
        if (rest_spelled) end = k;
      }
      // A lone letter name that is no Danish word ("klager kå").
      const bool lone =
          end - k == 1 && (t.word == "kå" || t.word == "hå" || t.word == "ef" ||
                           t.word == "pe" || t.word == "jod");
      if ((end - k >= 2 && (strong >= 2 || IsNoWordLetterName(t.word))) ||
          lone) {
        out.append(t.before);
        std::string spelled;
        for (size_t j = k; j < end; ++j) {
          if (j > k) spelled.push_back(' ');
          const std::string letter = LetterOf(tokens[j].word);
          spelled.append(letter.empty() ? tokens[j].raw : letter);
        }
        // eSpeak says the letters of "EU" and "FN" as one word right (its
        // "E U" differs only in the e's length); the say_as column and the
        // pipeline both write them so.
        if (spelled == "E U" || spelled == "F N") {
          spelled.erase(1, 1);
        }
        out.append(spelled);
        k = end;
        continue;
      }
    }
    // An ordinal word before a lower-case word: "14." there.
    if (int ord = OrdinalWord(t.word);
        ord > 0 && k + 1 < tokens.size() && tokens[k + 1].before == " " &&
        std::islower(static_cast<unsigned char>(tokens[k + 1].raw[0]))) {
      out.append(t.before);
      out.append(std::to_string(ord) + ".");
      ++k;
      continue;
    }
    // A cardinal phrase: [N] [hundrede [og N]] [tusind [og ...]] ...
    uint64_t total = 0, current = 0;
    bool any = false, open_small = false, after_og = false;
    size_t j = k;
    while (j < tokens.size() && (j == k || tokens[j].before == " ")) {
      const std::string& w = tokens[j].word;
      const bool next_is_multiplier =
          j + 1 < tokens.size() &&
          (tokens[j + 1].word == "hundrede" || tokens[j + 1].word == "tusind");
      int small = Below100(w);
      if (small < 0 && (w == "en" || w == "et") && next_is_multiplier)
        small = 1;
      // "to tusind og 22": digits after "og" finish the phrase.
      if (small < 0 && after_og && w.size() <= 2 &&
          std::all_of(w.begin(), w.end(),
                      [](char c) { return c >= '0' && c <= '9'; })) {
        small = std::stoi(w);
      }
      after_og = false;
      if (small >= 0) {
        if (open_small) break;  // "tyve tyve": two numbers
        current += small;
        any = open_small = true;
        ++j;
        continue;
      }
      // "hundrede og tretten", "hundrede procent", "hundrede tusind": a
      // Dane says 100 with or without "et", eSpeak reads "113" with it;
      // both are right. "flere hundrede" is no number.
      static const auto* kQuantifiers = new absl::flat_hash_set<std::string>{
          "flere", "mange", "nogle", "par", "adskillige", "få"};
      // "15 hundrede og 23" (a say_as in digits) is one number already.
      if (w == "hundrede" && !any && j == k &&
          (k == 0 || (!kQuantifiers->contains(tokens[k - 1].word) &&
                      !std::isdigit(static_cast<unsigned char>(
                          tokens[k - 1].raw.back()))))) {
        current = 100;
        any = true;
        ++j;
      } else if (w == "tusind" && !any) {
        total = 1000;  // "tusind kroner"
        any = true;
        ++j;
      } else if (w == "hundrede" && any && current > 0 && current < 100) {
        current *= 100;
        open_small = false;
        ++j;
      } else if (w == "tusind" && any && current > 0) {
        total += current * 1000;
        current = 0;
        open_small = false;
        ++j;
      } else if (w == "og" && any && !open_small && j + 1 < tokens.size() &&
                 (Below100(tokens[j + 1].word) >= 0 ||
                  (tokens[j + 1].word.size() <= 2 &&
                   std::isdigit(
                       static_cast<unsigned char>(tokens[j + 1].word[0]))))) {
        after_og = true;
        ++j;
      } else {
        break;
      }
    }
    if (any && j > k) {
      uint64_t value = total + current;
      out.append(t.before);
      const bool year_like = value >= 1100 && value < 2100 && j - k >= 3 &&
                             tokens[k + 1].word == "hundrede";
      // "otteoghalvfems hundrede" (a postcode, 9800) is said in hundreds,
      // which eSpeak reads from "98 hundrede", not from "9.800".
      const bool in_hundreds = !year_like && total == 0 && j - k >= 2 &&
                               tokens[k + 1].word == "hundrede" &&
                               current >= 1000 && current < 10000;
      if (in_hundreds) {
        out.append(std::to_string(current / 100) + " hundrede");
        if (current % 100 != 0) {
          out.append(" og " + std::to_string(current % 100));
        }
        k = j;
        continue;
      }
      std::string digits = std::to_string(value);
      if (!year_like) {
        for (size_t p = digits.size(); p > 3; p -= 3) digits.insert(p - 3, ".");
      }
      out.append(digits);
      k = j;
      continue;
    }
    out.append(t.before);
    out.append(t.raw);
    ++k;
  }
  out.append(trailing);
  return out;
}

}  // namespace policyreader::text
