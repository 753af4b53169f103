/**
 * gather and scatter along one dim in WGSL. scatter runs one invocation per destination element,
 * which walks the index along `dim` and combines every source element aimed at it — no atomics
 * (WGSL has none for floats), deterministic, and in-place on the destination.
 *
 * gather: out shaped like index; operand 1 is x with its `dim` stride zeroed (PARAM: x's `dim`
 * stride, then its size), operand 2 the index. Negative indices count from the end, as on the
 * CPU; one out of range is reported through the device checks (device-checks.ts). scatter: shape is dst's; operands 1 and 2 are index and src
 * (PARAM: dim, index extent along dim, then the index's sizes).
 */
import { CHECK_WGSL } from "../device-checks.js";
import { PARAM, PRELUDE, type WType } from "../wgsl.js";

export function gatherSource(t: WType): string {
  return `${PRELUDE}${CHECK_WGSL}
@group(0) @binding(1) var<storage, read_write> out: array<${t}>;
@group(0) @binding(2) var<storage, read> x: array<${t}>;
@group(0) @binding(3) var<storage, read> idx: array<i32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[0]) { return; }
  let k = idx[offsetOf(i, 2)];
  let s = prm[${PARAM + 1}];
  let j = select(k, k + s, k < 0);
  if (j < 0 || j >= s) {
    reportBad(k);
    out[offsetOf(i, 0)] = ${t}(0);
    return;
  }
  out[offsetOf(i, 0)] = x[offsetOf(i, 1) + j * prm[${PARAM}]];
}`;
}

const COMBINE = {
  none: "acc = v;",
  add: "acc = acc + v;",
  multiply: "acc = acc * v;",
} as const;

export function scatterSource(t: WType, reduce: keyof typeof COMBINE): string {
  return `${PRELUDE}${CHECK_WGSL}
@group(0) @binding(1) var<storage, read_write> dst: array<${t}>;
@group(0) @binding(2) var<storage, read> idx: array<i32>;
@group(0) @binding(3) var<storage, read> src: array<${t}>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[0]) { return; }
  let dim = prm[${PARAM}];
  var rem = i;
  var oi = prm[27];
  var os = prm[36];
  var inside = true;
  var c = 0;
  for (var d = prm[1] - 1; d >= 0; d = d - 1) {
    let s = prm[2 + d];
    let x = rem % s;
    rem = rem / s;
    if (d == dim) { c = x; } else {
      if (x >= prm[${PARAM + 2} + d]) { inside = false; }
      oi = oi + x * prm[19 + d];
      os = os + x * prm[28 + d];
    }
  }
  let o = offsetOf(i, 0);
  var acc = dst[o];
  if (inside) {
    let size = prm[2 + dim];
    for (var j = 0; j < prm[${PARAM + 1}]; j = j + 1) {
      let raw = idx[oi + j * prm[19 + dim]];
      let k = select(raw, raw + size, raw < 0);
      if (k < 0 || k >= size) { reportBad(raw); }
      if (k == c) {
        let v = src[os + j * prm[28 + dim]];
        ${COMBINE[reduce]}
      }
    }
  }
  dst[o] = acc;
}`;
}
