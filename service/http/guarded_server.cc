// See guarded_server.h. The connection loop follows httplib's own
// (process_server_socket): wait for a request while the keep-alive timeout
// lasts, let httplib read and answer it, at most keep_alive_max_count per
// connection, and stop when the server stops.
#include "service/http/guarded_server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "service/http/http_rules.h"

namespace policyreader::http {
namespace {

// How often a connection waiting for its next request looks whether the
// server is stopping.
constexpr int kStopCheckMs = 100;
constexpr int kRetryAfterSeconds = 5;

// The socket's peer (remote) or own (local) numeric address and port.
void SocketAddress(int sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  auto* raw = reinterpret_cast<sockaddr*>(&address);
  const int got =
      peer ? getpeername(sock, raw, &length) : getsockname(sock, raw, &length);
  ip.clear();
  port = 0;
  if (got != 0) return;
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> service{};
  if (getnameinfo(raw, length, host.data(), host.size(), service.data(),
                  service.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host.data();
    port = std::atoi(service.data());
  }
}

// Waits for `events` on `sock` at most `timeout`; the revents, 0 on
// timeout, -1 on error.
int Wait(int sock, short events, absl::Duration timeout) {
  pollfd p{sock, events, 0};
  const int ms = static_cast<int>(
      std::clamp<int64_t>(absl::ToInt64Milliseconds(timeout), 0, 1 << 30));
  int n;
  do {
    n = poll(&p, 1, ms);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return -1;
  return n == 0 ? 0 : p.revents;
}

// httplib's Stream over one connection, reading through a buffer (httplib
// reads request lines a byte at a time) and holding every request to a
// deadline from its first byte.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(int sock, absl::Duration read_timeout,
                 absl::Duration write_timeout, absl::Duration read_deadline)
      : sock_(sock),
        read_timeout_(read_timeout),
        write_timeout_(write_timeout),
        read_deadline_(read_deadline) {}

  // The next read starts a new request.
  void NextRequest() {
    request_deadline_ = absl::InfiniteFuture();
    deadline_passed_ = false;
  }
  bool deadline_passed() const { return deadline_passed_; }
  bool has_buffered() const { return begin_ < end_; }

  bool is_readable() const override {
    return has_buffered() || Wait(sock_, POLLIN, ReadWait()) > 0;
  }

  bool is_writable() const override {
    const int revents = Wait(sock_, POLLOUT, write_timeout_);
    return revents > 0 && (revents & (POLLERR | POLLHUP)) == 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (request_deadline_ == absl::InfiniteFuture()) {
      request_deadline_ = absl::Now() + read_deadline_;
    }
    if (!has_buffered()) {
      const absl::Duration wait = ReadWait();
      if (wait <= absl::ZeroDuration()) {
        deadline_passed_ = true;
        return -1;
      }
      const int revents = Wait(sock_, POLLIN, wait);
      if (revents <= 0) {
        if (absl::Now() >= request_deadline_) deadline_passed_ = true;
        return -1;
      }
      ssize_t n;
      do {
        n = recv(sock_, buffer_.data(), buffer_.size(), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    SocketAddress(sock_, /*peer=*/true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    SocketAddress(sock_, /*peer=*/false, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  absl::Duration ReadWait() const {
    return std::min(read_timeout_, request_deadline_ - absl::Now());
  }

  const int sock_;
  const absl::Duration read_timeout_, write_timeout_, read_deadline_;
  absl::Time request_deadline_ = absl::InfiniteFuture();
  bool deadline_passed_ = false;
  std::array<char, 4096> buffer_{};
  size_t begin_ = 0, end_ = 0;
};

absl::Duration FromTimeval(time_t sec, time_t usec) {
  return absl::Seconds(sec) + absl::Microseconds(usec);
}

void Refuse(int sock) {
  const std::string body = JsonError(
      "too many connections from this address; close some and try again");
  const std::string answer = absl::StrCat(
      "HTTP/1.1 503 Service Unavailable\r\nRetry-After: ", kRetryAfterSeconds,
      "\r\nContent-Type: application/json\r\nContent-Length: ", body.size(),
      "\r\nConnection: close\r\n\r\n", body);
  // Best effort: the socket is new, so its buffer takes the whole answer.
  (void)send(sock, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

}  // namespace

bool GuardedServer::process_and_close_socket(socket_t sock) {
  std::string address;
  int port = 0;
  SocketAddress(sock, /*peer=*/true, address, port);
  // Small keep-alive answers go out at once, not after Nagle's delay (set
  // here for certain; httplib sets it on the listening socket only).
  int yes = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  bool ok = false;
  if (!Admit(address)) {
    Refuse(sock);
  } else {
    DeadlineStream stream(sock,
                          FromTimeval(read_timeout_sec_, read_timeout_usec_),
                          FromTimeval(write_timeout_sec_, write_timeout_usec_),
                          limits_.request_read_deadline);
    const absl::Duration keep_alive = absl::Seconds(keep_alive_timeout_sec_);
    for (size_t left = keep_alive_max_count_; left > 0; --left) {
      // The next request, or the end of the keep-alive wait.
      const absl::Time give_up = absl::Now() + keep_alive;
      bool readable = stream.has_buffered();
      while (!readable && svr_sock_ != INVALID_SOCKET &&
             absl::Now() < give_up) {
        const int revents = Wait(
            sock, POLLIN,
            std::min(absl::Milliseconds(kStopCheckMs), give_up - absl::Now()));
        if (revents < 0) break;
        readable = revents > 0;
      }
      if (!readable || svr_sock_ == INVALID_SOCKET) break;
      stream.NextRequest();
      bool connection_closed = false;
      ok = process_request(stream, /*close_connection=*/left == 1,
                           connection_closed, nullptr);
      if (stream.deadline_passed()) {
        // httplib has answered 400 and would wait for another request.
        absl::MutexLock lock(&mu_);
        ++read_deadlines_;
        break;
      }
      if (!ok || connection_closed) break;
    }
    Release(address);
  }
  shutdown(sock, SHUT_RDWR);
  close(sock);
  return ok;
}

bool GuardedServer::Admit(const std::string& address) {
  absl::MutexLock lock(&mu_);
  int& open = open_[address];
  if (limits_.max_per_address > 0 && open >= limits_.max_per_address) {
    ++refused_;
    return false;
  }
  ++open;
  return true;
}

void GuardedServer::Release(const std::string& address) {
  absl::MutexLock lock(&mu_);
  auto it = open_.find(address);
  if (it != open_.end() && --it->second <= 0) open_.erase(it);
}

ConnectionStats GuardedServer::stats() const {
  absl::MutexLock lock(&mu_);
  return ConnectionStats{static_cast<int>(open_.size()), refused_,
                         read_deadlines_};
}

}  // namespace policyreader::http
