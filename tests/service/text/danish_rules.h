// Test support: the shipped Danish rule tables (voices/da) and a text
// pipeline over them, built once per test program, and a file reader for
// the sample policies. A load failure fails the calling test with the reason.
#ifndef POLICY_READER_TESTS_SERVICE_TEXT_DANISH_RULES_H_
#define POLICY_READER_TESTS_SERVICE_TEXT_DANISH_RULES_H_

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

// The whole file, byte for byte ("" if it cannot be read).
inline std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace policyreader::text

#endif  // POLICY_READER_TESTS_SERVICE_TEXT_DANISH_RULES_H_
