// A lock-free single-producer single-consumer ring buffer. It decouples the
// network thread (producer: writes decoded PCM as it arrives) from the audio
// callback (consumer: copies PCM out in real time), so a slow network read
// never blocks the audio device and the callback never takes a lock.
//
// Thread-safety: exactly one producer thread may call Write() and
// WriteAvailable(); exactly one consumer thread may call Read(), Skip()
// and ReadAvailable(). capacity() may be called from anywhere. Write() and
// Read() never allocate, never lock and never block, so Read() is safe in a
// real-time audio callback. Storage is allocated once, in the constructor.
#ifndef POLICY_READER_CLIENT_PLAYER_RING_BUFFER_H_
#define POLICY_READER_CLIENT_PLAYER_RING_BUFFER_H_

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <type_traits>

namespace policyreader::player {

template <typename T>
class SpscRingBuffer {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  // Capacity is `min_capacity` rounded up to a power of two (at least 2).
  explicit SpscRingBuffer(size_t min_capacity)
      : capacity_(std::bit_ceil(std::max<size_t>(min_capacity, 2))),
        mask_(capacity_ - 1),
        data_(std::make_unique<T[]>(capacity_)) {}

  SpscRingBuffer(const SpscRingBuffer&) = delete;
  SpscRingBuffer& operator=(const SpscRingBuffer&) = delete;

  size_t capacity() const { return capacity_; }

  // Producer: how many elements Write() could store now. May grow
  // concurrently as the consumer reads, never shrinks behind the producer.
  size_t WriteAvailable() const {
    const size_t write = write_index_.load(std::memory_order_relaxed);
    const size_t read = read_index_.load(std::memory_order_acquire);
    return capacity_ - (write - read);
  }

  // Consumer: how many elements Read() could return now.
  size_t ReadAvailable() const {
    const size_t read = read_index_.load(std::memory_order_relaxed);
    const size_t write = write_index_.load(std::memory_order_acquire);
    return write - read;
  }

  // Producer: stores as many leading elements of `items` as fit and returns
  // how many it stored (possibly 0 when full).
  size_t Write(std::span<const T> items) {
    const size_t write = write_index_.load(std::memory_order_relaxed);
    const size_t read = read_index_.load(std::memory_order_acquire);
    const size_t count = std::min(items.size(), capacity_ - (write - read));
    const size_t start = write & mask_;
    const size_t first = std::min(count, capacity_ - start);
    std::copy_n(items.data(), first, data_.get() + start);
    std::copy_n(items.data() + first, count - first, data_.get());
    write_index_.store(write + count, std::memory_order_release);
    return count;
  }

  // Consumer: drops up to `count` of the oldest elements unread and returns
  // how many it dropped.
  size_t Skip(size_t count) {
    const size_t read = read_index_.load(std::memory_order_relaxed);
    const size_t write = write_index_.load(std::memory_order_acquire);
    count = std::min(count, write - read);
    read_index_.store(read + count, std::memory_order_release);
    return count;
  }

  // Consumer: moves up to `out.size()` of the oldest elements into `out` and
  // returns how many it moved (possibly 0 when empty).
  size_t Read(std::span<T> out) {
    const size_t read = read_index_.load(std::memory_order_relaxed);
    const size_t write = write_index_.load(std::memory_order_acquire);
    const size_t count = std::min(out.size(), write - read);
    const size_t start = read & mask_;
    const size_t first = std::min(count, capacity_ - start);
    std::copy_n(data_.get() + start, first, out.data());
    std::copy_n(data_.get(), count - first, out.data() + first);
    read_index_.store(read + count, std::memory_order_release);
    return count;
  }

 private:
  // Both indices only grow; they are reduced modulo capacity (by mask_) on
  // access, so write - read is the fill level even after size_t wraps.
  const size_t capacity_;
  const size_t mask_;
  const std::unique_ptr<T[]> data_;
  // On separate cache lines so producer and consumer do not false-share.
  alignas(64) std::atomic<size_t> write_index_{0};
  alignas(64) std::atomic<size_t> read_index_{0};
};

using PcmRingBuffer = SpscRingBuffer<int16_t>;

}  // namespace policyreader::player

#endif  // POLICY_READER_CLIENT_PLAYER_RING_BUFFER_H_
