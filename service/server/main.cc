// policy-reader-server: wires flags to ServerOptions and runs the server
// until SIGTERM or SIGINT (service/server/run.h).

#include <cstdio>
#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "service/http/http_rules.h"
#include "service/paths/data_paths.h"
#include "service/server/flag_log.h"
#include "service/server/run.h"
#include "service/server/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "gRPC address to serve on: host:port, or port for loopback.");
ABSL_FLAG(int, workers, 0, "Synthesis worker processes; 0 = one per core.");
ABSL_FLAG(size_t, max_text_bytes, 1 << 20, "Largest text accepted, in bytes.");
ABSL_FLAG(std::string, voices, "",
          "Folder with voices.tsv and the language rule tables (da/); "
          "default: share/policy-reader/voices of the install prefix.");
ABSL_FLAG(std::string, library, "",
          "Folder of policies (.txt, .md, .html, .pdf) served by document id.");
ABSL_FLAG(double, library_poll_s, 2,
          "Seconds between checks of --library for added, changed and "
          "removed files; 0 = load once.");
ABSL_FLAG(std::string, espeak_data, "",
          "eSpeak NG data folder; empty for the installed default.");
ABSL_FLAG(std::string, worker_binary, "",
          "The synthesis worker program; default: libexec/policy-reader/ of "
          "the install prefix, or next to this program in the build tree.");
ABSL_FLAG(int, lookahead, 2, "Sentences synthesized ahead of the listener.");
ABSL_FLAG(int, engine_buffer_ms, 500,
          "Audio a worker gathers before handing it on; larger costs less "
          "CPU per second of audio, smaller starts audio sooner.");
ABSL_FLAG(int, worker_memory_mb, 1024,
          "MiB of address space each synthesis worker may map; a sentence "
          "that needs more kills its worker, which is replaced.");
ABSL_FLAG(int, grace_s, 10, "Seconds streams get to finish at shutdown.");
ABSL_FLAG(std::string, audiosocket_listen, "",
          "Asterisk AudioSocket calls on host:port (or port: loopback).");
ABSL_FLAG(std::string, audiosocket_calls, "",
          "Call UUID -> document or message (samples/telephony/calls.tsv).");
ABSL_FLAG(std::string, http_listen, "",
          "HTTP API and web widget on host:port (or port: loopback).");
ABSL_FLAG(std::string, http_cors_origins, "",
          "Comma-separated origins whose pages may call the HTTP API.");
ABSL_FLAG(size_t, http_max_text_bytes, 4096,
          "Largest text /v1/speech reads, in bytes.");
ABSL_FLAG(size_t, http_cache_mb, 64,
          "MiB of recent /v1/speech answers kept in memory (0: none).");
ABSL_FLAG(size_t, sentence_cache_mb, 256,
          "MiB of sentence audio shared by all listeners, kept in memory; "
          "0 with no --sentence_cache_dir: every stream synthesizes.");
ABSL_FLAG(std::string, sentence_cache_dir, "",
          "Folder keeping sentence audio across restarts (may be shared by "
          "instances); empty: memory only.");
ABSL_FLAG(size_t, sentence_cache_disk_mb, 2048,
          "MiB of sentence audio kept in --sentence_cache_dir.");
ABSL_FLAG(int, http_max_syntheses, 0,
          "HTTP syntheses at once (more get 429); 0 = twice the workers.");
ABSL_FLAG(int, http_max_connections_per_address, 256,
          "HTTP connections open at once from one client address (more get "
          "503); 0 = no limit. Raise it behind a proxy.");
ABSL_FLAG(double, http_request_deadline_s, 10,
          "Seconds a client has to send a whole HTTP request.");
ABSL_FLAG(int, grpc_max_connection_age_s, 1800,
          "A gRPC connection older than this is asked to reconnect, so a "
          "load balancer spreads clients again.");
ABSL_FLAG(int, grpc_max_streams_per_connection, 100,
          "gRPC streams open at once on one connection; more wait.");
ABSL_FLAG(int, grpc_max_streams_per_client, 256,
          "Synthesize streams one client address may have open (more get "
          "RESOURCE_EXHAUSTED); 0 = no limit. Loopback callers are exempt.");
ABSL_FLAG(std::string, metrics_listen, "",
          "Prometheus /metrics (and /healthz) alone on host:port (or port: "
          "loopback); /metrics is on --http_listen too.");
ABSL_FLAG(std::string, http_static_dir, "",
          "Folder served over HTTP; default: share/policy-reader/web of the "
          "install prefix (the web widget) if it exists.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Serves Danish policy texts as speech (gRPC).");
  // --help lists this program's flags, whatever the binary is called.
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::StrContains(file, "service/server/main.cc");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  usage.version_string = [] {
    return std::string("policy-reader-server " POLICY_READER_VERSION
                       " (" POLICY_READER_BUILD_TYPE ")\n");
  };
  absl::SetFlagsUsageConfig(usage);
  policyreader::server::BlockStopSignals();
  absl::ParseCommandLine(argc, argv);
  policyreader::server::LogFlags("service/server/main.cc",
                                 POLICY_READER_VERSION);

  absl::StatusOr<policyreader::paths::DataPaths> data =
      policyreader::paths::DataPathsForThisProgram();
  if (!data.ok()) {
    fprintf(stderr, "policy-reader-server: %s\n",
            std::string(data.status().message()).c_str());
    return 1;
  }

  policyreader::server::ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  std::filesystem::path voices = absl::GetFlag(FLAGS_voices);
  if (voices.empty()) voices = data->voices_dir;
  options.voices_file = (voices / "voices.tsv").string();
  options.language_rules_dir = (voices / "da").string();
  options.text.max_input_bytes = absl::GetFlag(FLAGS_max_text_bytes);
  options.library_dir = absl::GetFlag(FLAGS_library);
  options.library_poll_interval =
      absl::Seconds(absl::GetFlag(FLAGS_library_poll_s));
  options.pool.workers = absl::GetFlag(FLAGS_workers);
  options.pool.espeak_data_path = absl::GetFlag(FLAGS_espeak_data);
  options.pool.worker_binary = absl::GetFlag(FLAGS_worker_binary);
  options.pool.buffer_ms = absl::GetFlag(FLAGS_engine_buffer_ms);
  options.pool.memory_mb = absl::GetFlag(FLAGS_worker_memory_mb);
  if (options.pool.worker_binary.empty()) {
    options.pool.worker_binary = data->worker_binary.string();
  }
  options.stream.lookahead_sentences = absl::GetFlag(FLAGS_lookahead);
  options.telephony.listen_address = absl::GetFlag(FLAGS_audiosocket_listen);
  options.telephony.calls_file = absl::GetFlag(FLAGS_audiosocket_calls);
  options.http.listen_address = absl::GetFlag(FLAGS_http_listen);
  options.http.cors_origins = policyreader::http::ParseOriginList(
      absl::GetFlag(FLAGS_http_cors_origins));
  options.http.max_speech_text_bytes = absl::GetFlag(FLAGS_http_max_text_bytes);
  options.http.max_syntheses = absl::GetFlag(FLAGS_http_max_syntheses);
  options.http.cache_bytes = absl::GetFlag(FLAGS_http_cache_mb) << 20;
  options.sentence_cache = {
      .memory_bytes = absl::GetFlag(FLAGS_sentence_cache_mb) << 20,
      .disk_dir = absl::GetFlag(FLAGS_sentence_cache_dir),
      .disk_bytes = absl::GetFlag(FLAGS_sentence_cache_disk_mb) << 20};
  options.http.connection_limits.max_per_address =
      absl::GetFlag(FLAGS_http_max_connections_per_address);
  options.http.connection_limits.request_read_deadline =
      absl::Seconds(absl::GetFlag(FLAGS_http_request_deadline_s));
  options.grpc.max_connection_age =
      absl::Seconds(absl::GetFlag(FLAGS_grpc_max_connection_age_s));
  options.stream.limits.max_per_client =
      absl::GetFlag(FLAGS_grpc_max_streams_per_client);
  options.grpc.max_concurrent_streams =
      absl::GetFlag(FLAGS_grpc_max_streams_per_connection);
  options.http.static_dir = absl::GetFlag(FLAGS_http_static_dir);
  options.metrics_listen_address = absl::GetFlag(FLAGS_metrics_listen);
  if (options.http.static_dir.empty() &&
      std::filesystem::is_directory(data->web_dir)) {
    options.http.static_dir = data->web_dir.string();
  }

  return policyreader::server::RunUntilSignalled(
      options, absl::Seconds(absl::GetFlag(FLAGS_grace_s)));
}
