// Measures the service side by side with its two references, in one run on
// the same sentences (ratios, not absolute times, are what carry over between
// machines):
//   - eSpeak NG in-process: the engine's own speed, the limit;
//   - the naive wrapper: spawning the espeak-ng program per request;
//   - the service: the real server binary with its worker pool, over gRPC.
// Figures: time to first audio (p50/p99) alone and under load, and synthesis
// throughput in audio seconds per CPU second; and time to first audio of a
// short policy against a 1 MB text, side by side (--first_audio_only for
// that alone).
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/repeated_text.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/synth/espeak_engine.h"
#include "service/text/pipeline.h"
#include "service/text/rules.h"

ABSL_FLAG(std::string, text,
          SOURCE_DIR "/../shared/policies/kolding-personalepolitik.txt",
          "Policy text to read.");
ABSL_FLAG(int, sentences, 40, "Sentences timed for time to first audio.");
ABSL_FLAG(int, load_streams, 4,
          "Concurrent whole-document streams for the under-load figures.");
ABSL_FLAG(int, workers, 0, "Server workers; 0 = one per core.");
ABSL_FLAG(bool, smoke, false,
          "A quick run that only checks every phase works.");
ABSL_FLAG(int, repeats, 5, "Passes over the text for throughput.");
ABSL_FLAG(int, paused_streams, 20,
          "Streams opened and never read, for memory per paused listener.");
ABSL_FLAG(bool, first_audio_only, false,
          "Only time to first audio of a short policy against a 1 MB text.");
ABSL_FLAG(int, first_audio_rounds, 40,
          "Requests of each text for the short-against-1-MB figures.");
ABSL_FLAG(std::string, baseline_server, "",
          "Another policy-reader-server binary (say, built from an earlier "
          "commit) measured alongside this build's in the short-against-1-MB "
          "figures, requests alternating between them.");
ABSL_FLAG(int, engine_buffer_ms, 500,
          "eSpeak buffer length, in-process and in the server's workers.");

namespace policyreader::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kRateWpm = 165;  // The default voice "dansk".
constexpr int kPitch = 50;
constexpr double kEngineRate = 22050.0;

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// utime + stime of a process and of its children that have exited and been
// waited for (cutime + cstime), from /proc: a worker runs each job in a
// child of its own (service/synth/worker.h).
double ProcessCpuSeconds(pid_t pid) {
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  double total = 0;
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (std::getline(stat, line)) {
    // Fields after the command name, which may contain spaces.
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::string field;
    std::vector<std::string> fields;
    while (rest >> field) fields.push_back(field);
    if (fields.size() > 14) {
      total += (std::stod(fields[11]) + std::stod(fields[12]) +
                std::stod(fields[13]) + std::stod(fields[14])) /
               ticks;
    }
  }
  return total;
}

// The same for a process and its live children (the server's workers).
double ProcessTreeCpuSeconds(pid_t pid) {
  double total = ProcessCpuSeconds(pid);
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(
           absl::StrCat("/proc/", pid, "/task"), ec)) {
    std::ifstream children(task.path() / "children");
    pid_t child;
    while (children >> child) total += ProcessTreeCpuSeconds(child);
  }
  return total;
}

// Resident memory of a process, in KiB.
long RssKiB(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
  }
  return 0;
}

struct Percentiles {
  double p50 = 0, p99 = 0;
};
Percentiles Summarize(std::vector<double> values) {
  Percentiles p;
  if (values.empty()) return p;
  std::sort(values.begin(), values.end());
  auto at = [&](double q) {
    size_t i = static_cast<size_t>(q * (values.size() - 1) + 0.5);
    return values[std::min(i, values.size() - 1)];
  };
  p.p50 = at(0.50);
  p.p99 = at(0.99);
  return p;
}

struct Figures {
  Percentiles ttfa_alone;
  Percentiles ttfa_loaded;
  double audio_seconds = 0;
  double cpu_seconds = 0;
  double server_process_cpu_seconds = 0;  // Service: without the workers.
  double paused_stream_kib = 0;  // Service: server memory per paused stream.
  double throughput() const {
    return cpu_seconds > 0 ? audio_seconds / cpu_seconds : 0;
  }
};

// --- eSpeak NG in-process -------------------------------------------------

class TimingSink : public synth::EngineSink {
 public:
  Clock::time_point first_audio;
  uint64_t samples = 0;
  bool OnAudio(std::span<const int16_t> pcm) override {
    if (samples == 0) first_audio = Clock::now();
    samples += pcm.size();
    return true;
  }
  void OnWord(uint32_t, uint32_t, uint64_t) override {}
};

Figures InProcess(synth::EspeakEngine& engine,
                  const std::vector<std::string>& ttfa_sentences,
                  const std::vector<std::string>& document, int repeats) {
  Figures f;
  std::vector<double> ttfa;
  for (const std::string& text : ttfa_sentences) {
    TimingSink sink;
    synth::EngineRequest request{.espeak_voice = "da",
                                 .rate_wpm = kRateWpm,
                                 .pitch = kPitch,
                                 .text = text};
    Clock::time_point start = Clock::now();
    (void)engine.Synthesize(request, &sink);
    ttfa.push_back(Ms(sink.first_audio - start));
  }
  f.ttfa_alone = Summarize(ttfa);
  double cpu_start = ThreadCpuSeconds();
  uint64_t samples = 0;
  for (int i = 0; i < repeats; ++i) {
    for (const std::string& text : document) {
      TimingSink sink;
      synth::EngineRequest request{.espeak_voice = "da",
                                   .rate_wpm = kRateWpm,
                                   .pitch = kPitch,
                                   .text = text};
      (void)engine.Synthesize(request, &sink);
      samples += sink.samples;
    }
  }
  f.cpu_seconds = ThreadCpuSeconds() - cpu_start;
  f.audio_seconds = samples / kEngineRate;
  return f;
}

// What asking for word marks (enable_word_marks, as /v1/speech and the
// library's sentence audio do) costs the engine: every sentence without
// and then with them, one after the other, CPU time kept apart.
struct MarksCost {
  double without_cpu = 0;
  double with_cpu = 0;
  double audio_seconds = 0;
  uint64_t words = 0;
};

class CountingSink : public TimingSink {
 public:
  uint64_t words = 0;
  void OnWord(uint32_t, uint32_t, uint64_t) override { ++words; }
};

MarksCost WordMarksCost(synth::EspeakEngine& engine,
                        const std::vector<std::string>& document, int repeats) {
  MarksCost cost;
  uint64_t samples = 0;
  for (int i = 0; i < repeats; ++i) {
    for (const std::string& text : document) {
      for (bool marks : {false, true}) {
        CountingSink sink;
        synth::EngineRequest request{.espeak_voice = "da",
                                     .rate_wpm = kRateWpm,
                                     .pitch = kPitch,
                                     .word_marks = marks,
                                     .text = text};
        const double start = ThreadCpuSeconds();
        (void)engine.Synthesize(request, &sink);
        (marks ? cost.with_cpu : cost.without_cpu) +=
            ThreadCpuSeconds() - start;
        if (marks) {
          samples += sink.samples;
          cost.words += sink.words;
        }
      }
    }
  }
  cost.audio_seconds = samples / kEngineRate;
  return cost;
}

// --- espeak-ng spawned per request ----------------------------------------

struct SpawnResult {
  double ttfa_ms = 0;
  double cpu_seconds = 0;
  uint64_t audio_bytes = 0;
};

SpawnResult SpawnEspeak(const std::string& text) {
  SpawnResult result;
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  std::string rate = absl::StrCat(kRateWpm), pitch = absl::StrCat(kPitch);
  const char* argv[] = {"espeak-ng",  "-v",   "da",          "-s",
                        rate.c_str(), "-p",   pitch.c_str(), "--stdout",
                        text.c_str(), nullptr};
  Clock::time_point start = Clock::now();
  pid_t pid;
  int rc = posix_spawnp(&pid, "espeak-ng", &actions, nullptr,
                        const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    return result;
  }
  char buffer[65536];
  bool first = true;
  ssize_t n;
  while ((n = read(out[0], buffer, sizeof(buffer))) > 0) {
    if (first) {
      result.ttfa_ms = Ms(Clock::now() - start);
      first = false;
    }
    result.audio_bytes += n;
  }
  close(out[0]);
  int status;
  rusage usage;
  wait4(pid, &status, 0, &usage);
  result.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                       usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  return result;
}

Figures Naive(const std::vector<std::string>& ttfa_sentences,
              const std::vector<std::string>& document) {
  Figures f;
  std::vector<double> ttfa;
  for (const std::string& text : ttfa_sentences) {
    ttfa.push_back(SpawnEspeak(text).ttfa_ms);
  }
  f.ttfa_alone = Summarize(ttfa);
  uint64_t bytes = 0;
  for (const std::string& text : document) {
    SpawnResult r = SpawnEspeak(text);
    f.cpu_seconds += r.cpu_seconds;
    bytes += r.audio_bytes > 44 ? r.audio_bytes - 44 : 0;  // WAV header.
  }
  f.audio_seconds = bytes / 2 / kEngineRate;
  return f;
}

// --- the service ----------------------------------------------------------

struct RunningServer {
  pid_t pid = -1;
  int port = 0;
};

RunningServer StartServer(int workers,
                          const std::string& binary = SERVER_BINARY) {
  RunningServer server;
  int err[2];
  if (pipe2(err, O_CLOEXEC) != 0) return server;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  std::string workers_flag = absl::StrCat("--workers=", workers);
  std::string buffer_flag = absl::StrCat("--engine_buffer_ms=",
                                         absl::GetFlag(FLAGS_engine_buffer_ms));
  // Uncached: with the sentence cache, every pass after the first would
  // measure cache hits, not synthesis.
  const char* argv[] = {binary.c_str(),          "--listen=127.0.0.1:0",
                        workers_flag.c_str(),    buffer_flag.c_str(),
                        "--sentence_cache_mb=0", nullptr};
  if (posix_spawn(&server.pid, binary.c_str(), &actions, nullptr,
                  const_cast<char**>(argv), environ) != 0) {
    server.pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(err[1]);
  // The server announces its port once its workers are ready.
  std::string seen;
  char c;
  while (server.pid > 0 && read(err[0], &c, 1) == 1) {
    seen += c;
    if (c != '\n') continue;
    size_t at = seen.find("serving on port ");
    if (at != std::string::npos) {
      server.port = std::atoi(seen.c_str() + at + 16);
      break;
    }
    fputs(seen.c_str(), stderr);
    seen.clear();
  }
  // Keep draining the server's log so it never blocks on a full pipe.
  std::thread([fd = err[0]] {
    char buffer[4096];
    while (read(fd, buffer, sizeof(buffer)) > 0) {
    }
    close(fd);
  }).detach();
  return server;
}

// Time to first audio chunk of a one-sentence request.
double StreamTtfa(v1::PolicyReader::Stub& stub, const std::string& text) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  v1::SynthesizeRequest request;
  request.set_text(text);
  Clock::time_point start = Clock::now();
  auto reader = stub.Synthesize(&context, request);
  v1::SynthesizeResponse response;
  double ttfa = -1;
  while (reader->Read(&response)) {
    if (ttfa < 0 && response.has_audio()) ttfa = Ms(Clock::now() - start);
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) {
    fprintf(stderr, "stream failed: %s\n", status.error_message().c_str());
  }
  return ttfa;
}

// Streams a whole document as fast as the client can read; returns samples.
uint64_t StreamDocument(v1::PolicyReader::Stub& stub, const std::string& text,
                        std::atomic<bool>* stop = nullptr) {
  grpc::ClientContext context;
  v1::SynthesizeRequest request;
  request.set_text(text);
  auto reader = stub.Synthesize(&context, request);
  v1::SynthesizeResponse response;
  uint64_t bytes = 0;
  while (reader->Read(&response)) {
    if (response.has_audio()) bytes += response.audio().data().size();
    if (stop != nullptr && stop->load()) context.TryCancel();
  }
  reader->Finish();
  return bytes / 2;
}

Figures Service(const RunningServer& server,
                const std::vector<std::string>& ttfa_sentences,
                const std::string& document, int repeats, int load_streams,
                int paused_streams) {
  Figures f;
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::PolicyReader::NewStub(channel);
  std::vector<double> ttfa;
  for (const std::string& text : ttfa_sentences) {
    ttfa.push_back(StreamTtfa(*stub, text));
  }
  f.ttfa_alone = Summarize(ttfa);

  double cpu_start = ProcessTreeCpuSeconds(server.pid);
  double own_start = ProcessCpuSeconds(server.pid);
  for (int i = 0; i < repeats; ++i) {
    f.audio_seconds += StreamDocument(*stub, document) / kEngineRate;
  }
  f.cpu_seconds = ProcessTreeCpuSeconds(server.pid) - cpu_start;
  f.server_process_cpu_seconds = ProcessCpuSeconds(server.pid) - own_start;

  if (load_streams > 0) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> load;
    for (int i = 0; i < load_streams; ++i) {
      load.emplace_back([&] {
        while (!stop.load()) StreamDocument(*stub, document, &stop);
      });
    }
    std::vector<double> loaded;
    for (const std::string& text : ttfa_sentences) {
      loaded.push_back(StreamTtfa(*stub, text));
    }
    f.ttfa_loaded = Summarize(loaded);
    stop = true;
    for (auto& t : load) t.join();
  }

  // Listeners who open a document and pause at once: the server's memory
  // per such stream, once their streams have stalled on flow control.
  if (paused_streams > 0) {
    long rss_before = RssKiB(server.pid);
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
    std::vector<std::unique_ptr<grpc::ClientReader<v1::SynthesizeResponse>>>
        readers;
    for (int i = 0; i < paused_streams; ++i) {
      contexts.push_back(std::make_unique<grpc::ClientContext>());
      v1::SynthesizeRequest request;
      request.set_text(document);
      readers.push_back(stub->Synthesize(contexts.back().get(), request));
      v1::SynthesizeResponse header;
      readers.back()->Read(&header);
    }
    // Stalled when the server's CPU stops moving (bounded wait).
    double last = -1;
    for (int i = 0; i < 100; ++i) {
      double now = ProcessTreeCpuSeconds(server.pid);
      if (now == last) break;
      last = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    f.paused_stream_kib =
        static_cast<double>(RssKiB(server.pid) - rss_before) / paused_streams;
    for (auto& context : contexts) context->TryCancel();
    for (auto& reader : readers) {
      v1::SynthesizeResponse ignored;
      while (reader->Read(&ignored)) {
      }
      reader->Finish();
    }
  }
  return f;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// --- first audio against the text's length ---------------------------------

// CPU time of a process's live threads, in ns (schedstat: no clock-tick
// rounding, so one request's few milliseconds show).
double ThreadsCpuMs(pid_t pid) {
  double ns = 0;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(
           absl::StrCat("/proc/", pid, "/task"), ec)) {
    std::ifstream stat(task.path() / "schedstat");
    double on_cpu = 0;
    if (stat >> on_cpu) ns += on_cpu;
  }
  return ns / 1e6;
}

struct FirstAudio {
  double ms = -1;            // From the call to the first audio message.
  double server_cpu_ms = 0;  // The server process's CPU over the call.
};

// A whole document as a new listener starts it: the call, the header, the
// first audio; then the stream is cancelled.
FirstAudio DocumentFirstAudio(v1::PolicyReader::Stub& stub,
                              const std::string& text, pid_t server) {
  FirstAudio result;
  const double cpu_start = ThreadsCpuMs(server);
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    v1::SynthesizeRequest request;
    request.set_text(text);
    const Clock::time_point start = Clock::now();
    auto reader = stub.Synthesize(&context, request);
    v1::SynthesizeResponse response;
    while (reader->Read(&response)) {
      if (response.has_audio()) {
        result.ms = Ms(Clock::now() - start);
        context.TryCancel();
        break;
      }
    }
    while (reader->Read(&response)) {
    }
    reader->Finish();
  }
  result.server_cpu_ms = ThreadsCpuMs(server) - cpu_start;
  return result;
}

double SegmentMs(v1::PolicyReader::Stub& stub, const std::string& text) {
  grpc::ClientContext context;
  v1::SegmentRequest request;
  request.set_text(text);
  v1::SegmentResponse response;
  const Clock::time_point start = Clock::now();
  const grpc::Status status = stub.Segment(&context, request, &response);
  if (!status.ok()) {
    fprintf(stderr, "Segment failed: %s\n", status.error_message().c_str());
    return -1;
  }
  return Ms(Clock::now() - start);
}

// Short and long requests alternate, so the busy machine weighs on both
// alike. Each request opens with a sentence of its own, so its first
// sentence is never in the server's sentence cache: a new listener.
struct NamedServer {
  std::string name;
  RunningServer server;
};

// The table, or nullopt when a stream gave no audio. With several servers
// (--baseline_server), each round goes through all of them in turn.
std::optional<std::string> FirstAudioByLength(
    const std::vector<NamedServer>& servers, const std::string& short_name,
    const std::string& short_text, int rounds) {
  constexpr size_t kMaxText = 1 << 20;  // The server's default limit.
  constexpr size_t kOpening = 64;       // Room for the opening sentence.
  const std::string long_text = RepeatedFiles(SOURCE_DIR "/../shared/policies",
                                              ".txt", kMaxText - kOpening);
  const std::string* texts[2] = {&short_text, &long_text};
  struct Samples {
    std::unique_ptr<v1::PolicyReader::Stub> stub;
    std::vector<double> ms[2], cpu[2], segment;
  };
  std::vector<Samples> samples(servers.size());
  for (size_t k = 0; k < servers.size(); ++k) {
    samples[k].stub = v1::PolicyReader::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", servers[k].server.port),
                            grpc::InsecureChannelCredentials()));
  }
  int request = 0;
  for (int round = 0; round < rounds; ++round) {
    for (size_t k = 0; k < servers.size(); ++k) {
      Samples& into = samples[k];
      for (int t = 0; t < 2; ++t) {
        const std::string text = absl::StrCat("Dette er måling nummer ",
                                              ++request, ".\n\n", *texts[t]);
        const FirstAudio first =
            DocumentFirstAudio(*into.stub, text, servers[k].server.pid);
        if (first.ms < 0) {
          fprintf(stderr, "no audio from the %s text (%s)\n",
                  t == 0 ? "short" : "long", servers[k].name.c_str());
          return std::nullopt;
        }
        into.ms[t].push_back(first.ms);
        into.cpu[t].push_back(first.server_cpu_ms);
      }
      into.segment.push_back(SegmentMs(*into.stub, long_text));
    }
  }
  std::string out = absl::StrFormat(
      "\nTime to first audio of a whole text, from the call to the first "
      "audio message (%d requests of each text%s, alternating; each opens "
      "with a sentence of its own, so nothing is cached):\n\n",
      rounds, servers.size() > 1 ? " on each server" : "");
  absl::StrAppend(&out,
                  "| server | text | bytes | first audio p50 / p99 (ms) | "
                  "server CPU per request p50 (ms) |\n|---|---|---|---|---|\n");
  for (size_t k = 0; k < servers.size(); ++k) {
    const Samples& from = samples[k];
    const Percentiles p[2] = {Summarize(from.ms[0]), Summarize(from.ms[1])};
    const Percentiles c[2] = {Summarize(from.cpu[0]), Summarize(from.cpu[1])};
    const Percentiles whole = Summarize(from.segment);
    const char* name = servers[k].name.c_str();
    absl::StrAppendFormat(&out, "| %s | %s | %zu | %.1f / %.1f | %.1f |\n",
                          name, short_name, short_text.size(), p[0].p50,
                          p[0].p99, c[0].p50);
    absl::StrAppendFormat(
        &out,
        "| %s | shared policies repeated to 1 MB | %zu | %.1f / %.1f | %.1f "
        "|\n",
        name, long_text.size(), p[1].p50, p[1].p99, c[1].p50);
    absl::StrAppendFormat(
        &out, "| %s | **ratio 1 MB / short** | | %.2f / %.2f | %.2f |\n", name,
        p[1].p50 / std::max(1e-9, p[0].p50),
        p[1].p99 / std::max(1e-9, p[0].p99),
        c[1].p50 / std::max(1e-9, c[0].p50));
    absl::StrAppendFormat(&out,
                          "| %s | Segment of the 1 MB text (the whole "
                          "pipeline, the reply's 2 MB included) | %zu | %.1f "
                          "/ %.1f | |\n",
                          name, long_text.size(), whole.p50, whole.p99);
  }
  return out;
}

// This build's server, and --baseline_server's when given; empty when one
// does not start.
std::vector<NamedServer> StartServers() {
  std::vector<NamedServer> servers;
  servers.push_back(
      {"this build", StartServer(absl::GetFlag(FLAGS_workers), SERVER_BINARY)});
  const std::string baseline = absl::GetFlag(FLAGS_baseline_server);
  if (!baseline.empty()) {
    servers.push_back(
        {"baseline", StartServer(absl::GetFlag(FLAGS_workers), baseline)});
  }
  for (const NamedServer& named : servers) {
    if (named.server.port == 0) {
      fprintf(stderr, "the server %s did not start\n", named.name.c_str());
      for (const NamedServer& started : servers) {
        if (started.server.pid > 0) {
          kill(started.server.pid, SIGTERM);
          waitpid(started.server.pid, nullptr, 0);
        }
      }
      return {};
    }
  }
  return servers;
}

void StopServers(const std::vector<NamedServer>& servers) {
  for (const NamedServer& named : servers) {
    kill(named.server.pid, SIGTERM);
    waitpid(named.server.pid, nullptr, 0);
  }
}

int Main() {
  const bool smoke = absl::GetFlag(FLAGS_smoke);
  const std::string path = absl::GetFlag(FLAGS_text);
  std::string document = ReadAll(path);
  if (document.empty()) {
    fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  auto rules = text::LoadLanguageRules(SOURCE_DIR "/voices/da");
  if (!rules.ok()) {
    fprintf(stderr, "%s\n", rules.status().ToString().c_str());
    return 1;
  }
  text::TextPipeline pipeline(
      std::make_shared<const text::LanguageRules>(*std::move(rules)), {});
  auto sentences = pipeline.Process(document);
  if (!sentences.ok()) {
    fprintf(stderr, "%s\n", sentences.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> spoken;
  for (const auto& s : *sentences) spoken.push_back(s.spoken_text);
  int timed = smoke ? 3 : absl::GetFlag(FLAGS_sentences);
  // Paragraph sentences, as a listener starting a document would hear.
  std::vector<std::string> ttfa_sentences;
  for (const auto& s : *sentences) {
    if (static_cast<int>(ttfa_sentences.size()) >= timed) break;
    if (s.kind == text::SentenceKind::kParagraph) {
      ttfa_sentences.push_back(s.spoken_text);
    }
  }
  if (smoke) {
    spoken.resize(std::min<size_t>(spoken.size(), 4));
    document.clear();
    for (const auto& s : spoken) absl::StrAppend(&document, s, "\n\n");
  }
  int load_streams = smoke ? 1 : absl::GetFlag(FLAGS_load_streams);

  const int first_audio_rounds =
      smoke ? 2 : absl::GetFlag(FLAGS_first_audio_rounds);
  const std::string short_name = std::filesystem::path(path).filename();
  if (absl::GetFlag(FLAGS_first_audio_only)) {
    const std::vector<NamedServer> servers = StartServers();
    if (servers.empty()) return 1;
    const std::optional<std::string> table =
        FirstAudioByLength(servers, short_name, document, first_audio_rounds);
    StopServers(servers);
    if (table) fputs(table->c_str(), stdout);
    return table ? 0 : 1;
  }

  auto engine = synth::EspeakEngine::Create(
      {.buffer_ms = absl::GetFlag(FLAGS_engine_buffer_ms)});
  if (!engine.ok()) {
    fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  // Throughput is taken over several passes so the CPU times are large
  // enough to compare (the naive reference is slow enough with one).
  const int repeats = smoke ? 1 : absl::GetFlag(FLAGS_repeats);
  Figures in_process = InProcess(**engine, ttfa_sentences, spoken, repeats);
  const MarksCost marks = WordMarksCost(**engine, spoken, repeats);
  Figures naive = Naive(ttfa_sentences, spoken);
  RunningServer server = StartServer(absl::GetFlag(FLAGS_workers));
  if (server.port == 0) {
    fprintf(stderr, "the server did not start\n");
    return 1;
  }
  Figures service =
      Service(server, ttfa_sentences, document, repeats, load_streams,
              smoke ? 2 : absl::GetFlag(FLAGS_paused_streams));
  kill(server.pid, SIGTERM);
  waitpid(server.pid, nullptr, 0);
  // Printed after the table below, on servers of their own (this build's
  // and any baseline), started afresh.
  std::optional<std::string> by_length;
  if (const std::vector<NamedServer> servers = StartServers();
      !servers.empty()) {
    by_length = FirstAudioByLength(servers, short_name, ReadAll(path),
                                   first_audio_rounds);
    StopServers(servers);
  }

  printf(
      "Text: %s (%zu sentences, %.0f s of audio); throughput over %d "
      "passes; TTFA over %zu sentences; load: %d concurrent whole-document "
      "streams; engine buffer %d ms; %u cores.\n\n",
      std::filesystem::path(path).filename().c_str(), spoken.size(),
      in_process.audio_seconds / repeats, repeats, ttfa_sentences.size(),
      load_streams, absl::GetFlag(FLAGS_engine_buffer_ms),
      std::thread::hardware_concurrency());
  printf(
      "| figure | eSpeak NG in-process | service (gRPC, workers) | "
      "espeak-ng spawned per request |\n|---|---|---|---|\n");
  auto row = [](const char* name, auto get) {
    printf("| %s | %s | %s | %s |\n", name, get(0).c_str(), get(1).c_str(),
           get(2).c_str());
  };
  const Figures* all[] = {&in_process, &service, &naive};
  row("time to first audio p50 / p99 (ms)", [&](int i) {
    return absl::StrFormat("%.1f / %.1f", all[i]->ttfa_alone.p50,
                           all[i]->ttfa_alone.p99);
  });
  row("time to first audio under load p50 / p99 (ms)", [&](int i) {
    return i == 1 && load_streams > 0
               ? absl::StrFormat("%.1f / %.1f", service.ttfa_loaded.p50,
                                 service.ttfa_loaded.p99)
               : std::string("-");
  });
  row("throughput (audio s per CPU s)",
      [&](int i) { return absl::StrFormat("%.1f", all[i]->throughput()); });
  row("throughput relative to in-process", [&](int i) {
    return absl::StrFormat(
        "%.2f", all[i]->throughput() / std::max(1e-9, in_process.throughput()));
  });
  row("server memory per paused whole-document stream (KiB)", [&](int i) {
    return i == 1 ? absl::StrFormat("%.0f", service.paused_stream_kib)
                  : std::string("-");
  });
  row("share of service CPU in the server process (rest: workers)", [&](int i) {
    return i == 1 ? absl::StrFormat("%.0f%%",
                                    100 * service.server_process_cpu_seconds /
                                        std::max(1e-9, service.cpu_seconds))
                  : std::string("-");
  });
  printf(
      "\nWord marks in-process (%llu words): %.1f audio s per CPU s without, "
      "%.1f with (CPU with / without: %.3f)\n",
      static_cast<unsigned long long>(marks.words),
      marks.audio_seconds / std::max(1e-9, marks.without_cpu),
      marks.audio_seconds / std::max(1e-9, marks.with_cpu),
      marks.with_cpu / std::max(1e-9, marks.without_cpu));
  if (by_length) fputs(by_length->c_str(), stdout);
  bool ok = marks.words > 0 && in_process.audio_seconds > 0 &&
            service.audio_seconds > 0 && naive.audio_seconds > 0 &&
            service.ttfa_alone.p50 > 0 && by_length.has_value();
  if (!ok) fprintf(stderr, "a phase produced no audio\n");
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace policyreader::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return policyreader::bench::Main();
}
