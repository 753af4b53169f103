/**
 * The registry ops that do not run on webgpu, each with why: the op-spec table on webgpu
 * (test/backend/webgpu/spec-table.test.ts) requires that every op raising a webgpu gap error
 * is listed here and that every op listed still raises one; `npm run coverage` prints the table
 * with each op's status. Calling one of these with webgpu tensors raises a clear error naming
 * the op (never a silent CPU fallback); the way out is always `await t.toAsync("cpu")`.
 */

const SIZE_FROM_VALUES =
  "its output's size depends on the values, so the op must read GPU memory before it can allocate the result: a synchronous read, which WebGPU does not have (PyTorch's CUDA blocks there)";
const HOST_FACTORISATION =
  "a pivoting factorisation run as a sequential host algorithm (LAPACK's unblocked forms): PyTorch's CUDA hands these to cuSOLVER/MAGMA, and WebGPU has no such library — a WGSL port of blocked LAPACK is a project of its own, so on webgpu the op raises instead of reading the matrix back";
const JS_VALUE =
  "returns a JS boolean, which needs a synchronous read: on webgpu use await torch.isclose(a, b).all().itemAsync() (or .eq(…).all())";
const CPU_GENERATOR =
  "draws from the seeded CPU generator (PyTorch's CPU stream) with per-element parameters, which would have to be read back first";
const FLOAT64 = "works in float64 for its accuracy, which WebGPU does not have";

/** Op name → why it does not run on webgpu. */
export const WEBGPU_OP_GAPS: Readonly<Record<string, string>> = {
  nonzero: SIZE_FROM_VALUES,
  nonzeroTuple: SIZE_FROM_VALUES,
  argwhere: SIZE_FROM_VALUES,
  maskedSelect: SIZE_FROM_VALUES,
  unique: SIZE_FROM_VALUES,
  uniqueConsecutive: `${SIZE_FROM_VALUES} (the number of runs)`,
  index: `${SIZE_FROM_VALUES} (only a boolean mask held on the device: its count of true elements; integer indices and CPU masks run)`,
  bincount: `${SIZE_FROM_VALUES} (its length is max(input) + 1)`,
  histc: `${SIZE_FROM_VALUES} (it selects the values inside the range with maskedSelect)`,
  allclose: JS_VALUE,
  equal: JS_VALUE,
  poisson: CPU_GENERATOR,
  binomial: CPU_GENERATOR,
  multinomial: CPU_GENERATOR,
  floatPower: "computes in float64 by definition (PyTorch's float_power returns float64), which WebGPU does not have",
  logdet: HOST_FACTORISATION,
  cholesky: HOST_FACTORISATION,
  qr: HOST_FACTORISATION,
  svd: HOST_FACTORISATION,
  pinverse: HOST_FACTORISATION,
  pcaLowrank: `${HOST_FACTORISATION} (it runs svdLowrank)`,
  lobpcg: `${FLOAT64} (and its Rayleigh–Ritz step calls linalg.eigh, a host factorisation)`,
  to: "int64 tensors on webgpu hold 32-bit values: moving an int64 tensor with values beyond ±2^31 there raises (WGSL has no 64-bit integers)",
  det: HOST_FACTORISATION,
  slogdet: HOST_FACTORISATION,
  inverse: HOST_FACTORISATION,
  geqrf: HOST_FACTORISATION,
  luUnpack: HOST_FACTORISATION,
  matrixExp: `${HOST_FACTORISATION} (it solves with an LU factorisation)`,
  "linalg.cond": HOST_FACTORISATION,
  "linalg.cholesky": HOST_FACTORISATION,
  choleskyInverse: HOST_FACTORISATION,
  choleskySolve: HOST_FACTORISATION,
  svdLowrank: `${HOST_FACTORISATION} (its random projection runs on the device, then linalg.qr and linalg.svd)`,
  "linalg.eigh": HOST_FACTORISATION,
  "linalg.eigvalsh": HOST_FACTORISATION,
  "linalg.ldlFactor": HOST_FACTORISATION,
  "linalg.ldlSolve": HOST_FACTORISATION,
  "linalg.lstsq": HOST_FACTORISATION,
  "linalg.lu": HOST_FACTORISATION,
  "linalg.luFactor": HOST_FACTORISATION,
  "linalg.luSolve": HOST_FACTORISATION,
  "linalg.matrixRank": HOST_FACTORISATION,
  "linalg.pinv": HOST_FACTORISATION,
  "linalg.qr": HOST_FACTORISATION,
  "linalg.solve": HOST_FACTORISATION,
  "linalg.solveTriangular": HOST_FACTORISATION,
  "linalg.svd": HOST_FACTORISATION,
  "linalg.svdvals": HOST_FACTORISATION,
  "linalg.tensorinv": HOST_FACTORISATION,
  "linalg.tensorsolve": HOST_FACTORISATION,
};
