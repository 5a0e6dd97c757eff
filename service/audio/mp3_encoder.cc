// LAME behind audio::Encoder; see mp3_encoder.h.
#include "service/audio/mp3_encoder.h"

#include <lame/lame.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace policyreader::audio {
namespace {

// LAME's documented worst case for an output buffer: 1.25 x samples + 7200.
size_t MaxBytesFor(size_t samples) { return samples + samples / 4 + 7200; }

class Mp3Encoder final : public Encoder {
 public:
  explicit Mp3Encoder(lame_global_flags* lame) : lame_(lame) {}
  ~Mp3Encoder() override { lame_close(lame_); }
  Mp3Encoder(const Mp3Encoder&) = delete;
  Mp3Encoder& operator=(const Mp3Encoder&) = delete;

  absl::Status Encode(std::span<const int16_t> pcm, std::string* out) override {
    if (finished_) return absl::OkStatus();
    // LAME takes an int sample count; sentences are far below that, but the
    // interface is not, so feed in bounded blocks.
    constexpr size_t kBlock = 1 << 16;
    for (size_t at = 0; at < pcm.size(); at += kBlock) {
      const size_t n = std::min(kBlock, pcm.size() - at);
      const size_t start = out->size();
      out->resize(start + MaxBytesFor(n));
      // Mono: LAME reads only the left channel, but wants a valid pointer.
      const int written = lame_encode_buffer(
          lame_, pcm.data() + at, pcm.data() + at, static_cast<int>(n),
          reinterpret_cast<unsigned char*>(out->data() + start),
          static_cast<int>(out->size() - start));
      out->resize(start + static_cast<size_t>(std::max(written, 0)));
      if (written < 0) return Failed("lame_encode_buffer", written);
    }
    return absl::OkStatus();
  }

  absl::Status Finish(std::string* out) override {
    if (finished_) return absl::OkStatus();
    finished_ = true;
    const size_t start = out->size();
    out->resize(start + 7200);
    const int written = lame_encode_flush(
        lame_, reinterpret_cast<unsigned char*>(out->data() + start), 7200);
    out->resize(start + static_cast<size_t>(std::max(written, 0)));
    if (written < 0) return Failed("lame_encode_flush", written);
    return absl::OkStatus();
  }

 private:
  // LAME has no error strings; its codes are documented in lame.h.
  static absl::Status Failed(const char* call, int code) {
    return absl::InternalError(
        absl::StrCat("LAME: ", call, " failed with code ", code));
  }

  lame_global_flags* lame_;
  bool finished_ = false;
};

}  // namespace

bool IsMp3Rate(int sample_rate_hz) {
  switch (sample_rate_hz) {
    case 8000:
    case 11025:
    case 12000:
    case 16000:
    case 22050:
    case 24000:
    case 32000:
    case 44100:
    case 48000:
      return true;
    default:
      return false;
  }
}

int Mp3BitrateKbpsForRate(int sample_rate_hz) {
  return sample_rate_hz <= 12000 ? 24 : 48;
}

absl::StatusOr<std::unique_ptr<Encoder>> MakeMp3Encoder(
    const Mp3Settings& settings) {
  if (!IsMp3Rate(settings.sample_rate_hz)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "MP3 cannot carry ", settings.sample_rate_hz, " Hz audio"));
  }
  if (settings.quality < 0 || settings.quality > 9) {
    return absl::InvalidArgumentError("LAME quality must be 0 to 9");
  }
  lame_global_flags* lame = lame_init();
  if (lame == nullptr) return absl::InternalError("lame_init failed");
  // Owned from here on, so every early return closes it.
  auto encoder = std::make_unique<Mp3Encoder>(lame);
  lame_set_num_channels(lame, 1);
  lame_set_mode(lame, MONO);
  lame_set_in_samplerate(lame, settings.sample_rate_hz);
  lame_set_out_samplerate(lame, settings.sample_rate_hz);
  lame_set_quality(lame, settings.quality);
  // The info frame would have to be rewritten at the start once the stream
  // is over, which a stream cannot do (mp3_encoder.h).
  lame_set_bWriteVbrTag(lame, 0);
  if (settings.vbr) {
    lame_set_VBR(lame, vbr_abr);
    lame_set_VBR_mean_bitrate_kbps(lame, settings.bitrate_kbps);
  } else {
    lame_set_VBR(lame, vbr_off);
    lame_set_brate(lame, settings.bitrate_kbps);
  }
  if (lame_init_params(lame) < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("LAME refused ", settings.bitrate_kbps, " kbit/s at ",
                     settings.sample_rate_hz, " Hz"));
  }
  // LAME may silently pick another CBR bitrate or rate; a caller asking for
  // one it cannot have should hear about it.
  if (!settings.vbr && lame_get_brate(lame) != settings.bitrate_kbps) {
    return absl::InvalidArgumentError(
        absl::StrCat(settings.bitrate_kbps, " kbit/s is not an MP3 bitrate at ",
                     settings.sample_rate_hz, " Hz"));
  }
  if (lame_get_out_samplerate(lame) != settings.sample_rate_hz) {
    return absl::InternalError("LAME changed the sample rate");
  }
  return encoder;
}

}  // namespace policyreader::audio
