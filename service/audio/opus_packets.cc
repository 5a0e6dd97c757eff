// Ogg Opus by sentence; see opus_packets.h and sentence_codec.h.
#include "service/audio/opus_packets.h"

#include <ogg/ogg.h>
#include <opus/opus.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/const_init.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace policyreader::audio {
namespace {

constexpr int kOpusClockHz = 48000;
// The largest packet opus_encode may write (RFC 6716: 1275 bytes a frame,
// three 20 ms frames in a 60 ms packet, plus framing).
constexpr int kMaxPacketBytes = 4000;

absl::Status CheckSettings(const OpusSettings& settings) {
  const int hz = settings.sample_rate_hz;
  if (hz != 8000 && hz != 12000 && hz != 16000 && hz != 24000 && hz != 48000) {
    return absl::InvalidArgumentError(
        absl::StrCat("Opus codes 8, 12, 16, 24 or 48 kHz, not ", hz, " Hz"));
  }
  if (settings.frame_ms != 20 && settings.frame_ms != 40 &&
      settings.frame_ms != 60) {
    return absl::InvalidArgumentError("Opus frames must be 20, 40 or 60 ms");
  }
  return absl::OkStatus();
}

// A libopus encoder with the project's settings; null and `status` set if
// libopus refuses.
OpusEncoder* CreateEncoder(const OpusSettings& settings, absl::Status* status) {
  int error = OPUS_OK;
  OpusEncoder* enc =
      opus_encoder_create(settings.sample_rate_hz, 1,
                          OpusApplicationCode(settings.application), &error);
  if (enc == nullptr) {
    *status = absl::InternalError(absl::StrCat(
        "libopus: cannot create an encoder: ", opus_strerror(error)));
    return nullptr;
  }
  const int checks[] = {
      opus_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)),
      opus_encoder_ctl(enc, OPUS_SET_BITRATE(settings.bitrate_bps)),
      opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(settings.complexity)),
  };
  for (const int check : checks) {
    if (check != OPUS_OK) {
      opus_encoder_destroy(enc);
      *status = absl::InvalidArgumentError(
          absl::StrCat("libopus refused a setting: ", opus_strerror(check)));
      return nullptr;
    }
  }
  return enc;
}

class OpusSentenceEncoder final : public SentenceEncoder {
 public:
  OpusSentenceEncoder(OpusEncoder* enc, const OpusSettings& settings)
      : enc_(enc),
        frame_(settings.sample_rate_hz * settings.frame_ms / 1000),
        decoded_per_frame_(kOpusClockHz * settings.frame_ms / 1000) {
    opus_int32 lookahead = 0;
    if (opus_encoder_ctl(enc_, OPUS_GET_LOOKAHEAD(&lookahead)) == OPUS_OK) {
      lookahead_ = static_cast<size_t>(lookahead);
    }
  }
  ~OpusSentenceEncoder() override { opus_encoder_destroy(enc_); }
  OpusSentenceEncoder(const OpusSentenceEncoder&) = delete;
  OpusSentenceEncoder& operator=(const OpusSentenceEncoder&) = delete;

  absl::Status Encode(std::span<const int16_t> pcm,
                      std::string* unit) override {
    pending_.insert(pending_.end(), pcm.begin(), pcm.end());
    size_t at = 0;
    absl::Status status;
    while (status.ok() && pending_.size() - at >= frame_) {
      status = EncodeFrame(pending_.data() + at, unit);
      at += frame_;
    }
    pending_.erase(pending_.begin(), pending_.begin() + at);
    return status;
  }

  absl::Status Finish(std::string* unit) override {
    // The look-ahead's worth of silence brings the sentence's last samples
    // out of the encoder; then a whole frame.
    size_t total = pending_.size() + lookahead_;
    total = (total + frame_ - 1) / frame_ * frame_;
    pending_.resize(std::max(total, frame_), 0);
    return Encode({}, unit);
  }

  uint64_t decoded_samples() const override { return decoded_; }

 private:
  absl::Status EncodeFrame(const int16_t* pcm, std::string* unit) {
    unsigned char packet[kMaxPacketBytes];
    const opus_int32 n = opus_encode(enc_, pcm, static_cast<int>(frame_),
                                     packet, kMaxPacketBytes);
    if (n < 0) {
      return absl::InternalError(
          absl::StrCat("libopus could not encode: ", opus_strerror(n)));
    }
    unit->push_back(static_cast<char>(n & 0xff));
    unit->push_back(static_cast<char>(n >> 8));
    unit->append(reinterpret_cast<const char*>(packet), static_cast<size_t>(n));
    decoded_ += decoded_per_frame_;
    return absl::OkStatus();
  }

  OpusEncoder* const enc_;
  const size_t frame_;
  const uint64_t decoded_per_frame_;
  size_t lookahead_ = 0;
  std::vector<int16_t> pending_;
  uint64_t decoded_ = 0;
};

void PutLe(std::string* out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) {
    out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  }
}

// The packet length of the record at `at` (at least 2 bytes there).
size_t PacketLength(std::string_view unit, size_t at) {
  return static_cast<uint8_t>(unit[at]) |
         (static_cast<size_t>(static_cast<uint8_t>(unit[at + 1])) << 8);
}

class OggOpusWriter final : public StreamWriter {
 public:
  OggOpusWriter(const OpusSettings& settings, int pre_skip)
      : settings_(settings), pre_skip_(pre_skip) {}
  ~OggOpusWriter() override { Close(); }
  OggOpusWriter(const OggOpusWriter&) = delete;
  OggOpusWriter& operator=(const OggOpusWriter&) = delete;

  absl::Status Write(std::string_view unit, bool end_of_sentence,
                     bool end_of_stream, std::string* out) override {
    if (ended_) return absl::OkStatus();
    Open();
    if (!headers_written_) WriteHeaders(out);
    // A stream must end on a packet flagged EOS; a last write without
    // packets (never made by SentenceEncoder, which always ends a sentence
    // with one) gets a 20 ms packet of nothing, which decoders conceal.
    static constexpr char kEmptyPacket[] = {1, 0, static_cast<char>(0xF8)};
    if (end_of_stream && unit.empty()) unit = std::string_view(kEmptyPacket, 3);
    size_t at = 0;
    while (at < unit.size()) {
      if (unit.size() - at < 2) return Malformed();
      const size_t n = PacketLength(unit, at);
      at += 2;
      if (n == 0 || unit.size() - at < n) return Malformed();
      const auto* data =
          reinterpret_cast<const unsigned char*>(unit.data() + at);
      at += n;
      const int samples = opus_packet_get_nb_samples(
          data, static_cast<opus_int32>(n), kOpusClockHz);
      if (samples <= 0) return Malformed();
      granule_ += samples;
      ogg_packet packet{};
      packet.packet = const_cast<unsigned char*>(data);
      packet.bytes = static_cast<long>(n);
      packet.granulepos = granule_;
      packet.packetno = packetno_++;
      packet.e_o_s = end_of_stream && at == unit.size() ? 1 : 0;
      if (ogg_stream_packetin(&os_, &packet) != 0) {
        return absl::InternalError("libogg could not take an Opus packet");
      }
      // Pages close at a bounded duration, so audio is never held long.
      if (granule_ - flushed_granule_ >=
          int64_t{settings_.max_page_ms} * kOpusClockHz / 1000) {
        Drain(out);
      }
    }
    if (end_of_sentence || end_of_stream) {
      Drain(out);
      Close();
    }
    if (end_of_stream) ended_ = true;
    return absl::OkStatus();
  }

 private:
  static absl::Status Malformed() {
    return absl::InternalError("a malformed Opus sentence unit");
  }

  void WriteHeaders(std::string* out) {
    headers_written_ = true;
    std::string head = "OpusHead";
    head.push_back(1);  // Version.
    head.push_back(1);  // Channels.
    PutLe(&head, static_cast<uint64_t>(pre_skip_), 2);
    PutLe(&head, static_cast<uint64_t>(settings_.sample_rate_hz), 4);
    PutLe(&head, 0, 2);  // Output gain.
    head.push_back(0);   // Channel mapping family: mono.
    std::string tags = "OpusTags";
    const std::string vendor = opus_get_version_string();
    PutLe(&tags, vendor.size(), 4);
    tags += vendor;
    PutLe(&tags, 0, 4);  // No comments.
    int bos = 1;
    for (std::string* header : {&head, &tags}) {
      ogg_packet packet{};
      packet.packet = reinterpret_cast<unsigned char*>(header->data());
      packet.bytes = static_cast<long>(header->size());
      packet.b_o_s = bos;
      packet.granulepos = 0;
      packet.packetno = packetno_++;
      bos = 0;
      ogg_stream_packetin(&os_, &packet);
      // Each header on a page of its own (RFC 7845, section 3).
      Drain(out);
    }
  }

  // libogg's stream state holds ~28 KB of buffers; between sentences, when
  // every page is out, only its counters matter, so the state is let go
  // and made again (a listener paused between sentences holds none of it).
  void Open() {
    if (open_) return;
    ogg_stream_init(&os_, settings_.serial);
    os_.pageno = pageno_;
    os_.b_o_s = pageno_ > 0 ? 1 : 0;  // The first page only is BOS.
    os_.packetno = packetno_;
    os_.granulepos = flushed_granule_;
    open_ = true;
  }
  void Close() {
    if (!open_) return;
    pageno_ = os_.pageno;
    ogg_stream_clear(&os_);
    open_ = false;
  }

  // Closes the page being filled: pages end at sentence ends and at the
  // duration bound, never where libogg's 4 KB fill rule would put them.
  void Drain(std::string* out) {
    ogg_page page;
    while (ogg_stream_flush(&os_, &page) != 0) {
      out->append(reinterpret_cast<const char*>(page.header),
                  static_cast<size_t>(page.header_len));
      out->append(reinterpret_cast<const char*>(page.body),
                  static_cast<size_t>(page.body_len));
    }
    flushed_granule_ = granule_;
  }

  const OpusSettings settings_;
  const int pre_skip_;
  ogg_stream_state os_;  // While open_.
  bool open_ = false;
  long pageno_ = 0;  // The next page's number, while closed.
  int64_t granule_ = 0;
  int64_t flushed_granule_ = 0;
  int64_t packetno_ = 0;
  bool headers_written_ = false;
  bool ended_ = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SentenceEncoder>> MakeOpusSentenceEncoder(
    const OpusSettings& settings) {
  if (absl::Status status = CheckSettings(settings); !status.ok()) {
    return status;
  }
  absl::Status status;
  OpusEncoder* enc = CreateEncoder(settings, &status);
  if (enc == nullptr) return status;
  return std::make_unique<OpusSentenceEncoder>(enc, settings);
}

absl::StatusOr<std::unique_ptr<StreamWriter>> MakeOggOpusStreamWriter(
    const OpusSettings& settings) {
  if (absl::Status status = CheckSettings(settings); !status.ok()) {
    return status;
  }
  // The decoder skips the first sentence encoder's look-ahead; every
  // sentence's encoder has the same one. It depends only on the rate and
  // application, so it is asked of libopus once per pair, not per stream.
  static absl::Mutex mu(absl::kConstInit);
  static auto* known = new absl::flat_hash_map<std::pair<int, int>, int>();
  const std::pair<int, int> what{settings.sample_rate_hz,
                                 OpusApplicationCode(settings.application)};
  opus_int32 lookahead = 0;
  {
    absl::MutexLock lock(&mu);
    if (auto it = known->find(what); it != known->end()) {
      lookahead = it->second;
    } else {
      absl::Status status;
      OpusEncoder* enc = CreateEncoder(settings, &status);
      if (enc == nullptr) return status;
      const int error = opus_encoder_ctl(enc, OPUS_GET_LOOKAHEAD(&lookahead));
      opus_encoder_destroy(enc);
      if (error != OPUS_OK) {
        return absl::InternalError(
            absl::StrCat("libopus: no look-ahead: ", opus_strerror(error)));
      }
      known->emplace(what, lookahead);
    }
  }
  return std::make_unique<OggOpusWriter>(
      settings, lookahead * kOpusClockHz / settings.sample_rate_hz);
}

size_t OpusRecordsPrefix(std::string_view unit, size_t max_bytes) {
  size_t at = 0;
  while (at + 2 <= unit.size()) {
    const size_t record = 2 + PacketLength(unit, at);
    if (at > 0 && at + record > max_bytes) break;
    at = std::min(unit.size(), at + record);
  }
  return at == 0 ? unit.size() : at;
}

}  // namespace policyreader::audio
