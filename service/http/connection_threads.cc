#include "service/http/connection_threads.h"

#include <algorithm>
#include <thread>
#include <utility>

namespace policyreader::http {

ConnectionThreads::ConnectionThreads(int max_threads, int idle_threads)
    : max_threads_(std::max(1, max_threads)),
      idle_threads_(std::clamp(idle_threads, 0, std::max(1, max_threads))) {}

ConnectionThreads::~ConnectionThreads() { shutdown(); }

void ConnectionThreads::enqueue(std::function<void()> connection) {
  Reap();
  absl::MutexLock lock(&mu_);
  queue_.push_back(std::move(connection));
  // An idle thread takes it (it waits on the queue); otherwise start one.
  if (idle_ >= static_cast<int>(queue_.size()) || threads_ >= max_threads_) {
    return;
  }
  ++threads_;
  std::function<void()> first = std::move(queue_.back());
  queue_.pop_back();
  peak_busy_ = std::max(peak_busy_, threads_ - idle_);
  std::thread thread(
      [this, first = std::move(first)]() mutable { Run(std::move(first)); });
  const std::thread::id id = thread.get_id();
  running_.emplace(id, std::move(thread));
}

void ConnectionThreads::Reap() {
  std::vector<std::thread> done;
  {
    absl::MutexLock lock(&mu_);
    for (const std::thread::id id : ended_) {
      auto it = running_.find(id);
      if (it == running_.end()) continue;
      done.push_back(std::move(it->second));
      running_.erase(it);
    }
    ended_.clear();
  }
  // Each has left its last critical section: joining takes no time.
  for (std::thread& thread : done) thread.join();
}

void ConnectionThreads::Run(std::function<void()> first) {
  first();
  mu_.Lock();
  while (true) {
    ++idle_;
    const auto has_work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !queue_.empty() || shutting_down_;
    };
    // Threads beyond the idle reserve end after a while without work.
    const bool reserve = threads_ <= idle_threads_;
    if (reserve) {
      mu_.Await(absl::Condition(&has_work));
    } else {
      mu_.AwaitWithTimeout(absl::Condition(&has_work), linger_);
    }
    --idle_;
    if (queue_.empty()) break;  // lingered out, or shutting down
    std::function<void()> next = std::move(queue_.front());
    queue_.pop_front();
    peak_busy_ = std::max(peak_busy_, threads_ - idle_);
    mu_.Unlock();
    next();
    mu_.Lock();
  }
  --threads_;
  ended_.push_back(std::this_thread::get_id());
  mu_.Unlock();
}

void ConnectionThreads::shutdown() {
  std::deque<std::function<void()>> left;
  {
    absl::MutexLock lock(&mu_);
    shutting_down_ = true;
    // Threads serve what is queued (httplib's connections close themselves
    // once the server has stopped), then end.
    const auto ended = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return threads_ == 0;
    };
    mu_.Await(absl::Condition(&ended));
    left.swap(queue_);
  }
  // Queued with no thread left to take it (none is, in practice).
  for (std::function<void()>& connection : left) connection();
  Reap();
}

ConnectionThreads::Stats ConnectionThreads::stats() const {
  absl::MutexLock lock(&mu_);
  return {threads_ - idle_, idle_, static_cast<int>(queue_.size()), peak_busy_};
}

}  // namespace policyreader::http
