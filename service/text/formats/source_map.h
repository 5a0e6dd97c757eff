// Internal to the format parsers (HTML, Markdown): builds Blocks whose every
// text byte maps back to the input bytes it came from.
//
// Parsers (Gumbo, cmark) hand us decoded text without per-character
// positions, only where a node starts. SourceAligner recovers the byte map
// by walking the decoded text and the raw source side by side: equal bytes
// map one to one, entities and backslash escapes map to their raw form, and
// anything the parser dropped (tags, markup characters, NULs) is skipped.
// When the two disagree in a way no rule explains, it resynchronizes on the
// next few decoded bytes within a bounded window, so a surprise costs a
// little precision locally, never the rest of the block, and never an
// out-of-bounds offset.
//
// Thread-safety: not thread-safe; one instance per parse call.
#ifndef POLICY_READER_SERVICE_TEXT_FORMATS_SOURCE_MAP_H_
#define POLICY_READER_SERVICE_TEXT_FORMATS_SOURCE_MAP_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "service/text/document.h"
#include "service/text/sentence.h"

namespace policyreader::text::formats_internal {

// Accumulates one block's text and map; Finish() trims and emits it.
class BlockBuilder {
 public:
  bool empty() const { return text_.empty(); }
  // End of the last mapped byte, or 0.
  uint32_t last_end() const { return end_.empty() ? 0 : end_.back(); }

  // Appends `bytes`, all mapped to [begin, end). Clamps so the map stays
  // non-decreasing even if a caller's ranges go backwards.
  void Append(std::string_view bytes, uint32_t begin, uint32_t end);

  // Trims white space (ASCII and U+00A0) at both ends; appends the block to
  // `document` unless nothing is left. Resets the builder either way.
  void Finish(SentenceKind kind, int heading_level, Document* document);

  // The untrimmed map so far, for composing maps (Markdown's HTML blocks).
  const std::vector<uint32_t>& begins() const { return begin_; }
  const std::vector<uint32_t>& ends() const { return end_; }

 private:
  std::string text_;
  std::vector<uint32_t> begin_;
  std::vector<uint32_t> end_;
};

// How the raw form of an entity decodes. `consumed` is 0 when the bytes at
// that position are not an entity.
struct DecodedEntity {
  size_t consumed = 0;
  std::string text;
};

// Decodes the entity (if any) whose '&' is at `source[pos]`.
using EntityDecoder =
    std::function<DecodedEntity(std::string_view source, size_t pos)>;

// Finds entity candidates and decodes each distinct one once per document
// through `uncached`, which asks the real parser (costly, so cached) how it
// reads the candidate. Not thread-safe: one per document being parsed.
class CachingEntityDecoder {
 public:
  using Uncached = DecodedEntity (*)(std::string_view candidate);
  CachingEntityDecoder(Uncached uncached, bool require_semicolon,
                       size_t min_length)
      : uncached_(uncached),
        require_semicolon_(require_semicolon),
        min_length_(min_length) {}

  DecodedEntity Decode(std::string_view source, size_t pos);

 private:
  Uncached uncached_;
  bool require_semicolon_;
  size_t min_length_;
  absl::flat_hash_map<std::string, DecodedEntity> cache_;
};

struct AlignOptions {
  // Nullptr: '&' is literal (code, raw text elements).
  const EntityDecoder* entities = nullptr;
  // Markdown: "\*" stands for "*".
  bool backslash_escapes = false;
  // HTML: a '<' in the source the text does not contain starts a tag the
  // parser swallowed (e.g. a stray end tag); skip to its '>'.
  bool skip_tags = false;
  // Markdown code: a tab may have been expanded to several spaces.
  bool tabs_to_spaces = false;
};

class SourceAligner {
 public:
  explicit SourceAligner(std::string_view source) : source_(source) {}

  // Appends `text` to `out`, mapping it onto source_[*pos, limit) from left
  // to right. On return *pos is just past the last source byte used.
  void Align(std::string_view text, size_t* pos, size_t limit,
             const AlignOptions& options, BlockBuilder* out) const;

 private:
  struct Match {
    size_t source_length = 0;  // Source bytes consumed.
    size_t text_length = 0;    // Text bytes produced.
    size_t map_begin = 0;      // Range the produced bytes map to.
    size_t map_end = 0;
  };
  // A rule that explains text[j...] by the source at `p`; source_length 0
  // when none does.
  Match MatchAt(std::string_view text, size_t j, size_t p, size_t limit,
                const AlignOptions& options) const;
  // Where in (i, limit) the text at j plausibly resumes, or npos.
  size_t Resync(std::string_view text, size_t j, size_t i, size_t limit,
                const AlignOptions& options) const;

  std::string_view source_;
};

// The extent of a possible character reference at source[pos] ('&'):
// "&#123;", "&#x1F;", "&name;", with or without the ';'. Bounded length.
size_t EntityCandidateLength(std::string_view source, size_t pos,
                             bool require_semicolon);

// Byte length of the UTF-8 sequence starting at text[pos], at least 1 and
// never past the end; invalid bytes count as 1.
size_t Utf8Length(std::string_view text, size_t pos);

}  // namespace policyreader::text::formats_internal

#endif  // POLICY_READER_SERVICE_TEXT_FORMATS_SOURCE_MAP_H_
