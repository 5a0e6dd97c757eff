// PDF text through poppler-cpp; see pdf_text.h.
#include "service/library/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"

namespace policyreader::library {
namespace {

// Poppler reports damaged PDFs on stderr by default; the library reports
// the outcome itself (one line, with the file), so its chatter is dropped.
void IgnorePopplerMessage(const std::string& /*message*/, void* /*closure*/) {}

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function(&IgnorePopplerMessage, nullptr);
  });
}

bool HasVisibleText(std::string_view text) {
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<std::string> ExtractPdfText(
    std::string_view bytes, std::vector<std::string>* page_labels) {
  SilencePoppler();
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError("not a valid PDF (too large)");
  }
  if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    return absl::InvalidArgumentError("not a valid PDF (no PDF header)");
  }
  // Poppler reads `bytes` in place; they outlive `document`.
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(),
                                            static_cast<int>(bytes.size())));
  if (document == nullptr) {
    return absl::InvalidArgumentError("not a valid PDF (it cannot be parsed)");
  }
  if (document->is_locked()) {
    return absl::InvalidArgumentError("the PDF is password-protected");
  }
  const int pages = document->pages();
  if (pages <= 0) {
    return absl::InvalidArgumentError("not a valid PDF (it has no pages)");
  }
  std::string text;
  std::vector<std::string> labels;
  bool labelled = false;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(document->create_page(i));
    if (page == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("not a valid PDF (page ", i + 1, " cannot be read)"));
    }
    const poppler::byte_array label = page->label().to_utf8();
    labels.emplace_back(label.data(), label.size());
    if (labels.back() != absl::StrCat(i + 1)) labelled = true;
    // Reading order (not physical layout): columns come out one after the
    // other instead of interleaved line by line, and gaps between blocks
    // come out as blank lines, which the pipeline reads as paragraph ends.
    const poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout)
            .to_utf8();
    std::string_view page_text(utf8.data(), utf8.size());
    // Poppler ends a page with "\f"; ours goes on a line of its own below.
    while (!page_text.empty() &&
           (page_text.back() == '\f' || page_text.back() == '\n' ||
            page_text.back() == ' ')) {
      page_text.remove_suffix(1);
    }
    // A blank page still ends with its form feed, so the pipeline's page
    // numbers (1 + form feeds before a sentence) stay the PDF's physical
    // page numbers.
    if (i > 0) text += "\n\f\n";
    text.append(page_text);
  }
  if (!HasVisibleText(text)) {
    return absl::InvalidArgumentError(
        "the PDF has no text layer (scanned image?)");
  }
  text += '\n';
  if (page_labels != nullptr) {
    page_labels->clear();
    if (labelled) *page_labels = std::move(labels);
  }
  return text;
}

}  // namespace policyreader::library
