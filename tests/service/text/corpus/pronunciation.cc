#include "tests/service/text/corpus/pronunciation.h"

#include <utility>

namespace policyreader::text {

std::string PhonemeKey(std::string_view espeak_phonemes) {
  std::string key;
  key.reserve(espeak_phonemes.size());
  for (size_t i = 0; i < espeak_phonemes.size(); ++i) {
    char c = espeak_phonemes[i];
    if (c == '_') {
      // A pause: "_", "_:", "_!", "_|", "_^_" and the like.
      while (i + 1 < espeak_phonemes.size() &&
             (espeak_phonemes[i + 1] == ':' || espeak_phonemes[i + 1] == '!' ||
              espeak_phonemes[i + 1] == '|' || espeak_phonemes[i + 1] == '^' ||
              espeak_phonemes[i + 1] == '_')) {
        ++i;
      }
      continue;
    }
    if (c == '\'' || c == ',' || c == '-' || c == ' ' || c == '\n' ||
        c == '?' || c == '\t' || c == '=') {
      continue;
    }
    key.push_back(c);
  }
  return key;
}

absl::StatusOr<std::unique_ptr<Pronouncer>> Pronouncer::Create() {
  absl::StatusOr<std::unique_ptr<synth::EspeakEngine>> engine =
      synth::EspeakEngine::Create({});
  if (!engine.ok()) return engine.status();
  return std::unique_ptr<Pronouncer>(new Pronouncer(std::move(*engine)));
}

absl::StatusOr<std::string> Pronouncer::Phonemes(std::string_view text) {
  return engine_->Phonemes(text, "da");
}

absl::StatusOr<std::string> Pronouncer::Key(std::string_view text) {
  std::string key_text(text);
  auto it = keys_.find(key_text);
  if (it != keys_.end()) return it->second;
  absl::StatusOr<std::string> phonemes = Phonemes(text);
  if (!phonemes.ok()) return phonemes.status();
  std::string key = PhonemeKey(*phonemes);
  keys_.emplace(std::move(key_text), key);
  return key;
}

}  // namespace policyreader::text
