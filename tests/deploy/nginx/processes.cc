// See processes.h.
#include "tests/deploy/nginx/processes.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace policyreader::testing {
namespace {

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Debian puts nginx in /usr/sbin, which a user's PATH may not have.
std::string NginxBinary() {
  if (access("/usr/sbin/nginx", X_OK) == 0) return "/usr/sbin/nginx";
  const char* path = getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path ? path : "", ':')) {
    const std::string candidate = absl::StrCat(dir, "/nginx");
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// Replaces `from` in `text` by `to`; it must occur exactly once, so a
// change in the shipped file's shape fails the test rather than leaving a
// production address in it.
absl::Status ReplaceOnce(std::string* text, const std::string& from,
                         const std::string& to) {
  const size_t at = text->find(from);
  if (at == std::string::npos ||
      text->find(from, at + 1) != std::string::npos) {
    return absl::FailedPreconditionError(
        absl::StrCat("deploy/nginx/policy-reader.conf should have \"", from,
                     "\" exactly once"));
  }
  text->replace(at, from.size(), to);
  return absl::OkStatus();
}

}  // namespace

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok =
      connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return ok;
}

int ConnectionsTo(int port) {
  // "  sl  local_address rem_address   st ...", addresses as hex IP:port.
  // gRPC listens on a dual-stack socket, so its side of a connection from
  // 127.0.0.1 is in tcp6 (as ::ffff:127.0.0.1). No other socket has the
  // listening port as its local port.
  const std::string local_port =
      absl::StrCat(":", absl::Hex(port, absl::kZeroPad4));
  int count = 0;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream tcp(table);
    std::string line;
    std::getline(tcp, line);  // The column names.
    while (std::getline(tcp, line)) {
      std::istringstream fields(line);
      std::string slot, local_address, remote_address, state;
      fields >> slot >> local_address >> remote_address >> state;
      // 01: ESTABLISHED.
      if (state == "01" &&
          absl::EndsWithIgnoreCase(local_address, local_port)) {
        ++count;
      }
    }
  }
  return count;
}

ServerProcess::ServerProcess(std::vector<std::string> extra_flags)
    : extra_flags_(std::move(extra_flags)) {}

ServerProcess::~ServerProcess() {
  if (process_ != nullptr && process_->pid() > 0) Signal(SIGKILL);
}

absl::Status ServerProcess::Start(absl::Duration timeout) {
  std::vector<std::string> argv = {
      SERVER_BINARY,
      "--listen=127.0.0.1:0",
      "--http_listen=127.0.0.1:0",
      "--workers=1",
      absl::StrCat("--voices=", SOURCE_DIR, "/voices"),
      absl::StrCat("--library=", POLICIES_DIR),
      "--library_poll_s=0"};
  argv.insert(argv.end(), extra_flags_.begin(), extra_flags_.end());
  process_ = std::make_unique<PtyProcess>(argv);
  if (!process_->started()) {
    return absl::InternalError(absl::StrCat("cannot start ", SERVER_BINARY));
  }
  const std::optional<std::string> line =
      process_->WaitForLine("serving on port", timeout);
  std::smatch match;
  static const std::regex kPorts("serving on port ([0-9]+) \\(HTTP: ([0-9]+)");
  if (!line.has_value() || !std::regex_search(*line, match, kPorts) ||
      !absl::SimpleAtoi(match[1].str(), &grpc_port_) ||
      !absl::SimpleAtoi(match[2].str(), &http_port_)) {
    return absl::UnavailableError(
        absl::StrCat("the server did not start: ", process_->Output()));
  }
  return absl::OkStatus();
}

void ServerProcess::Signal(int signal_number) {
  if (pid() > 0) kill(pid(), signal_number);
}

int ServerProcess::Wait(absl::Duration timeout) {
  return process_ == nullptr ? -1 : process_->Wait(timeout);
}

std::string ServerProcess::Output() {
  return process_ == nullptr ? "" : process_->Output();
}

NginxProcess::NginxProcess(const std::vector<const ServerProcess*>& instances) {
  for (const ServerProcess* instance : instances) {
    instances_.emplace_back(instance->grpc_port(), instance->http_port());
  }
}

NginxProcess::~NginxProcess() {
  if (process_ != nullptr && process_->pid() > 0) {
    // nginx's workers leave with their master on SIGTERM; they would not on
    // SIGKILL, so the process group goes only if the master hangs.
    const pid_t pid = process_->pid();
    kill(pid, SIGTERM);
    if (process_->Wait(absl::Seconds(10)) < 0) kill(-pid, SIGKILL);
  }
  process_.reset();
  if (!dir_.empty()) {
    std::error_code error;
    std::filesystem::remove_all(dir_, error);
  }
}

std::string NginxProcess::grpc_address() const {
  return absl::StrCat("127.0.0.1:", grpc_port_);
}

std::string NginxProcess::ErrorLog() const {
  return dir_.empty() ? "" : ReadWhole(dir_ + "/error.log");
}

absl::Status NginxProcess::Start(absl::Duration timeout) {
  const std::string nginx = NginxBinary();
  if (nginx.empty()) {
    return absl::FailedPreconditionError(
        "nginx is not installed; scripts/install-deps.sh installs it");
  }
  if (instances_.size() != 2) {
    return absl::InvalidArgumentError("the shipped file has two instances");
  }
  std::string dir_template =
      (std::filesystem::temp_directory_path() / "policy-reader-nginx-XXXXXX")
          .string();
  if (mkdtemp(dir_template.data()) == nullptr) {
    return absl::InternalError("mkdtemp failed");
  }
  dir_ = dir_template;
  // Run as root (a container's CI), nginx's workers are `nobody`, and must
  // be able to read and write here.
  chmod(dir_.c_str(), 0755);

  std::string site = ReadWhole(NGINX_CONF);
  if (site.empty()) {
    return absl::NotFoundError(absl::StrCat("cannot read ", NGINX_CONF));
  }
  grpc_port_ = FreePort();
  http_port_ = FreePort();
  const struct {
    std::string from, to;
  } kFillIns[] = {
      {"listen 50050 http2;",
       absl::StrCat("listen 127.0.0.1:", grpc_port_, " http2;")},
      {"listen 80;", absl::StrCat("listen 127.0.0.1:", http_port_, ";")},
      {"server 127.0.0.1:50051 ",
       absl::StrCat("server 127.0.0.1:", instances_[0].first, " ")},
      {"server 127.0.0.1:50052 ",
       absl::StrCat("server 127.0.0.1:", instances_[1].first, " ")},
      {"server 127.0.0.1:8080 ",
       absl::StrCat("server 127.0.0.1:", instances_[0].second, " ")},
      {"server 127.0.0.1:8081 ",
       absl::StrCat("server 127.0.0.1:", instances_[1].second, " ")},
      {"/var/cache/nginx/policy-reader", dir_ + "/cache"},
  };
  for (const auto& fill_in : kFillIns) {
    if (absl::Status s = ReplaceOnce(&site, fill_in.from, fill_in.to);
        !s.ok()) {
      return s;
    }
  }
  std::ofstream(dir_ + "/policy-reader.conf") << site;
  // What Debian's /etc/nginx/nginx.conf would give around it, in the
  // temporary prefix: no root, no /var, the foreground.
  std::ofstream(dir_ + "/nginx.conf") << absl::StrReplaceAll(
      R"(daemon off;
master_process on;
worker_processes 1;
pid DIR/nginx.pid;
error_log DIR/error.log notice;
events { worker_connections 512; }
http {
  access_log DIR/access.log;
  client_body_temp_path DIR/body;
  proxy_temp_path DIR/proxy;
  fastcgi_temp_path DIR/fastcgi;
  uwsgi_temp_path DIR/uwsgi;
  scgi_temp_path DIR/scgi;
  include DIR/policy-reader.conf;
}
)",
      {{"DIR", dir_}});

  process_ = std::make_unique<PtyProcess>(std::vector<std::string>{
      nginx, "-p", dir_ + "/", "-c", dir_ + "/nginx.conf", "-e",
      dir_ + "/error.log"});
  if (!process_->started()) return absl::InternalError("cannot start nginx");
  const absl::Time deadline = absl::Now() + timeout;
  while (!(Accepts(grpc_port_) && Accepts(http_port_))) {
    // Exited (a configuration error): Wait sees it at once.
    if (process_->Wait(absl::ZeroDuration()) >= 0 || absl::Now() > deadline) {
      return absl::UnavailableError(absl::StrCat(
          "nginx did not start: ", process_->Output(), ErrorLog()));
    }
    // A port has no readiness event to wait on: poll at 10 ms.
    usleep(10000);
  }
  return absl::OkStatus();
}

}  // namespace policyreader::testing
