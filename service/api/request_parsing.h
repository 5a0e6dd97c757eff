// Parses request messages from the raw bytes gRPC received. The service
// takes Segment and Synthesize requests raw because protobuf rejects a proto3
// string holding invalid UTF-8 before any handler runs, and gRPC then answers
// with a code that tells the client nothing useful. Here such a request gets
// INVALID_ARGUMENT naming the field and the byte offset.
//
// Thread-safety: pure functions.
#ifndef POLICY_READER_SERVICE_API_REQUEST_PARSING_H_
#define POLICY_READER_SERVICE_API_REQUEST_PARSING_H_

#include <grpcpp/support/byte_buffer.h>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace policyreader::api {

// OK and `message` filled, or INVALID_ARGUMENT saying what is wrong.
absl::Status ParseRequest(const grpc::ByteBuffer& buffer,
                          google::protobuf::Message* message);

// `message` as a buffer gRPC can send.
grpc::ByteBuffer SerializeResponse(const google::protobuf::Message& message);

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_REQUEST_PARSING_H_
