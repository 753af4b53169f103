/** Converting tensors and arrays to plain numbers for plotting. */
import { Tensor } from "../tensor/tensor.js";

/** A 1-D series: a tensor or numbers. */
export type Series = Tensor | ArrayLike<number>;
/** A 2-D grid: a tensor or rows of numbers. */
export type Grid = Tensor | ArrayLike<ArrayLike<number>>;

export function toArray(v: Series, op: string): number[] {
  if (v instanceof Tensor) return Array.from(v.detach().dataFloat());
  if (v === null || typeof v !== "object" || typeof v.length !== "number")
    throw new TypeError(`[${op}] expected a tensor or an array of numbers: got ${typeof v}`);
  return Array.from(v, Number);
}

/** Values and shape of a tensor or nested array. */
export function toShaped(v: Grid, op: string): { shape: number[]; values: number[] } {
  if (v instanceof Tensor) return { shape: [...v.shape], values: Array.from(v.detach().dataFloat()) };
  const rows = Array.from(v, (r) => Array.from(r, Number));
  const w = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== w)) throw new RangeError(`[${op}] rows must have equal lengths`);
  return { shape: [rows.length, w], values: rows.flat() };
}
