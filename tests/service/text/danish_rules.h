// Test support: the shipped Danish rule tables (voices/da) and a text
// pipeline over them, built once per test program, and a file reader for
// the sample policies. A load failure fails the calling test with the reason.
#ifndef POLICY_READER_TESTS_SERVICE_TEXT_DANISH_RULES_H_
#define POLICY_READER_TESTS_SERVICE_TEXT_DANISH_RULES_H_

#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "service/text/pipeline.h"
#include "service/text/rules.h"

namespace policyreader::text {

// Null (and a test failure) if the tables do not load.
inline const LanguageRules* DanishRules() {
  static const absl::StatusOr<LanguageRules>* rules =
      new absl::StatusOr<LanguageRules>(
          LoadLanguageRules(POLICY_READER_VOICES_DA_DIR));
  EXPECT_TRUE(rules->ok()) << rules->status();
  return rules->ok() ? &**rules : nullptr;
}

// A pipeline with default options over DanishRules(); null if those fail.
inline const TextPipeline* DanishPipeline() {
  static const TextPipeline* pipeline =
      DanishRules() == nullptr
          ? nullptr
          : new TextPipeline(std::shared_ptr<const LanguageRules>(
                                 DanishRules(), [](const LanguageRules*) {}),
                             TextPipelineOptions{});
  EXPECT_NE(pipeline, nullptr);
  return pipeline;
}

// True when every digit in `spoken` is in a form eSpeak NG reads as a Dane
// says it (danish_numbers.h): runs of digits (thousands grouped by dots)
// standing alone between spaces or punctuation, or an ordinal "28." before a
// lower-case word. A number the normalizer left alone ("2,5", "9.00", "1.-3.",
// "12ab") is not.
inline bool DigitsOnlyInEngineForms(const std::string& spoken) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i < spoken.size();) {
    if (!digit(spoken[i])) {
      ++i;
      continue;
    }
    if (i > 0 && spoken[i - 1] != ' ' && spoken[i - 1] != '(' &&
        spoken[i - 1] != '-') {
      return false;
    }
    size_t end = i;
    while (end < spoken.size() && digit(spoken[end])) ++end;
    // Thousands groups: "1.250", "3.500.000".
    while (end + 3 < spoken.size() + 0 && spoken[end] == '.' &&
           digit(spoken[end + 1]) && digit(spoken[end + 2]) &&
           digit(spoken[end + 3]) &&
           (end + 4 >= spoken.size() || !digit(spoken[end + 4]))) {
      end += 4;
    }
    if (end < spoken.size() && spoken[end] == '.' && end + 2 < spoken.size() &&
        spoken[end + 1] == ' ' &&
        (std::islower(static_cast<unsigned char>(spoken[end + 2])) ||
         static_cast<unsigned char>(spoken[end + 2]) >= 0x80)) {
      ++end;  // An ordinal before a lower-case word.
    } else if (end < spoken.size() && spoken[end] != ' ' &&
               spoken[end] != ',' && spoken[end] != '.' && spoken[end] != ')' &&
               spoken[end] != ';' && spoken[end] != ':' && spoken[end] != '?' &&
               spoken[end] != '!' &&
               !(spoken[end] == '-' && end + 1 < spoken.size() &&
                 !digit(spoken[end + 1]))) {  // "5-årig" is read so.
      return false;
    } else if (end + 1 < spoken.size() &&
               (spoken[end] == '.' || spoken[end] == ',') &&
               digit(spoken[end + 1])) {
      return false;
    }
    i = end;
  }
  return true;
}

// The whole file, byte for byte ("" if it cannot be read).
inline std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace policyreader::text

#endif  // POLICY_READER_TESTS_SERVICE_TEXT_DANISH_RULES_H_
