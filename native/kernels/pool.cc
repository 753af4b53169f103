// 2-D max pooling fast path: values and flat argmax indices (into each H·W plane, PyTorch's
// convention) in one pass over contiguous NCHW float32/float64. Window order and the NaN rule
// are PyTorch's CPU kernel's: a later element wins when it is greater or NaN, so the first of
// equal maxima is kept and a NaN propagates.
#include "pool.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <type_traits>

#include "parallel.h"

namespace ant {

namespace {

// 16-byte vectors of T and of the same-width integers (GCC vector extensions).
template <class T> struct Vec16;
template <> struct Vec16<float> {
  typedef float V __attribute__((vector_size(16)));
  typedef int32_t I __attribute__((vector_size(16)));
  typedef int32_t E;
};
template <> struct Vec16<double> {
  typedef double V __attribute__((vector_size(16)));
  typedef int64_t I __attribute__((vector_size(16)));
  typedef int64_t E;
};

template <class T>
void maxPoolT(const View& x, const View& out, const View& idx, const int64_t* p) {
  const int64_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3];
  const int64_t OH = out.shape[2], OW = out.shape[3];
  const int64_t KH = p[0], KW = p[1], SH = p[2], SW = p[3], PH = p[4], PW = p[5], DH = p[6], DW = p[7];
  using U = typename std::conditional<sizeof(T) == 4, int32_t, int64_t>::type;
  const T* xp = x.ptr<T>() + x.offset;
  T* op = out.ptr<T>() + out.offset;
  int64_t* ip = idx.ptr<int64_t>() + idx.offset;
  const T negInf = -std::numeric_limits<T>::infinity();
  U minusInf;
  std::memcpy(&minusInf, &negInf, sizeof(T));
#if defined(__GNUC__) && !defined(__clang__)
  using VT = typename Vec16<T>::V;
  using VI = typename Vec16<T>::I;
  using EI = typename Vec16<T>::E;  // lane positions are < 3·W, so W < 2^29 keeps them in int32
  constexpr int L = 16 / sizeof(T);
  // even / odd lanes of two concatenated vectors; kCols = 2·lane (a true mask is -1, so
  // kCols - mask adds 1 where the odd column won)
  VI kEven, kOdd, kCols;
  for (int l = 0; l < L; l++) {
    kEven[l] = 2 * l;
    kOdd[l] = 2 * l + 1;
    kCols[l] = 2 * l;
  }
#endif
  // The usual MaxPool2d(2): 2×2 windows, stride 2, no padding or dilation.
  const bool pairs = KH == 2 && KW == 2 && SH == 2 && SW == 2 && PH == 0 && PW == 0 && DH == 1 && DW == 1 &&
                     2 * OH <= H && 2 * OW <= W && W < (int64_t(1) << 29);  // ceil mode can leave a last window partly outside
  parallelFor(N * C, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, OH * OW * KH * KW)), [&](int64_t c0, int64_t c1) {
    for (int64_t nc = c0; nc < c1; nc++) {
      const T* plane = xp + nc * H * W;
      T* o = op + nc * OH * OW;
      int64_t* ix = ip + nc * OH * OW;
      if (pairs) {
        // A tournament gives the scan's answer (the last NaN if any, else the first maximum):
        // each half's winner by the scan rule, then the second half's wins when it is NaN or
        // strictly greater. Independent outputs, short dependency chains.
        for (int64_t oh = 0; oh < OH; oh++) {
          const T* r0 = plane + 2 * oh * W;
          const T* r1 = r0 + W;
          const int64_t p0 = 2 * oh * W;
          int64_t ow = 0;
#if defined(__GNUC__) && !defined(__clang__)
          // L outputs per step in 16-byte vectors (SSE2 everywhere): a scalar select here
          // compiles to branches, which mispredict on every other window of real data. (GCC's
          // vector extensions; other compilers take the scalar loop below.)
          for (; ow + L <= OW && 2 * ow + 2 * L <= W; ow += L) {
            VT e0, e1, f0, f1;
            std::memcpy(&e0, r0 + 2 * ow, 16);
            std::memcpy(&e1, r0 + 2 * ow + L, 16);
            std::memcpy(&f0, r1 + 2 * ow, 16);
            std::memcpy(&f1, r1 + 2 * ow + L, 16);
            const VT a = __builtin_shuffle(e0, e1, kEven), b = __builtin_shuffle(e0, e1, kOdd);
            const VT c = __builtin_shuffle(f0, f1, kEven), d = __builtin_shuffle(f0, f1, kOdd);
            const VI tb = (b > a) | (b != b), td = (d > c) | (d != d);
            const VT m1 = tb ? b : a, m2 = td ? d : c;
            const VI t2 = (m2 > m1) | (m2 != m2);
            const VT m = t2 ? m2 : m1;
            // positions within the plane: column 2·ow (+1 when the odd column won), + W for row 1
            const VI i1 = kCols - tb, i2 = kCols - td + EI(W);
            const VI at = (t2 ? i2 : i1) + EI(2 * ow);
            std::memcpy(o + oh * OW + ow, &m, 16);
            for (int l = 0; l < L; l++) ix[oh * OW + ow + l] = p0 + int64_t(at[l]);
          }
#endif
          for (; ow < OW; ow++) {
            const T a = r0[2 * ow], b = r0[2 * ow + 1], c = r1[2 * ow], d = r1[2 * ow + 1];
            const bool tb = (b > a) | (b != b), td = (d > c) | (d != d);
            const T m1 = tb ? b : a, m2 = td ? d : c;
            const int64_t i1 = p0 + 2 * ow + int64_t(tb), i2 = p0 + W + 2 * ow + int64_t(td);
            const bool t2 = (m2 > m1) | (m2 != m2);
            o[oh * OW + ow] = t2 ? m2 : m1;
            ix[oh * OW + ow] = t2 ? i2 : i1;
          }
        }
        continue;
      }
      for (int64_t oh = 0; oh < OH; oh++) {
        int64_t h0 = oh * SH - PH;
        const int64_t h1 = std::min<int64_t>(h0 + (KH - 1) * DH + 1, H);
        while (h0 < 0) h0 += DH;
        for (int64_t ow = 0; ow < OW; ow++) {
          int64_t w0 = ow * SW - PW;
          const int64_t w1 = std::min<int64_t>(w0 + (KW - 1) * DW + 1, W);
          while (w0 < 0) w0 += DW;
          U best = minusInf;
          int64_t at = h0 * W + w0;
          for (int64_t h = h0; h < h1; h += DH)
            for (int64_t w = w0; w < w1; w += DW) {
              // A later element wins when greater or NaN. Bit masks, not ?: or if (which GCC
              // turns into branches): which element of a window wins is a coin toss on real data.
              const T v = plane[h * W + w];
              T b;
              std::memcpy(&b, &best, sizeof(T));
              const U take = U(0) - (U(v > b) | U(v != v));
              U vb;
              std::memcpy(&vb, &v, sizeof(T));
              best = (best & ~take) | (vb & take);
              const int64_t m = int64_t(take);  // 0 or -1 (U is signed, so -1 widens to all ones)
              at = (at & ~m) | ((h * W + w) & m);
            }
          std::memcpy(o + oh * OW + ow, &best, sizeof(T));
          ix[oh * OW + ow] = at;
        }
      }
    }
  });
}

}  // namespace

bool fusedMaxPool2d(const View& x, const View& out, const View& idx, const int64_t* p) {
  const int dt = x.dtype;
  if ((dt != F32 && dt != F64) || x.ndim != 4 || out.ndim != 4 || idx.ndim != 4 || !x.contiguous() ||
      !out.contiguous() || !idx.contiguous() || out.dtype != dt || idx.dtype != I64)
    return false;
  for (int d = 0; d < 2; d++)
    if (out.shape[d] != x.shape[d] || idx.shape[d] != x.shape[d])
      throw KernelError("[maxPool2d] output must be [N, C, OH, OW] for input [N, C, H, W]", true);
  if (idx.shape[2] != out.shape[2] || idx.shape[3] != out.shape[3])
    throw KernelError("[maxPool2d] indices must have the output's shape", true);
  for (int i = 0; i < 8; i++)
    if ((i < 4 || i >= 6) ? p[i] < 1 : p[i] < 0) throw KernelError("[maxPool2d] invalid kernel/stride/padding/dilation", true);
  // every window must hold at least one input element (the caller's output size guarantees it)
  if (out.shape[2] > 0 && (out.shape[2] - 1) * p[2] - p[4] >= x.shape[2]) throw KernelError("[maxPool2d] output too tall", true);
  if (out.shape[3] > 0 && (out.shape[3] - 1) * p[3] - p[5] >= x.shape[3]) throw KernelError("[maxPool2d] output too wide", true);
  x.checkBounds("maxPool2d");
  out.checkBounds("maxPool2d");
  idx.checkBounds("maxPool2d");
  if (dt == F32) maxPoolT<float>(x, out, idx, p);
  else maxPoolT<double>(x, out, idx, p);
  return true;
}

bool fusedMaxPool2dBackward(const View& go, const View& idx, const View& gx) {
  const int dt = go.dtype;
  if ((dt != F32 && dt != F64) || go.ndim != 4 || idx.ndim != 4 || gx.ndim != 4 || !go.contiguous() ||
      !idx.contiguous() || !gx.contiguous() || gx.dtype != dt || idx.dtype != I64)
    return false;
  for (int d = 0; d < 4; d++)
    if (idx.shape[d] != go.shape[d] || (d < 2 && gx.shape[d] != go.shape[d]))
      throw KernelError("[maxPool2dBackward] gradient [N, C, OH, OW], indices and input gradient [N, C, H, W] disagree", true);
  go.checkBounds("maxPool2dBackward");
  idx.checkBounds("maxPool2dBackward");
  gx.checkBounds("maxPool2dBackward");
  if (overlaps(gx, go) || overlaps(gx, idx)) return false;
  const int64_t planes = go.shape[0] * go.shape[1], L = go.shape[2] * go.shape[3], HW = gx.shape[2] * gx.shape[3];
  const int64_t* ip = idx.ptr<int64_t>() + idx.offset;
  std::atomic<bool> bad{false};
  auto run = [&](auto zero) {
    using T = decltype(zero);
    const T* gp = go.ptr<T>() + go.offset;
    T* xp = gx.ptr<T>() + gx.offset;
    // Planes are independent and each is summed in output order, so any split gives the same bits.
    parallelFor(planes, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, HW + L)), [&](int64_t p0, int64_t p1) {
      for (int64_t p = p0; p < p1; p++) {
        T* dst = xp + p * HW;
        std::fill(dst, dst + HW, zero);
        const T* src = gp + p * L;
        const int64_t* at = ip + p * L;
        for (int64_t i = 0; i < L; i++) {
          const int64_t k = at[i];
          if (k < 0 || k >= HW) {
            bad.store(true, std::memory_order_relaxed);
            return;
          }
          dst[k] += src[i];
        }
      }
    });
  };
  if (dt == F32) run(0.0f);
  else run(0.0);
  if (bad.load()) throw KernelError("[maxPool2dBackward] an index lies outside its H·W plane", true);
  return true;
}

}  // namespace ant
