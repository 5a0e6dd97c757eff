// Soak: the real server binary takes streams over and over for about a
// minute (read to the end, cancelled mid-way, paused then abandoned) while
// a worker is killed every few seconds (so replacing workers is soaked
// too), then idles; its RSS, open file descriptors and threads must come
// back to near the baseline measured after a warm-up, and its children must
// be as many workers as before, none left a zombie. scripts/soak.sh runs
// the long one.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/rpc/channel.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_server.h"

namespace policyreader::testing {
namespace {

// The server's children, and how many of them are zombies (exited, not
// reaped).
struct Children {
  int count = 0;
  int zombies = 0;
};
Children ChildrenState(pid_t server) {
  Children children;
  for (pid_t child : ChildrenOf(server)) {
    ++children.count;
    std::ifstream stat(absl::StrCat("/proc/", child, "/stat"));
    std::string line;
    std::getline(stat, line);
    const size_t at = line.rfind(')');
    if (at != std::string::npos && at + 2 < line.size() &&
        line[at + 2] == 'Z') {
      ++children.zombies;
    }
  }
  return children;
}

double EnvSeconds(const char* name, double fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::atof(value) : fallback;
}

// One client's loop until `stop`: stream kinds in turn, each from a
// different start sentence.
void Churn(v1::PolicyReader::Stub* stub, const std::string& text, int sentences,
           int seed, const std::atomic<bool>* stop, std::atomic<int>* streams,
           std::atomic<int>* failures) {
  for (int round = 0; !stop->load(); ++round) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    v1::SynthesizeRequest request;
    request.set_text(text);
    int start = (seed * 7 + round * 3) % sentences;
    request.set_start_sentence(start);
    int kind = (seed + round) % 3;
    if (kind == 0) request.set_end_sentence(std::min(sentences, start + 2));
    auto reader = stub->Synthesize(&context, request);
    v1::SynthesizeResponse response;
    int messages = 0;
    while (reader->Read(&response)) {
      ++messages;
      if (kind == 1 && messages == 5) context.TryCancel();  // Mid-way.
      if (kind == 2 && messages == 2) {
        // A paused listener: holds the stream without reading, then leaves.
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        context.TryCancel();
      }
    }
    grpc::Status status = reader->Finish();
    bool expected = kind == 0 ? status.ok()
                              : status.ok() || status.error_code() ==
                                                   grpc::StatusCode::CANCELLED;
    if (!expected) {
      ++*failures;
      ADD_FAILURE() << "stream " << kind << " from " << start << ": "
                    << status.error_code() << " " << status.error_message();
    }
    ++*streams;
  }
}

TEST(SoakTest, ResourcesComeBackAfterChurn) {
  ServerProcess server;
  ASSERT_GT(server.port(), 0) << "the server did not start";
  const std::string text =
      ReadFile(POLICIES_DIR "/naestved-ledelsesgrundlag.txt");
  rpc::ChannelOptions options;
  options.target = absl::StrCat("127.0.0.1:", server.port());
  auto stub = rpc::MakeStub(options);
  v1::SegmentRequest segment;
  segment.set_text(text);
  v1::SegmentResponse segmented;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub->Segment(&context, segment, &segmented).ok());
  }
  const int sentences = segmented.sentences_size();
  ASSERT_GT(sentences, 4);

  constexpr int kClients = 24;
  int workers_killed = 0;
  auto run = [&](double seconds, bool kill_workers) {
    std::atomic<bool> stop{false};
    std::atomic<int> streams{0}, failures{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) {
      clients.emplace_back(Churn, stub.get(), text, sentences, i, &stop,
                           &streams, &failures);
    }
    const absl::Time end = absl::Now() + absl::Seconds(seconds);
    while (absl::Now() < end) {
      absl::SleepFor(std::min(absl::Seconds(4), end - absl::Now()));
      if (!kill_workers || absl::Now() >= end) continue;
      // A sentence killed once is re-run, so no stream fails for this; one
      // kill every 4 s cannot hit the same sentence twice.
      std::vector<pid_t> workers = ChildrenOf(server.pid());
      if (!workers.empty() &&
          kill(workers[workers_killed % workers.size()], SIGKILL) == 0) {
        ++workers_killed;
      }
    }
    stop = true;
    for (auto& c : clients) c.join();
    EXPECT_EQ(failures.load(), 0);
    return streams.load();
  };
  // Warm-up: pools, arenas and gRPC's threads reach their working size.
  EXPECT_GT(run(EnvSeconds("SOAK_WARMUP_S", 8), false), 0);
  absl::SleepFor(absl::Seconds(2));
  ProcessUsage baseline = MeasureProcess(server.pid());
  const Children children_before = ChildrenState(server.pid());
  ASSERT_GT(children_before.count, 0) << "no workers under the server";

  int streams = run(EnvSeconds("SOAK_SECONDS", 50), true);
  EXPECT_GT(streams, kClients * 10);
  EXPECT_GE(workers_killed, 5);

  // A worker killed while idle is replaced (and reaped) when its slot next
  // takes a job: new sentences (not in the cache) on several streams at
  // once, until every slot has had one.
  Children children_after = ChildrenState(server.pid());
  absl::Time settled_by = absl::Now() + absl::Seconds(20);
  for (int round = 0; children_after.zombies > 0 && absl::Now() < settled_by;
       ++round) {
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) {
      readers.emplace_back([&stub, round, i] {
        v1::SynthesizeRequest request;
        request.set_text(absl::StrCat("Runde ", round, " læser ", i,
                                      ". Den anden sætning i runde ", round,
                                      " og læser ", i, ". Og så den tredje."));
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(30));
        auto reader = stub->Synthesize(&context, request);
        v1::SynthesizeResponse response;
        while (reader->Read(&response)) {
        }
        EXPECT_TRUE(reader->Finish().ok());
      });
    }
    for (auto& r : readers) r.join();
    children_after = ChildrenState(server.pid());
  }

  // Idle: poll until the server is back near the baseline, or give up.
  auto near = [&](const ProcessUsage& u) {
    return u.fds <= baseline.fds + 4 && u.threads <= baseline.threads + 4 &&
           u.rss_kib <= baseline.rss_kib + baseline.rss_kib / 5 + 8192;
  };
  ProcessUsage now = MeasureProcess(server.pid());
  absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (!near(now) && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(200));
    now = MeasureProcess(server.pid());
  }
  printf(
      "soak: %d streams, %d workers killed; baseline rss %ld KiB fds %d "
      "threads %d children %d; after rss %ld KiB fds %d threads %d children "
      "%d (%d zombies)\n",
      streams, workers_killed, baseline.rss_kib, baseline.fds, baseline.threads,
      children_before.count, now.rss_kib, now.fds, now.threads,
      children_after.count, children_after.zombies);
  EXPECT_EQ(children_after.count, children_before.count);
  EXPECT_EQ(children_after.zombies, 0);
  EXPECT_LE(now.fds, baseline.fds + 4);
  EXPECT_LE(now.threads, baseline.threads + 4);
  EXPECT_LE(now.rss_kib, baseline.rss_kib + baseline.rss_kib / 5 + 8192);
}

}  // namespace
}  // namespace policyreader::testing
