#include "service/text/pipeline.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

std::shared_ptr<const LanguageRules> OrEmpty(
    std::shared_ptr<const LanguageRules> rules) {
  if (rules != nullptr) return rules;
  return std::make_shared<const LanguageRules>();
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

absl::StatusOr<std::vector<Sentence>> TextPipeline::Process(
    std::string_view input, TextFormat format) const {
  if (input.empty()) return absl::InvalidArgumentError("text is empty");
  if (input.size() > options_.max_input_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("text is ", input.size(), " bytes; the limit is ",
                     options_.max_input_bytes, " bytes"));
  }
  if (absl::Status status = ValidateUtf8(input); !status.ok()) return status;

  std::vector<Sentence> sentences = segmenter_.Segment(input);
  std::vector<Sentence> readable;
  readable.reserve(sentences.size());
  for (Sentence& sentence : sentences) {
    sentence.spoken_text = normalizer_.Normalize(sentence.text);
    // Only markup or symbols: keep the offsets honest by dropping it rather
    // than handing the engine an empty string.
    if (sentence.spoken_text.empty()) continue;
    readable.push_back(std::move(sentence));
  }
  if (readable.empty()) {
    return absl::InvalidArgumentError("text has nothing to read");
  }
  return readable;
}

}  // namespace policyreader::text
