#include "client/listen/outline.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "service/navigation/reading_moves.h"

namespace policyreader::listen {
namespace {

template <typename SentenceList>
void AddSentences(const SentenceList& sentences, Outline* outline) {
  for (const v1::Sentence& sentence : sentences) {
    outline->sentences.push_back({OneLine(sentence.text()), sentence.section()});
    if (sentence.section() >= 0 &&
        static_cast<uint32_t>(sentence.section()) == sentence.index()) {
      outline->section_starts.push_back(sentence.index());
    }
  }
}

}  // namespace

std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (const char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::optional<size_t> Outline::SectionOf(size_t sentence) const {
  return navigation::SectionOf(section_starts, sentence);
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

}  // namespace policyreader::listen
