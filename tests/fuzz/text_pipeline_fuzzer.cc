// Fuzzes the whole text pipeline (all three input formats) with arbitrary
// bytes. The first byte picks the format; the rest is the input. Beyond not
// crashing (ASan and UBSan are on), every accepted input must give sentences
// whose offsets lie inside the input and whose text is exactly that slice,
// and whose spoken text is non-empty (sentences are counted before they are
// normalized: Normalizer::Readable must not keep one that reads as nothing)
// and valid UTF-8 without control characters; and Prepare must give the
// same sentences on demand.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "service/text/pipeline.h"
#include "service/text/rules.h"
#include "service/text/utf8.h"

namespace {

using policyreader::text::LanguageRules;
using policyreader::text::TextFormat;
using policyreader::text::TextPipeline;

const TextPipeline& Pipeline() {
  static const TextPipeline* pipeline = [] {
    auto rules = policyreader::text::LoadLanguageRules(VOICES_DA_DIR);
    if (!rules.ok()) {
      fprintf(stderr, "%s\n", rules.status().ToString().c_str());
      abort();
    }
    return new TextPipeline(
        std::make_shared<const LanguageRules>(*std::move(rules)), {});
  }();
  return *pipeline;
}

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "invariant broken: %s\n", what);
    abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const TextFormat format = static_cast<TextFormat>(data[0] % 3);
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  auto sentences = Pipeline().Process(input, format);
  if (!sentences.ok()) return 0;
  Check(!sentences->empty(), "accepted input gives at least one sentence");
  for (const auto& s : *sentences) {
    Check(s.begin <= s.end && s.end <= input.size(), "offsets inside input");
    Check(input.substr(s.begin, s.end - s.begin) == s.text,
          "text is the input slice");
    Check(!s.spoken_text.empty(), "spoken text not empty");
    Check(policyreader::text::ValidateUtf8(s.spoken_text).ok(),
          "spoken text is valid UTF-8");
    for (unsigned char c : s.spoken_text) {
      Check(c >= 0x20 && c != 0x7f, "no control characters in spoken text");
    }
    Check(s.section < static_cast<int>(sentences->size()),
          "section points into the result");
  }
  auto prepared = Pipeline().Prepare(input, format);
  Check(prepared.ok() && (*prepared)->size() == sentences->size(),
        "Prepare counts what Process gives");
  for (size_t i = sentences->size(); i-- > 0;) {
    Check((*prepared)->Get(i).spoken_text == (*sentences)[i].spoken_text &&
              (*prepared)->Get(i).begin == (*sentences)[i].begin,
          "Prepare reads what Process gives");
  }
  return 0;
}
