// Writing a batch of stream messages; see message_batch.h.
#include "service/api/message_batch.h"

#include <string>
#include <utility>

namespace policyreader::api {

absl::Status WriteBatch(std::vector<BatchItem> batch,
                        audio::StreamWriter& writer, size_t chunk_bytes,
                        std::vector<v1::SynthesizeResponse>* out) {
  for (BatchItem& item : batch) {
    if (item.message.has_value()) {
      out->push_back(*std::move(item.message));
      continue;
    }
    std::string bytes;
    const absl::Status status = writer.Write(item.unit(), item.end_of_sentence,
                                             item.end_of_stream, &bytes);
    // What the failing call wrote is incomplete, so none of it is sent.
    if (!status.ok()) return status;
    for (size_t at = 0; at < bytes.size(); at += chunk_bytes) {
      v1::SynthesizeResponse message;
      message.mutable_audio()->set_data(bytes.substr(at, chunk_bytes));
      out->push_back(std::move(message));
    }
  }
  return absl::OkStatus();
}

}  // namespace policyreader::api
