// The policy library: ids, titles, sections, formats, and broken files kept
// as unavailable while the good ones serve.
#include "service/library/document_library.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "service/text/rules.h"

namespace policyreader::library {
namespace {

class DocumentLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto rules = text::LoadLanguageRules(VOICES_DA_DIR);
    ASSERT_TRUE(rules.ok()) << rules.status();
    pipeline_ = std::make_unique<text::TextPipeline>(
        std::make_shared<const text::LanguageRules>(*std::move(rules)),
        text::TextPipelineOptions{});
    dir_ = std::filesystem::temp_directory_path() /
           ("library_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& contents) {
    std::ofstream(dir_ / name, std::ios::binary) << contents;
  }

  std::unique_ptr<text::TextPipeline> pipeline_;
  std::filesystem::path dir_;
};

TEST_F(DocumentLibraryTest, LoadsFormatsWithIdsTitlesAndSections) {
  Write("b-politik.txt",
        "TRIVSEL\n\nVi trives. Vi hjælper hinanden.\n\nANSVAR\n\nLederen "
        "har ansvaret.\n");
  Write("a-side.html",
        "<html><body><nav>Menu</nav><main><h1>Røgfri arbejdstid</h1><p>Der "
        "ryges ikke i arbejdstiden.</p></main></body></html>");
  Write("c-noter.md", "Bare en linje uden overskrift.\n");
  Write("ignored.pdf.bak", "not a policy");
  auto library = DocumentLibrary::Load(dir_.string(), *pipeline_);
  ASSERT_TRUE(library.ok()) << library.status();
  const auto& docs = (*library)->documents();
  ASSERT_EQ(docs.size(), 3u);
  // In file name order, ids from the file names.
  EXPECT_EQ(docs[0].id, "a-side");
  EXPECT_EQ(docs[0].format, text::TextFormat::kHtml);
  EXPECT_EQ(docs[0].title, "Røgfri arbejdstid");
  EXPECT_EQ(docs[1].id, "b-politik");
  EXPECT_EQ(docs[1].title, "Trivsel");
  ASSERT_EQ(docs[1].sections.size(), 2u);
  EXPECT_EQ(docs[1].sections[1].title, "Ansvar");
  EXPECT_EQ((*docs[1].sentences)[docs[1].sections[1].first_sentence].kind,
            text::SentenceKind::kHeading);
  EXPECT_GT(docs[1].estimated_duration_ms, 1000);
  // No heading: the title is the id.
  EXPECT_EQ(docs[2].title, "c-noter");
  EXPECT_TRUE(docs[2].sections.empty());
  for (const LibraryDocument& doc : docs) {
    ASSERT_TRUE(doc.available) << doc.id << ": " << doc.unavailable_reason;
    for (const text::Sentence& s : *doc.sentences) {
      EXPECT_EQ(doc.text.substr(s.begin, s.end - s.begin), s.text);
    }
  }
}

TEST_F(DocumentLibraryTest, BrokenFilesAreUnavailableWithTheReason) {
  Write("god.txt", "Politikken gælder for alle.\n");
  Write("tom.txt", "");
  Write("skadet.txt", "Hej \xC3\x28 med dig.\n");
  std::vector<std::string> problems;
  static std::vector<std::string>* sink;
  sink = &problems;
  auto library = DocumentLibrary::Load(
      dir_.string(), *pipeline_,
      [](const std::string& message) { sink->push_back(message); });
  ASSERT_TRUE(library.ok()) << library.status();
  EXPECT_EQ(problems.size(), 2u);
  auto good = (*library)->Find("god");
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ((*good)->sentences->size(), 1u);
  auto broken = (*library)->Find("skadet");
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(broken.status().message().find("UTF-8"), absl::string_view::npos)
      << broken.status();
  auto empty = (*library)->Find("tom");
  EXPECT_NE(empty.status().message().find("empty"), absl::string_view::npos);
  EXPECT_TRUE(absl::IsNotFound((*library)->Find("findes-ikke").status()));
}

TEST_F(DocumentLibraryTest, MissingFolderSaysWhatToFix) {
  auto library = DocumentLibrary::Load("/nonexistent/library", *pipeline_);
  ASSERT_FALSE(library.ok());
  EXPECT_NE(library.status().message().find("--library"),
            absl::string_view::npos);
}

TEST_F(DocumentLibraryTest, TheShippedSampleLibraryLoads) {
  auto library = DocumentLibrary::Load(SAMPLE_LIBRARY_DIR, *pipeline_);
  ASSERT_TRUE(library.ok()) << library.status();
  ASSERT_FALSE((*library)->documents().empty());
  for (const LibraryDocument& doc : (*library)->documents()) {
    EXPECT_TRUE(doc.available) << doc.id << ": " << doc.unavailable_reason;
    EXPECT_FALSE(doc.sections.empty()) << doc.id;
  }
}

}  // namespace
}  // namespace policyreader::library
