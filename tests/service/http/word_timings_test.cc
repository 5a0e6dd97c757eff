// Word timings tied to the written words (word_timings.h), table by table.
#include "service/http/word_timings.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::http {
namespace {

// The engine's marks for `spoken`: one per space-separated word, 300 ms
// apart from 0, as eSpeak NG reports them (punctuation included).
std::vector<SpokenWord> MarksFor(const std::string& spoken) {
  std::vector<SpokenWord> marks;
  uint32_t ms = 0;
  for (size_t at = 0; at < spoken.size();) {
    size_t end = spoken.find(' ', at);
    if (end == std::string::npos) end = spoken.size();
    marks.push_back({.spoken_begin = static_cast<uint32_t>(at),
                     .spoken_end = static_cast<uint32_t>(end),
                     .audio_offset_ms = ms});
    ms += 300;
    at = end + 1;
  }
  return marks;
}

// What each spoken word marks in the text ("" when nothing).
std::vector<std::string> Marked(const std::string& text,
                                const std::string& spoken) {
  const SentenceWords words =
      MapWordTimings(text, spoken, MarksFor(spoken), 50, 5000);
  std::vector<std::string> out;
  for (const WordTiming& w : words.words) {
    out.push_back(
        w.has_text ? text.substr(w.text_begin, w.text_end - w.text_begin) : "");
  }
  return out;
}

TEST(WordTimings, TiesSpokenWordsToWrittenWords) {
  struct Case {
    std::string text, spoken;
    std::vector<std::string> marked;
  };
  const std::vector<Case> cases = {
      // Word for word; punctuation is not marked.
      {"Kommunen har vedtaget en ny politik.",
       "Kommunen har vedtaget en ny politik.",
       {"Kommunen", "har", "vedtaget", "en", "ny", "politik"}},
      // Capitals put in sentence case still match.
      {"EN FÆLLES RAMME", "En fælles ramme", {"EN", "FÆLLES", "RAMME"}},
      // A number read as one word: one to one between the anchors.
      {"Der er 3 mål.", "Der er tre mål.", {"Der", "er", "3", "mål"}},
      // Two written, two spoken: one to one.
      {"Se § 3 i loven.",
       "Se paragraf tre i loven.",
       {"Se", "§", "3", "i", "loven"}},
      // More spoken than written words: each marks the whole stretch.
      {"Mødet er kl. 10.30 i salen.",
       "Mødet er klokken ti tredive i salen.",
       {"Mødet", "er", "kl. 10.30", "kl. 10.30", "kl. 10.30", "i", "salen"}},
      {"F.eks. trivsel.",
       "For eksempel trivsel.",
       {"F.eks", "F.eks", "trivsel"}},
      // Quotes and brackets are trimmed off both sides.
      {"»Trivsel« (og sundhed)",
       "Trivsel og sundhed",
       {"Trivsel", "og", "sundhed"}},
      // A spoken word with nothing written between its anchors: none.
      {"Ring nu.", "Ring ja nu.", {"Ring", "", "nu"}},
      // Unequal stretches between anchors: the whole stretch.
      {"Ring 12 34 56",
       "Ring tolv fireogtredive",
       {"Ring", "12 34 56", "12 34 56"}},
      // Line breaks in the written text are spaces.
      {"forvent-\nninger", "forventninger", {"forvent-\nninger"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Marked(c.text, c.spoken), c.marked) << c.text;
  }
}

TEST(WordTimings, TimesRunInOrderFromTheLeadInToTheEnd) {
  const std::string spoken = "Vi har en politik.";
  // Out of order and one mark past the text: sorted, and dropped.
  std::vector<SpokenWord> marks = {
      {.spoken_begin = 3, .spoken_end = 6, .audio_offset_ms = 400},
      {.spoken_begin = 0, .spoken_end = 2, .audio_offset_ms = 100},
      {.spoken_begin = 10, .spoken_end = 18, .audio_offset_ms = 900},
      {.spoken_begin = 7, .spoken_end = 9, .audio_offset_ms = 650},
      {.spoken_begin = 12, .spoken_end = 40, .audio_offset_ms = 950},
  };
  const SentenceWords words = MapWordTimings(spoken, spoken, marks, 50, 1500);
  EXPECT_EQ(words.duration_ms, 1550u);
  ASSERT_EQ(words.words.size(), 4u);
  const std::vector<std::pair<uint32_t, uint32_t>> expected = {
      {150, 450}, {450, 700}, {700, 950}, {950, 1550}};
  for (size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(words.words[k].start_ms, expected[k].first) << k;
    EXPECT_EQ(words.words[k].end_ms, expected[k].second) << k;
  }
  EXPECT_EQ(words.words[3].spoken_begin, 10u);
  EXPECT_EQ(words.words[3].spoken_end, 17u);  // "politik", without the dot.
}

TEST(WordTimings, NoMarksNoWords) {
  const SentenceWords words = MapWordTimings("Hej.", "Hej.", {}, 50, 800);
  EXPECT_TRUE(words.words.empty());
  EXPECT_EQ(words.duration_ms, 850u);
}

TEST(WordTimings, JsonAndVtt) {
  const std::string text = "Se § 3 & <mere>.";
  const std::string spoken = "Se paragraf tre og mere.";
  const SentenceWords words =
      MapWordTimings(text, spoken, MarksFor(spoken), 50, 2000);

  const std::string json_text = WordTimingsJson(7, text, spoken, words);
  // One order of fields, so equal timings are equal bytes.
  EXPECT_EQ(json_text.rfind("{\"sentence\":7,\"text\":", 0), 0u) << json_text;
  EXPECT_NE(
      json_text.find("{\"start_ms\":50,\"end_ms\":350,\"spoken\":\"Se\","
                     "\"spoken_begin\":0,\"spoken_end\":2,\"text\":\"Se\","
                     "\"text_begin\":0,\"text_end\":2}"),
      std::string::npos)
      << json_text;
  google::protobuf::Struct json;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json_text, &json).ok());
  EXPECT_EQ(json.fields().at("sentence").number_value(), 7);
  EXPECT_EQ(json.fields().at("text").string_value(), text);
  EXPECT_EQ(json.fields().at("duration_ms").number_value(), 2050);
  const auto& list = json.fields().at("words").list_value().values();
  ASSERT_EQ(list.size(), 5);
  const auto& third = list[2].struct_value().fields();
  EXPECT_EQ(third.at("spoken").string_value(), "tre");
  EXPECT_EQ(third.at("text").string_value(), "3");
  EXPECT_EQ(third.at("text_begin").number_value(), 6);  // "§" is two bytes.
  EXPECT_EQ(third.at("text_end").number_value(), 7);
  EXPECT_EQ(third.at("start_ms").number_value(), 650);
  EXPECT_EQ(third.at("end_ms").number_value(), 950);

  const std::string vtt = WordTimingsVtt(text, spoken, words);
  EXPECT_EQ(vtt.rfind("WEBVTT\n\nw0\n00:00:00.050 --> 00:00:00.350\nSe\n", 0),
            0u)
      << vtt;
  // Markup characters are escaped in cue text.
  EXPECT_NE(vtt.find("\nw3\n00:00:00.950 --> 00:00:01.250\n&amp;\n"),
            std::string::npos)
      << vtt;
  EXPECT_NE(vtt.find("\n&lt;mere&gt;\n"), std::string::npos) << vtt;
  EXPECT_NE(vtt.find("00:00:01.250 --> 00:00:02.050"), std::string::npos)
      << vtt;
}

// A text of two sentences in one file (GET /v1/speech.json): the second's
// words are timed after the first's audio, and tied to the text's bytes.
TEST(WordTimings, ATextOfSentencesIsOneListInFileTime) {
  const std::string text = "Mødet er kl. 9. Vi ses!";
  const std::string first = "Mødet er klokken 9.";
  const std::string second = "Vi ses!";
  const TextWords words = MapTextWordTimings(
      text, {{.text_begin = 0,
              .text_end = 16,  // "Mødet er kl. 9." ("ø" is two bytes).
              .spoken_text = first,
              .words = MarksFor(first),
              .start_ms = 50,
              .audio_ms = 1200},
             {.text_begin = 17,
              .text_end = static_cast<uint32_t>(text.size()),
              .spoken_text = second,
              .words = MarksFor(second),
              .start_ms = 1250,
              .audio_ms = 600}});
  EXPECT_EQ(words.spoken_text, "Mødet er klokken 9. Vi ses!");
  EXPECT_EQ(words.timings.duration_ms, 1850u);
  std::vector<std::string> marked, spoken;
  std::vector<uint32_t> starts;
  for (const WordTiming& w : words.timings.words) {
    marked.push_back(
        w.has_text ? text.substr(w.text_begin, w.text_end - w.text_begin) : "");
    spoken.push_back(words.spoken_text.substr(w.spoken_begin,
                                              w.spoken_end - w.spoken_begin));
    starts.push_back(w.start_ms);
  }
  EXPECT_EQ(marked,
            (std::vector<std::string>{"Mødet", "er", "kl", "9", "Vi", "ses"}));
  EXPECT_EQ(spoken, (std::vector<std::string>{"Mødet", "er", "klokken", "9",
                                              "Vi", "ses"}));
  EXPECT_EQ(starts, (std::vector<uint32_t>{50, 350, 650, 950, 1250, 1550}));
  // The first sentence's last word lasts to its end, not into the next.
  EXPECT_EQ(words.timings.words[3].end_ms, 1250u);
  EXPECT_EQ(words.timings.words.back().end_ms, 1850u);

  const std::string json = TextWordTimingsJson(text, words);
  EXPECT_EQ(json.rfind("{\"text\":\"Mødet er kl. 9. Vi ses!\",\"spoken_text\":"
                       "\"Mødet er klokken 9. Vi ses!\",\"duration_ms\":1850,",
                       0),
            0u)
      << json;
  // Offsets past the text are cut to it: no written word to tie.
  const TextWords cut = MapTextWordTimings("Hej.", {{.text_begin = 10,
                                                     .text_end = 90,
                                                     .spoken_text = "Hej.",
                                                     .words = MarksFor("Hej."),
                                                     .start_ms = 0,
                                                     .audio_ms = 500}});
  ASSERT_EQ(cut.timings.words.size(), 1u);
  EXPECT_FALSE(cut.timings.words[0].has_text);
}

}  // namespace
}  // namespace policyreader::http
