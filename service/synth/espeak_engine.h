// The one owner of eSpeak NG: initialization, voice and parameter setting,
// and synthesis with streamed PCM and word events. eSpeak NG keeps global
// state and is not thread-safe, so an EspeakEngine lives alone in its process
// (a synthesis worker, or a benchmark measuring the engine's own speed).
//
// Thread-safety: one EspeakEngine per process, used from one thread.
#ifndef POLICY_READER_SERVICE_SYNTH_ESPEAK_ENGINE_H_
#define POLICY_READER_SERVICE_SYNTH_ESPEAK_ENGINE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace policyreader::synth {

// What to say and how. Text is plain UTF-8: never SSML, never phoneme input.
struct EngineRequest {
  std::string espeak_voice = "da";
  int rate_wpm = 165;  // 80 .. 525+ (above 450 eSpeak speeds up via sonic).
  int pitch = 50;      // 0 .. 100.
  bool word_marks = false;
  // The closing pause and falling tone of a finished sentence; off where a
  // long sentence was cut at a clause and the next request continues it.
  bool end_pause = true;
  std::string text;
};

class EngineSink {
 public:
  virtual ~EngineSink() = default;
  // Called as audio is produced. Return false to abort the synthesis.
  virtual bool OnAudio(std::span<const int16_t> pcm) = 0;
  // A word begins at `sample_offset` in this request's audio; the word is
  // text[text_begin, text_begin + text_length) in bytes.
  virtual void OnWord(uint32_t text_begin, uint32_t text_length,
                      uint64_t sample_offset) = 0;
};

struct EspeakEngineOptions {
  // Folder holding espeak-ng-data; empty means the library's built-in path.
  std::string data_path;
  // Audio is handed to the sink in buffers of about this length (or at a
  // clause end). eSpeak makes 500 ms of audio in well under a millisecond,
  // so first audio and cancel stay prompt, while every buffer costs the
  // worker a send and the server a wake-up, a read and a message: 500 ms
  // took the server's share of the CPU from about 18% to 13% against
  // 200 ms (BENCHMARKS.md).
  int buffer_ms = 500;
};

class EspeakEngine {
 public:
  // FAILED_PRECONDITION with what to fix when the engine data is missing.
  // At most one engine may exist per process.
  static absl::StatusOr<std::unique_ptr<EspeakEngine>> Create(
      const EspeakEngineOptions& options);
  ~EspeakEngine();
  EspeakEngine(const EspeakEngine&) = delete;
  EspeakEngine& operator=(const EspeakEngine&) = delete;

  int sample_rate_hz() const { return sample_rate_hz_; }

  // Synthesizes `request.text` to the end, or until the sink aborts
  // (CANCELLED). NOT_FOUND for a voice eSpeak does not have.
  absl::Status Synthesize(const EngineRequest& request, EngineSink* sink);

  // eSpeak NG's own phoneme transcription of `text` (its ASCII phoneme
  // notation, as `espeak-ng -x` prints it; clauses joined by spaces): what
  // the listener will hear, for checking the text pipeline's spoken forms.
  // Read as plain text like Synthesize. NOT_FOUND for an unknown voice.
  absl::StatusOr<std::string> Phonemes(std::string_view text,
                                       const std::string& espeak_voice);

  // Loads `espeak_voice` (its dictionary, a few milliseconds) unless it is
  // the current one; Synthesize and Phonemes do this themselves. NOT_FOUND
  // for a voice eSpeak does not have.
  absl::Status UseVoice(const std::string& espeak_voice);

 private:
  explicit EspeakEngine(int sample_rate_hz) : sample_rate_hz_(sample_rate_hz) {}
  int sample_rate_hz_;
  std::string current_voice_;
};

}  // namespace policyreader::synth

#endif  // POLICY_READER_SERVICE_SYNTH_ESPEAK_ENGINE_H_
