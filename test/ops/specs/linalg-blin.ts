/**
 * Op-spec rows for the torch.linalg additions of issue 24 (fixtures: scripts/fixtures/blin.py).
 * Cholesky factors reach choleskyInverse/choleskySolve through tril()/triu() when `args.mask` is
 * set (PyTorch's own gradcheck wraps triangular inputs the same way), so the float64 gradcheck
 * sees the function of the triangle the forward reads; gradcheck runs on the first three cases,
 * which are the masked ones. svdLowrank/pcaLowrank/lobpcg rows compare only what does not depend
 * on the random draws (singular values and reconstruction of exactly low-rank inputs, converged
 * eigenvalues); test/ops/linalg-blin.test.ts checks them further.
 */
import * as torch from "../../../src/index.js";
import type { Tensor } from "../../../src/index.js";
import type { Args, ErrorRow, OpRow } from "./types.js";

const L = torch.linalg;
const TOL = { rtol: 1e-4, atol: 1e-4 };

function row(op: string, fn: OpRow["fn"], grad?: number[]): OpRow {
  return { op, fn, ...(grad ? { grad } : {}), ...TOL };
}

function tri(x: Tensor, a: Args): Tensor {
  if (!a?.mask) return x;
  return a.upper ? x.triu() : x.tril();
}

/** `[S, U·diag(S)·Vᵀ]`: what a low-rank SVD of an exactly rank-q matrix fixes (not the random draws). */
function lowrank([U, S, V]: [Tensor, Tensor, Tensor]): Tensor[] {
  return [S, U.mul(S.unsqueeze(-2)).matmul(V.mT)];
}

export const rows: OpRow[] = [
  row("linalg.diagonal", ([x], a: Args) => L.diagonal(x!, a), [0]),
  row("linalg.vander", ([x], a: Args) => L.vander(x!, a), [0]),
  row("linalg.tensorinv", ([x], a: Args) => L.tensorinv(x!, a?.ind ?? 2), [0]),
  row("linalg.tensorsolve", ([A, B], a: Args) => L.tensorsolve(A!, B!, a?.dims ?? null), [0, 1]),
  row("linalg.lu", ([x]) => L.lu(x!), [0]),
  row(
    "luUnpack",
    ([lu, piv], a: Args) => torch.luUnpack(lu!, piv!, a?.unpackData ?? true, a?.unpackPivots ?? true),
    [0],
  ),
  row("linalg.ldlFactor", ([x], a: Args) => L.ldlFactor(x!, a)),
  row("linalg.ldlSolve", ([ld, piv, b], a: Args) => L.ldlSolve(ld!, piv!, b!, a)),
  row("geqrf", ([x]) => torch.geqrf(x!)),
  row("linalg.householderProduct", ([x, tau]) => L.householderProduct(x!, tau!), [0, 1]),
  row("orgqr", ([x, tau]) => x!.orgqr(tau!), [0, 1]),
  row("ormqr", ([x, tau, c], a: Args) => torch.ormqr(x!, tau!, c!, a?.left ?? true, a?.transpose ?? false)),
  row("choleskyInverse", ([x], a: Args) => torch.choleskyInverse(tri(x!, a), a?.upper ?? false), [0]),
  row("svdLowrank", ([x], a: Args) => lowrank(torch.svdLowrank(x!, a.q, a.niter ?? 2))),
  row("pcaLowrank", ([x], a: Args) => lowrank(torch.pcaLowrank(x!, a.q, a.center ?? true))),
  row(
    "lobpcg",
    ([x, b], a: Args) => torch.lobpcg(x!, { k: a.k, largest: a.largest ?? true, ...(b ? { B: b } : {}) })[0],
    [0],
  ),
  row("choleskySolve", ([b, x], a: Args) => b!.choleskySolve(tri(x!, a), a?.upper ?? false), [0, 1]),
];

export const errors: ErrorRow[] = [];
