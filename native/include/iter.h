// Walks K same-shaped strided views together in row-major order, one contiguous-dim run
// at a time, after dropping size-1 dims and merging dims that are contiguous for all K.
#pragma once
#include <cstdint>

#include "view.h"

namespace ant {

template <int K> struct StridedIter {
  int nd = 0;
  int64_t numel = 1;
  int64_t shape[kMaxDims];
  int64_t st[K][kMaxDims];
  char* base[K];
  int isz[K];

  StridedIter(const View* const* v) {
    const View& o = *v[0];
    for (int k = 0; k < K; k++) {
      isz[k] = itemsize(v[k]->dtype);
      base[k] = v[k]->data + v[k]->offset * isz[k];
    }
    for (int d = 0; d < o.ndim; d++) {
      numel *= o.shape[d];
      if (o.shape[d] == 1) continue;
      bool merge = nd > 0;
      for (int k = 0; k < K && merge; k++) merge = st[k][nd - 1] == v[k]->strides[d] * o.shape[d];
      if (merge) {
        shape[nd - 1] *= o.shape[d];
        for (int k = 0; k < K; k++) st[k][nd - 1] = v[k]->strides[d];
      } else {
        shape[nd] = o.shape[d];
        for (int k = 0; k < K; k++) st[k][nd] = v[k]->strides[d];
        nd++;
      }
    }
    if (nd == 0) {  // a single element
      shape[0] = 1;
      for (int k = 0; k < K; k++) st[k][0] = 0;
      nd = 1;
    }
  }

  int64_t inner() const { return shape[nd - 1]; }
  int64_t innerStride(int k) const { return st[k][nd - 1]; }

  // fn(char* ptr[K], n): runs of the flat range [begin, end); strides of a run: innerStride(k).
  template <class F> void forRange(int64_t begin, int64_t end, F&& fn) const {
    if (begin >= end) return;
    int64_t idx[kMaxDims];
    int64_t rem = begin;
    for (int d = nd - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
    }
    char* p[K];
    for (int k = 0; k < K; k++) {
      int64_t off = 0;
      for (int d = 0; d < nd; d++) off += idx[d] * st[k][d];
      p[k] = base[k] + off * isz[k];
    }
    const int64_t n0 = shape[nd - 1];
    int64_t pos = begin;
    while (pos < end) {
      int64_t run = n0 - idx[nd - 1];
      if (run > end - pos) run = end - pos;
      fn(p, run);
      pos += run;
      if (pos >= end) break;
      // Advance to the start of the next row.
      for (int k = 0; k < K; k++) p[k] += (run - 0) * st[k][nd - 1] * isz[k];
      idx[nd - 1] += run;
      for (int d = nd - 1; d > 0 && idx[d] == shape[d]; d--) {
        for (int k = 0; k < K; k++) p[k] += (st[k][d - 1] - shape[d] * st[k][d]) * isz[k];
        idx[d] = 0;
        idx[d - 1]++;
      }
    }
  }
};

}  // namespace ant
