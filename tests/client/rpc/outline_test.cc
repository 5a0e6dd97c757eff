#include "client/rpc/outline.h"

#include "gtest/gtest.h"

namespace policyreader::rpc {
namespace {

v1::Sentence* Add(google::protobuf::RepeatedPtrField<v1::Sentence>* list,
                  const std::string& text, int section) {
  v1::Sentence* sentence = list->Add();
  sentence->set_index(list->size() - 1);
  sentence->set_text(text);
  sentence->set_section(section);
  return sentence;
}

TEST(OutlineTest, FromSegmentsFindsSectionsAndTitle) {
  v1::SegmentResponse response;
  Add(response.mutable_sentences(), "Indledende\nbemærkning.", -1);
  Add(response.mutable_sentences(), "Trivsel", 1);
  Add(response.mutable_sentences(), "Vi trives.", 1);
  Add(response.mutable_sentences(), "Ansvar", 3);
  const Outline outline = OutlineFromSegments(response, "politik.txt");
  EXPECT_EQ(outline.title, "Trivsel");
  ASSERT_EQ(outline.sentences.size(), 4u);
  // On one line, so a braille display shows a sentence per line.
  EXPECT_EQ(outline.sentences[0].text, "Indledende bemærkning.");
  EXPECT_EQ(outline.section_starts, (std::vector<size_t>{1, 3}));
  EXPECT_EQ(outline.SectionOf(0), std::nullopt);
  EXPECT_EQ(outline.SectionOf(2), 0u);
  EXPECT_EQ(outline.SectionOf(3), 1u);
}

TEST(OutlineTest, WithoutHeadingsTheFileNameIsTheTitle) {
  v1::SegmentResponse response;
  Add(response.mutable_sentences(), "Kun tekst.", -1);
  EXPECT_EQ(OutlineFromSegments(response, "politik.txt").title, "politik.txt");
}

TEST(OutlineTest, FromDocument) {
  v1::Document document;
  document.set_title("Værdier");
  Add(document.mutable_sentences(), "Værdier", 0);
  Add(document.mutable_sentences(), "Vi er åbne.", 0);
  const Outline outline = OutlineFromDocument(document);
  EXPECT_EQ(outline.title, "Værdier");
  EXPECT_EQ(outline.section_starts, (std::vector<size_t>{0}));
}

// 0-1 introduction, 2 heading (section 0) with 3-4, 5 heading (section 1)
// with 6, 7 heading (section 2).
Outline Sample() {
  v1::SegmentResponse response;
  for (int heading : {-1, -1, 2, 2, 2, 5, 5, 7}) {
    Add(response.mutable_sentences(), "Sætning", heading);
  }
  return OutlineFromSegments(response, "test");
}

TEST(OutlineTest, SectionsAreTheHeadings) {
  const Outline outline = Sample();
  EXPECT_EQ(outline.sentence_count(), 8u);
  EXPECT_EQ(outline.section_starts, (std::vector<size_t>{2, 5, 7}));
  EXPECT_EQ(outline.SectionOf(0), std::nullopt);
  EXPECT_EQ(outline.SectionOf(4), 0u);
  EXPECT_EQ(outline.SectionOf(6), 1u);
  EXPECT_EQ(outline.SectionOf(7), 2u);
}

// The rules themselves are tested in service/navigation; here, that each
// command is the move it says and the others do not move.
TEST(OutlineTest, Targets) {
  using navigation::Command;
  struct Case {
    size_t current;
    Command command;
    std::optional<size_t> expected;
  };
  const Case cases[] = {
      {0, Command::kNextSentence, 1},
      {7, Command::kNextSentence, std::nullopt},
      {0, Command::kPreviousSentence, std::nullopt},
      {3, Command::kPreviousSentence, 2},
      {3, Command::kRepeatSentence, 3},
      {0, Command::kNextSection, 2},  // From the introduction: 1st heading.
      {3, Command::kNextSection, 5},
      {7, Command::kNextSection, std::nullopt},
      {4, Command::kPreviousSection, 2},  // Start of the section being read.
      {5, Command::kPreviousSection, 2},  // From a heading: the previous one.
      {2, Command::kPreviousSection, 0},  // From the first: the introduction.
      {1, Command::kPreviousSection, std::nullopt},
      {3, Command::kPauseResume, std::nullopt},
      {3, Command::kFaster, std::nullopt},
      {3, Command::kSlower, std::nullopt},
      {3, Command::kQuit, std::nullopt},
      {3, Command::kHelp, std::nullopt},
  };
  const Outline outline = Sample();
  for (const Case& c : cases) {
    EXPECT_EQ(outline.Target(c.current, c.command), c.expected)
        << "from " << c.current << " command " << static_cast<int>(c.command);
  }
}

TEST(OutlineTest, NoHeadings) {
  v1::SegmentResponse response;
  for (int i = 0; i < 3; ++i) Add(response.mutable_sentences(), "S.", -1);
  const Outline outline = OutlineFromSegments(response, "t");
  EXPECT_EQ(outline.Target(0, navigation::Command::kNextSection), std::nullopt);
  EXPECT_EQ(outline.Target(2, navigation::Command::kPreviousSection),
            std::nullopt);
  EXPECT_EQ(outline.Target(1, navigation::Command::kNextSentence), 2u);
}

TEST(OutlineTest, SetInputPointsAtTheSource) {
  v1::SynthesizeRequest request;
  TextSource document;
  document.document_id = "trivsel";
  SetInput(document, &request);
  EXPECT_EQ(request.document_id(), "trivsel");
  TextSource text;
  text.text = "<p>Hej.</p>";
  text.format = v1::TEXT_FORMAT_HTML;
  SetInput(text, &request);
  EXPECT_EQ(request.text(), "<p>Hej.</p>");
  EXPECT_EQ(request.format(), v1::TEXT_FORMAT_HTML);
  EXPECT_TRUE(request.document_id().empty());
}

}  // namespace
}  // namespace policyreader::rpc
