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
  ASSERT_TRUE(tracker.TryBegin("ipv4:10.0.0.1").ok());
  ASSERT_TRUE(tracker.TryBegin("ipv4:10.0.0.2").ok());
  tracker.StartDraining();
  EXPECT_EQ(tracker.TryBegin("ipv4:10.0.0.3").code(),
            absl::StatusCode::kUnavailable);
  // Still running: the deadline passes.
  EXPECT_FALSE(tracker.WaitUntilIdle(absl::Now() + absl::Milliseconds(10)));
  std::thread finisher([&] {
    tracker.End("ipv4:10.0.0.1");
    tracker.End("ipv4:10.0.0.2");
  });
  EXPECT_TRUE(tracker.WaitUntilIdle(absl::Now() + absl::Seconds(30)));
  finisher.join();
}

TEST(StreamTrackerTest, OneClientIsHeldToItsLimitOthersAreNot) {
  StreamTracker tracker(StreamLimits{.max_per_client = 2});
  const std::string client = ClientOf("ipv4:10.0.0.7:51234");
  EXPECT_EQ(client, "ipv4:10.0.0.7");
  // Its other connections (ports) are the same client.
  ASSERT_TRUE(tracker.TryBegin(client).ok());
  ASSERT_TRUE(tracker.TryBegin(ClientOf("ipv4:10.0.0.7:40000")).ok());
  const absl::Status third = tracker.TryBegin(client);
  EXPECT_EQ(third.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(third.message().find("2 streams"), absl::string_view::npos)
      << third.message();
  EXPECT_TRUE(tracker.TryBegin(ClientOf("ipv6:[2001:db8::5]:443")).ok());
  tracker.End(client);
  EXPECT_TRUE(tracker.TryBegin(client).ok());
}

TEST(StreamTrackerTest, ThisMachinesOwnCallersAreNotCappedUnlessAsked) {
  for (const char* peer :
       {"ipv4:127.0.0.1:5000", "ipv6:[::1]:5000", "unix:/run/x.sock"}) {
    StreamTracker open(StreamLimits{.max_per_client = 1});
    EXPECT_TRUE(open.TryBegin(ClientOf(peer)).ok()) << peer;
    EXPECT_TRUE(open.TryBegin(ClientOf(peer)).ok()) << peer;
    StreamTracker capped(
        StreamLimits{.max_per_client = 1, .cap_loopback = true});
    EXPECT_TRUE(capped.TryBegin(ClientOf(peer)).ok()) << peer;
    EXPECT_FALSE(capped.TryBegin(ClientOf(peer)).ok()) << peer;
  }
}

}  // namespace
}  // namespace policyreader::api
