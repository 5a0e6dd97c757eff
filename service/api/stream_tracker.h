// Counts the Synthesize streams in flight so shutdown can drain them: stop
// taking new streams, wait for those running to finish, then close.
//
// Thread-safety: all methods are thread-safe.
#ifndef POLICY_READER_SERVICE_API_STREAM_TRACKER_H_
#define POLICY_READER_SERVICE_API_STREAM_TRACKER_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace policyreader::api {

class StreamTracker {
 public:
  // False once draining: the caller refuses the stream.
  bool TryBegin();
  void End();
  // New streams are refused from now on.
  void StartDraining();
  // True when no stream is left by `deadline`.
  bool WaitUntilIdle(absl::Time deadline);

 private:
  absl::Mutex mu_;
  int active_ ABSL_GUARDED_BY(mu_) = 0;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_STREAM_TRACKER_H_
