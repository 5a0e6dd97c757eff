// What a listener navigates: every sentence's written text and heading, and
// the sections (headings) in order, fetched once before reading (GetDocument
// for a library document, Segment for a text). The player, the phone and the
// web player all move through this outline, by the one set of rules in
// service/navigation/reading_moves.h.
//
// Thread-safety: Outline is a plain value, immutable once built; share it
// freely. FetchOutline may be called from any thread.
#ifndef POLICY_READER_CLIENT_RPC_OUTLINE_H_
#define POLICY_READER_CLIENT_RPC_OUTLINE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/rpc/calls.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/navigation/reading_moves.h"

namespace policyreader::rpc {

struct OutlineSentence {
  std::string text;  // As written, on one line.
  // The heading sentence it sits under (its own index for a heading); -1
  // before the first heading.
  int32_t heading = -1;
};

struct Outline {
  std::string title;
  std::vector<OutlineSentence> sentences;
  // Index of each heading sentence, in reading order.
  std::vector<size_t> section_starts;

  size_t sentence_count() const { return sentences.size(); }
  // The 0-based section `sentence` is in; nullopt before the first heading.
  std::optional<size_t> SectionOf(size_t sentence) const;
  // Where `command` takes the position from `current`; nullopt at an edge
  // (no next sentence, no further section) and for commands that do not
  // move (pause, speed, quit, help).
  std::optional<size_t> Target(size_t current,
                               navigation::Command command) const;
};

// From a library document fetched with its sentences.
Outline OutlineFromDocument(const v1::Document& document);
// From the sentences Segment found in a text; `title` names it, unless the
// text has a heading, whose first one is then the title.
Outline OutlineFromSegments(const v1::SegmentResponse& response,
                            std::string title);

// What is read: a library document, or a text in a format.
struct TextSource {
  std::string document_id;  // Set: the library document; else `text`.
  std::string text;
  v1::TextFormat format = v1::TEXT_FORMAT_PLAIN;
  std::string title;  // For a text without headings.
};

// Points `request` at the source (document id, or text and format).
void SetInput(const TextSource& source, v1::SynthesizeRequest* request);

// The outline of `source`; FAILED_PRECONDITION for a library document that
// cannot be read (see GetReadableDocument).
absl::StatusOr<Outline> FetchOutline(v1::PolicyReader::StubInterface* stub,
                                     const TextSource& source,
                                     const CallOptions& options);

}  // namespace policyreader::rpc

#endif  // POLICY_READER_CLIENT_RPC_OUTLINE_H_
