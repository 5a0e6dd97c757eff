// Conversions between the text pipeline's types and the API's messages.
//
// Thread-safety: pure functions.
#ifndef POLICY_READER_SERVICE_API_PROTO_CONVERT_H_
#define POLICY_READER_SERVICE_API_PROTO_CONVERT_H_

#include "absl/status/statusor.h"
#include "policyreader/v1/policy_reader.pb.h"
#include "service/text/document.h"
#include "service/text/sentence.h"

namespace policyreader::api {

v1::SentenceKind ToProtoKind(text::SentenceKind kind);
// INVALID_ARGUMENT for a value this server does not know.
absl::StatusOr<text::TextFormat> FromProtoFormat(v1::TextFormat format);

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_PROTO_CONVERT_H_
