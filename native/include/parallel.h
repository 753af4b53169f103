// A small fixed thread pool. parallelFor splits [0, n) into at most `threads` contiguous
// ranges, and stays on the calling thread when n < grain so tiny ops pay no sync cost.
// Kernels make results independent of the split (fixed blocks, fixed reduction order).
#pragma once
#include <cstdint>
#include <functional>

namespace ant {

int getNumThreads();
void setNumThreads(int n);
int physicalCores();

// fn(begin, end) runs on disjoint ranges; the first exception thrown is rethrown here.
void parallelForImpl(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

template <class F> inline void parallelFor(int64_t n, int64_t grain, F&& fn) {
  if (n <= 0) return;
  if (n <= grain || getNumThreads() <= 1) {
    fn(int64_t(0), n);
    return;
  }
  parallelForImpl(n, grain, std::function<void(int64_t, int64_t)>(fn));
}

// fn(i) for every item i in [0, n), each claimed by whichever thread is free next: for a few
// coarse items (a convolution's samples) where a fixed split would leave the whole region
// waiting on a helper whose core the OS (or V8's GC threads) took away for a while.
void parallelItemsImpl(int64_t n, const std::function<void(int64_t)>& fn);

template <class F> inline void parallelItems(int64_t n, F&& fn) {
  if (n <= 0) return;
  if (n == 1 || getNumThreads() <= 1) {
    for (int64_t i = 0; i < n; i++) fn(i);
    return;
  }
  parallelItemsImpl(n, std::function<void(int64_t)>(fn));
}

}  // namespace ant
