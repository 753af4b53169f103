/**
 * Bad-input table for the torch.linalg additions of issue 24: linalg.diagonal/vander/tensorinv/
 * tensorsolve/lu/ldlFactor/ldlSolve/householderProduct, luUnpack, geqrf/orgqr/ormqr,
 * choleskyInverse/choleskySolve, svdLowrank/pcaLowrank/lobpcg. Each row calls the API wrongly and
 * asserts the error class and the `[op]` message (PyTorch's wording where it has one).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { bad, exactTable, type Row } from "./table.js";

const L: any = torch.linalg;
const T: any = torch;
const f64 = { dtype: "float64" as const };
const eye3 = torch.eye(3, f64);
const SING = torch.tensor(
  [
    [1, 2],
    [2, 4],
  ],
  f64,
);
const ZERO = torch.zeros([3, 3], f64);
const LinAlgError = torch.linalg.LinAlgError;

const STRUCTURE: Row[] = [
  [
    "linalg.diagonal 1-D",
    () => L.diagonal(torch.ones([3])),
    RangeError,
    "[linalg.diagonal] A must have at least 2 dimensions: got 1-D",
  ],
  [
    "linalg.diagonal python keyword",
    () => L.diagonal(eye3, { dim_1: 0 }),
    TypeError,
    /^\[linalg\.diagonal\] unknown option "dim_1": did you mean "dim1"\?$/,
  ],
  [
    "linalg.diagonal non-integer offset",
    () => L.diagonal(eye3, { offset: 0.5 }),
    TypeError,
    "[linalg.diagonal] offset must be an integer: got 0.5",
  ],
  [
    "linalg.diagonal not a tensor",
    () => L.diagonal([[1]]),
    TypeError,
    /^\[linalg\.diagonal\] expected A to be a Tensor/,
  ],
  [
    "linalg.vander 0-D",
    () => L.vander(torch.tensor(1)),
    RangeError,
    "[linalg.vander] x must have at least one dimension: got a 0-D tensor",
  ],
  [
    "linalg.vander N = 1",
    () => L.vander(torch.ones([3]), { N: 1 }),
    RangeError,
    "[linalg.vander] N must be greater than 1: got 1",
  ],
  [
    "linalg.vander bool",
    () => L.vander(torch.ones([3], { dtype: "bool" })),
    TypeError,
    "[linalg.vander] expected x of a numeric dtype: got torch.bool",
  ],
  [
    "linalg.tensorinv ind 0",
    () => L.tensorinv(eye3, 0),
    RangeError,
    "[linalg.tensorinv] Expected a strictly positive integer for 'ind': got 0",
  ],
  [
    "linalg.tensorinv shape",
    () => L.tensorinv(torch.ones([4, 3]), 1),
    RangeError,
    "[linalg.tensorinv] Expected A to satisfy the requirement prod(A.shape[ind:]) == prod(A.shape[:ind]): got 3 != 4 (shape [4,3], ind 1)",
  ],
  [
    "linalg.tensorinv singular",
    () => L.tensorinv(SING, 1),
    LinAlgError,
    "[linalg.tensorinv] The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.",
  ],
  [
    "linalg.tensorinv integer",
    () => L.tensorinv(torch.ones([2, 2], { dtype: "int64" }), 1),
    TypeError,
    /^\[linalg\.tensorinv\] Expected a floating point tensor as input: got Long/,
  ],
  [
    "linalg.tensorsolve shape",
    () => L.tensorsolve(torch.ones([2, 3, 6]), torch.ones([5])),
    RangeError,
    "[linalg.tensorsolve] Expected A to satisfy the requirement prod(A.shape[B.ndim:]) == prod(A.shape[:B.ndim]): got 18 != 5 (A [2,3,6], B [5])",
  ],
  [
    "linalg.tensorsolve A not square as a matrix",
    () => L.tensorsolve(torch.ones([3, 2, 6]), torch.ones([12])),
    RangeError,
    "[linalg.tensorsolve] Expected A to satisfy the requirement prod(A.shape[B.ndim:]) == prod(A.shape[:B.ndim]): got 12 != 3 (A [3,2,6], B [12])",
  ],
  [
    "linalg.tensorsolve repeated dims",
    () => L.tensorsolve(torch.ones([2, 3, 6]), torch.ones([6]), [0, -3]),
    RangeError,
    "[linalg.tensorsolve] dims must not repeat a dim: got [0, -3]",
  ],
  [
    "linalg.tensorsolve dims not an array",
    () => L.tensorsolve(eye3, torch.ones([3], f64), bad(1)),
    TypeError,
    "[linalg.tensorsolve] expected dims to be an array of ints or null: got number",
  ],
  [
    "linalg.tensorsolve singular",
    () => L.tensorsolve(SING, torch.ones([2], f64)),
    LinAlgError,
    "[linalg.tensorsolve] The solver failed because the input matrix is singular.",
  ],
];

const LU_LDL: Row[] = [
  [
    "linalg.lu 1-D",
    () => L.lu(torch.ones([3])),
    RangeError,
    "[linalg.lu] The input tensor A must have at least 2 dimensions: got 1-D",
  ],
  [
    "linalg.lu integer",
    () => L.lu(torch.ones([3, 3], { dtype: "int64" })),
    TypeError,
    /^\[linalg\.lu\] Expected a floating point tensor as input: got Long/,
  ],
  [
    "linalg.lu pivot not boolean",
    () => L.lu(eye3, { pivot: 1 }),
    TypeError,
    "[linalg.lu] pivot must be a boolean: got 1",
  ],
  [
    "linalg.lu unknown option",
    () => L.lu(eye3, { pivoting: false }),
    TypeError,
    '[linalg.lu] unknown option "pivoting": expected one of "pivot"',
  ],
  [
    "luUnpack int64 pivots",
    () => T.luUnpack(eye3, torch.ones([3], { dtype: "int64" })),
    TypeError,
    "[lu_unpack] LU_pivots is expected to be a tensor of dtype int32: got int64",
  ],
  [
    "luUnpack pivots shape",
    () => T.luUnpack(eye3, torch.ones([2], { dtype: "int32" })),
    RangeError,
    "[lu_unpack] LU_pivots must have shape [3] for LU_data of shape [3,3]: got [2]",
  ],
  [
    "luUnpack pivot out of range",
    () => T.luUnpack(eye3, torch.tensor([1, 4, 3], { dtype: "int32" })),
    RangeError,
    "[lu_unpack] LU_pivots' entries must be in [1, 3]: got 4",
  ],
  [
    "luUnpack unpackData not boolean",
    () => T.luUnpack(eye3, torch.ones([3], { dtype: "int32" }), bad("yes")),
    TypeError,
    '[lu_unpack] unpack_data must be a boolean: got "yes"',
  ],
  [
    "linalg.ldlFactor not square",
    () => L.ldlFactor(torch.ones([3, 4])),
    RangeError,
    "[linalg.ldl_factor] A must be batches of square matrices, but they are 3 by 4 matrices",
  ],
  [
    "linalg.ldlFactor singular D",
    () => L.ldlFactor(ZERO),
    LinAlgError,
    "[linalg.ldl_factor] The factorization could not be completed because the block diagonal matrix D is singular: D[0, 0] is exactly zero",
  ],
  [
    "linalg.ldlFactor batched singular D",
    () => L.ldlFactor(torch.stack([eye3, ZERO])),
    LinAlgError,
    /^\[linalg\.ldl_factor\] \(Batch element 1\): The factorization could not be completed/,
  ],
  [
    "linalg.ldlFactor hermitian not boolean",
    () => L.ldlFactor(eye3, { hermitian: "yes" }),
    TypeError,
    '[linalg.ldl_factor] hermitian must be a boolean: got "yes"',
  ],
  [
    "linalg.ldlSolve float pivots",
    () => L.ldlSolve(eye3, torch.ones([3]), torch.ones([3, 1], f64)),
    TypeError,
    "[linalg.ldl_solve] Expected pivots to be integers (int32 or int64): got torch.float32",
  ],
  [
    "linalg.ldlSolve B rows",
    () => L.ldlSolve(eye3, torch.ones([3], { dtype: "int32" }), torch.ones([2, 1], f64)),
    RangeError,
    "[linalg.ldl_solve] Incompatible matrix sizes: each A matrix is 3 by 3 but each b matrix is 2 by 1",
  ],
  [
    "linalg.ldlSolve pivots shape",
    () => L.ldlSolve(eye3, torch.ones([2], { dtype: "int32" }), torch.ones([3, 1], f64)),
    RangeError,
    "[linalg.ldl_solve] Expected LD.shape[:-1] and pivots.shape to be the same: got pivots with shape [2], LD [3,3]",
  ],
  [
    "linalg.ldlSolve dtype mismatch",
    () => L.ldlSolve(eye3, torch.ones([3], { dtype: "int32" }), torch.ones([3, 1])),
    TypeError,
    "[linalg.ldl_solve] Expected LD and B to have the same dtype: got float64 and float32",
  ],
  [
    "linalg.ldlSolve pivot 0",
    () => L.ldlSolve(eye3, torch.zeros([3], { dtype: "int32" }), torch.ones([3, 1], f64)),
    RangeError,
    "[linalg.ldl_solve] pivots' entries must be in ±[1, 3]: got 0",
  ],
];

const a43 = torch.randn([4, 3], f64);
const tau3 = torch.ones([3], f64);
const HOUSEHOLDER: Row[] = [
  [
    "geqrf 1-D",
    () => T.geqrf(torch.ones([3])),
    RangeError,
    "[geqrf] The input tensor input must have at least 2 dimensions: got 1-D",
  ],
  [
    "geqrf integer",
    () => T.geqrf(torch.ones([3, 3], { dtype: "int32" })),
    TypeError,
    /^\[geqrf\] Expected a floating point tensor as input: got Int/,
  ],
  [
    "householderProduct wide",
    () => L.householderProduct(a43.mT, tau3),
    RangeError,
    "[linalg.householder_product] input.shape[-2] must be greater than or equal to input.shape[-1]: got 3 < 4",
  ],
  [
    "householderProduct too many reflectors",
    () => L.householderProduct(a43, torch.ones([4], f64)),
    RangeError,
    "[linalg.householder_product] input.shape[-1] must be greater than or equal to tau.shape[-1]: got 3 < 4",
  ],
  [
    "householderProduct tau ndim",
    () => L.householderProduct(a43, torch.ones([2, 3], f64)),
    RangeError,
    "[linalg.householder_product] Expected tau to have one dimension less than input: got tau.ndim 2 and input.ndim 2",
  ],
  [
    "householderProduct tau dtype",
    () => L.householderProduct(a43, torch.ones([3])),
    TypeError,
    "[linalg.householder_product] tau dtype float32 does not match input dtype float64",
  ],
  [
    "orgqr batch mismatch",
    () => T.orgqr(torch.ones([2, 4, 3], f64), torch.ones([3, 3], f64)),
    RangeError,
    "[orgqr] Expected batch dimensions of tau to be equal to input.shape[:-2]: got tau [3,3], input [2,4,3]",
  ],
  [
    "ormqr other rows",
    () => T.ormqr(a43, tau3, torch.ones([3, 2], f64)),
    RangeError,
    "[ormqr] other.shape[-2] must be equal to input.shape[-2]: got 3 and 4",
  ],
  [
    "ormqr right other columns",
    () => T.ormqr(a43, tau3, torch.ones([2, 3], f64), false),
    RangeError,
    "[ormqr] other.shape[-1] must be equal to input.shape[-2]: got 3 and 4",
  ],
  [
    "ormqr too many reflectors",
    () => T.ormqr(torch.ones([4, 2], f64), tau3, torch.ones([4, 2], f64)),
    RangeError,
    "[ormqr] tau.shape[-1] must be less than or equal to min(input.shape[-2], input.shape[-1]): got 3",
  ],
  [
    "ormqr transpose not boolean",
    () => T.ormqr(a43, tau3, torch.ones([4, 2], f64), true, bad(1)),
    TypeError,
    "[ormqr] transpose must be a boolean: got 1",
  ],
  [
    "ormqr other dtype",
    () => T.ormqr(a43, tau3, torch.ones([4, 2])),
    TypeError,
    "[ormqr] other dtype float32 does not match input dtype float64",
  ],
];

const CHOLESKY: Row[] = [
  [
    "choleskyInverse not square",
    () => T.choleskyInverse(torch.ones([3, 4])),
    RangeError,
    "[cholesky_inverse] A must be batches of square matrices, but they are 3 by 4 matrices",
  ],
  [
    "choleskyInverse zero on the diagonal",
    () =>
      T.choleskyInverse(
        torch.tensor(
          [
            [1, 0],
            [2, 0],
          ],
          f64,
        ),
      ),
    LinAlgError,
    "[cholesky_inverse] The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.",
  ],
  [
    "choleskyInverse upper not boolean",
    () => T.choleskyInverse(eye3, bad("U")),
    TypeError,
    '[cholesky_inverse] upper must be a boolean: got "U"',
  ],
  [
    "choleskySolve sizes",
    () => T.choleskySolve(torch.ones([3, 2], f64), torch.eye(4, f64)),
    RangeError,
    "[cholesky_solve] Incompatible matrix sizes for cholesky_solve: each A matrix is 4 by 4 but each b matrix is 3 by 2",
  ],
  [
    "choleskySolve dtype",
    () => T.choleskySolve(torch.ones([3, 2]), eye3),
    TypeError,
    "[cholesky_solve] Expected b and A to have the same dtype: got float32 and float64",
  ],
  [
    "choleskySolve B 1-D",
    () => T.choleskySolve(torch.ones([3], f64), eye3),
    RangeError,
    "[cholesky_solve] The input tensor B must have at least 2 dimensions: got 1-D",
  ],
];

const RANDOMISED: Row[] = [
  [
    "svdLowrank q too large",
    () => T.svdLowrank(torch.ones([4, 3]), 5),
    RangeError,
    "[svd_lowrank] q(=5) must be a positive integer not greater than min(m, n)=3",
  ],
  [
    "svdLowrank negative niter",
    () => T.svdLowrank(torch.ones([4, 3]), 2, -1),
    RangeError,
    "[svd_lowrank] niter(=-1) must be non-negative integer",
  ],
  [
    "svdLowrank M dtype",
    () => T.svdLowrank(torch.ones([4, 3]), 2, 2, torch.ones([1, 3], f64)),
    TypeError,
    "[svd_lowrank] Expected M of dtype float32: got float64",
  ],
  [
    "pcaLowrank q too large",
    () => T.pcaLowrank(torch.ones([4, 3]), 4),
    RangeError,
    "[pca_lowrank] q(=4) must be a positive integer not greater than min(m, n)=3",
  ],
  [
    "pcaLowrank center not boolean",
    () => T.pcaLowrank(torch.ones([4, 3]), null, bad(1)),
    TypeError,
    "[pca_lowrank] center must be a boolean: got 1",
  ],
  [
    "lobpcg too few rows",
    () => T.lobpcg(torch.eye(5), { k: 2 }),
    RangeError,
    "[lobpcg] LPBPCG algorithm is not applicable when the number of A rows (=5) is smaller than 3 x the number of requested eigenpairs (=2)",
  ],
  ["lobpcg n < k", () => T.lobpcg(torch.eye(9), { k: 2, n: 1 }), RangeError, "[lobpcg] n (=1) must be >= k (=2)"],
  [
    "lobpcg X rows",
    () => T.lobpcg(torch.eye(9), { X: torch.ones([8, 2]) }),
    RangeError,
    "[lobpcg] X must have 9 rows (A is 9x9): got [8,2]",
  ],
  [
    "lobpcg B size",
    () => T.lobpcg(torch.eye(9), { B: torch.eye(8) }),
    RangeError,
    "[lobpcg] B must be 9x9 like A: got [8,8]",
  ],
  [
    "lobpcg PyTorch-only option",
    () => T.lobpcg(torch.eye(9), { method: "ortho" }),
    TypeError,
    /^\[lobpcg\] unknown option "method"/,
  ],
  ["lobpcg tol 0", () => T.lobpcg(torch.eye(9), { tol: 0 }), RangeError, "[lobpcg] tol must be > 0: got 0"],
  [
    "lobpcg not square",
    () => T.lobpcg(torch.ones([9, 8])),
    RangeError,
    /^\[lobpcg\] A must be batches of square matrices/,
  ],
];

describe("linalg additions: structure ops", () => exactTable(STRUCTURE));
describe("linalg additions: lu, luUnpack, ldl", () => exactTable(LU_LDL));
describe("linalg additions: geqrf, householderProduct, orgqr, ormqr", () => exactTable(HOUSEHOLDER));
describe("linalg additions: choleskyInverse, choleskySolve", () => exactTable(CHOLESKY));
describe("linalg additions: svdLowrank, pcaLowrank, lobpcg", () => exactTable(RANDOMISED));
