// policy-reader-load: plays N real-time listeners against a Policy Reader
// server and prints one line per N, the listener curve.
//
// Each listener opens a Synthesize stream and consumes it like a player: it
// waits for --buffer_ms of audio, then plays at the stream's sample rate; a
// gap is the buffer running dry after playback began (the player then waits
// for --buffer_ms again). It reads only while it holds less than
// --max_buffer_ms, so the server sees real-time demand, not a bulk download.
//
// Thousands of streams run on gRPC's callback client API (one reactor per
// listener, no thread per listener); one ticker thread advances playback.
// The server is the one at --target or, without it, the real server binary
// started here. Server CPU is utime+stime of the server and its workers from
// /proc; the generator's own CPU is reported separately (pin it with --cpu).
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <sched.h>
#include <signal.h>
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
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "client/rpc/calls.h"
#include "client/rpc/channel.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

ABSL_FLAG(std::string, target, "",
          "host:port of a running server; empty starts the server binary.");
ABSL_FLAG(std::string, text,
          SOURCE_DIR "/../shared/policies/kolding-personalepolitik.txt",
          "Text every listener reads (sent as the request's text).");
ABSL_FLAG(std::string, listeners, "250,500,1000,2000",
          "Comma-separated listener counts, one curve point each.");
ABSL_FLAG(double, seconds, 20, "Wall seconds each curve point plays.");
ABSL_FLAG(double, ramp_s, 2, "Listeners are opened evenly over this time.");
ABSL_FLAG(std::string, start, "distinct",
          "distinct: listener i starts at sentence i mod count; shared: all "
          "start at sentence 0.");
ABSL_FLAG(std::string, encoding, "LINEAR16",
          "LINEAR16, MULAW, ALAW, OGG_OPUS or MP3.");
ABSL_FLAG(int, buffer_ms, 500, "Prebuffer before playback (and after a gap).");
ABSL_FLAG(int, max_buffer_ms, 2000,
          "A listener stops reading while it holds this much audio.");
ABSL_FLAG(int, cpu, -1, "Pin the generator to this CPU (-1: not pinned).");
ABSL_FLAG(int, workers, 0, "Workers of a server started here; 0: default.");
ABSL_FLAG(std::string, server_flags, "",
          "Space-separated flags for a server started here, e.g. "
          "--sentence_cache_mb=0 for the uncached case.");
ABSL_FLAG(bool, cache_cost, false,
          "Instead of the curve: for each encoding, the server CPU of the "
          "text's first listener and of a repeat listener (cache hits).");
ABSL_FLAG(int, channels, 0,
          "gRPC channels the listeners are spread over; 0: one per 50 "
          "listeners (the server admits 100 streams per connection "
          "and queues the rest).");
ABSL_FLAG(int, paused, 0,
          "Instead of the curve: open this many streams, read only their "
          "headers, and print the server's memory per paused stream.");
ABSL_FLAG(std::string, per_listener_tsv, "",
          "Also write one row per listener and curve point to this file: its "
          "start sentence, gaps, longest single stall, total stall, first "
          "audio and how its stream ended (status and message).");
ABSL_FLAG(bool, expect_no_gaps, false,
          "Exit 1 if any listener had a gap, an error or no audio.");

namespace policyreader::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// utime+stime of a process and its waited-for children, in seconds.
double ProcessCpuSeconds(pid_t pid) {
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!std::getline(stat, line)) return 0;
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::vector<std::string> fields;
  std::string field;
  while (rest >> field) fields.push_back(field);
  if (fields.size() <= 14) return 0;
  return (std::stod(fields[11]) + std::stod(fields[12]) +
          std::stod(fields[13]) + std::stod(fields[14])) /
         ticks;
}

// The same for the process and its live descendants (the server's workers).
double TreeCpuSeconds(pid_t pid) {
  double total = ProcessCpuSeconds(pid);
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(
           absl::StrCat("/proc/", pid, "/task"), ec)) {
    std::ifstream children(task.path() / "children");
    pid_t child;
    while (children >> child) total += TreeCpuSeconds(child);
  }
  return total;
}

long RssKiB(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

double SelfCpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

struct RunningServer {
  pid_t pid = -1;
  int port = 0;
};

// The real server binary on a loopback port of its choosing; it announces
// the port on stderr once its workers are ready.
RunningServer StartServer(int workers, const std::string& extra_flags) {
  RunningServer server;
  int err[2];
  if (pipe2(err, O_CLOEXEC) != 0) return server;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  std::string workers_flag = absl::StrCat("--workers=", workers);
  std::vector<std::string> extra =
      absl::StrSplit(extra_flags, ' ', absl::SkipEmpty());
  std::vector<const char*> argv = {SERVER_BINARY, "--listen=127.0.0.1:0",
                                   workers_flag.c_str()};
  for (const std::string& flag : extra) argv.push_back(flag.c_str());
  argv.push_back(nullptr);
  if (posix_spawn(&server.pid, SERVER_BINARY, &actions, nullptr,
                  const_cast<char**>(argv.data()), environ) != 0) {
    server.pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(err[1]);
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

// One player. gRPC's callback threads deliver messages; the ticker thread
// advances playback and resumes reading; both under mu_.
class Listener : public grpc::ClientReadReactor<v1::SynthesizeResponse> {
 public:
  struct Result {
    bool got_audio = false;
    double first_audio_ms = 0;
    int gaps = 0;
    double stalled_s = 0;
    double longest_stall_s = 0;  // The longest single wait after a gap.
    bool finished = false;  // The stream ended by itself (whole text read).
    grpc::Status status;
    bool cancelled_by_us = false;
  };

  Listener(v1::PolicyReader::Stub* stub, const v1::SynthesizeRequest& request,
           int buffer_ms, int max_buffer_ms)
      : buffer_ms_(buffer_ms), max_buffer_ms_(max_buffer_ms) {
    opened_ = Clock::now();
    stub->async()->Synthesize(&context_, &request, this);
    {
      absl::MutexLock lock(&mu_);
      reading_ = true;
    }
    // Held until Finish(), so OnDone never runs while the ticker may still
    // start a read.
    AddHold();
    StartRead(&response_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // OnDone follows once the hold is removed.
      absl::MutexLock lock(&mu_);
      ended_ = true;
      return;
    }
    bool read_on;
    {
      absl::MutexLock lock(&mu_);
      Receive(Clock::now());
      read_on = BufferedSecondsLocked(Clock::now()) * 1000 < max_buffer_ms_;
      reading_ = read_on;
    }
    if (read_on) StartRead(&response_);
  }

  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    result_.status = status;
    result_.finished = status.ok();
    done_ = true;
  }

  // Advances playback to `now`; resumes reading when the buffer has room.
  void Tick(Clock::time_point now) {
    bool resume = false;
    {
      absl::MutexLock lock(&mu_);
      if (done_) return;
      Advance(now);
      if (!reading_ && BufferedSecondsLocked(now) * 1000 < max_buffer_ms_) {
        reading_ = true;
        resume = true;
      }
    }
    if (resume) StartRead(&response_);
  }

  // Once, after the last Tick(): cancels a stream still playing and lets
  // OnDone run.
  void Finish() {
    bool cancel;
    {
      absl::MutexLock lock(&mu_);
      cancel = !ended_;
      result_.cancelled_by_us = cancel;
      if (stalled_since_) {  // Still waiting at the end: count it too.
        EndStall(Clock::now());
      }
    }
    if (cancel) context_.TryCancel();
    RemoveHold();
  }

  bool WaitDone(absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&done_), timeout);
  }

  Result result() {
    absl::MutexLock lock(&mu_);
    return result_;
  }

 private:
  void Receive(Clock::time_point now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    switch (response_.event_case()) {
      case v1::SynthesizeResponse::kHeader:
        rate_ = response_.header().sample_rate_hz();
        linear16_ =
            response_.header().encoding() == v1::LINEAR16 ||
            response_.header().encoding() == v1::AUDIO_ENCODING_UNSPECIFIED;
        break;
      case v1::SynthesizeResponse::kAudio:
        if (!result_.got_audio) {
          result_.got_audio = true;
          result_.first_audio_ms =
              std::chrono::duration<double, std::milli>(now - opened_).count();
        }
        if (linear16_)
          received_s_ += response_.audio().data().size() / 2.0 /
                         std::max<uint32_t>(rate_, 1);
        break;
      case v1::SynthesizeResponse::kSentenceEnd:
        // Compressed audio: a sentence's samples count once it is complete.
        if (!linear16_) {
          received_s_ += response_.sentence_end().audio_samples() /
                         static_cast<double>(std::max<uint32_t>(rate_, 1));
        }
        break;
      default:
        break;
    }
    Advance(now);
  }

  void Advance(Clock::time_point now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!playing_) {
      if (ended_) {
        // The last audio is short of a prebuffer: play it out.
        if (stalled_since_) EndStall(now);
        if (received_s_ > played_s_) {
          playing_ = true;
          last_ = now;
        }
        return;
      }
      if (received_s_ - played_s_ >= buffer_ms_ / 1000.0) {
        if (stalled_since_) EndStall(now);
        playing_ = true;
        last_ = now;
      }
      return;
    }
    played_s_ += Seconds(now - last_);
    last_ = now;
    if (played_s_ > received_s_) {
      played_s_ = received_s_;
      playing_ = false;
      if (ended_) {  // The end of the text, not a gap.
        last_ = now;
        return;
      }
      ++result_.gaps;
      stalled_since_ = now;
    }
  }

  void EndStall(Clock::time_point now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const double stall = Seconds(now - *stalled_since_);
    result_.stalled_s += stall;
    result_.longest_stall_s = std::max(result_.longest_stall_s, stall);
    stalled_since_.reset();
  }

  double BufferedSecondsLocked(Clock::time_point now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    Advance(now);
    return received_s_ - played_s_;
  }

  const int buffer_ms_;
  const int max_buffer_ms_;
  grpc::ClientContext context_;
  v1::SynthesizeResponse response_;  // Only the reader in flight touches it.
  Clock::time_point opened_;

  absl::Mutex mu_;
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;  // The last read came back.
  uint32_t rate_ ABSL_GUARDED_BY(mu_) = 22050;
  bool linear16_ ABSL_GUARDED_BY(mu_) = true;
  double received_s_ ABSL_GUARDED_BY(mu_) = 0;
  double played_s_ ABSL_GUARDED_BY(mu_) = 0;
  bool playing_ ABSL_GUARDED_BY(mu_) = false;
  Clock::time_point last_ ABSL_GUARDED_BY(mu_);
  std::optional<Clock::time_point> stalled_since_ ABSL_GUARDED_BY(mu_);
  Result result_ ABSL_GUARDED_BY(mu_);
};

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t at = std::min(values.size() - 1,
                       static_cast<size_t>(p * (values.size() - 1) + 0.5));
  return values[at];
}

struct Point {
  int listeners = 0;
  int with_gaps = 0;
  int gaps = 0;
  double worst_stall_s = 0;
  int without_audio = 0;
  double first_p50_ms = 0, first_p99_ms = 0;
  std::map<std::string, int> errors;
  double server_cpu = 0;  // Cores busy, server and workers.
  double own_cpu = 0;     // Cores busy, this generator.
  long server_rss_kib = 0;
};

Point Play(const std::vector<std::unique_ptr<v1::PolicyReader::Stub>>& stubs,
           const std::string& text, int sentence_count, int n, pid_t server) {
  const bool distinct = absl::GetFlag(FLAGS_start) == "distinct";
  v1::AudioEncoding encoding = v1::LINEAR16;
  v1::AudioEncoding_Parse(absl::GetFlag(FLAGS_encoding), &encoding);
  const double seconds = absl::GetFlag(FLAGS_seconds);
  const double ramp = absl::GetFlag(FLAGS_ramp_s);

  std::vector<std::unique_ptr<Listener>> listeners;
  listeners.reserve(n);
  std::atomic<bool> stop{false};
  absl::Mutex list_mu;
  std::thread ticker([&] {
    while (!stop.load()) {
      size_t count;
      {
        absl::MutexLock lock(&list_mu);
        count = listeners.size();
      }
      Clock::time_point now = Clock::now();
      for (size_t i = 0; i < count; ++i) {
        Listener* l;
        {
          absl::MutexLock lock(&list_mu);
          l = listeners[i].get();
        }
        l->Tick(now);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });

  double server_cpu0 = server > 0 ? TreeCpuSeconds(server) : 0;
  double own_cpu0 = SelfCpuSeconds();
  Clock::time_point begin = Clock::now();
  long peak_rss = 0;
  for (int i = 0; i < n; ++i) {
    Clock::time_point due =
        begin + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(ramp * i / n));
    std::this_thread::sleep_until(due);
    v1::SynthesizeRequest request;
    request.set_text(text);
    request.mutable_audio()->set_encoding(encoding);
    if (distinct && sentence_count > 0) {
      request.set_start_sentence(i % sentence_count);
    }
    auto listener = std::make_unique<Listener>(
        stubs[i % stubs.size()].get(), request, absl::GetFlag(FLAGS_buffer_ms),
        absl::GetFlag(FLAGS_max_buffer_ms));
    absl::MutexLock lock(&list_mu);
    listeners.push_back(std::move(listener));
  }
  Clock::time_point end = begin + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(seconds));
  while (Clock::now() < end) {
    if (server > 0) peak_rss = std::max(peak_rss, RssKiB(server));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  Point point;
  point.listeners = n;
  double wall = Seconds(Clock::now() - begin);
  if (server > 0)
    point.server_cpu = (TreeCpuSeconds(server) - server_cpu0) / wall;
  point.own_cpu = (SelfCpuSeconds() - own_cpu0) / wall;
  point.server_rss_kib = peak_rss;
  stop = true;
  ticker.join();
  for (auto& l : listeners) l->Finish();
  for (auto& l : listeners) {
    if (!l->WaitDone(absl::Seconds(60))) {
      // Deleting a reactor gRPC still uses would crash; say so and leak it.
      fprintf(stderr, "a stream did not end within 60 s of cancelling\n");
      l.release();
    }
  }

  std::vector<double> first;
  const std::string tsv_path = absl::GetFlag(FLAGS_per_listener_tsv);
  std::ofstream tsv;
  if (!tsv_path.empty()) tsv.open(tsv_path, std::ios::app);
  for (size_t i = 0; i < listeners.size(); ++i) {
    Listener::Result r = listeners[i]->result();
    if (tsv.is_open()) {
      tsv << absl::StrFormat(
          "%d\t%d\t%d\t%d\t%.3f\t%.3f\t%s\t%s\t%s\n", n, i,
          distinct && sentence_count > 0 ? static_cast<int>(i) % sentence_count
                                         : 0,
          r.gaps, r.longest_stall_s, r.stalled_s,
          r.got_audio ? absl::StrFormat("%.0f", r.first_audio_ms) : "-",
          r.cancelled_by_us &&
                  r.status.error_code() == grpc::StatusCode::CANCELLED
              ? "playing"
              : absl::StatusCodeToString(rpc::FromGrpc(r.status).code()),
          absl::StrReplaceAll(r.status.error_message(),
                              {{"\t", " "}, {"\n", " "}}));
    }
    if (r.got_audio) {
      first.push_back(r.first_audio_ms);
    } else {
      ++point.without_audio;
    }
    if (r.gaps > 0) ++point.with_gaps;
    point.gaps += r.gaps;
    point.worst_stall_s = std::max(point.worst_stall_s, r.stalled_s);
    bool ours = r.cancelled_by_us &&
                r.status.error_code() == grpc::StatusCode::CANCELLED;
    if (!r.status.ok() && !ours) {
      ++point.errors[std::string(
          absl::StatusCodeToString(rpc::FromGrpc(r.status).code()))];
    }
  }
  point.first_p50_ms = Percentile(first, 0.5);
  point.first_p99_ms = Percentile(first, 0.99);
  return point;
}

// Reads the whole text as fast as the server sends it; the audio seconds.
double ReadWhole(v1::PolicyReader::Stub* stub, const std::string& text,
                 v1::AudioEncoding encoding) {
  v1::SynthesizeRequest request;
  request.set_text(text);
  request.mutable_audio()->set_encoding(encoding);
  grpc::ClientContext context;
  auto reader = stub->Synthesize(&context, request);
  v1::SynthesizeResponse response;
  double seconds = 0;
  while (reader->Read(&response)) {
    if (response.has_sentence_end()) {
      seconds += response.sentence_end().audio_duration_ms() / 1000.0;
    }
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) {
    fprintf(stderr, "Synthesize failed: %s\n", status.error_message().c_str());
    return 0;
  }
  return seconds;
}

// The server's CPU (with its workers) per audio second for the first
// listener of the text, whose sentences are synthesized and encoded, and
// for repeat listeners, whose sentences come from the cache; one run, one
// server, each encoding its own keys.
int CacheCost(v1::PolicyReader::Stub* stub, const std::string& text,
              pid_t server) {
  printf(
      "| encoding | first listener: server CPU ms per audio s | repeat "
      "listener | repeat / first |\n|---|---|---|---|\n");
  constexpr int kRepeats = 5;
  for (const v1::AudioEncoding encoding :
       {v1::LINEAR16, v1::MULAW, v1::OGG_OPUS, v1::MP3}) {
    double cpu0 = TreeCpuSeconds(server);
    const double audio = ReadWhole(stub, text, encoding);
    const double first = TreeCpuSeconds(server) - cpu0;
    cpu0 = TreeCpuSeconds(server);
    for (int i = 0; i < kRepeats; ++i) ReadWhole(stub, text, encoding);
    const double repeat = (TreeCpuSeconds(server) - cpu0) / kRepeats;
    if (audio <= 0) return 1;
    printf("| %s | %.2f | %.3f | %.3f |\n",
           v1::AudioEncoding_Name(encoding).c_str(), 1000 * first / audio,
           1000 * repeat / audio, repeat / first);
    fflush(stdout);
  }
  return 0;
}

// Listeners who open the text and stop reading after its header: the
// server's resident memory growth per such stream, once flow control has
// stalled them all (its CPU stops moving). The text is read once before, so
// the cache holds its sentences: what is measured is what a stream holds,
// not the shared audio.
int PausedMemory(
    const std::vector<std::unique_ptr<v1::PolicyReader::Stub>>& stubs,
    const std::string& text, int sentence_count, int n, pid_t server) {
  v1::AudioEncoding encoding = v1::LINEAR16;
  v1::AudioEncoding_Parse(absl::GetFlag(FLAGS_encoding), &encoding);
  if (ReadWhole(stubs[0].get(), text, encoding) <= 0) return 1;
  auto settle = [server] {
    double last = -1;
    for (int i = 0; i < 100; ++i) {
      const double now = TreeCpuSeconds(server);
      if (now - last < 0.005) return;
      last = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  };
  settle();
  const long rss_before = RssKiB(server);
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::SynthesizeResponse>>>
      readers;
  int opened = 0;
  for (int i = 0; i < n; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    v1::SynthesizeRequest request;
    request.set_text(text);
    request.mutable_audio()->set_encoding(encoding);
    if (absl::GetFlag(FLAGS_start) == "distinct" && sentence_count > 0) {
      request.set_start_sentence(i % sentence_count);
    }
    readers.push_back(
        stubs[i % stubs.size()]->Synthesize(contexts.back().get(), request));
    v1::SynthesizeResponse header;
    if (readers.back()->Read(&header) && header.has_header()) ++opened;
  }
  settle();
  const long rss_after = RssKiB(server);
  printf("| %d | %d | %.0f | %.0f | %.1f |\n", n, opened, rss_before / 1024.0,
         rss_after / 1024.0, static_cast<double>(rss_after - rss_before) / n);
  fflush(stdout);
  for (auto& context : contexts) context->TryCancel();
  for (auto& reader : readers) {
    v1::SynthesizeResponse ignored;
    while (reader->Read(&ignored)) {
    }
    reader->Finish();
  }
  return opened == n ? 0 : 1;
}

int Main() {
  if (int cpu = absl::GetFlag(FLAGS_cpu); cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set) != 0) {
      fprintf(stderr, "cannot pin to CPU %d\n", cpu);
      return 2;
    }
  }
  std::vector<int> counts;
  for (absl::string_view part :
       absl::StrSplit(absl::GetFlag(FLAGS_listeners), ',', absl::SkipEmpty())) {
    int n;
    if (!absl::SimpleAtoi(part, &n) || n <= 0) {
      fprintf(stderr, "--listeners: not a count: %s\n",
              std::string(part).c_str());
      return 2;
    }
    counts.push_back(n);
  }
  std::ifstream in(absl::GetFlag(FLAGS_text));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.empty()) {
    fprintf(stderr, "--text: cannot read %s\n",
            absl::GetFlag(FLAGS_text).c_str());
    return 2;
  }

  std::string target = absl::GetFlag(FLAGS_target);
  RunningServer server;
  if (target.empty()) {
    // The server must not share the generator's pinned CPU set by
    // inheritance: it gets the whole machine.
    cpu_set_t all;
    CPU_ZERO(&all);
    for (int c = 0; c < CPU_SETSIZE && c < sysconf(_SC_NPROCESSORS_CONF); ++c) {
      CPU_SET(c, &all);
    }
    cpu_set_t mine;
    sched_getaffinity(0, sizeof(mine), &mine);
    sched_setaffinity(0, sizeof(all), &all);
    server = StartServer(absl::GetFlag(FLAGS_workers),
                         absl::GetFlag(FLAGS_server_flags));
    sched_setaffinity(0, sizeof(mine), &mine);
    if (server.port == 0) {
      fprintf(stderr, "the server did not start: %s\n", SERVER_BINARY);
      return 1;
    }
    target = absl::StrCat("127.0.0.1:", server.port);
  }

  std::vector<std::unique_ptr<v1::PolicyReader::Stub>> stubs;
  int channels = absl::GetFlag(FLAGS_channels);
  if (channels <= 0) {
    channels = std::max(*std::max_element(counts.begin(), counts.end()),
                        absl::GetFlag(FLAGS_paused)) /
                   50 +
               1;
  }
  for (int i = 0; i < channels; ++i) {
    rpc::ChannelOptions options;
    options.target = target;
    grpc::ChannelArguments args = rpc::ChannelArgumentsFor(options);
    // Distinct channels, not one shared subchannel.
    args.SetInt("policyreader.load.channel", i);
    std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args);
    // Connected before the first listener: a channel's first call would
    // otherwise wait on its connection, and fail fast (UNAVAILABLE) if that
    // attempt failed, which is the client's start-up, not the server's load.
    if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                   std::chrono::seconds(30))) {
      fprintf(stderr, "cannot connect to %s\n", target.c_str());
      if (server.pid > 0) kill(server.pid, SIGTERM);
      return 1;
    }
    stubs.push_back(v1::PolicyReader::NewStub(channel));
  }
  v1::SegmentRequest segment;
  segment.set_text(text);
  absl::StatusOr<v1::SegmentResponse> sentences =
      rpc::Segment(stubs[0].get(), segment, rpc::CallOptions{});
  if (!sentences.ok()) {
    fprintf(stderr, "Segment failed: %s\n",
            sentences.status().ToString().c_str());
    if (server.pid > 0) kill(server.pid, SIGTERM);
    return 1;
  }
  int sentence_count = sentences->sentences_size();
  if (absl::GetFlag(FLAGS_cache_cost)) {
    if (server.pid <= 0) {
      fprintf(stderr,
              "--cache_cost measures a server it starts: no --target\n");
      return 2;
    }
    printf("# %d sentences, %d CPUs\n", sentence_count,
           static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
    const int rc = CacheCost(stubs[0].get(), text, server.pid);
    kill(server.pid, SIGTERM);
    int status;
    waitpid(server.pid, &status, 0);
    return rc;
  }

  if (const int paused = absl::GetFlag(FLAGS_paused); paused > 0) {
    if (server.pid <= 0) {
      fprintf(stderr, "--paused measures a server it starts: no --target\n");
      return 2;
    }
    printf(
        "# %d sentences, %s, %s start, server flags: %s\n| paused streams | "
        "opened | server RSS before MiB | after MiB | KiB per paused stream "
        "|\n|---|---|---|---|---|\n",
        sentence_count, absl::GetFlag(FLAGS_encoding).c_str(),
        absl::GetFlag(FLAGS_start).c_str(),
        absl::GetFlag(FLAGS_server_flags).c_str());
    const int rc =
        PausedMemory(stubs, text, sentence_count, paused, server.pid);
    kill(server.pid, SIGTERM);
    int status;
    waitpid(server.pid, &status, 0);
    return rc;
  }

  printf(
      "# target %s, %s start, %s, prebuffer %d ms, %.0f s per point, "
      "%d sentences, %d CPUs%s\n",
      target.c_str(), absl::GetFlag(FLAGS_start).c_str(),
      absl::GetFlag(FLAGS_encoding).c_str(), absl::GetFlag(FLAGS_buffer_ms),
      absl::GetFlag(FLAGS_seconds), sentence_count,
      static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)),
      absl::GetFlag(FLAGS_cpu) >= 0
          ? absl::StrCat(", generator pinned to CPU ", absl::GetFlag(FLAGS_cpu))
                .c_str()
          : "");
  if (const std::string tsv = absl::GetFlag(FLAGS_per_listener_tsv);
      !tsv.empty()) {
    std::ofstream(tsv, std::ios::trunc)
        << "point\tlistener\tstart\tgaps\tlongest_stall_s\tstalled_s\t"
           "first_audio_ms\tend\tmessage\n";
  }
  printf(
      "| listeners | with gaps | gaps | worst stall s | no audio | "
      "first audio p50 ms | p99 ms | errors | server CPU | server RSS MiB "
      "| generator CPU |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  fflush(stdout);
  bool clean = true;
  for (int n : counts) {
    Point p = Play(stubs, text, sentence_count, n, server.pid);
    std::string errors;
    for (const auto& [code, count] : p.errors) {
      absl::StrAppend(&errors, errors.empty() ? "" : " ", code, ":", count);
    }
    if (errors.empty()) errors = "0";
    printf(
        "| %d | %d | %d | %.2f | %d | %.0f | %.0f | %s | %.2f | %.0f | "
        "%.2f |\n",
        p.listeners, p.with_gaps, p.gaps, p.worst_stall_s, p.without_audio,
        p.first_p50_ms, p.first_p99_ms, errors.c_str(), p.server_cpu,
        p.server_rss_kib / 1024.0, p.own_cpu);
    fflush(stdout);
    if (p.with_gaps > 0 || p.without_audio > 0 || !p.errors.empty()) {
      clean = false;
    }
  }
  if (server.pid > 0) {
    kill(server.pid, SIGTERM);
    int status;
    waitpid(server.pid, &status, 0);
  }
  return absl::GetFlag(FLAGS_expect_no_gaps) && !clean ? 1 : 0;
}

}  // namespace
}  // namespace policyreader::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return policyreader::bench::Main();
}
