// The body of a synthesis worker process: owns one EspeakEngine and serves
// jobs from the server over the socket on `fd` until the socket closes. A
// kCancel frame for the running job aborts it through eSpeak's callback.
// Each job runs in a child process forked from the worker as it was right
// after start-up, so the same request always gives the same samples (eSpeak
// otherwise carries state from one synthesis into the next).
//
// Thread-safety: single-threaded (fork needs that); runs alone in its own
// process.
#ifndef POLICY_READER_SERVICE_SYNTH_WORKER_H_
#define POLICY_READER_SERVICE_SYNTH_WORKER_H_

#include <string>

#include "absl/status/status.h"

namespace policyreader::synth {

struct WorkerOptions {
  int fd = 3;  // The worker's end of the socket, inherited from the server.
  std::string espeak_data_path;  // Empty: eSpeak's built-in path.
  int buffer_ms = 500;
};

// Returns when the server closes the socket (OK) or on a fatal error, such
// as engine data missing (then the server sees the socket close before
// kReady and reports the start-up failure).
absl::Status RunWorker(const WorkerOptions& options);

}  // namespace policyreader::synth

#endif  // POLICY_READER_SERVICE_SYNTH_WORKER_H_
