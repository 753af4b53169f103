/**
 * Randomised and iterative spectral methods: `svdLowrank` / `pcaLowrank` (Halko, Martinsson and
 * Tropp 2009, algorithms 4.4 and 5.1, as PyTorch's `torch._lowrank`; the random test matrix comes
 * from antorcha's generator, so `torch.manualSeed` makes them repeatable, but the values differ
 * from PyTorch's) and `lobpcg` (Knyazev's locally optimal block preconditioned conjugate
 * gradient for the extreme eigenpairs of a symmetric, optionally generalised, problem).
 * svd/pca_lowrank are composites of matmul, QR and SVD, so they are differentiable.
 */
import { checkBool, checkInt, checkNumber, checkOptions, optionKeys } from "../../util/args.js";
import { formatShape } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { randn } from "../../tensor/random-ops.js";
import { noGrad } from "../../autograd/mode.js";
import { cat, stack } from "../join.js";
import { matmul } from "../linalg.js";
import { record } from "../core.js";
import { defineOp } from "../registry.js";
import { checkMatrix, checkSquare, checkTensor, fromF64 } from "./common.js";
import { solve } from "./decomp.js";
import { eigh, linalgQr, linalgSvd } from "./spectral.js";

/** Q with q orthonormal columns such that Q·Qᵀ·(A − M) ≈ A − M (Halko et al., algorithm 4.4). */
function approximateBasis(A: Tensor, q: number, niter: number, M: Tensor | null): Tensor {
  const n = A.shape[A.dim() - 1]!;
  const R = randn([n, q], { dtype: A.dtype, device: A.device }); // drawn from the generator, then uploaded
  const times = (X: Tensor): Tensor => (M === null ? matmul(A, X) : matmul(A, X).sub(matmul(M, X)));
  const timesT = (X: Tensor): Tensor => (M === null ? matmul(A.mT, X) : matmul(A.mT, X).sub(matmul(M.mT, X)));
  let Q = linalgQr(times(R))[0];
  for (let i = 0; i < niter; i++) {
    Q = linalgQr(timesT(Q))[0];
    Q = linalgQr(times(Q))[0];
  }
  return Q;
}

/** U, S, V of A − M from a rank-q randomised basis (Halko et al., algorithm 5.1). */
function lowrankSvd(A: Tensor, q: number, niter: number, M: Tensor | null): [Tensor, Tensor, Tensor] {
  const m = A.shape[A.dim() - 2]!;
  const n = A.shape[A.dim() - 1]!;
  if (m < n || n > q) {
    // work on Aᵀ so the small matrix B is m×q
    const Q = approximateBasis(A.mT, q, niter, M === null ? null : M.mT);
    const Bt = M === null ? matmul(A, Q) : matmul(A, Q).sub(matmul(M, Q));
    const [U, S, Vh] = linalgSvd(Bt, { fullMatrices: false });
    return [U, S, matmul(Q, Vh.mT)];
  }
  const Q = approximateBasis(A, q, niter, M);
  const Bt = M === null ? matmul(A.mT, Q) : matmul(A.mT, Q).sub(matmul(M.mT, Q));
  const [U, S, Vh] = linalgSvd(Bt.mT, { fullMatrices: false });
  return [matmul(Q, U), S, Vh.mT];
}

function checkQ(op: string, q: unknown, m: number, n: number): number {
  if (typeof q !== "number" || !Number.isInteger(q) || q < 1 || q > Math.min(m, n)) {
    throw new RangeError(
      `[${op}] q(=${String(q)}) must be a positive integer not greater than min(m, n)=${Math.min(m, n)}`,
    );
  }
  return q;
}

function checkNiter(op: string, niter: unknown): number {
  if (typeof niter !== "number" || !Number.isInteger(niter) || niter < 0) {
    throw new RangeError(`[${op}] niter(=${String(niter)}) must be non-negative integer`);
  }
  return niter;
}

/**
 * Randomised truncated SVD of A (or of A − M): `[U, S, V]` with A ≈ U·diag(S)·Vᵀ, U [..., m, q],
 * S [..., q] descending, V [..., n, q] (V, not Vᵀ, as PyTorch). `q` is a slightly overestimated
 * rank (≤ min(m, n)), `niter` the number of subspace iterations. Repeatable under
 * `torch.manualSeed`; differentiable.
 * @example const A = torch.randn(20, 3).matmul(torch.randn(3, 10)); const [U, S, V] = torch.svdLowrank(A, 3) // A ≈ U.mul(S.unsqueeze(-2)).matmul(V.mT)
 */
export const svdLowrank = defineOp(
  "svdLowrank",
  { family: "linalg", gradNames: ["LinalgSvdBackward0"], maxArgs: 4 },
  function svdLowrank(A: Tensor, q = 6, niter = 2, M: Tensor | null = null): [Tensor, Tensor, Tensor] {
    const op = "svd_lowrank";
    checkMatrix(op, A);
    const m = A.shape[A.dim() - 2]!;
    const n = A.shape[A.dim() - 1]!;
    checkQ(op, q, m, n);
    checkNiter(op, niter);
    let Mb: Tensor | null = null;
    if (M !== null) {
      checkTensor(op, M, "M");
      if (M.dtype !== A.dtype) throw new TypeError(`[${op}] Expected M of dtype ${A.dtype}: got ${M.dtype}`);
      Mb = M.expand([...A.shape]);
    }
    return lowrankSvd(A, q, niter, Mb);
  },
);

/**
 * Principal component analysis of the rows of A (samples × features) by a randomised SVD of the
 * centred A: `[U, S, V]`, V's columns the principal directions, S²/(m−1) the variances along them.
 * `q` defaults to min(6, m, n); `center = false` assumes A already centred. Differentiable.
 * @example const [U, S, V] = torch.pcaLowrank(X, 2); const proj = X.matmul(V) // fragment
 */
export const pcaLowrank = defineOp(
  "pcaLowrank",
  { family: "linalg", gradNames: ["LinalgSvdBackward0"], maxArgs: 4 },
  function pcaLowrank(A: Tensor, q: number | null = null, center = true, niter = 2): [Tensor, Tensor, Tensor] {
    const op = "pca_lowrank";
    checkMatrix(op, A);
    const m = A.shape[A.dim() - 2]!;
    const n = A.shape[A.dim() - 1]!;
    const k = checkQ(op, q ?? Math.min(6, m, n), m, n);
    checkBool(op, "center", center);
    checkNiter(op, niter);
    const X = center ? A.sub(A.mean(-2, true)) : A;
    return lowrankSvd(X, k, niter, null);
  },
);

// ---- LOBPCG -------------------------------------------------------------------------------

/** Options of `lobpcg` (PyTorch's keyword arguments). */
export interface LobpcgOptions {
  /** Number of eigenpairs wanted (default 1, or X's column count). */
  k?: number;
  /** The generalised problem A·x = λ·B·x (B symmetric positive-definite). */
  B?: Tensor;
  /** Initial approximation of the eigenvectors (columns); random when omitted. */
  X?: Tensor;
  /** Size of the iterated block (default k); n ≥ k, and A's size must be ≥ 3n. */
  n?: number;
  /** Preconditioner: a matrix applied to the residuals (≈ A⁻¹ for the smallest eigenpairs). */
  iK?: Tensor;
  /** Maximum number of iterations (default 1000; -1: until converged). */
  niter?: number;
  /** Residual tolerance, relative to ‖A‖ (default √ε of the dtype). */
  tol?: number;
  /** Largest (default) or smallest eigenpairs. */
  largest?: boolean;
}
const LOBPCG_KEYS = optionKeys("k", "B", "X", "n", "iK", "niter", "tol", "largest");

/** Columns of S scaled to unit norm, then B-orthonormalised, dropping near-dependent directions. */
function bOrth(S: Tensor, B: Tensor | null): Tensor {
  const norms = S.mul(S).sum(0).sqrt();
  const nz = norms.dataFloat();
  const U = S.indexSelect(1, longs([...nz.keys()].filter((i) => nz[i]! > 0))).div(
    norms.indexSelect(0, longs([...nz.keys()].filter((i) => nz[i]! > 0))),
  );
  const BU = B === null ? U : matmul(B, U);
  const G = matmul(U.mT, BU);
  const [d, V] = eigh(G.add(G.mT).mul(0.5));
  const dv = d.dataFloat();
  const max = Math.max(...dv);
  const good = longs([...dv.keys()].filter((i) => dv[i]! > 1e-12 * max));
  return matmul(U, V.indexSelect(1, good)).div(d.indexSelect(0, good).sqrt());
}

function longs(xs: number[]): Tensor {
  return Tensor._fromArray(BigInt64Array.from(xs.map(BigInt)), [xs.length], "int64");
}

/** Indices of the `count` largest / smallest of `w` (ascending from eigh), in the output order. */
function pick(count: number, size: number, largest: boolean): Tensor {
  return longs(Array.from({ length: count }, (_, i) => (largest ? size - 1 - i : i)));
}

function lobpcgOne(
  A: Tensor,
  B: Tensor | null,
  iK: Tensor | null,
  X0: Tensor,
  k: number,
  niter: number,
  tol: number,
  largest: boolean,
): [Tensor, Tensor] {
  const nv = X0.shape[1]!;
  const Bop = (x: Tensor): Tensor => (B === null ? x : matmul(B, x));
  const aNorm = A.mul(A).sum().sqrt().item() as number;
  const bNorm = B === null ? 1 : (B.mul(B).sum().sqrt().item() as number);
  // Rayleigh-Ritz on the start block
  let X = bOrth(X0, B);
  let [w, C] = eigh(matmul(X.mT, matmul(A, X)));
  let sel = pick(Math.min(nv, w.shape[0]!), w.shape[0]!, largest);
  X = matmul(X, C.indexSelect(1, sel));
  let theta = w.indexSelect(0, sel);
  let P: Tensor | null = null;
  for (let it = 0; niter < 0 || it < niter; it++) {
    const R = matmul(A, X).sub(Bop(X).mul(theta.unsqueeze(0)));
    const rn = R.mul(R).sum(0).sqrt().dataFloat();
    const th = theta.dataFloat();
    let converged = true;
    for (let j = 0; j < k; j++) if (!(rn[j]! <= tol * (aNorm + Math.abs(th[j]!) * bNorm))) converged = false;
    if (converged) break;
    let W = iK === null ? R : matmul(iK, R);
    W = W.sub(matmul(X, matmul(X.mT, Bop(W)))); // B-orthogonal to X
    const S = bOrth(P === null ? cat([X, W], 1) : cat([X, W, P], 1), B);
    [w, C] = eigh(matmul(S.mT, matmul(A, S)));
    sel = pick(nv, w.shape[0]!, largest);
    const Xn = matmul(S, C.indexSelect(1, sel));
    P = Xn.sub(matmul(X, matmul(X.mT, Bop(Xn))));
    X = Xn;
    theta = w.indexSelect(0, sel);
  }
  const first = pick(k, nv, false);
  return [theta.indexSelect(0, first), X.indexSelect(1, first)];
}

/**
 * The k largest (default) or smallest eigenpairs of the symmetric matrix A, or of the generalised
 * problem A·x = λ·B·x, by LOBPCG: `[E, X]`, E [..., k] (descending for largest, ascending for
 * smallest) and X [..., n, k] B-orthonormal eigenvectors. For large matrices where only a few
 * eigenpairs are needed; A's size must be at least 3× the block size n. Iterates in float64 and
 * returns A's dtype. Differentiable in A when B is not given (as PyTorch: the gradient is that of
 * the k eigenpairs of (A + Aᵀ)/2; eigenvectors are unique only up to sign).
 * PyTorch's `method`, `tracker` and `ortho_*` options are not offered: this implementation
 * always B-orthonormalises the search basis (PyTorch's "ortho" flavour).
 * @example const R = torch.randn(12, 12, { dtype: "float64" }); const A = R.matmul(R.mT); const [E, X] = torch.lobpcg(A, { k: 2 }) // the two largest eigenvalues of A
 */
export const lobpcg = defineOp(
  "lobpcg",
  { family: "linalg", gradNames: ["LOBPCGAutogradFunctionBackward"] },
  function lobpcg(A: Tensor, opts?: LobpcgOptions): [Tensor, Tensor] {
    const op = "lobpcg";
    checkSquare(op, A);
    if (opts !== undefined) checkOptions(op, opts, LOBPCG_KEYS);
    const size = A.shape[A.dim() - 1]!;
    const batch = A.shape.slice(0, -2);
    const X0 = opts?.X;
    if (X0 !== undefined) {
      checkMatrix(op, X0, "X");
      if (X0.shape[X0.dim() - 2] !== size) {
        throw new RangeError(`[${op}] X must have ${size} rows (A is ${size}x${size}): got ${formatShape(X0.shape)}`);
      }
    }
    const k = checkInt(op, "k", opts?.k ?? (X0 !== undefined ? X0.shape[X0.dim() - 1]! : 1), 1);
    const nv = checkInt(op, "n", opts?.n ?? (X0 !== undefined ? X0.shape[X0.dim() - 1]! : k), 1);
    if (X0 !== undefined && X0.shape[X0.dim() - 1] !== nv) {
      throw new RangeError(`[${op}] n (=${nv}) must equal X's column count: got X ${formatShape(X0.shape)}`);
    }
    if (nv < k) throw new RangeError(`[${op}] n (=${nv}) must be >= k (=${k})`);
    if (size < 3 * nv) {
      throw new RangeError(
        `[${op}] LPBPCG algorithm is not applicable when the number of A rows (=${size}) is smaller than 3 x the number of requested eigenpairs (=${nv})`,
      );
    }
    const niter = checkInt(op, "niter", opts?.niter ?? 1000, -1);
    const eps = A.dtype === "float64" ? 2.220446049250313e-16 : 1.1920928955078125e-7;
    const tol = checkNumber(op, "tol", opts?.tol ?? Math.sqrt(eps), { min: 0, minExclusive: true });
    const largest = checkBool(op, "largest", opts?.largest ?? true);
    const mat = (name: "B" | "iK"): Tensor | null => {
      const t = opts?.[name];
      if (t === undefined) return null;
      checkSquare(op, t, name);
      if (t.shape[t.dim() - 1] !== size) {
        throw new RangeError(`[${op}] ${name} must be ${size}x${size} like A: got ${formatShape(t.shape)}`);
      }
      return t.detach().to("float64");
    };
    const B = mat("B");
    const iK = mat("iK");
    const [E, X] = noGrad((): [Tensor, Tensor] => {
      // iterate on (A + Aᵀ)/2, as PyTorch does when A requires grad (A is meant to be symmetric)
      const A64 = A.detach().to("float64").reshape([-1, size, size]);
      const Asym = A64.add(A64.mT).mul(0.5);
      const count = A64.shape[0]!;
      const Es: Tensor[] = [];
      const Xs: Tensor[] = [];
      for (let b = 0; b < count; b++) {
        const pickB = (t: Tensor | null): Tensor | null =>
          t === null ? null : t.dim() === 2 ? t : t.reshape([-1, size, size]).select(0, b);
        const start =
          X0 === undefined
            ? randn([size, nv], { dtype: "float64" })
            : X0.dim() === 2
              ? X0.detach().to("float64")
              : X0.detach()
                  .to("float64")
                  .reshape([-1, size, X0.shape[X0.dim() - 1]!])
                  .select(0, b);
        const [E, X] = lobpcgOne(Asym.select(0, b), pickB(B), pickB(iK), start, k, niter, tol, largest);
        Es.push(E);
        Xs.push(X);
      }
      const E = stack(Es)
        .reshape([...batch, k])
        .to(A.dtype);
      const X = stack(Xs)
        .reshape([...batch, size, k])
        .to(A.dtype);
      return [E, X];
    });
    // one node for both outputs: packed [..., 1 + size, k] = [Eᵀ; X]
    const packed = cat([E.unsqueeze(-2), X], -2);
    record("LOBPCGAutogradFunctionBackward", packed, [A], (g): Tensor[] => {
      if (B !== null) throw new RangeError(`[${op}] lobpcg.backward does not support backward with B != I yet.`);
      return [eigenpairsBackward(A.detach().add(A.detach().mT).mul(0.5), E, X, g.select(-2, 0), g.narrow(-2, 1, size))];
    });
    return [packed.select(-2, 0), packed.narrow(-2, 1, size)];
  },
);

/**
 * dL/dA for k eigenpairs (E, X) of symmetric A: the complete-eigenspace formula
 * X·(diag(gE) + F∘(Xᵀ·gX))·Xᵀ, F_ij = 1/(λ_j − λ_i), plus for each i the part of gX_i outside
 * span(X), z_i = (λ_i·I − A)⁺·(I − X·Xᵀ)·gX_i, as z_i·x_iᵀ; then symmetrised (PyTorch runs lobpcg
 * on (A + Aᵀ)/2 when A requires grad).
 */
function eigenpairsBackward(A: Tensor, E: Tensor, X: Tensor, gE: Tensor, gX: Tensor): Tensor {
  const n = A.shape[A.dim() - 1]!;
  const k = E.shape[E.dim() - 1]!;
  const eye = torch64Eye(n, A.dtype);
  const diff = E.unsqueeze(-2).sub(E.unsqueeze(-1)); // [i, j] = λ_j − λ_i
  const kEye = torch64Eye(k, A.dtype);
  const F = diff.add(kEye).reciprocal().mul(kEye.neg().add(1));
  const XtgX = matmul(X.mT, gX);
  const core = diagOf(gE).add(XtgX.mul(F));
  let res = matmul(X, matmul(core, X.mT));
  const XXt = matmul(X, X.mT);
  const P = eye.sub(XXt);
  const pg = matmul(P, gX);
  for (let i = 0; i < k; i++) {
    const lam = E.narrow(-1, i, 1).unsqueeze(-1);
    // (λ_i·I − A) on span(X)ᗮ, the identity on span(X): invertible, and maps span(X)ᗮ to itself
    const M = matmul(P, matmul(eye.mul(lam).sub(A), P)).add(XXt);
    const z = solve(M, pg.narrow(-1, i, 1));
    res = res.add(matmul(z, X.narrow(-1, i, 1).mT));
  }
  return res.add(res.mT).mul(0.5);
}

function torch64Eye(n: number, dtype: string): Tensor {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return fromF64(a, [n, n], dtype);
}

function diagOf(v: Tensor): Tensor {
  const n = v.shape[v.dim() - 1]!;
  return v.unsqueeze(-1).mul(torch64Eye(n, v.dtype));
}
