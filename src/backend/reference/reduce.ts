/**
 * Reference reductions and scans. Accumulation is in float64, except a floating sum over one
 * contiguous run, which follows PyTorch's cascade order and accumulator type (`cascadeSum`).
 */
import { contiguousStrides } from "../../tensor/shape.js";
import { REDUCE_OPS, SCAN_OPS, type ReduceOp, type ScanOp, type View } from "../backend.js";
import { dropDim, offsets, reader, writer } from "./iter.js";

/** For each element of `x`, the row-major position of its cell in the keepdim output. */
function outPositions(shape: readonly number[], dims: readonly number[]): Float64Array {
  const outShape = shape.map((s, i) => (dims.includes(i) ? 1 : s));
  const st = contiguousStrides(outShape).map((s, i) => (dims.includes(i) ? 0 : s));
  return offsets({ data: new Float64Array(0), dtype: "float64", shape, strides: st, offset: 0 });
}

/** For each element, its row-major position within the reduced sub-space (for argmax/argmin). */
function reducedPositions(shape: readonly number[], dims: readonly number[]): Float64Array {
  const sub = dims.map((d) => shape[d]!);
  const subStrides = contiguousStrides(sub);
  const st = shape.map((_, i) => {
    const k = dims.indexOf(i);
    return k < 0 ? 0 : subStrides[k]!;
  });
  return offsets({ data: new Float64Array(0), dtype: "float64", shape, strides: st, offset: 0 });
}

type Acc = { init: number; step: (acc: number, x: number) => number };

const ACC: Record<Exclude<ReduceOp, "argmax" | "argmin">, Acc> = {
  sum: { init: 0, step: (a, x) => a + x },
  prod: { init: 1, step: (a, x) => a * x },
  // NaN propagates: once the accumulator is NaN it stays NaN.
  amax: { init: -Infinity, step: (a, x) => (Number.isNaN(a) ? a : x > a || Number.isNaN(x) ? x : a) },
  amin: { init: Infinity, step: (a, x) => (Number.isNaN(a) ? a : x < a || Number.isNaN(x) ? x : a) },
  all: { init: 1, step: (a, x) => (a !== 0 && x !== 0 ? 1 : 0) },
  any: { init: 0, step: (a, x) => (a !== 0 || x !== 0 ? 1 : 0) },
};

/** `nrows` cascaded sums of `size` items (PyTorch's `multi_row_sum`), lanes-wide when `lanes` > 1. */
function multiRowSum(
  nrows: number,
  lanes: number,
  size: number,
  load: (i: number, k: number, lane: number) => number,
  round: (v: number) => number,
): Float64Array[] {
  const levels = 4;
  const ceilLog2 = size <= 2 ? 1 : Math.ceil(Math.log2(size));
  const power = Math.max(4, Math.floor(ceilLog2 / levels));
  const step = 2 ** power;
  const acc = Array.from({ length: levels }, () => Array.from({ length: nrows }, () => new Float64Array(lanes)));
  const add = (a: Float64Array, i: number, k: number) => {
    for (let l = 0; l < lanes; l++) a[l] = round(a[l]! + load(i, k, l));
  };
  let i = 0;
  while (i + step <= size) {
    for (let j = 0; j < step; j++, i++) for (let k = 0; k < nrows; k++) add(acc[0]![k]!, i, k);
    for (let j = 1; j < levels; j++) {
      for (let k = 0; k < nrows; k++) {
        const hi = acc[j]![k]!;
        const lo = acc[j - 1]![k]!;
        for (let l = 0; l < lanes; l++) hi[l] = round(hi[l]! + lo[l]!);
        lo.fill(0);
      }
      // Carry on to level j + 1 only while i's bits [j·power, (j+1)·power) are all zero.
      if (Math.floor(i / 2 ** (j * power)) % step !== 0) break;
    }
  }
  for (; i < size; i++) for (let k = 0; k < nrows; k++) add(acc[0]![k]!, i, k);
  for (let j = 1; j < levels; j++)
    for (let k = 0; k < nrows; k++)
      for (let l = 0; l < lanes; l++) acc[0]![k]![l] = round(acc[0]![k]![l]! + acc[j]![k]![l]!);
  return acc[0]!;
}

/** PyTorch's `row_sum`: four interleaved cascaded sums of `lanes`-wide items, the tail into the first. */
function rowSum(
  lanes: number,
  size: number,
  load: (i: number, lane: number) => number,
  round: (v: number) => number,
): Float64Array {
  const rows = Math.floor(size / 4);
  const part = multiRowSum(4, lanes, rows, (i, k, l) => load(i * 4 + k, l), round);
  for (let i = rows * 4; i < size; i++) for (let l = 0; l < lanes; l++) part[0]![l] = round(part[0]![l]! + load(i, l));
  for (let k = 1; k < 4; k++) for (let l = 0; l < lanes; l++) part[0]![l] = round(part[0]![l]! + part[k]![l]!);
  return part[0]!;
}

/**
 * The sum of `n` items in PyTorch 1.13's order (aten `cascade_sum`, AVX2 build, one thread):
 * float accumulation for `f32` (8-lane vectors), double otherwise (4 lanes); see native/kernels/reduce.cc.
 */
export function cascadeSum(read: (i: number) => number, n: number, f32: boolean): number {
  const round = f32 ? Math.fround : (v: number) => v;
  const lanes = f32 ? 8 : 4;
  if (n < lanes) return rowSum(1, n, (i) => read(i), round)[0]!;
  const nv = Math.floor(n / lanes);
  const vs = rowSum(lanes, nv, (i, l) => read(i * lanes + l), round);
  let acc = 0;
  for (let i = nv * lanes; i < n; i++) acc = round(acc + read(i));
  for (let l = 0; l < lanes; l++) acc = round(acc + vs[l]!);
  return acc;
}

const FLOATS = new Set(["float16", "bfloat16", "float32", "float64"]);

/** The reduced dims as one run of stride 1 (PyTorch's contiguous inner reduction), or null. */
function contiguousRun(x: View, dims: readonly number[]): number | null {
  let n = 1;
  let stride = -1;
  for (let d = x.shape.length - 1; d >= 0; d--) {
    if (!dims.includes(d) || x.shape[d] === 1) continue;
    if (stride === -1 ? x.strides[d] !== 1 : x.strides[d] !== stride) return null;
    stride = x.strides[d]! * x.shape[d]!;
    n *= x.shape[d]!;
  }
  return n;
}

function floatSum(x: View, dims: readonly number[], out: View): boolean {
  if (!FLOATS.has(x.dtype) || !FLOATS.has(out.dtype)) return false;
  const n = contiguousRun(x, dims);
  if (n === null || n === 0) return false;
  const cells = offsets({ ...x, shape: x.shape.map((s, d) => (dims.includes(d) ? 1 : s)) });
  const rd = reader(x);
  const wr = writer(out);
  const outOffs = offsets(out);
  const f32 = x.dtype !== "float64" && out.dtype !== "float64";
  for (let c = 0; c < cells.length; c++) {
    const base = cells[c]!;
    wr(
      outOffs[c]!,
      cascadeSum((i) => rd(base + i), n, f32),
    );
  }
  return true;
}

function accumulate(op: keyof typeof ACC) {
  const { init, step } = ACC[op];
  return (x: View, dims: readonly number[], out: View): void => {
    if (op === "sum" && floatSum(x, dims, out)) return;
    const outOffs = offsets(out);
    const acc = new Float64Array(outOffs.length).fill(init);
    const pos = outPositions(x.shape, dims);
    const xo = offsets(x);
    const rd = reader(x);
    for (let i = 0; i < xo.length; i++) acc[pos[i]!] = step(acc[pos[i]!]!, rd(xo[i]!));
    const wr = writer(out);
    for (let i = 0; i < outOffs.length; i++) wr(outOffs[i]!, acc[i]!);
  };
}

function argReduce(better: (x: number, best: number) => boolean) {
  return (x: View, dims: readonly number[], out: View): void => {
    const outOffs = offsets(out);
    const best = new Float64Array(outOffs.length).fill(NaN);
    const bestIdx = new Float64Array(outOffs.length).fill(-1);
    const pos = outPositions(x.shape, dims);
    const sub = reducedPositions(x.shape, dims);
    const xo = offsets(x);
    const rd = reader(x);
    for (let i = 0; i < xo.length; i++) {
      const p = pos[i]!;
      const v = rd(xo[i]!);
      const b = best[p]!;
      // NaN wins and then sticks (PyTorch treats NaN as the extreme); first occurrence wins ties.
      if (bestIdx[p] === -1 || (!Number.isNaN(b) && (Number.isNaN(v) || better(v, b)))) {
        best[p] = v;
        bestIdx[p] = sub[i]!;
      }
    }
    const wr = writer(out);
    for (let i = 0; i < outOffs.length; i++) wr(outOffs[i]!, bestIdx[i]!);
  };
}

const REDUCERS: Record<ReduceOp, (x: View, dims: readonly number[], out: View) => void> = {
  sum: accumulate("sum"),
  prod: accumulate("prod"),
  amax: accumulate("amax"),
  amin: accumulate("amin"),
  all: accumulate("all"),
  any: accumulate("any"),
  argmax: argReduce((v, b) => v > b),
  argmin: argReduce((v, b) => v < b),
};
export const reduce = Object.fromEntries(REDUCE_OPS.map((op) => [op, REDUCERS[op]])) as typeof REDUCERS;

function scanKernel(step: (a: number, x: number) => number) {
  return (x: View, dim: number, out: View): void => {
    const n = x.shape[dim]!;
    const xs = offsets(dropDim(x, dim));
    const os = offsets(dropDim(out, dim));
    const rd = reader(x);
    const wr = writer(out);
    const line = new Float64Array(n);
    for (let l = 0; l < xs.length; l++) {
      let acc = NaN;
      for (let k = 0; k < n; k++) {
        const v = rd(xs[l]! + k * x.strides[dim]!);
        acc = k === 0 ? v : step(acc, v);
        line[k] = acc;
      }
      for (let k = 0; k < n; k++) wr(os[l]! + k * out.strides[dim]!, line[k]!);
    }
  };
}

const SCANS: Record<ScanOp, (x: View, dim: number, out: View) => void> = {
  cumsum: scanKernel((a, x) => a + x),
  cumprod: scanKernel((a, x) => a * x),
};
export const scan = Object.fromEntries(SCAN_OPS.map((op) => [op, SCANS[op]])) as typeof SCANS;
