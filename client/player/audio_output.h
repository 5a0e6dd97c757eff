// Plays 16-bit PCM on a sound device through PortAudio. The only place in the
// project that talks to PortAudio: it initializes and terminates the library
// (RAII), opens an output stream on the default or a named device and runs a
// callback that pulls from a PlaybackSource (which reads the SPSC ring). Every
// PortAudio error becomes an absl::Status carrying Pa_GetErrorText.
//
// Thread-safety: an AudioOutput is controlled by one thread (Open, Start,
// started, CheckRunning, WaitUntilDone, Stop, Abort, destruction); started_
// is a plain bool because only that thread touches it. PortAudio calls the
// source's Fill() on its own real-time thread; that callback never locks or
// allocates. underruns() and frames_played() may be read from any thread.
#ifndef POLICY_READER_CLIENT_PLAYER_AUDIO_OUTPUT_H_
#define POLICY_READER_CLIENT_PLAYER_AUDIO_OUTPUT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/player/playback_source.h"

namespace policyreader::player {

struct AudioOutputOptions {
  // A PortAudio output device name (as ListOutputDevices() shows it); an
  // exact match wins, else a unique case-insensitive substring. Empty means
  // PortAudio's default output device.
  std::string device;
  int sample_rate_hz = 22050;
  int channels = 1;
  // Output latency asked of the device; 0 means the device's default high
  // latency, which favours glitch-free playback over responsiveness.
  double suggested_latency_s = 0;
  // Audio back ends (ALSA, JACK) print probing noise on stderr while
  // PortAudio initializes. Hide it unless asked to keep it.
  bool quiet_backend_logs = true;
};

class AudioOutput {
 public:
  // Opens (does not start) the stream. `source` must outlive the returned
  // object. NOT_FOUND for an unknown device, FAILED_PRECONDITION when there
  // is no usable output device, INVALID_ARGUMENT for an unsupported format,
  // INTERNAL for other PortAudio errors.
  static absl::StatusOr<std::unique_ptr<AudioOutput>> Open(
      const AudioOutputOptions& options, PlaybackSource* source);

  // Aborts a running stream, closes it and terminates PortAudio.
  ~AudioOutput();

  AudioOutput(const AudioOutput&) = delete;
  AudioOutput& operator=(const AudioOutput&) = delete;

  absl::Status Start();
  bool started() const { return started_; }

  // Blocks until the source has played out (end of stream, ring drained) and
  // the device has played its buffers, then stops the stream. Returns early
  // with CANCELLED (after aborting) once `cancel` becomes true,
  // DEADLINE_EXCEEDED (after aborting) if that takes longer than `timeout`,
  // and INTERNAL if the stream stopped by itself before the end.
  absl::Status WaitUntilDone(absl::Duration timeout,
                             const std::atomic<bool>& cancel);

  // OK while the stream plays, before Start() and after the source has
  // finished; INTERNAL if the stream stopped by itself before that (a device
  // error, e.g. an unplugged headset), which would otherwise leave a
  // producer waiting forever for room in the ring.
  absl::Status CheckRunning() const;

  // Stops after the buffers already handed to the device have played.
  absl::Status Stop();
  // Stops at once, dropping what is buffered.
  absl::Status Abort();

  // The device actually opened.
  const std::string& device_name() const { return device_name_; }
  // Output latency the device reported when opened, in seconds.
  double output_latency_s() const { return output_latency_s_; }
  uint64_t underruns() const { return source_->underruns(); }
  uint64_t frames_played() const { return source_->frames_played(); }

  // Names of the devices that can play audio, default first.
  static absl::StatusOr<std::vector<std::string>> ListOutputDevices(
      bool quiet_backend_logs = true);

 private:
  class Library;
  AudioOutput(std::unique_ptr<Library> library, PlaybackSource* source,
              int channels);

  std::unique_ptr<Library> library_;
  PlaybackSource* const source_;
  const int channels_;
  void* stream_ = nullptr;  // PaStream*; the header stays free of PortAudio.
  bool started_ = false;
  std::string device_name_;
  double output_latency_s_ = 0;
};

}  // namespace policyreader::player

#endif  // POLICY_READER_CLIENT_PLAYER_AUDIO_OUTPUT_H_
