// absl::Status -> grpc::Status; see status_mapping.h.
#include "service/api/status_mapping.h"

#include <string>

namespace policyreader::api {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace policyreader::api
