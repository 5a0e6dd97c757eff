// Worker process supervision and job dispatch; see worker_pool.h.
#include "service/synth/worker_pool.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/logging/log.h"

extern char** environ;

namespace policyreader::synth {
namespace {

// How often a busy slot wakes to look at its job's cancel flag.
constexpr int kPollMs = 20;

}  // namespace

WorkerPool::WorkerPool(const WorkerPoolOptions& options) : options_(options) {}

absl::StatusOr<std::unique_ptr<WorkerPool>> WorkerPool::Start(
    const WorkerPoolOptions& options) {
  if (access(options.worker_binary.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "synthesis worker program '", options.worker_binary,
        "' is missing or not executable; build policy-reader-synth-worker "
        "or pass --worker_binary"));
  }
  std::unique_ptr<WorkerPool> pool(new WorkerPool(options));
  int count = options.workers > 0
                  ? options.workers
                  : std::max(1u, std::thread::hardware_concurrency());
  for (int i = 0; i < count; ++i) {
    auto slot = std::make_unique<Slot>();
    absl::Status status = pool->Spawn(slot.get(), &pool->sample_rate_hz_);
    if (!status.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("synthesis worker could not start: ", status.message()));
    }
    pool->slots_.push_back(std::move(slot));
  }
  for (auto& slot : pool->slots_) {
    Slot* raw = slot.get();
    slot->thread =
        std::thread([pool = pool.get(), raw] { pool->SlotLoop(raw); });
  }
  return pool;
}

WorkerPool::~WorkerPool() {
  std::deque<SynthJob> dropped;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    dropped.swap(now_queue_);
    for (SynthJob& job : ahead_queue_) dropped.push_back(std::move(job));
    ahead_queue_.clear();
  }
  for (SynthJob& job : dropped) {
    {
      absl::MutexLock lock(&mu_);
      --stats_.jobs_active;
    }
    job.sink->OnDone(absl::CancelledError("the server is shutting down"));
  }
  // Wakes slots blocked on a worker: they see the socket end and stop.
  for (auto& slot : slots_) {
    absl::MutexLock lock(&slot->fd_mu);
    const int fd = slot->fd.load();
    if (fd >= 0) shutdown(fd, SHUT_RDWR);
  }
  for (auto& slot : slots_) {
    if (slot->thread.joinable()) slot->thread.join();
    Kill(slot.get());
  }
}

absl::Status WorkerPool::Spawn(Slot* slot, int* rate_hz) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return absl::InternalError(
        absl::StrCat("socketpair failed: ", strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // The worker's socket is fd 3; its stdout goes to our stderr so nothing
  // eSpeak prints can end up anywhere else; stdin is closed off.
  posix_spawn_file_actions_adddup2(&actions, fds[1], 3);
  posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  std::string data_flag =
      absl::StrCat("--espeak_data=", options_.espeak_data_path);
  std::string buffer_flag = absl::StrCat("--buffer_ms=", options_.buffer_ms);
  std::string fd_flag = "--fd=3";
  std::string memory_flag =
      absl::StrCat("--max_memory_mb=", options_.memory_mb);
  char* argv[] = {options_.worker_binary.data(),
                  fd_flag.data(),
                  data_flag.data(),
                  buffer_flag.data(),
                  memory_flag.data(),
                  nullptr};
  pid_t pid;
  int rc = posix_spawn(&pid, options_.worker_binary.c_str(), &actions, nullptr,
                       argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return absl::InternalError(absl::StrCat(
        "cannot run ", options_.worker_binary, ": ", strerror(rc)));
  }
  slot->pid = pid;
  slot->fd = fds[0];
  slot->reader = std::make_unique<FrameReader>(fds[0]);
  absl::StatusOr<Frame> ready = slot->reader->Read(options_.start_timeout_ms);
  absl::StatusOr<uint32_t> rate =
      ready.ok() && ready->type == FrameType::kReady
          ? DecodeU32(ready->payload)
          : absl::StatusOr<uint32_t>(absl::UnavailableError("no ready"));
  if (!rate.ok()) {
    Kill(slot);
    return absl::FailedPreconditionError(
        "the worker ended before its speech engine was ready; check the "
        "eSpeak NG data path (--espeak_data), the worker's memory bound "
        "(--worker_memory_mb) and the worker's messages above");
  }
  if (rate_hz != nullptr) *rate_hz = static_cast<int>(*rate);
  return absl::OkStatus();
}

int WorkerPool::Kill(Slot* slot) {
  pid_t pid = slot->pid.exchange(-1);
  int wait_status = -1;
  if (pid > 0) {
    kill(pid, SIGKILL);
    while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
  }
  CloseSocket(slot);
  return wait_status;
}

void WorkerPool::ReportExit(pid_t pid, int wait_status, bool hung,
                            bool during_job) {
  WorkerExit exit;
  exit.pid = pid;
  exit.during_job = during_job;
  if (WIFSIGNALED(wait_status)) exit.signal = WTERMSIG(wait_status);
  if (WIFEXITED(wait_status)) exit.exit_status = WEXITSTATUS(wait_status);
  if (hung) {
    exit.cause = "hung";
  } else if (exit.signal != 0) {
    const char* abbrev = sigabbrev_np(exit.signal);
    exit.cause = abbrev != nullptr ? absl::StrCat("SIG", abbrev)
                                   : absl::StrCat("signal ", exit.signal);
  } else {
    exit.cause = "exit";
  }
  logging::Fields fields;
  fields.Add("pid", static_cast<int64_t>(pid))
      .Add("cause", exit.cause)
      .Add("during_job", during_job);
  if (exit.signal != 0) {
    fields.Add("signal", exit.signal)
        .Add("signal_name", strsignal(exit.signal));
  }
  if (exit.exit_status >= 0) fields.Add("exit_status", exit.exit_status);
  if (hung) fields.Add("silent_ms", options_.silence_timeout_ms);
  logging::Log(logging::Level::kError, "worker_exit", fields);
  if (options_.on_worker_exit) options_.on_worker_exit(exit);
}

void WorkerPool::CloseSocket(Slot* slot) {
  absl::MutexLock lock(&slot->fd_mu);
  const int fd = slot->fd.exchange(-1);
  if (fd >= 0) close(fd);
}

void WorkerPool::Submit(SynthJob job) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      ++stats_.jobs_submitted;
      ++stats_.jobs_active;
      (job.priority == JobPriority::kNow ? now_queue_ : ahead_queue_)
          .push_back(std::move(job));
      return;
    }
  }
  job.sink->OnDone(absl::UnavailableError("the server is shutting down"));
}

bool WorkerPool::PopJob(SynthJob* job) {
  absl::MutexLock lock(&mu_);
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !now_queue_.empty() || !ahead_queue_.empty();
  };
  mu_.Await(absl::Condition(&ready));
  if (stopping_) return false;
  std::deque<SynthJob>& queue = now_queue_.empty() ? ahead_queue_ : now_queue_;
  *job = std::move(queue.front());
  queue.pop_front();
  return true;
}

void WorkerPool::SlotLoop(Slot* slot) {
  SynthJob job;
  while (PopJob(&job)) {
    if (job.sink->Cancelled()) {
      job.sink->OnDone(absl::CancelledError("the listener left"));
    } else {
      RunJob(slot, job);
    }
    job = SynthJob();  // Drop the sink now, not when the next job arrives.
    absl::MutexLock lock(&mu_);
    --stats_.jobs_active;
  }
}

void WorkerPool::RunJob(Slot* slot, SynthJob& job) {
  JobSink& sink = *job.sink;
  const std::string request_payload = EncodeRequest(job.request);
  uint64_t delivered = 0;  // Samples already handed to the sink.
  absl::Status failure;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    if (attempt > 1) {
      absl::MutexLock lock(&mu_);
      ++stats_.job_retries;
    }
    // A worker that died while idle shows up as a readable socket (EOF):
    // replace it before giving it work, without spending an attempt.
    if (slot->fd < 0 || slot->reader->Ready()) {
      const pid_t pid = slot->pid.load();
      const int wait_status = Kill(slot);
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) break;
      }
      if (wait_status != -1) {
        ReportExit(pid, wait_status, /*hung=*/false, /*during_job=*/false);
      }
      absl::Status spawned = Spawn(slot);
      if (!spawned.ok()) {
        failure = spawned;
        continue;
      }
      absl::MutexLock lock(&mu_);
      ++stats_.worker_restarts;
    }
    const uint32_t job_id = next_job_id_.fetch_add(1);
    const uint64_t resume_at = delivered;
    uint64_t produced = 0;  // Samples this attempt has produced.
    bool cancel_sent = false;
    // Silence by the clock, not by counting polls: on a loaded machine each
    // poll wakes late, and the count ran seconds behind the timeout.
    absl::Time last_heard = absl::Now();
    absl::Status done = absl::UnavailableError("worker lost");
    bool finished = false;
    bool hung = false;
    if (WriteFrame(slot->fd, FrameType::kSynthesize, job_id, request_payload)
            .ok()) {
      while (true) {
        if (!cancel_sent && sink.Cancelled()) {
          cancel_sent = true;
          (void)WriteFrame(slot->fd, FrameType::kCancel, job_id, "");
        }
        absl::StatusOr<Frame> frame = slot->reader->Read(kPollMs);
        if (absl::IsDeadlineExceeded(frame.status())) {
          if (absl::Now() - last_heard <
              absl::Milliseconds(options_.silence_timeout_ms)) {
            continue;
          }
          hung = true;
          break;
        }
        if (!frame.ok()) break;
        last_heard = absl::Now();
        if (frame->job_id != job_id) continue;  // Left over from a cancel.
        if (frame->type == FrameType::kAudio) {
          std::span<const int16_t> pcm = AudioSamples(*frame);
          uint64_t start = produced;
          produced += pcm.size();
          // On a re-run, skip what the listener already has.
          if (produced > delivered && !cancel_sent) {
            uint64_t skip = delivered > start ? delivered - start : 0;
            sink.OnAudio(pcm.subspan(skip));
            delivered = produced;
          }
        } else if (frame->type == FrameType::kWord) {
          absl::StatusOr<WordEvent> word = DecodeWord(frame->payload);
          if (word.ok() &&
              (word->sample_offset >= resume_at || resume_at == 0) &&
              !cancel_sent) {
            sink.OnWord(*word);
          }
        } else if (frame->type == FrameType::kDone) {
          done = DecodeStatus(frame->payload);
          finished = true;
          break;
        }
      }
    }
    if (finished) {
      {
        absl::MutexLock lock(&mu_);
        ++stats_.jobs_done;
      }
      sink.OnDone(cancel_sent ? absl::CancelledError("the listener left")
                              : done);
      return;
    }
    // The worker died, broke the protocol or hung: replace it.
    pid_t pid = slot->pid.exchange(-1);
    int wait_status = 0;
    if (pid > 0) {
      kill(pid, SIGKILL);
      while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
      }
    }
    CloseSocket(slot);
    bool stopping;
    {
      absl::MutexLock lock(&mu_);
      stopping = stopping_;
      if (!stopping) ++stats_.worker_crashes;
    }
    // Outside mu_: the sink may call back into the pool (see JobSink).
    if (stopping) {
      sink.OnDone(absl::UnavailableError("the server is shutting down"));
      return;
    }
    ReportExit(pid, wait_status, hung, /*during_job=*/true);
    failure = absl::UnavailableError(
        "the speech engine stopped unexpectedly on this sentence");
    if (cancel_sent || sink.Cancelled()) {
      sink.OnDone(absl::CancelledError("the listener left"));
      return;
    }
    absl::Status spawned = Spawn(slot);
    if (spawned.ok()) {
      absl::MutexLock lock(&mu_);
      ++stats_.worker_restarts;
    } else {
      logging::Log(logging::Level::kError, "worker_restart_failed",
                   logging::Fields().Add("error", spawned.message()));
    }
  }
  sink.OnDone(absl::UnavailableError(absl::StrCat(
      failure.message(), " (tried ", options_.max_attempts, " times)")));
}

std::vector<pid_t> WorkerPool::WorkerPids() const {
  std::vector<pid_t> pids;
  for (const auto& slot : slots_) {
    pid_t pid = slot->pid.load();
    if (pid > 0) pids.push_back(pid);
  }
  return pids;
}

WorkerPoolStats WorkerPool::stats() const {
  absl::MutexLock lock(&mu_);
  WorkerPoolStats stats = stats_;
  stats.jobs_queued = now_queue_.size() + ahead_queue_.size();
  return stats;
}

}  // namespace policyreader::synth
