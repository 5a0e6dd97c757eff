// A structured input (HTML, Markdown) parsed into content blocks in reading
// order. Each block's text is what a reader sees (tags dropped, entities
// decoded, markup characters removed), with a byte-by-byte map back to the
// caller's input so every sentence keeps exact offsets into it.
//
// Thread-safety: plain values.
#ifndef POLICY_READER_SERVICE_TEXT_DOCUMENT_H_
#define POLICY_READER_SERVICE_TEXT_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "service/text/sentence.h"

namespace policyreader::text {

enum class TextFormat { kPlain, kMarkdown, kHtml };

struct Block {
  SentenceKind kind = SentenceKind::kParagraph;
  int heading_level = 0;  // 1-6 for headings, 0 otherwise.
  // The visible text of the block, valid UTF-8. White space as in the
  // source (the segmenter collapses it).
  std::string text;
  // For each byte text[i]: the input bytes it came from, [source_begin[i],
  // source_end[i]). Bytes of one decoded entity ("&amp;" -> "&") share the
  // entity's range. Non-decreasing. A sentence covering text[b, e) has
  // offsets [source_begin[b], source_end[e - 1]) in the input.
  std::vector<uint32_t> source_begin;
  std::vector<uint32_t> source_end;
};

struct Document {
  std::vector<Block> blocks;
};

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_DOCUMENT_H_
