// See outline.h.
#include "client/rpc/outline.h"

#include <utility>

#include "service/text/whitespace.h"

namespace policyreader::rpc {
namespace {

template <typename SentenceList>
void AddSentences(const SentenceList& sentences, Outline* outline) {
  for (const v1::Sentence& sentence : sentences) {
    outline->sentences.push_back(
        {text::CollapseWhitespace(sentence.text()), sentence.section()});
    if (sentence.section() >= 0 &&
        static_cast<uint32_t>(sentence.section()) == sentence.index()) {
      outline->section_starts.push_back(sentence.index());
    }
  }
}

}  // namespace

std::optional<size_t> Outline::SectionOf(size_t sentence) const {
  return navigation::SectionOf(section_starts, sentence);
}

std::optional<size_t> Outline::Target(size_t current,
                                      navigation::Command command) const {
  const std::optional<navigation::Move> move = navigation::MoveOf(command);
  if (!move.has_value()) return std::nullopt;
  return navigation::Target(sentences.size(), section_starts, current, *move);
}

Outline OutlineFromDocument(const v1::Document& document) {
  Outline outline;
  outline.title = document.title();
  AddSentences(document.sentences(), &outline);
  return outline;
}

Outline OutlineFromSegments(const v1::SegmentResponse& response,
                            std::string title) {
  Outline outline;
  outline.title = std::move(title);
  AddSentences(response.sentences(), &outline);
  if (!outline.section_starts.empty()) {
    outline.title = outline.sentences[outline.section_starts.front()].text;
  }
  return outline;
}

void SetInput(const TextSource& source, v1::SynthesizeRequest* request) {
  if (!source.document_id.empty()) {
    request->set_document_id(source.document_id);
  } else {
    request->set_text(source.text);
    request->set_format(source.format);
  }
}

absl::StatusOr<Outline> FetchOutline(v1::PolicyReader::StubInterface* stub,
                                     const TextSource& source,
                                     const CallOptions& options) {
  if (!source.document_id.empty()) {
    absl::StatusOr<v1::Document> document = GetReadableDocument(
        stub, source.document_id, /*include_sentences=*/true, options);
    if (!document.ok()) return document.status();
    return OutlineFromDocument(*document);
  }
  v1::SegmentRequest request;
  request.set_text(source.text);
  request.set_format(source.format);
  absl::StatusOr<v1::SegmentResponse> response =
      Segment(stub, request, options);
  if (!response.ok()) return response.status();
  return OutlineFromSegments(*response, source.title);
}

}  // namespace policyreader::rpc
