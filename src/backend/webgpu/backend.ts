/// <reference types="@webgpu/types" />
/**
 * The webgpu backend: the `Backend` kernels over device views, recorded into the command batch.
 * Inputs are device views, or one-element CPU views (numbers the ops layer wrapped), which travel
 * in the dispatch's parameters. Kernel families without a WGSL version yet are listed in
 * `WEBGPU_GAPS` and raise `[op] not available on webgpu yet` — never a CPU fallback.
 */
import type { Backend, BinaryOp, ReduceOp, ScatterReduce, UnaryOp, View } from "../backend.js";
import { BINARY_OPS, REDUCE_OPS, SCAN_OPS, UNARY_OPS } from "../backend.js";
import { deviceBufferOf } from "../../tensor/device-memory.js";
import { allocArray, type DType, type StorageArray } from "../../tensor/dtype.js";
import { contiguousStrides, numel } from "../../tensor/shape.js";
import { dispatch, groupsFor, metaSlot } from "./batch.js";
import { BINARY_WGSL, elementwiseSource, expressionFor, UNARY_WGSL } from "./kernels/elementwise.js";
import { loadMode, matmulKey, matmulSource, matmulTile } from "./kernels/matmul.js";
import { reduceSource } from "./kernels/reduce.js";
import { gatherSource, scatterSource } from "./kernels/indexing.js";
import { indexPut, indexSelect } from "./kernels/select.js";
import { scan } from "./kernels/scan.js";
import { sort } from "./kernels/sort.js";
import { webgpuFused } from "./kernels/fused.js";
import { allocDevice, bufferOf, cpuValues, freeDevice, hooks, uploadValues } from "./memory.js";
import { pipeline } from "./pipelines.js";
import { PARAM, writeLayout, wtype, type WType } from "./wgsl.js";
import { notOnWebgpu } from "./errors.js";

/**
 * Backend kernels (by their name in the Backend interface: `scan.cumsum`, `sort`) with no WGSL
 * version yet, each with what it would take: the coverage report and test read this table.
 */
export const WEBGPU_GAPS: Readonly<Record<string, string>> = {
  nonzero: "its output size is data-dependent: needs a count pass and a synchronous read or an async op",
  ...Object.fromEntries(
    (["igamma", "igammac", "zeta"] as const).map((k) => [
      `binary.${k}`,
      "needs a float32 series/continued-fraction kernel",
    ]),
  ),
};

const isDeviceView = (v: View): boolean => deviceBufferOf(v.data) !== undefined;

/** The 32-bit pattern of a one-element CPU view's value in the GPU format of `t`. */
function scalarBits(v: View, t: WType): number {
  const x = Number((v.data as Float64Array)[v.offset]);
  if (t === "f32") return new Int32Array(new Float32Array([x]).buffer)[0]!;
  if (t === "u32") return x !== 0 ? 1 : 0;
  return x | 0;
}

/** A contiguous device copy of a strided device view (the caller gives its buffer back). */
function contiguousCopy(op: string, v: View): StorageArray {
  const data = allocDevice(v.dtype, numel(v.shape), false, op);
  const dst: View = { data, dtype: v.dtype, shape: v.shape, strides: contiguousStrides(v.shape), offset: 0 };
  copy(v, dst);
  return data;
}

hooks.contiguous = (data, dtype, shape, strides, offset) =>
  contiguousCopy("data", { data, dtype, shape, strides, offset });

/**
 * Runs `out = expr(ins…)` elementwise. When the output's buffer is also an input's (out= or
 * in-place aliasing, which WebGPU forbids within one dispatch), it computes into a temporary and
 * copies that into the output.
 */
function elementwise(
  op: string,
  key: string,
  expr: string,
  exprType: WType | "bool",
  ins: readonly View[],
  out: View,
  names: readonly string[],
): void {
  const n = numel(out.shape);
  if (n === 0) return;
  const outT = wtype(op, out.dtype);
  const inT = ins.map((v) => wtype(op, v.dtype));
  const scalar = ins.map((v) => !isDeviceView(v));
  const outBuf = bufferOf(out.data);
  if (ins.some((v, k) => !scalar[k] && bufferOf(v.data) === outBuf)) {
    const tmp = allocDevice(out.dtype, n, false, op);
    elementwise(
      op,
      key,
      expr,
      exprType,
      ins,
      { ...out, data: tmp, strides: contiguousStrides(out.shape), offset: 0 },
      names,
    );
    copy({ ...out, data: tmp, strides: contiguousStrides(out.shape), offset: 0 }, out);
    freeDevice(tmp);
    return;
  }
  const fullKey = `${key}|${inT.join(",")}>${outT}|${scalar.map((s) => (s ? "s" : "t")).join("")}`;
  const p = pipeline(fullKey, () => elementwiseSource(expr, exprType, inT, outT, scalar, names));
  const { words, slot } = metaSlot();
  writeLayout(op, words, out.shape, [out, ...ins]);
  const bufs: GPUBuffer[] = [outBuf];
  ins.forEach((v, k) => {
    if (scalar[k]) words[PARAM + k] = scalarBits(v, inT[k]!);
    else bufs.push(bufferOf(v.data));
  });
  dispatch(p, slot, bufs, groupsFor(n));
}

function unary(op: UnaryOp, x: View, out: View): void {
  const t = wtype(op, x.dtype);
  const row = UNARY_WGSL[op];
  const expr = expressionFor(row, t);
  if (expr === null) throw notOnWebgpu(op, `for ${x.dtype} tensors`);
  elementwise(op, `u:${op}`, expr, row.bool ? "bool" : t, [x], out, ["x"]);
}

function binary(op: BinaryOp, a: View, b: View, out: View): void {
  const t = wtype(op, a.dtype);
  const row = BINARY_WGSL[op];
  const expr = expressionFor(row, t);
  if (expr === null) throw notOnWebgpu(op, `for ${a.dtype} tensors`);
  elementwise(op, `b:${op}`, expr, row.bool ? "bool" : t, [a, b], out, ["a", "b"]);
}

/** Copies with a dtype cast; a CPU source is uploaded first (`gpuTensor.copy_(cpuTensor)`). */
function copy(src: View, dst: View): void {
  if (!isDeviceView(src) && src.data.length !== 1) {
    const data = uploadValues(src.dtype, cpuValues(src), "copy");
    copy({ data, dtype: src.dtype, shape: src.shape, strides: contiguousStrides(src.shape), offset: 0 }, dst);
    freeDevice(data);
    return;
  }
  elementwise("copy", "copy", "x", wtype("copy", src.dtype), [src], dst, ["x"]);
}

function fill(dst: View, value: number | bigint): void {
  const arr = allocArray(dst.dtype, 1);
  (arr as Float64Array)[0] = (dst.dtype === "int64" ? BigInt(Math.trunc(Number(value))) : Number(value)) as number;
  const v: View = { data: arr, dtype: dst.dtype, shape: dst.shape, strides: dst.shape.map(() => 0), offset: 0 };
  elementwise("fill", "fill", "x", wtype("fill", dst.dtype), [v], dst, ["x"]);
}

function where(cond: View, a: View, b: View, out: View): void {
  const t = wtype("where", a.dtype);
  const c = wtype("where", cond.dtype);
  const test = c === "f32" ? "truthy(c)" : c === "i32" ? "c != 0" : "c != 0u";
  elementwise("where", "where", `select(b, a, ${test})`, t, [cond, a, b], out, ["c", "a", "b"]);
}

function reduce(op: ReduceOp, x: View, dims: readonly number[], out: View): void {
  const n = numel(out.shape);
  if (n === 0) return;
  if (!isDeviceView(x)) {
    const data = uploadValues(x.dtype, cpuValues(x), op);
    reduce(op, { data, dtype: x.dtype, shape: x.shape, strides: contiguousStrides(x.shape), offset: 0 }, dims, out);
    freeDevice(data);
    return;
  }
  const inT = wtype(op, x.dtype);
  const outT = wtype(op, out.dtype);
  const p = pipeline(`r:${op}|${inT}>${outT}`, () => reduceSource(op, inT, outT));
  const { words, slot } = metaSlot();
  writeLayout(op, words, out.shape, [out, x]);
  words[PARAM] = dims.length;
  let count = 1;
  dims.forEach((d, j) => {
    words[PARAM + 2 + j] = x.shape[d]!;
    words[28 + j] = x.strides[d]!;
    count *= x.shape[d]!;
  });
  words[PARAM + 1] = count;
  dispatch(p, slot, [bufferOf(out.data), bufferOf(x.data)], groupsFor(n));
}

function matmul(a: View, b: View, out: View): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  if (B * M * N === 0) return;
  if (K === 0) return fill(out, 0);
  const t = wtype("matmul", a.dtype);
  if (t === "u32") throw notOnWebgpu("matmul", "for bool tensors");
  const outBuf = bufferOf(out.data);
  if (outBuf === bufferOf(a.data) || outBuf === bufferOf(b.data)) {
    const tmp = allocDevice(out.dtype, B * M * N, false, "matmul");
    const tv: View = { ...out, data: tmp, strides: contiguousStrides(out.shape), offset: 0 };
    matmul(a, b, tv);
    copy(tv, out);
    freeDevice(tmp);
    return;
  }
  if (B > 65535) throw new RangeError(`[matmul] webgpu takes at most 65535 batches: got ${B}`);
  const ma = loadMode(a.strides[0]!, a.strides[1]!, a.strides[2]!, a.offset, M, K);
  const mb = loadMode(b.strides[0]!, b.strides[2]!, b.strides[1]!, b.offset, N, K);
  const tile = matmulTile(B, M, N);
  const p = pipeline(matmulKey(t, ma, mb, tile), () => matmulSource(t, ma, mb, tile));
  const { words, slot } = metaSlot();
  words.set([B, M, N, K], 0);
  words.set([a.strides[0]!, a.strides[1]!, a.strides[2]!, a.offset], 4);
  words.set([b.strides[0]!, b.strides[1]!, b.strides[2]!, b.offset], 8);
  words.set([out.strides[0]!, out.strides[1]!, out.strides[2]!, out.offset], 12);
  dispatch(p, slot, [outBuf, bufferOf(a.data), bufferOf(b.data)], [Math.ceil(N / tile), Math.ceil(M / tile), B]);
}

/** A device view of `v`: itself, or an upload of a CPU view (the caller frees the returned copy). */
function onGpu(op: string, v: View): { view: View; temp: StorageArray | null } {
  if (isDeviceView(v)) return { view: v, temp: null };
  const data = uploadValues(v.dtype, cpuValues(v), op);
  return { view: { data, dtype: v.dtype, shape: v.shape, strides: contiguousStrides(v.shape), offset: 0 }, temp: data };
}

function gather(x: View, dim: number, index: View, out: View): void {
  const n = numel(out.shape);
  if (n === 0) return;
  const t = wtype("gather", x.dtype);
  const idx = onGpu("gather", index);
  const p = pipeline(`gather|${t}`, () => gatherSource(t));
  const { words, slot } = metaSlot();
  const xs = x.strides.map((s, d) => (d === dim ? 0 : s));
  writeLayout("gather", words, out.shape, [out, { strides: xs, offset: x.offset }, idx.view]);
  words[PARAM] = x.strides[dim]!;
  dispatch(p, slot, [bufferOf(out.data), bufferOf(x.data), bufferOf(idx.view.data)], groupsFor(n));
  if (idx.temp !== null) freeDevice(idx.temp);
}

function scatter(dst: View, dim: number, index: View, src: View, reduce: ScatterReduce): void {
  const n = numel(dst.shape);
  if (n === 0 || numel(index.shape) === 0) return;
  const t = wtype("scatter", dst.dtype);
  const idx = onGpu("scatter", index);
  let s = onGpu("scatter", src);
  if (bufferOf(s.view.data) === bufferOf(dst.data)) {
    const data = contiguousCopy("scatter", s.view);
    s = { view: { ...s.view, data, strides: contiguousStrides(s.view.shape), offset: 0 }, temp: data };
  }
  const p = pipeline(`scatter|${t}|${reduce}`, () => scatterSource(t, reduce));
  const { words, slot } = metaSlot();
  writeLayout("scatter", words, dst.shape, [dst, idx.view, s.view]);
  words[PARAM] = dim;
  words[PARAM + 1] = index.shape[dim]!;
  index.shape.forEach((sz, d) => (words[PARAM + 2 + d] = sz));
  dispatch(p, slot, [bufferOf(dst.data), bufferOf(idx.view.data), bufferOf(s.view.data)], groupsFor(n));
  for (const tmp of [idx.temp, s.temp]) if (tmp !== null) freeDevice(tmp);
}

/** A kernel listed in WEBGPU_GAPS: raises, naming the op (marked for the coverage test). */
const gap = (kernel: string) =>
  Object.assign(
    (..._args: unknown[]): never => {
      throw notOnWebgpu(kernel);
    },
    { webgpuGap: true },
  );

const table = <K extends string, F>(names: readonly K[], f: (k: K) => F): Record<K, F> =>
  Object.fromEntries(names.map((k) => [k, f(k)])) as Record<K, F>;

/** The webgpu kernels, keyed as every backend's. */
export const webgpuBackend: Backend = {
  name: "webgpu",
  unary: table(UNARY_OPS, (k) => (x: View, out: View) => unary(k, x, out)),
  binary: table(BINARY_OPS, (k) =>
    `binary.${k}` in WEBGPU_GAPS ? gap(k) : (a: View, b: View, out: View) => binary(k, a, b, out),
  ),
  reduce: table(REDUCE_OPS, (k) => (x: View, dims: readonly number[], out: View) => reduce(k, x, dims, out)),
  scan: table(SCAN_OPS, (k) => (x: View, dim: number, out: View) => scan(k, x, dim, out)),
  copy,
  fill,
  where,
  matmul,
  gather,
  scatter,
  indexSelect,
  indexPut: (dst, indices, values, accumulate) => indexPut(dst, indices, values, accumulate, contiguousCopy),
  nonzero: gap("nonzero"),
  sort: (x, dim, descending, _stable, values, indices) => sort(x, dim, descending, values, indices),
  fused: webgpuFused,
};

export type { DType };
