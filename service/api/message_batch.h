// The messages a Synthesize stream has ready to send, with their audio still
// PCM, and the step that encodes them. The stream builds a batch under its
// lock and encodes it outside (synthesize_reactor.h), so this touches
// nothing but its arguments.
//
// Thread-safety: pure functions; the encoder is the caller's to serialize.
#ifndef POLICY_READER_SERVICE_API_MESSAGE_BATCH_H_
#define POLICY_READER_SERVICE_API_MESSAGE_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "policyreader/v1/policy_reader.pb.h"
#include "service/audio/encoder.h"

namespace policyreader::api {

// One message, or audio to become messages, in stream order.
struct BatchItem {
  // Sent as is when set; otherwise `pcm` is audio to encode.
  std::optional<v1::SynthesizeResponse> message;
  std::vector<int16_t> pcm;
  // After `pcm`, finish the encoder: the stream's last audio.
  bool finish_encoder = false;
};

// Appends `batch` to `out` in order, audio encoded with `encoder` and split
// into Audio messages of at most `chunk_bytes` (more than 0). If the codec
// fails, `out` gets only what came before the failing item, and the codec's
// status is returned: the listener hears everything up to the failure, then
// the stream ends with it.
absl::Status EncodeBatch(std::vector<BatchItem> batch, audio::Encoder& encoder,
                         size_t chunk_bytes,
                         std::vector<v1::SynthesizeResponse>* out);

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_MESSAGE_BATCH_H_
