// Ogg Opus by sentence (see sentence_codec.h): raw Opus packets from
// libopus per sentence, and an Ogg muxer (libogg) per stream. This file
// and opus_encoder.cc (libopusenc, the whole-stream encoder the benchmarks
// compare against) are the ones that include the Opus headers.
//
// Thread-safety: as sentence_codec.h.
#ifndef POLICY_READER_SERVICE_AUDIO_OPUS_PACKETS_H_
#define POLICY_READER_SERVICE_AUDIO_OPUS_PACKETS_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "service/audio/opus_encoder.h"
#include "service/audio/sentence_codec.h"

namespace policyreader::audio {

// INVALID_ARGUMENT unless the rate is one Opus codes natively (8, 12, 16,
// 24 or 48 kHz) and the frame 20, 40 or 60 ms.
absl::StatusOr<std::unique_ptr<SentenceEncoder>> MakeOpusSentenceEncoder(
    const OpusSettings& settings);
absl::StatusOr<std::unique_ptr<StreamWriter>> MakeOggOpusStreamWriter(
    const OpusSettings& settings);

// The longest prefix of a unit's whole records (a 2-byte little-endian
// length and the packet) at most `max_bytes` long, yet at least one record;
// a truncated last record counts whole, for the writer to reject. See
// WholeRecordsPrefix (sentence_codec.h).
size_t OpusRecordsPrefix(std::string_view unit, size_t max_bytes);

}  // namespace policyreader::audio

#endif  // POLICY_READER_SERVICE_AUDIO_OPUS_PACKETS_H_
