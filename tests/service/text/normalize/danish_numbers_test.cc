// Danish number words, table-driven: value -> what a careful reader says.
#include "service/text/normalize/danish_numbers.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::text {
namespace {

struct NumberCase {
  uint64_t value;
  Gender gender;
  std::string words;
};

constexpr Gender kC = Gender::kCommon;
constexpr Gender kN = Gender::kNeuter;

TEST(CardinalWordsTest, Table) {
  const std::vector<NumberCase> cases = {
      {0, kC, "nul"},
      {1, kC, "en"},
      {1, kN, "et"},
      {2, kC, "to"},
      {7, kC, "syv"},
      {11, kC, "elleve"},
      {13, kC, "tretten"},
      {19, kC, "nitten"},
      {20, kC, "tyve"},
      {21, kC, "enogtyve"},
      {21, kN, "enogtyve"},
      {30, kC, "tredive"},
      {42, kC, "toogfyrre"},
      {50, kC, "halvtreds"},
      {57, kC, "syvoghalvtreds"},
      {60, kC, "tres"},
      {70, kC, "halvfjerds"},
      {80, kC, "firs"},
      {95, kC, "femoghalvfems"},
      {99, kC, "nioghalvfems"},
      {100, kC, "et hundrede"},
      {101, kC, "et hundrede og en"},
      {101, kN, "et hundrede og et"},
      {110, kC, "et hundrede og ti"},
      {200, kC, "to hundrede"},
      {471, kC, "fire hundrede og enoghalvfjerds"},
      {999, kC, "ni hundrede og nioghalvfems"},
      {1000, kC, "et tusind"},
      {1001, kC, "et tusind og en"},
      {1100, kC, "et tusind et hundrede"},
      {1998, kC, "et tusind ni hundrede og otteoghalvfems"},
      {2000, kC, "to tusind"},
      {2024, kC, "to tusind og fireogtyve"},
      {3500, kC, "tre tusind fem hundrede"},
      {21000, kC, "enogtyve tusind"},
      {101000, kC, "et hundrede og et tusind"},
      {100021, kC, "et hundrede tusind og enogtyve"},
      {1000000, kC, "en million"},
      {2000021, kC, "to millioner og enogtyve"},
      {3500000, kC, "tre millioner fem hundrede tusind"},
      {1000000000, kC, "en milliard"},
      {2500000000, kC, "to milliarder fem hundrede millioner"},
  };
  for (const NumberCase& c : cases) {
    EXPECT_EQ(CardinalWords(c.value, c.gender), c.words) << c.value;
  }
}

TEST(CardinalWordsTest, LargestValueDoesNotCrash) {
  EXPECT_FALSE(CardinalWords(UINT64_MAX).empty());
  EXPECT_FALSE(OrdinalWords(UINT64_MAX).empty());
}

TEST(OrdinalWordsTest, Table) {
  const std::vector<NumberCase> cases = {
      {1, kC, "første"},
      {2, kC, "anden"},
      {2, kN, "andet"},
      {3, kC, "tredje"},
      {4, kC, "fjerde"},
      {5, kC, "femte"},
      {6, kC, "sjette"},
      {7, kC, "syvende"},
      {11, kC, "ellevte"},
      {12, kC, "tolvte"},
      {19, kC, "nittende"},
      {20, kC, "tyvende"},
      {21, kC, "enogtyvende"},
      {22, kC, "toogtyvende"},
      {28, kC, "otteogtyvende"},
      {30, kC, "tredivte"},
      {31, kC, "enogtredivte"},
      {40, kC, "fyrretyvende"},
      {50, kC, "halvtredsindstyvende"},
      {100, kC, "et hundrede"},
      {101, kC, "et hundrede og første"},
      {1000, kC, "et tusinde"},
  };
  for (const NumberCase& c : cases) {
    EXPECT_EQ(OrdinalWords(c.value, c.gender), c.words) << c.value;
  }
}

// What eSpeak is given: digits where it reads them right (checked by
// phonemes in tests/service/text/corpus), words where digits cannot say it.
TEST(SpokenNumbersTest, Table) {
  EXPECT_EQ(SpokenCardinal(1), "en");
  EXPECT_EQ(SpokenCardinal(1, kN), "et");
  EXPECT_EQ(SpokenCardinal(72), "72");
  EXPECT_EQ(SpokenCardinal(1250), "1.250");
  EXPECT_EQ(SpokenCardinal(3500000), "3.500.000");
  EXPECT_EQ(SpokenHundreds(1998), "1998");
  EXPECT_EQ(SpokenHundreds(2024), "2024");
  EXPECT_EQ(SpokenHundreds(1565), "15 hundrede og 65");
  EXPECT_EQ(SpokenHundreds(1100), "11 hundrede");
  EXPECT_EQ(SpokenHundreds(1066), "1.066");
  EXPECT_EQ(SpokenOrdinal(28), "28.");
  EXPECT_EQ(SpokenOrdinal(2, kN), "andet");
  EXPECT_EQ(SpokenDigits("045"), "0 4 5");
  EXPECT_EQ(SpokenDigits("13"), "et 3");
  EXPECT_EQ(SpokenDigitPair("00"), "0 0");
  EXPECT_EQ(SpokenDigitPair("05"), "0 5");
  EXPECT_EQ(SpokenDigitPair("43"), "43");
  EXPECT_EQ(SpokenFraction("5"), "5");
  EXPECT_EQ(SpokenFraction("1"), "en");
  EXPECT_EQ(SpokenFraction("25"), "25");
  EXPECT_EQ(SpokenFraction("05"), "0 5");
  EXPECT_EQ(SpokenFraction("125"), "et 2 5");
  EXPECT_EQ(MonthName(12), "december");
  EXPECT_EQ(MonthName(13), "");
}

}  // namespace
}  // namespace policyreader::text
