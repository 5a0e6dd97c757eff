// The PolicyReader gRPC service (callback API): Segment, Synthesize and
// ListVoices over the text pipeline, the voice registry and the worker pool.
//
// Thread-safety: all members are immutable or thread-safe, so gRPC may call
// the handlers from any number of threads. Handlers never block: Segment and
// ListVoices compute in place (bounded by the text limit), Synthesize hands
// work to the pool and returns a reactor.
#ifndef POLICY_READER_SERVICE_API_POLICY_READER_SERVICE_H_
#define POLICY_READER_SERVICE_API_POLICY_READER_SERVICE_H_

#include <memory>

#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/api/synthesize_reactor.h"
#include "service/synth/worker_pool.h"
#include "service/text/pipeline.h"
#include "service/voices/voice_registry.h"

namespace policyreader::api {

class PolicyReaderService final : public v1::PolicyReader::CallbackService {
 public:
  PolicyReaderService(const text::TextPipeline* pipeline,
                      const voices::VoiceRegistry* voices,
                      synth::WorkerPool* pool, const StreamOptions& options);

  grpc::ServerUnaryReactor* Segment(grpc::CallbackServerContext* context,
                                    const v1::SegmentRequest* request,
                                    v1::SegmentResponse* response) override;
  grpc::ServerWriteReactor<v1::SynthesizeResponse>* Synthesize(
      grpc::CallbackServerContext* context,
      const v1::SynthesizeRequest* request) override;
  grpc::ServerUnaryReactor* ListVoices(
      grpc::CallbackServerContext* context,
      const v1::ListVoicesRequest* request,
      v1::ListVoicesResponse* response) override;

 private:
  const text::TextPipeline* pipeline_;
  const voices::VoiceRegistry* voices_;
  synth::WorkerPool* pool_;
  StreamOptions options_;
};

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_POLICY_READER_SERVICE_H_
