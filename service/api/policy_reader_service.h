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
#include "service/api/call_log.h"
#include "service/api/prepared_texts.h"
#include "service/api/stream_tracker.h"
#include "service/api/synthesize_reactor.h"
#include "service/library/document_library.h"
#include "service/synth/worker_pool.h"
#include "service/text/pipeline.h"
#include "service/voices/voice_registry.h"

namespace policyreader::api {

// Segment and Synthesize take raw bytes; see request_parsing.h for why.
using PolicyReaderBase = v1::PolicyReader::WithRawCallbackMethod_Segment<
    v1::PolicyReader::WithRawCallbackMethod_Synthesize<
        v1::PolicyReader::CallbackService>>;

class PolicyReaderService final : public PolicyReaderBase {
 public:
  PolicyReaderService(const text::TextPipeline* pipeline,
                      const voices::VoiceRegistry* voices,
                      const library::DocumentLibrary* library,
                      synth::WorkerPool* pool, const StreamOptions& options);

  StreamTracker& streams() { return streams_; }

  grpc::ServerUnaryReactor* Segment(grpc::CallbackServerContext* context,
                                    const grpc::ByteBuffer* request,
                                    grpc::ByteBuffer* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* Synthesize(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;
  grpc::ServerUnaryReactor* ListVoices(
      grpc::CallbackServerContext* context,
      const v1::ListVoicesRequest* request,
      v1::ListVoicesResponse* response) override;
  grpc::ServerUnaryReactor* ListDocuments(
      grpc::CallbackServerContext* context,
      const v1::ListDocumentsRequest* request,
      v1::ListDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* GetDocument(grpc::CallbackServerContext* context,
                                        const v1::GetDocumentRequest* request,
                                        v1::Document* response) override;

 private:
  // The call's access-log record, or null (no CallLog in the options).
  std::shared_ptr<CallRecord> Record(
      grpc::CallbackServerContext* context) const;

  const text::TextPipeline* pipeline_;
  PreparedTexts texts_;  // Synthesize's inline texts.
  const voices::VoiceRegistry* voices_;
  const library::DocumentLibrary* library_;
  synth::WorkerPool* pool_;
  StreamOptions options_;
  StreamTracker streams_;
};

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_POLICY_READER_SERVICE_H_
