// Where each document was left, so the player resumes there next time like
// a talking-book reader. One small tab-separated file,
// $XDG_STATE_HOME/policy-reader/positions.tsv (XDG_STATE_HOME defaulting to
// ~/.local/state), a line per document:
//
//   key <TAB> sentence index <TAB> fingerprint of that sentence's text
//       [<TAB> speed]
//
// The speed is the listener's at that place (files from before it was kept
// have three fields and no speed).
//
// The fingerprint lets a resume survive an edited document: if the sentence
// moved, the player finds it again; if it is gone, it starts from the top.
// Writes go to a temporary file renamed over the old one, so a crash never
// leaves half a file. The most recently used 500 documents are kept.
//
// Thread-safety: not thread-safe; one player process uses one store from
// one thread. Two players writing at once lose one update, never the file.
#ifndef POLICY_READER_CLIENT_LISTEN_RESUME_STORE_H_
#define POLICY_READER_CLIENT_LISTEN_RESUME_STORE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "client/rpc/outline.h"

namespace policyreader::listen {

class ResumeStore {
 public:
  // The file under the user's XDG state directory; empty if neither
  // XDG_STATE_HOME nor HOME is set.
  static std::string DefaultPath();

  explicit ResumeStore(std::string path) : path_(std::move(path)) {}

  struct Place {
    size_t sentence = 0;
    double speed = 0;  // 0: none was saved.
  };

  // Where `key` was left in `outline`: the saved index if the sentence there
  // is still the same, else wherever that sentence is now; nullopt if
  // nothing was saved or the sentence is gone.
  std::optional<Place> FindPlace(std::string_view key,
                                 const rpc::Outline& outline) const;
  // FindPlace's sentence.
  std::optional<size_t> Find(std::string_view key,
                             const rpc::Outline& outline) const;
  // Remembers `sentence` of `outline` for `key`, and `speed` if above 0.
  absl::Status Save(std::string_view key, const rpc::Outline& outline,
                    size_t sentence, double speed = 0);
  // Forgets `key` (the document was heard to the end).
  absl::Status Forget(std::string_view key);

  const std::string& path() const { return path_; }

 private:
  absl::Status Write(std::string_view key,
                     std::optional<std::string> line) const;

  const std::string path_;
};

// A stable 64-bit fingerprint (FNV-1a) of a sentence's text.
uint64_t Fingerprint(std::string_view text);

}  // namespace policyreader::listen

#endif  // POLICY_READER_CLIENT_LISTEN_RESUME_STORE_H_
