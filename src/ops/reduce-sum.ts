/** Primitive reductions with identities: sum, prod, all, any. */
import { isFloatingPoint, type DType } from "../tensor/dtype.js";
import { normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { ones } from "../tensor/creation.js";
import { castTo, record } from "./define.js";
import { cat } from "./join.js";
import {
  checkTensor,
  expandGrad,
  keepShape,
  parseDtype,
  reduceDims,
  runReduce,
  select,
  splitOptions,
  REDUCE_KEYS,
  type DimArg,
  type DtypeOptions,
} from "./reduce-util.js";
import { defineOp } from "./registry.js";

// Hand-declared: MethodsOf types a method from the op's last overload only, and sum/prod have two.
declare module "../tensor/tensor.js" {
  interface Tensor {
    /** See {@link sum}. @example x.sum(1, true) */
    sum(opts?: DtypeOptions): Tensor;
    sum(dim: DimArg, keepdim?: boolean, opts?: DtypeOptions): Tensor;
    /** See {@link prod}. @example x.prod(0) */
    prod(opts?: DtypeOptions): Tensor;
    prod(dim: number, keepdim?: boolean, opts?: DtypeOptions): Tensor;
  }
}

/** The dtype sum/prod/cumsum produce: `dtype` if given, else integers and bool widen to int64. */
export function accumulateDtype(x: Tensor, dtype: DType | undefined): DType {
  return dtype ?? (isFloatingPoint(x.dtype) ? x.dtype : "int64");
}

interface Parsed {
  dim: DimArg;
  keepdim: boolean;
  dtype: DType | undefined;
}

function parseReduceArgs(op: string, args: readonly unknown[]): Parsed {
  const { pos, opts } = splitOptions<DtypeOptions & { keepdim?: boolean; dim?: DimArg }>(args, op, REDUCE_KEYS, 2);
  const dim = (pos[0] ?? opts.dim) as DimArg;
  const keepdim = (pos[1] ?? opts.keepdim ?? false) as boolean;
  if (typeof keepdim !== "boolean") throw new TypeError(`[${op}] keepdim must be a boolean: got ${typeof keepdim}`);
  return { dim, keepdim, dtype: parseDtype(op, opts.dtype) };
}

/**
 * Sum of elements, over all dims or the given ones (`torch.sum`). Integers and bool sum to
 * int64; `dtype` casts the input first.
 * @example torch.sum(torch.tensor([[1, 2], [3, 4]]), 0) // tensor([4, 6])
 */
export const sum = defineOp(
  "sum",
  {
    family: "reduce",
    mode: "method",
    kernels: ["sum"],
    gradNames: ["SumBackward0", "SumBackward1"],
    maxArgs: Infinity,
  },
  sumOp,
);
function sumOp(x: Tensor, opts?: DtypeOptions): Tensor;
function sumOp(x: Tensor, dim: DimArg, keepdim?: boolean, opts?: DtypeOptions): Tensor;
function sumOp(x: Tensor, ...args: unknown[]): Tensor {
  checkTensor("sum", x);
  const { dim, keepdim, dtype } = parseReduceArgs("sum", args);
  const dims = reduceDims("sum", x, dim);
  const xin = castTo(x, accumulateDtype(x, dtype));
  const out = runReduce("sum", xin, dims, keepdim, xin.dtype);
  const name = dim === undefined || dim === null ? "SumBackward0" : "SumBackward1";
  return record(name, out, [xin], (g) => [expandGrad(g, xin.shape, dims)]);
}

/**
 * Product of elements, over all dims or one (`torch.prod`). Integers and bool give int64.
 * The gradient is exact with zeros: one zero gets the product of the others, two or more give 0.
 * @example torch.prod(torch.tensor([1, 2, 3])) // tensor(6)
 */
export const prod = defineOp(
  "prod",
  {
    family: "reduce",
    mode: "method",
    kernels: ["prod"],
    gradNames: ["ProdBackward0", "ProdBackward1"],
    maxArgs: Infinity,
  },
  prodOp,
);
function prodOp(x: Tensor, opts?: DtypeOptions): Tensor;
function prodOp(x: Tensor, dim: number, keepdim?: boolean, opts?: DtypeOptions): Tensor;
function prodOp(x: Tensor, ...args: unknown[]): Tensor {
  checkTensor("prod", x);
  const { dim, keepdim, dtype } = parseReduceArgs("prod", args);
  if (dim !== undefined && dim !== null && typeof dim !== "number") {
    throw new TypeError(`[prod] dim must be a single number: got a list, expected an int (reduce one dim at a time)`);
  }
  const dims = reduceDims("prod", x, dim);
  const xin = castTo(x, accumulateDtype(x, dtype));
  const out = runReduce("prod", xin, dims, keepdim, xin.dtype);
  const name = dim === undefined || dim === null ? "ProdBackward0" : "ProdBackward1";
  return record(name, out, [xin], (g) => [prodGrad(xin, out, g, dims, name === "ProdBackward0")], [xin, out]);
}

/*
 * d prod / dx_i = Π_{j≠i} x_j. Like PyTorch: without any zero in the input, g · out / x; with
 * zeros, a full product gives the others' product at a single zero (0 elsewhere, and 0 everywhere
 * for two or more zeros), and a product along a dim uses exclusive left·right products.
 */
function prodGrad(x: Tensor, out: Tensor, g: Tensor, dims: readonly number[], full: boolean): Tensor {
  if (x.numel() === 0 || x.dim() === 0) return expandGrad(g, x.shape, dims);
  const ks = keepShape(x.shape, dims);
  const gk = g.reshape(ks);
  const isZero = x.eq(0);
  // On a GPU, whether x holds a zero is not read back (a sync read): both cases are computed.
  const onCpu = x.storage.device === "cpu";
  const anyZero = onCpu ? isZero.any().item() === true : true;
  if (!anyZero) return gk.mul(out.reshape(ks)).div(x);
  if (!full) {
    const d = dims[0]!;
    return gk.mul(exclusiveCumprod(x, d)).mul(exclusiveCumprod(x.flip([d]), d).flip([d]));
  }
  const zeros = isZero.sum();
  const others = prod1(select(isZero, 1, x), dims).mul(gk);
  const withZeros = select(zeros.eq(1).logicalAnd(isZero), others, 0);
  return onCpu ? withZeros : select(zeros.eq(0), gk.mul(out.reshape(ks)).div(x), withZeros);
}

// [1, x_0, x_0·x_1, …] along d: the product of the elements before each position. (The cumprod
// method, installed by reduce-scan.ts, keeps this file below the scans: no import cycle.)
function exclusiveCumprod(x: Tensor, d: number): Tensor {
  const n = x.shape[d]!;
  const one = ones(keepShape(x.shape, [d]), { dtype: x.dtype, device: x.storage.device });
  return n === 1 ? one : cat([one, x.narrow(d, 0, n - 1).cumprod(d)], d);
}

// Product over several dims, keepdim (prod itself reduces one dim at a time).
function prod1(x: Tensor, dims: readonly number[]): Tensor {
  let r = x;
  for (const d of dims) r = prod(r, d, true);
  return r;
}

function boolReduce(op: "all" | "any", x: Tensor, dim: DimArg, keepdim: boolean): Tensor {
  checkTensor(op, x);
  const dims = reduceDims(op, x, dim);
  // PyTorch keeps uint8 for backward compatibility; everything else gives bool.
  return runReduce(op, x, dims, keepdim, x.dtype === "uint8" ? "uint8" : "bool");
}

/**
 * True when every element (over all dims or `dim`) is non-zero (`torch.all`).
 * @example torch.all(torch.tensor([true, false])) // tensor(False)
 */
export const all = defineOp(
  "all",
  { family: "reduce", mode: "method", kernels: ["all"], maxArgs: 3 },
  function all(x: Tensor, dim?: DimArg, keepdim = false): Tensor {
    return boolReduce("all", x, dim, keepdim);
  },
);

/**
 * True when some element (over all dims or `dim`) is non-zero (`torch.any`).
 * @example torch.any(torch.tensor([0, 2])) // tensor(True)
 */
export const any = defineOp(
  "any",
  { family: "reduce", mode: "method", kernels: ["any"], maxArgs: 3 },
  function any(x: Tensor, dim?: DimArg, keepdim = false): Tensor {
    return boolReduce("any", x, dim, keepdim);
  },
);

/** Resolves one dim for ops that take exactly one. */
export function oneDim(op: string, x: Tensor, dim: unknown): number {
  if (typeof dim !== "number") throw new TypeError(`[${op}] dim must be a number: got ${typeof dim}`);
  return normalizeDim(op, dim, x.dim());
}
