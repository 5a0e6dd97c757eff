// See sentence_list.h.
#include "service/text/sentence_list.h"

#include <utility>

namespace policyreader::text {

SentenceList::SentenceList(
    std::shared_ptr<const std::vector<Sentence>> complete)
    : complete_(std::move(complete)),
      size_(complete_ == nullptr ? 0 : complete_->size()),
      normalizer_(nullptr) {}

SentenceList::SentenceList(std::vector<Sentence> outlines,
                           std::vector<std::string> inputs,
                           std::vector<bool> comma_ends,
                           std::shared_ptr<const LanguageRules> rules)
    : size_(outlines.size()),
      sentences_(std::move(outlines)),
      inputs_(std::move(inputs)),
      comma_ends_(std::move(comma_ends)),
      rules_(std::move(rules)),
      normalizer_(rules_.get()),
      done_(size_, false) {}

const Sentence& SentenceList::Get(size_t index) const {
  if (complete_ != nullptr) return (*complete_)[index];
  absl::MutexLock lock(&mu_);
  if (!done_[index]) {
    std::string spoken = normalizer_.Normalize(
        inputs_.empty() ? sentences_[index].text : inputs_[index]);
    if (comma_ends_[index]) EndOnComma(&spoken);
    sentences_[index].spoken_text = std::move(spoken);
    done_[index] = true;
  }
  return sentences_[index];
}

SentenceKind SentenceList::kind(size_t index) const {
  if (complete_ != nullptr) return (*complete_)[index].kind;
  return sentences_[index].kind;
}

std::vector<Sentence> SentenceList::All() const {
  std::vector<Sentence> all;
  all.reserve(size_);
  for (size_t i = 0; i < size_; ++i) all.push_back(Get(i));
  return all;
}

void EndOnComma(std::string* spoken) {
  while (!spoken->empty() && (spoken->back() == '.' || spoken->back() == ' ')) {
    spoken->pop_back();
  }
  if (!spoken->empty() && spoken->back() != ',' && spoken->back() != ';' &&
      spoken->back() != ':') {
    spoken->push_back(',');
  }
}

}  // namespace policyreader::text
