// cpp-httplib's server with the limits a public endpoint needs and httplib
// (0.11, as Debian builds it) does not have:
//   - connections per client address: one address cannot take every
//     connection thread (a slowloris from a single host, a leaking client);
//   - a deadline for reading a whole request (head and body) from its
//     first byte: httplib's read timeout restarts at every byte, so a client
//     sending a byte every few seconds held its connection for ever.
// A connection over its address's cap gets "503" with Retry-After and is
// closed at once, without reading it.
//
// It serves each connection itself (the keep-alive loop and a socket stream
// of its own), because httplib's are private; requests are still parsed and
// routed by httplib (process_request).
//
// Thread-safety: connections are served on the task queue's threads
// (connection_threads.h), each with its own stream; the per-address counts
// are under mu_.
#ifndef POLICY_READER_SERVICE_HTTP_GUARDED_SERVER_H_
#define POLICY_READER_SERVICE_HTTP_GUARDED_SERVER_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/http/http_options.h"
#include "service/http/httplib_config.h"

namespace policyreader::http {

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(const ConnectionLimits& limits) : limits_(limits) {}

  ConnectionStats stats() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  // httplib calls this on a task queue thread for every accepted socket.
  bool process_and_close_socket(socket_t sock) override;

  bool Admit(const std::string& address) ABSL_LOCKS_EXCLUDED(mu_);
  void Release(const std::string& address) ABSL_LOCKS_EXCLUDED(mu_);

  const ConnectionLimits limits_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, int> open_ ABSL_GUARDED_BY(mu_);
  uint64_t refused_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t read_deadlines_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace policyreader::http

#endif  // POLICY_READER_SERVICE_HTTP_GUARDED_SERVER_H_
