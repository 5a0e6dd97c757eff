#include "service/text/normalize/normalizer.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>

#include "service/text/bullets.h"
#include "service/text/chars.h"
#include "service/text/markup.h"
#include "service/text/normalize/abbreviation_context.h"
#include "service/text/normalize/number_patterns.h"
#include "service/text/normalize/ranges.h"
#include "service/text/normalize/web_addresses.h"
#include "service/text/normalize/word_rules.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

using Stage = std::string (*)(std::string_view text,
                              const LanguageRules& rules);

bool HasWordChar(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (IsWordChar(c.code_point)) return true;
    pos += c.length;
  }
  return false;
}

// ---------------------------------------------------------------------------
// 1. Markup.

std::string StripMarkup(std::string_view text, const LanguageRules&) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    if (text[pos] == '<') {
      const size_t tag_end = MarkupTagEnd(text, pos);
      out.push_back(' ');
      pos = tag_end != 0 ? tag_end : pos + 1;
      continue;
    }
    out.push_back(text[pos] == '>' ? ' ' : text[pos]);
    ++pos;
  }
  return out;
}

// ---------------------------------------------------------------------------
// 2. Hyphenation at line breaks.

constexpr char32_t kHyphens[] = {'-', 0x2010};
constexpr char32_t kSoftHyphen = 0xAD;

template <size_t N>
bool InList(const char32_t (&list)[N], char32_t c) {
  return std::find(std::begin(list), std::end(list), c) != std::end(list);
}

// Letters of the word ending at `end`.
std::string_view LettersBefore(std::string_view text, size_t end) {
  size_t begin = end;
  while (begin > 0) {
    const DecodedChar c = DecodeUtf8Before(text, begin);
    if (!IsLetter(c.code_point)) break;
    begin -= c.length;
  }
  return text.substr(begin, end - begin);
}

std::string_view LettersAfter(std::string_view text, size_t begin) {
  size_t end = begin;
  while (end < text.size()) {
    const DecodedChar c = DecodeUtf8(text, end);
    if (!IsLetter(c.code_point)) break;
    end += c.length;
  }
  return text.substr(begin, end - begin);
}

bool AllUpper(std::string_view word) {
  if (word.empty()) return false;
  for (size_t pos = 0; pos < word.size();) {
    const DecodedChar c = DecodeUtf8(word, pos);
    if (!IsUpper(c.code_point)) return false;
    pos += c.length;
  }
  return true;
}

enum class BreakAction { kJoin, kKeepHyphen, kKeepHyphenAndSpace };

// What to do with "<before>-\n<after>": a PDF hyphenation point is joined,
// a real hyphen stays ("CO2-udledningen", "MED-udvalg"), and a suspended
// compound keeps its space ("arbejds- og ansvarsområder").
BreakAction DecideLineBreakHyphen(std::string_view text, size_t hyphen_begin,
                                  char32_t hyphen, size_t after_begin,
                                  const LanguageRules& rules) {
  const char32_t before = DecodeUtf8Before(text, hyphen_begin).code_point;
  const char32_t after = DecodeUtf8(text, after_begin).code_point;
  const std::string_view next_word = LettersAfter(text, after_begin);
  if (IsLetter(after) &&
      rules.clause_conjunctions.contains(LowerCase(next_word))) {
    return BreakAction::kKeepHyphenAndSpace;
  }
  if (hyphen == kSoftHyphen) {
    return IsLetter(before) && IsLetter(after) ? BreakAction::kJoin
                                               : BreakAction::kKeepHyphen;
  }
  if (IsLower(before) && IsLower(after)) return BreakAction::kJoin;
  if (IsUpper(before) && IsUpper(after) &&
      AllUpper(LettersBefore(text, hyphen_begin)) &&
      LettersBefore(text, hyphen_begin).size() >= 2 && AllUpper(next_word) &&
      next_word.size() >= 2) {
    return BreakAction::kJoin;  // "LEDELSES-\nGRUNDLAG"
  }
  return BreakAction::kKeepHyphen;
}

std::string JoinLineBreakHyphens(std::string_view text,
                                 const LanguageRules& rules) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    const bool hyphen =
        InList(kHyphens, c.code_point) || c.code_point == kSoftHyphen;
    const char32_t before = DecodeUtf8Before(text, pos).code_point;
    if (!hyphen || !(IsLetter(before) || IsAsciiDigit(before))) {
      out.append(text.substr(pos, c.length));
      pos += c.length;
      continue;
    }
    // Spaces, exactly one line break, then indentation.
    size_t scan = pos + c.length;
    bool saw_break = false;
    while (scan < text.size()) {
      const DecodedChar s = DecodeUtf8(text, scan);
      if (IsLineBreak(s.code_point)) {
        if (saw_break && !(s.code_point == '\n' && text[scan - 1] == '\r')) {
          break;
        }
        saw_break = true;
      } else if (!IsSpace(s.code_point) && !IsInvisible(s.code_point)) {
        break;
      }
      scan += s.length;
    }
    if (!saw_break || scan >= text.size() ||
        !IsLetter(DecodeUtf8(text, scan).code_point)) {
      out.append(text.substr(pos, c.length));
      pos += c.length;
      continue;
    }
    switch (DecideLineBreakHyphen(text, pos, c.code_point, scan, rules)) {
      case BreakAction::kJoin:
        break;
      case BreakAction::kKeepHyphen:
        out.push_back('-');
        break;
      case BreakAction::kKeepHyphenAndSpace:
        out.append("- ");
        break;
    }
    pos = scan;
  }
  return out;
}

// ---------------------------------------------------------------------------
// 3. Characters.

constexpr char32_t kReplacementChar = 0xFFFD;

bool IsPrivateUse(char32_t c) { return c >= 0xE000 && c <= 0xF8FF; }

std::string CleanCharacters(std::string_view text, const LanguageRules&) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    pos += c.length;
    if (IsSpace(c.code_point) || IsPrivateUse(c.code_point)) {
      out.push_back(' ');
    } else if (IsControl(c.code_point) || IsInvisible(c.code_point) ||
               c.code_point == kReplacementChar) {
      continue;
    } else {
      AppendUtf8(c.code_point, &out);
    }
  }
  return out;
}

// "11.april", "0.klasse", "6.kl.": a day or a school year glued to the
// word it counts is read as if spaced ("11. april"). One or two digits that
// start a number, then a lower-case word of two letters or more; "3.a" (a
// class), "1.5" and "v1.2" stay.
std::string SpaceGluedOrdinals(std::string_view text, const LanguageRules&) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t copied = 0;
  for (size_t pos = text.find('.'); pos != std::string_view::npos;
       pos = text.find('.', pos + 1)) {
    if (pos == 0 || !IsAsciiDigit(text[pos - 1])) continue;
    size_t digits_begin = pos;
    while (digits_begin > 0 && IsAsciiDigit(text[digits_begin - 1])) {
      --digits_begin;
    }
    if (pos - digits_begin > 2) continue;
    if (digits_begin > 0 &&
        (IsWordChar(DecodeUtf8Before(text, digits_begin).code_point) ||
         text[digits_begin - 1] == '.' || text[digits_begin - 1] == ',')) {
      continue;
    }
    size_t letters = 0;
    for (size_t p = pos + 1; p < text.size();) {
      const DecodedChar c = DecodeUtf8(text, p);
      if (!IsLower(c.code_point)) break;
      ++letters;
      p += c.length;
    }
    if (letters >= 2) {
      out.append(text.substr(copied, pos + 1 - copied));
      out.push_back(' ');
      copied = pos + 1;
    }
  }
  out.append(text.substr(copied));
  return out;
}

// ---------------------------------------------------------------------------
// 4. Bullets.

constexpr bool AllGlyphsOutsideAscii() {
  for (const std::string_view glyph : kListGlyphs) {
    if (glyph.empty() || static_cast<unsigned char>(glyph[0]) < 0x80) {
      return false;
    }
  }
  return true;
}
static_assert(AllGlyphsOutsideAscii(), "DropBullets skips ASCII bytes");

std::string DropBullets(std::string_view text, const LanguageRules&) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    // Every list glyph is outside ASCII; most bytes are not.
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      out.push_back(text[pos++]);
      continue;
    }
    bool bullet = false;
    for (const std::string_view glyph : kListGlyphs) {
      if (text.substr(pos, glyph.size()) == glyph) {
        out.push_back(' ');
        pos += glyph.size();
        bullet = true;
        break;
      }
    }
    if (!bullet) out.push_back(text[pos++]);
  }
  return out;
}

// ---------------------------------------------------------------------------
// 5. Capitals.

// Shorter all-capital sentences ("EU.", "KL") are acronyms and stay.
constexpr size_t kMinShoutedRun = 4;

std::string SentenceCaseCapitals(std::string_view text, const LanguageRules&) {
  size_t run = 0;
  size_t longest_run = 0;
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (IsLower(c.code_point)) return std::string(text);
    run = IsUpper(c.code_point) ? run + 1 : 0;
    longest_run = std::max(longest_run, run);
    pos += c.length;
  }
  if (longest_run < kMinShoutedRun) return std::string(text);
  std::string out;
  out.reserve(text.size());
  bool first_letter = true;
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    pos += c.length;
    if (IsLetter(c.code_point) && first_letter) {
      first_letter = false;
      AppendUtf8(c.code_point, &out);
    } else {
      AppendUtf8(ToLower(c.code_point), &out);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// 6. Abbreviations.

// Characters after which a letter does not start a word of its own: "dk" in
// "naestved.dk", "i" in "3-i-1", the local part of an e-mail address.
constexpr char32_t kWordGlue[] = {'.', '@', '/', '-', '_', ':', '\'', 0x2019};

bool StartsWord(std::string_view text, size_t pos) {
  const char32_t before = DecodeUtf8Before(text, pos).code_point;
  return pos == 0 || !(IsWordChar(before) || InList(kWordGlue, before));
}

// True when only closing punctuation and spaces follow `pos`.
bool AtSentenceEnd(std::string_view text, size_t pos) {
  for (; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (!IsClosingPunct(c.code_point) && !IsSpace(c.code_point)) return false;
    pos += c.length;
  }
  return true;
}

std::string Capitalize(std::string_view word) {
  std::string out;
  const DecodedChar first = DecodeUtf8(word, 0);
  AppendUtf8(ToUpper(first.code_point), &out);
  out.append(word.substr(first.length));
  return out;
}

std::string ExpandAbbreviations(std::string_view text,
                                const LanguageRules& rules) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  bool seen_word = false;
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    // "cpr-nr.", "CVR-nr": the number word ends a compound.
    if (pos > 0 && text[pos - 1] == '-' && text.compare(pos, 2, "nr") == 0 &&
        (pos + 2 >= text.size() ||
         !IsLetter(DecodeUtf8(text, pos + 2).code_point))) {
      const size_t end =
          pos + 2 < text.size() && text[pos + 2] == '.' ? pos + 3 : pos + 2;
      out.append("nummer");
      if (text[end - 1] == '.' && AtSentenceEnd(text, end)) out.push_back('.');
      pos = end;
      continue;
    }
    if (!IsLetter(c.code_point) || !StartsWord(text, pos)) {
      seen_word = seen_word || IsWordChar(c.code_point);
      out.append(text.substr(pos, c.length));
      pos += c.length;
      continue;
    }
    const bool seen_word_before = seen_word;
    // Letters and dots: "f.eks.", "m.fl.", "naestved.dk", "fx"; and "c/o".
    size_t run_end = pos;
    while (run_end < text.size()) {
      const DecodedChar r = DecodeUtf8(text, run_end);
      const bool slash_between_letters =
          r.code_point == '/' && run_end == pos + 1 &&
          run_end + 1 < text.size() &&
          IsLetter(DecodeUtf8(text, run_end + 1).code_point);
      if (!IsLetter(r.code_point) && r.code_point != '.' &&
          !slash_between_letters) {
        break;
      }
      run_end += r.length;
    }
    // The longest prefix ending at a dot, or the whole run, that is an
    // abbreviation.
    const Abbreviation* found = nullptr;
    bool capitalized = false;
    size_t match_end = run_end;
    for (; match_end > pos; --match_end) {
      if (match_end != run_end && text[match_end - 1] != '.') continue;
      // Bounded so a run like "a.a.a.a..." costs linear time.
      if (match_end - pos > kMaxAbbreviationBytes) continue;
      found = FindAbbreviation(rules, text.substr(pos, match_end - pos),
                               &capitalized);
      if (found != nullptr) break;
    }
    seen_word = true;
    if (found == nullptr) {
      std::string_view stem;
      // Only runs ending in "nr" or "nr." can be one ("Sagnr.").
      const bool ends_in_nr =
          run_end - pos >= 4 &&
          (text[run_end - 1] == 'r' ||
           (text[run_end - 1] == '.' && text[run_end - 2] == 'r'));
      if (const size_t length =
              ends_in_nr ? NumberCompoundLength(text, pos, &stem) : 0) {
        out.append(stem);
        out.append("nummer");
        const size_t end = pos + length;
        if (text[end - 1] == '.' && AtSentenceEnd(text, end)) {
          out.push_back('.');
        }
        pos = end;
        continue;
      }
      out.append(text.substr(pos, run_end - pos));
      pos = run_end;
      continue;
    }
    const std::optional<std::string> in_context = SpokenInContext(
        text, pos, match_end, text.substr(pos, match_end - pos), rules);
    const std::string& spoken = in_context ? *in_context : found->spoken;
    // Capitalised only where a sentence starts: "F.eks." -> "For eksempel",
    // but "Mandag Kl. 9.00" -> "Mandag klokken 9.00".
    out.append(capitalized && !seen_word_before ? Capitalize(spoken) : spoken);
    // The abbreviation's dot doubled as the full stop: keep one.
    if (text[match_end - 1] == '.' && AtSentenceEnd(text, match_end)) {
      out.push_back('.');
    }
    if (match_end < text.size() &&
        IsWordChar(DecodeUtf8(text, match_end).code_point)) {
      out.push_back(' ');
    }
    pos = match_end;
  }
  return out;
}

// ---------------------------------------------------------------------------
// 7. White space.

constexpr char kNoSpaceBefore[] = {',', ';', ':', '!', '?', '.'};

// One space between words and none at the ends, as CollapseWhitespace, and
// none before a mark that ends a clause ("ord ," -> "ord,"). Its own loop:
// CleanCharacters has left only ' ', and the marks move in the same pass.
std::string TidySpaces(std::string_view text, const LanguageRules&) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == ' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      const bool punct =
          std::find(std::begin(kNoSpaceBefore), std::end(kNoSpaceBefore), c) !=
          std::end(kNoSpaceBefore);
      // ". 5" or ".5" stays as written: only a mark ending a clause moves.
      const bool ends_clause = pos + 1 >= text.size() || text[pos + 1] == ' ';
      if (!punct || !ends_clause) out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  return out;
}

// "mellem kl. 8-16" is "mellem klokken otte og seksten": after "mellem" a
// range of numbers, which the number rules read "8 til 16", is said with
// "og". Runs on the tidied text, so words are one space apart.
std::string BetweenRanges(std::string_view text, const LanguageRules&) {
  constexpr std::string_view kBetween = "ellem ";
  constexpr std::string_view kTo = " til ";
  std::string out;
  size_t copied = 0;
  for (size_t at = text.find(kBetween); at != std::string_view::npos;
       at = text.find(kBetween, at + kBetween.size())) {
    if (at == 0 || (text[at - 1] != 'm' && text[at - 1] != 'M') ||
        (at >= 2 && text[at - 2] != ' ')) {
      continue;
    }
    size_t pos = at + kBetween.size();
    if (text.substr(pos).starts_with("klokken ")) pos += 8;
    // One number: digits, dots, colons and commas.
    size_t end = pos;
    while (end < text.size() && (IsAsciiDigit(text[end]) || text[end] == '.' ||
                                 text[end] == ':' || text[end] == ',')) {
      ++end;
    }
    if (end == pos || !IsAsciiDigit(text[pos]) ||
        !text.substr(end).starts_with(kTo) || end + kTo.size() >= text.size() ||
        !IsAsciiDigit(text[end + kTo.size()])) {
      continue;
    }
    out.append(text.substr(copied, end - copied));
    out.append(" og ");
    copied = end + kTo.size();
  }
  if (copied == 0) return std::string(text);
  out.append(text.substr(copied));
  return out;
}

// In order. Addresses go before numbers (digits in a path are not amounts),
// ranges of days and dates before numbers (the dash becomes "til" and
// the number rules read each side), numbers before abbreviations (the number
// rules read "kl.", "kr." and "mio." themselves, with the number they belong
// to), and word rules last, on what the others left.
constexpr Stage kStages[] = {
    StripMarkup,   JoinLineBreakHyphens, CleanCharacters,  SpaceGluedOrdinals,
    DropBullets,   SentenceCaseCapitals, ReadWebAddresses, ReadWordRanges,
    ReadNumbers,   ExpandAbbreviations,  ReadWords,        TidySpaces,
    BetweenRanges,
};

}  // namespace

Normalizer::Normalizer(const LanguageRules* rules) : rules_(rules) {}

bool Normalizer::Readable(std::string_view sentence_text) const {
  const std::string_view text = sentence_text;
  for (size_t pos = 0; pos < text.size();) {
    if (text[pos] == '<') {
      // As StripMarkup: a tag is dropped whole, a stray '<' is a space.
      const size_t tag_end = MarkupTagEnd(text, pos);
      pos = tag_end != 0 ? tag_end : pos + 1;
      continue;
    }
    const DecodedChar c = DecodeUtf8(text, pos);
    // CleanCharacters removes U+FFFD and blanks private use; DropBullets
    // blanks list glyphs (each one code point).
    if (IsWordChar(c.code_point) && c.code_point != kReplacementChar &&
        !IsPrivateUse(c.code_point) &&
        std::find(std::begin(kListGlyphs), std::end(kListGlyphs),
                  text.substr(pos, c.length)) == std::end(kListGlyphs)) {
      return true;
    }
    pos += c.length;
  }
  return false;
}

std::string Normalizer::Normalize(std::string_view sentence_text) const {
  std::string text(sentence_text);
  for (const Stage stage : kStages) {
    text = stage(text, *rules_);
  }
  if (!HasWordChar(text)) return "";
  return text;
}

}  // namespace policyreader::text
