// The server process's life once its options are known: start, say it is
// ready (the log and systemd), drain on the first SIGTERM or SIGINT, stop.
// main.cc only reads flags into ServerOptions and calls RunUntilSignalled.
//
// Thread-safety: call once, from main, before any other thread is started
// (the signals must be blocked in every thread, so they reach only the one
// that waits for them).
#ifndef POLICY_READER_SERVICE_SERVER_RUN_H_
#define POLICY_READER_SERVICE_SERVER_RUN_H_

#include "absl/time/time.h"
#include "service/server/server.h"

namespace policyreader::server {

// Blocks SIGTERM and SIGINT in the calling thread (so in every thread it
// starts); call first thing in main.
void BlockStopSignals();

// Runs the server until a stop signal and the drain after it (at most
// `grace` for streams in flight, then 5 s more before the process ends
// without streams whose clients read nothing). The process's exit code.
int RunUntilSignalled(const ServerOptions& options, absl::Duration grace);

}  // namespace policyreader::server

#endif  // POLICY_READER_SERVICE_SERVER_RUN_H_
