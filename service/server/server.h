// The assembled server: loads voices and language rules, starts the worker
// pool, then serves the PolicyReader service (service/api) over gRPC with
// health checking and reflection, and, if asked, HTTP (service/http) and
// Asterisk AudioSocket calls (service/telephony) on their own ports; those
// two are clients of the service over in-process channels. Used by main.cc
// and by integration tests (which listen on port 0).
//
// Observability: every part counts in one metrics::ServerMetrics, served
// at /metrics on the HTTP port and on metrics_listen_address; gRPC calls go
// through api::CallLog's interceptor (access log, request ids). Logs are
// JSON lines on stderr (service/logging).
//
// Thread-safety: Start, Shutdown and Wait may be called from different
// threads; Shutdown is idempotent.
#ifndef POLICY_READER_SERVICE_SERVER_SERVER_H_
#define POLICY_READER_SERVICE_SERVER_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/api/call_log.h"
#include "service/api/policy_reader_service.h"
#include "service/cache/sentence_cache.h"
#include "service/http/http_gateway.h"
#include "service/http/http_options.h"
#include "service/library/document_library.h"
#include "service/metrics/server_metrics.h"
#include "service/synth/worker_pool.h"
#include "service/telephony/audiosocket_listener.h"
#include "service/telephony/telephony_options.h"
#include "service/text/pipeline.h"
#include "service/voices/voice_registry.h"

namespace policyreader::server {

// Connection limits of the gRPC port: they let load balancers rebalance
// and bound what one client holds.
struct GrpcLimits {
  // An idle connection is pinged this often and dropped when a ping is not
  // answered within ServerOptions::max_unread (a client gone without
  // closing; gRPC uses the same time for TCP_USER_TIMEOUT).
  absl::Duration keepalive_time = absl::Minutes(1);
  // A connection older than this is asked to go (GOAWAY), so clients
  // reconnect, through a load balancer to the least busy instance. Streams
  // in flight get `max_connection_age_grace` to finish; a player resumes
  // on its new connection where it was.
  absl::Duration max_connection_age = absl::Minutes(30);
  absl::Duration max_connection_age_grace = absl::Minutes(5);
  // A connection without calls this long is closed.
  absl::Duration max_connection_idle = absl::Minutes(10);
  // Streams one connection may have open at once; a client's further calls
  // wait for one to end (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS).
  int max_concurrent_streams = 100;
};

struct ServerOptions {
  // host:port; port 0 picks a free port (see Server::port()).
  // host:port, or a bare port for loopback.
  std::string listen_address = "127.0.0.1:50051";
  // voices.tsv with the voice profiles.
  std::string voices_file;
  // Folder with the language's rule tables (abbreviations etc.).
  std::string language_rules_dir;
  // Folder of policies served by document id; empty for none.
  std::string library_dir;
  // How often the library folder is checked for added, changed and removed
  // files; zero for never.
  absl::Duration library_poll_interval = absl::Seconds(2);
  text::TextPipelineOptions text;
  synth::WorkerPoolOptions pool;
  api::StreamOptions stream;
  // Sentence audio shared by every stream (service/cache): memory_bytes 0
  // and no disk_dir turn it off, so every stream synthesizes everything.
  cache::SentenceCacheOptions sentence_cache;
  // How long a client may leave a stream unread (a paused listener) before
  // its connection is dropped. gRPC's server default, a 20 s
  // TCP_USER_TIMEOUT, counts a peer's zero window too: a listener paused for
  // more than 20 s lost the stream (and, behind nginx, heard it only after
  // the buffered audio). The same bound holds a dead peer's connection.
  absl::Duration max_unread = absl::Hours(1);
  // Phone calls over Asterisk AudioSocket: off unless
  // telephony.listen_address is set; telephony.calls_file maps call UUIDs
  // to what is read. Events go to telephony.on_event, or to stderr if unset.
  telephony::TelephonyOptions telephony;
  // HTTP (the web widget's API and files): off unless http.listen_address
  // is set. http.max_syntheses 0 means twice the workers, and
  // http.max_segment_text_bytes 0 means text.max_input_bytes.
  http::HttpOptions http;
  GrpcLimits grpc;
  // host:port (or port: loopback) of a port serving only /metrics and
  // /healthz; empty: none. /metrics is on the HTTP port as well when HTTP
  // is on.
  std::string metrics_listen_address;
};

class Server {
 public:
  // Fails (with what to fix) if a data file is malformed, a worker cannot
  // start or the address cannot be bound. Health is SERVING on return.
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      const ServerOptions& options);
  ~Server();

  int port() const { return port_; }
  // The AudioSocket listener's port; 0 when it is off.
  int audiosocket_port() const {
    return telephony_ == nullptr ? 0 : telephony_->port();
  }
  // The HTTP port; 0 when HTTP is off.
  int http_port() const { return http_ == nullptr ? 0 : http_->port(); }
  // The --metrics_listen port; 0 when it is off.
  int metrics_port() const {
    return metrics_http_ == nullptr ? 0 : metrics_http_->port();
  }
  metrics::ServerMetrics& metrics() { return *metrics_; }
  synth::WorkerPool& pool() { return *pool_; }
  // Null when the sentence cache is off.
  cache::SentenceCache* sentence_cache() { return sentence_cache_.get(); }

  // Health goes NOT_SERVING, HTTP stops (syntheses in flight cancelled),
  // phone calls are hung up, new calls are
  // refused, streams in flight get `grace` to finish before they are
  // cancelled.
  void Shutdown(absl::Duration grace);
  // Blocks until Shutdown has completed.
  void Wait();

 private:
  Server() = default;
  // The metrics read at scrape time from the parts that own them.
  void AddMetricCallbacks();

  int port_ = 0;
  // First: destroyed last, after everything that counts in it.
  std::unique_ptr<metrics::ServerMetrics> metrics_;
  std::unique_ptr<api::CallLog> call_log_;
  // Before the pool and the service: sentences in flight store into it.
  std::unique_ptr<cache::SentenceCache> sentence_cache_;
  std::unique_ptr<voices::VoiceRegistry> voices_;
  std::unique_ptr<text::TextPipeline> pipeline_;
  std::unique_ptr<library::DocumentLibrary> library_;
  std::unique_ptr<synth::WorkerPool> pool_;
  std::unique_ptr<api::PolicyReaderService> service_;
  std::unique_ptr<grpc::Server> server_;
  // After server_: destroyed first, as its calls use server_'s channel.
  std::unique_ptr<telephony::AudioSocketListener> telephony_;
  std::unique_ptr<http::HttpGateway> http_;
  std::unique_ptr<http::HttpGateway> metrics_http_;
  // What HTTP's /healthz reports; mirrors the gRPC health status.
  std::atomic<bool> serving_{false};
  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

}  // namespace policyreader::server

#endif  // POLICY_READER_SERVICE_SERVER_SERVER_H_
