// The policy library: a folder of policy texts (plain text .txt, Markdown
// .md, HTML .html/.htm, PDF .pdf) run through the text pipeline, so a
// telephone system or a widget can ask for "document X from sentence 12".
// Each document gets a stable id (its file name without the extension), a
// title (its first heading, else the id), its sections and an estimated
// listening time. A file that cannot be read or has nothing to read is kept
// as unavailable with the reason; the others still serve.
//
// The folder is watched while the server runs: files added, changed or
// removed are picked up by Rescan(), which a watcher thread calls every
// `poll_interval`. Each scan publishes a new immutable snapshot, so a reader
// never sees a library half updated, and a stream that holds a document (or
// its sentences) keeps that version alive after a reload. Unchanged files
// are not read through the pipeline again: the new snapshot shares their
// documents with the old one.
//
// Thread-safety: every method may be called from any thread at once;
// snapshots and documents are immutable.
#ifndef POLICY_READER_SERVICE_LIBRARY_DOCUMENT_LIBRARY_H_
#define POLICY_READER_SERVICE_LIBRARY_DOCUMENT_LIBRARY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
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
  // How the pipeline read `text`. A PDF is read as plain text: its text is
  // what poppler extracted (see pdf_text.h); `pdf` says so.
  text::TextFormat format = text::TextFormat::kPlain;
  bool pdf = false;
  bool available = false;
  std::string unavailable_reason;
  // What the pipeline read, and what sentence offsets point into: the file's
  // bytes, or for a PDF the text extracted from it.
  std::string text;
  // A PDF's printed page labels, one per physical page, when they are not
  // simply 1, 2, 3 ... (see ExtractPdfText); empty otherwise.
  std::vector<std::string> page_labels;
  // Shared with every stream reading the document, so a listener costs no
  // copy of it. Never null; empty for an unavailable document.
  std::shared_ptr<const std::vector<text::Sentence>> sentences =
      std::make_shared<const std::vector<text::Sentence>>();
  std::vector<Section> sections;
  int64_t estimated_duration_ms = 0;
};

// The documents at one moment, in file name order.
using LibrarySnapshot = std::vector<std::shared_ptr<const LibraryDocument>>;

struct LibraryOptions {
  // The folder; only files directly in it are read.
  std::string dir;
  // How often a watcher thread looks for added, changed and removed files;
  // zero (or less) for none: the library stays as loaded unless Rescan() is
  // called.
  absl::Duration poll_interval = absl::Seconds(2);
  // Told (for the log) about files that fail to load and, after the first
  // load, about documents added, reloaded and removed. Called from the
  // thread that scans, the watcher's included; never with a lock held.
  std::function<void(const std::string& message)> log;
};

class DocumentLibrary {
 public:
  // Loads every .txt, .md, .html, .htm and .pdf file directly in
  // `options.dir`, and starts watching it if `options.poll_interval` is
  // positive. NOT_FOUND if the folder is not a readable folder; files that
  // fail are kept as unavailable. `pipeline` must outlive the library.
  static absl::StatusOr<std::unique_ptr<DocumentLibrary>> Load(
      const LibraryOptions& options, const text::TextPipeline& pipeline);

  // An empty library (no --library given).
  DocumentLibrary();
  // Stops the watcher (at once, not at its next poll) and waits for it.
  ~DocumentLibrary();

  DocumentLibrary(const DocumentLibrary&) = delete;
  DocumentLibrary& operator=(const DocumentLibrary&) = delete;

  // NOT_FOUND naming the id for an unknown document; FAILED_PRECONDITION
  // with the reason for one that did not load.
  absl::StatusOr<std::shared_ptr<const LibraryDocument>> Find(
      std::string_view id) const;
  // Like Find, but an unavailable document is returned too (to describe
  // it with its reason).
  absl::StatusOr<std::shared_ptr<const LibraryDocument>> Lookup(
      std::string_view id) const;
  // The current documents, available or not. Never null.
  std::shared_ptr<const LibrarySnapshot> documents() const;

  // Lists the folder again and publishes a new snapshot: files whose size,
  // times or inode changed are read again (and through the pipeline only if
  // their bytes changed), new files are added, vanished ones removed; the
  // rest are the same objects as before. Ids stay as they were while a file
  // exists. NOT_FOUND if the folder cannot be listed (the documents then
  // stay as they were). Scans never overlap.
  absl::Status Rescan();

 private:
  // What a file looked like when it was last read.
  struct FileState {
    int64_t size = 0;
    int64_t mtime_ns = 0;
    int64_t ctime_ns = 0;
    uint64_t inode = 0;
    // The stat times were too close to the scan to trust: a write in the
    // same clock tick would not change them, so the bytes are compared.
    bool racy = false;
    size_t bytes_hash = 0;
    std::shared_ptr<const LibraryDocument> document;
  };

  DocumentLibrary(const LibraryOptions& options,
                  const text::TextPipeline* pipeline);
  // One scan; what to log goes to `messages`, logged once scan_mu_ is
  // released.
  absl::Status Scan(bool initial, std::vector<std::string>* messages)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(scan_mu_);
  void Log(const std::string& message) const;
  void Watch();

  const LibraryOptions options_;
  const text::TextPipeline* const pipeline_ = nullptr;

  // Held for a whole scan, so scans run one at a time; readers never wait
  // for it.
  absl::Mutex scan_mu_;
  std::map<std::string, FileState> files_ ABSL_GUARDED_BY(scan_mu_);

  mutable absl::Mutex snapshot_mu_;
  std::shared_ptr<const LibrarySnapshot> snapshot_
      ABSL_GUARDED_BY(snapshot_mu_);

  absl::Mutex watch_mu_;
  bool stopping_ ABSL_GUARDED_BY(watch_mu_) = false;
  std::thread watcher_;
};

}  // namespace policyreader::library

#endif  // POLICY_READER_SERVICE_LIBRARY_DOCUMENT_LIBRARY_H_
