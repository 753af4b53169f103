/** Value-selecting reductions: amax/amin, max/min (full, with dim, or binary), argmax/argmin. */
import { checkArity, describe as describeValue } from "../util/args.js";
import { activeBackend } from "../backend/registry.js";
import { Tensor } from "../tensor/tensor.js";
import { castTo, empty, record } from "./define.js";
import {
  checkNonEmpty,
  checkTensor,
  dropShape,
  keepShape,
  reduceDims,
  reshaped,
  runReduce,
  takeAlong,
  valuesIndices,
  type DimArg,
  type ValuesIndices,
} from "./reduce-util.js";
import { oneDim } from "./reduce-sum.js";
import { defineOp } from "./registry.js";

// Hand-declared: MethodsOf types a method from the op's last overload only, and max/min have three.
declare module "../tensor/tensor.js" {
  interface Tensor {
    /** See {@link max}. @example const [v, i] = x.max(1) */
    max(): Tensor;
    max(dim: number, keepdim?: boolean): ValuesIndices;
    max(other: Tensor): Tensor;
    /** See {@link min}. @example const [v, i] = x.min(1) */
    min(): Tensor;
    min(dim: number, keepdim?: boolean): ValuesIndices;
    min(other: Tensor): Tensor;
  }
}

function extremum(op: "amax" | "amin", x: Tensor, dim: DimArg, keepdim: boolean): Tensor {
  checkTensor(op, x);
  const dims = reduceDims(op, x, dim);
  checkNonEmpty(op, x, dims, dim === undefined || dim === null || (Array.isArray(dim) && dim.length === 0));
  const out = runReduce(op, x, dims, keepdim, x.dtype);
  const name = op === "amax" ? "AmaxBackward0" : "AminBackward0";
  // Ties share the gradient evenly: g / count · mask (NaN results give NaN everywhere, as PyTorch).
  return record(
    name,
    out,
    [x],
    (g) => {
      const ks = keepShape(x.shape, dims);
      const mask = castTo(x.eq(out.reshape(ks)), x.dtype);
      return [g.reshape(ks).div(mask.sum(dims, true)).mul(mask)];
    },
    [x, out],
  );
}

/**
 * Largest element over all dims or the given ones; NaN propagates (`torch.amax`).
 * @example torch.amax(torch.tensor([[1, 5], [3, 2]]), 1) // tensor([5, 3])
 */
export const amax = defineOp(
  "amax",
  { family: "reduce", mode: "method", kernels: ["amax"], gradNames: ["AmaxBackward0"], maxArgs: 3 },
  function amax(x: Tensor, dim?: DimArg, keepdim = false): Tensor {
    return extremum("amax", x, dim, keepdim);
  },
);

/**
 * Smallest element over all dims or the given ones; NaN propagates (`torch.amin`).
 * @example torch.amin(torch.tensor([[1, 5], [3, 2]]), 1) // tensor([1, 2])
 */
export const amin = defineOp(
  "amin",
  { family: "reduce", mode: "method", kernels: ["amin"], gradNames: ["AminBackward0"], maxArgs: 3 },
  function amin(x: Tensor, dim?: DimArg, keepdim = false): Tensor {
    return extremum("amin", x, dim, keepdim);
  },
);

// Full max/min: the gradient is split evenly among the elements equal to the result (NaNs if NaN).
function fullExtremum(op: "max" | "min", x: Tensor): Tensor {
  const dims = reduceDims(op, x, undefined);
  checkNonEmpty(op, x, dims, true);
  const out = runReduce(op === "max" ? "amax" : "amin", x, dims, false, x.dtype);
  return record(op === "max" ? "MaxBackward1" : "MinBackward1", out, [x], (g) => [evenlyDistribute(x, out, g)], [
    x,
    out,
  ]);
}

/** The gradient of a full max/min/median: g split evenly among elements equal to the 0-d result. */
export function evenlyDistribute(x: Tensor, out: Tensor, g: Tensor): Tensor {
  const hit = x.eq(out).logicalOr(x.isnan().logicalAnd(out.isnan()));
  const mask = castTo(hit, x.dtype);
  return mask.mul(g.div(mask.sum()));
}

// max/min along one dim: values and the index of the first extreme (first NaN if any).
function dimExtremum(op: "max" | "min", x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  const d = oneDim(op, x, dim);
  if (x.dim() === 0) return dimExtremum(op, x.reshape([1]), 0, false);
  checkNonEmpty(op, x, [d], false);
  const ks = keepShape(x.shape, [d]);
  const idx = empty(ks, "int64", op, x);
  activeBackend().reduce[op === "max" ? "argmax" : "argmin"](x._v, [d], idx._v);
  const outShape = keepdim ? ks : dropShape(x.shape, [d]);
  const values = takeAlong(op === "max" ? "MaxBackward0" : "MinBackward0", x, d, idx, outShape);
  return valuesIndices(values, reshaped(idx, outShape));
}

function binaryExtremum(op: "max" | "min", a: Tensor, b: Tensor): Tensor {
  const name = op === "max" ? "maximum" : "minimum";
  const fn = (a as unknown as Record<string, (o: Tensor) => Tensor>)[name];
  if (typeof fn !== "function") throw new Error(`[${op}] the binary form needs torch.${name}, which is not available`);
  return fn.call(a, b);
}

function dispatchMax(op: "max" | "min", x: Tensor, dimOrOther: unknown, keepdim: unknown): Tensor | ValuesIndices {
  checkTensor(op, x);
  if (dimOrOther === undefined || dimOrOther === null) return fullExtremum(op, x);
  if (dimOrOther instanceof Tensor) {
    if (keepdim !== undefined) {
      throw new TypeError(`[${op}] ${op}(input, other) takes no keepdim: got ${describeValue(keepdim)}`);
    }
    return binaryExtremum(op, x, dimOrOther);
  }
  if (typeof dimOrOther !== "number") {
    throw new TypeError(`[${op}] dim must be an integer or other a Tensor: got ${describeValue(dimOrOther)}`);
  }
  if (keepdim !== undefined && typeof keepdim !== "boolean") {
    throw new TypeError(`[${op}] keepdim must be a boolean: got ${describeValue(keepdim)}`);
  }
  return dimExtremum(op, x, dimOrOther as number, (keepdim as boolean | undefined) ?? false);
}

/**
 * `max(x)`: the largest element. `max(x, dim, keepdim)`: `[values, indices]` along `dim`
 * (also `.values`/`.indices`). `max(x, other)`: elementwise maximum.
 * @example const { values, indices } = torch.max(torch.tensor([[1, 5], [3, 2]]), 1);
 */
export const max = defineOp(
  "max",
  { family: "reduce", mode: "method", kernels: ["amax", "argmax"], gradNames: ["MaxBackward1", "MaxBackward0"] },
  maxOp,
);
function maxOp(x: Tensor): Tensor;
function maxOp(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
function maxOp(x: Tensor, other: Tensor): Tensor;
function maxOp(x: Tensor, dimOrOther?: number | Tensor, keepdim?: boolean): Tensor | ValuesIndices {
  if (arguments.length > 3) checkArity("max", arguments.length - 1, 2);
  return dispatchMax("max", x, dimOrOther, keepdim);
}

/**
 * `min(x)`: the smallest element. `min(x, dim, keepdim)`: `[values, indices]` along `dim`.
 * `min(x, other)`: elementwise minimum.
 * @example const [values, indices] = torch.min(torch.tensor([[1, 5], [3, 2]]), 1);
 */
export const min = defineOp(
  "min",
  { family: "reduce", mode: "method", kernels: ["amin", "argmin"], gradNames: ["MinBackward1", "MinBackward0"] },
  minOp,
);
function minOp(x: Tensor): Tensor;
function minOp(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
function minOp(x: Tensor, other: Tensor): Tensor;
function minOp(x: Tensor, dimOrOther?: number | Tensor, keepdim?: boolean): Tensor | ValuesIndices {
  if (arguments.length > 3) checkArity("min", arguments.length - 1, 2);
  return dispatchMax("min", x, dimOrOther, keepdim);
}

function argExtremum(
  op: "argmax" | "argmin",
  x: Tensor,
  dim: number | null | undefined,
  keepdim: boolean,
  nargs: number,
): Tensor {
  checkTensor(op, x);
  if (nargs > 3) checkArity(op, nargs - 1, 2);
  if (typeof keepdim !== "boolean")
    throw new TypeError(`[${op}] keepdim must be a boolean: got ${describeValue(keepdim)}`);
  if (x.dtype === "bool")
    throw new TypeError(`[${op}] not implemented for bool tensors: got bool, expected a numeric dtype`);
  if (dim === undefined || dim === null) {
    const dims = reduceDims(op, x, undefined);
    checkNonEmpty(op, x, dims, true);
    // The flat index: the kernel numbers positions row-major within the reduced dims.
    const out = runReduce(op, x, dims, true, "int64");
    return keepdim ? out : reshaped(out, []);
  }
  const d = oneDim(op, x, dim);
  if (x.dim() === 0) return empty([], "int64", op, x);
  checkNonEmpty(op, x, [d], false);
  return runReduce(op, x, [d], keepdim, "int64");
}

/**
 * Index of the largest element (flattened, or along `dim`); NaN counts as largest (`torch.argmax`).
 * @example torch.argmax(torch.tensor([1, 5, 3])) // tensor(1)
 */
export const argmax = defineOp(
  "argmax",
  { family: "reduce", mode: "method", kernels: ["argmax"], maxArgs: 3 },
  function argmax(x: Tensor, dim?: number | null, keepdim = false): Tensor {
    return argExtremum("argmax", x, dim, keepdim, arguments.length);
  },
);

/**
 * Index of the smallest element (flattened, or along `dim`); NaN counts as smallest (`torch.argmin`).
 * @example torch.argmin(torch.tensor([4, 1, 3])) // tensor(1)
 */
export const argmin = defineOp(
  "argmin",
  { family: "reduce", mode: "method", kernels: ["argmin"], maxArgs: 3 },
  function argmin(x: Tensor, dim?: number | null, keepdim = false): Tensor {
    return argExtremum("argmin", x, dim, keepdim, arguments.length);
  },
);
