// Conversions between the text pipeline's types and the API's messages.
//
// Thread-safety: pure functions.
#ifndef POLICY_READER_SERVICE_API_PROTO_CONVERT_H_
#define POLICY_READER_SERVICE_API_PROTO_CONVERT_H_

#include "policyreader/v1/policy_reader.pb.h"
#include "service/text/sentence.h"

namespace policyreader::api {

v1::SentenceKind ToProtoKind(text::SentenceKind kind);

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_PROTO_CONVERT_H_
