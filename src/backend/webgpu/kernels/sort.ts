/// <reference types="@webgpu/types" />
/**
 * sort along one dim in WGSL: one 256-wide workgroup per line runs a bitonic sort of the line,
 * padded to a power of two, in shared memory (keys and positions: 2 × 2048 words, the 16 KiB a
 * workgroup may hold by default), for lines of up to 2048 elements. Longer lines run the same
 * bitonic network in global memory: an init pass copies keys and positions into scratch buffers
 * (lines × padded length), one dispatch per network step (log²(m)/2 of them), then a write-out
 * pass. The order is total — NaN after
 * every number ascending and before every number descending, equal keys by position — so the
 * result is stable whether or not stability was asked, as the CPU's. Padding sorts after
 * everything.
 *
 * Layout: shape = the lines (shape without `dim`), operands 0 = values, 1 = indices, 2 = x;
 * PARAM: line length, padded length, values', indices' and x's strides along `dim`, descending,
 * number of lines.
 */
import type { View } from "../../backend.js";
import { numel } from "../../../tensor/shape.js";
import { dispatch, groupsFor, metaSlot } from "../batch.js";
import { allocDevice, bufferOf, freeDevice } from "../memory.js";
import { pipeline } from "../pipelines.js";
import { PARAM, PRELUDE, writeLayout, wtype, type WType } from "../wgsl.js";
import { notOnWebgpu } from "../errors.js";
import { onGpu } from "./select.js";

/** The longest line the shared-memory sort takes. */
export const MAX_SORT_LINE = 2048;
const WG = 256;

/** The comparison shared by both sorts: `before(a, ia, b, ib)`, a's key and position first. */
function beforeFn(t: WType): string {
  const nan = t === "f32" ? "isNan" : "noNan";
  return `
fn noNan(v: ${t}) -> bool { return false; }
// true when (a at ia) comes before (b at ib) in the output order
fn before(a: ${t}, ia: i32, b: ${t}, ib: i32) -> bool {
  let n = prm[${PARAM}];
  if (ia >= n || ib >= n) { return ib >= n && ia < ib; }
  let an = ${nan}(a);
  let bn = ${nan}(b);
  let desc = prm[${PARAM + 5}] != 0;
  if (an != bn) { return select(bn, an, desc); }
  if (!an && a != b) { return select((a < b), (a > b), desc); }
  return ia < ib;
}`;
}

export function sortSource(t: WType): string {
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> vals: array<${t}>;
@group(0) @binding(2) var<storage, read_write> inds: array<i32>;
@group(0) @binding(3) var<storage, read> x: array<${t}>;
var<workgroup> key: array<${t}, ${MAX_SORT_LINE}>;
var<workgroup> pos: array<i32, ${MAX_SORT_LINE}>;
${beforeFn(t)}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let line = i32(wg.x + wg.y * nw.x);
  let live = line < prm[${PARAM + 6}];
  let n = prm[${PARAM}];
  let m = prm[${PARAM + 1}];
  let tid = i32(li);
  var xb = 0;
  if (live) { xb = offsetOf(line, 2); }
  for (var i = tid; i < m; i = i + ${WG}) {
    pos[i] = i;
    if (live && i < n) { key[i] = x[xb + i * prm[${PARAM + 4}]]; } else { key[i] = ${t}(0); }
  }
  workgroupBarrier();
  for (var k = 2; k <= m; k = k * 2) {
    for (var j = k / 2; j > 0; j = j / 2) {
      for (var i = tid; i < m; i = i + ${WG}) {
        let l = i ^ j;
        if (l > i) {
          let up = (i & k) == 0;
          let a = key[i];
          let b = key[l];
          let pa = pos[i];
          let pb = pos[l];
          // up: the smaller (earlier in output order) goes to i
          if (select(before(a, pa, b, pb), before(b, pb, a, pa), up)) {
            key[i] = b; key[l] = a; pos[i] = pb; pos[l] = pa;
          }
        }
      }
      workgroupBarrier();
    }
  }
  if (live) {
    let vb = offsetOf(line, 0);
    let ib = offsetOf(line, 1);
    for (var i = tid; i < n; i = i + ${WG}) {
      vals[vb + i * prm[${PARAM + 2}]] = key[i];
      inds[ib + i * prm[${PARAM + 3}]] = pos[i];
    }
  }
}`;
}

const GLOBAL_HEAD = (t: WType): string => `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> key: array<${t}>;
@group(0) @binding(2) var<storage, read_write> pos: array<i32>;
${beforeFn(t)}`;
const ENTRY = `@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  let n = prm[${PARAM}];
  let m = prm[${PARAM + 1}];`;

/** Global-memory passes: "init" (x → scratch), "step" (one network step), "out" (scratch → results). */
function globalSource(t: WType, pass: "init" | "step" | "out"): string {
  if (pass === "init") {
    return `${GLOBAL_HEAD(t)}
@group(0) @binding(3) var<storage, read> x: array<${t}>;
${ENTRY}
  if (i >= prm[${PARAM + 6}] * m) { return; }
  let line = i / m;
  let k = i % m;
  pos[i] = k;
  if (k < n) { key[i] = x[offsetOf(line, 2) + k * prm[${PARAM + 4}]]; } else { key[i] = ${t}(0); }
}`;
  }
  if (pass === "step") {
    return `${GLOBAL_HEAD(t)}
${ENTRY}
  if (i >= prm[${PARAM + 6}] * m) { return; }
  let kk = prm[${PARAM + 7}];
  let j = prm[${PARAM + 8}];
  let l = i ^ j;
  if (l <= i) { return; }
  let up = ((i % m) & kk) == 0;
  let a = key[i];
  let b = key[l];
  let pa = pos[i];
  let pb = pos[l];
  if (select(before(a, pa, b, pb), before(b, pb, a, pa), up)) {
    key[i] = b; key[l] = a; pos[i] = pb; pos[l] = pa;
  }
}`;
  }
  return `${GLOBAL_HEAD(t)}
@group(0) @binding(3) var<storage, read_write> vals: array<${t}>;
@group(0) @binding(4) var<storage, read_write> inds: array<i32>;
${ENTRY}
  if (i >= prm[${PARAM + 6}] * n) { return; }
  let line = i / n;
  let k = i % n;
  vals[offsetOf(line, 0) + k * prm[${PARAM + 2}]] = key[line * m + k];
  inds[offsetOf(line, 1) + k * prm[${PARAM + 3}]] = pos[line * m + k];
}`;
}

/** The largest scratch (lines × padded length) the global-memory sort takes: 2^25 elements. */
const MAX_GLOBAL = 2 ** 25;

/** Sorts `x` along `dim` into `values` and int64 `indices`. */
export function sort(x: View, dim: number, descending: boolean, values: View, indices: View): void {
  const n = x.shape[dim]!;
  const total = numel(x.shape);
  if (total === 0) return;
  const t = wtype("sort", x.dtype);
  let m = 1;
  while (m < n) m *= 2;
  const lines = total / n;
  if (n > MAX_SORT_LINE && lines * m > MAX_GLOBAL) {
    throw notOnWebgpu(
      "sort",
      `for more than ${MAX_GLOBAL} elements once each line is padded to a power of two (got ${lines} lines of ${m})`,
    );
  }
  const xs = onGpu("sort", x);
  const drop = <T>(a: readonly T[]): T[] => a.filter((_, d) => d !== dim);
  const meta = (k = 0, j = 0): number => {
    const { words, slot } = metaSlot();
    writeLayout("sort", words, drop(x.shape), [
      { strides: drop(values.strides), offset: values.offset },
      { strides: drop(indices.strides), offset: indices.offset },
      { strides: drop(xs.view.strides), offset: xs.view.offset },
    ]);
    const ps = [n, m, values.strides[dim]!, indices.strides[dim]!, xs.view.strides[dim]!, descending ? 1 : 0, lines];
    words.set([...ps, k, j], PARAM);
    return slot;
  };
  if (n > MAX_SORT_LINE) {
    const key = allocDevice(x.dtype, lines * m, false, "sort");
    const pos = allocDevice("int32", lines * m, false, "sort");
    const scratch = [bufferOf(key), bufferOf(pos)];
    const groups = groupsFor(lines * m);
    dispatch(
      pipeline(`sort|init|${t}`, () => globalSource(t, "init")),
      meta(),
      [...scratch, bufferOf(xs.view.data)],
      groups,
    );
    const step = pipeline(`sort|step|${t}`, () => globalSource(t, "step"));
    for (let k = 2; k <= m; k *= 2) for (let j = k / 2; j > 0; j /= 2) dispatch(step, meta(k, j), scratch, groups);
    const out = pipeline(`sort|out|${t}`, () => globalSource(t, "out"));
    dispatch(out, meta(), [...scratch, bufferOf(values.data), bufferOf(indices.data)], groupsFor(total));
    for (const tmp of [key, pos, xs.temp]) if (tmp !== null) freeDevice(tmp);
    return;
  }
  const p = pipeline(`sort|${t}`, () => sortSource(t));
  const slot = meta();
  const gx = Math.min(lines, 65535);
  dispatch(
    p,
    slot,
    [bufferOf(values.data), bufferOf(indices.data), bufferOf(xs.view.data)],
    [gx, Math.ceil(lines / gx), 1],
  );
  if (xs.temp !== null) freeDevice(xs.temp);
}
