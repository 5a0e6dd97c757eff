// Table-driven segmentation cases: input -> sentences (text and kind), with
// the byte offsets checked exactly for every case.
#include "service/text/segment/segmenter.h"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/rules.h"

namespace policyreader::text {
namespace {

constexpr SentenceKind P = SentenceKind::kParagraph;
constexpr SentenceKind H = SentenceKind::kHeading;
constexpr SentenceKind L = SentenceKind::kListItem;

struct Expected {
  std::string text;
  SentenceKind kind;
};

struct Case {
  std::string name;
  std::string input;
  std::vector<Expected> expected;
  size_t max_sentence_chars = 300;
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.name;
}

const char* KindName(SentenceKind kind) {
  switch (kind) {
    case SentenceKind::kParagraph:
      return "P";
    case SentenceKind::kHeading:
      return "H";
    case SentenceKind::kListItem:
      return "L";
  }
  return "?";
}

const std::vector<Case>& Cases() {
  static const auto* cases = new std::vector<Case>{
      // --- Sentence ends.
      {"TwoSentences",
       "Vi har en plan. Den virker.",
       {{"Vi har en plan.", P}, {"Den virker.", P}}},
      {"QuestionAndExclamation",
       "Hvad gør vi nu? Vi handler! Det er godt.",
       {{"Hvad gør vi nu?", P}, {"Vi handler!", P}, {"Det er godt.", P}}},
      {"MixedTerminals",
       "Hvad?! Nej. Jo.",
       {{"Hvad?!", P}, {"Nej.", P}, {"Jo.", P}}},
      {"LowerCaseAfterQuestionMark",
       "Hvad så? spurgte hun.",
       {{"Hvad så? spurgte hun.", P}}},
      {"DanishLetters",
       "Æbler og øl på Ærø. Åen løber stille.",
       {{"Æbler og øl på Ærø.", P}, {"Åen løber stille.", P}}},
      {"SpaceBeforeFullStop",
       "Vi arbejder tværgående . Som ledere lytter vi.",
       {{"Vi arbejder tværgående .", P}, {"Som ledere lytter vi.", P}}},
      {"ColonIsNotAnEnd",
       "Tillid går hele vejen rundt: Mellem kolleger.",
       {{"Tillid går hele vejen rundt: Mellem kolleger.", P}}},
      // --- Abbreviations.
      {"TimeAndRoomNumber",
       "Mødet er kl. 9.00 i lokale 2. Alle er velkomne.",
       {{"Mødet er kl. 9.00 i lokale 2.", P}, {"Alle er velkomne.", P}}},
      {"ParagraphAndSubsection",
       "Jf. § 17, stk. 2 skal kommunen føre tilsyn. Det sker årligt.",
       {{"Jf. § 17, stk. 2 skal kommunen føre tilsyn.", P},
        {"Det sker årligt.", P}}},
      {"SubsectionNumberEndsSentence",
       "Det følger af § 17, stk. 2. Kommunen skal handle.",
       {{"Det følger af § 17, stk. 2.", P}, {"Kommunen skal handle.", P}}},
      {"NeverEndingAbbreviationBeforeCapital",
       "Vi bruger f.eks. Excel og bl.a. Word. Det virker.",
       {{"Vi bruger f.eks. Excel og bl.a. Word.", P}, {"Det virker.", P}}},
      {"CapitalisedAbbreviationAtStart",
       "F.eks. kan du ringe. Vi svarer.",
       {{"F.eks. kan du ringe.", P}, {"Vi svarer.", P}}},
      {"MaybeAbbreviationEndsBeforeCapital",
       "Vi deler roller, viden, erfaringer mv. Samtidig lærer vi.",
       {{"Vi deler roller, viden, erfaringer mv.", P},
        {"Samtidig lærer vi.", P}}},
      {"MaybeAbbreviationContinuesBeforeLowerCase",
       "Det gælder DS 471 m.fl. ud fra en vurdering. Det er aftalt.",
       {{"Det gælder DS 471 m.fl. ud fra en vurdering.", P},
        {"Det er aftalt.", P}}},
      {"Osv",
       "Vi køber papir, blyanter osv. Alt bliver brugt.",
       {{"Vi køber papir, blyanter osv.", P}, {"Alt bliver brugt.", P}}},
      {"AmountsInMillions",
       "Budgettet er 2,5 mio. kr. i år. Det er 12,5 pct. mere end sidst.",
       {{"Budgettet er 2,5 mio. kr. i år.", P},
        {"Det er 12,5 pct. mere end sidst.", P}}},
      {"KronerEndsSentence",
       "Billetten koster 50 kr. Børn går gratis.",
       {{"Billetten koster 50 kr.", P}, {"Børn går gratis.", P}}},
      {"LawNumber",
       "Se lov nr. 123 om tilsyn. Pkt. 3 gælder også.",
       {{"Se lov nr. 123 om tilsyn.", P}, {"Pkt. 3 gælder også.", P}}},
      {"AbbreviationInParentheses",
       "Reglen gælder (jf. bilag 2) for alle. Det er nyt.",
       {{"Reglen gælder (jf. bilag 2) for alle.", P}, {"Det er nyt.", P}}},
      {"TimeRange",
       "Åbent kl. 9.00 - 15.00. Lukket i weekenden.",
       {{"Åbent kl. 9.00 - 15.00.", P}, {"Lukket i weekenden.", P}}},
      {"Initials",
       "Digteren H.C. Andersen boede i Odense. Han skrev eventyr.",
       {{"Digteren H.C. Andersen boede i Odense.", P},
        {"Han skrev eventyr.", P}}},
      // --- Ordinals, dates and numbers.
      {"OrdinalDate",
       "Den 28. juni 2022 vedtog byrådet planen.",
       {{"Den 28. juni 2022 vedtog byrådet planen.", P}}},
      {"OrdinalDateFollowedBySentence",
       "Visionen er godkendt den 28. juni 2022. Den gælder nu.",
       {{"Visionen er godkendt den 28. juni 2022.", P}, {"Den gælder nu.", P}}},
      {"OrdinalBeforeCapitalisedMonth",
       "Planen gælder fra 1. Januar i år.",
       {{"Planen gælder fra 1. Januar i år.", P}}},
      {"OrdinalBeforeLowerCaseWord",
       "Kommuneplanen revideres hver 4. år. Den omfatter hele kommunen.",
       {{"Kommuneplanen revideres hver 4. år.", P},
        {"Den omfatter hele kommunen.", P}}},
      {"OrdinalClass",
       "Eleverne i 1.-3. klasse får frugt. Det er gratis.",
       {{"Eleverne i 1.-3. klasse får frugt.", P}, {"Det er gratis.", P}}},
      {"NumericDateInside",
       "Mødet blev holdt 19.12.2023 på rådhuset. Referatet følger.",
       {{"Mødet blev holdt 19.12.2023 på rådhuset.", P},
        {"Referatet følger.", P}}},
      {"NumericDateAtEnd",
       "Planen blev vedtaget 19.12.2023. Den gælder nu.",
       {{"Planen blev vedtaget 19.12.2023.", P}, {"Den gælder nu.", P}}},
      {"DecimalsAndTimes",
       "Vi åbner 9.00 og lukker 15.30. Prisen er 2,5 kr.",
       {{"Vi åbner 9.00 og lukker 15.30.", P}, {"Prisen er 2,5 kr.", P}}},
      {"AbbreviatedMonth",
       "Opdateret 17. mar. 2020 af redaktionen.",
       {{"Opdateret 17. mar. 2020 af redaktionen.", P}}},
      // --- URLs and e-mail addresses.
      {"Url",
       "Læs mere på www.naestved.dk/politik. Her finder du alt.",
       {{"Læs mere på www.naestved.dk/politik.", P},
        {"Her finder du alt.", P}}},
      {"UrlWithQuery",
       "Se https://x.dk/a?id=3&b=4.5 for detaljer. Tak.",
       {{"Se https://x.dk/a?id=3&b=4.5 for detaljer.", P}, {"Tak.", P}}},
      {"Email",
       "Skriv til post@naestved.dk. Vi svarer hurtigt.",
       {{"Skriv til post@naestved.dk.", P}, {"Vi svarer hurtigt.", P}}},
      // --- Ellipses, quotes and brackets.
      {"EllipsisBeforeCapital",
       "Vi venter... Så sker det.",
       {{"Vi venter...", P}, {"Så sker det.", P}}},
      {"EllipsisBeforeLowerCase",
       "Vi venter... og venter. Så sker det.",
       {{"Vi venter... og venter.", P}, {"Så sker det.", P}}},
      {"UnicodeEllipsis",
       "Og så… Det var det.",
       {{"Og så…", P}, {"Det var det.", P}}},
      {"ClosingQuoteBelongsToSentence",
       "Han sagde: \"Vi gør det.\" Derefter gik han.",
       {{"Han sagde: \"Vi gør det.\"", P}, {"Derefter gik han.", P}}},
      {"ClosingParenthesisBelongsToSentence",
       "Planen er vedtaget (se bilag 3.) Den gælder fra i dag.",
       {{"Planen er vedtaget (se bilag 3.)", P}, {"Den gælder fra i dag.", P}}},
      {"DanishQuotes",
       "Visionen hedder ”Mærk Næstved”. Den er fra 2022.",
       {{"Visionen hedder ”Mærk Næstved”.", P}, {"Den er fra 2022.", P}}},
      {"Guillemets",
       "Planen hedder »DK2020 – Klimaplan.« Den er ambitiøs.",
       {{"Planen hedder »DK2020 – Klimaplan.«", P}, {"Den er ambitiøs.", P}}},
      // --- Line structure: paragraphs and wrapped lines.
      {"BlankLineEndsParagraph",
       "Dette er et langt afsnit som slutter uden punktum fordi det er "
       "kopieret fra en hjemmeside\n\nAndet afsnit.",
       {{"Dette er et langt afsnit som slutter uden punktum fordi det er "
         "kopieret fra en hjemmeside",
         P},
        {"Andet afsnit.", P}}},
      {"HardWrappedLinesJoined",
       "Vi skaber rammerne om \nborgernes liv fra vugge til grav.\nDet gør vi "
       "sammen.",
       {{"Vi skaber rammerne om \nborgernes liv fra vugge til grav.", P},
        {"Det gør vi sammen.", P}}},
      {"HyphenatedLineBreak",
       "Der er nye forvent-\nninger fra borgerne.",
       {{"Der er nye forvent-\nninger fra borgerne.", P}}},
      {"WrappedLineStartingWithProperNoun",
       "Samtidigt er ledelsesgrundlaget et billede af de forventninger, der er "
       "til os som ledere i\nNæstved Kommune.",
       {{"Samtidigt er ledelsesgrundlaget et billede af de forventninger, der "
         "er til os som ledere i\nNæstved Kommune.",
         P}}},
      {"EnDashContinuesLine",
       "Visionen ”Mærk Næstved\n– sammen om fremtiden” er vedtaget.",
       {{"Visionen ”Mærk Næstved\n– sammen om fremtiden” er vedtaget.", P}}},
      {"CrLfLineEnds",
       "Første linje.\r\n\r\nAnden linje.\r\n",
       {{"Første linje.", P}, {"Anden linje.", P}}},
      {"SurroundingWhitespaceTrimmed",
       "  \t Hej med dig.   \n\n",
       {{"Hej med dig.", P}}},
      {"NoBreakSpaces",
       "Vi\u00a0er klar.\u00a0Kom så.\u00a0",
       {{"Vi\u00a0er klar.", P}, {"Kom så.", P}}},
      {"LineOfOnlySymbolsDropped", "***\n\nTekst.", {{"Tekst.", P}}},
      // --- Headings.
      {"CapitalsHeading",
       "EN FÆLLES RAMME\n\nFor Næstved Kommune er god ledelse afgørende.",
       {{"EN FÆLLES RAMME", H},
        {"For Næstved Kommune er god ledelse afgørende.", P}}},
      {"CapitalsHeadingOverLines",
       "SAMARBEJDE \nOG\nRELATIONER\n\nVi arbejder sammen.",
       {{"SAMARBEJDE \nOG\nRELATIONER", H}, {"Vi arbejder sammen.", P}}},
      {"HyphenatedCapitalsHeading",
       "LEDELSES-\nGRUNDLAG\n\nTekst her.",
       {{"LEDELSES-\nGRUNDLAG", H}, {"Tekst her.", P}}},
      {"CapitalsHeadingWithoutBlankLine",
       "HVORFOR?\nNæstved Kommune skal levere velfærd.",
       {{"HVORFOR?", H}, {"Næstved Kommune skal levere velfærd.", P}}},
      {"CapitalsHeadingAfterParagraphLine",
       "Med venlig hilsen Direktionen.\n BORGERE OG SAMFUND\n\nVi skaber "
       "værdi.",
       {{"Med venlig hilsen Direktionen.", P},
        {"BORGERE OG SAMFUND", H},
        {"Vi skaber værdi.", P}}},
      {"TitleHeading",
       "Vores opgave\n\nVi løser opgaven sammen.",
       {{"Vores opgave", H}, {"Vi løser opgaven sammen.", P}}},
      {"TitleHeadingBeforeParagraphLine",
       "Mod\nVi er modige.",
       {{"Mod", H}, {"Vi er modige.", P}}},
      {"LeadInIsNotHeading",
       "Målene i planen er\n\n• 100 % grøn varme i 2030",
       {{"Målene i planen er", P}, {"100 % grøn varme i 2030", L}}},
      {"LineWithCommaIsNotHeading",
       "Af dig, som er leder, forventer vi, at du\n\n • møder borgerne",
       {{"Af dig, som er leder, forventer vi, at du", P},
        {"møder borgerne", L}}},
      {"UnbulletedShortLines",
       "Styrke Næstved som kulturhovedstad\nStyrke kultur i lokalområder\nDe "
       "øvrige fokusområder retter sig mod flere borgere.",
       {{"Styrke Næstved som kulturhovedstad", H},
        {"Styrke kultur i lokalområder", H},
        {"De øvrige fokusområder retter sig mod flere borgere.", P}}},
      {"NavigationCrumbs",
       "Gå til hovedindhold\nPolitik\nAdministration",
       {{"Gå til hovedindhold", H}, {"Politik", H}, {"Administration", H}}},
      {"DateLineIsNotHeadingOrItem",
       "17. mar. 2020\n\nTekst.",
       {{"17. mar. 2020", P}, {"Tekst.", P}}},
      // --- Lists.
      {"Bullets",
       "Vi vil:\n• sikre natur\n• passe på arter\n• skabe liv",
       {{"Vi vil:", P},
        {"sikre natur", L},
        {"passe på arter", L},
        {"skabe liv", L}}},
      {"BulletsWithTabs",
       "•\t Når lederes opgaver skal afstemmes\n\n•\t Som ramme for dialog",
       {{"Når lederes opgaver skal afstemmes", L},
        {"Som ramme for dialog", L}}},
      {"BulletWrappedOntoIndentedLine",
       "•\t Som ramme for evaluering af ledere,\t\n\t f.eks. 3-i-1 "
       "måling\n•\t Som grundlag",
       {{"Som ramme for evaluering af ledere,\t\n\t f.eks. 3-i-1 måling", L},
        {"Som grundlag", L}}},
      {"BulletWithTwoSentences",
       " • udøver selvkontrol. Du lærer af fejl",
       {{"udøver selvkontrol.", L}, {"Du lærer af fejl", L}}},
      {"BulletFollowedByParagraph",
       "  • Kronisk Sygdom\n  Se hele sundhedspolitikken her.",
       {{"Kronisk Sygdom", L}, {"Se hele sundhedspolitikken her.", P}}},
      {"DashBullets",
       "Vi tilbyder:\n- rådgivning\n- vejledning",
       {{"Vi tilbyder:", P}, {"rådgivning", L}, {"vejledning", L}}},
      {"AsteriskBullets",
       "* første punkt\n* andet punkt",
       {{"første punkt", L}, {"andet punkt", L}}},
      {"PdfSymbolBullet",
       "\uF0B7 første punkt\n\uF0B7 andet punkt",
       {{"første punkt", L}, {"andet punkt", L}}},
      {"NegativeNumberIsNotBullet",
       "-5 grader i nat.",
       {{"-5 grader i nat.", P}}},
      {"NumberedList",
       "Tre mål:\n1. Byerne forbindes med landet\n2. Øget information\n3. "
       "Flere stier",
       {{"Tre mål:", P},
        {"Byerne forbindes med landet", L},
        {"Øget information", L},
        {"Flere stier", L}}},
      {"NumberedWithParenthesis",
       "1) Første punkt\n2) Andet punkt",
       {{"Første punkt", L}, {"Andet punkt", L}}},
      {"NumberedItemWrapped",
       "  1. Byerne forbindes, og adgangen bliver\n   sammenhængende\n  2. "
       "Øget information",
       {{"Byerne forbindes, og adgangen bliver\n   sammenhængende", L},
        {"Øget information", L}}},
      {"DateAtLineStartIsNotItem",
       "Loven gælder fra\n1. januar 2016 for alle.",
       {{"Loven gælder fra\n1. januar 2016 for alle.", P}}},
      // --- Markup and control characters.
      {"TagInsideSentence",
       "Hej <break time='3.5s'/> verden. Farvel.",
       {{"Hej <break time='3.5s'/> verden.", P}, {"Farvel.", P}}},
      {"TagOnlyLineDropped", "<speak></speak>\n\nHej.", {{"Hej.", P}}},
      {"ControlCharacterInside",
       "Hej\x01 verden. Farvel.",
       {{"Hej\x01 verden.", P}, {"Farvel.", P}}},
      // --- Over-long sentences (small limits keep the cases readable).
      {"LongSplitAtSemicolon",
       "Vi vil skabe rum for læring; vi vil også skabe plads til leg og "
       "bevægelse.",
       {{"Vi vil skabe rum for læring;", P},
        {"vi vil også skabe plads til leg", P},
        {"og bevægelse.", P}},
       40},
      {"LongSplitAtComma",
       "Vi skaber rammer for borgerne, og vi gør det sammen med dem hver dag.",
       {{"Vi skaber rammer for borgerne,", P},
        {"og vi gør det sammen med dem hver dag.", P}},
       40},
      {"LongSplitBeforeConjunction",
       "Kommunen bygger nye skoler og renoverer gamle haller i hele byen.",
       {{"Kommunen bygger nye skoler", P},
        {"og renoverer gamle haller i hele byen.", P}},
       40},
      {"LongSplitNeverInsideWord",
       "Informationssikkerhedspolitikken gælder alle ansatte.",
       {{"Informationssikkerhedspolitikken", P}, {"gælder alle ansatte.", P}},
       20},
      {"LongSplitNotAtDecimalComma",
       "Prisen var 2,5 mio. kr. for hele projektet i år.",
       {{"Prisen var 2,5 mio. kr. for hele", P}, {"projektet i år.", P}},
       35},
      {"LongListItemKeepsKind",
       "• Kommunen bygger nye skoler og renoverer gamle haller i hele byen.",
       {{"Kommunen bygger nye skoler", L},
        {"og renoverer gamle haller i hele byen.", L}},
       40},
  };
  return *cases;
}

class SegmenterTest : public testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<LanguageRules> rules =
        LoadLanguageRules(POLICY_READER_VOICES_DA_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = new LanguageRules(*std::move(rules));
  }
  static void TearDownTestSuite() {
    delete rules_;
    rules_ = nullptr;
  }
  static const LanguageRules* rules_;
};

const LanguageRules* SegmenterTest::rules_ = nullptr;

TEST_P(SegmenterTest, SplitsAsExpectedWithExactOffsets) {
  const Case& c = GetParam();
  ASSERT_NE(rules_, nullptr);
  const Segmenter segmenter(
      rules_, SegmenterOptions{.max_sentence_chars = c.max_sentence_chars});
  const std::vector<Sentence> sentences = segmenter.Segment(c.input);

  std::string got;
  for (const Sentence& s : sentences) {
    got += std::string(KindName(s.kind)) + " [" + s.text + "]\n";
  }
  std::string want;
  for (const Expected& e : c.expected) {
    want += std::string(KindName(e.kind)) + " [" + e.text + "]\n";
  }
  EXPECT_EQ(got, want);

  size_t previous_end = 0;
  for (const Sentence& s : sentences) {
    ASSERT_LE(s.begin, s.end);
    ASSERT_LE(s.end, c.input.size());
    EXPECT_EQ(c.input.substr(s.begin, s.end - s.begin), s.text);
    EXPECT_FALSE(s.text.empty());
    EXPECT_GE(s.begin, previous_end) << "sentences overlap or go backwards";
    EXPECT_TRUE(s.spoken_text.empty()) << "the normalizer fills spoken_text";
    previous_end = s.end;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, SegmenterTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

// Offsets fall on UTF-8 character boundaries even when every character in
// a long run is multi-byte and the sentence has to be split.
TEST(SegmenterStandaloneTest, SplitsLongMultiByteTextOnCharacterBoundaries) {
  const LanguageRules rules;
  std::string input;
  for (int i = 0; i < 200; ++i) input += "æøå ÆØÅ ";
  const Segmenter segmenter(&rules, SegmenterOptions{.max_sentence_chars = 50});
  const std::vector<Sentence> sentences = segmenter.Segment(input);
  ASSERT_GT(sentences.size(), 20u);
  for (const Sentence& s : sentences) {
    EXPECT_EQ(input.substr(s.begin, s.end - s.begin), s.text);
    EXPECT_NE(static_cast<unsigned char>(input[s.begin]) & 0xC0, 0x80);
    EXPECT_TRUE(s.end == input.size() ||
                (static_cast<unsigned char>(input[s.end]) & 0xC0) != 0x80);
  }
}

// Without tables nothing is an abbreviation, but the structure still holds.
TEST(SegmenterStandaloneTest, WorksWithEmptyRules) {
  const LanguageRules rules;
  const Segmenter segmenter(&rules);
  const std::vector<Sentence> sentences =
      segmenter.Segment("OVERSKRIFT\n\nFørste. Anden.\n• punkt");
  ASSERT_EQ(sentences.size(), 4u);
  EXPECT_EQ(sentences[0].kind, SentenceKind::kHeading);
  EXPECT_EQ(sentences[3].kind, SentenceKind::kListItem);
}

TEST(SegmenterStandaloneTest, EmptyAndBlankInputGiveNoSentences) {
  const LanguageRules rules;
  const Segmenter segmenter(&rules);
  EXPECT_TRUE(segmenter.Segment("").empty());
  EXPECT_TRUE(segmenter.Segment(" \n\t\r\n ").empty());
  EXPECT_TRUE(segmenter.Segment("• \n- \n").empty());
}

TEST(SegmenterStandaloneTest, ToleratesInvalidUtf8WithoutSplittingIt) {
  const LanguageRules rules;
  const Segmenter segmenter(&rules);
  const std::string input = "Hej \xC3. Farvel \xFF\xFE.";
  for (const Sentence& s : segmenter.Segment(input)) {
    EXPECT_EQ(input.substr(s.begin, s.end - s.begin), s.text);
  }
}

}  // namespace
}  // namespace policyreader::text
