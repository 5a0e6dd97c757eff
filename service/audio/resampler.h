// Streaming sample-rate conversion of mono int16 PCM through libsoxr (the one
// file that includes <soxr.h>). Quality: SOXR_HQ, which keeps aliasing well
// below audibility for speech going down to 8 kHz telephone rates.
//
// Thread-safety: a Resampler is used by one thread at a time.
#ifndef POLICY_READER_SERVICE_AUDIO_RESAMPLER_H_
#define POLICY_READER_SERVICE_AUDIO_RESAMPLER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "absl/status/statusor.h"

namespace policyreader::audio {

class Resampler {
 public:
  // INVALID_ARGUMENT for non-positive rates, INTERNAL if soxr refuses.
  static absl::StatusOr<std::unique_ptr<Resampler>> Create(int input_rate_hz,
                                                           int output_rate_hz);
  ~Resampler();
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  // Appends converted samples to `out`; some output may lag until Flush().
  // If soxr fails, the block is dropped (and the failure logged once) rather
  // than taking the server down over one sentence's audio.
  void Process(std::span<const int16_t> in, std::vector<int16_t>* out);
  // Drains the filter's tail; call once at the end of the input. Later
  // Process() calls are ignored.
  void Flush(std::vector<int16_t>* out);

 private:
  Resampler(void* soxr, double ratio);
  // Runs soxr until it has taken all of `in` (nullptr: end of input) and
  // appends what it produced; on a soxr error reports it and gives up.
  void Run(const int16_t* in, size_t in_len, std::vector<int16_t>* out);

  void* soxr_;  // soxr_t, kept opaque so callers need not include soxr.h.
  double ratio_;
  bool flushed_ = false;         // soxr accepts no input after end of input.
  bool reported_error_ = false;  // One stderr line per stream, not per block.
};

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_RESAMPLER_H_
