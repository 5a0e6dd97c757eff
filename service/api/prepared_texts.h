// The sentences of texts prepared recently (TextPipeline::Prepare), shared
// by every request for the same text: many listeners of one page (a widget
// on a municipal site, a message on the phone line) cost one segmentation,
// one normalization of each sentence and one copy of the sentences instead
// of one each, which was most of what a paused stream of an inline text
// held.
//
// Entries are keyed by a SHA-256 of the format and the text and bounded in
// bytes (least recently used first); an evicted entry lives on for the
// streams still reading it. Errors (invalid UTF-8, empty or too long text)
// are not kept: they are found again, as cheaply as the first time.
//
// Thread-safety: Prepare() may be called from any thread at once. Two
// first requests for one text at the same moment may both run the
// pipeline; the second result replaces the first.
#ifndef POLICY_READER_SERVICE_API_PREPARED_TEXTS_H_
#define POLICY_READER_SERVICE_API_PREPARED_TEXTS_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "service/cache/lru.h"
#include "service/text/pipeline.h"
#include "service/text/sentence_list.h"

namespace policyreader::api {

class PreparedTexts {
 public:
  // `pipeline` must outlive this. `max_bytes` 0: nothing is kept.
  PreparedTexts(const text::TextPipeline* pipeline, size_t max_bytes);

  absl::StatusOr<std::shared_ptr<const text::SentenceList>> Prepare(
      std::string_view input, text::TextFormat format);

  cache::LruStats stats() const { return lru_.stats(); }

 private:
  struct Entry {
    std::shared_ptr<const text::SentenceList> sentences;
    size_t bytes = 0;  // An estimate: the list does not count its bytes.
    size_t size() const { return bytes; }
  };
  const text::TextPipeline* const pipeline_;
  cache::Lru<Entry> lru_;
};

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_PREPARED_TEXTS_H_
