// Test support: a loopback TCP proxy, so a test can take a server away and
// bring up another behind the same address without rebinding a port that
// another test's server may have been given meanwhile.
//
// Thread-safety: SetTarget() and DropConnections() may be called from any
// thread; the proxy runs on threads of its own, joined on destruction.
#ifndef POLICY_READER_TESTS_INTEGRATION_TCP_PROXY_H_
#define POLICY_READER_TESTS_INTEGRATION_TCP_PROXY_H_

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace policyreader::testing {

class TcpProxy {
 public:
  TcpProxy();  // Listens on 127.0.0.1, a port the kernel picks.
  ~TcpProxy();

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Where new connections go (0: refuse them by closing at once).
  void SetTarget(int port) { target_.store(port); }
  // Closes every connection open now, as a dying server would.
  void DropConnections() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Accept() ABSL_LOCKS_EXCLUDED(mu_);
  void Pump(int client, int upstream) ABSL_LOCKS_EXCLUDED(mu_);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> target_{0};
  std::atomic<bool> stop_{false};
  absl::Mutex mu_;
  std::vector<int> open_fds_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> pumps_ ABSL_GUARDED_BY(mu_);
  std::thread acceptor_;
};

}  // namespace policyreader::testing

#endif  // POLICY_READER_TESTS_INTEGRATION_TCP_PROXY_H_
