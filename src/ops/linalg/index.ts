/**
 * The `torch.linalg` namespace (PyTorch 1.13's names in camelCase) on float32/float64 tensors with
 * leading batch dims and gradients. Forward values come from float64 reference kernels
 * (`kernels.ts`: partial-pivot LU, Cholesky, Householder QR, Jacobi eigh and one-sided Jacobi
 * SVD); backward formulas are PyTorch's, written with tensor ops.
 */
export { matmul } from "../linalg.js";
export { LinAlgError } from "./common.js";
export {
  det,
  slogdet,
  inverse as inv,
  solve,
  solveTriangular,
  linalgCholesky as cholesky,
  luFactor,
  luSolve,
  type SolveOptions,
  type SolveTriangularOptions,
  type CholeskyOptions,
  type LuSolveOptions,
} from "./decomp.js";
export {
  linalgQr as qr,
  eigh,
  eigvalsh,
  linalgSvd as svd,
  svdvals,
  pinv,
  lstsq,
  matrixRank,
  type QrOptions,
  type EighOptions,
  type SvdOptions,
  type RankTolOptions,
} from "./spectral.js";
export {
  linalgNorm as norm,
  vectorNorm,
  matrixNorm,
  cond,
  matrixPower,
  matrixExp,
  multiDot,
  vecdot,
  linalgCross as cross,
  type MatrixOrd,
} from "./norms.js";
export {
  linalgDiagonal as diagonal,
  vander,
  tensorinv,
  tensorsolve,
  type LinalgDiagonalOptions,
  type VanderOptions,
} from "./structure.js";
export { lu, ldlFactor, ldlSolve, type LuOptions, type LdlOptions } from "./lu-ldl.js";
export { householderProduct } from "./householder.js";
