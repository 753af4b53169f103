// float32/float64 elementwise inner loops compiled for avx2 (selected at load by cpu.h).
#include "ops.h"
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif
#include "simd.h"

namespace ant {
#if ANT_X86
ANT_BEGIN_AVX2
namespace ew_avx2 {
#include "ew_inner.inc"
#include "optim_inner.inc"
}  // namespace ew_avx2
void fillTablesAvx2Impl(EwTables& t) {
  ew_avx2::fillDType<float>(t, F32);
  ew_avx2::fillDType<double>(t, F64);
}
void fillOptimAvx2Impl(OptimTables& t) {
  ew_avx2::fillOptim<float>(t, F32);
  ew_avx2::fillOptim<double>(t, F64);
}
ANT_END_ISA
void fillTablesAvx2(EwTables& t) { fillTablesAvx2Impl(t); }
void fillOptimAvx2(OptimTables& t) { fillOptimAvx2Impl(t); }
#else
void fillTablesAvx2(EwTables&) {}
void fillOptimAvx2(OptimTables&) {}
#endif
}  // namespace ant
