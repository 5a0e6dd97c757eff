// A pool of synthesis worker processes, one eSpeak NG engine each, because
// eSpeak keeps global state (not thread-safe) and, fed untrusted text, may
// crash or hang. The server never runs eSpeak itself.
//
// Jobs are sentences. A job's audio reaches its JobSink as the worker
// produces it. A worker that dies or goes silent mid-job is killed and
// replaced; the job is re-run on the new worker from the sentence start and
// the samples already delivered are skipped, so the listener hears neither a
// repeat nor a gap. (Every job starts from the engine's state just after
// start-up (worker.h), so the re-run makes the same samples and the splice
// is bit-exact.) A job that kills its worker
// `max_attempts` times ends with UNAVAILABLE; other jobs and the server
// carry on. Every worker that ends unasked is logged ("worker_exit", with
// its signal) and reported to WorkerPoolOptions::on_worker_exit.
//
// Threading: one pool thread per worker does blocking socket I/O and calls
// that job's JobSink methods; sinks must not block for long. Submit() and the
// accessors are thread-safe. JobSink methods are never called with the
// pool's lock held, so a sink may call Submit() (the gRPC stream submits its
// next sentence from OnDone). Jobs of priority kNow (a listener is waiting
// for them) run before kAhead (read-ahead) jobs.
#ifndef POLICY_READER_SERVICE_SYNTH_WORKER_POOL_H_
#define POLICY_READER_SERVICE_SYNTH_WORKER_POOL_H_

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "service/synth/espeak_engine.h"
#include "service/synth/worker_protocol.h"

namespace policyreader::synth {

// A worker that ended without being asked to: crashed, was killed from
// outside (the OOM killer), exited, or hung and was killed for silence.
struct WorkerExit {
  pid_t pid = 0;
  // The signal's name ("SIGSEGV"), "exit", or "hung".
  std::string cause;
  int signal = 0;        // The signal that ended it; 0 if none.
  int exit_status = -1;  // Its exit status if it exited.
  bool during_job = false;
};

struct WorkerPoolOptions {
  int workers = 0;  // 0: one per core.
  // Path of the policy-reader-synth-worker program.
  std::string worker_binary;
  std::string espeak_data_path;
  int buffer_ms = 500;
  // Address space (RLIMIT_AS) each worker, and the job process it forks,
  // may map, in MiB: a runaway synthesis fails its allocations and dies
  // (costing only its sentence) instead of taking the machine's memory.
  int memory_mb = 1024;
  int start_timeout_ms = 15000;
  // A busy worker silent this long is taken for hung and killed.
  int silence_timeout_ms = 10000;
  // Runs of one job before it fails (a first run plus retries).
  int max_attempts = 2;
  // Told of every worker that ended unasked, on the slot's thread, after it
  // has been logged ("worker_exit"); may be empty. Must not block.
  std::function<void(const WorkerExit&)> on_worker_exit;
};

class JobSink {
 public:
  virtual ~JobSink() = default;
  // Polled between audio buffers; true stops the job promptly.
  virtual bool Cancelled() const = 0;
  virtual void OnAudio(std::span<const int16_t> pcm) = 0;
  // Offsets are bytes into the request text.
  virtual void OnWord(const WordEvent& word) = 0;
  // Exactly once, last: OK, CANCELLED, or why the sentence failed.
  virtual void OnDone(const absl::Status& status) = 0;
};

enum class JobPriority { kNow, kAhead };

struct SynthJob {
  EngineRequest request;
  std::shared_ptr<JobSink> sink;
  JobPriority priority = JobPriority::kNow;
};

struct WorkerPoolStats {
  uint64_t jobs_submitted = 0;
  // Queued or running now.
  uint64_t jobs_active = 0;
  uint64_t jobs_done = 0;
  uint64_t worker_crashes = 0;
  uint64_t job_retries = 0;
  // Workers started to replace one that died or hung.
  uint64_t worker_restarts = 0;
  // Jobs waiting for a worker (part of jobs_active).
  uint64_t jobs_queued = 0;
};

class WorkerPool {
 public:
  // Starts every worker and waits until each has its engine loaded.
  // FAILED_PRECONDITION saying what to fix if a worker cannot start.
  static absl::StatusOr<std::unique_ptr<WorkerPool>> Start(
      const WorkerPoolOptions& options);
  // Queued jobs end CANCELLED; running ones end UNAVAILABLE; workers exit.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Submit(SynthJob job) ABSL_LOCKS_EXCLUDED(mu_);
  int sample_rate_hz() const { return sample_rate_hz_; }
  int size() const { return static_cast<int>(slots_.size()); }
  // Current worker process ids (for operations and failure tests).
  std::vector<pid_t> WorkerPids() const;
  WorkerPoolStats stats() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  struct Slot {
    std::atomic<pid_t> pid{-1};
    // Written by the slot's own thread; read by the destructor to unblock it.
    std::atomic<int> fd{-1};
    // Held while fd is closed, and by the destructor while it shuts fd
    // down: without it the destructor could shut down a number the slot
    // thread has just closed and the process reused (a gRPC or HTTP socket).
    absl::Mutex fd_mu;
    // Reads fd; made by Spawn, then used by the slot's thread alone.
    std::unique_ptr<FrameReader> reader;
    std::thread thread;
  };

  explicit WorkerPool(const WorkerPoolOptions& options);
  // Starts a worker for `slot`; stores its engine's rate in `rate_hz`.
  absl::Status Spawn(Slot* slot, int* rate_hz = nullptr);
  // Kills and reaps the slot's worker; its wait status, or -1 if it had
  // none.
  int Kill(Slot* slot);
  // Logs a worker that ended unasked and tells on_worker_exit.
  void ReportExit(pid_t pid, int wait_status, bool hung, bool during_job);
  static void CloseSocket(Slot* slot);
  void SlotLoop(Slot* slot) ABSL_LOCKS_EXCLUDED(mu_);
  bool PopJob(SynthJob* job) ABSL_LOCKS_EXCLUDED(mu_);
  void RunJob(Slot* slot, SynthJob& job) ABSL_LOCKS_EXCLUDED(mu_);

  WorkerPoolOptions options_;
  int sample_rate_hz_ = 0;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<uint32_t> next_job_id_{1};

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<SynthJob> now_queue_ ABSL_GUARDED_BY(mu_);
  std::deque<SynthJob> ahead_queue_ ABSL_GUARDED_BY(mu_);
  WorkerPoolStats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace policyreader::synth

#endif  // POLICY_READER_SERVICE_SYNTH_WORKER_POOL_H_
