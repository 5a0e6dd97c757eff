// The sentences of one text as a stream reads them: segmented, counted and
// linked (sections, pages, offsets) up front, each sentence's spoken text
// made when the sentence is first asked for. Normalizing is most of the
// pipeline's cost (bench/text-pipeline-bench, 1mb/), so a stream of a long
// text starts on its first sentences instead of waiting for all of them;
// what it reads is exactly what TextPipeline::Process returns for the text.
// A library document's sentences, normalized once when it was loaded, are
// held as they are and shared.
//
// Thread-safety: const methods may be called from any number of threads at
// once; a sentence is normalized once, under the list's lock.
#ifndef POLICY_READER_SERVICE_TEXT_SENTENCE_LIST_H_
#define POLICY_READER_SERVICE_TEXT_SENTENCE_LIST_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "service/text/normalize/normalizer.h"
#include "service/text/rules.h"
#include "service/text/sentence.h"

namespace policyreader::text {

class SentenceList {
 public:
  // Sentences already read in full (spoken_text set), shared, not copied.
  explicit SentenceList(std::shared_ptr<const std::vector<Sentence>> complete);

  // Sentences whose spoken_text is made on demand by normalizing
  // `inputs[i]` (the text to read for sentence i: its visible block text),
  // or its own text when `inputs` is empty; `comma_ends[i]` says whether its
  // spoken text ends on the comma of a piece cut for breath. Used by
  // TextPipeline::Prepare.
  SentenceList(std::vector<Sentence> outlines, std::vector<std::string> inputs,
               std::vector<bool> comma_ends,
               std::shared_ptr<const LanguageRules> rules);

  SentenceList(const SentenceList&) = delete;
  SentenceList& operator=(const SentenceList&) = delete;

  size_t size() const { return size_; }

  // Sentence `index` (< size()) with its spoken text; normalizes it on the
  // first call. The reference stays valid as long as the list.
  const Sentence& Get(size_t index) const ABSL_LOCKS_EXCLUDED(mu_);

  // Its kind, without normalizing anything.
  SentenceKind kind(size_t index) const;

  // Every sentence with its spoken text.
  std::vector<Sentence> All() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  const std::shared_ptr<const std::vector<Sentence>> complete_;
  const size_t size_;
  // For a list made on demand; all but spoken_text constant after
  // construction, spoken_text written once under mu_ (before done_ is set)
  // and only read after that.
  mutable std::vector<Sentence> sentences_;
  const std::vector<std::string> inputs_;
  const std::vector<bool> comma_ends_;
  const std::shared_ptr<const LanguageRules> rules_;
  const Normalizer normalizer_;
  mutable absl::Mutex mu_;
  mutable std::vector<bool> done_ ABSL_GUARDED_BY(mu_);
};

// The spoken text of a piece cut from a longer sentence ends on a clause,
// so it should sound like one: a comma instead of a full stop.
void EndOnComma(std::string* spoken);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_SENTENCE_LIST_H_
