/**
 * `linalg.lu` (P, L, U of rectangular matrices), `torch.luUnpack` (the same from `luFactor`'s
 * packed output) and the symmetric-indefinite `linalg.ldlFactor` / `linalg.ldlSolve`
 * (Bunch-Kaufman diagonal pivoting as LAPACK's unblocked `dsytf2`/`dsytrs` with `uplo = 'L'`;
 * PyTorch's `sytrf` switches to LAPACK's blocked panels above 64 rows, which pivot the same way:
 * checked against PyTorch 1.13 on random symmetric matrices of n = 40, 80, 150, the pivots are
 * equal and LD agrees to 4e-13).
 *
 * Pivots are int32 and 1-based as LAPACK writes them. For ldl: `pivots[k] = p > 0` is a 1×1 block
 * whose row/column k was swapped with p; a 2×2 block at (k, k+1) has `pivots[k] = pivots[k+1] = -p`
 * with row/column k+1 swapped with p.
 */
import { checkBool, checkOptions, optionKeys } from "../../util/args.js";
import { broadcastShapes, formatShape } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { record } from "../core.js";
import { cat } from "../join.js";
import { matmul } from "../linalg.js";
import { defineOp } from "../registry.js";
import { LinAlgError, batchPrefix, checkMatrix, checkSquare, checkTensor, fromF64, matsOf } from "./common.js";
import { solveTriangular } from "./decomp.js";
import { luFactorBlocked } from "./blocked.js";

// ---- kernels (row-major float64, in place) -----------------------------------------------

/**
 * Partial-pivot LU of the m×n matrix `a`: L (unit, strictly lower) and U packed in `a`, `piv[j]`
 * the 0-based row swapped with row j. With `pivot = false` no rows are swapped. Returns LAPACK's
 * info (1-based index of the first zero on U's diagonal, 0 if none).
 */
function luRect(a: Float64Array, m: number, n: number, piv: Int32Array, pivot: boolean): number {
  if (m === n && pivot) return luFactorBlocked(a, n, piv);
  const k = Math.min(m, n);
  let info = 0;
  for (let j = 0; j < k; j++) {
    let p = j;
    if (pivot) {
      let best = Math.abs(a[j * n + j]!);
      for (let i = j + 1; i < m; i++) {
        const v = Math.abs(a[i * n + j]!);
        if (v > best) [best, p] = [v, i];
      }
    }
    piv[j] = p;
    if (p !== j) {
      for (let c = 0; c < n; c++) {
        const t = a[j * n + c]!;
        a[j * n + c] = a[p * n + c]!;
        a[p * n + c] = t;
      }
    }
    const d = a[j * n + j]!;
    if (d === 0) {
      if (info === 0) info = j + 1;
      if (pivot) continue;
    }
    for (let i = j + 1; i < m; i++) {
      const l = (a[i * n + j]! /= d);
      if (l === 0) continue;
      for (let c = j + 1; c < n; c++) a[i * n + c] = a[i * n + c]! - l * a[j * n + c]!;
    }
  }
  return info;
}

/** Row order after applying 0-based swaps `piv[0..k)` to 0..m-1: `perm[i]` = A's row at position i. */
function permutation(piv: ArrayLike<number>, m: number, k: number, base: number): Int32Array {
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  for (let i = 0; i < k; i++) {
    const p = piv[i]! - base;
    const t = perm[i]!;
    perm[i] = perm[p]!;
    perm[p] = t;
  }
  return perm;
}

/** P (m×m) with A = P·L·U: column i of P is e_{perm[i]}. */
function permMatrix(perm: Int32Array, out: Float64Array, off: number): void {
  const m = perm.length;
  for (let i = 0; i < m; i++) out[off + perm[i]! * m + i] = 1;
}

const ALPHA = (1 + Math.sqrt(17)) / 8; // Bunch-Kaufman's growth bound

/**
 * Bunch-Kaufman LDLᵀ of the symmetric n×n matrix `a` (lower triangle read), in place as LAPACK's
 * dsytf2 with uplo 'L'; `ipiv` gets LAPACK's 1-based signed pivots. Returns info (k when D[k,k] is
 * exactly zero). Indices below are 0-based; A(i, j) is a[i·n + j].
 */
function sytf2(a: Float64Array, n: number, ipiv: Int32Array): number {
  const A = (i: number, j: number): number => a[i * n + j]!;
  const set = (i: number, j: number, v: number): void => {
    a[i * n + j] = v;
  };
  const swap = (i1: number, j1: number, i2: number, j2: number): void => {
    const t = A(i1, j1);
    set(i1, j1, A(i2, j2));
    set(i2, j2, t);
  };
  let info = 0;
  let k = 0;
  while (k < n) {
    let kstep = 1;
    let kp = k;
    const absakk = Math.abs(A(k, k));
    let imax = k;
    let colmax = 0;
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(A(i, k));
      if (v > colmax) [colmax, imax] = [v, i];
    }
    if (Math.max(absakk, colmax) === 0 || Number.isNaN(absakk)) {
      if (info === 0) info = k + 1;
    } else {
      if (absakk < ALPHA * colmax) {
        // largest off-diagonal magnitude in row/column imax
        let rowmax = 0;
        for (let j = k; j < imax; j++) rowmax = Math.max(rowmax, Math.abs(A(imax, j)));
        for (let i = imax + 1; i < n; i++) rowmax = Math.max(rowmax, Math.abs(A(i, imax)));
        if (absakk >= ALPHA * colmax * (colmax / rowmax)) kp = k;
        else if (Math.abs(A(imax, imax)) >= ALPHA * rowmax) kp = imax;
        else {
          kp = imax;
          kstep = 2;
        }
      }
      const kk = k + kstep - 1;
      if (kp !== kk) {
        // swap rows and columns kk and kp of the trailing lower triangle
        for (let i = kp + 1; i < n; i++) swap(i, kk, i, kp);
        for (let j = kk + 1; j < kp; j++) swap(j, kk, kp, j);
        swap(kk, kk, kp, kp);
        if (kstep === 2) swap(k + 1, k, kp, k);
      }
      if (kstep === 1) {
        if (k < n - 1) {
          const d11 = 1 / A(k, k);
          for (let j = k + 1; j < n; j++) {
            const xj = A(j, k);
            if (xj !== 0) for (let i = j; i < n; i++) set(i, j, A(i, j) - d11 * A(i, k) * xj);
          }
          for (let i = k + 1; i < n; i++) set(i, k, A(i, k) * d11);
        }
      } else if (k < n - 2) {
        let d21 = A(k + 1, k);
        const d11 = A(k + 1, k + 1) / d21;
        const d22 = A(k, k) / d21;
        const t = 1 / (d11 * d22 - 1);
        d21 = t / d21;
        for (let j = k + 2; j < n; j++) {
          const wk = d21 * (d11 * A(j, k) - A(j, k + 1));
          const wkp1 = d21 * (d22 * A(j, k + 1) - A(j, k));
          for (let i = j; i < n; i++) set(i, j, A(i, j) - A(i, k) * wk - A(i, k + 1) * wkp1);
          set(j, k, wk);
          set(j, k + 1, wkp1);
        }
      }
    }
    if (kstep === 1) ipiv[k] = kp + 1;
    else ipiv[k] = ipiv[k + 1] = -(kp + 1);
    k += kstep;
  }
  return info;
}

/** Solves A·X = B (B n×r, in place) from sytf2's factor `a` and `ipiv` (LAPACK's dsytrs, 'L'). */
function sytrs(a: Float64Array, ipiv: ArrayLike<number>, b: Float64Array, n: number, r: number): void {
  const A = (i: number, j: number): number => a[i * n + j]!;
  const swapRows = (i: number, p: number): void => {
    if (i === p) return;
    for (let c = 0; c < r; c++) {
      const t = b[i * r + c]!;
      b[i * r + c] = b[p * r + c]!;
      b[p * r + c] = t;
    }
  };
  // L·D·Y = B
  let k = 0;
  while (k < n) {
    if (ipiv[k]! > 0) {
      swapRows(k, ipiv[k]! - 1);
      for (let i = k + 1; i < n; i++) {
        const l = A(i, k);
        for (let c = 0; c < r; c++) b[i * r + c] = b[i * r + c]! - l * b[k * r + c]!;
      }
      const d = A(k, k);
      for (let c = 0; c < r; c++) b[k * r + c] = b[k * r + c]! / d;
      k += 1;
    } else {
      swapRows(k + 1, -ipiv[k]! - 1);
      for (let i = k + 2; i < n; i++) {
        const l0 = A(i, k);
        const l1 = A(i, k + 1);
        for (let c = 0; c < r; c++) b[i * r + c] = b[i * r + c]! - l0 * b[k * r + c]! - l1 * b[(k + 1) * r + c]!;
      }
      const akm1k = A(k + 1, k);
      const akm1 = A(k, k) / akm1k;
      const ak = A(k + 1, k + 1) / akm1k;
      const denom = akm1 * ak - 1;
      for (let c = 0; c < r; c++) {
        const bkm1 = b[k * r + c]! / akm1k;
        const bk = b[(k + 1) * r + c]! / akm1k;
        b[k * r + c] = (ak * bkm1 - bk) / denom;
        b[(k + 1) * r + c] = (akm1 * bk - bkm1) / denom;
      }
      k += 2;
    }
  }
  // Lᵀ·X = Y
  k = n - 1;
  while (k >= 0) {
    const rows = ipiv[k]! > 0 ? [k] : [k, k - 1];
    for (const j of rows) {
      for (let i = k + 1; i < n; i++) {
        const l = A(i, j);
        for (let c = 0; c < r; c++) b[j * r + c] = b[j * r + c]! - l * b[i * r + c]!;
      }
    }
    swapRows(k, Math.abs(ipiv[k]!) - 1);
    k -= rows.length;
  }
}

// ---- linalg.lu and lu_unpack --------------------------------------------------------------

/** The m×k unit-lower L and k×n upper U of a packed LU (differentiable slices). */
function unpackLU(LU: Tensor): [Tensor, Tensor] {
  const m = LU.shape[LU.dim() - 2]!;
  const n = LU.shape[LU.dim() - 1]!;
  const k = Math.min(m, n);
  const eye = new Float64Array(m * k);
  for (let i = 0; i < k; i++) eye[i * k + i] = 1;
  const L = LU.narrow(-1, 0, k)
    .tril(-1)
    .add(fromF64(eye, [m, k], LU.dtype));
  const U = LU.narrow(-2, 0, k).triu();
  return [L, U];
}

/** `Lᵀ⁻¹·M·Uᵀ⁻¹` (L unit lower, U upper; both square). */
function sandwich(L: Tensor, M: Tensor, U: Tensor): Tensor {
  const x = solveTriangular(U.mT, M, { upper: false, left: false });
  return solveTriangular(L.mT, x, { upper: true, unitriangular: true });
}

/**
 * dL/dA' (A' = Pᵀ·A) of the packed LU from the packed gradient g: gL is g's strictly lower part
 * of its first k columns, gU the upper part of its first k rows. For A' = L·U square:
 * gA' = L⁻ᵀ·(tril₋₁(Lᵀ·gL) + triu(gU·Uᵀ))·U⁻ᵀ; wide and tall matrices split off the extra
 * columns of U (U₂ = L⁻¹·A'₂) or rows of L (L₂ = A'₂·U⁻¹) and fold their terms in.
 */
function luBackward(L: Tensor, U: Tensor, g: Tensor): Tensor {
  const m = L.shape[L.dim() - 2]!;
  const n = U.shape[U.dim() - 1]!;
  const k = Math.min(m, n);
  const gL = g.narrow(-1, 0, k).tril(-1);
  const gU = g.narrow(-2, 0, k).triu();
  if (m === n) return sandwich(L, matmul(L.mT, gL).tril(-1).add(matmul(gU, U.mT).triu()), U);
  if (m < n) {
    const U1 = U.narrow(-1, 0, m);
    const U2 = U.narrow(-1, m, n - m);
    const gU1 = gU.narrow(-1, 0, m);
    const gU2 = gU.narrow(-1, m, n - m);
    const M = matmul(L.mT, gL).sub(matmul(gU2, U2.mT)).tril(-1).add(matmul(gU1, U1.mT).triu());
    const g2 = solveTriangular(L.mT, gU2, { upper: true, unitriangular: true });
    return cat([sandwich(L, M, U1), g2], -1);
  }
  const L1 = L.narrow(-2, 0, n);
  const L2 = L.narrow(-2, n, m - n);
  const gL1 = gL.narrow(-2, 0, n);
  const gL2 = gL.narrow(-2, n, m - n);
  const M = matmul(L1.mT, gL1)
    .tril(-1)
    .add(matmul(gU, U.mT).sub(matmul(L2.mT, gL2)).triu());
  const g2 = solveTriangular(U.mT, gL2, { upper: false, left: false });
  return cat([sandwich(L1, M, U), g2], -2);
}

/** Options of `linalg.lu`. */
export interface LuOptions {
  /**
   * Partial pivoting (default). `false` factors without row swaps (P is then empty): PyTorch 1.13
   * offers that on CUDA only; here it runs on the CPU too (a zero pivot then gives inf/NaN).
   */
  pivot?: boolean;
}
const LU_KEYS = optionKeys("pivot");

/**
 * LU factorisation with partial pivoting of each m×n matrix: `[P, L, U]` with A = P·L·U, P an
 * m×m permutation, L m×k unit lower triangular, U k×n upper triangular (k = min(m, n)).
 * Differentiable in A (L and U; P is constant). A singular A factors (U has a zero on its diagonal).
 * @example const [P, L, U] = torch.linalg.lu(torch.randn([3, 4])) // P·L·U ≈ A
 */
export const lu = defineOp(
  "linalg.lu",
  { family: "linalg", gradNames: ["LinalgLuBackward0"] },
  function lu(A: Tensor, opts?: LuOptions): [Tensor, Tensor, Tensor] {
    const op = "linalg.lu";
    checkMatrix(op, A);
    if (opts !== undefined) checkOptions(op, opts, LU_KEYS);
    const pivot = checkBool(op, "pivot", opts?.pivot ?? true);
    const { data, batch, m, n, count } = matsOf(A);
    const k = Math.min(m, n);
    const piv = new Int32Array(Math.max(k, 1));
    const P = new Float64Array(pivot ? count * m * m : 0);
    for (let b = 0; b < count; b++) {
      luRect(data.subarray(b * m * n, (b + 1) * m * n), m, n, piv, pivot);
      if (pivot) permMatrix(permutation(piv, m, k, 0), P, b * m * m);
    }
    const Pt = fromF64(P, pivot ? [...batch, m, m] : [0], A.dtype);
    const packed = fromF64(data, A.shape, A.dtype);
    const [Lc, Uc] = unpackLU(packed);
    record("LinalgLuBackward0", packed, [A], (g): Tensor[] => {
      const gA = luBackward(Lc, Uc, g);
      return [pivot ? matmul(Pt, gA) : gA];
    });
    const [L, U] = unpackLU(packed);
    return [Pt, L, U];
  },
);

/**
 * `[P, L, U]` from `linalg.luFactor`'s packed `LU` and 1-based int32 `pivots` (A = P·L·U).
 * `unpackData = false` returns empty L and U, `unpackPivots = false` an empty P. Differentiable in
 * LU (L and U are slices of it).
 * @example const [P, L, U] = torch.luUnpack(...torch.linalg.luFactor(A)) // fragment
 */
export const luUnpack = defineOp(
  "luUnpack",
  { family: "linalg", gradNames: ["LuUnpackBackward0"], maxArgs: 4 },
  function luUnpack(LU: Tensor, pivots: Tensor, unpackData = true, unpackPivots = true): [Tensor, Tensor, Tensor] {
    const op = "lu_unpack";
    checkMatrix(op, LU, "LU_data");
    checkTensor(op, pivots, "LU_pivots");
    checkBool(op, "unpack_data", unpackData);
    checkBool(op, "unpack_pivots", unpackPivots);
    if (pivots.dtype !== "int32") {
      throw new TypeError(`[${op}] LU_pivots is expected to be a tensor of dtype int32: got ${pivots.dtype}`);
    }
    const m = LU.shape[LU.dim() - 2]!;
    const n = LU.shape[LU.dim() - 1]!;
    const k = Math.min(m, n);
    const batch = LU.shape.slice(0, -2);
    if (pivots.shape.length !== batch.length + 1 || pivots.shape[pivots.dim() - 1] !== k) {
      throw new RangeError(
        `[${op}] LU_pivots must have shape ${formatShape([...batch, k])} for LU_data of shape ${formatShape(LU.shape)}: got ${formatShape(pivots.shape)}`,
      );
    }
    const empty = (): Tensor => fromF64(new Float64Array(0), [0], LU.dtype);
    let P = empty();
    if (unpackPivots) {
      const pv = pivots.expand([...batch, k]).dataFloat();
      const count = batch.reduce((p, s) => p * s, 1);
      const out = new Float64Array(count * m * m);
      for (let b = 0; b < count; b++) {
        const slice = pv.subarray(b * k, (b + 1) * k);
        for (const p of slice) {
          if (p < 1 || p > m) {
            throw new RangeError(`[${op}] LU_pivots' entries must be in [1, ${m}]: got ${p}`);
          }
        }
        permMatrix(permutation(slice, m, k, 1), out, b * m * m);
      }
      P = fromF64(out, [...batch, m, m], LU.dtype);
    }
    if (!unpackData) return [P, empty(), empty()];
    const [L, U] = unpackLU(LU);
    return [P, L, U];
  },
);

// ---- LDLᵀ ---------------------------------------------------------------------------------

/** Options of `linalg.ldlFactor` and `linalg.ldlSolve`. */
export interface LdlOptions {
  /** Whether A is Hermitian rather than symmetric: for real matrices the two are the same. */
  hermitian?: boolean;
}
const LDL_KEYS = optionKeys("hermitian");

/**
 * Bunch-Kaufman LDLᵀ factorisation of each symmetric matrix (its lower triangle is read):
 * `[LD, pivots]`, LD holding the unit lower L below the diagonal and the block-diagonal D
 * (1×1 and 2×2 blocks) on and just below it, upper triangle zero; int32 1-based `pivots` as
 * LAPACK's sytrf (see the file comment). Throws LinAlgError when D is exactly singular (PyTorch
 * 1.13 raises an internal "Unknown error code" there). Not differentiable, as in PyTorch.
 * @example const [LD, piv] = torch.linalg.ldlFactor(torch.tensor([[0, 1], [1, 0]], { dtype: "float64" }))
 */
export const ldlFactor = defineOp(
  "linalg.ldlFactor",
  { family: "linalg" },
  function ldlFactor(A: Tensor, opts?: LdlOptions): [Tensor, Tensor] {
    const op = "linalg.ldl_factor";
    checkSquare(op, A);
    if (opts !== undefined) checkOptions(op, opts, LDL_KEYS);
    checkBool(op, "hermitian", opts?.hermitian ?? false);
    const { data, batch, n, count } = matsOf(A);
    const pivots = new Int32Array(count * n);
    for (let b = 0; b < count; b++) {
      const a = data.subarray(b * n * n, (b + 1) * n * n);
      const info = sytf2(a, n, pivots.subarray(b * n, (b + 1) * n));
      if (info > 0) {
        throw new LinAlgError(
          `[${op}] ${batchPrefix(batch.length > 0, b)}The factorization could not be completed because the block diagonal matrix D is singular: D[${info - 1}, ${info - 1}] is exactly zero`,
        );
      }
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 0;
    }
    return [fromF64(data, A.shape, A.dtype), Tensor._fromArray(pivots, [...batch, n], "int32")];
  },
);

/**
 * Solves A·X = B from `ldlFactor(A)`'s `[LD, pivots]` (B a batch of matrices; batch dims
 * broadcast). Not differentiable, as in PyTorch.
 * @example torch.linalg.ldlSolve(LD, piv, B) // fragment
 */
export const ldlSolve = defineOp(
  "linalg.ldlSolve",
  { family: "linalg" },
  function ldlSolve(LD: Tensor, pivots: Tensor, B: Tensor, opts?: LdlOptions): Tensor {
    const op = "linalg.ldl_solve";
    checkSquare(op, LD, "LD");
    checkTensor(op, pivots, "pivots");
    checkMatrix(op, B, "B");
    if (opts !== undefined) checkOptions(op, opts, LDL_KEYS);
    checkBool(op, "hermitian", opts?.hermitian ?? false);
    if (pivots.dtype !== "int32" && pivots.dtype !== "int64") {
      throw new TypeError(`[${op}] Expected pivots to be integers (int32 or int64): got torch.${pivots.dtype}`);
    }
    if (LD.dtype !== B.dtype) {
      throw new TypeError(`[${op}] Expected LD and B to have the same dtype: got ${LD.dtype} and ${B.dtype}`);
    }
    const n = LD.shape[LD.dim() - 1]!;
    if (pivots.dim() !== LD.dim() - 1 || pivots.shape.some((s, i) => s !== LD.shape[i])) {
      throw new RangeError(
        `[${op}] Expected LD.shape[:-1] and pivots.shape to be the same: got pivots with shape ${formatShape(pivots.shape)}, LD ${formatShape(LD.shape)}`,
      );
    }
    if (B.shape[B.dim() - 2] !== n) {
      throw new RangeError(
        `[${op}] Incompatible matrix sizes: each A matrix is ${n} by ${n} but each b matrix is ${B.shape.slice(-2).join(" by ")}`,
      );
    }
    const r = B.shape[B.dim() - 1]!;
    const batch = broadcastShapes(op, LD.shape.slice(0, -2), B.shape.slice(0, -2));
    const ld = matsOf(LD.expand([...batch, n, n]));
    const bm = matsOf(B.expand([...batch, n, r]));
    const pv = pivots.expand([...batch, n]).dataFloat();
    for (let b = 0; b < ld.count; b++) {
      const p = pv.subarray(b * n, (b + 1) * n);
      for (const v of p) {
        if (v === 0 || Math.abs(v) > n) throw new RangeError(`[${op}] pivots' entries must be in ±[1, ${n}]: got ${v}`);
      }
      sytrs(ld.data.subarray(b * n * n, (b + 1) * n * n), p, bm.data.subarray(b * n * r, (b + 1) * n * r), n, r);
    }
    return fromF64(bm.data, [...batch, n, r], LD.dtype);
  },
);
