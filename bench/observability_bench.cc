// What observability costs one stream (Google Benchmark): the metrics a
// Synthesize stream updates, one gRPC call's metrics, formatting an access
// line, and a scrape. Compare with a stream's own cost (a one-sentence
// stream takes milliseconds; BENCHMARKS.md).
#include <benchmark/benchmark.h>

#include "service/logging/log.h"
#include "service/metrics/server_metrics.h"

namespace policyreader {
namespace {

// A ten-sentence stream's bookkeeping, start to end.
void BM_StreamMetrics(benchmark::State& state) {
  metrics::ServerMetrics metrics;
  for (auto _ : state) {
    metrics::StreamMetrics stream = metrics.StreamStarted("ogg_opus");
    metrics.FirstAudio(stream, absl::Milliseconds(40));
    for (int i = 0; i < 10; ++i) metrics.AudioProduced(stream, 2.5);
    metrics.StreamEnded(stream, "ok");
  }
}
BENCHMARK(BM_StreamMetrics);

void BM_GrpcCallMetrics(benchmark::State& state) {
  metrics::ServerMetrics metrics;
  for (auto _ : state) {
    metrics.GrpcCall("/policyreader.v1.PolicyReader/Synthesize", "ok",
                     absl::Milliseconds(900));
  }
}
BENCHMARK(BM_GrpcCallMetrics);

void BM_AccessLine(benchmark::State& state) {
  for (auto _ : state) {
    logging::Fields fields;
    fields.Add("proto", "grpc")
        .Add("request_id", "5c4e707b81fe8535e9c15baeffd0093d")
        .Add("method", "/policyreader.v1.PolicyReader/Synthesize")
        .Add("peer", "ipv4:127.0.0.1:51234")
        .Add("code", "ok")
        .Add("document_id", "trivselspolitik")
        .Add("encoding", "ogg_opus")
        .Add("voice", "dansk")
        .Add("sentences", 87)
        .AddMs("first_audio_ms", absl::Microseconds(41234))
        .Add("audio_s", 312.5)
        .AddMs("duration_ms", absl::Seconds(300));
    std::string line = logging::FormatLine(absl::Now(), logging::Level::kInfo,
                                           "access", fields);
    benchmark::DoNotOptimize(line);
  }
}
BENCHMARK(BM_AccessLine);

// A scrape of a server that has seen every encoding and a few routes.
void BM_Render(benchmark::State& state) {
  metrics::ServerMetrics metrics;
  for (const char* encoding :
       {"linear16", "mulaw", "alaw", "ogg_opus", "mp3"}) {
    metrics::StreamMetrics stream = metrics.StreamStarted(encoding);
    metrics.FirstAudio(stream, absl::Milliseconds(40));
    metrics.StreamEnded(stream, "ok");
    metrics.StreamEnded(metrics.StreamStarted(encoding), "cancelled");
  }
  for (const char* route : {"/v1/speech", "/v1/segment", "/healthz"}) {
    metrics.HttpRequest(route, 200, absl::Milliseconds(3));
  }
  for (auto _ : state) {
    std::string text = metrics.Render();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_Render);

}  // namespace
}  // namespace policyreader

BENCHMARK_MAIN();
