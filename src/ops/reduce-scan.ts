/** Inclusive scans: cumsum, cumprod. */
import type { ScanOp } from "../backend/backend.js";
import { activeBackend } from "../backend/registry.js";
import { normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { castTo, empty, record } from "./define.js";
import { accumulateDtype } from "./reduce-sum.js";
import { checkTensor, dtypeOption, select, type DtypeOptions } from "./reduce-util.js";
import { defineOp } from "./registry.js";

function scan(
  op: ScanOp,
  x: Tensor,
  dim: number,
  opts: DtypeOptions | undefined,
): { xin: Tensor; out: Tensor; d: number } {
  checkTensor(op, x);
  if (typeof dim !== "number") throw new TypeError(`[${op}] dim is required: got ${typeof dim}, expected a number`);
  const d = normalizeDim(op, dim, x.dim());
  const xin = castTo(x, accumulateDtype(x, dtypeOption(op, opts)));
  const out = empty(xin.shape, xin.dtype, op, xin);
  if (xin.dim() === 0) activeBackend().copy(xin._v, out._v);
  else if (xin.numel() > 0) activeBackend().scan[op](xin._v, d, out._v);
  return { xin, out, d: xin.dim() === 0 ? -1 : d };
}

// Σ_{j≥i} g_j along dim: the adjoint of cumsum.
function reverseCumsum(g: Tensor, d: number): Tensor {
  if (d < 0) return g;
  return cumsum(g.flip([d]), d).flip([d]);
}

/**
 * Cumulative sum along `dim` (`torch.cumsum`); integers and bool give int64.
 * @example torch.cumsum(torch.tensor([1, 2, 3]), 0) // tensor([1, 3, 6])
 */
export const cumsum = defineOp(
  "cumsum",
  { family: "scan", mode: "inplace", kernels: ["cumsum"], gradNames: ["CumsumBackward0"] },
  function cumsum(x: Tensor, dim: number, opts?: DtypeOptions): Tensor {
    const { xin, out, d } = scan("cumsum", x, dim, opts);
    return record("CumsumBackward0", out, [xin], (g) => [reverseCumsum(g, d)]);
  },
);

/**
 * Cumulative product along `dim` (`torch.cumprod`); integers and bool give int64.
 * The gradient is exact with zeros (no division by a zero input).
 * @example torch.cumprod(torch.tensor([1, 2, 3]), 0) // tensor([1, 2, 6])
 */
export const cumprod = defineOp(
  "cumprod",
  { family: "scan", mode: "inplace", kernels: ["cumprod"], gradNames: ["CumprodBackward0"] },
  function cumprod(x: Tensor, dim: number, opts?: DtypeOptions): Tensor {
    const { xin, out, d } = scan("cumprod", x, dim, opts);
    return record("CumprodBackward0", out, [xin], (g) => [cumprodGrad(xin, out, g, d)], [xin, out]);
  },
);

/*
 * dL/dx_i = Σ_{j≥i} g_j · Π_{k≤j, k≠i} x_k. Where x_i ≠ 0 this is revcumsum(g·out)_i / x_i (also
 * after a zero, where it is 0 but keeps its derivative through out). At the first zero z of a line
 * it is revcumsum(g · cumprod(x with x_z := 1))_z. No input is ever divided by zero. (Double
 * backward is exact except at second and later zeros of a line.)
 */
function cumprodGrad(x: Tensor, out: Tensor, g: Tensor, d: number): Tensor {
  if (d < 0) return g;
  const isZero = x.eq(0);
  const firstZero = isZero.logicalAnd(cumsum(isZero, d).eq(1));
  const viaOut = reverseCumsum(g.mul(out), d).div(select(isZero, 1, x));
  const atZero = reverseCumsum(g.mul(cumprod(select(firstZero, 1, x), d)), d);
  return select(firstZero, atZero, viaOut);
}
