// Sentence segmentation for policy texts copied from PDFs and web pages.
//
// Two levels. First the line structure: blank lines end paragraphs, bullet
// and numbered lines start list items, lines in capitals and short lines
// without final punctuation are headings, and hard-wrapped lines are joined
// back into their paragraph. Then each such unit is split into sentences at
// . ! ? and ellipses, except where the language rules say a dot is not an
// end (abbreviations, ordinals before month names, numbers, initials, URLs).
// Sentences longer than the engine handles well are split at a clause
// boundary, never inside a word.
//
// Every sentence carries exact byte offsets into the caller's text; its
// `text` is that substring (trimmed of white space and of a list marker).
// `spoken_text` is left empty: that is the normalizer's job.
//
// Pure: no I/O, no global state; the tables come from LanguageRules.
//
// Thread-safety: a constructed Segmenter is immutable; Segment() may be
// called from any number of threads at once.
#ifndef POLICY_READER_SERVICE_TEXT_SEGMENT_SEGMENTER_H_
#define POLICY_READER_SERVICE_TEXT_SEGMENT_SEGMENTER_H_

#include <cstddef>
#include <string_view>
#include <vector>

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
};

class Segmenter {
 public:
  // `rules` must outlive the segmenter.
  explicit Segmenter(const LanguageRules* rules, SegmenterOptions options = {});

  // Sentences in reading order, none empty, none without a letter or digit.
  // `text` should be valid UTF-8 (the pipeline checks); invalid bytes are
  // tolerated and never split.
  std::vector<Sentence> Segment(std::string_view text) const;

 private:
  const LanguageRules* rules_;
  SegmenterOptions options_;
};

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_SEGMENT_SEGMENTER_H_
