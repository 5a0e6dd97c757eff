// The server's Prometheus metrics and their text exposition (served at
// /metrics by the HTTP gateway). Built on Debian's prometheus-cpp (core
// only: its registry, metric types and text serializer, which escapes label
// values; the HTTP side is ours, so no second web server is linked).
//
// Two kinds of metric: those counted as things happen (streams, requests,
// worker crashes, calls), and those read at scrape time from the module
// that owns the number (queue depth, cache size, worker restarts), so no
// module keeps a second copy of its own state. A read-at-scrape callback
// runs on the scraping thread and must only take short locks; it must stay
// callable until RemoveCallbacks() or the destructor (Server removes them
// before it destroys what they read).
//
// Names and labels (all prefixed policyreader_) are listed in README.md
// under Observability; label values come from fixed sets (encodings, gRPC
// codes, routes), never from client input, so series stay few.
//
// Thread-safety: every method may be called from any thread at once.
// Counting is lock-free for counters and gauges already looked up (the
// StreamMetrics handles); looking up a labelled series takes
// prometheus-cpp's family lock briefly.
#ifndef POLICY_READER_SERVICE_METRICS_SERVER_METRICS_H_
#define POLICY_READER_SERVICE_METRICS_SERVER_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace policyreader::metrics {

// The per-encoding series one Synthesize stream updates, looked up once
// when it starts.
struct StreamMetrics {
  std::string encoding;
  prometheus::Gauge* active = nullptr;
  prometheus::Histogram* first_audio = nullptr;
  prometheus::Counter* audio_seconds = nullptr;
};

class ServerMetrics {
 public:
  ServerMetrics();
  ~ServerMetrics();
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  // Synthesize streams. `encoding` as in the API (LINEAR16, MP3, ...);
  // `outcome` is the gRPC status code in lower case ("ok", "cancelled").
  StreamMetrics StreamStarted(absl::string_view encoding);
  void FirstAudio(const StreamMetrics& stream, absl::Duration since_start);
  void AudioProduced(const StreamMetrics& stream, double seconds);
  void StreamEnded(const StreamMetrics& stream, absl::string_view outcome);

  // One finished gRPC call; `method` is the full name
  // ("/policyreader.v1.PolicyReader/Synthesize").
  void GrpcCall(absl::string_view method, absl::string_view code,
                absl::Duration duration);
  // One HTTP request; `route` is the pattern ("/v1/documents/{id}").
  void HttpRequest(absl::string_view route, int status,
                   absl::Duration duration);
  // A synthesis worker that ended unasked: `cause` is the signal's name
  // ("SIGSEGV"), "exit" for a worker that exited, or "hung" for one killed
  // for silence.
  void WorkerCrashed(absl::string_view cause);
  // AudioSocket calls: one that sent its UUID, and one refused for the
  // call limit.
  void CallStarted();
  void CallRefused();

  // Read-at-scrape metrics (see the file comment). `name` without the
  // prefix; `help` one line.
  void AddGaugeCallback(absl::string_view name, absl::string_view help,
                        std::function<double()> value);
  void AddCounterCallback(absl::string_view name, absl::string_view help,
                          std::function<double()> value);
  // After this no callback runs (waits for a scrape in progress).
  void RemoveCallbacks();

  // Every metric in the Prometheus text format (version 0.0.4).
  std::string Render() const;

 private:
  struct Callback {
    std::string name, help;
    bool counter = false;
    std::function<double()> value;
  };

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Gauge>& streams_active_;
  prometheus::Family<prometheus::Counter>& streams_total_;
  prometheus::Family<prometheus::Histogram>& first_audio_;
  prometheus::Family<prometheus::Counter>& audio_seconds_;
  prometheus::Family<prometheus::Counter>& grpc_calls_;
  prometheus::Family<prometheus::Histogram>& grpc_duration_;
  prometheus::Family<prometheus::Counter>& http_requests_;
  prometheus::Family<prometheus::Histogram>& http_duration_;
  prometheus::Family<prometheus::Counter>& worker_crashes_;
  prometheus::Counter& calls_started_;
  prometheus::Counter& calls_refused_;

  mutable absl::Mutex callbacks_mu_;
  std::vector<Callback> callbacks_ ABSL_GUARDED_BY(callbacks_mu_);
};

// The content type of Render()'s text.
inline constexpr char kExpositionContentType[] =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace policyreader::metrics

#endif  // POLICY_READER_SERVICE_METRICS_SERVER_METRICS_H_
