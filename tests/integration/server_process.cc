#include "tests/integration/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"

namespace policyreader::testing {
namespace {

int CountEntries(const std::string& dir) {
  std::error_code ec;
  int n = 0;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

}  // namespace

ServerProcess::ServerProcess(const std::vector<std::string>& flags) {
  int err[2];
  if (pipe2(err, O_CLOEXEC) != 0) return;
  std::vector<std::string> args = {SERVER_BINARY, "--listen=127.0.0.1:0"};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  if (posix_spawn(&pid_, SERVER_BINARY, &actions, nullptr, argv.data(),
                  environ) != 0) {
    pid_ = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(err[1]);
  std::string seen;
  char c;
  // The announcement comes once the workers are ready; EOF if it exits.
  while (pid_ > 0 && read(err[0], &c, 1) == 1) {
    seen += c;
    if (c != '\n') continue;
    size_t at = seen.find("serving on port ");
    if (at != std::string::npos) {
      port_ = std::atoi(seen.c_str() + at + 16);
      break;
    }
    seen.clear();
  }
  // Keep draining the log so the server never blocks on a full pipe.
  drain_ = std::thread([this, fd = err[0]] {
    char buffer[4096];
    std::string line;
    ssize_t n;
    while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
      for (ssize_t i = 0; i < n; ++i) {
        line += buffer[i];
        if (buffer[i] != '\n') continue;
        if (line.find("\"level\":\"error\"") != std::string::npos) {
          absl::MutexLock lock(&log_mu_);
          error_log_ += line;
          if (error_log_.size() > (1 << 20)) {
            error_log_.erase(0, error_log_.size() - (1 << 20));
          }
        }
        line.clear();
      }
    }
    close(fd);
  });
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status;
    waitpid(pid_, &status, 0);
  }
  if (drain_.joinable()) drain_.join();
}

std::string ServerProcess::ErrorLog() const {
  absl::MutexLock lock(&log_mu_);
  return error_log_;
}

std::string ServerProcess::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

bool ServerProcess::Alive() const {
  if (pid_ <= 0) return false;
  std::ifstream stat(absl::StrCat("/proc/", pid_, "/stat"));
  std::string line;
  if (!std::getline(stat, line)) return false;
  size_t at = line.rfind(')');
  return at != std::string::npos && at + 2 < line.size() &&
         line[at + 2] != 'Z' && line[at + 2] != 'X';
}

static double TreeCpuSeconds(pid_t pid) {
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!std::getline(stat, line) || line.rfind(')') == std::string::npos) {
    return 0;
  }
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::vector<std::string> fields;
  std::string field;
  while (rest >> field) fields.push_back(field);
  if (fields.size() <= 14) return 0;
  double total =
      (std::atof(fields[11].c_str()) + std::atof(fields[12].c_str()) +
       std::atof(fields[13].c_str()) + std::atof(fields[14].c_str())) /
      ticks;
  for (pid_t child : ChildrenOf(pid)) total += TreeCpuSeconds(child);
  return total;
}

ProcessUsage MeasureProcess(pid_t pid) {
  ProcessUsage usage;
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) usage.rss_kib = std::atol(&line[6]);
    if (line.rfind("VmSize:", 0) == 0) usage.vm_size_kib = std::atol(&line[7]);
  }
  usage.fds = CountEntries(absl::StrCat("/proc/", pid, "/fd"));
  usage.threads = CountEntries(absl::StrCat("/proc/", pid, "/task"));
  usage.cpu_seconds = TreeCpuSeconds(pid);
  return usage;
}

std::vector<pid_t> ChildrenOf(pid_t pid) {
  std::vector<pid_t> children;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(
           absl::StrCat("/proc/", pid, "/task"), ec)) {
    std::ifstream in(task.path() / "children");
    pid_t child;
    while (in >> child) children.push_back(child);
  }
  return children;
}

}  // namespace policyreader::testing
