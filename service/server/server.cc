// Server assembly and lifecycle; see server.h.
#include "service/server/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
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
      fprintf(stderr, "%s\n", message.c_str());
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

  absl::StatusOr<std::unique_ptr<synth::WorkerPool>> pool =
      synth::WorkerPool::Start(options.pool);
  if (!pool.ok()) return pool.status();
  server->pool_ = *std::move(pool);

  server->service_ = std::make_unique<api::PolicyReaderService>(
      server->pipeline_.get(), server->voices_.get(), server->library_.get(),
      server->pool_.get(), options.stream);

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
    if (!telephony.on_event) {
      telephony.on_event = [](const telephony::CallEvent& event) {
        fprintf(stderr, "%s\n", event.line.c_str());
      };
    }
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
    Server* self = server.get();
    absl::StatusOr<std::unique_ptr<http::HttpGateway>> gateway =
        http::HttpGateway::Start(
            http, server->server_->InProcessChannel(grpc::ChannelArguments()),
            [self] { return self->serving_.load(); });
    if (!gateway.ok()) return gateway.status();
    server->http_ = *std::move(gateway);
  }
  grpc::HealthCheckServiceInterface* health =
      server->server_->GetHealthCheckService();
  health->SetServingStatus(true);
  health->SetServingStatus(kServiceName, true);
  server->serving_ = true;
  return server;
}

Server::~Server() {
  if (server_ == nullptr) return;  // Start() failed part way.
  Shutdown(absl::ZeroDuration());
  Wait();
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
}

void Server::Wait() { server_->Wait(); }

}  // namespace policyreader::server
