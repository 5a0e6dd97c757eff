// Options and events of the telephone front end (see
// audiosocket_listener.h): how calls are accepted, paced and reported.
//
// Thread-safety: plain values. `on_event` is called from every call's
// thread at once and must be thread-safe.
#ifndef POLICY_READER_SERVICE_TELEPHONY_TELEPHONY_OPTIONS_H_
#define POLICY_READER_SERVICE_TELEPHONY_TELEPHONY_OPTIONS_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace policyreader::telephony {

// Something that happened in a call, for the log and for tests.
struct CallEvent {
  enum class Kind {
    kStarted,   // The UUID arrived and what to read is known.
    kSentence,  // The first frame of a sentence was sent.
    kKey,       // A key was acted on.
    kEnded,
  };
  Kind kind = Kind::kStarted;
  std::string uuid;  // Canonical text; empty before the UUID arrived.
  // kSentence, and kKey that moved: the sentence now read (0-based).
  size_t sentence = 0;
  size_t sentence_count = 0;
  char key = 0;  // kKey: the digit as sent.
  // kKey that moved: from the DTMF message's arrival to the first frame of
  // the new position being sent. Negative for keys that did not move.
  double latency_ms = -1;
  // kEnded: every moving key's latency in the call, and why it ended.
  std::vector<double> key_latencies_ms;
  std::string reason;
  // The event as one log line, e.g. "call <uuid>: sentence 12 of 87".
  std::string line;
};

struct TelephonyOptions {
  // host:port to accept AudioSocket connections on, or just a port for
  // loopback; empty: no listener. Port 0 picks a free port
  // (AudioSocketListener::port()).
  std::string listen_address;
  // The mapping from call UUID to what is read (call_table.h); empty: every
  // call hears that the number is not set up.
  std::string calls_file;
  // More simultaneous calls are hung up at once.
  int max_calls = 64;
  // The voice profile asked of Synthesize.
  std::string voice = "telefon";
  // Speech received but not yet sent, at most; beyond it the stream is not
  // read, so a paused caller does not make the server synthesize ahead.
  absl::Duration queue_limit = absl::Seconds(2);
  // Frames sent at once when audio (re)starts, ahead of the 20 ms clock, so
  // scheduling jitter on this side does not starve Asterisk.
  int lead_frames = 2;
  // A caller that takes no audio for this long is hung up on.
  absl::Duration write_timeout = absl::Seconds(1);
  // A connection that sends no UUID in this long is closed.
  absl::Duration uuid_timeout = absl::Seconds(5);
  // After our hangup message, how long to wait for the peer to close before
  // closing anyway (closing first could lose the message to a reset).
  absl::Duration hangup_linger = absl::Milliseconds(500);
  // Deadline of the outline calls (GetDocument, Segment).
  absl::Duration outline_timeout = absl::Seconds(10);
  // Largest message accepted from a peer.
  size_t max_payload = 8192;
  std::function<void(const CallEvent& event)> on_event;
};

}  // namespace policyreader::telephony

#endif  // POLICY_READER_SERVICE_TELEPHONY_TELEPHONY_OPTIONS_H_
