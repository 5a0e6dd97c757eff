#include "client/cli/audio_file_writer.h"

#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"

namespace policyreader::cli {

absl::StatusOr<std::unique_ptr<AudioFileWriter>> AudioFileWriter::Create(
    const std::string& path, bool raw) {
  if (path == "-") {
    if (!raw) {
      return absl::InvalidArgumentError(
          "WAV kan ikke skrives til standard output (brug --raw eller en fil)");
    }
    return std::unique_ptr<AudioFileWriter>(
        new AudioFileWriter(path, stdout, raw, /*is_stdout=*/true));
  }
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    const int error = errno;
    return absl::InvalidArgumentError(absl::StrCat(
        "Kan ikke oprette filen ", path, ": ", std::strerror(error)));
  }
  return std::unique_ptr<AudioFileWriter>(
      new AudioFileWriter(path, file, raw, /*is_stdout=*/false));
}

AudioFileWriter::~AudioFileWriter() {
  if (!done_) Discard();
}

absl::Status AudioFileWriter::WriteError(std::string_view what) const {
  const int error = errno;
  return absl::InternalError(absl::StrCat(
      "Kan ikke ", std::string(what), " ",
      is_stdout_ ? "standard output" : path_, ": ", std::strerror(error)));
}

absl::Status AudioFileWriter::Begin(const audio::WavFormat& format) {
  if (format_.has_value()) {
    return absl::FailedPreconditionError("Lydformatet er allerede sat");
  }
  format_ = format;
  if (raw_) return absl::OkStatus();
  const std::string header = audio::WavHeader(format, 0);
  if (std::fwrite(header.data(), 1, header.size(), file_) != header.size()) {
    return WriteError("skrive til");
  }
  return absl::OkStatus();
}

absl::Status AudioFileWriter::Append(std::string_view bytes) {
  if (!format_.has_value()) {
    return absl::FailedPreconditionError("Lyd før lydformatet");
  }
  if (bytes.empty()) return absl::OkStatus();
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    return WriteError("skrive til");
  }
  data_bytes_ += bytes.size();
  // Let a reader of the file or pipe (a player, `tail -f`) follow along.
  if (std::fflush(file_) != 0) return WriteError("skrive til");
  return absl::OkStatus();
}

absl::Status AudioFileWriter::Finish() {
  if (!format_.has_value()) {
    return absl::FailedPreconditionError("Ingen lyd at gemme");
  }
  if (!raw_) {
    const uint64_t limit =
        std::numeric_limits<uint32_t>::max() - audio::WavHeaderSize(*format_);
    if (data_bytes_ > limit) {
      return absl::OutOfRangeError(
          absl::StrCat("Lyden (", data_bytes_,
                       " bytes) er for lang til en WAV-fil; brug "
                       "--raw"));
    }
    const std::string header =
        audio::WavHeader(*format_, static_cast<uint32_t>(data_bytes_));
    if (std::fseek(file_, 0, SEEK_SET) != 0 ||
        std::fwrite(header.data(), 1, header.size(), file_) != header.size()) {
      return WriteError("skrive WAV-hovedet i");
    }
  }
  if (std::fflush(file_) != 0) return WriteError("skrive til");
  if (!is_stdout_) {
    std::FILE* file = std::exchange(file_, nullptr);
    if (std::fclose(file) != 0) return WriteError("lukke");
  }
  done_ = true;
  return absl::OkStatus();
}

void AudioFileWriter::Close() {
  if (file_ != nullptr && !is_stdout_) std::fclose(file_);
  file_ = nullptr;
}

void AudioFileWriter::Discard() {
  if (done_) return;
  done_ = true;
  if (is_stdout_) {
    std::fflush(stdout);
    return;
  }
  Close();
  std::remove(path_.c_str());
}

}  // namespace policyreader::cli
