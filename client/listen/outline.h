// What the player knows of the text it reads: every sentence's written text
// and section, and the sections (headings) in order. Navigation, position
// lines and resume all work on this outline, which the player fetches once
// (GetDocument for a library document, Segment for a file) before playing.
//
// Thread-safety: a plain value; immutable once built, share freely.
#ifndef POLICY_READER_CLIENT_LISTEN_OUTLINE_H_
#define POLICY_READER_CLIENT_LISTEN_OUTLINE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policyreader/v1/policy_reader.pb.h"

namespace policyreader::listen {

struct OutlineSentence {
  std::string text;  // As written, on one line.
  // The heading sentence it sits under; -1 before the first heading.
  int32_t heading = -1;
};

struct Outline {
  std::string title;
  std::vector<OutlineSentence> sentences;
  // Index of each heading sentence, in reading order.
  std::vector<size_t> section_starts;

  // The 0-based section `sentence` is in; nullopt before the first heading.
  std::optional<size_t> SectionOf(size_t sentence) const;
};

// `text` on one line: runs of whitespace (line breaks from PDFs, tabs)
// become one space; leading and trailing whitespace go. A braille display
// then shows a sentence per line.
std::string OneLine(std::string_view text);

// From a library document fetched with its sentences.
Outline OutlineFromDocument(const v1::Document& document);
// From the sentences Segment found in a file; `title` names the file.
Outline OutlineFromSegments(const v1::SegmentResponse& response,
                            std::string title);

}  // namespace policyreader::listen

#endif  // POLICY_READER_CLIENT_LISTEN_OUTLINE_H_
