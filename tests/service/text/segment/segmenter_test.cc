// Table-driven segmentation cases: input -> sentences (text and kind), with
// the byte offsets checked exactly for every case.
#include "service/text/segment/segmenter.h"

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/document.h"
#include "service/text/rules.h"
#include "tests/service/text/danish_rules.h"

namespace policyreader::text {
namespace {

constexpr SentenceKind P = SentenceKind::kParagraph;
constexpr SentenceKind H = SentenceKind::kHeading;
constexpr SentenceKind L = SentenceKind::kListItem;

constexpr int kAny = -2;  // structure field not checked in this case

struct Expected {
  std::string text;
  SentenceKind kind;
  // Checked only when set: the paragraph index, the section (heading index,
  // -1 before the first heading), and whether the sentence was cut for
  // breath and goes on in the next one.
  int paragraph = kAny;
  int section = kAny;
  bool continues = false;
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
      // --- Real public pages (tests/service/text/corpus).
      {"NumberCueBeforeDateIsNoEnd",
       "Byrådet vedtog på sit møde d. 25. juni 2018 fristerne. De gælder.",
       {{"Byrådet vedtog på sit møde d. 25. juni 2018 fristerne.", P},
        {"De gælder.", P}}},
      {"ProvisionLabelOpensItsSentence",
       "§ 3. Kommunen skal behandle sagen hurtigt.\nStk. 2. Fristen "
       "offentliggøres.",
       {{"§ 3. Kommunen skal behandle sagen hurtigt.", P},
        {"Stk. 2. Fristen offentliggøres.", P}}},
      {"SectionNumberOpensItsLine",
       "1.1. Lovgrundlaget er loven.\nDen gælder.",
       {{"1.1. Lovgrundlaget er loven.", P}, {"Den gælder.", P}}},
      {"OrdinalAdjectiveIsNoListNumber",
       "1. suppleant er indkaldt til mødet.",
       {{"1. suppleant er indkaldt til mødet.", P}}},
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
      // Short unpunctuated lines in a row, no blank line between: a list
      // without bullets, not a string of headings.
      {"UnbulletedShortLines",
       "Styrke Næstved som kulturhovedstad\nStyrke kultur i lokalområder\nDe "
       "øvrige fokusområder retter sig mod flere borgere.",
       {{"Styrke Næstved som kulturhovedstad", L},
        {"Styrke kultur i lokalområder", L},
        {"De øvrige fokusområder retter sig mod flere borgere.", P}}},
      {"NavigationCrumbs",
       "Gå til hovedindhold\nPolitik\nAdministration",
       // The skip link is web chrome (voices/da/web_chrome.txt): not read.
       {{"Politik", L}, {"Administration", L}}},
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
        {"1. Byerne forbindes med landet", L},
        {"2. Øget information", L},
        {"3. Flere stier", L}}},
      {"NumberedWithParenthesis",
       "1) Første punkt\n2) Andet punkt",
       {{"1) Første punkt", L}, {"2) Andet punkt", L}}},
      {"NumberedItemWrapped",
       "  1. Byerne forbindes, og adgangen bliver\n   sammenhængende\n  2. "
       "Øget information",
       {{"1. Byerne forbindes, og adgangen bliver\n   sammenhængende", L},
        {"2. Øget information", L}}},
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
       {{"Vi vil skabe rum for læring;", P, 0, -1, true},
        {"vi vil også skabe plads til leg", P, 0, -1, true},
        {"og bevægelse.", P, 0, -1, false}},
       40},
      {"LongSplitAtComma",
       "Vi skaber rammer for borgerne, og vi gør det sammen med dem hver dag.",
       {{"Vi skaber rammer for borgerne,", P, 0, -1, true},
        {"og vi gør det sammen med dem hver dag.", P}},
       40},
      {"LongSplitBeforeConjunction",
       "Kommunen bygger nye skoler og renoverer gamle haller i hele byen.",
       {{"Kommunen bygger nye skoler", P, 0, -1, true},
        {"og renoverer gamle haller i hele byen.", P}},
       40},
      {"LongSplitNeverInsideWord",
       "Informationssikkerhedspolitikken gælder alle ansatte.",
       {{"Informationssikkerhedspolitikken", P, 0, -1, true},
        {"gælder alle ansatte.", P}},
       20},
      {"LongSplitNotAtDecimalComma",
       "Prisen var 2,5 mio. kr. for hele projektet i år.",
       {{"Prisen var 2,5 mio. kr. for hele", P, 0, -1, true},
        {"projektet i år.", P}},
       35},
      {"LongListItemKeepsKind",
       "• Kommunen bygger nye skoler og renoverer gamle haller i hele byen.",
       {{"Kommunen bygger nye skoler", L, 0, -1, true},
        {"og renoverer gamle haller i hele byen.", L}},
       40},
      // --- Document structure: paragraph and section indices.
      {"ParagraphAndSectionIndices",
       "OVERSKRIFT\n\nFørste. Anden.\n\nUnder\n\nTredje.",
       {{"OVERSKRIFT", H, 0, 0},
        {"Første.", P, 1, 0},
        {"Anden.", P, 1, 0},
        {"Under", H, 2, 3},
        {"Tredje.", P, 3, 3}}},
      {"NoSectionBeforeFirstHeading",
       "Indledning her.\n\nKAPITEL\n\n• punkt",
       {{"Indledning her.", P, 0, -1},
        {"KAPITEL", H, 1, 1},
        {"punkt", L, 2, 1}}},
      {"HeadingOfTwoSentencesIsOneSection",
       "HVAD NU? HVORFOR?\n\nFordi.",
       {{"HVAD NU?", H, 0, 0}, {"HVORFOR?", H, 0, 0}, {"Fordi.", P, 1, 0}}},
      {"ListItemsAreParagraphsOfTheirOwn",
       "Vi vil:\n• sikre natur\n• skabe liv",
       {{"Vi vil:", P, 0}, {"sikre natur", L, 1}, {"skabe liv", L, 2}}},
      // --- Page furniture.
      {"LonePageNumberDropped",
       "Første afsnit slutter her.\n\n12\n\nAndet afsnit.",
       {{"Første afsnit slutter her.", P}, {"Andet afsnit.", P}}},
      {"SideXAfYDropped",
       "Tekst før.\nSide 3 af 12\nTekst efter.",
       {{"Tekst før.", P}, {"Tekst efter.", P}}},
      {"DashedPageNumberDropped",
       "Tekst før.\n\n- 4 -\n\nTekst efter.",
       {{"Tekst før.", P}, {"Tekst efter.", P}}},
      {"PageOfPagesDropped",
       "Tekst før.\n\n3/12\n\nTekst efter.",
       {{"Tekst før.", P}, {"Tekst efter.", P}}},
      // A page break in mid-sentence: the sentence is cut around the page
      // number (never read) and the first piece continues into the second.
      {"PageBreakInsideSentence",
       "Vi skaber rammerne om borgernes liv fra vugge til grav i en\n\n7\n\n"
       "foranderlig verden.",
       {{"Vi skaber rammerne om borgernes liv fra vugge til grav i en", P, 0,
         -1, true},
        {"foranderlig verden.", P, 0, -1}}},
      {"RunningHeaderWithPageNumbersDropped",
       "Personalepolitik 2019\n\n1\n\nFørste side slutter.\n\n"
       "Personalepolitik 2019\n\n2\n\nAnden side slutter.\n\n"
       "Personalepolitik 2019\n\n3\n\nTredje side slutter.",
       {{"Første side slutter.", P},
        {"Anden side slutter.", P},
        {"Tredje side slutter.", P}}},
      {"RunningFooterInsideSentencesDropped",
       "Vi arbejder med\nKolding Kommune · Personalepolitik\nrespekt for alle. "
       "Vi lytter til\nKolding Kommune · Personalepolitik\nhinanden hver dag. "
       "Vi lærer af\nKolding Kommune · Personalepolitik\nvores fejl.",
       {{"Vi arbejder med", P, 0, -1, true},
        {"respekt for alle.", P, 0, -1},
        {"Vi lytter til", P, 0, -1, true},
        {"hinanden hver dag.", P, 0, -1},
        {"Vi lærer af", P, 0, -1, true},
        {"vores fejl.", P, 0, -1}}},
      // A heading that recurs between paragraphs is content, not a header.
      {"RepeatedHeadingKept",
       "HVORFOR?\n\nEt.\n\nHVORFOR?\n\nTo.\n\nHVORFOR?\n\nTre.",
       {{"HVORFOR?", H},
        {"Et.", P},
        {"HVORFOR?", H},
        {"To.", P},
        {"HVORFOR?", H},
        {"Tre.", P}}},
      // Pasted web pages: one paragraph or address line per line.
      {"AddressBlockLinesStandAlone",
       "Dragør Kommune\nVestgrønningen 18\n2791 Dragør\nwww.dragoer.dk",
       {{"Dragør Kommune", L},
        {"Vestgrønningen 18", L},
        {"2791 Dragør", P},
        {"www.dragoer.dk", P}}},
      {"LabelLineAfterUnfinishedLineStandsAlone",
       "Datatilsynet finder, at brugen ligger inden for rammerne\n"
       "Journalnr: 2019-423-0224",
       {{"Datatilsynet finder, at brugen ligger inden for rammerne", P},
        {"Journalnr: 2019-423-0224", H}}},
      {"ProvisionLabelOnItsOwnLine",
       "Stk. 2.\nFor udstedelse betales 170 kr.",
       {{"Stk. 2.", P}, {"For udstedelse betales 170 kr.", P}}},
      {"ProvisionLabelInLineStaysWithItsSentence",
       "Stk. 2. For udstedelse betales 170 kr.",
       {{"Stk. 2. For udstedelse betales 170 kr.", P}}},
      {"NumberEndingLineBeforeCapital",
       "Det følger af stk. 2, nr. 3.\nBehandling af data sker derfor.",
       {{"Det følger af stk. 2, nr. 3.", P},
        {"Behandling af data sker derfor.", P}}},
      {"YearEndingLineBeforeNumberedLine",
       "1. rate forfalder 3. januar 2017.\n2. rate forfalder 3. juli 2017.",
       {{"1. rate forfalder 3. januar 2017.", P},
        {"2. rate forfalder 3. juli 2017.", P}}},
      {"DashAfterDotJoins",
       "Søskende i 0. - 7. kl. medregnes. Blokeret d. - dato for blokering.",
       {{"Søskende i 0. - 7. kl. medregnes.", P},
        {"Blokeret d. - dato for blokering.", P}}},
      {"LetterOBulletIsAMarker",
       "Budgettet:\no Skatten er uændret.\no Gælden falder.",
       {{"Budgettet:", H}, {"Skatten er uændret.", L}, {"Gælden falder.", L}}},
      {"DateLineAfterColonWithWordsStandsAlone",
       "Tidsplan her:\n23. april – Byrådet\n28. august – Byrådet",
       {{"Tidsplan her:", P},
        {"23. april – Byrådet", P},
        {"28. august – Byrådet", P}}},
      // A bare number that is not set apart by blank lines is content; the
      // rows read as an unbulleted list.
      {"NumberAfterLeadInKept",
       "Antal medarbejdere:\n12\nAntal ledere:\n3",
       {{"Antal medarbejdere:\n12", L}, {"Antal ledere:\n3", L}}},
      {"YearAloneIsNotPageNumber",
       "Vision\n\n2030\n\nTekst.",
       {{"Vision", H}, {"2030", P}, {"Tekst.", P}}},
      // --- Blank lines inside sentences (PDF columns).
      {"LowerCaseAfterBlankLineContinues",
       "Eksisterende organisationskultur,\n\nledelsesgrundlag og "
       "personalepolitik",
       {{"Eksisterende organisationskultur,\n\nledelsesgrundlag og "
         "personalepolitik",
         P}}},
      {"LowerCaseAfterFinishedSentenceStartsNew",
       "Det var det.\n\nog så videre",
       {{"Det var det.", P}, {"og så videre", P}}},
      {"LowerCaseAfterCapitalsHeadingStartsNew",
       "OVERSKRIFT\n\nsmå bogstaver her.",
       {{"OVERSKRIFT", H}, {"små bogstaver her.", P}}},
      // --- Headings, labels and links.
      {"LabelWithColonIsHeading",
       "Hvem:\n\nAlle ansatte er omfattet.",
       {{"Hvem:", H}, {"Alle ansatte er omfattet.", P}}},
      {"LeadInWithColonIsNotHeading",
       "Formålet er at:\n\n• sikre borgerne",
       {{"Formålet er at:", P}, {"sikre borgerne", L}}},
      {"LinkLineIsNotHeading",
       "Læs hele strategien her\n\nStrategien gælder fra i dag.",
       {{"Læs hele strategien her", P}, {"Strategien gælder fra i dag.", P}}},
      {"SingleLinkWordMayBeHeading",
       "Kontakt\n\nRing til os.",
       {{"Kontakt", H}, {"Ring til os.", P}}},
      {"LineAfterColonLineIsContent",
       "Værdierne er:\nTillid – Helhed - Dialog",
       {{"Værdierne er:", P}, {"Tillid – Helhed - Dialog", P}}},
      {"TimetableRowsAreItems",
       "Telefonisk henvendelse:\nMandag Kl. 9.00 - 15.00\nFredag Kl. 9.00 - "
       "13.00",
       {{"Telefonisk henvendelse:", P},
        {"Mandag Kl. 9.00 - 15.00", L},
        {"Fredag Kl. 9.00 - 13.00", L}}},
      {"CapitalsQuestionHeadingOverLines",
       "HVORDAN BRUGES \nLEDELSESGRUNDLAGET?\n\nSådan.",
       {{"HVORDAN BRUGES \nLEDELSESGRUNDLAGET?", H}, {"Sådan.", P}}},
      // --- More lists.
      {"LetterItems",
       "a) første punkt\nb) andet punkt",
       {{"a) første punkt", L}, {"b) andet punkt", L}}},
      {"ParenthesisedNumberItems",
       "(1) Første punkt\n(2) Andet punkt",
       {{"(1) Første punkt", L}, {"(2) Andet punkt", L}}},
      {"EnDashBulletsAfterLeadIn",
       "Vi tilbyder:\n– rådgivning\n– vejledning",
       {{"Vi tilbyder:", P}, {"rådgivning", L}, {"vejledning", L}}},
      {"NumberedItemsWithFullStops",
       "1. Byerne forbindes med landet.\n2. Stierne bliver bedre.",
       {{"1. Byerne forbindes med landet.", L, 0},
        {"2. Stierne bliver bedre.", L, 1}}},
      // --- More boundaries.
      {"OrdinalFirstOfMonth",
       "Loven træder i kraft 1. januar 2024. Den gælder alle.",
       {{"Loven træder i kraft 1. januar 2024.", P}, {"Den gælder alle.", P}}},
      {"OrdinalRangeOfClasses",
       "Det gælder fra 1. til 3. klasse. Ikke længere.",
       {{"Det gælder fra 1. til 3. klasse.", P}, {"Ikke længere.", P}}},
      {"ParagraphSubsectionNumber",
       "Efter § 17, stk. 2, nr. 3 i loven. Det er klart.",
       {{"Efter § 17, stk. 2, nr. 3 i loven.", P}, {"Det er klart.", P}}},
      {"DecimalAtSentenceEnd",
       "Væksten var 2,5. Det er godt.",
       {{"Væksten var 2,5.", P}, {"Det er godt.", P}}},
      {"DecimalWithDot",
       "Prisen steg 3.5 procent i år. Det er meget.",
       {{"Prisen steg 3.5 procent i år.", P}, {"Det er meget.", P}}},
      {"TimeWithColonAtEnd",
       "Vi mødes kl. 9:30. Kom til tiden.",
       {{"Vi mødes kl. 9:30.", P}, {"Kom til tiden.", P}}},
      {"EmailWithDots",
       "Skriv til jens.hansen@naestved.dk i dag. Tak.",
       {{"Skriv til jens.hansen@naestved.dk i dag.", P}, {"Tak.", P}}},
      {"UrlWithTrailingSlash",
       "Se https://www.naestved.dk/. Tak.",
       {{"Se https://www.naestved.dk/.", P}, {"Tak.", P}}},
      {"SentenceInsideParentheses",
       "Vi mødes i morgen. (Husk kaffe.) Alle er velkomne.",
       {{"Vi mødes i morgen.", P},
        {"(Husk kaffe.)", P},
        {"Alle er velkomne.", P}}},
      {"QuestionInsideQuotes",
       "Hun spurgte: ”Hvornår?” Vi svarede straks.",
       {{"Hun spurgte: ”Hvornår?”", P}, {"Vi svarede straks.", P}}},
      {"ExclamationInQuotesBeforeLowerCase",
       "”Nej!” sagde han stille.",
       {{"”Nej!” sagde han stille.", P}}},
      {"ElidedQuoteInBrackets",
       "Vi gør [...] det bedste. Altid.",
       {{"Vi gør [...] det bedste.", P}, {"Altid.", P}}},
      {"TitlesBeforeNames",
       "Vi talte med Hr. Jensen og Dr. Hansen. De var glade.",
       {{"Vi talte med Hr. Jensen og Dr. Hansen.", P}, {"De var glade.", P}}},
      {"EnglishTitles",
       "Write to us. Sincerely Ms. Pots and Mrs. Honey",
       {{"Write to us.", P}, {"Sincerely Ms. Pots and Mrs. Honey", P}}},
      // --- Over-long sentences: where the cut goes, and `continues`.
      {"LongSplitAtColon",
       "Planen har et klart mål: flere grønne områder i hele byen nu.",
       {{"Planen har et klart mål:", P, 0, -1, true},
        {"flere grønne områder i hele byen nu.", P}},
       40},
      {"LongSplitBeforeMen",
       "Vi vil gerne bygge flere boliger men ikke på de grønne arealer.",
       {{"Vi vil gerne bygge flere boliger", P, 0, -1, true},
        {"men ikke på de grønne arealer.", P}},
       40},
      {"LongSplitBeforeSamt",
       "Kommunen renoverer alle skolerne samt de gamle idrætshaller nu.",
       {{"Kommunen renoverer alle skolerne", P, 0, -1, true},
        {"samt de gamle idrætshaller nu.", P}},
       40},
      {"LongSplitSemicolonBeatsComma",
       "Vi lytter, vi handler; vi følger op på alt det vi har lovet.",
       {{"Vi lytter, vi handler;", P, 0, -1, true},
        {"vi følger op på alt det vi har lovet.", P}},
       40},
      {"ShortSentencesDoNotContinue",
       "Et. To. Tre.",
       {{"Et.", P, 0, -1, false},
        {"To.", P, 0, -1, false},
        {"Tre.", P, 0, -1, false}},
       40},
  };
  return *cases;
}

class SegmenterTest : public testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() { rules_ = DanishRules(); }
  static const LanguageRules* rules_;
};

const LanguageRules* SegmenterTest::rules_ = nullptr;

TEST_P(SegmenterTest, SplitsAsExpectedWithExactOffsets) {
  const Case& c = GetParam();
  ASSERT_NE(rules_, nullptr);
  const Segmenter segmenter(
      rules_, SegmenterOptions{.max_sentence_chars = c.max_sentence_chars});
  const std::vector<Sentence> sentences = segmenter.Segment(c.input);

  // One line a sentence: kind, text, "+" when it continues, and the
  // paragraph and section where the case gives them.
  auto line = [](SentenceKind kind, const std::string& text, bool continues,
                 int paragraph, int section) {
    std::string out = std::string(KindName(kind)) + " [" + text + "]";
    if (continues) out += " +";
    if (paragraph != kAny) out += " p" + std::to_string(paragraph);
    if (section != kAny) out += " s" + std::to_string(section);
    return out + "\n";
  };
  std::string got;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const Sentence& s = sentences[i];
    const Expected* e = i < c.expected.size() ? &c.expected[i] : nullptr;
    got += line(s.kind, s.text, s.continues,
                e != nullptr && e->paragraph != kAny
                    ? static_cast<int>(s.paragraph)
                    : kAny,
                e != nullptr && e->section != kAny ? s.section : kAny);
  }
  std::string want;
  for (const Expected& e : c.expected) {
    want += line(e.kind, e.text, e.continues, e.paragraph, e.section);
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

// --- SegmentDocument: blocks from a parser, offsets through the source map.

// Builds the block a parser would give for input[begin, end): tags dropped,
// "&amp;" "&lt;" "&gt;" "&nbsp;" decoded, each visible byte mapped back to
// the input bytes it came from (a decoded entity maps to its whole range).
Block MakeBlock(std::string_view input, size_t begin, size_t end,
                SentenceKind kind) {
  static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", "\u00a0"}};
  Block block;
  block.kind = kind;
  auto append = [&](std::string_view bytes, size_t from, size_t to) {
    for (const char c : bytes) {
      block.text.push_back(c);
      block.source_begin.push_back(static_cast<uint32_t>(from));
      block.source_end.push_back(static_cast<uint32_t>(to));
    }
  };
  size_t pos = begin;
  while (pos < end) {
    if (input[pos] == '<') {
      pos = input.find('>', pos) + 1;
      continue;
    }
    bool entity = false;
    for (const auto& [written, decoded] : kEntities) {
      if (input.substr(pos, written.size()) == written) {
        append(decoded, pos, pos + written.size());
        pos += written.size();
        entity = true;
        break;
      }
    }
    if (entity) continue;
    append(input.substr(pos, 1), pos, pos + 1);
    ++pos;
  }
  return block;
}

// The block for the element whose content starts after `open` and ends
// before the next `close`.
Block ElementBlock(std::string_view input, std::string_view open,
                   std::string_view close, SentenceKind kind) {
  const size_t begin = input.find(open) + open.size();
  return MakeBlock(input, begin, input.find(close, begin), kind);
}

class SegmentDocumentTest : public testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<LanguageRules> rules =
        LoadLanguageRules(POLICY_READER_VOICES_DA_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::make_unique<LanguageRules>(*std::move(rules));
  }

  std::vector<Sentence> Segment(std::string_view input, const Document& doc,
                                size_t max_sentence_chars = 300) const {
    const Segmenter segmenter(
        rules_.get(),
        SegmenterOptions{.max_sentence_chars = max_sentence_chars});
    std::vector<Sentence> sentences = segmenter.SegmentDocument(input, doc);
    for (const Sentence& s : sentences) {
      EXPECT_LE(s.begin, s.end);
      EXPECT_LE(s.end, input.size());
      EXPECT_EQ(input.substr(s.begin, s.end - s.begin), s.text);
    }
    return sentences;
  }

  static std::vector<std::string> Texts(const std::vector<Sentence>& s) {
    std::vector<std::string> texts;
    for (const Sentence& sentence : s) texts.push_back(sentence.text);
    return texts;
  }

  std::unique_ptr<LanguageRules> rules_;
};

TEST_F(SegmentDocumentTest, BlocksBecomeParagraphsWithSections) {
  const std::string input =
      "<h1>Vores opgave</h1><p>Vi er én kommune. Vi er stolte.</p>"
      "<ul><li>sikre natur</li></ul>";
  Document doc;
  doc.blocks.push_back(
      ElementBlock(input, "<h1>", "</h1>", SentenceKind::kHeading));
  doc.blocks.back().heading_level = 1;
  doc.blocks.push_back(
      ElementBlock(input, "<p>", "</p>", SentenceKind::kParagraph));
  doc.blocks.push_back(
      ElementBlock(input, "<li>", "</li>", SentenceKind::kListItem));
  const std::vector<Sentence> s = Segment(input, doc);
  ASSERT_EQ(Texts(s),
            (std::vector<std::string>{"Vores opgave", "Vi er én kommune.",
                                      "Vi er stolte.", "sikre natur"}));
  EXPECT_EQ(s[0].kind, SentenceKind::kHeading);
  EXPECT_EQ(s[1].kind, SentenceKind::kParagraph);
  EXPECT_EQ(s[3].kind, SentenceKind::kListItem);
  EXPECT_EQ(s[0].paragraph, 0u);
  EXPECT_EQ(s[1].paragraph, 1u);
  EXPECT_EQ(s[2].paragraph, 1u);
  EXPECT_EQ(s[3].paragraph, 2u);
  for (const Sentence& sentence : s) EXPECT_EQ(sentence.section, 0);
}

TEST_F(SegmentDocumentTest, EntityMapsToItsWholeSourceRange) {
  const std::string input = "<p>Jensen &amp; Søn. Tak.</p>";
  Document doc;
  doc.blocks.push_back(
      ElementBlock(input, "<p>", "</p>", SentenceKind::kParagraph));
  ASSERT_EQ(doc.blocks[0].text, "Jensen & Søn. Tak.");
  const std::vector<Sentence> s = Segment(input, doc);
  EXPECT_EQ(Texts(s), (std::vector<std::string>{"Jensen &amp; Søn.", "Tak."}));
}

TEST_F(SegmentDocumentTest, EntityAtSentenceEdge) {
  const std::string input = "<p>&lt;Ny&gt; plan. Slut &amp;</p>";
  Document doc;
  doc.blocks.push_back(
      ElementBlock(input, "<p>", "</p>", SentenceKind::kParagraph));
  const std::vector<Sentence> s = Segment(input, doc);
  EXPECT_EQ(Texts(s),
            (std::vector<std::string>{"&lt;Ny&gt; plan.", "Slut &amp;"}));
}

TEST_F(SegmentDocumentTest, InlineTagsBetweenWordsStayInText) {
  const std::string input =
      "<p>Vi <b>skal</b> læse <a href=\"x.html\">planen</a>. Nu.</p>";
  Document doc;
  doc.blocks.push_back(
      ElementBlock(input, "<p>", "</p>", SentenceKind::kParagraph));
  ASSERT_EQ(doc.blocks[0].text, "Vi skal læse planen. Nu.");
  const std::vector<Sentence> s = Segment(input, doc);
  EXPECT_EQ(Texts(s),
            (std::vector<std::string>{
                "Vi <b>skal</b> læse <a href=\"x.html\">planen</a>.", "Nu."}));
}

TEST_F(SegmentDocumentTest, SameBoundaryRulesAsPlainText) {
  const std::string input =
      "<p>Mødet er kl. 9.00 den 28. juni, jf. § 17, stk. 2. Se "
      "www.naestved.dk. Skriv til post@naestved.dk. Vi bruger f.eks. Excel "
      "mv. Det virker... Måske.</p>";
  Document doc;
  doc.blocks.push_back(
      ElementBlock(input, "<p>", "</p>", SentenceKind::kParagraph));
  EXPECT_EQ(Texts(Segment(input, doc)),
            (std::vector<std::string>{
                "Mødet er kl. 9.00 den 28. juni, jf. § 17, stk. 2.",
                "Se www.naestved.dk.", "Skriv til post@naestved.dk.",
                "Vi bruger f.eks. Excel mv.", "Det virker...", "Måske."}));
}

TEST_F(SegmentDocumentTest, WhiteSpaceAndNewlinesInsideBlockAreOneParagraph) {
  const std::string input =
      "<p>\n  Vi skaber rammerne\n  om borgernes liv.\n</p>";
  Document doc;
  doc.blocks.push_back(
      ElementBlock(input, "<p>", "</p>", SentenceKind::kParagraph));
  const std::vector<Sentence> s = Segment(input, doc);
  EXPECT_EQ(
      Texts(s),
      (std::vector<std::string>{"Vi skaber rammerne\n  om borgernes liv."}));
}

TEST_F(SegmentDocumentTest, LongSentenceInBlockIsCutAndContinues) {
  const std::string input =
      "<li>Kommunen bygger nye skoler og renoverer gamle haller i hele "
      "byen.</li>";
  Document doc;
  doc.blocks.push_back(
      ElementBlock(input, "<li>", "</li>", SentenceKind::kListItem));
  const std::vector<Sentence> s = Segment(input, doc, 40);
  ASSERT_EQ(Texts(s), (std::vector<std::string>{
                          "Kommunen bygger nye skoler",
                          "og renoverer gamle haller i hele byen."}));
  EXPECT_TRUE(s[0].continues);
  EXPECT_FALSE(s[1].continues);
  EXPECT_EQ(s[0].kind, SentenceKind::kListItem);
}

TEST_F(SegmentDocumentTest, SkipsEmptyAndMalformedBlocks) {
  const std::string input = "<p>God.</p><p>Skæv.</p><p> </p><p>Sidst.</p>";
  Document doc;
  doc.blocks.push_back(
      ElementBlock(input, "<p>", "</p>", SentenceKind::kParagraph));
  Block bad = MakeBlock(input, 14, 20, SentenceKind::kParagraph);
  bad.source_end.pop_back();  // map shorter than the text
  doc.blocks.push_back(bad);
  Block outside = MakeBlock(input, 14, 20, SentenceKind::kParagraph);
  outside.source_end.back() = static_cast<uint32_t>(input.size() + 5);
  doc.blocks.push_back(outside);
  doc.blocks.push_back(MakeBlock(input, 28, 29, SentenceKind::kParagraph));
  doc.blocks.push_back(Block{});
  const size_t last = input.rfind("<p>") + 3;
  doc.blocks.push_back(
      MakeBlock(input, last, input.rfind("</p>"), SentenceKind::kParagraph));
  const std::vector<Sentence> s = Segment(input, doc);
  EXPECT_EQ(Texts(s), (std::vector<std::string>{"God.", "Sidst."}));
  // Paragraphs are numbered among the blocks that were read.
  EXPECT_EQ(s[1].paragraph, 1u);
}

TEST_F(SegmentDocumentTest, NoHeadingMeansNoSection) {
  const std::string input = "<p>Et. To.</p>";
  Document doc;
  doc.blocks.push_back(
      ElementBlock(input, "<p>", "</p>", SentenceKind::kParagraph));
  for (const Sentence& s : Segment(input, doc)) EXPECT_EQ(s.section, -1);
}

// The pipeline drops sentences with nothing to say; LinkStructure keeps the
// indices pointing into what is left.
TEST(LinkStructureTest, RenumbersAfterDrops) {
  std::vector<Sentence> s(4);
  s[0].kind = SentenceKind::kParagraph;
  s[0].paragraph = 3;
  s[1].kind = SentenceKind::kHeading;
  s[1].paragraph = 5;
  s[2].kind = SentenceKind::kParagraph;
  s[2].paragraph = 6;
  s[2].continues = true;  // its continuation was dropped
  s[3].kind = SentenceKind::kParagraph;
  s[3].paragraph = 8;
  LinkStructure(&s);
  EXPECT_EQ(s[0].paragraph, 0u);
  EXPECT_EQ(s[1].paragraph, 1u);
  EXPECT_EQ(s[2].paragraph, 2u);
  EXPECT_EQ(s[3].paragraph, 3u);
  EXPECT_EQ(s[0].section, -1);
  EXPECT_EQ(s[1].section, 1);
  EXPECT_EQ(s[3].section, 1);
  EXPECT_FALSE(s[2].continues);
}

}  // namespace
}  // namespace policyreader::text

namespace policyreader::text {
namespace {

TEST(SegmenterWebChromeTest, ChromeLinesCopiedWithAPageAreNotRead) {
  const LanguageRules* rules = DanishRules();
  ASSERT_NE(rules, nullptr);
  const Segmenter segmenter(rules);
  const std::string text =
      "Gå til hovedindhold\nPolitik\n\nRøgpolitik\n\nDer ryges ikke i "
      "arbejdstiden.\n\n  Udskriv  siden \n\nDel på Facebook\n";
  std::vector<std::string> texts;
  for (const Sentence& s : segmenter.Segment(text)) texts.push_back(s.text);
  EXPECT_EQ(texts,
            (std::vector<std::string>{"Politik", "Røgpolitik",
                                      "Der ryges ikke i arbejdstiden."}));
  // Inside a sentence the same words are ordinary text.
  std::vector<Sentence> in_text =
      segmenter.Segment("Vi beder dig gå til hovedindhold og læse det.");
  ASSERT_EQ(in_text.size(), 1u);
}

}  // namespace
}  // namespace policyreader::text
