#include "client/render/progress.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace policyreader::render {

std::string ProgressBar(size_t done, size_t total, int width) {
  const size_t filled =
      total == 0 ? width : std::min<size_t>(width, done * width / total);
  return absl::StrCat("[", std::string(filled, '#'),
                      std::string(width - filled, '.'), "] ", done, "/", total,
                      total == 1 ? " sætning" : " sætninger");
}

ProgressReporter::ProgressReporter(std::ostream* out, bool terminal,
                                   std::function<absl::Time()> now)
    : out_(out), terminal_(terminal), now_(std::move(now)) {}

void ProgressReporter::Update(const RenderProgress& progress) {
  if (progress.total == 0) return;  // Nothing to synthesize, nothing to show.
  const absl::Time now = now_();
  const bool last = progress.done == progress.total;
  if (terminal_) {
    if (now - last_ < absl::Milliseconds(100) && !last) return;
    // Pad over what a longer earlier line left behind.
    *out_ << "\r" << ProgressBar(progress.done, progress.total, 30) << "\x1b[K"
          << std::flush;
    drawn_ = true;
  } else {
    if (now - last_ < absl::Seconds(1) && !progress.source_done) return;
    *out_ << "render: " << progress.done << "/" << progress.total
          << " sætninger (" << progress.source << ")\n"
          << std::flush;
  }
  last_ = now;
}

void ProgressReporter::Finish() {
  if (drawn_) *out_ << "\n" << std::flush;
  drawn_ = false;
}

}  // namespace policyreader::render
