// float32/float64 elementwise inner loops compiled for avx512 (selected at load by cpu.h).
#include "ops.h"
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif
#include "simd.h"

namespace ant {
#if ANT_X86
ANT_BEGIN_AVX512
namespace ew_avx512 {
#include "ew_inner.inc"
#include "optim_inner.inc"
}  // namespace ew_avx512
void fillTablesAvx512Impl(EwTables& t) {
  ew_avx512::fillDType<float>(t, F32);
  ew_avx512::fillDType<double>(t, F64);
}
void fillOptimAvx512Impl(OptimTables& t) {
  ew_avx512::fillOptim<float>(t, F32);
  ew_avx512::fillOptim<double>(t, F64);
}
ANT_END_ISA
void fillTablesAvx512(EwTables& t) { fillTablesAvx512Impl(t); }
void fillOptimAvx512(OptimTables& t) { fillOptimAvx512Impl(t); }
#else
void fillTablesAvx512(EwTables&) {}
void fillOptimAvx512(OptimTables&) {}
#endif
}  // namespace ant
