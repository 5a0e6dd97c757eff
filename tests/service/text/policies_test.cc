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
#include "tests/service/text/danish_rules.h"

namespace policyreader::text {
namespace {

namespace fs = std::filesystem;

class PoliciesTest : public testing::Test {
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

  const TextPipeline* pipeline_ = nullptr;
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
      // A blank line ends a unit unless the text after it goes on in lower
      // case (a PDF column break), and a bullet always starts one.
      std::string squeezed;
      for (const char c : s.text) {
        if (c != ' ' && c != '\t' && c != '\r') squeezed.push_back(c);
      }
      const size_t blank = squeezed.find("\n\n");
      if (blank != std::string::npos) {
        EXPECT_TRUE(blank + 2 < squeezed.size() && squeezed[blank + 2] >= 'a' &&
                    squeezed[blank + 2] <= 'z')
            << "a blank line inside a sentence";
      }
      EXPECT_EQ(s.text.find("\n\u2022"), std::string::npos);
      EXPECT_EQ(s.text.find("\u2022"), std::string::npos)
          << "bullet glyph inside a sentence";
      EXPECT_LE(s.text.size(), 300u * 2) << "over-long sentence not split";
    }
  }
  EXPECT_GE(files, 1u);
}

// paragraph counts up in steps of one, section always names a heading at or
// before the sentence (the paragraph's first sentence), and a sentence cut
// for breath continues into its own paragraph.
TEST_F(PoliciesTest, EveryFileHasConsistentStructure) {
  for (const fs::directory_entry& entry :
       fs::directory_iterator(POLICY_READER_POLICIES_DIR)) {
    if (entry.path().extension() != ".txt") continue;
    SCOPED_TRACE(entry.path().filename().string());
    const absl::StatusOr<std::vector<Sentence>> sentences =
        pipeline_->Process(Read(entry.path()));
    ASSERT_TRUE(sentences.ok()) << sentences.status();
    const std::vector<Sentence>& s = *sentences;
    ASSERT_FALSE(s.empty());
    EXPECT_EQ(s.front().paragraph, 0u);
    for (size_t i = 0; i < s.size(); ++i) {
      SCOPED_TRACE(s[i].text);
      if (i > 0) {
        EXPECT_TRUE(s[i].paragraph == s[i - 1].paragraph ||
                    s[i].paragraph == s[i - 1].paragraph + 1);
        if (s[i - 1].continues) {
          EXPECT_EQ(s[i].paragraph, s[i - 1].paragraph);
        }
      }
      if (s[i].section >= 0) {
        const size_t h = static_cast<size_t>(s[i].section);
        ASSERT_LE(h, i);
        EXPECT_EQ(s[h].kind, SentenceKind::kHeading);
        EXPECT_TRUE(h == 0 || s[h - 1].paragraph != s[h].paragraph);
      } else {
        EXPECT_EQ(s[i].section, -1);
        for (size_t j = 0; j <= i; ++j) {
          EXPECT_NE(s[j].kind, SentenceKind::kHeading);
        }
      }
    }
    EXPECT_FALSE(s.back().continues);
  }
}

TEST_F(PoliciesTest, NaestvedLedelsesgrundlagSections) {
  const std::vector<Sentence> s = Segment("naestved-ledelsesgrundlag.txt");
  ASSERT_GE(s.size(), 3u);
  EXPECT_EQ(s[0].text, "LEDELSES-\nGRUNDLAG");
  EXPECT_EQ(s[0].section, 0);
  EXPECT_EQ(s[1].text, "EN FÆLLES RAMME");
  EXPECT_EQ(s[1].section, 1);
  EXPECT_EQ(s[2].section, 1);
  EXPECT_EQ(s[2].paragraph, 2u);
  // The diagram's labels, cut by blank lines in the PDF, are read whole.
  ExpectSentence(s,
                 "Eksisterende \norganisationskultur,\n\nledelsesgrundlag "
                 "\nog personalepolitik",
                 SentenceKind::kParagraph);
}

TEST_F(PoliciesTest, KoldingEnglishSignOffKeepsTitlesWithNames) {
  const std::vector<Sentence> s = Segment("kolding-personalepolitik.txt");
  ExpectSentence(s, "Sincerely Ms. Pots and Mrs. Honey",
                 SentenceKind::kParagraph);
}

TEST_F(PoliciesTest, NaestvedPolitikkerLinksListsAndLabels) {
  const std::vector<Sentence> s =
      Segment("naestved-politikker-og-strategier.txt");
  ExpectSentence(s, "Læs hele Bosætningsstrategien her",
                 SentenceKind::kParagraph);
  ExpectSentence(s, "Se Næstvedstrategien her", SentenceKind::kParagraph);
  ExpectSentence(s, "Styrke Næstved som kulturhovedstad",
                 SentenceKind::kListItem);
  ExpectSentence(s, "Kulturen bidrager til kommunens udvikling",
                 SentenceKind::kListItem);
  ExpectSentence(s, "Mandag Kl. 9.00 - 15.00", SentenceKind::kListItem);
  ExpectSentence(s, "Tillid – Helhed - Dialog", SentenceKind::kParagraph);
  ExpectSentence(s, "Sundhed og omsorg", SentenceKind::kHeading);
  const Sentence* item = Find(s, "Røgfrit Liv");
  const Sentence* heading = Find(s, "Sundhed og omsorg");
  ASSERT_NE(item, nullptr);
  ASSERT_NE(heading, nullptr);
  EXPECT_EQ(&s[item->section], heading);
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
  const Sentence* wrapped = Find(
      s,
      "Som ramme for forventningsafstemning med og evaluering af ledere,\t\n"
      "\t f.eks. 3-i-1 måling");
  ASSERT_NE(wrapped, nullptr);
  EXPECT_EQ(wrapped->kind, SentenceKind::kListItem);
  EXPECT_EQ(wrapped->spoken_text.rfind(
                "Som ramme for forventningsafstemning med og evaluering af "
                "ledere, for eksempel ",
                0),
            0u)
      << wrapped->spoken_text;
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
  ExpectSentence(
      s,
      "1. Byerne forbindes med det åbne land og de grønne områder, og "
      "adgangen bliver\n   sammenhængende og let tilgængelig",
      SentenceKind::kListItem);
  ExpectSentence(s, "3. Understøtte initiativer til friluftsfaciliteter",
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
  // One word still (how "CO2" is read is the normalizer's business).
  EXPECT_NE(co2->spoken_text.find("-udledningen"), std::string::npos)
      << co2->spoken_text;
  ExpectSentence(s, "Hvem:", SentenceKind::kHeading);
  ExpectSentence(s, "Hvorledes:", SentenceKind::kHeading);
  ExpectSentence(
      s, "Formålet med sikringspolitikken er at:", SentenceKind::kParagraph);
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
