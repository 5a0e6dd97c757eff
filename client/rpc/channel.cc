// See channel.h.
#include "client/rpc/channel.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace policyreader::rpc {

grpc::ChannelArguments ChannelArgumentsFor(const ChannelOptions& options) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(options.max_receive_bytes);
  const int min_ms = static_cast<int>(
      absl::ToInt64Milliseconds(options.reconnect_backoff_min));
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, min_ms);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, min_ms);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS,
                   static_cast<int>(absl::ToInt64Milliseconds(
                       options.reconnect_backoff_max)));
  arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  arguments.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES,
                   options.stream_lookahead_bytes);
  return arguments;
}

std::unique_ptr<v1::PolicyReader::Stub> MakeStub(
    const ChannelOptions& options) {
  return v1::PolicyReader::NewStub(grpc::CreateCustomChannel(
      options.target, grpc::InsecureChannelCredentials(),
      ChannelArgumentsFor(options)));
}

std::unique_ptr<grpc::health::v1::Health::Stub> MakeHealthStub(
    const ChannelOptions& options) {
  return grpc::health::v1::Health::NewStub(grpc::CreateCustomChannel(
      options.target, grpc::InsecureChannelCredentials(),
      ChannelArgumentsFor(options)));
}

}  // namespace policyreader::rpc
