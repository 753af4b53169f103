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

/**
 * WGSL element types a buffer holds. int64 is emulated in 32 bits, uint8/int8/int16 are widened
 * to i32 (narrowed again on every store: `narrow`); bool is one u32 per element; float16 is f16
 * (2 bytes an element, needs the adapter's `shader-f16`), loaded into f32 to compute.
 */
export type WType = "f32" | "i32" | "u32" | "f16";

const WTYPE: Partial<Record<DType, WType>> = {
  float32: "f32",
  float16: "f16",
  int32: "i32",
  int64: "i32",
  int16: "i32",
  int8: "i32",
  uint8: "i32",
  bool: "u32",
};

const HELD = "float32, float16, int32, int64 (in 32 bits), int16, int8, uint8 or bool";

/** Set by runtime.ts: whether the open device has `shader-f16`. */
export const features = { f16: false };

/** The WGSL type of a dtype, or an error naming the op, the dtype and what to do. */
export function wtype(op: string, dtype: DType): WType {
  const t = WTYPE[dtype];
  if (t === undefined) {
    throw new TypeError(
      `[${op}] WebGPU has no ${dtype} type: got a ${dtype} tensor, expected ${HELD}; convert it first (.float(), or .half() for float16)`,
    );
  }
  if (t === "f16" && !features.f16) {
    throw new TypeError(
      `[${op}] float16 on webgpu needs the adapter feature "shader-f16", which this adapter lacks: got a float16 tensor, expected ${HELD.replace("float16, ", "")}; convert it first (.float())`,
    );
  }
  return t;
}

/** Bytes one element of `dtype` takes on the GPU (2 for float16, else 4). */
export const gpuItemsize = (dtype: DType): number => (dtype === "float16" ? 2 : 4);

/** Bytes a GPU buffer of `n` elements of `dtype` needs (WebGPU sizes are multiples of 4). */
export const gpuBytes = (dtype: DType, n: number): number => Math.ceil((n * gpuItemsize(dtype)) / 4) * 4;

/** The type a kernel computes in for buffers of `t` (float16 computes in f32, as the CPU). */
export const ctype = (t: WType): Exclude<WType, "f16"> => (t === "f16" ? "f32" : t);

/** A WGSL expression loading buffer element `e` of type `t` as its compute type. */
export const load = (t: WType, e: string): string => (t === "f16" ? `h2f(${e})` : e);

/** A WGSL expression storing compute-type value `e` into a buffer of type `t` (f16: rounded to nearest even). */
export const store = (t: WType, e: string): string => (t === "f16" ? `f2h(${e})` : e);

/** Whether stores into `dtype` narrow an i32 to a smaller integer (uint8, int8, int16). */
export const isNarrow = (dtype: DType): boolean => dtype === "uint8" || dtype === "int8" || dtype === "int16";

/** `e` (an i32) wrapped into `dtype`'s range as the CPU's integer stores wrap; other dtypes as is. */
export function narrow(dtype: DType, e: string): string {
  if (dtype === "uint8") return `((${e}) & 255)`;
  if (dtype === "int8") return `(((${e}) << 24u) >> 24u)`;
  if (dtype === "int16") return `(((${e}) << 16u) >> 16u)`;
  return e;
}

/**
 * float16 ↔ float32 by bits (subnormals, infinities and NaN exact whatever the driver's
 * denormal mode; round to nearest even as c10::Half). Both halves of the u32 carry the value, so
 * the vec2 lane order does not matter. pipelines.ts adds these and \`enable f16;\` to shaders using f16.
 */
export const F16_HELPERS = /* wgsl */ `
fn h2f(h: f16) -> f32 {
  let b = bitcast<u32>(vec2<f16>(h, h)) & 0xffffu;
  let s = (b & 0x8000u) << 16u;
  let e = (b >> 10u) & 0x1fu;
  let m = b & 0x3ffu;
  if (e == 0u) { return bitcast<f32>(s | bitcast<u32>(f32(m) * 5.9604644775390625e-8)); }
  if (e == 31u) { return bitcast<f32>(s | 0x7f800000u | (m << 13u)); }
  return bitcast<f32>(s | ((e + 112u) << 23u) | (m << 13u));
}
fn h2f4(v: vec4<f16>) -> vec4<f32> { return vec4<f32>(h2f(v.x), h2f(v.y), h2f(v.z), h2f(v.w)); }
fn f2h(x: f32) -> f16 {
  let u = bitcast<u32>(x);
  let s = (u >> 16u) & 0x8000u;
  let a = u & 0x7fffffffu;
  var h: u32;
  if (a > 0x7f800000u) { h = 0x7e00u | ((a >> 13u) & 0x3ffu); }
  else if (a >= 0x477ff000u) { h = 0x7c00u; }
  else if (a >= 0x38800000u) { h = ((a + 0xfffu + ((a >> 13u) & 1u)) >> 13u) - (112u << 10u); }
  else { h = u32(round(bitcast<f32>(a) * 16777216.0)); }
  h = h | s;
  return bitcast<vec2<f16>>(h | (h << 16u)).x;
}
`;

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

/** A WGSL expression converting `e` (of compute type `from`, or `bool`) to the compute type `to`. */
export function convert(e: string, from: WType | "bool", to: WType): string {
  if (from === "f16") from = "f32";
  if (to === "f16") to = "f32";
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
