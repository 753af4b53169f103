/**
 * Op-spec rows for `torch.linalg` (fixtures: scripts/fixtures/ops_linalg_ext.py). Eigenvectors
 * and singular vectors are unique up to sign: rows normalise them exactly as the generator does
 * (each column of V / U times the sign of its largest-magnitude entry; Vh's matching row too).
 * `args.spd` / `args.sym` build the positive-definite / symmetric input from X inside the op, on
 * both sides, so gradients are w.r.t. X. JSON has no infinities: `"inf"`/`"-inf"` are decoded.
 */
import * as torch from "../../../src/index.js";
import type { Tensor } from "../../../src/index.js";
import type { Args, ErrorRow, OpRow } from "./types.js";

const L = torch.linalg;
const TOL = { rtol: 1e-4, atol: 1e-4 };

function num(v: unknown): unknown {
  return v === "inf" ? Infinity : v === "-inf" ? -Infinity : v;
}

function eye(n: number, dtype: torch.DType, device: torch.DeviceLike = "cpu"): Tensor {
  return torch.eye(n, { dtype, device });
}

function spd(x: Tensor): Tensor {
  return x.matmul(x.mT).add(eye(x.shape[x.dim() - 1]!, x.dtype, x.device).mul(3));
}

function sym(x: Tensor): Tensor {
  return x.add(x.mT);
}

/** Signs of each column's largest-magnitude entry, shaped [..., 1, k]. */
function colSigns(v: Tensor): Tensor {
  const d = v.detach();
  return d.gather(-2, d.abs().argmax(-2, true)).sign();
}

function row(op: string, fn: OpRow["fn"], grad?: number[]): OpRow {
  return { op, fn, ...(grad ? { grad } : {}), ...TOL };
}

export const rows: OpRow[] = [
  row("det", ([x]) => L.det(x!), [0]),
  row("slogdet", ([x]) => L.slogdet(x!), [0]),
  row("logdet", ([x], a: Args) => torch.logdet(a?.spd ? spd(x!) : x!), [0]),
  row("inverse", ([x]) => L.inv(x!), [0]),
  row("linalg.solve", ([A, B], a: Args) => L.solve(A!, B!, a?.left === false ? { left: false } : undefined), [0, 1]),
  row(
    "linalg.solveTriangular",
    ([A, B], a: Args) =>
      L.solveTriangular(A!, B!, { upper: a.upper, left: a.left ?? true, unitriangular: a.unitriangular ?? false }),
    [0, 1],
  ),
  row("linalg.cholesky", ([x], a: Args) => L.cholesky(spd(x!), { upper: a?.upper ?? false }), [0]),
  row("cholesky", ([x], a: Args) => torch.cholesky(spd(x!), a?.upper ?? false), [0]),
  row("linalg.luFactor", ([x]) => L.luFactor(x!)),
  row("linalg.luSolve", ([lu, piv, b], a: Args) => L.luSolve(lu!, piv!, b!, a ?? undefined), [2]),
  row("linalg.qr", ([x], a: Args) => L.qr(x!, a?.mode ? { mode: a.mode } : undefined), [0]),
  row("qr", ([x], a: Args) => torch.qr(x!, a?.some ?? true), [0]),
  row(
    "linalg.eigh",
    ([x], a: Args) => {
      const [w, V] = L.eigh(a?.sym ? sym(x!) : x!, a?.UPLO ? { UPLO: a.UPLO } : undefined);
      return [w, V.mul(colSigns(V))];
    },
    [0],
  ),
  row("linalg.eigvalsh", ([x], a: Args) => L.eigvalsh(a?.sym ? sym(x!) : x!), [0]),
  row(
    "linalg.svd",
    ([x], a: Args) => {
      const [U, S, Vh] = L.svd(x!, a?.fullMatrices === false ? { fullMatrices: false } : undefined);
      const s = colSigns(U);
      return [U.mul(s), S, Vh.mul(s.mT)];
    },
    [0],
  ),
  row(
    "svd",
    ([x]) => {
      const [U, S, V] = torch.svd(x!);
      const s = colSigns(U);
      return [U.mul(s), S, V.mul(s)];
    },
    [0],
  ),
  row("linalg.svdvals", ([x]) => L.svdvals(x!), [0]),
  row("linalg.pinv", ([x]) => L.pinv(x!), [0]),
  row("pinverse", ([x]) => torch.pinverse(x!), [0]),
  row("linalg.lstsq", ([A, B]) => L.lstsq(A!, B!), [0, 1]),
  row("linalg.matrixRank", ([x]) => L.matrixRank(x!)),
  row(
    "linalg.vectorNorm",
    ([x], a: Args) => L.vectorNorm(x!, num(a.ord) as number, a.dim ?? null, a.keepdim ?? false),
    [0],
  ),
  row(
    "linalg.matrixNorm",
    ([x], a: Args) => L.matrixNorm(x!, num(a.ord) as number, a.dim ?? [-2, -1], a.keepdim ?? false),
    [0],
  ),
  row(
    "linalg.norm",
    ([x], a: Args) => L.norm(x!, (num(a.ord) as number) ?? null, a.dim ?? null, a.keepdim ?? false),
    [0],
  ),
  row("linalg.cond", ([x], a: Args) => L.cond(x!, (num(a.p) as number) ?? null), [0]),
  row("matrixPower", ([x], a: Args) => L.matrixPower(x!, a.n), [0]),
  row("matrixExp", ([x]) => L.matrixExp(x!), [0]),
  row("linalg.multiDot", (xs) => L.multiDot(xs), [0, 1, 2, 3]),
  row("linalg.vecdot", ([x, y], a: Args) => L.vecdot(x!, y!, a?.dim ?? -1), [0, 1]),
  row("linalg.cross", ([x, y], a: Args) => L.cross(x!, y!, a?.dim ?? -1), [0, 1]),
  row("cross", ([x, y], a: Args) => torch.cross(x!, y!, a?.dim ?? null), [0, 1]),
];

const r = (name: string, run: () => unknown, match: RegExp): ErrorRow => ({ name, run, match });
const f64 = (v: number[][]) => torch.tensor(v, { dtype: "float64" });
const SING = f64([
  [1, 2],
  [2, 4],
]);
const NOT_PD = f64([
  [1, 2],
  [2, 1],
]);

export const errors: ErrorRow[] = [
  r(
    "linalg.inv singular",
    () => L.inv(SING),
    /^\[linalg\.inv\] The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular\.$/,
  ),
  r(
    "linalg.inv batched singular",
    () => L.inv(torch.stack([eye(2, "float64"), SING])),
    /^\[linalg\.inv\] \(Batch element 1\): The diagonal element 2 is zero, the inversion could not be completed/,
  ),
  r(
    "linalg.solve singular",
    () => L.solve(SING, torch.ones([2], { dtype: "float64" })),
    /^\[linalg\.solve\] The solver failed because the input matrix is singular\.$/,
  ),
  r(
    "linalg.cholesky not PD",
    () => L.cholesky(NOT_PD),
    /^\[linalg\.cholesky\] The factorization could not be completed because the input is not positive-definite \(the leading minor of order 2 is not positive-definite\)\.$/,
  ),
  r(
    "cholesky batched not PD",
    () => torch.cholesky(torch.stack([eye(2, "float64"), NOT_PD])),
    /^\[cholesky\] \(Batch element 1\): The factorization could not be completed/,
  ),
  r(
    "linalg.luFactor singular",
    () => L.luFactor(SING),
    /^\[linalg\.luFactor\] U\[2,2\] is zero and using it on luSolve would result in a division by zero/,
  ),
  r(
    "linalg.det non-square",
    () => L.det(torch.ones([2, 3])),
    /^\[linalg\.det\] A must be batches of square matrices, but they are 2 by 3 matrices$/,
  ),
  r(
    "linalg.det 1-D",
    () => L.det(torch.ones([3])),
    /^\[linalg\.det\] The input tensor A must have at least 2 dimensions: got 1-D$/,
  ),
  r(
    "linalg.inv integer",
    () => L.inv(torch.ones([2, 2], { dtype: "int64" })),
    /^\[linalg\.inv\] Expected a floating point tensor as input: got Long/,
  ),
  r(
    "linalg.det not a tensor",
    () => L.det([[1, 2]] as unknown as Tensor),
    /^\[linalg\.det\] expected A to be a Tensor/,
  ),
  r(
    "linalg.eigh non-square",
    () => L.eigh(torch.ones([2, 3])),
    /^\[linalg\.eigh\] A must be batches of square matrices, but they are 2 by 3 matrices$/,
  ),
  r("linalg.eigh bad UPLO", () => L.eigh(torch.eye(2), { UPLO: "X" as "L" }), /^\[linalg\.eigh\] UPLO must be one of/),
  r(
    "linalg.solve shapes",
    () => L.solve(torch.eye(2), torch.ones([3])),
    /^\[linalg\.solve\] Incompatible shapes of A and B for the equation AX = B \(2x2 and 3x1\)$/,
  ),
  r(
    "linalg.solve dtype mismatch",
    () => L.solve(torch.eye(2), torch.ones([2], { dtype: "float64" })),
    /^\[linalg\.solve\] Expected A and B to have the same dtype: got float32 and float64$/,
  ),
  r(
    "linalg.solve unknown option",
    () => L.solve(torch.eye(2), torch.ones([2]), { lft: true } as never),
    /^\[linalg\.solve\] unknown option "lft"/,
  ),
  r(
    "linalg.solveTriangular without upper",
    () => L.solveTriangular(torch.eye(2), torch.ones([2, 1]), undefined as never),
    /^\[linalg\.solveTriangular\] missing the required option "upper"/,
  ),
  r("linalg.qr bad mode", () => L.qr(torch.ones([2, 2]), { mode: "x" as "r" }), /^\[linalg\.qr\] mode must be one of/),
  r(
    "linalg.qr complete tall backward",
    () => {
      const x = torch.randn([4, 2], { dtype: "float64" }).requiresGrad_();
      const [q] = L.qr(x, { mode: "complete" });
      q.sum().backward();
    },
    /^\[linalg\.qr\] The QR decomposition is not differentiable when mode='complete' and nrows > ncols$/,
  ),
  r(
    "linalg.cross length",
    () => L.cross(torch.ones([2]), torch.ones([2])),
    /^\[linalg\.cross\] inputs dimension -1 must have length 3\. Got 2 and 2$/,
  ),
  r(
    "linalg.cross ranks",
    () => L.cross(torch.ones([2, 3]), torch.ones([3])),
    /^\[linalg\.cross\] inputs must have the same number of dimensions: got 2 and 1$/,
  ),
  r(
    "cross no size-3 dim",
    () => torch.cross(torch.ones([2, 2]), torch.ones([2, 2])),
    /^\[cross\] no dimension of size 3 in input$/,
  ),
  r(
    "linalg.matrixPower non-square",
    () => L.matrixPower(torch.ones([2, 3]), 2),
    /^\[linalg\.matrixPower\] A must be batches of square matrices, but they are 2 by 3 matrices$/,
  ),
  r(
    "linalg.matrixPower fractional",
    () => L.matrixPower(torch.eye(2), 0.5),
    /^\[linalg\.matrixPower\] n must be an integer: got 0\.5$/,
  ),
  r(
    "linalg.vectorNorm integer",
    () => L.vectorNorm(torch.ones([2], { dtype: "int64" })),
    /^\[linalg\.vectorNorm\] Expected a floating point tensor as input: got Long/,
  ),
  r("linalg.matrixNorm bad ord", () => L.matrixNorm(torch.eye(2), 3), /^\[linalg\.matrixNorm\] Order 3 not supported/),
  r(
    "linalg.norm 3-D with ord",
    () => L.norm(torch.ones([2, 2, 2]), 2),
    /^\[linalg\.norm\] If dim is not specified but ord is, the input must be 1D or 2D\. Got 3D\.$/,
  ),
  r(
    "linalg.svd 1-D",
    () => L.svd(torch.ones([3])),
    /^\[linalg\.svd\] The input tensor A must have at least 2 dimensions/,
  ),
  r(
    "linalg.multiDot one tensor",
    () => L.multiDot([torch.eye(2)]),
    /^\[linalg\.multiDot\] expected at least 2 tensors but got 1$/,
  ),
  r(
    "linalg.multiDot 3-D middle",
    () => L.multiDot([torch.eye(2), torch.ones([2, 2, 2]), torch.eye(2)]),
    /^\[linalg\.multiDot\] tensor 1 must be 2D but got 3D$/,
  ),
  r(
    "linalg.luSolve pivots dtype",
    () => L.luSolve(torch.eye(2), torch.ones([2]), torch.ones([2, 1])),
    /^\[linalg\.luSolve\] pivots should be a Tensor of scalar type int32: got float32$/,
  ),
  r("linalg.cond bad p", () => L.cond(torch.eye(2), 3), /^\[linalg\.cond\] got an invalid norm type 3/),
];
