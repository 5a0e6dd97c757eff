// Fuzzes the service's request parsing (service/api/request_parsing) with
// the raw bytes a gRPC client could send as a Segment or Synthesize
// request. Beyond not crashing (ASan and UBSan are on): a request it
// accepts has valid UTF-8 in every string field, serializes, and parses
// again to the same bytes; one it refuses is refused with
// INVALID_ARGUMENT and a message.
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "policyreader/v1/policy_reader.pb.h"
#include "service/api/request_parsing.h"
#include "service/text/utf8.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "invariant broken: %s\n", what);
    abort();
  }
}

template <typename Request>
void CheckStrings(const Request& request);

template <>
void CheckStrings(const policyreader::v1::SynthesizeRequest& request) {
  Check(policyreader::text::ValidateUtf8(request.text()).ok() &&
            policyreader::text::ValidateUtf8(request.document_id()).ok() &&
            policyreader::text::ValidateUtf8(request.voice()).ok(),
        "an accepted request's strings are valid UTF-8");
}

template <>
void CheckStrings(const policyreader::v1::SegmentRequest& request) {
  Check(policyreader::text::ValidateUtf8(request.text()).ok(),
        "an accepted request's text is valid UTF-8");
}

template <typename Request>
void Fuzz(const grpc::ByteBuffer& buffer) {
  Request request;
  const absl::Status status = policyreader::api::ParseRequest(buffer, &request);
  if (!status.ok()) {
    Check(status.code() == absl::StatusCode::kInvalidArgument,
          "a refused request is INVALID_ARGUMENT");
    Check(!status.message().empty(), "a refusal says why");
    return;
  }
  CheckStrings(request);
  const grpc::ByteBuffer again = policyreader::api::SerializeResponse(request);
  Request reparsed;
  Check(policyreader::api::ParseRequest(again, &reparsed).ok(),
        "an accepted request parses again after serializing");
  // Compared as bytes: a NaN rate is the same request, though not equal.
  std::string first, second;
  request.SerializeToString(&first);
  reparsed.SerializeToString(&second);
  Check(first == second, "and is the same request");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the request; the rest is its wire bytes.
  const grpc::Slice slice(data + 1, size - 1);
  const grpc::ByteBuffer buffer(&slice, 1);
  if (data[0] % 2 == 0) {
    Fuzz<policyreader::v1::SynthesizeRequest>(buffer);
  } else {
    Fuzz<policyreader::v1::SegmentRequest>(buffer);
  }
  return 0;
}
