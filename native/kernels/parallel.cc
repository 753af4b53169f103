// Thread pool behind parallelFor, thread-count control, and the ISA chosen at load.
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cpu.h"
#include "parallel.h"

namespace ant {

Isa activeIsa() {
  static const Isa isa = [] {
    Isa best = detectIsa();
    const char* env = std::getenv("ANTORCHA_ISA");
    if (env != nullptr) {
      if (std::strcmp(env, "scalar") == 0) return Isa::Scalar;
      if (std::strcmp(env, "avx2") == 0 && best >= Isa::Avx2) return Isa::Avx2;
    }
    return best;
  }();
  return isa;
}

const char* isaName(Isa isa) {
  switch (isa) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    default: return "scalar";
  }
}

// Physical cores available to this process: unique (package, core) pairs among allowed CPUs.
int physicalCores() {
  int allowed = 0;
  std::set<std::pair<int, int>> cores;
#ifdef __linux__
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (int c = 0; c < CPU_SETSIZE; c++) {
      if (!CPU_ISSET(c, &set)) continue;
      allowed++;
      int ids[2] = {-1, -1};
      const char* names[2] = {"physical_package_id", "core_id"};
      for (int k = 0; k < 2; k++) {
        std::string p = "/sys/devices/system/cpu/cpu" + std::to_string(c) + "/topology/" + names[k];
        if (FILE* f = std::fopen(p.c_str(), "r")) {
          if (std::fscanf(f, "%d", &ids[k]) != 1) ids[k] = -1;
          std::fclose(f);
        }
      }
      cores.insert(ids[0] < 0 || ids[1] < 0 ? std::make_pair(-1, c) : std::make_pair(ids[0], ids[1]));
    }
  }
#endif
  int n = cores.empty() ? int(std::thread::hardware_concurrency()) : int(cores.size());
  if (allowed > 0 && n > allowed) n = allowed;
  return n < 1 ? 1 : n;
}

namespace {

// How long an idle helper (or a caller waiting for helpers) spins before sleeping: 1 ms, or
// ANTORCHA_SPIN_US. Waking a sleeping thread costs a futex round trip that in a VM can exceed
// 100 µs, more than most of our kernels take; in a training loop regions come every few tens
// of µs, so helpers that spin through the gaps (as OpenMP runtimes do) make 2 threads pay off
// (MLP step 780 → 430-560 µs measured; 50 µs of spin was no better than none).
int spinMicros() {
  static const int us = [] {
    const char* env = std::getenv("ANTORCHA_SPIN_US");
    return env ? std::max(0, std::atoi(env)) : 1000;
  }();
  return us;
}

// Waits for pred() by spinning for up to spinMicros(); false if it still does not hold.
template <class P> bool spinUntil(P pred) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(spinMicros());
  for (int i = 1;; i++) {
    if (pred()) return true;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
    if ((i & 255) == 0 && std::chrono::steady_clock::now() > deadline) return pred();
  }
}

class Pool {
 public:
  explicit Pool(int helpers) { start(helpers); }
  ~Pool() { stop(); }

  int helpers() const { return int(workers_.size()); }

  void resize(int helpers) {
    if (helpers == int(workers_.size())) return;
    stop();
    start(helpers);
  }

  // Runs task(i) for i in [0, parts): part 0 on the caller, the rest on whoever claims them.
  void run(int parts, const std::function<void(int)>& task) {
    std::exception_ptr err;
    std::mutex errMu;
    std::function<void(int)> guarded = [&](int i) {
      try {
        task(i);
      } catch (...) {
        std::lock_guard<std::mutex> g(errMu);
        if (!err) err = std::current_exception();
      }
    };
    uint64_t gen;
    {
      std::lock_guard<std::mutex> g(mu_);
      task_ = &guarded;
      parts_ = parts;
      pending_.store(parts - 1, std::memory_order_relaxed);
      gen = gen_.load(std::memory_order_relaxed) + 1;
      ticket_.store(gen << 32 | 1, std::memory_order_relaxed);
      gen_.store(gen, std::memory_order_release);
    }
    if (sleepers_.load() > 0) cv_.notify_all();
    guarded(0);
    // The caller helps with leftover parts, then waits for the helpers.
    for (int i; (i = claim(gen, parts)) >= 0;) {
      guarded(i);
      pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
    if (!spinUntil([&] { return pending_.load(std::memory_order_acquire) == 0; })) {
      std::unique_lock<std::mutex> lk(mu_);
      done_.wait(lk, [&] { return pending_.load(std::memory_order_acquire) == 0; });
    }
    {
      std::lock_guard<std::mutex> g(mu_);
      task_ = nullptr;
    }
    if (err) std::rethrow_exception(err);
  }

 private:
  // ticket_ holds the generation (high 32 bits) and the next unclaimed part (low 32), so a
  // helper still looping from an earlier region can never claim a part of a newer one.
  int claim(uint64_t gen, int parts) {
    uint64_t t = ticket_.load(std::memory_order_acquire);
    for (;;) {
      if ((t >> 32) != (gen & 0xffffffffu) || int(t & 0xffffffffu) >= parts) return -1;
      if (ticket_.compare_exchange_weak(t, t + 1, std::memory_order_acq_rel)) return int(t & 0xffffffffu);
    }
  }
  void start(int helpers) {
    quit_.store(false);
    for (int i = 0; i < helpers; i++) workers_.emplace_back([this] { loop(); });
  }
  void stop() {
    {
      std::lock_guard<std::mutex> g(mu_);
      quit_.store(true);
      gen_.fetch_add(1);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }
  void loop() {
    uint64_t seen = gen_.load();
    for (;;) {
      auto fresh = [&] { return quit_.load(std::memory_order_acquire) || gen_.load(std::memory_order_acquire) != seen; };
      if (!spinUntil(fresh)) {
        std::unique_lock<std::mutex> lk(mu_);
        sleepers_.fetch_add(1);
        cv_.wait(lk, fresh);
        sleepers_.fetch_sub(1);
      }
      if (quit_.load()) return;
      const std::function<void(int)>* task;
      int parts;
      {
        std::lock_guard<std::mutex> g(mu_);
        seen = gen_.load();
        task = task_;
        parts = parts_;
      }
      if (task == nullptr) continue;
      for (int i; (i = claim(seen, parts)) >= 0;) {
        (*task)(i);
        if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
          std::lock_guard<std::mutex> g(mu_);  // the caller checks pending_ under mu_ before sleeping
          done_.notify_all();
        }
      }
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_, done_;
  const std::function<void(int)>* task_ = nullptr;
  int parts_ = 0;
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> ticket_{0};
  std::atomic<uint64_t> gen_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<bool> quit_{false};
};

int g_threads = 0;
thread_local bool t_inRegion = false;

// Marks the current thread as running a part of a region until the scope ends (also on throw).
struct InRegion {
  bool outer = t_inRegion;
  InRegion() { t_inRegion = true; }
  ~InRegion() { t_inRegion = outer; }
};
Pool* g_pool = nullptr;
std::mutex g_poolMu;

Pool& pool() {
  if (g_pool == nullptr) g_pool = new Pool(getNumThreads() - 1);  // never destroyed: no exit-time joins
  return *g_pool;
}

}  // namespace

int getNumThreads() {
  if (g_threads == 0) g_threads = physicalCores();
  return g_threads;
}

void setNumThreads(int n) {
  if (n < 1) n = 1;
  if (n > 256) n = 256;
  std::lock_guard<std::mutex> g(g_poolMu);
  g_threads = n;
  if (g_pool != nullptr) g_pool->resize(n - 1);
}

// Runs part(i) for i in [0, parts) on the pool, each inside the region mark; false (nothing run)
// when the caller must run the work inline instead: it is itself inside a region (conv's
// per-sample GEMMs), or another JS thread (a DataLoader worker) holds the pool. One region at a
// time; kernels give the same result for any split, so inline is always correct.
static bool runOnPool(int parts, const std::function<void(int)>& part) {
  if (t_inRegion) return false;
  std::unique_lock<std::mutex> g(g_poolMu, std::try_to_lock);
  if (!g.owns_lock()) return false;
  pool().run(parts, [&](int i) {
    InRegion mark;
    part(i);
  });
  return true;
}

void parallelForImpl(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  int64_t parts = (n + grain - 1) / grain;
  if (parts > getNumThreads()) parts = getNumThreads();
  if (parts <= 1) return fn(0, n);
  const int64_t chunk = (n + parts - 1) / parts;
  const bool ran = runOnPool(int(parts), [&](int i) {
    int64_t b = i * chunk, e = b + chunk < n ? b + chunk : n;
    if (b < e) fn(b, e);
  });
  if (!ran) fn(0, n);
}

void parallelItemsImpl(int64_t n, const std::function<void(int64_t)>& fn) {
  if (n <= (int64_t(1) << 30) && runOnPool(int(n), [&](int i) { fn(i); })) return;
  for (int64_t i = 0; i < n; i++) fn(i);
}

}  // namespace ant
