/**
 * LU- and Cholesky-based linear algebra: `det`, `slogdet`, `logdet`, `inverse` (`linalg.inv`),
 * `linalg.solve`, `linalg.solveTriangular`, `cholesky`/`linalg.cholesky`, `linalg.luFactor`,
 * `linalg.luSolve`. Forward values come from the float64 kernels in `kernels.ts` (one call per
 * batch matrix); backward formulas are written with tensor ops, so they are differentiable too.
 */
import { checkBool, checkOptions, optionKeys } from "../../util/args.js";
import { formatShape, broadcastShapes } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { record, sumToShape } from "../core.js";
import { matmul } from "../linalg.js";
import { defineOp } from "../registry.js";
import {
  LinAlgError,
  batchPrefix,
  checkFloat,
  checkMatrix,
  checkSquare,
  checkTensor,
  fromF64,
  matsOf,
} from "./common.js";
import { choleskyBlocked as cholKernel, luFactorBlocked as luKernel } from "./blocked.js";
import { luSolve as luSolveKernel, triSolve, transpose } from "./kernels.js";

/** `[..., n, n]` → `[..., 1, 1]` for broadcasting a per-matrix scalar. */
function perMatrix(t: Tensor): Tensor {
  return t.unsqueeze(-1).unsqueeze(-1);
}

/** det and log|det| with sign, per matrix, from LU. */
function detParts(A: Tensor): { sign: Float64Array; logabs: Float64Array; det: Float64Array; batch: number[] } {
  const { data, batch, n, count } = matsOf(A);
  const sign = new Float64Array(count);
  const logabs = new Float64Array(count);
  const det = new Float64Array(count);
  const piv = new Int32Array(n);
  for (let b = 0; b < count; b++) {
    const a = data.subarray(b * n * n, (b + 1) * n * n);
    luKernel(a, n, piv);
    let s = 1;
    let l = 0;
    let d = 1;
    for (let i = 0; i < n; i++) {
      const u = a[i * n + i]!;
      if (piv[i] !== i) s = -s;
      if (u < 0) s = -s;
      l += Math.log(Math.abs(u));
      d *= u;
    }
    if (piv.slice(0, n).filter((p, i) => p !== i).length % 2 === 1) d = -d;
    const zero = l === -Infinity;
    sign[b] = zero ? 0 : s;
    logabs[b] = l;
    det[b] = d;
  }
  return { sign, logabs, det, batch };
}

/**
 * The determinant of each square matrix in the last two dims (partial-pivot LU).
 * Gradient: `g·det(A)·A⁻ᵀ` (defined for invertible A).
 * @example torch.det(torch.tensor([[1, 2], [3, 4]], { dtype: "float64" })) // tensor(-2., dtype=torch.float64)
 */
export const det = defineOp(
  "det",
  { family: "linalg", mode: "method", gradNames: ["LinalgDetBackward0"] },
  function det(A: Tensor): Tensor {
    checkSquare("linalg.det", A);
    const p = detParts(A);
    const out = fromF64(p.det, p.batch, A.dtype);
    return record("LinalgDetBackward0", out, [A], (g): Tensor[] => [inverse(A).mT.mul(perMatrix(g.mul(out)))], [A]);
  },
);

/**
 * `[sign, logabsdet]` of the determinant of each matrix: sign is ±1 (0 for a singular matrix,
 * with logabsdet = -inf). Only logabsdet is differentiable (gradient `g·A⁻ᵀ`).
 * @example const [s, l] = torch.slogdet(torch.eye(3).mul(-2)) // s = -1, l = 3·log 2
 */
export const slogdet = defineOp(
  "slogdet",
  { family: "linalg", mode: "method", gradNames: ["LinalgSlogdetBackward0"] },
  function slogdet(A: Tensor): [Tensor, Tensor] {
    checkSquare("linalg.slogdet", A);
    const p = detParts(A);
    const sign = fromF64(p.sign, p.batch, A.dtype);
    const logabs = fromF64(p.logabs, p.batch, A.dtype);
    record("LinalgSlogdetBackward0", logabs, [A], (g): Tensor[] => [inverse(A).mT.mul(perMatrix(g))], [A]);
    return [sign, logabs];
  },
);

/**
 * log(det A) per matrix: NaN where det < 0, -inf where A is singular. Gradient `g·A⁻ᵀ`.
 * @example torch.logdet(torch.eye(2).mul(3)) // tensor(2.1972)
 */
export const logdet = defineOp(
  "logdet",
  { family: "linalg", mode: "method", gradNames: ["LogdetBackward0"] },
  function logdet(A: Tensor): Tensor {
    checkSquare("logdet", A);
    const p = detParts(A);
    const v = p.logabs.map((l, i) => (p.sign[i]! < 0 ? NaN : l));
    const out = fromF64(v, p.batch, A.dtype);
    return record("LogdetBackward0", out, [A], (g): Tensor[] => [inverse(A).mT.mul(perMatrix(g))], [A]);
  },
);

/** LU-factors every matrix of A; throws PyTorch's singular-matrix error naming `what`. */
function invertAll(op: string, A: Tensor, what: string): Float64Array {
  const { data, n, count } = matsOf(A);
  const out = new Float64Array(count * n * n);
  const piv = new Int32Array(n);
  for (let b = 0; b < count; b++) {
    const a = data.subarray(b * n * n, (b + 1) * n * n);
    const info = luKernel(a, n, piv);
    if (info > 0) {
      throw new LinAlgError(
        `[${op}] ${batchPrefix(A.dim() > 2, b)}The diagonal element ${info} is zero, the ${what} could not be completed because the input matrix is singular.`,
      );
    }
    const x = out.subarray(b * n * n, (b + 1) * n * n);
    for (let i = 0; i < n; i++) x[i * n + i] = 1;
    luSolveKernel(a, piv, x, n, n);
  }
  return out;
}

/**
 * The inverse of each square matrix (`torch.inverse`, `torch.linalg.inv`, `x.inverse()`).
 * Throws LinAlgError for a singular matrix. Gradient `-A⁻ᵀ·g·A⁻ᵀ`.
 * @example torch.inverse(torch.tensor([[2, 0], [0, 4]], { dtype: "float64" })) // [[0.5, 0], [0, 0.25]]
 */
export const inverse = defineOp(
  "inverse",
  { family: "linalg", mode: "method", gradNames: ["LinalgInvExBackward0"] },
  function inverse(A: Tensor): Tensor {
    checkSquare("linalg.inv", A);
    const out = fromF64(invertAll("linalg.inv", A, "inversion"), A.shape, A.dtype);
    return record("LinalgInvExBackward0", out, [A], (g): Tensor[] => {
      const yt = out.mT;
      return [matmul(matmul(yt, g), yt).neg()];
    });
  },
);

/** Options of `linalg.solve`. */
export interface SolveOptions {
  /** Solve A·X = B (default) or X·A = B. */
  left?: boolean;
}
const SOLVE_KEYS = optionKeys("left");

/** Solves A·X = B for matrix B whose batch already broadcast with A's; no autograd. */
function solveRaw(op: string, A: Tensor, B: Tensor, transA = false): Tensor {
  const batch = broadcastShapes(op, A.shape.slice(0, -2), B.shape.slice(0, -2));
  const n = A.shape[A.dim() - 1]!;
  const k = B.shape[B.dim() - 1]!;
  const a = matsOf(A.detach().expand([...batch, n, n]));
  const bm = matsOf(B.detach().expand([...batch, n, k]));
  const piv = new Int32Array(n);
  for (let b = 0; b < a.count; b++) {
    const lu = a.data.subarray(b * n * n, (b + 1) * n * n);
    const info = luKernel(lu, n, piv);
    if (info > 0) {
      throw new LinAlgError(
        `[${op}] ${batchPrefix(batch.length > 0, b)}The solver failed because the input matrix is singular.`,
      );
    }
    luSolveKernel(lu, piv, bm.data.subarray(b * n * k, (b + 1) * n * k), n, k, transA);
  }
  return fromF64(bm.data, [...batch, n, k], A.dtype);
}

/** X with A·X = B, differentiable in A and B (B a batch of matrices). */
function solveMat(op: string, A: Tensor, B: Tensor): Tensor {
  const X = solveRaw(op, A, B);
  return record(
    "LinalgSolveExBackward0",
    X,
    [A, B],
    (g): (Tensor | null)[] => {
      const gB = solveMat(op, A.mT, g);
      const gA = matmul(gB, X.mT).neg();
      return [A.requiresGrad ? sumToShape(gA, A.shape) : null, sumToShape(gB, B.shape)];
    },
    [A, B],
  );
}

/**
 * Solves A·X = B for square A (partial-pivot LU). B is a batch of matrices `[..., n, k]`, or of
 * vectors `[..., n]` (when B is 1-D or has one dim less than A with A's leading shape); batch dims
 * broadcast. `{ left: false }` solves X·A = B. Throws LinAlgError for a singular A.
 * @example torch.linalg.solve(A, b) // fragment
 */
export const solve = defineOp(
  "linalg.solve",
  { family: "linalg", gradNames: ["LinalgSolveExBackward0"] },
  function solve(A: Tensor, B: Tensor, opts?: SolveOptions): Tensor {
    const op = "linalg.solve";
    checkSquare(op, A);
    checkTensor(op, B, "B");
    checkFloat(op, B);
    if (opts !== undefined) checkOptions(op, opts, SOLVE_KEYS);
    const left = opts?.left ?? true;
    checkBool(op, "left", left);
    if (A.dtype !== B.dtype) {
      throw new TypeError(`[${op}] Expected A and B to have the same dtype: got ${A.dtype} and ${B.dtype}`);
    }
    const n = A.shape[A.dim() - 1]!;
    const vector = B.dim() === 1 || (B.dim() === A.dim() - 1 && B.shape.every((s, i) => s === A.shape[i]));
    if (!left) {
      // X·A = B  ⇔  Aᵀ·Xᵀ = Bᵀ
      if (vector) return solve(A.mT, B);
      return solve(A.mT, B.mT).mT;
    }
    const Bm = vector ? B.unsqueeze(-1) : B;
    if (Bm.dim() < 2 || Bm.shape[Bm.dim() - 2] !== n) {
      throw new RangeError(
        `[${op}] Incompatible shapes of A and B for the equation AX = B (${n}x${n} and ${vector ? `${B.shape[B.dim() - 1]}x1` : B.shape.slice(-2).join("x")})`,
      );
    }
    const X = solveMat(op, A, Bm);
    return vector ? X.squeeze(-1) : X;
  },
);

/** Options of `linalg.solveTriangular`. */
export interface SolveTriangularOptions {
  /** Whether A is upper (true) or lower (false) triangular: required, as in PyTorch. */
  upper: boolean;
  /** Solve A·X = B (default) or X·A = B. */
  left?: boolean;
  /** Assume ones on A's diagonal (it is not read). */
  unitriangular?: boolean;
}
const TRI_KEYS = optionKeys("upper", "left", "unitriangular");

/** X with T·X = B (T triangular, batches already broadcast); no autograd. */
function triRaw(T: Tensor, B: Tensor, upper: boolean, unit: boolean): Tensor {
  const batch = broadcastShapes("linalg.solveTriangular", T.shape.slice(0, -2), B.shape.slice(0, -2));
  const n = T.shape[T.dim() - 1]!;
  const k = B.shape[B.dim() - 1]!;
  const t = matsOf(T.detach().expand([...batch, n, n]));
  const b = matsOf(B.detach().expand([...batch, n, k]));
  for (let i = 0; i < t.count; i++) {
    triSolve(
      t.data.subarray(i * n * n, (i + 1) * n * n),
      b.data.subarray(i * n * k, (i + 1) * n * k),
      n,
      k,
      upper,
      unit,
    );
  }
  return fromF64(b.data, [...batch, n, k], T.dtype);
}

function triMask(x: Tensor, upper: boolean, unit: boolean): Tensor {
  return upper ? x.triu(unit ? 1 : 0) : x.tril(unit ? -1 : 0);
}

/** Left triangular solve, differentiable. */
function triLeft(A: Tensor, B: Tensor, upper: boolean, unit: boolean): Tensor {
  const X = triRaw(A, B, upper, unit);
  return record(
    "LinalgSolveTriangularBackward0",
    X,
    [A, B],
    (g): Tensor[] => {
      const gB = triLeft(A.mT, g, !upper, unit);
      const gA = triMask(matmul(gB, X.mT).neg(), upper, unit);
      return [sumToShape(gA, A.shape), sumToShape(gB, B.shape)];
    },
    [A, B],
  );
}

/**
 * Solves the triangular system A·X = B (or X·A = B with `left: false`) by substitution; only
 * A's `upper` or lower triangle is read. B is a batch of matrices; batch dims broadcast.
 * @example torch.linalg.solveTriangular(L, B, { upper: false }) // fragment
 */
export const solveTriangular = defineOp(
  "linalg.solveTriangular",
  { family: "linalg", gradNames: ["LinalgSolveTriangularBackward0"] },
  function solveTriangular(A: Tensor, B: Tensor, opts: SolveTriangularOptions): Tensor {
    const op = "linalg.solveTriangular";
    checkSquare(op, A);
    checkMatrix(op, B, "B");
    if (opts === undefined || opts === null || typeof opts !== "object") {
      throw new TypeError(`[${op}] missing the required option "upper": pass { upper: true } or { upper: false }`);
    }
    checkOptions(op, opts, TRI_KEYS);
    checkBool(op, "upper", opts.upper);
    const left = opts.left ?? true;
    const unit = opts.unitriangular ?? false;
    checkBool(op, "left", left);
    checkBool(op, "unitriangular", unit);
    if (A.dtype !== B.dtype) {
      throw new TypeError(`[${op}] Expected A and B to have the same dtype: got ${A.dtype} and ${B.dtype}`);
    }
    const n = A.shape[A.dim() - 1]!;
    const side = left ? B.shape[B.dim() - 2]! : B.shape[B.dim() - 1]!;
    if (side !== n) {
      throw new RangeError(
        `[${op}] Incompatible shapes of A and B for the equation ${left ? "AX = B" : "XA = B"} (${n}x${n} and ${B.shape.slice(-2).join("x")})`,
      );
    }
    if (left) return triLeft(A, B, opts.upper, unit);
    return triLeft(A.mT, B.mT, !opts.upper, unit).mT;
  },
);

/** Cholesky factors (lower) of every matrix, with PyTorch's non-PD error. */
function choleskyLower(op: string, A: Tensor): Tensor {
  const { data, n, count } = matsOf(A);
  for (let b = 0; b < count; b++) {
    const info = cholKernel(data.subarray(b * n * n, (b + 1) * n * n), n);
    if (info > 0) {
      throw new LinAlgError(
        `[${op}] ${batchPrefix(A.dim() > 2, b)}The factorization could not be completed because the input is not positive-definite (the leading minor of order ${info} is not positive-definite).`,
      );
    }
  }
  const L = fromF64(data, A.shape, A.dtype);
  return record("LinalgCholeskyExBackward0", L, [A], (g): Tensor[] => {
    // Φ = tril(Lᵀ gL) with a halved diagonal; gA = L⁻ᵀ Φ L⁻¹, symmetrised
    const phi = matmul(L.mT, g).tril();
    const half = phi.sub(phi.mul(identityLike(phi)).mul(0.5));
    const left = triLeft(L.mT, half, true, false); // L⁻ᵀ Φ
    const gA = triLeft(L.mT, left.mT, true, false).mT; // (L⁻ᵀ (L⁻ᵀ Φ)ᵀ)ᵀ = L⁻ᵀ Φ L⁻¹
    return [gA.add(gA.mT).mul(0.5)];
  });
}

function identityLike(x: Tensor): Tensor {
  const n = x.shape[x.dim() - 1]!;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return fromF64(a, [n, n], x.dtype);
}

/** Options of `linalg.cholesky`. */
export interface CholeskyOptions {
  /** Return the upper factor U = Lᵀ (A = UᵀU) instead of L. */
  upper?: boolean;
}
const CHOL_KEYS = optionKeys("upper");

/**
 * Cholesky factor of each symmetric positive-definite matrix (A = L·Lᵀ), read from A's lower
 * triangle. Throws LinAlgError when A is not positive-definite.
 * @example torch.linalg.cholesky(torch.tensor([[4, 2], [2, 2]], { dtype: "float64" })).sum() // tensor(4., dtype=torch.float64)
 */
export const linalgCholesky = defineOp(
  "linalg.cholesky",
  { family: "linalg", gradNames: ["LinalgCholeskyExBackward0"] },
  function cholesky(A: Tensor, opts?: CholeskyOptions): Tensor {
    const op = "linalg.cholesky";
    checkSquare(op, A);
    if (opts !== undefined) checkOptions(op, opts, CHOL_KEYS);
    const upper = opts?.upper ?? false;
    checkBool(op, "upper", upper);
    const L = choleskyLower(op, A);
    return upper ? L.mT : L;
  },
);

/**
 * `torch.cholesky(A, upper = false)` / `x.cholesky(upper)`: the older spelling of
 * `linalg.cholesky` with a positional `upper`.
 * @example torch.eye(3).cholesky() // the identity
 */
export const cholesky = defineOp(
  "cholesky",
  { family: "linalg", mode: "method", gradNames: ["LinalgCholeskyExBackward0"], maxArgs: 2 },
  function cholesky(A: Tensor, upper = false): Tensor {
    checkSquare("cholesky", A);
    checkBool("cholesky", "upper", upper);
    const L = choleskyLower("cholesky", A);
    return upper ? L.mT : L;
  },
);

/**
 * LU factorisation with partial pivoting: `[LU, pivots]` where LU holds L (unit diagonal,
 * strictly lower part) and U, and `pivots` (int32, 1-based, LAPACK's convention) says row i was
 * swapped with row pivots[i]. Throws LinAlgError when U has a zero on its diagonal, as PyTorch's
 * `lu_factor` does. Not differentiable here.
 * @example const [LU, piv] = torch.linalg.luFactor(A) // fragment
 */
export const luFactor = defineOp("linalg.luFactor", { family: "linalg" }, function luFactor(A: Tensor): [
  Tensor,
  Tensor,
] {
  const op = "linalg.luFactor";
  checkSquare(op, A);
  const { data, batch, n, count } = matsOf(A);
  const pivots = new Int32Array(count * n);
  for (let b = 0; b < count; b++) {
    const piv = pivots.subarray(b * n, (b + 1) * n);
    const info = luKernel(data.subarray(b * n * n, (b + 1) * n * n), n, piv);
    if (info > 0) {
      throw new LinAlgError(
        `[${op}] ${batchPrefix(batch.length > 0, b)}U[${info},${info}] is zero and using it on luSolve would result in a division by zero`,
      );
    }
    for (let i = 0; i < n; i++) piv[i] = piv[i]! + 1;
  }
  return [fromF64(data, A.shape, A.dtype), Tensor._fromArray(pivots, [...batch, n], "int32")];
});

/** Options of `linalg.luSolve`. */
export interface LuSolveOptions {
  /** Solve A·X = B (default) or X·A = B. */
  left?: boolean;
  /** Solve with Aᵀ instead of A. */
  adjoint?: boolean;
}
const LU_SOLVE_KEYS = optionKeys("left", "adjoint");

function luSolveMat(LU: Tensor, pivots: Tensor, B: Tensor, trans: boolean): Tensor {
  const n = LU.shape[LU.dim() - 1]!;
  const k = B.shape[B.dim() - 1]!;
  const batch = broadcastShapes("linalg.luSolve", LU.shape.slice(0, -2), B.shape.slice(0, -2));
  const lu = matsOf(LU.detach().expand([...batch, n, n]));
  const bm = matsOf(B.detach().expand([...batch, n, k]));
  const pv = pivots.expand([...batch, n]).dataFloat();
  const piv = new Int32Array(n);
  for (let b = 0; b < lu.count; b++) {
    for (let i = 0; i < n; i++) piv[i] = pv[b * n + i]! - 1;
    luSolveKernel(
      lu.data.subarray(b * n * n, (b + 1) * n * n),
      piv,
      bm.data.subarray(b * n * k, (b + 1) * n * k),
      n,
      k,
      trans,
    );
  }
  const X = fromF64(bm.data, [...batch, n, k], LU.dtype);
  return record("LinalgLuSolveBackward0", X, [B], (g): Tensor[] => [
    sumToShape(luSolveMat(LU, pivots, g, !trans), B.shape),
  ]);
}

/**
 * Solves A·X = B from `luFactor(A)`'s `[LU, pivots]` (B a batch of matrices; batch dims
 * broadcast). Differentiable in B (gradient `A⁻ᵀ·g`); LU is treated as a constant.
 * @example torch.linalg.luSolve(LU, piv, B) // fragment
 */
export const luSolve = defineOp(
  "linalg.luSolve",
  { family: "linalg", gradNames: ["LinalgLuSolveBackward0"] },
  function luSolve(LU: Tensor, pivots: Tensor, B: Tensor, opts?: LuSolveOptions): Tensor {
    const op = "linalg.luSolve";
    checkSquare(op, LU, "LU");
    checkTensor(op, pivots, "pivots");
    checkMatrix(op, B, "B");
    if (opts !== undefined) checkOptions(op, opts, LU_SOLVE_KEYS);
    const left = opts?.left ?? true;
    const adjoint = opts?.adjoint ?? false;
    checkBool(op, "left", left);
    checkBool(op, "adjoint", adjoint);
    if (pivots.dtype !== "int32") {
      throw new TypeError(`[${op}] pivots should be a Tensor of scalar type int32: got ${pivots.dtype}`);
    }
    const n = LU.shape[LU.dim() - 1]!;
    if (pivots.shape[pivots.dim() - 1] !== n) {
      throw new RangeError(
        `[${op}] pivots must have ${n} entries in its last dim: got shape ${formatShape(pivots.shape)}`,
      );
    }
    const side = left ? B.shape[B.dim() - 2]! : B.shape[B.dim() - 1]!;
    if (side !== n) {
      throw new RangeError(
        `[${op}] Incompatible shapes of A and B for the equation ${left ? "AX = B" : "XA = B"} (${n}x${n} and ${B.shape.slice(-2).join("x")})`,
      );
    }
    if (left) return luSolveMat(LU, pivots, B, adjoint);
    // X·A = B ⇔ Aᵀ·Xᵀ = Bᵀ
    return luSolveMat(LU, pivots, B.mT, !adjoint).mT;
  },
);

// Used by spectral.ts for transposed copies.
export { transpose };
