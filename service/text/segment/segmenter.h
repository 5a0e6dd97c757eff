// Sentence segmentation for policy texts copied from PDFs and web pages.
//
// Two levels. First the line structure of plain text: page furniture (lone
// page numbers, running headers and footers) is dropped, blank lines end
// paragraphs, bullet and numbered lines start list items, lines in capitals
// and short lines without final punctuation are headings, runs of such lines
// are an unbulleted list, and hard-wrapped lines are joined back into their
// paragraph (also across a page break). Then each such unit is split into
// sentences at . ! ? and ellipses, except where the language rules say a dot
// is not an end (abbreviations, ordinals before month names, numbers,
// initials, titles before names, URLs). Sentences longer than the engine
// handles well are split at a clause boundary, never inside a word, and the
// earlier pieces are marked `continues`.
//
// Structured input (HTML, Markdown) arrives already cut into blocks by a
// parser; SegmentDocument() skips the line level and splits each block with
// the same sentence rules, mapping offsets back through the block's source
// map.
//
// Every sentence carries exact byte offsets into the caller's text; its
// `text` is that substring, trimmed of white space and of a bullet glyph; a
// numbered marker ("3.", "2)", "(a)") stays, because it is read.
// `paragraph` and `section` give the document structure (see sentence.h).
// `spoken_text` is left empty: that is the normalizer's job.
//
// Pure: no I/O, no global state; the tables come from LanguageRules.
//
// Thread-safety: a constructed Segmenter is immutable; Segment() may be
// called from any number of threads at once.
#ifndef POLICY_READER_SERVICE_TEXT_SEGMENT_SEGMENTER_H_
#define POLICY_READER_SERVICE_TEXT_SEGMENT_SEGMENTER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "service/text/document.h"
#include "service/text/rules.h"
#include "service/text/sentence.h"

namespace policyreader::text {

struct SegmenterOptions {
  // Longer sentences (in characters) are split at ";", ":", ",", then before
  // a clause conjunction, then at any space.
  size_t max_sentence_chars = 300;
  // A line (or unit) without capitals-only letters is a heading only when it
  // is at most this long and has at most this many words.
  size_t max_heading_chars = 80;
  size_t max_heading_words = 12;
  // An unpunctuated line shorter than this, followed by a line starting with
  // a capital, ends its unit: it is a title or an item of a list without
  // bullets, not a hard-wrapped line (those run close to the wrap width).
  size_t short_line_chars = 60;
  // A short line recurring at least this often, mostly at page breaks (next
  // to a page number or inside a sentence), is a running header or footer.
  size_t min_running_repeats = 3;
};

class Segmenter {
 public:
  // `rules` must outlive the segmenter.
  explicit Segmenter(const LanguageRules* rules, SegmenterOptions options = {});

  // Sentences in reading order, none empty, none without a letter or digit.
  // `text` should be valid UTF-8 (the pipeline checks); invalid bytes are
  // tolerated and never split.
  std::vector<Sentence> Segment(std::string_view text) const;

  // Sentences of a parsed document: each block is one paragraph of its
  // block's kind. Offsets are into `input`, the text `document` was parsed
  // from, mapped through each block's source_begin/source_end; `text` is
  // input.substr(begin, end - begin), inline tags and entities included.
  // A block whose source map does not match its text or `input` is skipped.
  // `visible_texts`, when given, receives for each sentence the block text
  // it covers (tags dropped, entities decoded): what should be read aloud,
  // where `text` is the raw source ("&amp;", "*vigtigt*").
  std::vector<Sentence> SegmentDocument(
      std::string_view input, const Document& document,
      std::vector<std::string>* visible_texts = nullptr) const;

 private:
  const LanguageRules* rules_;
  SegmenterOptions options_;
};

// Renumbers `paragraph` densely from 0 (keeping which sentences share one)
// and recomputes `section` from the kinds, and clears `continues` where the
// next sentence is not in the same paragraph. The segmenter calls it; so
// does the pipeline after dropping sentences with nothing to say.
void LinkStructure(std::vector<Sentence>* sentences);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_SEGMENT_SEGMENTER_H_
