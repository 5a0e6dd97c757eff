// Formats, names, keys and the incremental plan of prompt files.
#include "client/render/prompts.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::render {
namespace {

SourceSentence Sentence(uint32_t index, uint32_t paragraph,
                        std::string spoken) {
  SourceSentence s;
  s.index = index;
  s.paragraph = paragraph;
  s.text = "Tekst " + std::to_string(index) + ".";
  s.spoken_text = std::move(spoken);
  s.begin = index * 10;
  s.end = index * 10 + 8;
  s.kind = v1::SENTENCE_KIND_PARAGRAPH;
  return s;
}

Source ThreeParagraphs() {
  Source source;
  source.id = "politik";
  source.origin = "mappe/politik.txt";
  source.sentences = {Sentence(0, 0, "Formål"), Sentence(1, 1, "En."),
                      Sentence(2, 1, "To."), Sentence(3, 2, "Tre.")};
  source.sentences[0].kind = v1::SENTENCE_KIND_HEADING;
  return source;
}

PromptFormat Alaw() { return *ParsePromptFormat("alaw", ""); }

KeyParams Params(Split split = Split::kSentence) {
  return {.voice = "telefon",
          .speaking_rate = 1.0,
          .format = "alaw",
          .sample_rate_hz = 8000,
          .split = split};
}

TEST(PromptFormatTest, AsteriskFormatsAskForTheirEncodingAndRate) {
  struct Case {
    const char* name;
    const char* wav_encoding;
    v1::AudioEncoding encoding;
    uint32_t rate;
    const char* extension;
    const char* manifest_name;
  };
  for (const Case& c :
       std::vector<Case>{{"alaw", "", v1::ALAW, 8000, "alaw", "alaw"},
                         {"ulaw", "", v1::MULAW, 8000, "ulaw", "ulaw"},
                         {"mulaw", "", v1::MULAW, 8000, "ulaw", "ulaw"},
                         {"sln", "", v1::LINEAR16, 8000, "sln", "sln"},
                         {"SLN16", "", v1::LINEAR16, 16000, "sln16", "sln16"},
                         {"wav", "alaw", v1::ALAW, 8000, "wav", "wav-alaw"},
                         {"wav", "ulaw", v1::MULAW, 8000, "wav", "wav-ulaw"},
                         {"wav", "pcm", v1::LINEAR16, 8000, "wav", "wav-pcm"},
                         {"wav", "", v1::LINEAR16, 8000, "wav", "wav-pcm"}}) {
    absl::StatusOr<PromptFormat> format =
        ParsePromptFormat(c.name, c.wav_encoding);
    ASSERT_TRUE(format.ok()) << c.name;
    EXPECT_EQ(format->encoding, c.encoding) << c.name;
    EXPECT_EQ(format->sample_rate_hz, c.rate) << c.name;
    EXPECT_EQ(format->extension, c.extension) << c.name;
    EXPECT_EQ(format->name, c.manifest_name) << c.name;
    EXPECT_EQ(format->wav, std::string(c.name) == "wav") << c.name;
  }
}

TEST(PromptFormatTest, UnknownNamesAreDanishErrors) {
  EXPECT_EQ(ParsePromptFormat("mp3", "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_NE(ParsePromptFormat("mp3", "").status().message().find("Ukendt"),
            std::string::npos);
  EXPECT_FALSE(ParsePromptFormat("wav", "gsm").ok());
  EXPECT_FALSE(ParseSplit("kapitel").ok());
  EXPECT_EQ(*ParseSplit("paragraph"), Split::kParagraph);
  EXPECT_EQ(*ParseSplit("afsnit"), Split::kParagraph);
}

TEST(SourceIdTest, SafeForDialplans) {
  EXPECT_EQ(SourceId("kolding-personalepolitik"), "kolding-personalepolitik");
  EXPECT_EQ(SourceId("Ældre og Søer på Å"), "Aeldre-og-Soeer-paa-Aa");
  EXPECT_EQ(SourceId("politik (2024)"), "politik-2024-");
  EXPECT_EQ(SourceId(""), "tekst");
}

TEST(GroupPromptsTest, OneFilePerSentenceNamedInReadingOrder) {
  std::vector<Prompt> prompts =
      GroupPrompts(ThreeParagraphs(), Alaw(), Split::kSentence, Params());
  ASSERT_EQ(prompts.size(), 4u);
  EXPECT_EQ(prompts[0].file, "politik/politik-s0000.alaw");
  EXPECT_EQ(prompts[3].file, "politik/politik-s0003.alaw");
  EXPECT_EQ(prompts[2].text, "Tekst 2.");
  EXPECT_EQ(prompts[2].spoken_text, "To.");
  EXPECT_EQ(prompts[2].begin, 20u);
  EXPECT_EQ(prompts[2].end, 28u);
  EXPECT_EQ(prompts[2].first_sentence, 2u);
  EXPECT_EQ(prompts[2].last_sentence, 2u);
  EXPECT_EQ(prompts[2].source, "mappe/politik.txt");
  EXPECT_EQ(prompts[2].id, "politik");
  EXPECT_EQ(prompts[2].format, "alaw");
  EXPECT_EQ(prompts[2].key.size(), 16u);
}

TEST(GroupPromptsTest, ParagraphsAndDocuments) {
  std::vector<Prompt> paragraphs = GroupPrompts(
      ThreeParagraphs(), Alaw(), Split::kParagraph, Params(Split::kParagraph));
  ASSERT_EQ(paragraphs.size(), 3u);
  EXPECT_EQ(paragraphs[1].file, "politik/politik-p0001.alaw");
  EXPECT_EQ(paragraphs[1].spoken_text, "En. To.");
  EXPECT_EQ(paragraphs[1].first_sentence, 1u);
  EXPECT_EQ(paragraphs[1].last_sentence, 2u);
  EXPECT_EQ(paragraphs[1].begin, 10u);
  EXPECT_EQ(paragraphs[1].end, 28u);

  std::vector<Prompt> document = GroupPrompts(
      ThreeParagraphs(), Alaw(), Split::kDocument, Params(Split::kDocument));
  ASSERT_EQ(document.size(), 1u);
  EXPECT_EQ(document[0].file, "politik.alaw");
  EXPECT_EQ(document[0].spoken_text, "Formål\n\nEn. To.\n\nTre.");
  EXPECT_EQ(document[0].last_sentence, 3u);
}

TEST(GroupPromptsTest, WideNumbersWhenASourceIsLong) {
  Source source;
  source.id = "lang";
  for (uint32_t i = 0; i < 12000; ++i) {
    source.sentences.push_back(Sentence(i, i, "x"));
  }
  std::vector<Prompt> prompts =
      GroupPrompts(source, Alaw(), Split::kSentence, Params());
  EXPECT_EQ(prompts[7].file, "lang/lang-s00007.alaw");
  EXPECT_EQ(prompts.back().file, "lang/lang-s11999.alaw");
  EXPECT_TRUE(
      GroupPrompts(Source(), Alaw(), Split::kSentence, Params()).empty());
}

TEST(PromptKeyTest, Fnv1aKnownValues) {
  // Published FNV-1a 64 test vectors.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(PromptKeyTest, ChangesWithWhatDecidesTheAudioOnly) {
  const SourceSentence one = Sentence(0, 0, "Hej.");
  const std::string key = PromptKey(Params(), {&one});
  EXPECT_EQ(key, PromptKey(Params(), {&one}));

  SourceSentence moved = one;  // Same words elsewhere, written differently.
  moved.index = 9;
  moved.begin = 300;
  moved.text = "Hej .";
  EXPECT_EQ(PromptKey(Params(), {&moved}), key);

  SourceSentence other = one;
  other.spoken_text = "Hej!";
  EXPECT_NE(PromptKey(Params(), {&other}), key);
  SourceSentence cut = one;
  cut.continues = true;
  EXPECT_NE(PromptKey(Params(), {&cut}), key);
  for (const std::function<void(KeyParams*)>& change :
       std::vector<std::function<void(KeyParams*)>>{
           [](KeyParams* p) { p->voice = "dansk"; },
           [](KeyParams* p) { p->speaking_rate = 1.5; },
           [](KeyParams* p) { p->format = "ulaw"; },
           [](KeyParams* p) { p->sample_rate_hz = 16000; },
           [](KeyParams* p) { p->split = Split::kParagraph; }}) {
    KeyParams params = Params();
    change(&params);
    EXPECT_NE(PromptKey(params, {&one}), key);
  }
  // Field boundaries count: "ab"+"c" is not "a"+"bc".
  const SourceSentence ab = Sentence(0, 0, "ab"), c = Sentence(1, 0, "c"),
                       a = Sentence(0, 0, "a"), bc = Sentence(1, 0, "bc");
  EXPECT_NE(PromptKey(Params(), {&ab, &c}), PromptKey(Params(), {&a, &bc}));
}

class PlanTest : public ::testing::Test {
 protected:
  // Files on "disk" and their sizes.
  std::map<std::string, int64_t> disk_;
  std::function<int64_t(const std::string&)> Size() {
    return [this](const std::string& file) -> int64_t {
      auto it = disk_.find(file);
      return it == disk_.end() ? -1 : it->second;
    };
  }
  // The old manifest as the last run left it: every prompt on disk.
  std::vector<Prompt> Rendered(std::vector<Prompt> prompts) {
    for (Prompt& p : prompts) {
      p.bytes = 1000 + p.first_sentence;
      p.duration_ms = 125;
      disk_[p.file] = static_cast<int64_t>(p.bytes);
    }
    return prompts;
  }
};

TEST_F(PlanTest, FirstRunSynthesizesEverything) {
  std::vector<Prompt> wanted =
      GroupPrompts(ThreeParagraphs(), Alaw(), Split::kSentence, Params());
  RenderPlan plan = PlanRender({}, wanted, {"politik"}, false, false, Size());
  EXPECT_EQ(plan.synthesize, (std::vector<size_t>{0, 1, 2, 3}));
  EXPECT_TRUE(plan.unchanged.empty());
  EXPECT_TRUE(plan.remove.empty());
}

TEST_F(PlanTest, SecondRunSynthesizesNothing) {
  std::vector<Prompt> wanted =
      GroupPrompts(ThreeParagraphs(), Alaw(), Split::kSentence, Params());
  std::vector<Prompt> old = Rendered(wanted);
  RenderPlan plan = PlanRender(old, wanted, {"politik"}, false, false, Size());
  EXPECT_TRUE(plan.synthesize.empty());
  EXPECT_EQ(plan.unchanged.size(), 4u);
  EXPECT_EQ(plan.unchanged[2], (std::pair<size_t, size_t>{2, 2}));
  // --force renders it all again.
  EXPECT_EQ(PlanRender(old, wanted, {"politik"}, false, true, Size())
                .synthesize.size(),
            4u);
}

TEST_F(PlanTest, OnlyChangedMissingOrDamagedPromptsAreSynthesized) {
  Source source = ThreeParagraphs();
  std::vector<Prompt> old =
      Rendered(GroupPrompts(source, Alaw(), Split::kSentence, Params()));
  source.sentences[2].spoken_text = "To og en halv.";
  std::vector<Prompt> wanted =
      GroupPrompts(source, Alaw(), Split::kSentence, Params());
  RenderPlan plan = PlanRender(old, wanted, {"politik"}, false, false, Size());
  EXPECT_EQ(plan.synthesize, (std::vector<size_t>{2}));

  disk_.erase("politik/politik-s0000.alaw");  // Deleted by hand.
  disk_["politik/politik-s0003.alaw"] = 10;   // Cut short by a full disk.
  plan = PlanRender(old, wanted, {"politik"}, false, false, Size());
  EXPECT_EQ(plan.synthesize, (std::vector<size_t>{0, 2, 3}));
  EXPECT_EQ(plan.unchanged.size(), 1u);
}

TEST_F(PlanTest, PromptsThatDisappearedAreRemovedOnlyForSourcesInTheRun) {
  Source source = ThreeParagraphs();
  Source other = ThreeParagraphs();
  other.id = "andet";
  std::vector<Prompt> old =
      Rendered(GroupPrompts(source, Alaw(), Split::kSentence, Params()));
  for (Prompt& p :
       Rendered(GroupPrompts(other, Alaw(), Split::kSentence, Params()))) {
    old.push_back(p);
  }
  source.sentences.resize(2);  // The policy got shorter.
  std::vector<Prompt> wanted =
      GroupPrompts(source, Alaw(), Split::kSentence, Params());
  RenderPlan plan = PlanRender(old, wanted, {"politik"}, false, false, Size());
  EXPECT_TRUE(plan.synthesize.empty());
  EXPECT_EQ(plan.remove, (std::vector<size_t>{2, 3}));
  EXPECT_EQ(plan.keep, (std::vector<size_t>{4, 5, 6, 7}));
  // --prune: only what this run produced stays.
  plan = PlanRender(old, wanted, {"politik"}, true, false, Size());
  EXPECT_EQ(plan.remove, (std::vector<size_t>{2, 3, 4, 5, 6, 7}));
  EXPECT_TRUE(plan.keep.empty());
}

TEST_F(PlanTest, AnotherFormatReplacesTheOldFiles) {
  std::vector<Prompt> old = Rendered(
      GroupPrompts(ThreeParagraphs(), Alaw(), Split::kSentence, Params()));
  KeyParams params = Params();
  params.format = "sln";
  std::vector<Prompt> wanted =
      GroupPrompts(ThreeParagraphs(), *ParsePromptFormat("sln", ""),
                   Split::kSentence, params);
  RenderPlan plan = PlanRender(old, wanted, {"politik"}, false, false, Size());
  EXPECT_EQ(plan.synthesize.size(), 4u);
  EXPECT_EQ(plan.remove.size(), 4u);
}

}  // namespace
}  // namespace policyreader::render
