// Test support: the shipped Danish rule tables (voices/da), loaded once per
// test program. A load failure fails the calling test with the reason.
#ifndef POLICY_READER_TESTS_SERVICE_TEXT_DANISH_RULES_H_
#define POLICY_READER_TESTS_SERVICE_TEXT_DANISH_RULES_H_

#include "gtest/gtest.h"
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

}  // namespace policyreader::text

#endif  // POLICY_READER_TESTS_SERVICE_TEXT_DANISH_RULES_H_
