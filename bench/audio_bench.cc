// Cost of the audio conditioning each sentence goes through after eSpeak,
// side by side with eSpeak's own cost for the same sentence (Google
// Benchmark). Counter "audio_s_per_s": seconds of audio handled per second
// of CPU; compare each path with "espeak" to see what it adds.
//  - passthrough: the default voice at the engine's rate (no resampling);
//  - resample_8k: to 8000 Hz for G.711 (libsoxr);
//  - telephone_8k: the phone voice: resample, band-pass and level (whole
//    sentence); then G.711 A-law encoding, as the stream does.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "service/audio/encoder.h"
#include "service/audio/pcm_stage.h"
#include "service/synth/espeak_engine.h"

namespace policyreader {
namespace {

constexpr char kSentence[] =
    "Lederen skal sikre, at arbejdet er tilrettelagt, så belastningen er "
    "rimelig, og holder mindst én trivselssamtale om året med hver "
    "medarbejder.";

class Collect : public synth::EngineSink {
 public:
  bool OnAudio(std::span<const int16_t> pcm) override {
    pcm_.insert(pcm_.end(), pcm.begin(), pcm.end());
    return true;
  }
  void OnWord(uint32_t, uint32_t, uint64_t) override {}
  std::vector<int16_t> pcm_;
};

synth::EspeakEngine& Engine() {
  static synth::EspeakEngine* engine = [] {
    auto created = synth::EspeakEngine::Create({});
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *engine;
}

const std::vector<int16_t>& SentenceAudio() {
  static const std::vector<int16_t>* pcm = [] {
    Collect sink;
    synth::EngineRequest request;
    request.text = kSentence;
    if (!Engine().Synthesize(request, &sink).ok()) std::abort();
    return new std::vector<int16_t>(std::move(sink.pcm_));
  }();
  return *pcm;
}

void SetAudioCounter(benchmark::State& state) {
  const double seconds = static_cast<double>(SentenceAudio().size()) /
                         Engine().sample_rate_hz();
  state.counters["audio_s_per_s"] = benchmark::Counter(
      seconds * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

void BM_Espeak(benchmark::State& state) {
  synth::EngineRequest request;
  request.text = kSentence;
  for (auto _ : state) {
    Collect sink;
    if (!Engine().Synthesize(request, &sink).ok()) state.SkipWithError("eSpeak");
    benchmark::DoNotOptimize(sink.pcm_.data());
  }
  SetAudioCounter(state);
}
BENCHMARK(BM_Espeak)->Name("espeak");

void Condition(benchmark::State& state, audio::PcmStageOptions options,
               audio::Encoding encoding) {
  const std::vector<int16_t>& in = SentenceAudio();
  options.input_rate_hz = Engine().sample_rate_hz();
  for (auto _ : state) {
    auto stage = audio::PcmStage::Create(options);
    if (!stage.ok()) state.SkipWithError("stage");
    std::vector<int16_t> out;
    // In engine-sized buffers, as the stream feeds it.
    for (size_t at = 0; at < in.size(); at += 4410) {
      (*stage)->Process(std::span<const int16_t>(in).subspan(
                            at, std::min<size_t>(4410, in.size() - at)),
                        &out);
    }
    (*stage)->Flush(&out);
    std::string bytes;
    audio::MakeEncoder(encoding)->Encode(out, &bytes);
    benchmark::DoNotOptimize(bytes.data());
  }
  SetAudioCounter(state);
}

void BM_Passthrough(benchmark::State& state) {
  Condition(state, {.output_rate_hz = 22050}, audio::Encoding::kLinear16);
}
BENCHMARK(BM_Passthrough)->Name("passthrough");

void BM_Resample8k(benchmark::State& state) {
  Condition(state, {.output_rate_hz = 8000}, audio::Encoding::kAlaw);
}
BENCHMARK(BM_Resample8k)->Name("resample_8k");

void BM_Telephone8k(benchmark::State& state) {
  Condition(state, {.output_rate_hz = 8000, .telephone = true},
            audio::Encoding::kAlaw);
}
BENCHMARK(BM_Telephone8k)->Name("telephone_8k");

}  // namespace
}  // namespace policyreader

BENCHMARK_MAIN();
