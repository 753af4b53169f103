/**
 * `torch.linalg` ops that reshape a problem onto the existing ones: `diagonal` (the batch-of-matrices
 * spelling of `torch.diagonal`), `vander` (Vandermonde matrices by a cumulative product),
 * `tensorinv` and `tensorsolve` (a tensor viewed as one square matrix). All are composites, so
 * their gradients come from the ops they are written with.
 */
import { checkInt, checkOptions, optionKeys } from "../../util/args.js";
import { formatShape, normalizeDim } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { cat } from "../join.js";
import { diagonal as torchDiagonal } from "../linalg.js";
import { defineOp } from "../registry.js";
import { LinAlgError, checkFloat, checkTensor } from "./common.js";
import { inverse, solve } from "./decomp.js";

/** Options of `linalg.diagonal` (keyword-only in PyTorch). */
export interface LinalgDiagonalOptions {
  /** Which diagonal: 0 the main one, > 0 above it, < 0 below it. */
  offset?: number;
  /** The two dims that hold the matrices (default the last two). */
  dim1?: number;
  dim2?: number;
}
const DIAG_KEYS = optionKeys("offset", "dim1", "dim2");

/**
 * The `offset`-th diagonal of every matrix in the last two dims (a view, as `torch.diagonal` with
 * `dim1 = -2, dim2 = -1`), moved to the last dim.
 * @example torch.linalg.diagonal(torch.eye(3).expand([2, 3, 3])) // shape [2, 3], all ones
 */
export const linalgDiagonal = defineOp(
  "linalg.diagonal",
  { family: "linalg", gradNames: ["DiagonalBackward0"] },
  function diagonal(A: Tensor, opts?: LinalgDiagonalOptions): Tensor {
    const op = "linalg.diagonal";
    checkTensor(op, A);
    if (opts !== undefined) checkOptions(op, opts, DIAG_KEYS);
    if (A.dim() < 2) throw new RangeError(`[${op}] A must have at least 2 dimensions: got ${A.dim()}-D`);
    const offset = checkInt(op, "offset", opts?.offset ?? 0, -Infinity);
    const dim1 = checkInt(op, "dim1", opts?.dim1 ?? -2, -Infinity);
    const dim2 = checkInt(op, "dim2", opts?.dim2 ?? -1, -Infinity);
    return torchDiagonal(A, offset, dim1, dim2);
  },
);

/** Options of `linalg.vander`. */
export interface VanderOptions {
  /** Number of columns (powers x⁰ … x^(N−1)); default x's last size. */
  N?: number;
}
const VANDER_KEYS = optionKeys("N");

/**
 * The Vandermonde matrix of each vector in the last dim: `out[..., i, j] = x[..., i] ** j` for
 * j < N (increasing powers, as PyTorch; numpy's default is decreasing). Integer inputs give int64.
 * @example torch.linalg.vander(torch.tensor([1, 2, 3])) // [[1, 1, 1], [1, 2, 4], [1, 3, 9]]
 */
export const vander = defineOp(
  "linalg.vander",
  { family: "linalg", kernels: ["cumprod"], gradNames: ["CumprodBackward0"] },
  function vander(x: Tensor, opts?: VanderOptions): Tensor {
    const op = "linalg.vander";
    checkTensor(op, x, "x");
    if (opts !== undefined) checkOptions(op, opts, VANDER_KEYS);
    if (x.dim() < 1) throw new RangeError(`[${op}] x must have at least one dimension: got a 0-D tensor`);
    if (x.dtype === "bool") throw new TypeError(`[${op}] expected x of a numeric dtype: got torch.bool`);
    const n = x.shape[x.dim() - 1]!;
    const N = opts?.N ?? n;
    checkInt(op, "N", N, -Infinity);
    if (N <= 1) throw new RangeError(`[${op}] N must be greater than 1: got ${N}`);
    // [1, x, x, …] along a new last dim, then a running product: [1, x, x², …]
    const col = x.unsqueeze(-1);
    const ones = col.detach().mul(0).add(1);
    return cat([ones, col.expand([...x.shape, N - 1])], -1)
      .cumprod(-1)
      .to(x.isFloatingPoint() ? x.dtype : "int64");
  },
);

/** Runs `f`, re-prefixing the LinAlgError (singular input) of the op it delegates to with `op`. */
function renamed(op: string, inner: string, f: () => Tensor): Tensor {
  try {
    return f();
  } catch (e) {
    if (e instanceof LinAlgError) throw new LinAlgError(e.message.replace(`[${inner}]`, `[${op}]`));
    throw e;
  }
}

function prod(xs: readonly number[]): number {
  return xs.reduce((p, s) => p * s, 1);
}

/**
 * The inverse of `A` seen as a linear map from its last dims to its first `ind` dims: the result
 * has shape `A.shape[ind:] + A.shape[:ind]` and `tensordot(inv, A, ind)` is the identity.
 * Requires prod(A.shape[:ind]) = prod(A.shape[ind:]). Throws LinAlgError when A is singular.
 * @example torch.linalg.tensorinv(torch.eye(4).reshape([4, 2, 2]), 1).shape // [2, 2, 4]
 */
export const tensorinv = defineOp(
  "linalg.tensorinv",
  { family: "linalg", gradNames: ["LinalgInvExBackward0"], maxArgs: 2 },
  function tensorinv(A: Tensor, ind = 2): Tensor {
    const op = "linalg.tensorinv";
    checkTensor(op, A);
    checkFloat(op, A);
    checkInt(op, "ind", ind, -Infinity);
    if (ind <= 0) throw new RangeError(`[${op}] Expected a strictly positive integer for 'ind': got ${ind}`);
    const rows = A.shape.slice(0, ind);
    const cols = A.shape.slice(ind);
    const [p, q] = [prod(rows), prod(cols)];
    if (p !== q) {
      throw new RangeError(
        `[${op}] Expected A to satisfy the requirement prod(A.shape[ind:]) == prod(A.shape[:ind]): got ${q} != ${p} (shape ${formatShape(A.shape)}, ind ${ind})`,
      );
    }
    return renamed(op, "linalg.inv", () => inverse(A.reshape([p, q]))).reshape([...cols, ...rows]);
  },
);

/**
 * Solves `tensordot(A, X, X.ndim) = B` for X: A is read as a square matrix whose rows are B's
 * elements (`A.shape[:B.ndim]` = B's shape) and X has shape `A.shape[B.ndim:]`. `dims` first moves
 * those dims of A to the end. Throws LinAlgError when that matrix is singular.
 * @example torch.linalg.tensorsolve(torch.eye(6).reshape([2, 3, 6]), torch.ones([2, 3])).shape // [6]
 */
export const tensorsolve = defineOp(
  "linalg.tensorsolve",
  { family: "linalg", gradNames: ["LinalgSolveExBackward0"], maxArgs: 3 },
  function tensorsolve(A: Tensor, B: Tensor, dims: number[] | null = null): Tensor {
    const op = "linalg.tensorsolve";
    checkTensor(op, A);
    checkTensor(op, B, "B");
    checkFloat(op, A);
    checkFloat(op, B);
    if (dims !== null && !Array.isArray(dims)) {
      throw new TypeError(`[${op}] expected dims to be an array of ints or null: got ${typeof dims}`);
    }
    let a = A;
    if (dims !== null && dims.length > 0) {
      const moved = dims.map((d) => normalizeDim(op, d, A.dim()));
      if (new Set(moved).size !== moved.length) {
        throw new RangeError(`[${op}] dims must not repeat a dim: got [${dims.join(", ")}]`);
      }
      const rest = A.shape.map((_, i) => i).filter((i) => !moved.includes(i));
      a = A.permute(...rest, ...moved);
    }
    // PyTorch compares prod(A.shape[B.ndim:]) with B's element count; A must then be square
    const tail = a.shape.slice(B.dim());
    const q = prod(tail);
    const p = prod(a.shape.slice(0, B.dim()));
    if (B.dim() > a.dim() || q !== B.numel() || p !== q) {
      throw new RangeError(
        `[${op}] Expected A to satisfy the requirement prod(A.shape[B.ndim:]) == prod(A.shape[:B.ndim]): got ${q} != ${q !== B.numel() ? B.numel() : p} (A ${formatShape(a.shape)}, B ${formatShape(B.shape)})`,
      );
    }
    return renamed(op, "linalg.solve", () => solve(a.reshape([p, q]), B.reshape([p]))).reshape(tail);
  },
);
