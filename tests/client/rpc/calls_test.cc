// The calls every client makes (calls.h) against an in-process fake server:
// the status conversion, deadlines, waiting for a server, the canceller and
// the unary calls.
#include "client/rpc/calls.h"

#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/rpc/channel.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/client/rpc/in_process_server.h"

namespace policyreader::rpc {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using testing::FakePolicyReader;
using testing::Gate;
using testing::InProcessServer;
using testing::kGuard;
using testing::ReservedPort;
using testing::UnaryScript;

// gRPC and absl number their codes alike, but the mapping is spelled out
// here so a test fails if either side ever renumbers.
TEST(FromGrpcTest, KeepsEveryCodeAndTheMessage) {
  const struct {
    grpc::StatusCode grpc;
    absl::StatusCode absl;
  } kCases[] = {
      {grpc::StatusCode::OK, absl::StatusCode::kOk},
      {grpc::StatusCode::CANCELLED, absl::StatusCode::kCancelled},
      {grpc::StatusCode::UNKNOWN, absl::StatusCode::kUnknown},
      {grpc::StatusCode::INVALID_ARGUMENT, absl::StatusCode::kInvalidArgument},
      {grpc::StatusCode::DEADLINE_EXCEEDED,
       absl::StatusCode::kDeadlineExceeded},
      {grpc::StatusCode::NOT_FOUND, absl::StatusCode::kNotFound},
      {grpc::StatusCode::ALREADY_EXISTS, absl::StatusCode::kAlreadyExists},
      {grpc::StatusCode::PERMISSION_DENIED,
       absl::StatusCode::kPermissionDenied},
      {grpc::StatusCode::RESOURCE_EXHAUSTED,
       absl::StatusCode::kResourceExhausted},
      {grpc::StatusCode::FAILED_PRECONDITION,
       absl::StatusCode::kFailedPrecondition},
      {grpc::StatusCode::ABORTED, absl::StatusCode::kAborted},
      {grpc::StatusCode::OUT_OF_RANGE, absl::StatusCode::kOutOfRange},
      {grpc::StatusCode::UNIMPLEMENTED, absl::StatusCode::kUnimplemented},
      {grpc::StatusCode::INTERNAL, absl::StatusCode::kInternal},
      {grpc::StatusCode::UNAVAILABLE, absl::StatusCode::kUnavailable},
      {grpc::StatusCode::DATA_LOSS, absl::StatusCode::kDataLoss},
      {grpc::StatusCode::UNAUTHENTICATED, absl::StatusCode::kUnauthenticated},
  };
  // Every code gRPC has, none twice.
  ASSERT_EQ(std::size(kCases), grpc::StatusCode::UNAUTHENTICATED + 1u);
  for (const auto& c : kCases) {
    SCOPED_TRACE(absl::StatusCodeToString(c.absl));
    if (c.grpc == grpc::StatusCode::OK) {
      // An OK status has no message in absl.
      EXPECT_EQ(FromGrpc(grpc::Status::OK), absl::OkStatus());
      continue;
    }
    const absl::Status status =
        FromGrpc(grpc::Status(c.grpc, "Stemmen \"æøå\" findes ikke"));
    EXPECT_EQ(status.code(), c.absl);
    // Marked, so that the CLI tells the listener in Danish from the code.
    EXPECT_TRUE(IsFromGrpc(status));
    EXPECT_FALSE(IsFromGrpc(absl::Status(c.absl, "Klientens egen besked")));
    // UTF-8 passes untouched: the service's messages are Danish.
    EXPECT_EQ(status.message(), "Stemmen \"æøå\" findes ikke");
  }
}

TEST(IsTransientTest, OnlyEndsANewCallMayCure) {
  const struct {
    absl::Status status;
    bool transient;
  } kCases[] = {
      {absl::UnavailableError("failed to connect to all addresses"), true},
      {absl::UnavailableError("the server is shutting down"), true},
      {absl::CancelledError("Afbrudt"), true},
      {absl::AbortedError("restarted"), true},
      {absl::DeadlineExceededError("Deadline Exceeded"), true},
      // What gRPC makes of nginx resetting the stream of a dead backend.
      {absl::InternalError("Received RST_STREAM with error code 2"), true},
      {absl::InternalError("Received RST_STREAM with error code 8"), true},
      // The server's own INTERNAL stays fatal.
      {absl::InternalError("the MP3 encoder failed"), false},
      {absl::InternalError(
           "Serveren sendte 8000 Hz ALAW i 1 kanaler, men blev bedt om 22050 "
           "Hz LINEAR16 mono"),
       false},
      {absl::InternalError("RST_STREAM somewhere in a message"), false},
      {absl::InvalidArgumentError("Teksten er tom"), false},
      {absl::NotFoundError("Dokumentet findes ikke"), false},
      {absl::ResourceExhaustedError("too large"), false},
      {absl::OkStatus(), false},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(IsTransient(c.status), c.transient) << c.status;
  }
}

TEST(CallCancellerTest, RefusesContextsOnceCancelled) {
  CallCanceller canceller;
  grpc::ClientContext before;
  EXPECT_TRUE(canceller.Add(&before));
  EXPECT_FALSE(canceller.cancelled());
  canceller.CancelAll();
  EXPECT_TRUE(canceller.cancelled());
  // A call that would start after Ctrl-C must not start at all.
  grpc::ClientContext after;
  EXPECT_FALSE(canceller.Add(&after));
  canceller.Remove(&before);
}

class CallsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok());
    stub_ = server_.NewStub();
  }

  FakePolicyReader service_;
  InProcessServer server_{&service_};
  std::unique_ptr<v1::PolicyReader::Stub> stub_;
};

TEST_F(CallsTest, SegmentReturnsWhatTheServerSends) {
  UnaryScript script;
  v1::Sentence* sentence = script.segment.add_sentences();
  sentence->set_index(0);
  sentence->set_text("Vi trives.");
  sentence->set_spoken_text("vi trives.");
  service_.set_unary(script);
  v1::SegmentRequest request;
  request.set_text("Vi trives.");
  request.set_format(v1::TEXT_FORMAT_MARKDOWN);

  const absl::StatusOr<v1::SegmentResponse> response =
      Segment(stub_.get(), request, {});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*response, script.segment));
  ASSERT_EQ(service_.segment_requests().size(), 1u);
  EXPECT_TRUE(
      MessageDifferencer::Equals(service_.segment_requests()[0], request));
}

TEST_F(CallsTest, ListVoicesAndDocumentsReturnWhatTheServerSends) {
  UnaryScript script;
  v1::Voice* voice = script.voices.add_voices();
  voice->set_name("da-telefon");
  voice->set_telephone(true);
  v1::Document* document = script.documents.add_documents();
  document->set_id("trivsel");
  document->set_title("Trivselspolitik");
  document->set_available(true);
  service_.set_unary(script);

  const absl::StatusOr<v1::ListVoicesResponse> voices =
      ListVoices(stub_.get(), {});
  ASSERT_TRUE(voices.ok()) << voices.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*voices, script.voices));
  const absl::StatusOr<v1::ListDocumentsResponse> documents =
      ListDocuments(stub_.get(), {}, {});
  ASSERT_TRUE(documents.ok()) << documents.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*documents, script.documents));
}

TEST_F(CallsTest, GetDocumentReturnsItAvailableOrNot) {
  UnaryScript script;
  script.document.set_id("tom");
  script.document.set_available(false);
  script.document.set_unavailable_reason("filen er tom");
  service_.set_unary(script);
  v1::GetDocumentRequest request;
  request.set_document_id("tom");

  // GetDocument is for listings, which show unreadable documents too.
  const absl::StatusOr<v1::Document> document =
      GetDocument(stub_.get(), request, {});
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*document, script.document));
}

// Every unary call hands the server's error on as it came.
TEST_F(CallsTest, UnaryCallsMapTheServersError) {
  const struct {
    const char* name;
    std::function<absl::Status(v1::PolicyReader::StubInterface*)> call;
  } kCalls[] = {
      {"Segment",
       [](v1::PolicyReader::StubInterface* stub) {
         return Segment(stub, {}, {}).status();
       }},
      {"ListVoices",
       [](v1::PolicyReader::StubInterface* stub) {
         return ListVoices(stub, {}).status();
       }},
      {"ListDocuments",
       [](v1::PolicyReader::StubInterface* stub) {
         return ListDocuments(stub, {}, {}).status();
       }},
      {"GetDocument",
       [](v1::PolicyReader::StubInterface* stub) {
         return GetDocument(stub, {}, {}).status();
       }},
      {"GetReadableDocument",
       [](v1::PolicyReader::StubInterface* stub) {
         return GetReadableDocument(stub, "x", false, {}).status();
       }},
  };
  const struct {
    grpc::StatusCode grpc;
    absl::StatusCode absl;
  } kErrors[] = {
      {grpc::StatusCode::INVALID_ARGUMENT, absl::StatusCode::kInvalidArgument},
      {grpc::StatusCode::NOT_FOUND, absl::StatusCode::kNotFound},
      {grpc::StatusCode::RESOURCE_EXHAUSTED,
       absl::StatusCode::kResourceExhausted},
      {grpc::StatusCode::INTERNAL, absl::StatusCode::kInternal},
  };
  for (const auto& error : kErrors) {
    UnaryScript script;
    script.status = grpc::Status(error.grpc, "Dokumentet findes ikke");
    service_.set_unary(script);
    for (const auto& c : kCalls) {
      SCOPED_TRACE(c.name);
      const absl::Status status = c.call(stub_.get());
      EXPECT_EQ(status.code(), error.absl);
      EXPECT_EQ(status.message(), "Dokumentet findes ikke");
    }
  }
}

TEST_F(CallsTest, GetReadableDocumentRefusesOneThatCannotBeRead) {
  UnaryScript script;
  script.document.set_id("tom");
  script.document.set_available(false);
  script.document.set_unavailable_reason("filen er tom");
  service_.set_unary(script);

  const absl::StatusOr<v1::Document> document =
      GetReadableDocument(stub_.get(), "tom", true, {});
  EXPECT_EQ(document.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(document.status().message(),
            "Dokumentet \"tom\" kan ikke læses: filen er tom");
  // The request says which document, and with sentences.
  ASSERT_EQ(service_.document_requests().size(), 1u);
  EXPECT_EQ(service_.document_requests()[0].document_id(), "tom");
  EXPECT_TRUE(service_.document_requests()[0].include_sentences());
}

TEST_F(CallsTest, GetReadableDocumentReturnsOneThatCanBeRead) {
  UnaryScript script;
  script.document.set_id("trivsel");
  script.document.set_available(true);
  script.document.add_sentences()->set_text("Vi trives.");
  service_.set_unary(script);

  const absl::StatusOr<v1::Document> document =
      GetReadableDocument(stub_.get(), "trivsel", false, {});
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*document, script.document));
  ASSERT_EQ(service_.document_requests().size(), 1u);
  EXPECT_FALSE(service_.document_requests()[0].include_sentences());
}

// The deadline is the timeout plus the wait for a server: a server that
// answers neither gets the call ended after both, not before.
TEST_F(CallsTest, DeadlineFromTheOptionsEndsAHeldCall) {
  const struct {
    absl::Duration timeout;
    absl::Duration wait_for_server;
  } kCases[] = {
      {absl::Milliseconds(200), absl::ZeroDuration()},
      {absl::Milliseconds(100), absl::Milliseconds(200)},
  };
  // The server holds every call until the test ends.
  const auto never = std::make_shared<Gate>();
  UnaryScript script;
  script.hold = never;
  service_.set_unary(script);
  for (const auto& c : kCases) {
    SCOPED_TRACE(absl::FormatDuration(c.wait_for_server));
    const absl::Time started = absl::Now();
    const absl::Status status =
        ListVoices(stub_.get(), {.timeout = c.timeout,
                                 .wait_for_server = c.wait_for_server,
                                 .canceller = nullptr})
            .status();
    const absl::Duration took = absl::Now() - started;
    EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
    // gRPC converts the deadline to its own clock: a millisecond of slack.
    EXPECT_GE(took, c.timeout + c.wait_for_server - absl::Milliseconds(5));
    EXPECT_LT(took, kGuard);
  }
}

TEST_F(CallsTest, CancellerEndsACallInFlight) {
  const auto never = std::make_shared<Gate>();
  UnaryScript script;
  script.hold = never;
  service_.set_unary(script);
  CallCanceller canceller;
  absl::Status status;
  // A jthread joins even when an assertion below returns early.
  std::jthread call([&] {
    status = ListVoices(stub_.get(), {.timeout = kGuard,
                                      .wait_for_server = absl::ZeroDuration(),
                                      .canceller = &canceller})
                 .status();
  });
  // Cancel only once the call is at the server, so it is in flight.
  ASSERT_TRUE(service_.WaitForCallsEntered(1));
  const absl::Time cancelled = absl::Now();
  canceller.CancelAll();
  call.join();
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled) << status;
  EXPECT_LT(absl::Now() - cancelled, kGuard);

  // Later calls with that canceller do not reach the server.
  const absl::Status later =
      ListVoices(stub_.get(), {.timeout = kGuard,
                               .wait_for_server = absl::ZeroDuration(),
                               .canceller = &canceller})
          .status();
  EXPECT_EQ(later, absl::CancelledError("Afbrudt"));
  EXPECT_EQ(service_.calls_entered(), 1);
}

// No server listens on the reserved port until a test starts one.
class WaitForServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(port_.port(), 0);
    options_.target = "127.0.0.1:" + std::to_string(port_.port());
    channel_ = grpc::CreateCustomChannel(options_.target,
                                         grpc::InsecureChannelCredentials(),
                                         ChannelArgumentsFor(options_));
    stub_ = v1::PolicyReader::NewStub(channel_);
  }

  ReservedPort port_;
  ChannelOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PolicyReader::Stub> stub_;
};

TEST_F(WaitForServerTest, WithoutItAMissingServerFailsAtOnce) {
  const absl::Status status =
      ListVoices(stub_.get(), {.timeout = kGuard,
                               .wait_for_server = absl::ZeroDuration(),
                               .canceller = nullptr})
          .status();
  // UNAVAILABLE (not the deadline): a client can say so and stop.
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
}

TEST_F(WaitForServerTest, WaitsNoLongerThanAsked) {
  const absl::Time started = absl::Now();
  const absl::Status status =
      ListVoices(stub_.get(), {.timeout = absl::Milliseconds(100),
                               .wait_for_server = absl::Milliseconds(300),
                               .canceller = nullptr})
          .status();
  const absl::Duration took = absl::Now() - started;
  // It waited for the server instead of failing UNAVAILABLE at once.
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_GE(took, absl::Milliseconds(400) - absl::Milliseconds(5));
  EXPECT_LT(took, kGuard);
}

TEST_F(WaitForServerTest, FindsAServerThatStartsWhileItWaits) {
  FakePolicyReader service;
  UnaryScript script;
  script.voices.add_voices()->set_name("da");
  service.set_unary(script);
  absl::StatusOr<v1::ListVoicesResponse> voices;
  std::jthread call([&] {
    voices = ListVoices(
        stub_.get(),
        {.timeout = kGuard, .wait_for_server = kGuard, .canceller = nullptr});
  });
  // The call has tried and found nothing once the channel is in transient
  // failure: only then does the server start.
  const absl::Time give_up = absl::Now() + kGuard;
  for (grpc_connectivity_state state = channel_->GetState(false);
       state != GRPC_CHANNEL_TRANSIENT_FAILURE;
       state = channel_->GetState(false)) {
    ASSERT_TRUE(
        channel_->WaitForStateChange(state, absl::ToChronoTime(give_up)))
        << "the channel never failed to connect";
  }
  InProcessServer server(&service, port_.port());
  ASSERT_TRUE(server.ok());
  call.join();
  ASSERT_TRUE(voices.ok()) << voices.status();
  ASSERT_EQ(voices->voices_size(), 1);
  EXPECT_EQ(voices->voices(0).name(), "da");
}

}  // namespace
}  // namespace policyreader::rpc
