/**
 * What every WGSL kernel shares: the dtype → WGSL type map (4-byte elements only), the layout of
 * a dispatch's parameters (`meta`, 64 int32 words), strided indexing, and conversions.
 *
 * meta: [0] invocations, [1] rank, [2..9] shape, operand k at [10+9k..18+9k] (8 strides, then
 * the element offset; operand 0 is the output), [48..61] kernel parameters, [62] a device check's
 * id, [63] always 0.
 */
import type { DType } from "../../tensor/dtype.js";

export const MAX_RANK = 8;
/** meta word of operand k's stride d, and of its offset. */
export const strideWord = (k: number, d: number): number => 10 + 9 * k + d;
export const offsetWord = (k: number): number => 18 + 9 * k;
/** First free parameter word. */
export const PARAM = 48;
/** Parameter word holding a checking dispatch's check id (device-checks.ts); kernels leave it alone. */
export const CHECK_WORD = 62;

/** WGSL element types a buffer holds. int64 is emulated in 32 bits; bool is one u32 per element. */
export type WType = "f32" | "i32" | "u32";

const WTYPE: Partial<Record<DType, WType>> = { float32: "f32", int32: "i32", int64: "i32", bool: "u32" };

/** The WGSL type of a dtype, or an error naming the op and what webgpu holds. */
export function wtype(op: string, dtype: DType): WType {
  const t = WTYPE[dtype];
  if (t === undefined) {
    throw new TypeError(
      `[${op}] dtype ${dtype} is not available on webgpu yet: got ${dtype}, expected float32, int32, int64 (held in 32 bits) or bool`,
    );
  }
  return t;
}

/** Shader prelude: the meta binding, strided offsets, NaN helpers. */
export const PRELUDE = /* wgsl */ `
@group(0) @binding(0) var<storage, read> prm: array<i32, 64>;
fn offsetOf(i: i32, k: i32) -> i32 {
  var r = prm[18 + 9 * k];
  var rem = i;
  for (var d = prm[1] - 1; d >= 0; d = d - 1) {
    let s = prm[2 + d];
    r = r + (rem % s) * prm[10 + 9 * k + d];
    rem = rem / s;
  }
  return r;
}
fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
// prm[63] is always 0: it keeps NaN and infinity out of constant evaluation, which rejects them.
fn nanF() -> f32 { return bitcast<f32>(0x7fc00000u | u32(prm[63])); }
fn infF() -> f32 { return bitcast<f32>(0x7f800000u | u32(prm[63])); }
fn truthy(x: f32) -> bool { return isNan(x) || x != 0.0; }
// float → int as x86 (PyTorch's CPU): NaN and out-of-range values become INT_MIN
fn toI32(x: f32) -> i32 { return select(i32(x), i32(-2147483647 - 1), isNan(x) || x >= 2147483648.0 || x < -2147483648.0); }
fn invocation(gid: vec3<u32>, nw: vec3<u32>) -> i32 { return i32(gid.x + gid.y * nw.x * 64u); }
`;

/** A WGSL expression converting `e` (of WGSL type `from`, or `bool`) to the buffer type `to`. */
export function convert(e: string, from: WType | "bool", to: WType): string {
  if (from === to) return e;
  if (from === "bool")
    return to === "f32" ? `select(0.0, 1.0, ${e})` : to === "i32" ? `select(0, 1, ${e})` : `select(0u, 1u, ${e})`;
  if (to === "u32") return from === "f32" ? `select(0u, 1u, truthy(${e}))` : `select(0u, 1u, ${e} != 0)`;
  if (to === "i32" && from === "f32") return `toI32(${e})`;
  return `${to}(${e})`;
}

/** Writes the shape and each operand's strides/offset into `meta` (operands: output first). */
export function writeLayout(
  op: string,
  meta: Int32Array,
  shape: readonly number[],
  operands: readonly { strides: readonly number[]; offset: number }[],
): number {
  const rank = shape.length;
  if (rank > MAX_RANK) throw new RangeError(`[${op}] webgpu kernels take at most ${MAX_RANK} dims: got ${rank}`);
  let n = 1;
  for (let d = 0; d < rank; d++) {
    meta[2 + d] = shape[d]!;
    n *= shape[d]!;
  }
  meta[0] = n;
  meta[1] = rank;
  operands.forEach((v, k) => {
    for (let d = 0; d < rank; d++) meta[strideWord(k, d)] = v.strides[d]!;
    meta[offsetWord(k)] = v.offset;
  });
  return n;
}
