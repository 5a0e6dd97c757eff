// The HTTP gateway of a real server against clients that hold connections
// open without finishing their requests (slowloris): /healthz and a real
// speech request keep being answered, and a client that sends nothing for
// the read timeout is dropped.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/integration/test_server.h"

namespace policyreader::testing {
namespace {

constexpr int kSlowClients = 1000;
constexpr char kHalfAHead[] =
    "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";

// A connected loopback socket that has sent `bytes`; -1 on failure.
int SlowClient(int port, const std::string& bytes) {
  const int sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
          0 ||
      send(sock, bytes.data(), bytes.size(), MSG_NOSIGNAL) !=
          static_cast<ssize_t>(bytes.size())) {
    close(sock);
    return -1;
  }
  return sock;
}

int64_t RssKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      int64_t kib = 0;
      if (absl::SimpleAtoi(
              absl::StripAsciiWhitespace(
                  absl::string_view(line).substr(6, line.size() - 9)),
              &kib)) {
        return kib;
      }
    }
  }
  return -1;
}

int Threads() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    int threads = 0;
    if (line.rfind("Threads:", 0) == 0 &&
        absl::SimpleAtoi(
            absl::StripAsciiWhitespace(absl::string_view(line).substr(8)),
            &threads)) {
      return threads;
    }
  }
  return -1;
}

// Milliseconds of each of `n` /healthz requests on new connections; a
// failed request counts as -1.
std::vector<double> HealthzTimes(int port, int n) {
  std::vector<double> times;
  for (int i = 0; i < n; ++i) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(10, 0);
    client.set_read_timeout(10, 0);
    const absl::Time start = absl::Now();
    const httplib::Result result = client.Get("/healthz");
    const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
    times.push_back(result && result->status == 200 ? ms : -1);
  }
  return times;
}

double Percentile(std::vector<double> times, double p) {
  std::sort(times.begin(), times.end());
  return times[static_cast<size_t>(p * (times.size() - 1))];
}

TEST(HttpSlowClientsTest, HealthzAndSpeechStayFastWhileAThousandClientsStall) {
  server::ServerOptions options = DefaultTestOptions();
  options.http.listen_address = "127.0.0.1:0";
  // Long enough that no slow client is dropped while the test measures.
  options.http.io_timeout = absl::Seconds(30);
  TestServer server(options);
  const int port = server.server().http_port();

  const std::vector<double> before = HealthzTimes(port, 20);
  const int threads_before = Threads();
  const int64_t rss_before = RssKib();

  const absl::Time open_start = absl::Now();
  std::vector<int> slow;
  for (int i = 0; i < kSlowClients; ++i) {
    const int sock = SlowClient(port, kHalfAHead);
    ASSERT_GE(sock, 0) << "slow client " << i;
    slow.push_back(sock);
  }
  // The kernel queues the burst for accept (a backlog of 5 made each
  // connection beyond it wait for SYN retransmits: 140 s for a thousand).
  const double open_ms = absl::ToDoubleMilliseconds(absl::Now() - open_start);
  EXPECT_LT(open_ms, 10000);
  const std::vector<double> during = HealthzTimes(port, 20);
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60, 0);
  const absl::Time start = absl::Now();
  const httplib::Result speech =
      client.Get("/v1/speech",
                 httplib::Params{{"text",
                                  "Kommunen har vedtaget en ny "
                                  "politik."}},
                 httplib::Headers{});
  const double speech_ms = absl::ToDoubleMilliseconds(absl::Now() - start);
  const int threads_during = Threads();
  const int64_t rss_during = RssKib();

  for (double ms : during) EXPECT_GE(ms, 0) << "a /healthz request failed";
  ASSERT_TRUE(speech);
  EXPECT_EQ(speech->status, 200);
  EXPECT_GT(speech->body.size(), 1000u);
  // Before, every request waited for the stalled clients to give up (the
  // read timeout, here 30 s); now each is answered as on an idle server.
  EXPECT_LT(Percentile(during, 1.0), 2000);
  std::printf(
      "slow clients: %d opened in %.0f ms; /healthz p50 %.2f ms, max %.2f ms "
      "(idle: p50 %.2f "
      "ms, max %.2f ms); one speech request %.0f ms; server threads %d -> "
      "%d; RSS %lld -> %lld KiB (%.1f KiB per stalled connection)\n",
      kSlowClients, open_ms, Percentile(during, 0.5), Percentile(during, 1.0),
      Percentile(before, 0.5), Percentile(before, 1.0), speech_ms,
      threads_before, threads_during, static_cast<long long>(rss_before),
      static_cast<long long>(rss_during),
      static_cast<double>(rss_during - rss_before) / kSlowClients);
  for (int sock : slow) close(sock);
}

TEST(HttpSlowClientsTest, AClientThatSendsNothingIsDroppedAfterTheReadTimeout) {
  server::ServerOptions options = DefaultTestOptions();
  options.http.listen_address = "127.0.0.1:0";
  options.http.io_timeout = absl::Seconds(1);
  TestServer server(options);
  const int sock = SlowClient(server.server().http_port(), kHalfAHead);
  ASSERT_GE(sock, 0);
  timeval wait{10, 0};
  setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  const absl::Time start = absl::Now();
  char byte;
  // The server closes the connection (0) or answers 408; both end it.
  const ssize_t n = recv(sock, &byte, 1, 0);
  const absl::Duration waited = absl::Now() - start;
  EXPECT_GE(n, 0) << "still open after 10 s";
  EXPECT_LT(waited, absl::Seconds(5));
  close(sock);
}

}  // namespace
}  // namespace policyreader::testing
