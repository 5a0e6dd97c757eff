// See in_process_server.h.
#include "tests/client/rpc/in_process_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace policyreader::rpc::testing {

void Gate::Open() {
  absl::MutexLock lock(&mu_);
  open_ = true;
}

bool Gate::Wait(grpc::ServerContext* context,
                const std::atomic<bool>& stop) const {
  const absl::Time give_up = absl::Now() + kGuard;
  absl::MutexLock lock(&mu_);
  while (!context->IsCancelled() && !stop && absl::Now() < give_up) {
    if (mu_.AwaitWithTimeout(absl::Condition(&open_), absl::Milliseconds(1))) {
      return true;
    }
  }
  return false;
}

std::string AudioBytes(uint32_t sentence, int chunk, size_t size) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<char>((sentence * 131 + chunk * 31 + i * 7) & 0xff);
  }
  return bytes;
}

v1::StreamHeader SpeechScript::DefaultHeader() {
  v1::StreamHeader header;
  header.set_encoding(v1::LINEAR16);
  header.set_sample_rate_hz(16000);
  header.set_channels(1);
  header.set_sentence_count(3);
  header.set_voice("da");
  return header;
}

SpeechResult SpeechScript::Expected(uint32_t start) const {
  SpeechResult result;
  result.header = header;
  for (uint32_t s = start; s < sentences; ++s) {
    result.marks.push_back({.kind = SpeechMark::Kind::kSentenceStart,
                            .sentence = s,
                            .byte = result.audio.size(),
                            .spoken_text = absl::StrCat("Sætning ", s),
                            .audio_samples = 0});
    for (int c = 0; c < chunks_per_sentence; ++c) {
      result.audio += AudioBytes(s, c, chunk_bytes);
    }
    result.marks.push_back(
        {.kind = SpeechMark::Kind::kSentenceEnd,
         .sentence = s,
         .byte = result.audio.size(),
         .spoken_text = {},
         .audio_samples = chunks_per_sentence * chunk_bytes / 2});
  }
  return result;
}

void FakePolicyReader::set_speech(SpeechScript script) {
  absl::MutexLock lock(&mu_);
  speech_ = std::move(script);
}

void FakePolicyReader::set_unary(UnaryScript script) {
  absl::MutexLock lock(&mu_);
  unary_ = std::move(script);
}

int FakePolicyReader::calls_entered() const {
  absl::MutexLock lock(&mu_);
  return calls_entered_;
}

int FakePolicyReader::messages_written() const {
  absl::MutexLock lock(&mu_);
  return messages_written_;
}

uint64_t FakePolicyReader::audio_bytes_written() const {
  absl::MutexLock lock(&mu_);
  return audio_bytes_written_;
}

std::vector<v1::SynthesizeRequest> FakePolicyReader::synthesize_requests()
    const {
  absl::MutexLock lock(&mu_);
  return synthesize_requests_;
}

std::vector<v1::SegmentRequest> FakePolicyReader::segment_requests() const {
  absl::MutexLock lock(&mu_);
  return segment_requests_;
}

std::vector<v1::GetDocumentRequest> FakePolicyReader::document_requests()
    const {
  absl::MutexLock lock(&mu_);
  return document_requests_;
}

bool FakePolicyReader::WaitFor(const int* counter, int n) const {
  absl::MutexLock lock(&mu_);
  const auto reached = [counter, n]() { return *counter >= n; };
  return mu_.AwaitWithTimeout(absl::Condition(&reached), kGuard);
}

bool FakePolicyReader::WaitForCallsEntered(int n) const {
  return WaitFor(&calls_entered_, n);
}

bool FakePolicyReader::WaitForMessagesWritten(int n) const {
  return WaitFor(&messages_written_, n);
}

bool FakePolicyReader::WaitForCallsFinished(int n) const {
  return WaitFor(&calls_finished_, n);
}

grpc::Status FakePolicyReader::Finished(grpc::Status status) {
  absl::MutexLock lock(&mu_);
  ++calls_finished_;
  return status;
}

grpc::Status FakePolicyReader::Synthesize(
    grpc::ServerContext* context, const v1::SynthesizeRequest* request,
    grpc::ServerWriter<v1::SynthesizeResponse>* writer) {
  SpeechScript script;
  {
    absl::MutexLock lock(&mu_);
    ++calls_entered_;
    synthesize_requests_.push_back(*request);
    script = speech_;
  }
  int written = 0;
  // Holds or fails where the script says, before message `written`.
  const auto before_next = [&]() -> std::optional<grpc::Status> {
    if (written == script.hold_after_messages && script.hold != nullptr &&
        !script.hold->Wait(context, stop_holding_)) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "Holdt til afbrudt");
    }
    if (written == script.fail_after_messages) return script.fail_with;
    return std::nullopt;
  };
  // Counted before Write, which may return after the client has read it.
  const auto write = [&](const v1::SynthesizeResponse& response) {
    {
      absl::MutexLock lock(&mu_);
      ++messages_written_;
      if (response.has_audio()) {
        audio_bytes_written_ += response.audio().data().size();
      }
    }
    ++written;
    return writer->Write(response);  // False: the client has gone.
  };

  std::vector<v1::SynthesizeResponse> events;
  events.emplace_back().mutable_header()->CopyFrom(script.header);
  for (uint32_t s = request->start_sentence(); s < script.sentences; ++s) {
    v1::SentenceStart* start = events.emplace_back().mutable_sentence_start();
    start->set_index(s);
    start->set_spoken_text(absl::StrCat("Sætning ", s));
    // Sent whether asked for or not: SpeechStream queues them only for a
    // request with enable_word_marks.
    v1::WordMark* word = events.emplace_back().mutable_word();
    word->set_sentence_index(s);
    word->set_spoken_begin(0);
    word->set_spoken_end(8);  // "Sætning": 8 bytes.
    word->set_audio_offset_ms(5 + s);
    for (int c = 0; c < script.chunks_per_sentence; ++c) {
      events.emplace_back().mutable_audio()->set_data(
          AudioBytes(s, c, script.chunk_bytes));
    }
    v1::SentenceEnd* end = events.emplace_back().mutable_sentence_end();
    end->set_index(s);
    end->set_audio_samples(script.chunks_per_sentence * script.chunk_bytes / 2);
  }
  for (const v1::SynthesizeResponse& event : events) {
    if (std::optional<grpc::Status> stop = before_next()) {
      return Finished(*stop);
    }
    if (!write(event)) return Finished(grpc::Status::OK);
  }
  if (std::optional<grpc::Status> stop = before_next()) return Finished(*stop);
  return Finished(grpc::Status::OK);
}

template <typename Response>
grpc::Status FakePolicyReader::Unary(grpc::ServerContext* context,
                                     Response UnaryScript::*answer,
                                     Response* response) {
  UnaryScript script;
  {
    absl::MutexLock lock(&mu_);
    ++calls_entered_;
    script = unary_;
  }
  grpc::Status status = script.status;
  if (script.hold != nullptr && !script.hold->Wait(context, stop_holding_)) {
    status = grpc::Status(grpc::StatusCode::CANCELLED, "Holdt til afbrudt");
  }
  if (status.ok()) *response = script.*answer;
  return Finished(status);
}

grpc::Status FakePolicyReader::Segment(grpc::ServerContext* context,
                                       const v1::SegmentRequest* request,
                                       v1::SegmentResponse* response) {
  {
    absl::MutexLock lock(&mu_);
    segment_requests_.push_back(*request);
  }
  return Unary(context, &UnaryScript::segment, response);
}

grpc::Status FakePolicyReader::ListVoices(grpc::ServerContext* context,
                                          const v1::ListVoicesRequest*,
                                          v1::ListVoicesResponse* response) {
  return Unary(context, &UnaryScript::voices, response);
}

grpc::Status FakePolicyReader::ListDocuments(
    grpc::ServerContext* context, const v1::ListDocumentsRequest*,
    v1::ListDocumentsResponse* response) {
  return Unary(context, &UnaryScript::documents, response);
}

grpc::Status FakePolicyReader::GetDocument(
    grpc::ServerContext* context, const v1::GetDocumentRequest* request,
    v1::Document* response) {
  {
    absl::MutexLock lock(&mu_);
    document_requests_.push_back(*request);
  }
  return Unary(context, &UnaryScript::document, response);
}

ReservedPort::ReservedPort() {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  const int one = 1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (setsockopt(fd_, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0 ||
      bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return;
  }
  port_ = ntohs(address.sin_port);
}

ReservedPort::~ReservedPort() {
  if (fd_ >= 0) close(fd_);
}

InProcessServer::InProcessServer(FakePolicyReader* service, int port)
    : service_(service) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", port),
                           grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(service);
  server_ = builder.BuildAndStart();
}

InProcessServer::~InProcessServer() {
  service_->StopHolding();
  // A deadline of now cancels the calls still running.
  if (server_ != nullptr) server_->Shutdown(absl::ToChronoTime(absl::Now()));
}

std::string InProcessServer::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

std::unique_ptr<v1::PolicyReader::Stub> InProcessServer::NewStub() const {
  ChannelOptions options;
  options.target = address();
  return MakeStub(options);
}

}  // namespace policyreader::rpc::testing
