// Scalar semantics of every elementwise primitive: one functor per op, the same rules as
// src/backend/reference/scalar.ts (NaN handling, round-half-even, Python-style modulo).
// Compute types: float for float32, double for float64 and the 16-bit floats (as the
// reference), int64 (wrapping) for integers and bool. Integer division by zero is rejected
// before any kernel runs (see elementwise.cc), so functors never throw. pow follows C
// (1^y = 1, (-1)^±inf = 1), as the reference does.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "names.h"
#include "view.h"

namespace ant {

template <class S> struct ComputeOf { using type = int64_t; };
template <> struct ComputeOf<float> { using type = float; };
template <> struct ComputeOf<double> { using type = double; };
template <> struct ComputeOf<half_t> { using type = double; };
template <> struct ComputeOf<bf16_t> { using type = double; };

template <class S> inline typename ComputeOf<S>::type get(const S& s) {
  if constexpr (std::is_same<S, half_t>::value) return halfToFloat(s.bits);
  else if constexpr (std::is_same<S, bf16_t>::value) return bf16ToFloat(s.bits);
  else if constexpr (std::is_same<S, bool_t>::value) return int64_t(s.v);
  else return typename ComputeOf<S>::type(s);
}

// Stores a functor result R into storage S with the reference's cast rules.
template <class S, class R> inline S put(R r) {
  if constexpr (std::is_same<S, bool_t>::value) return bool_t{uint8_t(r != 0 ? 1 : 0)};
  else if constexpr (std::is_same<R, bool>::value) return put<S, int64_t>(r ? 1 : 0);
  else if constexpr (std::is_same<S, float>::value && std::is_same<R, float>::value) return r;
  else if constexpr (std::is_integral<S>::value && std::is_same<R, int64_t>::value) return S(uint64_t(r));
  else if constexpr (std::is_floating_point<S>::value && std::is_same<R, int64_t>::value) return S(double(r));
  else return store<S>(double(r));
}

template <class C> constexpr bool kInt = std::is_integral<C>::value;

inline int64_t wadd(int64_t a, int64_t b) { return int64_t(uint64_t(a) + uint64_t(b)); }
inline int64_t wsub(int64_t a, int64_t b) { return int64_t(uint64_t(a) - uint64_t(b)); }
inline int64_t wmul(int64_t a, int64_t b) { return int64_t(uint64_t(a) * uint64_t(b)); }

double erfinvD(double y);

// ---- unary ----------------------------------------------------------------------------------
#define ANT_FLOAT_UNARY(Name, expr)                                  \
  struct Name {                                                      \
    template <class C> static auto f(C x0) {                         \
      if constexpr (kInt<C>) return f<double>(double(x0));           \
      else { const C x = x0; return C(expr); }                       \
    }                                                                \
  };
ANT_FLOAT_UNARY(Exp, std::exp(x))
ANT_FLOAT_UNARY(Expm1, std::expm1(x))
ANT_FLOAT_UNARY(Log, std::log(x))
ANT_FLOAT_UNARY(Log1p, std::log1p(x))
ANT_FLOAT_UNARY(Sqrt, std::sqrt(x))
ANT_FLOAT_UNARY(Rsqrt, C(1) / std::sqrt(x))
ANT_FLOAT_UNARY(Reciprocal, C(1) / x)
ANT_FLOAT_UNARY(Sin, std::sin(x))
ANT_FLOAT_UNARY(Cos, std::cos(x))
ANT_FLOAT_UNARY(Tan, std::tan(x))
ANT_FLOAT_UNARY(Asin, std::asin(x))
ANT_FLOAT_UNARY(Acos, std::acos(x))
ANT_FLOAT_UNARY(Atan, std::atan(x))
ANT_FLOAT_UNARY(Sinh, std::sinh(x))
ANT_FLOAT_UNARY(Cosh, std::cosh(x))
ANT_FLOAT_UNARY(Tanh, std::tanh(x))
ANT_FLOAT_UNARY(Sigmoid, C(1) / (C(1) + std::exp(-x)))
ANT_FLOAT_UNARY(Erf, std::erf(x))
ANT_FLOAT_UNARY(Erfinv, erfinvD(double(x)))
ANT_FLOAT_UNARY(Sinc, x == C(0) ? 1.0 : std::sin(M_PI * double(x)) / (M_PI * double(x)))  // in double, as the reference
#undef ANT_FLOAT_UNARY

struct Neg { template <class C> static C f(C x) { if constexpr (kInt<C>) return wsub(0, x); else return -x; } };
struct Abs {
  template <class C> static C f(C x) {
    if constexpr (kInt<C>) return x < 0 ? wsub(0, x) : x;
    else return std::fabs(x);
  }
};
struct Sign {
  template <class C> static C f(C x) {
    if constexpr (kInt<C>) return x > 0 ? 1 : x < 0 ? -1 : 0;
    else return x > 0 ? C(1) : x < 0 ? C(-1) : C(0);  // NaN → 0, ±0 → +0
  }
};
struct Relu {
  template <class C> static C f(C x) {
    if constexpr (kInt<C>) return x > 0 ? x : 0;
    else return x > 0 || x != x ? x : C(0);
  }
};
struct Floor { template <class C> static C f(C x) { if constexpr (kInt<C>) return x; else return std::floor(x); } };
struct Ceil { template <class C> static C f(C x) { if constexpr (kInt<C>) return x; else return std::ceil(x); } };
struct Round { template <class C> static C f(C x) { if constexpr (kInt<C>) return x; else return std::nearbyint(x); } };
struct Trunc { template <class C> static C f(C x) { if constexpr (kInt<C>) return x; else return std::trunc(x); } };
struct LogicalNot { template <class C> static bool f(C x) { return x == 0; } };
struct BitwiseNot {
  template <class C> static auto f(C x) {
    if constexpr (kInt<C>) return C(~x);
    else return -x - 1;  // as the reference; the ops layer only passes integers
  }
};
struct Isnan { template <class C> static bool f(C x) { return x != x; } };

// ---- binary ---------------------------------------------------------------------------------
struct Add { template <class C> static C f(C a, C b) { if constexpr (kInt<C>) return wadd(a, b); else return a + b; } };
struct Sub { template <class C> static C f(C a, C b) { if constexpr (kInt<C>) return wsub(a, b); else return a - b; } };
struct Mul { template <class C> static C f(C a, C b) { if constexpr (kInt<C>) return wmul(a, b); else return a * b; } };
struct Div {
  template <class C> static C f(C a, C b) {
    if constexpr (kInt<C>) return b == -1 ? wsub(0, a) : a / b;  // trunc; b ≠ 0 checked before
    else return a / b;
  }
};
struct Pow {
  template <class C> static C f(C a, C b) {
    if constexpr (kInt<C>) {
      if (b < 0) return a == 1 ? 1 : a == -1 ? (b % 2 == 0 ? 1 : -1) : 0;  // trunc(1 / a^|b|)
      int64_t r = 1, base = a;
      for (uint64_t e = uint64_t(b); e; e >>= 1) {
        if (e & 1) r = wmul(r, base);
        base = wmul(base, base);
      }
      return r;
    } else {
      return std::pow(a, b);
    }
  }
};
struct Maximum {
  template <class C> static C f(C a, C b) {
    if constexpr (kInt<C>) return a > b ? a : b;
    else return a != a || b != b ? std::numeric_limits<C>::quiet_NaN() : (a > b ? a : (b > a ? b : (a == 0 && std::signbit(a) ? b : a)));
  }
};
struct Minimum {
  template <class C> static C f(C a, C b) {
    if constexpr (kInt<C>) return a < b ? a : b;
    else return a != a || b != b ? std::numeric_limits<C>::quiet_NaN() : (a < b ? a : (b < a ? b : (a == 0 && std::signbit(b) ? b : a)));
  }
};
struct Fmod {
  template <class C> static C f(C a, C b) {
    if constexpr (kInt<C>) return b == -1 ? 0 : a % b;
    else return std::fmod(a, b);
  }
};
struct Remainder {
  template <class C> static C f(C a, C b) {
    if constexpr (kInt<C>) {
      C r = b == -1 ? 0 : a % b;
      return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
    } else {
      C r = std::fmod(a, b);
      return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;  // a zero keeps fmod's sign
    }
  }
};
struct FloorDivide {
  template <class C> static C f(C a, C b) {
    if constexpr (kInt<C>) {
      if (b == -1) return wsub(0, a);
      C q = a / b;
      return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    } else {
      // floor(a / b) derived from fmod, so that e.g. 1 // 0.1 == 9 (as PyTorch).
      if (b == 0) return a / b;
      C mod = std::fmod(a, b);
      C div = (a - mod) / b;
      if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1;
      if (div == 0) return C(0) * (a / b);
      C fl = std::floor(div);
      return div - fl > C(0.5) ? fl + 1 : fl;
    }
  }
};
struct Atan2 {
  template <class C> static auto f(C a, C b) {
    if constexpr (kInt<C>) return std::atan2(double(a), double(b));
    else return std::atan2(a, b);
  }
};
struct Eq { template <class C> static bool f(C a, C b) { return a == b; } };
struct Ne { template <class C> static bool f(C a, C b) { return a != b; } };
struct Lt { template <class C> static bool f(C a, C b) { return a < b; } };
struct Le { template <class C> static bool f(C a, C b) { return a <= b; } };
struct Gt { template <class C> static bool f(C a, C b) { return a > b; } };
struct Ge { template <class C> static bool f(C a, C b) { return a >= b; } };
struct LogicalAnd { template <class C> static bool f(C a, C b) { return a != 0 && b != 0; } };
struct LogicalOr { template <class C> static bool f(C a, C b) { return a != 0 || b != 0; } };
struct LogicalXor { template <class C> static bool f(C a, C b) { return (a != 0) != (b != 0); } };
#define ANT_BITWISE(Name, op)                                                   \
  struct Name {                                                                 \
    template <class C> static int64_t f(C a, C b) { return int64_t(a) op int64_t(b); } \
  };
ANT_BITWISE(BitwiseAnd, &)
ANT_BITWISE(BitwiseOr, |)
ANT_BITWISE(BitwiseXor, ^)
#undef ANT_BITWISE

// Inner loops over one run of n elements with element strides; one table per ISA, indexed by
// the op codes of names.h, whose lists name each code's functor (X(Functor, "name")).
using UnaryInner = void (*)(const char* x, int64_t sx, char* o, int64_t so, int64_t n);
using BinaryInner = void (*)(const char* a, int64_t sa, const char* b, int64_t sb, char* o, int64_t so, int64_t n);
struct EwTables {
  UnaryInner unary[kNumUnary][NDTYPES];       // output dtype = input dtype
  UnaryInner unaryBool[kNumUnary][NDTYPES];   // bool output
  BinaryInner binary[kNumBinary][NDTYPES];
  BinaryInner binaryBool[kNumBinary][NDTYPES];
};
// Scalars of one optimizer step, in double; each loop rounds them to its T once.
struct OptimScalars {
  double beta1, beta2, negStep, bc2Sqrt, eps, weightDecay, decay;  // Adam(W)
  double lr, momentum, dampening;                                  // SGD (and weightDecay)
};
using AdamInner = void (*)(void* p, const void* g, void* m, void* v, void* vmax, int64_t n, const OptimScalars& s);
using SgdInner = void (*)(void* p, const void* g, void* buf, int64_t n, const OptimScalars& s);
struct OptimTables {
  AdamInner adam[16][NDTYPES];  // [maximize | L2<<1 | decoupled<<2 | amsgrad<<3][dtype], float32/64 only
  SgdInner sgd[16][NDTYPES];    // [maximize | L2<<1 | momentum<<2 | nesterov<<3][dtype]
};
void fillOptimGeneric(OptimTables& t);
void fillOptimAvx2(OptimTables& t);
void fillOptimAvx512(OptimTables& t);
void fillTablesGeneric(EwTables& t);
void fillTablesAvx2(EwTables& t);    // float32/float64 entries only
void fillTablesAvx512(EwTables& t);  // float32/float64 entries only

}  // namespace ant
