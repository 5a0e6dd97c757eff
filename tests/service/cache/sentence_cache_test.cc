#include "service/cache/sentence_cache.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::cache {
namespace {

SentenceAudio Sample() {
  SentenceAudio audio;
  audio.audio = std::string(1000, 'x');
  audio.words = {{0, 3, 0}, {4, 9, 250}};
  audio.audio_samples = 22050;
  audio.audio_duration_ms = 1000;
  return audio;
}

std::string TempDir(const char* name) {
  auto dir = std::filesystem::path(testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  return dir.string();
}

TEST(SentenceCacheTest, FileFormatRoundTripsAndRejectsDamage) {
  const std::string key = SentenceKey("hej");
  const std::string bytes = SerializeSentence(key, Sample());
  absl::StatusOr<SentenceAudio> back = ParseSentence(key, bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, Sample());
  EXPECT_FALSE(ParseSentence(key, bytes.substr(0, bytes.size() - 1)).ok());
  EXPECT_FALSE(ParseSentence(key, bytes + "x").ok());
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 1;
  EXPECT_FALSE(ParseSentence(key, flipped).ok());
  EXPECT_FALSE(ParseSentence(SentenceKey("other"), bytes).ok());
  EXPECT_NE(SentenceKey("a"), SentenceKey("b"));
  EXPECT_EQ(SentenceKey("a").size(), 64u);
}

TEST(SentenceCacheTest, ConcurrentRequestsCoalesceOnOneFill) {
  auto cache = SentenceCache::Open({.memory_bytes = 1 << 20});
  ASSERT_TRUE(cache.ok());
  const std::string key = SentenceKey("s");
  std::vector<SentenceCache::Lookup> got;
  auto keep = [&got](SentenceCache::Lookup l) { got.push_back(l); };
  (*cache)->Acquire(key, keep);
  (*cache)->Acquire(key, keep);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].fill);
  (*cache)->Abandon(key);  // The second is asked to fill instead.
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(got[1].fill);
  (*cache)->Acquire(key, keep);
  (*cache)->Store(key, Sample());
  ASSERT_EQ(got.size(), 3u);
  ASSERT_NE(got[2].audio, nullptr);
  EXPECT_EQ(*got[2].audio, Sample());
  (*cache)->Acquire(key, keep);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[3].audio, got[2].audio);
  EXPECT_EQ((*cache)->stats().memory_hits, 1u);
  EXPECT_EQ((*cache)->stats().misses, 2u);
}

// Polls for the disk thread's answer with a deadline.
SentenceCache::Lookup AcquireAndWait(SentenceCache& cache,
                                     const std::string& key) {
  absl::Mutex mu;
  std::optional<SentenceCache::Lookup> got;
  cache.Acquire(key, [&](SentenceCache::Lookup l) {
    absl::MutexLock lock(&mu);
    got = l;
  });
  absl::MutexLock lock(&mu);
  mu.AwaitWithTimeout(absl::Condition(
                          +[](std::optional<SentenceCache::Lookup>* g) {
                            return g->has_value();
                          },
                          &got),
                      absl::Seconds(10));
  EXPECT_TRUE(got.has_value());
  return got.value_or(SentenceCache::Lookup{});
}

TEST(SentenceCacheTest, DiskTierSurvivesARestartAndIgnoresCorruptFiles) {
  const std::string dir = TempDir("sentence_cache_disk");
  const std::string key = SentenceKey("kept"), bad = SentenceKey("bad");
  {
    auto cache = SentenceCache::Open({.memory_bytes = 0, .disk_dir = dir});
    ASSERT_TRUE(cache.ok()) << cache.status();
    EXPECT_TRUE(AcquireAndWait(**cache, key).fill);
    (*cache)->Store(key, Sample());
  }  // Destruction finishes the write.
  std::ofstream(std::filesystem::path(dir) / bad) << "PRSENT01 truncated";
  auto cache = SentenceCache::Open({.memory_bytes = 0, .disk_dir = dir});
  ASSERT_TRUE(cache.ok());
  SentenceCache::Lookup warm = AcquireAndWait(**cache, key);
  ASSERT_NE(warm.audio, nullptr);
  EXPECT_EQ(*warm.audio, Sample());
  EXPECT_TRUE(AcquireAndWait(**cache, bad).fill);
  EXPECT_EQ((*cache)->stats().disk_hits, 1u);
  EXPECT_EQ((*cache)->stats().disk_errors, 1u);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(dir) / bad));
}

TEST(SentenceCacheTest, DiskTierStaysWithinItsBytes) {
  const std::string dir = TempDir("sentence_cache_bound");
  const size_t file = SerializeSentence(SentenceKey("0"), Sample()).size();
  {
    auto cache = SentenceCache::Open(
        {.memory_bytes = 0, .disk_dir = dir, .disk_bytes = 3 * file});
    ASSERT_TRUE(cache.ok());
    for (int i = 0; i < 5; ++i) {
      (*cache)->Store(SentenceKey(std::to_string(i)), Sample());
    }
  }
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 3u);
}

}  // namespace
}  // namespace policyreader::cache
