// ZIP archives in memory through libzip (zip_writer.cc is the one file that
// includes <zip.h>), for EPUB's OCF container: entries keep the order they
// were added in, and an entry can be stored uncompressed, as EPUB requires
// of its first entry, `mimetype`.
//
// Thread-safety: a ZipWriter is used by one thread at a time.
#ifndef POLICY_READER_CLIENT_BOOK_ZIP_WRITER_H_
#define POLICY_READER_CLIENT_BOOK_ZIP_WRITER_H_

#include <ctime>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace policyreader::book {

class ZipWriter {
 public:
  // Every entry gets `mtime` as its modification time, so the same book
  // gives the same bytes.
  explicit ZipWriter(std::time_t mtime) : mtime_(mtime) {}

  // `name` is '/'-separated; stored (not deflated) when `compress` is false.
  void Add(std::string name, std::string bytes, bool compress = true);

  // The archive; INTERNAL with libzip's message if it fails.
  absl::StatusOr<std::string> Finish() const;

 private:
  struct Entry {
    std::string name;
    std::string bytes;
    bool compress = true;
  };
  std::time_t mtime_;
  std::vector<Entry> entries_;
};

}  // namespace policyreader::book

#endif  // POLICY_READER_CLIENT_BOOK_ZIP_WRITER_H_
