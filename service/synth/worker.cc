// Worker process main loop; see worker.h.
#include "service/synth/worker.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "service/synth/espeak_engine.h"
#include "service/synth/worker_protocol.h"

namespace policyreader::synth {
namespace {

// Forwards engine output to the server and watches for a cancel between
// buffers, so a cancelled job stops within one buffer (a fraction of a
// millisecond of engine time).
class SocketSink : public EngineSink {
 public:
  SocketSink(int fd, uint32_t job_id) : fd_(fd), job_id_(job_id) {}

  bool OnAudio(std::span<const int16_t> pcm) override {
    if (!ok_) return false;
    std::string_view bytes(reinterpret_cast<const char*>(pcm.data()),
                           pcm.size_bytes());
    if (!WriteFrame(fd_, FrameType::kAudio, job_id_, bytes).ok()) {
      ok_ = false;
      return false;
    }
    return !CancelRequested();
  }

  void OnWord(uint32_t text_begin, uint32_t text_length,
              uint64_t sample_offset) override {
    if (!ok_) return;
    ok_ = WriteFrame(fd_, FrameType::kWord, job_id_,
                     EncodeWord({text_begin, text_length, sample_offset}))
              .ok();
  }

  bool socket_ok() const { return ok_; }

 private:
  bool CancelRequested() {
    // The server sends one job at a time, so anything readable now is a
    // cancel (for this job, or a stale one for a job already done) or EOF.
    while (FrameReady(fd_)) {
      absl::StatusOr<Frame> frame = ReadFrame(fd_);
      if (!frame.ok()) {
        ok_ = false;
        return true;
      }
      if (frame->type == FrameType::kCancel && frame->job_id == job_id_) {
        return true;
      }
    }
    return false;
  }

  int fd_;
  uint32_t job_id_;
  bool ok_ = true;
};

// How a job's child process ends when the socket to the server broke: the
// server is gone, and so is this worker.
constexpr int kSocketLostExit = 3;

// Runs one job in this (child) process and says how the child should exit.
int RunJob(EspeakEngine& engine, int fd, const Frame& frame) {
  absl::StatusOr<EngineRequest> request = DecodeRequest(frame.payload);
  absl::Status result;
  SocketSink sink(fd, frame.job_id);
  if (request.ok()) {
    result = engine.Synthesize(*request, &sink);
  } else {
    result = request.status();
  }
  if (!sink.socket_ok()) return kSocketLostExit;
  if (!WriteFrame(fd, FrameType::kDone, frame.job_id, EncodeStatus(result))
           .ok()) {
    return kSocketLostExit;
  }
  return 0;
}

}  // namespace

absl::Status RunWorker(const WorkerOptions& options) {
  absl::StatusOr<std::unique_ptr<EspeakEngine>> engine = EspeakEngine::Create(
      {.data_path = options.espeak_data_path, .buffer_ms = options.buffer_ms});
  if (!engine.ok()) return engine.status();
  absl::Status status = WriteFrame(options.fd, FrameType::kReady, 0,
                                   EncodeU32((*engine)->sample_rate_hz()));
  if (!status.ok()) return status;

  // eSpeak NG carries state from one synthesis into the next (its pitch
  // flutter position, glottal cycle count and gain control are static
  // variables no call resets), so the same sentence came out a little
  // different each time, and differently on every worker and server. Each
  // job therefore runs in a child forked from this process, which never
  // synthesizes itself (it only loads voices) and so keeps the engine as it
  // was after start-up: the same request gives the same samples on any
  // worker, on any instance, after any restart. What that costs is in
  // BENCHMARKS.md. The child is the one that talks to the server during the
  // job (this process waits), so the protocol is unchanged.
  const pid_t self = getpid();
  while (true) {
    absl::StatusOr<Frame> frame = ReadFrame(options.fd);
    if (!frame.ok()) return absl::OkStatus();  // Server closed: done.
    if (frame->type != FrameType::kSynthesize) continue;  // Stale cancel.
    // Loading a voice costs a few milliseconds (its dictionary), more than
    // the fork: done here, it is done once per voice rather than per job.
    // Loading alone synthesizes nothing and leaves no state behind that
    // changes a later synthesis (worker_pool_test switches voices between
    // jobs and compares their samples).
    if (absl::StatusOr<EngineRequest> request = DecodeRequest(frame->payload);
        request.ok()) {
      (void)(*engine)->UseVoice(request->espeak_voice);  // The job reports.
    }
    const pid_t child = fork();
    if (child < 0) {
      return absl::InternalError(
          absl::StrCat("cannot fork a job: ", strerror(errno)));
    }
    if (child == 0) {
      // The server kills this worker when a job hangs: the job goes too.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != self) _exit(kSocketLostExit);
      _exit(RunJob(**engine, options.fd, *frame));
    }
    int wait_status = 0;
    while (waitpid(child, &wait_status, 0) < 0) {
      if (errno != EINTR) {
        return absl::InternalError(
            absl::StrCat("lost a job's process: ", strerror(errno)));
      }
    }
    if (WIFSIGNALED(wait_status)) {
      // A crash in eSpeak: die of the same signal, so the server sees and
      // logs it as before, and replaces this worker.
      const int signal_number = WTERMSIG(wait_status);
      signal(signal_number, SIG_DFL);
      raise(signal_number);
      _exit(128 + signal_number);
    }
    if (WEXITSTATUS(wait_status) != 0) return absl::OkStatus();
  }
}

}  // namespace policyreader::synth
