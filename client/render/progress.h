// How a render shows its progress on standard error: on a terminal one line
// redrawn in place ("\r[#####.....] 41/380 sætninger"), at most ten times a
// second; otherwise (a log, a pipe, CI) plain lines a log can keep, at most
// one a second plus one per finished source ("render: 41/380 sætninger
// (politik.txt)").
//
// Thread-safety: not thread-safe; call from the thread that runs the render.
#ifndef POLICY_READER_CLIENT_RENDER_PROGRESS_H_
#define POLICY_READER_CLIENT_RENDER_PROGRESS_H_

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/render/renderer.h"

namespace policyreader::render {

// "[#####.....] 41/380 sætninger" with a bar of `width` cells.
std::string ProgressBar(size_t done, size_t total, int width);

class ProgressReporter {
 public:
  ProgressReporter(
      std::ostream* out, bool terminal,
      std::function<absl::Time()> now = [] { return absl::Now(); });

  void Update(const RenderProgress& progress);
  // Ends the redrawn line, so what follows starts on a line of its own.
  void Finish();

 private:
  std::ostream* const out_;
  const bool terminal_;
  const std::function<absl::Time()> now_;
  absl::Time last_ = absl::InfinitePast();
  bool drawn_ = false;  // A bar is on the screen without a newline.
};

}  // namespace policyreader::render

#endif  // POLICY_READER_CLIENT_RENDER_PROGRESS_H_
