#include "service/text/formats/source_map.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace policyreader::text::formats_internal {
namespace {

// How far ahead a lost alignment looks for the text again. Far enough to
// skip a long tag or a link reference definition, short enough that garbage
// input stays linear in practice.
constexpr size_t kResyncWindow = 1024;
// A single decoded character is only trusted to resync nearby; a run of
// several matching bytes is trusted over the whole window.
constexpr size_t kShortResyncWindow = 64;
constexpr size_t kResyncRun = 4;
// Longest entity name in HTML is 32 characters ("&CounterClockwise...;").
constexpr size_t kMaxEntityLength = 40;

bool IsAsciiWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

bool IsAsciiPunct(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= 0x21 && u <= 0x2F) || (u >= 0x3A && u <= 0x40) ||
         (u >= 0x5B && u <= 0x60) || (u >= 0x7B && u <= 0x7E);
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

bool IsAsciiHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

}  // namespace

size_t Utf8Length(std::string_view text, size_t pos) {
  if (pos >= text.size()) return 0;
  const unsigned char lead = static_cast<unsigned char>(text[pos]);
  size_t length = 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
  }
  if (pos + length > text.size()) return 1;
  for (size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[pos + k]) & 0xC0) != 0x80) return 1;
  }
  return length;
}

// A byte no well-formed character starts with here: NUL, a stray
// continuation byte, or a lead byte whose sequence is broken.
static bool IsInvalidUtf8Byte(std::string_view source, size_t pos) {
  const unsigned char byte = static_cast<unsigned char>(source[pos]);
  return byte == 0 || (byte >= 0x80 && Utf8Length(source, pos) == 1);
}

size_t EntityCandidateLength(std::string_view source, size_t pos,
                             bool require_semicolon) {
  if (pos >= source.size() || source[pos] != '&') return 0;
  const size_t limit = std::min(source.size(), pos + kMaxEntityLength);
  size_t q = pos + 1;
  if (q < limit && source[q] == '#') {
    ++q;
    if (q < limit && (source[q] == 'x' || source[q] == 'X')) ++q;
    while (q < limit && IsAsciiHexDigit(source[q])) ++q;
  } else {
    while (q < limit && IsAsciiAlnum(source[q])) ++q;
  }
  if (q < limit && source[q] == ';') {
    ++q;
  } else if (require_semicolon) {
    return 0;
  }
  return q - pos > 1 ? q - pos : 0;
}

void BlockBuilder::Append(std::string_view bytes, uint32_t begin,
                          uint32_t end) {
  if (!begin_.empty()) {
    begin = std::max(begin, begin_.back());
    end = std::max(end, end_.back());
  }
  end = std::max(end, begin);
  text_.append(bytes.data(), bytes.size());
  begin_.insert(begin_.end(), bytes.size(), begin);
  end_.insert(end_.end(), bytes.size(), end);
}

void BlockBuilder::Finish(SentenceKind kind, int heading_level,
                          Document* document) {
  const std::string_view text = text_;
  size_t first = 0;
  size_t last = text.size();
  while (first < last) {
    if (IsAsciiWhitespace(text[first])) {
      ++first;
    } else if (text.substr(first, 2) == kNoBreakSpace) {
      first += 2;
    } else {
      break;
    }
  }
  while (last > first) {
    if (IsAsciiWhitespace(text[last - 1])) {
      --last;
    } else if (last - first >= 2 && text.substr(last - 2, 2) == kNoBreakSpace) {
      last -= 2;
    } else {
      break;
    }
  }
  if (first < last) {
    Block block;
    block.kind = kind;
    block.heading_level = kind == SentenceKind::kHeading ? heading_level : 0;
    block.text.assign(text.substr(first, last - first));
    block.source_begin.assign(begin_.begin() + first, begin_.begin() + last);
    block.source_end.assign(end_.begin() + first, end_.begin() + last);
    document->blocks.push_back(std::move(block));
  }
  text_.clear();
  begin_.clear();
  end_.clear();
}

SourceAligner::Match SourceAligner::MatchAt(std::string_view text, size_t j,
                                            size_t p, size_t limit,
                                            const AlignOptions& options) const {
  const char s = source_[p];
  const char t = text[j];
  if (s == '&' && options.entities != nullptr) {
    const DecodedEntity entity =
        (*options.entities)(source_.substr(0, limit), p);
    if (entity.consumed > 1 && !entity.text.empty() &&
        p + entity.consumed <= limit &&
        text.substr(j).starts_with(entity.text)) {
      return {entity.consumed, entity.text.size(), p, p + entity.consumed};
    }
  }
  if (s == '\\' && options.backslash_escapes && p + 1 < limit &&
      IsAsciiPunct(source_[p + 1]) && t == source_[p + 1]) {
    return {2, 1, p + 1, p + 2};
  }
  if (s == t) return {1, 1, p, p + 1};
  if (t == '\n' && s == '\r') {
    const size_t n = p + 1 < limit && source_[p + 1] == '\n' ? 2 : 1;
    return {n, 1, p, p + n};
  }
  return {};
}

size_t SourceAligner::Resync(std::string_view text, size_t j, size_t i,
                             size_t limit, const AlignOptions& options) const {
  const std::string_view run = text.substr(j, kResyncRun);
  const size_t long_end = std::min(limit, i + kResyncWindow);
  for (size_t p = i + 1; p < long_end; ++p) {
    if (source_.substr(p, std::min(run.size(), limit - p)) == run) return p;
    const char s = source_[p];
    if ((s == '&' || s == '\\' || s == '\r') &&
        MatchAt(text, j, p, limit, options).source_length > 0) {
      return p;
    }
  }
  if (run.size() > 1) {
    const size_t short_end = std::min(limit, i + kShortResyncWindow);
    for (size_t p = i + 1; p < short_end; ++p) {
      if (MatchAt(text, j, p, limit, options).source_length > 0) return p;
    }
  }
  return std::string_view::npos;
}

void SourceAligner::Align(std::string_view text, size_t* pos, size_t limit,
                          const AlignOptions& options,
                          BlockBuilder* out) const {
  limit = std::min(limit, source_.size());
  size_t i = std::min(*pos, limit);
  size_t j = 0;
  while (j < text.size()) {
    if (i >= limit) {
      // Text the source range cannot account for: pin it to the end rather
      // than invent a position.
      out->Append(text.substr(j), static_cast<uint32_t>(limit),
                  static_cast<uint32_t>(limit));
      break;
    }
    const Match match = MatchAt(text, j, i, limit, options);
    if (match.source_length > 0) {
      out->Append(text.substr(j, match.text_length),
                  static_cast<uint32_t>(match.map_begin),
                  static_cast<uint32_t>(match.map_end));
      i += match.source_length;
      j += match.text_length;
      continue;
    }
    if (text.substr(j, kReplacementCharacter.size()) == kReplacementCharacter &&
        IsInvalidUtf8Byte(source_.substr(0, limit), i)) {
      // Parsers replace each bad byte (or NUL) with U+FFFD; when one
      // replaces a longer bad sequence, the next mismatch resyncs past it.
      out->Append(kReplacementCharacter, static_cast<uint32_t>(i),
                  static_cast<uint32_t>(i + 1));
      ++i;
      j += kReplacementCharacter.size();
      continue;
    }
    if (options.skip_tags && source_[i] == '<') {
      const size_t close = source_.substr(0, limit).find('>', i + 1);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    if (options.tabs_to_spaces && text[j] == ' ' && source_[i] == '\t') {
      out->Append(" ", static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1));
      ++j;
      if (j >= text.size() || text[j] != ' ') ++i;
      continue;
    }
    const size_t resume = Resync(text, j, i, limit, options);
    if (resume != std::string_view::npos) {
      i = resume;
      continue;
    }
    // Nothing explains this character: assume a one-for-one substitution
    // (a replacement character for a bad byte, a space for a newline in a
    // code span), which keeps the rest in step.
    const size_t text_length = Utf8Length(text, j);
    const size_t source_length =
        std::max<size_t>(1, Utf8Length(source_.substr(0, limit), i));
    out->Append(text.substr(j, text_length), static_cast<uint32_t>(i),
                static_cast<uint32_t>(i + source_length));
    i += source_length;
    j += text_length;
  }
  *pos = i;
}

DecodedEntity CachingEntityDecoder::Decode(std::string_view source,
                                           size_t pos) {
  const size_t length = EntityCandidateLength(source, pos, require_semicolon_);
  if (length < min_length_) return {};
  std::string candidate(source.substr(pos, length));
  if (auto it = cache_.find(candidate); it != cache_.end()) return it->second;
  DecodedEntity decoded = uncached_(candidate);
  cache_.emplace(std::move(candidate), decoded);
  return decoded;
}

}  // namespace policyreader::text::formats_internal
