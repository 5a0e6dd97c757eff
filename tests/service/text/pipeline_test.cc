// The pipeline's contract: input validation with messages a person can act
// on, and sentences with exact offsets and clean spoken text.
#include "service/text/pipeline.h"

#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

std::shared_ptr<const LanguageRules> DanishRules() {
  static const auto* rules = [] {
    absl::StatusOr<LanguageRules> loaded =
        LoadLanguageRules(POLICY_READER_VOICES_DA_DIR);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const LanguageRules>(
        std::make_shared<const LanguageRules>(loaded.ok() ? *std::move(loaded)
                                                          : LanguageRules()));
  }();
  return *rules;
}

TextPipeline DefaultPipeline() {
  return TextPipeline(DanishRules(), TextPipelineOptions{});
}

struct ErrorCase {
  std::string name;
  std::string input;
  std::string message;
};

class PipelineErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(PipelineErrorTest, IsInvalidArgumentWithMessage) {
  const ErrorCase& c = GetParam();
  const absl::StatusOr<std::vector<Sentence>> result =
      DefaultPipeline().Process(c.input);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PipelineErrorTest,
    testing::Values(
        ErrorCase{"Empty", "", "text is empty"},
        ErrorCase{"TooLong", std::string(2000000, 'a'),
                  "text is 2000000 bytes; the limit is 1048576 bytes"},
        ErrorCase{"InvalidUtf8", std::string("Dette er en test ") + "\xFF",
                  "text is not valid UTF-8 at byte 17"},
        ErrorCase{"TruncatedAtEnd", "Næstved \xC3",
                  "text is not valid UTF-8 at byte 9"},
        ErrorCase{"OnlyWhitespace", " \n\t\r\n\u00a0 ",
                  "text has nothing to read"},
        ErrorCase{"OnlyControlCharacters", "\x01\x02\x1b\n\x7f",
                  "text has nothing to read"},
        ErrorCase{"OnlyMarkup", "<speak>\n<break time='3s'/>\n</speak>",
                  "text has nothing to read"},
        ErrorCase{"OnlyBulletsAndSymbols", "•\n• \n---\n* * *",
                  "text has nothing to read"}),
    [](const testing::TestParamInfo<ErrorCase>& info) {
      return info.param.name;
    });

TEST(PipelineTest, ValidatesSizeBeforeContent) {
  const TextPipeline pipeline(DanishRules(),
                              TextPipelineOptions{.max_input_bytes = 10});
  const absl::StatusOr<std::vector<Sentence>> result =
      pipeline.Process("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "text is 11 bytes; the limit is 10 bytes");
  EXPECT_TRUE(pipeline.Process("Hej igen.").ok());
}

TEST(PipelineTest, ProducesSentencesWithOffsetsAndSpokenText) {
  const std::string input =
      "EN FÆLLES RAMME\n\nMødet er kl. 9.00 i lokale 2. Alle er "
      "velkomne, f.eks. nye forvent-\nninger.\n\n• <b>sikre</b> natur\n";
  const absl::StatusOr<std::vector<Sentence>> result =
      DefaultPipeline().Process(input);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->size(), 4u);
  const std::vector<Sentence>& s = *result;
  EXPECT_EQ(s[0].text, "EN FÆLLES RAMME");
  EXPECT_EQ(s[0].spoken_text, "En fælles ramme");
  EXPECT_EQ(s[0].kind, SentenceKind::kHeading);
  EXPECT_EQ(s[1].text, "Mødet er kl. 9.00 i lokale 2.");
  // How numbers are read is the normalizer's business (its own tests); here
  // only that the abbreviation was expanded in this sentence.
  EXPECT_EQ(s[1].spoken_text.rfind("Mødet er klokken ", 0), 0u)
      << s[1].spoken_text;
  EXPECT_EQ(s[1].kind, SentenceKind::kParagraph);
  EXPECT_EQ(s[2].spoken_text,
            "Alle er velkomne, for eksempel nye forventninger.");
  EXPECT_EQ(s[3].text, "<b>sikre</b> natur");
  EXPECT_EQ(s[3].spoken_text, "sikre natur");
  EXPECT_EQ(s[3].kind, SentenceKind::kListItem);
  for (const Sentence& sentence : s) {
    EXPECT_EQ(input.substr(sentence.begin, sentence.end - sentence.begin),
              sentence.text);
  }
}

TEST(PipelineTest, DropsSentencesThatAreOnlyMarkup) {
  const std::string input = "<speak>\n\nHej.\n\n<break time='1s'/>\n\nFarvel.";
  const absl::StatusOr<std::vector<Sentence>> result =
      DefaultPipeline().Process(input);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].text, "Hej.");
  EXPECT_EQ((*result)[1].text, "Farvel.");
}

TEST(PipelineTest, HonoursMaxSentenceChars) {
  const TextPipeline pipeline(DanishRules(),
                              TextPipelineOptions{.max_sentence_chars = 40});
  const absl::StatusOr<std::vector<Sentence>> result = pipeline.Process(
      "Kommunen bygger nye skoler og renoverer gamle haller i hele byen.");
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].text, "Kommunen bygger nye skoler");
  EXPECT_EQ((*result)[1].text, "og renoverer gamle haller i hele byen.");
}

TEST(PipelineTest, DefaultSplitsVeryLongSentencesNeverMidWord) {
  std::string input = "Kommunen vil";
  for (int i = 0; i < 60; ++i) input += " arbejde sammen med borgerne";
  input += ".";
  const absl::StatusOr<std::vector<Sentence>> result =
      DefaultPipeline().Process(input);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_GT(result->size(), 1u);
  for (const Sentence& sentence : *result) {
    EXPECT_LE(sentence.text.size(), 300u);
    EXPECT_EQ(input.substr(sentence.begin, sentence.end - sentence.begin),
              sentence.text);
    EXPECT_TRUE(sentence.begin == 0 || input[sentence.begin - 1] == ' ');
    EXPECT_TRUE(sentence.end == input.size() || input[sentence.end] == ' ');
  }
}

TEST(PipelineTest, NullRulesStillWorks) {
  const TextPipeline pipeline(nullptr, TextPipelineOptions{});
  const absl::StatusOr<std::vector<Sentence>> result =
      pipeline.Process("Hej. Farvel.");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->size(), 2u);
}

TEST(PipelineTest, ConcurrentCallsAgree) {
  const TextPipeline pipeline = DefaultPipeline();
  const std::string input =
      "Jf. § 17, stk. 2 skal kommunen handle. Den 28. juni 2022 vedtog "
      "byrådet planen.\n\n• første\n• anden";
  const absl::StatusOr<std::vector<Sentence>> expected =
      pipeline.Process(input);
  ASSERT_TRUE(expected.ok());
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const absl::StatusOr<std::vector<Sentence>> got =
            pipeline.Process(input);
        if (!got.ok() || got->size() != expected->size() ||
            (*got)[0].spoken_text != (*expected)[0].spoken_text) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

// Random mixes of the pieces that make segmentation hard: whatever comes
// out must keep the contract (exact offsets, ordered, clean spoken text).
TEST(PipelinePropertyTest, RandomPiecesKeepTheContract) {
  const std::vector<std::string> pieces = {
      "f.eks.", "F.eks.",     "mv.",    "kl.",       "9.00",        "2.",
      "28.",    "juni",       "Alle",   "er",        "velkomne",    ".",
      "?",      "!",          "...",    "…",         ",",           ";",
      ":",      " ",          " ",      " ",         "\n",          "\n\n",
      "\t",     "\r\n",       "•",      "- ",        "* ",          "1. ",
      "1) ",    "forvent-\n", "ninger", "LEDELSES-", "GRUNDLAG",    "<speak>",
      "</b>",   "<",          ">",      "\"",        "”",           "(",
      ")",      "»",          "æøå",    "ÆØÅ",       "\u00ad",      "\u00a0",
      "\u200b", "\x01",       "\x7f",   "www.x.dk",  "a@b.dk",      "§",
      "17",     "stk.",       "H.C.",   "og",        "\xef\x82\xb7"};
  std::mt19937 random(20240607);
  const TextPipeline pipeline(DanishRules(),
                              TextPipelineOptions{.max_sentence_chars = 60});
  for (int round = 0; round < 2000; ++round) {
    std::string input;
    const int count = 1 + static_cast<int>(random() % 60);
    for (int i = 0; i < count; ++i) input += pieces[random() % pieces.size()];
    const absl::StatusOr<std::vector<Sentence>> result =
        pipeline.Process(input);
    if (!result.ok()) {
      EXPECT_EQ(result.status().message(), "text has nothing to read") << input;
      continue;
    }
    size_t previous_end = 0;
    for (const Sentence& s : *result) {
      ASSERT_LE(s.begin, s.end) << input;
      ASSERT_LE(s.end, input.size()) << input;
      EXPECT_EQ(input.substr(s.begin, s.end - s.begin), s.text) << input;
      EXPECT_GE(s.begin, previous_end) << input;
      previous_end = s.end;
      EXPECT_FALSE(s.spoken_text.empty()) << input;
      EXPECT_EQ(s.spoken_text.find_first_of("<>\n\t\r\x01\x7f"),
                std::string::npos)
          << input;
      EXPECT_TRUE(ValidateUtf8(s.spoken_text).ok()) << input;
    }
  }
}

// Near the input limit, with no sentence end, one giant word and many
// abbreviations: must stay roughly linear (a quadratic scan would take
// minutes here).
TEST(PipelinePropertyTest, LargeInputsFinishQuickly) {
  const TextPipeline pipeline = DefaultPipeline();
  std::vector<std::string> inputs;
  std::string no_end;
  while (no_end.size() < 1000000) no_end += "arbejde sammen med borgerne og ";
  inputs.push_back(no_end);
  inputs.push_back(std::string(1000000, 'a'));
  std::string dotted;
  while (dotted.size() < 1000000) dotted += "a.";
  inputs.push_back(dotted);
  std::string abbreviations;
  while (abbreviations.size() < 1000000)
    abbreviations += "f.eks. kl. 9.00 mv. ";
  inputs.push_back(abbreviations);
  std::string lines;
  while (lines.size() < 1000000) lines += "Kort linje\n• punkt\nOVERSKRIFT\n\n";
  inputs.push_back(lines);
  for (const std::string& input : inputs) {
    const auto start = std::chrono::steady_clock::now();
    const absl::StatusOr<std::vector<Sentence>> result =
        pipeline.Process(input);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_LT(seconds, 20.0) << input.substr(0, 40);
  }
}

// --- Structure and formats.

TEST(PipelineStructureTest, PlainTextHasParagraphsSectionsAndContinues) {
  const TextPipeline pipeline(DanishRules(),
                              TextPipelineOptions{.max_sentence_chars = 40});
  const absl::StatusOr<std::vector<Sentence>> result = pipeline.Process(
      "Indledning.\n\nVORES OPGAVE\n\nKommunen bygger nye skoler og renoverer "
      "gamle haller i hele byen.\n\n12\n\n• sikre natur");
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<Sentence>& s = *result;
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].section, -1);
  EXPECT_EQ(s[1].text, "VORES OPGAVE");
  EXPECT_EQ(s[1].section, 1);
  EXPECT_EQ(s[2].text, "Kommunen bygger nye skoler");
  EXPECT_TRUE(s[2].continues);
  EXPECT_FALSE(s[3].continues);
  EXPECT_EQ(s[2].paragraph, s[3].paragraph);
  // The lone page number is not read.
  EXPECT_EQ(s[4].text, "sikre natur");
  EXPECT_EQ(s[4].kind, SentenceKind::kListItem);
  EXPECT_EQ(s[4].section, 1);
  EXPECT_EQ(s[4].paragraph, 3u);
}

// A sentence with nothing to say is dropped; sections still point at the
// right heading in what is returned.
TEST(PipelineStructureTest, SectionsSurviveDroppedSentences) {
  const absl::StatusOr<std::vector<Sentence>> result =
      DefaultPipeline().Process("<speak>.</speak>\n\nOVERSKRIFT\n\nTekst.");
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].text, "OVERSKRIFT");
  EXPECT_EQ((*result)[0].section, 0);
  EXPECT_EQ((*result)[0].paragraph, 0u);
  EXPECT_EQ((*result)[1].section, 0);
  EXPECT_EQ((*result)[1].paragraph, 1u);
}

void ExpectExactOffsets(std::string_view input,
                        const std::vector<Sentence>& sentences) {
  for (const Sentence& s : sentences) {
    ASSERT_LE(s.begin, s.end);
    ASSERT_LE(s.end, input.size());
    EXPECT_EQ(input.substr(s.begin, s.end - s.begin), s.text);
    EXPECT_FALSE(s.spoken_text.empty());
  }
}

TEST(PipelineFormatTest, HtmlBlocksBecomeSentences) {
  const std::string input =
      "<html><body><h1>Vores opgave</h1><p>Vi er <b>én</b> kommune &amp; én "
      "organisation. Mødet er kl. 9.00 den 28. juni.</p><ul><li>sikre "
      "natur</li></ul></body></html>";
  const absl::StatusOr<std::vector<Sentence>> result =
      DefaultPipeline().Process(input, TextFormat::kHtml);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<Sentence>& s = *result;
  ExpectExactOffsets(input, s);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].text, "Vores opgave");
  EXPECT_EQ(s[0].kind, SentenceKind::kHeading);
  EXPECT_EQ(s[1].text, "Vi er <b>én</b> kommune &amp; én organisation.");
  // Read from the decoded text: no tags, the entity as a word.
  EXPECT_EQ(s[1].spoken_text, "Vi er én kommune og én organisation.");
  EXPECT_EQ(s[2].text, "Mødet er kl. 9.00 den 28. juni.");
  EXPECT_EQ(s[3].text, "sikre natur");
  EXPECT_EQ(s[3].kind, SentenceKind::kListItem);
  for (const Sentence& sentence : s) EXPECT_EQ(sentence.section, 0);
  EXPECT_EQ(s[1].paragraph, s[2].paragraph);
}

TEST(PipelineFormatTest, MarkdownBlocksBecomeSentences) {
  const std::string input =
      "# Vores opgave\n\nVi er *én* kommune. Vi er stolte.\n\n- sikre natur\n"
      "- skabe liv\n";
  const absl::StatusOr<std::vector<Sentence>> result =
      DefaultPipeline().Process(input, TextFormat::kMarkdown);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<Sentence>& s = *result;
  ExpectExactOffsets(input, s);
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].text, "Vores opgave");
  EXPECT_EQ(s[0].kind, SentenceKind::kHeading);
  EXPECT_EQ(s[1].text, "Vi er *én* kommune.");
  EXPECT_EQ(s[1].spoken_text, "Vi er én kommune.");
  EXPECT_EQ(s[3].kind, SentenceKind::kListItem);
  EXPECT_EQ(s[4].text, "skabe liv");
  EXPECT_NE(s[3].paragraph, s[4].paragraph);
}

// --- Pages and heading levels.

// A PDF's text ends each page with "\f" (service/library/pdf_text.h); a
// sentence is on the page where it begins, a page without a sentence
// start (inside a long sentence, or blank) is skipped, and text without a
// form feed has no pages.
TEST(PipelinePageTest, FormFeedsNumberThePages) {
  const std::string input =
      "FORORD\n\nVi vil trives.\n\f\nAlle skal med, og vi hjælper\n\f\n"
      "hinanden. Sig fra.\n\f\n\n\f\nOPFØLGNING\n";
  const absl::StatusOr<std::vector<Sentence>> result =
      DefaultPipeline().Process(input);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<Sentence>& s = *result;
  ExpectExactOffsets(input, s);
  std::vector<std::pair<std::string, int>> pages;
  for (const Sentence& sentence : s) {
    pages.emplace_back(sentence.text, sentence.page);
  }
  const std::vector<std::pair<std::string, int>> expected = {
      {"FORORD", 1},
      {"Vi vil trives.", 1},
      {"Alle skal med, og vi hjælper\n\f\nhinanden.", 2},
      {"Sig fra.", 3},
      {"OPFØLGNING", 5}};
  EXPECT_EQ(pages, expected);

  const absl::StatusOr<std::vector<Sentence>> plain =
      DefaultPipeline().Process("Vi vil trives. Alle skal med.");
  ASSERT_TRUE(plain.ok());
  for (const Sentence& sentence : *plain) EXPECT_EQ(sentence.page, 0);
}

TEST(PipelineHeadingLevelTest, LevelsFromEachFormat) {
  const struct {
    const char* input;
    TextFormat format;
    std::vector<int> levels;  // Of the headings, in order.
  } cases[] = {
      {"<h1>Politik</h1><h2>Formål</h2><p>Tekst.</p><h3>Mål</h3>"
       "<h2>Opfølgning</h2>",
       TextFormat::kHtml,
       {1, 2, 3, 2}},
      {"# Politik\n\n## Formål\n\nTekst.\n\n#### Dybt\n",
       TextFormat::kMarkdown,
       {1, 2, 4}},
      // Plain text marks no levels.
      {"POLITIK\n\nVi vil trives.\n\nFORMÅL\n\nTekst her.\n",
       TextFormat::kPlain,
       {0, 0}},
  };
  for (const auto& c : cases) {
    const absl::StatusOr<std::vector<Sentence>> result =
        DefaultPipeline().Process(c.input, c.format);
    ASSERT_TRUE(result.ok()) << result.status();
    std::vector<int> levels;
    for (const Sentence& sentence : *result) {
      if (sentence.kind == SentenceKind::kHeading) {
        levels.push_back(sentence.heading_level);
      } else {
        EXPECT_EQ(sentence.heading_level, 0) << sentence.text;
      }
    }
    EXPECT_EQ(levels, c.levels) << c.input;
  }
}

TEST(PipelineFormatTest, HtmlWithNothingToReadIsInvalidArgument) {
  for (const std::string input :
       {"<html><body><script>go()</script></body></html>", "<p> </p>",
        "<p>&nbsp;</p>"}) {
    const absl::StatusOr<std::vector<Sentence>> result =
        DefaultPipeline().Process(input, TextFormat::kHtml);
    ASSERT_FALSE(result.ok()) << input;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(result.status().message(), "text has nothing to read");
  }
}

TEST(PipelineFormatTest, FormatsAreCheckedLikePlainText) {
  const absl::StatusOr<std::vector<Sentence>> empty =
      DefaultPipeline().Process("", TextFormat::kHtml);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), "text is empty");
  const absl::StatusOr<std::vector<Sentence>> invalid =
      DefaultPipeline().Process("<p>\xFF</p>", TextFormat::kMarkdown);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace policyreader::text

namespace policyreader::text {
namespace {

TEST(PipelineClauseCutTest, CutPiecesEndOnAClauseMark) {
  auto rules = LoadLanguageRules(POLICY_READER_VOICES_DA_DIR);
  ASSERT_TRUE(rules.ok()) << rules.status();
  TextPipeline pipeline(
      std::make_shared<const LanguageRules>(*std::move(rules)),
      {.max_sentence_chars = 80});
  auto sentences = pipeline.Process(
      "Kommunen vil arbejde med at styrke samarbejdet mellem forvaltningerne "
      "og de frivillige foreninger og samtidig sikre at borgerne bliver "
      "inddraget tidligt i beslutningerne om byudvikling.");
  ASSERT_TRUE(sentences.ok()) << sentences.status();
  ASSERT_GE(sentences->size(), 2u);
  for (size_t i = 0; i + 1 < sentences->size(); ++i) {
    ASSERT_TRUE((*sentences)[i].continues);
    EXPECT_EQ((*sentences)[i].spoken_text.back(), ',')
        << (*sentences)[i].spoken_text;
  }
  EXPECT_FALSE(sentences->back().continues);
  EXPECT_EQ(sentences->back().spoken_text.back(), '.');
}

}  // namespace
}  // namespace policyreader::text
