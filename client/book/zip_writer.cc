// ZipWriter on libzip; see zip_writer.h.
#include "client/book/zip_writer.h"

#include <zip.h>

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace policyreader::book {
namespace {

absl::Status ZipError(const char* what, zip_error_t* error) {
  absl::Status status = absl::InternalError(
      absl::StrCat("libzip: ", what, ": ", zip_error_strerror(error)));
  zip_error_fini(error);
  return status;
}

struct SourceCloser {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};

}  // namespace

void ZipWriter::Add(std::string name, std::string bytes, bool compress) {
  entries_.push_back({std::move(name), std::move(bytes), compress});
}

absl::StatusOr<std::string> ZipWriter::Finish() const {
  zip_error_t error;
  zip_error_init(&error);
  // The archive is written into this buffer source; kept alive past
  // zip_close so its bytes can be read back.
  std::unique_ptr<zip_source_t, SourceCloser> buffer(
      zip_source_buffer_create(nullptr, 0, 0, &error));
  if (buffer == nullptr) return ZipError("zip_source_buffer_create", &error);
  zip_t* archive =
      zip_open_from_source(buffer.get(), ZIP_TRUNCATE | ZIP_CREATE, &error);
  if (archive == nullptr) return ZipError("zip_open_from_source", &error);
  zip_source_keep(buffer.get());
  const auto fail = [&](const char* what) {
    absl::Status status = absl::InternalError(
        absl::StrCat("libzip: ", what, ": ", zip_strerror(archive)));
    zip_discard(archive);
    return status;
  };
  for (const Entry& entry : entries_) {
    // libzip reads the bytes at zip_close, from our entries_, which outlive
    // it.
    zip_source_t* data = zip_source_buffer(archive, entry.bytes.data(),
                                           entry.bytes.size(), /*freep=*/0);
    if (data == nullptr) return fail("zip_source_buffer");
    const zip_int64_t index = zip_file_add(archive, entry.name.c_str(), data,
                                           ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(data);
      return fail("zip_file_add");
    }
    const zip_uint64_t i = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(archive, i,
                                 entry.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                 entry.compress ? 9 : 0) < 0) {
      return fail("zip_set_file_compression");
    }
    if (zip_file_set_mtime(archive, i, mtime_, 0) < 0) {
      return fail("zip_file_set_mtime");
    }
  }
  if (zip_close(archive) < 0) return fail("zip_close");

  if (zip_source_open(buffer.get()) < 0) {
    return absl::InternalError("libzip: cannot read the archive back");
  }
  std::string out;
  char chunk[1 << 16];
  zip_int64_t n;
  while ((n = zip_source_read(buffer.get(), chunk, sizeof(chunk))) > 0) {
    out.append(chunk, static_cast<size_t>(n));
  }
  zip_source_close(buffer.get());
  if (n < 0) return absl::InternalError("libzip: cannot read the archive back");
  return out;
}

}  // namespace policyreader::book
