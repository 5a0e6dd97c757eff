// Sharing processed texts between requests; see processed_texts.h.
#include "service/api/processed_texts.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/cache/sentence_cache.h"

namespace policyreader::api {

ProcessedTexts::ProcessedTexts(const text::TextPipeline* pipeline,
                               size_t max_bytes)
    : pipeline_(pipeline), lru_(max_bytes) {}

absl::StatusOr<std::shared_ptr<const std::vector<text::Sentence>>>
ProcessedTexts::Process(std::string_view input, text::TextFormat format) {
  const std::string key = cache::SentenceKey(
      absl::StrCat("text;format=", static_cast<int>(format), ";",
                   absl::string_view(input.data(), input.size())));
  std::shared_ptr<const Entry> entry = lru_.Find(key);
  if (entry == nullptr) {
    lru_.CountMiss();
    absl::StatusOr<std::vector<text::Sentence>> processed =
        pipeline_->Process(input, format);
    if (!processed.ok()) return processed.status();
    auto made = std::make_shared<Entry>();
    made->sentences = *std::move(processed);
    made->bytes = sizeof(Entry) + key.size();
    for (const text::Sentence& sentence : made->sentences) {
      made->bytes += sizeof(text::Sentence) + sentence.text.capacity() +
                     sentence.spoken_text.capacity();
    }
    entry = std::move(made);
    lru_.Insert(key, entry);
  }
  return std::shared_ptr<const std::vector<text::Sentence>>(entry,
                                                            &entry->sentences);
}

}  // namespace policyreader::api
