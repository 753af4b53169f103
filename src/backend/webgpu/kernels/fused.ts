/// <reference types="@webgpu/types" />
/**
 * The fused kernels (backend/fused.ts) in WGSL, so a training step on webgpu records one dispatch
 * where the composite records several: linear with its bias and relu epilogue, softmax,
 * logSoftmax, cross-entropy forward with its gradient, the SGD and Adam steps, relu and its
 * backward. Each follows the CPU kernel's formula and operation order (in float32).
 *
 * Every kernel takes float32 device views (int32 targets), contiguous, with any offset; it
 * declines (returns false, and the composite runs) for anything else: another dtype, a CPU view
 * (the composite then raises the mixed-device error), a grid past 65535 workgroups a side.
 * Parameters go in the dispatch's meta slot from word PARAM on (floats as their bits).
 *
 * crossEntropy cannot raise for a label out of range on the GPU: that row's loss and gradient are NaN.
 */
import type { View } from "../../backend.js";
import type { AdamStepArgs, FusedKernels, FusedReduction, SgdStepArgs } from "../../fused.js";
import { deviceBufferOf } from "../../../tensor/device-memory.js";
import { isContiguousLayout, numel } from "../../../tensor/shape.js";
import { dispatch, groupsFor, metaSlot } from "../batch.js";
import { bufferOf } from "../memory.js";
import { pipeline } from "../pipelines.js";
import { PARAM, PRELUDE } from "../wgsl.js";

const P = PARAM;

/** True when every view is a contiguous device view of `dtype`. */
function ok(dtype: "float32" | "int", ...vs: View[]): boolean {
  for (const v of vs) {
    if (deviceBufferOf(v.data) === undefined || !isContiguousLayout(v.shape, v.strides)) return false;
    if (dtype === "float32" ? v.dtype !== "float32" : v.dtype !== "int32" && v.dtype !== "int64") return false;
  }
  return true;
}

/** The meta slot's words and a float view of them. */
function slotWords(): { words: Int32Array; floats: Float32Array; slot: number } {
  const { words, slot } = metaSlot();
  return { words, floats: new Float32Array(words.buffer, words.byteOffset, words.length), slot };
}

const binding = (k: number, name: string, t: string, rw: boolean): string =>
  `@group(0) @binding(${k}) var<storage, ${rw ? "read_write" : "read"}> ${name}: array<${t}>;`;

const ELEMENTWISE_MAIN = `@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[0]) { return; }`;

// ---- linear ---------------------------------------------------------------------------------

const TILE = 16;

function linearSource(bias: boolean, relu: boolean): string {
  return `${PRELUDE}
${binding(1, "out", "f32", true)}
${binding(2, "x", "f32", false)}
${binding(3, "w", "f32", false)}
${bias ? binding(4, "b", "f32", false) : ""}
var<workgroup> xs: array<array<f32, ${TILE}>, ${TILE}>;
var<workgroup> ws: array<array<f32, ${TILE}>, ${TILE}>;
@compute @workgroup_size(${TILE}, ${TILE})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let N = prm[${P}];
  let K = prm[${P + 1}];
  let O = prm[${P + 2}];
  let xo = prm[${P + 3}];
  let wo = prm[${P + 4}];
  let oo = prm[${P + 6}];
  let ly = i32(lid.y);
  let lx = i32(lid.x);
  let row = i32(wg.y) * ${TILE} + ly;
  let col = i32(wg.x) * ${TILE} + lx;
  let wrow = i32(wg.x) * ${TILE} + ly;
  var acc = 0.0;
  for (var k0 = 0; k0 < K; k0 = k0 + ${TILE}) {
    let k = k0 + lx;
    var xv = 0.0;
    if (row < N && k < K) { xv = x[xo + row * K + k]; }
    xs[ly][lx] = xv;
    var wv = 0.0;
    if (wrow < O && k < K) { wv = w[wo + wrow * K + k]; }
    ws[ly][lx] = wv;
    workgroupBarrier();
    for (var j = 0; j < ${TILE}; j = j + 1) { acc = acc + xs[ly][j] * ws[lx][j]; }
    workgroupBarrier();
  }
  if (row < N && col < O) {
    ${bias ? `acc = acc + b[prm[${P + 5}] + col];` : ""}
    ${relu ? "acc = select(0.0, acc, acc > 0.0 || isNan(acc));" : ""}
    out[oo + row * O + col] = acc;
  }
}`;
}

function linear(x: View, w: View, b: View | null, relu: boolean, out: View): boolean {
  if (!(b ? ok("float32", x, w, b, out) : ok("float32", x, w, out))) return false;
  const [N, K] = x.shape as [number, number];
  const O = w.shape[0]!;
  if (w.shape[1] !== K || out.shape[0] !== N || out.shape[1] !== O) return false;
  const gx = Math.ceil(O / TILE);
  const gy = Math.ceil(N / TILE);
  if (N * O === 0 || gx > 65535 || gy > 65535) return false;
  const p = pipeline(`fused.linear|${b ? "b" : ""}${relu ? "r" : ""}`, () => linearSource(b !== null, relu));
  const { words, slot } = slotWords();
  words.set([N, K, O, x.offset, w.offset, b ? b.offset : 0, out.offset], P);
  const bufs = [bufferOf(out.data), bufferOf(x.data), bufferOf(w.data)];
  if (b) bufs.push(bufferOf(b.data));
  dispatch(p, slot, bufs, [gx, gy, 1]);
  return true;
}

// ---- softmax / logSoftmax: one 64-wide workgroup per row ------------------------------------

const WG = 64;
const ROWS = 256;

/** WGSL: the NaN-propagating max of a and b (the CPU kernels' rule). */
const MAXN = "fn maxN(a: f32, b: f32) -> f32 { return select(a, b, isNan(b) || b > a); }";

/** Tree reduction of `red` (size n) with `op` (a WGSL function of two f32), in uniform flow. */
const treeReduce = (n: number, op: string) => `
  for (var s = ${n / 2}u; s > 0u; s = s / 2u) {
    if (li < s) { red[li] = ${op}(red[li], red[li + s]); }
    workgroupBarrier();
  }`;

function softmaxSource(log: boolean): string {
  return `${PRELUDE}
${binding(1, "out", "f32", true)}
${binding(2, "x", "f32", false)}
var<workgroup> red: array<f32, ${WG}>;
${MAXN}
fn add(a: f32, b: f32) -> f32 { return a + b; }
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row = i32(wg.x + wg.y * nw.x);
  let live = row < prm[${P}];
  let C = prm[${P + 1}];
  let xb = prm[${P + 2}] + row * C;
  let ob = prm[${P + 3}] + row * C;
  var m = -infF();
  if (live) {
    for (var j = i32(li); j < C; j = j + ${WG}) { m = maxN(m, x[xb + j]); }
  }
  red[li] = m;
  workgroupBarrier();
  ${treeReduce(WG, "maxN")}
  m = red[0];
  workgroupBarrier();
  var s = 0.0;
  if (live) {
    for (var j = i32(li); j < C; j = j + ${WG}) { s = s + exp(x[xb + j] - m); }
  }
  red[li] = s;
  workgroupBarrier();
  ${treeReduce(WG, "add")}
  s = red[0];
  if (live) {
    ${
      log
        ? "let ls = log(s);\n    for (var j = i32(li); j < C; j = j + 64) { out[ob + j] = (x[xb + j] - m) - ls; }"
        : "for (var j = i32(li); j < C; j = j + 64) { out[ob + j] = exp(x[xb + j] - m) / s; }"
    }
  }
}`;
}

function softmaxKernel(log: boolean, x: View, out: View): boolean {
  if (!ok("float32", x, out) || x.shape.length === 0) return false;
  const n = numel(x.shape);
  const C = x.shape[x.shape.length - 1]!;
  if (n === 0 || C === 0) return false;
  const rows = n / C;
  const p = pipeline(`fused.${log ? "logSoftmax" : "softmax"}`, () => softmaxSource(log));
  const { words, slot } = slotWords();
  words.set([rows, C, x.offset, out.offset], P);
  const gx = Math.min(rows, 65535);
  dispatch(p, slot, [bufferOf(out.data), bufferOf(x.data)], [gx, Math.ceil(rows / gx), 1]);
  return true;
}

// ---- crossEntropy: one workgroup walks the rows, then reduces -------------------------------

const REDUCTION_CODE: Record<FusedReduction, number> = { none: 0, mean: 1, sum: 2 };

function crossEntropySource(weighted: boolean): string {
  return `${PRELUDE}
${binding(1, "loss", "f32", true)}
${binding(2, "dx", "f32", true)}
${binding(3, "x", "f32", false)}
${binding(4, "t", "i32", false)}
${weighted ? binding(5, "w", "f32", false) : ""}
var<workgroup> red: array<f32, ${ROWS}>;
var<workgroup> redw: array<f32, ${ROWS}>;
${MAXN}
@compute @workgroup_size(${ROWS})
fn main(@builtin(local_invocation_index) li: u32) {
  let N = prm[${P}];
  let C = prm[${P + 1}];
  let xo = prm[${P + 2}];
  let to = prm[${P + 3}];
  let lo = prm[${P + 5}];
  let dof = prm[${P + 6}];
  let ignore = prm[${P + 7}];
  let reduction = prm[${P + 8}];
  var total = 0.0;
  var wsum = 0.0;
  for (var i = i32(li); i < N; i = i + ${ROWS}) {
    let c = t[to + i];
    let xr = xo + i * C;
    let dr = dof + i * C;
    var rl = 0.0;
    var rw = 0.0;
    if (c == ignore) {
      for (var j = 0; j < C; j = j + 1) { dx[dr + j] = 0.0; }
    } else if (c < 0 || c >= C) {
      rl = nanF();
      rw = nanF();
      for (var j = 0; j < C; j = j + 1) { dx[dr + j] = nanF(); }
    } else {
      var m = -infF();
      for (var j = 0; j < C; j = j + 1) { m = maxN(m, x[xr + j]); }
      var s = 0.0;
      for (var j = 0; j < C; j = j + 1) { s = s + exp(x[xr + j] - m); }
      let lse = m + log(s);
      ${weighted ? `let wc = w[prm[${P + 4}] + c];` : "let wc = 1.0;"}
      for (var j = 0; j < C; j = j + 1) {
        dx[dr + j] = wc * (exp(x[xr + j] - lse) - select(0.0, 1.0, j == c));
      }
      rl = -(wc * (x[xr + c] - lse));
      rw = wc;
    }
    if (reduction == 0) { loss[lo + i] = rl; }
    total = total + rl;
    wsum = wsum + rw;
  }
  red[li] = total;
  redw[li] = wsum;
  workgroupBarrier();
  for (var s = ${ROWS / 2}u; s > 0u; s = s / 2u) {
    if (li < s) {
      red[li] = red[li] + red[li + s];
      redw[li] = redw[li] + redw[li + s];
    }
    workgroupBarrier();
  }
  total = red[0];
  wsum = redw[0];
  if (reduction == 2 && li == 0u) { loss[lo] = total; }
  if (reduction == 1) {
    if (li == 0u) { loss[lo] = total / wsum; }
    // each invocation scales the rows it wrote
    for (var i = i32(li); i < N; i = i + ${ROWS}) {
      let dr = dof + i * C;
      for (var j = 0; j < C; j = j + 1) { dx[dr + j] = select(0.0, dx[dr + j] / wsum, wsum != 0.0); }
    }
  }
}`;
}

function crossEntropy(
  x: View,
  t: View,
  w: View | null,
  ignoreIndex: number,
  reduction: FusedReduction,
  loss: View,
  dx: View,
): boolean {
  if (!(w ? ok("float32", x, w, loss, dx) : ok("float32", x, loss, dx)) || !ok("int", t)) return false;
  if (x.shape.length !== 2 || t.shape.length !== 1) return false;
  const [N, C] = x.shape as [number, number];
  if (t.shape[0] !== N || N === 0 || C === 0 || Math.abs(ignoreIndex) > 2147483647) return false;
  const p = pipeline(`fused.crossEntropy|${w ? "w" : ""}`, () => crossEntropySource(w !== null));
  const { words, slot } = slotWords();
  words.set(
    [N, C, x.offset, t.offset, w ? w.offset : 0, loss.offset, dx.offset, ignoreIndex, REDUCTION_CODE[reduction]],
    P,
  );
  const bufs = [bufferOf(loss.data), bufferOf(dx.data), bufferOf(x.data), bufferOf(t.data)];
  if (w) bufs.push(bufferOf(w.data));
  dispatch(p, slot, bufs, [1, 1, 1]);
  return true;
}

// ---- optimizer steps ------------------------------------------------------------------------

// Flags (bits of prm[P]): 1 maximize, 2 L2 weight decay, 4 decoupled decay (Adam) / nesterov (SGD).
function sgdSource(momentum: boolean): string {
  return `${PRELUDE}
${binding(1, "p", "f32", true)}
${binding(2, "g", "f32", false)}
${momentum ? binding(3, "buf", "f32", true) : ""}
${ELEMENTWISE_MAIN}
  let flags = prm[${P}];
  let pi = prm[${P + 1}] + i;
  var d = g[prm[${P + 2}] + i];
  if ((flags & 1) != 0) { d = -d; }
  if ((flags & 2) != 0) { d = d + p[pi] * bitcast<f32>(prm[${P + 4}]); }
  ${
    momentum
      ? `let bi = prm[${P + 3}] + i;
  let b = buf[bi] * bitcast<f32>(prm[${P + 5}]) + d * bitcast<f32>(prm[${P + 6}]);
  buf[bi] = b;
  if ((flags & 4) != 0) { d = d + b * bitcast<f32>(prm[${P + 5}]); } else { d = b; }`
      : ""
  }
  p[pi] = p[pi] + d * bitcast<f32>(prm[${P + 7}]);
}`;
}

function sgdStep(p: View, g: View, buf: View | null, a: SgdStepArgs): boolean {
  if (!(buf ? ok("float32", p, g, buf) : ok("float32", p, g))) return false;
  const n = numel(p.shape);
  if (numel(g.shape) !== n || (buf && numel(buf.shape) !== n)) return false;
  if (n === 0) return true;
  const pl = pipeline(`fused.sgd|${buf ? "m" : ""}`, () => sgdSource(buf !== null));
  const { words, floats, slot } = slotWords();
  words[0] = n;
  words[P] = (a.maximize ? 1 : 0) | (a.weightDecay !== 0 ? 2 : 0) | (buf && a.nesterov ? 4 : 0);
  words.set([p.offset, g.offset, buf ? buf.offset : 0], P + 1);
  floats.set([a.weightDecay, a.momentum, 1 - a.dampening, -a.lr], P + 4);
  const bufs = [bufferOf(p.data), bufferOf(g.data)];
  if (buf) bufs.push(bufferOf(buf.data));
  dispatch(pl, slot, bufs, groupsFor(n));
  return true;
}

function adamSource(amsgrad: boolean): string {
  const f = (k: number) => `bitcast<f32>(prm[${P + k}])`;
  return `${PRELUDE}
${binding(1, "p", "f32", true)}
${binding(2, "g", "f32", false)}
${binding(3, "m", "f32", true)}
${binding(4, "v", "f32", true)}
${amsgrad ? binding(5, "vmax", "f32", true) : ""}
${ELEMENTWISE_MAIN}
  let flags = prm[${P}];
  let pi = prm[${P + 1}] + i;
  let mi = prm[${P + 3}] + i;
  let vi = prm[${P + 4}] + i;
  var gr = g[prm[${P + 2}] + i];
  if ((flags & 1) != 0) { gr = -gr; }
  if ((flags & 2) != 0) { gr = gr + p[pi] * ${f(10)}; }
  var pv = p[pi];
  if ((flags & 4) != 0) { pv = pv * ${f(11)}; }
  var mv = m[mi] * ${f(6)};
  mv = mv + gr * (${f(12)});
  var vv = v[vi] * ${f(7)};
  vv = vv + (gr * gr) * (${f(13)});
  m[mi] = mv;
  v[vi] = vv;
  ${
    amsgrad
      ? `let xi = prm[${P + 5}] + i;
  let mx = vmax[xi];
  var r = select(vv, mx, mx > vv);
  if (isNan(mx)) { r = mx; } else if (isNan(vv)) { r = vv; }
  vmax[xi] = r;
  vv = r;`
      : ""
  }
  let denom = sqrt(vv) / ${f(9)} + ${f(14)};
  p[pi] = pv + (mv / denom) * ${f(8)};
}`;
}

function adamStep(p: View, g: View, m: View, v: View, vmax: View | null, a: AdamStepArgs): boolean {
  if (!(vmax ? ok("float32", p, g, m, v, vmax) : ok("float32", p, g, m, v))) return false;
  const n = numel(p.shape);
  if ([g, m, v, ...(vmax ? [vmax] : [])].some((u) => numel(u.shape) !== n)) return false;
  if (n === 0) return true;
  const pl = pipeline(`fused.adam|${vmax ? "ams" : ""}`, () => adamSource(vmax !== null));
  const { words, floats, slot } = slotWords();
  words[0] = n;
  words[P] = (a.maximize ? 1 : 0) | (!a.decoupled && a.weightDecay !== 0 ? 2 : 0) | (a.decoupled ? 4 : 0);
  words.set([p.offset, g.offset, m.offset, v.offset, vmax ? vmax.offset : 0], P + 1);
  // the scalars as the CPU kernel computes them: in double, then rounded to float32
  const bc1 = 1 - a.beta1 ** a.step;
  const bc2 = 1 - a.beta2 ** a.step;
  floats.set(
    [
      a.beta1,
      a.beta2,
      -(a.lr / bc1),
      Math.sqrt(bc2),
      a.weightDecay,
      1 - a.lr * a.weightDecay,
      1 - a.beta1,
      1 - a.beta2,
      a.eps,
    ],
    P + 6,
  );
  const bufs = [bufferOf(p.data), bufferOf(g.data), bufferOf(m.data), bufferOf(v.data)];
  if (vmax) bufs.push(bufferOf(vmax.data));
  dispatch(pl, slot, bufs, groupsFor(n));
  return true;
}

// ---- relu and its backward (in place when the output is an input) ---------------------------

function reluSource(inPlace: boolean): string {
  return `${PRELUDE}
${binding(1, "out", "f32", true)}
${inPlace ? "" : binding(2, "x", "f32", false)}
${ELEMENTWISE_MAIN}
  let v = ${inPlace ? "out" : "x"}[prm[${P + 1}] + i];
  out[prm[${P}] + i] = select(0.0, v, v > 0.0 || isNan(v));
}`;
}

function relu(x: View, out: View): boolean {
  if (!ok("float32", x, out)) return false;
  const n = numel(x.shape);
  if (numel(out.shape) !== n) return false;
  if (n === 0) return true;
  const same = bufferOf(x.data) === bufferOf(out.data);
  if (same && x.offset !== out.offset) return false;
  const p = pipeline(`fused.relu|${same ? "inplace" : ""}`, () => reluSource(same));
  const { words, slot } = slotWords();
  words[0] = n;
  words.set([out.offset, x.offset], P);
  dispatch(p, slot, same ? [bufferOf(out.data)] : [bufferOf(out.data), bufferOf(x.data)], groupsFor(n));
  return true;
}

function reluBackwardSource(inPlace: boolean): string {
  return `${PRELUDE}
${binding(1, "out", "f32", true)}
${binding(2, "y", "f32", false)}
${inPlace ? "" : binding(3, "g", "f32", false)}
${ELEMENTWISE_MAIN}
  let gv = ${inPlace ? "out" : "g"}[prm[${P + 2}] + i];
  out[prm[${P}] + i] = select(gv, 0.0, y[prm[${P + 1}] + i] <= 0.0);
}`;
}

function reluBackward(y: View, g: View, out: View): boolean {
  if (!ok("float32", y, g, out)) return false;
  const n = numel(y.shape);
  if (numel(g.shape) !== n || numel(out.shape) !== n) return false;
  if (n === 0) return true;
  const ob = bufferOf(out.data);
  if (ob === bufferOf(y.data)) return false;
  const same = ob === bufferOf(g.data);
  if (same && g.offset !== out.offset) return false;
  const p = pipeline(`fused.reluBackward|${same ? "inplace" : ""}`, () => reluBackwardSource(same));
  const { words, slot } = slotWords();
  words[0] = n;
  words.set([out.offset, y.offset, g.offset], P);
  dispatch(p, slot, same ? [ob, bufferOf(y.data)] : [ob, bufferOf(y.data), bufferOf(g.data)], groupsFor(n));
  return true;
}

/** The webgpu fused kernels (conv2d and max pooling stay composites for now). */
export const webgpuFused: FusedKernels = {
  linear,
  softmax: (x, out) => softmaxKernel(false, x, out),
  logSoftmax: (x, out) => softmaxKernel(true, x, out),
  crossEntropy,
  sgdStep,
  adamStep,
  relu,
  reluBackward,
};
