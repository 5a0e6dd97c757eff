// Cost of the audio conditioning each sentence goes through after eSpeak,
// side by side with eSpeak's own cost for the same sentence (Google
// Benchmark). Counter "audio_s_per_s": seconds of audio handled per second
// of CPU; compare each path with "espeak" to see what it adds.
//  - passthrough: the default voice at the engine's rate (no resampling);
//  - resample_8k: to 8000 Hz for G.711 (libsoxr);
//  - telephone_8k: the phone voice: resample, band-pass and level (whole
//    sentence); then G.711 A-law encoding, as the stream does;
//  - ogg_opus, mp3: the service's settings for browsers, conditioning and
//    encoding included (a fresh encoder per sentence, Finish included, so
//    the container's start and end are counted too);
//  - ogg_opus/..., mp3/...: alternative settings, to show why those.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "service/audio/encoder.h"
#include "service/audio/mp3_encoder.h"
#include "service/audio/opus_encoder.h"
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
  const double seconds =
      static_cast<double>(SentenceAudio().size()) / Engine().sample_rate_hz();
  state.counters["audio_s_per_s"] =
      benchmark::Counter(seconds * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

void BM_Espeak(benchmark::State& state) {
  synth::EngineRequest request;
  request.text = kSentence;
  for (auto _ : state) {
    Collect sink;
    if (!Engine().Synthesize(request, &sink).ok())
      state.SkipWithError("eSpeak");
    benchmark::DoNotOptimize(sink.pcm_.data());
  }
  SetAudioCounter(state);
}
BENCHMARK(BM_Espeak)->Name("espeak");

using EncoderFactory =
    std::function<absl::StatusOr<std::unique_ptr<audio::Encoder>>(
        benchmark::State&)>;

void Condition(benchmark::State& state, audio::PcmStageOptions options,
               const EncoderFactory& make_encoder) {
  const std::vector<int16_t>& in = SentenceAudio();
  options.input_rate_hz = Engine().sample_rate_hz();
  size_t encoded_bytes = 0;
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
    auto encoder = make_encoder(state);
    if (!encoder.ok()) {
      state.SkipWithError(std::string(encoder.status().message()).c_str());
      break;
    }
    std::string bytes;
    absl::Status encoded = (*encoder)->Encode(out, &bytes);
    if (encoded.ok()) encoded = (*encoder)->Finish(&bytes);
    if (!encoded.ok()) {
      state.SkipWithError(std::string(encoded.message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(bytes.data());
    encoded_bytes = bytes.size();
  }
  SetAudioCounter(state);
  const double seconds =
      static_cast<double>(SentenceAudio().size()) / Engine().sample_rate_hz();
  state.counters["kbit_s"] = encoded_bytes * 8 / seconds / 1000;
}

void Condition(benchmark::State& state, audio::PcmStageOptions options,
               audio::Encoding encoding) {
  Condition(state, options, [encoding, options](benchmark::State&) {
    return audio::MakeEncoder(encoding, options.output_rate_hz);
  });
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

// Args: input rate (22050: fed as eSpeak makes it, libopusenc resamples),
// complexity, kbit/s, application (0 AUDIO, 1 VOIP, 2 RESTRICTED_LOWDELAY:
// CELT only), frame ms.
audio::OpusSettings OpusFromArgs(const benchmark::State& state) {
  return {.sample_rate_hz = static_cast<int>(state.range(0)),
          .bitrate_bps = static_cast<int>(state.range(2)) * 1000,
          .complexity = static_cast<int>(state.range(1)),
          .application =
              static_cast<audio::OpusSettings::Application>(state.range(3)),
          .frame_ms = static_cast<int>(state.range(4))};
}

void BM_OggOpusSettings(benchmark::State& state) {
  Condition(state, {.output_rate_hz = OpusFromArgs(state).sample_rate_hz},
            [](benchmark::State& s) {
              return audio::MakeOggOpusEncoder(OpusFromArgs(s));
            });
}

void BM_OggOpus(benchmark::State& state) {
  Condition(state, {.output_rate_hz = audio::OpusSettings().sample_rate_hz},
            [](benchmark::State&) {
              return audio::MakeEncoder(audio::Encoding::kOggOpus,
                                        audio::OpusSettings().sample_rate_hz);
            });
}
BENCHMARK(BM_OggOpus)->Name("ogg_opus");
BENCHMARK(BM_OggOpusSettings)
    ->Name("ogg_opus")
    ->ArgNames({"hz", "cx", "kbps", "app", "frame"})
    ->ArgsProduct({{24000}, {0, 2, 4, 5, 6, 8, 10}, {32}, {0}, {20, 60}})
    ->ArgsProduct({{24000}, {5}, {24, 48}, {0}, {60}})
    ->ArgsProduct({{24000}, {5, 10}, {32}, {1}, {60}})
    ->ArgsProduct({{24000, 48000}, {0, 5, 10}, {32}, {2}, {20}})
    ->ArgsProduct({{22050, 48000}, {5, 10}, {32}, {0}, {60}});

// Args: LAME quality, kbit/s, 1 for ABR (VBR around that mean), rate.
audio::Mp3Settings Mp3FromArgs(const benchmark::State& state) {
  return {.sample_rate_hz = static_cast<int>(state.range(3)),
          .bitrate_kbps = static_cast<int>(state.range(1)),
          .vbr = state.range(2) != 0,
          .quality = static_cast<int>(state.range(0))};
}

void BM_Mp3Settings(benchmark::State& state) {
  Condition(state, {.output_rate_hz = Mp3FromArgs(state).sample_rate_hz},
            [](benchmark::State& s) {
              return audio::MakeMp3Encoder(Mp3FromArgs(s));
            });
}

void BM_Mp3(benchmark::State& state) {
  Condition(state, {.output_rate_hz = audio::Mp3Settings().sample_rate_hz},
            [](benchmark::State&) {
              return audio::MakeEncoder(audio::Encoding::kMp3,
                                        audio::Mp3Settings().sample_rate_hz);
            });
}
BENCHMARK(BM_Mp3)->Name("mp3");
BENCHMARK(BM_Mp3Settings)
    ->Name("mp3")
    ->ArgNames({"q", "kbps", "abr", "hz"})
    ->ArgsProduct({{2, 5, 7, 9}, {48}, {0}, {22050}})
    ->ArgsProduct({{7}, {32, 64}, {0}, {22050}})
    ->ArgsProduct({{7}, {48}, {1}, {22050}})
    ->ArgsProduct({{7}, {48}, {0}, {24000}});

}  // namespace
}  // namespace policyreader

BENCHMARK_MAIN();
