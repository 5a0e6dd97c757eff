// Where /v1/speech gets its audio: the seam a server-side cache of speech
// responses slots into (a SpeechSource that answers from memory and asks
// another SpeechSource on a miss). The gateway computes the ETag before it
// asks, so a revalidation never reaches a source at all.
//
// Thread-safety: implementations are called from every HTTP thread at once
// and must be thread-safe.
#ifndef POLICY_READER_SERVICE_HTTP_SPEECH_SOURCE_H_
#define POLICY_READER_SERVICE_HTTP_SPEECH_SOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/rpc/speech_stream.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/http/http_options.h"
#include "service/http/http_rules.h"

namespace policyreader::http {

// A /v1/speech file and what the same synthesis said about it.
struct SpeechFile {
  std::string bytes;  // The complete file (WAV header included).
  // Sentence and word marks (the words' times are in each sentence's PCM).
  std::vector<rpc::SpeechMark> marks;
  uint32_t sample_rate_hz = 0;  // Of the marks' sample counts.
};

class SpeechSource {
 public:
  virtual ~SpeechSource() = default;
  // The file for `params`, with word marks; `etag` is its content address,
  // usable as a cache key. UNIMPLEMENTED for a format the service cannot
  // encode.
  virtual absl::StatusOr<SpeechFile> Fetch(const SpeechParams& params,
                                           const std::string& etag) = 0;
  // One Synthesize call read whole (a library document or part of one),
  // with its sentence marks so the caller can check what was read.
  virtual absl::StatusOr<rpc::SpeechResult> FetchStream(
      v1::SynthesizeRequest request) = 0;
  // Cancels fetches in flight (they return CANCELLED) and refuses new ones.
  virtual void Cancel() = 0;
};

// Synthesizes through the PolicyReader service at `stub` (the server's own,
// over an in-process channel). `stub` must outlive the source.
std::unique_ptr<SpeechSource> MakeServiceSpeechSource(
    v1::PolicyReader::StubInterface* stub, const HttpOptions& options);

}  // namespace policyreader::http

#endif  // POLICY_READER_SERVICE_HTTP_SPEECH_SOURCE_H_
