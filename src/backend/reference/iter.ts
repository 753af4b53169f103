/** Strided access helpers for the reference kernels. */
import { readNumber, writeNumber, type DType, type StorageArray } from "../../tensor/dtype.js";
import { elementOffsets } from "../../tensor/shape.js";
import type { View } from "../backend.js";

/** Storage offset of every element of `v`, in row-major order of its shape. */
export function offsets(v: View): Float64Array {
  return elementOffsets(v.shape, v.strides, v.offset);
}

export type Reader = (off: number) => number;
export type Writer = (off: number, x: number) => void;

/** Reads an element as a float64 number, whatever the dtype. */
export function reader(v: View): Reader {
  const a = v.data;
  switch (v.dtype) {
    case "float16":
    case "bfloat16":
    case "int64":
      return (o) => readNumber(a, v.dtype, o);
    default:
      return (o) => (a as Float64Array)[o]!;
  }
}

/** Writes a float64 number, converting to the view's dtype as a cast would. */
export function writer(v: View): Writer {
  const a: StorageArray = v.data;
  const dt: DType = v.dtype;
  if (dt === "float32" || dt === "float64") return (o, x) => ((a as Float64Array)[o] = x);
  if (dt === "float16" || dt === "bfloat16") {
    // Half types compute in float32: round there first, then to 16 bits.
    return (o, x) => writeNumber(a, dt, o, Math.fround(x));
  }
  return (o, x) => writeNumber(a, dt, o, x);
}

/** Row-major index tuple of flat position `i` in `shape`. */
export function unravel(i: number, shape: readonly number[], out: number[]): number[] {
  for (let d = shape.length - 1; d >= 0; d--) {
    const s = shape[d]!;
    out[d] = i % s;
    i = Math.floor(i / s);
  }
  return out;
}

/** A view of the same data with one dim removed (fixing it at 0) — for looping along that dim. */
export function dropDim(v: View, dim: number): View {
  return {
    data: v.data,
    dtype: v.dtype,
    shape: v.shape.filter((_, i) => i !== dim),
    strides: v.strides.filter((_, i) => i !== dim),
    offset: v.offset,
  };
}
