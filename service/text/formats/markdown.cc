#include "service/text/formats/markdown.h"

#include <cmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/text/document.h"
#include "service/text/formats/html.h"
#include "service/text/formats/source_map.h"
#include "service/text/sentence.h"

namespace policyreader::text {
namespace {

using formats_internal::AlignOptions;
using formats_internal::BlockBuilder;
using formats_internal::CachingEntityDecoder;
using formats_internal::DecodedEntity;
using formats_internal::EntityDecoder;
using formats_internal::SourceAligner;

// Without validation cmark passes invalid UTF-8 through; Block::text must
// be valid.
constexpr int kCmarkOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

// How far ahead of the cursor an inline HTML tag is looked for.
constexpr size_t kInlineHtmlWindow = 4096;

struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

struct IterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;

std::string_view Literal(cmark_node* node) {
  const char* literal = cmark_node_get_literal(node);
  return literal == nullptr ? std::string_view() : std::string_view(literal);
}

// Decodes "&name;" / "&#NNN;" the way cmark does, by asking cmark.
DecodedEntity DecodeMarkdownEntity(std::string_view candidate) {
  // The "x" keeps a decoded space from being trimmed off the paragraph
  // and a decoded "#" from being read as a heading.
  const std::string probe = "x" + std::string(candidate);
  NodePtr document(
      cmark_parse_document(probe.data(), probe.size(), kCmarkOptions));
  if (document == nullptr) return {};
  IterPtr iter(cmark_iter_new(document.get()));
  if (iter == nullptr) return {};
  std::string full;
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (event == CMARK_EVENT_ENTER &&
        cmark_node_get_type(node) == CMARK_NODE_TEXT) {
      full.append(Literal(node));
    }
  }
  if (full.size() < 2 || full[0] != 'x') return {};
  full.erase(0, 1);
  if (full == candidate) return {};
  return {candidate.size(), std::move(full)};
}

// Line starts of the input, with cmark's line endings (\n, \r\n, \r), to
// turn its 1-based line:column positions into byte offsets.
class LineTable {
 public:
  explicit LineTable(std::string_view input) : input_(input) {
    starts_.push_back(0);
    for (size_t i = 0; i < input.size(); ++i) {
      if (input[i] == '\n') {
        starts_.push_back(i + 1);
      } else if (input[i] == '\r') {
        if (i + 1 < input.size() && input[i + 1] == '\n') ++i;
        starts_.push_back(i + 1);
      }
    }
  }

  // Offset of the start of 1-based `line`, clamped to the input.
  size_t LineStart(int line) const {
    if (line <= 1) return 0;
    if (static_cast<size_t>(line) > starts_.size()) return input_.size();
    return starts_[line - 1];
  }

  // Offset just past the content of `line`, before its line ending.
  size_t LineContentEnd(int line) const {
    size_t end = LineStart(line);
    while (end < input_.size() && input_[end] != '\n' && input_[end] != '\r') {
      ++end;
    }
    return end;
  }

  // Offset of 1-based (line, column), clamped to the line.
  size_t Offset(int line, int column) const {
    const size_t start = LineStart(line);
    if (column <= 1) return start;
    return std::min(start + static_cast<size_t>(column - 1),
                    LineContentEnd(line));
  }

 private:
  std::string_view input_;
  std::vector<size_t> starts_;
};

bool IsBreakTag(std::string_view html) {
  if (html.size() < 4 || html[0] != '<') return false;
  const char b = html[1];
  const char r = html[2];
  if ((b != 'b' && b != 'B') || (r != 'r' && r != 'R')) return false;
  const char after = html[3];
  return after == '>' || after == '/' || after == ' ' || after == '\t' ||
         after == '\n';
}

class MarkdownWalker {
 public:
  explicit MarkdownWalker(std::string_view input)
      : input_(input),
        lines_(input),
        aligner_(input),
        entity_decoder_([this](std::string_view source, size_t pos) {
          return decoder_.Decode(source, pos);
        }) {
    text_options_.entities = &entity_decoder_;
    text_options_.backslash_escapes = true;
    code_block_options_.tabs_to_spaces = true;
  }

  Document Take() { return std::move(document_); }

  // Source range of a block: from its start to the end of its last line
  // (cmark's end column is not always where the content ends).
  void BlockRange(cmark_node* node, size_t* begin, size_t* end) const {
    const int start_line = cmark_node_get_start_line(node);
    const int end_line = cmark_node_get_end_line(node);
    const int end_column = cmark_node_get_end_column(node);
    *begin = lines_.Offset(start_line, cmark_node_get_start_column(node));
    if (end_line <= 0) {
      *end = input_.size();
    } else if (end_column <= 0) {
      *end = lines_.LineStart(end_line);
    } else {
      *end = lines_.LineContentEnd(end_line);
    }
    *end = std::max(*end, *begin);
  }

  // A paragraph or heading: its inline content.
  void AddInlineBlock(cmark_node* block, SentenceKind kind, int level) {
    size_t pos = 0;
    size_t limit = 0;
    BlockRange(block, &pos, &limit);
    IterPtr iter(cmark_iter_new(block));
    if (iter == nullptr) return;
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
      cmark_node* node = cmark_iter_get_node(iter.get());
      const cmark_node_type type = cmark_node_get_type(node);
      if (event == CMARK_EVENT_EXIT) {
        if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
          SkipLinkTail(&pos, limit);
        }
        continue;
      }
      switch (type) {
        case CMARK_NODE_TEXT:
          aligner_.Align(Literal(node), &pos, limit, text_options_, &builder_);
          break;
        case CMARK_NODE_CODE:
          aligner_.Align(Literal(node), &pos, limit, code_options_, &builder_);
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          aligner_.Align("\n", &pos, limit, text_options_, &builder_);
          break;
        case CMARK_NODE_HTML_INLINE:
          AddInlineHtml(Literal(node), &pos, limit);
          break;
        default:
          break;
      }
    }
    builder_.Finish(kind, level, &document_);
  }

  void AddCodeBlock(cmark_node* block) {
    size_t pos = 0;
    size_t limit = 0;
    BlockRange(block, &pos, &limit);
    // cmark 0.30 has no accessor for "fenced"; a fenced block starts at its
    // fence, an indented one at its content.
    const std::string_view at = input_.substr(pos, 3);
    if (at == "```" || at == "~~~") {
      // Start past the opening fence, so an info string ("```tekst") is not
      // mistaken for the content.
      pos = std::min(limit,
                     std::max(pos, lines_.LineStart(
                                       cmark_node_get_start_line(block) + 1)));
    }
    aligner_.Align(Literal(block), &pos, limit, code_block_options_, &builder_);
    builder_.Finish(SentenceKind::kParagraph, 0, &document_);
  }

  // Parses the block's HTML with ParseHtml, then composes the two maps:
  // block text -> HTML literal -> Markdown source. The literal is the
  // source minus any container prefixes ("> "), so aligning it is exact.
  void AddHtmlBlock(cmark_node* block) {
    const std::string_view html = Literal(block);
    if (html.empty()) return;
    size_t pos = 0;
    size_t limit = 0;
    BlockRange(block, &pos, &limit);
    BlockBuilder literal_map;
    aligner_.Align(html, &pos, limit, code_block_options_, &literal_map);
    const std::vector<uint32_t>& literal_begin = literal_map.begins();
    const std::vector<uint32_t>& literal_end = literal_map.ends();
    if (literal_begin.size() != html.size()) return;
    absl::StatusOr<Document> parsed = ParseHtml(html);
    if (!parsed.ok()) return;
    for (const Block& block_in_html : parsed->blocks) {
      const size_t n = std::min({block_in_html.text.size(),
                                 block_in_html.source_begin.size(),
                                 block_in_html.source_end.size()});
      for (size_t i = 0; i < n; ++i) {
        const uint32_t begin_in_html = block_in_html.source_begin[i];
        const uint32_t end_in_html = block_in_html.source_end[i];
        uint32_t begin = begin_in_html < html.size()
                             ? literal_begin[begin_in_html]
                             : literal_end.back();
        uint32_t end = end_in_html > begin_in_html && end_in_html <= html.size()
                           ? literal_end[end_in_html - 1]
                           : begin;
        builder_.Append(std::string_view(&block_in_html.text[i], 1), begin,
                        std::max(begin, end));
      }
      builder_.Finish(block_in_html.kind, block_in_html.heading_level,
                      &document_);
    }
  }

 private:
  // Moves the cursor past what follows a link's or image's text: "]" and a
  // destination "(url "title")" or a reference "[ref]", so a URL never
  // attracts the alignment of the text after the link. Leaves the cursor
  // where it was when the source does not look like that (autolinks).
  void SkipLinkTail(size_t* pos, size_t limit) const {
    size_t p = *pos;
    while (p < limit &&
           (input_[p] == '*' || input_[p] == '_' || input_[p] == '`')) {
      ++p;
    }
    if (p >= limit || input_[p] != ']') return;
    ++p;
    if (p < limit && input_[p] == '(') {
      int depth = 1;
      ++p;
      while (p < limit && depth > 0) {
        const char c = input_[p];
        if (c == '\\') {
          p += 2;
          continue;
        }
        if ((c == '"' || c == '\'') &&
            (input_[p - 1] == ' ' || input_[p - 1] == '\t' ||
             input_[p - 1] == '\n' || input_[p - 1] == '\r')) {
          size_t q = p + 1;
          while (q < limit && input_[q] != c) q += input_[q] == '\\' ? 2 : 1;
          if (q >= limit) return;
          p = q + 1;
          continue;
        }
        if (c == '(') ++depth;
        if (c == ')') --depth;
        ++p;
      }
      if (depth != 0) return;
    } else if (p < limit && input_[p] == '[') {
      size_t q = p + 1;
      while (q < limit && input_[q] != ']') q += input_[q] == '\\' ? 2 : 1;
      if (q >= limit) return;
      p = q + 1;
    }
    *pos = std::min(p, limit);
  }

  // Inline tags are not text; a <br> is a line break.
  void AddInlineHtml(std::string_view html, size_t* pos, size_t limit) {
    if (html.empty()) return;
    const size_t window_end = std::min(limit, *pos + kInlineHtmlWindow);
    const size_t found = *pos < window_end
                             ? input_.substr(0, window_end).find(html, *pos)
                             : std::string_view::npos;
    if (found == std::string_view::npos) {
      if (IsBreakTag(html)) {
        const uint32_t at = static_cast<uint32_t>(*pos);
        builder_.Append("\n", at, at);
      }
      return;
    }
    if (IsBreakTag(html)) {
      builder_.Append("\n", static_cast<uint32_t>(found),
                      static_cast<uint32_t>(found + html.size()));
    }
    *pos = found + html.size();
  }

  std::string_view input_;
  LineTable lines_;
  SourceAligner aligner_;
  CachingEntityDecoder decoder_{&DecodeMarkdownEntity,
                                /*require_semicolon=*/true,
                                /*min_length=*/3};
  EntityDecoder entity_decoder_;
  AlignOptions text_options_;
  AlignOptions code_options_;  // Code spans: no entities, no escapes.
  AlignOptions code_block_options_;
  BlockBuilder builder_;
  Document document_;
};

}  // namespace

absl::StatusOr<Document> ParseMarkdown(std::string_view input) {
  if (input.size() >= std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(
        "Markdown input is over 4 GiB; byte offsets are 32-bit");
  }
  NodePtr document(
      cmark_parse_document(input.data(), input.size(), kCmarkOptions));
  if (document == nullptr) {
    return absl::InternalError("the Markdown parser returned no document");
  }
  IterPtr iter(cmark_iter_new(document.get()));
  if (iter == nullptr) {
    return absl::InternalError("the Markdown parser could not walk its tree");
  }
  MarkdownWalker walker(input);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    if (event != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter.get());
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_PARAGRAPH: {
        cmark_node* parent = cmark_node_parent(node);
        const bool in_item =
            parent != nullptr && cmark_node_get_type(parent) == CMARK_NODE_ITEM;
        walker.AddInlineBlock(
            node, in_item ? SentenceKind::kListItem : SentenceKind::kParagraph,
            0);
        cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);
        break;
      }
      case CMARK_NODE_HEADING:
        walker.AddInlineBlock(
            node, SentenceKind::kHeading,
            std::clamp(cmark_node_get_heading_level(node), 1, 6));
        cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);
        break;
      case CMARK_NODE_CODE_BLOCK:
        walker.AddCodeBlock(node);
        break;
      case CMARK_NODE_HTML_BLOCK:
        walker.AddHtmlBlock(node);
        break;
      default:
        break;
    }
  }
  return walker.Take();
}

}  // namespace policyreader::text
