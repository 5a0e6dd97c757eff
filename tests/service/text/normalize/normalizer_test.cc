// Table-driven normalization cases: sentence as written -> spoken text.
#include "service/text/normalize/normalizer.h"

#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/rules.h"
#include "tests/service/text/danish_rules.h"

namespace policyreader::text {
namespace {

struct Case {
  std::string name;
  std::string input;
  std::string spoken;
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.name;
}

const std::vector<Case>& Cases() {
  static const auto* cases = new std::vector<Case>{
      // --- Abbreviations.
      {"ForEksempel", "Brug f.eks. cykel.", "Brug for eksempel cykel."},
      {"ForEksempelAtStart", "F.eks. kan du ringe.",
       "For eksempel kan du ringe."},
      {"Fx", "Fx kan du ringe.", "For eksempel kan du ringe."},
      {"BlandtAndet", "Vi bruger bl.a. mails.",
       "Vi bruger blandt andet mails."},
      {"BlandtAndetBeforeComma", "Formålet er bl.a., at vi lærer.",
       "Formålet er blandt andet, at vi lærer."},
      {"ParagraphAndSubsection", "Jf. § 17, stk. 2 skal kommunen handle.",
       "Jævnfør paragraf 17, stykke 2 skal kommunen handle."},
      {"Time", "Mødet er kl. 9.00 i dag.", "Mødet er klokken 9 i dag."},
      {"TimeWithoutSpace", "Mødet er kl.9 i dag.", "Mødet er klokken 9 i dag."},
      {"CapitalisedMidSentence", "Mandag Kl. 9.00 - 15.00",
       "Mandag klokken 9 til 15"},
      {"MedVidereAtEndKeepsFullStop", "Roller, viden, erfaringer mv.",
       "Roller, viden, erfaringer med videre."},
      {"MedVidereDotted", "Løn- og ansættelsesvilkår m.v. uanset køn.",
       "Løn- og ansættelsesvilkår med videre uanset køn."},
      {"MedFlere", "Skoler, haller m.fl. ud fra behov.",
       "Skoler, haller med flere ud fra behov."},
      {"CirkaAndProcent", "Det udgør ca. 70 pct. af budgettet.",
       "Det udgør cirka 70 procent af budgettet."},
      {"MillionsOfKroner", "Budgettet er 2,5 mio. kr.",
       "Budgettet er 2 komma 5 millioner kroner."},
      {"Telephone", "Ring på tlf. 55 88 55 88.",
       "Ring på telefon 55 88 55 88."},
      {"InParentheses", "Reglen (jf. bilag 2) gælder.",
       "Reglen (jævnfør bilag 2) gælder."},
      {"Vedroerende", "Vedr. sagen om tilsyn.", "Vedrørende sagen om tilsyn."},
      {"IForholdTil", "Det er vigtigt i.f.t. økonomien.",
       "Det er vigtigt i forhold til økonomien."},
      {"AbbreviatedMonth", "Opdateret 17. mar. 2020.",
       "Opdateret 17. marts 2020."},
      {"OrdinaryWordNotExpanded", "Bogen er min.", "Bogen er min."},
      {"UrlReadAloud", "Se www.naestved.dk/nr.html nu.",
       "Se V V V punktum næstved punktum dk skråstreg N R punktum H T M L "
       "nu."},
      {"EmailReadAloud", "Skriv til kl@naestved.dk.",
       "Skriv til K L snabel-a næstved punktum dk."},
      {"AcronymSpelled", "Regeringen og KL har aftalt det.",
       "Regeringen og K L har aftalt det."},
      // --- Hyphenation at PDF line breaks.
      {"JoinsHyphenatedLineBreak", "Der er nye forvent-\nninger fra borgerne.",
       "Der er nye forventninger fra borgerne."},
      {"JoinsCapitalisedFirstPart", "Sam-\ntidigt er det godt.",
       "Samtidigt er det godt."},
      {"JoinsWithSpacesAndCrLf", "nye forvent- \r\n   ninger",
       "nye forventninger"},
      {"KeepsHyphenAfterDigit", "reduktion af CO2-\nudledningen",
       "reduktion af C O 2-udledningen"},
      {"KeepsHyphenAfterAcronym", "det enkelte MED-\nudvalg drøfter",
       "det enkelte med-udvalg drøfter"},
      {"KeepsSuspendedCompound", "forskellige arbejds-\nog ansvarsområder",
       "forskellige arbejds- og ansvarsområder"},
      {"KeepsRealHyphen", "Løn- og personalepolitik for CO2-udledningen.",
       "Løn- og personalepolitik for C O 2-udledningen."},
      {"DashWithSpacesIsNotHyphenation", "vision - Mærk Næstved –\nsammen",
       "vision - Mærk Næstved – sammen"},
      {"JoinsCapitalsHeading", "LEDELSES-\nGRUNDLAG", "Ledelsesgrundlag"},
      {"SoftHyphensRemoved", "ledel\u00adses\u00adgrund\u00adlag",
       "ledelsesgrundlag"},
      {"SoftHyphenAtLineBreakJoins", "forvent\u00ad\nninger", "forventninger"},
      // --- Markup.
      {"SpeakTagsRemoved", "<speak>Hej</speak> verden.", "Hej verden."},
      {"BreakTagRemoved", "Vent <break time='3s'/> lidt.", "Vent lidt."},
      {"CommentRemoved", "Før <!-- skjult --> efter.", "Før efter."},
      {"StrayAngleBracketsRemoved", "3 < 5 og 7 > 2", "3 5 og 7 2"},
      {"UnclosedTagNotPassedThrough", "Hej <speak", "Hej speak"},
      {"OnlyMarkupIsEmpty", "<speak><break time='1s'/></speak>", ""},
      // --- Characters and white space.
      {"ControlCharactersRemoved", "Hej\x01\x02 med\x7f dig.", "Hej med dig."},
      {"WhitespaceCollapsed", "Hej\tmed \n  dig\r\nog  dig.",
       "Hej med dig og dig."},
      {"NoBreakSpacesBecomeSpaces", "Vi\u00a0er\u202fklar.", "Vi er klar."},
      {"ZeroWidthRemoved", "Næst\u200bved\ufeff Kommune", "Næstved Kommune"},
      {"SpaceBeforePunctuationRemoved", "Vi arbejder tværgående .",
       "Vi arbejder tværgående."},
      {"SpaceBeforeCommaRemoved", "ledere ,\t\n og medarbejdere",
       "ledere, og medarbejdere"},
      {"LeadingDecimalPoint", "Tilsæt .5 liter", "Tilsæt nul komma 5 liter"},
      // --- Bullets.
      {"LeadingBulletDropped", "• sikre natur", "sikre natur"},
      {"PdfBulletDropped", "\uF0B7 punkt", "punkt"},
      {"InnerBulletDropped", "Forside • Politik", "Forside Politik"},
      {"NumbersRead", "Vi er i 3. klasse i 2024.", "Vi er i 3. klasse i 2024."},
      // --- Capitals.
      {"CapitalsHeadingSentenceCased", "EN FÆLLES RAMME", "En fælles ramme"},
      {"CapitalsQuestion", "HVORFOR?", "Hvorfor?"},
      {"ShortAcronymSentenceSpelled", "KL", "K L"},
      {"MixedCaseKept", "Næstved Kommune og SKAT", "Næstved Kommune og Skat"},
      {"CapitalsWithAbbreviation", "ÅBENT KL. 9", "Åbent klokken 9"},
      // --- Nothing to read.
      {"OnlySymbolsIsEmpty", "• – ...", ""},
  };
  return *cases;
}

class NormalizerTest : public testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() { rules_ = DanishRules(); }
  static const LanguageRules* rules_;
};

const LanguageRules* NormalizerTest::rules_ = nullptr;

TEST_P(NormalizerTest, Normalizes) {
  const Case& c = GetParam();
  ASSERT_NE(rules_, nullptr);
  const Normalizer normalizer(rules_);
  const std::string spoken = normalizer.Normalize(c.input);
  EXPECT_EQ(spoken, c.spoken) << "input: " << c.input;
  EXPECT_EQ(spoken.find('<'), std::string::npos);
  EXPECT_EQ(spoken.find('>'), std::string::npos);
  for (const char ch : spoken) {
    EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
        << "control character in: " << spoken;
  }
  // Idempotent: the engine text is already clean.
  EXPECT_EQ(normalizer.Normalize(spoken), spoken);
}

INSTANTIATE_TEST_SUITE_P(Cases, NormalizerTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(NormalizerStandaloneTest, EmptyRulesStillCleans) {
  const LanguageRules rules;
  const Normalizer normalizer(&rules);
  EXPECT_EQ(normalizer.Normalize("<b>f.eks.</b>\tforvent-\nninger"),
            "f.eks. forventninger");
}

}  // namespace
}  // namespace policyreader::text
