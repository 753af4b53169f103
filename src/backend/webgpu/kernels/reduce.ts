/**
 * Reductions in WGSL: one invocation per output element walks the reduced sub-space (its sizes
 * at prm[PARAM+2…], its strides in operand 2's stride words). Output in keepdim shape. argmax/
 * argmin give the row-major position within the reduced sub-space, first one on ties, NaN wins
 * (as the reference backend).
 */
import type { ReduceOp } from "../../backend.js";
import { PARAM, PRELUDE, convert, ctype, load, store, type WType } from "../wgsl.js";

interface Acc {
  init: (t: WType) => string;
  step: (t: WType) => string;
  /** true: writes the index (int), not the accumulator. */
  arg?: boolean;
  /** The accumulator is a WGSL bool. */
  bool?: boolean;
}

const zero = (t: WType): string => (t === "f32" ? "0.0" : t === "i32" ? "0" : "0u");
const one = (t: WType): string => (t === "f32" ? "1.0" : t === "i32" ? "1" : "1u");
const lowest = (t: WType): string => (t === "f32" ? "-infF()" : t === "i32" ? "i32(-2147483647 - 1)" : "0u");
const highest = (t: WType): string => (t === "f32" ? "infF()" : t === "i32" ? "2147483647" : "1u");
const nz = (t: WType): string => (t === "f32" ? "truthy(v)" : `(v != ${zero(t)})`);
const nanOf = (t: WType, v: string): string => (t === "f32" ? `isNan(${v})` : "false");

export const REDUCE_WGSL: Record<ReduceOp, Acc> = {
  sum: { init: zero, step: (t) => (t === "u32" ? "acc = acc | v;" : "acc = acc + v;") },
  prod: { init: one, step: (t) => (t === "u32" ? "acc = acc & v;" : "acc = acc * v;") },
  amax: { init: lowest, step: (t) => `if (${nanOf(t, "v")} || v > acc) { acc = v; }` },
  amin: { init: highest, step: (t) => `if (${nanOf(t, "v")} || v < acc) { acc = v; }` },
  argmax: {
    init: lowest,
    arg: true,
    step: (t) => `if (j == 0 || (!${nanOf(t, "acc")} && (${nanOf(t, "v")} || v > acc))) { acc = v; idx = j; }`,
  },
  argmin: {
    init: highest,
    arg: true,
    step: (t) => `if (j == 0 || (!${nanOf(t, "acc")} && (${nanOf(t, "v")} || v < acc))) { acc = v; idx = j; }`,
  },
  all: { init: () => "true", bool: true, step: (t) => `acc = acc && ${nz(t)};` },
  any: { init: () => "false", bool: true, step: (t) => `acc = acc || ${nz(t)};` },
};

/** The shader of reduction `op` from `inType` into `outType` (float16 accumulates in f32, as PyTorch). */
export function reduceSource(op: ReduceOp, inT: WType, outType: WType): string {
  const a = REDUCE_WGSL[op];
  const inType = ctype(inT);
  const accType = a.bool ? "bool" : inType;
  const result = store(outType, a.arg ? convert("idx", "i32", outType) : convert("acc", accType, outType));
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${outType}>;
@group(0) @binding(2) var<storage, read> inp: array<${inT}>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[0]) { return; }
  let base = offsetOf(i, 1);
  var acc: ${accType} = ${a.init(inType)};
  var idx: i32 = 0;
  let rrank = prm[${PARAM}];
  for (var j = 0; j < prm[${PARAM + 1}]; j = j + 1) {
    var rem = j;
    var o = base;
    for (var d = rrank - 1; d >= 0; d = d - 1) {
      let s = prm[${PARAM + 2} + d];
      o = o + (rem % s) * prm[28 + d];
      rem = rem / s;
    }
    let v = ${load(inT, "inp[o]")};
    ${a.step(inType)}
  }
  out[offsetOf(i, 0)] = ${result};
}`;
}
