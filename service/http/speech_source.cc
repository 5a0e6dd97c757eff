// See speech_source.h.
#include "service/http/speech_source.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/rpc/speech_stream.h"
#include "service/audio/wav.h"
#include "service/logging/log.h"

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

  absl::StatusOr<SpeechFile> Fetch(const SpeechParams& params,
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
    // The word timings (/v1/speech.json, .vtt) come from the same synthesis
    // as the audio, so a widget asking for both costs one.
    request.set_enable_word_marks(true);

    absl::StatusOr<rpc::SpeechResult> speech = rpc::SynthesizeAll(
        stub_, std::move(request),
        {.timeout = options_.synthesis_timeout,
         .canceller = &canceller_,
         // Fetch runs on the HTTP thread of the request it serves.
         .request_id = logging::CurrentRequestId()});
    if (!speech.ok()) {
      if (canceller_.cancelled()) {
        return absl::UnavailableError("the server is shutting down");
      }
      return speech.status();
    }
    SpeechFile file;
    file.marks = std::move(speech->marks);
    file.sample_rate_hz = speech->header.sample_rate_hz();
    if (params.format != SpeechFormat::kWav) {
      file.bytes = std::move(speech->audio);
      return file;
    }
    audio::WavFormat format;
    format.encoding = audio::Encoding::kLinear16;
    format.sample_rate_hz = file.sample_rate_hz != 0
                                ? static_cast<int>(file.sample_rate_hz)
                                : options_.sample_rate_hz;
    file.bytes =
        audio::WavHeader(format, static_cast<uint32_t>(speech->audio.size())) +
        speech->audio;
    return file;
  }

  absl::StatusOr<rpc::SpeechResult> FetchStream(
      v1::SynthesizeRequest request) override {
    absl::StatusOr<rpc::SpeechResult> speech = rpc::SynthesizeAll(
        stub_, std::move(request),
        {.timeout = options_.synthesis_timeout, .canceller = &canceller_});
    if (!speech.ok() && canceller_.cancelled()) {
      return absl::UnavailableError("the server is shutting down");
    }
    return speech;
  }

  void Cancel() override { canceller_.CancelAll(); }

 private:
  v1::PolicyReader::StubInterface* const stub_;
  const HttpOptions options_;
  rpc::CallCanceller canceller_;
};

}  // namespace

std::unique_ptr<SpeechSource> MakeServiceSpeechSource(
    v1::PolicyReader::StubInterface* stub, const HttpOptions& options) {
  return std::make_unique<ServiceSpeechSource>(stub, options);
}

}  // namespace policyreader::http
