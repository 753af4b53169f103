/**
 * Matrix products (`matmul`, `mm`, `bmm`, `mv`, `dot`, `outer`, `addmm`) and triangular masks
 * (`tril`, `triu`) with PyTorch's shape rules and `grad_fn` names. Every product runs the one
 * backend kernel `matmul(a [B,M,K], b [B,K,N], out)` on strided views of the operands: a
 * transposed or broadcast operand is only strides, never a copy.
 */
import { checkOptions, optionKeys } from "../util/args.js";
import { activeBackend } from "../backend/registry.js";
import type { View } from "../backend/backend.js";
import { noGrad } from "../autograd/mode.js";
import { formatShape, normalizeDim, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { broadcastShapes } from "../tensor/shape.js";
import { TORCH_TYPE_NAMES, writeNumber } from "../tensor/dtype.js";
import {
  describe,
  empty,
  expandedView,
  intoOut,
  needsGrad,
  outOf,
  uninit,
  record,
  sumToShape,
  type OutOptions,
} from "./define.js";
import { embedGrad, viewOf } from "./movement-view.js";
import { defineOp } from "./registry.js";

function checkTensor(op: string, x: unknown, what: string): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected ${what} to be a Tensor: got ${describe(x)}`);
}

/** Products need one dtype (PyTorch does not promote here) and no bool. */
function checkDtypes(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new TypeError(
      `[${op}] expected both operands to have the same dtype: got ${a.dtype} and ${b.dtype} (PyTorch: expected scalar type ${TORCH_TYPE_NAMES[a.dtype]} but found ${TORCH_TYPE_NAMES[b.dtype]}); convert one with .to()`,
    );
  }
  if (a.dtype === "bool")
    throw new TypeError(
      `[${op}] "addmm_impl_cpu_" not implemented for 'Bool': convert to an integer or float dtype first`,
    );
}

/** `a`'s kernel view with its batch dims broadcast (stride 0) to `batch` and the last two kept. */
function batchView(
  v: View,
  batch: Shape,
  rows: number,
  cols: number,
  rowStride: number,
  colStride: number,
  batchDims: number,
): View {
  const lead = batch.length - batchDims;
  const strides = batch.map((s, i) => {
    const j = i - lead;
    return j < 0 || (v.shape[j] === 1 && s !== 1) ? 0 : v.strides[j]!;
  });
  return {
    data: v.data,
    dtype: v.dtype,
    shape: [...batch, rows, cols],
    strides: [...strides, rowStride, colStride],
    offset: v.offset,
  };
}

/** Runs the kernel over views shaped batch+[M,K] and batch+[K,N] into a contiguous out batch+[M,N]. */
function runBatched(a: View, b: View, out: Tensor): void {
  const nb = out.dim() - 2;
  const o = out._v;
  const inner = (x: View, off: number): View => ({
    data: x.data,
    dtype: x.dtype,
    shape: nb === 0 ? [1, ...x.shape.slice(-2)] : x.shape.slice(-3),
    strides: nb === 0 ? [0, ...x.strides.slice(-2)] : x.strides.slice(-3),
    offset: off,
  });
  if (out.numel() === 0) return;
  const outer = o.shape.slice(0, Math.max(nb - 1, 0));
  const idx = new Array<number>(outer.length).fill(0);
  const count = outer.reduce((p, s) => p * s, 1);
  for (let c = 0; c < count; c++) {
    let ao = a.offset;
    let bo = b.offset;
    let oo = o.offset;
    for (let d = 0; d < outer.length; d++) {
      ao += idx[d]! * a.strides[d]!;
      bo += idx[d]! * b.strides[d]!;
      oo += idx[d]! * o.strides[d]!;
    }
    activeBackend().matmul(inner(a, ao), inner(b, bo), inner(o, oo));
    for (let d = outer.length - 1; d >= 0; d--) {
      if (++idx[d]! < outer[d]!) break;
      idx[d] = 0;
    }
  }
}

/** PyTorch's grad_fn name for matmul, which dispatches to dot/mv/mm/bmm and views. */
function matmulGradName(da: number, db: number): string {
  if (da === 1 && db === 1) return "DotBackward0";
  if (da === 2 && db === 1) return "MvBackward0";
  if (da === 1 && db === 2) return "SqueezeBackward3";
  if (da === 2 && db === 2) return "MmBackward0";
  if (da === 2 && db >= 3) return "CloneBackward0";
  return "UnsafeViewBackward0";
}

/** The shared product: shapes already checked by the caller; `name` is the grad_fn. */
function product(a: Tensor, b: Tensor, name: string, op: string): Tensor {
  checkDtypes(op, a, b);
  const av = a._v;
  const bv = b._v;
  const da = a.dim();
  const db = b.dim();
  // 1-D operands become a [1,K] row / [K,1] column (PyTorch's prepended/appended dim)
  const [M, K, aRs, aCs] =
    da === 1
      ? [1, a.shape[0]!, 0, av.strides[0]!]
      : [a.shape[da - 2]!, a.shape[da - 1]!, av.strides[da - 2]!, av.strides[da - 1]!];
  const [K2, N, bRs, bCs] =
    db === 1
      ? [b.shape[0]!, 1, bv.strides[0]!, 0]
      : [b.shape[db - 2]!, b.shape[db - 1]!, bv.strides[db - 2]!, bv.strides[db - 1]!];
  if (K !== K2) {
    throw new RangeError(
      `[${op}] shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (${K} != ${K2})`,
    );
  }
  const aBatch = a.shape.slice(0, Math.max(da - 2, 0));
  const bBatch = b.shape.slice(0, Math.max(db - 2, 0));
  const batch = broadcastShapes(op, aBatch, bBatch);
  const full = [...batch, M, N];
  if (a.storage.device !== b.storage.device) {
    throw new Error(
      `[${op}] Expected all tensors to be on the same device, but found at least two devices, ${a.storage.device} and ${b.storage.device}!`,
    );
  }
  const out = uninit(full, a.dtype, op, a);
  runBatched(
    batchView(av, batch, M, K, aRs, aCs, aBatch.length),
    batchView(bv, batch, K, N, bRs, bCs, bBatch.length),
    out,
  );
  const shape = [...batch, ...(da === 1 ? [] : [M]), ...(db === 1 ? [] : [N])];
  const strides = out._strides.filter(
    (_, i) => !(i === batch.length && da === 1) && !(i === batch.length + 1 && db === 1),
  );
  const res = new Tensor(out.storage, shape, strides, 0, out.dtype);
  if (!needsGrad(a, b)) return res;
  return record(
    name,
    res,
    [a, b],
    (g) => {
      const a2 = da === 1 ? a.reshape([1, K]) : a;
      const b2 = db === 1 ? b.reshape([K, 1]) : b;
      const gf = g.reshape(full);
      // d(A·B)/dA = G·Bᵀ, d(A·B)/dB = Aᵀ·G, summed over broadcast batch dims
      const ga = a.requiresGrad ? sumToShape(matmul(gf, b2.mT), a2.shape).reshape([...a.shape]) : null;
      const gb = b.requiresGrad ? sumToShape(matmul(a2.mT, gf), b2.shape).reshape([...b.shape]) : null;
      return [ga, gb];
    },
    [a, b],
  );
}

/**
 * PyTorch's `out=` for the products: the result is computed, then written into `out` (resized
 * when empty; an out= call cannot record autograd, as in PyTorch).
 */
function withOut(op: string, opts: OutOptions | undefined, a: Tensor, b: Tensor, compute: () => Tensor): Tensor {
  const into = outOf(op, opts);
  if (into === undefined) return compute();
  const grad = needsGrad(a, b);
  const r = grad ? compute() : noGrad(compute);
  return intoOut(op, into, r.shape, r.dtype, grad, (o) => activeBackend().copy(r._v, o._v));
}

/**
 * Matrix product with PyTorch's rules: 1-D·1-D is a dot product (0-d), 2-D·1-D and 1-D·2-D drop
 * the added dim, and higher dims are batches that broadcast.
 * @example torch.matmul(torch.randn(10, 3, 4), torch.randn(4, 5)).shape // [10, 3, 5]
 */
export const matmul = defineOp(
  "matmul",
  {
    family: "linalg",
    mode: "method",
    kernels: ["matmul"],
    gradNames: [
      "DotBackward0",
      "MvBackward0",
      "SqueezeBackward3",
      "MmBackward0",
      "CloneBackward0",
      "UnsafeViewBackward0",
    ],
  },
  function matmul(a: Tensor, b: Tensor, opts?: OutOptions): Tensor {
    checkTensor("matmul", a, "input");
    checkTensor("matmul", b, "other");
    if (a.dim() === 0 || b.dim() === 0) {
      throw new RangeError(
        `[matmul] both arguments to matmul need to be at least 1D, but they are ${a.dim()}D and ${b.dim()}D`,
      );
    }
    return withOut("matmul", opts, a, b, () => product(a, b, matmulGradName(a.dim(), b.dim()), "matmul"));
  },
);

/**
 * Product of two matrices (no broadcasting).
 * @example torch.mm(torch.ones(2, 3), torch.ones(3, 4))
 */
export const mm = defineOp(
  "mm",
  { family: "linalg", mode: "method", kernels: ["matmul"], gradNames: ["MmBackward0"] },
  function mm(a: Tensor, b: Tensor, opts?: OutOptions): Tensor {
    checkTensor("mm", a, "self");
    checkTensor("mm", b, "mat2");
    if (a.dim() !== 2) throw new RangeError(`[mm] self must be a matrix: got ${a.dim()}-D`);
    if (b.dim() !== 2) throw new RangeError(`[mm] mat2 must be a matrix: got ${b.dim()}-D`);
    if (a.shape[1] !== b.shape[0]) {
      throw new RangeError(
        `[mm] mat1 and mat2 shapes cannot be multiplied (${a.shape.join("x")} and ${b.shape.join("x")})`,
      );
    }
    return withOut("mm", opts, a, b, () => product(a, b, "MmBackward0", "mm"));
  },
);

/**
 * Batched product of `[B,M,K]` and `[B,K,N]` (no broadcasting).
 * @example torch.bmm(torch.ones(5, 2, 3), torch.ones(5, 3, 4)).shape // [5, 2, 4]
 */
export const bmm = defineOp(
  "bmm",
  { family: "linalg", mode: "method", kernels: ["matmul"], gradNames: ["BmmBackward0"] },
  function bmm(a: Tensor, b: Tensor, opts?: OutOptions): Tensor {
    checkTensor("bmm", a, "batch1");
    checkTensor("bmm", b, "batch2");
    if (a.dim() !== 3) throw new RangeError(`[bmm] batch1 must be a 3D tensor: got ${a.dim()}-D`);
    if (b.dim() !== 3) throw new RangeError(`[bmm] batch2 must be a 3D tensor: got ${b.dim()}-D`);
    if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
      throw new RangeError(
        `[bmm] Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
      );
    }
    return withOut("bmm", opts, a, b, () => product(a, b, "BmmBackward0", "bmm"));
  },
);

/**
 * Matrix-vector product.
 * @example torch.mv(torch.ones(2, 3), torch.ones(3)) // tensor([3., 3.])
 */
export const mv = defineOp(
  "mv",
  { family: "linalg", mode: "method", kernels: ["matmul"], gradNames: ["MvBackward0"] },
  function mv(a: Tensor, v: Tensor, opts?: OutOptions): Tensor {
    checkTensor("mv", a, "self");
    checkTensor("mv", v, "vec");
    if (a.dim() !== 2 || v.dim() !== 1) {
      throw new RangeError(`[mv] vector + matrix @ vector expected: got ${a.dim()}-D and ${v.dim()}-D`);
    }
    if (a.shape[1] !== v.shape[0]) {
      throw new RangeError(`[mv] size mismatch: got ${a.shape.join("x")} and ${v.shape[0]}`);
    }
    return withOut("mv", opts, a, v, () => product(a, v, "MvBackward0", "mv"));
  },
);

/**
 * Inner product of two 1-D tensors (0-d result).
 * @example torch.dot(torch.tensor([2, 3]), torch.tensor([2, 1])) // tensor(7)
 */
export const dot = defineOp(
  "dot",
  { family: "linalg", mode: "method", kernels: ["matmul"], gradNames: ["DotBackward0"] },
  function dot(a: Tensor, b: Tensor, opts?: OutOptions): Tensor {
    checkTensor("dot", a, "self");
    checkTensor("dot", b, "tensor");
    if (a.dim() !== 1 || b.dim() !== 1) {
      throw new RangeError(`[dot] 1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
    }
    if (a.dtype !== b.dtype) {
      throw new TypeError(
        `[dot] expected both vectors to have same dtype, but found ${TORCH_TYPE_NAMES[a.dtype]} and ${TORCH_TYPE_NAMES[b.dtype]}`,
      );
    }
    if (a.shape[0] !== b.shape[0]) {
      throw new RangeError(
        `[dot] inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
      );
    }
    return withOut("dot", opts, a, b, () => product(a, b, "DotBackward0", "dot"));
  },
);

/**
 * Outer product of two 1-D tensors (types promote, as it is a broadcast multiply).
 * @example torch.outer(torch.arange(3), torch.arange(2)).shape // [3, 2]
 */
export const outer = defineOp(
  "outer",
  { family: "linalg", mode: "method" },
  function outer(a: Tensor, b: Tensor): Tensor {
    checkTensor("outer", a, "self");
    checkTensor("outer", b, "vec2");
    if (a.dim() !== 1) throw new RangeError(`[outer] Expected 1-D argument self, but got ${a.dim()}-D`);
    if (b.dim() !== 1) throw new RangeError(`[outer] Expected 1-D argument vec2, but got ${b.dim()}-D`);
    return a.reshape([a.shape[0]!, 1]).mul(b);
  },
);

/** Options of `addmm`: `out = beta * input + alpha * (mat1 @ mat2)`. */
export interface AddmmOptions {
  beta?: number;
  alpha?: number;
}

const ADDMM_KEYS = optionKeys("beta", "alpha");

/**
 * `beta * input + alpha * (mat1 @ mat2)`; `input` broadcasts to the product's shape, and with
 * `beta = 0` it is ignored (NaN in it does not propagate).
 * @example torch.addmm(bias, x, w.t()) // fragment
 */
export const addmm = defineOp(
  "addmm",
  { family: "linalg", mode: "inplace", kernels: ["matmul"], gradNames: ["AddmmBackward0"] },
  function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, opts?: AddmmOptions): Tensor {
    checkTensor("addmm", input, "self");
    if (opts !== undefined) checkOptions("addmm", opts, ADDMM_KEYS);
    const beta = opts?.beta ?? 1;
    const alpha = opts?.alpha ?? 1;
    if (mat1 instanceof Tensor && mat1.dim() !== 2)
      throw new RangeError(`[addmm] mat1 must be a matrix, got ${mat1.dim()}-D tensor`);
    if (mat2 instanceof Tensor && mat2.dim() !== 2)
      throw new RangeError(`[addmm] mat2 must be a matrix, got ${mat2.dim()}-D tensor`);
    checkTensor("addmm", mat1, "mat1");
    checkTensor("addmm", mat2, "mat2");
    if (mat1.shape[1] !== mat2.shape[0]) {
      throw new RangeError(
        `[addmm] mat1 and mat2 shapes cannot be multiplied (${mat1.shape.join("x")} and ${mat2.shape.join("x")})`,
      );
    }
    checkDtypes("addmm", mat1, mat2);
    checkDtypes("addmm", input, mat1);
    const shape = [mat1.shape[0]!, mat2.shape[1]!];
    broadcastShapes("addmm", input.shape, shape);
    if (input.dim() > 2)
      throw new RangeError(
        `[addmm] expected input of at most 2 dims to broadcast to ${formatShape(shape)}: got ${formatShape(input.shape)}`,
      );
    const out = noGrad(() => {
      let p = product(mat1, mat2, "MmBackward0", "addmm");
      if (alpha !== 1) p = p.mul(alpha);
      return beta === 0 ? p : p.add(beta === 1 ? input : input.mul(beta));
    });
    return record(
      "AddmmBackward0",
      out,
      [input, mat1, mat2],
      (g) => [
        input.requiresGrad ? sumToShape(beta === 1 ? g : g.mul(beta), input.shape) : null,
        mat1.requiresGrad ? scaled(mm(g, mat2.mT), alpha) : null,
        mat2.requiresGrad ? scaled(mm(mat1.mT, g), alpha) : null,
      ],
      [mat1, mat2],
    );
  },
);

function scaled(x: Tensor, s: number): Tensor {
  return s === 1 ? x : x.mul(s);
}

/** Zeroes the elements of the last two dims above (`lower`) or below the `diagonal`-th diagonal. */
function triangle(op: "tril" | "triu", x: Tensor, diagonal: number): Tensor {
  checkTensor(op, x, "input");
  if (x.dim() < 2) throw new RangeError(`[${op}] input tensor must have at least 2 dimensions: got ${x.dim()}-D`);
  if (!Number.isInteger(diagonal)) throw new TypeError(`[${op}] diagonal must be an integer: got ${diagonal}`);
  const R = x.shape[x.dim() - 2]!;
  const C = x.shape[x.dim() - 1]!;
  const name = op === "tril" ? "TrilBackward0" : "TriuBackward0";
  if (x.storage.device !== "cpu") {
    // On a device: a select with a [R, C] keep-mask (made here from the shape, uploaded).
    const keep = new Uint8Array(R * C);
    for (let i = 0; i < R; i++)
      for (let j = 0; j < C; j++) keep[i * C + j] = (op === "tril" ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0;
    const mask = Tensor._fromArray(keep, [R, C], "bool").to(x.device);
    const zero = empty([], x.dtype, op, x);
    const res = empty(x.shape, x.dtype, op, x);
    activeBackend().where(expandedView(mask, x.shape), x._v, expandedView(zero, x.shape), res._v);
    return record(name, res, [x], (g) => [triangle(op, g, diagonal)]);
  }
  const out = empty(x.shape, x.dtype);
  activeBackend().copy(x._v, out._v);
  const data = out.storage.data;
  const mats = R * C === 0 ? 0 : out.numel() / (R * C);
  for (let m = 0; m < mats; m++) {
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) {
        const drop = op === "tril" ? j - i > diagonal : j - i < diagonal;
        if (!drop) continue;
        const at = m * R * C + i * C + j;
        if (x.dtype === "int64") (data as BigInt64Array)[at] = 0n;
        else writeNumber(data, x.dtype, at, 0);
      }
    }
  }
  return record(name, out, [x], (g) => [triangle(op, g, diagonal)]);
}

/**
 * The lower triangle of the last two dims (elements with `j - i <= diagonal`); others are 0.
 * @example torch.tril(torch.ones(3, 3)); torch.tril(x, -1)
 */
export const tril = defineOp(
  "tril",
  { family: "linalg", mode: "inplace", kernels: ["copy"], gradNames: ["TrilBackward0"], maxArgs: 2 },
  function tril(x: Tensor, diagonal = 0): Tensor {
    return triangle("tril", x, diagonal);
  },
);

/**
 * The upper triangle of the last two dims (elements with `j - i >= diagonal`); others are 0.
 * @example torch.triu(torch.ones(3, 3), 1)
 */
export const triu = defineOp(
  "triu",
  { family: "linalg", mode: "inplace", kernels: ["copy"], gradNames: ["TriuBackward0"], maxArgs: 2 },
  function triu(x: Tensor, diagonal = 0): Tensor {
    return triangle("triu", x, diagonal);
  },
);

/**
 * The `offset`-th diagonal of the plane (`dim1`, `dim2`), as a view moved to the last dim.
 * @example torch.diagonal(torch.eye(3)) // tensor([1., 1., 1.])
 */
export const diagonal = defineOp(
  "diagonal",
  { family: "linalg", mode: "method", gradNames: ["DiagonalBackward0"], maxArgs: 4 },
  function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
    checkTensor("diagonal", x, "input");
    const nd = x.dim();
    if (nd < 2) throw new RangeError(`[diagonal] expected a tensor of at least 2 dims: got ${nd}-D`);
    const d1 = normalizeDim("diagonal", dim1, nd);
    const d2 = normalizeDim("diagonal", dim2, nd);
    if (d1 === d2) throw new RangeError(`[diagonal] diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
    const [s1, s2] = [x.shape[d1]!, x.shape[d2]!];
    const n = Math.max(0, offset >= 0 ? Math.min(s1, s2 - offset) : Math.min(s1 + offset, s2));
    const start =
      n === 0 ? x._offset : x._offset + (offset >= 0 ? offset * x._strides[d2]! : -offset * x._strides[d1]!);
    const keep = x.shape.map((_, i) => i).filter((i) => i !== d1 && i !== d2);
    const shape = [...keep.map((i) => x.shape[i]!), n];
    const strides = [...keep.map((i) => x._strides[i]!), x._strides[d1]! + x._strides[d2]!];
    const pick = (t: Tensor) => diagonal(t, offset, dim1, dim2);
    return viewOf(x, shape, strides, start, "DiagonalBackward0", (g) =>
      embedGrad(g, x.shape, pick, "DiagonalBackward0"),
    );
  },
);

/**
 * Sum of the main diagonal of a 2-D tensor (integers sum to int64, as in PyTorch).
 * @example torch.trace(torch.eye(3)) // tensor(3.)
 */
export const trace = defineOp(
  "trace",
  { family: "linalg", mode: "method", kernels: ["sum"] },
  function trace(x: Tensor): Tensor {
    checkTensor("trace", x, "input");
    if (x.dim() !== 2) throw new RangeError(`[trace] expected a matrix: got ${x.dim()}-D tensor`);
    return diagonal(x).sum();
  },
);
