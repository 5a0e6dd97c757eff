// gRPC handlers; see policy_reader_service.h.
#include "service/api/policy_reader_service.h"

#include "absl/strings/str_cat.h"
#include "service/api/proto_convert.h"
#include "service/api/request_parsing.h"
#include "service/api/status_mapping.h"

namespace policyreader::api {
namespace {

grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* context,
                                    const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace

PolicyReaderService::PolicyReaderService(const text::TextPipeline* pipeline,
                                         const voices::VoiceRegistry* voices,
                                         synth::WorkerPool* pool,
                                         const StreamOptions& options)
    : pipeline_(pipeline), voices_(voices), pool_(pool), options_(options) {}

grpc::ServerUnaryReactor* PolicyReaderService::Segment(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* raw_request,
    grpc::ByteBuffer* raw_response) {
  v1::SegmentRequest request;
  absl::Status parsed = ParseRequest(*raw_request, &request);
  if (!parsed.ok()) return FinishNow(context, parsed);
  absl::StatusOr<text::TextFormat> format = FromProtoFormat(request.format());
  if (!format.ok()) return FinishNow(context, format.status());
  absl::StatusOr<std::vector<text::Sentence>> sentences =
      pipeline_->Process(request.text(), *format);
  if (!sentences.ok()) return FinishNow(context, sentences.status());
  v1::SegmentResponse response;
  for (size_t i = 0; i < sentences->size(); ++i) {
    const text::Sentence& s = (*sentences)[i];
    v1::Sentence* out = response.add_sentences();
    out->set_index(static_cast<uint32_t>(i));
    out->set_text(s.text);
    out->set_spoken_text(s.spoken_text);
    out->set_begin(static_cast<uint32_t>(s.begin));
    out->set_end(static_cast<uint32_t>(s.end));
    out->set_kind(ToProtoKind(s.kind));
    out->set_paragraph(static_cast<uint32_t>(s.paragraph));
    out->set_section(s.section);
    out->set_continues(s.continues);
  }
  *raw_response = SerializeResponse(response);
  return FinishNow(context, absl::OkStatus());
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* PolicyReaderService::Synthesize(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* raw_request) {
  auto fail = [](const absl::Status& status) {
    return new SynthesizeReactor(ToGrpcStatus(status));
  };
  v1::SynthesizeRequest parsed_request;
  absl::Status parsed = ParseRequest(*raw_request, &parsed_request);
  if (!parsed.ok()) return fail(parsed);
  const v1::SynthesizeRequest* request = &parsed_request;
  if (request->input_case() == v1::SynthesizeRequest::kDocumentId) {
    return fail(absl::NotFoundError(
        absl::StrCat("unknown document '", request->document_id(),
                     "': this server has no document library loaded")));
  }
  if (request->input_case() != v1::SynthesizeRequest::kText) {
    return fail(absl::InvalidArgumentError(
        "the request has neither text nor document_id"));
  }
  absl::StatusOr<SynthesisPlan> plan =
      MakeSynthesisPlan(*request, *voices_, pool_->sample_rate_hz());
  if (!plan.ok()) return fail(plan.status());
  absl::StatusOr<text::TextFormat> format = FromProtoFormat(request->format());
  if (!format.ok()) return fail(format.status());
  absl::StatusOr<std::vector<text::Sentence>> sentences =
      pipeline_->Process(request->text(), *format);
  if (!sentences.ok()) return fail(sentences.status());
  if (request->start_sentence() >= sentences->size()) {
    return fail(absl::OutOfRangeError(absl::StrCat(
        "start_sentence is ", request->start_sentence(), " but the text has ",
        sentences->size(), " sentences (0 to ", sentences->size() - 1, ")")));
  }
  if (!streams_.TryBegin()) {
    return fail(absl::UnavailableError(
        "the server is shutting down; try again shortly"));
  }
  return new SynthesizeReactor(pool_, *plan, *std::move(sentences),
                               request->start_sentence(), options_, &streams_);
}

grpc::ServerUnaryReactor* PolicyReaderService::ListVoices(
    grpc::CallbackServerContext* context, const v1::ListVoicesRequest* request,
    v1::ListVoicesResponse* response) {
  for (const voices::VoiceProfile& profile : voices_->voices()) {
    v1::Voice* voice = response->add_voices();
    voice->set_name(profile.name);
    voice->set_language(profile.language);
    voice->set_description(profile.description);
    voice->set_default_speaking_rate(1.0);
    voice->set_is_default(profile.is_default);
  }
  return FinishNow(context, absl::OkStatus());
}

}  // namespace policyreader::api
