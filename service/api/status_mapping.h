// The one place where internal absl::Status becomes grpc::Status, at the
// edge of the service. Codes map one to one (both follow the canonical
// codes); messages pass through, as they are written for people.
//
// Thread-safety: pure functions.
#ifndef POLICY_READER_SERVICE_API_STATUS_MAPPING_H_
#define POLICY_READER_SERVICE_API_STATUS_MAPPING_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace policyreader::api {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_STATUS_MAPPING_H_
