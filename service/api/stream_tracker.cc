// See stream_tracker.h.
#include "service/api/stream_tracker.h"

namespace policyreader::api {

bool StreamTracker::TryBegin() {
  absl::MutexLock lock(&mu_);
  if (draining_) return false;
  ++active_;
  return true;
}

void StreamTracker::End() {
  absl::MutexLock lock(&mu_);
  --active_;
}

void StreamTracker::StartDraining() {
  absl::MutexLock lock(&mu_);
  draining_ = true;
}

bool StreamTracker::WaitUntilIdle(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto idle = [this]()
                  ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return active_ == 0; };
  return mu_.AwaitWithDeadline(absl::Condition(&idle), deadline);
}

}  // namespace policyreader::api
