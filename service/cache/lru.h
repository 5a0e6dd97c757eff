// A byte-bounded, least-recently-used map from string keys to shared,
// immutable values: the memory tier of the sentence audio cache
// (sentence_cache.h) and the HTTP gateway's cache of whole answers
// (service/http/speech_cache.h). Values are shared_ptr<const T>, so an
// evicted value lives on for whoever still reads it. T::size() gives the
// bytes a value counts for. Get() also coalesces: concurrent callers for a
// key that is being computed wait for that one computation.
//
// Thread-safety: every method may be called from any thread at once; the
// compute function of Get() runs outside the lock (and Get() blocks its
// caller, so it is for threads that may block; the sentence cache, used
// from gRPC reactors, coalesces without blocking on its own).
#ifndef POLICY_READER_SERVICE_CACHE_LRU_H_
#define POLICY_READER_SERVICE_CACHE_LRU_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace policyreader::cache {

struct LruStats {
  uint64_t hits = 0, misses = 0, evictions = 0;
  size_t bytes = 0, entries = 0;
};

template <typename T>
class Lru {
 public:
  using Ptr = std::shared_ptr<const T>;

  // `capacity_bytes` 0 disables the cache (nothing is kept).
  explicit Lru(size_t capacity_bytes) : capacity_(capacity_bytes) {}

  size_t capacity() const { return capacity_; }

  // The value for `key`, or null; a hit makes it the most recent and
  // counts as one. A miss is not counted: callers that go on to compute
  // count it (Get, or CountMiss).
  Ptr Find(const std::string& key) {
    absl::MutexLock lock(&mu_);
    Ptr found = FindLocked(key);
    if (found != nullptr) ++stats_.hits;
    return found;
  }

  void CountMiss() {
    absl::MutexLock lock(&mu_);
    ++stats_.misses;
  }

  // Keeps `value` under `key` (replacing what was there) if it fits.
  void Insert(const std::string& key, Ptr value) {
    absl::MutexLock lock(&mu_);
    InsertLocked(key, std::move(value));
  }

  // The value for `key`; on a miss, `compute()` (once, however many callers
  // ask at the same time) and keeps what it returns if it fits. Errors are
  // returned to every waiting caller and not kept.
  absl::StatusOr<Ptr> Get(const std::string& key,
                          const std::function<absl::StatusOr<T>()>& compute) {
    std::shared_ptr<Pending> pending;
    bool owner = false;
    {
      absl::MutexLock lock(&mu_);
      if (Ptr found = FindLocked(key); found != nullptr) {
        ++stats_.hits;
        return found;
      }
      auto [slot, inserted] = pending_.try_emplace(key);
      if (inserted) {
        slot->second = std::make_shared<Pending>();
        owner = true;
        ++stats_.misses;
      } else {
        ++stats_.hits;  // Served by the computation already running.
      }
      pending = slot->second;
    }
    if (!owner) {
      pending->done.WaitForNotification();
      return pending->result;
    }
    absl::StatusOr<T> computed = compute();
    if (computed.ok()) {
      pending->result = std::make_shared<const T>(*std::move(computed));
    } else {
      pending->result = computed.status();
    }
    {
      absl::MutexLock lock(&mu_);
      pending_.erase(key);
      if (pending->result.ok()) InsertLocked(key, *pending->result);
    }
    pending->done.Notify();
    return pending->result;
  }

  LruStats stats() const {
    absl::MutexLock lock(&mu_);
    LruStats stats = stats_;
    stats.entries = entries_.size();
    return stats;
  }

 private:
  struct Pending {
    absl::Notification done;
    absl::StatusOr<Ptr> result = absl::UnknownError("not computed");
  };
  struct Entry {
    Ptr value;
    typename std::list<std::string>::iterator recency;
  };

  Ptr FindLocked(const std::string& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    return it->second.value;
  }

  void InsertLocked(const std::string& key, Ptr value)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (value == nullptr || value->size() > capacity_) return;
    if (auto it = entries_.find(key); it != entries_.end()) {
      stats_.bytes -= it->second.value->size();
      recency_.erase(it->second.recency);
      entries_.erase(it);
    }
    recency_.push_front(key);
    stats_.bytes += value->size();
    entries_[key] = Entry{std::move(value), recency_.begin()};
    while (stats_.bytes > capacity_) {
      auto it = entries_.find(recency_.back());
      stats_.bytes -= it->second.value->size();
      entries_.erase(it);
      recency_.pop_back();
      ++stats_.evictions;
    }
  }

  const size_t capacity_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Most recently used first.
  std::list<std::string> recency_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::shared_ptr<Pending>> pending_
      ABSL_GUARDED_BY(mu_);
  LruStats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace policyreader::cache

#endif  // POLICY_READER_SERVICE_CACHE_LRU_H_
