// See server_metrics.h.
#include "service/metrics/server_metrics.h"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"

namespace policyreader::metrics {
namespace {

constexpr char kPrefix[] = "policyreader_";

std::string Name(absl::string_view name) { return absl::StrCat(kPrefix, name); }

// Time to first audio: eSpeak needs some tens of milliseconds for a short
// sentence on an idle worker; a queue in front of the workers shows as the
// upper buckets filling.
const prometheus::Histogram::BucketBoundaries& FirstAudioBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10};
  return *buckets;
}

// Calls and requests: from a health check (sub-millisecond) to a whole
// policy read aloud (many minutes).
const prometheus::Histogram::BucketBoundaries& DurationBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800};
  return *buckets;
}

}  // namespace

ServerMetrics::ServerMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      streams_active_(prometheus::BuildGauge()
                          .Name(Name("streams_active"))
                          .Help("Synthesize streams in flight.")
                          .Register(*registry_)),
      streams_total_(prometheus::BuildCounter()
                         .Name(Name("streams_total"))
                         .Help("Synthesize streams ended, by encoding and "
                               "outcome (gRPC status code).")
                         .Register(*registry_)),
      first_audio_(prometheus::BuildHistogram()
                       .Name(Name("time_to_first_audio_seconds"))
                       .Help("From a Synthesize call's arrival to its first "
                             "audio message handed to gRPC.")
                       .Register(*registry_)),
      audio_seconds_(prometheus::BuildCounter()
                         .Name(Name("audio_seconds_total"))
                         .Help("Seconds of audio sent in Synthesize streams, "
                               "counted per finished sentence.")
                         .Register(*registry_)),
      grpc_calls_(prometheus::BuildCounter()
                      .Name(Name("grpc_calls_total"))
                      .Help("gRPC calls ended, by method and status code.")
                      .Register(*registry_)),
      grpc_duration_(prometheus::BuildHistogram()
                         .Name(Name("grpc_call_duration_seconds"))
                         .Help("gRPC call duration, by method.")
                         .Register(*registry_)),
      http_requests_(prometheus::BuildCounter()
                         .Name(Name("http_requests_total"))
                         .Help("HTTP requests answered, by route and status.")
                         .Register(*registry_)),
      http_duration_(prometheus::BuildHistogram()
                         .Name(Name("http_request_duration_seconds"))
                         .Help("HTTP request duration, by route.")
                         .Register(*registry_)),
      worker_crashes_(prometheus::BuildCounter()
                          .Name(Name("worker_crashes_total"))
                          .Help("Synthesis workers that ended unasked, by "
                                "cause (signal name, exit, or hung).")
                          .Register(*registry_)),
      calls_started_(prometheus::BuildCounter()
                         .Name(Name("audiosocket_calls_total"))
                         .Help("AudioSocket (telephone) calls that sent "
                               "their UUID.")
                         .Register(*registry_)
                         .Add({})),
      calls_refused_(prometheus::BuildCounter()
                         .Name(Name("audiosocket_calls_refused_total"))
                         .Help("AudioSocket connections refused at the call "
                               "limit.")
                         .Register(*registry_)
                         .Add({})) {}

ServerMetrics::~ServerMetrics() = default;

StreamMetrics ServerMetrics::StreamStarted(absl::string_view encoding) {
  StreamMetrics stream;
  stream.encoding = std::string(encoding);
  const prometheus::Labels labels = {{"encoding", stream.encoding}};
  stream.active = &streams_active_.Add(labels);
  stream.first_audio = &first_audio_.Add(labels, FirstAudioBuckets());
  stream.audio_seconds = &audio_seconds_.Add(labels);
  stream.active->Increment();
  return stream;
}

void ServerMetrics::FirstAudio(const StreamMetrics& stream,
                               absl::Duration since_start) {
  stream.first_audio->Observe(absl::ToDoubleSeconds(since_start));
}

void ServerMetrics::AudioProduced(const StreamMetrics& stream, double seconds) {
  stream.audio_seconds->Increment(seconds);
}

void ServerMetrics::StreamEnded(const StreamMetrics& stream,
                                absl::string_view outcome) {
  stream.active->Decrement();
  streams_total_
      .Add({{"encoding", stream.encoding}, {"outcome", std::string(outcome)}})
      .Increment();
}

void ServerMetrics::GrpcCall(absl::string_view method, absl::string_view code,
                             absl::Duration duration) {
  const std::string method_label(method);
  grpc_calls_.Add({{"method", method_label}, {"code", std::string(code)}})
      .Increment();
  grpc_duration_.Add({{"method", method_label}}, DurationBuckets())
      .Observe(absl::ToDoubleSeconds(duration));
}

void ServerMetrics::HttpRequest(absl::string_view route, int status,
                                absl::Duration duration) {
  const std::string route_label(route);
  http_requests_.Add({{"route", route_label}, {"status", absl::StrCat(status)}})
      .Increment();
  http_duration_.Add({{"route", route_label}}, DurationBuckets())
      .Observe(absl::ToDoubleSeconds(duration));
}

void ServerMetrics::WorkerCrashed(absl::string_view cause) {
  worker_crashes_.Add({{"cause", std::string(cause)}}).Increment();
}

void ServerMetrics::CallStarted() { calls_started_.Increment(); }

void ServerMetrics::CallRefused() { calls_refused_.Increment(); }

void ServerMetrics::AddGaugeCallback(absl::string_view name,
                                     absl::string_view help,
                                     std::function<double()> value) {
  absl::MutexLock lock(&callbacks_mu_);
  callbacks_.push_back(
      {Name(name), std::string(help), /*counter=*/false, std::move(value)});
}

void ServerMetrics::AddCounterCallback(absl::string_view name,
                                       absl::string_view help,
                                       std::function<double()> value) {
  absl::MutexLock lock(&callbacks_mu_);
  callbacks_.push_back(
      {Name(name), std::string(help), /*counter=*/true, std::move(value)});
}

void ServerMetrics::RemoveCallbacks() {
  absl::MutexLock lock(&callbacks_mu_);
  callbacks_.clear();
}

std::string ServerMetrics::Render() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  {
    // Held while the callbacks run, so RemoveCallbacks() waits for them.
    absl::MutexLock lock(&callbacks_mu_);
    for (const Callback& callback : callbacks_) {
      prometheus::MetricFamily& family = families.emplace_back();
      family.name = callback.name;
      family.help = callback.help;
      prometheus::ClientMetric& metric = family.metric.emplace_back();
      const double value = callback.value();
      if (callback.counter) {
        family.type = prometheus::MetricType::Counter;
        metric.counter.value = value;
      } else {
        family.type = prometheus::MetricType::Gauge;
        metric.gauge.value = value;
      }
    }
  }
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return std::move(out).str();
}

}  // namespace policyreader::metrics
