// Text out of PDF files, for the policy library: the one place that talks to
// poppler. The text comes out page by page in reading order, with the line
// breaks, hyphens, page numbers and running headers the PDF shows; the text
// pipeline (as plain text) reads those the way it reads text copied from a
// PDF by hand.
//
// Thread-safety: ExtractPdfText may be called from any number of threads at
// once (each call has its own poppler document).
#ifndef POLICY_READER_SERVICE_LIBRARY_PDF_TEXT_H_
#define POLICY_READER_SERVICE_LIBRARY_PDF_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace policyreader::library {

// The text of every page of the PDF in `bytes`, in reading order, UTF-8.
// Pages end with a form feed ("\f") on a line of its own, so a page break
// reads as a blank line (and a lone page number beside it as a page
// number); blank pages too, so page N begins after N - 1 form feeds.
// INVALID_ARGUMENT with a reason a person can act on: "not a valid PDF", "the
// PDF is password-protected", "the PDF has no text layer (scanned image?)".
// Poppler's own messages are silenced.
// `page_labels`, when given, receives each page's printed label (the PDF's
// /PageLabels, e.g. "iv" or "A-3"), or nothing when every label is just
// the page's number or the PDF has none.
absl::StatusOr<std::string> ExtractPdfText(
    std::string_view bytes, std::vector<std::string>* page_labels = nullptr);

}  // namespace policyreader::library

#endif  // POLICY_READER_SERVICE_LIBRARY_PDF_TEXT_H_
