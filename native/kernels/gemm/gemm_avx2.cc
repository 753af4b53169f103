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
  // Lanes i + 4, then i + 2, then i + 1: the one order every ISA uses (see gemm_body.inc).
  static float sum(R v) {
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    return _mm_cvtss_f32(_mm_add_ss(x, _mm_shuffle_ps(x, x, 1)));
  }
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
  static double sum(R v) {
    const __m128d x = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(x, _mm_unpackhi_pd(x, x)));
  }
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
