// The installed tree (cmake --install into the test's prefix, the ctest
// fixture) run the way deploy/systemd/policy-reader.service runs it: the
// installed server with only --flagfile, and a NOTIFY_SOCKET the way systemd
// gives Type=notify services one. It must find voices, web and worker under
// its prefix, say READY=1 only once it answers, and STOPPING=1 on SIGTERM.
// systemd itself is not PID 1 on the test machines, so this test is the
// service manager's side of the protocol.
#include <fcntl.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

const fs::path kPrefix = INSTALL_PREFIX;
constexpr absl::Duration kStartDeadline = absl::Seconds(30);

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The installed sample flagfile with the ports the test needs (port 0) and
// the installed sample library. Every line replaced must be in the sample,
// so the sample keeps naming what an operator sets.
std::string TestFlagfile() {
  const std::string sample =
      ReadFile(kPrefix / "etc/policy-reader/policy-reader.flags");
  const std::vector<std::pair<std::string, std::string>> replaced = {
      {"--listen=", "127.0.0.1:0"},
      {"--http_listen=", "127.0.0.1:0"},
      {"--library=",
       (kPrefix / "share/policy-reader/samples/library").string()},
      {"--workers=", "1"},
  };
  std::string out;
  for (absl::string_view line : absl::StrSplit(sample, '\n')) {
    std::string kept(line);
    for (const auto& [flag, value] : replaced) {
      if (absl::StartsWith(line, flag)) kept = flag + value;
    }
    absl::StrAppend(&out, kept, "\n");
  }
  for (const auto& [flag, value] : replaced) {
    EXPECT_TRUE(absl::StrContains(sample, "\n" + flag))
        << "the sample flagfile has no " << flag << " line";
  }
  return out;
}

// The service manager's end of NOTIFY_SOCKET: a Unix datagram socket.
class NotifySocket {
 public:
  NotifySocket() {
    path_ = fs::temp_directory_path() /
            absl::StrCat("policy-reader-notify-", getpid());
    fs::remove(path_);
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    snprintf(address.sun_path, sizeof(address.sun_path), "%s", path_.c_str());
    bound_ = fd_ >= 0 && bind(fd_, reinterpret_cast<sockaddr*>(&address),
                              sizeof(address)) == 0;
  }
  ~NotifySocket() {
    if (fd_ >= 0) close(fd_);
    fs::remove(path_);
  }
  bool bound() const { return bound_; }
  const fs::path& path() const { return path_; }

  // The next datagram, or nothing by the deadline.
  std::optional<std::string> Receive(absl::Time deadline) {
    while (absl::Now() < deadline) {
      pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
      const int ms =
          static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
      if (poll(&p, 1, std::max(ms, 1)) <= 0) continue;
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n >= 0) return std::string(buffer, n);
    }
    return std::nullopt;
  }

 private:
  fs::path path_;
  int fd_ = -1;
  bool bound_ = false;
};

// "Serving gRPC on port 41234, HTTP on port 41235, 1 workers" -> the ports.
bool ParsePorts(absl::string_view message, int* grpc_port, int* http_port) {
  for (absl::string_view line : absl::StrSplit(message, '\n')) {
    if (!absl::ConsumePrefix(&line, "STATUS=Serving gRPC on port ")) continue;
    std::vector<absl::string_view> parts =
        absl::StrSplit(line, ", HTTP on port ");
    if (parts.size() != 2) return false;
    std::vector<absl::string_view> http = absl::StrSplit(parts[1], ',');
    return absl::SimpleAtoi(parts[0], grpc_port) &&
           absl::SimpleAtoi(http[0], http_port);
  }
  return false;
}

std::vector<pid_t> Children(pid_t pid) {
  std::vector<pid_t> children;
  for (const auto& task : fs::directory_iterator(
           fs::path("/proc") / std::to_string(pid) / "task")) {
    std::istringstream list(ReadFile(task.path() / "children"));
    pid_t child;
    while (list >> child) children.push_back(child);
  }
  return children;
}

class InstalledServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kPrefix / "bin/policy-reader-server"))
        << "no installed tree in " << kPrefix
        << " (ctest fixture deploy.Install)";
    ASSERT_TRUE(notify_.bound()) << strerror(errno);
    flagfile_ = fs::temp_directory_path() /
                absl::StrCat("policy-reader-test-", getpid(), ".flags");
    std::ofstream(flagfile_) << TestFlagfile();

    const std::string program = (kPrefix / "bin/policy-reader-server").string();
    const std::string flag = "--flagfile=" + flagfile_.string();
    std::vector<std::string> env = {"NOTIFY_SOCKET=" + notify_.path().string(),
                                    "PATH=/usr/bin:/bin"};
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    char* argv[] = {const_cast<char*>(program.c_str()),
                    const_cast<char*>(flag.c_str()), nullptr};
    // Started from another directory: nothing may depend on the cwd.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, "/");
    ASSERT_EQ(posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv,
                          envp.data()),
              0);
    posix_spawn_file_actions_destroy(&actions);
  }

  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove(flagfile_);
  }

  NotifySocket notify_;
  fs::path flagfile_;
  pid_t pid_ = -1;
};

TEST_F(InstalledServerTest, ReadyFromItsPrefixWithOnlyTheFlagfile) {
  const absl::Time start = absl::Now();
  std::optional<std::string> ready = notify_.Receive(start + kStartDeadline);
  ASSERT_TRUE(ready.has_value()) << "no READY=1 within the start deadline";
  const absl::Duration ready_after = absl::Now() - start;
  ASSERT_TRUE(absl::StartsWith(*ready, "READY=1\n")) << *ready;
  int grpc_port = 0, http_port = 0;
  ASSERT_TRUE(ParsePorts(*ready, &grpc_port, &http_port)) << *ready;
  printf("READY=1 after %.0f ms: %s\n", absl::ToDoubleMilliseconds(ready_after),
         ready->c_str());

  // READY=1 means answering, at once, on both ports.
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_port),
                                     grpc::InsecureChannelCredentials());
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = grpc::health::v1::Health::NewStub(channel)->Check(
        &context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.status(),
              grpc::health::v1::HealthCheckResponse::SERVING);
  }
  // The installed client's health check, as operators and containers run it.
  const std::string health = absl::StrCat(
      (kPrefix / "bin/policy-reader").string(),
      " health --server 127.0.0.1:", grpc_port, " --timeout-s 5 > /dev/null");
  EXPECT_EQ(system(health.c_str()), 0) << health;
  httplib::Client http("127.0.0.1", http_port);
  httplib::Result healthz = http.Get("/healthz");
  ASSERT_TRUE(healthz) << httplib::to_string(healthz.error());
  EXPECT_EQ(healthz->status, 200);
  // The web widget from share/policy-reader/web, the library from the flag.
  httplib::Result page = http.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(absl::StrContains(page->body, "widget.js")) << page->body;
  httplib::Result widget = http.Get("/widget.js");
  ASSERT_TRUE(widget);
  EXPECT_EQ(widget->body,
            ReadFile(kPrefix / "share/policy-reader/web/widget.js"));
  httplib::Result documents = http.Get("/v1/documents");
  ASSERT_TRUE(documents);
  EXPECT_TRUE(absl::StrContains(documents->body, "trivselspolitik"))
      << documents->body;

  // Speech: the voices from share/policy-reader/voices, the worker from
  // libexec/policy-reader.
  {
    auto stub = policyreader::v1::PolicyReader::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    policyreader::v1::SynthesizeRequest request;
    request.set_text("Byrådet har vedtaget politikken.");
    auto reader = stub->Synthesize(&context, request);
    policyreader::v1::SynthesizeResponse response;
    size_t audio_bytes = 0;
    while (reader->Read(&response)) {
      if (response.has_audio()) audio_bytes += response.audio().data().size();
    }
    grpc::Status status = reader->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_GT(audio_bytes, 22050u);  // Over half a second of 16-bit audio.
  }
  const std::vector<pid_t> workers = Children(pid_);
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(
      fs::read_symlink(fs::path("/proc") / std::to_string(workers[0]) / "exe"),
      kPrefix / "libexec/policy-reader/policy-reader-synth-worker");

  // SIGTERM, as systemctl stop sends: STOPPING=1, then a clean exit.
  ASSERT_EQ(kill(pid_, SIGTERM), 0);
  std::optional<std::string> stopping =
      notify_.Receive(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(stopping.has_value());
  EXPECT_TRUE(absl::StartsWith(*stopping, "STOPPING=1\n")) << *stopping;
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  int wstatus = 0;
  pid_t exited = 0;
  while ((exited = waitpid(pid_, &wstatus, WNOHANG)) == 0 &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));  // Polling a deadline.
  }
  ASSERT_EQ(exited, pid_) << "still running 20 s after SIGTERM";
  pid_ = -1;
  EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << wstatus;
}

// A start that fails (here: no voices folder) never says READY=1, and
// exits with a failure, which systemd reports and Restart=on-failure
// retries.
TEST(InstalledServerStartTest, NoReadyWhenTheStartFails) {
  NotifySocket notify;
  ASSERT_TRUE(notify.bound());
  const std::string program = (kPrefix / "bin/policy-reader-server").string();
  const std::string voices = "--voices=/nonexistent/policy-reader-voices";
  const std::string listen = "--listen=127.0.0.1:0";
  std::vector<std::string> env = {"NOTIFY_SOCKET=" + notify.path().string()};
  char* envp[] = {env[0].data(), nullptr};
  char* argv[] = {const_cast<char*>(program.c_str()),
                  const_cast<char*>(voices.c_str()),
                  const_cast<char*>(listen.c_str()), nullptr};
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv, envp),
            0);
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 1) << wstatus;
  EXPECT_FALSE(
      notify.Receive(absl::Now() + absl::Milliseconds(100)).has_value());
}

}  // namespace
