// Writes a Synthesize stream's audio to a file as it arrives: a WAV file
// (header with data size 0 first, audio appended chunk by chunk, the header
// rewritten with the real size at the end) or the bare bytes (--raw), to a
// path or to standard output ("-", raw only: a pipe cannot be rewound).
//
// Thread-safety: not thread-safe; one thread writes one file.
#ifndef POLICY_READER_CLIENT_CLI_AUDIO_FILE_WRITER_H_
#define POLICY_READER_CLIENT_CLI_AUDIO_FILE_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/audio/wav.h"

namespace policyreader::cli {

class AudioFileWriter {
 public:
  // Creates (truncates) `path`, or uses stdout for "-" when `raw`. Fails
  // early, before any RPC, if the file cannot be created.
  static absl::StatusOr<std::unique_ptr<AudioFileWriter>> Create(
      const std::string& path, bool raw);

  // Closes the file; a file neither finished nor discarded is removed.
  ~AudioFileWriter();

  AudioFileWriter(const AudioFileWriter&) = delete;
  AudioFileWriter& operator=(const AudioFileWriter&) = delete;

  // Sets the format once known (from the stream header) and, for WAV,
  // writes the header with a data size of 0. Must precede Append().
  absl::Status Begin(const audio::WavFormat& format);
  bool begun() const { return format_.has_value(); }

  absl::Status Append(std::string_view bytes);

  // For WAV, rewrites the header with the real size; flushes and closes.
  // OUT_OF_RANGE if the audio outgrew WAV's 4 GiB limit.
  absl::Status Finish();

  // Closes and removes a partly written file (stdout is left alone).
  void Discard();

  uint64_t data_bytes() const { return data_bytes_; }

 private:
  AudioFileWriter(std::string path, std::FILE* file, bool raw, bool is_stdout)
      : path_(std::move(path)), file_(file), raw_(raw), is_stdout_(is_stdout) {}
  absl::Status WriteError(std::string_view what) const;
  void Close();

  const std::string path_;
  std::FILE* file_;
  const bool raw_;
  const bool is_stdout_;
  std::optional<audio::WavFormat> format_;
  uint64_t data_bytes_ = 0;
  bool done_ = false;
};

}  // namespace policyreader::cli

#endif  // POLICY_READER_CLIENT_CLI_AUDIO_FILE_WRITER_H_
