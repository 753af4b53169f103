// Reductions and scans. Each output cell reduces its elements in row-major order of the
// reduced dims, accumulating in double for floats (as the reference) and in wrapping int64
// for integers; cells are split across threads, so results never depend on the thread count.
// The float sum of one contiguous run follows PyTorch's order and accumulator type
// (`cascadeSum`), the same for any thread count and ISA.
#include <cmath>
#include <limits>
#include <vector>

#include "elementwise.h"
#include "ops.h"
#include "parallel.h"

namespace ant {

namespace {

// Every switch on a ReduceCode or ScanCode lists each code (no default): with -Werror=switch a
// reduce or scan op added to names.h fails to build until it has its rows here.
#if defined(__GNUC__)
#pragma GCC diagnostic error "-Wswitch"
#endif

template <class A> struct Step;
template <> struct Step<double> {
  static double init(int op) {
    switch (ReduceCode(op)) {
      case kProd: case kAll: return 1;
      case kAmax: return -INFINITY;
      case kAmin: return INFINITY;
      case kSum: case kAny: case kArgmax: case kArgmin: case kNumReduce: break;  // argmax/argmin: own loop
    }
    return 0;
  }
  static double step(int op, double a, double x) {
    switch (ReduceCode(op)) {
      case kSum: return a + x;
      case kProd: return a * x;
      // NaN propagates: once the accumulator is NaN it stays NaN.
      case kAmax: return a != a ? a : (x > a || x != x) ? x : a;
      case kAmin: return a != a ? a : (x < a || x != x) ? x : a;
      case kAll: return a != 0 && x != 0 ? 1 : 0;
      case kAny: case kArgmax: case kArgmin: case kNumReduce: break;
    }
    return a != 0 || x != 0 ? 1 : 0;  // kAny
  }
};
template <> struct Step<int64_t> {
  static int64_t init(int op) {
    switch (ReduceCode(op)) {
      case kProd: case kAll: return 1;
      case kAmax: return INT64_MIN;
      case kAmin: return INT64_MAX;
      case kSum: case kAny: case kArgmax: case kArgmin: case kNumReduce: break;
    }
    return 0;
  }
  static int64_t step(int op, int64_t a, int64_t x) {
    switch (ReduceCode(op)) {
      case kSum: return wadd(a, x);
      case kProd: return wmul(a, x);
      case kAmax: return x > a ? x : a;
      case kAmin: return x < a ? x : a;
      case kAll: return a != 0 && x != 0;
      case kAny: case kArgmax: case kArgmin: case kNumReduce: break;
    }
    return a != 0 || x != 0;  // kAny
  }
};

// Reduced sub-space of x (dims in row-major order), merged where contiguous.
struct Sub {
  int nd = 0;
  int64_t shape[kMaxDims], st[kMaxDims];
  int64_t numel = 1;
};

// The sum of one contiguous run in PyTorch 1.13's order (aten SumKernel.cpp `cascade_sum`, as
// its AVX2 build runs it, the capability Debian's build uses on AVX2 and AVX-512 hosts alike), so
// float32 sums print PyTorch's digits: accumulate in the output type A (float for float32),
// vectors of L lanes (8 floats / 4 doubles) when the run is at least L long, four interleaved
// partial sums, and `multi_row_sum`'s cascade that folds the partial sums into higher levels
// every 2^p items. It runs on one thread, as PyTorch does for one output up to 32768 items and
// at any size with one thread (PyTorch splits longer runs across its threads; we do not, so
// results never depend on the thread count).
template <class A, int L> struct Lanes {
  A v[L];
  Lanes() { for (int l = 0; l < L; l++) v[l] = A(0); }
  Lanes& operator+=(const Lanes& o) {
    for (int l = 0; l < L; l++) v[l] += o.v[l];
    return *this;
  }
};
template <class A> inline void clearAcc(A& a) { a = A(0); }
template <class A, int L> inline void clearAcc(Lanes<A, L>& a) { a = Lanes<A, L>(); }

inline int64_t ceilLog2(int64_t x) {
  if (x <= 2) return 1;
  int64_t b = 0;
  for (uint64_t y = uint64_t(x - 1); y != 0; y >>= 1) b++;
  return b;
}

// `nrows` independent sums of `size` items each; load(i, k) gives row k's item i.
template <class T, int R, class Load> void multiRowSum(T (&out)[R], int64_t size, const Load& load) {
  constexpr int kLevels = 4;
  const int64_t power = std::max<int64_t>(4, ceilLog2(size) / kLevels);
  const int64_t step = int64_t(1) << power;
  const int64_t mask = step - 1;
  T acc[kLevels][R];
  for (auto& lv : acc)
    for (auto& a : lv) clearAcc(a);
  int64_t i = 0;
  while (i + step <= size) {
    for (int64_t j = 0; j < step; j++, i++)
      for (int k = 0; k < R; k++) acc[0][k] += load(i, k);
    for (int j = 1; j < kLevels; j++) {
      for (int k = 0; k < R; k++) {
        acc[j][k] += acc[j - 1][k];
        clearAcc(acc[j - 1][k]);
      }
      if ((i & (mask << (j * power))) != 0) break;
    }
  }
  for (; i < size; i++)
    for (int k = 0; k < R; k++) acc[0][k] += load(i, k);
  for (int j = 1; j < kLevels; j++)
    for (int k = 0; k < R; k++) acc[0][k] += acc[j][k];
  for (int k = 0; k < R; k++) out[k] = acc[0][k];
}

// PyTorch's `row_sum`: the run read as (-1, 4), four cascaded sums, the tail into the first.
template <class T, class Load> T rowSum(int64_t size, const Load& load) {
  constexpr int kIlp = 4;
  const int64_t rows = size / kIlp;
  T part[kIlp];
  multiRowSum<T, kIlp>(part, rows, [&](int64_t i, int k) { return load(i * kIlp + k); });
  for (int64_t i = rows * kIlp; i < size; i++) part[0] += load(i);
  for (int k = 1; k < kIlp; k++) part[0] += part[k];
  return part[0];
}

template <class A, class S> A cascadeSum(const S* x, int64_t n) {
  constexpr int L = sizeof(A) == 4 ? 8 : 4;
  if (n < L) return rowSum<A>(n, [&](int64_t i) { return A(get(x[i])); });
  using V = Lanes<A, L>;
  const int64_t nv = n / L;
  const V vs = rowSum<V>(nv, [&](int64_t i) {
    V v;
    for (int l = 0; l < L; l++) v.v[l] = A(get(x[i * L + l]));
    return v;
  });
  A acc = 0;
  for (int64_t i = nv * L; i < n; i++) acc += A(get(x[i]));
  for (int l = 0; l < L; l++) acc += vs.v[l];
  return acc;
}

template <class S, class So> void reduceTyped(int op, const View& x, const bool* red, const View& out) {
  using C = typename ComputeOf<S>::type;
  using A = typename std::conditional<std::is_integral<C>::value, int64_t, double>::type;
  const S* xd = x.ptr<S>();
  So* od = out.ptr<So>();
  // Kept dims (outer loop) and reduced dims (inner loop).
  int nk = 0;
  int64_t kshape[kMaxDims], kst[kMaxDims], kost[kMaxDims];
  Sub sub;
  for (int d = 0; d < x.ndim; d++) {
    if (red[d]) {
      sub.numel *= x.shape[d];
      if (x.shape[d] == 1) continue;
      if (sub.nd > 0 && sub.st[sub.nd - 1] == x.strides[d] * x.shape[d]) {
        sub.shape[sub.nd - 1] *= x.shape[d];
        sub.st[sub.nd - 1] = x.strides[d];
      } else {
        sub.shape[sub.nd] = x.shape[d];
        sub.st[sub.nd] = x.strides[d];
        sub.nd++;
      }
    } else {
      kshape[nk] = x.shape[d];
      kst[nk] = x.strides[d];
      kost[nk] = out.strides[d];
      nk++;
    }
  }
  int64_t nOut = 1;
  for (int k = 0; k < nk; k++) nOut *= kshape[k];
  const bool argOp = op == kArgmax || op == kArgmin;
  const bool contigRun = sub.nd == 1 && sub.st[0] == 1;

  auto cell = [&](int64_t c) {
    int64_t xo = x.offset, oo = out.offset;
    for (int k = nk - 1, rem = 0; k >= 0; k--) {
      (void)rem;
      int64_t i = c % kshape[k];
      c /= kshape[k];
      xo += i * kst[k];
      oo += i * kost[k];
    }
    if (sub.nd == 0) {  // nothing to walk: one element, or an empty reduction
      if (sub.numel == 0) {
        od[oo] = put<So>(Step<A>::init(op));
        return;
      }
      const A v = A(get(xd[xo]));
      od[oo] = argOp ? put<So>(int64_t(0)) : put<So>(Step<A>::step(op, Step<A>::init(op), v));
      return;
    }
    if constexpr (!std::is_integral<C>::value) {
      if (op == kSum && contigRun) {
        // float32 / float16 / bfloat16 accumulate in float, as PyTorch's opmath type does.
        using Acc = typename std::conditional<std::is_same<S, double>::value || std::is_same<So, double>::value, double, float>::type;
        od[oo] = put<So>(cascadeSum<Acc>(xd + xo, sub.shape[0]));
        return;
      }
    }
    int64_t idx[kMaxDims] = {0};
    const int last = sub.nd - 1;
    const int64_t n0 = sub.shape[last], s0 = sub.st[last];
    int64_t p = xo, pos = 0;
    A acc = Step<A>::init(op);
    A best = 0;
    int64_t bestIdx = -1;
    for (;;) {
      if (argOp) {
        for (int64_t i = 0; i < n0; i++, pos++) {
          const A v = A(get(xd[p + i * s0]));
          // NaN wins and then sticks; the first occurrence wins ties.
          const bool better = op == kArgmax ? v > best : v < best;
          if (bestIdx < 0 || (best == best && (v != v || better))) {
            best = v;
            bestIdx = pos;
          }
        }
      } else {
        for (int64_t i = 0; i < n0; i++) acc = Step<A>::step(op, acc, A(get(xd[p + i * s0])));
        pos += n0;
      }
      int d = last - 1;
      for (; d >= 0; d--) {
        p += sub.st[d];
        if (++idx[d] < sub.shape[d]) break;
        p -= sub.st[d] * sub.shape[d];
        idx[d] = 0;
      }
      if (d < 0) break;
    }
    od[oo] = argOp ? put<So>(bestIdx) : put<So>(acc);
  };
  const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(1, sub.numel));
  parallelFor(nOut, grain, [&](int64_t b, int64_t e) {
    for (int64_t c = b; c < e; c++) cell(c);
  });
}

}  // namespace

bool reduceOp(int op, const View& x, const int* dims, int ndims, const View& out) {
  if (op < 0 || op >= kNumReduce || x.ndim != out.ndim) return false;
  bool red[kMaxDims] = {false};
  for (int i = 0; i < ndims; i++) {
    int d = dims[i] < 0 ? dims[i] + x.ndim : dims[i];
    if (d < 0 || d >= x.ndim) throw KernelError("[reduce] dim " + std::to_string(dims[i]) + " out of range", true);
    red[d] = true;
  }
  for (int d = 0; d < x.ndim; d++)
    if (out.shape[d] != (red[d] ? 1 : x.shape[d])) throw KernelError("[reduce] output shape does not match the keepdim shape", true);
  x.checkBounds("reduce");
  out.checkBounds("reduce");
  if (overlaps(x, out)) return false;
  // Output dtypes the ops layer uses: the input's, int64 (integer sums, arg*), bool (all/any),
  // float32/float64 (explicit dtype=). Others go to the reference.
  bool handled = false;
  dispatchDType(x.dtype, [&](auto ti) {
    using S = typename decltype(ti)::type;
    auto run = [&](auto to) {
      reduceTyped<S, typename decltype(to)::type>(op, x, red, out);
      handled = true;
    };
    if (out.dtype == x.dtype) run(ti);
    else if (out.dtype == I64) run(Tag<int64_t>{});
    else if (out.dtype == BOOL) run(Tag<bool_t>{});
    else if (out.dtype == F32) run(Tag<float>{});
    else if (out.dtype == F64) run(Tag<double>{});
  });
  return handled;
}

// ---- scans ----------------------------------------------------------------------------------
namespace {
// Step: the ReduceCode a scan accumulates with (a constant, so each loop is specialized).
template <int StepOp, class S, class So> void scanTyped(const View& x, int dim, const View& out) {
  using C = typename ComputeOf<S>::type;
  using A = typename std::conditional<std::is_integral<C>::value, int64_t, double>::type;
  const S* xd = x.ptr<S>();
  So* od = out.ptr<So>();
  const int64_t n = x.shape[dim], sx = x.strides[dim], so = out.strides[dim];
  int64_t lines = 1;
  for (int d = 0; d < x.ndim; d++)
    if (d != dim) lines *= x.shape[d];
  parallelFor(lines, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, n)), [&](int64_t b, int64_t e) {
    for (int64_t l = b; l < e; l++) {
      int64_t xo = x.offset, oo = out.offset, c = l;
      for (int d = x.ndim - 1; d >= 0; d--) {
        if (d == dim) continue;
        int64_t i = c % x.shape[d];
        c /= x.shape[d];
        xo += i * x.strides[d];
        oo += i * out.strides[d];
      }
      A acc = 0;
      for (int64_t k = 0; k < n; k++) {
        const A v = A(get(xd[xo + k * sx]));
        acc = k == 0 ? v : Step<A>::step(StepOp, acc, v);
        od[oo + k * so] = put<So>(acc);
      }
    }
  });
}
}  // namespace

bool scanOp(int op, const View& x, int dim, const View& out) {
  if (op < 0 || op >= kNumScan || x.ndim != out.ndim || x.ndim == 0) return false;
  if (dim < 0) dim += x.ndim;
  if (dim < 0 || dim >= x.ndim) throw KernelError("[scan] dim out of range", true);
  x.checkBounds("scan");
  out.checkBounds("scan");
  if ((overlaps(x, out) && !sameLayout(x, out)) || x.dtype != out.dtype) return false;
  dispatchDType(x.dtype, [&](auto ti) {
    using S = typename decltype(ti)::type;
    switch (ScanCode(op)) {
      case kCumsum: return scanTyped<kSum, S, S>(x, dim, out);
      case kCumprod: return scanTyped<kProd, S, S>(x, dim, out);
      case kNumScan: break;
    }
  });
  return true;
}

}  // namespace ant
