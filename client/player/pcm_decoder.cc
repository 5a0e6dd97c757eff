#include "client/player/pcm_decoder.h"

#include "service/audio/g711.h"

namespace policyreader::player {

void PcmDecoder::Decode(std::string_view bytes, std::vector<int16_t>* out) {
  out->clear();
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t size = bytes.size();
  switch (encoding_) {
    case audio::Encoding::kAlaw:
      out->reserve(size);
      for (size_t i = 0; i < size; ++i)
        out->push_back(audio::AlawToLinear(data[i]));
      return;
    case audio::Encoding::kMulaw:
      out->reserve(size);
      for (size_t i = 0; i < size; ++i)
        out->push_back(audio::MulawToLinear(data[i]));
      return;
    case audio::Encoding::kLinear16:
      break;
    case audio::Encoding::kOggOpus:
    case audio::Encoding::kMp3:
      return;  // The player asks for LINEAR16; it has no compressed decoder.
  }
  out->reserve(size / 2 + 1);
  size_t i = 0;
  if (carry_.has_value() && size > 0) {
    out->push_back(static_cast<int16_t>(*carry_ | (data[0] << 8)));
    carry_.reset();
    i = 1;
  }
  for (; i + 1 < size; i += 2) {
    out->push_back(static_cast<int16_t>(data[i] | (data[i + 1] << 8)));
  }
  if (i < size) carry_ = data[i];
}

}  // namespace policyreader::player
