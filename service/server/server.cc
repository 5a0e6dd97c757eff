// Server assembly and lifecycle; see server.h.
#include "service/server/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "service/logging/log.h"
#include "service/text/rules.h"

namespace policyreader::server {
namespace {

constexpr char kServiceName[] = "policyreader.v1.PolicyReader";
// Text up to twice the limit reaches the pipeline and gets its message
// naming the limit; beyond that gRPC refuses the message itself
// (RESOURCE_EXHAUSTED, naming its size), before it costs memory.
constexpr int kMessageSizeFactor = 2;
constexpr int kMessageOverheadBytes = 64 * 1024;

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const ServerOptions& options) {
  std::unique_ptr<Server> server(new Server());
  server->metrics_ = std::make_unique<metrics::ServerMetrics>();
  server->call_log_ = std::make_unique<api::CallLog>(server->metrics_.get());
  absl::StatusOr<voices::VoiceRegistry> voices =
      voices::VoiceRegistry::LoadFromFile(options.voices_file);
  if (!voices.ok()) return voices.status();
  server->voices_ = std::make_unique<voices::VoiceRegistry>(*std::move(voices));

  absl::StatusOr<text::LanguageRules> rules =
      text::LoadLanguageRules(options.language_rules_dir);
  if (!rules.ok()) return rules.status();
  server->pipeline_ = std::make_unique<text::TextPipeline>(
      std::make_shared<const text::LanguageRules>(*std::move(rules)),
      options.text);

  if (options.library_dir.empty()) {
    server->library_ = std::make_unique<library::DocumentLibrary>();
  } else {
    library::LibraryOptions library_options;
    library_options.dir = options.library_dir;
    library_options.poll_interval = options.library_poll_interval;
    library_options.log = [](const std::string& message) {
      logging::Log(logging::Level::kInfo, "library",
                   logging::Fields().Add("msg", message));
    };
    absl::StatusOr<std::unique_ptr<library::DocumentLibrary>> library =
        library::DocumentLibrary::Load(library_options, *server->pipeline_);
    if (!library.ok()) return library.status();
    server->library_ = *std::move(library);
  }

  // Checked before anything starts, so a typo costs no worker start-up.
  telephony::CallTable calls;
  if (!options.telephony.listen_address.empty() &&
      !options.telephony.calls_file.empty()) {
    absl::StatusOr<telephony::CallTable> loaded =
        telephony::CallTable::Load(options.telephony.calls_file);
    if (!loaded.ok()) return loaded.status();
    calls = *std::move(loaded);
  }

  if (options.sentence_cache.memory_bytes > 0 ||
      !options.sentence_cache.disk_dir.empty()) {
    absl::StatusOr<std::unique_ptr<cache::SentenceCache>> sentence_cache =
        cache::SentenceCache::Open(options.sentence_cache);
    if (!sentence_cache.ok()) return sentence_cache.status();
    server->sentence_cache_ = *std::move(sentence_cache);
  }

  synth::WorkerPoolOptions pool_options = options.pool;
  metrics::ServerMetrics* metrics = server->metrics_.get();
  pool_options.on_worker_exit =
      [metrics,
       chained = options.pool.on_worker_exit](const synth::WorkerExit& exit) {
        metrics->WorkerCrashed(exit.cause);
        if (chained) chained(exit);
      };
  absl::StatusOr<std::unique_ptr<synth::WorkerPool>> pool =
      synth::WorkerPool::Start(pool_options);
  if (!pool.ok()) return pool.status();
  server->pool_ = *std::move(pool);

  api::StreamOptions stream_options = options.stream;
  stream_options.metrics = metrics;
  stream_options.call_log = server->call_log_.get();
  stream_options.cache = server->sentence_cache_.get();
  server->service_ = std::make_unique<api::PolicyReaderService>(
      server->pipeline_.get(), server->voices_.get(), server->library_.get(),
      server->pool_.get(), stream_options);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC binds with SO_REUSEPORT by default: a second server on a taken port
  // would silently share it and take half the connections.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  const auto ms = [](absl::Duration d) {
    return static_cast<int>(
        std::min<int64_t>(absl::ToInt64Milliseconds(d), INT32_MAX));
  };
  const GrpcLimits& limits = options.grpc;
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                             ms(limits.keepalive_time));
  // gRPC sets TCP_USER_TIMEOUT from the keepalive timeout (20 s unless
  // set), which dropped listeners paused longer; see
  // ServerOptions::max_unread.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             ms(options.max_unread));
  // Pings go to connections without calls too: a paused listener's
  // connection is the one whose client may vanish unseen.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             ms(limits.max_connection_age));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             ms(limits.max_connection_age_grace));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                             ms(limits.max_connection_idle));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             std::max(1, limits.max_concurrent_streams));
  // "50051" alone means loopback, as for --http_listen.
  const std::string listen_address =
      !options.listen_address.empty() &&
              std::all_of(options.listen_address.begin(),
                          options.listen_address.end(),
                          [](char c) { return c >= '0' && c <= '9'; })
          ? absl::StrCat("127.0.0.1:", options.listen_address)
          : options.listen_address;
  builder.AddListeningPort(listen_address, grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.RegisterService(server->service_.get());
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(server->call_log_->MakeInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(options.text.max_input_bytes) * kMessageSizeFactor +
      kMessageOverheadBytes);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", listen_address,
        "; is another server using the port? Choose one with --listen"));
  }
  if (!options.telephony.listen_address.empty()) {
    telephony::TelephonyOptions telephony = options.telephony;
    telephony.on_event = [metrics, chained = options.telephony.on_event](
                             const telephony::CallEvent& event) {
      if (event.kind == telephony::CallEvent::Kind::kStarted) {
        metrics->CallStarted();
      } else if (event.kind == telephony::CallEvent::Kind::kEnded &&
                 event.uuid.empty() && event.reason == "too many calls") {
        metrics->CallRefused();
      }
      if (chained) {
        chained(event);
        return;
      }
      logging::Fields fields;
      if (!event.uuid.empty()) fields.Add("uuid", event.uuid);
      if (event.kind == telephony::CallEvent::Kind::kEnded) {
        fields.Add("reason", event.reason);
      }
      if (event.latency_ms >= 0) fields.Add("key_latency_ms", event.latency_ms);
      fields.Add("msg", event.line);
      logging::Log(logging::Level::kInfo, "call", fields);
    };
    absl::StatusOr<std::unique_ptr<telephony::AudioSocketListener>> listener =
        telephony::AudioSocketListener::Start(
            telephony, std::move(calls),
            server->server_->InProcessChannel(grpc::ChannelArguments()));
    if (!listener.ok()) return listener.status();
    server->telephony_ = *std::move(listener);
  }
  if (!options.http.listen_address.empty()) {
    http::HttpOptions http = options.http;
    if (http.max_syntheses <= 0) http.max_syntheses = 2 * server->pool_->size();
    if (http.max_segment_text_bytes == 0) {
      http.max_segment_text_bytes = options.text.max_input_bytes;
    }
    http.metrics = metrics;
    Server* self = server.get();
    absl::StatusOr<std::unique_ptr<http::HttpGateway>> gateway =
        http::HttpGateway::Start(
            http, server->server_->InProcessChannel(grpc::ChannelArguments()),
            [self] { return self->serving_.load(); });
    if (!gateway.ok()) return gateway.status();
    server->http_ = *std::move(gateway);
  }
  if (!options.metrics_listen_address.empty()) {
    http::HttpOptions http;
    http.listen_address = options.metrics_listen_address;
    http.metrics = metrics;
    http.metrics_only = true;
    http.cache_bytes = 0;
    http.max_syntheses = 1;
    http.max_segment_text_bytes = 1;
    http.max_connections = 64;
    http.idle_threads = 1;
    Server* self = server.get();
    absl::StatusOr<std::unique_ptr<http::HttpGateway>> gateway =
        http::HttpGateway::Start(
            http, server->server_->InProcessChannel(grpc::ChannelArguments()),
            [self] { return self->serving_.load(); });
    if (!gateway.ok()) {
      return absl::UnavailableError(
          absl::StrCat(gateway.status().message(), " (for --metrics_listen)"));
    }
    server->metrics_http_ = *std::move(gateway);
  }
  server->AddMetricCallbacks();
  grpc::HealthCheckServiceInterface* health =
      server->server_->GetHealthCheckService();
  health->SetServingStatus(true);
  health->SetServingStatus(kServiceName, true);
  server->serving_ = true;
  return server;
}

void Server::AddMetricCallbacks() {
  synth::WorkerPool* pool = pool_.get();
  metrics_->AddGaugeCallback(
      "synthesis_queue_depth", "Sentences waiting for a synthesis worker.",
      [pool] { return static_cast<double>(pool->stats().jobs_queued); });
  metrics_->AddGaugeCallback(
      "synthesis_jobs_active", "Sentences queued or being synthesized.",
      [pool] { return static_cast<double>(pool->stats().jobs_active); });
  metrics_->AddGaugeCallback(
      "workers", "Synthesis worker processes running.",
      [pool] { return static_cast<double>(pool->WorkerPids().size()); });
  metrics_->AddCounterCallback(
      "worker_restarts_total",
      "Synthesis workers started to replace one that died or hung.",
      [pool] { return static_cast<double>(pool->stats().worker_restarts); });
  metrics_->AddCounterCallback(
      "synthesis_jobs_total", "Sentences synthesized (finished jobs).",
      [pool] { return static_cast<double>(pool->stats().jobs_done); });
  metrics_->AddCounterCallback(
      "synthesis_job_retries_total",
      "Sentences run again after their worker died.",
      [pool] { return static_cast<double>(pool->stats().job_retries); });
  metrics_->AddGaugeCallback("serving",
                             "1 while the server takes new work, else 0.",
                             [this] { return serving_.load() ? 1.0 : 0.0; });
  if (sentence_cache_ != nullptr) {
    cache::SentenceCache* cache = sentence_cache_.get();
    const struct {
      const char* name;
      const char* help;
      uint64_t (*read)(const cache::SentenceCacheStats&);
      bool gauge;
    } kFigures[] = {
        {"sentence_cache_memory_hits_total",
         "Sentences found in the sentence cache's memory.",
         [](const cache::SentenceCacheStats& s) { return s.memory_hits; },
         false},
        {"sentence_cache_disk_hits_total",
         "Sentences read from the sentence cache's disk tier.",
         [](const cache::SentenceCacheStats& s) { return s.disk_hits; }, false},
        {"sentence_cache_misses_total",
         "Sentences not cached, so synthesized and encoded.",
         [](const cache::SentenceCacheStats& s) { return s.misses; }, false},
        {"sentence_cache_coalesced_total",
         "Sentences served by another stream's synthesis in flight.",
         [](const cache::SentenceCacheStats& s) { return s.coalesced; }, false},
        {"sentence_cache_disk_errors_total",
         "Sentence cache files unreadable, corrupt, or not written.",
         [](const cache::SentenceCacheStats& s) { return s.disk_errors; },
         false},
        {"sentence_cache_memory_bytes",
         "Bytes of sentence audio in the cache's memory.",
         [](const cache::SentenceCacheStats& s) { return s.memory.bytes; },
         true},
        {"sentence_cache_disk_bytes",
         "Bytes of sentence audio in the cache's disk tier.",
         [](const cache::SentenceCacheStats& s) { return s.disk_bytes; }, true},
    };
    for (const auto& figure : kFigures) {
      auto read = [cache, f = figure.read] {
        return static_cast<double>(f(cache->stats()));
      };
      if (figure.gauge) {
        metrics_->AddGaugeCallback(figure.name, figure.help, read);
      } else {
        metrics_->AddCounterCallback(figure.name, figure.help, read);
      }
    }
  }
  if (http_ != nullptr) {
    http::HttpGateway* http = http_.get();
    metrics_->AddCounterCallback(
        "http_cache_hits_total", "/v1/speech answers found in the cache.",
        [http] { return static_cast<double>(http->cache_stats().hits); });
    metrics_->AddCounterCallback(
        "http_cache_misses_total",
        "/v1/speech answers not in the cache (synthesized).",
        [http] { return static_cast<double>(http->cache_stats().misses); });
    metrics_->AddCounterCallback(
        "http_cache_evictions_total",
        "/v1/speech answers dropped from the cache for room.",
        [http] { return static_cast<double>(http->cache_stats().evictions); });
    metrics_->AddGaugeCallback(
        "http_cache_bytes", "Bytes of audio in the /v1/speech cache.",
        [http] { return static_cast<double>(http->cache_stats().bytes); });
    metrics_->AddGaugeCallback(
        "http_cache_entries", "Answers in the /v1/speech cache.",
        [http] { return static_cast<double>(http->cache_stats().entries); });
    metrics_->AddCounterCallback(
        "http_connections_refused_total",
        "HTTP connections refused: too many open from their address.", [http] {
          return static_cast<double>(http->connection_stats().refused);
        });
    metrics_->AddCounterCallback(
        "http_request_deadlines_total",
        "HTTP requests cut for not arriving whole within the deadline.",
        [http] {
          return static_cast<double>(http->connection_stats().read_deadlines);
        });
  }
  if (telephony_ != nullptr) {
    telephony::AudioSocketListener* telephony = telephony_.get();
    metrics_->AddGaugeCallback(
        "audiosocket_calls_active", "AudioSocket calls in progress.",
        [telephony] { return static_cast<double>(telephony->active_calls()); });
  }
}

Server::~Server() {
  if (server_ == nullptr) return;  // Start() failed part way.
  Shutdown(absl::ZeroDuration());
  Wait();
  // Nothing scrapes any more (the gateways are down); the parts the
  // callbacks read are about to go.
  metrics_->RemoveCallbacks();
}

void Server::Shutdown(absl::Duration grace) {
  {
    absl::MutexLock lock(&shutdown_mu_);
    if (shut_down_) return;
    shut_down_ = true;
  }
  // Drain rather than cut, and hand new calls to other instances. gRPC's
  // own graceful shutdown does both: it stops listening at once, so a load
  // balancer's next connection is refused and goes to another instance
  // (nginx: grpc_next_upstream error); it tells connected clients (GOAWAY)
  // to open new calls elsewhere; it lets the calls in flight run until the
  // deadline, and waits for the clients to close their connections, so no
  // stream loses its last bytes to a reset. (Refusing new streams with
  // UNAVAILABLE while still listening, as this did before, failed half the
  // new streams behind nginx during a rolling restart: a gRPC error is an
  // answer, which nginx passes on rather than retrying.) What still runs at
  // the deadline is cancelled.
  const absl::Time deadline = absl::Now() + grace;
  server_->GetHealthCheckService()->SetServingStatus(false);
  serving_ = false;
  // HTTP first: its syntheses are in-process streams the drain below would
  // otherwise wait for, and they are cancelled rather than drained (a
  // browser retries; a half-sent WAV is of no use).
  if (http_ != nullptr) http_->Shutdown();
  // Calls first: their streams are in-process gRPC streams the drain below
  // would otherwise wait for.
  if (telephony_ != nullptr) telephony_->Shutdown();
  // A stream that still reaches the service (on a connection gRPC has not
  // closed yet) is refused with UNAVAILABLE, which clients retry.
  service_->streams().StartDraining();
  server_->Shutdown(absl::ToChronoTime(deadline));
  // Last: the drain can be watched on it.
  if (metrics_http_ != nullptr) metrics_http_->Shutdown();
}

void Server::Wait() { server_->Wait(); }

}  // namespace policyreader::server
