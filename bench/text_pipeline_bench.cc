// Text pipeline throughput (Google Benchmark): MB of policy text per second
// through validation, structure, segmentation and normalization, so the text
// side never becomes the bottleneck of synthesis. Each sample policy is one
// benchmark; HTML and Markdown samples, when present, exercise the parsers.
// The "1mb/" benchmarks time each phase on its own for the largest text a
// request may carry (the shared policies repeated to just under 1 MiB): what
// a stream would wait for before its first audio if the whole text were
// prepared up front.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench/repeated_text.h"
#include "service/text/formats/markdown.h"
#include "service/text/normalize/normalizer.h"
#include "service/text/pipeline.h"
#include "service/text/rules.h"
#include "service/text/segment/segmenter.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::shared_ptr<const LanguageRules> Rules() {
  static const auto* rules = [] {
    auto loaded = LoadLanguageRules(SOURCE_DIR "/voices/da");
    if (!loaded.ok()) std::abort();
    return new std::shared_ptr<const LanguageRules>(
        std::make_shared<const LanguageRules>(*std::move(loaded)));
  }();
  return *rules;
}

const TextPipeline& Pipeline() {
  static const TextPipeline* pipeline = new TextPipeline(Rules(), {});
  return *pipeline;
}

// The shared policies, in name order, repeated up to the request limit.
const std::string& Megabyte() {
  static const std::string* text = new std::string(
      bench::RepeatedFiles(SOURCE_DIR "/../shared/policies", ".txt",
                           TextPipelineOptions{}.max_input_bytes));
  return *text;
}

void SetMegabyteCounters(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(Megabyte().size()));
}

void BM_1mbValidate(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(ValidateUtf8(Megabyte()));
  }
  SetMegabyteCounters(state);
}

// Lines, page furniture, passages and sentence boundaries (tags are skipped
// as white space here).
void BM_1mbSegment(benchmark::State& state) {
  const Segmenter segmenter(Rules().get());
  size_t sentences = 0;
  for (auto _ : state) {
    std::vector<Sentence> result = segmenter.Segment(Megabyte());
    sentences = result.size();
    benchmark::DoNotOptimize(result);
  }
  SetMegabyteCounters(state);
  state.counters["sentences"] = static_cast<double>(sentences);
}

// Every sentence's spoken text (markup stripped, numbers and abbreviations
// read), the sentences segmented once outside the timing.
void BM_1mbNormalize(benchmark::State& state) {
  const Segmenter segmenter(Rules().get());
  const Normalizer normalizer(Rules().get());
  const std::vector<Sentence> sentences = segmenter.Segment(Megabyte());
  for (auto _ : state) {
    for (const Sentence& sentence : sentences) {
      benchmark::DoNotOptimize(normalizer.Normalize(sentence.text));
    }
  }
  SetMegabyteCounters(state);
  state.counters["sentences"] = static_cast<double>(sentences.size());
}

// The same text read as Markdown: the markup parser (cmark) alone.
void BM_1mbMarkdownParse(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(ParseMarkdown(Megabyte()));
  }
  SetMegabyteCounters(state);
}

void BM_1mbProcess(benchmark::State& state, TextFormat format) {
  size_t sentences = 0;
  for (auto _ : state) {
    auto result = Pipeline().Process(Megabyte(), format);
    if (!result.ok()) {
      state.SkipWithError(std::string(result.status().message()).c_str());
      return;
    }
    sentences = result->size();
    benchmark::DoNotOptimize(result);
  }
  SetMegabyteCounters(state);
  state.counters["sentences"] = static_cast<double>(sentences);
}

void BM_Pipeline(benchmark::State& state, std::string text, TextFormat format) {
  size_t sentences = 0;
  for (auto _ : state) {
    auto result = Pipeline().Process(text, format);
    if (!result.ok()) {
      state.SkipWithError(std::string(result.status().message()).c_str());
      return;
    }
    sentences = result->size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["sentences"] = static_cast<double>(sentences);
}

// What a stream waits for now: validation, segmentation and the count,
// then the first sentence's spoken text.
void BM_1mbPrepare(benchmark::State& state, TextFormat format) {
  size_t sentences = 0;
  for (auto _ : state) {
    auto result = Pipeline().Prepare(Megabyte(), format);
    if (!result.ok()) {
      state.SkipWithError(std::string(result.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize((*result)->Get(0));
    sentences = (*result)->size();
  }
  SetMegabyteCounters(state);
  state.counters["sentences"] = static_cast<double>(sentences);
}

void RegisterAll() {
  benchmark::RegisterBenchmark("1mb/validate", BM_1mbValidate)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("1mb/segment", BM_1mbSegment)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("1mb/normalize", BM_1mbNormalize)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("1mb/process_plain", BM_1mbProcess,
                               TextFormat::kPlain)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("1mb/prepare_plain_first_sentence",
                               BM_1mbPrepare, TextFormat::kPlain)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("1mb/markdown_parse", BM_1mbMarkdownParse)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("1mb/process_markdown", BM_1mbProcess,
                               TextFormat::kMarkdown)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("1mb/prepare_markdown_first_sentence",
                               BM_1mbPrepare, TextFormat::kMarkdown)
      ->Unit(benchmark::kMillisecond);
  struct Source {
    std::string folder;
    std::string extension;
    TextFormat format;
  };
  const Source sources[] = {
      {SOURCE_DIR "/../shared/policies", ".txt", TextFormat::kPlain},
      {SOURCE_DIR "/samples/library", ".txt", TextFormat::kPlain},
      {SOURCE_DIR "/tests/service/text/formats", ".html", TextFormat::kHtml},
      {SOURCE_DIR "/tests/service/text/formats", ".md", TextFormat::kMarkdown},
  };
  for (const Source& source : sources) {
    std::error_code ec;
    for (const auto& entry :
         std::filesystem::directory_iterator(source.folder, ec)) {
      if (entry.path().extension() != source.extension) continue;
      benchmark::RegisterBenchmark(entry.path().filename().c_str(), BM_Pipeline,
                                   ReadAll(entry.path()), source.format);
    }
  }
}

}  // namespace
}  // namespace policyreader::text

int main(int argc, char** argv) {
  policyreader::text::RegisterAll();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
