/// <reference types="@webgpu/types" />
/**
 * sort along one dim in WGSL: one 256-wide workgroup per line runs a bitonic sort of the line,
 * padded to a power of two, in shared memory (keys and positions: 2 × 2048 words, the 16 KiB a
 * workgroup may hold by default), so lines of up to 2048 elements. The order is total — NaN after
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
import { dispatch, metaSlot } from "../batch.js";
import { bufferOf, freeDevice } from "../memory.js";
import { pipeline } from "../pipelines.js";
import { PARAM, PRELUDE, writeLayout, wtype, type WType } from "../wgsl.js";
import { notOnWebgpu } from "../errors.js";
import { onGpu } from "./select.js";

/** The longest line the shared-memory sort takes. */
export const MAX_SORT_LINE = 2048;
const WG = 256;

export function sortSource(t: WType): string {
  const nan = t === "f32" ? "isNan" : "noNan";
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> vals: array<${t}>;
@group(0) @binding(2) var<storage, read_write> inds: array<i32>;
@group(0) @binding(3) var<storage, read> x: array<${t}>;
var<workgroup> key: array<${t}, ${MAX_SORT_LINE}>;
var<workgroup> pos: array<i32, ${MAX_SORT_LINE}>;
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
}
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

/** Sorts `x` along `dim` into `values` and int64 `indices` (lines of at most 2048 elements). */
export function sort(x: View, dim: number, descending: boolean, values: View, indices: View): void {
  const n = x.shape[dim]!;
  const total = numel(x.shape);
  if (total === 0) return;
  if (n > MAX_SORT_LINE) {
    throw notOnWebgpu("sort", `for lines longer than ${MAX_SORT_LINE} elements (got ${n} along dim ${dim})`);
  }
  const t = wtype("sort", x.dtype);
  const xs = onGpu("sort", x);
  let m = 1;
  while (m < n) m *= 2;
  const lines = total / n;
  const drop = <T>(a: readonly T[]): T[] => a.filter((_, d) => d !== dim);
  const p = pipeline(`sort|${t}`, () => sortSource(t));
  const { words, slot } = metaSlot();
  writeLayout("sort", words, drop(x.shape), [
    { strides: drop(values.strides), offset: values.offset },
    { strides: drop(indices.strides), offset: indices.offset },
    { strides: drop(xs.view.strides), offset: xs.view.offset },
  ]);
  words.set(
    [n, m, values.strides[dim]!, indices.strides[dim]!, xs.view.strides[dim]!, descending ? 1 : 0, lines],
    PARAM,
  );
  const gx = Math.min(lines, 65535);
  dispatch(
    p,
    slot,
    [bufferOf(values.data), bufferOf(indices.data), bufferOf(xs.view.data)],
    [gx, Math.ceil(lines / gx), 1],
  );
  if (xs.temp !== null) freeDevice(xs.temp);
}
