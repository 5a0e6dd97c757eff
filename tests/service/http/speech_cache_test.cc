#include "service/http/speech_cache.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace policyreader::http {
namespace {

TEST(SpeechCacheTest, SecondAskIsAHitWithTheSameBytes) {
  SpeechCache cache(1000);
  int computed = 0;
  auto compute = [&]() -> absl::StatusOr<std::string> {
    ++computed;
    return std::string(100, static_cast<char>('a' + computed));
  };
  absl::StatusOr<SpeechCache::Bytes> first = cache.Get("k", compute);
  absl::StatusOr<SpeechCache::Bytes> second = cache.Get("k", compute);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(**first, **second);
  EXPECT_EQ(cache.Find("k"), *first);
  EXPECT_EQ(cache.Find("other"), nullptr);
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(SpeechCacheTest, LeastRecentlyUsedGoesFirstWithinTheBytes) {
  SpeechCache cache(300);
  auto bytes = [](char c) {
    return [c]() -> absl::StatusOr<std::string> { return std::string(100, c); };
  };
  ASSERT_TRUE(cache.Get("a", bytes('a')).ok());
  ASSERT_TRUE(cache.Get("b", bytes('b')).ok());
  ASSERT_TRUE(cache.Get("c", bytes('c')).ok());
  ASSERT_NE(cache.Find("a"), nullptr);  // "b" is now the oldest.
  ASSERT_TRUE(cache.Get("d", bytes('d')).ok());
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_NE(cache.Find("a"), nullptr);
  EXPECT_NE(cache.Find("d"), nullptr);
  EXPECT_EQ(cache.stats().bytes, 300u);
  EXPECT_EQ(cache.stats().evictions, 1u);
  // Larger than the whole cache: served, not kept.
  ASSERT_TRUE(cache
                  .Get("huge",
                       []() -> absl::StatusOr<std::string> {
                         return std::string(1000, 'h');
                       })
                  .ok());
  EXPECT_EQ(cache.Find("huge"), nullptr);
  EXPECT_NE(cache.Find("a"), nullptr);
}

TEST(SpeechCacheTest, ErrorsAreReturnedNotKept) {
  SpeechCache cache(1000);
  EXPECT_EQ(cache
                .Get("k",
                     []() -> absl::StatusOr<std::string> {
                       return absl::UnavailableError("busy");
                     })
                .status()
                .code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(cache.Find("k"), nullptr);
  EXPECT_TRUE(cache
                  .Get("k",
                       []() -> absl::StatusOr<std::string> {
                         return std::string("ok");
                       })
                  .ok());
}

TEST(SpeechCacheTest, ConcurrentMissesShareOneComputation) {
  SpeechCache cache(1000);
  std::atomic<int> computed{0};
  absl::Notification release;
  auto slow = [&]() -> absl::StatusOr<std::string> {
    ++computed;
    release.WaitForNotification();
    return std::string("audio");
  };
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (cache.Get("k", slow).ok()) ++ok;
    });
  }
  // Every thread is either computing or waiting before the release.
  while (cache.stats().hits + cache.stats().misses < 4)
    std::this_thread::yield();
  release.Notify();
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(computed.load(), 1);
  EXPECT_EQ(ok.load(), 4);
}

TEST(SpeechCacheTest, ZeroCapacityKeepsNothing) {
  SpeechCache cache(0);
  int computed = 0;
  auto compute = [&]() -> absl::StatusOr<std::string> {
    ++computed;
    return std::string("x");
  };
  ASSERT_TRUE(cache.Get("k", compute).ok());
  ASSERT_TRUE(cache.Get("k", compute).ok());
  EXPECT_EQ(computed, 2);
}

}  // namespace
}  // namespace policyreader::http
