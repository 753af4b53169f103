/** Composite reductions built on exp/log and abs/pow: logsumexp, softmax, logSoftmax, norm. */
import { getDefaultDtype, isFloatingPoint, allocArray } from "../tensor/dtype.js";
import { normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { fusable, fusedOp, fusedOutput } from "./fused.js";
import { defineOp } from "./registry.js";
import { castTo } from "./define.js";
import { amax, amin } from "./reduce-max.js";
import { sum } from "./reduce-sum.js";
import {
  checkTensor,
  dropShape,
  dtypeOption,
  reduceDims,
  select,
  type DimArg,
  type DtypeOptions,
} from "./reduce-util.js";

/** A vector norm order: a number (incl. ±Infinity and 0) or `"fro"` (= 2). */
export type NormOrder = number | "fro";

// Half types compute in float32 (as PyTorch's kernels do internally), then round back.
function upcast(x: Tensor): Tensor {
  return x.dtype === "float16" || x.dtype === "bfloat16" ? castTo(x, "float32") : x;
}

function squeezeTo(t: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  return keepdim ? t : t.reshape(dropShape(shape, dims));
}

/**
 * log Σ exp(x) over `dim`, computed stably by subtracting the max (`torch.logsumexp`).
 * Integer input gives the default float dtype.
 * @example torch.logsumexp(torch.tensor([0, 0]), 0) // tensor(0.6931)
 */
export const logsumexp = defineOp(
  "logsumexp",
  { family: "reduce", mode: "method", maxArgs: 3 },
  function logsumexp(x: Tensor, dim: DimArg, keepdim = false): Tensor {
    checkTensor("logsumexp", x);
    const dims = reduceDims("logsumexp", x, dim);
    const xf = isFloatingPoint(x.dtype) ? x : castTo(x, getDefaultDtype());
    const xc = upcast(xf);
    let m: Tensor | number = 0;
    if (xc.numel() > 0) {
      // The shift is a constant (its gradient cancels); ±inf maxima shift by 0 instead.
      const mx = amax(xc.detach(), dims, true);
      m = select(mx.abs().eq(Infinity), 0, mx);
    }
    const s = sum(xc.sub(m).exp(), dims, true).log().add(m);
    return castTo(squeezeTo(s, x.shape, dims, keepdim), xf.dtype);
  },
);

function softmaxInput(op: string, x: Tensor, dim: number, opts: DtypeOptions | undefined): { xf: Tensor; d: number } {
  checkTensor(op, x);
  if (typeof dim !== "number") throw new TypeError(`[${op}] dim is required: got ${typeof dim}, expected a number`);
  const d = normalizeDim(op, dim, x.dim());
  const dtype = dtypeOption(op, opts);
  const xf = dtype ? castTo(x, dtype) : x;
  if (!isFloatingPoint(xf.dtype)) {
    throw new TypeError(
      `[${op}] expected a floating point tensor: got ${xf.dtype}; pass { dtype: "float32" } or convert first`,
    );
  }
  return { xf, d };
}

function shifted(xc: Tensor, d: number): Tensor {
  if (xc.numel() === 0) return xc;
  return xc.sub(amax(xc.detach(), d, true));
}

/**
 * exp(x) / Σ exp(x) along `dim`, stable (`torch.softmax`); `{ dtype }` casts the input first.
 * @example torch.softmax(torch.tensor([1, 2, 3], { dtype: "float32" }), 0)
 */
export const softmax = defineOp(
  "softmax",
  { family: "softmax", mode: "method", gradNames: ["SoftmaxBackward0"] },
  function softmax(x: Tensor, dim: number, opts?: DtypeOptions): Tensor {
    const { xf, d } = softmaxInput("softmax", x, dim, opts);
    return softmaxOp(xf, d);
  },
);

/**
 * log(softmax(x)) along `dim`, computed stably as (x - max) - log Σ exp(x - max) (`torch.log_softmax`).
 * @example torch.logSoftmax(torch.tensor([1, 2, 3], { dtype: "float32" }), 0)
 */
export const logSoftmax = defineOp(
  "logSoftmax",
  { family: "softmax", mode: "method", gradNames: ["LogSoftmaxBackward0"] },
  function logSoftmax(x: Tensor, dim: number, opts?: DtypeOptions): Tensor {
    const { xf, d } = softmaxInput("logSoftmax", x, dim, opts);
    return logSoftmaxOp(xf, d);
  },
);

// The fused kernels take the last dim of a contiguous, non-empty float32/float64 tensor.
const lastDim = (xf: Tensor, d: number): boolean => d === xf.dim() - 1 && xf.numel() > 0 && fusable(xf);

/** Fused softmax (DESIGN principle 5); backward from the saved output y: g·y − y·Σ(g·y). */
const softmaxOp = fusedOp({
  name: "softmax",
  kernel: "softmax",
  when: lastDim,
  forward: (k, xf: Tensor, _d: number) => {
    const out = fusedOutput(xf.shape, xf.dtype, xf);
    return k(xf, out) ? { out, ctx: out } : null;
  },
  grad: {
    name: "SoftmaxBackward0",
    inputs: (_y, xf) => [xf],
    saves: (y: Tensor) => [y],
    backward: (g, y, [, d]) => {
      const gy = g.mul(y);
      return [gy.sub(y.mul(sum(gy, d, true)))];
    },
  },
  fallback: (xf: Tensor, d: number) => {
    const e = shifted(upcast(xf), d).exp();
    return castTo(e.div(sum(e, d, true)), xf.dtype);
  },
});

/** Fused logSoftmax (DESIGN principle 5); backward from the saved output y: g − eʸ·Σg. */
const logSoftmaxOp = fusedOp({
  name: "logSoftmax",
  kernel: "logSoftmax",
  when: lastDim,
  forward: (k, xf: Tensor, _d: number) => {
    const out = fusedOutput(xf.shape, xf.dtype, xf);
    return k(xf, out) ? { out, ctx: out } : null;
  },
  grad: {
    name: "LogSoftmaxBackward0",
    inputs: (_y, xf) => [xf],
    saves: (y: Tensor) => [y],
    backward: (g, y, [, d]) => [g.sub(y.exp().mul(sum(g, d, true)))],
  },
  fallback: (xf: Tensor, d: number) => {
    const z = shifted(upcast(xf), d);
    return castTo(z.sub(sum(z.exp(), d, true).log()), xf.dtype);
  },
});

// A 0-d true: `select(TRUE, 0, x)` is zero-valued yet keeps x in the graph (zero gradient).
function alwaysTrue(): Tensor {
  const a = allocArray("bool", 1);
  a[0] = 1;
  return Tensor._fromArray(a, [], "bool");
}

/**
 * Vector p-norm over all dims or `dim` (`torch.norm`): p = 2 (default, also `"fro"`), 1, any
 * real p, Infinity (max |x|), -Infinity (min |x|), 0 (count of non-zeros). Floating point only.
 * The gradient at an all-zero input is 0, as in PyTorch.
 * @example torch.norm(torch.tensor([3, 4], { dtype: "float32" })) // tensor(5.)
 */
export const norm = defineOp(
  "norm",
  { family: "reduce", mode: "method", maxArgs: 5 },
  function norm(x: Tensor, p: NormOrder | null = 2, dim?: DimArg, keepdim = false, opts?: DtypeOptions): Tensor {
    checkTensor("norm", x);
    const dtype = dtypeOption("norm", opts);
    if (!isFloatingPoint(x.dtype)) {
      throw new TypeError(
        `[norm] input dtype should be floating point: got ${x.dtype}, expected float16/bfloat16/float32/float64`,
      );
    }
    const order = p === null || p === undefined || p === "fro" ? 2 : p;
    if (typeof order !== "number" || Number.isNaN(order)) {
      throw new TypeError(
        `[norm] unsupported norm order: got ${String(p)}, expected a number, Infinity, -Infinity or "fro"`,
      );
    }
    const xin = dtype ? castTo(x, dtype) : x;
    const dims = reduceDims("norm", xin, dim);
    const xc = upcast(xin);
    let r: Tensor;
    if (order === Infinity) r = amax(xc.abs(), dims, keepdim);
    else if (order === -Infinity) r = amin(xc.abs(), dims, keepdim);
    else if (order === 0) {
      r = sum(castTo(xc.ne(0), xc.dtype), dims, keepdim).add(sum(select(alwaysTrue(), 0, xc), dims, keepdim));
    } else if (order === 1) r = sum(xc.abs(), dims, keepdim);
    else {
      const s = order === 2 ? sum(xc.mul(xc), dims, keepdim) : sum(xc.abs().pow(order), dims, keepdim);
      // Route zero sums around the root so the gradient there is 0, not 0·∞.
      const zero = s.eq(0);
      const root = order === 2 ? select(zero, 1, s).sqrt() : select(zero, 1, s).pow(1 / order);
      r = select(zero, 0, root);
    }
    return castTo(r, xin.dtype);
  },
);
