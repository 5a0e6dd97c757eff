// Counts the Synthesize streams in flight: so shutdown can drain them (stop
// taking new streams, wait for those running to finish, then close), and so
// one client cannot hold every stream of the server.
//
// A client is its address without the port (ClientOf). Loopback and
// in-process callers are this machine's own (the HTTP gateway, the phone
// bridge, a local nginx, which holds its own clients to a share): they are
// not capped unless `cap_loopback`.
//
// Thread-safety: all methods are thread-safe.
#ifndef POLICY_READER_SERVICE_API_STREAM_TRACKER_H_
#define POLICY_READER_SERVICE_API_STREAM_TRACKER_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace policyreader::api {

struct StreamLimits {
  // Streams one client may have open at once; 0: no limit.
  int max_per_client = 256;
  bool cap_loopback = false;
};

// The client part of a gRPC peer ("ipv4:10.0.0.7:51234" -> "ipv4:10.0.0.7").
std::string ClientOf(absl::string_view peer);

class StreamTracker {
 public:
  explicit StreamTracker(const StreamLimits& limits = {}) : limits_(limits) {}

  // OK: the stream is counted in, and End(client) must follow.
  // UNAVAILABLE while draining; RESOURCE_EXHAUSTED when `client` has its
  // limit of streams open.
  absl::Status TryBegin(const std::string& client) ABSL_LOCKS_EXCLUDED(mu_);
  void End(const std::string& client) ABSL_LOCKS_EXCLUDED(mu_);
  // New streams are refused from now on.
  void StartDraining() ABSL_LOCKS_EXCLUDED(mu_);
  // True when no stream is left by `deadline`.
  bool WaitUntilIdle(absl::Time deadline) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  bool Capped(absl::string_view client) const;

  const StreamLimits limits_;
  absl::Mutex mu_;
  int active_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, int> per_client_ ABSL_GUARDED_BY(mu_);
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_STREAM_TRACKER_H_
