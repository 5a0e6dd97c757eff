// The text pipeline's output: one Sentence per unit the engine reads, with
// exact byte offsets back into the caller's input.
//
// Thread-safety: plain values.
#ifndef POLICY_READER_SERVICE_TEXT_SENTENCE_H_
#define POLICY_READER_SERVICE_TEXT_SENTENCE_H_

#include <cstddef>
#include <string>

namespace policyreader::text {

enum class SentenceKind { kParagraph, kHeading, kListItem };

struct Sentence {
  // The sentence as written: input.substr(begin, end - begin).
  std::string text;
  // Exactly what the speech engine is given: plain words, no markup, no
  // control characters, abbreviations expanded.
  std::string spoken_text;
  // UTF-8 byte offsets into the original input: [begin, end).
  size_t begin = 0;
  size_t end = 0;
  SentenceKind kind = SentenceKind::kParagraph;
  // Index of the paragraph (heading, paragraph or list item) in reading
  // order, from 0.
  size_t paragraph = 0;
  // Index (in the returned vector) of the heading sentence this sentence
  // sits under; a heading's own index for the heading itself; -1 before the
  // first heading.
  int section = -1;
  // True when a sentence too long for one breath was cut here at a clause
  // boundary and the next sentence continues it; the engine then gets no
  // sentence-final pause or intonation at this cut.
  bool continues = false;
  // 1-based page the sentence begins on, counting form feeds ("\f", which
  // ends each page of a PDF's text) before it; 0 when the input has none.
  int page = 0;
  // 1-6 for a heading whose level the source marks (HTML h1-h6, Markdown
  // #); 0 otherwise. A plain-text heading (capitals, a short line) has
  // none: the segmenter reads numbered lines ("1.2 Mål") as list items.
  int heading_level = 0;
};

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_SENTENCE_H_
