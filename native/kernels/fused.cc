// Fused fast paths (DESIGN principle 5): linear+bias(+relu), softmax/logSoftmax over the last
// dim, cross-entropy forward+backward in one pass, and the SGD/Adam(W) parameter updates.
// Inputs are float32/float64 and contiguous (the TS side checks; here we re-check and return
// false to decline). The optimizer steps repeat the composite's operation order in T, with
// every scalar rounded to T first, so trajectories match the unfused path.
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "cpu.h"
#include "elementwise.h"
#include "ops.h"
#include "fused.h"
#include "parallel.h"

namespace ant {

namespace {

bool dense(const View& v, int dt) { return v.dtype == dt && v.contiguous(); }

// Rows per parallel chunk: about 32k elements of work.
int64_t rowGrain(int64_t cols) { return std::max<int64_t>(1, 32768 / std::max<int64_t>(1, cols)); }

template <class T> void biasRelu(const View& b, bool hasB, bool relu, const View& out, int64_t N, int64_t O) {
  T* o = out.ptr<T>() + out.offset;
  const T* bp = hasB ? b.ptr<T>() + b.offset : nullptr;
  parallelFor(N, rowGrain(O), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      T* row = o + r * O;
      if (bp) for (int64_t j = 0; j < O; j++) row[j] = row[j] + bp[j];
      if (relu) for (int64_t j = 0; j < O; j++) row[j] = row[j] > T(0) ? row[j] : (row[j] != row[j] ? row[j] : T(0));
    }
  });
}

template <class T> void softmaxRows(const View& x, const View& out, bool logForm) {
  const int64_t C = x.ndim == 0 ? 1 : x.shape[x.ndim - 1];
  const int64_t R = C == 0 ? 0 : x.numel() / C;
  const T* xp = x.ptr<T>() + x.offset;
  T* op = out.ptr<T>() + out.offset;
  parallelFor(R, rowGrain(C), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      const T* xr = xp + r * C;
      T* orow = op + r * C;
      T m = -std::numeric_limits<T>::infinity();
      bool nan = false;
      for (int64_t j = 0; j < C; j++) {
        if (xr[j] != xr[j]) nan = true;
        else if (xr[j] > m) m = xr[j];
      }
      if (nan) m = std::numeric_limits<T>::quiet_NaN();
      T s = 0;
      if (logForm) {
        for (int64_t j = 0; j < C; j++) s += std::exp(xr[j] - m);
        const T ls = std::log(s);
        for (int64_t j = 0; j < C; j++) orow[j] = (xr[j] - m) - ls;
      } else {
        for (int64_t j = 0; j < C; j++) {
          orow[j] = std::exp(xr[j] - m);
          s += orow[j];
        }
        for (int64_t j = 0; j < C; j++) orow[j] = orow[j] / s;
      }
    }
  });
}

// reduction: kReductionNone, kReductionSum, else mean (names.h).
static_assert(kNumLossReduction == 3, "crossEntropyT handles none, mean and sum: a new reduction needs its branch");
template <class T>
void crossEntropyT(const View& x, const View& t, const View* w, int64_t ignore, int reduction, const View& loss,
                   const View& dx) {
  const int64_t N = x.shape[0], C = x.shape[1];
  const T* xp = x.ptr<T>() + x.offset;
  const int64_t* tp = t.ptr<int64_t>() + t.offset;
  const T* wp = w ? w->ptr<T>() + w->offset : nullptr;
  T* dp = dx.ptr<T>() + dx.offset;
  std::vector<T> rowLoss(static_cast<size_t>(N)), rowW(static_cast<size_t>(N));
  for (int64_t i = 0; i < N; i++) {
    const int64_t c = tp[i * t.strides[0]];
    if (c != ignore && (c < 0 || c >= C))
      throw KernelError("[crossEntropy] target label " + std::to_string(c) + " is out of range for " +
                            std::to_string(C) + " classes",
                        true);
  }
  parallelFor(N, rowGrain(C), [&](int64_t r0, int64_t r1) {
    for (int64_t i = r0; i < r1; i++) {
      const T* xr = xp + i * C;
      T* dr = dp + i * C;
      const int64_t c = tp[i * t.strides[0]];
      if (c == ignore) {
        for (int64_t j = 0; j < C; j++) dr[j] = T(0);
        rowLoss[size_t(i)] = T(0);
        rowW[size_t(i)] = T(0);
        continue;
      }
      T m = -std::numeric_limits<T>::infinity();
      for (int64_t j = 0; j < C; j++) m = xr[j] > m || xr[j] != xr[j] ? xr[j] : m;
      T s = 0;
      for (int64_t j = 0; j < C; j++) s += std::exp(xr[j] - m);
      const T lse = m + std::log(s);
      const T wc = wp ? wp[c * w->strides[0]] : T(1);
      // dloss_i/dx_ij = w_c · (softmax_j − [j = c])
      for (int64_t j = 0; j < C; j++) dr[j] = wc * (std::exp(xr[j] - lse) - (j == c ? T(1) : T(0)));
      rowLoss[size_t(i)] = -(wc * (xr[c] - lse));
      rowW[size_t(i)] = wc;
    }
  });
  T* lp = loss.ptr<T>() + loss.offset;
  if (reduction == kReductionNone) {
    for (int64_t i = 0; i < N; i++) lp[i * (loss.ndim ? loss.strides[0] : 0)] = rowLoss[size_t(i)];
    return;
  }
  T total = 0, wsum = 0;
  for (int64_t i = 0; i < N; i++) {
    total += rowLoss[size_t(i)];
    wsum += rowW[size_t(i)];
  }
  if (reduction == kReductionSum) {
    *lp = total;
    return;
  }
  *lp = total / wsum;  // every target ignored: 0/0 = NaN, as the composite; the gradient is 0
  const int64_t n = N * C;
  parallelFor(n, 65536, [&](int64_t a, int64_t b) {
    for (int64_t k = a; k < b; k++) dp[k] = wsum != T(0) ? dp[k] / wsum : T(0);
  });
}

const OptimTables& optimTables() {
  static const OptimTables t = [] {
    OptimTables tt{};
    fillOptimGeneric(tt);
    if (activeIsa() == Isa::Avx512) fillOptimAvx512(tt);
    else if (activeIsa() == Isa::Avx2) fillOptimAvx2(tt);
    return tt;
  }();
  return t;
}

constexpr int64_t kOptimGrain = 16384;

void sgdRun(const View& p, const View& g, const View* buf, const SgdArgs& a) {
  const int64_t n = p.numel();
  const size_t isz = size_t(itemsize(p.dtype));
  char* pp = static_cast<char*>(p.data) + p.offset * isz;
  const char* gp = static_cast<const char*>(g.data) + g.offset * isz;
  char* bp = buf ? static_cast<char*>(buf->data) + buf->offset * isz : nullptr;
  OptimScalars s{};
  s.lr = a.lr, s.momentum = a.momentum, s.dampening = a.dampening, s.weightDecay = a.weightDecay;
  const int k = (a.maximize ? 1 : 0) | (a.weightDecay != 0 ? 2 : 0) | (buf ? 4 : 0) | (buf && a.nesterov ? 8 : 0);
  const SgdInner fn = optimTables().sgd[k][p.dtype];
  parallelFor(n, kOptimGrain, [&](int64_t b, int64_t e) {
    fn(pp + b * isz, gp + b * isz, bp ? bp + b * isz : nullptr, e - b, s);
  });
}

void adamRun(const View& p, const View& g, const View& m, const View& v, const View* vmax, const AdamArgs& a) {
  const int64_t n = p.numel();
  const size_t isz = size_t(itemsize(p.dtype));
  char* pp = static_cast<char*>(p.data) + p.offset * isz;
  const char* gp = static_cast<const char*>(g.data) + g.offset * isz;
  char* mp = static_cast<char*>(m.data) + m.offset * isz;
  char* vp = static_cast<char*>(v.data) + v.offset * isz;
  char* xp = vmax ? static_cast<char*>(vmax->data) + vmax->offset * isz : nullptr;
  // Scalars as the composite computes them: in double (bias corrections come from JS, whose
  // pow can differ from libm's by an ulp), then rounded to T inside the loop.
  OptimScalars s{};
  s.beta1 = a.beta1, s.beta2 = a.beta2, s.negStep = -(a.lr / a.bc1), s.bc2Sqrt = std::sqrt(a.bc2), s.eps = a.eps;
  s.weightDecay = a.weightDecay, s.decay = 1 - a.lr * a.weightDecay;
  const int k = (a.maximize ? 1 : 0) | (!a.decoupled && a.weightDecay != 0 ? 2 : 0) | (a.decoupled ? 4 : 0) |
                (vmax ? 8 : 0);
  const AdamInner fn = optimTables().adam[k][p.dtype];
  parallelFor(n, kOptimGrain, [&](int64_t b, int64_t e) {
    fn(pp + b * isz, gp + b * isz, mp + b * isz, vp + b * isz, xp ? xp + b * isz : nullptr, e - b, s);
  });
}

}  // namespace

bool fusedLinear(const View& x, const View& w, const View* b, bool relu, const View& out) {
  const int dt = x.dtype;
  if ((dt != F32 && dt != F64) || x.ndim != 2 || w.ndim != 2 || out.ndim != 2) return false;
  if (!dense(x, dt) || !dense(w, dt) || !dense(out, dt) || (b && (!dense(*b, dt) || b->ndim != 1))) return false;
  const int64_t N = x.shape[0], K = x.shape[1], O = w.shape[0];
  if (w.shape[1] != K || out.shape[0] != N || out.shape[1] != O || (b && b->shape[0] != O))
    throw KernelError("[linear] shapes do not form [N,K]·[O,K]ᵀ → [N,O]", true);
  x.checkBounds("linear");
  w.checkBounds("linear");
  out.checkBounds("linear");
  if (b) b->checkBounds("linear");
  if (overlaps(out, x) || overlaps(out, w) || (b && overlaps(out, *b))) return false;
  // Batched views [1,N,K]·[1,K,O] with wᵀ read through strides (no copy).
  View a3 = x, b3 = w, o3 = out;
  a3.ndim = b3.ndim = o3.ndim = 3;
  a3.shape[0] = b3.shape[0] = o3.shape[0] = 1;
  a3.strides[0] = b3.strides[0] = o3.strides[0] = 0;
  a3.shape[1] = N, a3.shape[2] = K, a3.strides[1] = K, a3.strides[2] = 1;
  b3.shape[1] = K, b3.shape[2] = O, b3.strides[1] = 1, b3.strides[2] = K;
  o3.shape[1] = N, o3.shape[2] = O, o3.strides[1] = O, o3.strides[2] = 1;
  if (N * O == 0) return true;
  if (!matmulOp(a3, b3, o3)) return false;
  if (b || relu) {
    if (dt == F32) biasRelu<float>(b ? *b : out, b != nullptr, relu, out, N, O);
    else biasRelu<double>(b ? *b : out, b != nullptr, relu, out, N, O);
  }
  return true;
}

bool fusedSoftmax(const View& x, const View& out, bool logForm) {
  const int dt = x.dtype;
  if ((dt != F32 && dt != F64) || !dense(x, dt) || !dense(out, dt) || x.ndim != out.ndim || x.ndim < 1) return false;
  for (int d = 0; d < x.ndim; d++)
    if (x.shape[d] != out.shape[d]) throw KernelError("[softmax] output shape differs from the input's", true);
  x.checkBounds("softmax");
  out.checkBounds("softmax");
  if (overlaps(out, x)) return false;
  if (dt == F32) softmaxRows<float>(x, out, logForm);
  else softmaxRows<double>(x, out, logForm);
  return true;
}

bool fusedCrossEntropy(const View& x, const View& t, const View* w, int64_t ignore, int reduction, const View& loss,
                       const View& dx) {
  const int dt = x.dtype;
  if ((dt != F32 && dt != F64) || x.ndim != 2 || !dense(x, dt) || !dense(dx, dt) || t.dtype != I64 || t.ndim != 1 ||
      loss.dtype != dt || (w && (w->dtype != dt || w->ndim != 1)))
    return false;
  if (t.shape[0] != x.shape[0] || dx.ndim != 2 || dx.shape[0] != x.shape[0] || dx.shape[1] != x.shape[1] ||
      (w && w->shape[0] != x.shape[1]) || (reduction == kReductionNone ? loss.ndim != 1 || loss.shape[0] != x.shape[0] : loss.ndim != 0))
    throw KernelError("[crossEntropy] shapes do not form logits [N,C], targets [N]", true);
  x.checkBounds("crossEntropy");
  t.checkBounds("crossEntropy");
  loss.checkBounds("crossEntropy");
  dx.checkBounds("crossEntropy");
  if (w) w->checkBounds("crossEntropy");
  if (dt == F32) crossEntropyT<float>(x, t, w, ignore, reduction, loss, dx);
  else crossEntropyT<double>(x, t, w, ignore, reduction, loss, dx);
  return true;
}

bool fusedSgd(const View& p, const View& g, const View* buf, const SgdArgs& a) {
  const int dt = p.dtype;
  if ((dt != F32 && dt != F64) || !dense(p, dt) || !dense(g, dt) || (buf && !dense(*buf, dt))) return false;
  const int64_t n = p.numel();
  if (g.numel() != n || (buf && buf->numel() != n)) return false;
  p.checkBounds("sgd");
  g.checkBounds("sgd");
  if (buf) buf->checkBounds("sgd");
  sgdRun(p, g, buf, a);
  return true;
}

bool fusedAdam(const View& p, const View& g, const View& m, const View& v, const View* vmax, const AdamArgs& a) {
  const int dt = p.dtype;
  if ((dt != F32 && dt != F64) || !dense(p, dt) || !dense(g, dt) || !dense(m, dt) || !dense(v, dt) ||
      (vmax && !dense(*vmax, dt)))
    return false;
  const int64_t n = p.numel();
  if (g.numel() != n || m.numel() != n || v.numel() != n || (vmax && vmax->numel() != n)) return false;
  p.checkBounds("adam");
  g.checkBounds("adam");
  m.checkBounds("adam");
  v.checkBounds("adam");
  if (vmax) vmax->checkBounds("adam");
  adamRun(p, g, m, v, vmax, a);
  return true;
}

bool fusedReluBackward(const View& y, const View& g, const View& out) {
  const int dt = y.dtype;
  if ((dt != F32 && dt != F64) || !dense(y, dt) || !dense(g, dt) || !dense(out, dt)) return false;
  if (y.numel() != g.numel() || y.numel() != out.numel())
    throw KernelError("[reluBackward] output, gradient and result must have the same number of elements", true);
  y.checkBounds("reluBackward");
  g.checkBounds("reluBackward");
  out.checkBounds("reluBackward");
  if (overlaps(out, y)) return false;  // out may alias g (same element, read first) but not y
  auto run = [&](auto zero) {
    using T = decltype(zero);
    const T* yp = y.ptr<T>() + y.offset;
    const T* gp = g.ptr<T>() + g.offset;
    T* op = out.ptr<T>() + out.offset;
    // g where the output is not ≤ 0 (NaN passes g through, as PyTorch's threshold_backward),
    // else +0: a select the compiler vectorizes (a bit-mask version through memcpy did not: a
    // CNN step's relu backward took 2.0 ms on 1 thread that way, 0.5 ms as a select).
    // Written into g itself (the engine's donated gradient) it is its own loop: the compiler's
    // overlap check would send op == gp to the scalar version.
    parallelFor(y.numel(), 32768, [&](int64_t i0, int64_t i1) {
      if (op == gp) {
        for (int64_t i = i0; i < i1; i++) op[i] = yp[i] <= zero ? zero : op[i];
      } else {
        for (int64_t i = i0; i < i1; i++) op[i] = yp[i] <= zero ? zero : gp[i];
      }
    });
  };
  if (dt == F32) run(0.0f);
  else run(0.0);
  return true;
}

}  // namespace ant
