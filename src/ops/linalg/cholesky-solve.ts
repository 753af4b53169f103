/**
 * What a Cholesky factor gives without refactoring: `choleskyInverse` (A⁻¹ from L or U) and
 * `choleskySolve` (A·X = B from L or U). Forward values come from two triangular solves; the
 * backward formulas are PyTorch's (they treat the factor as a full matrix, as PyTorch does, so
 * the gradient of a factor is not masked to its triangle).
 */
import { checkBool } from "../../util/args.js";
import { broadcastShapes } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { record, sumToShape } from "../core.js";
import { matmul } from "../linalg.js";
import { defineOp } from "../registry.js";
import { LinAlgError, batchPrefix, checkMatrix, checkSquare, identity } from "./common.js";
import { solveTriangular } from "./decomp.js";

/** X with (F·Fᵀ)·X = B (lower F) or (Fᵀ·F)·X = B (upper F); no autograd. */
function solveRaw(F: Tensor, B: Tensor, upper: boolean): Tensor {
  const f = F.detach();
  const b = B.detach();
  // lower: F·Y = B, Fᵀ·X = Y; upper: Fᵀ·Y = B, F·X = Y
  const y = solveTriangular(upper ? f.mT : f, b, { upper: false });
  return solveTriangular(upper ? f : f.mT, y, { upper: true });
}

/** −(C + Cᵀ)-term of PyTorch's backward, on the factor's side. */
function factorGrad(F: Tensor, common: Tensor, upper: boolean): Tensor {
  return upper ? matmul(F, common).neg() : matmul(common, F).neg();
}

/**
 * The inverse of A = L·Lᵀ (or Uᵀ·U with `upper`) from its Cholesky factor, reading only the
 * factor's triangle; throws LinAlgError when the factor has a zero on its diagonal. Gradient PyTorch's: `−(A⁻¹(g + gᵀ)A⁻¹)·L` (or `−U·(…)`).
 * @example const A = torch.tensor([[4, 1, 0], [1, 3, 1], [0, 1, 2]], { dtype: "float64" }); torch.choleskyInverse(torch.linalg.cholesky(A)) // ≈ torch.linalg.inv(A)
 */
export const choleskyInverse = defineOp(
  "choleskyInverse",
  { family: "linalg", mode: "method", gradNames: ["CholeskyInverseBackward0"], maxArgs: 2 },
  function choleskyInverse(L: Tensor, upper = false): Tensor {
    const op = "cholesky_inverse";
    checkSquare(op, L);
    checkBool(op, "upper", upper);
    const n = L.shape[L.dim() - 1]!;
    // LAPACK's potri refuses a zero on the factor's diagonal (A singular)
    const diag = L.detach().diagonal(0, -2, -1).reshape([-1, n]).dataFloat();
    for (let i = 0; i < diag.length; i++) {
      if (diag[i] === 0) {
        throw new LinAlgError(
          `[${op}] ${batchPrefix(L.dim() > 2, Math.floor(i / n))}The diagonal element ${(i % n) + 1} is zero, the inversion could not be completed because the input matrix is singular.`,
        );
      }
    }
    const out = solveRaw(L, identity(n, L.dtype).expand([...L.shape]), upper);
    return record(
      "CholeskyInverseBackward0",
      out,
      [L],
      (g): Tensor[] => [factorGrad(L, matmul(out, matmul(g.add(g.mT), out)), upper)],
      [L],
    );
  },
);

/**
 * Solves A·X = B with A = L·Lᵀ (or Uᵀ·U with `upper`) given its Cholesky factor (`torch.choleskySolve(B, L)`,
 * `B.choleskySolve(L)`). Batch dims broadcast. Gradients as PyTorch's: gB = choleskySolve(g, L),
 * gL = −(gB·Xᵀ + X·gBᵀ)·L.
 * @example const A = torch.tensor([[4, 1, 0], [1, 3, 1], [0, 1, 2]], { dtype: "float64" }); const B = torch.ones(3, 2, { dtype: "float64" }); torch.choleskySolve(B, torch.linalg.cholesky(A)) // ≈ torch.linalg.solve(A, B)
 */
export const choleskySolve = defineOp(
  "choleskySolve",
  { family: "linalg", mode: "method", gradNames: ["CholeskySolveBackward0"], maxArgs: 3 },
  function choleskySolve(B: Tensor, L: Tensor, upper = false): Tensor {
    const op = "cholesky_solve";
    checkMatrix(op, B, "B");
    checkSquare(op, L);
    checkBool(op, "upper", upper);
    if (B.dtype !== L.dtype) {
      throw new TypeError(`[${op}] Expected b and A to have the same dtype: got ${B.dtype} and ${L.dtype}`);
    }
    const n = L.shape[L.dim() - 1]!;
    if (B.shape[B.dim() - 2] !== n) {
      throw new RangeError(
        `[${op}] Incompatible matrix sizes for cholesky_solve: each A matrix is ${n} by ${n} but each b matrix is ${B.shape.slice(-2).join(" by ")}`,
      );
    }
    const batch = broadcastShapes(op, B.shape.slice(0, -2), L.shape.slice(0, -2));
    const k = B.shape[B.dim() - 1]!;
    const X = solveRaw(L.expand([...batch, n, n]), B.expand([...batch, n, k]), upper);
    return record(
      "CholeskySolveBackward0",
      X,
      [B, L],
      (g): Tensor[] => {
        const gB = choleskySolve(g, L, upper);
        const c = matmul(gB, X.mT);
        return [sumToShape(gB, B.shape), sumToShape(factorGrad(L, c.add(c.mT), upper), L.shape)];
      },
      [B, L],
    );
  },
);
