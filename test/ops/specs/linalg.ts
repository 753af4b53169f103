/**
 * Op-spec rows for matrix products, tril/triu, diagonal and trace. `args.t` lists inputs the op
 * receives transposed (`x.mT`), so kernels see transposed strides.
 */
import * as torch from "../../../src/index.js";
import type { Tensor } from "../../../src/index.js";
import type { Args, ErrorRow, OpRow } from "./types.js";

const T = (xs: Tensor[], a: Args): Tensor[] => xs.map((x, i) => (a?.t?.includes(i) ? x.mT : x));

function product(op: string, f: (a: Tensor, b: Tensor) => Tensor): OpRow {
  return {
    op,
    grad: [0, 1],
    fn: (xs, a) => {
      const [x, y] = T(xs, a);
      return f(x!, y!);
    },
  };
}

export const rows: OpRow[] = [
  product("matmul", torch.matmul),
  product("mm", torch.mm),
  product("bmm", torch.bmm),
  product("mv", torch.mv),
  product("dot", torch.dot),
  product("outer", torch.outer),
  {
    op: "addmm",
    grad: [0, 1, 2],
    fn: (xs, a) => {
      const [i, m1, m2] = T(xs, a);
      return torch.addmm(i!, m1!, m2!, { beta: a.beta, alpha: a.alpha });
    },
  },
  { op: "tril", grad: [0], fn: (xs, a) => torch.tril(T(xs, a)[0]!, a.diagonal) },
  { op: "triu", grad: [0], fn: (xs, a) => torch.triu(T(xs, a)[0]!, a.diagonal) },
  { op: "diagonal", grad: [0], fn: ([x], a) => torch.diagonal(x!, a.offset, a.dim1, a.dim2) },
  { op: "trace", grad: [0], fn: ([x]) => torch.trace(x!) },
];

const r = (name: string, run: () => unknown, match: RegExp): ErrorRow => ({ name, run, match });
const z = (...s: number[]) => torch.zeros(s);

export const errors: ErrorRow[] = [
  r(
    "matmul shape mismatch",
    () => torch.matmul(z(2, 3), z(4, 5)),
    /^\[matmul\] shapes \[2,3\] and \[4,5\] cannot be multiplied \(3 != 4\)$/,
  ),
  r(
    "matmul 1-D mismatch",
    () => torch.matmul(z(3), z(4)),
    /^\[matmul\] shapes \[3\] and \[4\] cannot be multiplied \(3 != 4\)$/,
  ),
  r(
    "matmul batch mismatch",
    () => torch.matmul(z(2, 2, 3), z(3, 3, 4)),
    /^\[matmul\] shapes \[2\] and \[3\] cannot broadcast/,
  ),
  r(
    "matmul 0-d",
    () => torch.matmul(torch.tensor(1.5), z(3)),
    /^\[matmul\] both arguments to matmul need to be at least 1D, but they are 0D and 1D/,
  ),
  r(
    "matmul dtype mismatch",
    () => torch.matmul(z(2, 3), torch.zeros([3, 4], { dtype: "float64" })),
    /^\[matmul\] expected both operands to have the same dtype: got float32 and float64/,
  ),
  r(
    "matmul bool",
    () => torch.matmul(torch.ones([2, 2], { dtype: "bool" }), torch.ones([2, 2], { dtype: "bool" })),
    /^\[matmul\] .*not implemented for 'Bool'/,
  ),
  r(
    "mm shape mismatch",
    () => torch.mm(z(2, 3), z(4, 5)),
    /^\[mm\] mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x5\)/,
  ),
  r("mm not a matrix", () => torch.mm(z(3), z(3, 4)), /^\[mm\] self must be a matrix/),
  r("bmm non-3-D", () => torch.bmm(z(2, 3), z(3, 4)), /^\[bmm\] batch1 must be a 3D tensor/),
  r(
    "bmm batch mismatch",
    () => torch.bmm(z(2, 2, 3), z(3, 3, 4)),
    /^\[bmm\] Expected size for first two dimensions of batch2 tensor to be: \[2, 3\] but got: \[3, 3\]/,
  ),
  r("mv size mismatch", () => torch.mv(z(2, 3), z(4)), /^\[mv\] size mismatch/),
  r("mv not a vector", () => torch.mv(z(3), z(3)), /^\[mv\] vector \+ matrix @ vector expected/),
  r("dot 2-D", () => torch.dot(z(2, 3), z(3)), /^\[dot\] 1D tensors expected, but got 2D and 1D tensors/),
  r(
    "dot size mismatch",
    () => torch.dot(z(3), z(4)),
    /^\[dot\] inconsistent tensor size, expected tensor \[3\] and src \[4\]/,
  ),
  r(
    "dot dtype mismatch",
    () => torch.dot(z(3), torch.zeros([3], { dtype: "float64" })),
    /^\[dot\] expected both vectors to have same dtype, but found Float and Double/,
  ),
  r("outer 2-D", () => torch.outer(z(2, 3), z(3)), /^\[outer\] Expected 1-D argument self, but got 2-D/),
  r(
    "addmm shape",
    () => torch.addmm(z(2, 4), z(2, 3), z(4, 4)),
    /^\[addmm\] mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x4\)/,
  ),
  r(
    "addmm input broadcast",
    () => torch.addmm(z(3, 4), z(2, 3), z(3, 4)),
    /^\[addmm\] shapes \[3,4\] and \[2,4\] cannot broadcast/,
  ),
  r("tril 1-D", () => torch.tril(z(3)), /^\[tril\] input tensor must have at least 2 dimensions/),
  r("triu 1-D", () => torch.triu(z(3)), /^\[triu\] input tensor must have at least 2 dimensions/),
  r(
    "diagonal same dims",
    () => torch.diagonal(z(3, 3), 0, 1, 1),
    /^\[diagonal\] diagonal dimensions cannot be identical 1, 1/,
  ),
  r("trace 3-D", () => torch.trace(z(2, 2, 2)), /^\[trace\] expected a matrix: got 3-D tensor/),
];
