// Faults under load: real-time listeners (policy-reader-load, as a separate
// process) play against the real server binary while this test SIGKILLs its
// worker processes over and over, SIGSTOPs one (the pool kills a worker
// silent for silence_timeout_ms), and sends eSpeak-crash-class sentences.
// No listener's stream may end with an error, every listener hears audio,
// the server stays up and healthy, and the worst stall is reported.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/rpc/calls.h"
#include "client/rpc/channel.h"
#include "tests/integration/server_process.h"

namespace policyreader::testing {
namespace {

constexpr int kListeners = 150;
constexpr int kSeconds = 45;

bool IsWorker(pid_t pid) {
  std::ifstream cmdline(absl::StrCat("/proc/", pid, "/cmdline"));
  std::string argv0;
  std::getline(cmdline, argv0, '\0');
  return argv0.find("synth-worker") != std::string::npos;
}

std::vector<pid_t> Workers(pid_t server) {
  std::vector<pid_t> workers;
  for (pid_t child : ChildrenOf(server)) {
    if (IsWorker(child)) workers.push_back(child);
  }
  return workers;
}

// Sentences of the kind that crashed eSpeak NG (CVE-2023-49990..4): very
// long words, stacked combining marks, RTL and private-use characters. Each
// must end OK or with a clear status; UTF-8 surrogates are INVALID_ARGUMENT.
struct Hostile {
  std::string name;
  std::string text;
  bool invalid;
};
std::vector<Hostile> HostileTexts() {
  std::string long_word(3000, 'a');
  std::string combining = "e";
  for (int i = 0; i < 500; ++i) combining += "\xCC\x81";  // U+0301
  std::string rtl =
      "\xE2\x80\xAE\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D "
      "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 dansk tekst.";
  std::string private_use;
  for (int i = 0; i < 200; ++i) private_use += "\xEE\x80\x80";  // U+E000
  return {
      {"long word", "Ord: " + long_word + ".", false},
      {"combining marks", combining + " er et ord.", false},
      {"rtl", rtl, false},
      {"private use", "Tegn " + private_use + " her.", false},
      {"mixed",
       "x\xCC\x81\xE2\x80\xAE" + std::string(800, 'z') + "\xEE\x80\x81.",
       false},
      {"surrogate", "Halvt tegn \xED\xA0\x80 her.", true},
  };
}

TEST(FaultsUnderLoadTest, ListenersSurviveKilledAndHungWorkers) {
  // Uncached, so every listener's sentences are synthesized under the
  // faults (with the cache, one pass over the text leaves workers idle).
  ServerProcess server({"--sentence_cache_mb=0"});
  ASSERT_GT(server.port(), 0) << "the server did not start";
  rpc::ChannelOptions options;
  options.target = server.address();
  auto stub = rpc::MakeStub(options);
  auto health = rpc::MakeHealthStub(options);

  // The listeners, in their own process so their CPU is not ours.
  std::string command = absl::StrCat(
      LOAD_BINARY, " --target=", server.address(), " --listeners=", kListeners,
      " --seconds=", kSeconds, " --ramp_s=5 --channels=4 2>&1");
  FILE* load = popen(command.c_str(), "r");
  ASSERT_NE(load, nullptr);
  std::string load_output;
  std::thread reader([&] {
    char buffer[1024];
    while (fgets(buffer, sizeof(buffer), load) != nullptr) {
      load_output += buffer;
    }
  });

  // Let the listeners reach steady playback before the faults begin.
  absl::SleepFor(absl::Seconds(8));
  int killed = 0, stopped = 0, hostile_sent = 0;
  pid_t hung = -1;
  absl::Time end = absl::Now() + absl::Seconds(kSeconds - 14);
  for (int round = 0; absl::Now() < end; ++round) {
    std::vector<pid_t> workers = Workers(server.pid());
    ASSERT_FALSE(workers.empty()) << "no workers under the server";
    pid_t victim = workers[round % workers.size()];
    if (round == 2) {
      // Hung, not dead: the pool must notice the silence and replace it.
      ASSERT_EQ(kill(victim, SIGSTOP), 0);
      hung = victim;
      ++stopped;
    } else {
      ASSERT_EQ(kill(victim, SIGKILL), 0);
      ++killed;
    }
    for (const Hostile& hostile : HostileTexts()) {
      v1::SynthesizeRequest request;
      request.set_text(hostile.text);
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(30));
      auto stream = stub->Synthesize(&context, request);
      v1::SynthesizeResponse response;
      while (stream->Read(&response)) {
      }
      grpc::Status status = stream->Finish();
      ++hostile_sent;
      if (hostile.invalid) {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
            << hostile.name;
      } else {
        // UNAVAILABLE is what a sentence that killed workers twice gets.
        EXPECT_TRUE(status.ok() ||
                    status.error_code() == grpc::StatusCode::UNAVAILABLE)
            << hostile.name << ": " << status.error_message();
      }
    }
    ASSERT_TRUE(server.Alive());
    auto serving = rpc::CheckHealth(health.get(), "", rpc::CallOptions{});
    ASSERT_TRUE(serving.ok()) << serving.status();
    EXPECT_EQ(*serving, grpc::health::v1::HealthCheckResponse::SERVING);
    absl::SleepFor(absl::Seconds(3));
  }
  reader.join();
  // The hung worker is replaced, not left stopped under the server.
  ASSERT_GT(hung, 0);
  absl::Time replaced_by = absl::Now() + absl::Seconds(20);
  auto still_there = [&] {
    std::vector<pid_t> workers = Workers(server.pid());
    return std::find(workers.begin(), workers.end(), hung) != workers.end();
  };
  while (still_there() && absl::Now() < replaced_by) {
    absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_FALSE(still_there())
      << "the SIGSTOPped worker " << hung << " is still a worker of the server";
  int load_status = pclose(load);
  printf("%s", load_output.c_str());
  printf("faults: %d workers killed, %d stopped, %d hostile streams\n", killed,
         stopped, hostile_sent);
  EXPECT_TRUE(WIFEXITED(load_status) && WEXITSTATUS(load_status) == 0);
  EXPECT_GE(killed, 5);

  // The generator's row: | listeners | with gaps | gaps | worst stall s |
  // no audio | p50 | p99 | errors | ...
  std::vector<std::string> row;
  for (absl::string_view line : absl::StrSplit(load_output, '\n')) {
    if (absl::StartsWith(line, absl::StrCat("| ", kListeners, " |"))) {
      for (absl::string_view cell : absl::StrSplit(line, '|')) {
        row.emplace_back(absl::StripAsciiWhitespace(cell));
      }
    }
  }
  ASSERT_GE(row.size(), 9u) << load_output;
  EXPECT_EQ(row[5], "0") << "listeners that never heard audio";
  EXPECT_EQ(row[8], "0") << "streams that ended with an error";
  // A hung worker's listeners wait out silence_timeout_ms (10 s) plus the
  // retry; a killed one's only their sentence's synthesis.
  EXPECT_LT(std::stod(row[4]), 15.0) << "worst stall";
  printf("worst stall %s s; %s of %d listeners had gaps (%s gaps)\n",
         row[4].c_str(), row[2].c_str(), kListeners, row[3].c_str());
  EXPECT_TRUE(server.Alive());
}

}  // namespace
}  // namespace policyreader::testing
