#include "service/text/pipeline.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "service/text/formats/html.h"
#include "service/text/formats/markdown.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

std::shared_ptr<const LanguageRules> OrEmpty(
    std::shared_ptr<const LanguageRules> rules) {
  if (rules != nullptr) return rules;
  return std::make_shared<const LanguageRules>();
}

// Pages of a text with form feeds (a PDF's text has one at each page end):
// a sentence is on the page where it begins. Left at 0 without any.
void SetPages(std::string_view input, std::vector<Sentence>* sentences) {
  if (input.find('\f') == std::string_view::npos) return;
  int page = 1;
  size_t position = 0;
  for (Sentence& sentence : *sentences) {
    const size_t begin = std::min(sentence.begin, input.size());
    for (; position < begin; ++position) {
      if (input[position] == '\f') ++page;
    }
    sentence.page = page;
  }
}

}  // namespace

TextPipeline::TextPipeline(std::shared_ptr<const LanguageRules> rules,
                           const TextPipelineOptions& options)
    : rules_(OrEmpty(std::move(rules))),
      options_(options),
      segmenter_(
          rules_.get(),
          SegmenterOptions{.max_sentence_chars = options.max_sentence_chars}),
      normalizer_(rules_.get()) {}

absl::StatusOr<TextPipeline::Outline> TextPipeline::MakeOutline(
    std::string_view input, TextFormat format) const {
  if (input.empty()) return absl::InvalidArgumentError("text is empty");
  if (input.size() > options_.max_input_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("text is ", input.size(), " bytes; the limit is ",
                     options_.max_input_bytes, " bytes"));
  }
  if (absl::Status status = ValidateUtf8(input); !status.ok()) return status;

  std::vector<Sentence> sentences;
  // For structured input, what to read: the decoded block text of each
  // sentence, not its raw source with tags and entities.
  std::vector<std::string> visible_texts;
  switch (format) {
    case TextFormat::kPlain:
      sentences = segmenter_.Segment(input);
      break;
    case TextFormat::kHtml:
    case TextFormat::kMarkdown: {
      absl::StatusOr<Document> document =
          format == TextFormat::kHtml ? ParseHtml(input) : ParseMarkdown(input);
      if (!document.ok()) return document.status();
      sentences = segmenter_.SegmentDocument(input, *document, &visible_texts);
      break;
    }
  }

  Outline outline;
  outline.sentences.reserve(sentences.size());
  outline.inputs.reserve(visible_texts.size());
  std::vector<Sentence>& readable = outline.sentences;
  for (size_t i = 0; i < sentences.size(); ++i) {
    Sentence& sentence = sentences[i];
    const bool visible = i < visible_texts.size();
    // Only markup or symbols: keep the offsets honest by dropping it rather
    // than handing the engine an empty string.
    if (!normalizer_.Readable(visible ? visible_texts[i] : sentence.text)) {
      // The piece a dropped one ended has nothing left to continue into.
      if (!sentence.continues && !readable.empty() &&
          readable.back().paragraph == sentence.paragraph) {
        readable.back().continues = false;
      }
      continue;
    }
    readable.push_back(std::move(sentence));
    if (visible) outline.inputs.push_back(std::move(visible_texts[i]));
  }
  if (readable.empty()) {
    return absl::InvalidArgumentError("text has nothing to read");
  }
  // A piece cut from a longer sentence ends on a clause, so it should sound
  // like one: a comma gives the engine's continuing tone and short pause
  // instead of a full stop's fall (the engine is also told to add no
  // sentence-end pause; see EngineRequest::end_pause). Decided here, before
  // LinkStructure, whatever it does to `continues`.
  outline.comma_ends.reserve(readable.size());
  for (const Sentence& sentence : readable) {
    outline.comma_ends.push_back(sentence.continues);
  }
  // Dropping sentences moves indices: sections point into this vector.
  LinkStructure(&readable);
  SetPages(input, &readable);
  return outline;
}

absl::StatusOr<std::vector<Sentence>> TextPipeline::Process(
    std::string_view input, TextFormat format) const {
  absl::StatusOr<Outline> outline = MakeOutline(input, format);
  if (!outline.ok()) return outline.status();
  for (size_t i = 0; i < outline->sentences.size(); ++i) {
    std::string& spoken = outline->sentences[i].spoken_text;
    spoken = normalizer_.Normalize(outline->inputs.empty()
                                       ? outline->sentences[i].text
                                       : outline->inputs[i]);
    if (outline->comma_ends[i]) EndOnComma(&spoken);
  }
  return std::move(outline->sentences);
}

absl::StatusOr<std::shared_ptr<const SentenceList>> TextPipeline::Prepare(
    std::string_view input, TextFormat format) const {
  absl::StatusOr<Outline> outline = MakeOutline(input, format);
  if (!outline.ok()) return outline.status();
  return std::make_shared<const SentenceList>(
      std::move(outline->sentences), std::move(outline->inputs),
      std::move(outline->comma_ends), rules_);
}

}  // namespace policyreader::text
