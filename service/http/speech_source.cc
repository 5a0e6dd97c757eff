// See speech_source.h.
#include "service/http/speech_source.h"

#include <optional>
#include <set>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "service/audio/wav.h"

namespace policyreader::http {
namespace {

// The service's encoding for each format. For MP3 and Ogg Opus the
// service's stream is the whole file.
std::optional<v1::AudioEncoding> EncodingFor(SpeechFormat format) {
  switch (format) {
    case SpeechFormat::kWav:
      return v1::LINEAR16;
    case SpeechFormat::kMp3:
      return v1::MP3;
    case SpeechFormat::kOgg:
      return v1::OGG_OPUS;
  }
  return std::nullopt;
}

class ServiceSpeechSource final : public SpeechSource {
 public:
  ServiceSpeechSource(v1::PolicyReader::StubInterface* stub,
                      const HttpOptions& options)
      : stub_(stub), options_(options) {}

  absl::StatusOr<std::string> Fetch(const SpeechParams& params,
                                    const std::string& etag) override {
    (void)etag;  // The service needs only the parameters.
    const std::optional<v1::AudioEncoding> encoding =
        EncodingFor(params.format);
    if (!encoding) {
      return absl::UnimplementedError(absl::StrCat(
          "format ", SpeechFormatName(params.format), " not supported yet"));
    }
    v1::SynthesizeRequest request;
    request.set_text(params.text);
    request.set_voice(params.voice);
    request.mutable_audio()->set_encoding(*encoding);
    // MP3 and Opus at the service's own choice of rate for them (fixed, so
    // the ETag still says what the bytes are).
    request.mutable_audio()->set_sample_rate_hz(
        params.format == SpeechFormat::kWav ? options_.sample_rate_hz : 0);
    request.mutable_audio()->set_speaking_rate(params.rate);

    grpc::ClientContext context;
    context.set_deadline(
        absl::ToChronoTime(absl::Now() + options_.synthesis_timeout));
    if (!Register(&context)) {
      return absl::UnavailableError("the server is shutting down");
    }
    std::string audio;
    int sample_rate_hz = options_.sample_rate_hz;
    std::unique_ptr<grpc::ClientReaderInterface<v1::SynthesizeResponse>>
        reader = stub_->Synthesize(&context, request);
    v1::SynthesizeResponse response;
    while (reader->Read(&response)) {
      if (response.has_header()) {
        sample_rate_hz = static_cast<int>(response.header().sample_rate_hz());
      } else if (response.has_audio()) {
        audio += response.audio().data();
      }
    }
    const grpc::Status status = reader->Finish();
    Unregister(&context);
    if (!status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          status.error_message());
    }
    if (params.format != SpeechFormat::kWav) return audio;
    audio::WavFormat format;
    format.encoding = audio::Encoding::kLinear16;
    format.sample_rate_hz = sample_rate_hz;
    return audio::WavHeader(format, static_cast<uint32_t>(audio.size())) +
           audio;
  }

  void Cancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    for (grpc::ClientContext* context : in_flight_) context->TryCancel();
  }

 private:
  bool Register(grpc::ClientContext* context) {
    absl::MutexLock lock(&mu_);
    if (cancelled_) return false;
    in_flight_.insert(context);
    return true;
  }
  void Unregister(grpc::ClientContext* context) {
    absl::MutexLock lock(&mu_);
    in_flight_.erase(context);
  }

  v1::PolicyReader::StubInterface* const stub_;
  const HttpOptions options_;
  absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  std::set<grpc::ClientContext*> in_flight_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

std::unique_ptr<SpeechSource> MakeServiceSpeechSource(
    v1::PolicyReader::StubInterface* stub, const HttpOptions& options) {
  return std::make_unique<ServiceSpeechSource>(stub, options);
}

}  // namespace policyreader::http
