// Channels to a Policy Reader server with the project's channel settings, so
// every client behaves alike towards a restarted server and a long answer.
//
// Thread-safety: pure functions; the stubs they return are thread-safe.
#ifndef POLICY_READER_CLIENT_RPC_CHANNEL_H_
#define POLICY_READER_CLIENT_RPC_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/support/channel_arguments.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

namespace policyreader::rpc {

struct ChannelOptions {
  std::string target;  // "host:port", as grpc::CreateChannel takes it.
  // Large Segment answers (a long policy with spoken text) exceed gRPC's
  // 4 MB default.
  int max_receive_bytes = 64 << 20;
  // A player waiting for a restarted server should find it within a second
  // or two, not after gRPC's default backoff of up to two minutes.
  absl::Duration reconnect_backoff_min = absl::Milliseconds(250);
  absl::Duration reconnect_backoff_max = absl::Seconds(2);
  // gRPC's own read-ahead per stream (its window otherwise grows to several
  // MB on loopback): clients queue what they need themselves, and audio
  // buffered beyond that is thrown away at every key and hides a lost
  // server for a minute.
  int stream_lookahead_bytes = 64 << 10;
};

// The channel arguments `options` stand for (also for in-process channels).
grpc::ChannelArguments ChannelArgumentsFor(const ChannelOptions& options);

// An insecure channel to `options.target` (the service runs on loopback or
// behind a TLS-terminating proxy).
std::unique_ptr<v1::PolicyReader::Stub> MakeStub(const ChannelOptions& options);
// The same, for the server's grpc.health.v1 service.
std::unique_ptr<grpc::health::v1::Health::Stub> MakeHealthStub(
    const ChannelOptions& options);

}  // namespace policyreader::rpc

#endif  // POLICY_READER_CLIENT_RPC_CHANNEL_H_
