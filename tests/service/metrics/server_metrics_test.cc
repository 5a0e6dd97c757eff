// The exposition format of ServerMetrics, checked line by line and by
// promtool (Debian's prometheus package), Prometheus' own strict parser.
#include "service/metrics/server_metrics.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace policyreader::metrics {
namespace {

// promtool's verdict on `text` and what it printed.
struct Verdict {
  int status = -1;
  std::string output;
};

Verdict Promtool(const std::string& text) {
  char path[] = "/tmp/metrics_test.XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << text;
  const std::string command =
      absl::StrCat(PROMTOOL, " check metrics < ", path, " 2>&1");
  Verdict verdict;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  if (pipe == nullptr) return verdict;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    verdict.output.append(buffer, n);
  }
  verdict.status = pclose(pipe);
  unlink(path);
  return verdict;
}

TEST(ServerMetricsTest, CountsStreamsByEncodingAndOutcome) {
  ServerMetrics metrics;
  StreamMetrics a = metrics.StreamStarted("mp3");
  StreamMetrics b = metrics.StreamStarted("mp3");
  StreamMetrics c = metrics.StreamStarted("linear16");
  metrics.FirstAudio(a, absl::Milliseconds(80));
  metrics.AudioProduced(a, 1.5);
  metrics.AudioProduced(a, 2.0);
  metrics.StreamEnded(a, "ok");
  metrics.StreamEnded(c, "cancelled");
  const std::string text = metrics.Render();

  EXPECT_NE(text.find("policyreader_streams_active{encoding=\"mp3\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("policyreader_streams_active{encoding=\"linear16\"} 0\n"),
            std::string::npos);
  EXPECT_NE(
      text.find("policyreader_streams_total{encoding=\"mp3\",outcome=\"ok\"} "
                "1\n"),
      std::string::npos);
  EXPECT_NE(text.find("policyreader_streams_total{encoding=\"linear16\","
                      "outcome=\"cancelled\"} 1\n"),
            std::string::npos);
  EXPECT_NE(
      text.find("policyreader_audio_seconds_total{encoding=\"mp3\"} 3.5\n"),
      std::string::npos);
  EXPECT_NE(text.find("policyreader_time_to_first_audio_seconds_bucket{"
                      "encoding=\"mp3\",le=\"0.05\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("policyreader_time_to_first_audio_seconds_bucket{"
                      "encoding=\"mp3\",le=\"0.1\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE policyreader_time_to_first_audio_seconds "
                      "histogram\n"),
            std::string::npos);
  metrics.StreamEnded(b, "ok");
}

TEST(ServerMetricsTest, EscapesLabelValues) {
  ServerMetrics metrics;
  metrics.StreamStarted("a\"b\\c\nd");
  const std::string text = metrics.Render();
  EXPECT_NE(
      text.find("policyreader_streams_active{encoding=\"a\\\"b\\\\c\\nd\"}"
                " 1\n"),
      std::string::npos)
      << text;
  const Verdict verdict = Promtool(text);
  EXPECT_EQ(verdict.status, 0) << verdict.output << "\n" << text;
}

TEST(ServerMetricsTest, CallbacksAreReadAtScrapeTimeUntilRemoved) {
  ServerMetrics metrics;
  double depth = 3;
  metrics.AddGaugeCallback("synthesis_queue_depth", "Jobs waiting.",
                           [&depth] { return depth; });
  metrics.AddCounterCallback("worker_restarts_total", "Workers replaced.",
                             [] { return 2.0; });
  EXPECT_NE(metrics.Render().find("policyreader_synthesis_queue_depth 3\n"),
            std::string::npos);
  depth = 5;
  const std::string text = metrics.Render();
  EXPECT_NE(text.find("policyreader_synthesis_queue_depth 5\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE policyreader_worker_restarts_total counter\n"
                      "policyreader_worker_restarts_total 2\n"),
            std::string::npos)
      << text;
  metrics.RemoveCallbacks();
  EXPECT_EQ(metrics.Render().find("queue_depth"), std::string::npos);
}

// Every kind of metric the server exports, at once, through the strict
// parser and its lint (names, units, help, types).
TEST(ServerMetricsTest, EveryMetricPassesPromtool) {
  ServerMetrics metrics;
  StreamMetrics stream = metrics.StreamStarted("ogg_opus");
  metrics.FirstAudio(stream, absl::Milliseconds(120));
  metrics.AudioProduced(stream, 4.25);
  metrics.StreamEnded(stream, "deadline_exceeded");
  metrics.GrpcCall("/policyreader.v1.PolicyReader/Synthesize", "ok",
                   absl::Seconds(3));
  metrics.HttpRequest("/v1/documents/{id}", 404, absl::Milliseconds(2));
  metrics.WorkerCrashed("SIGSEGV");
  metrics.WorkerCrashed("hung");
  metrics.CallStarted();
  metrics.CallRefused();
  metrics.AddGaugeCallback("http_cache_bytes", "Bytes of cached speech.",
                           [] { return 1234.0; });
  const std::string text = metrics.Render();
  for (const char* expected : {
           "policyreader_grpc_calls_total{code=\"ok\",method=\"/"
           "policyreader.v1.PolicyReader/Synthesize\"} 1\n",
           "policyreader_http_requests_total{route=\"/v1/documents/{id}\","
           "status=\"404\"} 1\n",
           "policyreader_worker_crashes_total{cause=\"SIGSEGV\"} 1\n",
           "policyreader_audiosocket_calls_total 1\n",
           "policyreader_audiosocket_calls_refused_total 1\n",
           "policyreader_http_cache_bytes 1234\n",
       }) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in\n"
                                                      << text;
  }
  const Verdict verdict = Promtool(text);
  EXPECT_EQ(verdict.status, 0) << verdict.output << "\n" << text;
}

}  // namespace
}  // namespace policyreader::metrics
