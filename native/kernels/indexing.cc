// gather / scatter / indexSelect / indexPut / nonzero / sort. Indices are validated in a
// first pass (RangeError with the reference's message) before anything is written.
#include <algorithm>
#include <memory>
#include <numeric>
#include <vector>

#include "elementwise.h"
#include "iter.h"
#include "ops.h"
#include "parallel.h"

// A switch on a names.h code lists every code: a mode added there fails to build until handled.
#if defined(__GNUC__)
#pragma GCC diagnostic error "-Wswitch"
#endif

namespace ant {

namespace {

[[noreturn]] void badIndex(const char* op, int64_t i, int dim, int64_t size) {
  throw KernelError(std::string("[") + op + "] index " + std::to_string(i) + " is out of bounds for dimension " +
                        std::to_string(dim) + " with size " + std::to_string(size), true);
}

// All elements of an int64 view in row-major order.
std::vector<int64_t> readIndex(const View& v) {
  std::vector<int64_t> out(static_cast<size_t>(v.numel()));
  if (out.empty()) return out;
  const View* vs[1] = {&v};
  StridedIter<1> it(vs);
  const int64_t s = it.innerStride(0);
  size_t k = 0;
  it.forRange(0, it.numel, [&](char** p, int64_t n) {
    const int64_t* d = reinterpret_cast<const int64_t*>(p[0]);
    for (int64_t i = 0; i < n; i++) out[k++] = d[i * s];
  });
  return out;
}

void checkAll(const char* op, std::vector<int64_t>& idx, int dim, int64_t size) {
  for (auto& i : idx) {
    if (i < -size || i >= size) badIndex(op, i, dim, size);
    if (i < 0) i += size;
  }
}

// Storage offset of each row-major position of `shape` under `strides`.
std::vector<int64_t> offsetsOf(int nd, const int64_t* shape, const int64_t* strides, int64_t base) {
  int64_t n = 1;
  for (int d = 0; d < nd; d++) n *= shape[d];
  std::vector<int64_t> out(static_cast<size_t>(n));
  if (n == 0) return out;
  int64_t idx[kMaxDims] = {0}, off = base;
  for (int64_t i = 0; i < n; i++) {
    out[size_t(i)] = off;
    for (int d = nd - 1; d >= 0; d--) {
      off += strides[d];
      if (++idx[d] < shape[d]) break;
      off -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

template <class F> void byItemsize(int dt, F&& f) {
  switch (itemsize(dt)) {
    case 1: return f(Tag<uint8_t>{});
    case 2: return f(Tag<uint16_t>{});
    case 4: return f(Tag<uint32_t>{});
    default: return f(Tag<uint64_t>{});
  }
}

}  // namespace

bool gatherOp(const View& x, int dim, const View& index, const View& out) {
  if (x.dtype != out.dtype || index.dtype != I64 || dim < 0 || dim >= x.ndim) return false;
  x.checkBounds("gather");
  index.checkBounds("gather");
  out.checkBounds("gather");
  std::vector<int64_t> idx = readIndex(index);
  checkAll("gather", idx, dim, x.shape[dim]);
  // x offset of each index position with the `dim` coordinate zeroed, and out offsets.
  int64_t xs[kMaxDims];
  for (int d = 0; d < x.ndim; d++) xs[d] = d == dim ? 0 : x.strides[d];
  std::vector<int64_t> xo = offsetsOf(index.ndim, index.shape, xs, x.offset);
  std::vector<int64_t> oo = offsetsOf(out.ndim, out.shape, out.strides, out.offset);
  const int64_t sd = x.strides[dim];
  if (overlaps(x, out)) return false;
  byItemsize(x.dtype, [&](auto tag) {
    using E = typename decltype(tag)::type;
    const E* xd = x.ptr<E>();
    E* od = out.ptr<E>();
    parallelFor(int64_t(idx.size()), 65536, [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; p++) od[oo[size_t(p)]] = xd[xo[size_t(p)] + idx[size_t(p)] * sd];
    });
  });
  return true;
}

bool scatterOp(const View& dst, int dim, const View& index, const View& src, int reduce) {
  if (dst.dtype != src.dtype || index.dtype != I64 || dim < 0 || dim >= dst.ndim) return false;
  dst.checkBounds("scatter");
  index.checkBounds("scatter");
  std::vector<int64_t> idx = readIndex(index);
  checkAll("scatter", idx, dim, dst.shape[dim]);
  int64_t ds[kMaxDims];
  for (int d = 0; d < dst.ndim; d++) ds[d] = d == dim ? 0 : dst.strides[d];
  std::vector<int64_t> dof = offsetsOf(index.ndim, index.shape, ds, dst.offset);
  std::vector<int64_t> sof = offsetsOf(index.ndim, index.shape, src.strides, src.offset);
  if (!sof.empty()) {
    View sv = src;
    for (int d = 0; d < src.ndim; d++) sv.shape[d] = index.shape[d];
    sv.checkBounds("scatter");
  }
  const int64_t sd = dst.strides[dim];
  dispatchDType(dst.dtype, [&](auto tag) {
    using S = typename decltype(tag)::type;
    S* dd = dst.ptr<S>();
    const S* sp = src.ptr<S>();
    // Sequential: duplicate indices apply in row-major order, as the reference.
    for (size_t p = 0; p < idx.size(); p++) {
      const int64_t o = dof[p] + idx[p] * sd;
      const S v = sp[sof[p]];
      switch (ScatterReduceCode(reduce)) {  // every code listed: -Werror=switch (top of file)
        case kScatterNone: dd[o] = v; break;
        case kScatterAdd: dd[o] = put<S>(Add::f(get(dd[o]), get(v))); break;
        case kScatterMultiply: dd[o] = put<S>(Mul::f(get(dd[o]), get(v))); break;
        case kNumScatterReduce: break;
      }
    }
  });
  return true;
}

bool indexSelectOp(const View& x, int dim, const View& index, const View& out) {
  if (x.dtype != out.dtype || index.dtype != I64 || dim < 0 || dim >= x.ndim || x.ndim != out.ndim) return false;
  x.checkBounds("indexSelect");
  index.checkBounds("indexSelect");
  out.checkBounds("indexSelect");
  if (overlaps(x, out)) return false;
  std::vector<int64_t> idx = readIndex(index);
  checkAll("indexSelect", idx, dim, x.shape[dim]);
  // Slice k of out receives slice idx[k] of x: both walked without `dim`.
  View xs0 = x, os0 = out;
  xs0.shape[dim] = 1;
  os0.shape[dim] = 1;
  int64_t slice = xs0.numel();
  byItemsize(x.dtype, [&](auto tag) {
    using E = typename decltype(tag)::type;
    parallelFor(int64_t(idx.size()), std::max<int64_t>(1, 65536 / std::max<int64_t>(1, slice)), [&](int64_t b, int64_t e) {
      for (int64_t k = b; k < e; k++) {
        View xs = xs0, os = os0;
        xs.offset += idx[size_t(k)] * x.strides[dim];
        os.offset += k * out.strides[dim];
        const View* vs[2] = {&os, &xs};
        StridedIter<2> it(vs);
        const int64_t so = it.innerStride(0), sx = it.innerStride(1);
        it.forRange(0, it.numel, [&](char** p, int64_t n) {
          E* o = reinterpret_cast<E*>(p[0]);
          const E* xx = reinterpret_cast<const E*>(p[1]);
          for (int64_t i = 0; i < n; i++) o[i * so] = xx[i * sx];
        });
      }
    });
  });
  return true;
}

bool indexPutOp(const View& dst, const View* indices, int k, const View& values, bool accumulate) {
  if (dst.dtype != values.dtype || k > dst.ndim) return false;
  dst.checkBounds("indexPut");
  values.checkBounds("indexPut");
  std::vector<std::vector<int64_t>> idx(static_cast<size_t>(k));
  for (int d = 0; d < k; d++) {
    if (indices[d].dtype != I64) return false;
    indices[d].checkBounds("indexPut");
    idx[size_t(d)] = readIndex(indices[d]);
    checkAll("indexPut", idx[size_t(d)], d, dst.shape[d]);
  }
  const size_t count = idx[0].size();
  std::vector<int64_t> rest = offsetsOf(dst.ndim - k, dst.shape + k, dst.strides + k, 0);
  std::vector<int64_t> vo = offsetsOf(values.ndim, values.shape, values.strides, values.offset);
  if (vo.size() != count * rest.size()) throw KernelError("[indexPut] values do not match the indexed shape", true);
  dispatchDType(dst.dtype, [&](auto tag) {
    using S = typename decltype(tag)::type;
    S* dd = dst.ptr<S>();
    const S* vp = values.ptr<S>();
    // Read all values first: `values` may alias `dst`.
    std::vector<S> vals(vo.size());
    for (size_t i = 0; i < vo.size(); i++) vals[i] = vp[vo[i]];
    for (size_t p = 0; p < count; p++) {
      int64_t base = dst.offset;
      for (int d = 0; d < k; d++) base += idx[size_t(d)][p] * dst.strides[d];
      for (size_t r = 0; r < rest.size(); r++) {
        const int64_t o = base + rest[r];
        const S v = vals[p * rest.size() + r];
        dd[o] = accumulate ? put<S>(Add::f(get(dd[o]), get(v))) : v;
      }
    }
  });
  return true;
}

std::vector<int64_t> nonzeroOp(const View& x) {
  x.checkBounds("nonzero");
  std::vector<int64_t> hits;
  const int nd = x.ndim;
  std::vector<int64_t> off = offsetsOf(nd, x.shape, x.strides, x.offset);
  int64_t coord[kMaxDims] = {0};
  dispatchDType(x.dtype, [&](auto tag) {
    using S = typename decltype(tag)::type;
    const S* xd = x.ptr<S>();
    for (size_t p = 0; p < off.size(); p++) {
      if (get(xd[off[p]]) != 0) hits.insert(hits.end(), coord, coord + nd);
      for (int d = nd - 1; d >= 0; d--) {
        if (++coord[d] < x.shape[d]) break;
        coord[d] = 0;
      }
    }
  });
  return hits;
}

bool sortOp(const View& x, int dim, bool descending, const View& values, const View& indices) {
  if (values.dtype != x.dtype || indices.dtype != I64 || dim < 0 || dim >= x.ndim) return false;
  x.checkBounds("sort");
  values.checkBounds("sort");
  indices.checkBounds("sort");
  const int64_t n = x.shape[dim];
  int64_t lines = 1;
  for (int d = 0; d < x.ndim; d++)
    if (d != dim) lines *= x.shape[d];
  // Line starts, computed up front (the views may alias: read everything before writing).
  auto starts = [&](const View& v) {
    int64_t sh[kMaxDims], st[kMaxDims];
    int nd = 0;
    for (int d = 0; d < v.ndim; d++)
      if (d != dim) { sh[nd] = v.shape[d]; st[nd] = v.strides[d]; nd++; }
    return offsetsOf(nd, sh, st, v.offset);
  };
  std::vector<int64_t> xs = starts(x), vs = starts(values), is = starts(indices);
  dispatchDType(x.dtype, [&](auto tag) {
    using S = typename decltype(tag)::type;
    using C = typename ComputeOf<S>::type;
    std::unique_ptr<S[]> raw(new S[size_t(lines * n > 0 ? lines * n : 1)]);
    std::unique_ptr<int64_t[]> ord(new int64_t[size_t(lines * n > 0 ? lines * n : 1)]);
    const S* xd = x.ptr<S>();
    parallelFor(lines, std::max<int64_t>(1, 4096 / std::max<int64_t>(1, n)), [&](int64_t b, int64_t e) {
      std::vector<C> key(static_cast<size_t>(n));
      for (int64_t l = b; l < e; l++) {
        S* r = raw.get() + l * n;
        int64_t* o = ord.get() + l * n;
        for (int64_t k = 0; k < n; k++) {
          r[k] = xd[xs[size_t(l)] + k * x.strides[dim]];
          key[size_t(k)] = get(r[k]);
          o[k] = k;
        }
        // NaN is larger than every number: last ascending, first descending; stable.
        if (descending)
          std::stable_sort(o, o + n, [&](int64_t i, int64_t j) {
            C a = key[size_t(i)], c = key[size_t(j)];
            return (a != a) ? (c == c) : (c != c ? false : a > c);
          });
        else
          std::stable_sort(o, o + n, [&](int64_t i, int64_t j) {
            C a = key[size_t(i)], c = key[size_t(j)];
            return (c != c) ? (a == a) : (a != a ? false : a < c);
          });
      }
    });
    S* vd = values.ptr<S>();
    int64_t* id = indices.ptr<int64_t>();
    for (int64_t l = 0; l < lines; l++)
      for (int64_t k = 0; k < n; k++) {
        const int64_t src = ord[size_t(l * n + k)];
        vd[vs[size_t(l)] + k * values.strides[dim]] = raw[size_t(l * n + src)];
        id[is[size_t(l)] + k * indices.strides[dim]] = src;
      }
  });
  return true;
}

}  // namespace ant
