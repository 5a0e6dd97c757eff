// Options of the HTTP gateway (http_gateway.h): where it listens, who may
// call it from a browser, and the limits that keep a public endpoint from
// taking the synthesis workers away from gRPC clients and phone calls.
//
// Thread-safety: plain values (the metrics they point to are thread-safe).
#ifndef POLICY_READER_SERVICE_HTTP_HTTP_OPTIONS_H_
#define POLICY_READER_SERVICE_HTTP_HTTP_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "service/metrics/server_metrics.h"

namespace policyreader::http {

// What the gateway holds one client to (guarded_server.h).
struct ConnectionLimits {
  // Connections open at once from one client address; 0: no limit. Behind
  // a proxy every connection comes from the proxy's address: raise it there
  // (or 0) and let the proxy limit clients (nginx limit_conn).
  int max_per_address = 256;
  // From a request's first byte to the end of its body.
  absl::Duration request_read_deadline = absl::Seconds(10);
};

struct ConnectionStats {
  int addresses = 0;            // client addresses with a connection open
  uint64_t refused = 0;         // connections over their address's cap
  uint64_t read_deadlines = 0;  // requests cut at the read deadline
};

struct HttpOptions {
  // host:port, or a port alone for loopback; empty: no HTTP. Port 0 picks a
  // free port (HttpGateway::port()).
  std::string listen_address;
  // Origins (scheme://host[:port]) whose pages may call the API; no others
  // get CORS headers, so browsers keep other sites out.
  std::vector<std::string> cors_origins;
  // Largest text /v1/speech reads (after whitespace is collapsed); 413 above.
  // The text comes in the URL, which cpp-httplib (as Debian builds it) takes
  // up to 8192 characters long (414 beyond): percent-encoded, Danish with
  // many æ, ø, å runs out of URL at about 3 KB.
  size_t max_speech_text_bytes = 4096;
  // Largest text /v1/segment takes; 413 above. 0: the server's own limit.
  size_t max_segment_text_bytes = 0;
  // Bytes of recent /v1/speech answers kept in memory (speech_cache.h);
  // 0: none.
  size_t cache_bytes = size_t{64} << 20;
  // Speech syntheses in flight at once; more get 429 with Retry-After.
  // 0: twice the worker count.
  int max_syntheses = 0;
  // Connections served at once, each on its own thread (started when one
  // arrives, kept a while for the next): a client that sends its request
  // slowly holds only its own. Connections beyond this wait in a queue.
  int max_connections = 1024;
  // Threads kept waiting for new connections between bursts.
  int idle_threads = 8;
  // Per client address, and a deadline for reading each request whole
  // (guarded_server.h).
  ConnectionLimits connection_limits;
  // A client that sends nothing (or takes nothing) this long is dropped,
  // freeing its thread.
  absl::Duration io_timeout = absl::Seconds(5);
  // An idle keep-alive connection holds a thread; and Shutdown waits for
  // it at most this long.
  absl::Duration keep_alive_timeout = absl::Seconds(1);
  // Whole /v1/speech synthesis.
  absl::Duration synthesis_timeout = absl::Seconds(60);
  // Deadline of Segment, ListDocuments and GetDocument.
  absl::Duration call_timeout = absl::Seconds(30);
  // Deadline of the one stream that reads a whole document for
  // /v1/documents/{id}/book.epub.
  absl::Duration book_timeout = absl::Minutes(10);
  // Folder served at "/" (the web widget); empty: none.
  std::string static_dir;
  // Sample rate of /v1/speech audio; fixed so the ETag is known before
  // synthesis.
  int sample_rate_hz = 22050;
  // Part of every speech ETag: change it when the same request could sound
  // different (new voices, rules or engine), or clients keep old audio.
  // "2": numbers and letters reach eSpeak as digits and capitals. "3":
  // every sentence synthesized from the engine's start-up state, and a
  // fixed Ogg serial number, so the bytes are the same on every instance.
  std::string audio_version = "3";
  // When set: GET /metrics answers with its exposition, and every request
  // is counted in it. Not owned; must outlive the gateway.
  metrics::ServerMetrics* metrics = nullptr;
  // Only /metrics and /healthz (a separate --metrics_listen port).
  bool metrics_only = false;
};

}  // namespace policyreader::http

#endif  // POLICY_READER_SERVICE_HTTP_HTTP_OPTIONS_H_
