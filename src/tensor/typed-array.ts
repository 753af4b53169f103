/** Typed arrays as tensor data: which ones antorcha stores directly, and as which dtype. */
import type { DType, StorageArray } from "./dtype.js";

/** True for a typed array (any kind; DataView is not one). */
export function isTypedArray(x: unknown): x is StorageArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/** The dtype a typed array's elements have (Float32Array → float32, …); other kinds throw. */
export function typedArrayDtype(x: StorageArray, op = "tensor"): DType {
  if (x instanceof Float32Array) return "float32";
  if (x instanceof Float64Array) return "float64";
  if (x instanceof Int32Array) return "int32";
  if (x instanceof Int16Array) return "int16";
  if (x instanceof Int8Array) return "int8";
  if (x instanceof Uint8Array) return "uint8";
  if (x instanceof BigInt64Array) return "int64";
  throw new TypeError(
    `[${op}] unsupported typed array ${Object.prototype.toString.call(x).slice(8, -1)}: use Float32Array, Float64Array, Int8/16/32Array, Uint8Array or BigInt64Array`,
  );
}
