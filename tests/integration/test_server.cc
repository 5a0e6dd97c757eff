// See test_server.h.
#include "tests/integration/test_server.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace policyreader::testing {

server::ServerOptions DefaultTestOptions() {
  server::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.voices_file = absl::StrCat(SOURCE_DIR, "/voices/voices.tsv");
  options.language_rules_dir = absl::StrCat(SOURCE_DIR, "/voices/da");
  options.library_dir = absl::StrCat(SOURCE_DIR, "/samples/library");
  options.pool.workers = 2;
  options.pool.worker_binary = WORKER_BINARY;
  return options;
}

TestServer::TestServer(const server::ServerOptions& options) {
  absl::StatusOr<std::unique_ptr<server::Server>> server =
      server::Server::Start(options);
  if (!server.ok()) {
    ADD_FAILURE() << "server did not start: " << server.status();
    return;
  }
  server_ = *std::move(server);
  channel_ = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  stub_ = v1::PolicyReader::NewStub(channel_);
}

std::string TestServer::address() const {
  return absl::StrCat("127.0.0.1:", server_->port());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

StreamResult ReadStream(v1::PolicyReader::Stub& stub,
                        const v1::SynthesizeRequest& request) {
  StreamResult result;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::minutes(5));
  auto reader = stub.Synthesize(&context, request);
  v1::SynthesizeResponse response;
  while (reader->Read(&response)) {
    if (response.has_audio()) result.audio += response.audio().data();
    result.events.push_back(std::move(response));
  }
  result.status = reader->Finish();
  return result;
}

}  // namespace policyreader::testing
