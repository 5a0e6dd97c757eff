#include "service/text/segment/segmenter.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>

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

// Characters trimmed from the edges of lines and sentences.
bool IsTrimmable(char32_t c) {
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
  size_t indent = 0;  // columns of leading white space
  size_t chars = 0;   // characters of content
  // List marker, when the line starts with one.
  bool marker = false;
  bool marker_needs_context = false;
  size_t item_begin = 0;  // content after the marker
  // Capitals: weak = has letters, none lower-case ("OG");
  // strong = also at least three letters ("SAMARBEJDE").
  bool caps_weak = false;
  bool caps_strong = false;
  char32_t first_letter_char = 0;  // first char after opening punctuation
  char32_t last_char = 0;          // last char before closing punctuation
  bool ends_with_hyphen = false;   // letter or digit then '-': "forvent-"
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
      if (IsOrdinalFollower(rules, WordAt(text, word, end))) continue;
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
// Units: paragraphs, headings and list items, before sentence splitting.

struct Unit {
  Range range;
  SentenceKind kind;
};

class UnitBuilder {
 public:
  UnitBuilder(const LanguageRules& rules, const SegmenterOptions& options,
              std::string_view text)
      : rules_(rules), options_(options), text_(text) {}

  std::vector<Unit> Build(const std::vector<Line>& lines) {
    const Line* previous = nullptr;  // previous non-blank line
    bool blank_before = true;
    for (const Line& line : lines) {
      if (line.blank) {
        Close();
        blank_before = true;
        continue;
      }
      const bool is_marker =
          line.marker &&
          (!line.marker_needs_context || InListContext(previous, blank_before));
      if (!open_ || is_marker || StartsNewUnit(line)) {
        Close();
        Open(line, is_marker);
      } else {
        open_->range.end = line.content_end;
        open_->all_caps = open_->all_caps && line.caps_weak;
        open_->last = &line;
      }
      previous = &line;
      blank_before = false;
    }
    Close();
    return std::move(units_);
  }

 private:
  struct OpenUnit {
    Range range;
    bool list = false;
    bool all_caps = false;  // first line strong capitals, the rest weak
    size_t list_indent = 0;
    const Line* last = nullptr;
  };

  bool InListContext(const Line* previous, bool blank_before) const {
    if (previous == nullptr || blank_before) return true;
    if (open_ && open_->list) return true;
    return previous->last_char == ':' || IsTerminal(previous->last_char);
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
    const bool starts_upper = IsUpper(line.first_letter_char);
    if (!starts_upper) return false;
    // A list item's wrapped lines are indented under its text; a line
    // starting at the marker's column with a capital is new text.
    if (open_->list && line.indent <= open_->list_indent) return true;
    if (last.last_char == ':') return true;
    const bool unfinished = IsTerminal(last.last_char) ||
                            InList(kContinuingLineEnds, last.last_char);
    return !unfinished && last.chars < options_.short_line_chars;
  }

  void Open(const Line& line, bool is_marker) {
    open_ = OpenUnit{};
    open_->range = {is_marker ? line.item_begin : line.content_begin,
                    line.content_end};
    open_->list = is_marker;
    open_->all_caps = !is_marker && line.caps_strong;
    open_->list_indent = line.indent;
    open_->last = &line;
  }

  void Close() {
    if (!open_) return;
    const OpenUnit unit = *open_;
    open_.reset();
    if (unit.range.begin >= unit.range.end) return;
    SentenceKind kind = SentenceKind::kParagraph;
    if (unit.list) {
      kind = SentenceKind::kListItem;
    } else if (unit.all_caps || LooksLikeTitle(unit.range)) {
      kind = SentenceKind::kHeading;
    }
    units_.push_back({unit.range, kind});
  }

  // A short line or two without final punctuation that starts with a
  // capital, has no comma, and does not end in a word that leads in to
  // what follows ("Målene i planen er").
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
    const char32_t last = DecodeUtf8Before(text_, range.end).code_point;
    if (InList(kNonHeadingEnds, last)) return false;
    const std::string_view last_word =
        LettersAt(text_, last_word_begin, range.end);
    return last_word.size() != range.end - last_word_begin ||
           !rules_.lead_in_endings.contains(LowerCase(last_word));
  }

  const LanguageRules& rules_;
  const SegmenterOptions& options_;
  std::string_view text_;
  std::optional<OpenUnit> open_;
  std::vector<Unit> units_;
};

// ---------------------------------------------------------------------------
// Sentences inside a unit.

class SentenceSplitter {
 public:
  SentenceSplitter(const LanguageRules& rules, const SegmenterOptions& options,
                   std::string_view text)
      : rules_(rules), options_(options), text_(text) {}

  void Split(Range unit, std::vector<Range>* out) const {
    size_t start = unit.begin;
    size_t pos = unit.begin;
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
      if (IsBoundary(start, pos, run_end, unit.end)) {
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
    if (ellipsis || dots >= 2) return IsUpper(next);

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

    bool capitalized;
    if (const Abbreviation* abbreviation =
            with_dot.size() <= kMaxAbbreviationBytes
                ? FindAbbreviation(rules_, with_dot, &capitalized)
                : nullptr) {
      return !abbreviation->never_ends_sentence && IsUpper(next);
    }
    // "H.C. Andersen": initials before a name.
    if (IsInitials(with_dot) && IsUpper(next)) return false;
    if (IsAllDigits(word)) {
      // "den 28. Juni", "28. 06. 2022": still an ordinal.
      if (IsAsciiDigit(next)) return false;
      return !IsOrdinalFollower(rules_, WordAt(text_, next_word, end));
    }
    return true;
  }

  // Splits a sentence over the length limit at the best clause boundary in
  // its window, repeatedly.
  void SplitLong(Range sentence, std::vector<Range>* out) const {
    const size_t max_chars = std::max<size_t>(options_.max_sentence_chars, 1);
    size_t begin = sentence.begin;
    while (true) {
      const size_t limit = AdvanceChars(text_, begin, max_chars, sentence.end);
      if (limit >= sentence.end) break;  // fits
      const size_t floor =
          AdvanceChars(text_, begin, max_chars / 3, sentence.end);
      const size_t cut = FindCut(begin, floor, limit, sentence.end);
      if (cut == std::string_view::npos) break;
      out->push_back({begin, cut});
      begin = SkipTrimmable(text_, cut, sentence.end);
    }
    if (begin < sentence.end) out->push_back({begin, sentence.end});
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

}  // namespace

Segmenter::Segmenter(const LanguageRules* rules, SegmenterOptions options)
    : rules_(rules), options_(options) {}

std::vector<Sentence> Segmenter::Segment(std::string_view text) const {
  const std::vector<Line> lines = SplitLines(*rules_, text);
  const std::vector<Unit> units =
      UnitBuilder(*rules_, options_, text).Build(lines);
  const SentenceSplitter splitter(*rules_, options_, text);
  std::vector<Sentence> sentences;
  std::vector<Range> pieces;
  for (const Unit& unit : units) {
    pieces.clear();
    splitter.Split(unit.range, &pieces);
    for (Range piece : pieces) {
      piece = Trim(text, piece);
      if (!HasReadableChar(text, piece.begin, piece.end)) continue;
      Sentence sentence;
      sentence.begin = piece.begin;
      sentence.end = piece.end;
      sentence.text =
          std::string(text.substr(piece.begin, piece.end - piece.begin));
      sentence.kind = unit.kind;
      sentences.push_back(std::move(sentence));
    }
  }
  return sentences;
}

}  // namespace policyreader::text
