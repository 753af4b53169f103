// matmul entry: batched [B,M,K]·[B,K,N] for float32/float64, dispatched to the ISA's GEMM.
// The portable path uses the same packed driver with a scalar 4×4 micro-kernel.
#include "gemm.h"

#include "cpu.h"
#include "elementwise.h"
#include "simd.h"

namespace ant {

namespace gemm_portable {
template <class TT> struct VS {
  using T = TT;
  using R = TT;
  static constexpr int W = 1;
  static R zero() { return R(0); }
  static R load(const T* p) { return *p; }
  static void store(T* p, R v) { *p = v; }
  static R bcast(T x) { return x; }
  static R fma(R a, R b, R c) { return a * b + c; }  // -ffp-contract=off: multiply, then add
  static R add(R a, R b) { return a + b; }
  static T sum(R v) { return v; }
};
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
    gemm_portable::gemmBlocked<gemm_portable::VS<float>, 4, 4, 256, 64, 2048, 2, 2>(g);
  } else {
#if ANT_X86
    if (isa == Isa::Avx512) return gemmF64Avx512(g);
    if (isa == Isa::Avx2) return gemmF64Avx2(g);
#endif
    gemm_portable::gemmBlocked<gemm_portable::VS<double>, 4, 4, 256, 64, 2048, 2, 2>(g);
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
