#include "service/server/run.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <memory>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "service/logging/log.h"
#include "service/systemd/notify.h"

namespace policyreader::server {
namespace {

using logging::Fields;
using logging::Level;
using logging::Log;

sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

void BlockStopSignals() {
  // Signals are taken by a dedicated thread, so shutdown runs as normal code
  // rather than inside a signal handler.
  const sigset_t signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

int RunUntilSignalled(const ServerOptions& options, absl::Duration grace) {
  absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(options);
  if (!server.ok()) {
    Log(Level::kError, "start_failed",
        Fields().Add("msg", absl::StrCat("policy-reader-server: cannot start: ",
                                         server.status().message())));
    return 1;
  }
  // "msg" keeps the words scripts have always looked for.
  Log(Level::kInfo, "serving",
      Fields()
          .Add("msg",
               absl::StrCat("policy-reader-server: serving on port ",
                            (*server)->port(),
                            " (HTTP: ", (*server)->http_port(), ") with ",
                            (*server)->pool().size(), " synthesis workers"))
          .Add("grpc_port", (*server)->port())
          .Add("http_port", (*server)->http_port())
          .Add("metrics_port", (*server)->metrics_port())
          .Add("audiosocket_port", (*server)->audiosocket_port())
          .Add("workers", (*server)->pool().size()));
  systemd::NotifyReady(absl::StrCat(
      "Serving gRPC on port ", (*server)->port(), ", HTTP on port ",
      (*server)->http_port(), ", ", (*server)->pool().size(), " workers"));

  std::thread signal_thread([&] {
    const sigset_t signals = StopSignals();
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    Log(Level::kInfo, "stopping",
        Fields().Add("msg", absl::StrCat("policy-reader-server: ",
                                         strsignal(signal_number),
                                         ", finishing streams")));
    systemd::NotifyStopping(absl::StrCat("Finishing streams (up to ",
                                         absl::ToInt64Seconds(grace), " s)"));
    // A stream whose client reads nothing (a paused listener; nginx holding
    // one) leaves gRPC's shutdown waiting on a write that cannot complete
    // until the connection times out (ServerOptions::max_unread, an hour).
    // Past the grace such streams are given up with the process: the
    // kernel resets their connections, and the players reconnect elsewhere.
    std::thread([grace] {
      absl::SleepFor(grace + absl::Seconds(5));
      Log(Level::kWarning, "stopping",
          Fields().Add("msg",
                       "policy-reader-server: streams to clients that read "
                       "nothing still open 5 s after the grace; stopping "
                       "without them"));
      _exit(0);
    }).detach();
    (*server)->Shutdown(grace);
  });
  (*server)->Wait();
  signal_thread.join();
  server->reset();
  Log(Level::kInfo, "stopped",
      Fields().Add("msg", "policy-reader-server: stopped"));
  return 0;
}

}  // namespace policyreader::server
