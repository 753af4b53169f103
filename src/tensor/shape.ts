/** Shapes, strides, broadcasting and dimension arguments. */
import { describe } from "../util/args.js";

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides of a contiguous tensor. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= Math.max(shape[i]!, 1);
  }
  return strides;
}

/** Storage offset of every element of a strided view, in row-major order of its shape. */
export function elementOffsets(shape: Shape, strides: Shape, offset: number): Float64Array {
  const n = numel(shape);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let off = offset;
  for (let i = 0; i < n; i++) {
    out[i] = off;
    // Odometer step: bump the last index, carrying into earlier dims.
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      off += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/** True when the strides describe a row-major layout (size-1 dims may have any stride). */
export function isContiguousLayout(shape: Shape, strides: Shape): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const s = shape[i]!;
    if (s === 0) return true;
    if (s !== 1) {
      if (strides[i] !== expected) return false;
      expected *= s;
    }
  }
  return true;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

/** Broadcasts shapes with NumPy/PyTorch rules: align right, sizes equal or one of them 1. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const shape of shapes) {
    for (let i = 0; i < shape.length; i++) {
      const o = ndim - shape.length + i;
      const s = shape[i]!;
      if (s === out[o] || s === 1) continue;
      if (out[o] === 1) out[o] = s;
      else {
        throw new RangeError(`[${op}] shapes ${shapes.map(formatShape).join(" and ")} cannot broadcast`);
      }
    }
  }
  return out;
}

/** Resolves a possibly negative dim against `ndim` (0-d tensors accept -1 and 0, like PyTorch). */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`[${op}] dimension out of range: got ${dim}, expected to be in range of [${-n}, ${n - 1}]`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Resolves a list of dims; rejects repeats. `undefined` or `[]` means every dim. */
export function normalizeDims(op: string, dims: number | readonly number[] | undefined | null, ndim: number): number[] {
  if (dims === undefined || dims === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === "number" ? [dims] : dims;
  if (list.length === 0) return Array.from({ length: ndim }, (_, i) => i);
  const out = list.map((d) => normalizeDim(op, d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw new RangeError(`[${op}] dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return ndim === 0 ? [] : out.sort((a, b) => a - b);
}

function shapeText(shape: readonly unknown[]): string {
  return `[${shape.map((s) => (typeof s === "number" ? String(s) : describe(s))).join(",")}]`;
}

/**
 * Checks a user-provided shape: non-negative integers (a size of another kind is a TypeError, a
 * negative one a RangeError, as PyTorch's TypeError / "negative dimension" RuntimeError).
 */
export function checkShape(op: string, shape: readonly unknown[]): number[] {
  for (const s of shape) {
    if (typeof s !== "number" || !Number.isInteger(s)) {
      throw new TypeError(`[${op}] invalid shape ${shapeText(shape)}: sizes must be integers, got ${describe(s)}`);
    }
    if (s < 0) {
      throw new RangeError(`[${op}] invalid shape ${shapeText(shape)}: sizes must be non-negative integers, got ${s}`);
    }
  }
  return shape as number[];
}

/** Accepts `f(2, 3)` or `f([2, 3])` (PyTorch's varargs-or-sequence sizes). */
export function parseShapeArgs(op: string, args: readonly unknown[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return checkShape(op, args[0] as unknown[]);
  return checkShape(op, args);
}

/** Infers one `-1` in a reshape target. */
export function inferShape(op: string, shape: readonly number[], total: number): number[] {
  let inferAt = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i]!;
    if (s === -1) {
      if (inferAt >= 0) throw new RangeError(`[${op}] only one dimension can be inferred: got ${formatShape(shape)}`);
      inferAt = i;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new RangeError(`[${op}] invalid shape dimension ${s} in ${formatShape(shape)}`);
    } else known *= s;
  }
  const out = [...shape];
  if (inferAt >= 0) {
    if (known === 0 || total % known !== 0) {
      throw new RangeError(`[${op}] shape '${formatShape(shape)}' is invalid for input of size ${total}`);
    }
    out[inferAt] = total / known;
  } else if (known !== total) {
    throw new RangeError(`[${op}] shape '${formatShape(shape)}' is invalid for input of size ${total}`);
  }
  return out;
}
