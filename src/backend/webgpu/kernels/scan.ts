/// <reference types="@webgpu/types" />
/**
 * Inclusive scans (cumsum, cumprod) in WGSL: one 256-wide workgroup per line. Each invocation
 * scans a contiguous chunk of the line sequentially, the chunk totals are scanned across the
 * workgroup in shared memory (Hillis–Steele), and each chunk then adds (multiplies) the total of
 * the chunks before it — any line length in one dispatch, no carry pass.
 *
 * Layout: shape = the lines (the shape without `dim`), operand 0 = out, 1 = x; PARAM: line
 * length, out's and x's strides along `dim`, number of lines.
 */
import type { ScanOp, View } from "../../backend.js";
import { numel } from "../../../tensor/shape.js";
import { dispatch, metaSlot } from "../batch.js";
import { bufferOf, freeDevice } from "../memory.js";
import { pipeline } from "../pipelines.js";
import { PARAM, PRELUDE, writeLayout, wtype, type WType } from "../wgsl.js";
import { notOnWebgpu } from "../errors.js";
import { onGpu } from "./select.js";

const WG = 256;

const STEP: Record<ScanOp, { id: (t: WType) => string; op: string }> = {
  cumsum: { id: (t) => (t === "f32" ? "0.0" : "0"), op: "+" },
  cumprod: { id: (t) => (t === "f32" ? "1.0" : "1"), op: "*" },
};

export function scanSource(op: ScanOp, t: WType): string {
  const { id, op: o } = STEP[op];
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${t}>;
@group(0) @binding(2) var<storage, read> x: array<${t}>;
var<workgroup> part: array<${t}, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let line = i32(wg.x + wg.y * nw.x);
  let live = line < prm[${PARAM + 3}];
  let n = prm[${PARAM}];
  let tid = i32(li);
  let chunk = (n + ${WG - 1}) / ${WG};
  let lo = min(tid * chunk, n);
  let hi = min(lo + chunk, n);
  var ob = 0;
  var xb = 0;
  if (live) { ob = offsetOf(line, 0); xb = offsetOf(line, 1); }
  let os = prm[${PARAM + 1}];
  let xs = prm[${PARAM + 2}];
  var acc: ${t} = ${id(t)};
  if (live) {
    for (var k = lo; k < hi; k = k + 1) {
      acc = acc ${o} x[xb + k * xs];
      out[ob + k * os] = acc;
    }
  }
  part[li] = acc;
  workgroupBarrier();
  for (var s = 1u; s < ${WG}u; s = s * 2u) {
    var v: ${t} = part[li];
    if (li >= s) { v = part[li - s] ${o} v; }
    workgroupBarrier();
    part[li] = v;
    workgroupBarrier();
  }
  if (live && tid > 0) {
    let before = part[li - 1u];
    for (var k = lo; k < hi; k = k + 1) {
      out[ob + k * os] = before ${o} out[ob + k * os];
    }
  }
}`;
}

/** `out = cumsum/cumprod(x, dim)`: out has x's shape and dtype (the ops layer casts). */
export function scan(op: ScanOp, x: View, dim: number, out: View): void {
  const n = x.shape[dim]!;
  const total = numel(out.shape);
  if (total === 0) return;
  const t = wtype(op, x.dtype);
  if (t === "u32") throw notOnWebgpu(`scan.${op}`, "for bool tensors");
  const xs = onGpu(op, x);
  const lines = total / n;
  const drop = <T>(a: readonly T[]): T[] => a.filter((_, d) => d !== dim);
  const p = pipeline(`scan:${op}|${t}`, () => scanSource(op, t));
  const { words, slot } = metaSlot();
  writeLayout(op, words, drop(out.shape), [
    { strides: drop(out.strides), offset: out.offset },
    { strides: drop(xs.view.strides), offset: xs.view.offset },
  ]);
  words[PARAM] = n;
  words[PARAM + 1] = out.strides[dim]!;
  words[PARAM + 2] = xs.view.strides[dim]!;
  words[PARAM + 3] = lines;
  const gx = Math.min(lines, 65535);
  dispatch(p, slot, [bufferOf(out.data), bufferOf(xs.view.data)], [gx, Math.ceil(lines / gx), 1]);
  if (xs.temp !== null) freeDevice(xs.temp);
}
