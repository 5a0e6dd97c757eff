// The whole pipeline over the real municipal texts in shared/policies, read
// for numbers: no digit reaches the engine, and the known dates, years,
// ranges, times and percentages are read as a Dane would.
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

TEST_F(PoliciesNumbersTest, NoDigitReachesTheEngine) {
  const std::vector<std::string> spoken = AllSpoken();
  ASSERT_FALSE(spoken.empty());
  for (const std::string& s : spoken) {
    EXPECT_EQ(s.find_first_of("0123456789"), std::string::npos) << s;
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
           "den otteogtyvende juni to tusind og toogtyve.",
           "syttende marts to tusind og tyve",
           "hver fjerde år.",
           "i perioden to tusind og treogtyve til to tusind og femogtredive.",
           "den nittende december to tusind og treogtyve",
           "fra første januar to tusind og seksten til enogtredivte december "
           "to tusind og tyve.",
           "en fem-årig strategi",
           "mellem nul og atten år",
           "en halvfjerds procent reduktion af se o to-udledningen",
           "sammenlignet med nitten hundrede og halvfems",
           "et hundrede procent se o to-neutral fjernvarme",
           "fyrre procent af tilflytterne",
           "de næste tolv år.",
           "Mandag klokken ni til femten",
           "Onsdag klokken ni til tretten",
           "Torsdag klokken ni til sytten",
           "den tredje april to tusind og seks",
           "dé es fire hundrede og enoghalvfjerds med flere",
           "Forsikring og Pensions",
           "Regeringen og kå el har",
           "Inden krav overgår til inddrivelse i Skat,",
           "Direktionen, februar to tusind og nitten",
           "for eksempel tre-i-en måling",
           "det enkelte med-udvalg",
       }) {
    EXPECT_TRUE(contains(reading)) << "no sentence reads \"" << reading << "\"";
  }
}

}  // namespace
}  // namespace policyreader::text
