/**
 * Orthogonal factorisations: Householder `qr`, Jacobi `eigh`/`eigvalsh`, one-sided Jacobi `svd`
 * (`linalg.svd`, `torch.svd`, `svdvals`) and what is built on the SVD (`pinv`, `lstsq`,
 * `matrixRank`, `cond`). Multi-output factorisations compute one packed tensor with one backward
 * node and return slices of it, so every output is differentiable through the same formula.
 *
 * Sign conventions: QR follows LAPACK's reflectors (R's diagonal has LAPACK's signs); eigenvectors
 * and singular vectors are unique only up to sign (a column of V, or a column of U together with
 * the matching row of Vh, may be negated) — as in PyTorch, code must not depend on those signs.
 * eigh returns eigenvalues ascending; svd returns singular values descending.
 */
import { checkBool, checkOneOf, checkOptions, optionKeys } from "../../util/args.js";
import { broadcastShapes } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { record } from "../core.js";
import { where } from "../composite.js";
import { cat } from "../join.js";
import { matmul } from "../linalg.js";
import { defineOp } from "../registry.js";
import {
  LinAlgError,
  checkFloat,
  checkMatrix,
  checkSquare,
  checkTensor,
  diagEmbed,
  fromF64,
  matsOf,
  skew,
} from "./common.js";
import { solveTriangular } from "./decomp.js";
import { householderQrBlocked as householderQr } from "./blocked.js";
import { completeBasis, jacobiEigh, jacobiSvd } from "./kernels.js";

// ---- QR ---------------------------------------------------------------------------------

/** Backward of the reduced QR for m ≥ n: gA = (gQ + Q·copyltu(M))·R⁻ᵀ, M = R·gRᵀ − gQᵀ·Q. */
function qrBackwardTall(Q: Tensor, R: Tensor, gQ: Tensor, gR: Tensor): Tensor {
  const M = matmul(R, gR.mT).sub(matmul(gQ.mT, Q));
  const low = M.tril(-1);
  const diag = M.sub(M.tril(-1)).sub(M.triu(1));
  const sym = low.add(low.mT).add(diag);
  const rhs = gQ.add(matmul(Q, sym));
  // X·Rᵀ = rhs  ⇔  X = rhs·R⁻ᵀ
  return solveTriangular(R.mT, rhs, { upper: false, left: false });
}

/** `[Q, R]` of every matrix, packed for autograd. */
function qrImpl(op: string, A: Tensor, mode: "reduced" | "complete" | "r"): [Tensor, Tensor] {
  const { data, batch, m, n, count } = matsOf(A);
  const k = Math.min(m, n);
  const kq = mode === "complete" ? m : k;
  const qs = new Float64Array(count * m * kq);
  const rs = new Float64Array(count * kq * n);
  for (let b = 0; b < count; b++) {
    const { q, r } = householderQr(data.subarray(b * m * n, (b + 1) * m * n), m, n, mode === "complete");
    qs.set(q, b * m * kq);
    rs.set(r, b * kq * n);
  }
  const Q = fromF64(qs, [...batch, m, kq], A.dtype);
  const R = fromF64(rs, [...batch, kq, n], A.dtype);
  if (mode === "r") return [fromF64(new Float64Array(0), [0], A.dtype), R];
  // packed [..., kq, m + n] = [Qᵀ | R]
  const w = m + n;
  const out = new Float64Array(count * kq * w);
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < kq; i++) {
      const row = (b * kq + i) * w;
      for (let j = 0; j < m; j++) out[row + j] = qs[(b * m + j) * kq + i]!;
      for (let j = 0; j < n; j++) out[row + m + j] = rs[(b * kq + i) * n + j]!;
    }
  }
  const packed = fromF64(out, [...batch, kq, w], A.dtype);
  record("LinalgQrBackward0", packed, [A], (g): Tensor[] => {
    const gQ = g.narrow(-1, 0, m).mT;
    const gR = g.narrow(-1, m, n);
    if (mode === "complete" && m > n) {
      throw new RangeError(`[${op}] The QR decomposition is not differentiable when mode='complete' and nrows > ncols`);
    }
    if (m >= n) return [qrBackwardTall(Q, R, gQ, gR)];
    // wide: A = [X | Y], R = [U | V]; X = Q·U is a square QR, Y = Q·V
    const U = R.narrow(-1, 0, m);
    const Y = A.detach().narrow(-1, m, n - m);
    const gU = gR.narrow(-1, 0, m);
    const gV = gR.narrow(-1, m, n - m);
    const gX = qrBackwardTall(Q, U, gQ.add(matmul(Y, gV.mT)), gU);
    const gY = matmul(Q, gV);
    return [cat([gX, gY], -1)];
  });
  const Qo = packed.narrow(-1, 0, m).mT;
  const Ro = packed.narrow(-1, m, n);
  return [Qo, Ro];
}

/** Options of `linalg.qr`. */
export interface QrOptions {
  /** `"reduced"` (default: Q m×k, R k×n), `"complete"` (Q m×m, R m×n) or `"r"` (R only; Q empty). */
  mode?: "reduced" | "complete" | "r";
}
const QR_KEYS = optionKeys("mode");
const QR_MODES = ["reduced", "complete", "r"] as const;

/**
 * Householder QR of each matrix: `[Q, R]` with A = Q·R, Q with orthonormal columns and R upper
 * triangular (signs as LAPACK's geqrf/orgqr give them, so they match PyTorch's).
 * @example const [Q, R] = torch.linalg.qr(torch.randn(4, 3)) // Q [4,3], R [3,3]
 */
export const linalgQr = defineOp(
  "linalg.qr",
  { family: "linalg", gradNames: ["LinalgQrBackward0"] },
  function qr(A: Tensor, opts?: QrOptions): [Tensor, Tensor] {
    const op = "linalg.qr";
    checkMatrix(op, A);
    if (opts !== undefined) checkOptions(op, opts, QR_KEYS);
    const mode = checkOneOf(op, "mode", opts?.mode ?? "reduced", QR_MODES);
    return qrImpl(op, A, mode);
  },
);

/**
 * `torch.qr(A, some = true)` / `x.qr(some)`: the older spelling (`some = false` is mode "complete").
 * @example const [Q, R] = x.qr() // fragment
 */
export const qr = defineOp(
  "qr",
  { family: "linalg", mode: "method", gradNames: ["LinalgQrBackward0"], maxArgs: 2 },
  function qr(A: Tensor, some = true): [Tensor, Tensor] {
    checkMatrix("qr", A);
    checkBool("qr", "some", some);
    return qrImpl("qr", A, some ? "reduced" : "complete");
  },
);

// ---- symmetric eigenproblem -------------------------------------------------------------

/** Options of `linalg.eigh` / `linalg.eigvalsh`. */
export interface EighOptions {
  /** Which triangle of A is read: `"L"` (default) or `"U"`. */
  UPLO?: "L" | "U";
}
const EIGH_KEYS = optionKeys("UPLO");
const UPLOS = ["L", "U"] as const;

function eighImpl(op: string, A: Tensor, opts: EighOptions | undefined): [Tensor, Tensor] {
  checkSquare(op, A);
  if (opts !== undefined) checkOptions(op, opts, EIGH_KEYS);
  const uplo = checkOneOf(op, "UPLO", opts?.UPLO ?? "L", UPLOS);
  const { data, batch, n, count } = matsOf(A);
  const packed = new Float64Array(count * n * (n + 1));
  for (let b = 0; b < count; b++) {
    const a = data.subarray(b * n * n, (b + 1) * n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (uplo === "L") a[i * n + j] = a[j * n + i]!;
        else a[j * n + i] = a[i * n + j]!;
      }
    }
    const { w, v } = jacobiEigh(a, n);
    // packed [..., n, n + 1]: column 0 holds L (row i = λ_i), the rest Vᵀ? no: V itself
    for (let i = 0; i < n; i++) {
      packed[(b * n + i) * (n + 1)] = w[i]!;
      for (let j = 0; j < n; j++) packed[(b * n + i) * (n + 1) + 1 + j] = v[i * n + j]!;
    }
  }
  const P = fromF64(packed, [...batch, n, n + 1], A.dtype);
  const Lv = P.narrow(-1, 0, 1).squeeze(-1).detach();
  const Vv = P.narrow(-1, 1, n).detach();
  record("LinalgEighBackward0", P, [A], (g): Tensor[] => {
    const gL = g.narrow(-1, 0, 1).squeeze(-1);
    const gV = g.narrow(-1, 1, n);
    // gA = V (diag(gL) + skew(Vᵀ gV)/2 / E) Vᵀ, E_ij = λ_j − λ_i (1 on the diagonal)
    const E = Lv.unsqueeze(-2).sub(Lv.unsqueeze(-1)).add(identityOf(n, A.dtype));
    const inner = skew(matmul(Vv.mT, gV)).mul(0.5).div(E).add(diagEmbed(gL));
    const gA = matmul(matmul(Vv, inner), Vv.mT);
    return [gA];
  });
  return [P.narrow(-1, 0, 1).squeeze(-1), P.narrow(-1, 1, n)];
}

function identityOf(n: number, dtype: string): Tensor {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return fromF64(a, [n, n], dtype);
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of each symmetric matrix, read
 * from its lower (`UPLO: "L"`, default) or upper triangle, by cyclic Jacobi rotations.
 * Eigenvectors are unique up to sign only; A ≈ V·diag(L)·Vᵀ. Gradients as PyTorch's (distinct
 * eigenvalues).
 * @example const [L, V] = torch.linalg.eigh(A) // fragment
 */
export const eigh = defineOp(
  "linalg.eigh",
  { family: "linalg", gradNames: ["LinalgEighBackward0"] },
  function eigh(A: Tensor, opts?: EighOptions): [Tensor, Tensor] {
    return eighImpl("linalg.eigh", A, opts);
  },
);

/**
 * Eigenvalues (ascending) of each symmetric matrix (see `linalg.eigh`).
 * @example torch.linalg.eigvalsh(torch.eye(3)) // tensor([1., 1., 1.])
 */
export const eigvalsh = defineOp(
  "linalg.eigvalsh",
  { family: "linalg", gradNames: ["LinalgEighBackward0"] },
  function eigvalsh(A: Tensor, opts?: EighOptions): Tensor {
    return eighImpl("linalg.eigvalsh", A, opts)[0];
  },
);

// ---- SVD --------------------------------------------------------------------------------

/** The packed thin SVD [..., k, m + 1 + n] = [Uᵀ | S | Vh] with its backward (PyTorch's formula). */
function svdPacked(A: Tensor): { P: Tensor; m: number; n: number; k: number; batch: number[] } {
  const { data, batch, m, n, count } = matsOf(A);
  const k = Math.min(m, n);
  const w = m + 1 + n;
  const packed = new Float64Array(count * k * w);
  for (let b = 0; b < count; b++) {
    const { u, s, vt } = jacobiSvd(data.subarray(b * m * n, (b + 1) * m * n), m, n);
    for (let i = 0; i < k; i++) {
      const row = (b * k + i) * w;
      for (let j = 0; j < m; j++) packed[row + j] = u[j * k + i]!;
      packed[row + m] = s[i]!;
      for (let j = 0; j < n; j++) packed[row + m + 1 + j] = vt[i * n + j]!;
    }
  }
  const P = fromF64(packed, [...batch, k, w], A.dtype);
  const U = P.narrow(-1, 0, m).mT.detach();
  const S = P.narrow(-1, m, 1).squeeze(-1).detach();
  const Vh = P.narrow(-1, m + 1, n).detach();
  record("LinalgSvdBackward0", P, [A], (g): Tensor[] => {
    const gU = g.narrow(-1, 0, m).mT;
    const gS = g.narrow(-1, m, 1).squeeze(-1);
    const gV = g.narrow(-1, m + 1, n).mT;
    const V = Vh.mT;
    const UhgU = skew(matmul(U.mT, gU));
    const VhgV = skew(matmul(Vh, gV));
    const S2 = S.mul(S);
    const E = S2.unsqueeze(-2).sub(S2.unsqueeze(-1)).add(identityOf(k, A.dtype));
    const inner = UhgU.mul(S.unsqueeze(-2)).add(S.unsqueeze(-1).mul(VhgV)).div(E).add(diagEmbed(gS));
    let gA = matmul(matmul(U, inner), Vh);
    if (m > k) {
      const gUSinv = gU.div(S.unsqueeze(-2));
      gA = gA.add(matmul(gUSinv.sub(matmul(U, matmul(U.mT, gUSinv))), Vh));
    } else if (n > k) {
      const gVSinv = gV.div(S.unsqueeze(-2));
      gA = gA.add(matmul(U, gVSinv.sub(matmul(V, matmul(V.mT, gVSinv))).mT));
    }
    return [gA];
  });
  return { P, m, n, k, batch };
}

export function svdParts(A: Tensor): {
  U: Tensor;
  S: Tensor;
  Vh: Tensor;
  m: number;
  n: number;
  k: number;
  batch: number[];
} {
  const r = svdPacked(A);
  const { P, m, n } = r;
  return { ...r, U: P.narrow(-1, 0, m).mT, S: P.narrow(-1, m, 1).squeeze(-1), Vh: P.narrow(-1, m + 1, n) };
}

/** Extends U (m×k, orthonormal columns) to m×m with constant (non-differentiable) columns. */
function completeU(U: Tensor, m: number, k: number): Tensor {
  if (m === k) return U;
  const { data, batch, count } = matsOf(U);
  const out = new Float64Array(count * m * (m - k));
  for (let b = 0; b < count; b++) {
    const full = completeBasis(data.subarray(b * m * k, (b + 1) * m * k), m, k);
    for (let i = 0; i < m; i++) for (let j = k; j < m; j++) out[(b * m + i) * (m - k) + (j - k)] = full[i * m + j]!;
  }
  return cat([U, fromF64(out, [...batch, m, m - k], U.dtype)], -1);
}

/** Options of `linalg.svd`. */
export interface SvdOptions {
  /** Full U (m×m) and Vh (n×n) (default true, as PyTorch) or the thin ones (k = min(m, n)). */
  fullMatrices?: boolean;
}
const SVD_KEYS = optionKeys("fullMatrices");

/**
 * Singular value decomposition `[U, S, Vh]` with A = U·diag(S)·Vh, S descending, by one-sided
 * Jacobi (accurate to float64 rounding for small singular values too). Singular vectors are
 * unique up to sign (a column of U with the matching row of Vh); the extra columns of a full U
 * or Vh for non-square A are any orthonormal completion and carry no gradient.
 * @example const [U, S, Vh] = torch.linalg.svd(A, { fullMatrices: false }) // fragment
 */
export const linalgSvd = defineOp(
  "linalg.svd",
  { family: "linalg", gradNames: ["LinalgSvdBackward0"] },
  function svd(A: Tensor, opts?: SvdOptions): [Tensor, Tensor, Tensor] {
    const op = "linalg.svd";
    checkMatrix(op, A);
    if (opts !== undefined) checkOptions(op, opts, SVD_KEYS);
    const full = opts?.fullMatrices ?? true;
    checkBool(op, "fullMatrices", full);
    const { U, S, Vh, m, n, k } = svdParts(A);
    if (!full) return [U, S, Vh];
    return [completeU(U, m, k), S, completeU(Vh.mT, n, k).mT];
  },
);

/**
 * `torch.svd(A, some = true)` / `x.svd(some)`: returns `[U, S, V]` (V, not Vh).
 * @example const [U, S, V] = x.svd() // fragment
 */
export const svd = defineOp(
  "svd",
  { family: "linalg", mode: "method", gradNames: ["LinalgSvdBackward0"], maxArgs: 2 },
  function svd(A: Tensor, some = true): [Tensor, Tensor, Tensor] {
    checkMatrix("svd", A);
    checkBool("svd", "some", some);
    const { U, S, Vh, m, n, k } = svdParts(A);
    if (some) return [U, S, Vh.mT];
    return [completeU(U, m, k), S, completeU(Vh.mT, n, k)];
  },
);

/**
 * Singular values (descending) of each matrix. Gradient `U·diag(g)·Vh`.
 * @example torch.linalg.svdvals(torch.eye(2).mul(3)) // tensor([3., 3.])
 */
export const svdvals = defineOp(
  "linalg.svdvals",
  { family: "linalg", gradNames: ["LinalgSvdBackward0"] },
  function svdvals(A: Tensor): Tensor {
    checkMatrix("linalg.svdvals", A);
    return svdParts(A).S;
  },
);

// ---- built on the SVD -------------------------------------------------------------------

/** Options of `linalg.pinv` and `linalg.matrixRank`. */
export interface RankTolOptions {
  /** Absolute tolerance on singular values (default 0). */
  atol?: number;
  /** Relative tolerance (default max(m, n)·eps of the dtype when atol is not given, else 0). */
  rtol?: number;
  /** A is symmetric: use its eigenvalues (in absolute value) instead of the SVD. */
  hermitian?: boolean;
}
const TOL_KEYS = optionKeys("atol", "rtol", "hermitian");

function eps(dtype: string): number {
  return dtype === "float64" ? 2.220446049250313e-16 : 1.1920928955078125e-7;
}

/** The cut-off below which singular values count as zero, per matrix ([..., 1]). */
function cutoff(op: string, A: Tensor, S: Tensor, opts: RankTolOptions | undefined): Tensor {
  if (opts !== undefined) checkOptions(op, opts, TOL_KEYS);
  const atol = opts?.atol;
  const rtol =
    opts?.rtol ??
    (atol === undefined || atol === 0 ? Math.max(A.shape[A.dim() - 1]!, A.shape[A.dim() - 2]!) * eps(A.dtype) : 0);
  for (const [name, v] of [
    ["atol", atol],
    ["rtol", rtol],
  ] as const) {
    if (v !== undefined && (typeof v !== "number" || !(v >= 0))) {
      throw new RangeError(`[${op}] ${name} must be a non-negative number: got ${String(v)}`);
    }
  }
  const smax = S.detach()
    .narrow(-1, 0, Math.min(1, S.shape[S.dim() - 1]!))
    .abs();
  return smax.mul(rtol).clampMin(atol ?? 0);
}

/**
 * Moore–Penrose pseudo-inverse via the SVD: singular values at or below
 * `max(atol, rtol·σ_max)` are treated as zero.
 * @example torch.linalg.pinv(torch.tensor([[1, 2], [2, 4]], { dtype: "float64" })) // fragment
 */
export const pinv = defineOp(
  "linalg.pinv",
  { family: "linalg", gradNames: ["LinalgSvdBackward0"] },
  function pinv(A: Tensor, opts?: RankTolOptions): Tensor {
    const op = "linalg.pinv";
    checkMatrix(op, A);
    const { U, S, Vh } = svdParts(A);
    const tol = cutoff(op, A, S, opts);
    const keep = S.gt(tol);
    const Sinv = where(keep, S.reciprocal(), 0);
    return matmul(Vh.mT.mul(Sinv.unsqueeze(-2)), U.mT);
  },
);

/**
 * `torch.pinverse(A, rcond = 1e-15)` / `x.pinverse(rcond)`: pseudo-inverse with a relative cut-off.
 * @example torch.pinverse(torch.eye(3)) // the identity
 */
export const pinverse = defineOp(
  "pinverse",
  { family: "linalg", mode: "method", gradNames: ["LinalgSvdBackward0"], maxArgs: 2 },
  function pinverse(A: Tensor, rcond = 1e-15): Tensor {
    checkMatrix("pinverse", A);
    return pinv(A, { rtol: rcond });
  },
);

/**
 * Least-squares solution of A·X ≈ B: `[solution, residuals, rank, singularValues]` as PyTorch's
 * CPU default driver ("gelsy") returns them: residuals and singular values are empty, rank is
 * the numerical rank. The solution is the minimum-norm one (pinv(A)·B), differentiable.
 * @example const [X] = torch.linalg.lstsq(A, B) // fragment
 */
export const lstsq = defineOp(
  "linalg.lstsq",
  { family: "linalg", gradNames: ["LinalgSvdBackward0"] },
  function lstsq(A: Tensor, B: Tensor): [Tensor, Tensor, Tensor, Tensor] {
    const op = "linalg.lstsq";
    checkMatrix(op, A);
    checkTensor(op, B, "B");
    checkFloat(op, B);
    if (A.dtype !== B.dtype) {
      throw new TypeError(`[${op}] Expected A and B to have the same dtype: got ${A.dtype} and ${B.dtype}`);
    }
    const vector = B.dim() === A.dim() - 1;
    const Bm = vector ? B.unsqueeze(-1) : B;
    if (Bm.dim() < 2 || Bm.shape[Bm.dim() - 2] !== A.shape[A.dim() - 2]) {
      throw new RangeError(
        `[${op}] input.size(-2) should match other.size(-2): got ${A.shape[A.dim() - 2]} and ${Bm.dim() < 2 ? "none" : Bm.shape[Bm.dim() - 2]}`,
      );
    }
    broadcastShapes(op, A.shape.slice(0, -2), Bm.shape.slice(0, -2));
    const X = matmul(pinv(A), Bm);
    const rank = matrixRank(A);
    const none = fromF64(new Float64Array(0), [0], A.dtype);
    return [vector ? X.squeeze(-1) : X, none, rank, fromF64(new Float64Array(0), [0], A.dtype)];
  },
);

/**
 * Numerical rank: the number of singular values above `max(atol, rtol·σ_max)` (int64).
 * @example torch.linalg.matrixRank(torch.ones(3, 3)) // tensor(1)
 */
export const matrixRank = defineOp(
  "linalg.matrixRank",
  { family: "linalg" },
  function matrixRank(A: Tensor, opts?: RankTolOptions): Tensor {
    const op = "linalg.matrixRank";
    checkMatrix(op, A);
    const S = svdParts(A.detach()).S;
    return S.gt(cutoff(op, A, S, opts)).sum(-1);
  },
);

export { LinAlgError };
