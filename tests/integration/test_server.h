// Test support: a real Policy Reader server with real worker processes on a
// loopback port chosen by the kernel (port 0), and a client stub for it.
#ifndef POLICY_READER_TESTS_INTEGRATION_TEST_SERVER_H_
#define POLICY_READER_TESTS_INTEGRATION_TEST_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/server/server.h"

namespace policyreader::testing {

server::ServerOptions DefaultTestOptions();

class TestServer {
 public:
  explicit TestServer(
      const server::ServerOptions& options = DefaultTestOptions());
  server::Server& server() { return *server_; }
  std::string address() const;
  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  v1::PolicyReader::Stub& stub() { return *stub_; }

 private:
  std::unique_ptr<server::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PolicyReader::Stub> stub_;
};

std::string ReadFile(const std::string& path);

// One Synthesize stream read to the end.
struct StreamResult {
  grpc::Status status;
  std::vector<v1::SynthesizeResponse> events;
  std::string audio;  // All audio chunks concatenated.
};
StreamResult ReadStream(v1::PolicyReader::Stub& stub,
                        const v1::SynthesizeRequest& request);

}  // namespace policyreader::testing

#endif  // POLICY_READER_TESTS_INTEGRATION_TEST_SERVER_H_
