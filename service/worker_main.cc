// policy-reader-synth-worker: one eSpeak NG engine in its own process,
// started by the server's worker pool (service/synth/worker_pool.h). Not
// meant to be run by hand.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cstdio>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "service/synth/worker.h"

ABSL_FLAG(int, fd, 3, "Socket to the server, inherited at start.");
ABSL_FLAG(std::string, espeak_data, "", "eSpeak NG data folder.");
ABSL_FLAG(int, buffer_ms, 500, "Audio buffer length handed back per frame.");
ABSL_FLAG(int, max_memory_mb, 1024,
          "Address space a worker (and each job's child) may take; beyond "
          "it allocations fail and the job's child dies, not the machine.");

int main(int argc, char** argv) {
  // Never outlive the server, even if it is killed without cleaning up.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  absl::ParseCommandLine(argc, argv);
  // A runaway synthesis (eSpeak fed a crafted text) must not take the
  // machine's memory: it hits this limit, and if memory runs short anyway
  // the kernel's OOM killer takes a worker, which the pool replaces, before
  // the server. eSpeak itself needs about 20 MB.
  const rlim_t limit = static_cast<rlim_t>(absl::GetFlag(FLAGS_max_memory_mb))
                       << 20;
  const rlimit address_space{limit, limit};
  if (setrlimit(RLIMIT_AS, &address_space) != 0) {
    perror("policy-reader-synth-worker: setrlimit(RLIMIT_AS)");
  }
  std::ofstream("/proc/self/oom_score_adj") << 1000;
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
