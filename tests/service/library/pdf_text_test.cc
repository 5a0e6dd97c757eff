// PDF text extraction: what poppler gives for a generated two-page PDF, and
// the reasons for PDFs that have no text to give.
#include "service/library/pdf_text.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/service/library/test_pdf.h"

namespace policyreader::library {
namespace {

using testing::MakePdf;
using testing::PdfLine;

TEST(PdfTextTest, PagesComeOutInOrderWithAFormFeedBetween) {
  const std::string pdf = MakePdf({
      {{72, 100, 18, "Trivsel på arbejdspladsen"},
       {72, 140, 11, "Vi ønsker, at alle føler sig velkomne."},
       {290, 800, 10, "1"}},
      {{72, 100, 11, "Læs også næste side."}, {290, 800, 10, "2"}},
  });
  absl::StatusOr<std::string> text = ExtractPdfText(pdf);
  ASSERT_TRUE(text.ok()) << text.status();
  const size_t heading = text->find("Trivsel på arbejdspladsen");
  const size_t page_break = text->find('\f');
  const size_t second = text->find("Læs også næste side.");
  ASSERT_NE(heading, std::string::npos) << *text;
  ASSERT_NE(page_break, std::string::npos) << *text;
  ASSERT_NE(second, std::string::npos) << *text;
  EXPECT_LT(heading, page_break);
  EXPECT_LT(page_break, second);
  // The break is a line of its own, so the pipeline sees a blank line.
  EXPECT_EQ(text->substr(page_break - 1, 3), "\n\f\n");
  // Exactly one break for two pages, and the text ends with a line break.
  EXPECT_EQ(text->find('\f', page_break + 1), std::string::npos);
  EXPECT_EQ(text->back(), '\n');
}

// A blank page keeps its form feed (page N begins after N - 1 of them), and
// printed page labels come out only when they are not just 1, 2, 3.
TEST(PdfTextTest, BlankPagesCountAndLabelsArePrintedNames) {
  const std::vector<std::vector<PdfLine>> pages = {
      {{72, 100, 11, "Forord."}}, {}, {{72, 100, 11, "Indledning."}}};
  std::vector<std::string> labels = {"stale"};
  absl::StatusOr<std::string> text =
      ExtractPdfText(MakePdf(pages, {"i", "ii", "1"}), &labels);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(std::count(text->begin(), text->end(), '\f'), 2) << *text;
  EXPECT_LT(text->find("Forord."), text->find('\f'));
  EXPECT_GT(text->find("Indledning."), text->rfind('\f'));
  EXPECT_EQ(labels, (std::vector<std::string>{"i", "ii", "1"}));

  text = ExtractPdfText(MakePdf(pages), &labels);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_TRUE(labels.empty()) << labels.front();
}

// Standard security handler with a user password that is not empty (the
// /U entry matches no password), so the PDF opens locked.
std::string PasswordProtectedPdf() {
  const std::string u(64, 'a');
  const std::string o(64, 'b');
  return "%PDF-1.4\n"
         "1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
         "2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
         "3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>\nendobj\n"
         "4 0 obj\n<</Filter/Standard/V 1/R 2/O<" +
         o + ">/U<" + u +
         ">/P -4>>\nendobj\n"
         "trailer\n<</Root 1 0 R/Size 5/Encrypt 4 0 R"
         "/ID[<00112233445566778899aabbccddeeff>"
         "<00112233445566778899aabbccddeeff>]>>\n%%EOF\n";
}

TEST(PdfTextTest, PdfsWithoutTextSayWhy) {
  const std::string blank_pages = MakePdf({{}, {}});
  const std::string valid = MakePdf({{{72, 100, 11, "Hej."}}});
  const struct {
    std::string name;
    std::string bytes;
    std::string reason;
  } cases[] = {
      {"empty", "", "not a valid PDF"},
      {"garbage", "this is \x01\x02 not a PDF at all", "not a valid PDF"},
      {"header only", "%PDF-1.4\n%%EOF\n", "not a valid PDF"},
      {"blank pages", blank_pages, "no text layer (scanned image?)"},
      {"password", PasswordProtectedPdf(), "password-protected"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<std::string> text = ExtractPdfText(c.bytes);
    ASSERT_FALSE(text.ok()) << c.name << ": " << *text;
    EXPECT_TRUE(absl::IsInvalidArgument(text.status())) << c.name;
    EXPECT_NE(text.status().message().find(c.reason), absl::string_view::npos)
        << c.name << ": " << text.status();
  }
  EXPECT_TRUE(ExtractPdfText(valid).ok());
}

}  // namespace
}  // namespace policyreader::library
