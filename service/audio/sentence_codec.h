// A sentence's audio encoded on its own, so that one encoding can be cached
// and sent at any place of any stream (service/cache), and the per-stream
// step that joins such units into one stream of the encoding.
//
// What a unit holds, by encoding:
//   - LINEAR16, G.711: the encoded samples. A framed stream's sentence ends
//     on a whole frame, padded with silence.
//   - MP3: the frames of a LAME encoder run for this sentence alone and
//     flushed. MPEG audio frames concatenate into a valid stream (no Xing
//     tag is written), at the cost of the encoder's ~50 ms of delay and
//     padding per sentence, which falls in the sentence's pause.
//   - Ogg Opus: the Opus packets of a libopus encoder run for this sentence
//     alone, each as a 2-byte little-endian length and the packet. The
//     stream writer puts them in Ogg pages (libogg) with running granule
//     positions: headers first, each sentence's last page flushed, EOS on
//     the stream's last page. The encoder's look-ahead is padded with
//     silence at the sentence's end, so nothing is cut; a later sentence
//     starts that look-ahead (6.5 ms) late, inside its leading pause.
// A unit depends only on the sentence's PCM and the encoding, never on what
// came before it in the stream: the same input gives the same bytes.
//
// Thread-safety: an encoder or writer is used by one thread at a time;
// different ones are independent.
#ifndef POLICY_READER_SERVICE_AUDIO_SENTENCE_CODEC_H_
#define POLICY_READER_SERVICE_AUDIO_SENTENCE_CODEC_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "service/audio/encoder.h"

namespace policyreader::audio {

struct SentenceCodecOptions {
  Encoding encoding = Encoding::kLinear16;
  // The PCM rate the encoder is fed.
  int sample_rate_hz = 22050;
  // Raw encodings only: samples per frame a sentence is padded to; 0 none.
  int frame_samples = 0;
};

class SentenceEncoder {
 public:
  virtual ~SentenceEncoder() = default;
  // Appends whole unit records (bytes a StreamWriter takes as they are).
  [[nodiscard]] virtual absl::Status Encode(std::span<const int16_t> pcm,
                                            std::string* unit) = 0;
  // Appends the rest of the sentence. Call once, last.
  [[nodiscard]] virtual absl::Status Finish(std::string* unit) = 0;
  // Samples the unit decodes to, at the stream's rate (48000 for Opus,
  // whose decoders always give that); final after Finish.
  virtual uint64_t decoded_samples() const = 0;
};

class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  // Appends the stream's bytes for `unit`, which is whole records (what
  // SentenceEncoder calls appended, possibly several calls' worth, in
  // order). `end_of_sentence`: the sentence's last records, so they go out
  // now rather than wait for a fuller page; `end_of_stream`: the stream's.
  [[nodiscard]] virtual absl::Status Write(std::string_view unit,
                                           bool end_of_sentence,
                                           bool end_of_stream,
                                           std::string* out) = 0;
};

// INVALID_ARGUMENT for a rate the codec does not take; INTERNAL if the
// codec library refuses.
absl::StatusOr<std::unique_ptr<SentenceEncoder>> MakeSentenceEncoder(
    const SentenceCodecOptions& options);
absl::StatusOr<std::unique_ptr<StreamWriter>> MakeStreamWriter(
    const SentenceCodecOptions& options);

// The length of the longest prefix of `unit` that is whole records and at
// most `max_bytes` long, yet at least one record when `unit` has one: what
// a stream can send of a unit now, the rest later, so a listener who is not
// reading never has a whole sentence copied into messages for them. A
// record is a frame (framed raw audio), a sample (raw), a byte (MP3) or a
// length-prefixed packet (Opus); a truncated last Opus record counts whole,
// for the writer to reject.
size_t WholeRecordsPrefix(const SentenceCodecOptions& options,
                          std::string_view unit, size_t max_bytes);

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_SENTENCE_CODEC_H_
