// See request_parsing.h.
#include "service/api/request_parsing.h"

#include <grpcpp/impl/codegen/proto_utils.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "service/text/utf8.h"

namespace policyreader::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

// Checks the top-level string fields' UTF-8 on the wire, before protobuf's
// parser would reject (and log) them.
absl::Status CheckStringFields(const std::string& bytes,
                               const google::protobuf::Descriptor& type) {
  google::protobuf::io::CodedInputStream input(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  input.SetTotalBytesLimit(static_cast<int>(bytes.size()));
  while (uint32_t tag = input.ReadTag()) {
    const FieldDescriptor* field =
        type.FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
    if (field != nullptr && field->type() == FieldDescriptor::TYPE_STRING &&
        WireFormatLite::GetTagWireType(tag) ==
            WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      std::string value;
      if (!WireFormatLite::ReadString(&input, &value)) break;
      size_t bad = text::FindInvalidUtf8(value);
      if (bad != std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat(field->name(), " is not valid UTF-8 at byte ", bad));
      }
    } else if (!WireFormatLite::SkipField(&input, tag)) {
      break;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseRequest(const grpc::ByteBuffer& buffer,
                          google::protobuf::Message* message) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) {
    return absl::InvalidArgumentError("the request could not be read");
  }
  std::string bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  absl::Status strings = CheckStringFields(bytes, *message->GetDescriptor());
  if (!strings.ok()) return strings;
  if (!message->ParseFromString(bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request is not a valid ",
                     message->GetDescriptor()->full_name(), " message"));
  }
  return absl::OkStatus();
}

grpc::ByteBuffer SerializeResponse(const google::protobuf::Message& message) {
  grpc::ByteBuffer buffer;
  bool own_buffer;
  // Cannot fail for a message that is fully built, as ours always are.
  (void)grpc::SerializationTraits<google::protobuf::Message>::Serialize(
      message, &buffer, &own_buffer);
  return buffer;
}

}  // namespace policyreader::api
