#include "service/http/connection_threads.h"

#include <functional>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace policyreader::http {
namespace {

// Connections that hold their thread until released.
class Holds {
 public:
  std::function<void()> Connection() {
    return [this] {
      absl::MutexLock lock(&mu_);
      ++running_;
      mu_.Await(absl::Condition(&released_));
      --running_;
      ++done_;
    };
  }
  // Waits (at most 10 s) until `n` connections run at once.
  bool AwaitRunning(int n) {
    absl::MutexLock lock(&mu_);
    const auto reached = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return running_ >= n;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), absl::Seconds(10));
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    released_ = true;
  }
  int running() {
    absl::MutexLock lock(&mu_);
    return running_;
  }
  int done() {
    absl::MutexLock lock(&mu_);
    return done_;
  }

 private:
  absl::Mutex mu_;
  bool released_ ABSL_GUARDED_BY(mu_) = false;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  int done_ ABSL_GUARDED_BY(mu_) = 0;
};

TEST(ConnectionThreadsTest, EveryConnectionGetsItsOwnThreadUpToTheLimit) {
  Holds holds;
  ConnectionThreads threads(/*max_threads=*/64, /*idle_threads=*/2);
  for (int i = 0; i < 50; ++i) threads.enqueue(holds.Connection());
  // Fifty connections that never finish all run: none waits behind them.
  EXPECT_TRUE(holds.AwaitRunning(50));
  EXPECT_EQ(threads.stats().queued, 0);
  holds.Release();
  threads.shutdown();
  EXPECT_EQ(holds.done(), 50);
  EXPECT_EQ(threads.stats().busy, 0);
}

TEST(ConnectionThreadsTest, BeyondTheLimitConnectionsWaitTheirTurn) {
  Holds holds;
  ConnectionThreads threads(/*max_threads=*/2, /*idle_threads=*/1);
  for (int i = 0; i < 5; ++i) threads.enqueue(holds.Connection());
  EXPECT_TRUE(holds.AwaitRunning(2));
  const ConnectionThreads::Stats stats = threads.stats();
  EXPECT_EQ(stats.busy, 2);
  EXPECT_EQ(stats.queued, 3);
  EXPECT_EQ(holds.running(), 2);
  holds.Release();
  threads.shutdown();
  EXPECT_EQ(holds.done(), 5);
  EXPECT_EQ(threads.stats().peak_busy, 2);
}

TEST(ConnectionThreadsTest, IdleThreadsServeTheNextBurst) {
  Holds holds;
  holds.Release();  // connections end at once
  ConnectionThreads threads(/*max_threads=*/8, /*idle_threads=*/4);
  for (int burst = 0; burst < 3; ++burst) {
    for (int i = 0; i < 4; ++i) threads.enqueue(holds.Connection());
  }
  threads.shutdown();
  EXPECT_EQ(holds.done(), 12);
  EXPECT_LE(threads.stats().peak_busy, 8);
}

}  // namespace
}  // namespace policyreader::http
