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
};

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_SENTENCE_H_
