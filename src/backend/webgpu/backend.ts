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
import { allocArray, readNumber, writeNumber, type DType, type StorageArray } from "../../tensor/dtype.js";
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
import { ctype, isNarrow, narrow, PARAM, PRELUDE, writeLayout, wtype, type WType } from "./wgsl.js";
import { notOnWebgpu, outOfBounds } from "./errors.js";

/**
 * Backend kernels (by their name in the Backend interface: `scan.cumsum`, `sort`) with no WGSL
 * version yet, each with what it would take: the coverage report and test read this table.
 */
export const WEBGPU_GAPS: Readonly<Record<string, string>> = {
  nonzero: "its output size is data-dependent: needs a count pass and a synchronous read or an async op",
};

const isDeviceView = (v: View): boolean => deviceBufferOf(v.data) !== undefined;

/** The 32-bit pattern of a one-element CPU view's value in the compute type of `t`. */
function scalarBits(v: View, t: WType): number {
  const x = readNumber(v.data, v.dtype, v.offset);
  if (t === "f32" || t === "f16") return new Int32Array(new Float32Array([x]).buffer)[0]!;
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
  const outK = isNarrow(out.dtype) ? out.dtype : outT;
  const fullKey = `${key}|${inT.join(",")}>${outK}|${scalar.map((s) => (s ? "s" : "t")).join("")}`;
  const p = pipeline(fullKey, () => elementwiseSource(expr, exprType, inT, outT, scalar, names, out.dtype));
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
  elementwise(op, `u:${op}`, expr, row.bool ? "bool" : ctype(t), [x], out, ["x"]);
}

function binary(op: BinaryOp, a: View, b: View, out: View): void {
  const t = wtype(op, a.dtype);
  const row = BINARY_WGSL[op];
  const expr = expressionFor(row, t);
  if (expr === null) throw notOnWebgpu(op, `for ${a.dtype} tensors`);
  elementwise(op, `b:${op}`, expr, row.bool ? "bool" : ctype(t), [a, b], out, ["a", "b"]);
}

/** Copies with a dtype cast; a CPU source is uploaded first (`gpuTensor.copy_(cpuTensor)`). */
function copy(src: View, dst: View): void {
  if (!isDeviceView(src) && src.data.length !== 1) {
    const data = uploadValues(src.dtype, cpuValues(src), "copy");
    copy({ data, dtype: src.dtype, shape: src.shape, strides: contiguousStrides(src.shape), offset: 0 }, dst);
    freeDevice(data);
    return;
  }
  elementwise("copy", "copy", "x", ctype(wtype("copy", src.dtype)), [src], dst, ["x"]);
}

function fill(dst: View, value: number | bigint): void {
  const arr = allocArray(dst.dtype, 1);
  if (dst.dtype === "int64") (arr as BigInt64Array)[0] = BigInt(Math.trunc(Number(value)));
  else writeNumber(arr, dst.dtype, 0, Number(value));
  const v: View = { data: arr, dtype: dst.dtype, shape: dst.shape, strides: dst.shape.map(() => 0), offset: 0 };
  elementwise("fill", "fill", "x", ctype(wtype("fill", dst.dtype)), [v], dst, ["x"]);
}

function where(cond: View, a: View, b: View, out: View): void {
  const t = ctype(wtype("where", a.dtype));
  const c = ctype(wtype("where", cond.dtype));
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
  if (op === "sum" || op === "prod") narrowInPlace(op, out);
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
  narrowInPlace("matmul", out);
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
  words[PARAM + 1] = x.shape[dim]!;
  dispatch(
    p,
    slot,
    [bufferOf(out.data), bufferOf(x.data), bufferOf(idx.view.data)],
    groupsFor(n),
    outOfBounds("gather", dim, x.shape[dim]!),
  );
  if (idx.temp !== null) freeDevice(idx.temp);
}

function scatter(dst: View, dim: number, index: View, src: View, reduce: ScatterReduce): void {
  const n = numel(dst.shape);
  if (n === 0 || numel(index.shape) === 0) return;
  if (dst.dtype === "float16" && reduce !== "none")
    return viaF32("scatter", [dst, src], [0], (v) => scatter(v[0]!, dim, index, v[1]!, reduce), true);
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
  dispatch(
    p,
    slot,
    [bufferOf(dst.data), bufferOf(idx.view.data), bufferOf(s.view.data)],
    groupsFor(n),
    outOfBounds("scatter", dim, dst.shape[dim]!),
  );
  for (const tmp of [idx.temp, s.temp]) if (tmp !== null) freeDevice(tmp);
  if (reduce !== "none") narrowInPlace("scatter", dst);
}

/**
 * Runs `run` on float32 copies of the float16 device views among `views` (the others as they
 * are) and copies the float32 results at `outs` back, rounded (`inout`: the outputs are read
 * too, as a scatter's destination): kernels that accumulate (scans, accumulating scatters and
 * indexPut) add in float32 as PyTorch's CPU does; sort compares float32 keys.
 */
function viaF32(
  op: string,
  views: readonly View[],
  outs: readonly number[],
  run: (v: View[]) => void,
  inout = false,
): void {
  const temps: (StorageArray | null)[] = [];
  const f32 = views.map((v) => {
    if (v.dtype !== "float16") {
      temps.push(null);
      return v;
    }
    const data = allocDevice("float32", Math.max(1, numel(v.shape)), false, op);
    temps.push(data);
    return { data, dtype: "float32" as const, shape: v.shape, strides: contiguousStrides(v.shape), offset: 0 };
  });
  views.forEach((v, k) => {
    if (temps[k] !== null && (inout || !outs.includes(k)) && numel(v.shape) > 0) copy(v, f32[k]!);
  });
  run(f32);
  for (const k of outs) if (temps[k] !== null) copy(f32[k]!, views[k]!);
  for (const t of temps) if (t !== null) freeDevice(t);
}

const NARROW_SRC = (dtype: DType): string => `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<i32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[0]) { return; }
  let o = offsetOf(i, 0);
  out[o] = ${narrow(dtype, "out[o]")};
}`;

/** Wraps a uint8/int8/int16 view's i32 values into its range (after kernels that add or multiply). */
function narrowInPlace(op: string, v: View): void {
  if (!isNarrow(v.dtype)) return;
  const n = numel(v.shape);
  if (n === 0) return;
  const p = pipeline(`narrow|${v.dtype}`, () => NARROW_SRC(v.dtype));
  const { words, slot } = metaSlot();
  writeLayout(op, words, v.shape, [v]);
  dispatch(p, slot, [bufferOf(v.data)], groupsFor(n));
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
  scan: table(
    SCAN_OPS,
    (k) =>
      function scanK(x: View, dim: number, out: View): void {
        if (x.dtype === "float16" && numel(out.shape) > 0)
          return viaF32(k, [x, out], [1], (v) => scanK(v[0]!, dim, v[1]!));
        scan(k, x, dim, out);
        narrowInPlace(k, out);
      },
  ),
  copy,
  fill,
  where,
  matmul,
  gather,
  scatter,
  indexSelect,
  indexPut: function put(dst, indices, values, accumulate): void {
    if (dst.dtype === "float16" && accumulate && numel(dst.shape) > 0)
      return viaF32("indexPut", [dst, values], [0], (v) => put(v[0]!, indices, v[1]!, true), true);
    indexPut(dst, indices, values, accumulate, contiguousCopy);
    if (accumulate) narrowInPlace("indexPut", dst);
  },
  nonzero: gap("nonzero"),
  sort: function sortK(x, dim, descending, stable, values, indices): void {
    if (x.dtype === "float16" && numel(x.shape) > 0)
      return viaF32("sort", [x, values], [1], (v) => sortK(v[0]!, dim, descending, stable, v[1]!, indices));
    sort(x, dim, descending, values, indices);
  },
  fused: webgpuFused,
};

export type { DType };
