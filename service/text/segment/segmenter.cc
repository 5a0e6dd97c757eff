#include "service/text/segment/segmenter.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "service/text/bullets.h"
#include "service/text/chars.h"
#include "service/text/markup.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

// ---------------------------------------------------------------------------
// Tables.

// Markers that start a list item besides the unambiguous kListGlyphs.
// Dashes are ambiguous: a PDF line may also begin with a dash that continues
// the previous line ("vision ”Mærk Næstved\n– sammen om fremtiden”"), so
// they count as markers only in a list context (after a blank line, a list
// item, or a line ending in ':' or a full stop). All need a space after
// them, so "-5 grader" and "*vigtigt*" are not items.
struct AmbiguousMarker {
  std::string_view glyph;
  bool needs_list_context;
};

constexpr AmbiguousMarker kAmbiguousMarkers[] = {
    {"*", false},
    {"-", true},
    {"\u2013", true},  // – en dash
    {"\u2014", true},  // — em dash
    // Word processors' second-level bullet, pasted as a letter; Danish has
    // no word "o".
    {"o", true},
};

// Numbered list markers: "1." "1)" "(1)" "a)" "(a)".
struct NumberedMarker {
  bool letter;  // a single ASCII letter instead of 1-3 digits
  char open;    // '\0' for none
  char close;
  // "1." is also how Danish writes ordinals: "1. januar 2016" at the start
  // of a line is a date, not a list item.
  bool check_ordinal;
};

constexpr NumberedMarker kNumberedMarkers[] = {
    {false, '\0', '.', true}, {false, '\0', ')', false},
    {false, '(', ')', false}, {true, '\0', ')', false},
    {true, '(', ')', false},
};

constexpr size_t kMaxListNumberDigits = 3;

// Line-final characters after which the next line always continues the
// same unit: the sentence is visibly unfinished.
constexpr char32_t kContinuingLineEnds[] = {
    ',', ';', '-', '/', '&', '+', '(', 0x2013, 0x2014, 0x2010, 0xAD};

constexpr char32_t kSentenceTerminals[] = {'.',    '!',    '?',    0x2026,
                                           0x203C, 0x2047, 0x2048, 0x2049};

// A line ending in one of these is not a title: it ends a sentence, runs on
// to the next line, or introduces a list ("Hvem:").
constexpr char32_t kNonHeadingEnds[] = {'.', '!',    '?',    ':',    ';',
                                        ',', '-',    0x2013, 0x2014, 0x2026,
                                        '/', 0x2010, 0xAD};

// Lone page numbers a PDF leaves between pages. '#' is 1-3 digits (page
// numbers, never a year); a space is any white space, or none. A bare
// number could also be content ("Antal:\n12"), so those count only when
// blank lines (or the document's edges) surround them.
struct PageNumberPattern {
  std::string_view pattern;  // lower-case
  bool needs_blank_around;
};

constexpr PageNumberPattern kPageNumberPatterns[] = {
    {"#", true},
    {"#/#", true},
    {"- # -", false},
    {"\u2013 # \u2013", false},  // – 4 –
    {"\u2014 # \u2014", false},  // — 4 —
    {"side #", false},
    {"side # af #", false},
    {"side #/#", false},
    {"s. #", true},
    {"page #", false},
    {"page # of #", false},
};

constexpr size_t kMaxPageNumberDigits = 3;

// Running headers and footers are short; a longer line that recurs is
// content (a repeated sentence).
constexpr size_t kMaxRunningLineChars = 80;

// Clause punctuation an over-long sentence is split after, best first.
constexpr char32_t kClausePunct[] = {';', ':', ','};

template <size_t N>
bool InList(const char32_t (&list)[N], char32_t c) {
  return std::find(std::begin(list), std::end(list), c) != std::end(list);
}

// Terminals that end a sentence whatever word they follow.
constexpr char32_t kStrongTerminals[] = {'!',    '?',    0x203C,
                                         0x2047, 0x2048, 0x2049};

bool IsTerminal(char32_t c) { return InList(kSentenceTerminals, c); }

constexpr char32_t kDashes[] = {'-', 0x2010, 0x2013, 0x2014};

bool IsDash(char32_t c) { return InList(kDashes, c); }

// Characters trimmed from the edges of lines and sentences.
bool IsTrimmable(char32_t c) {
  // ASCII: white space and controls are all of 0x00-0x20, and DEL.
  if (c < 0x80) return c <= 0x20 || c == 0x7F;
  return IsSpace(c) || IsControl(c) || IsInvisible(c);
}

struct Range {
  size_t begin;
  size_t end;
};

// ---------------------------------------------------------------------------
// Small scanning helpers over the original text.

size_t SkipTrimmable(std::string_view text, size_t pos, size_t end) {
  while (pos < end) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (!IsTrimmable(c.code_point)) break;
    pos += c.length;
  }
  return pos;
}

size_t TrimTrailing(std::string_view text, size_t begin, size_t end) {
  while (end > begin) {
    const DecodedChar c = DecodeUtf8Before(text, end);
    if (!IsTrimmable(c.code_point)) break;
    end -= c.length;
  }
  return end;
}

Range Trim(std::string_view text, Range r) {
  r.begin = SkipTrimmable(text, r.begin, r.end);
  r.end = TrimTrailing(text, r.begin, r.end);
  return r;
}

// Skips white space and tags: both separate words and are never read.
size_t SkipSpaceAndTags(std::string_view text, size_t pos, size_t end) {
  while (pos < end) {
    if (text[pos] == '<') {
      const size_t tag_end = MarkupTagEnd(text.substr(0, end), pos);
      if (tag_end != 0) {
        pos = tag_end;
        continue;
      }
    }
    const DecodedChar c = DecodeUtf8(text, pos);
    if (!IsTrimmable(c.code_point)) break;
    pos += c.length;
  }
  return pos;
}

size_t SkipOpeningPunct(std::string_view text, size_t pos, size_t end) {
  while (pos < end) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (!IsOpeningPunct(c.code_point)) break;
    pos += c.length;
  }
  return pos;
}

// Advances `count` characters from `pos`, stopping at `end`.
size_t AdvanceChars(std::string_view text, size_t pos, size_t count,
                    size_t end) {
  for (size_t i = 0; i < count && pos < end; ++i) {
    pos += DecodeUtf8(text, pos).length;
  }
  return pos;
}

// The word starting at `pos`: word characters and dots ("mar.", "juni").
std::string_view WordAt(std::string_view text, size_t pos, size_t end) {
  size_t word_end = pos;
  while (word_end < end) {
    const DecodedChar c = DecodeUtf8(text, word_end);
    if (!IsWordChar(c.code_point) && c.code_point != '.') break;
    word_end += c.length;
  }
  return text.substr(pos, word_end - pos);
}

// The letters-only word starting at `pos`.
std::string_view LettersAt(std::string_view text, size_t pos, size_t end) {
  size_t word_end = pos;
  while (word_end < end) {
    const DecodedChar c = DecodeUtf8(text, word_end);
    if (!IsLetter(c.code_point)) break;
    word_end += c.length;
  }
  return text.substr(pos, word_end - pos);
}

bool HasReadableChar(std::string_view text, size_t begin, size_t end) {
  for (size_t pos = begin; pos < end;) {
    if (text[pos] == '<') {
      const size_t tag_end = MarkupTagEnd(text.substr(0, end), pos);
      if (tag_end != 0) {
        pos = tag_end;
        continue;
      }
    }
    const DecodedChar c = DecodeUtf8(text, pos);
    if (IsWordChar(c.code_point)) return true;
    pos += c.length;
  }
  return false;
}

// "H." "H.C." "A.P.": upper-case letters each followed by a dot.
bool IsInitials(std::string_view token) {
  if (token.empty()) return false;
  size_t pos = 0;
  while (pos < token.size()) {
    const DecodedChar c = DecodeUtf8(token, pos);
    if (!IsUpper(c.code_point)) return false;
    pos += c.length;
    if (pos >= token.size() || token[pos] != '.') return false;
    ++pos;
  }
  return true;
}

bool IsAllDigits(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

// ---------------------------------------------------------------------------
// Lines.

struct Line {
  size_t content_begin = 0;  // trimmed
  size_t content_end = 0;
  bool blank = true;
  size_t indent = 0;       // columns of leading white space
  size_t chars = 0;        // characters of content
  size_t solid_chars = 0;  // of which not white space
  // List marker, when the line starts with one.
  bool marker = false;
  bool marker_needs_context = false;
  size_t item_begin = 0;  // content after the marker
  // "3." "2)" "(a)": the number is read with the item ("3. Orientering",
  // "2) fremhæve"), so the item starts at it; a glyph is not read.
  bool numbered = false;
  // Capitals: weak = has letters, none lower-case ("OG");
  // strong = also at least three letters ("SAMARBEJDE").
  bool caps_weak = false;
  bool caps_strong = false;
  char32_t first_letter_char = 0;  // first char after opening punctuation
  char32_t last_char = 0;          // last char before closing punctuation
  bool ends_with_hyphen = false;   // letter or digit then '-': "forvent-"
  // Page furniture (page number, running header or footer): never read.
  bool furniture = false;
};

constexpr size_t kCapsStrongLetters = 3;
constexpr size_t kTabColumns = 4;

bool StartsWithAt(std::string_view text, size_t pos, size_t end,
                  std::string_view prefix) {
  return end - pos >= prefix.size() &&
         text.substr(pos, prefix.size()) == prefix;
}

// Recognises a glyph marker at `pos`; returns the offset after it or npos.
size_t MatchBulletGlyph(std::string_view text, size_t pos, size_t end,
                        bool* needs_context) {
  for (const std::string_view glyph : kListGlyphs) {
    if (StartsWithAt(text, pos, end, glyph)) {
      *needs_context = false;
      return pos + glyph.size();
    }
  }
  for (const AmbiguousMarker& marker : kAmbiguousMarkers) {
    if (!StartsWithAt(text, pos, end, marker.glyph)) continue;
    const size_t after = pos + marker.glyph.size();
    if (after < end && !IsSpace(DecodeUtf8(text, after).code_point)) continue;
    *needs_context = marker.needs_list_context;
    return after;
  }
  return std::string_view::npos;
}

size_t MatchNumberedMarker(const LanguageRules& rules, std::string_view text,
                           size_t pos, size_t end) {
  for (const NumberedMarker& marker : kNumberedMarkers) {
    size_t p = pos;
    if (marker.open != '\0') {
      if (p >= end || text[p] != marker.open) continue;
      ++p;
    }
    const size_t body_begin = p;
    if (marker.letter) {
      if (p < end && text[p] >= 'a' && text[p] <= 'z') ++p;
    } else {
      while (p < end && p - body_begin < kMaxListNumberDigits + 1 &&
             text[p] >= '0' && text[p] <= '9') {
        ++p;
      }
      if (p - body_begin > kMaxListNumberDigits) continue;
    }
    if (p == body_begin || p >= end || text[p] != marker.close) continue;
    ++p;
    if (p >= end || !IsSpace(DecodeUtf8(text, p).code_point)) continue;
    if (marker.check_ordinal) {
      const size_t word = SkipTrimmable(text, p, end);
      const std::string_view next = WordAt(text, word, end);
      if (IsOrdinalFollower(rules, next)) continue;
      // "1. suppleant", "2. pinsedag", "1. behandlingen": an ordinal used as
      // an adjective, read, not a list number. A numbered item starts with
      // a capital or a function word ("1. at budgettet godkendes").
      if (!next.empty() && IsLower(DecodeUtf8(next, 0).code_point) &&
          !rules.list_item_openers.contains(
              LowerCase(LettersAt(text, word, end)))) {
        continue;
      }
    }
    return p;
  }
  return std::string_view::npos;
}

Line AnalyzeLine(const LanguageRules& rules, std::string_view text,
                 size_t begin, size_t end) {
  Line line;
  for (size_t pos = begin; pos < end;) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (!IsSpace(c.code_point)) break;
    line.indent += c.code_point == '\t' ? kTabColumns : 1;
    pos += c.length;
  }
  const Range content = Trim(text, {begin, end});
  line.content_begin = content.begin;
  line.content_end = content.end;
  line.item_begin = content.begin;
  line.blank = content.begin >= content.end;
  if (line.blank) return line;

  bool needs_context = false;
  size_t after =
      MatchBulletGlyph(text, content.begin, content.end, &needs_context);
  if (after == std::string_view::npos) {
    after = MatchNumberedMarker(rules, text, content.begin, content.end);
    line.numbered = after != std::string_view::npos;
  }
  if (after != std::string_view::npos) {
    line.marker = true;
    line.marker_needs_context = needs_context;
    line.item_begin = SkipTrimmable(text, after, content.end);
  }

  size_t letters = 0;
  size_t lower = 0;
  for (size_t pos = content.begin; pos < content.end;) {
    const DecodedChar c = DecodeUtf8(text, pos);
    ++line.chars;
    if (!IsSpace(c.code_point)) ++line.solid_chars;
    if (IsLetter(c.code_point)) ++letters;
    if (IsLower(c.code_point)) ++lower;
    pos += c.length;
  }
  line.caps_weak = letters > 0 && lower == 0;
  line.caps_strong = letters >= kCapsStrongLetters && lower == 0;

  const size_t first = SkipOpeningPunct(text, content.begin, content.end);
  line.first_letter_char =
      DecodeUtf8(text.substr(0, content.end), first).code_point;
  size_t last_end = content.end;
  while (last_end > content.begin) {
    const DecodedChar c = DecodeUtf8Before(text, last_end);
    if (!IsClosingPunct(c.code_point)) break;
    last_end -= c.length;
  }
  const DecodedChar last = DecodeUtf8Before(text, last_end);
  line.last_char = last.code_point;
  if ((last.code_point == '-' || last.code_point == 0xAD ||
       last.code_point == 0x2010) &&
      last_end - last.length > content.begin) {
    const char32_t before =
        DecodeUtf8Before(text, last_end - last.length).code_point;
    line.ends_with_hyphen = IsLetter(before) || IsAsciiDigit(before);
  }
  return line;
}

std::vector<Line> SplitLines(const LanguageRules& rules,
                             std::string_view text) {
  std::vector<Line> lines;
  size_t line_begin = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const DecodedChar c = DecodeUtf8(text, pos);
    if (!IsLineBreak(c.code_point)) {
      pos += c.length;
      continue;
    }
    lines.push_back(AnalyzeLine(rules, text, line_begin, pos));
    pos += c.length;
    if (c.code_point == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
    line_begin = pos;
  }
  lines.push_back(AnalyzeLine(rules, text, line_begin, text.size()));
  return lines;
}

// ---------------------------------------------------------------------------
// Page furniture.

// Lower-cased content with white space runs collapsed to one space:
// LowerCase(CollapseWhitespace(content)) in one pass, as every short line
// of a text is normalized.
std::string NormalizedContent(std::string_view text, const Line& line) {
  const std::string_view content =
      text.substr(line.content_begin, line.content_end - line.content_begin);
  std::string out;
  out.reserve(content.size());
  bool pending_space = false;
  for (size_t pos = 0; pos < content.size();) {
    const DecodedChar c = DecodeUtf8(content, pos);
    pos += c.length;
    if (IsSpace(c.code_point)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    if (c.code_point < 0x80) {
      const char ascii = static_cast<char>(c.code_point);
      out.push_back(ascii >= 'A' && ascii <= 'Z' ? ascii + ('a' - 'A') : ascii);
    } else {
      AppendUtf8(ToLower(c.code_point), &out);
    }
  }
  return out;
}

// Whether `content` (normalized) matches `pattern` (see PageNumberPattern).
bool MatchesPagePattern(std::string_view pattern, std::string_view content) {
  size_t i = 0;
  size_t j = 0;
  while (i < pattern.size()) {
    if (pattern[i] == ' ') {
      while (j < content.size() && content[j] == ' ') ++j;
      ++i;
    } else if (pattern[i] == '#') {
      const size_t digits_begin = j;
      while (j < content.size() && content[j] >= '0' && content[j] <= '9') ++j;
      if (j == digits_begin || j - digits_begin > kMaxPageNumberDigits) {
        return false;
      }
      ++i;
    } else {
      if (j >= content.size() || content[j] != pattern[i]) return false;
      ++i;
      ++j;
    }
  }
  return j == content.size();
}

// Running headers vary only in their page number: compare with digits
// folded.
std::string RunningKey(std::string_view normalized) {
  std::string key;
  for (const char c : normalized) {
    const bool digit = c >= '0' && c <= '9';
    if (digit && !key.empty() && key.back() == '#') continue;
    key.push_back(digit ? '#' : c);
  }
  return key;
}

// Marks lone page numbers, then short lines that recur at page breaks.
// `normalized` receives NormalizedContent of each line with at most
// kMaxRunningLineChars characters besides spaces ("" for the others).
void MarkFurniture(std::string_view text, size_t min_running_repeats,
                   std::vector<Line>* lines,
                   std::vector<std::string>* normalized_out) {
  const size_t n = lines->size();
  auto blank_or_edge = [&](size_t i, int step) {
    const long j = static_cast<long>(i) + step;
    return j < 0 || j >= static_cast<long>(n) || (*lines)[j].blank;
  };
  std::vector<std::string>& normalized = *normalized_out;
  normalized.assign(n, std::string());
  for (size_t i = 0; i < n; ++i) {
    Line& line = (*lines)[i];
    // Longer lines are neither running lines nor page numbers (the longest
    // pattern matches a dozen characters besides spaces): most lines of a
    // text pasted from the web are whole paragraphs, not worth normalizing.
    if (line.blank || line.solid_chars > kMaxRunningLineChars) continue;
    normalized[i] = NormalizedContent(text, line);
    for (const PageNumberPattern& p : kPageNumberPatterns) {
      if (!MatchesPagePattern(p.pattern, normalized[i])) continue;
      if (p.needs_blank_around &&
          !(blank_or_edge(i, -1) && blank_or_edge(i, 1))) {
        continue;
      }
      line.furniture = true;
      break;
    }
  }

  // Nearest non-blank line before/after i, or npos.
  auto neighbour = [&](size_t i, int step) -> size_t {
    for (long j = static_cast<long>(i) + step;
         j >= 0 && j < static_cast<long>(n); j += step) {
      if (!(*lines)[j].blank) return static_cast<size_t>(j);
    }
    return std::string_view::npos;
  };
  absl::flat_hash_map<std::string, std::vector<size_t>> occurrences;
  for (size_t i = 0; i < n; ++i) {
    const Line& line = (*lines)[i];
    if (line.blank || line.furniture || line.chars > kMaxRunningLineChars) {
      continue;
    }
    occurrences[RunningKey(normalized[i])].push_back(i);
  }
  // Every recurring line is judged by the page numbers alone, and marked
  // after all are judged: marking one as it is judged would put the next
  // one judged beside furniture, so the result would hang on the map's
  // order (which differs between maps, and so between two calls on one
  // text) and could run on through a repeated text's short lines.
  std::vector<const std::vector<size_t>*> running;
  for (const auto& [key, where] : occurrences) {
    if (where.size() < min_running_repeats) continue;
    size_t at_break = 0;
    for (const size_t i : where) {
      const size_t before = neighbour(i, -1);
      const size_t after = neighbour(i, 1);
      const bool by_page_number =
          (before != std::string_view::npos && (*lines)[before].furniture) ||
          (after != std::string_view::npos && (*lines)[after].furniture);
      // Inside a sentence: the text before runs on and the text after
      // carries on in lower case.
      const bool inside_sentence = before != std::string_view::npos &&
                                   after != std::string_view::npos &&
                                   !IsTerminal((*lines)[before].last_char) &&
                                   (*lines)[before].last_char != ':' &&
                                   IsLower((*lines)[after].first_letter_char);
      if (by_page_number || inside_sentence) ++at_break;
    }
    // Most occurrences at a break: a heading that merely recurs ("HVORFOR?")
    // sits between paragraphs, never there.
    if (2 * at_break >= where.size()) running.push_back(&where);
  }
  for (const std::vector<size_t>* where : running) {
    for (const size_t i : *where) (*lines)[i].furniture = true;
  }
}

// ---------------------------------------------------------------------------
// Sentences inside a passage.

// A sentence, or a piece of one cut for breath (`continues`: the next piece
// goes on with it).
struct Piece {
  Range range;
  bool continues = false;
};

class SentenceSplitter {
 public:
  SentenceSplitter(const LanguageRules& rules, const SegmenterOptions& options,
                   std::string_view text)
      : rules_(rules), options_(options), text_(text) {}

  void Split(Range unit, std::vector<Piece>* out) const {
    size_t start = unit.begin;
    size_t pos = unit.begin;
    // "3. Orientering": an item's number is read with its words, not as a
    // sentence of its own.
    const size_t marker_end =
        MatchNumberedMarker(rules_, text_, unit.begin, unit.end);
    while (pos < unit.end) {
      if (text_[pos] == '<') {
        const size_t tag_end = MarkupTagEnd(text_.substr(0, unit.end), pos);
        if (tag_end != 0) {
          pos = tag_end;
          continue;
        }
      }
      const DecodedChar c = DecodeUtf8(text_, pos);
      if (!IsTerminal(c.code_point)) {
        pos += c.length;
        continue;
      }
      const size_t run_end = TerminalRunEnd(pos, unit.end);
      const bool in_marker =
          marker_end != std::string_view::npos && run_end <= marker_end;
      if (!in_marker && IsBoundary(start, pos, run_end, unit.end)) {
        SplitLong({start, run_end}, out);
        start = SkipTrimmable(text_, run_end, unit.end);
      }
      pos = run_end;
    }
    if (start < unit.end) SplitLong({start, unit.end}, out);
  }

 private:
  // End of ". . ." / "?!" / ".”)" : terminals mixed with closing quotes and
  // brackets, all of which belong to the sentence they end.
  size_t TerminalRunEnd(size_t pos, size_t end) const {
    while (pos < end) {
      const DecodedChar c = DecodeUtf8(text_, pos);
      if (!IsTerminal(c.code_point) && !IsClosingPunct(c.code_point)) break;
      pos += c.length;
    }
    return pos;
  }

  // Whether the terminal run [run_begin, run_end) ends the sentence that
  // started at `start`.
  bool IsBoundary(size_t start, size_t run_begin, size_t run_end,
                  size_t end) const {
    // Glued to what follows: "9.00", "bl.a", "www.x.dk", "1.-3.", "?id=".
    if (run_end < end) {
      const bool tag = MarkupTagEnd(text_.substr(0, end), run_end) != 0;
      if (!tag && !IsTrimmable(DecodeUtf8(text_, run_end).code_point)) {
        return false;
      }
    }
    const size_t next_word =
        SkipOpeningPunct(text_, SkipSpaceAndTags(text_, run_end, end), end);
    if (next_word >= end) return true;
    const char32_t next = DecodeUtf8(text_, next_word).code_point;
    // Danish sentences start with a capital; a lower-case word after a dot
    // means the dot was not an end ("4. år", "f.eks. hvordan", "m.fl. ud").
    if (IsLower(next)) return false;
    // "0. - 7. kl.", "Blokeret d. - dato for ...": a dash that goes on to a
    // number or a lower-case word joins, it does not open a sentence.
    if (IsDash(next)) {
      const size_t after_dash = SkipSpaceAndTags(
          text_, next_word + DecodeUtf8(text_, next_word).length, end);
      if (after_dash < end) {
        const char32_t c = DecodeUtf8(text_, after_dash).code_point;
        if (IsLower(c) || IsAsciiDigit(c)) return false;
      }
    }
    // Text pasted from web pages keeps one paragraph per line, so a dot
    // that ends a line before a capital or a new number ends more often
    // than the same dot inside a line.
    const bool line_break =
        text_.substr(run_end, next_word - run_end).find('\n') !=
        std::string_view::npos;

    size_t dots = 0;
    bool strong = false;
    bool ellipsis = false;
    for (size_t pos = run_begin; pos < run_end;) {
      const DecodedChar c = DecodeUtf8(text_, pos);
      if (c.code_point == '.') ++dots;
      if (c.code_point == 0x2026) ellipsis = true;
      if (InList(kStrongTerminals, c.code_point)) strong = true;
      pos += c.length;
    }
    if (strong) return true;
    if (ellipsis || dots >= 2) {
      // "1.1. Lovgrundlaget": a section number opening its line is part of
      // the heading it numbers.
      if (IsSectionNumberAtLineStart(run_begin)) return false;
      return IsUpper(next);
    }

    // A single dot: decide from the word it ends.
    size_t token_begin = run_begin;
    while (token_begin > start) {
      const DecodedChar c = DecodeUtf8Before(text_, token_begin);
      if (IsTrimmable(c.code_point) || c.code_point == '>') break;
      token_begin -= c.length;
    }
    token_begin = SkipOpeningPunct(text_, token_begin, run_begin);
    const std::string_view word =
        text_.substr(token_begin, run_begin - token_begin);
    if (word.empty()) return true;  // "tværgående . Som"
    const std::string_view with_dot =
        text_.substr(token_begin, run_begin + 1 - token_begin);

    // "d. 25. juni", "s. 7-9", "nr. 4": a word that introduces a number
    // (number_cues.tsv) does not end a sentence before one.
    if (IsAsciiDigit(next) &&
        rules_.number_cues.contains(LowerCase(with_dot))) {
      return false;
    }
    bool capitalized;
    if (const Abbreviation* abbreviation =
            with_dot.size() <= kMaxAbbreviationBytes
                ? FindAbbreviation(rules_, with_dot, &capitalized)
                : nullptr) {
      return !abbreviation->never_ends_sentence && IsUpper(next);
    }
    // "H.C. Andersen": initials before a name; "Hr. Jensen": a title.
    if ((IsInitials(with_dot) ||
         rules_.name_titles.contains(LowerCase(with_dot))) &&
        IsUpper(next)) {
      return false;
    }
    if (IsAllDigits(word)) {
      // "den 28. Juni", "28. 06. 2022": still an ordinal; but a year that
      // ends its line ends its sentence ("... 3. januar 2017.\n2. rate").
      if (IsAsciiDigit(next)) return line_break && word.size() == 4;
      // "§ 3. Kommunen skal ...", "Stk. 2. Bekendtgørelsen ...": the label
      // that opens a provision belongs to its first sentence, unless it
      // stands on a line of its own ("Stk. 2.\nFor udstedelse ..."). An
      // ordinal's noun is lower case ("3. behandling"), so a capital on the
      // next line starts a sentence ("nr. 3.\nBehandling af ...").
      if (line_break) return true;
      if (IsProvisionLabel(token_begin)) return false;
      return !IsOrdinalFollower(rules_, WordAt(text_, next_word, end));
    }
    // "1.1. Lovgrundlaget".
    if (IsSectionNumberAtLineStart(run_begin)) return false;
    return true;
  }

  // True when only spaces stand between the line start and `pos`.
  bool AtLineStart(size_t pos) const {
    while (pos > 0 && (text_[pos - 1] == ' ' || text_[pos - 1] == '\t')) --pos;
    return pos == 0 || text_[pos - 1] == '\n';
  }

  // The dot at `dot` ends "1.1" or "2.3.4" opening its line.
  bool IsSectionNumberAtLineStart(size_t dot) const {
    size_t begin = dot;
    while (begin > 0 &&
           (IsAsciiDigit(text_[begin - 1]) || text_[begin - 1] == '.')) {
      --begin;
    }
    return begin < dot && IsAsciiDigit(text_[begin]) && AtLineStart(begin);
  }

  // The number starting at `number_begin` follows a label ("§", "Stk.",
  // "Bilag": number_cues.tsv) that opens its line.
  bool IsProvisionLabel(size_t number_begin) const {
    size_t end = number_begin;
    while (end > 0 && text_[end - 1] == ' ') --end;
    size_t begin = end;
    while (begin > 0 && text_[begin - 1] != ' ' && text_[begin - 1] != '\n') {
      --begin;
    }
    if (begin == end || !AtLineStart(begin)) return false;
    const auto cue =
        rules_.number_cues.find(LowerCase(text_.substr(begin, end - begin)));
    return cue != rules_.number_cues.end() &&
           cue->second.cue == NumberCue::kLabel;
  }

  // Splits a sentence over the length limit at the best clause boundary in
  // its window, repeatedly.
  void SplitLong(Range sentence, std::vector<Piece>* out) const {
    const size_t max_chars = std::max<size_t>(options_.max_sentence_chars, 1);
    size_t begin = sentence.begin;
    while (true) {
      const size_t limit = AdvanceChars(text_, begin, max_chars, sentence.end);
      if (limit >= sentence.end) break;  // fits
      const size_t floor =
          AdvanceChars(text_, begin, max_chars / 3, sentence.end);
      const size_t cut = FindCut(begin, floor, limit, sentence.end);
      if (cut == std::string_view::npos) break;
      out->push_back({{begin, cut}, true});
      begin = SkipTrimmable(text_, cut, sentence.end);
    }
    if (begin < sentence.end) {
      out->push_back({{begin, sentence.end}, false});
    } else if (!out->empty()) {
      out->back().continues = false;
    }
  }

  // Where a piece starting at `begin` should end: after the last ';', then
  // ':', then ',' (followed by a space) in [floor, limit]; else before the
  // last clause conjunction there; else at the last space before `limit`;
  // else at the first space after it. npos when the rest is one word.
  size_t FindCut(size_t begin, size_t floor, size_t limit, size_t end) const {
    constexpr size_t kNone = std::string_view::npos;
    size_t best_punct[std::size(kClausePunct)];
    std::fill(std::begin(best_punct), std::end(best_punct), kNone);
    size_t best_conjunction = kNone;
    size_t best_space = kNone;
    bool after_space = false;
    size_t pos = begin;
    while (pos <= limit && pos < end) {
      if (text_[pos] == '<') {
        const size_t tag_end = MarkupTagEnd(text_.substr(0, end), pos);
        if (tag_end != 0) {
          pos = tag_end;
          after_space = false;
          continue;
        }
      }
      const DecodedChar c = DecodeUtf8(text_, pos);
      const size_t next = pos + c.length;
      const bool space = IsSpace(c.code_point);
      if (space && pos > begin) best_space = pos;
      const bool space_follows =
          next < end && IsSpace(DecodeUtf8(text_, next).code_point);
      if (pos >= floor && next <= limit && space_follows) {
        for (size_t i = 0; i < std::size(kClausePunct); ++i) {
          if (c.code_point == kClausePunct[i]) best_punct[i] = next;
        }
      }
      if (after_space && pos >= floor && IsLetter(c.code_point)) {
        const std::string_view word = LettersAt(text_, pos, end);
        const size_t word_end = pos + word.size();
        if (word_end < end && IsSpace(DecodeUtf8(text_, word_end).code_point) &&
            rules_.clause_conjunctions.contains(LowerCase(word))) {
          best_conjunction = pos;
        }
      }
      after_space = space;
      pos = next;
    }
    for (size_t best : best_punct) {
      if (best != kNone) return best;
    }
    if (best_conjunction != kNone) return best_conjunction;
    if (best_space != kNone) return best_space;
    // One word runs past the limit: cut at the first space after it.
    while (pos < end) {
      const DecodedChar c = DecodeUtf8(text_, pos);
      if (IsSpace(c.code_point)) return pos;
      pos += c.length;
    }
    return kNone;
  }

  const LanguageRules& rules_;
  const SegmenterOptions& options_;
  std::string_view text_;
};

// ---------------------------------------------------------------------------
// Passages: paragraphs, headings and list items, before sentence splitting.

struct Passage {
  Range range;
  SentenceKind kind;
  // Dropped page furniture inside the range (a page break in mid-sentence):
  // never read, so sentences are cut around it.
  std::vector<Range> holes;
};

class PassageBuilder {
 public:
  PassageBuilder(const LanguageRules& rules, const SegmenterOptions& options,
                 std::string_view text)
      : rules_(rules), options_(options), text_(text) {}

  std::vector<Passage> Build(const std::vector<Line>& lines) {
    const Line* previous = nullptr;  // previous line with content
    bool blank_before = true;
    bool furniture_in_gap = false;
    for (const Line& line : lines) {
      if (line.furniture) {
        furniture_in_gap = true;
        continue;
      }
      if (line.blank) {
        blank_before = true;
        continue;
      }
      // A page break (page number, running header) cuts a paragraph that
      // had not ended: read on as if the lines were adjacent.
      if (blank_before && furniture_in_gap && previous != nullptr &&
          !IsTerminal(previous->last_char) && previous->last_char != ':') {
        blank_before = false;
      }
      const bool after_furniture = furniture_in_gap;
      furniture_in_gap = false;
      const bool is_marker =
          line.marker &&
          (!line.marker_needs_context || InListContext(previous, blank_before));
      if (blank_before && open_ && !is_marker && ContinuesAcrossBlank(line)) {
        blank_before = false;
      }
      if (!open_ || blank_before || is_marker || StartsNewUnit(line)) {
        Close();
        Open(line, is_marker, blank_before);
      } else {
        if (after_furniture) {
          open_->holes.push_back({open_->range.end, line.content_begin});
        }
        open_->range.end = line.content_end;
        open_->all_caps = open_->all_caps && line.caps_weak;
        open_->last = &line;
      }
      previous = &line;
      blank_before = false;
    }
    Close();
    ClassifyTitles();
    std::vector<Passage> passages;
    passages.reserve(closed_.size());
    for (Closed& closed : closed_) {
      passages.push_back({closed.range, closed.kind, std::move(closed.holes)});
    }
    return passages;
  }

 private:
  struct OpenUnit {
    Range range;
    bool list = false;
    bool all_caps = false;  // first line strong capitals, the rest weak
    bool after_blank = true;
    size_t list_indent = 0;
    const Line* last = nullptr;
    std::vector<Range> holes;
  };

  struct Closed {
    Range range;
    SentenceKind kind;
    bool title_like = false;  // kind is kHeading from LooksLikeTitle
    bool after_blank = true;
    std::vector<Range> holes;
  };

  bool InListContext(const Line* previous, bool blank_before) const {
    if (previous == nullptr || blank_before) return true;
    if (open_ && open_->list) return true;
    return previous->last_char == ':' || IsTerminal(previous->last_char);
  }

  // PDF columns and page breaks put blank lines inside sentences
  // ("Eksisterende organisationskultur,\n\nledelsesgrundlag og ..."): a
  // paragraph that had not ended, followed by a line in lower case, goes on.
  bool ContinuesAcrossBlank(const Line& line) const {
    if (open_->all_caps) return false;
    const Line& last = *open_->last;
    if (IsTerminal(last.last_char) || last.last_char == ':') return false;
    return IsLower(line.first_letter_char);
  }

  // Whether `line` (not a list marker) ends the open unit instead of
  // continuing it as a hard-wrapped line.
  bool StartsNewUnit(const Line& line) const {
    const Line& last = *open_->last;
    // A marker alone on its line: the item's words follow on the next.
    if (open_->list && last.item_begin >= last.content_end) return false;
    if (last.ends_with_hyphen) return false;
    if (open_->all_caps) return !line.caps_weak;
    if (line.caps_strong && line.last_char != '.') return true;
    // "Journalnr: 2019-423-0224" after a line that did not end: a label
    // opens a line of its own in a contact block or a case header.
    if (StartsWithLabel(line) && !InList(kContinuingLineEnds, last.last_char)) {
      return true;
    }
    // Addresses and contact blocks: "Vestgrønningen 18\n2791 Dragør",
    // "Tlf: 9940 9940\naau@aau.dk". A number also goes on what the line
    // before leads into ("Loven gælder fra\n1. januar", "Antal:\n12"),
    // unless it opens words of its own after a colon ("tidsplan her:\n23.
    // april – Byrådet").
    if (IsAsciiDigit(line.first_letter_char)) {
      if (EndsWithLeadIn(last)) return false;
      if (last.last_char == ':') return HasLetters(line);
    } else if (!IsUpper(line.first_letter_char) &&
               !StartsWithWebAddress(line)) {
      return false;
    }
    // A list item's wrapped lines are indented under its text; a line
    // starting at the marker's column with a capital is new text.
    if (open_->list && line.indent <= open_->list_indent) return true;
    if (last.last_char == ':') return true;
    const bool unfinished = IsTerminal(last.last_char) ||
                            InList(kContinuingLineEnds, last.last_char);
    return !unfinished && last.chars < options_.short_line_chars;
  }

  bool EndsWithLeadIn(const Line& line) const {
    size_t begin = line.content_end;
    while (begin > line.content_begin) {
      const DecodedChar c = DecodeUtf8Before(text_, begin);
      if (!IsLetter(c.code_point)) break;
      begin -= c.length;
    }
    return begin < line.content_end &&
           rules_.lead_in_endings.contains(
               LowerCase(text_.substr(begin, line.content_end - begin)));
  }

  bool HasLetters(const Line& line) const {
    for (size_t pos = line.content_begin; pos < line.content_end;) {
      const DecodedChar c = DecodeUtf8(text_, pos);
      if (IsLetter(c.code_point)) return true;
      pos += c.length;
    }
    return false;
  }

  // "Journalnr:", "Telefon:": one capitalised word and a colon.
  bool StartsWithLabel(const Line& line) const {
    if (!IsUpper(line.first_letter_char)) return false;
    size_t pos = line.content_begin;
    while (pos < line.content_end) {
      const DecodedChar c = DecodeUtf8(text_, pos);
      if (c.code_point == ':') {
        return pos + 1 < line.content_end && text_[pos + 1] == ' ';
      }
      if (!IsLetter(c.code_point) && c.code_point != '.' &&
          c.code_point != '-') {
        return false;
      }
      pos += c.length;
    }
    return false;
  }

  // "aau@aau.dk", "www.aau.dk", "https://...": lower case, but never the
  // rest of a wrapped sentence when the line before is short.
  bool StartsWithWebAddress(const Line& line) const {
    const std::string_view content =
        text_.substr(line.content_begin, line.content_end - line.content_begin);
    const std::string_view word = content.substr(0, content.find(' '));
    return word.starts_with("www.") || word.starts_with("http://") ||
           word.starts_with("https://") ||
           (word.find('@') != std::string_view::npos &&
            word.find('.') != std::string_view::npos);
  }

  void Open(const Line& line, bool is_marker, bool after_blank) {
    open_ = OpenUnit{};
    open_->range = {
        is_marker && !line.numbered ? line.item_begin : line.content_begin,
        line.content_end};
    open_->list = is_marker;
    open_->all_caps = !is_marker && line.caps_strong;
    open_->after_blank = after_blank;
    open_->list_indent = line.indent;
    open_->last = &line;
  }

  void Close() {
    if (!open_) return;
    const OpenUnit unit = *open_;
    open_.reset();
    if (unit.range.begin >= unit.range.end) return;
    Closed closed{unit.range, SentenceKind::kParagraph, false, unit.after_blank,
                  unit.holes};
    if (unit.list) {
      closed.kind = SentenceKind::kListItem;
    } else if (unit.all_caps || IsLabel(unit.range)) {
      closed.kind = SentenceKind::kHeading;
    } else if (LooksLikeTitle(unit.range)) {
      closed.kind = SentenceKind::kHeading;
      closed.title_like = true;
    }
    closed_.push_back(closed);
  }

  // Title-like lines are headings only when they stand alone. Two or more
  // in a row with no blank line between them are an unbulleted list
  // ("Styrke Næstved som kulturhovedstad\nStyrke kultur i lokalområder",
  // a timetable); one straight after a line ending in ':' is what that
  // line announces ("Værdierne er:\nTillid – Helhed - Dialog").
  void ClassifyTitles() {
    for (size_t i = 0; i < closed_.size(); ++i) {
      Closed& unit = closed_[i];
      if (!unit.title_like) continue;
      const bool run_before =
          i > 0 && closed_[i - 1].title_like && !unit.after_blank;
      const bool run_after = i + 1 < closed_.size() &&
                             closed_[i + 1].title_like &&
                             !closed_[i + 1].after_blank;
      if (run_before || run_after) {
        unit.kind = SentenceKind::kListItem;
      } else if (i > 0 && !unit.after_blank &&
                 LastChar(closed_[i - 1].range) == ':') {
        unit.kind = SentenceKind::kParagraph;
      }
    }
  }

  char32_t LastChar(Range range) const {
    return DecodeUtf8Before(text_, range.end).code_point;
  }

  // One word and a colon on its own ("Hvem:", "Hvorledes:"): a label that
  // heads what follows.
  bool IsLabel(Range range) const {
    if (LastChar(range) != ':') return false;
    const size_t first = SkipOpeningPunct(text_, range.begin, range.end);
    if (!IsUpper(DecodeUtf8(text_, first).code_point)) return false;
    const std::string_view word = LettersAt(text_, first, range.end);
    return !word.empty() && first + word.size() + 1 == range.end;
  }

  // A short line or two without final punctuation that starts with a
  // capital, has no comma, does not end in a word that leads in to what
  // follows ("Målene i planen er") and does not open with a word that makes
  // it a link ("Læs hele strategien her").
  bool LooksLikeTitle(Range range) const {
    const size_t first = SkipOpeningPunct(text_, range.begin, range.end);
    if (!IsUpper(DecodeUtf8(text_, first).code_point)) return false;
    size_t chars = 0;
    size_t words = 0;
    bool in_word = false;
    size_t last_word_begin = range.begin;
    for (size_t pos = range.begin; pos < range.end;) {
      const DecodedChar c = DecodeUtf8(text_, pos);
      if (c.code_point == ',') return false;
      const bool word_char = !IsTrimmable(c.code_point);
      if (word_char && !in_word) {
        ++words;
        last_word_begin = pos;
      }
      in_word = word_char;
      ++chars;
      pos += c.length;
    }
    if (chars > options_.max_heading_chars ||
        words > options_.max_heading_words) {
      return false;
    }
    if (InList(kNonHeadingEnds, LastChar(range))) return false;
    // A title is one sentence: "Skriv til os. Med venlig hilsen Jens" is not.
    std::vector<Piece> pieces;
    SentenceSplitter(rules_, options_, text_).Split(range, &pieces);
    if (std::count_if(pieces.begin(), pieces.end(), [](const Piece& piece) {
          return !piece.continues;
        }) > 1) {
      return false;
    }
    const std::string_view first_word = LettersAt(text_, first, range.end);
    if (words > 1 && rules_.link_openers.contains(LowerCase(first_word))) {
      return false;
    }
    const std::string_view last_word =
        LettersAt(text_, last_word_begin, range.end);
    return last_word.size() != range.end - last_word_begin ||
           !rules_.lead_in_endings.contains(LowerCase(last_word));
  }

  const LanguageRules& rules_;
  const SegmenterOptions& options_;
  std::string_view text_;
  std::optional<OpenUnit> open_;
  std::vector<Closed> closed_;
};

}  // namespace

Segmenter::Segmenter(const LanguageRules* rules, SegmenterOptions options)
    : rules_(rules), options_(options) {}

namespace {

// Appends the sentences of one passage of `text`; `to_input` maps a range
// of `text` to offsets in the caller's input (identity for plain text).
template <typename MapRange>
void AppendPassage(const SentenceSplitter& splitter, std::string_view text,
                   Range range, const std::vector<Range>& holes,
                   SentenceKind kind, size_t paragraph, std::string_view input,
                   const MapRange& to_input, std::vector<Sentence>* sentences,
                   std::vector<std::string>* visible_texts) {
  std::vector<Piece> split;
  splitter.Split(range, &split);
  // Cut around the holes; the text on both sides is one sentence still.
  std::vector<Piece> pieces;
  for (const Piece& piece : split) {
    size_t begin = piece.range.begin;
    for (const Range& hole : holes) {
      if (hole.end <= begin || hole.begin >= piece.range.end) continue;
      if (hole.begin > begin) pieces.push_back({{begin, hole.begin}, true});
      begin = std::max(begin, hole.end);
    }
    if (begin < piece.range.end) {
      pieces.push_back({{begin, piece.range.end}, piece.continues});
    }
  }
  const size_t first = sentences->size();
  for (const Piece& piece : pieces) {
    const Range trimmed = Trim(text, piece.range);
    if (!HasReadableChar(text, trimmed.begin, trimmed.end)) continue;
    const Range mapped = to_input(trimmed);
    Sentence sentence;
    sentence.begin = mapped.begin;
    sentence.end = mapped.end;
    sentence.text =
        std::string(input.substr(mapped.begin, mapped.end - mapped.begin));
    sentence.kind = kind;
    sentence.paragraph = paragraph;
    sentence.continues = piece.continues;
    sentences->push_back(std::move(sentence));
    if (visible_texts != nullptr) {
      visible_texts->emplace_back(
          text.substr(trimmed.begin, trimmed.end - trimmed.begin));
    }
  }
  // A dropped last piece leaves nothing to continue into.
  if (sentences->size() > first) sentences->back().continues = false;
}

// Whether a block's source map covers its text and stays inside `input`.
bool HasValidSourceMap(const Block& block, size_t input_size) {
  const size_t n = block.text.size();
  if (block.source_begin.size() != n || block.source_end.size() != n) {
    return false;
  }
  for (size_t i = 0; i < n; ++i) {
    if (block.source_begin[i] > block.source_end[i] ||
        block.source_end[i] > input_size) {
      return false;
    }
    if (i > 0 && (block.source_begin[i] < block.source_begin[i - 1] ||
                  block.source_end[i] < block.source_end[i - 1])) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<Sentence> Segmenter::Segment(std::string_view text) const {
  std::vector<Line> lines = SplitLines(*rules_, text);
  std::vector<std::string> normalized;
  MarkFurniture(text, options_.min_running_repeats, &lines, &normalized);
  if (rules_ != nullptr && !rules_->web_chrome.empty()) {
    // A line with more characters besides spaces than every phrase cannot
    // be one (PhraseKey keeps those characters one for one).
    size_t longest_phrase = 0;
    for (const std::string& phrase : rules_->web_chrome) {
      size_t solid = 0;
      for (size_t pos = 0; pos < phrase.size();) {
        const DecodedChar c = DecodeUtf8(phrase, pos);
        if (!IsSpace(c.code_point)) ++solid;
        pos += c.length;
      }
      longest_phrase = std::max(longest_phrase, solid);
    }
    // Skip links, share and print buttons copied with a web page's text.
    for (size_t i = 0; i < lines.size(); ++i) {
      Line& line = lines[i];
      if (line.blank || line.furniture || line.solid_chars > longest_phrase) {
        continue;
      }
      // The furniture check's key is the same phrase key.
      line.furniture = rules_->web_chrome.contains(
          line.solid_chars <= kMaxRunningLineChars
              ? normalized[i]
              : PhraseKey(text.substr(line.content_begin,
                                      line.content_end - line.content_begin)));
    }
  }
  const std::vector<Passage> passages =
      PassageBuilder(*rules_, options_, text).Build(lines);
  const SentenceSplitter splitter(*rules_, options_, text);
  std::vector<Sentence> sentences;
  const auto identity = [](Range r) { return r; };
  for (size_t i = 0; i < passages.size(); ++i) {
    AppendPassage(splitter, text, passages[i].range, passages[i].holes,
                  passages[i].kind, i, text, identity, &sentences,
                  /*visible_texts=*/nullptr);
  }
  LinkStructure(&sentences);
  return sentences;
}

std::vector<Sentence> Segmenter::SegmentDocument(
    std::string_view input, const Document& document,
    std::vector<std::string>* visible_texts) const {
  std::vector<Sentence> sentences;
  if (visible_texts != nullptr) visible_texts->clear();
  for (size_t i = 0; i < document.blocks.size(); ++i) {
    const Block& block = document.blocks[i];
    if (block.text.empty() || !HasValidSourceMap(block, input.size())) {
      continue;
    }
    const std::string_view text = block.text;
    const SentenceSplitter splitter(*rules_, options_, text);
    const auto to_input = [&block](Range r) {
      return Range{block.source_begin[r.begin], block.source_end[r.end - 1]};
    };
    const size_t first = sentences.size();
    AppendPassage(splitter, text, Range{0, text.size()}, {}, block.kind, i,
                  input, to_input, &sentences, visible_texts);
    if (block.kind == SentenceKind::kHeading) {
      for (size_t j = first; j < sentences.size(); ++j) {
        sentences[j].heading_level = block.heading_level;
      }
    }
  }
  LinkStructure(&sentences);
  return sentences;
}

void LinkStructure(std::vector<Sentence>* sentences) {
  size_t paragraph = 0;
  size_t previous_original = 0;
  int section = -1;
  for (size_t i = 0; i < sentences->size(); ++i) {
    Sentence& s = (*sentences)[i];
    const bool new_paragraph = i == 0 || s.paragraph != previous_original;
    previous_original = s.paragraph;
    if (i > 0 && new_paragraph) {
      ++paragraph;
      (*sentences)[i - 1].continues = false;
    }
    // A heading split into several sentences is still one section.
    if (s.kind == SentenceKind::kHeading && new_paragraph) {
      section = static_cast<int>(i);
    }
    s.paragraph = paragraph;
    s.section = section;
  }
  if (!sentences->empty()) sentences->back().continues = false;
}

}  // namespace policyreader::text
