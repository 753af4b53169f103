/**
 * PyTorch's everyday math beyond the primitives, as composites of existing ops (autograd comes
 * from the ops they are written with): elementwise (`logaddexp`, `xlogy`, `logit`, `nanToNum`,
 * `frac`, `heaviside`, `fmax`, `copysign`, inverse hyperbolics, ...), differences and scans
 * (`diff`, `cummax`/`cummin`, `trapezoid`), products (`cross`, `kron`, `tensordot`, `einsum`,
 * `cdist`), counting (`bincount`, `histc`, `searchsorted`, `bucketize`), sampling
 * (`multinomial` on the seeded generator) and shape helpers (`rot90`, `diagEmbed`, `meshgrid`,
 * `atleast1d`, `cartesianProd`, `combinations`, `trilIndices`, `vander`).
 *
 * These are composites, not kernels: `cummax`/`cummin` run one slice op per step along `dim`,
 * `searchsorted`/`bucketize` compare every value with every boundary (O(n·m) memory), `einsum`
 * multiplies broadcast operands before summing. Each is a candidate for a kernel where speed
 * matters; the composite stays the definition.
 */
import { checkArity, checkBool, checkInt, checkNumber, checkOptions, describe, optionKeys } from "../util/args.js";
import { noGrad } from "../autograd/mode.js";
import { full, tensor, zeros } from "../tensor/creation.js";
import { arange, eye } from "../tensor/factories.js";
import { rand } from "../tensor/random-ops.js";
import type { Generator } from "../tensor/random/generator.js";
import { finfo, getDefaultDtype, isFloatingPoint, resultType, type DType } from "../tensor/dtype.js";
import { normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor } from "./elementwise-internal.js";
import { promotionOperand } from "./define.js";
import { where } from "./composite.js";
import { stack, cat } from "./join.js";
import { alias, defineOp } from "./registry.js";
import { acos, asin, atan } from "./unary.js";
import { vstack } from "./join.js";

type Num = Tensor | number;

function floatOf(dtype: DType): DType {
  return isFloatingPoint(dtype) ? dtype : getDefaultDtype();
}

function asFloatTensor(op: string, x: unknown, what: string, like?: Tensor): Tensor {
  if (x instanceof Tensor) return isFloatingPoint(x.dtype) ? x : x.to(getDefaultDtype());
  if (typeof x === "number") return tensor(x, { dtype: like !== undefined ? floatOf(like.dtype) : getDefaultDtype() });
  throw new TypeError(`[${op}] expected ${what} to be a Tensor or a number: got ${describe(x)}`);
}

/** Two float operands promoted together (numbers take the tensor's float dtype). */
function floatPair(op: string, a: unknown, b: unknown, integers = true): [Tensor, Tensor] {
  if (!(a instanceof Tensor) && !(b instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor operand: got ${describe(a)} and ${describe(b)}`);
  const ta = a instanceof Tensor ? a : asFloatTensor(op, a, "input", b as Tensor);
  const tb = b instanceof Tensor ? b : asFloatTensor(op, b, "other", a as Tensor);
  const common = resultType([promotionOperand(ta), promotionOperand(tb)]);
  if (!integers && !isFloatingPoint(common))
    throw new TypeError(`[${op}] expected floating-point operands: got ${common} (PyTorch has no integer ${op})`);
  const dtype = floatOf(common);
  return [ta.to(dtype), tb.to(dtype)];
}

function checkFloat(op: string, x: Tensor): void {
  if (!isFloatingPoint(x.dtype))
    throw new TypeError(`[${op}] expected a floating-point tensor: got ${x.dtype} (convert with .float())`);
}

// ---- elementwise ------------------------------------------------------------------------------

/**
 * log(exp(a) + exp(b)) without overflow; float result.
 * @example torch.logaddexp(torch.tensor([-100.0, 0.5]), torch.tensor([-100.0, 0.5])) // tensor([-99.3069,   1.1931])
 */
export const logaddexp = defineOp(
  "logaddexp",
  { family: "composite", mode: "method", maxArgs: 2 },
  function logaddexp(input: Num, other: Num): Tensor {
    const [a, b] = floatPair("logaddexp", input, other, false);
    const m = a.maximum(b);
    const r = m.add(a.sub(b).abs().neg().exp().log1p());
    return where(a.eq(b).logicalAnd(a.isinf()), a, r);
  },
);

/**
 * log2(2^a + 2^b) without overflow; float result.
 * @example torch.logaddexp2(torch.tensor([1.5]), torch.tensor([1.5])) // tensor([2.5000])
 */
export const logaddexp2 = defineOp(
  "logaddexp2",
  { family: "composite", mode: "method", maxArgs: 2 },
  function logaddexp2(input: Num, other: Num): Tensor {
    const [a, b] = floatPair("logaddexp2", input, other, false);
    const m = a.maximum(b);
    const r = m.add(a.sub(b).abs().neg().exp2().log1p().div(Math.LN2));
    return where(a.eq(b).logicalAnd(a.isinf()), a, r);
  },
);

/**
 * x·log(y), 0 where x is 0 (unless y is NaN); float result.
 * @example torch.xlogy(torch.tensor([0, 2]), torch.tensor([0, Math.E])) // tensor([0.0000, 2.0000])
 */
export const xlogy = defineOp(
  "xlogy",
  { family: "composite", mode: "inplace", maxArgs: 2 },
  function xlogy(input: Num, other: Num): Tensor {
    const [x, y] = floatPair("xlogy", input, other);
    const r = x.mul(y.log());
    return where(x.eq(0).logicalAnd(y.isnan().logicalNot()), 0, r);
  },
);

/**
 * log(p / (1 - p)); with `eps`, p is first clamped to [eps, 1 - eps].
 * @example torch.logit(torch.tensor([0.5, 0.75])) // tensor([0.0000, 1.0986])
 */
export const logit = defineOp(
  "logit",
  { family: "composite", mode: "inplace", maxArgs: 2 },
  function logit(input: Tensor, eps?: number | null): Tensor {
    checkTensor("logit", input);
    let x = asFloatTensor("logit", input, "input");
    if (eps !== undefined && eps !== null) {
      checkNumber("logit", "eps", eps);
      x = x.clamp(eps, 1 - eps);
    }
    return x.log().sub(x.neg().log1p());
  },
);

/**
 * Replaces NaN with `nan` (0), +∞ with `posinf` and −∞ with `neginf` (default: the dtype's
 * largest and lowest finite values). Integer and bool tensors come back unchanged (a copy).
 * @example torch.nanToNum(torch.tensor([NaN, Infinity, -1])) // tensor([0.0000e+00, 3.4028e+38, -1.0000e+00])
 */
export const nanToNum = defineOp(
  "nanToNum",
  { family: "composite", mode: "inplace", maxArgs: 4 },
  function nanToNum(input: Tensor, nan = 0, posinf?: number | null, neginf?: number | null): Tensor {
    checkTensor("nanToNum", input);
    checkNumber("nanToNum", "nan", nan);
    if (!isFloatingPoint(input.dtype)) return input.clone();
    const big = finfo(input.dtype).max;
    const pi = posinf ?? big;
    const ni = neginf ?? -big;
    const r = where(input.isnan(), nan, input);
    return where(r.isposinf(), pi, where(r.isneginf(), ni, r));
  },
);

/**
 * The fractional part, x − trunc(x), sign kept.
 * @example torch.frac(torch.tensor([1.5, -1.25])) // tensor([ 0.5000, -0.2500])
 */
export const frac = defineOp(
  "frac",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function frac(input: Tensor): Tensor {
    checkTensor("frac", input);
    checkFloat("frac", input);
    return input.sub(input.detach().trunc());
  },
);

/**
 * Step function: 0 for x < 0, `values` at x = 0, 1 for x > 0 (same dtype as `input`).
 * @example torch.heaviside(torch.tensor([-1.5, 0, 2]), torch.tensor([0.5])) // tensor([0.0000, 0.5000, 1.0000])
 */
export const heaviside = defineOp(
  "heaviside",
  { family: "composite", mode: "inplace", maxArgs: 2 },
  function heaviside(input: Tensor, values: Tensor): Tensor {
    checkTensor("heaviside", input);
    checkTensor("heaviside", values, "values");
    if (input.dtype !== values.dtype)
      throw new TypeError(
        `[heaviside] expected input and values to have the same dtype: got ${input.dtype} and ${values.dtype}`,
      );
    return where(input.eq(0), values, input.gt(0).to(input.dtype));
  },
);

/** True where the sign bit is set (x < 0, or −0). @example torch.signbit(torch.tensor([-0.0, 0.5, -2.5])) // tensor([ True, False,  True]) */
export const signbit = defineOp(
  "signbit",
  { family: "composite", mode: "method", maxArgs: 1 },
  function signbit(input: Tensor): Tensor {
    checkTensor("signbit", input);
    if (!isFloatingPoint(input.dtype)) return input.lt(0);
    return input.lt(0).logicalOr(input.eq(0).logicalAnd(input.reciprocal().lt(0)));
  },
);

/** |input| with the sign of `other`; float result. @example torch.copysign(torch.tensor([1, -2]), -1) // tensor([-1., -2.]) */
export const copysign = defineOp(
  "copysign",
  { family: "composite", mode: "inplace", maxArgs: 2 },
  function copysign(input: Num, other: Num): Tensor {
    const [a, b] = floatPair("copysign", input, other);
    return where(signbit(b.detach()), a.abs().neg(), a.abs());
  },
);

/** input · 2^other; float result. @example torch.ldexp(torch.tensor([1]), torch.tensor([3])) // tensor([8.]) */
export const ldexp = defineOp(
  "ldexp",
  { family: "composite", mode: "inplace", maxArgs: 2 },
  function ldexp(input: Tensor, other: Tensor): Tensor {
    checkTensor("ldexp", input);
    checkTensor("ldexp", other, "other");
    const [a, e] = floatPair("ldexp", input, other);
    return a.mul(e.exp2());
  },
);

/** Degrees to radians; float result. @example torch.deg2rad(torch.tensor([180])) // tensor([3.1416]) */
export const deg2rad = defineOp(
  "deg2rad",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function deg2rad(input: Tensor): Tensor {
    checkTensor("deg2rad", input);
    return asFloatTensor("deg2rad", input, "input").mul(Math.PI / 180);
  },
);

/** Radians to degrees; float result. @example torch.rad2deg(torch.tensor([Math.PI])) // tensor([180.]) */
export const rad2deg = defineOp(
  "rad2deg",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function rad2deg(input: Tensor): Tensor {
    checkTensor("rad2deg", input);
    return asFloatTensor("rad2deg", input, "input").mul(180 / Math.PI);
  },
);

/** pow computed in float64 (the result is float64). @example torch.floatPower(torch.tensor([2]), 3) // tensor([8.], dtype=torch.float64) */
export const floatPower = defineOp(
  "floatPower",
  { family: "composite", mode: "inplace", maxArgs: 2 },
  function floatPower(input: Num, exponent: Num): Tensor {
    if (!(input instanceof Tensor) && !(exponent instanceof Tensor))
      throw new TypeError(`[floatPower] expected a Tensor operand: got ${describe(input)} and ${describe(exponent)}`);
    const a =
      input instanceof Tensor
        ? input.to("float64")
        : tensor(checkNumber("floatPower", "input", input), { dtype: "float64" });
    const b = exponent instanceof Tensor ? exponent.to("float64") : checkNumber("floatPower", "exponent", exponent);
    return a.pow(b);
  },
);

function nanAware(op: "fmax" | "fmin", input: Tensor, other: Tensor): Tensor {
  checkTensor(op, input);
  checkTensor(op, other, "other");
  const best = op === "fmax" ? input.maximum(other) : input.minimum(other);
  if (!isFloatingPoint(best.dtype)) return best;
  const dtype = best.dtype;
  const a = input.to(dtype);
  const b = other.to(dtype);
  return where(b.isnan(), a, where(a.isnan(), b, best));
}

/** Elementwise maximum that ignores NaN (NaN only where both are NaN). @example torch.fmax(torch.tensor([NaN, 1]), torch.tensor([2, NaN])) // tensor([2., 1.]) */
export const fmax = defineOp(
  "fmax",
  { family: "composite", mode: "method", maxArgs: 2 },
  function fmax(input: Tensor, other: Tensor): Tensor {
    return nanAware("fmax", input, other);
  },
);

/** Elementwise minimum that ignores NaN. @example torch.fmin(torch.tensor([NaN, 1]), torch.tensor([2, NaN])) // tensor([2., 1.]) */
export const fmin = defineOp(
  "fmin",
  { family: "composite", mode: "method", maxArgs: 2 },
  function fmin(input: Tensor, other: Tensor): Tensor {
    return nanAware("fmin", input, other);
  },
);

/** Inverse hyperbolic sine, log(x + √(x²+1)) with the sign taken apart. @example torch.asinh(torch.tensor([0, 1])) // tensor([0.0000, 0.8814]) */
export const asinh = defineOp(
  "asinh",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function asinh(input: Tensor): Tensor {
    checkTensor("asinh", input);
    const x = asFloatTensor("asinh", input, "input");
    // asinh is odd: evaluate on the non-negative side (accurate for large |x|, derivative 1 at 0)
    const f = (y: Tensor): Tensor => y.add(y.square().add(1).sqrt()).log();
    return where(x.detach().lt(0), f(x.neg()).neg(), f(x));
  },
);

/** Inverse hyperbolic cosine, log(x + √(x²−1)) (NaN below 1). @example torch.acosh(torch.tensor([1, 2])) // tensor([0.0000, 1.3170]) */
export const acosh = defineOp(
  "acosh",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function acosh(input: Tensor): Tensor {
    checkTensor("acosh", input);
    const x = asFloatTensor("acosh", input, "input");
    return x.add(x.sub(1).sqrt().mul(x.add(1).sqrt())).log();
  },
);

/** Inverse hyperbolic tangent, ½·log1p(2x/(1−x)). @example torch.atanh(torch.tensor([0, 0.5])) // tensor([0.0000, 0.5493]) */
export const atanh = defineOp(
  "atanh",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function atanh(input: Tensor): Tensor {
    checkTensor("atanh", input);
    const x = asFloatTensor("atanh", input, "input");
    return x.mul(2).div(x.neg().add(1)).log1p().mul(0.5);
  },
);

/** PyTorch's `arccos` spelling of {@link acos}. */
export const arccos = alias("arccos", acos);
/** PyTorch's `arcsin` spelling of {@link asin}. */
export const arcsin = alias("arcsin", asin);
/** PyTorch's `arctan` spelling of {@link atan}. */
export const arctan = alias("arctan", atan);
/** PyTorch's `arccosh` spelling of {@link acosh}. */
export const arccosh = alias("arccosh", acosh);
/** PyTorch's `arcsinh` spelling of {@link asinh}. */
export const arcsinh = alias("arcsinh", asinh);
/** PyTorch's `arctanh` spelling of {@link atanh}. */
export const arctanh = alias("arctanh", atanh);
/** PyTorch's `row_stack` spelling of {@link vstack}. */
export const rowStack = alias("rowStack", vstack);

/** The input itself (PyTorch's unary plus); bool tensors are refused. @example torch.positive(torch.tensor([-1])) // tensor([-1]) */
export const positive = defineOp(
  "positive",
  { family: "composite", mode: "method", maxArgs: 1 },
  function positive(input: Tensor): Tensor {
    checkTensor("positive", input);
    if (input.dtype === "bool")
      throw new TypeError(`[positive] the unary + is not supported for bool tensors: got bool`);
    return input;
  },
);

// ---- differences, scans, integration ----------------------------------------------------------

const DIFF_KEYS = optionKeys("prepend", "append");

/**
 * n-th forward difference along `dim` (default the last), optionally with `prepend`/`append`
 * concatenated first. Bool tensors use XOR as PyTorch does.
 * @example torch.diff(torch.tensor([1, 3, 6, 10])) // tensor([2, 3, 4])
 */
export const diff = defineOp(
  "diff",
  { family: "composite", mode: "method", maxArgs: 4 },
  function diff(input: Tensor, n = 1, dim = -1, opts?: { prepend?: Tensor; append?: Tensor }): Tensor {
    checkTensor("diff", input);
    checkInt("diff", "n", n, 0);
    checkInt("diff", "dim", dim, -Infinity);
    if (opts !== undefined) checkOptions("diff", opts, DIFF_KEYS);
    if (input.dim() === 0) throw new RangeError(`[diff] expected a tensor of at least 1 dimension: got a 0-d tensor`);
    const d = normalizeDim("diff", dim, input.dim());
    let x = input;
    const parts: Tensor[] = [];
    if (opts?.prepend !== undefined) parts.push(opts.prepend);
    parts.push(x);
    if (opts?.append !== undefined) parts.push(opts.append);
    if (parts.length > 1) x = cat(parts, d);
    for (let i = 0; i < n && x.shape[d]! > 0; i++) {
      const len = x.shape[d]! - 1;
      const hi = x.narrow(d, 1, len);
      const lo = x.narrow(d, 0, len);
      x = x.dtype === "bool" ? hi.logicalXor(lo) : hi.sub(lo);
    }
    return x;
  },
);

function cumExtreme(op: "cummax" | "cummin", input: Tensor, dim: number): [Tensor, Tensor] {
  checkTensor(op, input);
  checkInt(op, "dim", dim, -Infinity);
  const nd = Math.max(input.dim(), 1);
  const d = normalizeDim(op, dim, nd);
  const x = input.dim() === 0 ? input.reshape([1]) : input;
  const n = x.shape[d]!;
  if (n === 0) {
    return [x.clone(), zeros(x.shape, { dtype: "int64" })];
  }
  const vals: Tensor[] = [];
  const idxs: Tensor[] = [];
  let prev = x.select(d, 0);
  let prevIdx = zeros(prev.shape, { dtype: "int64" });
  vals.push(prev);
  idxs.push(prevIdx);
  const float = isFloatingPoint(x.dtype);
  for (let i = 1; i < n; i++) {
    const cur = x.select(d, i);
    const c = cur.detach();
    const p = prev.detach();
    let take = op === "cummax" ? c.ge(p) : c.le(p);
    if (float) take = c.isnan().logicalOr(p.isnan().logicalNot().logicalAnd(take));
    prev = where(take, cur, prev);
    prevIdx = where(take, full(prevIdx.shape, i, { dtype: "int64" }), prevIdx);
    vals.push(prev);
    idxs.push(prevIdx);
  }
  const v = stack(vals, d);
  const ix = stack(idxs, d);
  return input.dim() === 0 ? [v.reshape([]), ix.reshape([])] : [v, ix];
}

/**
 * Running maximum along `dim` and the index where it was reached (the latest on ties; NaN
 * propagates). Returns `[values, indices]`.
 * @example torch.cummax(torch.tensor([1, 3, 2]), 0)[0] // tensor([1, 3, 3])
 */
export const cummax = defineOp(
  "cummax",
  { family: "composite", mode: "method", maxArgs: 2 },
  function cummax(input: Tensor, dim: number): [Tensor, Tensor] {
    return cumExtreme("cummax", input, dim);
  },
);

/** Running minimum along `dim` and its indices; see {@link cummax}. @example torch.cummin(torch.tensor([3, 1, 2]), 0)[0] // tensor([3, 1, 1]) */
export const cummin = defineOp(
  "cummin",
  { family: "composite", mode: "method", maxArgs: 2 },
  function cummin(input: Tensor, dim: number): [Tensor, Tensor] {
    return cumExtreme("cummin", input, dim);
  },
);

const TRAPZ_KEYS = optionKeys("dx", "dim");

function trapezoidParts(op: string, y: Tensor, xOrOpts: unknown, opts: unknown): { dx: Tensor | number; dim: number } {
  checkTensor(op, y, "y");
  let x: Tensor | number | undefined;
  let o: { dx?: number; dim?: number } | undefined;
  if (xOrOpts instanceof Tensor || typeof xOrOpts === "number") {
    x = xOrOpts;
    o = opts as typeof o;
  } else o = xOrOpts as typeof o;
  if (o !== undefined) checkOptions(op, o, TRAPZ_KEYS);
  if (x !== undefined && o?.dx !== undefined) throw new TypeError(`[${op}] pass either x or dx, not both`);
  const dim = normalizeDim(op, checkInt(op, "dim", o?.dim ?? -1, -Infinity), y.dim());
  if (x instanceof Tensor) {
    const n = y.shape[dim]!;
    const xs = x.dim() === 1 ? x : x.movedim(dim, -1);
    const dxs = xs.narrow(-1, 1, Math.max(n - 1, 0)).sub(xs.narrow(-1, 0, Math.max(n - 1, 0)));
    return { dx: x.dim() === 1 ? dxs : dxs.movedim(-1, dim), dim };
  }
  return { dx: x ?? o?.dx ?? 1, dim };
}

function trapezoidTerms(op: string, y: Tensor, xOrOpts: unknown, opts: unknown): { terms: Tensor; dim: number } {
  const { dx, dim } = trapezoidParts(op, y, xOrOpts, opts);
  const yf = asFloatTensor(op, y, "y");
  const n = yf.shape[dim]!;
  const m = Math.max(n - 1, 0);
  let avg = yf
    .narrow(dim, 1, m)
    .add(yf.narrow(dim, 0, m))
    .mul(0.5);
  if (dx instanceof Tensor && dx.dim() === 1 && y.dim() > 1) {
    const shape = y.shape.map((_, i) => (i === dim ? m : 1));
    avg = avg.mul(dx.reshape(shape));
  } else avg = avg.mul(dx);
  return { terms: avg, dim };
}

/**
 * Trapezoid-rule integral of `y` along `dim` (default −1), with sample points `x` (a tensor)
 * or spacing `dx` (a number, or `{ dx }`; default 1).
 * @example torch.trapezoid(torch.tensor([1, 2, 3])) // tensor(4.)
 */
export const trapezoid = defineOp(
  "trapezoid",
  { family: "composite", maxArgs: 3 },
  function trapezoid(
    y: Tensor,
    x?: Tensor | number | { dx?: number; dim?: number },
    opts?: { dx?: number; dim?: number },
  ): Tensor {
    const { terms, dim } = trapezoidTerms("trapezoid", y, x, opts);
    return terms.sum(dim);
  },
);

/** PyTorch's older spelling of {@link trapezoid}. */
export const trapz = alias("trapz", trapezoid);

/**
 * Running trapezoid-rule integral along `dim` (one fewer element than `y` along it).
 * @example torch.cumulativeTrapezoid(torch.tensor([1, 2, 3])) // tensor([1.5000, 4.0000])
 */
export const cumulativeTrapezoid = defineOp(
  "cumulativeTrapezoid",
  { family: "composite", maxArgs: 3 },
  function cumulativeTrapezoid(
    y: Tensor,
    x?: Tensor | number | { dx?: number; dim?: number },
    opts?: { dx?: number; dim?: number },
  ): Tensor {
    const { terms, dim } = trapezoidTerms("cumulativeTrapezoid", y, x, opts);
    return terms.cumsum(dim);
  },
);

// ---- products ---------------------------------------------------------------------------------

/**
 * Cross product of 3-vectors along `dim` (default: the first dimension of size 3, as
 * `torch.cross` does; `torch.linalg.cross` defaults to −1). Operands broadcast.
 * @example torch.cross(torch.tensor([1, 0, 0]), torch.tensor([0, 1, 0])) // tensor([0, 0, 1])
 */
export const cross = defineOp(
  "cross",
  { family: "composite", mode: "method", maxArgs: 3 },
  function cross(input: Tensor, other: Tensor, dim?: number | null): Tensor {
    checkTensor("cross", input);
    checkTensor("cross", other, "other");
    const dtype = resultType([promotionOperand(input), promotionOperand(other)]);
    const [a, b] = [input.to(dtype), other.to(dtype)];
    const shape = broadcastPair(a, b);
    const ae = a.expand(shape);
    const be = b.expand(shape);
    let d: number;
    if (dim === undefined || dim === null) {
      d = shape.findIndex((s) => s === 3);
      if (d < 0) throw new RangeError(`[cross] no dimension of size 3 in input: got shape [${shape.join(", ")}]`);
    } else d = normalizeDim("cross", checkInt("cross", "dim", dim, -Infinity), shape.length);
    if (shape[d] !== 3) throw new RangeError(`[cross] expected dimension ${d} to have size 3: got ${shape[d]}`);
    return ae
      .roll(-1, d)
      .mul(be.roll(-2, d))
      .sub(ae.roll(-2, d).mul(be.roll(-1, d)));
  },
);

function broadcastPair(a: Tensor, b: Tensor): number[] {
  const n = Math.max(a.dim(), b.dim());
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a.shape[a.dim() - n + i] ?? 1;
    const y = b.shape[b.dim() - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1)
      throw new RangeError(`[cross] shapes [${a.shape.join(", ")}] and [${b.shape.join(", ")}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/**
 * Kronecker product: the block tensor of input[i]·other.
 * @example torch.kron(torch.eye(2), torch.ones(2, 2)).shape // [4, 4]
 */
export const kron = defineOp(
  "kron",
  { family: "composite", mode: "method", maxArgs: 2 },
  function kron(input: Tensor, other: Tensor): Tensor {
    checkTensor("kron", input);
    checkTensor("kron", other, "other");
    const n = Math.max(input.dim(), other.dim());
    const sa = [...Array<number>(n - input.dim()).fill(1), ...input.shape];
    const sb = [...Array<number>(n - other.dim()).fill(1), ...other.shape];
    const a = input.reshape(sa.flatMap((s) => [s, 1]));
    const b = other.reshape(sb.flatMap((s) => [1, s]));
    return a.mul(b).reshape(sa.map((s, i) => s * sb[i]!));
  },
);

/**
 * Contracts the last `dims` dimensions of `a` with the first `dims` of `b`, or the listed pairs
 * `[dimsA, dimsB]`.
 * @example torch.tensordot(torch.ones(3, 4), torch.ones(4, 5), 1).shape // [3, 5]
 */
export const tensordot = defineOp(
  "tensordot",
  { family: "composite", maxArgs: 3 },
  function tensordot(
    a: Tensor,
    b: Tensor,
    dims: number | readonly [readonly number[] | number, readonly number[] | number] = 2,
  ): Tensor {
    checkTensor("tensordot", a, "a");
    checkTensor("tensordot", b, "b");
    let da: number[];
    let db: number[];
    if (typeof dims === "number") {
      checkInt("tensordot", "dims", dims, 0);
      if (dims > a.dim() || dims > b.dim())
        throw new RangeError(
          `[tensordot] dims must be at most both ranks: got ${dims} for ranks ${a.dim()} and ${b.dim()}`,
        );
      da = Array.from({ length: dims }, (_, i) => a.dim() - dims + i);
      db = Array.from({ length: dims }, (_, i) => i);
    } else if (Array.isArray(dims) && dims.length === 2) {
      const [x, y] = dims as [readonly number[] | number, readonly number[] | number];
      da = (typeof x === "number" ? [x] : [...x]).map((d) => normalizeDim("tensordot", d, a.dim()));
      db = (typeof y === "number" ? [y] : [...y]).map((d) => normalizeDim("tensordot", d, b.dim()));
      if (da.length !== db.length)
        throw new RangeError(`[tensordot] both dim lists must have the same length: got ${da.length} and ${db.length}`);
    } else throw new TypeError(`[tensordot] expected dims to be a number or [dimsA, dimsB]: got ${describe(dims)}`);
    for (let i = 0; i < da.length; i++) {
      if (a.shape[da[i]!] !== b.shape[db[i]!])
        throw new RangeError(
          `[tensordot] contracted dimensions must match: got ${a.shape[da[i]!]} (a dim ${da[i]}) and ${b.shape[db[i]!]} (b dim ${db[i]})`,
        );
    }
    const fa = a.shape.map((_, i) => i).filter((i) => !da.includes(i));
    const fb = b.shape.map((_, i) => i).filter((i) => !db.includes(i));
    const k = da.reduce((p, d) => p * a.shape[d]!, 1);
    const m = fa.reduce((p, d) => p * a.shape[d]!, 1);
    const n = fb.reduce((p, d) => p * b.shape[d]!, 1);
    const am = a.permute([...fa, ...da]).reshape([m, k]);
    const bm = b.permute([...db, ...fb]).reshape([k, n]);
    return am.matmul(bm).reshape([...fa.map((d) => a.shape[d]!), ...fb.map((d) => b.shape[d]!)]);
  },
);

/**
 * Einstein summation: `"ij,jk->ik"`, implicit output (`"ij,jk"`: the once-seen letters in
 * alphabetical order), repeated letters within one operand (diagonals: `"ii->i"`), and `...`
 * for broadcast batch dimensions. Operands are given after the equation or as one array.
 * @example torch.einsum("ij,jk->ik", torch.ones(2, 3), torch.ones(3, 4)).shape // [2, 4]
 */
export const einsum = defineOp(
  "einsum",
  { family: "composite", maxArgs: Infinity },
  function einsum(equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor {
    if (typeof equation !== "string")
      throw new TypeError(`[einsum] expected the equation to be a string: got ${describe(equation)}`);
    const ops: Tensor[] =
      operands.length === 1 && Array.isArray(operands[0]) ? [...(operands[0] as Tensor[])] : (operands as Tensor[]);
    ops.forEach((t, i) => checkTensor("einsum", t, `operand ${i}`));
    const eq = equation.replace(/\s+/g, "");
    const [lhs, rhs] = eq.includes("->") ? (eq.split("->") as [string, string]) : [eq, undefined];
    const terms = lhs.split(",");
    if (terms.length !== ops.length)
      throw new RangeError(
        `[einsum] the equation has ${terms.length} operand(s) but ${ops.length} tensor(s) were given`,
      );
    // "..." becomes a run of capital letters, as many as the operand's broadcast dims
    let ell = 0;
    const expanded: string[] = terms.map((t, i) => {
      const letters = t.replace("...", "");
      if (!/^[a-zA-Z]*$/.test(letters))
        throw new RangeError(`[einsum] invalid subscript "${t}": only letters and "..."`);
      if (!t.includes("...")) {
        if (letters.length !== ops[i]!.dim())
          throw new RangeError(
            `[einsum] operand ${i} has ${ops[i]!.dim()} dimension(s) but the subscript "${t}" names ${letters.length}`,
          );
        return t;
      }
      const k = ops[i]!.dim() - letters.length;
      if (k < 0) throw new RangeError(`[einsum] operand ${i} has fewer dimensions than the subscript "${t}" names`);
      ell = Math.max(ell, k);
      return t.replace("...", ELL.slice(ELL.length - k));
    });
    const ellLetters = ELL.slice(ELL.length - ell);
    let out: string;
    if (rhs !== undefined) out = rhs.replace("...", ellLetters);
    else {
      const counts = new Map<string, number>();
      for (const t of expanded) for (const c of t) counts.set(c, (counts.get(c) ?? 0) + 1);
      out =
        ellLetters +
        [...counts]
          .filter(([c, n]) => n === 1 && !ELL.includes(c))
          .map(([c]) => c)
          .sort()
          .join("");
    }
    // take repeated letters' diagonals so each operand's letters are distinct
    const prepared = ops.map((t, i) => {
      let s = expanded[i]!;
      let x = t;
      for (;;) {
        const dup = [...s].findIndex((c, j) => s.indexOf(c) !== j);
        if (dup < 0) break;
        const first = s.indexOf(s[dup]!);
        x = x.diagonal(0, first, dup); // the diagonal goes last
        s = s.slice(0, first) + s.slice(first + 1, dup) + s.slice(dup + 1) + s[dup]!;
      }
      return { x, s };
    });
    const all = [...new Set(prepared.flatMap((p) => [...p.s]).concat([...out]))];
    for (const c of out) {
      if (!prepared.some((p) => p.s.includes(c)))
        throw new RangeError(`[einsum] output subscript "${c}" does not appear in any operand`);
    }
    // align every operand to the `all` order, then multiply (broadcast) and sum the rest
    let acc: Tensor | undefined;
    for (const { x, s } of prepared) {
      const present = all.filter((c) => s.includes(c));
      const perm = present.map((c) => s.indexOf(c));
      const aligned = x.permute(perm).reshape(all.map((c) => (s.includes(c) ? x.shape[s.indexOf(c)]! : 1)));
      acc = acc === undefined ? aligned : acc.mul(aligned);
    }
    let r = acc!;
    const sumDims = all.map((c, i) => (out.includes(c) ? -1 : i)).filter((i) => i >= 0);
    if (sumDims.length > 0) r = r.sum(sumDims);
    const left = all.filter((c) => out.includes(c));
    const finalShape = r.shape;
    r = r.reshape(finalShape);
    return [...out].length === 0 ? r : r.permute([...out].map((c) => left.indexOf(c)));
  },
);
const ELL = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * p-norm distance between each pair of rows of `x1` [..., P, M] and `x2` [..., R, M]: [..., P, R].
 * @example torch.cdist(torch.zeros(1, 2), torch.tensor([[3, 4]])) // tensor([[5.]])
 */
export const cdist = defineOp(
  "cdist",
  { family: "composite", maxArgs: 3 },
  function cdist(x1: Tensor, x2: Tensor, p = 2): Tensor {
    checkTensor("cdist", x1, "x1");
    checkTensor("cdist", x2, "x2");
    checkNumber("cdist", "p", p);
    if (p < 0) throw new RangeError(`[cdist] p must be non-negative: got ${p}`);
    if (x1.dim() < 2 || x2.dim() < 2)
      throw new RangeError(`[cdist] expected x1 and x2 of at least 2 dimensions: got ${x1.dim()} and ${x2.dim()}`);
    if (x1.shape[x1.dim() - 1] !== x2.shape[x2.dim() - 1])
      throw new RangeError(
        `[cdist] x1 and x2 must have the same number of columns: got ${x1.shape[x1.dim() - 1]} and ${x2.shape[x2.dim() - 1]}`,
      );
    checkFloat("cdist", x1);
    const d = x1.unsqueeze(-2).sub(x2.unsqueeze(-3));
    if (p === 0) return d.ne(0).to(d.dtype).sum(-1);
    if (p === Infinity) return d.abs().amax(-1);
    if (p === 1) return d.abs().sum(-1);
    if (p === 2) return d.square().sum(-1).sqrt();
    return d
      .abs()
      .pow(p)
      .sum(-1)
      .pow(1 / p);
  },
);

// ---- counting ---------------------------------------------------------------------------------

/**
 * Counts of each value of a 1-D non-negative integer tensor (or sums of `weights` there), with
 * at least `minlength` bins. int64 counts; with float weights, the weights' dtype.
 * @example torch.bincount(torch.tensor([0, 2, 2])) // tensor([1, 0, 2])
 */
export const bincount = defineOp(
  "bincount",
  { family: "composite", mode: "method", maxArgs: 3 },
  function bincount(input: Tensor, weights?: Tensor | null, minlength = 0): Tensor {
    checkTensor("bincount", input);
    checkInt("bincount", "minlength", minlength, 0);
    if (input.dim() !== 1 || isFloatingPoint(input.dtype) || input.dtype === "bool")
      throw new TypeError(`[bincount] expected a 1-D integer tensor: got ${input.dim()}-D ${input.dtype}`);
    if (input.numel() > 0 && (input.min().item() as number) < 0)
      throw new RangeError(`[bincount] expected non-negative values: got ${String(input.min().item())}`);
    const size = Math.max(minlength, input.numel() > 0 ? Number(input.max().item()) + 1 : 0);
    const idx = input.to("int64");
    if (weights === undefined || weights === null) {
      return zeros([size], { dtype: "int64" }).scatterAdd(0, idx, full([input.numel()], 1, { dtype: "int64" }));
    }
    checkTensor("bincount", weights, "weights");
    if (weights.dim() !== 1 || weights.shape[0] !== input.shape[0])
      throw new RangeError(
        `[bincount] weights must be 1-D with input's length ${input.shape[0]}: got shape [${weights.shape.join(", ")}]`,
      );
    const w = isFloatingPoint(weights.dtype) ? weights : weights.to("float64");
    return zeros([size], { dtype: w.dtype }).scatterAdd(0, idx, w);
  },
);

/**
 * Histogram of `input` with `bins` equal bins over [min, max] (both 0: the data's range);
 * values outside are ignored. Same float dtype as `input`.
 * @example torch.histc(torch.tensor([1.5, 2.5, 1.5]), 4, 0, 3) // tensor([0., 0., 2., 1.])
 */
export const histc = defineOp(
  "histc",
  { family: "composite", mode: "method", maxArgs: 4 },
  function histc(input: Tensor, bins = 100, min = 0, max = 0): Tensor {
    checkTensor("histc", input);
    checkFloat("histc", input);
    checkInt("histc", "bins", bins, 1);
    checkNumber("histc", "min", min);
    checkNumber("histc", "max", max);
    if (min > max) throw new RangeError(`[histc] max must be larger than min: got min ${min}, max ${max}`);
    return noGrad(() => {
      const x = input.detach().reshape([-1]);
      let lo = min;
      let hi = max;
      if (lo === hi && x.numel() > 0) {
        lo = Number(x.min().item());
        hi = Number(x.max().item());
      }
      if (lo === hi) {
        lo -= 1;
        hi += 1;
      }
      const inside = x.ge(lo).logicalAnd(x.le(hi));
      const v = x.maskedSelect(inside);
      const b = v
        .sub(lo)
        .mul(bins / (hi - lo))
        .floor()
        .clamp(0, bins - 1)
        .to("int64");
      return zeros([bins], { dtype: input.dtype }).scatterAdd(0, b, full([v.numel()], 1, { dtype: input.dtype }));
    });
  },
);

const SEARCH_KEYS = optionKeys("right", "side", "outInt32", "sorter");

function countBelow(op: string, seq: Tensor, values: Tensor, right: boolean, outInt32: boolean): Tensor {
  return noGrad(() => {
    const scalar = values.dim() === 0;
    const v = scalar ? values.reshape([1]) : values;
    let cmp: Tensor;
    if (seq.dim() === 1) {
      const s = seq.reshape([...Array<number>(v.dim()).fill(1), seq.shape[0]!]);
      cmp = right ? s.le(v.unsqueeze(-1)) : s.lt(v.unsqueeze(-1));
    } else {
      if (seq.dim() !== v.dim() || seq.shape.slice(0, -1).some((s, i) => s !== v.shape[i]))
        throw new RangeError(
          `[${op}] boundaries and input must have the same leading dimensions: got [${seq.shape.join(", ")}] and [${v.shape.join(", ")}]`,
        );
      cmp = right ? seq.unsqueeze(-2).le(v.unsqueeze(-1)) : seq.unsqueeze(-2).lt(v.unsqueeze(-1));
    }
    const r = cmp.sum(-1).to(outInt32 ? "int32" : "int64");
    return scalar ? r.reshape([]) : r;
  });
}

/**
 * Indices where `values` would be inserted into the sorted last dimension of `sortedSequence`
 * to keep it sorted (`right`/`side: "right"`: after equal elements). int64 (or int32).
 * @example torch.searchsorted(torch.tensor([1, 3, 5]), torch.tensor([3, 6])) // tensor([1, 3])
 */
export const searchsorted = defineOp(
  "searchsorted",
  { family: "composite", maxArgs: 3 },
  function searchsorted(
    sortedSequence: Tensor,
    values: Tensor | number,
    opts?: { right?: boolean; side?: "left" | "right"; outInt32?: boolean; sorter?: Tensor },
  ): Tensor {
    checkTensor("searchsorted", sortedSequence, "sortedSequence");
    if (opts !== undefined) checkOptions("searchsorted", opts, SEARCH_KEYS);
    const right = checkBool("searchsorted", "right", opts?.right ?? false);
    const side = opts?.side;
    if (side !== undefined && side !== "left" && side !== "right")
      throw new RangeError(`[searchsorted] side must be "left" or "right": got ${describe(side)}`);
    if (side === "left" && right) throw new RangeError(`[searchsorted] side "left" contradicts right: true`);
    let seq = sortedSequence;
    if (opts?.sorter !== undefined) seq = seq.gather(-1, opts.sorter);
    const v =
      values instanceof Tensor ? values : tensor(checkNumber("searchsorted", "values", values), { dtype: seq.dtype });
    return countBelow("searchsorted", seq, v, right || side === "right", opts?.outInt32 ?? false);
  },
);

const BUCKET_KEYS = optionKeys("right", "outInt32");

/**
 * The bucket of each input value among 1-D sorted `boundaries`: i with b[i−1] < x ≤ b[i]
 * (`right`: b[i−1] ≤ x < b[i]).
 * @example torch.bucketize(torch.tensor([1, 5, 9]), torch.tensor([2, 6])) // tensor([0, 1, 2])
 */
export const bucketize = defineOp(
  "bucketize",
  { family: "composite", maxArgs: 3 },
  function bucketize(
    input: Tensor | number,
    boundaries: Tensor,
    opts?: { right?: boolean; outInt32?: boolean },
  ): Tensor {
    checkTensor("bucketize", boundaries, "boundaries");
    if (opts !== undefined) checkOptions("bucketize", opts, BUCKET_KEYS);
    if (boundaries.dim() !== 1) throw new RangeError(`[bucketize] expected 1-D boundaries: got ${boundaries.dim()}-D`);
    const v =
      input instanceof Tensor ? input : tensor(checkNumber("bucketize", "input", input), { dtype: boundaries.dtype });
    return countBelow("bucketize", boundaries, v, opts?.right ?? false, opts?.outInt32 ?? false);
  },
);

const MULTINOMIAL_KEYS = optionKeys("generator");

/**
 * Draws `numSamples` category indices from each row of non-negative weights `input` (1-D or
 * 2-D; rows need not sum to 1), with or without replacement, from the seeded generator. The
 * draws follow PyTorch's distribution; the exact streams differ from PyTorch's.
 * @example torch.multinomial(torch.tensor([0, 1, 0], { dtype: "float32" }), 2, true) // tensor([1, 1])
 */
export const multinomial = defineOp(
  "multinomial",
  { family: "composite", mode: "method", maxArgs: 4 },
  function multinomial(
    input: Tensor,
    numSamples: number,
    replacement = false,
    opts?: { generator?: Generator },
  ): Tensor {
    checkTensor("multinomial", input);
    checkInt("multinomial", "numSamples", numSamples, 1);
    checkBool("multinomial", "replacement", replacement);
    if (opts !== undefined) checkOptions("multinomial", opts, MULTINOMIAL_KEYS);
    checkFloat("multinomial", input);
    if (input.dim() !== 1 && input.dim() !== 2)
      throw new RangeError(`[multinomial] expected a 1-D or 2-D weight tensor: got ${input.dim()}-D`);
    return noGrad(() => {
      const p = input.dim() === 1 ? input.unsqueeze(0) : input;
      const [rows, n] = [p.shape[0]!, p.shape[1]!];
      if (p.lt(0).any().item() || p.isfinite().logicalNot().any().item())
        throw new RangeError(`[multinomial] probabilities must be finite and non-negative`);
      const positive = p.gt(0).sum(1);
      if (positive.eq(0).any().item()) throw new RangeError(`[multinomial] a row of weights sums to 0`);
      if (!replacement && numSamples > n)
        throw new RangeError(
          `[multinomial] cannot draw ${numSamples} samples without replacement from ${n} categories`,
        );
      if (!replacement && positive.lt(numSamples).any().item())
        throw new RangeError(
          `[multinomial] not enough categories with non-zero weight to draw ${numSamples} without replacement`,
        );
      const g =
        opts?.generator !== undefined
          ? { generator: opts.generator, dtype: "float64" as const }
          : { dtype: "float64" as const };
      const pd = p.to("float64");
      let out: Tensor;
      if (replacement) {
        const cdf = pd.cumsum(1);
        const u = rand([rows, numSamples], g).mul(cdf.narrow(1, n - 1, 1));
        out = countBelow("multinomial", cdf, u, true, false).clamp(0, n - 1);
        // a category of weight 0 is never drawn: move draws off zero-width bins
        out = where(pd.gather(1, out).eq(0), countBelow("multinomial", cdf, u, false, false).clamp(0, n - 1), out);
      } else {
        // exponential race: the order of -log(u)/p is sequential sampling without replacement
        const keys = rand([rows, n], g).log().neg().div(pd);
        out = keys.topk(numSamples, 1, false)[1];
      }
      return input.dim() === 1 ? out.reshape([numSamples]) : out;
    });
  },
);

// ---- shapes -----------------------------------------------------------------------------------

/**
 * Rotates by 90° `k` times in the plane of `dims` (from the first axis towards the second).
 * @example torch.rot90(torch.tensor([[1, 2], [3, 4]])) // tensor([[2, 4], [1, 3]])
 */
export const rot90 = defineOp(
  "rot90",
  { family: "composite", mode: "method", maxArgs: 3 },
  function rot90(input: Tensor, k = 1, dims: readonly number[] = [0, 1]): Tensor {
    checkTensor("rot90", input);
    checkInt("rot90", "k", k, -Infinity);
    if (!Array.isArray(dims) || dims.length !== 2)
      throw new RangeError(`[rot90] expected dims to have 2 entries: got ${describe(dims)}`);
    if (input.dim() < 2) throw new RangeError(`[rot90] expected at least 2 dimensions: got ${input.dim()}`);
    const d0 = normalizeDim("rot90", dims[0]!, input.dim());
    const d1 = normalizeDim("rot90", dims[1]!, input.dim());
    if (d0 === d1) throw new RangeError(`[rot90] the two dims must differ: got ${dims[0]} and ${dims[1]}`);
    const r = ((k % 4) + 4) % 4;
    if (r === 1) return input.flip([d1]).transpose(d0, d1);
    if (r === 2) return input.flip([d0, d1]);
    if (r === 3) return input.flip([d0]).transpose(d0, d1);
    return input.clone();
  },
);

/**
 * Puts the last dimension on the diagonal (`offset` above it for > 0) of new dimensions
 * `dim1`, `dim2`.
 * @example torch.diagEmbed(torch.tensor([1, 2])) // tensor([[1, 0], [0, 2]])
 */
export const diagEmbed = defineOp(
  "diagEmbed",
  { family: "composite", mode: "method", maxArgs: 4 },
  function diagEmbed(input: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
    checkTensor("diagEmbed", input);
    checkInt("diagEmbed", "offset", offset, -Infinity);
    const nd = input.dim() + 1;
    const a = normalizeDim("diagEmbed", dim1, nd);
    const b = normalizeDim("diagEmbed", dim2, nd);
    if (a === b) throw new RangeError(`[diagEmbed] dim1 and dim2 must differ: got ${dim1} and ${dim2}`);
    const n = input.shape[input.dim() - 1] ?? 1;
    const x = input.dim() === 0 ? input.reshape([1]) : input;
    const dtype = input.dtype === "bool" ? "bool" : input.dtype;
    const e = eye(n, { dtype: dtype === "bool" ? "int64" : dtype });
    let m = input.dtype === "bool" ? x.unsqueeze(-1).to("int64").mul(e).to("bool") : x.unsqueeze(-1).mul(e);
    const k = Math.abs(offset);
    if (k > 0) {
      const lead = m.shape.slice(0, -2);
      const zr = zeros([...lead, n, k], { dtype: m.dtype });
      const zc = zeros([...lead, k, n + k], { dtype: m.dtype });
      m = offset > 0 ? cat([cat([zr, m], -1), zc], -2) : cat([zc, cat([m, zr], -1)], -2);
    }
    // m's matrix dims are the last two: move them to (a, b)
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let r = m.movedim([-2, -1], [lo, hi]);
    if (a > b) r = r.transpose(lo, hi);
    return r;
  },
);

/**
 * 1-D input: the matrix with it on diagonal `diagonal`; 2-D input: that diagonal (a copy).
 * @example torch.diag(torch.tensor([1, 2])) // tensor([[1, 0], [0, 2]])
 */
export const diag = defineOp(
  "diag",
  { family: "composite", mode: "method", maxArgs: 2 },
  function diag(input: Tensor, diagonal = 0): Tensor {
    checkTensor("diag", input);
    checkInt("diag", "diagonal", diagonal, -Infinity);
    if (input.dim() === 1) return diagEmbed(input, diagonal);
    if (input.dim() === 2) return input.diagonal(diagonal).clone();
    throw new RangeError(`[diag] expected a 1-D or 2-D tensor: got ${input.dim()}-D`);
  },
);

/** The flattened input on diagonal `offset` of a square matrix. @example torch.diagflat(torch.tensor([[1, 2]])) // tensor([[1, 0], [0, 2]]) */
export const diagflat = defineOp(
  "diagflat",
  { family: "composite", mode: "method", maxArgs: 2 },
  function diagflat(input: Tensor, offset = 0): Tensor {
    checkTensor("diagflat", input);
    return diagEmbed(input.reshape([-1]), offset);
  },
);

function atleast(op: string, nd: number, args: unknown[]): Tensor | Tensor[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const one = (t: unknown): Tensor => {
    checkTensor(op, t);
    if (t.dim() >= nd) return t;
    if (nd === 1) return t.reshape([1]);
    if (nd === 2) return t.dim() === 0 ? t.reshape([1, 1]) : t.unsqueeze(0);
    if (t.dim() === 0) return t.reshape([1, 1, 1]);
    if (t.dim() === 1) return t.reshape([1, t.shape[0]!, 1]);
    return t.unsqueeze(-1);
  };
  if (args.length === 1 && !Array.isArray(args[0])) return one(args[0]);
  return list.map(one);
}

/** Views with at least one dimension (one tensor, several, or an array). @example torch.atleast1d(torch.tensor(3)).shape // [1] */
export const atleast1d = defineOp(
  "atleast1d",
  { family: "composite", maxArgs: Infinity },
  function atleast1d(...tensors: (Tensor | readonly Tensor[])[]): Tensor | Tensor[] {
    return atleast("atleast1d", 1, tensors);
  },
);
/** Views with at least two dimensions (1-D [n] → [1, n]). @example torch.atleast2d(torch.tensor([1, 2])).shape // [1, 2] */
export const atleast2d = defineOp(
  "atleast2d",
  { family: "composite", maxArgs: Infinity },
  function atleast2d(...tensors: (Tensor | readonly Tensor[])[]): Tensor | Tensor[] {
    return atleast("atleast2d", 2, tensors);
  },
);
/** Views with at least three dimensions ([n] → [1, n, 1], [m, n] → [m, n, 1]). @example torch.atleast3d(torch.tensor([1, 2])).shape // [1, 2, 1] */
export const atleast3d = defineOp(
  "atleast3d",
  { family: "composite", maxArgs: Infinity },
  function atleast3d(...tensors: (Tensor | readonly Tensor[])[]): Tensor | Tensor[] {
    return atleast("atleast3d", 3, tensors);
  },
);

const MESH_KEYS = optionKeys("indexing");

/**
 * Coordinate grids from 1-D tensors: `indexing: "ij"` (default, matrix) or `"xy"` (Cartesian:
 * the first two outputs' dims swapped). Tensors are given as arguments or one array.
 * @example torch.meshgrid(torch.tensor([1, 2]), torch.tensor([3, 4, 5]))[0].shape // [2, 3]
 */
export const meshgrid = defineOp(
  "meshgrid",
  { family: "composite", maxArgs: Infinity },
  function meshgrid(...args: (Tensor | readonly Tensor[] | { indexing?: "ij" | "xy" })[]): Tensor[] {
    let indexing: "ij" | "xy" = "ij";
    const last = args[args.length - 1];
    if (last !== undefined && !(last instanceof Tensor) && !Array.isArray(last)) {
      checkOptions("meshgrid", last, MESH_KEYS);
      const ix = (last as { indexing?: unknown }).indexing ?? "ij";
      if (ix !== "ij" && ix !== "xy")
        throw new RangeError(`[meshgrid] indexing must be "ij" or "xy": got ${describe(ix)}`);
      indexing = ix;
      args = args.slice(0, -1);
    }
    const ts = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as Tensor[];
    ts.forEach((t, i) => {
      checkTensor("meshgrid", t, `tensor ${i}`);
      if (t.dim() > 1) throw new RangeError(`[meshgrid] expected 0-D or 1-D tensors: got ${t.dim()}-D at ${i}`);
    });
    const swap = indexing === "xy" && ts.length >= 2;
    const order = ts.map((_, i) => i);
    if (swap) [order[0], order[1]] = [order[1]!, order[0]!];
    const sizes = order.map((i) => ts[i]!.numel());
    return ts.map((t, i) => {
      const pos = order.indexOf(i);
      const shape = sizes.map((_, j) => (j === pos ? sizes[j]! : 1));
      return t.reshape(shape).expand(sizes);
    });
  },
);

/**
 * The Cartesian product of 1-D tensors: [N, k] rows of every combination (k = 1: the tensor).
 * @example torch.cartesianProd(torch.tensor([1, 2]), torch.tensor([3, 4])).shape // [4, 2]
 */
export const cartesianProd = defineOp(
  "cartesianProd",
  { family: "composite", maxArgs: Infinity },
  function cartesianProd(...tensors: Tensor[]): Tensor {
    tensors.forEach((t, i) => {
      checkTensor("cartesianProd", t, `tensor ${i}`);
      if (t.dim() !== 1) throw new RangeError(`[cartesianProd] expected 1-D tensors: got ${t.dim()}-D at ${i}`);
    });
    if (tensors.length === 1) return tensors[0]!;
    const grids = meshgrid(tensors, { indexing: "ij" });
    return stack(
      grids.map((g) => g.reshape([-1])),
      1,
    );
  },
);

/**
 * Length-`r` combinations of a 1-D tensor's elements, as rows (itertools.combinations order;
 * `withReplacement`: combinations_with_replacement).
 * @example torch.combinations(torch.tensor([1, 2, 3])) // tensor([[1, 2], [1, 3], [2, 3]])
 */
export const combinations = defineOp(
  "combinations",
  { family: "composite", maxArgs: 3 },
  function combinations(input: Tensor, r = 2, withReplacement = false): Tensor {
    checkTensor("combinations", input);
    checkInt("combinations", "r", r, 0);
    checkBool("combinations", "withReplacement", withReplacement);
    if (input.dim() !== 1) throw new RangeError(`[combinations] expected a 1-D tensor: got ${input.dim()}-D`);
    const n = input.shape[0]!;
    if (r === 0) return zeros([0], { dtype: input.dtype });
    const rows: number[][] = [];
    const cur: number[] = [];
    const rec = (start: number): void => {
      if (cur.length === r) {
        rows.push([...cur]);
        return;
      }
      for (let i = start; i < n; i++) {
        cur.push(i);
        rec(withReplacement ? i : i + 1);
        cur.pop();
      }
    };
    rec(0);
    const idx = rows.length === 0 ? zeros([0], { dtype: "int64" }) : tensor(rows.flat(), { dtype: "int64" });
    return input.indexSelect(0, idx).reshape([rows.length, r]);
  },
);

const INDICES_KEYS = optionKeys("dtype");

function triIndices(
  op: string,
  lower: boolean,
  row: number,
  col: number,
  offset: number,
  opts?: { dtype?: DType },
): Tensor {
  checkInt(op, "row", row, 0);
  checkInt(op, "col", col, 0);
  checkInt(op, "offset", offset, -Infinity);
  if (opts !== undefined) checkOptions(op, opts, INDICES_KEYS);
  const rs: number[] = [];
  const cs: number[] = [];
  for (let i = 0; i < row; i++)
    for (let j = 0; j < col; j++)
      if (lower ? j - i <= offset : j - i >= offset) {
        rs.push(i);
        cs.push(j);
      }
  return tensor([rs, cs], { dtype: opts?.dtype ?? "int64" }).reshape([2, rs.length]);
}

/** Row and column indices [2, N] of the lower triangle (diagonal `offset`). @example torch.trilIndices(2, 2) // tensor([[0, 1, 1], [0, 0, 1]]) */
export const trilIndices = defineOp(
  "trilIndices",
  { family: "composite", maxArgs: 4 },
  function trilIndices(row: number, col: number, offset = 0, opts?: { dtype?: DType }): Tensor {
    return triIndices("trilIndices", true, row, col, offset, opts);
  },
);

/** Row and column indices [2, N] of the upper triangle. @example torch.triuIndices(2, 2) // tensor([[0, 0, 1], [0, 1, 1]]) */
export const triuIndices = defineOp(
  "triuIndices",
  { family: "composite", maxArgs: 4 },
  function triuIndices(row: number, col: number, offset = 0, opts?: { dtype?: DType }): Tensor {
    return triIndices("triuIndices", false, row, col, offset, opts);
  },
);

/**
 * Vandermonde matrix of 1-D `x`: columns x^(N−1) … x^0 (`increasing`: x^0 … x^(N−1)).
 * @example torch.vander(torch.tensor([1, 2, 3]), 3) // tensor([[1, 1, 1], [4, 2, 1], [9, 3, 1]])
 */
export const vander = defineOp(
  "vander",
  { family: "composite", maxArgs: 3 },
  function vander(x: Tensor, N?: number | null, increasing = false): Tensor {
    checkTensor("vander", x, "x");
    if (x.dim() !== 1) throw new RangeError(`[vander] expected a 1-D tensor: got ${x.dim()}-D`);
    const n = N ?? x.shape[0]!;
    checkInt("vander", "N", n, 0);
    checkBool("vander", "increasing", increasing);
    const dtype = x.dtype === "bool" ? "int64" : isFloatingPoint(x.dtype) ? x.dtype : "int64";
    const xs = x.to(dtype);
    if (n === 0) return zeros([x.shape[0]!, 0], { dtype });
    // cumulative products keep integer results exact and give x^0 = 1 at x = 0
    const cols = [full([x.shape[0]!], 1, { dtype })];
    for (let i = 1; i < n; i++) cols.push(cols[i - 1]!.mul(xs));
    if (!increasing) cols.reverse();
    return stack(cols, 1);
  },
);

/** Like {@link arange} with the end included (PyTorch's deprecated `torch.range`); float. @example torch.range(1, 3) // tensor([1., 2., 3.]) */
export function range(start: number, end: number, step = 1, opts?: { dtype?: DType }): Tensor {
  checkArity("range", arguments.length, 4);
  checkNumber("range", "start", start);
  checkNumber("range", "end", end);
  checkNumber("range", "step", step);
  if (step === 0) throw new RangeError(`[range] step must be non-zero: got 0`);
  const n = Math.floor((end - start) / step) + 1;
  return arange(n, { dtype: "float64" })
    .mul(step)
    .add(start)
    .to(opts?.dtype ?? getDefaultDtype());
}
