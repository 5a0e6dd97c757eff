// Loading and watching the policy library; see document_library.h.
#include "service/library/document_library.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "service/library/pdf_text.h"
#include "service/text/utf8.h"

namespace policyreader::library {
namespace {

// Danish read aloud at the default rate: about 15 characters of spoken text
// a second (measured with the default voice on the sample policies).
constexpr double kSpokenCharsPerSecond = 15.0;
// Larger files are refused rather than read into memory.
constexpr int64_t kMaxFileBytes = 16 << 20;
// A file stamped this close to a scan may be written again within the same
// timestamp tick (coarse clocks, some file systems keep whole seconds)
// without its stamp changing, so the next scan compares its bytes instead
// of trusting the stamp.
constexpr absl::Duration kRacyWindow = absl::Seconds(2);

struct FileKind {
  text::TextFormat format = text::TextFormat::kPlain;
  bool pdf = false;
};

bool KindFor(const std::filesystem::path& path, FileKind* kind) {
  std::string extension = path.extension().string();
  absl::AsciiStrToLower(&extension);
  *kind = FileKind{};
  if (extension == ".txt") {
    kind->format = text::TextFormat::kPlain;
  } else if (extension == ".md" || extension == ".markdown") {
    kind->format = text::TextFormat::kMarkdown;
  } else if (extension == ".html" || extension == ".htm") {
    kind->format = text::TextFormat::kHtml;
  } else if (extension == ".pdf") {
    kind->pdf = true;  // Read as the plain text poppler extracts.
  } else {
    return false;
  }
  return true;
}

absl::StatusOr<std::string> ReadFile(const std::string& path, int64_t size) {
  if (size > kMaxFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the file is ", size, " bytes; the limit is ", kMaxFileBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("the file cannot be opened");
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError("the file cannot be read");
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

// Reads `bytes` (the file at `path`) into a document; failures make it
// unavailable with the reason.
std::shared_ptr<const LibraryDocument> MakeDocument(
    const std::string& id, const std::string& path, const FileKind& kind,
    const absl::StatusOr<std::string>& bytes,
    const text::TextPipeline& pipeline) {
  auto doc = std::make_shared<LibraryDocument>();
  doc->id = id;
  doc->path = path;
  doc->format = kind.format;
  doc->pdf = kind.pdf;
  absl::StatusOr<std::string> text = bytes;
  if (text.ok() && kind.pdf) text = ExtractPdfText(*bytes, &doc->page_labels);
  absl::StatusOr<std::vector<text::Sentence>> sentences =
      text.ok() ? pipeline.Process(*text, kind.format) : text.status();
  if (!sentences.ok()) {
    doc->unavailable_reason = std::string(sentences.status().message());
    doc->title = doc->id;
    return doc;
  }
  doc->available = true;
  doc->text = *std::move(text);
  doc->sentences = std::make_shared<const std::vector<text::Sentence>>(
      *std::move(sentences));
  Describe(*doc);
  return doc;
}

int64_t Nanos(const struct timespec& t) {
  return static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

struct Listed {
  std::string path;
  FileKind kind;
  struct stat info;
};

}  // namespace

absl::StatusOr<std::unique_ptr<DocumentLibrary>> DocumentLibrary::Load(
    const LibraryOptions& options, const text::TextPipeline& pipeline) {
  std::unique_ptr<DocumentLibrary> library(
      new DocumentLibrary(options, &pipeline));
  std::vector<std::string> messages;
  {
    absl::MutexLock lock(&library->scan_mu_);
    absl::Status loaded = library->Scan(/*initial=*/true, &messages);
    if (!loaded.ok()) return loaded;
  }
  for (const std::string& message : messages) library->Log(message);
  if (options.poll_interval > absl::ZeroDuration()) {
    library->watcher_ = std::thread([raw = library.get()] { raw->Watch(); });
  }
  return library;
}

DocumentLibrary::DocumentLibrary()
    : snapshot_(std::make_shared<const LibrarySnapshot>()) {}

DocumentLibrary::DocumentLibrary(const LibraryOptions& options,
                                 const text::TextPipeline* pipeline)
    : options_(options),
      pipeline_(pipeline),
      snapshot_(std::make_shared<const LibrarySnapshot>()) {}

DocumentLibrary::~DocumentLibrary() {
  {
    absl::MutexLock lock(&watch_mu_);
    stopping_ = true;
  }
  if (watcher_.joinable()) watcher_.join();
}

std::shared_ptr<const LibrarySnapshot> DocumentLibrary::documents() const {
  absl::MutexLock lock(&snapshot_mu_);
  return snapshot_;
}

absl::StatusOr<std::shared_ptr<const LibraryDocument>> DocumentLibrary::Find(
    std::string_view id) const {
  absl::StatusOr<std::shared_ptr<const LibraryDocument>> doc = Lookup(id);
  if (doc.ok() && !(*doc)->available) {
    return absl::FailedPreconditionError(
        absl::StrCat("document '", (*doc)->id,
                     "' could not be loaded: ", (*doc)->unavailable_reason));
  }
  return doc;
}

absl::StatusOr<std::shared_ptr<const LibraryDocument>> DocumentLibrary::Lookup(
    std::string_view id) const {
  const std::shared_ptr<const LibrarySnapshot> snapshot = documents();
  for (const std::shared_ptr<const LibraryDocument>& doc : *snapshot) {
    if (doc->id == id) return doc;
  }
  return absl::NotFoundError(
      absl::StrCat("unknown document '", std::string(id),
                   "'; ListDocuments lists the documents this server has"));
}

absl::Status DocumentLibrary::Rescan() {
  if (pipeline_ == nullptr) return absl::OkStatus();  // The empty library.
  std::vector<std::string> messages;
  absl::Status scanned;
  {
    absl::MutexLock lock(&scan_mu_);
    scanned = Scan(/*initial=*/false, &messages);
  }
  for (const std::string& message : messages) Log(message);
  return scanned;
}

absl::Status DocumentLibrary::Scan(bool initial,
                                   std::vector<std::string>* messages) {
  const std::string& dir = options_.dir;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat(
        "the library folder '", dir, "' does not exist; check --library"));
  }
  const absl::Time scan_time = absl::Now();
  std::vector<Listed> listed;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    Listed file;
    file.path = it->path().string();
    // stat() follows symbolic links, as reading does; a file that vanished
    // since the listing is simply not there.
    if (!KindFor(it->path(), &file.kind) ||
        stat(file.path.c_str(), &file.info) != 0 ||
        !S_ISREG(file.info.st_mode)) {
      continue;
    }
    listed.push_back(std::move(file));
  }
  if (ec) {
    return absl::NotFoundError(
        absl::StrCat("cannot list '", dir, "': ", ec.message()));
  }
  std::sort(listed.begin(), listed.end(),
            [](const Listed& a, const Listed& b) { return a.path < b.path; });

  // Ids stay while a file exists, so a listener's "document x" means the
  // same file after a reload; a new file takes its stem unless that is
  // taken ("x.md" beside "x.txt" is "x.md").
  std::set<std::string> taken;
  for (const Listed& file : listed) {
    auto old = files_.find(file.path);
    if (old != files_.end()) taken.insert(old->second.document->id);
  }

  std::map<std::string, FileState> next;
  auto snapshot = std::make_shared<LibrarySnapshot>();
  for (const Listed& file : listed) {
    {
      absl::MutexLock lock(&watch_mu_);
      // Shutting down: leave the library as it was rather than delay it.
      if (stopping_) return absl::CancelledError("the library is closing");
    }
    const std::filesystem::path path(file.path);
    auto old = files_.find(file.path);
    const FileState* previous = old != files_.end() ? &old->second : nullptr;
    FileState state;
    state.size = file.info.st_size;
    state.mtime_ns = Nanos(file.info.st_mtim);
    state.ctime_ns = Nanos(file.info.st_ctim);
    state.inode = file.info.st_ino;
    const int64_t scan_ns = absl::ToUnixNanos(scan_time);
    state.racy = scan_ns - std::max(state.mtime_ns, state.ctime_ns) <
                 absl::ToInt64Nanoseconds(kRacyWindow);
    const bool same_stamp =
        previous != nullptr && !previous->racy &&
        previous->size == state.size && previous->mtime_ns == state.mtime_ns &&
        previous->ctime_ns == state.ctime_ns && previous->inode == state.inode;
    if (same_stamp) {
      state = *previous;
    } else {
      std::string id;
      if (previous != nullptr) {
        id = previous->document->id;
      } else {
        id = path.stem().string();
        if (taken.count(id)) id = path.filename().string();
        for (int n = 2; taken.count(id); ++n) {
          id = absl::StrCat(path.filename().string(), "-", n);
        }
        taken.insert(id);
      }
      absl::StatusOr<std::string> bytes = ReadFile(file.path, state.size);
      state.bytes_hash = bytes.ok() ? std::hash<std::string_view>()(*bytes) : 0;
      if (previous != nullptr && bytes.ok() && previous->bytes_hash != 0 &&
          previous->bytes_hash == state.bytes_hash) {
        // Touched, copied over with the same bytes, or checked again for
        // being racy: the document as it was.
        state.document = previous->document;
      } else {
        state.document =
            MakeDocument(id, file.path, file.kind, bytes, *pipeline_);
        if (!initial) {
          messages->push_back(
              previous == nullptr
                  ? absl::StrCat("library: added ", id, " (", file.path, ")")
                  : absl::StrCat("library: reloaded ", id));
        }
        if (!state.document->available) {
          messages->push_back(absl::StrCat(
              "library: ", file.path,
              " is unavailable: ", state.document->unavailable_reason));
        }
      }
    }
    snapshot->push_back(state.document);
    next.emplace(file.path, std::move(state));
  }
  for (const auto& [path, state] : files_) {
    if (!next.count(path)) {
      messages->push_back(absl::StrCat("library: removed ", state.document->id,
                                       " (", path, ")"));
    }
  }
  files_ = std::move(next);
  absl::MutexLock lock(&snapshot_mu_);
  snapshot_ = std::move(snapshot);
  return absl::OkStatus();
}

void DocumentLibrary::Log(const std::string& message) const {
  if (options_.log) options_.log(message);
}

void DocumentLibrary::Watch() {
  bool listing_failed = false;
  for (;;) {
    {
      absl::MutexLock lock(&watch_mu_);
      if (watch_mu_.AwaitWithTimeout(absl::Condition(&stopping_),
                                     options_.poll_interval)) {
        return;
      }
    }
    const absl::Status scanned = Rescan();
    if (absl::IsCancelled(scanned)) return;
    // Said once, not every poll, while the folder is gone.
    if (!scanned.ok() && !listing_failed) {
      Log(absl::StrCat("library: ", scanned.message(),
                       "; keeping the documents as they were"));
    } else if (scanned.ok() && listing_failed) {
      Log(absl::StrCat("library: ", options_.dir, " can be read again"));
    }
    listing_failed = !scanned.ok();
  }
}

}  // namespace policyreader::library
