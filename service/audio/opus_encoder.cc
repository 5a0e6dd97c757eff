// libopusenc behind audio::Encoder; see opus_encoder.h.
//
// The defaults, measured with bench/audio-bench on this project's 2-core
// Debian VM (audio seconds per CPU second, eSpeak itself: ~1260):
//   complexity 0/5/10 at 20 ms frames: 124 / 86 / 58;
//   complexity 0/5/10 at 60 ms frames: 184 / 113 / 68;
//   CELT only (RESTRICTED_LOWDELAY, 20 ms) complexity 0: 177; VOIP: as AUDIO;
//   input at 22050 (libopusenc resamples) or 24000 (soxr): the same, 113.
// Bitrate hardly changes the cost (24/32/48 kbit/s: 114/113/109). libopus
// 1.3 runs CPUID on every encode call, which traps in a VM and was half
// the time at 20 ms frames; 60 ms frames call it a third as often.
#include "service/audio/opus_encoder.h"

#include <opusenc.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace policyreader::audio {
namespace {

// libopusenc counts its delays in 48 kHz samples whatever the input rate.
constexpr int kOpusClockHz = 48000;

int FrameDuration(int frame_ms) {
  switch (frame_ms) {
    case 40:
      return OPUS_FRAMESIZE_40_MS;
    case 60:
      return OPUS_FRAMESIZE_60_MS;
    default:
      return OPUS_FRAMESIZE_20_MS;
  }
}

class OggOpusEncoder final : public Encoder {
 public:
  OggOpusEncoder() = default;
  ~OggOpusEncoder() override {
    if (enc_ != nullptr) ope_encoder_destroy(enc_);
    if (comments_ != nullptr) ope_comments_destroy(comments_);
  }
  OggOpusEncoder(const OggOpusEncoder&) = delete;
  OggOpusEncoder& operator=(const OggOpusEncoder&) = delete;

  absl::Status Init(const OpusSettings& settings) {
    comments_ = ope_comments_create();
    if (comments_ == nullptr) return absl::InternalError("ope_comments_create");
    static constexpr OpusEncCallbacks kCallbacks = {&WritePage, &Close};
    int error = OPE_OK;
    enc_ = ope_encoder_create_callbacks(&kCallbacks, this, comments_,
                                        settings.sample_rate_hz, 1, 0, &error);
    if (enc_ == nullptr) {
      return absl::InternalError(
          absl::StrCat("libopusenc: cannot create an encoder at ",
                       settings.sample_rate_hz, " Hz: ", ope_strerror(error)));
    }
    // libopusenc's default 2 s decision delay would hold the first audio of
    // a stream back by two seconds; it only matters for chaining streams.
    const int checks[] = {
        ope_encoder_ctl(enc_, OPE_SET_SERIALNO(settings.serial)),
        ope_encoder_ctl(enc_, OPE_SET_DECISION_DELAY(0)),
        ope_encoder_ctl(enc_, OPE_SET_MUXING_DELAY(settings.max_page_ms *
                                                   kOpusClockHz / 1000)),
        ope_encoder_ctl(enc_, OPUS_SET_APPLICATION(
                                  OpusApplicationCode(settings.application))),
        ope_encoder_ctl(enc_, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)),
        ope_encoder_ctl(enc_, OPUS_SET_BITRATE(settings.bitrate_bps)),
        ope_encoder_ctl(enc_, OPUS_SET_COMPLEXITY(settings.complexity)),
        ope_encoder_ctl(enc_, OPUS_SET_EXPERT_FRAME_DURATION(
                                  FrameDuration(settings.frame_ms))),
    };
    for (const int check : checks) {
      if (check != OPE_OK) {
        return absl::InvalidArgumentError(absl::StrCat(
            "libopusenc refused a setting: ", ope_strerror(check)));
      }
    }
    return absl::OkStatus();
  }

  absl::Status Encode(std::span<const int16_t> pcm, std::string* out) override {
    if (pcm.empty() || finished_) return absl::OkStatus();
    out_ = out;
    const int error =
        ope_encoder_write(enc_, pcm.data(), static_cast<int>(pcm.size()));
    out_ = nullptr;
    return Check(error, "encode");
  }

  absl::Status Finish(std::string* out) override {
    if (finished_) return absl::OkStatus();
    finished_ = true;
    out_ = out;
    const int error = ope_encoder_drain(enc_);
    out_ = nullptr;
    return Check(error, "finish the stream");
  }

 private:
  static int WritePage(void* user, const unsigned char* data, opus_int32 len) {
    auto* self = static_cast<OggOpusEncoder*>(user);
    // Pages are only written from inside write/drain, where out_ is set.
    if (self->out_ == nullptr) return 1;
    self->out_->append(reinterpret_cast<const char*>(data),
                       static_cast<size_t>(len));
    return 0;
  }
  static int Close(void*) { return 0; }

  static absl::Status Check(int error, const char* doing) {
    if (error == OPE_OK) return absl::OkStatus();
    return absl::InternalError(absl::StrCat("libopusenc could not ", doing,
                                            ": ", ope_strerror(error)));
  }

  OggOpusComments* comments_ = nullptr;
  OggOpusEnc* enc_ = nullptr;
  std::string* out_ = nullptr;  // Where pages go during the current call.
  bool finished_ = false;
};

}  // namespace

int OpusApplicationCode(OpusSettings::Application application) {
  switch (application) {
    case OpusSettings::Application::kVoip:
      return OPUS_APPLICATION_VOIP;
    case OpusSettings::Application::kCeltOnly:
      return OPUS_APPLICATION_RESTRICTED_LOWDELAY;
    case OpusSettings::Application::kAudio:
      break;
  }
  return OPUS_APPLICATION_AUDIO;
}

absl::StatusOr<std::unique_ptr<Encoder>> MakeOggOpusEncoder(
    const OpusSettings& settings) {
  if (settings.sample_rate_hz < 8000 || settings.sample_rate_hz > 96000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Opus input rate ", settings.sample_rate_hz, " Hz is out of range"));
  }
  if (settings.frame_ms != 20 && settings.frame_ms != 40 &&
      settings.frame_ms != 60) {
    return absl::InvalidArgumentError("Opus frames must be 20, 40 or 60 ms");
  }
  if (settings.max_page_ms < 0 || settings.max_page_ms > 1000) {
    return absl::InvalidArgumentError("Opus page delay must be 0 to 1000 ms");
  }
  auto encoder = std::make_unique<OggOpusEncoder>();
  if (absl::Status status = encoder->Init(settings); !status.ok()) {
    return status;
  }
  return encoder;
}

}  // namespace policyreader::audio
