// matmul entry: batched [B,M,K]·[B,K,N] for float32/float64, dispatched to the ISA's GEMM.
// The portable path runs the same packed driver on plain arrays of lanes shaped like AVX2's
// registers (see VS below), so that float32 results are bit-identical to the AVX2 path.
#include "gemm.h"

#include <cmath>
#include <cstring>
#include <type_traits>

#include "cpu.h"
#include "elementwise.h"
#include "simd.h"

namespace ant {

namespace gemm_portable {

// a·b + c rounded once, as the vector ISAs' FMA instructions. Separate multiply and add round
// twice: the portable path then drifted from AVX2/AVX-512 in training (MLP, 200 Adam steps:
// weights up to 8e-5 apart where AVX2 and AVX-512 agree bit for bit). Without hardware FMA the
// float32 product is exact in double; the double sum is rounded to odd (an inexact sum with an
// even last bit moves one ulp toward the exact value, the error coming from Knuth's TwoSum),
// and rounding that to float gives the correctly rounded a·b + c (Boldo–Melquiond: 53 ≥ 24 + 2
// bits). Checked against the hardware instruction on 2·10^8 operand triples (random bits incl.
// NaN, ±Inf and subnormals, and cancelling sums): all identical. The price is on this path only:
// float32 GEMM 5–14 → 1.1–1.3 GFLOP/s on 1 SSE2 thread (an MLP 784-128-10 step, batch 32: 2.7 →
// 11.9 ms CPU). float64 has no wider type to do the same cheaply (a software fma costs ~20x a
// multiply-add): without hardware FMA it rounds twice, about 1e-16 relative per step.
#if defined(__GNUC__)
// GCC/clang vector extensions, 16 bytes (the baseline's register width: SSE2 on x86-64, NEON
// on arm64), so the emulation runs two doubles at a time, not one.
template <class T> struct Vec16 {
  typedef T type __attribute__((vector_size(16)));
};
using F4 = Vec16<float>::type;
using D2 = Vec16<double>::type;
typedef double D4 __attribute__((vector_size(32)));
typedef uint64_t U4 __attribute__((vector_size(32)));

inline F4 fusedMulAddLanes(F4 a, F4 b, F4 c) {
#if defined(__FP_FAST_FMAF)
  for (int l = 0; l < 4; l++) a[l] = std::fma(a[l], b[l], c[l]);
  return a;
#else
  const D4 p = __builtin_convertvector(a, D4) * __builtin_convertvector(b, D4), cd = __builtin_convertvector(c, D4);
  const D4 s = p + cd;
  const D4 bb = s - p, e = (p - (s - bb)) + (cd - bb);  // s + e = p + c exactly (NaN if not finite)
  // Integer masks only (same-size vector casts copy the bits): GCC compares 32-byte double
  // vectors one lane at a time on SSE2. inexact: 0 < |e| < Inf (then s ≠ 0: a sum that rounds
  // to 0 is exact); fire: inexact with an even last bit; away: e points toward 0.
  U4 bits = (U4)s;
  const U4 ue = (U4)e, mag = ue & 0x7FFFFFFFFFFFFFFFull;
  const U4 inexact = ((mag + 0x7FFFFFFFFFFFFFFFull) >> 63) & ~((mag + 0x0010000000000000ull) >> 63);
  const U4 fire = inexact & ~bits & 1;
  const U4 away = (ue ^ bits) >> 63;
  bits += fire - ((fire & away) << 1);  // one ulp up in magnitude, or down when away
  return __builtin_convertvector((D4)bits, F4);
#endif
}
inline D2 fusedMulAddLanes(D2 a, D2 b, D2 c) {
#if defined(__FP_FAST_FMA)
  for (int l = 0; l < 2; l++) a[l] = std::fma(a[l], b[l], c[l]);
  return a;
#else
  return a * b + c;  // -ffp-contract=off: multiply, then add
#endif
}

// W lanes, W as AVX2's registers (8 float32, 4 float64), in 16-byte pieces: the dot-product
// path then takes the same k steps and sums the lanes in the same order (i + W/2, …, i + 1),
// and the packed path makes one fused multiply-add per k, as on AVX2 and AVX-512: float32
// results are the AVX2 path's bit for bit.
template <class TT, int WW> struct VS {
  using T = TT;
  using P = typename Vec16<T>::type;
  static constexpr int W = WW, L = int(16 / sizeof(T)), NP = WW / L;
  struct R {
    P h[NP];
  };
  static R zero() { return R{}; }
  static R load(const T* p) {
    R r;
    std::memcpy(r.h, p, sizeof(R));
    return r;
  }
  static void store(T* p, const R& v) { std::memcpy(p, v.h, sizeof(R)); }
  static R bcast(T x) {
    R r;
    for (int i = 0; i < NP; i++) r.h[i] = P{} + x;
    return r;
  }
  static R fma(const R& a, const R& b, const R& c) {
    R r;
    for (int i = 0; i < NP; i++) r.h[i] = fusedMulAddLanes(a.h[i], b.h[i], c.h[i]);
    return r;
  }
  static R add(const R& a, const R& b) {
    R r;
    for (int i = 0; i < NP; i++) r.h[i] = a.h[i] + b.h[i];
    return r;
  }
  static T sum(const R& v) {
    T x[W];
    std::memcpy(x, v.h, sizeof(R));
    for (int h = W / 2; h >= 1; h /= 2)
      for (int l = 0; l < h; l++) x[l] = x[l] + x[l + h];
    return x[0];
  }
};
#else
inline float fusedMulAdd(float a, float b, float c) {
  const double p = double(a) * double(b), cd = double(c);
  double s = p + cd;
  const double bb = s - p, e = (p - (s - bb)) + (cd - bb);
  uint64_t bits;
  std::memcpy(&bits, &s, 8);
  const bool inexact = e > 0 || e < 0;
  bits += inexact && (bits & 1) == 0 ? ((e > 0) == (s > 0) ? uint64_t(1) : ~uint64_t(0)) : uint64_t(0);
  std::memcpy(&s, &bits, 8);
  return float(s);
}
inline double fusedMulAdd(double a, double b, double c) { return a * b + c; }

// The same lanes as a plain array for compilers without vector extensions.
template <class TT, int WW> struct VS {
  using T = TT;
  struct R {
    T v[WW];
  };
  static constexpr int W = WW;
  static R zero() { return R{}; }
  static R load(const T* p) {
    R r;
    std::memcpy(r.v, p, sizeof(R));
    return r;
  }
  static void store(T* p, const R& v) { std::memcpy(p, v.v, sizeof(R)); }
  static R bcast(T x) {
    R r;
    for (int l = 0; l < W; l++) r.v[l] = x;
    return r;
  }
  static R fma(const R& a, const R& b, const R& c) {
    R r;
    for (int l = 0; l < W; l++) r.v[l] = fusedMulAdd(a.v[l], b.v[l], c.v[l]);
    return r;
  }
  static R add(const R& a, const R& b) {
    R r;
    for (int l = 0; l < W; l++) r.v[l] = a.v[l] + b.v[l];
    return r;
  }
  static T sum(R v) {
    for (int h = W / 2; h >= 1; h /= 2)
      for (int l = 0; l < h; l++) v.v[l] = v.v[l] + v.v[l + h];
    return v.v[0];
  }
};
#endif
#include "gemm_body.inc"
}  // namespace gemm_portable

namespace {
template <class T> void gemm(const GemmArgs<T>& g) {
  const Isa isa = activeIsa();
  if constexpr (std::is_same<T, float>::value) {
#if ANT_X86
    if (isa == Isa::Avx512) return gemmF32Avx512(g);
    if (isa == Isa::Avx2) return gemmF32Avx2(g);
#endif
    gemm_portable::gemmBlocked<gemm_portable::VS<float, 8>, 4, 1, 256, 64, 2048, 2, 2>(g);
  } else {
#if ANT_X86
    if (isa == Isa::Avx512) return gemmF64Avx512(g);
    if (isa == Isa::Avx2) return gemmF64Avx2(g);
#endif
    gemm_portable::gemmBlocked<gemm_portable::VS<double, 4>, 4, 1, 256, 64, 2048, 2, 2>(g);
  }
  (void)isa;
}

template <class T> void batched(const View& a, const View& b, const View& out) {
  const int64_t B = a.shape[0];
  for (int64_t bt = 0; bt < B; bt++) {
    GemmArgs<T> g{a.shape[1], b.shape[2], a.shape[2],
                  a.ptr<T>() + a.offset + bt * a.strides[0], a.strides[1], a.strides[2],
                  b.ptr<T>() + b.offset + bt * b.strides[0], b.strides[1], b.strides[2],
                  out.ptr<T>() + out.offset + bt * out.strides[0], out.strides[1], out.strides[2]};
    gemm<T>(g);
  }
}
}  // namespace

void gemmF32(const GemmArgs<float>& g) { gemm<float>(g); }
void gemmF64(const GemmArgs<double>& g) { gemm<double>(g); }

bool matmulOp(const View& a, const View& b, const View& out) {
  if (a.dtype != b.dtype || a.dtype != out.dtype || (a.dtype != F32 && a.dtype != F64)) return false;
  if (a.ndim != 3 || b.ndim != 3 || out.ndim != 3 || a.shape[0] != b.shape[0] || a.shape[0] != out.shape[0] ||
      a.shape[2] != b.shape[1] || out.shape[1] != a.shape[1] || out.shape[2] != b.shape[2])
    throw KernelError("[matmul] shapes do not form [B,M,K]·[B,K,N] → [B,M,N]", true);
  a.checkBounds("matmul");
  b.checkBounds("matmul");
  out.checkBounds("matmul");
  if (overlaps(out, a) || overlaps(out, b)) return false;  // the reference handles aliasing
  if (a.dtype == F32) batched<float>(a, b, out);
  else batched<double>(a, b, out);
  return true;
}

}  // namespace ant
