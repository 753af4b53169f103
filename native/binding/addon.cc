// N-API glue only: unwrap typed arrays and the packed view metadata, pick the kernel, turn
// every C++ exception into a JS error. No math here.
//
// Calling convention (kept thin for per-op overhead), mirrored by put() in
// src/backend/native/index.ts:
// - The loader writes every number of a call into one shared Float64Array, `meta`, registered
//   once with init(), starting at meta[0]: first the call's scalars (op code, dims, flags, as
//   the comment above each function says), then one descriptor per view:
//       [dtype code, ndim, offset, shape[0..ndim), strides[0..ndim)]   (offset, strides in elements)
// - The typed arrays are the call's arguments, in the order their views appear in meta.
// - Codes are positions in the lists the addon itself exports: dtypes in dtypeCodes()
//   (ANT_DTYPE_LIST, view.h), ops and modes in kernelNames() (names.h). TS looks codes up by
//   name there and never numbers anything itself; a code out of range is an error here.
#include <napi.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "conv.h"
#include "cpu.h"
#include "elementwise.h"
#include "fused.h"
#include "names.h"
#include "parallel.h"
#include "pool.h"

namespace {

using ant::KernelError;
using ant::View;

// The metadata buffer of the JS thread calling in: each Node thread (main, workers) has its
// own environment, its own antorcha instance and its own buffer, and calls from one JS thread
// never interleave, so per-thread state needs no locking.
thread_local double* g_meta = nullptr;
thread_local size_t g_metaLen = 0;
thread_local napi_ref g_metaRef = nullptr;

struct Args {
  const Napi::CallbackInfo& info;
  size_t pos = 0;  // cursor into meta
  size_t arg = 0;  // next typed-array argument

  explicit Args(const Napi::CallbackInfo& i) : info(i) {
    if (g_meta == nullptr) throw KernelError("[native] init() was not called");
  }
  double num() {
    if (pos >= g_metaLen) throw KernelError("[native] metadata overrun", true);
    return g_meta[pos++];
  }
  int i32() { return int(num()); }
  // A code of one of names.h's families; out of range is a loader bug, never a silent fallback.
  int code(int count, const char* family) {
    const int c = i32();
    if (c < 0 || c >= count)
      throw KernelError(std::string("[native] bad ") + family + " code " + std::to_string(c) + ": expected 0.." +
                        std::to_string(count - 1), true);
    return c;
  }
  void data(char*& ptr, int64_t& len, int dtype) {
    if (arg >= info.Length()) throw KernelError("[native] missing typed array argument", true);
    napi_typedarray_type type;
    size_t length;
    void* p;
    napi_value ab;
    size_t byteOffset;
    if (napi_get_typedarray_info(info.Env(), info[arg++], &type, &length, &p, &ab, &byteOffset) != napi_ok)
      throw KernelError("[native] expected a typed array argument", false);
#define ANT_DTYPE_ARRAY(code, name, S, array) napi_##array##_array,
    static const napi_typedarray_type expected[] = {ANT_DTYPE_LIST(ANT_DTYPE_ARRAY)};
#undef ANT_DTYPE_ARRAY
    static_assert(sizeof(expected) / sizeof(expected[0]) == ant::NDTYPES, "one typed array per dtype");
    if (type != expected[dtype]) throw KernelError("[native] typed array does not match its dtype", true);
    ptr = static_cast<char*>(p);
    len = int64_t(length);
  }
  View view() {
    View v;
    v.dtype = i32();
    if (v.dtype < 0 || v.dtype >= ant::NDTYPES) throw KernelError("[native] bad dtype code", true);
    v.ndim = i32();
    if (v.ndim < 0 || v.ndim > ant::kMaxDims)
      throw KernelError("[native] too many dims: got " + std::to_string(v.ndim) + ", at most 16", true);
    v.offset = int64_t(num());
    for (int d = 0; d < v.ndim; d++) {
      v.shape[d] = int64_t(num());
      if (v.shape[d] < 0) throw KernelError("[native] negative size", true);
    }
    for (int d = 0; d < v.ndim; d++) v.strides[d] = int64_t(num());
    data(v.data, v.length, v.dtype);
    return v;
  }
};

template <class F> Napi::Value guarded(const Napi::CallbackInfo& info, F&& f) {
  Napi::Env env = info.Env();
  try {
    return f();
  } catch (const KernelError& e) {
    if (e.range) napi_throw_range_error(env, nullptr, e.what());
    else napi_throw_error(env, nullptr, e.what());
  } catch (const std::bad_alloc&) {
    napi_throw_range_error(env, nullptr, "[native] out of memory");
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string("[native] ") + e.what()).c_str());
  } catch (...) {
    napi_throw_error(env, nullptr, "[native] unknown C++ exception");
  }
  return env.Undefined();
}

#define ANT_FN(name) Napi::Value name(const Napi::CallbackInfo& info) { return guarded(info, [&]() -> Napi::Value {
#define ANT_END }); }

ANT_FN(Init)
  napi_typedarray_type type;
  size_t length;
  void* p;
  napi_value ab;
  size_t off;
  if (info.Length() < 1 || napi_get_typedarray_info(info.Env(), info[0], &type, &length, &p, &ab, &off) != napi_ok ||
      type != napi_float64_array)
    throw KernelError("[native] init expects a Float64Array");
  if (g_metaRef != nullptr) napi_delete_reference(info.Env(), g_metaRef);
  napi_create_reference(info.Env(), info[0], 1, &g_metaRef);
  g_meta = static_cast<double*>(p);
  g_metaLen = length;
  return info.Env().Undefined();
ANT_END

// meta: op (UnaryCode), x, out
ANT_FN(Unary)
  Args a(info);
  int op = a.code(ant::kNumUnary, "unary");
  View x = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::unaryOp(op, x, out));
ANT_END

// meta: op (BinaryCode), a, b, out
ANT_FN(Binary)
  Args a(info);
  int op = a.code(ant::kNumBinary, "binary");
  View x = a.view(), y = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::binaryOp(op, x, y, out));
ANT_END

// meta: src, dst
ANT_FN(Copy)
  Args a(info);
  View src = a.view(), dst = a.view();
  ant::copyOp(src, dst);
  return info.Env().Undefined();
ANT_END

// meta: dst; fill(dst, value: number | bigint)
ANT_FN(Fill)
  Args a(info);
  View dst = a.view();
  napi_value v = info[a.arg];
  napi_valuetype t;
  napi_typeof(info.Env(), v, &t);
  if (t == napi_bigint) {
    int64_t iv;
    bool lossless;
    napi_get_value_bigint_int64(info.Env(), v, &iv, &lossless);  // wraps mod 2^64 like BigInt.asIntN
    ant::fillOp(dst, double(iv), true, iv);
  } else {
    double d;
    if (napi_get_value_double(info.Env(), v, &d) != napi_ok) throw KernelError("[fill] expected a number or bigint value");
    ant::fillOp(dst, d, false, 0);
  }
  return info.Env().Undefined();
ANT_END

// meta: cond, a, b, out
ANT_FN(Where)
  Args a(info);
  View c = a.view(), x = a.view(), y = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::whereOp(c, x, y, out));
ANT_END

// meta: op (ReduceCode), ndims, dims..., x, out
ANT_FN(Reduce)
  Args a(info);
  int op = a.code(ant::kNumReduce, "reduce"), nd = a.i32();
  int dims[ant::kMaxDims];
  if (nd < 0 || nd > ant::kMaxDims) throw KernelError("[reduce] too many dims", true);
  for (int i = 0; i < nd; i++) dims[i] = a.i32();
  View x = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::reduceOp(op, x, dims, nd, out));
ANT_END

// meta: op (ScanCode), dim, x, out
ANT_FN(Scan)
  Args a(info);
  int op = a.code(ant::kNumScan, "scan"), dim = a.i32();
  View x = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::scanOp(op, x, dim, out));
ANT_END

// meta: a, b, out
ANT_FN(Matmul)
  Args a(info);
  View x = a.view(), y = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::matmulOp(x, y, out));
ANT_END

// meta: dim, x, index, out
ANT_FN(Gather)
  Args a(info);
  int dim = a.i32();
  View x = a.view(), idx = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::gatherOp(x, dim, idx, out));
ANT_END

// meta: dim, reduce (ScatterReduceCode), dst, index, src
ANT_FN(Scatter)
  Args a(info);
  int dim = a.i32(), reduce = a.code(ant::kNumScatterReduce, "scatterReduce");
  View dst = a.view(), idx = a.view(), src = a.view();
  return Napi::Boolean::New(info.Env(), ant::scatterOp(dst, dim, idx, src, reduce));
ANT_END

// meta: dim, x, index, out
ANT_FN(IndexSelect)
  Args a(info);
  int dim = a.i32();
  View x = a.view(), idx = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::indexSelectOp(x, dim, idx, out));
ANT_END

// meta: accumulate, k, dst, idx_0..idx_{k-1}, values
ANT_FN(IndexPut)
  Args a(info);
  bool acc = a.i32() != 0;
  int k = a.i32();
  if (k < 1 || k > ant::kMaxDims) throw KernelError("[indexPut] bad number of index tensors", true);
  View dst = a.view();
  std::vector<View> idx(static_cast<size_t>(k));
  for (int i = 0; i < k; i++) idx[size_t(i)] = a.view();
  View vals = a.view();
  return Napi::Boolean::New(info.Env(), ant::indexPutOp(dst, idx.data(), k, vals, acc));
ANT_END

// meta: x
ANT_FN(Nonzero)
  Args a(info);
  View x = a.view();
  std::vector<int64_t> hits = ant::nonzeroOp(x);
  Napi::Float64Array out = Napi::Float64Array::New(info.Env(), hits.size());
  double* o = out.Data();
  for (size_t i = 0; i < hits.size(); i++) o[i] = double(hits[i]);
  return out;
ANT_END

// meta: dim, descending, x, values, indices
ANT_FN(Sort)
  Args a(info);
  int dim = a.i32();
  bool desc = a.i32() != 0;
  View x = a.view(), vals = a.view(), idx = a.view();
  return Napi::Boolean::New(info.Env(), ant::sortOp(x, dim, desc, vals, idx));
ANT_END

ANT_FN(SetNumThreads)
  ant::setNumThreads(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
ANT_END

ANT_FN(GetNumThreads)
  return Napi::Number::New(info.Env(), ant::getNumThreads());
ANT_END

// { unary: ["neg", …], binary: […], … }: each family of names.h, names in code order.
ANT_FN(KernelNames)
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  for (const ant::KernelFamily& f : ant::kKernelFamilies) {
    Napi::Array names = Napi::Array::New(env, size_t(f.count));
    for (int i = 0; i < f.count; i++) names.Set(uint32_t(i), f.names[i]);
    o.Set(f.family, names);
  }
  return o;
ANT_END

// { bool: 0, uint8: 1, … }: the dtype codes of view descriptors (ANT_DTYPE_LIST).
ANT_FN(DtypeCodes)
  Napi::Object o = Napi::Object::New(info.Env());
  for (int i = 0; i < ant::NDTYPES; i++) o.Set(ant::kDTypeNames[i], i);
  return o;
ANT_END

ANT_FN(Info)
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("isa", ant::isaName(ant::activeIsa()));
  o.Set("detectedIsa", ant::isaName(ant::detectIsa()));
  o.Set("threads", ant::getNumThreads());
  o.Set("physicalCores", ant::physicalCores());
  o.Set("maxDims", ant::kMaxDims);
  return o;
ANT_END

// ---- fused fast paths (fused.cc); a leading flag in meta marks each optional view ----------
// meta: relu, hasBias, x, w, [b], out
ANT_FN(FusedLinear)
  Args a(info);
  bool relu = a.i32() != 0, hasB = a.i32() != 0;
  View x = a.view(), w = a.view();
  View b;
  if (hasB) b = a.view();
  View out = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedLinear(x, w, hasB ? &b : nullptr, relu, out));
ANT_END

// meta: hasBias, geom[8], x, w, [b], out
ANT_FN(FusedConv2d)
  Args a(info);
  bool hasB = a.i32() != 0;
  int64_t geom[8];
  for (int64_t& v : geom) v = a.i32();
  View x = a.view(), w = a.view();
  View b;
  if (hasB) b = a.view();
  View out = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedConv2d(x, w, hasB ? &b : nullptr, out, geom));
ANT_END

// meta: hasGradX, hasGradW, hasGradB, geom[8], x, w, gradOut, [gradX], [gradW], [gradB]
ANT_FN(FusedConv2dBackward)
  Args a(info);
  bool hx = a.i32() != 0, hw = a.i32() != 0, hb = a.i32() != 0;
  int64_t geom[8];
  for (int64_t& v : geom) v = a.i32();
  View x = a.view(), w = a.view(), go = a.view();
  View gx, gw, gb;
  if (hx) gx = a.view();
  if (hw) gw = a.view();
  if (hb) gb = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedConv2dBackward(x, w, go, hx ? &gx : nullptr, hw ? &gw : nullptr,
                                                                 hb ? &gb : nullptr, geom));
ANT_END

// meta: params[8], x, out, indices
ANT_FN(FusedMaxPool2d)
  Args a(info);
  int64_t p[8];
  for (int64_t& v : p) v = a.i32();
  View x = a.view(), out = a.view(), idx = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedMaxPool2d(x, out, idx, p));
ANT_END

// meta: gradOut, indices, gradX
ANT_FN(FusedMaxPool2dBackward)
  Args a(info);
  View go = a.view(), idx = a.view(), gx = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedMaxPool2dBackward(go, idx, gx));
ANT_END

// meta: y, g, out
ANT_FN(FusedReluBackward)
  Args a(info);
  View y = a.view(), g = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedReluBackward(y, g, out));
ANT_END

// meta: form (SoftmaxCode), x, out
ANT_FN(FusedSoftmax)
  Args a(info);
  static_assert(ant::kNumSoftmax == 2, "softmax and logSoftmax: a new form needs its branch here");
  bool logForm = a.code(ant::kNumSoftmax, "softmax") == ant::kLogSoftmax;
  View x = a.view(), out = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedSoftmax(x, out, logForm));
ANT_END

// meta: ignoreIndex, reduction (LossReductionCode), hasWeight, logits, targets, [weight], loss, dlogits
ANT_FN(FusedCrossEntropy)
  Args a(info);
  int64_t ignore = int64_t(a.num());
  int red = a.code(ant::kNumLossReduction, "lossReduction");
  bool hasW = a.i32() != 0;
  View x = a.view(), t = a.view();
  View w;
  if (hasW) w = a.view();
  View loss = a.view(), dx = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedCrossEntropy(x, t, hasW ? &w : nullptr, ignore, red, loss, dx));
ANT_END

// meta: lr, momentum, dampening, weightDecay, nesterov, maximize, hasBuf, p, grad, [buf]
ANT_FN(FusedSgd)
  Args a(info);
  ant::SgdArgs s{};
  s.lr = a.num(), s.momentum = a.num(), s.dampening = a.num(), s.weightDecay = a.num();
  s.nesterov = a.i32() != 0, s.maximize = a.i32() != 0;
  bool hasBuf = a.i32() != 0;
  View p = a.view(), g = a.view();
  View buf;
  if (hasBuf) buf = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedSgd(p, g, hasBuf ? &buf : nullptr, s));
ANT_END

// meta: lr, beta1, beta2, eps, weightDecay, bc1, bc2, decoupled, maximize, hasMax, p, grad, m, v, [vmax]
ANT_FN(FusedAdam)
  Args a(info);
  ant::AdamArgs s{};
  s.lr = a.num(), s.beta1 = a.num(), s.beta2 = a.num(), s.eps = a.num(), s.weightDecay = a.num(), s.bc1 = a.num();
  s.bc2 = a.num();
  s.decoupled = a.i32() != 0, s.maximize = a.i32() != 0;
  bool hasMax = a.i32() != 0;
  View p = a.view(), g = a.view(), m = a.view(), v = a.view();
  View vmax;
  if (hasMax) vmax = a.view();
  return Napi::Boolean::New(info.Env(), ant::fusedAdam(p, g, m, v, hasMax ? &vmax : nullptr, s));
ANT_END

// Tensor storage is allocated per op and freed by V8's GC. glibc serves blocks above its mmap
// threshold (128 KB at first) with fresh mmaps, so every such output faults its pages in again:
// a [128, 784] float32 weight gradient took 323 µs with 1.09M page faults per 20k calls, 218 µs
// with 52k once blocks up to 32 MB come from the heap and freed memory is kept for reuse (what
// PyTorch's caching allocator achieves). ANTORCHA_MALLOC_TUNING=0 keeps glibc's defaults.
void tuneMalloc() {
#if defined(__GLIBC__)
  const char* env = std::getenv("ANTORCHA_MALLOC_TUNING");
  if (env != nullptr && std::strcmp(env, "0") == 0) return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  tuneMalloc();
  auto add = [&](const char* name, Napi::Value (*f)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, f, name));
  };
  add("init", Init);
  add("unary", Unary);
  add("binary", Binary);
  add("copy", Copy);
  add("fill", Fill);
  add("where", Where);
  add("reduce", Reduce);
  add("scan", Scan);
  add("matmul", Matmul);
  add("gather", Gather);
  add("scatter", Scatter);
  add("indexSelect", IndexSelect);
  add("indexPut", IndexPut);
  add("nonzero", Nonzero);
  add("sort", Sort);
  add("setNumThreads", SetNumThreads);
  add("getNumThreads", GetNumThreads);
  add("info", Info);
  add("kernelNames", KernelNames);
  add("dtypeCodes", DtypeCodes);
  add("fusedLinear", FusedLinear);
  add("fusedSoftmax", FusedSoftmax);
  add("fusedCrossEntropy", FusedCrossEntropy);
  add("fusedSgd", FusedSgd);
  add("fusedAdam", FusedAdam);
  add("fusedConv2d", FusedConv2d);
  add("fusedMaxPool2d", FusedMaxPool2d);
  add("fusedConv2dBackward", FusedConv2dBackward);
  add("fusedMaxPool2dBackward", FusedMaxPool2dBackward);
  add("fusedReluBackward", FusedReluBackward);
  return exports;
}

}  // namespace

NODE_API_MODULE(antorcha_native, InitModule)
