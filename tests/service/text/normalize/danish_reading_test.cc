// What a careful Danish reader says for written forms, one table per rule
// family: sentence as written -> spoken text handed to eSpeak NG. Uses the
// shipped voices/da tables.
#include <iostream>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/normalize/normalizer.h"
#include "service/text/rules.h"
#include "service/text/utf8.h"
#include "tests/service/text/danish_rules.h"

namespace policyreader::text {
namespace {

struct Case {
  std::string input;
  std::string spoken;
};

struct Family {
  std::string name;
  std::vector<Case> cases;
};

std::ostream& operator<<(std::ostream& os, const Family& f) {
  return os << f.name;
}

const std::vector<Family>& Families() {
  static const auto* families = new std::vector<Family>{
      {"Cardinals",
       {
           {"Der er 0 fejl.", "Der er nul fejl."},
           {"Vi er 3 ledere.", "Vi er tre ledere."},
           {"Der er 12 mål.", "Der er tolv mål."},
           {"Der kom 21 borgere.", "Der kom enogtyve borgere."},
           {"Svaret er 42.", "Svaret er toogfyrre."},
           {"Der var 57 svar.", "Der var syvoghalvtreds svar."},
           {"I alt 64 huse.", "I alt fireogtres huse."},
           {"Hele 75 deltog.", "Hele femoghalvfjerds deltog."},
           {"Det er 88 boliger.", "Det er otteogfirs boliger."},
           {"Hele 95 mødte op.", "Hele femoghalvfems mødte op."},
           {"Hele 100 mødte op.", "Hele et hundrede mødte op."},
           {"Der er 101 elever.", "Der er et hundrede og en elever."},
           {"Der er 250 pladser.", "Der er to hundrede og halvtreds pladser."},
           {"Der er 1.000 ansatte.", "Der er et tusind ansatte."},
           {"Der er 1.250 ansatte.",
            "Der er et tusind to hundrede og halvtreds ansatte."},
           {"Der bor 82.000 borgere.", "Der bor toogfirs tusind borgere."},
           {"Der er 3.500.000 i kassen.",
            "Der er tre millioner fem hundrede tusind i kassen."},
           {"Det koster 1.000.000.", "Det koster en million."},
           {"Tallet 2000 er rundt.", "Tallet to tusind er rundt."},
           {"Tallet 5000 er rundt.", "Tallet fem tusind er rundt."},
           {"Det er 007.", "Det er nul nul syv."},
           {"Koden er 1234567890123456789.",
            "Koden er en to tre fire fem seks syv otte ni nul en to tre fire "
            "fem seks syv otte ni."},
           {"DS 471 gælder.", "dé es fire hundrede og enoghalvfjerds gælder."},
       }},
      {"GenderOfOne",
       {
           {"1 borger", "en borger"},
           {"1 år", "et år"},
           {"Det tager 1 år.", "Det tager et år."},
           {"Vi har 1 barn.", "Vi har et barn."},
           {"Der er 1 møde.", "Der er et møde."},
           {"Der er 1 leder.", "Der er en leder."},
           {"1", "en"},
           {"Svaret er 1.", "Svaret er en."},
           {"Efter 101 år.", "Efter et hundrede og et år."},
           {"Efter 21 år.", "Efter enogtyve år."},
           {"Se stk. 1.", "Se stykke et."},
           {"Se side 1.", "Se side et."},
           {"Det står i nr. 1.", "Det står i nummer et."},
           {"Se bilag 1.", "Se bilag et."},
       }},
      {"Decimals",
       {
           {"Det er 2,5 gange mere.", "Det er to komma fem gange mere."},
           {"Væksten er 0,5.", "Væksten er nul komma fem."},
           {"Tallet er 12,25.", "Tallet er tolv komma femogtyve."},
           {"Tallet er 0,05.", "Tallet er nul komma nul fem."},
           {"Tallet er 3,125.", "Tallet er tre komma en to fem."},
           {"Prisen er 1.250,5.",
            "Prisen er et tusind to hundrede og halvtreds komma fem."},
           {"Tilsæt ,5 liter", "Tilsæt nul komma fem liter"},
           {"Tilsæt .5 liter", "Tilsæt nul komma fem liter"},
           {"Faldet er -5.", "Faldet er minus fem."},
           {"Afsnit 2.1.3 gælder.", "Afsnit to punkt et punkt tre gælder."},
       }},
      {"Years",
       {
           {"I 2024 gør vi det.", "I to tusind og fireogtyve gør vi det."},
           {"Siden 1998 har vi.",
            "Siden nitten hundrede og otteoghalvfems har vi."},
           {"sammenlignet med 1990",
            "sammenlignet med nitten hundrede og halvfems"},
           {"Bygget i 1900.", "Bygget i nitten hundrede."},
           {"Fra 1905 til nu.", "Fra nitten hundrede og fem til nu."},
           {"Direktionen, februar 2019",
            "Direktionen, februar to tusind og nitten"},
           {"i maj 2019.", "i maj to tusind og nitten."},
           {"frem mod 2050.", "frem mod to tusind og halvtreds."},
           {"Vision 2030", "Vision to tusind og tredive"},
           {"Planen fra 2010.", "Planen fra to tusind og ti."},
           {"Der kom 1500 deltagere.", "Der kom femten hundrede deltagere."},
           {"Der kom 1.500 deltagere.",
            "Der kom et tusind fem hundrede deltagere."},
           {"Det kostede 1500 kr.",
            "Det kostede et tusind fem hundrede kroner."},
           {"Året 1066.", "Året et tusind og seksogtres."},
       }},
      {"Ordinals",
       {
           {"den 28. juni", "den otteogtyvende juni"},
           {"Vi går i 3. klasse.", "Vi går i tredje klasse."},
           {"Kommuneplanen revideres hver 4. år.",
            "Kommuneplanen revideres hver fjerde år."},
           {"Det er 2. gang.", "Det er anden gang."},
           {"Det er 2. år.", "Det er andet år."},
           {"Det 1. punkt.", "Det første punkt."},
           {"Han bor på 5. sal.", "Han bor på femte sal."},
           {"i 12. kvartal", "i tolvte kvartal"},
           {"på 21. etage", "på enogtyvende etage"},
           {"den 31. december", "den enogtredivte december"},
           {"i 1.-3. klasse", "i første til tredje klasse"},
           {"i 1. - 3. klasse", "i første til tredje klasse"},
           {"1.-3. klasse", "første til tredje klasse"},
           {"den 1. og 2. maj", "den første og anden maj"},
           {"Den 28. Juni holder vi fri.",
            "Den otteogtyvende Juni holder vi fri."},
           {"Det 20. århundrede", "Det tyvende århundrede"},
           {"Den 1ste gang.", "Den første gang."},
           {"for 100. gang", "for et hundrede gang"},
       }},
      {"Dates",
       {
           {"19.12.2023", "nittende december to tusind og treogtyve"},
           {"Mødet var 19.12.2023.",
            "Mødet var nittende december to tusind og treogtyve."},
           {"Frist 1.1.2024", "Frist første januar to tusind og fireogtyve"},
           {"Frist 01.02.2024", "Frist første februar to tusind og fireogtyve"},
           {"Frist 5.3.24", "Frist femte marts fireogtyve"},
           {"Fra 1. januar 2024", "Fra første januar to tusind og fireogtyve"},
           {"Strategi og handleplanen implementeres fra 1. januar 2016 til 31. "
            "december 2020.",
            "Strategi og handleplanen implementeres fra første januar to "
            "tusind og seksten til enogtredivte december to tusind og tyve."},
           {"Visionen er godkendt af byrådet den 28. juni 2022.",
            "Visionen er godkendt af byrådet den otteogtyvende juni to tusind "
            "og toogtyve."},
           {"d. 5/3", "den femte marts"},
           {"Mødet er d. 5/3.", "Mødet er den femte marts."},
           {"D. 5/3 holder vi møde.", "Den femte marts holder vi møde."},
           {"den 5/3", "den femte marts"},
           {"Frist 5/3-2024.", "Frist femte marts to tusind og fireogtyve."},
           {"Frist 5/3/2024.", "Frist femte marts to tusind og fireogtyve."},
           {"den 19.12", "den nittende december"},
           {"d. 28. juni", "den otteogtyvende juni"},
           {"Opdateret 17. mar. 2020.",
            "Opdateret syttende marts to tusind og tyve."},
           {"Født 24. dec. 1998.",
            "Født fireogtyvende december nitten hundrede og otteoghalvfems."},
           {"Ugyldig 32.13.2024",
            "Ugyldig toogtredive punkt tretten punkt to tusind og fireogtyve"},
       }},
      {"Times",
       {
           {"Mødet er kl. 9.00.", "Mødet er klokken ni."},
           {"kl. 9.00", "klokken ni"},
           {"kl. 17.30", "klokken sytten tredive"},
           {"kl. 9.05", "klokken ni nul fem"},
           {"kl. 13:45", "klokken tretten femogfyrre"},
           {"kl. 9.00 - 15.00", "klokken ni til femten"},
           {"kl. 9.00-15.00", "klokken ni til femten"},
           {"kl. 9.00 – 15.30", "klokken ni til femten tredive"},
           {"Kl. 8 mødes vi.", "Klokken otte mødes vi."},
           {"kl. 1", "klokken et"},
           {"kl. 9-15", "klokken ni til femten"},
           {"klokken 10", "klokken ti"},
           {"Åbent 9.00-15.00", "Åbent ni til femten"},
           {"fra 8.30 til 16.00", "fra otte tredive til seksten"},
           {"Onsdag kl. 9.00 - 13.00", "Onsdag klokken ni til tretten"},
           {"Torsdag Kl. 9.00 - 17.00", "Torsdag klokken ni til sytten"},
           {"kl. 24.00", "klokken fireogtyve"},
           {"kl. 0.30", "klokken nul tredive"},
       }},
      {"Ranges",
       {
           {"i perioden 2023-2035.",
            "i perioden to tusind og treogtyve til to tusind og femogtredive."},
           {"Erhvervspolitik 2023 - 2026",
            "Erhvervspolitik to tusind og treogtyve til to tusind og "
            "seksogtyve"},
           {"Kulturpolitik 2018–2023",
            "Kulturpolitik to tusind og atten til to tusind og treogtyve"},
           {"børn 0-18 år", "børn nul til atten år"},
           {"side 4-6", "side fire til seks"},
           {"Se s. 4-6.", "Se side fire til seks."},
           {"2017-20, pdf", "to tusind og sytten til tyve, pe dé ef"},
           {"3-5 dage", "tre til fem dage"},
           {"1-2 kr.", "en til to kroner."},
           {"en 5-årig plan", "en fem-årig plan"},
           {"3-i-1 måling", "tre-i-en måling"},
           {"værdier - 2026", "værdier - to tusind og seksogtyve"},
           {"1990-2000", "nitten hundrede og halvfems til to tusind"},
       }},
      {"PercentAndMoney",
       {
           {"12,5 %", "tolv komma fem procent"},
           {"12,5 pct.", "tolv komma fem procent."},
           {"Det er 12,5 pct. af alle.",
            "Det er tolv komma fem procent af alle."},
           {"en 70% reduktion", "en halvfjerds procent reduktion"},
           {"40 % af tilflytterne", "fyrre procent af tilflytterne"},
           {"100 % CO2-neutral", "et hundrede procent se o to-neutral"},
           {"1 %", "en procent"},
           {"Det udgør ca. 70 procent.", "Det udgør cirka halvfjerds procent."},
           {"Budgettet er 2,5 mio. kr.",
            "Budgettet er to komma fem millioner kroner."},
           {"2,5 mio. kr. til skoler",
            "to komma fem millioner kroner til skoler"},
           {"500 kr.", "fem hundrede kroner."},
           {"Det koster 500 kr. om året.",
            "Det koster fem hundrede kroner om året."},
           {"Det koster 1 kr.", "Det koster en krone."},
           {"50 øre", "halvtreds øre"},
           {"€ 100", "et hundrede euro"},
           {"100 €", "et hundrede euro"},
           {"€100", "et hundrede euro"},
           {"DKK 1.000", "et tusind kroner"},
           {"Prisen er 500,- pr. måned.",
            "Prisen er fem hundrede kroner per måned."},
           {"Prisen er 500,- kr.", "Prisen er fem hundrede kroner."},
           {"1 mio. kr.", "en million kroner."},
           {"3 mia. kr.", "tre milliarder kroner."},
           {"10 mio. euro", "ti millioner euro"},
           {"Han fik 25 kroner.", "Han fik femogtyve kroner."},
           {"250 DKK", "to hundrede og halvtreds kroner"},
           {"£ 1", "et pund"},
       }},
      {"Units",
       {
           {"800 m²", "otte hundrede kvadratmeter"},
           {"800 m2", "otte hundrede kvadratmeter"},
           {"Huset er 120 m² stort.",
            "Huset er et hundrede og tyve kvadratmeter stort."},
           {"5 km", "fem kilometer"},
           {"Der er 5 km til byen.", "Der er fem kilometer til byen."},
           {"50 km/t", "halvtreds kilometer i timen"},
           {"2,5 km", "to komma fem kilometer"},
           {"3 kg", "tre kilo"},
           {"1 kg", "et kilo"},
           {"20 °C", "tyve grader celsius"},
           {"20°C", "tyve grader celsius"},
           {"-5 °C", "minus fem grader celsius"},
           {"1 °C", "en grad celsius"},
           {"3 m høj", "tre meter høj"},
           {"10 cm", "ti centimeter"},
           {"2 mm", "to millimeter"},
           {"1,5 l vand", "en komma fem liter vand"},
           {"40 ha skov", "fyrre hektar skov"},
           {"12 MW", "tolv megawatt"},
           {"100 kWh", "et hundrede kilowatttimer"},
           {"30 min.", "tredive minutter."},
           {"1 min. pause", "et minut pause"},
           {"5 stk.", "fem stykker."},
           {"DS 471 m.fl.", "dé es fire hundrede og enoghalvfjerds med flere."},
           {"5 m.v.", "fem med videre."},
           {"5 mere", "fem mere"},
       }},
      {"ParagraphsOfLaw",
       {
           {"§ 17, stk. 2", "paragraf sytten, stykke to"},
           {"jf. § 17, stk. 2", "jævnfør paragraf sytten, stykke to"},
           {"Jf. § 3 skal vi.", "Jævnfør paragraf tre skal vi."},
           {"§17", "paragraf sytten"},
           {"§ 1", "paragraf et"},
           {"§§ 3-5", "paragrafferne tre til fem"},
           {"efter §§ 3 og 4", "efter paragrafferne tre og fire"},
           {"nr. 4", "nummer fire"},
           {"§ 17, stk. 2, nr. 4", "paragraf sytten, stykke to, nummer fire"},
           {"pkt. 3", "punkt tre"},
           {"kap. 5", "kapitel fem"},
           {"efter denne §", "efter denne paragraf"},
           {"Lov nr. 547 af 24. juni 2005",
            "Lov nummer fem hundrede og syvogfyrre af fireogtyvende juni to "
            "tusind og fem"},
       }},
      {"PhoneNumbers",
       {
           {"tlf. 43 21 00 00", "telefon treogfyrre enogtyve nul nul nul nul"},
           {"Ring på tlf. 55 88 55 88.",
            "Ring på telefon femoghalvtreds otteogfirs femoghalvtreds "
            "otteogfirs."},
           {"tlf. 43210000", "telefon treogfyrre enogtyve nul nul nul nul"},
           {"tlf. 4321 0000", "telefon treogfyrre enogtyve nul nul nul nul"},
           {"Ring 43 21 00 00", "Ring treogfyrre enogtyve nul nul nul nul"},
           {"+45 43 21 00 00",
            "plus femogfyrre treogfyrre enogtyve nul nul nul nul"},
           {"+4543210000",
            "plus femogfyrre treogfyrre enogtyve nul nul nul nul"},
           {"Telefon 55 88 05 10",
            "Telefon femoghalvtreds otteogfirs nul fem ti"},
           {"(tlf. 43 21 00 00)",
            "(telefon treogfyrre enogtyve nul nul nul nul)"},
           {"Tlf.: 43 21 00 00",
            "Telefon: treogfyrre enogtyve nul nul nul nul"},
           {"Beløbet er 43210000.",
            "Beløbet er treogfyrre millioner to hundrede og ti tusind."},
       }},
      {"WebAndMail",
       {
           {"trivsel@kommune.dk", "trivsel snabel-a kommune punktum dk"},
           {"Skriv til trivsel@kommune.dk.",
            "Skriv til trivsel snabel-a kommune punktum dk."},
           {"www.naestved.dk", "w w w punktum næstved punktum dk"},
           {"Se www.naestved.dk.", "Se w w w punktum næstved punktum dk."},
           {"https://www.naestved.dk/borger/",
            "w w w punktum næstved punktum dk skråstreg borger"},
           {"http://kl.dk", "kl punktum dk"},
           {"Læs mere på naestved.dk", "Læs mere på næstved punktum dk"},
           {"(se www.kl.dk)", "(se w w w punktum kl punktum dk)"},
           {"jens.hansen@naestved.dk",
            "jens punktum hansen snabel-a næstved punktum dk"},
           {"Mail: post-ok@firma.com",
            "Mail: post bindestreg ok snabel-a firma punktum com"},
           {"Se https://x.dk/a_b?id=2",
            "Se x punktum dk skråstreg a understreg b spørgsmålstegn id lig "
            "med to"},
           {"bl.a. ting", "blandt andet ting"},
       }},
      {"Symbols",
       {
           {"Løn & personale", "Løn og personale"},
           {"Forsikring & Pension", "Forsikring og Pension"},
           {"og/eller", "og eller"},
           {"vej/stianlæg", "vej stianlæg"},
           {"2 + 2 = 4", "to plus to lig med fire"},
           {"Det er ~10 km.", "Det er cirka ti kilometer."},
           {"Skriv @ os", "Skriv snabel-a os"},
           {"½ time", "en halv time"},
           {"A & B", "A og B"},
       }},
      {"Acronyms",
       {
           {"Regeringen og KL har aftalt det.",
            "Regeringen og kå el har aftalt det."},
           {"KL", "kå el"},
           {"EU", "e u"},
           {"Et krav fra EU.", "Et krav fra e u."},
           {"Dit CPR-nummer", "Dit se pe er-nummer"},
           {"det enkelte MED-udvalg", "det enkelte med-udvalg"},
           {"Inddrivelse i SKAT.", "Inddrivelse i Skat."},
           {"Kontakt PPR i dag.", "Kontakt pe pe er i dag."},
           {"Kontakt HR.", "Kontakt hå er."},
           {"Ring til BST nu.", "Ring til be es te nu."},
           {"Et AMU kursus", "Et amu kursus"},
           {"Kontakt CABI nu.", "Kontakt Cabi nu."},
           {"A4 papir", "a fire papir"},
           {"reduktion af CO2", "reduktion af se o to"},
           {"»DK2020 – Klimaplan«", "»dé kå tyve tyve – Klimaplan«"},
           {"Firma A/S", "Firma a es"},
           {"Firma ApS", "Firma a pe es"},
           {"Hent som pdf.", "Hent som pe dé ef."},
           {"Log på med MitID.", "Log på med mit i dé."},
           {"I 2015 vedtog vi", "I to tusind og femten vedtog vi"},
           {"BORGERE OG SAMFUND", "Borgere og samfund"},
           {"LEDELSESGRUNDLAG", "Ledelsesgrundlag"},
           {"Vi bruger LEDELSESGRUNDLAGET hver dag.",
            "Vi bruger Ledelsesgrundlaget hver dag."},
       }},
      {"Abbreviations",
       {
           {"Brug f.eks. cykel.", "Brug for eksempel cykel."},
           {"Vi bruger bl.a. mails.", "Vi bruger blandt andet mails."},
           {"Det er jf. loven.", "Det er jævnfør loven."},
           {"Skoler mv.", "Skoler med videre."},
           {"Skoler m.v. og haller.", "Skoler med videre og haller."},
           {"Haller m.fl. og skoler.", "Haller med flere og skoler."},
           {"Skoler osv.", "Skoler og så videre."},
           {"Det skyldes pga. vejret.", "Det skyldes på grund af vejret."},
           {"Pga. vejret aflyser vi.", "På grund af vejret aflyser vi."},
           {"Vi skal dvs. alle.", "Vi skal det vil sige alle."},
           {"Dvs. alle.", "Det vil sige alle."},
           {"Kontakt evt. os.", "Kontakt eventuelt os."},
           {"Evt. spørgsmål.", "Eventuelt spørgsmål."},
           {"Mænd og kvinder hhv. drenge.",
            "Mænd og kvinder henholdsvis drenge."},
           {"Det sker iht. loven.", "Det sker i henhold til loven."},
           {"Vedr. sagen.", "Vedrørende sagen."},
           {"Prisen er inkl. moms.", "Prisen er inklusive moms."},
           {"Prisen er ekskl. moms.", "Prisen er eksklusive moms."},
           {"Det er ca. ti.", "Det er cirka ti."},
           {"Ca. 70 kom.", "Cirka halvfjerds kom."},
           {"Det er mht. økonomien.", "Det er med hensyn til økonomien."},
           {"Det er ift. økonomien.", "Det er i forhold til økonomien."},
           {"Ring på tlf. nu.", "Ring på telefon nu."},
           {"Se pkt. nedenfor.", "Se punkt nedenfor."},
           {"Stole o.l. skal væk.", "Stole og lignende skal væk."},
           {"Vi har mio. af kroner.", "Vi har millioner af kroner."},
           {"Det sker mhp. en aftale.", "Det sker med henblik på en aftale."},
           {"Se j.nr. i brevet.", "Se journalnummer i brevet."},
           {"F.eks. kan du ringe.", "For eksempel kan du ringe."},
           {"Jf. loven skal vi.", "Jævnfør loven skal vi."},
           {"Bl.a. derfor.", "Blandt andet derfor."},
       }},
  };
  return *families;
}

class DanishReadingTest : public testing::TestWithParam<Family> {
 protected:
  static void SetUpTestSuite() { rules_ = DanishRules(); }
  static const LanguageRules* rules_;
};

const LanguageRules* DanishReadingTest::rules_ = nullptr;

TEST_P(DanishReadingTest, ReadsAsADaneWould) {
  ASSERT_NE(rules_, nullptr);
  const Normalizer normalizer(rules_);
  for (const Case& c : GetParam().cases) {
    const std::string spoken = normalizer.Normalize(c.input);
    EXPECT_EQ(spoken, c.spoken) << "input: " << c.input;
    // No digit is left for the engine to guess at, and reading again
    // changes nothing.
    EXPECT_EQ(spoken.find_first_of("0123456789"), std::string::npos)
        << "digits left in: " << spoken;
    EXPECT_EQ(normalizer.Normalize(spoken), spoken) << "not idempotent";
  }
}

INSTANTIATE_TEST_SUITE_P(Families, DanishReadingTest,
                         testing::ValuesIn(Families()),
                         [](const testing::TestParamInfo<Family>& info) {
                           return info.param.name;
                         });

TEST(DanishReadingCountTest, AtLeastTwoHundredCases) {
  size_t count = 0;
  for (const Family& family : Families()) count += family.cases.size();
  EXPECT_GE(count, 200u);
  std::cout << count << " Danish reading cases\n";
}

// Random sentences built from the pieces the number, address and word
// rules look for: nothing may crash, and the output stays valid UTF-8.
TEST(DanishReadingRobustnessTest, RandomPiecesNeverBreakIt) {
  absl::StatusOr<LanguageRules> rules =
      LoadLanguageRules(POLICY_READER_VOICES_DA_DIR);
  ASSERT_TRUE(rules.ok()) << rules.status();
  const Normalizer normalizer(&*rules);
  const std::vector<std::string> pieces = {"0",
                                           "1",
                                           "9",
                                           "12",
                                           "2024",
                                           "1998",
                                           "00",
                                           "45",
                                           ".",
                                           ",",
                                           "-",
                                           "–",
                                           "/",
                                           ":",
                                           "+",
                                           " ",
                                           " ",
                                           "§",
                                           "§§",
                                           "€",
                                           "%",
                                           "kl.",
                                           "tlf.",
                                           "d.",
                                           "s.",
                                           "nr.",
                                           "stk.",
                                           "kr.",
                                           "mio.",
                                           "m²",
                                           "°C",
                                           "km/t",
                                           "@",
                                           "www",
                                           "dk",
                                           "http://",
                                           "A",
                                           "KL",
                                           "æ",
                                           "ø",
                                           "juni",
                                           "år",
                                           "\n",
                                           "(",
                                           ")",
                                           "»",
                                           "~",
                                           ",-",
                                           "ste",
                                           "&",
                                           "x",
                                           "1.",
                                           "5/3",
                                           "\u00ad",
                                           "12345678901234567890",
                                           "999999999999999999999"};
  std::mt19937 random(20240619);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 40);
  for (int i = 0; i < 20000; ++i) {
    std::string input;
    for (int n = length(random); n > 0; --n) input += pieces[pick(random)];
    const std::string spoken = normalizer.Normalize(input);
    ASSERT_EQ(FindInvalidUtf8(spoken), std::string::npos) << input;
    // Reading the reading again terminates too.
    normalizer.Normalize(spoken);
  }
}

}  // namespace
}  // namespace policyreader::text
