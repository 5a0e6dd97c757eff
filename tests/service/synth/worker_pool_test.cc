// The worker pool with real worker processes running real eSpeak NG:
// streaming, cancel, crash recovery and hostile input.
#include "service/synth/worker_pool.h"

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace policyreader::synth {
namespace {

constexpr char kSentence[] =
    "Kommunen har vedtaget en ny politik for medarbejdere og ledere, som "
    "gælder for hele organisationen fra den første januar.";

// Collects a job's output; lets a test act on the first audio.
class CollectingSink : public JobSink {
 public:
  std::function<void()> on_first_audio;
  std::atomic<bool> cancel{false};

  bool Cancelled() const override { return cancel.load(); }
  void OnAudio(std::span<const int16_t> pcm) override {
    bool first;
    {
      absl::MutexLock lock(&mu_);
      first = audio_.empty();
      audio_.insert(audio_.end(), pcm.begin(), pcm.end());
      ++chunks_;
    }
    if (first && on_first_audio) on_first_audio();
  }
  void OnWord(const WordEvent& word) override {
    absl::MutexLock lock(&mu_);
    words_.push_back(word);
  }
  void OnDone(const absl::Status& status) override {
    {
      absl::MutexLock lock(&mu_);
      status_ = status;
    }
    done_.Notify();
  }

  bool WaitDone() {
    return done_.WaitForNotificationWithTimeout(absl::Seconds(60));
  }
  absl::Status status() {
    absl::MutexLock lock(&mu_);
    return status_;
  }
  std::vector<int16_t> audio() {
    absl::MutexLock lock(&mu_);
    return audio_;
  }
  std::vector<WordEvent> words() {
    absl::MutexLock lock(&mu_);
    return words_;
  }
  int chunks() {
    absl::MutexLock lock(&mu_);
    return chunks_;
  }

 private:
  absl::Mutex mu_;
  std::vector<int16_t> audio_;
  std::vector<WordEvent> words_;
  int chunks_ = 0;
  absl::Status status_;
  absl::Notification done_;
};

// Every job starts from the engine as it was after start-up (worker.h), so
// the same request gives the very same samples, whatever ran before.
void ExpectSameAudio(const std::vector<int16_t>& a,
                     const std::vector<int16_t>& b) {
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b) << "same length, other samples";
}

WorkerPoolOptions Options(int workers) {
  WorkerPoolOptions options;
  options.workers = workers;
  options.worker_binary = WORKER_BINARY;
  return options;
}

std::shared_ptr<CollectingSink> Synth(WorkerPool& pool, const std::string& text,
                                      bool word_marks = false) {
  auto sink = std::make_shared<CollectingSink>();
  SynthJob job;
  job.request.text = text;
  job.request.word_marks = word_marks;
  job.sink = sink;
  pool.Submit(std::move(job));
  EXPECT_TRUE(sink->WaitDone());
  return sink;
}

TEST(WorkerPoolTest, StreamsAudioInSeveralChunks) {
  absl::StatusOr<std::unique_ptr<WorkerPool>> pool =
      WorkerPool::Start(Options(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  EXPECT_EQ((*pool)->sample_rate_hz(), 22050);
  auto sink = Synth(**pool, kSentence, /*word_marks=*/true);
  EXPECT_TRUE(sink->status().ok()) << sink->status();
  // Several seconds of speech, delivered in many buffers, not one.
  EXPECT_GT(sink->audio().size(), 22050u * 3);
  EXPECT_GT(sink->chunks(), 10);
  std::vector<WordEvent> words = sink->words();
  ASSERT_GE(words.size(), 15u);
  EXPECT_EQ(
      std::string(kSentence).substr(words[0].text_begin, words[0].text_length),
      "Kommunen");
  for (size_t i = 1; i < words.size(); ++i) {
    EXPECT_GE(words[i].sample_offset, words[i - 1].sample_offset);
  }
}

TEST(WorkerPoolTest, SameRequestGivesTheSameSamplesOnAnyWorkerAtAnyTime) {
  auto pool = WorkerPool::Start(Options(2));
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto first = Synth(**pool, kSentence);
  ASSERT_TRUE(first->status().ok()) << first->status();
  // Other texts, another voice, in between and on both workers: eSpeak
  // would otherwise carry its flutter and gain state into the next job.
  for (int i = 0; i < 3; ++i) {
    auto other = std::make_shared<CollectingSink>();
    SynthJob job;
    job.request.text = "Det er en anden sætning, med et spørgsmål?";
    job.request.espeak_voice = "da+f3";
    job.request.pitch = 58;
    job.sink = other;
    (*pool)->Submit(std::move(job));
    ASSERT_TRUE(other->WaitDone());
    auto again = Synth(**pool, kSentence);
    ASSERT_TRUE(again->status().ok()) << again->status();
    ExpectSameAudio(again->audio(), first->audio());
  }
  // A pool started afresh (a restarted server) gives them too.
  pool->reset();
  auto restarted = WorkerPool::Start(Options(1));
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  ExpectSameAudio(Synth(**restarted, kSentence)->audio(), first->audio());
}

TEST(WorkerPoolTest, CancelStopsWithinABuffer) {
  auto pool = WorkerPool::Start(Options(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  std::string long_text;
  for (int i = 0; i < 20; ++i) long_text += std::string(kSentence) + " ";
  auto full = Synth(**pool, kSentence);
  auto sink = std::make_shared<CollectingSink>();
  sink->on_first_audio = [s = sink.get()] { s->cancel = true; };
  SynthJob job;
  job.request.text = long_text;
  job.sink = sink;
  (*pool)->Submit(std::move(job));
  ASSERT_TRUE(sink->WaitDone());
  EXPECT_TRUE(absl::IsCancelled(sink->status())) << sink->status();
  // Far less than even one of the twenty sentences.
  EXPECT_LT(sink->audio().size(), full->audio().size() / 2);
  // The worker is still fine for the next job.
  auto after = Synth(**pool, kSentence);
  EXPECT_TRUE(after->status().ok());
  ExpectSameAudio(after->audio(), full->audio());
}

TEST(WorkerPoolTest, WorkerKilledMidSentenceIsReplacedWithoutRepeatOrGap) {
  auto pool = WorkerPool::Start(Options(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto reference = Synth(**pool, kSentence);
  ASSERT_TRUE(reference->status().ok());

  auto sink = std::make_shared<CollectingSink>();
  WorkerPool* raw = pool->get();
  sink->on_first_audio = [raw] {
    for (pid_t pid : raw->WorkerPids()) kill(pid, SIGKILL);
  };
  SynthJob job;
  job.request.text = kSentence;
  job.sink = sink;
  pid_t before = raw->WorkerPids().at(0);
  raw->Submit(std::move(job));
  ASSERT_TRUE(sink->WaitDone());
  EXPECT_TRUE(sink->status().ok()) << sink->status();
  // The re-run skipped what was already delivered: no repeat, no gap.
  ExpectSameAudio(sink->audio(), reference->audio());
  EXPECT_EQ(raw->stats().worker_crashes, 1u);
  EXPECT_EQ(raw->stats().job_retries, 1u);
  ASSERT_EQ(raw->WorkerPids().size(), 1u);
  EXPECT_NE(raw->WorkerPids()[0], before);
}

TEST(WorkerPoolTest, JobThatKeepsKillingItsWorkerFailsCleanly) {
  auto pool = WorkerPool::Start(Options(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  WorkerPool* raw = pool->get();
  auto sink = std::make_shared<CollectingSink>();
  // Kill on every first buffer of every attempt.
  std::atomic<int> kills{0};
  sink->on_first_audio = [raw, &kills] {
    ++kills;
    for (pid_t pid : raw->WorkerPids()) kill(pid, SIGKILL);
  };
  SynthJob job;
  job.request.text = kSentence;
  job.sink = sink;
  raw->Submit(std::move(job));
  ASSERT_TRUE(sink->WaitDone());
  // The first attempt's audio was delivered, so the retry skips it and the
  // hook (first audio only) does not fire again: the retry succeeds.
  EXPECT_TRUE(sink->status().ok()) << sink->status();
  EXPECT_EQ(kills.load(), 1);
}

// A stopped worker is silent, not dead: after silence_timeout_ms by the
// clock the pool kills it, the job re-runs on a replacement and succeeds.
TEST(WorkerPoolTest, HungWorkerIsReplacedAfterTheSilenceTimeout) {
  WorkerPoolOptions options = Options(1);
  options.silence_timeout_ms = 500;
  std::atomic<int> hung{0};
  options.on_worker_exit = [&](const WorkerExit& exit) {
    if (exit.cause == "hung" && exit.during_job) ++hung;
  };
  auto pool = WorkerPool::Start(options);
  ASSERT_TRUE(pool.ok()) << pool.status();
  const pid_t stopped = (*pool)->WorkerPids().at(0);
  ASSERT_EQ(kill(stopped, SIGSTOP), 0);
  const absl::Time start = absl::Now();
  auto sink = Synth(**pool, kSentence);
  const absl::Duration took = absl::Now() - start;
  EXPECT_TRUE(sink->status().ok()) << sink->status();
  EXPECT_GT(sink->audio().size(), 22050u);
  EXPECT_GE(took, absl::Milliseconds(500));
  EXPECT_LT(took, absl::Seconds(10));
  EXPECT_EQ(hung.load(), 1);
  EXPECT_NE((*pool)->WorkerPids().at(0), stopped);
}

TEST(WorkerPoolTest, IdleWorkerDeathCostsNoAttempt) {
  auto pool = WorkerPool::Start(Options(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  pid_t pid = (*pool)->WorkerPids().at(0);
  kill(pid, SIGKILL);
  auto sink = Synth(**pool, kSentence);
  EXPECT_TRUE(sink->status().ok()) << sink->status();
  EXPECT_GT(sink->audio().size(), 22050u);
}

// The "Max address space" line of a process's limits.
std::string AddressSpaceLimit(pid_t pid) {
  std::ifstream limits(absl::StrCat("/proc/", pid, "/limits"));
  std::string line;
  while (std::getline(limits, line)) {
    if (line.rfind("Max address space", 0) == 0) return line;
  }
  return "";
}

// A runaway synthesis hits the worker's own memory limit, and the kernel's
// OOM killer takes a worker (which the pool replaces) before the server.
TEST(WorkerPoolTest, WorkersAreMemoryCappedAndTheOomKillersFirstChoice) {
  auto pool = WorkerPool::Start(Options(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  const pid_t pid = (*pool)->WorkerPids().at(0);
  const std::string address_space = AddressSpaceLimit(pid);
  EXPECT_NE(address_space.find("1073741824"), std::string::npos)
      << address_space;
  int oom_score_adj = 0;
  std::ifstream(absl::StrCat("/proc/", pid, "/oom_score_adj")) >> oom_score_adj;
  EXPECT_EQ(oom_score_adj, 1000);
  // And it still synthesizes under the limit.
  auto sink = Synth(**pool, kSentence);
  EXPECT_TRUE(sink->status().ok()) << sink->status();
}

// What a worker maps right after start-up (eSpeak's data and the
// libraries), in KiB.
long VmSizeKiB(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmSize:", 0) == 0) return std::atol(line.c_str() + 7);
  }
  return 0;
}

// A sentence that needs more memory than WorkerPoolOptions::memory_mb
// allows kills its worker, not the machine: the job fails after its
// attempts with UNAVAILABLE, each attempt's worker is replaced, and the
// next job is served. The bound is a few MiB over what a worker maps after
// start-up, so an 8 MiB sentence (copied into the worker and its job)
// cannot fit, while ordinary sentences, which need next to nothing more,
// do. Without the bound this job would synthesize for hours.
TEST(WorkerPoolTest, ASentenceOverTheMemoryBoundCostsOnlyItself) {
  long startup_kib = 0;
  {
    auto measured = WorkerPool::Start(Options(1));
    ASSERT_TRUE(measured.ok()) << measured.status();
    startup_kib = VmSizeKiB((*measured)->WorkerPids().at(0));
  }
  ASSERT_GT(startup_kib, 0);
  WorkerPoolOptions options = Options(1);
  options.memory_mb = static_cast<int>(startup_kib / 1024) + 4;
  std::atomic<int> exits_during_job{0};
  options.on_worker_exit = [&](const WorkerExit& exit) {
    if (exit.during_job) ++exits_during_job;
  };
  auto pool = WorkerPool::Start(options);
  ASSERT_TRUE(pool.ok()) << pool.status();
  const pid_t first_pid = (*pool)->WorkerPids().at(0);
  const std::string address_space = AddressSpaceLimit(first_pid);
  EXPECT_NE(address_space.find(
                absl::StrCat(static_cast<uint64_t>(options.memory_mb) << 20)),
            std::string::npos)
      << address_space;
  // Ordinary sentences fit under the bound.
  auto before = Synth(**pool, kSentence);
  EXPECT_TRUE(before->status().ok()) << before->status();

  auto huge = Synth(**pool, "Ord " + std::string(8 << 20, 'a') + ".");
  EXPECT_TRUE(absl::IsUnavailable(huge->status())) << huge->status();
  EXPECT_NE(huge->status().message().find("tried 2 times"),
            absl::string_view::npos)
      << huge->status();
  EXPECT_EQ((*pool)->stats().worker_crashes, 2u);
  EXPECT_EQ(exits_during_job.load(), 2);

  // The replacement serves the next sentence, the same samples as before.
  auto after = Synth(**pool, kSentence);
  EXPECT_TRUE(after->status().ok()) << after->status();
  ExpectSameAudio(before->audio(), after->audio());
  EXPECT_NE((*pool)->WorkerPids().at(0), first_pid);
}

TEST(WorkerPoolTest, HostileTextIsReadNotObeyed) {
  auto pool = WorkerPool::Start(Options(2));
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto plain = Synth(**pool, "Hej med dig.");
  // As SSML this would add ten seconds of silence; as text it must not.
  auto markup =
      Synth(**pool, "Hej <break time=\"10s\"/> med dig. [[h'ej]] <speak>x");
  ASSERT_TRUE(markup->status().ok()) << markup->status();
  EXPECT_LT(markup->audio().size(), plain->audio().size() + 22050u * 8);
  // Control characters, lone combining marks, a very long word.
  std::string odd = "\x01\x02\x1b[31m tekst \u0301\u0301 ";
  odd += std::string(5000, 'a');
  auto weird = Synth(**pool, odd);
  EXPECT_TRUE(weird->status().ok()) << weird->status();
  EXPECT_EQ((*pool)->stats().worker_crashes, 0u);
}

TEST(WorkerPoolTest, UnknownEngineVoiceIsNotFound) {
  auto pool = WorkerPool::Start(Options(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto sink = std::make_shared<CollectingSink>();
  SynthJob job;
  job.request.espeak_voice = "no-such-voice";
  job.request.text = "Hej.";
  job.sink = sink;
  (*pool)->Submit(std::move(job));
  ASSERT_TRUE(sink->WaitDone());
  EXPECT_TRUE(absl::IsNotFound(sink->status())) << sink->status();
}

TEST(WorkerPoolTest, MissingEngineDataFailsAtStartSayingWhatToFix) {
  WorkerPoolOptions options = Options(1);
  options.espeak_data_path = "/nonexistent/espeak-ng-data";
  auto pool = WorkerPool::Start(options);
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(pool.status().message().find("--espeak_data"),
            absl::string_view::npos)
      << pool.status();
}

TEST(WorkerPoolTest, MissingWorkerProgramFailsAtStart) {
  WorkerPoolOptions options = Options(1);
  options.worker_binary = "/nonexistent/worker";
  auto pool = WorkerPool::Start(options);
  ASSERT_FALSE(pool.ok());
  EXPECT_NE(pool.status().message().find("--worker_binary"),
            absl::string_view::npos);
}

TEST(WorkerPoolTest, ShutdownEndsQueuedJobs) {
  auto pool = WorkerPool::Start(Options(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  std::vector<std::shared_ptr<CollectingSink>> sinks;
  for (int i = 0; i < 5; ++i) {
    auto sink = std::make_shared<CollectingSink>();
    SynthJob job;
    job.request.text = kSentence;
    job.sink = sink;
    (*pool)->Submit(std::move(job));
    sinks.push_back(sink);
  }
  pool->reset();
  for (auto& sink : sinks) ASSERT_TRUE(sink->WaitDone());
  // Each ended: finished, cancelled or cut short, but none left hanging.
  int not_ok = 0;
  for (auto& sink : sinks) not_ok += sink->status().ok() ? 0 : 1;
  EXPECT_GE(not_ok, 3);
}

TEST(WorkerPoolTest, SinkMayUseThePoolWhenShutdownEndsItsRunningJob) {
  // A sink's OnDone may call back into the pool: the gRPC stream's submits
  // the next sentence (read-ahead). Shutting down while a job runs ends it
  // UNAVAILABLE; that OnDone once ran under the pool's lock, so the call
  // back deadlocked and the destructor never returned.
  auto pool = WorkerPool::Start(Options(1));
  ASSERT_TRUE(pool.ok()) << pool.status();
  WorkerPool* raw = pool->get();
  class CallingBackSink : public CollectingSink {
   public:
    explicit CallingBackSink(WorkerPool* pool) : pool_(pool) {}
    void OnDone(const absl::Status& status) override {
      SynthJob next;  // Refused (shutting down), but must not deadlock.
      next.request.text = kSentence;
      next.sink = std::make_shared<CollectingSink>();
      pool_->Submit(std::move(next));
      (void)pool_->stats();
      CollectingSink::OnDone(status);
    }

   private:
    WorkerPool* const pool_;
  };
  auto sink = std::make_shared<CallingBackSink>(raw);
  absl::Notification playing;
  sink->on_first_audio = [&] { playing.Notify(); };
  SynthJob job;
  job.request.text = absl::StrCat(kSentence, " ", kSentence, " ", kSentence);
  job.sink = sink;
  raw->Submit(std::move(job));
  ASSERT_TRUE(playing.WaitForNotificationWithTimeout(absl::Seconds(30)));

  absl::Notification destroyed;
  std::thread destroyer([&] {
    pool->reset();
    destroyed.Notify();
  });
  if (!destroyed.WaitForNotificationWithTimeout(absl::Seconds(30))) {
    // The destructor is stuck for good; end the process instead of hanging.
    fprintf(stderr, "WorkerPool destructor deadlocked in the sink's OnDone\n");
    std::_Exit(1);
  }
  destroyer.join();
  ASSERT_TRUE(sink->WaitDone());
  EXPECT_FALSE(sink->status().ok());
}

}  // namespace
}  // namespace policyreader::synth
