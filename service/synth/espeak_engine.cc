// The only file that includes eSpeak NG headers; see espeak_engine.h.
#include "service/synth/espeak_engine.h"

#include <espeak-ng/speak_lib.h>
#include <unistd.h>

#include <atomic>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace policyreader::synth {
namespace {

// eSpeak's callback has no per-call context except user_data on events, so
// the active synthesis is reached through this pointer; one engine per
// process makes that safe.
struct ActiveSynthesis {
  EngineSink* sink = nullptr;
  bool aborted = false;
  bool word_marks = false;
  int sample_rate_hz = 22050;
  // Byte offset of each character start, for turning eSpeak's character
  // positions into byte offsets in the UTF-8 text.
  std::vector<uint32_t> char_to_byte;
};
ActiveSynthesis* g_active = nullptr;
std::atomic<bool> g_engine_exists{false};

uint32_t ByteOffset(const ActiveSynthesis& active, int char_index) {
  if (char_index < 0) return 0;
  if (static_cast<size_t>(char_index) >= active.char_to_byte.size()) {
    return active.char_to_byte.empty() ? 0 : active.char_to_byte.back();
  }
  return active.char_to_byte[char_index];
}

int SynthCallback(short* wav, int num_samples, espeak_EVENT* events) {
  ActiveSynthesis* active = g_active;
  if (active == nullptr || active->aborted) return 1;
  if (active->word_marks) {
    for (espeak_EVENT* e = events; e->type != espeakEVENT_LIST_TERMINATED;
         ++e) {
      // eSpeak also reports zero-length "words" (e.g. for punctuation).
      if (e->type != espeakEVENT_WORD || e->length <= 0) continue;
      // text_position counts characters from 1.
      uint32_t begin = ByteOffset(*active, e->text_position - 1);
      uint32_t end = ByteOffset(*active, e->text_position - 1 + e->length);
      uint64_t sample = static_cast<uint64_t>(e->audio_position) *
                        active->sample_rate_hz / 1000;
      active->sink->OnWord(begin, end - begin, sample);
    }
  }
  if (wav != nullptr && num_samples > 0) {
    if (!active->sink->OnAudio(std::span<const int16_t>(
            reinterpret_cast<const int16_t*>(wav), num_samples))) {
      active->aborted = true;
      return 1;
    }
  }
  return 0;
}

std::vector<uint32_t> CharToByteTable(const std::string& text) {
  std::vector<uint32_t> table;
  table.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      table.push_back(static_cast<uint32_t>(i));
    }
  }
  table.push_back(static_cast<uint32_t>(text.size()));
  return table;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EspeakEngine>> EspeakEngine::Create(
    const EspeakEngineOptions& options) {
  if (g_engine_exists.exchange(true)) {
    return absl::FailedPreconditionError(
        "eSpeak NG allows one engine per process");
  }
  // eSpeak silently falls back to its default data when the given folder is
  // wrong; a wrong --espeak_data must be an error, not a surprise.
  if (!options.data_path.empty() &&
      access((options.data_path + "/phontab").c_str(), R_OK) != 0 &&
      access((options.data_path + "/espeak-ng-data/phontab").c_str(), R_OK) !=
          0) {
    g_engine_exists = false;
    return absl::FailedPreconditionError(
        absl::StrCat("no eSpeak NG data (phontab) in '", options.data_path,
                     "'; install espeak-ng-data or pass --espeak_data=DIR"));
  }
  // DONT_EXIT: a library must never end the process behind our back.
  int rate = espeak_Initialize(
      AUDIO_OUTPUT_SYNCHRONOUS, options.buffer_ms,
      options.data_path.empty() ? nullptr : options.data_path.c_str(),
      espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0) {
    g_engine_exists = false;
    return absl::FailedPreconditionError(absl::StrCat(
        "eSpeak NG could not load its data from '",
        options.data_path.empty() ? "the default path" : options.data_path,
        "'; install espeak-ng-data or pass --espeak_data=DIR"));
  }
  // espeak_Initialize succeeds even when the data folder is missing; the
  // failure would only show at the first voice. Check the phoneme table.
  const char* used_path = nullptr;
  espeak_Info(&used_path);
  std::string phontab = absl::StrCat(used_path ? used_path : "", "/phontab");
  if (access(phontab.c_str(), R_OK) != 0) {
    espeak_Terminate();
    g_engine_exists = false;
    return absl::FailedPreconditionError(absl::StrCat(
        "eSpeak NG data not found at '", used_path ? used_path : "",
        "'; install espeak-ng-data or pass --espeak_data=DIR"));
  }
  espeak_SetSynthCallback(SynthCallback);
  return std::unique_ptr<EspeakEngine>(new EspeakEngine(rate));
}

EspeakEngine::~EspeakEngine() {
  espeak_Terminate();
  g_engine_exists = false;
}

absl::Status EspeakEngine::UseVoice(const std::string& espeak_voice) {
  if (espeak_voice == current_voice_) return absl::OkStatus();
  if (espeak_SetVoiceByName(espeak_voice.c_str()) != EE_OK) {
    current_voice_.clear();
    return absl::NotFoundError(
        absl::StrCat("eSpeak NG has no voice '", espeak_voice, "'"));
  }
  current_voice_ = espeak_voice;
  return absl::OkStatus();
}

absl::StatusOr<std::string> EspeakEngine::Phonemes(
    std::string_view text, const std::string& espeak_voice) {
  if (absl::Status s = UseVoice(espeak_voice); !s.ok()) return s;
  // espeak_TextToPhonemes reads up to a NUL and returns one clause a call,
  // advancing the pointer until it is null.
  std::string input(text);
  const void* cursor = input.c_str();
  std::string phonemes;
  while (cursor != nullptr) {
    const char* clause = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8,
                                               /*phonememode=*/0);
    if (clause == nullptr || *clause == '\0') continue;
    if (!phonemes.empty()) phonemes.push_back(' ');
    phonemes.append(clause);
  }
  return phonemes;
}

absl::Status EspeakEngine::Synthesize(const EngineRequest& request,
                                      EngineSink* sink) {
  if (absl::Status s = UseVoice(request.espeak_voice); !s.ok()) return s;
  espeak_SetParameter(espeakRATE, request.rate_wpm, 0);
  espeak_SetParameter(espeakPITCH, request.pitch, 0);

  ActiveSynthesis active;
  active.sink = sink;
  active.word_marks = request.word_marks;
  active.sample_rate_hz = sample_rate_hz_;
  if (request.word_marks) active.char_to_byte = CharToByteTable(request.text);
  g_active = &active;
  // No espeakSSML and no espeakPHONEMES: the text is only ever read, never
  // obeyed as markup or phoneme codes. ENDPAUSE gives the sentence its
  // natural closing pause so consecutive sentences do not run together.
  unsigned int flags = espeakCHARS_UTF8;
  if (request.end_pause) flags |= espeakENDPAUSE;
  espeak_ERROR err = espeak_Synth(request.text.c_str(), request.text.size() + 1,
                                  0, POS_CHARACTER, 0, flags, nullptr, nullptr);
  if (err == EE_OK) err = espeak_Synchronize();
  g_active = nullptr;
  if (active.aborted) {
    // Leave the engine ready for the next request.
    espeak_Cancel();
    return absl::CancelledError("synthesis aborted");
  }
  if (err != EE_OK) {
    return absl::InternalError(
        absl::StrCat("eSpeak NG failed (error ", err, ")"));
  }
  return absl::OkStatus();
}

}  // namespace policyreader::synth
