// Writes small PDFs for the library tests with cairo, so the PDF tests need
// no binary fixtures and say in code exactly what is on each page.
//
// Thread-safety: a pure function; cairo contexts are per call.
#ifndef POLICY_READER_TESTS_SERVICE_LIBRARY_TEST_PDF_H_
#define POLICY_READER_TESTS_SERVICE_LIBRARY_TEST_PDF_H_

#include <string>
#include <vector>

namespace policyreader::library::testing {

// One line of text at a place on an A4 page (points from the top left).
struct PdfLine {
  double x = 72;
  double y = 72;
  double font_size = 11;
  std::string text;  // UTF-8
};

// A PDF with one page per element; a page without lines is blank (as a
// scanned page is, to a text extractor). `labels`, when given, are the
// printed page labels (/PageLabels) of the first pages.
std::string MakePdf(const std::vector<std::vector<PdfLine>>& pages,
                    const std::vector<std::string>& labels = {});

}  // namespace policyreader::library::testing

#endif  // POLICY_READER_TESTS_SERVICE_LIBRARY_TEST_PDF_H_
