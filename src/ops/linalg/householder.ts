/**
 * LAPACK's compact Householder representation of QR: `geqrf` (R on and above the diagonal, the
 * reflectors' vectors below it, their scalars in `tau`), `linalg.householderProduct` / `orgqr`
 * (the first n columns of Q = H₁···H_k) and `ormqr` (C times Q or Qᵀ without forming Q). Each
 * reflector is H_i = I − τ_i·v_i·v_iᵀ with v_i = [0…0, 1, A[i+1:, i]]. The products are written
 * with tensor ops (one rank-1 update per reflector), so they are differentiable.
 */
import { checkBool } from "../../util/args.js";
import { formatShape } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { matmul } from "../linalg.js";
import { defineOp } from "../registry.js";
import { checkMatrix, checkTensor, fromF64, matsOf } from "./common.js";

/**
 * Householder QR of the m×n matrix `a` in place, as LAPACK's dgeqr2 (dlarfg's reflectors:
 * β = −sign(α)·‖(α, x)‖, τ = (β − α)/β, v = x/(α − β); τ = 0 when x = 0).
 */
function geqr2(a: Float64Array, m: number, n: number, tau: Float64Array): void {
  const k = Math.min(m, n);
  for (let j = 0; j < k; j++) {
    let norm2 = 0;
    for (let i = j + 1; i < m; i++) norm2 += a[i * n + j]! * a[i * n + j]!;
    const alpha = a[j * n + j]!;
    if (norm2 === 0) {
      tau[j] = 0;
      continue;
    }
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, Math.sqrt(norm2));
    const t = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) a[i * n + j] = a[i * n + j]! * scale;
    tau[j] = t;
    a[j * n + j] = beta;
    // the trailing columns: A ← (I − τ·v·vᵀ)·A, v = [1, a[j+1:, j]]
    for (let c = j + 1; c < n; c++) {
      let s = a[j * n + c]!;
      for (let i = j + 1; i < m; i++) s += a[i * n + j]! * a[i * n + c]!;
      s *= t;
      a[j * n + c] = a[j * n + c]! - s;
      for (let i = j + 1; i < m; i++) a[i * n + c] = a[i * n + c]! - s * a[i * n + j]!;
    }
  }
}

/**
 * QR in LAPACK's compact form: `[a, tau]`, a holding R on and above the diagonal and the
 * Householder vectors (unit leading entry implied) below it; tau `[..., min(m, n)]`. Values match
 * LAPACK's (and so PyTorch's) dgeqrf. Not differentiable, as in PyTorch.
 * @example const A = torch.tensor([[4, 1, 0], [1, 3, 1], [0, 1, 2]], { dtype: "float64" }); const [a, tau] = torch.geqrf(A); torch.linalg.householderProduct(a, tau) // Q of A's QR
 */
export const geqrf = defineOp("geqrf", { family: "linalg", mode: "method" }, function geqrf(A: Tensor): [
  Tensor,
  Tensor,
] {
  checkMatrix("geqrf", A, "input");
  const { data, batch, m, n, count } = matsOf(A);
  const k = Math.min(m, n);
  const tau = new Float64Array(count * k);
  for (let b = 0; b < count; b++)
    geqr2(data.subarray(b * m * n, (b + 1) * m * n), m, n, tau.subarray(b * k, (b + 1) * k));
  return [fromF64(data, A.shape, A.dtype), fromF64(tau, [...batch, k], A.dtype)];
});

/** Unit-lower reflector vectors of `A` [..., m, c] as a tensor (differentiable in A). */
function reflectors(A: Tensor): Tensor {
  const m = A.shape[A.dim() - 2]!;
  const c = A.shape[A.dim() - 1]!;
  const eye = new Float64Array(m * c);
  for (let i = 0; i < Math.min(m, c); i++) eye[i * c + i] = 1;
  return A.tril(-1).add(fromF64(eye, [m, c], A.dtype).to(A.device)); // the unit diagonal, on A's device
}

/** The shared checks of householderProduct/orgqr/ormqr on (input, tau). */
function checkPair(op: string, A: unknown, tau: unknown): asserts A is Tensor {
  checkMatrix(op, A, "input");
  checkTensor(op, tau, "tau");
  if (tau.dim() !== A.dim() - 1) {
    throw new RangeError(
      `[${op}] Expected tau to have one dimension less than input: got tau.ndim ${tau.dim()} and input.ndim ${A.dim()}`,
    );
  }
  const batch = A.shape.slice(0, -2);
  if (batch.some((s, i) => s !== tau.shape[i])) {
    throw new RangeError(
      `[${op}] Expected batch dimensions of tau to be equal to input.shape[:-2]: got tau ${formatShape(tau.shape)}, input ${formatShape(A.shape)}`,
    );
  }
  if (tau.dtype !== A.dtype) {
    throw new TypeError(`[${op}] tau dtype ${tau.dtype} does not match input dtype ${A.dtype}`);
  }
}

/** First n columns of H₁···H_k (composite). */
function product(A: Tensor, tau: Tensor): Tensor {
  const m = A.shape[A.dim() - 2]!;
  const n = A.shape[A.dim() - 1]!;
  const k = tau.shape[tau.dim() - 1]!;
  const V = reflectors(A);
  const eye = new Float64Array(m * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  let Q = fromF64(eye, [m, n], A.dtype)
    .to(A.device)
    .expand([...A.shape]);
  for (let i = k - 1; i >= 0; i--) {
    const v = V.narrow(-1, i, 1);
    const t = tau.narrow(-1, i, 1).unsqueeze(-1);
    Q = Q.sub(v.mul(t).matmul(matmul(v.mT, Q)));
  }
  return Q;
}

/**
 * The first n columns of the product of Householder reflectors H₁···H_k given as `geqrf` stores
 * them (A [..., m, n] with m ≥ n ≥ k, tau [..., k]): the Q of a QR. Differentiable in A and tau.
 * @example const A = torch.tensor([[4, 1, 0], [1, 3, 1], [0, 1, 2]], { dtype: "float64" }); const [a, tau] = torch.geqrf(A); const Q = torch.linalg.householderProduct(a, tau)
 */
export const householderProduct = defineOp(
  "linalg.householderProduct",
  { family: "linalg", gradNames: ["LinalgHouseholderProductBackward0"] },
  function householderProduct(A: Tensor, tau: Tensor): Tensor {
    return checkedProduct("linalg.householder_product", A, tau);
  },
);

function checkedProduct(op: string, A: Tensor, tau: Tensor): Tensor {
  checkPair(op, A, tau);
  const m = A.shape[A.dim() - 2]!;
  const n = A.shape[A.dim() - 1]!;
  if (m < n) {
    throw new RangeError(`[${op}] input.shape[-2] must be greater than or equal to input.shape[-1]: got ${m} < ${n}`);
  }
  const k = tau.shape[tau.dim() - 1]!;
  if (n < k) {
    throw new RangeError(`[${op}] input.shape[-1] must be greater than or equal to tau.shape[-1]: got ${n} < ${k}`);
  }
  return product(A, tau);
}

/**
 * `torch.orgqr(input, tau)` / `x.orgqr(tau)`: the older spelling of `linalg.householderProduct`.
 * @example const A = torch.tensor([[4, 1, 0], [1, 3, 1], [0, 1, 2]], { dtype: "float64" }); const [a, tau] = A.geqrf(); a.orgqr(tau) // Q
 */
export const orgqr = defineOp(
  "orgqr",
  { family: "linalg", mode: "method", gradNames: ["LinalgHouseholderProductBackward0"] },
  function orgqr(A: Tensor, tau: Tensor): Tensor {
    return checkedProduct("orgqr", A, tau);
  },
);

/**
 * Multiplies `other` (C) by the m×m Q = H₁···H_k of `geqrf`'s compact form, without forming Q:
 * Q·C (default), Qᵀ·C (`transpose`), C·Q (`left = false`) or C·Qᵀ. input [..., m, n], tau
 * [..., k] with k ≤ min(m, n) reflectors; C's rows (left) or columns (right) number m; batch dims
 * must be equal. PyTorch 1.13 does not differentiate ormqr; here it is differentiable.
 * @example const A = torch.tensor([[4, 1, 0], [1, 3, 1], [0, 1, 2]], { dtype: "float64" }); const C = torch.eye(3, { dtype: "float64" }); const [a, tau] = torch.geqrf(A); torch.ormqr(a, tau, C, true, true) // Qᵀ·C
 */
export const ormqr = defineOp(
  "ormqr",
  { family: "linalg", mode: "method", maxArgs: 5 },
  function ormqr(A: Tensor, tau: Tensor, other: Tensor, left = true, transpose = false): Tensor {
    const op = "ormqr";
    checkPair(op, A, tau);
    checkMatrix(op, other, "other");
    checkBool(op, "left", left);
    checkBool(op, "transpose", transpose);
    if (other.dim() !== A.dim() || A.shape.slice(0, -2).some((s, i) => s !== other.shape[i])) {
      throw new RangeError(
        `[${op}] Expected batch dimensions of other to be equal to input.shape[:-2]: got other ${formatShape(other.shape)}, input ${formatShape(A.shape)}`,
      );
    }
    if (other.dtype !== A.dtype) {
      throw new TypeError(`[${op}] other dtype ${other.dtype} does not match input dtype ${A.dtype}`);
    }
    const m = A.shape[A.dim() - 2]!;
    const k = tau.shape[tau.dim() - 1]!;
    if (k > Math.min(m, A.shape[A.dim() - 1]!)) {
      throw new RangeError(
        `[${op}] tau.shape[-1] must be less than or equal to min(input.shape[-2], input.shape[-1]): got ${k}`,
      );
    }
    const side = left ? other.shape[other.dim() - 2]! : other.shape[other.dim() - 1]!;
    if (side !== m) {
      throw new RangeError(
        `[${op}] other.shape[${left ? -2 : -1}] must be equal to input.shape[-2]: got ${side} and ${m}`,
      );
    }
    const V = reflectors(A);
    // Q·C applies H_k first; Qᵀ·C and C·Q apply H₁ first; C·Qᵀ applies H_k first.
    const forward = left === transpose;
    let C = other;
    for (let s = 0; s < k; s++) {
      const i = forward ? s : k - 1 - s;
      const v = V.narrow(-1, i, 1);
      const t = tau.narrow(-1, i, 1).unsqueeze(-1);
      C = left ? C.sub(v.mul(t).matmul(matmul(v.mT, C))) : C.sub(matmul(C, v).matmul(v.mT.mul(t)));
    }
    return C;
  },
);
