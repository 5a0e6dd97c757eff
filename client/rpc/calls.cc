// See calls.h.
#include "client/rpc/calls.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace policyreader::rpc {
namespace {

// One unary call: configured, cancellable, its status converted.
template <typename Request, typename Response, typename Method>
absl::StatusOr<Response> Unary(v1::PolicyReader::StubInterface* stub,
                               Method method, const Request& request,
                               const CallOptions& options) {
  grpc::ClientContext context;
  Configure(options, &context);
  CancelScope scope(options, &context);
  if (!scope.ok()) return absl::CancelledError("Afbrudt");
  Response response;
  const grpc::Status status = (stub->*method)(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

}  // namespace

namespace {
constexpr absl::string_view kFromGrpcPayload = "type.policyreader/from-grpc";
}  // namespace

absl::Status FromGrpc(const grpc::Status& status) {
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
  if (!result.ok()) result.SetPayload(kFromGrpcPayload, absl::Cord());
  return result;
}

bool IsFromGrpc(const absl::Status& status) {
  return status.GetPayload(kFromGrpcPayload).has_value();
}

bool IsTransient(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kDeadlineExceeded:
      return true;
    case absl::StatusCode::kInternal:
      // gRPC's own words for a stream reset by the peer (chttp2's
      // frame_rst_stream.cc); the server never says RST_STREAM.
      return absl::StartsWith(status.message(), "Received RST_STREAM");
    default:
      return false;
  }
}

bool CallCanceller::Add(grpc::ClientContext* context) {
  absl::MutexLock lock(&mu_);
  if (cancelled_) return false;
  active_.insert(context);
  return true;
}

void CallCanceller::Remove(grpc::ClientContext* context) {
  absl::MutexLock lock(&mu_);
  active_.erase(context);
}

void CallCanceller::CancelAll() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  for (grpc::ClientContext* context : active_) context->TryCancel();
}

bool CallCanceller::cancelled() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

void Configure(const CallOptions& options, grpc::ClientContext* context) {
  if (options.wait_for_server > absl::ZeroDuration()) {
    context->set_wait_for_ready(true);
  }
  context->set_deadline(absl::ToChronoTime(absl::Now() + options.timeout +
                                           options.wait_for_server));
  if (!options.request_id.empty()) {
    context->AddMetadata("x-request-id", options.request_id);
  }
}

CancelScope::CancelScope(const CallOptions& options,
                         grpc::ClientContext* context)
    : canceller_(options.canceller), context_(context) {
  if (canceller_ != nullptr) registered_ = canceller_->Add(context_);
}

CancelScope::~CancelScope() {
  if (registered_) canceller_->Remove(context_);
}

absl::StatusOr<v1::SegmentResponse> Segment(
    v1::PolicyReader::StubInterface* stub, const v1::SegmentRequest& request,
    const CallOptions& options) {
  return Unary<v1::SegmentRequest, v1::SegmentResponse>(
      stub, &v1::PolicyReader::StubInterface::Segment, request, options);
}

absl::StatusOr<v1::ListVoicesResponse> ListVoices(
    v1::PolicyReader::StubInterface* stub, const CallOptions& options) {
  return Unary<v1::ListVoicesRequest, v1::ListVoicesResponse>(
      stub, &v1::PolicyReader::StubInterface::ListVoices,
      v1::ListVoicesRequest(), options);
}

absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus>
CheckHealth(grpc::health::v1::Health::StubInterface* stub,
            const std::string& service, const CallOptions& options) {
  grpc::ClientContext context;
  Configure(options, &context);
  CancelScope scope(options, &context);
  if (!scope.ok()) return absl::CancelledError("Afbrudt");
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response.status();
}

absl::StatusOr<v1::ListDocumentsResponse> ListDocuments(
    v1::PolicyReader::StubInterface* stub,
    const v1::ListDocumentsRequest& request, const CallOptions& options) {
  return Unary<v1::ListDocumentsRequest, v1::ListDocumentsResponse>(
      stub, &v1::PolicyReader::StubInterface::ListDocuments, request, options);
}

absl::StatusOr<v1::Document> GetDocument(v1::PolicyReader::StubInterface* stub,
                                         const v1::GetDocumentRequest& request,
                                         const CallOptions& options) {
  return Unary<v1::GetDocumentRequest, v1::Document>(
      stub, &v1::PolicyReader::StubInterface::GetDocument, request, options);
}

absl::StatusOr<v1::Document> GetReadableDocument(
    v1::PolicyReader::StubInterface* stub, const std::string& document_id,
    bool include_sentences, const CallOptions& options) {
  v1::GetDocumentRequest request;
  request.set_document_id(document_id);
  request.set_include_sentences(include_sentences);
  absl::StatusOr<v1::Document> document = GetDocument(stub, request, options);
  if (document.ok() && !document->available()) {
    return absl::FailedPreconditionError(
        absl::StrCat("Dokumentet \"", document_id,
                     "\" kan ikke læses: ", document->unavailable_reason()));
  }
  return document;
}

}  // namespace policyreader::rpc
