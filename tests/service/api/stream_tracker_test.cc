// Draining at shutdown: new streams are refused, running ones are awaited.
#include "service/api/stream_tracker.h"

#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace policyreader::api {
namespace {

TEST(StreamTrackerTest, IdleAtOnceWhenNothingRuns) {
  StreamTracker tracker;
  tracker.StartDraining();
  EXPECT_TRUE(tracker.WaitUntilIdle(absl::Now()));
}

TEST(StreamTrackerTest, DrainingRefusesNewStreamsAndWaitsForRunningOnes) {
  StreamTracker tracker;
  ASSERT_TRUE(tracker.TryBegin());
  ASSERT_TRUE(tracker.TryBegin());
  tracker.StartDraining();
  EXPECT_FALSE(tracker.TryBegin());
  // Still running: the deadline passes.
  EXPECT_FALSE(tracker.WaitUntilIdle(absl::Now() + absl::Milliseconds(10)));
  std::thread finisher([&] {
    tracker.End();
    tracker.End();
  });
  EXPECT_TRUE(tracker.WaitUntilIdle(absl::Now() + absl::Seconds(30)));
  finisher.join();
}

}  // namespace
}  // namespace policyreader::api
