#include "client/listen/outline.h"

#include "gtest/gtest.h"

namespace policyreader::listen {
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

TEST(OutlineTest, OneLine) {
  EXPECT_EQ(OneLine("  Børn og\n\tunge.  "), "Børn og unge.");
}

}  // namespace
}  // namespace policyreader::listen
