// The whole pipeline over the real municipal texts in shared/policies, read
// for numbers: every number reaches the engine in a
// form eSpeak reads right (digits, ordinals before a word), and the known
// dates, years, ranges, times and percentages are read as a Dane would.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/pipeline.h"
#include "tests/service/text/danish_rules.h"

namespace policyreader::text {
namespace {

namespace fs = std::filesystem;

class PoliciesNumbersTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(POLICY_READER_POLICIES_DIR)) {
      GTEST_SKIP() << "no sample policies at " << POLICY_READER_POLICIES_DIR;
    }
    pipeline_ = DanishPipeline();
    ASSERT_NE(pipeline_, nullptr);
  }

  static std::string Read(const fs::path& path) {
    return ReadTestFile(path.string());
  }

  // Spoken text of every sentence of every sample policy.
  std::vector<std::string> AllSpoken() {
    std::vector<std::string> spoken;
    for (const fs::directory_entry& entry :
         fs::directory_iterator(POLICY_READER_POLICIES_DIR)) {
      if (entry.path().extension() != ".txt") continue;
      absl::StatusOr<std::vector<Sentence>> sentences =
          pipeline_->Process(Read(entry.path()));
      EXPECT_TRUE(sentences.ok()) << sentences.status();
      if (!sentences.ok()) continue;
      for (const Sentence& s : *sentences) spoken.push_back(s.spoken_text);
    }
    return spoken;
  }

  const TextPipeline* pipeline_ = nullptr;
};

TEST_F(PoliciesNumbersTest, NumbersReachTheEngineReadable) {
  const std::vector<std::string> spoken = AllSpoken();
  ASSERT_FALSE(spoken.empty());
  for (const std::string& s : spoken) {
    EXPECT_TRUE(DigitsOnlyInEngineForms(s)) << s;
    EXPECT_EQ(s.find('%'), std::string::npos) << s;
    EXPECT_EQ(s.find('&'), std::string::npos) << s;
    EXPECT_EQ(s.find("§"), std::string::npos) << s;
  }
}

TEST_F(PoliciesNumbersTest, KnownReadings) {
  const std::vector<std::string> spoken = AllSpoken();
  const auto contains = [&spoken](const std::string& needle) {
    for (const std::string& s : spoken) {
      if (s.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  for (const char* reading : {
           "den 28. juni 2022.",
           "17. marts 2020",
           "hver 4. år.",
           "i perioden 2023 til 2035.",
           "den 19. december 2023",
           "fra 1. januar 2016 til 31. december 2020.",
           "en 5-årig strategi",
           "mellem 0 og 18 år",
           "en 70 procent reduktion af C O 2-udledningen",
           "sammenlignet med 1990",
           "100 procent C O 2-neutral fjernvarme",
           "40 procent af tilflytterne",
           "de næste 12 år.",
           "Mandag klokken 9 til 15",
           "Onsdag klokken 9 til 13",
           "Torsdag klokken 9 til 17",
           "den 3. april 2006",
           "D S 471 med flere",
           "Forsikring og Pensions",
           "Regeringen og K L har",
           "Inden krav overgår til inddrivelse i Skat,",
           "Direktionen, februar 2019",
           "for eksempel 3-i-en måling",
           "det enkelte med-udvalg",
       }) {
    EXPECT_TRUE(contains(reading)) << "no sentence reads \"" << reading << "\"";
  }
}

}  // namespace
}  // namespace policyreader::text
