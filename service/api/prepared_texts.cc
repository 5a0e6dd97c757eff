// Sharing prepared texts between requests; see prepared_texts.h.
#include "service/api/prepared_texts.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/cache/sentence_cache.h"

namespace policyreader::api {

PreparedTexts::PreparedTexts(const text::TextPipeline* pipeline,
                             size_t max_bytes)
    : pipeline_(pipeline), lru_(max_bytes) {}

absl::StatusOr<std::shared_ptr<const text::SentenceList>>
PreparedTexts::Prepare(std::string_view input, text::TextFormat format) {
  const std::string key = cache::SentenceKey(
      absl::StrCat("text;format=", static_cast<int>(format), ";",
                   absl::string_view(input.data(), input.size())));
  if (std::shared_ptr<const Entry> entry = lru_.Find(key); entry != nullptr) {
    return entry->sentences;
  }
  lru_.CountMiss();
  absl::StatusOr<std::shared_ptr<const text::SentenceList>> prepared =
      pipeline_->Prepare(input, format);
  if (!prepared.ok()) return prepared.status();
  auto entry = std::make_shared<Entry>();
  entry->sentences = *prepared;
  // The text, the blocks each sentence is read from, and its spoken text
  // once normalized, each about as long as the input; and the sentences.
  entry->bytes = sizeof(Entry) + key.size() + 3 * input.size() +
                 (*prepared)->size() * (sizeof(text::Sentence) + 32);
  lru_.Insert(key, std::move(entry));
  return prepared;
}

}  // namespace policyreader::api
