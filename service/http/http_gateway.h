// The HTTP front end (for the web widget and for tools that speak no gRPC):
// /healthz, /v1/segment, /v1/speech, /v1/documents[/{id}[/book.epub]] and
// the widget's static files. Every API call goes to the server's own
// PolicyReader service over an in-process channel, so HTTP shares the worker
// pool, the library, the voices and the limits with every other client.
//
// Threads: one acceptor thread and a fixed pool of HttpOptions::threads
// connection threads (cpp-httplib's); connections beyond them wait in its
// queue. A client that stalls is dropped after io_timeout, so it holds one
// thread for at most that long. At most max_syntheses /v1/speech syntheses
// run at once (429 beyond), so the public endpoint cannot starve gRPC
// clients and calls of workers.
//
// Every request gets a request id (the client's X-Request-Id if it is
// harmless, else a new one; logging/log.h), returned in X-Request-Id and
// passed on to the gRPC calls it makes, and one "access" log line when it
// has been answered.
//
// Thread-safety: port(), cache_stats() and connection_stats() from any
// thread; Shutdown() from any
// thread, idempotent; it cancels syntheses in flight and returns when every
// HTTP thread has ended.
#ifndef POLICY_READER_SERVICE_HTTP_HTTP_GATEWAY_H_
#define POLICY_READER_SERVICE_HTTP_HTTP_GATEWAY_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "service/http/http_options.h"
#include "service/http/speech_cache.h"
#include "service/http/speech_source.h"

namespace policyreader::http {

class HttpGateway {
 public:
  // Listens on options.listen_address (max_syntheses and
  // max_segment_text_bytes already resolved, i.e. non-zero). `channel`
  // reaches the PolicyReader service and must stay usable until Shutdown
  // returns; `serving` answers /healthz. UNAVAILABLE naming the address if
  // it cannot be bound; INVALID_ARGUMENT if it is not host:port.
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(
      const HttpOptions& options, std::shared_ptr<grpc::Channel> channel,
      std::function<bool()> serving);
  ~HttpGateway();

  HttpGateway(const HttpGateway&) = delete;
  HttpGateway& operator=(const HttpGateway&) = delete;

  int port() const;
  SpeechCache::Stats cache_stats() const;
  ConnectionStats connection_stats() const;
  void Shutdown();

 private:
  class Impl;
  explicit HttpGateway(std::unique_ptr<Impl> impl);
  // Keeps <httplib.h> out of this header (one file includes it).
  std::unique_ptr<Impl> impl_;
};

}  // namespace policyreader::http

#endif  // POLICY_READER_SERVICE_HTTP_HTTP_GATEWAY_H_
