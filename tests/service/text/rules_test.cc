// Loading the language tables: the shipped voices/da tables, and error
// messages that name the file and line of a malformed entry.
#include "service/text/rules.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace policyreader::text {
namespace {

class TempRulesDir {
 public:
  TempRulesDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "text_rules_XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempRulesDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  void Write(const std::string& name, const std::string& contents) const {
    std::ofstream(path_ + "/" + name, std::ios::binary) << contents;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

constexpr char kHeader[] = "written\tspoken\tends_sentence\n";

TEST(LoadLanguageRulesTest, LoadsShippedDanishTables) {
  absl::StatusOr<LanguageRules> rules =
      LoadLanguageRules(POLICY_READER_VOICES_DA_DIR);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_GE(rules->abbreviations.size(), 40u);
  for (const char* written :
       {"f.eks.", "bl.a.", "jf.",  "mv.",  "m.v.", "m.fl.", "osv.",
        "pga.",   "dvs.",  "evt.", "hhv.", "iht.", "vedr.", "inkl.",
        "ekskl.", "ca.",   "mht.", "ift.", "tlf.", "nr.",   "pkt.",
        "stk.",   "mio.",  "mia.", "kr.",  "pct.", "o.l.",  "m.m.",
        "ang.",   "adm.",  "afd.", "el.",  "kl."}) {
    EXPECT_TRUE(rules->abbreviations.contains(written)) << written;
  }
  EXPECT_EQ(rules->abbreviations.at("f.eks.").spoken, "for eksempel");
  EXPECT_TRUE(rules->abbreviations.at("jf.").never_ends_sentence);
  EXPECT_TRUE(rules->abbreviations.at("kl.").never_ends_sentence);
  EXPECT_FALSE(rules->abbreviations.at("mv.").never_ends_sentence);
  EXPECT_FALSE(rules->abbreviations.at("osv.").never_ends_sentence);
  for (const char* month : {"januar", "juni", "december", "klasse", "sal"}) {
    EXPECT_TRUE(rules->ordinal_followers.contains(month)) << month;
  }
  EXPECT_TRUE(rules->clause_conjunctions.contains("og"));
  EXPECT_TRUE(rules->lead_in_endings.contains("er"));
}

TEST(LoadLanguageRulesTest, LoadsGoodFileWithCommentsAndBlankLines) {
  TempRulesDir dir;
  dir.Write("abbreviations.tsv", "# comment before the header\n\n" +
                                     std::string(kHeader) +
                                     "f.eks.\tfor eksempel\tno\n"
                                     "   # indented comment\n"
                                     "\n"
                                     "mv.\tmed videre\tmaybe\r\n");
  dir.Write("ordinal_followers.txt", "# months\nJanuar\n\njuni\n");
  absl::StatusOr<LanguageRules> rules = LoadLanguageRules(dir.path());
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->abbreviations.size(), 2u);
  EXPECT_TRUE(rules->abbreviations.at("f.eks.").never_ends_sentence);
  EXPECT_FALSE(rules->abbreviations.at("mv.").never_ends_sentence);
  EXPECT_EQ(rules->abbreviations.at("mv.").spoken, "med videre");
  EXPECT_TRUE(rules->ordinal_followers.contains("januar"));  // lower-cased
  EXPECT_TRUE(rules->ordinal_followers.contains("juni"));
  // Optional lists absent: empty, not an error.
  EXPECT_TRUE(rules->clause_conjunctions.empty());
  EXPECT_TRUE(rules->lead_in_endings.empty());
}

TEST(LoadLanguageRulesTest, AcceptsAByteOrderMark) {
  TempRulesDir dir;
  // As Notepad saves UTF-8.
  dir.Write("abbreviations.tsv", "\xEF\xBB\xBF" + std::string(kHeader) +
                                     "f.eks.\tfor eksempel\tno\r\n");
  dir.Write("ordinal_followers.txt", "\xEF\xBB\xBFjuni\r\n");
  absl::StatusOr<LanguageRules> rules = LoadLanguageRules(dir.path());
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->abbreviations.at("f.eks.").spoken, "for eksempel");
  EXPECT_TRUE(rules->ordinal_followers.contains("juni"));
  EXPECT_EQ(rules->ordinal_followers.size(), 1u);
}

TEST(LoadLanguageRulesTest, MalformedLineNamesFileAndLine) {
  TempRulesDir dir;
  dir.Write("abbreviations.tsv", "# 1\n# 2\n" + std::string(kHeader) +
                                     "f.eks.\tfor eksempel\tno\n"  // 4
                                     "\n"                          // 5
                                     "bl.a.\tblandt andet\tno\n"   // 6
                                     "jf.\tjævnfør\n");            // 7
  dir.Write("ordinal_followers.txt", "juni\n");
  absl::StatusOr<LanguageRules> rules = LoadLanguageRules(dir.path());
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rules.status().message(),
            dir.path() +
                "/abbreviations.tsv line 7: expected 3 tab-separated columns "
                "(written, spoken, ends_sentence), found 2");
}

struct BadFileCase {
  std::string name;
  std::string abbreviations;
  std::string ordinal_followers;
  std::string expected_message_suffix;
};

class BadFileTest : public testing::TestWithParam<BadFileCase> {};

TEST_P(BadFileTest, IsInvalidArgumentNamingFileAndLine) {
  const BadFileCase& c = GetParam();
  TempRulesDir dir;
  dir.Write("abbreviations.tsv", c.abbreviations);
  dir.Write("ordinal_followers.txt", c.ordinal_followers);
  absl::StatusOr<LanguageRules> rules = LoadLanguageRules(dir.path());
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rules.status().message(),
            dir.path() + "/" + c.expected_message_suffix);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadFileTest,
    testing::Values(
        BadFileCase{"MissingHeader", "f.eks.\tfor eksempel\tno\n", "juni\n",
                    "abbreviations.tsv line 1: expected the header "
                    "\"written<TAB>spoken<TAB>ends_sentence\""},
        BadFileCase{"EmptyFile", "# only a comment\n", "juni\n",
                    "abbreviations.tsv: missing the header line "
                    "\"written<TAB>spoken<TAB>ends_sentence\""},
        BadFileCase{"FourColumns", std::string(kHeader) + "a.\tb\tno\textra\n",
                    "juni\n",
                    "abbreviations.tsv line 2: expected 3 tab-separated "
                    "columns (written, spoken, ends_sentence), found 4"},
        BadFileCase{"SpacesInsteadOfTabs",
                    std::string(kHeader) + "f.eks. for eksempel no\n", "juni\n",
                    "abbreviations.tsv line 2: expected 3 tab-separated "
                    "columns (written, spoken, ends_sentence), found 1"},
        BadFileCase{"BadEndsSentence",
                    std::string(kHeader) + "mv.\tmed videre\tyes\n", "juni\n",
                    "abbreviations.tsv line 2: ends_sentence must be \"no\" "
                    "or \"maybe\", found \"yes\""},
        BadFileCase{"EmptySpoken", std::string(kHeader) + "mv.\t\tmaybe\n",
                    "juni\n",
                    "abbreviations.tsv line 2: the written and spoken "
                    "columns must not be empty"},
        BadFileCase{"SpaceInWritten",
                    std::string(kHeader) + "f. eks.\tfor eksempel\tno\n",
                    "juni\n",
                    "abbreviations.tsv line 2: written form \"f. eks.\" "
                    "must be one word without spaces"},
        BadFileCase{"WrittenFormTooLong",
                    std::string(kHeader) + std::string(33, 'a') + ".\tx\tno\n",
                    "juni\n",
                    "abbreviations.tsv line 2: written form is longer than "
                    "32 bytes"},
        BadFileCase{
            "Duplicate",
            std::string(kHeader) + "kr.\tkroner\tmaybe\n\nkr.\tkr\tno\n",
            "juni\n",
            "abbreviations.tsv line 4: duplicate abbreviation "
            "\"kr.\" (first on line 2)"},
        BadFileCase{"InvalidUtf8",
                    std::string(kHeader) + "kr.\tkr\xFF"
                                           "ner\tmaybe\n",
                    "juni\n", "abbreviations.tsv line 2: not valid UTF-8"},
        // Comments too: a file saved in Latin-1 is refused, not misread.
        BadFileCase{"InvalidUtf8InAComment",
                    std::string(kHeader) + "# s\xE6rlig\nkr.\tkroner\tmaybe\n",
                    "juni\n", "abbreviations.tsv line 2: not valid UTF-8"},
        BadFileCase{"TwoWordsInFollowers",
                    std::string(kHeader) + "kr.\tkroner\tmaybe\n",
                    "juni\n# ok\nden juni\n",
                    "ordinal_followers.txt line 3: expected one word, found "
                    "\"den juni\""}),
    [](const testing::TestParamInfo<BadFileCase>& info) {
      return info.param.name;
    });

TEST(LoadLanguageRulesTest, MissingFileIsNotFoundNamingThePath) {
  TempRulesDir dir;
  absl::StatusOr<LanguageRules> rules = LoadLanguageRules(dir.path());
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(rules.status().message(),
            "cannot open " + dir.path() + "/abbreviations.tsv");

  dir.Write("abbreviations.tsv", kHeader);
  rules = LoadLanguageRules(dir.path() + "/");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().message(),
            "cannot open " + dir.path() + "/ordinal_followers.txt");
}

TEST(LoadLanguageRulesTest, MalformedOptionalListIsAnError) {
  TempRulesDir dir;
  dir.Write("abbreviations.tsv", kHeader);
  dir.Write("ordinal_followers.txt", "juni\n");
  dir.Write("clause_conjunctions.txt", "og\nmen eller\n");
  absl::StatusOr<LanguageRules> rules = LoadLanguageRules(dir.path());
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().message(),
            dir.path() +
                "/clause_conjunctions.txt line 2: expected one word, found "
                "\"men eller\"");
}

TEST(FindAbbreviationTest, FindsCapitalisedFormThroughLowerCaseEntry) {
  LanguageRules rules;
  rules.abbreviations["f.eks."] = {"for eksempel", true};
  rules.abbreviations["øvr."] = {"øvrige", false};
  bool capitalized = true;
  const Abbreviation* found = FindAbbreviation(rules, "f.eks.", &capitalized);
  ASSERT_NE(found, nullptr);
  EXPECT_FALSE(capitalized);
  found = FindAbbreviation(rules, "F.eks.", &capitalized);
  ASSERT_NE(found, nullptr);
  EXPECT_TRUE(capitalized);
  EXPECT_EQ(found->spoken, "for eksempel");
  EXPECT_NE(FindAbbreviation(rules, "Øvr.", &capitalized), nullptr);
  EXPECT_TRUE(capitalized);
  EXPECT_EQ(FindAbbreviation(rules, "F.EKS.", &capitalized), nullptr);
  EXPECT_EQ(FindAbbreviation(rules, "", &capitalized), nullptr);
}

TEST(IsOrdinalFollowerTest, IgnoresCaseAndTrailingDot) {
  LanguageRules rules;
  rules.ordinal_followers["juni"] = true;
  rules.ordinal_followers["mar"] = true;
  EXPECT_TRUE(IsOrdinalFollower(rules, "juni"));
  EXPECT_TRUE(IsOrdinalFollower(rules, "Juni"));
  EXPECT_TRUE(IsOrdinalFollower(rules, "JUNI."));
  EXPECT_TRUE(IsOrdinalFollower(rules, "mar."));
  EXPECT_FALSE(IsOrdinalFollower(rules, "Alle"));
  EXPECT_FALSE(IsOrdinalFollower(rules, ""));
}

TEST(LowerCaseTest, LowersDanishLetters) {
  EXPECT_EQ(LowerCase("ÆØÅ Næstved ÉN"), "æøå næstved én");
}

// --- The normalizer's optional tables.

TEST(LoadNormalizerTablesTest, LoadsShippedDanishTables) {
  absl::StatusOr<LanguageRules> rules =
      LoadLanguageRules(POLICY_READER_VOICES_DA_DIR);
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_TRUE(rules->units.contains("m²"));
  EXPECT_EQ(rules->units.at("m²").many, "kvadratmeter");
  EXPECT_EQ(rules->units.at("kr.").one, "krone");
  EXPECT_TRUE(rules->units.at("kr.").may_precede);
  EXPECT_TRUE(rules->units.at("€").may_precede);
  EXPECT_TRUE(rules->units.at("kg").neuter);
  EXPECT_EQ(rules->symbols.at("&"), "og");
  EXPECT_EQ(rules->acronyms.at("KL"), "K L");
  EXPECT_EQ(rules->letters.size(), 29u);
  EXPECT_EQ(rules->letters.at("w"), "W");
  EXPECT_TRUE(rules->lexicon.contains("naestved"));
  EXPECT_TRUE(rules->neuter_nouns.contains("år"));
  ASSERT_TRUE(rules->number_cues.contains("kl."));
  EXPECT_EQ(rules->number_cues.at("kl.").cue, NumberCue::kTime);
  EXPECT_TRUE(rules->number_cues.at("kl.").spoken.empty());
  EXPECT_EQ(rules->number_cues.at("§").spoken, "paragraf");
  EXPECT_EQ(rules->number_cues.at("tlf.").cue, NumberCue::kPhone);
}

TEST(LoadNormalizerTablesTest, OptionalTablesMayBeMissing) {
  TempRulesDir dir;
  dir.Write("abbreviations.tsv", kHeader);
  dir.Write("ordinal_followers.txt", "juni\n");
  absl::StatusOr<LanguageRules> rules = LoadLanguageRules(dir.path());
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_TRUE(rules->units.empty());
  EXPECT_TRUE(rules->acronyms.empty());
  EXPECT_TRUE(rules->number_cues.empty());
}

TEST(LoadNormalizerTablesTest, LoadsGoodFiles) {
  TempRulesDir dir;
  dir.Write("abbreviations.tsv", kHeader);
  dir.Write("ordinal_followers.txt", "juni\n");
  dir.Write("units.tsv",
            "# comment\nwritten\tgender\tone\tmany\tplace\n"
            "kr.\ten\tkrone\tkroner\tafter\n\n"
            "€\ten\teuro\teuro\tboth\r\n"
            "kg\tet\tkilo\tkilo\tafter\n");
  dir.Write("symbols.tsv", "written\tspoken\n&\tog\n");
  dir.Write("acronyms.tsv", "written\tspoken\nKL\tkå el\n");
  dir.Write("letters.tsv", "letter\tspoken\nk\tkå\n");
  dir.Write("lexicon.tsv", "written\tspoken\nnaestved\tnæstved\n");
  dir.Write("neuter_nouns.txt", "År\nbarn\n");
  dir.Write("number_cues.tsv",
            "written\tcue\tspoken\nKl.\ttime\t-\n§\tlabel\tparagraf\n");
  absl::StatusOr<LanguageRules> rules = LoadLanguageRules(dir.path());
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->units.size(), 3u);
  EXPECT_EQ(rules->units.at("kr.").many, "kroner");
  EXPECT_TRUE(rules->units.at("€").may_precede);
  EXPECT_TRUE(rules->units.at("kg").neuter);
  EXPECT_FALSE(rules->units.at("kr.").neuter);
  EXPECT_EQ(rules->symbols.at("&"), "og");
  EXPECT_EQ(rules->acronyms.at("KL"), "kå el");
  EXPECT_EQ(rules->letters.at("k"), "kå");
  EXPECT_EQ(rules->lexicon.at("naestved"), "næstved");
  EXPECT_TRUE(rules->neuter_nouns.contains("år"));
  // Cue words are matched in lower case.
  ASSERT_TRUE(rules->number_cues.contains("kl."));
  EXPECT_EQ(rules->number_cues.at("kl.").cue, NumberCue::kTime);
  EXPECT_EQ(rules->number_cues.at("kl.").spoken, "");
  EXPECT_EQ(rules->number_cues.at("§").spoken, "paragraf");
}

struct BadTableCase {
  std::string name;
  std::string file;
  std::string contents;
  std::string expected_message_suffix;
};

class BadTableTest : public testing::TestWithParam<BadTableCase> {};

TEST_P(BadTableTest, IsInvalidArgumentNamingFileAndLine) {
  const BadTableCase& c = GetParam();
  TempRulesDir dir;
  dir.Write("abbreviations.tsv", kHeader);
  dir.Write("ordinal_followers.txt", "juni\n");
  dir.Write(c.file, c.contents);
  absl::StatusOr<LanguageRules> rules = LoadLanguageRules(dir.path());
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rules.status().message(),
            dir.path() + "/" + c.expected_message_suffix);
}

constexpr char kUnitsHeader[] = "written\tgender\tone\tmany\tplace\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, BadTableTest,
    testing::Values(
        BadTableCase{"UnitsMissingHeader", "units.tsv",
                     "kr.\ten\tkrone\tkroner\tafter\n",
                     "units.tsv line 1: expected the header "
                     "\"written\tgender\tone\tmany\tplace\""},
        BadTableCase{"UnitsBadGender", "units.tsv",
                     std::string(kUnitsHeader) +
                         "kr.\ten\tkrone\tkroner\tafter\nkg\tneuter\tkilo\t"
                         "kilo\tafter\n",
                     "units.tsv line 3: gender must be \"en\" or \"et\", "
                     "found \"neuter\""},
        BadTableCase{"UnitsBadPlace", "units.tsv",
                     std::string(kUnitsHeader) + "€\ten\teuro\teuro\tbefore\n",
                     "units.tsv line 2: place must be \"after\" or \"both\", "
                     "found \"before\""},
        BadTableCase{"UnitsTooFewColumns", "units.tsv",
                     std::string(kUnitsHeader) + "# c\n\nkm\ten\tkilometer\n",
                     "units.tsv line 4: expected 5 tab-separated columns, "
                     "found 3"},
        BadTableCase{"UnitsEmptyColumn", "units.tsv",
                     std::string(kUnitsHeader) + "km\ten\t\tkilometer\tafter\n",
                     "units.tsv line 2: empty column"},
        BadTableCase{"UnitsDuplicate", "units.tsv",
                     std::string(kUnitsHeader) +
                         "km\ten\tkilometer\tkilometer\tafter\n"
                         "km\ten\tkilometer\tkilometer\tafter\n",
                     "units.tsv line 3: duplicate entry \"km\" (first on "
                     "line 2)"},
        BadTableCase{"UnitsTooLong", "units.tsv",
                     std::string(kUnitsHeader) + std::string(17, 'x') +
                         "\ten\tx\tx\tafter\n",
                     "units.tsv line 2: unit is longer than 16 bytes"},
        BadTableCase{"SymbolsThreeColumns", "symbols.tsv",
                     "written\tspoken\n&\tog\n+\tplus\textra\n",
                     "symbols.tsv line 3: expected 2 tab-separated columns, "
                     "found 3"},
        BadTableCase{"AcronymsEmptyFile", "acronyms.tsv", "# nothing\n",
                     "acronyms.tsv: missing the header line "
                     "\"written\tspoken\""},
        BadTableCase{"AcronymsDuplicate", "acronyms.tsv",
                     "written\tspoken\nKL\tkå el\nEU\te u\nKL\tkl\n",
                     "acronyms.tsv line 4: duplicate entry \"KL\" (first on "
                     "line 2)"},
        BadTableCase{"LettersWrongHeader", "letters.tsv",
                     "written\tspoken\nk\tkå\n",
                     "letters.tsv line 1: expected the header "
                     "\"letter\tspoken\""},
        BadTableCase{"LexiconInvalidUtf8", "lexicon.tsv",
                     "written\tspoken\nn\xE6stved\tnæstved\n",
                     "lexicon.tsv line 2: not valid UTF-8"},
        BadTableCase{"LexiconSpacesNotTabs", "lexicon.tsv",
                     "written\tspoken\nnaestved næstved\n",
                     "lexicon.tsv line 2: expected 2 tab-separated columns, "
                     "found 1"},
        BadTableCase{"NeuterNounsTwoWords", "neuter_nouns.txt",
                     "år\nbarn\net hus\n",
                     "neuter_nouns.txt line 3: expected one word, found "
                     "\"et hus\""},
        BadTableCase{"NumberCuesBadCue", "number_cues.tsv",
                     "written\tcue\tspoken\nkl.\ttime\t-\n# c\nd.\tday\tden\n",
                     "number_cues.tsv line 4: cue must be label, time, date "
                     "or phone, found \"day\""},
        BadTableCase{"NumberCuesDuplicateInOtherCase", "number_cues.tsv",
                     "written\tcue\tspoken\nkl.\ttime\t-\nKl.\ttime\t-\n",
                     "number_cues.tsv line 3: duplicate entry \"kl.\" (first "
                     "on line 2)"}),
    [](const testing::TestParamInfo<BadTableCase>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace policyreader::text

namespace policyreader::text {
namespace {

TEST(WebChromeRulesTest, ShippedPhrasesLoadAndCompareByKey) {
  absl::StatusOr<LanguageRules> rules =
      LoadLanguageRules(POLICY_READER_VOICES_DA_DIR);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_TRUE(
      rules->web_chrome.contains(PhraseKey("  Gå   til HOVEDINDHOLD ")));
  // Copied from a web page, with the page's no-break space.
  EXPECT_TRUE(
      rules->web_chrome.contains(PhraseKey("Gå\u00A0til hovedindhold")));
  EXPECT_FALSE(rules->web_chrome.contains(PhraseKey("Politik")));
}

}  // namespace
}  // namespace policyreader::text
