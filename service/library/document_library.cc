// Loading the policy library; see document_library.h.
#include "service/library/document_library.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/text/utf8.h"

namespace policyreader::library {
namespace {

// Danish read aloud at the default rate: about 15 characters of spoken text
// a second (measured with the default voice on the sample policies).
constexpr double kSpokenCharsPerSecond = 15.0;
// Larger files are refused rather than read into memory.
constexpr uintmax_t kMaxFileBytes = 16u << 20;

bool FormatFor(const std::filesystem::path& path, text::TextFormat* format) {
  std::string extension = path.extension().string();
  absl::AsciiStrToLower(&extension);
  if (extension == ".txt") {
    *format = text::TextFormat::kPlain;
  } else if (extension == ".md" || extension == ".markdown") {
    *format = text::TextFormat::kMarkdown;
  } else if (extension == ".html" || extension == ".htm") {
    *format = text::TextFormat::kHtml;
  } else {
    return false;
  }
  return true;
}

absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return absl::NotFoundError(ec.message());
  if (size > kMaxFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the file is ", size, " bytes; the limit is ", kMaxFileBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("the file cannot be opened");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void Describe(LibraryDocument& doc) {
  size_t spoken_chars = 0;
  for (size_t i = 0; i < doc.sentences->size(); ++i) {
    const text::Sentence& s = (*doc.sentences)[i];
    spoken_chars += text::CountChars(s.spoken_text);
    if (s.kind == text::SentenceKind::kHeading) {
      doc.sections.push_back({s.spoken_text, i});
      if (doc.title.empty()) doc.title = s.spoken_text;
    }
  }
  if (doc.title.empty()) doc.title = doc.id;
  doc.estimated_duration_ms =
      static_cast<int64_t>(spoken_chars / kSpokenCharsPerSecond * 1000);
}

}  // namespace

absl::StatusOr<std::unique_ptr<DocumentLibrary>> DocumentLibrary::Load(
    const std::string& dir, const text::TextPipeline& pipeline,
    void (*on_problem)(const std::string& message)) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat(
        "the library folder '", dir, "' does not exist; check --library"));
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    text::TextFormat format;
    if (entry.is_regular_file() && FormatFor(entry.path(), &format)) {
      paths.push_back(entry.path());
    }
  }
  if (ec) {
    return absl::NotFoundError(
        absl::StrCat("cannot list '", dir, "': ", ec.message()));
  }
  std::sort(paths.begin(), paths.end());

  auto library = std::make_unique<DocumentLibrary>();
  for (const std::filesystem::path& path : paths) {
    LibraryDocument doc;
    doc.id = path.stem().string();
    doc.path = path.string();
    FormatFor(path, &doc.format);
    if (std::any_of(library->documents_.begin(), library->documents_.end(),
                    [&](const LibraryDocument& d) { return d.id == doc.id; })) {
      doc.id = path.filename().string();  // "x.md" beside "x.txt".
    }
    absl::StatusOr<std::string> text = ReadFile(path);
    absl::StatusOr<std::vector<text::Sentence>> sentences =
        text.ok() ? pipeline.Process(*text, doc.format) : text.status();
    if (!sentences.ok()) {
      doc.unavailable_reason = std::string(sentences.status().message());
      doc.title = doc.id;
      if (on_problem != nullptr) {
        on_problem(absl::StrCat("library: ", doc.path,
                                " is unavailable: ", doc.unavailable_reason));
      }
    } else {
      doc.available = true;
      doc.text = *std::move(text);
      doc.sentences = std::make_shared<const std::vector<text::Sentence>>(
          *std::move(sentences));
      Describe(doc);
    }
    library->documents_.push_back(std::move(doc));
  }
  return library;
}

absl::StatusOr<const LibraryDocument*> DocumentLibrary::Find(
    std::string_view id) const {
  for (const LibraryDocument& doc : documents_) {
    if (doc.id != id) continue;
    if (!doc.available) {
      return absl::FailedPreconditionError(
          absl::StrCat("document '", doc.id,
                       "' could not be loaded: ", doc.unavailable_reason));
    }
    return &doc;
  }
  return absl::NotFoundError(
      absl::StrCat("unknown document '", std::string(id),
                   "'; ListDocuments lists the documents this server has"));
}

}  // namespace policyreader::library
