// TSan builds only (POLICY_READER_TSAN): makes absl::Mutex, absl::CondVar,
// absl::Condition and absl::Notification visible to ThreadSanitizer.
//
// Why: Debian's libabsl_synchronization is not built with -fsanitize=thread,
// so its ABSL_TSAN_MUTEX_* annotations are compiled out and its atomics are
// not instrumented. TSan then sees no happens-before edge at all between two
// critical sections of the same absl::Mutex, and reports every ABSL_GUARDED_BY
// member touched by two threads as a data race: false reports in the
// project's own code, which suppressions must not hide.
//
// How: this object file is linked into every executable of the TSan build
// (see the top-level CMakeLists.txt) and defines the Mutex, CondVar,
// Condition and Notification members the project calls. A definition in the
// executable wins over the shared library's for the executable's own calls,
// and, exported with --export-dynamic-symbol, for the calls libgrpc, libgpr and
// libabsl_synchronization make through the PLT too. Each definition calls
// the library's (dlsym(RTLD_NEXT)) and tells TSan what it did with the
// __tsan_mutex_* hooks, much as an instrumented libabsl would:
//  - Lock/Unlock/TryLock and the reader forms: acquire and release.
//  - Await, LockWhen and the CondVar waits release the mutex while they
//    wait and hold it again when they return.
//  - A Condition is evaluated with the mutex held, but by whichever thread
//    absl chooses: the waiter, or another thread while it unlocks. absl's
//    own TSan build brackets the evaluation as a short critical section
//    (EvalConditionAnnotated); here Condition::Eval does the same with
//    __tsan_acquire/__tsan_release on the waiting call's mutex, which the
//    waiting call registers for its Condition while it waits.
//  - absl::Notification: its waits return at once, without the mutex,
//    once notified (an atomic flag); Notify releases and the waits acquire
//    the Notification. (HasBeenNotified() is inline and stays invisible;
//    the project does not use it.)
// The *WithTimeout forms are left to the library: they call the
// *WithDeadline ones through the PLT, i.e. the definitions here, and
// wrapping both would count each lock twice.
// Limitation: Await and the CondVar waits assume the mutex is held in
// writer mode (the project never waits under a reader lock).
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "absl/base/options.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

// Runtime calls (tsan_interface_ann) that make the shim's own bookkeeping
// invisible, so that it adds no happens-before edge of its own.
extern "C" {
void AnnotateIgnoreSyncBegin(const char* file, int line);
void AnnotateIgnoreSyncEnd(const char* file, int line);
void AnnotateIgnoreReadsBegin(const char* file, int line);
void AnnotateIgnoreReadsEnd(const char* file, int line);
void AnnotateIgnoreWritesBegin(const char* file, int line);
void AnnotateIgnoreWritesEnd(const char* file, int line);
}

namespace {

#define STRINGIFY_INNER(x) #x
#define STRINGIFY(x) STRINGIFY_INNER(x)

// The library's definition of `format` ("%s" stands for the mangled inline
// namespace, e.g. "7debian3"). Resolved on first use; the pointer is cached
// with relaxed atomics, which give TSan no edge.
void* Real(std::atomic<void*>& cache, const char* format) {
  void* fn = cache.load(std::memory_order_relaxed);
  if (fn != nullptr) return fn;
#if ABSL_OPTION_USE_INLINE_NAMESPACE
  const std::string ns = STRINGIFY(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  const std::string mangled_ns = std::to_string(ns.size()) + ns;
#else
  const std::string mangled_ns;
#endif
  char name[256];
  std::snprintf(name, sizeof(name), format, mangled_ns.c_str());
  fn = dlsym(RTLD_NEXT, name);
  if (fn == nullptr) {
    std::fprintf(stderr, "absl_mutex_tsan: %s not found in libabsl\n", name);
    std::abort();
  }
  cache.store(fn, std::memory_order_relaxed);
  return fn;
}

#define REAL(type, format)                              \
  ([]() {                                               \
    static std::atomic<void*> cache{nullptr};           \
    return reinterpret_cast<type>(Real(cache, format)); \
  }())

// Which mutex each waiting Condition belongs to, for Condition::Eval.
class ConditionRegistry {
 public:
  void Add(const absl::Condition* cond, absl::Mutex* mu) {
    Locked([&] { map_[cond] = mu; });
  }
  void Remove(const absl::Condition* cond) {
    Locked([&] { map_.erase(cond); });
  }
  absl::Mutex* Find(const absl::Condition* cond) {
    absl::Mutex* mu = nullptr;
    Locked([&] {
      auto it = map_.find(cond);
      if (it != map_.end()) mu = it->second;
    });
    return mu;
  }

 private:
  template <typename F>
  void Locked(F f) {
    AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
    AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
    AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
    while (busy_.test_and_set(std::memory_order_acquire)) {
    }
    f();
    busy_.clear(std::memory_order_release);
    AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
    AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
    AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
  }

  std::atomic_flag busy_ = ATOMIC_FLAG_INIT;
  std::unordered_map<const absl::Condition*, absl::Mutex*> map_;
};

ConditionRegistry& Registry() {
  static auto* registry = new ConditionRegistry;  // Never destroyed.
  return *registry;
}

void AnnotateLock(void* mu, unsigned flags) {
  __tsan_mutex_pre_lock(mu, flags);
  __tsan_mutex_post_lock(mu, flags, 0);
}
void AnnotateUnlock(void* mu, unsigned flags) {
  __tsan_mutex_pre_unlock(mu, flags);
  __tsan_mutex_post_unlock(mu, flags);
}

// A wait that gives up `mu` (held in writer mode) and holds it again on
// return; `cond` (may be null) is evaluated meanwhile, with `mu` held.
template <typename F>
auto Waiting(absl::Mutex* mu, const absl::Condition* cond, F wait) {
  if (cond != nullptr) Registry().Add(cond, mu);
  AnnotateUnlock(mu, 0);
  auto result = wait();
  AnnotateLock(mu, 0);
  if (cond != nullptr) Registry().Remove(cond);
  return result;
}

// A lock that first waits for `cond`.
template <typename F>
auto LockingWhen(absl::Mutex* mu, const absl::Condition* cond, unsigned flags,
                 F lock) {
  Registry().Add(cond, mu);
  __tsan_mutex_pre_lock(mu, flags);
  auto result = lock();
  __tsan_mutex_post_lock(mu, flags, 0);
  Registry().Remove(cond);
  return result;
}

using VoidFn = void (*)(absl::Mutex*);
using BoolFn = bool (*)(absl::Mutex*);
using CondFn = bool (*)(absl::Mutex*, const absl::Condition&);
using VoidCondFn = void (*)(absl::Mutex*, const absl::Condition&);
using CondTimeFn = bool (*)(absl::Mutex*, const absl::Condition&, absl::Time);

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

Mutex::~Mutex() {
  __tsan_mutex_destroy(this, 0);
  REAL(VoidFn, "_ZN4absl%s5MutexD2Ev")(this);
}

void Mutex::Lock() {
  __tsan_mutex_pre_lock(this, 0);
  REAL(VoidFn, "_ZN4absl%s5Mutex4LockEv")(this);
  __tsan_mutex_post_lock(this, 0, 0);
}

void Mutex::Unlock() {
  __tsan_mutex_pre_unlock(this, 0);
  REAL(VoidFn, "_ZN4absl%s5Mutex6UnlockEv")(this);
  __tsan_mutex_post_unlock(this, 0);
}

bool Mutex::TryLock() {
  __tsan_mutex_pre_lock(this, __tsan_mutex_try_lock);
  const bool locked = REAL(BoolFn, "_ZN4absl%s5Mutex7TryLockEv")(this);
  __tsan_mutex_post_lock(
      this, __tsan_mutex_try_lock | (locked ? 0 : __tsan_mutex_try_lock_failed),
      0);
  return locked;
}

void Mutex::ReaderLock() {
  __tsan_mutex_pre_lock(this, __tsan_mutex_read_lock);
  REAL(VoidFn, "_ZN4absl%s5Mutex10ReaderLockEv")(this);
  __tsan_mutex_post_lock(this, __tsan_mutex_read_lock, 0);
}

void Mutex::ReaderUnlock() {
  __tsan_mutex_pre_unlock(this, __tsan_mutex_read_lock);
  REAL(VoidFn, "_ZN4absl%s5Mutex12ReaderUnlockEv")(this);
  __tsan_mutex_post_unlock(this, __tsan_mutex_read_lock);
}

bool Mutex::ReaderTryLock() {
  constexpr unsigned kFlags = __tsan_mutex_read_lock | __tsan_mutex_try_lock;
  __tsan_mutex_pre_lock(this, kFlags);
  const bool locked = REAL(BoolFn, "_ZN4absl%s5Mutex13ReaderTryLockEv")(this);
  __tsan_mutex_post_lock(
      this, kFlags | (locked ? 0 : __tsan_mutex_try_lock_failed), 0);
  return locked;
}

void Mutex::Await(const Condition& cond) {
  Waiting(this, &cond, [&] {
    REAL(VoidCondFn, "_ZN4absl%s5Mutex5AwaitERKNS0_9ConditionE")(this, cond);
    return 0;
  });
}

bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  return Waiting(this, &cond, [&] {
    return REAL(CondTimeFn,
                "_ZN4absl%s5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_"
                "4TimeE")(this, cond, deadline);
  });
}

void Mutex::LockWhen(const Condition& cond) {
  LockingWhen(this, &cond, 0, [&] {
    REAL(VoidCondFn, "_ZN4absl%s5Mutex8LockWhenERKNS0_9ConditionE")(this, cond);
    return 0;
  });
}

bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  return LockingWhen(this, &cond, 0, [&] {
    return REAL(CondTimeFn,
                "_ZN4absl%s5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_"
                "4TimeE")(this, cond, deadline);
  });
}

void Mutex::ReaderLockWhen(const Condition& cond) {
  LockingWhen(this, &cond, __tsan_mutex_read_lock, [&] {
    REAL(VoidCondFn, "_ZN4absl%s5Mutex14ReaderLockWhenERKNS0_9ConditionE")
    (this, cond);
    return 0;
  });
}

bool Mutex::ReaderLockWhenWithDeadline(const Condition& cond, Time deadline) {
  return LockingWhen(this, &cond, __tsan_mutex_read_lock, [&] {
    return REAL(CondTimeFn,
                "_ZN4absl%s5Mutex26ReaderLockWhenWithDeadlineERKNS0_"
                "9ConditionENS0_4TimeE")(this, cond, deadline);
  });
}

void CondVar::Wait(Mutex* mu) {
  Waiting(mu, nullptr, [&] {
    REAL(void (*)(CondVar*, Mutex*), "_ZN4absl%s7CondVar4WaitEPNS0_5MutexE")
    (this, mu);
    return 0;
  });
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  return Waiting(mu, nullptr, [&] {
    return REAL(bool (*)(CondVar*, Mutex*, Time),
                "_ZN4absl%s7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_"
                "4TimeE")(this, mu, deadline);
  });
}

bool Condition::Eval() const {
  using EvalFn = bool (*)(const Condition*);
  const EvalFn real = REAL(EvalFn, "_ZNK4absl%s9Condition4EvalEv");
  Mutex* mu = Registry().Find(this);
  if (mu == nullptr) return real(this);
  __tsan_acquire(mu);
  const bool result = real(this);
  __tsan_release(mu);
  return result;
}

void Notification::Notify() {
  __tsan_release(this);
  REAL(void (*)(Notification*), "_ZN4absl%s12Notification6NotifyEv")(this);
}

void Notification::WaitForNotification() const {
  REAL(void (*)(const Notification*),
       "_ZNK4absl%s12Notification19WaitForNotificationEv")
  (this);
  __tsan_acquire(const_cast<Notification*>(this));
}

bool Notification::WaitForNotificationWithTimeout(Duration timeout) const {
  const bool notified =
      REAL(bool (*)(const Notification*, Duration),
           "_ZNK4absl%s12Notification30WaitForNotificationWithTimeoutENS0_"
           "8DurationE")(this, timeout);
  if (notified) __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

bool Notification::WaitForNotificationWithDeadline(Time deadline) const {
  const bool notified =
      REAL(bool (*)(const Notification*, Time),
           "_ZNK4absl%s12Notification31WaitForNotificationWithDeadlineENS0_"
           "4TimeE")(this, deadline);
  if (notified) __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

ABSL_NAMESPACE_END
}  // namespace absl
