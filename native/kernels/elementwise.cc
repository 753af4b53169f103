// Elementwise drivers: unary, binary, where, copy/cast, fill. They walk strided views with
// StridedIter, split work with parallelFor, and call the per-ISA inner loops of ops.h.
#include "elementwise.h"

#include <memory>
#include <vector>

#include "cpu.h"
#include "iter.h"
#include "ops.h"
#include "parallel.h"

namespace ant {

namespace {

constexpr int64_t kGrain = 32768;

const EwTables& tables() {
  static const EwTables t = [] {
    EwTables tt{};
    fillTablesGeneric(tt);
    if (activeIsa() == Isa::Avx512) fillTablesAvx512(tt);
    else if (activeIsa() == Isa::Avx2) fillTablesAvx2(tt);
    return tt;
  }();
  return t;
}

// A contiguous scratch view shaped like `like`, for outputs that partially overlap inputs.
struct Scratch {
  std::unique_ptr<char[]> buf;
  View v;
  Scratch(const View& like, int dtype) {
    v = like;
    v.dtype = dtype;
    int64_t n = like.numel();
    buf.reset(new char[size_t(n > 0 ? n : 1) * itemsize(dtype)]);
    v.data = buf.get();
    v.length = n;
    v.offset = 0;
    int64_t s = 1;
    for (int d = like.ndim - 1; d >= 0; d--) {
      v.strides[d] = s;
      s *= like.shape[d];
    }
  }
};

bool needsScratch(const View& out, std::initializer_list<const View*> ins) {
  for (const View* in : ins)
    if (overlaps(out, *in) && !sameLayout(out, *in)) return true;
  return false;
}

template <int K, class F> void runParallel(const StridedIter<K>& it, int64_t grain, F&& fn) {
  parallelFor(it.numel, grain, [&](int64_t b, int64_t e) { it.forRange(b, e, fn); });
}

// Integer division by zero is an error raised before any write.
void checkIntDivisors(int op, const View& a, const View& b) {
  const char* name = op == kDiv ? "div" : op == kFmod ? "fmod" : op == kRemainder ? "remainder" : "floorDivide";
  const View* vs[2] = {&a, &b};
  StridedIter<2> it(vs);
  dispatchDType(a.dtype, [&](auto tag) {
    using S = typename decltype(tag)::type;
    it.forRange(0, it.numel, [&](char** p, int64_t n) {
      const S* bv = reinterpret_cast<const S*>(p[1]);
      for (int64_t i = 0; i < n; i++) {
        if (get(bv[i * it.innerStride(1)]) == 0) {
          throw KernelError(std::string("[") + name + "] integer division by zero: got a zero divisor in an integer tensor", true);
        }
      }
    });
  });
}

}  // namespace

bool unaryOp(int op, const View& x, const View& out) {
  if (op < 0 || op >= kNumUnary || x.dtype < 0 || x.dtype >= NDTYPES) return false;
  if (op == kBitwiseNot && x.dtype == BOOL) op = kLogicalNot;  // ~True is False
  UnaryInner fn = out.dtype == BOOL ? tables().unaryBool[op][x.dtype] : out.dtype == x.dtype ? tables().unary[op][x.dtype] : nullptr;
  if (fn == nullptr) return false;
  x.checkBounds("unary");
  out.checkBounds("unary");
  if (needsScratch(out, {&x})) {
    Scratch s(out, out.dtype);
    unaryOp(op, x, s.v);
    copyOp(s.v, out);
    return true;
  }
  const View* vs[2] = {&out, &x};
  StridedIter<2> it(vs);
  const int64_t so = it.innerStride(0), sx = it.innerStride(1);
  runParallel(it, kGrain, [&](char** p, int64_t n) { fn(p[1], sx, p[0], so, n); });
  return true;
}

bool binaryOp(int op, const View& a, const View& b, const View& out) {
  if (op < 0 || op >= kNumBinary || a.dtype != b.dtype || a.dtype < 0 || a.dtype >= NDTYPES) return false;
  BinaryInner fn = out.dtype == BOOL ? tables().binaryBool[op][a.dtype] : out.dtype == a.dtype ? tables().binary[op][a.dtype] : nullptr;
  if (fn == nullptr) return false;
  a.checkBounds("binary");
  b.checkBounds("binary");
  out.checkBounds("binary");
  if (!isFloat(a.dtype) && (op == kDiv || op == kFmod || op == kRemainder || op == kFloorDivide))
    checkIntDivisors(op, a, b);
  if (needsScratch(out, {&a, &b})) {
    Scratch s(out, out.dtype);
    binaryOp(op, a, b, s.v);
    copyOp(s.v, out);
    return true;
  }
  const View* vs[3] = {&out, &a, &b};
  StridedIter<3> it(vs);
  const int64_t so = it.innerStride(0), sa = it.innerStride(1), sb = it.innerStride(2);
  runParallel(it, kGrain, [&](char** p, int64_t n) { fn(p[1], sa, p[2], sb, p[0], so, n); });
  return true;
}

// ---- copy / cast ----------------------------------------------------------------------------
namespace {

// x86 float→int: out-of-range and NaN become INT_MIN (int64: INT64_MIN); narrower ints
// convert through int32 (double→uint8 through int64), then keep the low bits.
template <class Si, class So> So castElem(const Si& x) {
  if constexpr (std::is_same<Si, So>::value) {
    return x;
  } else if constexpr (isFloatStorage<Si>() && std::is_integral<So>::value) {
    const double t = std::trunc(load<Si>(x));
    constexpr bool wide = std::is_same<So, int64_t>::value || (std::is_same<So, uint8_t>::value && std::is_same<Si, double>::value);
    if constexpr (wide) {
      return So(t >= -9.2233720368547758e18 && t < 9.2233720368547758e18 ? int64_t(t) : INT64_MIN);
    } else {
      return So(uint32_t(t >= -2147483648.0 && t < 2147483648.0 ? int32_t(t) : INT32_MIN));
    }
  } else {
    return store<So>(load<Si>(x));
  }
}

template <class Si, class So> void castRun(const char* xp, int64_t sx, char* op, int64_t so, int64_t n) {
  const Si* x = reinterpret_cast<const Si*>(xp);
  So* o = reinterpret_cast<So*>(op);
  if (sx == 1 && so == 1) {
    if constexpr (std::is_same<Si, So>::value) std::memcpy(o, x, size_t(n) * sizeof(So));
    else for (int64_t i = 0; i < n; i++) o[i] = castElem<Si, So>(x[i]);
  } else {
    for (int64_t i = 0; i < n; i++) o[i * so] = castElem<Si, So>(x[i * sx]);
  }
}

}  // namespace

void copyOp(const View& src, const View& dst) {
  src.checkBounds("copy");
  dst.checkBounds("copy");
  if (overlaps(src, dst) && !sameLayout(src, dst)) {
    Scratch s(dst, dst.dtype);
    copyOp(src, s.v);
    copyOp(s.v, dst);
    return;
  }
  if (sameLayout(src, dst)) return;
  const View* vs[2] = {&dst, &src};
  StridedIter<2> it(vs);
  const int64_t so = it.innerStride(0), sx = it.innerStride(1);
  dispatchDType(src.dtype, [&](auto ti) {
    dispatchDType(dst.dtype, [&](auto to) {
      using Si = typename decltype(ti)::type;
      using So = typename decltype(to)::type;
      runParallel(it, kGrain * 2, [&](char** p, int64_t n) { castRun<Si, So>(p[1], sx, p[0], so, n); });
    });
  });
}

void fillOp(const View& dst, double value, bool exactInt, int64_t ivalue) {
  dst.checkBounds("fill");
  const View* vs[1] = {&dst};
  StridedIter<1> it(vs);
  const int64_t so = it.innerStride(0);
  dispatchDType(dst.dtype, [&](auto to) {
    using So = typename decltype(to)::type;
    So v;
    if constexpr (std::is_same<So, int64_t>::value) v = exactInt ? ivalue : store<So>(value);
    else v = store<So>(value);
    runParallel(it, kGrain * 2, [&](char** p, int64_t n) {
      So* o = reinterpret_cast<So*>(p[0]);
      if (so == 1) for (int64_t i = 0; i < n; i++) o[i] = v;
      else for (int64_t i = 0; i < n; i++) o[i * so] = v;
    });
  });
}

// ---- where ----------------------------------------------------------------------------------
namespace {
template <class E> void whereRun(char** p, const int64_t* s, int64_t n, int condSize) {
  E* o = reinterpret_cast<E*>(p[0]);
  const E* a = reinterpret_cast<const E*>(p[2]);
  const E* b = reinterpret_cast<const E*>(p[3]);
  auto cond = [&](int64_t i) -> bool {
    const char* c = p[1] + i * s[1] * condSize;
    switch (condSize) {
      case 1: return *reinterpret_cast<const uint8_t*>(c) != 0;
      case 2: return *reinterpret_cast<const uint16_t*>(c) != 0;
      case 4: return *reinterpret_cast<const uint32_t*>(c) != 0;
      default: return *reinterpret_cast<const uint64_t*>(c) != 0;
    }
  };
  for (int64_t i = 0; i < n; i++) o[i * s[0]] = cond(i) ? a[i * s[2]] : b[i * s[3]];
}
}  // namespace

bool whereOp(const View& c, const View& a, const View& b, const View& out) {
  // Raw element moves need one dtype; a non-bool/int condition (floats: -0, NaN) goes to the reference.
  if (a.dtype != out.dtype || b.dtype != out.dtype || isFloat(c.dtype)) return false;
  c.checkBounds("where");
  a.checkBounds("where");
  b.checkBounds("where");
  out.checkBounds("where");
  if (needsScratch(out, {&c, &a, &b})) {
    Scratch s(out, out.dtype);
    whereOp(c, a, b, s.v);
    copyOp(s.v, out);
    return true;
  }
  const View* vs[4] = {&out, &c, &a, &b};
  StridedIter<4> it(vs);
  int64_t s[4];
  for (int k = 0; k < 4; k++) s[k] = it.innerStride(k);
  const int cs = itemsize(c.dtype);
  runParallel(it, kGrain, [&](char** p, int64_t n) {
    switch (itemsize(out.dtype)) {
      case 1: return whereRun<uint8_t>(p, s, n, cs);
      case 2: return whereRun<uint16_t>(p, s, n, cs);
      case 4: return whereRun<uint32_t>(p, s, n, cs);
      default: return whereRun<uint64_t>(p, s, n, cs);
    }
  });
  return true;
}

}  // namespace ant
