// gRPC handlers; see policy_reader_service.h.
#include "service/api/policy_reader_service.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
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

// The first sentence to read: start_sentence, or the heading of
// start_section (sections are the headings, as in Document.sections).
absl::StatusOr<size_t> StartSentence(const v1::SynthesizeRequest& request,
                                     const text::SentenceList& sentences) {
  if (!request.has_start_section()) {
    if (request.start_sentence() >= sentences.size()) {
      return absl::OutOfRangeError(absl::StrCat(
          "start_sentence is ", request.start_sentence(), " but the text has ",
          sentences.size(), " sentences (0 to ", sentences.size() - 1, ")"));
    }
    return request.start_sentence();
  }
  if (request.start_sentence() != 0) {
    return absl::InvalidArgumentError(
        "give start_sentence or start_section, not both");
  }
  uint32_t section = 0;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (sentences.kind(i) != text::SentenceKind::kHeading) continue;
    if (section++ == request.start_section()) return i;
  }
  return absl::OutOfRangeError(
      absl::StrCat("start_section is ", request.start_section(),
                   " but the text has ", section, " sections"));
}

// "plain", "markdown", "html" (the proto's names without their prefix).
std::string FormatLabel(v1::TextFormat format) {
  std::string name =
      absl::StrReplaceAll(v1::TextFormat_Name(format), {{"TEXT_FORMAT_", ""}});
  for (char& c : name) c = static_cast<char>(std::tolower(c));
  return name;
}

}  // namespace

std::shared_ptr<CallRecord> PolicyReaderService::Record(
    grpc::CallbackServerContext* context) const {
  return options_.call_log == nullptr ? nullptr
                                      : options_.call_log->Find(context);
}

PolicyReaderService::PolicyReaderService(
    const text::TextPipeline* pipeline, const voices::VoiceRegistry* voices,
    const library::DocumentLibrary* library, synth::WorkerPool* pool,
    const StreamOptions& options)
    : pipeline_(pipeline),
      texts_(pipeline, options.shared_text_bytes),
      voices_(voices),
      library_(library),
      pool_(pool),
      options_(options),
      streams_(options.limits) {}

grpc::ServerUnaryReactor* PolicyReaderService::Segment(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* raw_request,
    grpc::ByteBuffer* raw_response) {
  v1::SegmentRequest request;
  absl::Status parsed = ParseRequest(*raw_request, &request);
  if (!parsed.ok()) return FinishNow(context, parsed);
  std::shared_ptr<CallRecord> record = Record(context);
  if (record != nullptr) {
    record->Update([&request](CallDetails& details) {
      details.text_bytes = static_cast<int64_t>(request.text().size());
      details.format = FormatLabel(request.format());
    });
  }
  absl::StatusOr<text::TextFormat> format = FromProtoFormat(request.format());
  if (!format.ok()) return FinishNow(context, format.status());
  absl::StatusOr<std::vector<text::Sentence>> sentences =
      pipeline_->Process(request.text(), *format);
  if (!sentences.ok()) return FinishNow(context, sentences.status());
  if (record != nullptr) {
    record->Update([&sentences](CallDetails& details) {
      details.sentences = static_cast<int64_t>(sentences->size());
    });
  }
  v1::SegmentResponse response;
  for (size_t i = 0; i < sentences->size(); ++i) {
    ToProtoSentence((*sentences)[i], i, response.add_sentences());
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
  std::shared_ptr<CallRecord> record = Record(context);
  if (record != nullptr) {
    record->Update([request](CallDetails& details) {
      if (request->input_case() == v1::SynthesizeRequest::kDocumentId) {
        details.document_id = request->document_id();
      } else {
        details.text_bytes = static_cast<int64_t>(request->text().size());
        details.format = FormatLabel(request->format());
      }
      details.voice = request->voice();
      details.start_sentence = request->start_sentence();
    });
  }
  if (request->input_case() == v1::SynthesizeRequest::INPUT_NOT_SET) {
    return fail(absl::InvalidArgumentError(
        "the request has neither text nor document_id"));
  }
  absl::StatusOr<SynthesisPlan> plan =
      MakeSynthesisPlan(*request, *voices_, pool_->sample_rate_hz());
  if (!plan.ok()) return fail(plan.status());
  std::shared_ptr<const text::SentenceList> sentences;
  if (request->input_case() == v1::SynthesizeRequest::kDocumentId) {
    absl::StatusOr<std::shared_ptr<const library::LibraryDocument>> doc =
        library_->Find(request->document_id());
    if (!doc.ok()) return fail(doc.status());
    sentences = std::make_shared<const text::SentenceList>((*doc)->sentences);
  } else {
    absl::StatusOr<text::TextFormat> format =
        FromProtoFormat(request->format());
    if (!format.ok()) return fail(format.status());
    // Counted and segmented now, each sentence normalized as the stream
    // reaches it: the first audio does not wait for the rest of the text.
    // Streams of the same text share it (and its normalized sentences).
    absl::StatusOr<std::shared_ptr<const text::SentenceList>> prepared =
        texts_.Prepare(request->text(), *format);
    if (!prepared.ok()) return fail(prepared.status());
    sentences = *std::move(prepared);
  }
  absl::StatusOr<size_t> start = StartSentence(*request, *sentences);
  if (record != nullptr) {
    record->Update([&](CallDetails& details) {
      details.encoding = EncodingLabel(plan->encoding);
      details.voice = plan->voice->name;
      details.sentences = static_cast<int64_t>(sentences->size());
      if (start.ok()) details.start_sentence = static_cast<int64_t>(*start);
    });
  }
  if (!start.ok()) return fail(start.status());
  size_t end = sentences->size();
  if (request->has_end_sentence()) {
    if (request->end_sentence() <= *start ||
        request->end_sentence() > sentences->size()) {
      return fail(absl::OutOfRangeError(absl::StrCat(
          "end_sentence is ", request->end_sentence(),
          " but must be past the first sentence read (", *start,
          ") and at most the sentence count (", sentences->size(), ")")));
    }
    end = request->end_sentence();
  }
  std::string client = ClientOf(context->peer());
  if (absl::Status begun = streams_.TryBegin(client); !begun.ok()) {
    return fail(begun);
  }
  return new SynthesizeReactor(pool_, *plan, std::move(sentences), *start, end,
                               options_, &streams_, std::move(client),
                               std::move(record));
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
    voice->set_telephone(profile.telephone);
  }
  return FinishNow(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* PolicyReaderService::ListDocuments(
    grpc::CallbackServerContext* context,
    const v1::ListDocumentsRequest* request,
    v1::ListDocumentsResponse* response) {
  for (const auto& doc : *library_->documents()) {
    ToProtoDocument(*doc, /*with_sentences=*/false, response->add_documents());
  }
  return FinishNow(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* PolicyReaderService::GetDocument(
    grpc::CallbackServerContext* context, const v1::GetDocumentRequest* request,
    v1::Document* response) {
  if (std::shared_ptr<CallRecord> record = Record(context); record) {
    record->Update([request](CallDetails& details) {
      details.document_id = request->document_id();
    });
  }
  // An unavailable document is described (with its reason), not an error.
  absl::StatusOr<std::shared_ptr<const library::LibraryDocument>> doc =
      library_->Lookup(request->document_id());
  if (!doc.ok()) return FinishNow(context, doc.status());
  ToProtoDocument(**doc, request->include_sentences(), response);
  return FinishNow(context, absl::OkStatus());
}

}  // namespace policyreader::api
