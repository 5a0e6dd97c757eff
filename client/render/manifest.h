// manifest.json in a render's output folder: one entry per prompt file (see
// prompts.h for the layout), telling a dialplan author what each file says
// and telling the next run which files are still right. JSON, one prompt per
// line, so it diffs well and jq reads it:
//   {"version": 1, "voice": "telefon", "format": "alaw", "split": "sentence",
//    "prompts": [
//     {"file": "a/a-s0000.alaw", "id": "a", "source": "politik/a.txt",
//      "format": "alaw", "key": "0123456789abcdef", "duration_ms": 2130,
//      "bytes": 17040, "begin": 0, "end": 31, "first_sentence": 0,
//      "last_sentence": 0, "text": "...", "spoken_text": "..."}, ...]}
// Offsets are UTF-8 byte offsets into the source text, [begin, end);
// sentence numbers are inclusive and 0-based; duration_ms is counted from
// the audio bytes written (rounded to the nearest millisecond).
//
// Thread-safety: pure functions, plus file I/O on the given paths; callers
// serialize writes to one folder.
#ifndef POLICY_READER_CLIENT_RENDER_MANIFEST_H_
#define POLICY_READER_CLIENT_RENDER_MANIFEST_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/render/prompts.h"

namespace policyreader::render {

inline constexpr char kManifestName[] = "manifest.json";
inline constexpr int kManifestVersion = 1;

struct Manifest {
  // What the last run asked for; informative only (each prompt's key is
  // what counts).
  std::string voice;
  std::string format;
  std::string split;
  std::vector<Prompt> prompts;

  bool operator==(const Manifest&) const = default;
};

std::string ManifestToJson(const Manifest& manifest);
// INVALID_ARGUMENT with the reason for anything but a manifest this module
// wrote (unknown fields are ignored, so later versions can add some).
absl::StatusOr<Manifest> ParseManifest(const std::string& json);

// The manifest at `path`; an empty one if there is none. Errors name the
// file.
absl::StatusOr<Manifest> ReadManifest(const std::string& path);
// Writes to a temporary file beside `path` and renames it into place, so a
// reader (or a crash) sees the old manifest or the new one, never half.
absl::Status WriteManifest(const std::string& path, const Manifest& manifest);

// Writes `bytes` to `path` the same way (temporary file, then rename),
// creating its folder if needed.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes);

}  // namespace policyreader::render

#endif  // POLICY_READER_CLIENT_RENDER_MANIFEST_H_
