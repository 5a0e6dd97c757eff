// libsoxr behind a small streaming interface. This is the only file that
// includes <soxr.h>, so the rest of the service does not depend on its API.
#include "service/audio/resampler.h"

#include <soxr.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace policyreader::audio {
namespace {

// Output room beyond the nominal ratio, so one soxr_process call can usually
// hand over everything it has (filter tail, rounding) without another loop.
constexpr size_t kExtraOutputRoom = 256;

soxr_t AsSoxr(void* handle) { return static_cast<soxr_t>(handle); }

}  // namespace

absl::StatusOr<std::unique_ptr<Resampler>> Resampler::Create(
    int input_rate_hz, int output_rate_hz) {
  if (input_rate_hz <= 0 || output_rate_hz <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("resampler rates must be positive, got ", input_rate_hz,
                     " Hz -> ", output_rate_hz, " Hz"));
  }
  soxr_io_spec_t io_spec = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
  // Dither would make the same sentence come out different every time (soxr
  // seeds it per instance), defeating the content-addressed cache and
  // byte-exact tests; at speech levels rounding noise is inaudible anyway.
  io_spec.flags |= SOXR_NO_DITHER;
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  soxr_error_t error = nullptr;
  soxr_t soxr =
      soxr_create(input_rate_hz, output_rate_hz, /*num_channels=*/1, &error,
                  &io_spec, &quality, /*runtime_spec=*/nullptr);
  if (error != nullptr || soxr == nullptr) {
    if (soxr != nullptr) soxr_delete(soxr);
    return absl::InternalError(absl::StrCat(
        "cannot create soxr resampler ", input_rate_hz, " Hz -> ",
        output_rate_hz, " Hz: ", error != nullptr ? error : "unknown error"));
  }
  return std::unique_ptr<Resampler>(
      new Resampler(soxr, static_cast<double>(output_rate_hz) / input_rate_hz));
}

Resampler::Resampler(void* soxr, double ratio) : soxr_(soxr), ratio_(ratio) {}

Resampler::~Resampler() { soxr_delete(AsSoxr(soxr_)); }

void Resampler::Process(std::span<const int16_t> in,
                        std::vector<int16_t>* out) {
  // soxr reads a null input pointer as end of input, and an empty span may
  // carry one, so empty blocks must never reach it.
  if (in.empty() || flushed_) return;
  Run(in.data(), in.size(), out);
}

void Resampler::Flush(std::vector<int16_t>* out) {
  if (flushed_) return;
  flushed_ = true;
  Run(nullptr, 0, out);
}

void Resampler::Run(const int16_t* in, size_t in_len,
                    std::vector<int16_t>* out) {
  const size_t start = out->size();
  size_t consumed = 0;
  while (true) {
    const size_t remaining = in_len - consumed;
    const size_t room =
        static_cast<size_t>(static_cast<double>(remaining) * ratio_) +
        kExtraOutputRoom;
    const size_t before = out->size();
    out->resize(before + room);
    size_t in_done = 0;
    size_t out_done = 0;
    const soxr_error_t error = soxr_process(
        AsSoxr(soxr_), in != nullptr ? in + consumed : nullptr, remaining,
        &in_done, out->data() + before, room, &out_done);
    out->resize(before + out_done);
    if (error != nullptr) {
      // Half a block of audio is worse than none: drop all of it.
      out->resize(start);
      if (!reported_error_) {
        reported_error_ = true;
        std::fprintf(stderr,
                     "policyreader audio: soxr_process failed (%s); dropping "
                     "audio for this stream\n",
                     error);
      }
      return;
    }
    consumed += in_done;
    if (in == nullptr) {
      // Draining: soxr hands the tail out over several calls; empty means done.
      if (out_done == 0) return;
    } else {
      // All input taken and soxr did not fill the room: nothing more is ready.
      if (consumed >= in_len && out_done < room) return;
      // Defensive: never spin if soxr neither takes nor gives anything.
      if (in_done == 0 && out_done == 0) return;
    }
  }
}

}  // namespace policyreader::audio
