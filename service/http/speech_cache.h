// Recent /v1/speech answers kept in memory, so the second listener of a
// policy costs a lookup instead of a synthesis, and the same URL gives the
// same bytes (eSpeak NG's output differs by a few samples from one run to
// the next, which a strong ETag and byte ranges joined across requests
// cannot allow). Keyed by the response's ETag, which is computed from
// everything that determines the audio; bounded in bytes, least recently
// used out first. Concurrent requests for the same key wait for the one
// synthesis in flight instead of starting their own.
//
// Thread-safety: every method may be called from any thread at once; the
// compute function runs outside the lock.
#ifndef POLICY_READER_SERVICE_HTTP_SPEECH_CACHE_H_
#define POLICY_READER_SERVICE_HTTP_SPEECH_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace policyreader::http {

class SpeechCache {
 public:
  using Bytes = std::shared_ptr<const std::string>;

  // `capacity_bytes` 0 disables the cache (every Get computes).
  explicit SpeechCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

  // The cached bytes for `key`, or null.
  Bytes Find(const std::string& key);

  // The cached bytes for `key`; on a miss, `compute()` (once, however many
  // callers ask at the same time) and keeps what it returns if it fits.
  // Errors are returned to every waiting caller and not kept.
  absl::StatusOr<Bytes> Get(
      const std::string& key,
      const std::function<absl::StatusOr<std::string>()>& compute);

  struct Stats {
    uint64_t hits = 0, misses = 0, evictions = 0;
    size_t bytes = 0, entries = 0;
  };
  Stats stats() const;

 private:
  struct Pending;
  struct Entry {
    Bytes bytes;
    std::list<std::string>::iterator recency;
  };
  void InsertLocked(const std::string& key, Bytes bytes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t capacity_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Most recently used first.
  std::list<std::string> recency_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::shared_ptr<Pending>> pending_
      ABSL_GUARDED_BY(mu_);
  Stats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace policyreader::http

#endif  // POLICY_READER_SERVICE_HTTP_SPEECH_CACHE_H_
