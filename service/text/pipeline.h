// The text pipeline: raw policy text in, sentences with spoken text out.
// Pure C++, no I/O after construction: validate -> segment -> normalize.
// The Danish rules (abbreviations etc.) are data loaded from voices/da/.
// Prepare() stops before normalizing, which each sentence then does when it
// is first read (sentence_list.h), so a stream of a long text need not wait
// for the whole of it.
//
// Thread-safety: a constructed TextPipeline is immutable; Process() and
// Prepare() may be called from any number of threads at once.
#ifndef POLICY_READER_SERVICE_TEXT_PIPELINE_H_
#define POLICY_READER_SERVICE_TEXT_PIPELINE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "service/text/document.h"
#include "service/text/normalize/normalizer.h"
#include "service/text/rules.h"
#include "service/text/segment/segmenter.h"
#include "service/text/sentence.h"
#include "service/text/sentence_list.h"

namespace policyreader::text {

struct TextPipelineOptions {
  // Longer input is refused with INVALID_ARGUMENT naming the limit.
  size_t max_input_bytes = 1 << 20;
  // Longer sentences (in characters) are split at a clause boundary.
  size_t max_sentence_chars = 300;
};

class TextPipeline {
 public:
  // A null `rules` means no language tables (nothing is an abbreviation).
  TextPipeline(std::shared_ptr<const LanguageRules> rules,
               const TextPipelineOptions& options);

  // INVALID_ARGUMENT (with a message a person can act on), checked in this
  // order: empty input ("text is empty"), input over the limit (naming it),
  // invalid UTF-8 (naming the byte offset), input with nothing to read
  // (only white space, markup, symbols or control characters). Otherwise
  // at least one sentence, each with non-empty spoken_text.
  // `format` says how to read `input`; markup is structure, never spoken.
  absl::StatusOr<std::vector<Sentence>> Process(
      std::string_view input, TextFormat format = TextFormat::kPlain) const;

  // The same sentences, with the same errors, but each sentence's spoken
  // text is made when the list is first asked for it: validation,
  // segmentation and the count happen here, normalization later.
  absl::StatusOr<std::shared_ptr<const SentenceList>> Prepare(
      std::string_view input, TextFormat format = TextFormat::kPlain) const;

 private:
  // Prepare's parts: the readable sentences without spoken text, what to
  // normalize for each (empty: each one's own text), and whether its spoken
  // text ends on a comma.
  struct Outline {
    std::vector<Sentence> sentences;
    std::vector<std::string> inputs;
    std::vector<bool> comma_ends;
  };
  absl::StatusOr<Outline> MakeOutline(std::string_view input,
                                      TextFormat format) const;

  std::shared_ptr<const LanguageRules> rules_;
  TextPipelineOptions options_;
  Segmenter segmenter_;
  Normalizer normalizer_;
};

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_PIPELINE_H_
