// Encoding a batch of stream messages; see message_batch.h.
#include "service/api/message_batch.h"

#include <string>
#include <utility>

namespace policyreader::api {

absl::Status EncodeBatch(std::vector<BatchItem> batch, audio::Encoder& encoder,
                         size_t chunk_bytes,
                         std::vector<v1::SynthesizeResponse>* out) {
  for (BatchItem& item : batch) {
    if (item.message.has_value()) {
      out->push_back(*std::move(item.message));
      continue;
    }
    std::string bytes;
    absl::Status status = encoder.Encode(item.pcm, &bytes);
    if (status.ok() && item.finish_encoder) status = encoder.Finish(&bytes);
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
