/** Composite statistics (no backward of their own): mean, var, std, varMean, stdMean, nan-aware sums. */
import { isFloatingPoint, TORCH_TYPE_NAMES } from "../tensor/dtype.js";
import { optionKeys } from "../util/args.js";
import { Tensor } from "../tensor/tensor.js";
import { noGrad } from "../autograd/mode.js";
import { castTo, record } from "./define.js";
import { sum } from "./reduce-sum.js";
import {
  checkTensor,
  expandGrad,
  parseDtype,
  reduceDims,
  select,
  splitOptions,
  REDUCE_KEYS,
  type DimArg,
  type DtypeOptions,
} from "./reduce-util.js";
import { defineOp } from "./registry.js";

/** Keyword options of var/std: `correction` (default 1, or 0 when `unbiased` is false), `keepdim`. */
export interface VarOptions {
  correction?: number;
  keepdim?: boolean;
  dim?: DimArg;
}

// Hand-declared: MethodsOf types a method from the op's last overload only, and mean/var/std have several.
declare module "../tensor/tensor.js" {
  interface Tensor {
    /** See {@link mean}. @example x.mean(1, true) */
    mean(opts?: DtypeOptions): Tensor;
    mean(dim: DimArg, keepdim?: boolean, opts?: DtypeOptions): Tensor;
    /** See {@link varT}. @example x.var(1) */
    var(unbiased?: boolean): Tensor;
    var(dim: DimArg, unbiased?: boolean, keepdim?: boolean, opts?: VarOptions): Tensor;
    var(dim: DimArg, opts: VarOptions): Tensor;
    var(opts: VarOptions): Tensor;
    /** See {@link std}. @example x.std(1) */
    std(unbiased?: boolean): Tensor;
    std(dim: DimArg, unbiased?: boolean, keepdim?: boolean, opts?: VarOptions): Tensor;
    std(dim: DimArg, opts: VarOptions): Tensor;
    std(opts: VarOptions): Tensor;
  }
}

function parseMeanArgs(
  op: string,
  x: Tensor,
  args: readonly unknown[],
): { dim: DimArg; keepdim: boolean; xin: Tensor } {
  checkTensor(op, x);
  const { pos, opts } = splitOptions<DtypeOptions & { keepdim?: boolean; dim?: DimArg }>(args, op, REDUCE_KEYS, 2);
  const dim = (pos[0] ?? opts.dim) as DimArg;
  const keepdim = (pos[1] ?? opts.keepdim ?? false) as boolean;
  const dtype = parseDtype(op, opts.dtype);
  const xin = dtype ? castTo(x, dtype) : x;
  if (!isFloatingPoint(xin.dtype)) {
    throw new TypeError(
      `[${op}] could not infer output dtype: got ${TORCH_TYPE_NAMES[xin.dtype]} input, expected a floating point dtype; pass { dtype: "float32" } or convert first`,
    );
  }
  return { dim, keepdim, xin };
}

function countOf(x: Tensor, dims: readonly number[]): number {
  return dims.reduce((n, d) => n * x.shape[d]!, 1);
}

/**
 * Mean over all dims or the given ones (`torch.mean`). Floating point only: integer input
 * needs `{ dtype }`, as in PyTorch. The mean of nothing is NaN.
 * @example torch.mean(torch.tensor([[1, 2], [3, 4]], { dtype: "float32" }), 1) // tensor([1.5000, 3.5000])
 */
export const mean = defineOp(
  "mean",
  {
    family: "reduce",
    mode: "method",
    kernels: ["sum"],
    gradNames: ["MeanBackward0", "MeanBackward1"],
    maxArgs: Infinity,
  },
  meanOp,
);
function meanOp(x: Tensor, opts?: DtypeOptions): Tensor;
function meanOp(x: Tensor, dim: DimArg, keepdim?: boolean, opts?: DtypeOptions): Tensor;
function meanOp(x: Tensor, ...args: unknown[]): Tensor {
  const { dim, keepdim, xin } = parseMeanArgs("mean", x, args);
  const dims = reduceDims("mean", xin, dim);
  const n = countOf(xin, dims);
  const out = noGrad(() => sum(xin, dims, keepdim).div(n));
  // One node as in PyTorch (MeanBackward0 over everything, MeanBackward1 over dims; a { dtype }
  // cast is part of it): d/dx = g / n, broadcast back over the reduced dims.
  const name = dim === undefined || dim === null ? "MeanBackward0" : "MeanBackward1";
  return record(name, out, [x], (g) => [castTo(expandGrad(g, x.shape, dims).div(n), x.dtype)]);
}

interface VarArgs {
  dims: number[];
  keepdim: boolean;
  correction: number;
}

const VAR_KEYS = optionKeys("dim", "keepdim", "correction");

function parseVarArgs(op: string, x: Tensor, args: readonly unknown[]): VarArgs {
  checkTensor(op, x);
  if (!isFloatingPoint(x.dtype)) {
    throw new TypeError(`[${op}] std and var only support floating point dtypes: got ${x.dtype}`);
  }
  const { pos, opts } = splitOptions<VarOptions>(args, op, VAR_KEYS, 3);
  let dim: DimArg = opts.dim;
  let unbiased: unknown;
  let keepdim: unknown = opts.keepdim;
  if (typeof pos[0] === "boolean") unbiased = pos[0];
  else {
    if (pos[0] !== undefined) dim = pos[0] as DimArg;
    unbiased = pos[1];
    if (pos[2] !== undefined) keepdim = pos[2];
  }
  if (unbiased !== undefined && typeof unbiased !== "boolean") {
    throw new TypeError(`[${op}] unbiased must be a boolean: got ${typeof unbiased}`);
  }
  if (unbiased !== undefined && opts.correction !== undefined) {
    throw new TypeError(`[${op}] cannot pass both correction and unbiased: got both, expected one`);
  }
  if (opts.correction !== undefined && typeof opts.correction !== "number") {
    throw new TypeError(`[${op}] correction must be a number: got ${typeof opts.correction}`);
  }
  const correction = opts.correction ?? (unbiased === false ? 0 : 1);
  return { dims: reduceDims(op, x, dim), keepdim: (keepdim as boolean | undefined) ?? false, correction };
}

// Half types compute in float32 (as PyTorch's kernels accumulate), then round back.
function upcast(x: Tensor): Tensor {
  return x.dtype === "float16" || x.dtype === "bfloat16" ? castTo(x, "float32") : x;
}

// var = Σ (x - mean)² / max(0, N - correction)
function varianceOf(x: Tensor, a: VarArgs): Tensor {
  const xf = upcast(x);
  const mu = sum(xf, a.dims, true).div(countOf(xf, a.dims));
  const diff = xf.sub(mu);
  const v = sum(diff.mul(diff), a.dims, a.keepdim).div(Math.max(0, countOf(xf, a.dims) - a.correction));
  return castTo(v, x.dtype);
}

/**
 * Variance over all dims or `dim` (`torch.var`): `unbiased` (default true) divides by N - 1;
 * `{ correction }` divides by N - correction.
 * @example torch.var(torch.tensor([1, 2, 3, 4], { dtype: "float32" })) // tensor(1.6667)
 */
export const varT = defineOp("var", { family: "reduce", mode: "method", maxArgs: Infinity }, varOp);
function varOp(x: Tensor, unbiased?: boolean): Tensor;
function varOp(x: Tensor, dim: DimArg, unbiased?: boolean, keepdim?: boolean, opts?: VarOptions): Tensor;
function varOp(x: Tensor, dim: DimArg, opts: VarOptions): Tensor;
function varOp(x: Tensor, opts: VarOptions): Tensor;
function varOp(x: Tensor, ...args: unknown[]): Tensor {
  return varianceOf(x, parseVarArgs("var", x, args));
}
export { varT as var };

/**
 * Standard deviation over all dims or `dim` (`torch.std`); same arguments as `var`.
 * @example torch.std(torch.tensor([1, 2, 3, 4], { dtype: "float32" })) // tensor(1.2910)
 */
export const std = defineOp("std", { family: "reduce", mode: "method", maxArgs: Infinity }, stdOp);
function stdOp(x: Tensor, unbiased?: boolean): Tensor;
function stdOp(x: Tensor, dim: DimArg, unbiased?: boolean, keepdim?: boolean, opts?: VarOptions): Tensor;
function stdOp(x: Tensor, dim: DimArg, opts: VarOptions): Tensor;
function stdOp(x: Tensor, opts: VarOptions): Tensor;
function stdOp(x: Tensor, ...args: unknown[]): Tensor {
  return varianceOf(x, parseVarArgs("std", x, args)).sqrt();
}

/**
 * `[var, mean]` in one call (`torch.var_mean`); same arguments as `var`.
 * @example const [v, m] = torch.varMean(x, 1);
 */
export const varMean = defineOp("varMean", { family: "reduce", maxArgs: Infinity }, varMeanOp);
function varMeanOp(x: Tensor, unbiased?: boolean): [Tensor, Tensor];
function varMeanOp(x: Tensor, dim: DimArg, unbiased?: boolean, keepdim?: boolean, opts?: VarOptions): [Tensor, Tensor];
function varMeanOp(x: Tensor, dim: DimArg, opts: VarOptions): [Tensor, Tensor];
function varMeanOp(x: Tensor, opts: VarOptions): [Tensor, Tensor];
function varMeanOp(x: Tensor, ...args: unknown[]): [Tensor, Tensor] {
  const a = parseVarArgs("varMean", x, args);
  return [varianceOf(x, a), sum(x, a.dims, a.keepdim).div(countOf(x, a.dims))];
}

/**
 * `[std, mean]` in one call (`torch.std_mean`); same arguments as `var`.
 * @example const [s, m] = torch.stdMean(x, 1);
 */
export const stdMean = defineOp("stdMean", { family: "reduce", maxArgs: Infinity }, stdMeanOp);
function stdMeanOp(x: Tensor, unbiased?: boolean): [Tensor, Tensor];
function stdMeanOp(x: Tensor, dim: DimArg, unbiased?: boolean, keepdim?: boolean, opts?: VarOptions): [Tensor, Tensor];
function stdMeanOp(x: Tensor, dim: DimArg, opts: VarOptions): [Tensor, Tensor];
function stdMeanOp(x: Tensor, opts: VarOptions): [Tensor, Tensor];
function stdMeanOp(x: Tensor, ...args: unknown[]): [Tensor, Tensor] {
  const a = parseVarArgs("stdMean", x, args);
  return [varianceOf(x, a).sqrt(), sum(x, a.dims, a.keepdim).div(countOf(x, a.dims))];
}

/**
 * Sum treating NaN as zero (`torch.nansum`).
 * @example torch.nansum(torch.tensor([1, NaN, 2])) // tensor(3.)
 */
export const nansum = defineOp(
  "nansum",
  { family: "reduce", mode: "method", kernels: ["sum"], gradNames: ["NansumBackward0"], maxArgs: 4 },
  function nansum(x: Tensor, dim?: DimArg, keepdim = false, opts?: DtypeOptions): Tensor {
    checkTensor("nansum", x);
    if (!isFloatingPoint(x.dtype)) return sum(x, reduceDims("nansum", x, dim), keepdim, opts ?? {});
    const dims = reduceDims("nansum", x, dim);
    const keep = x.isnan().logicalNot();
    const out = noGrad(() => sum(select(keep, x, 0), dims, keepdim, opts ?? {}));
    // d/dx = g · !isnan(x), as a product (so an infinite g gives NaN at NaN inputs, as PyTorch).
    return record("NansumBackward0", out, [x], (g) => [expandGrad(g, x.shape, dims).mul(castTo(keep, g.dtype))], [x]);
  },
);

/**
 * Mean of the non-NaN elements (`torch.nanmean`); floating point only.
 * @example torch.nanmean(torch.tensor([1, NaN, 2])) // tensor(1.5000)
 */
export const nanmean = defineOp(
  "nanmean",
  { family: "reduce", mode: "method", kernels: ["sum"], maxArgs: 4 },
  function nanmean(x: Tensor, dim?: DimArg, keepdim = false, opts?: DtypeOptions): Tensor {
    const { xin } = parseMeanArgs("nanmean", x, [opts]);
    const dims = reduceDims("nanmean", xin, dim);
    const count = sum(xin.isnan().logicalNot(), dims, keepdim);
    return nansum(xin, dims, keepdim).div(count);
  },
);

/**
 * Number of non-zero elements over all dims or `dim` (`torch.count_nonzero`), as int64.
 * @example torch.countNonzero(torch.tensor([0, 1, 2])) // tensor(2)
 */
export const countNonzero = defineOp(
  "countNonzero",
  { family: "reduce", mode: "method", kernels: ["sum"] },
  function countNonzero(x: Tensor, dim?: DimArg): Tensor {
    checkTensor("countNonzero", x);
    return sum(x.ne(0), reduceDims("countNonzero", x, dim));
  },
);
