// Worker process main loop; see worker.h.
#include "service/synth/worker.h"

#include <cstdio>

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

}  // namespace

absl::Status RunWorker(const WorkerOptions& options) {
  absl::StatusOr<std::unique_ptr<EspeakEngine>> engine = EspeakEngine::Create(
      {.data_path = options.espeak_data_path, .buffer_ms = options.buffer_ms});
  if (!engine.ok()) return engine.status();
  absl::Status status = WriteFrame(options.fd, FrameType::kReady, 0,
                                   EncodeU32((*engine)->sample_rate_hz()));
  if (!status.ok()) return status;

  while (true) {
    absl::StatusOr<Frame> frame = ReadFrame(options.fd);
    if (!frame.ok()) return absl::OkStatus();  // Server closed: done.
    if (frame->type != FrameType::kSynthesize) continue;  // Stale cancel.
    absl::StatusOr<EngineRequest> request = DecodeRequest(frame->payload);
    absl::Status result;
    SocketSink sink(options.fd, frame->job_id);
    if (request.ok()) {
      result = (*engine)->Synthesize(*request, &sink);
    } else {
      result = request.status();
    }
    if (!sink.socket_ok()) return absl::OkStatus();
    status = WriteFrame(options.fd, FrameType::kDone, frame->job_id,
                        EncodeStatus(result));
    if (!status.ok()) return absl::OkStatus();
  }
}

}  // namespace policyreader::synth
