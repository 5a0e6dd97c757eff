// The messages a Synthesize stream has ready to send, with their audio still
// in sentence units (service/audio/sentence_codec.h), and the step that
// joins the units into the stream's bytes. The stream builds a batch under
// its lock and writes it outside (synthesize_reactor.h), so this touches
// nothing but its arguments.
//
// Thread-safety: pure functions; the writer is the caller's to serialize.
#ifndef POLICY_READER_SERVICE_API_MESSAGE_BATCH_H_
#define POLICY_READER_SERVICE_API_MESSAGE_BATCH_H_

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "policyreader/v1/policy_reader.pb.h"
#include "service/audio/sentence_codec.h"

namespace policyreader::api {

// One message, or unit bytes to become audio messages, in stream order.
struct BatchItem {
  // Sent as is when set; otherwise the unit bytes below.
  std::optional<v1::SynthesizeResponse> message;
  // The bytes: `owned`, or [shared_begin, shared_end) of `shared` (a
  // cached sentence, not copied; npos: to its end).
  std::string owned;
  std::shared_ptr<const std::string> shared;
  size_t shared_begin = 0;
  size_t shared_end = std::string::npos;
  bool end_of_sentence = false;
  bool end_of_stream = false;

  std::string_view unit() const {
    if (shared == nullptr) return owned;
    return std::string_view(*shared).substr(
        shared_begin, shared_end - std::min(shared_end, shared_begin));
  }
};

// Appends `batch` to `out` in order, units joined by `writer` and split
// into Audio messages of at most `chunk_bytes` (more than 0). If the writer
// fails, `out` gets only what came before the failing item, and its status
// is returned.
absl::Status WriteBatch(std::vector<BatchItem> batch,
                        audio::StreamWriter& writer, size_t chunk_bytes,
                        std::vector<v1::SynthesizeResponse>* out);

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_MESSAGE_BATCH_H_
