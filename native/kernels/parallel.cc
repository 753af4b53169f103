// Thread pool behind parallelFor, thread-count control, and the ISA chosen at load.
#include <sched.h>
#include <unistd.h>

#include <atomic>
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

  // Runs task(i) for i in [0, parts): part 0 on the caller, the rest on helpers.
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
      next_ = 1;
      pending_ = parts - 1;
      gen = ++gen_;
    }
    cv_.notify_all();
    guarded(0);
    // The caller helps with leftover parts, then waits for the helpers.
    for (int i; (i = claim(gen)) >= 0;) {
      guarded(i);
      std::lock_guard<std::mutex> g(mu_);
      pending_--;
    }
    std::unique_lock<std::mutex> lk(mu_);
    done_.wait(lk, [&] { return pending_ == 0; });
    task_ = nullptr;
    lk.unlock();
    if (err) std::rethrow_exception(err);
  }

 private:
  // Parts are claimed under the lock and only for the current generation, so a helper
  // finishing late can never run a stale task.
  int claim(uint64_t gen) {
    std::lock_guard<std::mutex> g(mu_);
    if (gen != gen_ || task_ == nullptr || next_ >= parts_) return -1;
    return next_++;
  }
  void start(int helpers) {
    quit_ = false;
    for (int i = 0; i < helpers; i++) workers_.emplace_back([this] { loop(); });
  }
  void stop() {
    {
      std::lock_guard<std::mutex> g(mu_);
      quit_ = true;
      gen_++;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }
  void loop() {
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(int)>* task;
      int parts;
      {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return quit_ || gen_ != seen; });
        if (quit_) return;
        seen = gen_;
        task = task_;
        parts = parts_;
      }
      if (task == nullptr) continue;
      (void)parts;
      for (int i; (i = claim(seen)) >= 0;) {
        (*task)(i);
        std::lock_guard<std::mutex> g(mu_);
        if (--pending_ == 0) done_.notify_all();
      }
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_, done_;
  const std::function<void(int)>* task_ = nullptr;
  int parts_ = 0;
  int pending_ = 0;
  int next_ = 0;
  uint64_t gen_ = 0;
  bool quit_ = false;
};

int g_threads = 0;
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

void parallelForImpl(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  int64_t parts = (n + grain - 1) / grain;
  if (parts > getNumThreads()) parts = getNumThreads();
  if (parts <= 1) return fn(0, n);
  // One parallel region at a time. A second JS thread (a DataLoader worker) arriving while the
  // pool is busy runs its region inline: kernels give the same result for any split.
  std::unique_lock<std::mutex> g(g_poolMu, std::try_to_lock);
  if (!g.owns_lock()) return fn(0, n);
  const int64_t chunk = (n + parts - 1) / parts;
  pool().run(int(parts), [&](int i) {
    int64_t b = i * chunk, e = b + chunk < n ? b + chunk : n;
    if (b < e) fn(b, e);
  });
}

}  // namespace ant
