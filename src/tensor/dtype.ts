/**
 * Data types, PyTorch's promotion rules, and the typed arrays that store each dtype.
 *
 * float16 and bfloat16 are stored as raw 16-bit patterns (Uint16Array) and computed in float32;
 * bool is stored as 0/1 bytes; int64 uses BigInt64Array.
 */
import { maxArrayBytes } from "../util/node.js";

/** Every element type a tensor can hold. */
export const DTYPES = [
  "bool",
  "uint8",
  "int8",
  "int16",
  "int32",
  "int64",
  "float16",
  "bfloat16",
  "float32",
  "float64",
] as const;

/** An element type, named as in PyTorch (`torch.float32` → `"float32"`). */
export type DType = (typeof DTYPES)[number];

/** The typed array that backs a storage of each dtype. */
export type StorageArray =
  Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint16Array | Float32Array | Float64Array;

export type FloatDType = "float16" | "bfloat16" | "float32" | "float64";
export type IntDType = "uint8" | "int8" | "int16" | "int32" | "int64";

type ArrayCtor = {
  new (n: number): StorageArray;
  new (buf: ArrayBufferLike, byteOffset?: number, length?: number): StorageArray;
  readonly BYTES_PER_ELEMENT: number;
};

interface DTypeInfo {
  readonly itemsize: number;
  readonly isFloat: boolean;
  readonly isSigned: boolean;
  readonly array: ArrayCtor;
}

const INFO: Record<DType, DTypeInfo> = {
  bool: { itemsize: 1, isFloat: false, isSigned: false, array: Uint8Array as unknown as ArrayCtor },
  uint8: { itemsize: 1, isFloat: false, isSigned: false, array: Uint8Array as unknown as ArrayCtor },
  int8: { itemsize: 1, isFloat: false, isSigned: true, array: Int8Array as unknown as ArrayCtor },
  int16: { itemsize: 2, isFloat: false, isSigned: true, array: Int16Array as unknown as ArrayCtor },
  int32: { itemsize: 4, isFloat: false, isSigned: true, array: Int32Array as unknown as ArrayCtor },
  int64: { itemsize: 8, isFloat: false, isSigned: true, array: BigInt64Array as unknown as ArrayCtor },
  float16: { itemsize: 2, isFloat: true, isSigned: true, array: Uint16Array as unknown as ArrayCtor },
  bfloat16: { itemsize: 2, isFloat: true, isSigned: true, array: Uint16Array as unknown as ArrayCtor },
  float32: { itemsize: 4, isFloat: true, isSigned: true, array: Float32Array as unknown as ArrayCtor },
  float64: { itemsize: 8, isFloat: true, isSigned: true, array: Float64Array as unknown as ArrayCtor },
};

/** PyTorch's alternative names (`torch.float`, `torch.long`, …) mapped to canonical dtypes. */
export const DTYPE_ALIASES: Readonly<Record<string, DType>> = {
  float: "float32",
  double: "float64",
  half: "float16",
  long: "int64",
  int: "int32",
  short: "int16",
};

/** PyTorch's scalar-type names (`Float`, `Long`), as its messages and `torch.FloatTensor` use them. */
export const TORCH_TYPE_NAMES: Readonly<Record<DType, string>> = {
  bool: "Bool",
  uint8: "Byte",
  int8: "Char",
  int16: "Short",
  int32: "Int",
  int64: "Long",
  float16: "Half",
  bfloat16: "BFloat16",
  float32: "Float",
  float64: "Double",
};

/** Accepts a dtype or one of PyTorch's aliases; throws a clear error otherwise. */
export function toDType(name: string, op = "dtype"): DType {
  if ((DTYPES as readonly string[]).includes(name)) return name as DType;
  const alias = Object.prototype.hasOwnProperty.call(DTYPE_ALIASES, name) ? DTYPE_ALIASES[name] : undefined;
  if (alias !== undefined) return alias;
  if (name === "cpu") throw new TypeError(`[${op}] expected a dtype: got the device "cpu" (pass a device as device)`);
  const what = typeof name === "string" ? JSON.stringify(name) : String(name);
  throw new TypeError(`[${op}] unknown dtype: got ${what}, expected one of ${DTYPES.join(", ")}`);
}

export function isDType(x: unknown): x is DType {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

export function itemsize(dtype: DType): number {
  return INFO[dtype].itemsize;
}

export function isFloatingPoint(dtype: DType): dtype is FloatDType {
  return INFO[dtype].isFloat;
}

export function isIntegral(dtype: DType, includeBool = false): boolean {
  return !INFO[dtype].isFloat && (includeBool || dtype !== "bool");
}

export function isSigned(dtype: DType): boolean {
  return INFO[dtype].isSigned;
}

/**
 * The error for an allocation that cannot be made (PyTorch: "can't allocate memory"), so no
 * caller ever sees V8's bare `RangeError: Invalid typed array length`.
 */
export function allocationError(op: string, dtype: DType, n: number, shape?: readonly number[]): RangeError {
  const bytes = n * INFO[dtype].itemsize;
  const b = Number.isSafeInteger(bytes) ? String(bytes) : bytes.toExponential(3);
  return new RangeError(`[${op}] cannot allocate ${b} bytes for shape [${(shape ?? [n]).join(", ")}] (${dtype})`);
}

// The longest typed array this engine makes (Node's `buffer.constants.MAX_LENGTH` is V8's
// TypedArray::kMaxLength: 2^32 in Node 20).
const MAX_ARRAY_LENGTH = maxArrayBytes();

/**
 * Checks an element count before anything is allocated or computed for it (factories that
 * build their values in a scratch array first call this with the op's name and shape).
 */
export function checkAllocation(op: string, dtype: DType, n: number, shape?: readonly number[]): void {
  if (!(n >= 0 && n <= MAX_ARRAY_LENGTH)) throw allocationError(op, dtype, n, shape);
}

/**
 * A zero-filled typed array able to hold `n` elements of `dtype`. An impossible size raises
 * `[op] cannot allocate N bytes for shape [...]` (`op` and `shape` name it for the user).
 */
export function allocArray(dtype: DType, n: number, op = "alloc", shape?: readonly number[]): StorageArray {
  try {
    return new INFO[dtype].array(n);
  } catch (e) {
    throw e instanceof RangeError ? allocationError(op, dtype, n, shape) : e;
  }
}

// Below this size V8's zeroed allocation is as cheap as any other (small arrays live on the JS
// heap); above it a zeroed array costs a calloc whose pages fault in fresh on every call
// (100k floats: 50 µs zeroed vs 10 µs uninitialised, 1M: 606 µs vs 87 µs on the dev machine).
const UNINIT_MIN_BYTES = 4096;
// ANTORCHA_POISON_UNINIT=1 fills uninitialised arrays with 0xFF bytes (NaN / -1), so a kernel
// that leaves part of its output unwritten fails tests instead of passing on lucky zeros.
const POISON = typeof process !== "undefined" && process.env?.ANTORCHA_POISON_UNINIT === "1";
// Node's Buffer holds at most this many bytes (2^32 in Node 20); larger arrays, and every array
// where there is no Buffer (browsers), come zeroed from the typed-array constructor.
const UNINIT_MAX_BYTES = typeof Buffer === "undefined" ? -1 : maxArrayBytes();

/**
 * A typed array of `n` elements whose contents are unspecified: only for outputs a kernel
 * writes in full (elementwise, matmul, copies, reductions). Everything else uses `allocArray`.
 */
export function allocArrayUninit(dtype: DType, n: number, op = "alloc", shape?: readonly number[]): StorageArray {
  const info = INFO[dtype];
  const bytes = n * info.itemsize;
  if (POISON) {
    const a = allocArray(dtype, n, op, shape);
    new Uint8Array(a.buffer, a.byteOffset, bytes).fill(0xff);
    return a;
  }
  if (bytes < UNINIT_MIN_BYTES) return new info.array(n); // small: cannot fail, the per-op hot path
  if (bytes > UNINIT_MAX_BYTES) return allocArray(dtype, n, op, shape);
  try {
    const buf = Buffer.allocUnsafeSlow(bytes);
    return new info.array(buf.buffer, buf.byteOffset, n);
  } catch (e) {
    throw e instanceof RangeError ? allocationError(op, dtype, n, shape) : e;
  }
}

/** The typed-array constructor of a dtype (for viewing an existing buffer). */
export function arrayConstructor(dtype: DType): ArrayCtor {
  return INFO[dtype].array;
}

/** The default floating dtype (`torch.get_default_dtype()`); float32 unless changed. */
let defaultFloat: "float32" | "float64" = "float32";

export function getDefaultDtype(): "float32" | "float64" {
  return defaultFloat;
}

/** Sets the dtype used for float tensors created from JS numbers (`torch.set_default_dtype`). */
export function setDefaultDtype(dtype: DType | string): void {
  if (typeof dtype === "string") dtype = toDType(dtype, "setDefaultDtype"); // torch.float, "double"
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`[setDefaultDtype] only float32 and float64 are supported: got ${dtype}`);
  }
  defaultFloat = dtype;
}

// ---- promotion ------------------------------------------------------------------------------

const INT_RANK: Record<IntDType, number> = { uint8: 1, int8: 1, int16: 2, int32: 3, int64: 4 };

/** `torch.promote_types`: the smallest dtype both inputs convert to without losing category. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === "bool") return b;
  if (b === "bool") return a;
  const fa = isFloatingPoint(a);
  const fb = isFloatingPoint(b);
  if (fa && fb) {
    if (a === "float64" || b === "float64") return "float64";
    if (a === "float32" || b === "float32") return "float32";
    return "float32"; // float16 with bfloat16
  }
  if (fa) return a;
  if (fb) return b;
  // both integral
  if ((a === "uint8" && b === "int8") || (a === "int8" && b === "uint8")) return "int16";
  return INT_RANK[a as IntDType] >= INT_RANK[b as IntDType] ? a : b;
}

/** PyTorch's `canCast`: an in-place result may not go float→integral nor non-bool→bool. */
export function canCast(from: DType, to: DType): boolean {
  if (isFloatingPoint(from) && !isFloatingPoint(to)) return false;
  if (from !== "bool" && to === "bool") return false;
  return true;
}

/** One participant of a type-promotion decision. */
export type PromotionOperand =
  { kind: "tensor"; dtype: DType; dim: number } | { kind: "scalar"; value: number | bigint | boolean };

function scalarDtype(v: number | bigint | boolean): DType {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint") return "int64";
  // a whole number beyond int64 can only have been meant as a float (1e39 → float32)
  return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? "int64" : getDefaultDtype();
}

/** The dtype a JS scalar gets on its own: bool, int64, or the default float dtype. */
export function dtypeOfScalar(v: number | bigint | boolean): DType {
  return scalarDtype(v);
}

/**
 * `torch.result_type`: dimensioned tensors decide first; 0-d tensors and then JS scalars only
 * matter when they belong to a higher category (bool < integer < float).
 */
export function resultType(operands: readonly PromotionOperand[]): DType {
  let dimRes: DType | undefined;
  let zeroRes: DType | undefined;
  let scalarRes: DType | undefined;
  const merge = (cur: DType | undefined, d: DType) => (cur === undefined ? d : promoteTypes(cur, d));
  for (const op of operands) {
    if (op.kind === "scalar") scalarRes = merge(scalarRes, scalarDtype(op.value));
    else if (op.dim > 0) dimRes = merge(dimRes, op.dtype);
    else zeroRes = merge(zeroRes, op.dtype);
  }
  return combineCategories(dimRes, combineCategories(zeroRes, scalarRes)) ?? getDefaultDtype();
}

function combineCategories(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (isFloatingPoint(higher)) return higher;
  // A bool tensor or a float of lower priority still lifts the category: int tensor + 2.5 → float32.
  if (higher === "bool" || isFloatingPoint(lower)) return promoteTypes(higher, lower);
  return higher;
}

// ---- 16-bit floats --------------------------------------------------------------------------

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float → IEEE half bits, round to nearest even (as c10::Half does). */
export function floatToHalfBits(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow → ±0
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1) === 1)) half += 1;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half += 1; // may carry into exponent: correct
  return sign | half;
}

/** IEEE half bits → float value. */
export function halfBitsToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant !== 0 ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** float → bfloat16 bits, round to nearest even; NaN stays a quiet NaN. */
export function floatToBFloat16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  if (Number.isNaN(f32[0]!)) return 0x7fc0;
  const lsb = (bits >>> 16) & 1;
  return ((bits + 0x7fff + lsb) >>> 16) & 0xffff;
}

/** bfloat16 bits → float value. */
export function bfloat16BitsToFloat(h: number): number {
  u32[0] = (h & 0xffff) << 16;
  return f32[0]!;
}

/** Rounds a JS number to what a dtype can hold, the way a store into that dtype would. */
export function roundToDtype(x: number, dtype: DType): number {
  switch (dtype) {
    case "float64":
      return x;
    case "float32":
      return Math.fround(x);
    case "float16":
      return halfBitsToFloat(floatToHalfBits(Math.fround(x)));
    case "bfloat16":
      return bfloat16BitsToFloat(floatToBFloat16Bits(Math.fround(x)));
    case "bool":
      return x !== 0 ? 1 : 0;
    default: {
      const t = Number.isFinite(x) ? Math.trunc(x) : 0;
      return wrapInt(t, dtype as IntDType);
    }
  }
}

const INT_BITS: Record<IntDType, number> = { uint8: 8, int8: 8, int16: 16, int32: 32, int64: 64 };

function wrapInt(t: number, dtype: IntDType): number {
  if (dtype === "int64") return t;
  const bits = INT_BITS[dtype];
  const mod = 2 ** bits;
  let r = t % mod;
  if (r < 0) r += mod;
  if (dtype !== "uint8" && r >= mod / 2) r -= mod;
  return r === 0 ? 0 : r; // no -0 in integer dtypes
}

const INT_RANGE: Record<IntDType, readonly [number, number]> = {
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63], // as doubles: int64's max rounds up to 2^63
};

/**
 * PyTorch's `c10::overflows`: whether storing `v` into `dtype` at creation or as a scalar
 * argument (not a cast: casts wrap) is an overflow. Integers may not leave the dtype's range,
 * except that negative integers wrap into unsigned types down to -max (`-1` → 255);
 * fractional values must lie within the range before truncation; NaN and ±Infinity never fit
 * an integer dtype. With `floats`, finite values beyond a float dtype's largest are rejected
 * too (infinities and NaN fit); bool takes anything.
 */
export function overflows(dtype: DType, v: number | bigint | boolean, floats = false): boolean {
  if (typeof v === "boolean" || dtype === "bool" || dtype === "float64") return false;
  if (INFO[dtype].isFloat) {
    if (!floats) return false;
    const x = Number(v);
    const max = finfo(dtype as FloatDType).max;
    return x > max ? x !== Infinity : x < -max && x !== -Infinity;
  }
  const [lo, hi] = INT_RANGE[dtype as IntDType];
  if (typeof v === "bigint") {
    if (dtype === "int64") return v < INT64_MIN || v > INT64_MAX;
    return dtype === "uint8" ? v > 255n || v < -255n : v < BigInt(lo) || v > BigInt(hi);
  }
  if (Number.isInteger(v)) {
    if (dtype === "int64") return v >= hi || v < lo;
    return dtype === "uint8" ? v > hi || v < -hi : v < lo || v > hi;
  }
  return !(v >= lo && v <= hi); // NaN and ±Infinity included
}

/** Throws PyTorch's overflow error when `v` does not fit `dtype` (see `overflows`). */
export function checkFits(op: string, dtype: DType, v: number | bigint | boolean, floats = false): void {
  if (overflows(dtype, v, floats)) {
    throw new RangeError(
      `[${op}] value cannot be converted to type ${dtype} without overflow: got ${typeof v === "bigint" ? `${v}n` : v}`,
    );
  }
}

/** Reads element `i` of a storage as a JS number (int64 converts through Number). */
export function readNumber(arr: StorageArray, dtype: DType, i: number): number {
  switch (dtype) {
    case "float16":
      return halfBitsToFloat(arr[i] as number);
    case "bfloat16":
      return bfloat16BitsToFloat(arr[i] as number);
    case "int64":
      return Number(arr[i] as bigint);
    default:
      return arr[i] as number;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Writes a JS number into element `i`, converting as PyTorch's cast to that dtype does. */
export function writeNumber(arr: StorageArray, dtype: DType, i: number, x: number): void {
  switch (dtype) {
    case "float16":
      (arr as Uint16Array)[i] = floatToHalfBits(x);
      return;
    case "bfloat16":
      (arr as Uint16Array)[i] = floatToBFloat16Bits(x);
      return;
    case "int64":
      // float→int truncates toward zero; non-finite values give INT64_MIN as on x86.
      (arr as BigInt64Array)[i] = Number.isFinite(x) ? BigInt.asIntN(64, BigInt(Math.trunc(x))) : INT64_MIN;
      return;
    case "bool":
      (arr as Uint8Array)[i] = x !== 0 ? 1 : 0;
      return;
    case "float32":
    case "float64":
      (arr as Float64Array)[i] = x;
      return;
    default:
      // Typed-array stores of integers wrap modulo 2^bits; truncate first so 2.7 → 2, -2.7 → -2.
      (arr as Int32Array)[i] = Number.isFinite(x) ? Math.trunc(x) : 0;
  }
}

/** Float range facts (`torch.finfo`). */
export function finfo(dtype: FloatDType): { bits: number; eps: number; max: number; min: number; tiny: number } {
  switch (dtype) {
    case "float16":
      return { bits: 16, eps: 2 ** -10, max: 65504, min: -65504, tiny: 2 ** -14 };
    case "bfloat16":
      return { bits: 16, eps: 2 ** -7, max: 3.3895313892515355e38, min: -3.3895313892515355e38, tiny: 2 ** -126 };
    case "float32":
      return { bits: 32, eps: 2 ** -23, max: 3.4028234663852886e38, min: -3.4028234663852886e38, tiny: 2 ** -126 };
    case "float64":
      return { bits: 64, eps: Number.EPSILON, max: Number.MAX_VALUE, min: -Number.MAX_VALUE, tiny: 2 ** -1022 };
  }
}

/** Integer range facts (`torch.iinfo`); int64 bounds are bigints. */
export function iinfo(dtype: IntDType): { bits: number; min: number | bigint; max: number | bigint } {
  switch (dtype) {
    case "uint8":
      return { bits: 8, min: 0, max: 255 };
    case "int8":
      return { bits: 8, min: -128, max: 127 };
    case "int16":
      return { bits: 16, min: -32768, max: 32767 };
    case "int32":
      return { bits: 32, min: -2147483648, max: 2147483647 };
    case "int64":
      return { bits: 64, min: INT64_MIN, max: 2n ** 63n - 1n };
  }
}
