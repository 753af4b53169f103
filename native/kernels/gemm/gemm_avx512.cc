// AVX-512 GEMM micro-kernels: float32 12×32, float64 12×16 register tiles (24 accumulators of 32
// registers). KC keeps one B micro-panel (KC×NR) within L1; MC×KC of A stays in L2.
#include "gemm.h"
#include "simd.h"

#if ANT_X86
#include <immintrin.h>

namespace ant {
ANT_BEGIN_AVX512
namespace gemm_avx512 {
struct VF {
  using T = float;
  using R = __m512;
  static constexpr int W = 16;
  static R zero() { return _mm512_setzero_ps(); }
  static R load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, R v) { _mm512_storeu_ps(p, v); }
  static R bcast(float x) { return _mm512_set1_ps(x); }
  static R fma(R a, R b, R c) { return _mm512_fmadd_ps(a, b, c); }
  static R add(R a, R b) { return _mm512_add_ps(a, b); }
  // Lanes i + 8, then i + 4, i + 2, i + 1: the one order every ISA uses (see gemm_body.inc).
  static float sum(R v) {
    const __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    return _mm_cvtss_f32(_mm_add_ss(x, _mm_shuffle_ps(x, x, 1)));
  }
};
struct VD {
  using T = double;
  using R = __m512d;
  static constexpr int W = 8;
  static R zero() { return _mm512_setzero_pd(); }
  static R load(const double* p) { return _mm512_loadu_pd(p); }
  static void store(double* p, R v) { _mm512_storeu_pd(p, v); }
  static R bcast(double x) { return _mm512_set1_pd(x); }
  static R fma(R a, R b, R c) { return _mm512_fmadd_pd(a, b, c); }
  static R add(R a, R b) { return _mm512_add_pd(a, b); }
  static double sum(R v) {
    const __m256d h = _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd(v, 1));
    const __m128d x = _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
    return _mm_cvtsd_f64(_mm_add_sd(x, _mm_unpackhi_pd(x, x)));
  }
};
#include "gemm_body.inc"
}  // namespace gemm_avx512
void gemmF32Avx512Impl(const GemmArgs<float>& g) { gemm_avx512::gemmBlocked<gemm_avx512::VF, 12, 2, 256, 240, 2048, 4, 6>(g); }
void gemmF64Avx512Impl(const GemmArgs<double>& g) { gemm_avx512::gemmBlocked<gemm_avx512::VD, 12, 2, 256, 144, 1024, 4, 6>(g); }
ANT_END_ISA
void gemmF32Avx512(const GemmArgs<float>& g) { gemmF32Avx512Impl(g); }
void gemmF64Avx512(const GemmArgs<double>& g) { gemmF64Avx512Impl(g); }
}  // namespace ant
#endif
