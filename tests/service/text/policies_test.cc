// Runs the pipeline over the real municipal texts in shared/policies: exact
// offsets, clean spoken text, and headings and bullets kept apart from the
// paragraphs around them (checked by hand for known ones).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/pipeline.h"

namespace policyreader::text {
namespace {

namespace fs = std::filesystem;

class PoliciesTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(POLICY_READER_POLICIES_DIR)) {
      GTEST_SKIP() << "no sample policies at " << POLICY_READER_POLICIES_DIR;
    }
    absl::StatusOr<LanguageRules> rules =
        LoadLanguageRules(POLICY_READER_VOICES_DA_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    pipeline_ = std::make_unique<TextPipeline>(
        std::make_shared<const LanguageRules>(*std::move(rules)),
        TextPipelineOptions{});
  }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
  }

  // Sentences of one sample file; fails the test if it is not there.
  std::vector<Sentence> Segment(const std::string& file_name) {
    const fs::path path = fs::path(POLICY_READER_POLICIES_DIR) / file_name;
    if (!fs::exists(path)) {
      ADD_FAILURE() << "missing sample " << path;
      return {};
    }
    absl::StatusOr<std::vector<Sentence>> sentences =
        pipeline_->Process(Read(path));
    EXPECT_TRUE(sentences.ok()) << sentences.status();
    return sentences.ok() ? *std::move(sentences) : std::vector<Sentence>{};
  }

  static const Sentence* Find(const std::vector<Sentence>& sentences,
                              const std::string& text) {
    for (const Sentence& s : sentences) {
      if (s.text == text) return &s;
    }
    return nullptr;
  }

  static const Sentence* FindSpoken(const std::vector<Sentence>& sentences,
                                    const std::string& spoken) {
    for (const Sentence& s : sentences) {
      if (s.spoken_text == spoken) return &s;
    }
    return nullptr;
  }

  // The sentence must exist with exactly this text and kind, so it was not
  // merged into its neighbours.
  static void ExpectSentence(const std::vector<Sentence>& sentences,
                             const std::string& text, SentenceKind kind) {
    const Sentence* found = Find(sentences, text);
    ASSERT_NE(found, nullptr) << "no sentence \"" << text << "\"";
    EXPECT_EQ(found->kind, kind) << text;
  }

  std::unique_ptr<TextPipeline> pipeline_;
};

TEST_F(PoliciesTest, EveryFileGivesCleanSentencesWithExactOffsets) {
  size_t files = 0;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(POLICY_READER_POLICIES_DIR)) {
    if (entry.path().extension() != ".txt") continue;
    ++files;
    SCOPED_TRACE(entry.path().filename().string());
    const std::string input = Read(entry.path());
    const absl::StatusOr<std::vector<Sentence>> sentences =
        pipeline_->Process(input);
    ASSERT_TRUE(sentences.ok()) << sentences.status();
    ASSERT_FALSE(sentences->empty());
    size_t previous_end = 0;
    for (const Sentence& s : *sentences) {
      SCOPED_TRACE(s.text);
      ASSERT_LE(s.begin, s.end);
      ASSERT_LE(s.end, input.size());
      EXPECT_EQ(input.substr(s.begin, s.end - s.begin), s.text);
      EXPECT_GE(s.begin, previous_end);
      previous_end = s.end;
      EXPECT_FALSE(s.text.empty());
      EXPECT_FALSE(s.spoken_text.empty());
      EXPECT_EQ(s.spoken_text.find('<'), std::string::npos);
      EXPECT_EQ(s.spoken_text.find('>'), std::string::npos);
      EXPECT_EQ(s.spoken_text.find("\u2022"), std::string::npos);  // •
      EXPECT_EQ(s.spoken_text.find("\u00ad"), std::string::npos);  // soft -
      EXPECT_EQ(s.spoken_text.find("  "), std::string::npos);
      for (const char c : s.spoken_text) {
        EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f);
      }
      // A blank line always ends a unit, and a bullet always starts one.
      std::string squeezed;
      for (const char c : s.text) {
        if (c != ' ' && c != '\t' && c != '\r') squeezed.push_back(c);
      }
      EXPECT_EQ(squeezed.find("\n\n"), std::string::npos);
      EXPECT_EQ(s.text.find("\n\u2022"), std::string::npos);
      EXPECT_EQ(s.text.find("\u2022"), std::string::npos)
          << "bullet glyph inside a sentence";
      EXPECT_LE(s.text.size(), 300u * 2) << "over-long sentence not split";
    }
  }
  EXPECT_GE(files, 1u);
}

TEST_F(PoliciesTest, AlbertslundHeadingsStandAlone) {
  const std::vector<Sentence> s =
      Segment("albertslund-medarbejder-og-ledelsesgrundlag.txt");
  ExpectSentence(s, "MEDARBEJDER- OG LEDELSESGRUNDLAG", SentenceKind::kHeading);
  ExpectSentence(s, "Vores opgave", SentenceKind::kHeading);
  ExpectSentence(s, "Mod", SentenceKind::kHeading);
  ExpectSentence(s, "Helhed", SentenceKind::kHeading);
  ExpectSentence(s, "Relationer", SentenceKind::kHeading);
  ExpectSentence(s, "Vi er én kommune og én organisation.",
                 SentenceKind::kParagraph);
}

TEST_F(PoliciesTest, KoldingBulletsAreItemsAndLeadInsAreNot) {
  const std::vector<Sentence> s = Segment("kolding-personalepolitik.txt");
  ExpectSentence(s, "Vi forventer af dig som medarbejder, at du",
                 SentenceKind::kParagraph);
  ExpectSentence(s, "møder borgerne og dine kolleger fordomsfrit",
                 SentenceKind::kListItem);
  ExpectSentence(s, "udviser respekt for de roller, andre er tildelt",
                 SentenceKind::kListItem);
  ExpectSentence(s, "udøver selvkontrol.", SentenceKind::kListItem);
  ExpectSentence(s, "Du lærer af fejl og undgår gentagelser",
                 SentenceKind::kListItem);
  const Sentence* bla = Find(
      s,
      "har fokus på at udvikle dine kompetencer og din opgaveløsning, bl.a. "
      "ved at lære af andre");
  ASSERT_NE(bla, nullptr);
  EXPECT_NE(bla->spoken_text.find("blandt andet"), std::string::npos);
  const Sentence* mv =
      Find(s,
           "Vi udviser respekt for hinandens roller, forskelligheder, viden, "
           "erfaringer mv.");
  ASSERT_NE(mv, nullptr);
  EXPECT_EQ(mv->spoken_text,
            "Vi udviser respekt for hinandens roller, forskelligheder, viden, "
            "erfaringer med videre.");
}

TEST_F(PoliciesTest, NaestvedLedelsesgrundlagPdfScars) {
  const std::vector<Sentence> s = Segment("naestved-ledelsesgrundlag.txt");
  ExpectSentence(s, "LEDELSES-\nGRUNDLAG", SentenceKind::kHeading);
  ASSERT_NE(FindSpoken(s, "Ledelsesgrundlag"), nullptr);
  ExpectSentence(s, "EN FÆLLES RAMME", SentenceKind::kHeading);
  ExpectSentence(s, "SAMARBEJDE \nOG\nRELATIONER", SentenceKind::kHeading);
  ExpectSentence(s, "HVORFOR?", SentenceKind::kHeading);
  ExpectSentence(s, "Når lederes opgaver og succeskriterier skal afstemmes",
                 SentenceKind::kListItem);
  ExpectSentence(s, "I det daglige samarbejde mellem ledere og medarbejdere",
                 SentenceKind::kListItem);
  // Hyphenated line breaks joined; a wrapped bullet stays one item.
  EXPECT_NE(FindSpoken(s,
                       "Samtidigt er ledelsesgrundlaget et billede af de "
                       "forventninger, der er til os som ledere i Næstved "
                       "Kommune."),
            nullptr);
  EXPECT_NE(FindSpoken(s,
                       "Næstved Kommune skal fremover levere samme eller "
                       "bedre velfærd i en tid med færre ressourcer, stigende "
                       "krav, øget kompleksitet og nye forventninger fra "
                       "borgere og politikere."),
            nullptr);
  EXPECT_NE(FindSpoken(s,
                       "Som ramme for forventningsafstemning med og "
                       "evaluering af ledere, for eksempel 3-i-1 måling"),
            nullptr);
  // The real hyphen in a suspended compound is kept.
  bool kept = false;
  for (const Sentence& sentence : s) {
    kept = kept || sentence.spoken_text.find("arbejds- og ansvarsområder") !=
                       std::string::npos;
  }
  EXPECT_TRUE(kept);
}

TEST_F(PoliciesTest, NaestvedPolitikkerDatesListsAndHeadings) {
  const std::vector<Sentence> s =
      Segment("naestved-politikker-og-strategier.txt");
  ExpectSentence(s, "Visionen er godkendt af byrådet den 28. juni 2022.",
                 SentenceKind::kParagraph);
  ExpectSentence(s, "17. mar. 2020", SentenceKind::kParagraph);
  ExpectSentence(s, "Kommuneplanen revideres hver 4. år.",
                 SentenceKind::kParagraph);
  ExpectSentence(s, "Bolig og miljø", SentenceKind::kHeading);
  ExpectSentence(s, "Røgfrit Liv", SentenceKind::kListItem);
  ExpectSentence(s, "Kronisk Sygdom", SentenceKind::kListItem);
  ExpectSentence(s, "Byudvikling – en dynamo for vækst i hele kommunen",
                 SentenceKind::kListItem);
  ExpectSentence(s,
                 "Byerne forbindes med det åbne land og de grønne områder, og "
                 "adgangen bliver\n   sammenhængende og let tilgængelig",
                 SentenceKind::kListItem);
  ExpectSentence(s, "Understøtte initiativer til friluftsfaciliteter",
                 SentenceKind::kListItem);
  ExpectSentence(s,
                 "Denne strategi har ophæng i Næstved Kommunes overordnede "
                 "vision ”Mærk Næstved\n  – sammen om fremtiden”.",
                 SentenceKind::kParagraph);
  ExpectSentence(s,
                 "Strategi og handleplanen implementeres fra 1. januar 2016 "
                 "til 31. december 2020.",
                 SentenceKind::kParagraph);
  const Sentence* co2 = Find(
      s,
      "Kommunen som geografi sætter fokus på reduktion af CO2-udledningen i "
      "kommunens geografi.");
  ASSERT_NE(co2, nullptr);
  EXPECT_NE(co2->spoken_text.find("CO2-udledningen"), std::string::npos);
  ExpectSentence(s, "Hvem:", SentenceKind::kParagraph);
  ExpectSentence(s, "eliminering af risiko", SentenceKind::kListItem);
}

TEST_F(PoliciesTest, NaestvedVaerdierHeadings) {
  const std::vector<Sentence> s = Segment("naestved-vaerdier.txt");
  for (const char* heading : {"Tillid", "Helhed", "Dialog", "Mod"}) {
    ExpectSentence(s, heading, SentenceKind::kHeading);
  }
  ExpectSentence(s,
                 "Vi møder hinanden med udgangspunkt i, at alle vil hinanden "
                 "det bedste.",
                 SentenceKind::kParagraph);
}

}  // namespace
}  // namespace policyreader::text
