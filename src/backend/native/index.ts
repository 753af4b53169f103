/**
 * The native CPU backend: C++ kernels (native/) behind the same contract as the reference
 * backend. This file only packs views and calls the addon; no math lives here.
 *
 * Ops cross into C++ by name: the addon exports the names of its kernels and its dtype codes,
 * and kernels.ts checks them against the TypeScript lists before this backend is built (an op
 * that is neither native nor in NATIVE_GAPS, or a name TS does not know, keeps it from loading).
 *
 * What runs natively (everything else delegates to the reference kernel, explicitly):
 * | kernel                    | native dtypes                                 | delegated to reference            |
 * |---------------------------|-----------------------------------------------|-----------------------------------|
 * | unary, binary (all ops)   | all 10 (SIMD-dispatched loops for f32/f64)     | out dtype not input's or bool     |
 * | reduce (all 8), scan      | all 10                                        | —                                 |
 * | copy (cast), fill         | all 10 × 10                                   | —                                 |
 * | where                     | a/b/out one dtype, integer/bool condition     | float conditions, mixed dtypes    |
 * | matmul                    | float32, float64 (packed GEMM, AVX-512/AVX2)   | integer and 16-bit float dtypes   |
 * | gather, indexSelect       | all 10 (raw element moves)                    | —                                 |
 * | scatter, indexPut         | all 10                                        | —                                 |
 * | nonzero, sort             | all 10                                        | —                                 |
 * Ops listed in NATIVE_GAPS (kernels.ts; none today) run the reference kernel. Views with more
 * than 16 dims always go to the reference. A `false` return from the addon means "not native
 * for these dtypes" and also falls back, so the table above can only err on the safe side.
 *
 * Calling convention, mirrored in native/binding/addon.cc: every number of a call goes into the
 * shared Float64Array `meta` from meta[0]: first the call's scalars (op code, dims, flags), then
 * one descriptor per view, written by put():
 *     [dtype code, ndim, offset, shape[0..ndim), strides[0..ndim)]   (offset, strides in elements)
 * and the views' typed arrays are the call's arguments, in the same order. Op, mode and dtype
 * codes are the addon's own (kernelNames(), dtypeCodes()), looked up here by name.
 */
import { describe } from "../../util/args.js";
import type { DType } from "../../tensor/dtype.js";
import {
  BINARY_OPS,
  REDUCE_OPS,
  SCAN_OPS,
  UNARY_OPS,
  type Backend,
  type BinaryOp,
  type ReduceOp,
  type ScanOp,
  type ScatterReduce,
  type UnaryOp,
  type View,
} from "../backend.js";
import { referenceBackend as ref } from "../reference/index.js";
import { addon, loadError, type NativeAddon } from "./addon.js";
import type { Conv2dGeom, FusedKernels } from "../fused.js";
import {
  compareKernelNames,
  NATIVE_FAMILIES,
  NATIVE_GAPS,
  resolveDtypeCodes,
  resolveKernelCodes,
  type FamilyCoverage,
  type KernelCodes,
  type NativeFamily,
  type NativeGaps,
} from "./kernels.js";

export { NATIVE_GAPS, NATIVE_FAMILIES, type FamilyCoverage, type NativeFamily, type NativeGaps } from "./kernels.js";

/**
 * The addon's dtype codes (dtypeCodes()), filled in when it loads. Spelled out as a literal so
 * that put()'s lookup stays a fixed-shape property load; -1 until then.
 */
const DTYPE_CODE: Record<DType, number> = {
  bool: -1,
  uint8: -1,
  int8: -1,
  int16: -1,
  int32: -1,
  int64: -1,
  float16: -1,
  bfloat16: -1,
  float32: -1,
  float64: -1,
};
const MAX_DIMS = 16;
/**
 * Below this many output elements an elementwise op runs on the TypeScript kernel: a call into
 * the addon costs about 1 µs, more than the work itself (measured: 1-element add 2.7 µs native
 * vs 1.2 µs in TS). Both implement the same scalar semantics.
 */
const TINY = 32;

function numel(v: View): number {
  let n = 1;
  for (const s of v.shape) n *= s;
  return n;
}
const meta = new Float64Array(2048);
let pos = 0;

function fits(...vs: readonly View[]): boolean {
  for (const v of vs) if (v.shape.length > MAX_DIMS) return false;
  return true;
}

function sameShape(a: View, b: View): boolean {
  const n = a.shape.length;
  if (b.shape.length !== n) return false;
  for (let i = 0; i < n; i++) if (a.shape[i] !== b.shape[i]) return false;
  return true;
}

/** Calls a kernel that takes only views (no scalars in meta); false when it is missing or a view has too many dims. */
function callViews(kernel: ((...arrays: ArrayBufferView[]) => boolean) | undefined, ...vs: View[]): boolean {
  if (!kernel || !fits(...vs)) return false;
  pos = 0;
  for (const v of vs) put(v);
  return kernel(...vs.map((v) => v.data));
}

/** Appends the view descriptor [dtype code, ndim, offset, shape..., strides...] to meta. */
function put(v: View): void {
  const nd = v.shape.length;
  meta[pos] = DTYPE_CODE[v.dtype];
  meta[pos + 1] = nd;
  meta[pos + 2] = v.offset;
  let p = pos + 3;
  for (let i = 0; i < nd; i++) meta[p++] = v.shape[i]!;
  for (let i = 0; i < nd; i++) meta[p++] = v.strides[i]!;
  pos = p;
}

type Codes = KernelCodes<typeof NATIVE_FAMILIES>;

function build(n: NativeAddon, codes: Codes): Backend {
  n.init(meta);
  // An op in NATIVE_GAPS has no code: its entry is the reference kernel itself.
  const unary = Object.fromEntries(
    UNARY_OPS.map((op) => {
      const code = codes.unary.get(op);
      if (code === undefined) return [op, ref.unary[op]];
      return [
        op,
        (x: View, out: View): void => {
          if (!fits(x, out) || !sameShape(x, out) || numel(out) < TINY) return ref.unary[op](x, out);
          meta[0] = code;
          pos = 1;
          put(x);
          put(out);
          if (!n.unary(x.data, out.data)) ref.unary[op](x, out);
        },
      ];
    }),
  ) as Record<UnaryOp, (x: View, out: View) => void>;

  const binary = Object.fromEntries(
    BINARY_OPS.map((op) => {
      const code = codes.binary.get(op);
      if (code === undefined) return [op, ref.binary[op]];
      return [
        op,
        (a: View, b: View, out: View): void => {
          if (!fits(a, b, out) || !sameShape(a, out) || !sameShape(b, out) || numel(out) < TINY) {
            return ref.binary[op](a, b, out);
          }
          meta[0] = code;
          pos = 1;
          put(a);
          put(b);
          put(out);
          if (!n.binary(a.data, b.data, out.data)) ref.binary[op](a, b, out);
        },
      ];
    }),
  ) as Record<BinaryOp, (a: View, b: View, out: View) => void>;

  const reduce = Object.fromEntries(
    REDUCE_OPS.map((op) => {
      const code = codes.reduce.get(op);
      if (code === undefined) return [op, ref.reduce[op]];
      return [
        op,
        (x: View, dims: readonly number[], out: View): void => {
          if (!fits(x, out) || x.shape.length !== out.shape.length) return ref.reduce[op](x, dims, out);
          meta[0] = code;
          meta[1] = dims.length;
          pos = 2;
          for (const d of dims) meta[pos++] = d;
          put(x);
          put(out);
          if (!n.reduce(x.data, out.data)) ref.reduce[op](x, dims, out);
        },
      ];
    }),
  ) as Record<ReduceOp, (x: View, dims: readonly number[], out: View) => void>;

  const scan = Object.fromEntries(
    SCAN_OPS.map((op) => {
      const code = codes.scan.get(op);
      if (code === undefined) return [op, ref.scan[op]];
      return [
        op,
        (x: View, dim: number, out: View): void => {
          if (!fits(x, out) || !sameShape(x, out)) return ref.scan[op](x, dim, out);
          meta[0] = code;
          meta[1] = dim;
          pos = 2;
          put(x);
          put(out);
          if (!n.scan(x.data, out.data)) ref.scan[op](x, dim, out);
        },
      ];
    }),
  ) as Record<ScanOp, (x: View, dim: number, out: View) => void>;

  return {
    name: "native",
    fused: n.fusedLinear
      ? { ...fusedKernels(n, codes), relu: (x: View, out: View) => (unary.relu(x, out), true) }
      : undefined,
    unary,
    binary,
    reduce,
    scan,
    copy(src, dst) {
      if (!fits(src, dst) || !sameShape(src, dst)) return ref.copy(src, dst);
      pos = 0;
      put(src);
      put(dst);
      n.copy(src.data, dst.data);
    },
    fill(dst, value) {
      if (!fits(dst)) return ref.fill(dst, value);
      pos = 0;
      put(dst);
      n.fill(dst.data, value);
    },
    where(cond, a, b, out) {
      if (!fits(cond, a, b, out) || !sameShape(cond, out) || !sameShape(a, out) || !sameShape(b, out))
        return ref.where(cond, a, b, out);
      pos = 0;
      put(cond);
      put(a);
      put(b);
      put(out);
      if (!n.where(cond.data, a.data, b.data, out.data)) ref.where(cond, a, b, out);
    },
    matmul(a, b, out) {
      const ok =
        a.shape.length === 3 &&
        b.shape.length === 3 &&
        out.shape.length === 3 &&
        a.shape[0] === b.shape[0] &&
        a.shape[0] === out.shape[0] &&
        a.shape[2] === b.shape[1] &&
        out.shape[1] === a.shape[1] &&
        out.shape[2] === b.shape[2];
      if (!ok) return ref.matmul(a, b, out);
      pos = 0;
      put(a);
      put(b);
      put(out);
      if (!n.matmul(a.data, b.data, out.data)) ref.matmul(a, b, out);
    },
    gather(x, dim, index, out) {
      if (
        !fits(x, index, out) ||
        index.dtype !== "int64" ||
        !sameShape(index, out) ||
        x.shape.length !== index.shape.length
      )
        return ref.gather(x, dim, index, out);
      meta[0] = dim;
      pos = 1;
      put(x);
      put(index);
      put(out);
      if (!n.gather(x.data, index.data, out.data)) ref.gather(x, dim, index, out);
    },
    scatter(dst, dim, index, src, mode: ScatterReduce) {
      const code = codes.scatterReduce.get(mode);
      if (
        code === undefined ||
        !fits(dst, index, src) ||
        index.dtype !== "int64" ||
        dst.shape.length !== index.shape.length ||
        src.shape.length !== index.shape.length
      )
        return ref.scatter(dst, dim, index, src, mode);
      meta[0] = dim;
      meta[1] = code;
      pos = 2;
      put(dst);
      put(index);
      put(src);
      if (!n.scatter(dst.data, index.data, src.data)) ref.scatter(dst, dim, index, src, mode);
    },
    indexSelect(x, dim, index, out) {
      if (!fits(x, index, out) || index.dtype !== "int64" || x.shape.length !== out.shape.length)
        return ref.indexSelect(x, dim, index, out);
      meta[0] = dim;
      pos = 1;
      put(x);
      put(index);
      put(out);
      if (!n.indexSelect(x.data, index.data, out.data)) ref.indexSelect(x, dim, index, out);
    },
    indexPut(dst, indices, values, accumulate) {
      if (
        indices.length === 0 ||
        indices.length > MAX_DIMS ||
        !fits(dst, values, ...indices) ||
        indices.some((i) => i.dtype !== "int64" || !sameShape(i, indices[0]!))
      ) {
        return ref.indexPut(dst, indices, values, accumulate);
      }
      meta[0] = accumulate ? 1 : 0;
      meta[1] = indices.length;
      pos = 2;
      put(dst);
      for (const i of indices) put(i);
      put(values);
      if (!n.indexPut(dst.data, ...indices.map((i) => i.data), values.data))
        ref.indexPut(dst, indices, values, accumulate);
    },
    nonzero(x) {
      if (!fits(x)) return ref.nonzero(x);
      pos = 0;
      put(x);
      return n.nonzero(x.data);
    },
    sort(x, dim, descending, stable, values, indices) {
      if (!fits(x, values, indices) || !sameShape(x, values) || !sameShape(x, indices) || indices.dtype !== "int64")
        return ref.sort(x, dim, descending, stable, values, indices);
      meta[0] = dim;
      meta[1] = descending ? 1 : 0;
      pos = 2;
      put(x);
      put(values);
      put(indices);
      // Native sort is always stable, which satisfies stable=false too.
      if (!n.sort(x.data, values.data, indices.data)) ref.sort(x, dim, descending, stable, values, indices);
    },
  };
}

/** Writes a conv geometry into meta at `at` (8 numbers); returns how many it wrote. */
function putGeom(g: Conv2dGeom, at: number): number {
  const vals = [...g.stride, ...g.padTopLeft, ...g.dilation, ...g.outSize];
  for (let i = 0; i < 8; i++) meta[at + i] = vals[i]!;
  return 8;
}

/** The fused fast paths (native/kernels/fused.cc); each returns false to decline. */
function fusedKernels(n: NativeAddon, codes: Codes): FusedKernels {
  const b = (x: boolean): number => (x ? 1 : 0);
  const softmaxCode = codes.softmax.get("softmax");
  const logSoftmaxCode = codes.softmax.get("logSoftmax");
  return {
    linear(x, w, bias, relu, out) {
      if (!fits(x, w, out)) return false;
      meta[0] = b(relu);
      meta[1] = b(bias !== null);
      pos = 2;
      put(x);
      put(w);
      if (bias) put(bias);
      put(out);
      return bias ? n.fusedLinear!(x.data, w.data, bias.data, out.data) : n.fusedLinear!(x.data, w.data, out.data);
    },
    softmax(x, out) {
      if (softmaxCode === undefined || !fits(x, out)) return false;
      meta[0] = softmaxCode;
      pos = 1;
      put(x);
      put(out);
      return n.fusedSoftmax!(x.data, out.data);
    },
    logSoftmax(x, out) {
      if (logSoftmaxCode === undefined || !fits(x, out)) return false;
      meta[0] = logSoftmaxCode;
      pos = 1;
      put(x);
      put(out);
      return n.fusedSoftmax!(x.data, out.data);
    },
    crossEntropy(x, t, w, ignoreIndex, reduction, loss, dx) {
      const code = codes.lossReduction.get(reduction);
      if (code === undefined) return false;
      meta[0] = ignoreIndex;
      meta[1] = code;
      meta[2] = b(w !== null);
      pos = 3;
      put(x);
      put(t);
      if (w) put(w);
      put(loss);
      put(dx);
      return w
        ? n.fusedCrossEntropy!(x.data, t.data, w.data, loss.data, dx.data)
        : n.fusedCrossEntropy!(x.data, t.data, loss.data, dx.data);
    },
    sgdStep(p, g, buf, a) {
      meta[0] = a.lr;
      meta[1] = a.momentum;
      meta[2] = a.dampening;
      meta[3] = a.weightDecay;
      meta[4] = b(a.nesterov);
      meta[5] = b(a.maximize);
      meta[6] = b(buf !== null);
      pos = 7;
      put(p);
      put(g);
      if (buf) put(buf);
      return buf ? n.fusedSgd!(p.data, g.data, buf.data) : n.fusedSgd!(p.data, g.data);
    },
    conv2d(x, w, bias, out, g) {
      if (!n.fusedConv2d) return false;
      meta[0] = b(bias !== null);
      pos = 1 + putGeom(g, 1);
      put(x);
      put(w);
      if (bias) put(bias);
      put(out);
      return bias ? n.fusedConv2d(x.data, w.data, bias.data, out.data) : n.fusedConv2d(x.data, w.data, out.data);
    },
    maxPool2d(x, out, indices, g) {
      if (!n.fusedMaxPool2d) return false;
      const vals = [...g.kernel, ...g.stride, ...g.padding, ...g.dilation];
      for (let i = 0; i < 8; i++) meta[i] = vals[i]!;
      pos = 8;
      put(x);
      put(out);
      put(indices);
      return n.fusedMaxPool2d(x.data, out.data, indices.data);
    },
    maxPool2dBackward: (go, indices, gx) => callViews(n.fusedMaxPool2dBackward, go, indices, gx),
    reluBackward: (y, g, out) => callViews(n.fusedReluBackward, y, g, out),
    conv2dBackward(x, w, go, gx, gw, gb, g) {
      if (!n.fusedConv2dBackward) return false;
      meta[0] = b(gx !== null);
      meta[1] = b(gw !== null);
      meta[2] = b(gb !== null);
      pos = 3 + putGeom(g, 3);
      put(x);
      put(w);
      put(go);
      const outs = [gx, gw, gb].filter((v): v is View => v !== null);
      for (const o of outs) put(o);
      return n.fusedConv2dBackward(x.data, w.data, go.data, ...outs.map((o) => o.data));
    },
    adamStep(p, g, m, v, vmax, a) {
      meta[0] = a.lr;
      meta[1] = a.beta1;
      meta[2] = a.beta2;
      meta[3] = a.eps;
      meta[4] = a.weightDecay;
      meta[5] = 1 - a.beta1 ** a.step; // bias corrections as the composite computes them
      meta[6] = 1 - a.beta2 ** a.step;
      meta[7] = b(a.decoupled);
      meta[8] = b(a.maximize);
      meta[9] = b(vmax !== null);
      pos = 10;
      put(p);
      put(g);
      put(m);
      put(v);
      if (vmax) put(vmax);
      return vmax
        ? n.fusedAdam!(p.data, g.data, m.data, v.data, vmax.data)
        : n.fusedAdam!(p.data, g.data, m.data, v.data);
    },
  };
}

/**
 * Builds the native backend over an addon after checking its kernel names and dtype codes
 * against TypeScript's (kernels.ts); throws, naming every disagreement, when they differ. Ops
 * in `gaps` run the reference kernel. Antorcha calls it once; tests build it over wrappers of
 * the loaded addon (all share one `meta` buffer and dtype-code table, so wrap, never replace).
 */
export function createNativeBackend(n: NativeAddon, gaps: NativeGaps = NATIVE_GAPS): Backend {
  if (typeof n.kernelNames !== "function" || typeof n.dtypeCodes !== "function") {
    throw new Error(
      "[native] the addon exports no kernelNames()/dtypeCodes(): it predates name-keyed kernels; rebuild it (npx node-gyp rebuild)",
    );
  }
  const codes = resolveKernelCodes(n.kernelNames(), NATIVE_FAMILIES, gaps);
  Object.assign(DTYPE_CODE, resolveDtypeCodes(n.dtypeCodes()));
  return build(n, codes);
}

/** The backend, or why the addon's names refuse it (antorcha then runs the reference backend and says so once). */
function load(n: NativeAddon): { backend: Backend; refusal: null } | { backend: null; refusal: string } {
  try {
    return { backend: createNativeBackend(n), refusal: null };
  } catch (e) {
    return { backend: null, refusal: e instanceof Error ? e.message : String(e) };
  }
}

const loaded = addon === null ? null : load(addon);

/**
 * The native backend, or null when the addon is not built or its kernels disagree with the
 * TypeScript op lists (antorcha then uses "reference"; nativeInfo().reason says why).
 */
export const nativeBackend: Backend | null = loaded?.backend ?? null;

/** How the native addon covers each family of names (for `npm run coverage` and tests). */
export interface NativeCoverage {
  /** Whether the native backend loaded (the addon is built and its names agree with TS). */
  readonly available: boolean;
  /** Why it did not load (null when it did). */
  readonly reason: string | null;
  /** Per family: native names, gaps, and any disagreement; null when no addon loaded. */
  readonly families: { readonly [F in NativeFamily]: FamilyCoverage } | null;
}

/** Native kernel coverage per family: what runs natively, what is delegated (NATIVE_GAPS), what disagrees. */
export function nativeKernelCoverage(): NativeCoverage {
  const reason = loadError ?? loaded?.refusal ?? null;
  if (addon === null) return { available: false, reason, families: null };
  const names = typeof addon.kernelNames === "function" ? addon.kernelNames() : undefined;
  const { coverage } = compareKernelNames(names, NATIVE_FAMILIES, NATIVE_GAPS);
  return { available: nativeBackend !== null, reason, families: coverage };
}

/** What the native core runs with: the ISA picked at load and the thread count. */
export function nativeInfo(): {
  available: boolean;
  isa: string | null;
  detectedIsa: string | null;
  threads: number;
  physicalCores: number;
  reason: string | null;
} {
  if (addon === null || loaded?.refusal)
    return {
      available: false,
      isa: null,
      detectedIsa: null,
      threads: 1,
      physicalCores: 1,
      reason: loadError ?? loaded?.refusal ?? null,
    };
  const i = addon.info();
  return {
    available: true,
    isa: i.isa,
    detectedIsa: i.detectedIsa,
    threads: i.threads,
    physicalCores: i.physicalCores,
    reason: null,
  };
}

/** Sets the native thread count (default: physical cores). Results do not depend on it. */
export function setNumThreads(n: number): void {
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new TypeError(`[setNumThreads] expected a positive integer: got ${describe(n)}`);
  }
  if (n < 1) throw new RangeError(`[setNumThreads] expected a positive integer: got ${n}`);
  addon?.setNumThreads(n);
}

/** The native thread count (1 when the addon is not built). */
export function getNumThreads(): number {
  return addon?.getNumThreads() ?? 1;
}
