/**
 * A device check over an integer tensor's values (device-checks.ts): every value outside
 * [lo, hi) — other than an allowed exception such as a loss's ignoreIndex — is reported, and the
 * next read-back raises the caller's message for it. What an op runs on the GPU where the CPU
 * scans the values at once (embedding indices, class labels).
 */
import type { View } from "../../backend.js";
import { numel } from "../../../tensor/shape.js";
import { dispatch, groupsFor, metaSlot } from "../batch.js";
import { CHECK_WGSL, type CheckMessage } from "../device-checks.js";
import { bufferOf } from "../memory.js";
import { pipeline } from "../pipelines.js";
import { PARAM, PRELUDE, writeLayout, wtype } from "../wgsl.js";

// PARAM: lo, hi, whether an exception is allowed, the exception.
const SOURCE = `${PRELUDE}${CHECK_WGSL}
@group(0) @binding(1) var<storage, read> x: array<i32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[0]) { return; }
  let v = x[offsetOf(i, 0)];
  if (prm[${PARAM + 2}] != 0 && v == prm[${PARAM + 3}]) { return; }
  if (v < prm[${PARAM}] || v >= prm[${PARAM + 1}]) { reportBad(v); }
}`;

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
const clamp32 = (v: number): number => Math.min(Math.max(v, I32_MIN), I32_MAX);

/** Reports the values of integer view `x` outside [lo, hi) (except `except`) with `message`. */
export function checkRange(
  op: string,
  x: View,
  lo: number,
  hi: number,
  except: number | null,
  message: CheckMessage,
): void {
  if (wtype(op, x.dtype) !== "i32")
    throw new TypeError(`[${op}] a range check takes integer values: got ${x.dtype}, expected int32 or int64`);
  const n = numel(x.shape);
  if (n === 0) return;
  const { words, slot } = metaSlot();
  writeLayout(op, words, x.shape, [x]);
  words[PARAM] = clamp32(lo);
  words[PARAM + 1] = clamp32(hi);
  const exceptFits = except !== null && except >= I32_MIN && except <= I32_MAX;
  words[PARAM + 2] = exceptFits ? 1 : 0;
  words[PARAM + 3] = exceptFits ? except : 0;
  dispatch(
    pipeline("rangeCheck", () => SOURCE),
    slot,
    [bufferOf(x.data)],
    groupsFor(n),
    message,
  );
}
