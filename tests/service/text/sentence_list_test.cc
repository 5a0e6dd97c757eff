// TextPipeline::Prepare and SentenceList: the sentences a stream reads on
// demand are exactly those Process returns, on the real policies, in every
// order and from several threads; and Normalizer::Readable, which counts
// them before any is normalized, agrees with Normalize.
#include "service/text/sentence_list.h"

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/chars.h"
#include "service/text/markup.h"
#include "service/text/normalize/normalizer.h"
#include "service/text/pipeline.h"
#include "service/text/segment/segmenter.h"
#include "service/text/utf8.h"
#include "tests/service/text/danish_rules.h"

namespace policyreader::text {
namespace {

namespace fs = std::filesystem;

struct Sample {
  std::string name;
  std::string text;
  TextFormat format;
};

// The shared policies, the bundled library and the format samples.
std::vector<Sample> Samples() {
  std::vector<Sample> samples;
  const struct {
    std::string folder;
    std::string extension;
    TextFormat format;
  } sources[] = {
      {POLICY_READER_POLICIES_DIR, ".txt", TextFormat::kPlain},
      {POLICY_READER_SOURCE_DIR "/samples/library", ".txt", TextFormat::kPlain},
      {POLICY_READER_SOURCE_DIR "/samples/library", ".md",
       TextFormat::kMarkdown},
      {POLICY_READER_SOURCE_DIR "/tests/service/text/formats", ".html",
       TextFormat::kHtml},
      {POLICY_READER_SOURCE_DIR "/tests/service/text/formats", ".md",
       TextFormat::kMarkdown},
      {POLICY_READER_SOURCE_DIR "/tests/service/text/corpus/segmentation",
       ".txt", TextFormat::kPlain},
  };
  for (const auto& source : sources) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(source.folder, ec)) {
      if (entry.path().extension() != source.extension) continue;
      samples.push_back({entry.path().filename().string(),
                         ReadTestFile(entry.path().string()), source.format});
    }
  }
  return samples;
}

void ExpectSame(const Sentence& want, const Sentence& got, size_t index) {
  SCOPED_TRACE(testing::Message() << "sentence " << index);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.spoken_text, want.spoken_text);
  EXPECT_EQ(got.begin, want.begin);
  EXPECT_EQ(got.end, want.end);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.paragraph, want.paragraph);
  EXPECT_EQ(got.section, want.section);
  EXPECT_EQ(got.continues, want.continues);
  EXPECT_EQ(got.page, want.page);
  EXPECT_EQ(got.heading_level, want.heading_level);
}

TEST(SentenceListTest, PreparedSentencesAreProcessedOnesInAnyOrder) {
  const TextPipeline* pipeline = DanishPipeline();
  ASSERT_NE(pipeline, nullptr);
  const std::vector<Sample> samples = Samples();
  ASSERT_GE(samples.size(), 8u);
  for (const Sample& sample : samples) {
    SCOPED_TRACE(sample.name);
    auto processed = pipeline->Process(sample.text, sample.format);
    auto prepared = pipeline->Prepare(sample.text, sample.format);
    ASSERT_TRUE(processed.ok()) << processed.status();
    ASSERT_TRUE(prepared.ok()) << prepared.status();
    ASSERT_EQ((*prepared)->size(), processed->size());
    // Backwards, so nothing depends on reading in order.
    for (size_t i = processed->size(); i-- > 0;) {
      EXPECT_EQ((*prepared)->kind(i), (*processed)[i].kind);
      ExpectSame((*processed)[i], (*prepared)->Get(i), i);
      EXPECT_FALSE((*prepared)->Get(i).spoken_text.empty());
    }
  }
}

TEST(SentenceListTest, AMegabyteOfPoliciesReadFromTheMiddle) {
  const TextPipeline* pipeline = DanishPipeline();
  ASSERT_NE(pipeline, nullptr);
  std::string one;
  for (const Sample& sample : Samples()) {
    if (sample.format == TextFormat::kPlain) one += sample.text + "\n\n";
  }
  std::string text;
  while (text.size() + one.size() <= TextPipelineOptions{}.max_input_bytes) {
    text += one;
  }
  ASSERT_GT(text.size(), 900'000u);
  auto processed = pipeline->Process(text);
  auto prepared = pipeline->Prepare(text);
  ASSERT_TRUE(processed.ok()) << processed.status();
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  ASSERT_EQ((*prepared)->size(), processed->size());
  // Four readers at once, each from its own start, as streams sharing a
  // document would (TSan checks the locking).
  std::vector<std::thread> readers;
  std::vector<size_t> mismatches(4, 0);
  for (size_t r = 0; r < 4; ++r) {
    readers.emplace_back([&, r] {
      const size_t n = processed->size();
      for (size_t k = 0; k < n; ++k) {
        const size_t i = (r * n / 4 + k) % n;
        const Sentence& got = (*prepared)->Get(i);
        if (got.spoken_text != (*processed)[i].spoken_text ||
            got.begin != (*processed)[i].begin) {
          ++mismatches[r];
        }
      }
    });
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(mismatches, std::vector<size_t>(4, 0));
  const std::vector<Sentence> all = (*prepared)->All();
  ASSERT_EQ(all.size(), processed->size());
  for (size_t i = 0; i < all.size(); ++i)
    ExpectSame((*processed)[i], all[i], i);
}

TEST(SentenceListTest, PrepareFailsAsProcessDoes) {
  const TextPipeline* pipeline = DanishPipeline();
  ASSERT_NE(pipeline, nullptr);
  std::string late_error(1'000'000, 'a');
  for (size_t i = 79; i < late_error.size(); i += 80) late_error[i] = ' ';
  late_error[900'000] = '\xff';
  const std::string inputs[] = {
      "", std::string(TextPipelineOptions{}.max_input_bytes + 1, 'a'),
      late_error, "<speak></speak> \u2022 \uFFFD"};
  for (const std::string& input : inputs) {
    auto processed = pipeline->Process(input);
    auto prepared = pipeline->Prepare(input);
    ASSERT_FALSE(processed.ok());
    ASSERT_FALSE(prepared.ok());
    EXPECT_EQ(prepared.status(), processed.status());
  }
  EXPECT_EQ(pipeline->Prepare(late_error).status().message(),
            "text is not valid UTF-8 at byte 900000");
}

TEST(SentenceListTest, SharesACompleteList) {
  auto sentences = std::make_shared<const std::vector<Sentence>>(
      std::vector<Sentence>{{.text = "Hej.", .spoken_text = "Hej."},
                            {.text = "1.",
                             .spoken_text = "en.",
                             .kind = SentenceKind::kHeading}});
  const SentenceList list(sentences);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(&list.Get(1), &(*sentences)[1]);
  EXPECT_EQ(list.kind(1), SentenceKind::kHeading);
}

// A word character outside tags: what the segmenter asks of a sentence it
// keeps, and so of every text the pipeline asks Readable about.
bool HasWordCharOutsideTags(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    if (text[pos] == '<' && MarkupTagEnd(text, pos) != 0) {
      pos = MarkupTagEnd(text, pos);
      continue;
    }
    const DecodedChar c = DecodeUtf8(text, pos);
    if (IsWordChar(c.code_point)) return true;
    pos += c.length;
  }
  return false;
}

// What Readable says of a text is what Normalize does with it; symbols
// alone ("§", which is read "paragraf") are never a sentence and are not
// readable to it.
bool ReadableAgrees(const Normalizer& normalizer, const std::string& text) {
  if (!HasWordCharOutsideTags(text)) return !normalizer.Readable(text);
  return normalizer.Readable(text) == !normalizer.Normalize(text).empty();
}

void ExpectReadableAgrees(const Normalizer& normalizer,
                          const std::string& text) {
  EXPECT_TRUE(ReadableAgrees(normalizer, text))
      << "\"" << text << "\" -> \"" << normalizer.Normalize(text) << "\"";
}

TEST(ReadableTest, AgreesWithNormalizeOnEdgeCases) {
  ASSERT_NE(DanishRules(), nullptr);
  const Normalizer normalizer(DanishRules());
  const std::string cases[] = {
      "",
      " ",
      "<speak></speak>",
      "<b>Hej</b>",
      "<break time='3s'/>",
      "3 < 5",
      "<",
      ">",
      "<<>>",
      "\uFFFD",
      "\uF0B7",
      "\uF0B7 Punkt",
      "\u2022",
      "\u2022 a",
      "\u25AA\u25AA",
      "\u00AD",
      "\u200B",
      "§",
      "§ 3",
      "%",
      "50 %",
      "&",
      "&amp;",
      "—",
      "...",
      "…",
      "-",
      "+",
      "€",
      "€ 5",
      "kr.",
      "f.eks.",
      "www.kommune.dk",
      "a@b.dk",
      "@",
      "#",
      "*",
      "©",
      "™",
      "°",
      "½",
      "²",
      "m²",
      "1.",
      "1.-3.",
      "XIV.",
      "I",
      "o",
      "–",
      "\u2713",
      "\u27A2 Mål",
      "<p>\uF0A7</p>",
      "(",
      "()",
      "[1]",
      "\"\"",
      "’",
      "´",
      "¨",
      "\t\n",
      "\x01",
      "😀",
      "😀 glad",
      "→",
      "→ næste",
      "A/S",
      "c/o",
      "/",
      "\\",
      "nr.",
      "-nr.",
      "Sagnr.",
      "=",
      "==",
      "|",
      "12:00",
      ":",
      "?",
      "!",
      "¿",
      "¡",
      "«»",
      "‹›",
      "「」",
      "ß",
      "ﬁ",
  };
  for (const std::string& text : cases) ExpectReadableAgrees(normalizer, text);
}

TEST(ReadableTest, AgreesWithNormalizeOnEverySegmentedSentence) {
  ASSERT_NE(DanishRules(), nullptr);
  const Normalizer normalizer(DanishRules());
  const Segmenter segmenter(DanishRules());
  size_t checked = 0;
  for (const Sample& sample : Samples()) {
    if (sample.format != TextFormat::kPlain) continue;
    SCOPED_TRACE(sample.name);
    for (const Sentence& sentence : segmenter.Segment(sample.text)) {
      ExpectReadableAgrees(normalizer, sentence.text);
      ++checked;
    }
  }
  EXPECT_GT(checked, 500u);
}

// Short strings of the pieces the stages treat specially, many at random
// (a fixed seed, so a failure repeats).
TEST(ReadableTest, AgreesWithNormalizeOnRandomPieces) {
  ASSERT_NE(DanishRules(), nullptr);
  const Normalizer normalizer(DanishRules());
  const std::string pieces[] = {
      " ",      "\n", "a",      "Æ",  "5",      "12",     ".",      ",",
      "-",      "–",  "<",      ">",  "<b>",    "</b>",   "<br/>",  "§",
      "%",      "&",  "@",      "/",  "\uFFFD", "\uF0B7", "\u2022", "\u00AD",
      "\u200B", "kr", "f.eks.", "nr", "www.",   "dk",     ":",      "(",
      ")",      "\"", "'",      "€",  "°",      "*",      "+",      "=",
      "#",      "²",  "😀",      "→",  "™",      "I",      "V",      "kl",
      "stk",    "o",  "ﬁ",      "\t", "\x01",   "!",      "?",
  };
  std::mt19937 random(15);
  std::uniform_int_distribution<size_t> piece(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> length(1, 6);
  int disagreements = 0;
  int with_words = 0;
  for (int n = 0; n < 20000 && disagreements < 5; ++n) {
    std::string text;
    for (int k = length(random); k > 0; --k) text += pieces[piece(random)];
    with_words += HasWordCharOutsideTags(text);
    if (!ReadableAgrees(normalizer, text)) {
      ++disagreements;
      ADD_FAILURE() << "\"" << text << "\" -> \"" << normalizer.Normalize(text)
                    << "\"";
    }
  }
  EXPECT_EQ(disagreements, 0);
  EXPECT_GT(with_words, 10000);
}

}  // namespace
}  // namespace policyreader::text
