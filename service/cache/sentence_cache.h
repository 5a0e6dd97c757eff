// The audio of one sentence, content-addressed and shared by every stream
// (gRPC, the HTTP gateway, the phone, render and talking books all stream
// through the Synthesize reactor): the second listener of a sentence gets
// the first one's encoded audio and word marks without a synthesis or an
// encoding. Synthesis is deterministic (each job is forked from the
// worker's start-up state), so the same key always means the same audio.
//
// Keys: SentenceKey() of a description of everything that determines the
// audio (the caller's job: service/api/sentence_audio.h), which includes
// kAudioVersion, bumped when synthesis or encoding code changes what comes
// out. Two tiers:
//   - memory: an LRU bounded in bytes (lru.h);
//   - disk (optional): one file per key in a directory, written to a
//     temporary name and renamed, so a reader sees a whole file or none;
//     bounded in bytes (oldest first by modification time, which a hit
//     refreshes); it survives restarts, and several instances may share it
//     (a shared volume needs no daemon, unlike Redis). Each file carries its
//     length and a CRC-32; a short or corrupt one is ignored and removed.
// Concurrent requests for one key coalesce: the first is asked to fill it
// (synthesize, then Store or Abandon); the others are called back when it
// is stored, or one of them is asked to fill it if the first gives up.
//
// Threading: every method may be called from any thread; none blocks on
// I/O or on another request (gRPC reactors call it). Disk reads and writes
// run on the cache's own thread. Callbacks run on the thread of Acquire
// (memory hit, or a fill when there is no disk tier), of Store / Abandon
// (waiters), or on the disk thread, never under the cache's lock: a
// callback may call the cache again.
#ifndef POLICY_READER_SERVICE_CACHE_SENTENCE_CACHE_H_
#define POLICY_READER_SERVICE_CACHE_SENTENCE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "service/cache/lru.h"

namespace policyreader::cache {

// Bump when a change to synthesis, conditioning or the encoders changes the
// audio a key stands for: old entries (memory and disk) then no longer
// match.
inline constexpr uint32_t kAudioVersion = 1;

struct SentenceWord {
  uint32_t spoken_begin = 0;
  uint32_t spoken_end = 0;
  uint32_t audio_offset_ms = 0;
  bool operator==(const SentenceWord&) const = default;
};

// What a stream sends for one sentence, apart from its index and text.
struct SentenceAudio {
  std::string audio;  // The sentence's encoded audio unit.
  std::vector<SentenceWord> words;
  uint64_t audio_samples = 0;  // SentenceEnd.audio_samples.
  uint32_t audio_duration_ms = 0;
  bool operator==(const SentenceAudio&) const = default;
  // The bytes it counts for in the memory tier.
  size_t size() const {
    return audio.size() + words.size() * sizeof(SentenceWord) + 64;
  }
};

// The file form: magic, key, the fields, then a CRC-32 of all before it.
std::string SerializeSentence(std::string_view key, const SentenceAudio& audio);
// DATA_LOSS for a short, long or corrupt file, or one made for another key.
absl::StatusOr<SentenceAudio> ParseSentence(std::string_view key,
                                            std::string_view bytes);

// 64 hex digits: SHA-256 of `description` and kAudioVersion.
std::string SentenceKey(std::string_view description);

struct SentenceCacheOptions {
  // Memory tier; 0 keeps nothing in memory (the disk tier still works).
  size_t memory_bytes = 64 << 20;
  // Disk tier directory (made if missing); empty for no disk tier.
  std::string disk_dir;
  size_t disk_bytes = size_t{1} << 30;
};

struct SentenceCacheStats {
  uint64_t memory_hits = 0;
  uint64_t disk_hits = 0;
  uint64_t misses = 0;     // Fills handed out (syntheses).
  uint64_t coalesced = 0;  // Served by another request's fill.
  uint64_t stores = 0;
  uint64_t disk_errors = 0;  // Corrupt or unreadable files, failed writes.
  LruStats memory;
  uint64_t disk_bytes = 0, disk_entries = 0, disk_evictions = 0;
};

class SentenceCache {
 public:
  // Makes the disk directory if missing and reads what it holds (removing
  // temporary files a crash left). Fails if the directory is unusable.
  static absl::StatusOr<std::unique_ptr<SentenceCache>> Open(
      const SentenceCacheOptions& options);
  // Finishes the disk writes queued so far.
  ~SentenceCache();
  SentenceCache(const SentenceCache&) = delete;
  SentenceCache& operator=(const SentenceCache&) = delete;

  struct Lookup {
    // The sentence, or null: then `fill` is true and the caller must
    // synthesize it and call Store or Abandon with the key.
    std::shared_ptr<const SentenceAudio> audio;
    bool fill = false;
  };
  using Callback = std::function<void(Lookup)>;
  // Calls `done` exactly once (see Threading above).
  void Acquire(const std::string& key, Callback done);
  // The filled sentence: kept, written to disk, given to the waiters, and
  // returned (the filler may hold it instead of its own copy).
  std::shared_ptr<const SentenceAudio> Store(const std::string& key,
                                             SentenceAudio audio);
  // The filler could not make it (cancelled, failed): the next waiter, if
  // any, is asked to fill it.
  void Abandon(const std::string& key);

  // Whether the memory tier keeps an entry of `bytes` (SentenceAudio::
  // size(); until newer ones push it out), so a holder may drop it and
  // Acquire it again later.
  bool Retains(size_t bytes) const { return bytes <= options_.memory_bytes; }

  SentenceCacheStats stats() const;

 private:
  struct Pending {
    std::deque<Callback> waiters;
  };
  explicit SentenceCache(const SentenceCacheOptions& options);
  absl::Status ScanDisk();
  void DiskLoop();
  void Enqueue(std::function<void()> task);
  void ReadFromDisk(const std::string& key);
  void WriteToDisk(const std::string& key,
                   std::shared_ptr<const SentenceAudio> audio);
  void TouchLocked(const std::string& key, uint64_t bytes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(disk_mu_);
  void ForgetLocked(const std::string& key)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(disk_mu_);
  // Files to delete to bring the tier within its bytes.
  std::vector<std::string> EvictLocked()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(disk_mu_);
  std::string PathOf(const std::string& key) const;

  const SentenceCacheOptions options_;
  Lru<SentenceAudio> memory_;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Pending> pending_ ABSL_GUARDED_BY(mu_);
  SentenceCacheStats stats_ ABSL_GUARDED_BY(mu_);

  // The disk tier's index: what this instance knows the directory holds,
  // most recent first. Another instance sharing the directory may remove
  // a file; reading it then is a miss.
  struct DiskEntry {
    uint64_t bytes = 0;
    std::list<std::string>::iterator recency;
  };
  mutable absl::Mutex disk_mu_;
  absl::flat_hash_map<std::string, DiskEntry> disk_index_
      ABSL_GUARDED_BY(disk_mu_);
  std::list<std::string> disk_recency_ ABSL_GUARDED_BY(disk_mu_);
  uint64_t disk_bytes_ ABSL_GUARDED_BY(disk_mu_) = 0;
  uint64_t disk_evictions_ ABSL_GUARDED_BY(disk_mu_) = 0;

  absl::Mutex queue_mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;
  std::optional<std::thread> disk_thread_;
};

}  // namespace policyreader::cache

#endif  // POLICY_READER_SERVICE_CACHE_SENTENCE_CACHE_H_
