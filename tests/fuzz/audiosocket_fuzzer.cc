// Fuzzes the AudioSocket codec (service/telephony/audiosocket_codec), the
// bytes an Asterisk peer (or anything that connects to the port) sends.
// Beyond not crashing (ASan and UBSan are on): the same bytes cut into
// reads anywhere give the same messages and the same outcome, and every
// message decoded encodes back to the bytes it came from.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "service/telephony/audiosocket_codec.h"

namespace {

using policyreader::telephony::EncodeMessage;
using policyreader::telephony::Message;
using policyreader::telephony::MessageDecoder;

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "invariant broken: %s\n", what);
    abort();
  }
}

struct Outcome {
  std::vector<Message> messages;
  bool ok = true;
};

// Feeds `bytes` in reads of `step` bytes (all at once for 0).
Outcome Decode(std::string_view bytes, size_t step) {
  MessageDecoder decoder;
  Outcome outcome;
  if (step == 0) step = bytes.size() + 1;
  for (size_t pos = 0; pos < bytes.size() && outcome.ok; pos += step) {
    outcome.ok = decoder.Feed(bytes.substr(pos, step), &outcome.messages).ok();
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks how the rest is cut into reads.
  const size_t step = data[0] % 17;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1,
                               size - 1);
  const Outcome whole = Decode(bytes, 0);
  const Outcome cut = Decode(bytes, step);
  Check(whole.ok == cut.ok, "the outcome does not depend on the reads");
  // A refused stream is given up whole; which messages came before the
  // refusal is not part of the contract.
  if (!whole.ok) return 0;
  Check(whole.messages.size() == cut.messages.size(),
        "nor the messages decoded");
  std::string encoded;
  for (size_t i = 0; i < whole.messages.size(); ++i) {
    Check(whole.messages[i].type == cut.messages[i].type &&
              whole.messages[i].payload == cut.messages[i].payload,
          "nor any message");
    encoded += EncodeMessage(whole.messages[i].type, whole.messages[i].payload);
  }
  Check(bytes.substr(0, encoded.size()) == encoded,
        "messages encode back to the bytes they came from");
  return 0;
}
