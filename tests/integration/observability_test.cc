// What an operator sees of a real policy-reader-server process (real
// workers, loopback ports chosen by the kernel): its stderr is JSON lines
// carrying the request ids the test sends, over gRPC and HTTP; /metrics
// shows the test's traffic, passes promtool's strict parser, and is
// scraped by a real Prometheus (Debian's), queried through its HTTP API; a
// worker killed by a signal is logged with it and counted.
#include <fcntl.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "tests/integration/test_server.h"

extern char** environ;

namespace policyreader::testing {
namespace {

using google::protobuf::Struct;

constexpr absl::Duration kDeadline = absl::Seconds(60);

std::optional<Struct> ParseJson(const std::string& line) {
  Struct parsed;
  if (!google::protobuf::util::JsonStringToMessage(line, &parsed).ok()) {
    return std::nullopt;
  }
  return parsed;
}

std::string Str(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

double Num(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? -1 : it->second.number_value();
}

// A program started with its stderr read line by line into memory.
class Process {
 public:
  Process(const std::vector<std::string>& args) {
    int err[2];
    EXPECT_EQ(pipe2(err, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                     O_RDONLY, 0);
    std::vector<char*> argv;
    for (const std::string& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, args[0].c_str(), &actions, nullptr, argv.data(),
                    environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    close(err[1]);
    EXPECT_GT(pid_, 0) << args[0];
    reader_ = std::thread([this, fd = err[0]] {
      std::string partial;
      char buffer[4096];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
        partial.append(buffer, static_cast<size_t>(n));
        size_t end;
        while ((end = partial.find('\n')) != std::string::npos) {
          absl::MutexLock lock(&mu_);
          lines_.push_back(partial.substr(0, end));
          partial.erase(0, end + 1);
        }
      }
      close(fd);
      absl::MutexLock lock(&mu_);
      closed_ = true;
    });
  }
  ~Process() {
    Stop(SIGKILL);
    reader_.join();
  }

  pid_t pid() const { return pid_; }

  // Signals the process and reaps it; its exit status.
  int Stop(int signal) {
    if (pid_ <= 0) return -1;
    kill(pid_, signal);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

  // The first line from `from` on that `match` accepts, waiting for it up
  // to the deadline; its index, or -1.
  int WaitForLine(const std::function<bool(const std::string&)>& match,
                  size_t from = 0) {
    const absl::Time deadline = absl::Now() + kDeadline;
    absl::MutexLock lock(&mu_);
    // `match` sees each line once, however often the condition is asked.
    size_t checked = from;
    int hit = -1;
    auto found = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      for (; hit < 0 && checked < lines_.size(); ++checked) {
        if (match(lines_[checked])) hit = static_cast<int>(checked);
      }
      return hit >= 0 || closed_;
    };
    mu_.AwaitWithDeadline(absl::Condition(&found), deadline);
    return hit;
  }

  std::vector<std::string> lines() const {
    absl::MutexLock lock(&mu_);
    return lines_;
  }
  size_t line_count() const {
    absl::MutexLock lock(&mu_);
    return lines_.size();
  }

 private:
  pid_t pid_ = -1;
  std::thread reader_;
  mutable absl::Mutex mu_;
  std::vector<std::string> lines_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

// The JSON line of `event` whose `key` is `value`, waited for.
std::optional<Struct> WaitForEvent(Process& process, const std::string& event,
                                   const std::string& key,
                                   const std::string& value) {
  const int index = process.WaitForLine([&](const std::string& line) {
    std::optional<Struct> parsed = ParseJson(line);
    return parsed && Str(*parsed, "event") == event &&
           Str(*parsed, key) == value;
  });
  if (index < 0) return std::nullopt;
  return ParseJson(process.lines()[static_cast<size_t>(index)]);
}

std::string RunCommand(const std::string& command, int* status) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    output.append(buffer, n);
  }
  *status = pclose(pipe);
  return output;
}

// The value of the series `name{labels}` in an exposition, if present.
std::optional<double> Sample(const std::string& exposition,
                             const std::string& series) {
  for (absl::string_view line : absl::StrSplit(exposition, '\n')) {
    if (line.substr(0, series.size()) != series ||
        line.size() <= series.size() || line[series.size()] != ' ') {
      continue;
    }
    double value;
    if (absl::SimpleAtod(line.substr(series.size() + 1), &value)) return value;
  }
  return std::nullopt;
}

// The worker processes of the server: its children.
std::vector<pid_t> ChildrenOf(pid_t pid) {
  std::vector<pid_t> children;
  std::error_code error;
  for (const auto& task : std::filesystem::directory_iterator(
           absl::StrCat("/proc/", pid, "/task"), error)) {
    std::ifstream in(task.path() / "children");
    pid_t child;
    while (in >> child) children.push_back(child);
  }
  return children;
}

class ObservabilityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new Process(
        {SERVER_BINARY, "--listen=127.0.0.1:0", "--http_listen=127.0.0.1:0",
         "--metrics_listen=127.0.0.1:0", "--workers=1",
         absl::StrCat("--library=", SOURCE_DIR, "/samples/library"),
         absl::StrCat("--worker_binary=", WORKER_BINARY)});
    const int serving = server_->WaitForLine([](const std::string& line) {
      std::optional<Struct> parsed = ParseJson(line);
      return parsed && Str(*parsed, "event") == "serving";
    });
    ASSERT_GE(serving, 0) << "the server did not start";
    const Struct line =
        *ParseJson(server_->lines()[static_cast<size_t>(serving)]);
    grpc_port_ = static_cast<int>(Num(line, "grpc_port"));
    http_port_ = static_cast<int>(Num(line, "http_port"));
    metrics_port_ = static_cast<int>(Num(line, "metrics_port"));
    ASSERT_GT(grpc_port_, 0);
    ASSERT_GT(http_port_, 0);
    ASSERT_GT(metrics_port_, 0);
    channel_ = new std::shared_ptr<grpc::Channel>(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_port_),
                            grpc::InsecureChannelCredentials()));
  }
  static void TearDownTestSuite() {
    delete channel_;
    channel_ = nullptr;
    delete server_;
    server_ = nullptr;
  }

  static std::unique_ptr<v1::PolicyReader::Stub> Stub() {
    return v1::PolicyReader::NewStub(*channel_);
  }

  // A whole Synthesize stream; the x-request-id the server sent back.
  static std::string Synthesize(const v1::SynthesizeRequest& request,
                                const std::string& request_id,
                                grpc::Status* status) {
    auto stub = Stub();
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kDeadline));
    if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
    auto reader = stub->Synthesize(&context, request);
    v1::SynthesizeResponse response;
    while (reader->Read(&response)) {
    }
    *status = reader->Finish();
    const auto& metadata = context.GetServerInitialMetadata();
    auto it = metadata.find("x-request-id");
    return it == metadata.end()
               ? ""
               : std::string(it->second.data(), it->second.size());
  }

  static std::string Metrics(int port) {
    httplib::Client client("127.0.0.1", port);
    httplib::Result result = client.Get("/metrics");
    EXPECT_TRUE(result);
    if (!result) return "";
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"),
              "text/plain; version=0.0.4; charset=utf-8");
    return result->body;
  }

  // The exposition once `series` has reached `at_least`: an HTTP request is
  // counted when its answer has been written, so the client can ask again
  // a moment before that.
  static std::string MetricsWith(int port, const std::string& series,
                                 double at_least) {
    const absl::Time deadline = absl::Now() + kDeadline;
    std::string text;
    do {
      text = Metrics(port);
    } while (Sample(text, series).value_or(0) < at_least &&
             absl::Now() < deadline);
    return text;
  }

  static Process* server_;
  static std::shared_ptr<grpc::Channel>* channel_;
  static int grpc_port_, http_port_, metrics_port_;
};

Process* ObservabilityTest::server_ = nullptr;
std::shared_ptr<grpc::Channel>* ObservabilityTest::channel_ = nullptr;
int ObservabilityTest::grpc_port_ = 0;
int ObservabilityTest::http_port_ = 0;
int ObservabilityTest::metrics_port_ = 0;

TEST_F(ObservabilityTest, EveryLineIsJsonAndStartUpLogsTheConfiguration) {
  const int config = server_->WaitForLine([](const std::string& line) {
    std::optional<Struct> parsed = ParseJson(line);
    return parsed && Str(*parsed, "event") == "config";
  });
  ASSERT_GE(config, 0);
  const Struct line = *ParseJson(server_->lines()[static_cast<size_t>(config)]);
  EXPECT_EQ(Str(line, "level"), "info");
  EXPECT_FALSE(Str(line, "version").empty());
  const Struct& flags = line.fields().at("flags").struct_value();
  EXPECT_EQ(Str(flags, "workers"), "1");
  EXPECT_EQ(Str(flags, "listen"), "127.0.0.1:0");
  EXPECT_EQ(Str(flags, "grace_s"), "10");  // A default, not given.
  EXPECT_TRUE(flags.fields().contains("metrics_listen"));
  for (const std::string& text : server_->lines()) {
    std::optional<Struct> parsed = ParseJson(text);
    ASSERT_TRUE(parsed) << "not JSON: " << text;
    EXPECT_FALSE(Str(*parsed, "ts").empty()) << text;
    EXPECT_FALSE(Str(*parsed, "level").empty()) << text;
  }
}

TEST_F(ObservabilityTest, GrpcCallCarriesTheClientsRequestIdBackAndIntoTheLog) {
  v1::SynthesizeRequest request;
  request.set_text("Byrådet har vedtaget politikken.");
  request.mutable_audio()->set_encoding(v1::MP3);
  grpc::Status status;
  EXPECT_EQ(Synthesize(request, "obs-grpc-1", &status), "obs-grpc-1");
  ASSERT_TRUE(status.ok()) << status.error_message();

  std::optional<Struct> line =
      WaitForEvent(*server_, "access", "request_id", "obs-grpc-1");
  ASSERT_TRUE(line);
  EXPECT_EQ(Str(*line, "proto"), "grpc");
  EXPECT_EQ(Str(*line, "method"), "/policyreader.v1.PolicyReader/Synthesize");
  EXPECT_EQ(Str(*line, "code"), "ok");
  EXPECT_EQ(Str(*line, "encoding"), "mp3");
  EXPECT_EQ(Num(*line, "text_bytes"),
            static_cast<double>(request.text().size()));
  EXPECT_EQ(Num(*line, "sentences"), 1);
  EXPECT_GT(Num(*line, "first_audio_ms"), 0);
  EXPECT_GT(Num(*line, "audio_s"), 0.5);
  EXPECT_GE(Num(*line, "duration_ms"), Num(*line, "first_audio_ms"));
}

TEST_F(ObservabilityTest, FailedCallsAndCallsWithoutAnIdAreLoggedToo) {
  v1::SynthesizeRequest request;
  request.set_document_id("findes-ikke");
  grpc::Status status;
  const std::string id = Synthesize(request, "", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  // A new id, made by the server.
  ASSERT_EQ(id.size(), 32u);
  std::optional<Struct> line =
      WaitForEvent(*server_, "access", "request_id", id);
  ASSERT_TRUE(line);
  EXPECT_EQ(Str(*line, "code"), "not_found");
  EXPECT_EQ(Str(*line, "document_id"), "findes-ikke");
  EXPECT_FALSE(Str(*line, "error").empty());

  // A client's id that could forge a log line or a header is replaced.
  const std::string forged =
      Synthesize(request, "x\",\"level\":\"error", &status);
  EXPECT_EQ(forged.size(), 32u);
  EXPECT_TRUE(WaitForEvent(*server_, "access", "request_id", forged));
}

TEST_F(ObservabilityTest, HttpRequestIdReachesTheGrpcCallItCauses) {
  httplib::Client client("127.0.0.1", http_port_);
  client.set_read_timeout(60, 0);
  httplib::Result result =
      client.Get("/v1/speech?text=Politikken%20g%C3%A6lder%20alle.",
                 {{"X-Request-Id", "obs-http-1"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("X-Request-Id"), "obs-http-1");

  std::vector<Struct> lines;
  server_->WaitForLine([&lines](const std::string& text) {
    std::optional<Struct> parsed = ParseJson(text);
    if (parsed && Str(*parsed, "event") == "access" &&
        Str(*parsed, "request_id") == "obs-http-1") {
      lines.push_back(*parsed);
    }
    return lines.size() == 2;
  });
  ASSERT_EQ(lines.size(), 2u);
  std::set<std::string> protos;
  for (const Struct& line : lines) {
    protos.insert(Str(line, "proto"));
    if (Str(line, "proto") == "http") {
      EXPECT_EQ(Str(line, "route"), "/v1/speech");
      EXPECT_EQ(Num(line, "status"), 200);
      EXPECT_EQ(Str(line, "format"), "wav");
      EXPECT_EQ(Str(line, "cache"), "miss");
      EXPECT_EQ(Num(line, "text_bytes"), 24);  // "æ" is two bytes.
      EXPECT_GT(Num(line, "duration_ms"), 0);
    } else {
      EXPECT_EQ(Str(line, "method"),
                "/policyreader.v1.PolicyReader/Synthesize");
      EXPECT_EQ(Str(line, "encoding"), "linear16");
      EXPECT_GT(Num(line, "first_audio_ms"), 0);
    }
  }
  EXPECT_EQ(protos, (std::set<std::string>{"grpc", "http"}));

  // Without an id: one made and returned.
  httplib::Result fresh = client.Get("/healthz");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->get_header_value("X-Request-Id").size(), 32u);
}

TEST_F(ObservabilityTest, MetricsShowTheTrafficAndPassPromtool) {
  httplib::Client client("127.0.0.1", http_port_);
  client.set_read_timeout(60, 0);
  const std::string url = "/v1/speech?text=M%C3%A5lt%20og%20talt.&format=ogg";
  ASSERT_TRUE(client.Get(url));
  ASSERT_TRUE(client.Get(url));  // From the cache.
  ASSERT_TRUE(client.Get("/v1/documents/findes-ikke"));

  for (int port : {http_port_, metrics_port_}) {
    const std::string text = MetricsWith(
        port,
        "policyreader_http_requests_total{route=\"/v1/documents/{id}\","
        "status=\"404\"}",
        1);
    EXPECT_GE(Sample(text,
                     "policyreader_streams_total{encoding=\"ogg_opus\","
                     "outcome=\"ok\"}")
                  .value_or(0),
              1)
        << text;
    EXPECT_GE(Sample(text,
                     "policyreader_audio_seconds_total{encoding="
                     "\"ogg_opus\"}")
                  .value_or(0),
              0.5);
    EXPECT_GE(Sample(text,
                     "policyreader_time_to_first_audio_seconds_count{"
                     "encoding=\"ogg_opus\"}")
                  .value_or(0),
              1);
    EXPECT_EQ(
        Sample(text, "policyreader_streams_active{encoding=\"ogg_opus\"}"), 0);
    EXPECT_GE(Sample(text,
                     "policyreader_http_requests_total{route=\"/v1/"
                     "speech\",status=\"200\"}")
                  .value_or(0),
              2);
    EXPECT_GE(Sample(text,
                     "policyreader_http_requests_total{route=\"/v1/"
                     "documents/{id}\",status=\"404\"}")
                  .value_or(0),
              1);
    EXPECT_GE(Sample(text, "policyreader_http_cache_hits_total").value_or(0),
              1);
    EXPECT_GE(Sample(text, "policyreader_http_cache_misses_total").value_or(0),
              1);
    EXPECT_GT(Sample(text, "policyreader_http_cache_bytes").value_or(0), 0);
    EXPECT_GE(Sample(text,
                     "policyreader_grpc_calls_total{code=\"ok\","
                     "method=\"/policyreader.v1.PolicyReader/"
                     "Synthesize\"}")
                  .value_or(0),
              1);
    EXPECT_EQ(Sample(text, "policyreader_workers"), 1);
    EXPECT_EQ(Sample(text, "policyreader_synthesis_queue_depth"), 0);
    EXPECT_EQ(Sample(text, "policyreader_serving"), 1);

    char path[] = "/tmp/observability_metrics.XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    close(fd);
    std::ofstream(path) << text;
    int status = -1;
    const std::string output = RunCommand(
        absl::StrCat(PROMTOOL, " check metrics < ", path, " 2>&1"), &status);
    unlink(path);
    EXPECT_EQ(status, 0) << output;
  }
}

TEST_F(ObservabilityTest, AWorkerKilledByASignalIsLoggedWithItAndCounted) {
  const std::vector<pid_t> workers = ChildrenOf(server_->pid());
  ASSERT_EQ(workers.size(), 1u);
  // As the kernel's OOM killer would. (Workers block SIGTERM and SIGINT,
  // inherited from the server, so Ctrl-C does not kill them before the
  // server has drained; sanitizer builds catch SIGSEGV and exit instead.)
  ASSERT_EQ(kill(workers[0], SIGKILL), 0);
  // The pool notices at its next sentence, and replaces the worker.
  v1::SynthesizeRequest request;
  request.set_text("Efter nedbruddet.");
  grpc::Status status;
  Synthesize(request, "obs-after-crash", &status);
  EXPECT_TRUE(status.ok()) << status.error_message();

  std::optional<Struct> line =
      WaitForEvent(*server_, "worker_exit", "cause", "SIGKILL");
  ASSERT_TRUE(line);
  EXPECT_EQ(Str(*line, "level"), "error");
  EXPECT_EQ(Num(*line, "pid"), workers[0]);
  EXPECT_EQ(Num(*line, "signal"), SIGKILL);
  EXPECT_EQ(Str(*line, "signal_name"), strsignal(SIGKILL));
  const std::string text = Metrics(metrics_port_);
  EXPECT_EQ(
      Sample(text, "policyreader_worker_crashes_total{cause=\"SIGKILL\"}"), 1)
      << text;
  EXPECT_EQ(Sample(text, "policyreader_worker_restarts_total"), 1);
  EXPECT_EQ(Sample(text, "policyreader_workers"), 1);
}

// Debian's Prometheus scrapes --metrics_listen every second; the test asks
// its query API until the stream it made shows.
TEST_F(ObservabilityTest, PrometheusScrapesTheServer) {
  v1::SynthesizeRequest request;
  request.set_text("Prometheus lytter med.");
  request.mutable_audio()->set_encoding(v1::ALAW);
  request.mutable_audio()->set_sample_rate_hz(8000);
  grpc::Status status;
  Synthesize(request, "obs-prometheus", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();

  char pattern[] = "/tmp/observability_prometheus.XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  const std::filesystem::path dir(pattern);
  std::ofstream(dir / "prometheus.yml")
      << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
         "scrape_configs:\n  - job_name: policy-reader\n"
         "    static_configs:\n      - targets: ['127.0.0.1:"
      << metrics_port_ << "']\n";
  auto prometheus = std::make_unique<Process>(std::vector<std::string>{
      PROMETHEUS,
      absl::StrCat("--config.file=", (dir / "prometheus.yml").string()),
      absl::StrCat("--storage.tsdb.path=", (dir / "data").string()),
      "--web.listen-address=127.0.0.1:0"});
  // It binds port 0 and says which port it got.
  const std::string kListening = "msg=\"Listening on\" address=127.0.0.1:";
  const int listening = prometheus->WaitForLine([&](const std::string& line) {
    return line.find(kListening) != std::string::npos;
  });
  ASSERT_GE(listening, 0) << "Prometheus did not start";
  const std::string line = prometheus->lines()[static_cast<size_t>(listening)];
  int port = 0;
  ASSERT_TRUE(absl::SimpleAtoi(
      line.substr(line.find(kListening) + kListening.size()), &port))
      << line;

  httplib::Client client("127.0.0.1", port);
  const std::string query =
      "/api/v1/query?query=policyreader_streams_total%7Bencoding%3D%22alaw%22%"
      "2Coutcome%3D%22ok%22%7D";
  const absl::Time deadline = absl::Now() + kDeadline;
  std::string body;
  double value = 0;
  while (absl::Now() < deadline) {
    httplib::Result result = client.Get(query);
    if (result && result->status == 200) {
      body = result->body;
      std::optional<Struct> parsed = ParseJson(body);
      if (parsed && Str(*parsed, "status") == "success") {
        const auto& results = parsed->fields()
                                  .at("data")
                                  .struct_value()
                                  .fields()
                                  .at("result")
                                  .list_value();
        if (results.values_size() > 0) {
          const auto& sample = results.values(0)
                                   .struct_value()
                                   .fields()
                                   .at("value")
                                   .list_value();
          ASSERT_TRUE(
              absl::SimpleAtod(sample.values(1).string_value(), &value));
          break;
        }
      }
    }
    // Polls Prometheus, which scrapes once a second.
    absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_GE(value, 1) << body;
  prometheus.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace policyreader::testing
