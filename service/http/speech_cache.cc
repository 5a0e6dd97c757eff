// See speech_cache.h.
#include "service/http/speech_cache.h"

#include <utility>

#include "absl/synchronization/notification.h"

namespace policyreader::http {

struct SpeechCache::Pending {
  absl::Notification done;
  absl::StatusOr<Bytes> result = absl::UnknownError("not computed");
};

SpeechCache::Bytes SpeechCache::Find(const std::string& key) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  recency_.splice(recency_.begin(), recency_, it->second.recency);
  ++stats_.hits;
  return it->second.bytes;
}

absl::StatusOr<SpeechCache::Bytes> SpeechCache::Get(
    const std::string& key,
    const std::function<absl::StatusOr<std::string>()>& compute) {
  std::shared_ptr<Pending> pending;
  bool owner = false;
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      recency_.splice(recency_.begin(), recency_, it->second.recency);
      ++stats_.hits;
      return it->second.bytes;
    }
    auto [slot, inserted] = pending_.try_emplace(key);
    if (inserted) {
      slot->second = std::make_shared<Pending>();
      owner = true;
      ++stats_.misses;
    } else {
      ++stats_.hits;  // Served by the synthesis already running.
    }
    pending = slot->second;
  }
  if (!owner) {
    pending->done.WaitForNotification();
    return pending->result;
  }
  absl::StatusOr<std::string> computed = compute();
  if (computed.ok()) {
    pending->result = std::make_shared<const std::string>(*std::move(computed));
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

void SpeechCache::InsertLocked(const std::string& key, Bytes bytes) {
  if (bytes->size() > capacity_) return;  // Would push out everything.
  recency_.push_front(key);
  stats_.bytes += bytes->size();
  entries_[key] = Entry{std::move(bytes), recency_.begin()};
  while (stats_.bytes > capacity_) {
    const std::string& oldest = recency_.back();
    auto it = entries_.find(oldest);
    stats_.bytes -= it->second.bytes->size();
    entries_.erase(it);
    recency_.pop_back();
    ++stats_.evictions;
  }
}

SpeechCache::Stats SpeechCache::stats() const {
  absl::MutexLock lock(&mu_);
  Stats stats = stats_;
  stats.entries = entries_.size();
  return stats;
}

}  // namespace policyreader::http
