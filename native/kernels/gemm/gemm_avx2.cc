// AVX2+FMA GEMM micro-kernels: float32 6×16, float64 6×8 register tiles.
#include "gemm.h"
#include "simd.h"

#if ANT_X86
#include <immintrin.h>

namespace ant {
ANT_BEGIN_AVX2
namespace gemm_avx2 {
struct VF {
  using T = float;
  using R = __m256;
  static constexpr int W = 8;
  static R zero() { return _mm256_setzero_ps(); }
  static R load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, R v) { _mm256_storeu_ps(p, v); }
  static R bcast(float x) { return _mm256_set1_ps(x); }
  static R fma(R a, R b, R c) { return _mm256_fmadd_ps(a, b, c); }
  static R add(R a, R b) { return _mm256_add_ps(a, b); }
};
struct VD {
  using T = double;
  using R = __m256d;
  static constexpr int W = 4;
  static R zero() { return _mm256_setzero_pd(); }
  static R load(const double* p) { return _mm256_loadu_pd(p); }
  static void store(double* p, R v) { _mm256_storeu_pd(p, v); }
  static R bcast(double x) { return _mm256_set1_pd(x); }
  static R fma(R a, R b, R c) { return _mm256_fmadd_pd(a, b, c); }
  static R add(R a, R b) { return _mm256_add_pd(a, b); }
};
#include "gemm_body.inc"
}  // namespace gemm_avx2
void gemmF32Avx2Impl(const GemmArgs<float>& g) { gemm_avx2::gemmBlocked<gemm_avx2::VF, 6, 2, 256, 72, 4096, 3, 4>(g); }
void gemmF64Avx2Impl(const GemmArgs<double>& g) { gemm_avx2::gemmBlocked<gemm_avx2::VD, 6, 2, 256, 72, 2048, 3, 4>(g); }
ANT_END_ISA
void gemmF32Avx2(const GemmArgs<float>& g) { gemmF32Avx2Impl(g); }
void gemmF64Avx2(const GemmArgs<double>& g) { gemmF64Avx2Impl(g); }
}  // namespace ant
#endif
