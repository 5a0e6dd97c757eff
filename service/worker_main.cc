// policy-reader-synth-worker: one eSpeak NG engine in its own process,
// started by the server's worker pool (service/synth/worker_pool.h). Not
// meant to be run by hand.
#include <signal.h>
#include <sys/prctl.h>

#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "service/synth/worker.h"

ABSL_FLAG(int, fd, 3, "Socket to the server, inherited at start.");
ABSL_FLAG(std::string, espeak_data, "", "eSpeak NG data folder.");
ABSL_FLAG(int, buffer_ms, 200, "Audio buffer length handed back per frame.");

int main(int argc, char** argv) {
  // Never outlive the server, even if it is killed without cleaning up.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  absl::ParseCommandLine(argc, argv);
  absl::Status status = policyreader::synth::RunWorker(
      {.fd = absl::GetFlag(FLAGS_fd),
       .espeak_data_path = absl::GetFlag(FLAGS_espeak_data),
       .buffer_ms = absl::GetFlag(FLAGS_buffer_ms)});
  if (!status.ok()) {
    fprintf(stderr, "policy-reader-synth-worker: %s\n",
            status.ToString().c_str());
    return 1;
  }
  return 0;
}
