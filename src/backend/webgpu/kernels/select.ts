/// <reference types="@webgpu/types" />
/**
 * indexSelect and indexPut in WGSL, with their dispatch code.
 *
 * indexSelect: one invocation per output element; the index is read at the element's position
 * along `dim` (operand 2 has the index stride there and zeros elsewhere). Negative indices count
 * from the end, as on the CPU. An index out of range reads 0 and is reported through the device
 * checks (device-checks.ts): the next read-back raises the CPU's error, as CUDA's device-side
 * asserts do.
 *
 * indexPut: a first pass per index tensor builds, for every position p of the broadcast index
 * shape, the destination's base offset (and the values' base offset); an out-of-range index marks
 * p invalid, writes nothing and is reported through the device checks. Then one invocation per (p, trailing element):
 * - accumulate: float32 adds with a compare-and-swap loop on the bit pattern (`atomic<u32>`; WGSL
 *   has no float atomics), int32/int64 with `atomicAdd`, bool with `atomicOr`;
 * - otherwise the last position p that targets an element wins, as on the CPU: an owner pass takes
 *   `atomicMax(owner, p + 1)` per destination element, and only the owner writes.
 */
import type { View } from "../../backend.js";
import type { StorageArray } from "../../../tensor/dtype.js";
import { deviceBufferOf } from "../../../tensor/device-memory.js";
import { contiguousStrides, numel } from "../../../tensor/shape.js";
import { dispatch, groupsFor, metaSlot } from "../batch.js";
import { allocDevice, bufferOf, cpuValues, freeDevice, uploadValues } from "../memory.js";
import { pipeline } from "../pipelines.js";
import { CHECK_WGSL } from "../device-checks.js";
import { outOfBounds } from "../errors.js";
import { PARAM, PRELUDE, writeLayout, wtype, type WType } from "../wgsl.js";

export const isDeviceView = (v: View): boolean => deviceBufferOf(v.data) !== undefined;

/** A device view of `v`: itself, or an upload of a CPU view (free the returned temp). */
export function onGpu(op: string, v: View): { view: View; temp: StorageArray | null } {
  if (isDeviceView(v)) return { view: v, temp: null };
  const data = uploadValues(v.dtype, cpuValues(v), op);
  return { view: { data, dtype: v.dtype, shape: v.shape, strides: contiguousStrides(v.shape), offset: 0 }, temp: data };
}

const wrap = /* wgsl */ `
// index j along a dim of size s: negative counts from the end; -1 when out of range
fn wrapIndex(j: i32, s: i32) -> i32 {
  let k = select(j, j + s, j < 0);
  return select(-1, k, k >= 0 && k < s);
}`;

export function indexSelectSource(t: WType): string {
  return `${PRELUDE}${wrap}${CHECK_WGSL}
@group(0) @binding(1) var<storage, read_write> out: array<${t}>;
@group(0) @binding(2) var<storage, read> x: array<${t}>;
@group(0) @binding(3) var<storage, read> idx: array<i32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[0]) { return; }
  let raw = idx[offsetOf(i, 2)];
  let j = wrapIndex(raw, prm[${PARAM + 1}]);
  var v: ${t} = ${t}(0);
  if (j >= 0) { v = x[offsetOf(i, 1) + j * prm[${PARAM}]]; } else { reportBad(raw); }
  out[offsetOf(i, 0)] = v;
}`;
}

/** `out = x.indexSelect(dim, index)`: `out` is shaped like x with `dim` sized as the index. */
export function indexSelect(x: View, dim: number, index: View, out: View): void {
  const n = numel(out.shape);
  if (n === 0) return;
  const t = wtype("indexSelect", x.dtype);
  const idx = onGpu("indexSelect", index);
  const xs = onGpu("indexSelect", x);
  const p = pipeline(`indexSelect|${t}`, () => indexSelectSource(t));
  const { words, slot } = metaSlot();
  const xStrides = xs.view.strides.map((s, d) => (d === dim ? 0 : s));
  const iStrides = out.shape.map((_, d) => (d === dim ? idx.view.strides[0]! : 0));
  writeLayout("indexSelect", words, out.shape, [
    out,
    { strides: xStrides, offset: xs.view.offset },
    { strides: iStrides, offset: idx.view.offset },
  ]);
  words[PARAM] = xs.view.strides[dim]!;
  words[PARAM + 1] = x.shape[dim]!;
  dispatch(
    p,
    slot,
    [bufferOf(out.data), bufferOf(xs.view.data), bufferOf(idx.view.data)],
    groupsFor(n),
    outOfBounds("indexSelect", dim, x.shape[dim]!),
  );
  for (const tmp of [idx.temp, xs.temp]) if (tmp !== null) freeDevice(tmp);
}

// lin[p] (dst base offset) and lin[count + p] (values base offset), one pass per index tensor.
// PARAM: first pass?, size along the dim, dst stride along it, dst offset, count.
const LINEAR = `${PRELUDE}${wrap}${CHECK_WGSL}
@group(0) @binding(1) var<storage, read_write> lin: array<i32>;
@group(0) @binding(2) var<storage, read> idx: array<i32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[0]) { return; }
  let first = prm[${PARAM}] != 0;
  var base = prm[${PARAM + 3}];
  if (!first) { base = lin[i]; }
  if (first) { lin[prm[${PARAM + 4}] + i] = offsetOf(i, 2); }
  if (base < 0) { return; }
  let raw = idx[offsetOf(i, 1)];
  let j = wrapIndex(raw, prm[${PARAM + 1}]);
  if (j < 0) { reportBad(raw); }
  lin[i] = select(-1, base + j * prm[${PARAM + 2}], j >= 0);
}`;

const ZERO = `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> buf: array<i32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i < prm[0]) { buf[i] = 0; }
}`;

/** The write passes: shape = trailing dims; operand 0 = dst's trailing strides, 1 = values'. */
function putSource(t: WType, mode: "owner" | "write" | "accumulate"): string {
  const head = `${PRELUDE}
@group(0) @binding(2) var<storage, read> lin: array<i32>;
fn putTarget(i: i32) -> vec2<i32> {
  let restN = prm[${PARAM}];
  let p = i / restN;
  let r = i % restN;
  let b = lin[p];
  if (b < 0) { return vec2<i32>(-1, p); }
  return vec2<i32>(b + offsetOf(r, 0), p);
}`;
  const entry = `@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[${PARAM + 1}]) { return; }
  let tg = putTarget(i);
  if (tg.x < 0) { return; }
  let vo = lin[prm[${PARAM + 2}] + tg.y] + offsetOf(i % prm[${PARAM}], 1);`;
  if (mode === "owner") {
    return `${head}
@group(0) @binding(1) var<storage, read_write> owner: array<atomic<i32>>;
${entry}
  atomicMax(&owner[tg.x], tg.y + 1);
}`;
  }
  if (mode === "write") {
    return `${head}
@group(0) @binding(1) var<storage, read_write> dst: array<${t}>;
@group(0) @binding(3) var<storage, read> vals: array<${t}>;
@group(0) @binding(4) var<storage, read> owner: array<i32>;
${entry}
  if (owner[tg.x] == tg.y + 1) { dst[tg.x] = vals[vo]; }
}`;
  }
  const add =
    t === "f32"
      ? `var old = atomicLoad(&dst[tg.x]);
  loop {
    let r = atomicCompareExchangeWeak(&dst[tg.x], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }`
      : t === "i32"
        ? "atomicAdd(&dst[tg.x], v);"
        : "atomicOr(&dst[tg.x], select(0u, 1u, v != 0u));";
  return `${head}
@group(0) @binding(1) var<storage, read_write> dst: array<atomic<${t === "i32" ? "i32" : "u32"}>>;
@group(0) @binding(3) var<storage, read> vals: array<${t}>;
${entry}
  let v = vals[vo];
  ${add}
}`;
}

/**
 * The advanced-index write (see the module note). `contiguousCopy` copies a strided device view
 * into a fresh buffer (used when `values` shares the destination's buffer).
 */
export function indexPut(
  dst: View,
  indices: readonly View[],
  values: View,
  accumulate: boolean,
  contiguousCopy: (op: string, v: View) => StorageArray,
): void {
  const op = "indexPut";
  const t = wtype(op, dst.dtype);
  const k = indices.length;
  const bShape = indices[0]!.shape;
  const count = numel(bShape);
  const restShape = dst.shape.slice(k);
  const restN = numel(restShape);
  if (count === 0 || restN === 0 || numel(dst.shape) === 0) return;
  const temps: StorageArray[] = [];
  const dstBuf = bufferOf(dst.data);
  const idx = indices.map((v) => {
    let g = onGpu(op, v);
    if (bufferOf(g.view.data) === dstBuf) {
      const data = contiguousCopy(op, g.view);
      g = { view: { ...g.view, data, strides: contiguousStrides(g.view.shape), offset: 0 }, temp: data };
    }
    if (g.temp !== null) temps.push(g.temp);
    return g.view;
  });
  let vals = onGpu(op, values).view;
  if (vals.data !== values.data) temps.push(vals.data);
  if (bufferOf(vals.data) === dstBuf) {
    const data = contiguousCopy(op, vals);
    temps.push(data);
    vals = { ...vals, data, strides: contiguousStrides(vals.shape), offset: 0 };
  }
  const lin = allocDevice("int32", 2 * count, false, op);
  temps.push(lin);
  const linP = pipeline("indexPut|lin", () => LINEAR);
  const vB = vals.strides.slice(0, vals.shape.length - restShape.length);
  for (let d = 0; d < k; d++) {
    const { words, slot } = metaSlot();
    writeLayout(op, words, bShape, [
      { strides: contiguousStrides(bShape), offset: 0 },
      idx[d]!,
      { strides: vB, offset: vals.offset },
    ]);
    words[PARAM] = d === 0 ? 1 : 0;
    words[PARAM + 1] = dst.shape[d]!;
    words[PARAM + 2] = dst.strides[d]!;
    words[PARAM + 3] = dst.offset;
    words[PARAM + 4] = count;
    dispatch(
      linP,
      slot,
      [bufferOf(lin), bufferOf(idx[d]!.data)],
      groupsFor(count),
      outOfBounds("indexPut", d, dst.shape[d]!),
    );
  }
  const total = count * restN;
  const writeMeta = (): number => {
    const { words, slot } = metaSlot();
    writeLayout(op, words, restShape, [
      { strides: dst.strides.slice(k), offset: 0 },
      { strides: vals.strides.slice(vals.shape.length - restShape.length), offset: 0 },
    ]);
    words[PARAM] = restN;
    words[PARAM + 1] = total;
    words[PARAM + 2] = count;
    return slot;
  };
  if (accumulate) {
    const p = pipeline(`indexPut|acc|${t}`, () => putSource(t, "accumulate"));
    dispatch(p, writeMeta(), [dstBuf, bufferOf(lin), bufferOf(vals.data)], groupsFor(total));
  } else {
    const elements = (dst.data as unknown as { deviceElements: number }).deviceElements;
    const owner = allocDevice("int32", elements, false, op);
    temps.push(owner);
    const z = metaSlot();
    z.words[0] = elements;
    dispatch(
      pipeline("indexPut|zero", () => ZERO),
      z.slot,
      [bufferOf(owner)],
      groupsFor(elements),
    );
    const po = pipeline("indexPut|owner", () => putSource(t, "owner"));
    dispatch(po, writeMeta(), [bufferOf(owner), bufferOf(lin)], groupsFor(total));
    const pw = pipeline(`indexPut|write|${t}`, () => putSource(t, "write"));
    dispatch(pw, writeMeta(), [dstBuf, bufferOf(lin), bufferOf(vals.data), bufferOf(owner)], groupsFor(total));
  }
  for (const tmp of temps) freeDevice(tmp);
}
