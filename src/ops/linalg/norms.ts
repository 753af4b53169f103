/**
 * Norms and matrix functions of `torch.linalg`: `vectorNorm`, `matrixNorm`, `norm`, `cond`,
 * `matrixPower`, `matrixExp`, `multiDot`, `vecdot`, `cross` — composites of existing ops, so
 * their gradients come from autograd (they are differentiable twice).
 */
import { checkInt, checkBool } from "../../util/args.js";
import { broadcastShapes, normalizeDim } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import type { DimArg } from "../reduce-util.js";
import { cat } from "../join.js";
import { matmul } from "../linalg.js";
import { defineOp } from "../registry.js";
import { checkFloat, checkMatrix, checkSquare, checkTensor, identity } from "./common.js";
import { inverse } from "./decomp.js";
import { svdParts } from "./spectral.js";

/** Norm orders accepted by the matrix norms. */
export type MatrixOrd = "fro" | "nuc" | number;

function allDims(x: Tensor): number[] {
  return x.shape.map((_, i) => i);
}

/**
 * The vector `ord`-norm of `x` over `dim` (all elements when null): ord 2 (default), any real
 * p, Infinity (max |x|), -Infinity (min |x|), 0 (count of non-zeros).
 * @example torch.linalg.vectorNorm(torch.tensor([3, 4], { dtype: "float64" })) // tensor(5., dtype=torch.float64)
 */
export const vectorNorm = defineOp(
  "linalg.vectorNorm",
  { family: "linalg", maxArgs: 4 },
  function vectorNorm(x: Tensor, ord = 2, dim: DimArg = null, keepdim = false): Tensor {
    const op = "linalg.vectorNorm";
    checkTensor(op, x, "input");
    checkFloat(op, x);
    if (typeof ord !== "number" || Number.isNaN(ord)) {
      throw new TypeError(`[${op}] ord must be a number: got ${String(ord)}`);
    }
    checkBool(op, "keepdim", keepdim);
    const dims = dim === null || dim === undefined ? allDims(x) : typeof dim === "number" ? [dim] : [...dim];
    if (x.dim() === 0) return vectorNorm(x.reshape([1]), ord, null, false);
    const a = x.abs();
    if (ord === Infinity) return a.amax(dims, keepdim);
    if (ord === -Infinity) return a.amin(dims, keepdim);
    if (ord === 0) return x.ne(0).to(x.dtype).sum(dims, keepdim);
    if (ord === 1) return a.sum(dims, keepdim);
    if (ord === 2) return x.mul(x).sum(dims, keepdim).sqrt();
    return a
      .pow(ord)
      .sum(dims, keepdim)
      .pow(1 / ord);
  },
);

/** The matrix norm over the last two dims. */
function matrixNormLast(A: Tensor, ord: MatrixOrd): Tensor {
  switch (ord) {
    case "fro":
      return A.mul(A).sum([-2, -1]).sqrt();
    case "nuc":
      return svdParts(A).S.sum(-1);
    case 2:
      return svdParts(A).S.amax(-1);
    case -2:
      return svdParts(A).S.amin(-1);
    case 1:
      return A.abs().sum(-2).amax(-1);
    case -1:
      return A.abs().sum(-2).amin(-1);
    case Infinity:
      return A.abs().sum(-1).amax(-1);
    case -Infinity:
      return A.abs().sum(-1).amin(-1);
    default:
      throw new RangeError(
        `[linalg.matrixNorm] Order ${String(ord)} not supported: expected "fro", "nuc", 2, -2, 1, -1, Infinity or -Infinity`,
      );
  }
}

/**
 * The matrix `ord`-norm over the two dims `dim` (default the last two): "fro" (default), "nuc"
 * (sum of singular values), 2 / -2 (largest / smallest singular value), 1 / -1 (max / min
 * column abs-sum), Infinity / -Infinity (max / min row abs-sum).
 * @example torch.linalg.matrixNorm(torch.eye(3)) // tensor(1.7321)
 */
export const matrixNorm = defineOp(
  "linalg.matrixNorm",
  { family: "linalg", maxArgs: 4 },
  function matrixNorm(
    A: Tensor,
    ord: MatrixOrd = "fro",
    dim: readonly [number, number] = [-2, -1],
    keepdim = false,
  ): Tensor {
    const op = "linalg.matrixNorm";
    checkMatrix(op, A);
    checkBool(op, "keepdim", keepdim);
    if (!Array.isArray(dim) || dim.length !== 2) {
      throw new RangeError(`[${op}] dim must be a 2-tuple of ints: got ${JSON.stringify(dim)}`);
    }
    const d0 = normalizeDim(op, dim[0]!, A.dim());
    const d1 = normalizeDim(op, dim[1]!, A.dim());
    if (d0 === d1) throw new RangeError(`[${op}] dims must be different: got (${dim[0]}, ${dim[1]})`);
    if (!["fro", "nuc", 2, -2, 1, -1, Infinity, -Infinity].includes(ord)) {
      throw new RangeError(
        `[${op}] Order ${String(ord)} not supported: expected "fro", "nuc", 2, -2, 1, -1, Infinity or -Infinity`,
      );
    }
    const moved = A.movedim([d0, d1], [-2, -1]);
    let r = matrixNormLast(moved, ord);
    if (keepdim) for (const d of [d0, d1].sort((a, b) => a - b)) r = r.unsqueeze(d);
    return r;
  },
);

/**
 * `torch.linalg.norm`: a matrix norm when `ord` is a string or `dim` has two entries (or when
 * `ord` is given for a 2-D input without `dim`), otherwise a vector norm (the 2-norm of all
 * elements when both are null).
 * @example torch.linalg.norm(torch.ones(2, 2), "fro") // tensor(2.)
 */
export const linalgNorm = defineOp(
  "linalg.norm",
  { family: "linalg", maxArgs: 4 },
  function norm(A: Tensor, ord: MatrixOrd | null = null, dim: DimArg = null, keepdim = false): Tensor {
    const op = "linalg.norm";
    checkTensor(op, A);
    checkFloat(op, A);
    const dims = dim === null || dim === undefined ? null : typeof dim === "number" ? [dim] : [...dim];
    if (dims !== null && dims.length === 2) return matrixNorm(A, ord ?? "fro", [dims[0]!, dims[1]!], keepdim);
    if (typeof ord === "string" && dims === null) {
      if (A.dim() !== 2)
        throw new RangeError(
          `[${op}] If dim is not specified but ord is, the input must be 1D or 2D. Got ${A.dim()}D.`,
        );
      return matrixNorm(A, ord, [-2, -1], keepdim);
    }
    if (ord !== null && dims === null) {
      if (A.dim() === 2) return matrixNorm(A, ord, [-2, -1], keepdim);
      if (A.dim() !== 1)
        throw new RangeError(
          `[${op}] If dim is not specified but ord is, the input must be 1D or 2D. Got ${A.dim()}D.`,
        );
    }
    if (typeof ord === "string") throw new RangeError(`[${op}] ord "${ord}" needs a 2-D input or a 2-tuple dim`);
    return vectorNorm(A, ord ?? 2, dims, keepdim);
  },
);

/**
 * Condition number in the norm `p`: σ_max/σ_min for `p` = null or 2 (default), σ_min/σ_max for
 * -2, otherwise ‖A‖_p·‖A⁻¹‖_p (p = "fro", "nuc", ±1, ±Infinity; square A).
 * @example torch.linalg.cond(torch.tensor([[1, 0], [0, 10]], { dtype: "float64" })) // tensor(10., dtype=torch.float64)
 */
export const cond = defineOp(
  "linalg.cond",
  { family: "linalg", gradNames: ["LinalgSvdBackward0"] },
  function cond(A: Tensor, p: MatrixOrd | null = null): Tensor {
    const op = "linalg.cond";
    checkMatrix(op, A);
    if (p === null || p === 2 || p === -2) {
      const S = svdParts(A).S;
      const k = S.shape[S.dim() - 1]!;
      const big = S.narrow(-1, 0, 1).squeeze(-1);
      const small = S.narrow(-1, k - 1, 1).squeeze(-1);
      return p === -2 ? small.div(big) : big.div(small);
    }
    if (!["fro", "nuc", 1, -1, Infinity, -Infinity].includes(p)) {
      throw new RangeError(
        `[${op}] got an invalid norm type ${String(p)}: expected null, 2, -2, 1, -1, Infinity, -Infinity, "fro" or "nuc"`,
      );
    }
    checkSquare(op, A);
    return matrixNorm(A, p).mul(matrixNorm(inverse(A), p));
  },
);

/**
 * A to the integer power `n` (repeated squaring; n < 0 inverts first, n = 0 gives the identity).
 * @example torch.matrixPower(torch.tensor([[1, 1], [0, 1]], { dtype: "float64" }), 3) // [[1, 3], [0, 1]]
 */
export const matrixPower = defineOp(
  "matrixPower",
  { family: "linalg", mode: "method" },
  function matrixPower(A: Tensor, n: number): Tensor {
    const op = "linalg.matrixPower";
    checkSquare(op, A);
    if (typeof n !== "number" || !Number.isInteger(n))
      throw new TypeError(`[${op}] n must be an integer: got ${String(n)}`);
    const size = A.shape[A.dim() - 1]!;
    if (n === 0) return A.mul(0).add(identity(size, A.dtype));
    let base = n < 0 ? inverse(A) : A;
    let e = Math.abs(n);
    let acc: Tensor | null = null;
    while (e > 0) {
      if (e & 1) acc = acc === null ? base : matmul(acc, base);
      e >>= 1;
      if (e > 0) base = matmul(base, base);
    }
    return acc!;
  },
);

/**
 * The matrix exponential e^A by scaling and squaring with a degree-18 Taylor polynomial (accurate
 * to float64 rounding for the scaled matrix, ‖A/2^s‖₁ ≤ 1/2).
 * @example torch.matrixExp(torch.zeros(2, 2)) // the identity
 */
export const matrixExp = defineOp(
  "matrixExp",
  { family: "linalg", mode: "method" },
  function matrixExp(A: Tensor): Tensor {
    const op = "linalg.matrixExp";
    checkSquare(op, A);
    const n = A.shape[A.dim() - 1]!;
    const I = identity(n, A.dtype);
    if (A.numel() === 0) return A.mul(1);
    const norm1 = Math.max(...Array.from(A.detach().abs().sum(-2).amax(-1).reshape([-1]).dataFloat()));
    const s = Number.isFinite(norm1) && norm1 > 0.5 ? Math.ceil(Math.log2(norm1 / 0.5)) : 0;
    const X = s > 0 ? A.div(2 ** s) : A;
    // Horner: I + X(I + X/2(I + X/3(…)))
    let acc: Tensor = I.add(X.div(18));
    for (let k = 17; k >= 1; k--) acc = I.add(matmul(X, acc).div(k));
    for (let i = 0; i < s; i++) acc = matmul(acc, acc);
    return acc.dim() < A.dim() ? acc.expand([...A.shape]) : acc;
  },
);

/**
 * The product of a list of matrices, left to right; the first may be 1-D (a row vector) and the
 * last 1-D (a column vector), as in PyTorch.
 * @example torch.linalg.multiDot([a, b, c]) // fragment
 */
export const multiDot = defineOp(
  "linalg.multiDot",
  { family: "linalg" },
  function multiDot(tensors: readonly Tensor[]): Tensor {
    const op = "linalg.multiDot";
    if (!Array.isArray(tensors)) throw new TypeError(`[${op}] expected an array of Tensors: got ${typeof tensors}`);
    if (tensors.length < 2) throw new RangeError(`[${op}] expected at least 2 tensors but got ${tensors.length}`);
    tensors.forEach((t, i) => {
      checkTensor(op, t, `tensors[${i}]`);
      const ok = t.dim() === 2 || (t.dim() === 1 && (i === 0 || i === tensors.length - 1));
      if (!ok) {
        throw new RangeError(
          `[${op}] tensor ${i} must be 2D${i === 0 || i === tensors.length - 1 ? " or 1D" : ""} but got ${t.dim()}D`,
        );
      }
    });
    const first = tensors[0]!;
    const last = tensors[tensors.length - 1]!;
    let acc = first.dim() === 1 ? first.unsqueeze(0) : first;
    for (let i = 1; i < tensors.length; i++) {
      const t = tensors[i]!;
      acc = matmul(acc, i === tensors.length - 1 && t.dim() === 1 ? t.unsqueeze(-1) : t);
    }
    if (last.dim() === 1) acc = acc.squeeze(-1);
    if (first.dim() === 1) acc = acc.squeeze(0);
    return acc;
  },
);

/**
 * Dot product of `x` and `y` along `dim` (default the last), broadcasting the others.
 * @example torch.linalg.vecdot(torch.ones(2, 3), torch.ones(3)) // tensor([3., 3.])
 */
export const vecdot = defineOp(
  "linalg.vecdot",
  { family: "linalg", maxArgs: 3 },
  function vecdot(x: Tensor, y: Tensor, dim = -1): Tensor {
    const op = "linalg.vecdot";
    checkTensor(op, x, "x");
    checkTensor(op, y, "y");
    checkInt(op, "dim", dim, -Infinity);
    const shape = broadcastShapes(op, x.shape, y.shape);
    normalizeDim(op, dim, shape.length);
    return x.mul(y).sum(dim);
  },
);

function crossAt(op: string, a: Tensor, b: Tensor, dim: number): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const d = normalizeDim(op, dim, shape.length);
  const x = a.expand([...shape]);
  const y = b.expand([...shape]);
  const c = (t: Tensor, i: number): Tensor => t.narrow(d, i, 1);
  return cat(
    [
      c(x, 1)
        .mul(c(y, 2))
        .sub(c(x, 2).mul(c(y, 1))),
      c(x, 2)
        .mul(c(y, 0))
        .sub(c(x, 0).mul(c(y, 2))),
      c(x, 0)
        .mul(c(y, 1))
        .sub(c(x, 1).mul(c(y, 0))),
    ],
    d,
  );
}

/**
 * The cross product of 3-vectors along `dim` (default the last), broadcasting the others.
 * @example torch.linalg.cross(torch.tensor([1, 0, 0]), torch.tensor([0, 1, 0])) // tensor([0, 0, 1])
 */
export const linalgCross = defineOp(
  "linalg.cross",
  { family: "linalg", maxArgs: 3 },
  function cross(input: Tensor, other: Tensor, dim = -1): Tensor {
    const op = "linalg.cross";
    checkTensor(op, input, "input");
    checkTensor(op, other, "other");
    checkInt(op, "dim", dim, -Infinity);
    if (input.dim() !== other.dim()) {
      throw new RangeError(
        `[${op}] inputs must have the same number of dimensions: got ${input.dim()} and ${other.dim()}`,
      );
    }
    const shape = broadcastShapes(op, input.shape, other.shape);
    const d = normalizeDim(op, dim, shape.length);
    if (input.shape[d] !== 3 || other.shape[d] !== 3) {
      throw new RangeError(
        `[${op}] inputs dimension ${dim} must have length 3. Got ${input.shape[d]} and ${other.shape[d]}`,
      );
    }
    return crossAt(op, input, other, d);
  },
);

/**
 * `torch.cross(input, other, dim)` / `x.cross(other, dim)`: without `dim`, the first dim of size
 * 3 (PyTorch 1.13's default; prefer `linalg.cross`, which uses the last).
 * @example torch.cross(a, b, 1) // fragment
 */
export const cross = defineOp(
  "cross",
  { family: "linalg", mode: "method", maxArgs: 3 },
  function cross(input: Tensor, other: Tensor, dim: number | null = null): Tensor {
    const op = "cross";
    checkTensor(op, input, "input");
    checkTensor(op, other, "other");
    if (input.dim() !== other.dim()) {
      throw new RangeError(`[${op}] inconsistent tensors dimensions input: ${input.dim()} other: ${other.dim()}`);
    }
    const shape = broadcastShapes(op, input.shape, other.shape);
    let d: number;
    if (dim === null) {
      d = shape.findIndex((s) => s === 3);
      if (d < 0) throw new RangeError(`[${op}] no dimension of size 3 in input`);
    } else {
      checkInt(op, "dim", dim, -Infinity);
      d = normalizeDim(op, dim, shape.length);
      if (shape[d] !== 3) throw new RangeError(`[${op}] dimension ${dim} does not have size 3`);
    }
    return crossAt(op, input, other, d);
  },
);
