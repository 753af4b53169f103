/** Reference reductions and scans. Accumulation is in float64. */
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

function accumulate(op: keyof typeof ACC) {
  const { init, step } = ACC[op];
  return (x: View, dims: readonly number[], out: View): void => {
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
