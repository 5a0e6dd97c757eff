// Test support for deploy/nginx: the real policy-reader-server program and
// Debian's nginx, each a child process of the test, started for real and
// waited for by polling (a printed line, a port that accepts), never by
// sleeping.
//
// Thread-safety: use each object from one test thread.
#ifndef POLICY_READER_TESTS_DEPLOY_NGINX_PROCESSES_H_
#define POLICY_READER_TESTS_DEPLOY_NGINX_PROCESSES_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "tests/integration/pty_process.h"

namespace policyreader::testing {

// A port on 127.0.0.1 that was free a moment ago, for programs that must be
// told their port (nginx); the servers bind port 0 themselves.
int FreePort();
// Whether 127.0.0.1:port accepts a connection now.
bool Accepts(int port);
// TCP connections established to the local port now (/proc/net/tcp{,6}).
// nginx opens one connection to an instance per gRPC call, so this counts
// the calls an instance is serving through it.
int ConnectionsTo(int port);

// policy-reader-server with its gRPC and HTTP ports on loopback port 0, one
// synthesis worker, the shared policies as its library.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_flags = {});
  // SIGKILL if it still runs (its workers follow it).
  ~ServerProcess();

  // Waits for the line saying which ports it serves on.
  absl::Status Start(absl::Duration timeout);
  int grpc_port() const { return grpc_port_; }
  int http_port() const { return http_port_; }
  pid_t pid() const { return process_ == nullptr ? -1 : process_->pid(); }
  void Signal(int signal_number);
  // Its exit code, or -1 if killed or still running after `timeout`.
  int Wait(absl::Duration timeout);
  std::string Output();

 private:
  std::vector<std::string> extra_flags_;
  std::unique_ptr<PtyProcess> process_;
  int grpc_port_ = 0;
  int http_port_ = 0;
};

// deploy/nginx/policy-reader.conf (NGINX_CONF) run by nginx as it is, in a
// temporary prefix, with only what is the operator's to fill in changed:
// its two listen ports (free ones), the instances of its two upstreams and
// the cache folder.
class NginxProcess {
 public:
  // `instances` must be two: the shipped file has two per upstream.
  explicit NginxProcess(const std::vector<const ServerProcess*>& instances);
  // nginx's fast shutdown (SIGTERM), then the folder is removed.
  ~NginxProcess();

  // Writes the configuration, starts nginx in the foreground and waits
  // until both ports accept.
  absl::Status Start(absl::Duration timeout);
  int grpc_port() const { return grpc_port_; }
  int http_port() const { return http_port_; }
  std::string grpc_address() const;
  // nginx's error log (notice level and up).
  std::string ErrorLog() const;

 private:
  std::vector<std::pair<int, int>> instances_;  // gRPC and HTTP ports.
  std::string dir_;
  int grpc_port_ = 0;
  int http_port_ = 0;
  std::unique_ptr<PtyProcess> process_;
};

}  // namespace policyreader::testing

#endif  // POLICY_READER_TESTS_DEPLOY_NGINX_PROCESSES_H_
