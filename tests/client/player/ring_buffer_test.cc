#include "client/player/ring_buffer.h"

#include <cstdint>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::player {
namespace {

TEST(SpscRingBufferTest, CapacityIsRoundedUpToAPowerOfTwo) {
  EXPECT_EQ(SpscRingBuffer<int16_t>(1).capacity(), 2u);
  EXPECT_EQ(SpscRingBuffer<int16_t>(8).capacity(), 8u);
  EXPECT_EQ(SpscRingBuffer<int16_t>(9).capacity(), 16u);
  EXPECT_EQ(SpscRingBuffer<int16_t>(1000).capacity(), 1024u);
}

TEST(SpscRingBufferTest, StartsEmpty) {
  SpscRingBuffer<int16_t> ring(8);
  EXPECT_EQ(ring.ReadAvailable(), 0u);
  EXPECT_EQ(ring.WriteAvailable(), 8u);
  std::vector<int16_t> out(4, -1);
  EXPECT_EQ(ring.Read(out), 0u);
  EXPECT_EQ(out, std::vector<int16_t>(4, -1));  // Untouched.
}

TEST(SpscRingBufferTest, FullRingTakesNoMore) {
  SpscRingBuffer<int16_t> ring(4);
  const std::vector<int16_t> in = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(ring.Write(in), 4u);  // Partial write.
  EXPECT_EQ(ring.WriteAvailable(), 0u);
  EXPECT_EQ(ring.ReadAvailable(), 4u);
  EXPECT_EQ(ring.Write(in), 0u);
  std::vector<int16_t> out(6, 0);
  EXPECT_EQ(ring.Read(out), 4u);  // Partial read.
  EXPECT_EQ(out, (std::vector<int16_t>{1, 2, 3, 4, 0, 0}));
  EXPECT_EQ(ring.ReadAvailable(), 0u);
  EXPECT_EQ(ring.WriteAvailable(), 4u);
}

TEST(SpscRingBufferTest, WrapsAroundTheEnd) {
  SpscRingBuffer<int16_t> ring(8);
  std::vector<int16_t> out(8);
  int16_t next_in = 0;
  int16_t next_out = 0;
  // Writes of 5 and reads of 5 on a ring of 8 cross the end every time, at
  // a different offset each round.
  for (int round = 0; round < 20; ++round) {
    std::vector<int16_t> in(5);
    for (int16_t& sample : in) sample = next_in++;
    ASSERT_EQ(ring.Write(in), 5u) << round;
    ASSERT_EQ(ring.ReadAvailable(), 5u);
    ASSERT_EQ(ring.Read(std::span<int16_t>(out).first(5)), 5u);
    for (int i = 0; i < 5; ++i) ASSERT_EQ(out[i], next_out++) << round;
  }
}

TEST(SpscRingBufferTest, FillsToExactCapacityAcrossTheEnd) {
  SpscRingBuffer<int16_t> ring(8);
  std::vector<int16_t> out(8);
  ASSERT_EQ(ring.Write(std::vector<int16_t>{1, 2, 3, 4, 5, 6}), 6u);
  ASSERT_EQ(ring.Read(std::span<int16_t>(out).first(6)), 6u);
  // The indices are now at 6: eight more samples wrap after two.
  ASSERT_EQ(ring.Write(std::vector<int16_t>{10, 11, 12, 13, 14, 15, 16, 17}),
            8u);
  EXPECT_EQ(ring.WriteAvailable(), 0u);
  ASSERT_EQ(ring.Read(out), 8u);
  EXPECT_EQ(out, (std::vector<int16_t>{10, 11, 12, 13, 14, 15, 16, 17}));
}

TEST(SpscRingBufferTest, ProducerAndConsumerThreadsLoseAndReorderNothing) {
  constexpr uint32_t kSamples = 1'000'000;
  // A small ring so that both sides often find it full or empty.
  SpscRingBuffer<uint32_t> ring(256);
  std::thread producer([&ring] {
    std::vector<uint32_t> chunk;
    uint32_t next = 0;
    while (next < kSamples) {
      // Vary the chunk size so writes split at every offset.
      const uint32_t size = std::min<uint32_t>(1 + next % 97, kSamples - next);
      chunk.resize(size);
      for (uint32_t i = 0; i < size; ++i) chunk[i] = next + i;
      std::span<const uint32_t> rest(chunk);
      while (!rest.empty()) {
        rest = rest.subspan(ring.Write(rest));
        if (!rest.empty()) std::this_thread::yield();
      }
      next += size;
    }
  });
  std::vector<uint32_t> out(61);
  uint32_t expected = 0;
  uint32_t mismatches = 0;
  while (expected < kSamples) {
    const size_t got = ring.Read(out);
    if (got == 0) {
      std::this_thread::yield();
      continue;
    }
    for (size_t i = 0; i < got; ++i) {
      if (out[i] != expected) ++mismatches;
      expected = out[i] + 1;
    }
  }
  producer.join();
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(expected, kSamples);
  EXPECT_EQ(ring.ReadAvailable(), 0u);
}

}  // namespace
}  // namespace policyreader::player
