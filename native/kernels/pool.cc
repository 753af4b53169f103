// 2-D max pooling fast path: values and flat argmax indices (into each H·W plane, PyTorch's
// convention) in one pass over contiguous NCHW float32/float64. Window order and the NaN rule
// are PyTorch's CPU kernel's: a later element wins when it is greater or NaN, so the first of
// equal maxima is kept and a NaN propagates.
#include "pool.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <type_traits>
#include <limits>

#include "parallel.h"

namespace ant {

namespace {

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
  parallelFor(N * C, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, OH * OW * KH * KW)), [&](int64_t c0, int64_t c1) {
    for (int64_t nc = c0; nc < c1; nc++) {
      const T* plane = xp + nc * H * W;
      T* o = op + nc * OH * OW;
      int64_t* ix = ip + nc * OH * OW;
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
              // A later element wins when greater or NaN. Bit masks, not ?: or if: which element
              // of a window wins is a coin toss, and a branch here mispredicts about once per
              // window (4x slower on random data).
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
