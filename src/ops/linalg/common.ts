/**
 * What the `torch.linalg` ops share: argument checks with PyTorch's messages, reading a batch of
 * matrices as float64, building float32/float64 outputs, the LinAlgError class and the small
 * tensor helpers the backward formulas use (identity, diag_embed).
 */
import { TORCH_TYPE_NAMES } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { describe } from "../core.js";

/**
 * Raised when a factorisation cannot complete for the input's values (singular matrix, not
 * positive-definite): PyTorch's `torch.linalg.LinAlgError`. A RangeError, as bad values are.
 */
export class LinAlgError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "LinAlgError";
  }
}

export function checkTensor(op: string, x: unknown, what = "A"): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected ${what} to be a Tensor: got ${describe(x)}`);
}

/** float32/float64 only (PyTorch's linalg also takes complex, which antorcha does not have). */
export function checkFloat(op: string, x: Tensor): void {
  if (x.dtype !== "float32" && x.dtype !== "float64") {
    throw new TypeError(
      `[${op}] Expected a floating point tensor as input: got ${TORCH_TYPE_NAMES[x.dtype]} (float32 and float64 are supported; convert with .to("float64"))`,
    );
  }
}

/** A tensor of at least 2 dims, float (the checks every matrix op starts with). */
export function checkMatrix(op: string, x: unknown, what = "A"): asserts x is Tensor {
  checkTensor(op, x, what);
  if (x.dim() < 2) {
    throw new RangeError(`[${op}] The input tensor ${what} must have at least 2 dimensions: got ${x.dim()}-D`);
  }
  checkFloat(op, x);
}

/** A batch of square matrices. */
export function checkSquare(op: string, x: unknown, what = "A"): asserts x is Tensor {
  checkMatrix(op, x, what);
  const m = x.shape[x.dim() - 2]!;
  const n = x.shape[x.dim() - 1]!;
  if (m !== n) {
    throw new RangeError(`[${op}] ${what} must be batches of square matrices, but they are ${m} by ${n} matrices`);
  }
}

/** The batch of matrices of `x` as one contiguous float64 array, with its shape split. */
export interface Mats {
  data: Float64Array;
  batch: number[];
  m: number;
  n: number;
  count: number;
}

export function matsOf(x: Tensor): Mats {
  const d = x.dim();
  const m = x.shape[d - 2]!;
  const n = x.shape[d - 1]!;
  const batch = x.shape.slice(0, d - 2);
  const count = batch.reduce((p, s) => p * s, 1);
  return { data: x.detach().dataFloat(), batch, m, n, count };
}

/** A contiguous tensor of `dtype` (float32/float64) holding the float64 values `arr`. */
export function fromF64(arr: Float64Array, shape: readonly number[], dtype: string): Tensor {
  if (dtype === "float64") return Tensor._fromArray(arr, [...shape], "float64");
  return Tensor._fromArray(Float32Array.from(arr), [...shape], "float32");
}

/** `(Batch element k): ` for batched inputs, as PyTorch prefixes its LAPACK errors. */
export function batchPrefix(batched: boolean, k: number): string {
  return batched ? `(Batch element ${k}): ` : "";
}

/** The n×n identity in `dtype`. */
export function identity(n: number, dtype: string): Tensor {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return fromF64(a, [n, n], dtype);
}

/** Vectors `[..., n]` → diagonal matrices `[..., n, n]` (differentiable). */
export function diagEmbed(v: Tensor): Tensor {
  const n = v.shape[v.dim() - 1]!;
  return v.unsqueeze(-1).mul(identity(n, v.dtype));
}

/** Unit lower (`diagonal = -1` tril plus identity) helper for masks: the strictly lower part. */
export function skew(x: Tensor): Tensor {
  return x.sub(x.mT);
}
