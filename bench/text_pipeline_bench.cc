// Text pipeline throughput (Google Benchmark): MB of policy text per second
// through validation, structure, segmentation and normalization, so the text
// side never becomes the bottleneck of synthesis. Each sample policy is one
// benchmark; HTML and Markdown samples, when present, exercise the parsers.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "service/text/pipeline.h"
#include "service/text/rules.h"

namespace policyreader::text {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const TextPipeline& Pipeline() {
  static const TextPipeline* pipeline = [] {
    auto rules = LoadLanguageRules(SOURCE_DIR "/voices/da");
    if (!rules.ok()) std::abort();
    return new TextPipeline(
        std::make_shared<const LanguageRules>(*std::move(rules)), {});
  }();
  return *pipeline;
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

void RegisterAll() {
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
