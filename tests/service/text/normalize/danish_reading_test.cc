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
           {"Der er 0 fejl.", "Der er 0 fejl."},
           {"Vi er 3 ledere.", "Vi er 3 ledere."},
           {"Der er 12 mål.", "Der er 12 mål."},
           {"Der kom 21 borgere.", "Der kom 21 borgere."},
           {"Svaret er 42.", "Svaret er 42."},
           {"Der var 57 svar.", "Der var 57 svar."},
           {"I alt 64 huse.", "I alt 64 huse."},
           {"Hele 75 deltog.", "Hele 75 deltog."},
           {"Det er 88 boliger.", "Det er 88 boliger."},
           {"Hele 95 mødte op.", "Hele 95 mødte op."},
           {"Hele 100 mødte op.", "Hele 100 mødte op."},
           {"Der er 101 elever.", "Der er 101 elever."},
           {"Der er 250 pladser.", "Der er 250 pladser."},
           {"Der er 1.000 ansatte.", "Der er 1.000 ansatte."},
           {"Der er 1.250 ansatte.", "Der er 1.250 ansatte."},
           {"Der bor 82.000 borgere.", "Der bor 82.000 borgere."},
           {"Der er 3.500.000 i kassen.", "Der er 3.500.000 i kassen."},
           {"Det koster 1.000.000.", "Det koster 1.000.000."},
           {"Tallet 2000 er rundt.", "Tallet 2000 er rundt."},
           {"Tallet 5000 er rundt.", "Tallet 5000 er rundt."},
           {"Det er 007.", "Det er 0 0 7."},
           {"Koden er 1234567890123456789.",
            "Koden er et 2 3 4 5 6 7 8 9 0 et 2 3 4 5 6 7 8 9."},
           {"DS 471 gælder.", "D S 471 gælder."},
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
           {"Efter 101 år.", "Efter 101 år."},
           {"Efter 21 år.", "Efter 21 år."},
           {"Se stk. 1.", "Se stykke et."},
           {"Se side 1.", "Se side et."},
           {"Det står i nr. 1.", "Det står i nummer et."},
           {"Se bilag 1.", "Se bilag et."},
           // Halves, one year, scales.
           {"ansat 3½ måned", "ansat 3 og en halv måned"},
           {"når barnet er 3½ år", "når barnet er 3 og et halvt år"},
           {"ca. 3 ½ år", "cirka 3 og et halvt år"},
           {"i 1½ time", "i halvanden time"},
           {"i 6 1/2 uge", "i 6 og en halv uge"},
           {"en 1-årig uddannelse", "en etårig uddannelse"},
           {"kortbilag 1:2.000", "kortbilag et til 2.000"},
           // School years.
           {"0. klasse", "nulte klasse"},
           {"0.-3. klasse", "nulte til 3. klasse"},
           {"promillen til 34,00.", "promillen til 34."},
           {"Se afsnit C.H.4.3", "Se afsnit C.H. 4 punkt 3"},
           {"1) Grundskyld opgjort", "et) Grundskyld opgjort"},
           {"Torsdag: 10-16.30", "Torsdag: 10 til 16 30"},
           {"§ 17. stk. 2", "paragraf 17 stykke 2"},
           {"19.12.2016 / Vi har", "19. december 2016, Vi har"},
           {"T: 43 59 10 00", "Telefon: 43 59 10 0 0"},
           {"registreringsnummer 2210, kontonummer 0746 235 437.",
            "registreringsnummer 22 10, kontonummer 0 7 4 6, 2 3 5, 4 3 7."},
           {"FOB 2020-21", "F O B 2020 21"},
           {"samt ugerne 29+30", "samt ugerne 29 og 30"},
           {"KB = Kommunalbestyrelsen", "K B, Kommunalbestyrelsen"},
           {"ID-kort 150 kr.", "ID-kort 150 kroner."},
           {"kontakt 1813 eller 112.", "kontakt 18 13 eller et et 2."},
           {"i alt 112 høringssvar", "i alt 112 høringssvar"},
           {"ændres »1.-9.« til: »2.-9.«",
            "ændres »første til niende« til: »anden til niende«"},
           {"16.-20. Efterårsferie", "sekstende til tyvende Efterårsferie"},
           {"Mellem kr. 170.101 - 173.869", "Mellem 170.101 og 173.869 kroner"},
           {"Hvis du /I har", "Hvis du eller I har"},
           {"pr. boligenhed 600/ 750 kr.", "per boligenhed 600, 750 kroner."},
           {"Opdateret 02 SEP 2019", "Opdateret 2. september 2019"},
           {"afsnit VI, VII og VIII", "afsnit 6, 7 og 8"},
           {"imod din(e) funktionsnedsættelse(r), dvs.",
            "imod din funktionsnedsættelse, det vil sige."},
           {"Mødet blev afsluttet kl med", "Mødet blev afsluttet klokken med"},
           {"i 1.-9. kl på skolen", "i 1. til 9. klasse på skolen"},
           // A numbered item's number is counted like a label.
           {"1. at dagsordenen godkendes", "et: at dagsordenen godkendes"},
           {"indstiller, 2. at sagen drøftes",
            "indstiller, 2: at sagen drøftes"},
           {"1. Regnskabsafslutningen", "et. Regnskabsafslutningen"},
           {"1. suppleant", "1. suppleant"},
           {"besked inden den 25.", "besked inden den femogtyvende."},
           {"På 7., 8. eller 9. klassetrin",
            "På syvende, 8. eller 9. klassetrin"},
           {"4-6. klasse", "4. til 6. klasse"},
           {"0-2. klassetrin", "nulte til 2. klassetrin"},
           {"0-2 år", "0 til 2 år"},
           {"4. klasse-6.klasse", "4. klasse til 6. klasse"},
           {"Hun er 0. i rækken", "Hun er 0. i rækken"},
           {"Del 1, bind 2", "Del et, bind 2"},
           // Roman numbers: after a part's name, in a list of them, as a
           // heading's number, and after an initialism.
           {"kapitel II", "kapitel 2"},
           {"Del I: Forordningen", "Del et: Forordningen"},
           {"bilag I og IV til forordningen", "bilag et og 4 til forordningen"},
           {"II. Særlig del", "2. Særlig del"},
           {"III   Retsakter", "3 Retsakter"},
           {"SFO II (4. klasse)", "S F O 2 (4. klasse)"},
           {"I dag og i morgen", "I dag og i morgen"},
       }},
      {"Decimals",
       {
           {"Det er 2,5 gange mere.", "Det er 2 komma 5 gange mere."},
           {"Væksten er 0,5.", "Væksten er 0 komma 5."},
           {"Tallet er 12,25.", "Tallet er 12 komma 25."},
           {"Tallet er 0,05.", "Tallet er 0 komma 0 5."},
           {"Tallet er 3,125.", "Tallet er 3 komma et 2 5."},
           {"Prisen er 1.250,5.", "Prisen er 1.250 komma 5."},
           {"Tilsæt ,5 liter", "Tilsæt nul komma 5 liter"},
           {"Tilsæt .5 liter", "Tilsæt nul komma 5 liter"},
           {"Faldet er -5.", "Faldet er minus 5."},
           {"Afsnit 2.1.3 gælder.", "Afsnit 2 punkt et punkt 3 gælder."},
       }},
      {"Years",
       {
           {"I 2024 gør vi det.", "I 2024 gør vi det."},
           {"Siden 1998 har vi.", "Siden 1998 har vi."},
           {"sammenlignet med 1990", "sammenlignet med 1990"},
           {"Bygget i 1900.", "Bygget i 1900."},
           {"Fra 1905 til nu.", "Fra 1905 til nu."},
           {"Direktionen, februar 2019", "Direktionen, februar 2019"},
           {"i maj 2019.", "i maj 2019."},
           {"frem mod 2050.", "frem mod 2050."},
           {"Vision 2030", "Vision 2030"},
           {"Planen fra 2010.", "Planen fra 2010."},
           {"Der kom 1500 deltagere.", "Der kom 15 hundrede deltagere."},
           {"Der kom 1.500 deltagere.", "Der kom 1.500 deltagere."},
           {"Det kostede 1500 kr.", "Det kostede 1.500 kroner."},
           {"Året 1066.", "Året 1.066."},
       }},
      {"Ordinals",
       {
           {"den 28. juni", "den 28. juni"},
           {"Vi går i 3. klasse.", "Vi går i 3. klasse."},
           {"Kommuneplanen revideres hver 4. år.",
            "Kommuneplanen revideres hver 4. år."},
           {"Det er 2. gang.", "Det er 2. gang."},
           {"Det er 2. år.", "Det er andet år."},
           {"Det 1. punkt.", "Det 1. punkt."},
           {"Han bor på 5. sal.", "Han bor på 5. sal."},
           {"i 12. kvartal", "i 12. kvartal"},
           {"på 21. etage", "på 21. etage"},
           {"den 31. december", "den 31. december"},
           {"i 1.-3. klasse", "i 1. til 3. klasse"},
           {"i 1. - 3. klasse", "i 1. til 3. klasse"},
           {"1.-3. klasse", "1. til 3. klasse"},
           {"den 1. og 2. maj", "den 1. og 2. maj"},
           {"Den 28. Juni holder vi fri.",
            "Den otteogtyvende Juni holder vi fri."},
           {"Det 20. århundrede", "Det 20. århundrede"},
           {"Den 1ste gang.", "Den første gang."},
           {"for 100. gang", "for 100. gang"},
       }},
      {"Dates",
       {
           {"19.12.2023", "19. december 2023"},
           {"Mødet var 19.12.2023.", "Mødet var 19. december 2023."},
           {"Frist 1.1.2024", "Frist 1. januar 2024"},
           {"Frist 01.02.2024", "Frist 1. februar 2024"},
           {"Frist 5.3.24", "Frist 5. marts 24"},
           {"Fra 1. januar 2024", "Fra 1. januar 2024"},
           {"Strategi og handleplanen implementeres fra 1. januar 2016 til 31. "
            "december 2020.",
            "Strategi og handleplanen implementeres fra 1. januar 2016 til 31. "
            "december 2020."},
           {"Visionen er godkendt af byrådet den 28. juni 2022.",
            "Visionen er godkendt af byrådet den 28. juni 2022."},
           {"d. 5/3", "den 5. marts"},
           {"Mødet er d. 5/3.", "Mødet er den 5. marts."},
           {"D. 5/3 holder vi møde.", "Den 5. marts holder vi møde."},
           {"den 5/3", "den 5. marts"},
           {"Frist 5/3-2024.", "Frist 5. marts 2024."},
           {"Frist 5/3/2024.", "Frist 5. marts 2024."},
           {"den 19.12", "den 19. december"},
           {"d. 28. juni", "den 28. juni"},
           {"Opdateret 17. mar. 2020.", "Opdateret 17. marts 2020."},
           {"Født 24. dec. 1998.", "Født 24. december 1998."},
           {"Ugyldig 32.13.2024", "Ugyldig 32 punkt 13 punkt 2.024"},
           // A school year; a law's year and number stays a name.
           {"skoleåret 2023/24", "skoleåret 2023 til 24"},
           {"for skoleåret 2021/2022", "for skoleåret 2021 til 2022"},
           {"direktiv 2016/2102", "direktiv 2016 skråstreg 21 hundrede og 2"},
           {"direktiv 2009/32/EF af",
            "direktiv 2009 skråstreg 32 skråstreg E F af"},
           {"direktiv 88/344/EØF af",
            "direktiv 88 skråstreg 344 skråstreg E Ø F af"},
           // Calendars: a day and month with a weekday or the ordinal's dot.
           {"Mandag 24.05, 2. pinsedag", "Mandag 24. maj, 2. pinsedag"},
           {"lørdag 18 marts", "lørdag 18. marts"},
           {"06.04. – 13.04. påskeferie", "6. april til 13. april påskeferie"},
           {"14.-18.10. efterårsferie", "14. til 18. oktober efterårsferie"},
           {"Ferien slutter 02.01.", "Ferien slutter 2. januar."},
           {"perioden 01.08.2020-31.07.2024",
            "perioden 1. august 2020 til 31. juli 2024"},
           // Still times: "kl.", one-digit hours, a weekday before a range.
           {"Mandag 10.00-14.00", "Mandag 10 til 14"},
           {"Fredag 8.05", "Fredag 8 0 5"},
           {"kl. 10.05.", "klokken 10 0 5."},
       }},
      {"Times",
       {
           {"Mødet er kl. 9.00.", "Mødet er klokken 9."},
           {"kl. 9.00", "klokken 9"},
           {"kl. 17.30", "klokken 17 30"},
           {"kl. 9.05", "klokken 9 0 5"},
           {"kl. 13:45", "klokken 13 45"},
           // Number words eSpeak misreads are given as digits (lexicon.tsv).
           {"i otte uger", "i 8 uger"},
           {"Tre dage og seks timer", "3 dage og 6 timer"},
           {"trelags", "trelags"},
           {"kl. 9.00 - 15.00", "klokken 9 til 15"},
           {"kl. 9.00-15.00", "klokken 9 til 15"},
           {"kl. 9.00 – 15.30", "klokken 9 til 15 30"},
           // After "mellem" a range is said with "og".
           {"på hverdage mellem kl. 8-16.",
            "på hverdage mellem klokken 8 og 16."},
           {"Mellem 10-20 elever", "Mellem 10 og 20 elever"},
           {"fra kl. 8-16 og mellem jul", "fra klokken 8 til 16 og mellem jul"},
           {"Kl. 8 mødes vi.", "Klokken 8 mødes vi."},
           {"kl. 1", "klokken et"},
           {"kl. 9-15", "klokken 9 til 15"},
           {"klokken 10", "klokken 10"},
           {"Åbent 9.00-15.00", "Åbent 9 til 15"},
           {"fra 8.30 til 16.00", "fra 8 30 til 16"},
           {"Onsdag kl. 9.00 - 13.00", "Onsdag klokken 9 til 13"},
           {"Torsdag Kl. 9.00 - 17.00", "Torsdag klokken 9 til 17"},
           {"kl. 24.00", "klokken 24"},
           {"kl. 0.30", "klokken 0 30"},
       }},
      {"DayAndDateRanges",
       {
           {"Mandag - torsdag kl. 9-14", "Mandag til torsdag klokken 9 til 14"},
           {"januar-april 2024", "januar til april 2024"},
           {"i perioden 28. maj – 10. juni 2024",
            "i perioden 28. maj til 10. juni 2024"},
           {"marts 2004 – februar 2005", "marts 2004 til februar 2005"},
           {"10.03.2022 – 08.04.2022", "10. marts 2022 til 8. april 2022"},
           {"Juniorklub 4. - 6. klasse", "Juniorklub 4. til 6. klasse"},
           // Not ranges: a pause, a compound, numbers for the number rules.
           {"Budgetforslag – frist 11. september",
            "Budgetforslag – frist 11. september"},
           {"marts-mødet", "marts-mødet"},
       }},
      {"Ranges",
       {
           {"i perioden 2023-2035.", "i perioden 2023 til 2035."},
           {"Erhvervspolitik 2023 - 2026", "Erhvervspolitik 2023 til 2026"},
           {"Kulturpolitik 2018–2023", "Kulturpolitik 2018 til 2023"},
           {"børn 0-18 år", "børn 0 til 18 år"},
           {"side 4-6", "side 4 til 6"},
           {"Se s. 4-6.", "Se side 4 til 6."},
           {"2017-20, pdf", "2017 til 20, P D F"},
           {"3-5 dage", "3 til 5 dage"},
           {"1-2 kr.", "en til 2 kroner."},
           {"en 5-årig plan", "en 5-årig plan"},
           {"3-i-1 måling", "3-i-en måling"},
           {"værdier - 2026", "værdier - 2026"},
           {"1990-2000", "1990 til 2000"},
       }},
      {"PercentAndMoney",
       {
           {"12,5 %", "12 komma 5 procent"},
           {"12,5 pct.", "12 komma 5 procent."},
           {"Det er 12,5 pct. af alle.", "Det er 12 komma 5 procent af alle."},
           {"en 70% reduktion", "en 70 procent reduktion"},
           {"40 % af tilflytterne", "40 procent af tilflytterne"},
           {"100 % CO2-neutral", "100 procent C O 2-neutral"},
           {"1 %", "en procent"},
           {"Det udgør ca. 70 procent.", "Det udgør cirka 70 procent."},
           {"Budgettet er 2,5 mio. kr.",
            "Budgettet er 2 komma 5 millioner kroner."},
           {"2,5 mio. kr. til skoler", "2 komma 5 millioner kroner til skoler"},
           {"500 kr.", "500 kroner."},
           {"Det koster 500 kr. om året.", "Det koster 500 kroner om året."},
           {"Det koster 1 kr.", "Det koster en krone."},
           {"50 øre", "50 øre"},
           {"€ 100", "100 euro"},
           {"100 €", "100 euro"},
           {"€100", "100 euro"},
           {"DKK 1.000", "1.000 kroner"},
           {"Prisen er 500,- pr. måned.", "Prisen er 500 kroner per måned."},
           {"Prisen er 500,- kr.", "Prisen er 500 kroner."},
           {"1 mio. kr.", "en million kroner."},
           {"3 mia. kr.", "3 milliarder kroner."},
           {"10 mio. euro", "10 millioner euro"},
           {"Han fik 25 kroner.", "Han fik 25 kroner."},
           {"250 DKK", "250 kroner"},
           {"£ 1", "et pund"},
       }},
      {"Units",
       {
           {"800 m²", "800 kvadratmeter"},
           {"et hus på 120 kvm", "et hus på 120 kvadratmeter"},
           {"20 kr. pr. kvm", "20 kroner per kvadratmeter"},
           {"Personskat (Pct)", "Personskat (procent)"},
           {"800 m2", "800 kvadratmeter"},
           {"Huset er 120 m² stort.", "Huset er 120 kvadratmeter stort."},
           {"5 km", "5 kilometer"},
           {"Der er 5 km til byen.", "Der er 5 kilometer til byen."},
           {"50 km/t", "50 kilometer i timen"},
           {"2,5 km", "2 komma 5 kilometer"},
           {"3 kg", "3 kilo"},
           {"1 kg", "et kilo"},
           {"20 °C", "20 grader celsius"},
           {"20°C", "20 grader celsius"},
           {"-5 °C", "minus 5 grader celsius"},
           {"1 °C", "en grad celsius"},
           {"3 m høj", "3 meter høj"},
           {"10 cm", "10 centimeter"},
           {"2 mm", "2 millimeter"},
           {"1,5 l vand", "en komma 5 liter vand"},
           {"40 ha skov", "40 hektar skov"},
           {"12 MW", "12 megawatt"},
           {"100 kWh", "100 kilowatttimer"},
           {"30 min.", "30 minutter."},
           {"1 min. pause", "et minut pause"},
           {"5 stk.", "5 stykker."},
           {"DS 471 m.fl.", "D S 471 med flere."},
           {"5 m.v.", "5 med videre."},
           {"5 mere", "5 mere"},
       }},
      {"ParagraphsOfLaw",
       {
           {"§ 17. stk. 2", "paragraf 17 stykke 2"},
           {"jf. § 17, stk. 2", "jævnfør paragraf 17, stykke 2"},
           {"Jf. § 3 skal vi.", "Jævnfør paragraf 3 skal vi."},
           {"§17", "paragraf 17"},
           {"§ 1", "paragraf et"},
           {"§§ 3-5", "paragrafferne 3 til 5"},
           {"efter §§ 3 og 4", "efter paragrafferne 3 og 4"},
           {"nr. 4", "nummer 4"},
           {"§ 17, stk. 2, nr. 4", "paragraf 17, stykke 2, nummer 4"},
           {"pkt. 3", "punkt 3"},
           {"kap. 5", "kapitel 5"},
           {"efter denne §", "efter denne paragraf"},
           {"Lov nr. 547 af 24. juni 2005", "Lov nummer 547 af 24. juni 2005"},
       }},
      {"PhoneNumbers",
       {
           {"tlf. 43 21 00 00", "telefon 43 21 0 0 0 0"},
           {"Ring på tlf. 55 88 55 88.", "Ring på telefon 55 88 55 88."},
           {"tlf. 43210000", "telefon 43 21 0 0 0 0"},
           {"tlf. 4321 0000", "telefon 43 21 0 0 0 0"},
           {"Ring 43 21 00 00", "Ring 43 21 0 0 0 0"},
           {"+45 43 21 00 00", "plus 45 43 21 0 0 0 0"},
           {"+4543210000", "plus 45 43 21 0 0 0 0"},
           {"Telefon 55 88 05 10", "Telefon 55 88 0 5 10"},
           {"(tlf. 43 21 00 00)", "(telefon 43 21 0 0 0 0)"},
           {"Tlf.: 43 21 00 00", "Telefon: 43 21 0 0 0 0"},
           // Eight digits with no thousands dots are a phone or CVR number
           // wherever they stand; an amount has its unit or its dots.
           {"Kontakt os på 43210000.", "Kontakt os på 43 21 0 0 0 0."},
           {"Beløbet er 43210000 kr.", "Beløbet er 43.210.000 kroner."},
           {"Beløbet er 43.210.000.", "Beløbet er 43.210.000."},
           {"EAN 5798000880016", "E A N 5 7 9 8 0 0 0 8 8 0 0 et 6"},
       }},
      {"CaseAndLawNumbers",
       {
           // Parts of a case number: pairs for four and six digits, a year
           // as a year, leading zeros digit by digit, a slash said.
           {"Sagsnr.: 330-2018-3619", "Sagsnummer: 330 2018 36 19"},
           {"Journalnr: 2019-423-0224", "Journalnummer: 2019 423 0 2 24"},
           {"(Sag nr. 20/04089)", "(Sag nummer 20 skråstreg 0 4 0 8 9)"},
           {"Sagsnr. 249050", "Sagsnummer 24 90 50"},
           {"principafgørelse 41-17", "principafgørelse 41 17"},
           // A year and a number joined by a slash name a law or directive.
           {"direktiv (EU) 2016/2102",
            "direktiv (EU) 2016 skråstreg 21 hundrede og 2"},
           {"afgørelse 2018/1523 af",
            "afgørelse 2018 skråstreg 15 hundrede og 23 af"},
           {"SOU 83/2005", "S O U 83 skråstreg 2005"},
           {"nr. 1234/2007", "nummer 12 hundrede og 34 skråstreg 2007"},
           // Not names: a date, a fraction, a month and year stay as they were.
           {"d. 5/3", "den 5. marts"},
       }},
      {"WebAndMail",
       {
           {"trivsel@kommune.dk", "trivsel snabel-a kommune punktum dk"},
           {"Skriv til trivsel@kommune.dk.",
            "Skriv til trivsel snabel-a kommune punktum dk."},
           {"www.naestved.dk", "V V V punktum næstved punktum dk"},
           {"Se www.naestved.dk.", "Se V V V punktum næstved punktum dk."},
           {"https://www.naestved.dk/borger/",
            "V V V punktum næstved punktum dk skråstreg borger"},
           {"http://kl.dk", "K L punktum dk"},
           {"Læs mere på naestved.dk", "Læs mere på næstved punktum dk"},
           {"(se www.kl.dk)", "(se V V V punktum K L punktum dk)"},
           {"jens.hansen@naestved.dk",
            "jens punktum hansen snabel-a næstved punktum dk"},
           {"Mail: post-ok@firma.com",
            "Mail: post bindestreg O K snabel-a firma punktum com"},
           {"Se https://x.dk/a_b?id=2",
            "Se x punktum dk skråstreg a understreg b spørgsmålstegn I D lig "
            "med 2"},
           {"bl.a. ting", "blandt andet ting"},
       }},
      {"Symbols",
       {
           {"Løn & personale", "Løn og personale"},
           {"Forsikring & Pension", "Forsikring og Pension"},
           {"og/eller", "og eller"},
           {"vej/stianlæg", "vej eller stianlæg"},
           {"2 + 2 = 4", "2 plus 2 lig med 4"},
           {"Det er ~10 km.", "Det er cirka 10 kilometer."},
           {"Skriv @ os", "Skriv snabel-a os"},
           {"½ time", "en halv time"},
           {"A & B", "A og B"},
       }},
      {"Acronyms",
       {
           {"Regeringen og KL har aftalt det.",
            "Regeringen og K L har aftalt det."},
           {"KL", "K L"},
           {"EU", "EU"},
           {"Et krav fra EU.", "Et krav fra EU."},
           {"Dit CPR-nummer", "Dit C P R-nummer"},
           {"det enkelte MED-udvalg", "det enkelte med-udvalg"},
           {"Inddrivelse i SKAT.", "Inddrivelse i Skat."},
           {"Kontakt PPR i dag.", "Kontakt P P R i dag."},
           {"Kontakt HR.", "Kontakt H R."},
           {"Ring til BST nu.", "Ring til B S T nu."},
           {"Et AMU kursus", "Et amu kursus"},
           {"Kontakt CABI nu.", "Kontakt Cabi nu."},
           // Capitals that no Danish word could be are spelled, however
           // many vowels they hold; words stay words.
           {"unge med ADHD", "unge med A D H D"},
           {"ammekonsulent (IBCLC)", "ammekonsulent (I B C L C)"},
           {"i OIOUBL-format", "i O I O U B L-format"},
           {"en rapport fra OECD", "en rapport fra O E C D"},
           {"Et land i NATO.", "Et land i Nato."},
           {"Systemet fra KOMBIT.", "Systemet fra Kombit."},
           {"A4 papir", "A 4 papir"},
           {"reduktion af CO2", "reduktion af C O 2"},
           {"»DK2020 – Klimaplan«", "»D K 20 20 – Klimaplan«"},
           {"Firma A/S", "Firma A S"},
           // A slash between words is "eller", except in "og/eller".
           {"give dig/jer besked", "give dig eller jer besked"},
           // Acronyms: two with a slash are alternatives, a chain a sequence;
           // "A/S" is one word.
           {"udenfor EU/EØS", "udenfor EU eller E Ø S"},
           {"MBU/BSU/ØU/KB - Igangsætning",
            "M B U, B S U, Ø U, K B - Igangsætning"},
           {"Firma A/S", "Firma A S"},
           // slash_readings.tsv: "til/fra", a rate per week or month.
           {"Kørsel til/fra træning", "Kørsel til og fra træning"},
           {"1-3 dage/uge", "en til 3 dage om ugen"},
           // A footnote mark is not read.
           {"785,00 kr.* pr. måned*", "785 kroner per måned"},
           {"*Taksterne er fastlagt", "Taksterne er fastlagt"},
           {"i april/maj", "i april eller maj"},
           {"Heldagstilbud/SFO", "Heldagstilbud eller S F O"},
           {"og/eller hjemmet", "og eller hjemmet"},
           {"Firma ApS", "Firma A P S"},
           {"Hent som pdf.", "Hent som P D F."},
           {"Log på med MitID.", "Log på med MitID."},
           {"I 2015 vedtog vi", "I 2015 vedtog vi"},
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
           {"Evt. spørgsmål.", "Eventuelle spørgsmål."},
           // A price with its currency first is said with it after.
           {"Gebyret er kr. 27.", "Gebyret er 27 kroner."},
           {"med kr. 7.000,- for hvert barn",
            "med 7.000 kroner for hvert barn"},
           {"Pr. stk. kr. 140,00", "Per styk 140 kroner"},
           {"samt kr. 0,50 i afgift", "samt 50 øre i afgift"},
           {"på 406,0 mio. kr.", "på 406 millioner kroner."},
           {"max 20 m. fra skel", "maksimalt 20 meter fra skel"},
           {"7 kr. pr ret", "7 kroner per ret"},
           {"Tlf: 9940 9940", "Telefon: 99 40 99 40"},
           // Codes, plan numbers, postcodes, years in 01.
           {"indgang E1", "indgang E et"},
           {"4-769 Lokalplan", "4 769 Lokalplan"},
           {"2-500 kr.", "2 til 500 kroner."},
           {"1-100 personer", "en til 100 personer"},
           {"Postnummer: 1401", "Postnummer: 14 0 et"},
           // A provision's letter is no unit; "Kr." before a price is kroner.
           {"efter § 11 i, jf. 11 g", "efter paragraf 11 i, jævnfør 11 g"},
           {"under Kr. 551.700,-", "under 551.700 kroner"},
           {"Dagpleje kr. 2.702,00 pr. md.",
            "Dagpleje 2.702 kroner per måned."},
           // After a genitive the plural is indefinite.
           {"planlovens §§ 34-38", "planlovens paragraffer 34 til 38"},
           {"jf. §§ 34-38", "jævnfør paragrafferne 34 til 38"},
           {"Kanalstræde 2 4300 Holbæk", "Kanalstræde 2 43 hundrede Holbæk"},
           {"Torvet 15a 7400 Herning", "Torvet 15 a 74 hundrede Herning"},
           {"Bilag 3 2020 Byrådet", "Bilag 3 2020 Byrådet"},
           {"i 2001 og 1901", "i 2000 og et og 19 hundrede og et"},
           // Labels, document types and address words.
           {"§ 95 stk. 3 gælder", "paragraf 95 stykke 3 gælder"},
           {"30 stk. æbler", "30 stykker æbler"},
           {"LOKALPLAN NR. 104 Gl. Skovlunde",
            "Lokalplan nummer 104 gammel Skovlunde"},
           {"VEJ nr 9330", "vejledning nummer 9330"},
           {"LBK nr 433", "lovbekendtgørelse nummer 433"},
           {"Kontakt HR.", "Kontakt H R."},
           {"Fra d. 1 november", "Fra den 1. november"},
           {"knallert u. 18 år", "knallert under 18 år"},
           {"pris u. moms", "pris uden moms"},
           {"huse m. vandret adskillelse", "huse med vandret adskillelse"},
           {"Gammeltorv 8, 6 tv.", "Gammeltorv 8, 6 til venstre."},
           {"lørdag efter St. Bededag", "lørdag efter Store Bededag"},
           {"Klippekort á 10 timer", "Klippekort a 10 timer"},
           // Adjectives agree with their noun; before anything else, adverbs.
           {"Evt. start på afstemning", "Eventuel start på afstemning"},
           {"at evt. frister overholdes", "at eventuelle frister overholdes"},
           {"de evt. ændringer", "de eventuelle ændringer"},
           {"med evt. bilag", "med eventuelle bilag"},
           {"eller evt. SE-nummer", "eller eventuelt S E-nummer"},
           {"læg evt. noget papir", "læg eventuelt noget papir"},
           {"andet alm. tøj", "andet almindeligt tøj"},
           {"Midl. kørekort", "Midlertidigt kørekort"},
           {"maks. betaling", "maksimal betaling"},
           {"Punkter:\nEvt.", "Punkter: eventuelt."},
           // After an ordinal: school years and a provision's sentences.
           {"går i 0. - 7. kl., medregnes",
            "går i nulte til 7. klasse, medregnes"},
           {"SFO (4.-6.kl.)", "S F O (4. til 6. klasse.)"},
           {"Mødet er kl. 9.", "Mødet er klokken 9."},
           {"jf. 2. pkt.", "jævnfør andet punktum."},
           {"se pkt. 4", "se punkt 4"},
           // Number compounds.
           {"dit cpr-nr.", "dit cpr-nummer."},
           {"Sagnr.: 12", "Sagnummer: 12"},
           {"telefonnr 12", "telefonnummer 12"},
           {"c/o Kommunen", "kær of Kommunen"},
           {"Mænd og kvinder hhv. drenge.",
            "Mænd og kvinder henholdsvis drenge."},
           {"Det sker iht. loven.", "Det sker i henhold til loven."},
           {"Vedr. sagen.", "Vedrørende sagen."},
           {"Prisen er inkl. moms.", "Prisen er inklusive moms."},
           {"Prisen er ekskl. moms.", "Prisen er eksklusive moms."},
           {"Det er ca. ti.", "Det er cirka ti."},
           {"Ca. 70 kom.", "Cirka 70 kom."},
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
    // No number is left for the engine to guess at (digits only in the
    // forms eSpeak reads right), and reading again changes nothing.
    EXPECT_TRUE(DigitsOnlyInEngineForms(spoken))
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
