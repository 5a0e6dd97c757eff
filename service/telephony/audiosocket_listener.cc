// See audiosocket_listener.h.
#include "service/telephony/audiosocket_listener.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace policyreader::telephony {
namespace {

constexpr int kBacklog = 64;
// After accept() fails for lack of resources (descriptors), before the
// next attempt, so the acceptor does not spin.
constexpr int kAcceptRetryMs = 100;

absl::StatusOr<int> Bind(const std::string& given) {
  // A bare port (or ":port") means loopback: the PBX is usually on the same
  // machine, and callers' audio should not be reachable from elsewhere.
  const std::string address =
      given.find(':') == std::string::npos ? absl::StrCat("127.0.0.1:", given)
      : given[0] == ':'                    ? absl::StrCat("127.0.0.1", given)
                                           : given;
  const size_t colon = address.rfind(':');
  int port = 0;
  if (!absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("AudioSocket address \"", address,
                     "\" is not host:port (e.g. 127.0.0.1:9092)"));
  }
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int error =
          getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
      error != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "AudioSocket address \"", address, "\": ", gai_strerror(error)));
  }
  std::string why = "no address";
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                a->ai_protocol);
    if (fd < 0) {
      why = strerror(errno);
      continue;
    }
    // Only lets a restarted server bind while old connections linger in
    // TIME_WAIT; a port another program listens on still fails (no
    // SO_REUSEPORT).
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, kBacklog) != 0) {
      why = strerror(errno);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen for AudioSocket calls on ", address, ": ", why,
        "; is another server using the port? Choose one with "
        "--audiosocket_listen"));
  }
  return fd;
}

int BoundPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return 0;
  }
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
}

}  // namespace

absl::StatusOr<std::unique_ptr<AudioSocketListener>> AudioSocketListener::Start(
    const TelephonyOptions& options, CallTable table,
    std::shared_ptr<grpc::Channel> channel) {
  absl::StatusOr<int> fd = Bind(options.listen_address);
  if (!fd.ok()) return fd.status();
  std::unique_ptr<AudioSocketListener> listener(
      new AudioSocketListener(options, std::move(table), std::move(channel)));
  listener->listen_fd_ = *fd;
  listener->port_ = BoundPort(*fd);
  listener->acceptor_ =
      std::thread(&AudioSocketListener::Accept, listener.get());
  return listener;
}

AudioSocketListener::AudioSocketListener(const TelephonyOptions& options,
                                         CallTable table,
                                         std::shared_ptr<grpc::Channel> channel)
    : options_(options),
      table_(std::move(table)),
      channel_(std::move(channel)),
      stub_(v1::PolicyReader::NewStub(channel_)),
      wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

AudioSocketListener::~AudioSocketListener() {
  Shutdown();
  if (wake_fd_ >= 0) close(wake_fd_);
}

int AudioSocketListener::active_calls() const {
  absl::MutexLock lock(&mu_);
  int active = 0;
  for (const CallSlot& slot : calls_) active += slot.done ? 0 : 1;
  return active;
}

void AudioSocketListener::Wake() {
  const uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof(one));
}

void AudioSocketListener::Accept() {
  int timeout_ms = -1;
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    poll(fds, 2, timeout_ms);
    timeout_ms = -1;
    if (fds[1].revents & POLLIN) {
      uint64_t count = 0;
      (void)!read(wake_fd_, &count, sizeof(count));
    }
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    Reap();
    while (true) {
      const int fd =
          accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno != EAGAIN) timeout_ms = kAcceptRetryMs;
        break;
      }
      // Frames are small and timed: send each at once.
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      absl::MutexLock lock(&mu_);
      int active = 0;
      for (const CallSlot& slot : calls_) active += slot.done ? 0 : 1;
      if (active >= options_.max_calls) {
        const std::string hangup = EncodeHangup();
        (void)!send(fd, hangup.data(), hangup.size(), MSG_NOSIGNAL);
        close(fd);
        if (options_.on_event) {
          CallEvent event;
          event.kind = CallEvent::Kind::kEnded;
          event.reason = "too many calls";
          event.line = absl::StrCat("call refused: ", active,
                                    " calls already (--max_calls)");
          options_.on_event(event);
        }
        continue;
      }
      CallSlot& slot = calls_.emplace_back();
      slot.call = std::make_unique<Call>(fd, &table_, stub_.get(), &options_);
      slot.thread = std::thread([this, &slot] {
        slot.call->Run();
        slot.done = true;
        Wake();
      });
    }
  }
}

void AudioSocketListener::Reap() {
  std::list<CallSlot> ended;
  {
    absl::MutexLock lock(&mu_);
    for (auto it = calls_.begin(); it != calls_.end();) {
      auto next = std::next(it);
      if (it->done) ended.splice(ended.end(), calls_, it);
      it = next;
    }
  }
  for (CallSlot& slot : ended) slot.thread.join();
}

void AudioSocketListener::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
    stopping_ = true;
  }
  Wake();
  if (acceptor_.joinable()) acceptor_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = -1;
  std::list<CallSlot> calls;
  {
    absl::MutexLock lock(&mu_);
    for (CallSlot& slot : calls_) slot.call->Stop();
    calls.splice(calls.end(), calls_);
  }
  for (CallSlot& slot : calls) slot.thread.join();
}

}  // namespace policyreader::telephony
