#include "client/player/audio_output.h"

#include <fcntl.h>
#include <portaudio.h>
#include <unistd.h>

#include <cstdio>
#include <span>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace policyreader::player {
namespace {

absl::Status PaErrorStatus(absl::string_view what, PaError error) {
  const std::string message =
      absl::StrCat(what, ": ", Pa_GetErrorText(error), " (PortAudio)");
  switch (error) {
    case paInvalidSampleRate:
    case paInvalidChannelCount:
    case paSampleFormatNotSupported:
    case paInvalidDevice:
      return absl::InvalidArgumentError(message);
    case paDeviceUnavailable:
    case paNoDevice:
      return absl::FailedPreconditionError(message);
    default:
      return absl::InternalError(message);
  }
}

// Points fd 2 at /dev/null for its lifetime. Audio back ends print device
// probing chatter (ALSA, JACK) that would drown what a screen reader says.
class ScopedStderrSilencer {
 public:
  explicit ScopedStderrSilencer(bool enable) {
    if (!enable) return;
    std::fflush(stderr);
    const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_fd < 0) return;
    saved_fd_ = ::fcntl(2, F_DUPFD_CLOEXEC, 0);
    if (saved_fd_ >= 0) ::dup2(null_fd, 2);
    ::close(null_fd);
  }
  ~ScopedStderrSilencer() {
    if (saved_fd_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_fd_, 2);
    ::close(saved_fd_);
  }
  ScopedStderrSilencer(const ScopedStderrSilencer&) = delete;
  ScopedStderrSilencer& operator=(const ScopedStderrSilencer&) = delete;

 private:
  int saved_fd_ = -1;
};

bool IsOutputDevice(PaDeviceIndex index) {
  const PaDeviceInfo* info = Pa_GetDeviceInfo(index);
  return info != nullptr && info->maxOutputChannels > 0;
}

std::vector<std::string> OutputDeviceNames() {
  std::vector<std::string> names;
  const PaDeviceIndex default_index = Pa_GetDefaultOutputDevice();
  if (default_index != paNoDevice && IsOutputDevice(default_index)) {
    names.push_back(Pa_GetDeviceInfo(default_index)->name);
  }
  const PaDeviceIndex count = Pa_GetDeviceCount();
  for (PaDeviceIndex i = 0; i < count; ++i) {
    if (i != default_index && IsOutputDevice(i)) {
      names.push_back(Pa_GetDeviceInfo(i)->name);
    }
  }
  return names;
}

absl::StatusOr<PaDeviceIndex> FindOutputDevice(const std::string& name) {
  if (name.empty()) {
    const PaDeviceIndex index = Pa_GetDefaultOutputDevice();
    if (index == paNoDevice || !IsOutputDevice(index)) {
      return absl::FailedPreconditionError(
          "Der er ingen lydenhed til afspilning");
    }
    return index;
  }
  const PaDeviceIndex count = Pa_GetDeviceCount();
  if (count < 0) return PaErrorStatus("Pa_GetDeviceCount", count);
  std::vector<PaDeviceIndex> partial;
  const std::string wanted = absl::AsciiStrToLower(name);
  for (PaDeviceIndex i = 0; i < count; ++i) {
    if (!IsOutputDevice(i)) continue;
    const std::string device = Pa_GetDeviceInfo(i)->name;
    if (device == name) return i;
    if (absl::StrContains(absl::AsciiStrToLower(device), wanted)) {
      partial.push_back(i);
    }
  }
  if (partial.size() == 1) return partial.front();
  const std::string known = absl::StrJoin(OutputDeviceNames(), "\", \"");
  if (partial.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "Lydenheden \"", name, "\" findes ikke. Mulige: \"", known, "\""));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "Lydenheden \"", name, "\" er tvetydig. Mulige: \"", known, "\""));
}

int StreamCallback(const void* /*input*/, void* output,
                   unsigned long frame_count,
                   const PaStreamCallbackTimeInfo* /*time_info*/,
                   PaStreamCallbackFlags /*status_flags*/, void* user_data) {
  auto* target = static_cast<std::pair<PlaybackSource*, int>*>(user_data);
  const std::span<int16_t> samples(
      static_cast<int16_t*>(output),
      static_cast<size_t>(frame_count) * static_cast<size_t>(target->second));
  return target->first->Fill(samples) == PlaybackSource::FillResult::kFinished
             ? paComplete
             : paContinue;
}

}  // namespace

// Pa_Initialize on construction, Pa_Terminate on destruction. PortAudio
// counts initializations, so several may be alive at once.
class AudioOutput::Library {
 public:
  static absl::StatusOr<std::unique_ptr<Library>> Initialize(bool quiet) {
    PaError error;
    {
      ScopedStderrSilencer silencer(quiet);
      error = Pa_Initialize();
    }
    if (error != paNoError) return PaErrorStatus("Pa_Initialize", error);
    return std::unique_ptr<Library>(new Library());
  }
  ~Library() { Pa_Terminate(); }

  // The PortAudio callback's user data: stable for the stream's life.
  std::pair<PlaybackSource*, int> callback_target{nullptr, 1};

 private:
  Library() = default;
};

AudioOutput::AudioOutput(std::unique_ptr<Library> library,
                         PlaybackSource* source, int channels)
    : library_(std::move(library)), source_(source), channels_(channels) {}

absl::StatusOr<std::unique_ptr<AudioOutput>> AudioOutput::Open(
    const AudioOutputOptions& options, PlaybackSource* source) {
  if (options.channels < 1 || options.channels > 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("Ugyldigt antal kanaler: ", options.channels));
  }
  if (options.sample_rate_hz <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("Ugyldig samplerate: ", options.sample_rate_hz));
  }
  absl::StatusOr<std::unique_ptr<Library>> library =
      Library::Initialize(options.quiet_backend_logs);
  if (!library.ok()) return library.status();
  absl::StatusOr<PaDeviceIndex> device = FindOutputDevice(options.device);
  if (!device.ok()) return device.status();
  const PaDeviceInfo* info = Pa_GetDeviceInfo(*device);

  std::unique_ptr<AudioOutput> output(
      new AudioOutput(*std::move(library), source, options.channels));
  output->library_->callback_target = {source, options.channels};
  output->device_name_ = info->name;

  PaStreamParameters parameters{};
  parameters.device = *device;
  parameters.channelCount = options.channels;
  parameters.sampleFormat = paInt16;
  parameters.suggestedLatency = options.suggested_latency_s > 0
                                    ? options.suggested_latency_s
                                    : info->defaultHighOutputLatency;
  parameters.hostApiSpecificStreamInfo = nullptr;
  PaStream* stream = nullptr;
  const PaError error = Pa_OpenStream(
      &stream, /*inputParameters=*/nullptr, &parameters, options.sample_rate_hz,
      paFramesPerBufferUnspecified, paNoFlag, &StreamCallback,
      &output->library_->callback_target);
  if (error != paNoError) {
    return PaErrorStatus(
        absl::StrCat("Kunne ikke åbne lydenheden \"", info->name, "\" (",
                     options.sample_rate_hz, " Hz)"),
        error);
  }
  output->stream_ = stream;
  if (const PaStreamInfo* stream_info = Pa_GetStreamInfo(stream)) {
    output->output_latency_s_ = stream_info->outputLatency;
  }
  return output;
}

AudioOutput::~AudioOutput() {
  if (stream_ == nullptr) return;
  auto* stream = static_cast<PaStream*>(stream_);
  if (Pa_IsStreamStopped(stream) == 0) Pa_AbortStream(stream);
  Pa_CloseStream(stream);
}

absl::Status AudioOutput::Start() {
  const PaError error = Pa_StartStream(static_cast<PaStream*>(stream_));
  if (error != paNoError) return PaErrorStatus("Pa_StartStream", error);
  started_ = true;
  return absl::OkStatus();
}

absl::Status AudioOutput::WaitUntilDone(absl::Duration timeout,
                                        const std::atomic<bool>& cancel) {
  auto* stream = static_cast<PaStream*>(stream_);
  const absl::Time deadline = absl::Now() + timeout;
  // The callback cannot signal (no locks, no syscalls in real time), so poll
  // at a rate well below a buffer's length. After the callback returns
  // paComplete, PortAudio plays the queued buffers and turns inactive.
  while (true) {
    if (cancel.load(std::memory_order_acquire)) {
      absl::Status aborted = Abort();
      if (!aborted.ok()) return aborted;
      return absl::CancelledError("Afspilningen blev afbrudt");
    }
    const PaError active = Pa_IsStreamActive(stream);
    if (active < 0) return PaErrorStatus("Pa_IsStreamActive", active);
    if (active == 0) {
      if (absl::Status running = CheckRunning(); !running.ok()) {
        (void)Abort();
        return running;
      }
      break;
    }
    if (absl::Now() > deadline) {
      absl::Status aborted = Abort();
      if (!aborted.ok()) return aborted;
      return absl::DeadlineExceededError(
          "Lydenheden blev ikke færdig med at afspille i tide");
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return Stop();
}

absl::Status AudioOutput::CheckRunning() const {
  if (!started_) return absl::OkStatus();
  // Activity first: the source finishes before a completed stream turns
  // inactive, so "inactive and not finished" cannot be a normal end.
  const PaError active = Pa_IsStreamActive(static_cast<PaStream*>(stream_));
  if (active < 0) return PaErrorStatus("Pa_IsStreamActive", active);
  if (active == 1 || source_->finished()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(
      "Lydenheden \"", device_name_, "\" holdt op med at spille midt i lyden"));
}

absl::Status AudioOutput::Stop() {
  auto* stream = static_cast<PaStream*>(stream_);
  if (Pa_IsStreamStopped(stream) == 1) return absl::OkStatus();
  const PaError error = Pa_StopStream(stream);
  if (error != paNoError) return PaErrorStatus("Pa_StopStream", error);
  return absl::OkStatus();
}

absl::Status AudioOutput::Abort() {
  auto* stream = static_cast<PaStream*>(stream_);
  if (Pa_IsStreamStopped(stream) == 1) return absl::OkStatus();
  const PaError error = Pa_AbortStream(stream);
  if (error != paNoError) return PaErrorStatus("Pa_AbortStream", error);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> AudioOutput::ListOutputDevices(
    bool quiet_backend_logs) {
  absl::StatusOr<std::unique_ptr<Library>> library =
      Library::Initialize(quiet_backend_logs);
  if (!library.ok()) return library.status();
  return OutputDeviceNames();
}

}  // namespace policyreader::player
