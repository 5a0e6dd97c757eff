// See sentence_cache.h.
#include "service/cache/sentence_cache.h"

#include <fcntl.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace policyreader::cache {
namespace {

constexpr std::string_view kMagic = "PRSENT01";
constexpr size_t kKeyDigits = 64;

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

// Reads little-endian fields, failing (not crashing) past the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool U32(uint32_t* v) {
    uint64_t wide = 0;
    if (!Raw(4, &wide)) return false;
    *v = static_cast<uint32_t>(wide);
    return true;
  }
  bool U64(uint64_t* v) { return Raw(8, v); }
  bool Bytes(size_t n, std::string_view* out) {
    if (bytes_.size() - at_ < n) return false;
    *out = bytes_.substr(at_, n);
    at_ += n;
    return true;
  }
  size_t at() const { return at_; }

 private:
  bool Raw(size_t n, uint64_t* v) {
    if (bytes_.size() - at_ < n) return false;
    *v = 0;
    for (size_t i = 0; i < n; ++i) {
      *v |= uint64_t{static_cast<unsigned char>(bytes_[at_ + i])} << (8 * i);
    }
    at_ += n;
    return true;
  }
  std::string_view bytes_;
  size_t at_ = 0;
};

uint32_t Crc(std::string_view bytes) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()),
            static_cast<uInt>(bytes.size())));
}

bool IsKey(std::string_view name) {
  return name.size() == kKeyDigits &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

std::string SerializeSentence(std::string_view key,
                              const SentenceAudio& audio) {
  std::string out(kMagic);
  PutU32(out, static_cast<uint32_t>(key.size()));
  out.append(key);
  PutU64(out, audio.audio_samples);
  PutU32(out, audio.audio_duration_ms);
  PutU32(out, static_cast<uint32_t>(audio.words.size()));
  for (const SentenceWord& word : audio.words) {
    PutU32(out, word.spoken_begin);
    PutU32(out, word.spoken_end);
    PutU32(out, word.audio_offset_ms);
  }
  PutU32(out, static_cast<uint32_t>(audio.audio.size()));
  out.append(audio.audio);
  PutU32(out, Crc(out));
  return out;
}

absl::StatusOr<SentenceAudio> ParseSentence(std::string_view key,
                                            std::string_view bytes) {
  const auto bad = [](std::string_view why) {
    return absl::DataLossError(
        absl::StrCat("sentence cache file: ", std::string(why)));
  };
  if (bytes.size() < kMagic.size() + 4 ||
      bytes.substr(0, kMagic.size()) != kMagic) {
    return bad("not a sentence cache file");
  }
  Reader reader(bytes.substr(kMagic.size()));
  SentenceAudio audio;
  uint32_t key_size = 0, words = 0, audio_size = 0, crc = 0;
  std::string_view stored_key, data;
  if (!reader.U32(&key_size) || !reader.Bytes(key_size, &stored_key)) {
    return bad("truncated");
  }
  if (stored_key != key) return bad("made for another key");
  if (!reader.U64(&audio.audio_samples) ||
      !reader.U32(&audio.audio_duration_ms) || !reader.U32(&words)) {
    return bad("truncated");
  }
  if (words > bytes.size() / 12) return bad("truncated");
  audio.words.resize(words);
  for (SentenceWord& word : audio.words) {
    if (!reader.U32(&word.spoken_begin) || !reader.U32(&word.spoken_end) ||
        !reader.U32(&word.audio_offset_ms)) {
      return bad("truncated");
    }
  }
  if (!reader.U32(&audio_size) || !reader.Bytes(audio_size, &data)) {
    return bad("truncated");
  }
  audio.audio.assign(data);
  const size_t body = kMagic.size() + reader.at();
  if (!reader.U32(&crc)) return bad("truncated");
  if (body + 4 != bytes.size()) return bad("longer than its fields");
  if (crc != Crc(bytes.substr(0, body))) return bad("checksum mismatch");
  return audio;
}

std::string SentenceKey(std::string_view description) {
  const std::string input =
      absl::StrCat("policy-reader sentence audio v", kAudioVersion, "\n",
                   std::string(description));
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

absl::StatusOr<std::unique_ptr<SentenceCache>> SentenceCache::Open(
    const SentenceCacheOptions& options) {
  std::unique_ptr<SentenceCache> cache(new SentenceCache(options));
  if (!options.disk_dir.empty()) {
    if (absl::Status status = cache->ScanDisk(); !status.ok()) return status;
    cache->disk_thread_.emplace([c = cache.get()] { c->DiskLoop(); });
  }
  return cache;
}

SentenceCache::SentenceCache(const SentenceCacheOptions& options)
    : options_(options), memory_(options.memory_bytes) {}

SentenceCache::~SentenceCache() {
  if (!disk_thread_) return;
  {
    absl::MutexLock lock(&queue_mu_);
    stopping_ = true;
  }
  disk_thread_->join();
}

std::string SentenceCache::PathOf(const std::string& key) const {
  return (std::filesystem::path(options_.disk_dir) / key).string();
}

absl::Status SentenceCache::ScanDisk() {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(options_.disk_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot make the sentence cache directory ",
                     options_.disk_dir, ": ", error.message()));
  }
  struct Found {
    std::string key;
    uint64_t bytes;
    fs::file_time_type time;
  };
  std::vector<Found> found;
  fs::directory_iterator it(options_.disk_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the sentence cache directory ",
                     options_.disk_dir, ": ", error.message()));
  }
  for (const fs::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    std::error_code ignored;
    if (name.starts_with("tmp-")) {  // A write a crash cut short.
      fs::remove(entry.path(), ignored);
      continue;
    }
    if (!IsKey(name) || !entry.is_regular_file(ignored)) continue;
    found.push_back(
        {name, entry.file_size(ignored), entry.last_write_time(ignored)});
  }
  std::sort(found.begin(), found.end(),
            [](const Found& a, const Found& b) { return a.time > b.time; });
  std::vector<std::string> evicted;
  {
    absl::MutexLock lock(&disk_mu_);
    for (const Found& f : found) {
      disk_recency_.push_back(f.key);
      disk_index_[f.key] = DiskEntry{f.bytes, std::prev(disk_recency_.end())};
      disk_bytes_ += f.bytes;
    }
    evicted = EvictLocked();
  }
  for (const std::string& key : evicted) {
    std::error_code ignored;
    fs::remove(PathOf(key), ignored);
  }
  return absl::OkStatus();
}

void SentenceCache::Enqueue(std::function<void()> task) {
  absl::MutexLock lock(&queue_mu_);
  queue_.push_back(std::move(task));
}

void SentenceCache::DiskLoop() {
  while (true) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&queue_mu_);
      queue_mu_.Await(absl::Condition(
          +[](SentenceCache* c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(c->queue_mu_) {
            return c->stopping_ || !c->queue_.empty();
          },
          this));
      if (queue_.empty()) return;  // Stopping, and everything written.
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

void SentenceCache::Acquire(const std::string& key, Callback done) {
  if (SentenceCache::Lookup hit{memory_.Find(key), false};
      hit.audio != nullptr) {
    {
      absl::MutexLock lock(&mu_);
      ++stats_.memory_hits;
    }
    done(std::move(hit));
    return;
  }
  // Only a key the disk tier holds goes through the disk thread; a plain
  // miss is handed back at once, so first audio waits for no thread hop.
  bool on_disk = false;
  if (!options_.disk_dir.empty()) {
    absl::MutexLock lock(&disk_mu_);
    on_disk = disk_index_.contains(key);
  }
  bool read_disk = false;
  {
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = pending_.try_emplace(key);
    if (!inserted) {
      // Someone is filling it (or reading it from disk): wait for them.
      it->second.waiters.push_back(std::move(done));
      return;
    }
    if (!on_disk) {
      ++stats_.misses;
    } else {
      it->second.waiters.push_back(std::move(done));
      read_disk = true;
    }
  }
  if (read_disk) {
    Enqueue([this, key] { ReadFromDisk(key); });
  } else {
    done(Lookup{nullptr, true});
  }
}

void SentenceCache::ReadFromDisk(const std::string& key) {
  bool known;
  {
    absl::MutexLock lock(&disk_mu_);
    known = disk_index_.contains(key);
  }
  std::optional<SentenceAudio> audio;
  if (known) {
    std::ifstream in(PathOf(key), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    absl::StatusOr<SentenceAudio> parsed =
        in.bad() ? absl::DataLossError("unreadable")
                 : ParseSentence(key, bytes);
    if (parsed.ok()) {
      audio = *std::move(parsed);
      absl::MutexLock lock(&disk_mu_);
      TouchLocked(key, bytes.size());
      // Refreshes its age for the next start's scan.
      ::utimensat(AT_FDCWD, PathOf(key).c_str(), nullptr, 0);
    } else {
      {
        absl::MutexLock lock(&mu_);
        ++stats_.disk_errors;
      }
      std::error_code ignored;
      std::filesystem::remove(PathOf(key), ignored);
      absl::MutexLock lock(&disk_mu_);
      ForgetLocked(key);
    }
  }
  if (audio) {
    auto shared = std::make_shared<const SentenceAudio>(*std::move(audio));
    memory_.Insert(key, shared);
    std::deque<Callback> waiters;
    {
      absl::MutexLock lock(&mu_);
      stats_.disk_hits += 1;
      auto it = pending_.find(key);
      if (it != pending_.end()) {
        waiters = std::move(it->second.waiters);
        pending_.erase(it);
      }
      stats_.coalesced += waiters.empty() ? 0 : waiters.size() - 1;
    }
    for (Callback& waiter : waiters) waiter(Lookup{shared, false});
    return;
  }
  // Not on disk: the first waiter fills it, the rest wait on.
  Callback filler;
  {
    absl::MutexLock lock(&mu_);
    auto it = pending_.find(key);
    if (it == pending_.end() || it->second.waiters.empty()) return;
    filler = std::move(it->second.waiters.front());
    it->second.waiters.pop_front();
    ++stats_.misses;
  }
  filler(Lookup{nullptr, true});
}

std::shared_ptr<const SentenceAudio> SentenceCache::Store(
    const std::string& key, SentenceAudio audio) {
  auto shared = std::make_shared<const SentenceAudio>(std::move(audio));
  memory_.Insert(key, shared);
  std::deque<Callback> waiters;
  {
    absl::MutexLock lock(&mu_);
    ++stats_.stores;
    auto it = pending_.find(key);
    if (it != pending_.end()) {
      waiters = std::move(it->second.waiters);
      pending_.erase(it);
    }
    stats_.coalesced += waiters.size();
  }
  if (!options_.disk_dir.empty()) {
    Enqueue([this, key, shared] { WriteToDisk(key, shared); });
  }
  for (Callback& waiter : waiters) waiter(Lookup{shared, false});
  return shared;
}

void SentenceCache::Abandon(const std::string& key) {
  Callback filler;
  {
    absl::MutexLock lock(&mu_);
    auto it = pending_.find(key);
    if (it == pending_.end()) return;
    if (it->second.waiters.empty()) {
      pending_.erase(it);
      return;
    }
    filler = std::move(it->second.waiters.front());
    it->second.waiters.pop_front();
    ++stats_.misses;
  }
  filler(Lookup{nullptr, true});
}

void SentenceCache::WriteToDisk(const std::string& key,
                                std::shared_ptr<const SentenceAudio> audio) {
  const std::string bytes = SerializeSentence(key, *audio);
  if (bytes.size() > options_.disk_bytes) return;
  const std::string tmp = PathOf(absl::StrCat("tmp-", key, "-", ::getpid()));
  bool ok;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    ok = !out.fail();
  }
  std::error_code error;
  if (ok) std::filesystem::rename(tmp, PathOf(key), error);
  if (!ok || error) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    absl::MutexLock lock(&mu_);
    ++stats_.disk_errors;
    return;
  }
  std::vector<std::string> evicted;
  {
    absl::MutexLock lock(&disk_mu_);
    TouchLocked(key, bytes.size());
    evicted = EvictLocked();
  }
  for (const std::string& old : evicted) {
    std::error_code ignored;
    std::filesystem::remove(PathOf(old), ignored);
  }
}

void SentenceCache::TouchLocked(const std::string& key, uint64_t bytes) {
  ForgetLocked(key);
  disk_recency_.push_front(key);
  disk_index_[key] = DiskEntry{bytes, disk_recency_.begin()};
  disk_bytes_ += bytes;
}

void SentenceCache::ForgetLocked(const std::string& key) {
  auto it = disk_index_.find(key);
  if (it == disk_index_.end()) return;
  disk_bytes_ -= it->second.bytes;
  disk_recency_.erase(it->second.recency);
  disk_index_.erase(it);
}

std::vector<std::string> SentenceCache::EvictLocked() {
  std::vector<std::string> evicted;
  while (disk_bytes_ > options_.disk_bytes && !disk_recency_.empty()) {
    evicted.push_back(disk_recency_.back());
    ForgetLocked(disk_recency_.back());
    ++disk_evictions_;
  }
  return evicted;
}

SentenceCacheStats SentenceCache::stats() const {
  SentenceCacheStats stats;
  {
    absl::MutexLock lock(&mu_);
    stats = stats_;
  }
  stats.memory = memory_.stats();
  absl::MutexLock lock(&disk_mu_);
  stats.disk_bytes = disk_bytes_;
  stats.disk_entries = disk_index_.size();
  stats.disk_evictions = disk_evictions_;
  return stats;
}

}  // namespace policyreader::cache
