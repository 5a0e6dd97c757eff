// The policy library: a folder of policy texts (plain text .txt, Markdown
// .md, HTML .html/.htm) loaded once at start and run through the text
// pipeline, so a telephone system or a widget can ask for "document X from
// sentence 12". Each document gets a stable id (its file name without the
// extension), a title (its first heading, else the file name), its sections
// and an estimated listening time. A file that cannot be read or has nothing
// to read is kept as unavailable with the reason; the others still serve.
//
// Thread-safety: immutable after Load(); share freely across threads.
#ifndef POLICY_READER_SERVICE_LIBRARY_DOCUMENT_LIBRARY_H_
#define POLICY_READER_SERVICE_LIBRARY_DOCUMENT_LIBRARY_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "service/text/document.h"
#include "service/text/pipeline.h"
#include "service/text/sentence.h"

namespace policyreader::library {

struct Section {
  std::string title;
  size_t first_sentence = 0;  // The heading sentence.
};

struct LibraryDocument {
  std::string id;
  std::string title;
  std::string path;
  text::TextFormat format = text::TextFormat::kPlain;
  bool available = false;
  std::string unavailable_reason;
  std::string text;  // The file's bytes; sentence offsets point into it.
  // Shared with every stream reading the document, so a listener costs no
  // copy of it. Never null; empty for an unavailable document.
  std::shared_ptr<const std::vector<text::Sentence>> sentences =
      std::make_shared<const std::vector<text::Sentence>>();
  std::vector<Section> sections;
  int64_t estimated_duration_ms = 0;
};

class DocumentLibrary {
 public:
  // Loads every .txt, .md, .html and .htm file directly in `dir`, in file
  // name order. NOT_FOUND if `dir` is not a readable folder; files that fail
  // are kept as unavailable (and `on_problem` is told, for the log).
  static absl::StatusOr<std::unique_ptr<DocumentLibrary>> Load(
      const std::string& dir, const text::TextPipeline& pipeline,
      void (*on_problem)(const std::string& message) = nullptr);

  // An empty library (no --library given).
  DocumentLibrary() = default;

  // NOT_FOUND naming the id for an unknown document; FAILED_PRECONDITION
  // with the reason for one that did not load.
  absl::StatusOr<const LibraryDocument*> Find(std::string_view id) const;
  const std::vector<LibraryDocument>& documents() const { return documents_; }

 private:
  std::vector<LibraryDocument> documents_;
};

}  // namespace policyreader::library

#endif  // POLICY_READER_SERVICE_LIBRARY_DOCUMENT_LIBRARY_H_
