// Mirror of src/backend/backend.ts View: a strided window onto a typed array, plus dtype
// helpers (16-bit float conversion, the reference's cast rules) shared by all kernels.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace ant {

// The one list of dtypes: X(code, name as in src/tensor/dtype.ts, storage type, JS typed array).
// A dtype's code is its position here; TS never numbers dtypes itself, it reads this table by
// name from the addon (dtypeCodes() in addon.cc), so the two sides cannot disagree. The float
// dtypes come last (isFloat below). Storage types are declared further down.
#define ANT_DTYPE_LIST(X)          \
  X(BOOL, "bool", bool_t, uint8)   \
  X(U8, "uint8", uint8_t, uint8)   \
  X(I8, "int8", int8_t, int8)      \
  X(I16, "int16", int16_t, int16)  \
  X(I32, "int32", int32_t, int32)  \
  X(I64, "int64", int64_t, bigint64) \
  X(F16, "float16", half_t, uint16) \
  X(BF16, "bfloat16", bf16_t, uint16) \
  X(F32, "float32", float, float32) \
  X(F64, "float64", double, float64)

#define ANT_DTYPE_ENUM(code, name, S, array) code,
enum DType : int { ANT_DTYPE_LIST(ANT_DTYPE_ENUM) NDTYPES };
#undef ANT_DTYPE_ENUM
#define ANT_DTYPE_NAME(code, name, S, array) name,
inline constexpr const char* kDTypeNames[] = {ANT_DTYPE_LIST(ANT_DTYPE_NAME)};
#undef ANT_DTYPE_NAME
static_assert(sizeof(kDTypeNames) / sizeof(kDTypeNames[0]) == NDTYPES, "one name per dtype");
constexpr int kMaxDims = 16;

static_assert(F16 + 4 == NDTYPES, "the four float dtypes come last (isFloat)");
inline bool isFloat(int dt) { return dt >= F16; }
inline int itemsize(int dt);  // bytes per element; defined below, after the storage types

// Thrown inside kernels; the binding turns it into a JS error (never crosses N-API).
struct KernelError : std::runtime_error {
  bool range;
  KernelError(const std::string& m, bool isRange = false) : std::runtime_error(m), range(isRange) {}
};

struct View {
  char* data = nullptr;  // element 0 of the typed array
  int64_t length = 0;    // typed array length in elements
  int dtype = 0;
  int ndim = 0;
  int64_t offset = 0;
  int64_t shape[kMaxDims];
  int64_t strides[kMaxDims];

  int64_t numel() const {
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) n *= shape[d];
    return n;
  }
  template <class T> T* ptr() const { return reinterpret_cast<T*>(data); }
  bool contiguous() const {
    int64_t s = 1;
    for (int d = ndim - 1; d >= 0; d--) {
      if (shape[d] != 1 && strides[d] != s) return false;
      s *= shape[d];
    }
    return true;
  }
  // Every reachable element must lie inside the typed array.
  void checkBounds(const char* op) const {
    if (numel() == 0) return;
    int64_t lo = offset, hi = offset;
    for (int d = 0; d < ndim; d++) {
      int64_t span = (shape[d] - 1) * strides[d];
      if (span < 0) lo += span; else hi += span;
    }
    if (lo < 0 || hi >= length)
      throw KernelError(std::string("[") + op + "] view out of bounds: elements " + std::to_string(lo) + ".." +
                        std::to_string(hi) + " of a buffer of " + std::to_string(length), true);
  }
  // Byte range touched, for overlap tests.
  void byteRange(const char*& b, const char*& e) const {
    int64_t lo = offset, hi = offset;
    for (int d = 0; d < ndim; d++) {
      int64_t span = (shape[d] - 1) * strides[d];
      if (span < 0) lo += span; else hi += span;
    }
    b = data + lo * itemsize(dtype);
    e = data + (hi + 1) * itemsize(dtype);
  }
};

inline bool sameLayout(const View& a, const View& b) {
  if (a.data != b.data || a.dtype != b.dtype || a.offset != b.offset || a.ndim != b.ndim) return false;
  for (int d = 0; d < a.ndim; d++)
    if (a.shape[d] != b.shape[d] || (a.shape[d] != 1 && a.strides[d] != b.strides[d])) return false;
  return true;
}
inline bool overlaps(const View& a, const View& b) {
  if (a.numel() == 0 || b.numel() == 0) return false;
  const char *a0, *a1, *b0, *b1;
  a.byteRange(a0, a1);
  b.byteRange(b0, b1);
  return a0 < b1 && b0 < a1;
}

// ---- 16-bit floats: round to nearest even, as floatToHalfBits / floatToBFloat16Bits ----------
inline uint32_t f2u(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u; }
inline float u2f(uint32_t u) { float f; std::memcpy(&f, &u, 4); return f; }

inline uint16_t floatToHalf(float x) {
  uint32_t bits = f2u(x);
  uint32_t sign = (bits >> 16) & 0x8000;
  int32_t exp = (bits >> 23) & 0xff;
  uint32_t mant = bits & 0x7fffff;
  if (exp == 0xff) return sign | 0x7c00 | (mant ? 0x200 | (mant >> 13) : 0);
  int32_t e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    int shift = 14 - e;
    uint32_t half = mant >> shift;
    uint32_t rem = mant & ((1u << shift) - 1), mid = 1u << (shift - 1);
    if (rem > mid || (rem == mid && (half & 1))) half += 1;
    return sign | half;
  }
  uint32_t half = (uint32_t(e) << 10) | (mant >> 13);
  uint32_t rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (half & 1))) half += 1;
  return sign | half;
}
inline float halfToFloat(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  if (exp == 0) {
    float v = float(mant) * 5.9604644775390625e-8f;  // mant · 2^-24
    return sign ? -v : v;
  }
  if (exp == 0x1f) return u2f(sign | 0x7f800000 | (mant << 13) | (mant ? 0x400000 : 0));
  return u2f(sign | ((exp + 112) << 23) | (mant << 13));
}
inline uint16_t floatToBF16(float x) {
  if (std::isnan(x)) return 0x7fc0;
  uint32_t bits = f2u(x);
  uint32_t lsb = (bits >> 16) & 1;
  return uint16_t((bits + 0x7fff + lsb) >> 16);
}
inline float bf16ToFloat(uint16_t h) { return u2f(uint32_t(h) << 16); }

// ---- the reference's cast rules (writeNumber) ------------------------------------------------
// Truncate toward zero and wrap modulo 2^64 (BigInt.asIntN(64, BigInt(trunc(x)))).
inline int64_t wrapToI64(double t) {
  if (t > -9.2233720368547758e18 && t < 9.2233720368547758e18) return int64_t(t);
  double r = std::fmod(t, 18446744073709551616.0);
  if (r < 0) r += 18446744073709551616.0;
  if (r >= 9.2233720368547758e18) r -= 18446744073709551616.0;
  return int64_t(r);
}

template <class T> struct Cast;
template <> struct Cast<double> { static double from(double x) { return x; } };
template <> struct Cast<float> { static float from(double x) { return float(x); } };
template <> struct Cast<int64_t> {
  static int64_t from(double x) { return std::isfinite(x) ? wrapToI64(std::trunc(x)) : INT64_MIN; }
};
#define ANT_NARROW_INT(T)                                                             \
  template <> struct Cast<T> {                                                        \
    static T from(double x) { return std::isfinite(x) ? T(uint64_t(wrapToI64(std::trunc(x)))) : T(0); } \
  };
ANT_NARROW_INT(uint8_t)
ANT_NARROW_INT(int8_t)
ANT_NARROW_INT(int16_t)
ANT_NARROW_INT(int32_t)
#undef ANT_NARROW_INT

// Storage element types: half types are distinct wrappers around their bit patterns.
struct half_t { uint16_t bits; };
struct bf16_t { uint16_t bits; };
struct bool_t { uint8_t v; };

template <class S> inline double load(const S& s) { return double(s); }
template <> inline double load<half_t>(const half_t& s) { return halfToFloat(s.bits); }
template <> inline double load<bf16_t>(const bf16_t& s) { return bf16ToFloat(s.bits); }
template <> inline double load<bool_t>(const bool_t& s) { return s.v ? 1.0 : 0.0; }

template <class S> inline S store(double x) { return Cast<S>::from(x); }
// Half types round through float32 first, as the reference writer does.
template <> inline half_t store<half_t>(double x) { return half_t{floatToHalf(float(x))}; }
template <> inline bf16_t store<bf16_t>(double x) { return bf16_t{floatToBF16(float(x))}; }
template <> inline bool_t store<bool_t>(double x) { return bool_t{uint8_t(x != 0 ? 1 : 0)}; }

template <class S> constexpr bool isFloatStorage() {
  return std::is_same<S, float>::value || std::is_same<S, double>::value || std::is_same<S, half_t>::value ||
         std::is_same<S, bf16_t>::value;
}

template <class T> struct Tag { using type = T; };

// Calls f(Tag<StorageType>{}) for a dtype code.
template <class F> inline void dispatchDType(int dt, F&& f) {
  switch (dt) {
#define ANT_DTYPE_CASE(code, name, S, array) \
  case code: return f(Tag<S>{});
    ANT_DTYPE_LIST(ANT_DTYPE_CASE)
#undef ANT_DTYPE_CASE
  }
  throw KernelError("[native] unknown dtype code " + std::to_string(dt));
}

inline int itemsize(int dt) {
#define ANT_DTYPE_SIZE(code, name, S, array) int(sizeof(S)),
  static constexpr int s[] = {ANT_DTYPE_LIST(ANT_DTYPE_SIZE)};
#undef ANT_DTYPE_SIZE
  static_assert(sizeof(s) / sizeof(s[0]) == NDTYPES, "one size per dtype");
  return s[dt];
}

}  // namespace ant
