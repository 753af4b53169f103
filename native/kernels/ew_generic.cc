// Portable elementwise inner loops for every dtype.
#include "ops.h"
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace ant {
namespace ew_generic {
#include "ew_inner.inc"
#include "optim_inner.inc"
}  // namespace ew_generic

void fillOptimGeneric(OptimTables& t) {
  ew_generic::fillOptim<float>(t, F32);
  ew_generic::fillOptim<double>(t, F64);
}

void fillTablesGeneric(EwTables& t) {
  using namespace ew_generic;
  fillDType<bool_t>(t, BOOL);
  fillDType<uint8_t>(t, U8);
  fillDType<int8_t>(t, I8);
  fillDType<int16_t>(t, I16);
  fillDType<int32_t>(t, I32);
  fillDType<int64_t>(t, I64);
  fillDType<half_t>(t, F16);
  fillDType<bf16_t>(t, BF16);
  fillDType<float>(t, F32);
  fillDType<double>(t, F64);
}

// Inverse error function: rational first guess, refined by Newton steps on erf (as scalar.ts).
double erfinvD(double y) {
  if (std::isnan(y) || y < -1 || y > 1) return std::numeric_limits<double>::quiet_NaN();
  if (y == 1) return INFINITY;
  if (y == -1) return -INFINITY;
  if (y == 0) return y;
  double w = -std::log((1 - y) * (1 + y)), x;
  if (w < 5) {
    double t = w - 2.5, p = 2.81022636e-8;
    for (double c : {3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164,
                     0.246640727, 1.50140941})
      p = c + p * t;
    x = p * y;
  } else {
    double t = std::sqrt(w) - 3, p = -0.000200214257;
    for (double c : {0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047,
                     1.00167406, 2.83297682})
      p = c + p * t;
    x = p * y;
  }
  for (int i = 0; i < 3; i++) {
    double err = std::erf(x) - y;
    x -= err / (1.1283791670955126 * std::exp(-x * x));
  }
  return x;
}

}  // namespace ant
