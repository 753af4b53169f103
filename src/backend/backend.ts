/**
 * The backend contract. A backend supplies forward kernels keyed by primitive name; everything
 * else (dtype and shape rules, broadcasting, output allocation, autograd) lives in `src/ops`.
 *
 * Kernels receive strided views. Binary inputs are already cast to one compute dtype and
 * expanded (stride 0) to the output's shape; outputs may be strided (in-place ops on views).
 * Input strides may be zero (broadcast) or negative (`flip` copies from a reversed view), so a
 * kernel must compute offsets as `offset + Σ index·stride` and never assume a positive stride.
 */
import type { View } from "./view.js";
import { BINARY_FN, UNARY_FN } from "./primitives.js";

export type { View } from "./view.js";

/** Elementwise one-input primitives (rows of `UNARY_FN`). Output dtype equals input dtype (the ops layer casts). */
export type UnaryOp = keyof typeof UNARY_FN;
export const UNARY_OPS = Object.keys(UNARY_FN) as readonly UnaryOp[];

/** Elementwise two-input primitives (rows of `BINARY_FN`); comparisons and logical ops write bool outputs. */
export type BinaryOp = keyof typeof BINARY_FN;
export const BINARY_OPS = Object.keys(BINARY_FN) as readonly BinaryOp[];

/** Reductions over a set of dims; the output has the keepdim shape (reduced dims have size 1). */
export const REDUCE_OPS = ["sum", "prod", "amax", "amin", "argmax", "argmin", "all", "any"] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];

/** Inclusive scans along one dim. */
export const SCAN_OPS = ["cumsum", "cumprod"] as const;
export type ScanOp = (typeof SCAN_OPS)[number];

/** How `scatter` combines a source value with what is already in the destination. */
export type ScatterReduce = "none" | "add" | "multiply";

/** The forward kernels a backend must provide. Missing entries are compile errors. */
export interface Backend {
  readonly name: string;
  readonly unary: Readonly<Record<UnaryOp, (x: View, out: View) => void>>;
  readonly binary: Readonly<Record<BinaryOp, (a: View, b: View, out: View) => void>>;
  readonly reduce: Readonly<Record<ReduceOp, (x: View, dims: readonly number[], out: View) => void>>;
  readonly scan: Readonly<Record<ScanOp, (x: View, dim: number, out: View) => void>>;
  /** Copies `src` into `dst` (same shape), converting dtype with PyTorch's cast rules. */
  copy(src: View, dst: View): void;
  /** Writes one value into every element of `dst`. */
  fill(dst: View, value: number | bigint): void;
  /** `out = cond ? a : b`; all three inputs already expanded to `out.shape`. */
  where(cond: View, a: View, b: View, out: View): void;
  /** Batched matrix product: a `[B, M, K]` × b `[B, K, N]` → out `[B, M, N]` (any strides). */
  matmul(a: View, b: View, out: View): void;
  /** `out[i][j][k] = x[i][index[i][j][k]][k]` along `dim` (index is int64, shaped like out). */
  gather(x: View, dim: number, index: View, out: View): void;
  /** In place: `dst[i][index[i][j][k]][k] (op)= src[i][j][k]` along `dim`. */
  scatter(dst: View, dim: number, index: View, src: View, reduce: ScatterReduce): void;
  /** Selects slices along `dim` by an int64 index vector. */
  indexSelect(x: View, dim: number, index: View, out: View): void;
  /**
   * Advanced-index write: for each position p of the broadcast index shape, the element
   * `dst[idx0[p], idx1[p], …, (remaining dims)]` receives `values[p, …]` (or adds it).
   */
  indexPut(dst: View, indices: readonly View[], values: View, accumulate: boolean): void;
  /** Coordinates of the non-zero elements, row-major: a flat array of `count × ndim`. */
  nonzero(x: View): Float64Array;
  /** Sorts along `dim`, writing values and int64 indices (stable when asked). NaN sorts last. */
  sort(x: View, dim: number, descending: boolean, stable: boolean, values: View, indices: View): void;
  /** Optional fused fast paths (src/backend/fused.ts); call sites fall back to composites. */
  readonly fused?: import("./fused.js").FusedKernels;
}
