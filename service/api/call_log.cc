// See call_log.h.
#include "service/api/call_log.h"

#include <cctype>
#include <utility>

#include "absl/status/status.h"
#include "absl/time/clock.h"

namespace policyreader::api {
namespace {

constexpr char kRequestIdKey[] = "x-request-id";

using grpc::experimental::InterceptionHookPoints;

}  // namespace

std::string CodeName(grpc::StatusCode code) {
  std::string name =
      absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  for (char& c : name) c = static_cast<char>(std::tolower(c));
  return name;
}

class CallLog::Interceptor : public grpc::experimental::Interceptor {
 public:
  Interceptor(CallLog* log, grpc::experimental::ServerRpcInfo* info)
      : log_(log),
        method_(info->method()),
        context_(info->server_context()),
        start_(absl::Now()),
        record_(std::make_shared<CallRecord>(start_)) {
    log_->Register(context_, record_);
  }

  // The call is over: its last hook has run.
  ~Interceptor() override {
    log_->Unregister(context_);
    if (!written_) Write(grpc::StatusCode::CANCELLED, absl::Now());
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      absl::string_view sent;
      auto* metadata = methods->GetRecvInitialMetadata();
      if (auto it = metadata->find(kRequestIdKey); it != metadata->end()) {
        sent = absl::string_view(it->second.data(), it->second.size());
      }
      {
        absl::MutexLock lock(&record_->mu_);
        record_->request_id_ = logging::RequestIdOrNew(sent);
      }
      peer_ = context_->peer();
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdKey,
                                                 record_->request_id());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      // Before the status leaves, so a client that has its answer finds
      // the call counted. The handler has said its last word (Finish).
      status_ = methods->GetSendStatus();
      Write(status_->error_code(), absl::Now());
    }
    methods->Proceed();
  }

 private:
  // The access line and the call's metrics. Without a status sent the call
  // was cancelled (or the client went away) before the handler finished.
  void Write(grpc::StatusCode code, absl::Time end) {
    written_ = true;
    const std::string code_name = CodeName(code);
    if (log_->metrics_ != nullptr) {
      log_->metrics_->GrpcCall(method_, code_name, end - start_);
    }
    const CallDetails details = record_->details();
    logging::Fields fields;
    fields.Add("proto", "grpc")
        .Add("request_id", record_->request_id())
        .Add("method", method_)
        .Add("peer", peer_)
        .Add("code", code_name);
    if (!details.document_id.empty()) {
      fields.Add("document_id", details.document_id);
    }
    if (details.text_bytes >= 0) fields.Add("text_bytes", details.text_bytes);
    if (!details.format.empty()) fields.Add("format", details.format);
    if (!details.encoding.empty()) fields.Add("encoding", details.encoding);
    if (!details.voice.empty()) fields.Add("voice", details.voice);
    if (details.sentences >= 0) fields.Add("sentences", details.sentences);
    if (details.start_sentence >= 0) {
      fields.Add("start_sentence", details.start_sentence);
    }
    if (details.first_audio) {
      fields.AddMs("first_audio_ms", *details.first_audio);
    }
    if (details.audio_seconds > 0) {
      fields.Add("audio_s", details.audio_seconds);
    }
    fields.AddMs("duration_ms", end - start_);
    if (status_ && !status_->ok()) {
      fields.Add("error", status_->error_message());
    }
    logging::Log(logging::Level::kInfo, "access", fields);
  }

  CallLog* const log_;
  const std::string method_;
  grpc::ServerContextBase* const context_;
  const absl::Time start_;
  const std::shared_ptr<CallRecord> record_;
  // gRPC runs a call's hooks one at a time, and the destructor after them.
  std::string peer_;
  std::optional<grpc::Status> status_;
  bool written_ = false;
};

class CallLog::Factory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(CallLog* log) : log_(log) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new Interceptor(log_, info);
  }

  CallLog* const log_;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
CallLog::MakeInterceptorFactory() {
  return std::make_unique<Factory>(this);
}

std::shared_ptr<CallRecord> CallLog::Find(
    const grpc::ServerContextBase* context) {
  absl::MutexLock lock(&mu_);
  auto it = calls_.find(context);
  return it == calls_.end() ? nullptr : it->second;
}

void CallLog::Register(const grpc::ServerContextBase* context,
                       std::shared_ptr<CallRecord> record) {
  absl::MutexLock lock(&mu_);
  calls_[context] = std::move(record);
}

void CallLog::Unregister(const grpc::ServerContextBase* context) {
  absl::MutexLock lock(&mu_);
  calls_.erase(context);
}

}  // namespace policyreader::api
