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
import { checkValuesInRange } from "./check-values.js";
import { checkArity, checkBool, checkInt, checkNumber, checkOptions, describe, optionKeys } from "../util/args.js";
import { noGrad } from "../autograd/mode.js";
import { full, tensor, zeros } from "../tensor/creation.js";
import { arange, eye } from "../tensor/factories.js";
import { rand } from "../tensor/random-ops.js";
import type { Generator } from "../tensor/random/generator.js";
import { finfo, getDefaultDtype, isFloatingPoint, resultType, type DType } from "../tensor/dtype.js";
import { normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import type { DeviceLike } from "../tensor/device.js";
import { checkTensor } from "./elementwise-internal.js";
import { promotionOperand, record } from "./define.js";
import { where } from "./composite.js";
import { bitsAs } from "./device-bits.js";
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
  const device = x.storage.device; // the indices live with the values
  if (n === 0) {
    return [x.clone(), zeros(x.shape, { dtype: "int64", device })];
  }
  const vals: Tensor[] = [];
  const idxs: Tensor[] = [];
  let prev = x.select(d, 0);
  let prevIdx = zeros(prev.shape, { dtype: "int64", device });
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
    prevIdx = where(take, full(prevIdx.shape, i, { dtype: "int64", device }), prevIdx);
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
 * p-norm distance between each pair of rows of `x1` (`[…, P, M]`) and `x2` (`[…, R, M]`), shaped `[…, P, R]`.
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
    if (input.storage.device !== "cpu")
      throw new Error(
        `[bincount] not available on webgpu yet: its length (the largest value + 1) depends on the values, which needs a read-back; move the input to the CPU first (await t.toAsync("cpu"))`,
      );
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
    if (input.storage.device !== "cpu")
      throw new Error(
        `[multinomial] not available on webgpu yet: it draws from the CPU generator after checking the weights (a read-back); move the weights to the CPU first (await t.toAsync("cpu"))`,
      );
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
    const device = input.device; // the helper eye and zero blocks live with the input
    const e = eye(n, { dtype: dtype === "bool" ? "int64" : dtype, device });
    let m = input.dtype === "bool" ? x.unsqueeze(-1).to("int64").mul(e).to("bool") : x.unsqueeze(-1).mul(e);
    const k = Math.abs(offset);
    if (k > 0) {
      const lead = m.shape.slice(0, -2);
      const zr = zeros([...lead, n, k], { dtype: m.dtype, device });
      const zc = zeros([...lead, k, n + k], { dtype: m.dtype, device });
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
    const device = input.device;
    if (r === 0) return zeros([0], { dtype: input.dtype, device });
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
    // the index list depends only on (n, r): built here, uploaded to the input's device
    const idx =
      rows.length === 0 ? zeros([0], { dtype: "int64", device }) : tensor(rows.flat(), { dtype: "int64", device });
    return input.indexSelect(0, idx).reshape([rows.length, r]);
  },
);

const INDICES_KEYS = optionKeys("dtype", "device");

function triIndices(
  op: string,
  lower: boolean,
  row: number,
  col: number,
  offset: number,
  opts?: { dtype?: DType; device?: DeviceLike },
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
  return tensor([rs, cs], { dtype: opts?.dtype ?? "int64", device: opts?.device }).reshape([2, rs.length]);
}

/** Row and column indices [2, N] of the lower triangle (diagonal `offset`), on `device` if given. @example torch.trilIndices(2, 2) // tensor([[0, 1, 1], [0, 0, 1]]) */
export const trilIndices = defineOp(
  "trilIndices",
  { family: "composite", maxArgs: 4 },
  function trilIndices(row: number, col: number, offset = 0, opts?: { dtype?: DType; device?: DeviceLike }): Tensor {
    return triIndices("trilIndices", true, row, col, offset, opts);
  },
);

/** Row and column indices [2, N] of the upper triangle, on `device` if given. @example torch.triuIndices(2, 2) // tensor([[0, 0, 1], [0, 1, 1]]) */
export const triuIndices = defineOp(
  "triuIndices",
  { family: "composite", maxArgs: 4 },
  function triuIndices(row: number, col: number, offset = 0, opts?: { dtype?: DType; device?: DeviceLike }): Tensor {
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
    const device = x.device;
    if (n === 0) return zeros([x.shape[0]!, 0], { dtype, device });
    // cumulative products keep integer results exact and give x^0 = 1 at x = 0
    const cols = [full([x.shape[0]!], 1, { dtype, device })];
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

// ---- batch 2: products with bias, stats, stacking/splitting, scatter-into, integer math --------

const ADD_KEYS = optionKeys("beta", "alpha");

function biasProduct(op: string, input: Tensor, prod: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
  checkTensor(op, input);
  if (opts !== undefined) checkOptions(op, opts, ADD_KEYS);
  const beta = checkNumber(op, "beta", opts?.beta ?? 1);
  const alpha = checkNumber(op, "alpha", opts?.alpha ?? 1);
  const scaled = alpha === 1 ? prod : prod.mul(alpha);
  if (beta === 0) return scaled.add(input.mul(0).nanToNum(0, 0, 0)); // beta 0 ignores NaN in input
  return (beta === 1 ? input : input.mul(beta)).add(scaled);
}

/** beta·input + alpha·(mat @ vec). @example torch.addmv(torch.zeros(2), torch.eye(2), torch.tensor([1, 2], { dtype: "float32" })) // tensor([1., 2.]) */
export const addmv = defineOp(
  "addmv",
  { family: "composite", mode: "inplace", maxArgs: 4 },
  function addmv(input: Tensor, mat: Tensor, vec: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
    checkTensor("addmv", mat, "mat");
    checkTensor("addmv", vec, "vec");
    return biasProduct("addmv", input, mat.mv(vec), opts);
  },
);

/** beta·input + alpha·outer(vec1, vec2). @example torch.addr(torch.zeros(2, 2), torch.tensor([1, 2], { dtype: "float32" }), torch.tensor([1, 1], { dtype: "float32" })) // tensor([[1., 1.], [2., 2.]]) */
export const addr = defineOp(
  "addr",
  { family: "composite", mode: "inplace", maxArgs: 4 },
  function addr(input: Tensor, vec1: Tensor, vec2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
    checkTensor("addr", vec1, "vec1");
    checkTensor("addr", vec2, "vec2");
    return biasProduct("addr", input, vec1.outer(vec2), opts);
  },
);

/** beta·input + alpha·(batch1 @ batch2) per batch. @example torch.baddbmm(torch.zeros(1, 2, 2), torch.ones(1, 2, 3), torch.ones(1, 3, 2)).shape // [1, 2, 2] */
export const baddbmm = defineOp(
  "baddbmm",
  { family: "composite", mode: "inplace", maxArgs: 4 },
  function baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
    checkTensor("baddbmm", batch1, "batch1");
    checkTensor("baddbmm", batch2, "batch2");
    return biasProduct("baddbmm", input, batch1.bmm(batch2), opts);
  },
);

/** beta·input + alpha·Σ_b batch1[b] @ batch2[b]. @example torch.addbmm(torch.zeros(2, 2), torch.ones(3, 2, 1), torch.ones(3, 1, 2)) // tensor([[3., 3.], [3., 3.]]) */
export const addbmm = defineOp(
  "addbmm",
  { family: "composite", mode: "inplace", maxArgs: 4 },
  function addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
    checkTensor("addbmm", batch1, "batch1");
    checkTensor("addbmm", batch2, "batch2");
    return biasProduct("addbmm", input, batch1.bmm(batch2).sum(0), opts);
  },
);

const MINMAX_KEYS = optionKeys("dim", "keepdim");

/**
 * `[min, max]` in one call, over everything or `{ dim, keepdim }`.
 * @example torch.aminmax(torch.tensor([3, 1, 2])) // [tensor(1), tensor(3)]
 */
export const aminmax = defineOp(
  "aminmax",
  { family: "composite", mode: "method", maxArgs: 2 },
  function aminmax(input: Tensor, opts?: { dim?: number; keepdim?: boolean }): [Tensor, Tensor] {
    checkTensor("aminmax", input);
    if (opts !== undefined) checkOptions("aminmax", opts, MINMAX_KEYS);
    const keepdim = checkBool("aminmax", "keepdim", opts?.keepdim ?? false);
    if (opts?.dim === undefined) {
      if (input.numel() === 0) throw new RangeError(`[aminmax] cannot reduce an empty tensor without a dim`);
      return [input.amin(undefined, keepdim), input.amax(undefined, keepdim)];
    }
    return [input.amin(opts.dim, keepdim), input.amax(opts.dim, keepdim)];
  },
);

/**
 * Block-diagonal matrix of the given tensors (0-D, 1-D as a row, or 2-D).
 * @example torch.blockDiag(torch.ones(1, 1), torch.ones(2, 2)).shape // [3, 3]
 */
export const blockDiag = defineOp(
  "blockDiag",
  { family: "composite", maxArgs: Infinity },
  function blockDiag(...tensors: Tensor[]): Tensor {
    tensors.forEach((t, i) => {
      checkTensor("blockDiag", t, `tensor ${i}`);
      if (t.dim() > 2)
        throw new RangeError(`[blockDiag] expected tensors of at most 2 dimensions: got ${t.dim()}-D at ${i}`);
    });
    const mats = tensors.map((t) => (t.dim() === 0 ? t.reshape([1, 1]) : t.dim() === 1 ? t.unsqueeze(0) : t));
    const dtype = mats.length === 0 ? getDefaultDtype() : resultType(mats.map((m) => promotionOperand(m)));
    const cols = mats.reduce((s, m) => s + m.shape[1]!, 0);
    const device = mats[0]?.device; // a mix of devices raises in cat
    let left = 0;
    const rows = mats.map((m) => {
      const c = m.shape[1]!;
      const parts = [
        zeros([m.shape[0]!, left], { dtype, device }),
        m.to(dtype),
        zeros([m.shape[0]!, cols - left - c], { dtype, device }),
      ];
      left += c;
      return cat(parts, 1);
    });
    return rows.length === 0 ? zeros([0, 0], { dtype }) : cat(rows, 0);
  },
);

function stackList(op: string, args: unknown[]): Tensor[] {
  const list = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as Tensor[];
  list.forEach((t, i) => checkTensor(op, t, `tensor ${i}`));
  if (list.length === 0) throw new RangeError(`[${op}] expected a non-empty list of tensors`);
  return list;
}

/** Stacks 1-D tensors as columns (2-D tensors are concatenated along dim 1). @example torch.columnStack([torch.tensor([1, 2]), torch.tensor([3, 4])]) // tensor([[1, 3], [2, 4]]) */
export const columnStack = defineOp(
  "columnStack",
  { family: "composite", maxArgs: Infinity },
  function columnStack(...tensors: (Tensor | readonly Tensor[])[]): Tensor {
    const list = stackList("columnStack", tensors).map((t) =>
      t.dim() === 0 ? t.reshape([1, 1]) : t.dim() === 1 ? t.unsqueeze(1) : t,
    );
    return cat(list, 1);
  },
);

/** Concatenates along the third dimension (after atleast3d). @example torch.dstack([torch.tensor([1, 2]), torch.tensor([3, 4])]).shape // [1, 2, 2] */
export const dstack = defineOp(
  "dstack",
  { family: "composite", maxArgs: Infinity },
  function dstack(...tensors: (Tensor | readonly Tensor[])[]): Tensor {
    const list = stackList("dstack", tensors).map((t) => atleast3d(t) as Tensor);
    return cat(list, 2);
  },
);

function splitAlong(
  op: string,
  input: Tensor,
  sections: number | readonly number[],
  dim: number,
  minDim: number,
): Tensor[] {
  checkTensor(op, input);
  if (input.dim() < minDim)
    throw new RangeError(`[${op}] expected at least ${minDim} dimension(s): got ${input.dim()}`);
  if (typeof sections === "number" && input.shape[dim]! % sections !== 0)
    throw new RangeError(
      `[${op}] dimension ${dim} of size ${input.shape[dim]} does not split into ${sections} equal parts`,
    );
  return input.tensorSplit(sections, dim);
}

/** Splits column-wise (dim 1; dim 0 for 1-D) into equal sections or at indices. @example torch.hsplit(torch.arange(6).reshape([2, 3]), 3).length // 3 */
export const hsplit = defineOp(
  "hsplit",
  { family: "composite", mode: "method", maxArgs: 2 },
  function hsplit(input: Tensor, sections: number | readonly number[]): Tensor[] {
    checkTensor("hsplit", input);
    return splitAlong("hsplit", input, sections, input.dim() === 1 ? 0 : 1, 1);
  },
);
/** Splits row-wise (dim 0). @example torch.vsplit(torch.arange(4).reshape([2, 2]), 2).length // 2 */
export const vsplit = defineOp(
  "vsplit",
  { family: "composite", mode: "method", maxArgs: 2 },
  function vsplit(input: Tensor, sections: number | readonly number[]): Tensor[] {
    return splitAlong("vsplit", input, sections, 0, 2);
  },
);
/** Splits depth-wise (dim 2). @example torch.dsplit(torch.zeros(1, 1, 4), 2).length // 2 */
export const dsplit = defineOp(
  "dsplit",
  { family: "composite", mode: "method", maxArgs: 2 },
  function dsplit(input: Tensor, sections: number | readonly number[]): Tensor[] {
    return splitAlong("dsplit", input, sections, 2, 3);
  },
);

/** Flips left-right (dim 1). @example torch.fliplr(torch.tensor([[1, 2]])) // tensor([[2, 1]]) */
export const fliplr = defineOp(
  "fliplr",
  { family: "composite", mode: "method", maxArgs: 1 },
  function fliplr(input: Tensor): Tensor {
    checkTensor("fliplr", input);
    if (input.dim() < 2) throw new RangeError(`[fliplr] expected at least 2 dimensions: got ${input.dim()}`);
    return input.flip([1]);
  },
);
/** Flips up-down (dim 0). @example torch.flipud(torch.tensor([1, 2])) // tensor([2, 1]) */
export const flipud = defineOp(
  "flipud",
  { family: "composite", mode: "method", maxArgs: 1 },
  function flipud(input: Tensor): Tensor {
    checkTensor("flipud", input);
    if (input.dim() < 1) throw new RangeError(`[flipud] expected at least 1 dimension: got 0`);
    return input.flip([0]);
  },
);

/** Flattened to 1-D (a view where possible). @example torch.ravel(torch.ones(2, 3)).shape // [6] */
export const ravel = defineOp(
  "ravel",
  { family: "composite", mode: "method", maxArgs: 1 },
  function ravel(input: Tensor): Tensor {
    checkTensor("ravel", input);
    return input.reshape([-1]);
  },
);

/** Splits into pieces of the given sizes along `dim`. @example torch.splitWithSizes(torch.arange(5), [2, 3]).length // 2 */
export const splitWithSizes = defineOp(
  "splitWithSizes",
  { family: "composite", mode: "method", maxArgs: 3 },
  function splitWithSizes(input: Tensor, splitSizes: readonly number[], dim = 0): Tensor[] {
    checkTensor("splitWithSizes", input);
    if (!Array.isArray(splitSizes))
      throw new TypeError(`[splitWithSizes] expected splitSizes to be an array: got ${describe(splitSizes)}`);
    return input.split(splitSizes, dim);
  },
);

const COV_KEYS = optionKeys("correction");

/**
 * Covariance matrix of the variables in the rows of `input` (observations in the columns),
 * with `correction` (default 1, Bessel's).
 * @example torch.cov(torch.tensor([[0, 1, 2], [2, 1, 0]], { dtype: "float32" })) // tensor([[ 1., -1.], [-1.,  1.]])
 */
export const cov = defineOp(
  "cov",
  { family: "composite", mode: "method", maxArgs: 2 },
  function cov(input: Tensor, opts?: { correction?: number }): Tensor {
    checkTensor("cov", input);
    if (opts !== undefined) checkOptions("cov", opts, COV_KEYS);
    const correction = checkInt("cov", "correction", opts?.correction ?? 1, 0);
    if (input.dim() > 2) throw new RangeError(`[cov] expected a tensor of at most 2 dimensions: got ${input.dim()}`);
    const x = asFloatTensor("cov", input.dim() < 2 ? input.reshape([1, -1]) : input, "input");
    const n = x.shape[1]!;
    const c = x.sub(x.mean(1, true));
    const r = c.matmul(c.transpose(0, 1)).div(Math.max(n - correction, 0));
    return input.dim() < 2 ? r.reshape([]) : r;
  },
);

/** Pearson correlation coefficients of the rows of `input`, clipped to [−1, 1]. @example torch.corrcoef(torch.tensor([[0, 1, 2], [2, 1, 0]], { dtype: "float32" })) // tensor([[ 1., -1.], [-1.,  1.]]) */
export const corrcoef = defineOp(
  "corrcoef",
  { family: "composite", mode: "method", maxArgs: 1 },
  function corrcoef(input: Tensor): Tensor {
    const c = cov(input);
    if (c.dim() === 0) return c.div(c);
    const d = c.diagonal().sqrt();
    return c.div(d.unsqueeze(1)).div(d.unsqueeze(0)).clamp(-1, 1);
  },
);

/** p-norm of input − other. @example torch.dist(torch.tensor([3, 0], { dtype: "float32" }), torch.tensor([0, 4], { dtype: "float32" })) // tensor(5.) */
export const dist = defineOp(
  "dist",
  { family: "composite", mode: "method", maxArgs: 3 },
  function dist(input: Tensor, other: Tensor, p = 2): Tensor {
    checkTensor("dist", input);
    checkTensor("dist", other, "other");
    checkNumber("dist", "p", p);
    const d = input.sub(other);
    if (p === 0) return d.ne(0).to(d.dtype).sum();
    return d.norm(p as 2);
  },
);

/** 1 − erf(x) (composite: loses relative precision where erfc is tiny, x ≳ 3). @example torch.erfc(torch.tensor([0])) // tensor([1.]) */
export const erfc = defineOp(
  "erfc",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function erfc(input: Tensor): Tensor {
    checkTensor("erfc", input);
    return asFloatTensor("erfc", input, "input").erf().neg().add(1);
  },
);

/** Inner product over the last dimensions (a·b for 1-D; scalars multiply). @example torch.inner(torch.tensor([1, 2]), torch.tensor([3, 4])) // tensor(11) */
export const inner = defineOp(
  "inner",
  { family: "composite", mode: "method", maxArgs: 2 },
  function inner(input: Tensor, other: Tensor): Tensor {
    checkTensor("inner", input);
    checkTensor("inner", other, "other");
    if (input.dim() === 0 || other.dim() === 0) return input.mul(other);
    return tensordot(input, other, [[input.dim() - 1], [other.dim() - 1]]);
  },
);

/**
 * log(cumsum(exp(x))) along `dim`, as a running logaddexp (no overflow or underflow).
 * @example torch.logcumsumexp(torch.tensor([0, 0], { dtype: "float32" }), 0) // tensor([0.0000, 0.6931])
 */
export const logcumsumexp = defineOp(
  "logcumsumexp",
  { family: "composite", mode: "method", maxArgs: 2 },
  function logcumsumexp(input: Tensor, dim: number): Tensor {
    checkTensor("logcumsumexp", input);
    checkFloat("logcumsumexp", input);
    const d = normalizeDim("logcumsumexp", dim, input.dim());
    if (input.numel() === 0) return input.clone();
    const x = input.dim() === 0 ? input.reshape([1]) : input;
    // running logaddexp along dim: stable for any spread of values (one slice op per step)
    const steps: Tensor[] = [x.select(d, 0)];
    for (let i = 1; i < x.shape[d]!; i++) steps.push(logaddexp(steps[i - 1]!, x.select(d, i)));
    const r = stack(steps, d);
    return input.dim() === 0 ? r.reshape([]) : r;
  },
);

const ISIN_KEYS = optionKeys("assumeUnique", "invert");

/** True where an element of `elements` occurs in `testElements`. @example torch.isin(torch.tensor([1, 2, 3]), torch.tensor([2, 5])) // tensor([False,  True, False]) */
export const isin = defineOp(
  "isin",
  { family: "composite", maxArgs: 3 },
  function isin(
    elements: Tensor | number,
    testElements: Tensor | number,
    opts?: { assumeUnique?: boolean; invert?: boolean },
  ): Tensor {
    if (opts !== undefined) checkOptions("isin", opts, ISIN_KEYS);
    const e = elements instanceof Tensor ? elements : tensor(checkNumber("isin", "elements", elements));
    const t = testElements instanceof Tensor ? testElements : tensor(checkNumber("isin", "testElements", testElements));
    const r = noGrad(() =>
      e
        .unsqueeze(-1)
        .eq(t.reshape([-1]))
        .any(-1),
    );
    return opts?.invert === true ? r.logicalNot() : r;
  },
);

/**
 * gather with broadcasting: picks `indices` along `dim` (without `dim`: from the flattened input).
 * @example torch.takeAlongDim(torch.tensor([[10, 30, 20]]), torch.tensor([[1]]), 1) // tensor([[30]])
 */
export const takeAlongDim = defineOp(
  "takeAlongDim",
  { family: "composite", mode: "method", maxArgs: 3 },
  function takeAlongDim(input: Tensor, indices: Tensor, dim?: number | null): Tensor {
    checkTensor("takeAlongDim", input);
    checkTensor("takeAlongDim", indices, "indices");
    if (dim === undefined || dim === null) return input.reshape([-1]).gather(0, indices.reshape([-1]));
    const d = normalizeDim("takeAlongDim", dim, input.dim());
    if (input.dim() !== indices.dim())
      throw new RangeError(
        `[takeAlongDim] input and indices must have the same number of dimensions: got ${input.dim()} and ${indices.dim()}`,
      );
    const shapeIn = input.shape.map((s, i) => (i === d ? s : Math.max(s, indices.shape[i]!)));
    const shapeIx = indices.shape.map((s, i) => (i === d ? s : Math.max(s, input.shape[i]!)));
    return input.expand(shapeIn).gather(d, indices.expand(shapeIx));
  },
);

/** `input` with `src` written at index `index` of `dim` (out of place). @example torch.selectScatter(torch.zeros(2, 2), torch.ones(2), 0, 0) // tensor([[1., 1.], [0., 0.]]) */
export const selectScatter = defineOp(
  "selectScatter",
  { family: "composite", mode: "method", maxArgs: 4 },
  function selectScatter(input: Tensor, src: Tensor, dim: number, index: number): Tensor {
    checkTensor("selectScatter", input);
    checkTensor("selectScatter", src, "src");
    const d = normalizeDim("selectScatter", dim, input.dim());
    const n = input.shape[d]!;
    checkInt("selectScatter", "index", index, -n);
    if (index >= n)
      throw new RangeError(`[selectScatter] index ${index} is out of range for dimension ${d} of size ${n}`);
    return sliceScatter(
      input,
      src.unsqueeze(d),
      d,
      index < 0 ? index + n : index,
      (index < 0 ? index + n : index) + 1,
      1,
    );
  },
);

/** `input` with `src` written into the slice start:end:step of `dim` (out of place). @example torch.sliceScatter(torch.zeros(4), torch.ones(2), 0, 2) // tensor([0., 0., 1., 1.]) */
export const sliceScatter = defineOp(
  "sliceScatter",
  { family: "composite", mode: "method", maxArgs: 6 },
  function sliceScatter(
    input: Tensor,
    src: Tensor,
    dim = 0,
    start?: number | null,
    end?: number | null,
    step = 1,
  ): Tensor {
    checkTensor("sliceScatter", input);
    checkTensor("sliceScatter", src, "src");
    const d = normalizeDim("sliceScatter", dim, input.dim());
    const n = input.shape[d]!;
    checkInt("sliceScatter", "step", step, 1);
    const clampIx = (v: number): number => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
    const s = clampIx(start ?? 0);
    const e = Math.max(clampIx(end ?? n), s);
    const picked: number[] = [];
    for (let i = s; i < e; i += step) picked.push(i);
    if (src.shape[d] !== picked.length)
      throw new RangeError(
        `[sliceScatter] src has ${src.shape[d]} entries along dimension ${d}: expected ${picked.length}`,
      );
    // mask along d, and src spread to full length (zeros between the picked positions)
    const shape1 = input.shape.map((_, i) => (i === d ? n : 1));
    const maskArr = Array.from({ length: n }, (_, i) => picked.includes(i));
    const device = input.device; // the mask and positions depend only on the slice: uploaded
    const mask = tensor(maskArr, { device }).reshape(shape1);
    const pos = Array.from({ length: n }, (_, i) => Math.max(picked.indexOf(i), 0));
    const spread =
      picked.length === 0 ? input : src.to(input.dtype).indexSelect(d, tensor(pos, { dtype: "int64", device }));
    return where(mask, spread, input);
  },
);

/** `input` with `src` written on diagonal `offset` of dims (dim1, dim2) (out of place). @example torch.diagonalScatter(torch.zeros(2, 2), torch.ones(2)) // tensor([[1., 0.], [0., 1.]]) */
export const diagonalScatter = defineOp(
  "diagonalScatter",
  { family: "composite", mode: "method", maxArgs: 5 },
  function diagonalScatter(input: Tensor, src: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
    checkTensor("diagonalScatter", input);
    checkTensor("diagonalScatter", src, "src");
    const want = input.diagonal(offset, dim1, dim2).shape;
    if (want.length !== src.dim() || want.some((s, i) => s !== src.shape[i]))
      throw new RangeError(
        `[diagonalScatter] src must have the diagonal's shape [${want.join(", ")}]: got [${src.shape.join(", ")}]`,
      );
    const a = normalizeDim("diagonalScatter", dim1, input.dim());
    const b = normalizeDim("diagonalScatter", dim2, input.dim());
    const [r, c] = [input.shape[a]!, input.shape[b]!];
    const maskRC = noGrad(() => {
      const rows = arange(r, { dtype: "int64", device: input.device }).unsqueeze(1);
      const cols = arange(c, { dtype: "int64", device: input.device }).unsqueeze(0);
      return cols.sub(rows).eq(offset);
    });
    // src's last dim is the diagonal: embed it at (a, b) with the same offset, then pick by mask
    const emb = diagEmbed(src.to(input.dtype), offset, a, b);
    const embShape = emb.shape;
    const pad = (t: Tensor): Tensor => {
      // the embedded matrix may be larger than [r, c] on a non-square input: cut to size
      return t.narrow(a, 0, Math.min(r, embShape[a]!)).narrow(b, 0, Math.min(c, embShape[b]!));
    };
    let e = pad(emb);
    if (e.shape[a]! < r || e.shape[b]! < c) {
      const zr = input.shape.map((s, i) => (i === a ? r - e.shape[a]! : i === b ? e.shape[b]! : s));
      e = cat([e, zeros(zr, { dtype: input.dtype, device: input.device })], a);
      const zc = input.shape.map((s, i) => (i === b ? c - e.shape[b]! : s));
      e = cat([e, zeros(zc, { dtype: input.dtype, device: input.device })], b);
    }
    const mshape = input.shape.map((_, i) => (i === a ? r : i === b ? c : 1));
    const m = a < b ? maskRC.reshape(mshape) : maskRC.transpose(0, 1).reshape(mshape);
    return where(m, e, input);
  },
);

/**
 * float32 frexp on a device (no float64 there), from the bit patterns: a normal x keeps its sign
 * and fraction bits with the exponent field set to 126 (so |m| ∈ [0.5, 1)); a subnormal is first
 * written as its fraction f (an integer < 2^23, exact in float32) times 2^−149. Zeros, infinities
 * and NaN keep their value with exponent 0, as the CPU's.
 */
function frexpBits(input: Tensor): [Tensor, Tensor] {
  return noGrad(() => {
    const bits = bitsAs(input.contiguous(), "int32");
    const field = bits.bitwiseAnd(0x7f800000);
    const frac = bits.bitwiseAnd(0x007fffff);
    const sub = field.eq(0).logicalAnd(frac.ne(0));
    // g: a normal float32 with x's binade (x itself, or f for a subnormal)
    const g = where(sub, bitsAs(frac.to("float32"), "int32"), bits);
    const gField = g.bitwiseAnd(0x7f800000).floorDivide(0x800000);
    const special = field.eq(0x7f800000).logicalOr(bits.bitwiseAnd(0x7fffffff).eq(0));
    const e = where(special, 0, gField.sub(where(sub, 126 + 149, 126)));
    const mBits = g.bitwiseAnd(0x007fffff).bitwiseOr(0x3f000000).bitwiseOr(bits.bitwiseAnd(-0x80000000));
    const m = where(special, input, bitsAs(mBits.to("int32"), "float32"));
    return [m, e.to("int32")];
  });
}

/** Mantissa in [0.5, 1) (sign kept) and int32 exponent with x = m·2^e. @example torch.frexp(torch.tensor([8], { dtype: "float32" }))[1] // tensor([4], dtype=torch.int32) */
export const frexp = defineOp(
  "frexp",
  { family: "composite", mode: "method", maxArgs: 1 },
  function frexp(input: Tensor): [Tensor, Tensor] {
    checkTensor("frexp", input);
    checkFloat("frexp", input);
    if (input.dtype === "float32" && input.storage.device !== "cpu") {
      // the mantissa from the bits; its gradient is the CPU's (m = x·2^-e)
      const [m, e] = frexpBits(input);
      return [record("MulBackward0", m, [input], (g): Tensor[] => [g.mul(e.neg().exp2())]), e];
    }
    const e = noGrad(() => {
      const a = input.abs().to("float64"); // float64: 2^128 does not overflow for float32 inputs
      const raw = a.log2().floor().add(1);
      const m = a.div(raw.exp2());
      // correct log2 rounding at powers of two; 0 / inf / nan give exponent 0
      const adj = where(m.ge(1), raw.add(1), where(m.lt(0.5), raw.sub(1), raw));
      return where(input.isfinite().logicalAnd(input.ne(0)), adj, 0);
    });
    // scaled in float64 for float32 (a subnormal's 2^-e overflows float32), as PyTorch's mantissa
    const m =
      input.dtype === "float32"
        ? input.to("float64").mul(e.neg().exp2()).to("float32")
        : input.mul(e.neg().exp2().to(input.dtype));
    return [m, e.to("int32")];
  },
);

function intOnly(op: string, a: Tensor, b: Tensor): DType {
  checkTensor(op, a);
  checkTensor(op, b, "other");
  const dtype = resultType([promotionOperand(a), promotionOperand(b)]);
  if (isFloatingPoint(dtype) || dtype === "bool")
    throw new TypeError(`[${op}] expected integer tensors: got ${a.dtype} and ${b.dtype}`);
  return dtype;
}

/** Euclid's steps for any pair of 32-bit values: F(47) = 2971215073 > 2^31. */
const GCD_STEPS_32 = 46;

/** Greatest common divisor (non-negative), elementwise on integers. @example torch.gcd(torch.tensor([12, -9, 0]), torch.tensor([18, 6, 0])) // tensor([6, 3, 0]) */
export const gcd = defineOp(
  "gcd",
  { family: "composite", mode: "inplace", maxArgs: 2 },
  function gcd(input: Tensor, other: Tensor): Tensor {
    const dtype = intOnly("gcd", input, other);
    return noGrad(() => {
      let a = input.to(dtype).abs();
      let b = other.to(dtype).abs();
      const shape = broadcastPair(a, b);
      a = a.expand(shape).clone();
      b = b.expand(shape).clone();
      // On a device (values held in 32 bits) a fixed number of steps, with no read-back: Euclid
      // needs at most 45 for |values| < 2^31 (its step count n has min(a, b) ≥ F(n+1), Lamé).
      const device = a.storage.device !== "cpu";
      for (let step = 0; device ? step < GCD_STEPS_32 : b.ne(0).any().item(); step++) {
        const nz = b.ne(0);
        const safe = where(nz, b, 1);
        const r = a.remainder(safe);
        a = where(nz, b, a);
        b = where(nz, r, 0);
      }
      return a;
    });
  },
);

/** Least common multiple (non-negative), elementwise on integers. @example torch.lcm(torch.tensor([4, 6]), torch.tensor([6, 0])) // tensor([12,  0]) */
export const lcm = defineOp(
  "lcm",
  { family: "composite", mode: "inplace", maxArgs: 2 },
  function lcm(input: Tensor, other: Tensor): Tensor {
    const dtype = intOnly("lcm", input, other);
    return noGrad(() => {
      const g = gcd(input, other);
      const a = input.to(dtype);
      const safe = where(g.eq(0), 1, g);
      return where(g.eq(0), 0, a.floorDivide(safe).mul(other.to(dtype)).abs());
    });
  },
);

const QUANTILE_KEYS = optionKeys("interpolation");
const INTERPOLATIONS = ["linear", "lower", "higher", "midpoint", "nearest"] as const;

function quantileImpl(
  op: string,
  ignoreNan: boolean,
  input: Tensor,
  q: Tensor | number,
  dim: number | null | undefined,
  keepdim: boolean,
  opts?: { interpolation?: string },
): Tensor {
  checkTensor(op, input);
  checkFloat(op, input);
  if (opts !== undefined) checkOptions(op, opts, QUANTILE_KEYS);
  const interp = opts?.interpolation ?? "linear";
  if (!(INTERPOLATIONS as readonly string[]).includes(interp))
    throw new RangeError(`[${op}] interpolation must be one of ${INTERPOLATIONS.join(", ")}: got ${describe(interp)}`);
  const device = input.device;
  if (q instanceof Tensor && q.device.type !== device.type)
    throw new Error(
      `[${op}] q tensor must be on the same device as the input tensor: got ${q.device.type} and ${device.type}`,
    );
  const qt = q instanceof Tensor ? q.to(input.dtype) : tensor(checkNumber(op, "q", q), { dtype: input.dtype });
  if (qt.dim() > 1) throw new RangeError(`[${op}] q must be a scalar or 1-D tensor: got ${qt.dim()}-D`);
  // The range check reads q's values: on the host only (as PyTorch, which skips it for a GPU q
  // rather than synchronise); a number q is checked here and then made on the input's device.
  if (qt.storage.device === "cpu" && qt.lt(0).logicalOr(qt.gt(1)).any().item())
    throw new RangeError(`[${op}] q values must be in [0, 1]`);
  const qd = qt.storage.device === device.type ? qt : qt.to(device);
  checkBool(op, "keepdim", keepdim);
  const flat = dim === undefined || dim === null;
  const x = flat ? input.reshape([-1]) : input;
  const d = flat ? 0 : normalizeDim(op, dim, input.dim());
  const n = x.shape[d]!;
  if (n === 0) throw new RangeError(`[${op}] cannot compute a quantile of an empty dimension`);
  const sorted = x.sort(d)[0].movedim(d, -1); // NaN last
  const nanCount = noGrad(() => x.isnan().sum(d, true).movedim(d, -1));
  const valid = ignoreNan ? nanCount.neg().add(n) : full(nanCount.shape, n, { dtype: "int64", device });
  const qs = qd.reshape([-1]);
  // position per q and per slice: q·(valid − 1)
  const posShape = [...sorted.shape.slice(0, -1), qs.shape[0]!];
  const pos = noGrad(() => valid.sub(1).clamp(0, Infinity).to(input.dtype).mul(qs).expand(posShape));
  let lo = noGrad(() => pos.floor());
  let hi = noGrad(() => pos.ceil());
  if (interp === "lower") hi = lo;
  else if (interp === "higher") lo = hi;
  else if (interp === "nearest") {
    const r = noGrad(() => pos.round());
    lo = r;
    hi = r;
  }
  const vlo = sorted.gather(-1, lo.to("int64"));
  const vhi = sorted.gather(-1, hi.to("int64"));
  let v: Tensor;
  if (interp === "midpoint") v = vlo.add(vhi).mul(0.5);
  else if (interp === "linear") v = vlo.add(vhi.sub(vlo).mul(noGrad(() => pos.sub(lo))));
  else v = vlo;
  const bad = ignoreNan ? valid.eq(0) : nanCount.gt(0);
  v = where(bad.expand(posShape), NaN, v);
  // [..., Q] → q dim first
  let out = v.movedim(-1, 0);
  if (keepdim) out = flat ? out.reshape([qs.shape[0]!, ...input.shape.map(() => 1)]) : out.unsqueeze(d + 1);
  else if (flat) out = out.reshape([qs.shape[0]!]);
  return qt.dim() === 0 ? out.squeeze(0) : out;
}

/**
 * The q-th quantiles along `dim` (or of everything), with `interpolation` between the
 * neighbouring order statistics (`linear` by default); NaN where a slice has NaN.
 * @example torch.quantile(torch.tensor([1, 2, 3, 4], { dtype: "float32" }), 0.5) // tensor(2.5000)
 */
export const quantile = defineOp(
  "quantile",
  { family: "composite", mode: "method", maxArgs: 5 },
  function quantile(
    input: Tensor,
    q: Tensor | number,
    dim?: number | null,
    keepdim = false,
    opts?: { interpolation?: string },
  ): Tensor {
    return quantileImpl("quantile", false, input, q, dim, keepdim, opts);
  },
);

/** {@link quantile} ignoring NaN (NaN only where a slice is all NaN). @example torch.nanquantile(torch.tensor([1, NaN, 3]), 0.5) // tensor(2.) */
export const nanquantile = defineOp(
  "nanquantile",
  { family: "composite", mode: "method", maxArgs: 5 },
  function nanquantile(
    input: Tensor,
    q: Tensor | number,
    dim?: number | null,
    keepdim = false,
    opts?: { interpolation?: string },
  ): Tensor {
    return quantileImpl("nanquantile", true, input, q, dim, keepdim, opts);
  },
);

// ---- batch 3: gamma family, uniqueConsecutive, renorm -----------------------------------------

// Lanczos approximation (g = 7, 9 terms): |relative error| < 1e-15 for x ≥ 0.5
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function lgammaPositive(x: Tensor): Tensor {
  const z = x.sub(1);
  let a = full([], LANCZOS[0]!, { dtype: x.dtype }).expand(x.shape);
  for (let i = 1; i < LANCZOS.length; i++) a = a.add(z.add(i).reciprocal().mul(LANCZOS[i]!));
  const t = z.add(LANCZOS_G + 0.5);
  return t
    .log()
    .mul(z.add(0.5))
    .sub(t)
    .add(0.5 * Math.log(2 * Math.PI))
    .add(a.log());
}

function isPole(x: Tensor): Tensor {
  return noGrad(() => x.le(0).logicalAnd(x.eq(x.floor())));
}

/**
 * log|Γ(x)| (Lanczos for x ≥ ½, reflection below); +∞ at 0 and the negative integers.
 * Composite: its gradient is the derivative of the approximation (≈ digamma to ~1e-13).
 * @example torch.lgamma(torch.tensor([0.5, 3])) // tensor([0.5724, 0.6931])
 */
export const lgamma = defineOp(
  "lgamma",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function lgamma(input: Tensor): Tensor {
    checkTensor("lgamma", input);
    const x = asFloatTensor("lgamma", input, "input");
    const small = noGrad(() => x.lt(0.5));
    const xr = where(small, x.neg().add(1), x);
    const l = lgammaPositive(xr);
    const reflected = x.mul(Math.PI).sin().abs().reciprocal().mul(Math.PI).log().sub(l);
    return where(isPole(x).logicalOr(noGrad(() => x.isposinf())), Infinity, where(small, reflected, l));
  },
);

/**
 * ψ(x) = d/dx log Γ(x): recurrence up to x + 6, then the asymptotic series; reflection below
 * ½. −∞ at 0 and NaN at the negative integers, as PyTorch.
 * @example torch.digamma(torch.tensor([1])) // tensor([-0.5772])
 */
export const digamma = defineOp(
  "digamma",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function digamma(input: Tensor): Tensor {
    checkTensor("digamma", input);
    const x = asFloatTensor("digamma", input, "input");
    const small = noGrad(() => x.lt(0.5));
    const xr = where(small, x.neg().add(1), x);
    let shift = xr.reciprocal();
    for (let k = 1; k < 6; k++) shift = shift.add(xr.add(k).reciprocal());
    const y = xr.add(6);
    const y2 = y.square().reciprocal();
    // ln y − 1/(2y) − Σ B_2k / (2k y^2k)
    const series = y2
      .mul(-1 / 132)
      .add(1 / 240)
      .mul(y2)
      .sub(1 / 252)
      .mul(y2)
      .add(1 / 120)
      .mul(y2)
      .sub(1 / 12)
      .mul(y2);
    const psi = y.log().sub(y.reciprocal().mul(0.5)).add(series).sub(shift);
    const reflected = psi.sub(x.mul(Math.PI).tan().reciprocal().mul(Math.PI));
    const r = where(small, reflected, psi);
    return where(
      isPole(x),
      where(
        noGrad(() => x.eq(0)),
        -Infinity,
        NaN,
      ),
      r,
    );
  },
);

/**
 * Multivariate log-gamma of dimension `p`: p(p−1)/4·log π + Σ_{i<p} lgamma(x − i/2); every
 * element must exceed (p − 1)/2 (on webgpu the check runs on the device and raises at the next
 * read-back).
 * @example torch.mvlgamma(torch.tensor([2.5]), 2) // tensor([0.8570])
 */
export const mvlgamma = defineOp(
  "mvlgamma",
  { family: "composite", mode: "inplace", maxArgs: 2 },
  function mvlgamma(input: Tensor, p: number): Tensor {
    checkTensor("mvlgamma", input);
    checkInt("mvlgamma", "p", p, 1);
    checkFloat("mvlgamma", input);
    const bound = (p - 1) / 2;
    const outside = () => `[mvlgamma] all elements must be greater than (p-1)/2 = ${bound}`;
    // on the CPU at once; on a device a kernel whose failure raises at the next read-back
    if (input.numel() > 0)
      checkValuesInRange(
        "mvlgamma",
        noGrad(() => input.le(bound).any().to("int32")),
        0,
        1,
        outside,
      );
    let s = lgamma(input);
    for (let i = 1; i < p; i++) s = s.add(lgamma(input.sub(i / 2)));
    return s.add((p * (p - 1) * Math.log(Math.PI)) / 4);
  },
);

const UNIQUE_KEYS = optionKeys("returnInverse", "returnCounts", "dim");

/**
 * Collapses runs of equal consecutive elements (of the flattened input, or of slices along
 * `dim`). Returns the values, or `[values, inverse?, counts?]` for the flags asked.
 * @example torch.uniqueConsecutive(torch.tensor([1, 1, 2, 2, 1])) // tensor([1, 2, 1])
 */
export const uniqueConsecutive = defineOp(
  "uniqueConsecutive",
  { family: "composite", mode: "method", maxArgs: 2 },
  function uniqueConsecutive(
    input: Tensor,
    opts?: { returnInverse?: boolean; returnCounts?: boolean; dim?: number | null },
  ): Tensor | Tensor[] {
    checkTensor("uniqueConsecutive", input);
    if (opts !== undefined) checkOptions("uniqueConsecutive", opts, UNIQUE_KEYS);
    const inv = checkBool("uniqueConsecutive", "returnInverse", opts?.returnInverse ?? false);
    const cnt = checkBool("uniqueConsecutive", "returnCounts", opts?.returnCounts ?? false);
    return noGrad(() => {
      const flat = opts?.dim === undefined || opts.dim === null;
      const x = flat ? input.reshape([-1]) : input;
      const d = flat ? 0 : normalizeDim("uniqueConsecutive", opts.dim!, input.dim());
      const n = x.shape[d]!;
      const device = input.device;
      if (x.numel() === 0) {
        const e = zeros([0], { dtype: "int64", device });
        const parts = [
          x.clone(),
          ...(inv ? [zeros(flat ? input.shape : [n], { dtype: "int64", device })] : []),
          ...(cnt ? [e] : []),
        ];
        return inv || cnt ? parts : parts[0]!;
      }
      const rows = x.movedim(d, 0).reshape([n, -1]);
      const changed =
        n === 0
          ? zeros([0], { dtype: "bool", device })
          : cat(
              [
                full([1], true, { dtype: "bool", device }),
                rows
                  .narrow(0, 1, n - 1)
                  .ne(rows.narrow(0, 0, n - 1))
                  .any(1),
              ],
              0,
            );
      const keep = changed.nonzero().reshape([-1]);
      const values = x.indexSelect(d, keep);
      if (!inv && !cnt) return values;
      const out: Tensor[] = [values];
      if (inv) {
        const ix = changed.to("int64").cumsum(0).sub(1);
        out.push(flat ? ix.reshape(input.shape) : ix);
      }
      if (cnt) out.push(diff(keep, 1, 0, { append: tensor([n], { dtype: "int64", device }) }));
      return out;
    });
  },
);

/**
 * Rescales each slice along `dim` whose p-norm exceeds `maxnorm` to norm `maxnorm` (the
 * sub-tensors are `input.select(dim, i)`).
 * @example torch.renorm(torch.tensor([[3, 4], [0.3, 0.4]]), 2, 0, 1) // tensor([[0.6000, 0.8000], [0.3000, 0.4000]])
 */
export const renorm = defineOp(
  "renorm",
  { family: "composite", mode: "inplace", maxArgs: 4 },
  function renorm(input: Tensor, p: number, dim: number, maxnorm: number): Tensor {
    checkTensor("renorm", input);
    checkFloat("renorm", input);
    checkNumber("renorm", "p", p, { min: 0, minExclusive: true });
    checkNumber("renorm", "maxnorm", maxnorm, { min: 0 });
    const d = normalizeDim("renorm", dim, input.dim());
    const others = input.shape.map((_, i) => i).filter((i) => i !== d);
    const norms = (
      others.length === 0
        ? input.abs()
        : input
            .abs()
            .pow(p)
            .sum(others, true)
            .pow(1 / p)
    ) as Tensor;
    const factor = where(
      noGrad(() => norms.gt(maxnorm)),
      norms.add(1e-7).reciprocal().mul(maxnorm),
      1,
    );
    return input.mul(factor);
  },
);

// ---- batch 4 ------------------------------------------------------------------------------------

/**
 * Modified Bessel function of the first kind, order 0: the power series Σ (x/2)^2k/(k!)² for
 * |x| ≤ 30, the asymptotic expansion eˣ/√(2πx)·(1 + 1/8x + …) beyond.
 * @example torch.i0(torch.tensor([0, 1])) // tensor([1.0000, 1.2661])
 */
export const i0 = defineOp(
  "i0",
  { family: "composite", mode: "inplace", maxArgs: 1 },
  function i0(input: Tensor): Tensor {
    checkTensor("i0", input);
    const x = asFloatTensor("i0", input, "input");
    const ax = x.abs();
    const small = noGrad(() => ax.le(30));
    const xs = where(small, x, 0);
    const q = xs.mul(0.5).square();
    let term = full([], 1, { dtype: x.dtype }).expand(x.shape);
    let sum = term;
    for (let k = 1; k <= 60; k++) {
      term = term.mul(q).div(k * k);
      sum = sum.add(term);
    }
    const xl = where(small, 31, ax);
    const r = xl.mul(8).reciprocal();
    // 1 + Σ ((2j−1)!!)² / (j! (8x)^j)
    let corr = full([], 1, { dtype: x.dtype }).expand(x.shape);
    let c = 1;
    let pow = full([], 1, { dtype: x.dtype }).expand(x.shape);
    for (let j = 1; j <= 6; j++) {
      c *= (2 * j - 1) ** 2 / j;
      pow = pow.mul(r);
      corr = corr.add(pow.mul(c));
    }
    const large = xl
      .exp()
      .div(xl.mul(2 * Math.PI).sqrt())
      .mul(corr);
    return where(small, sum, large);
  },
);

/**
 * Copies `source`'s elements, in order, into the positions where `mask` is true (out of place;
 * `mask` broadcasts to `input`).
 * @example torch.maskedScatter(torch.zeros(3), torch.tensor([true, false, true]), torch.tensor([1, 2], { dtype: "float32" })) // tensor([1., 0., 2.])
 */
export const maskedScatter = defineOp(
  "maskedScatter",
  { family: "composite", mode: "inplace", maxArgs: 3 },
  function maskedScatter(input: Tensor, mask: Tensor, source: Tensor): Tensor {
    checkTensor("maskedScatter", input);
    checkTensor("maskedScatter", mask, "mask");
    checkTensor("maskedScatter", source, "source");
    if (mask.dtype !== "bool")
      throw new TypeError(`[maskedScatter] expected mask to be a bool tensor: got ${mask.dtype}`);
    const m = mask.expand(input.shape);
    const pos = noGrad(() => m.reshape([-1]).to("int64").cumsum(0).sub(1).clampMin(0));
    const short = (need: number) =>
      `[maskedScatter] mask selects ${need} elements but source has only ${source.numel()}`;
    // on the CPU at once; on a device a kernel whose failure raises at the next read-back
    if (pos.numel() > 0)
      checkValuesInRange(
        "maskedScatter",
        noGrad(() => m.sum()),
        0,
        source.numel() + 1,
        short,
      );
    const src =
      source.numel() === 0
        ? input.reshape([-1])
        : source
            .to(input.dtype)
            .reshape([-1])
            .gather(0, pos.clamp(0, Math.max(source.numel() - 1, 0)));
    return where(m, src.reshape(input.shape), input);
  },
);

/**
 * `input` with `source` written at the flat indices `index` (out of place; `accumulate` adds
 * instead of replacing, summing duplicates).
 * @example torch.put(torch.zeros(2, 2), torch.tensor([0, 3]), torch.tensor([1, 2], { dtype: "float32" })) // tensor([[1., 0.], [0., 2.]])
 */
export const put = defineOp(
  "put",
  { family: "composite", mode: "inplace", maxArgs: 4 },
  function put(input: Tensor, index: Tensor, source: Tensor, accumulate = false): Tensor {
    checkTensor("put", input);
    checkTensor("put", index, "index");
    checkTensor("put", source, "source");
    checkBool("put", "accumulate", accumulate);
    if (index.dtype !== "int64") throw new TypeError(`[put] expected index to be an int64 tensor: got ${index.dtype}`);
    if (index.numel() !== source.numel())
      throw new RangeError(
        `[put] index and source must have the same number of elements: got ${index.numel()} and ${source.numel()}`,
      );
    const n = input.numel();
    const ix = noGrad(() => index.reshape([-1]));
    const outOfRange = () => `[put] index out of range for a tensor of ${n} elements`;
    // on the CPU at once; on a device a kernel whose failure raises at the next read-back
    checkValuesInRange("put", ix, -n, n, outOfRange);
    const wrapped = noGrad(() => where(ix.lt(0), ix.add(n), ix));
    const flat = input.reshape([-1]);
    const src = source.to(input.dtype).reshape([-1]);
    if (accumulate) return flat.scatterAdd(0, wrapped, src).reshape(input.shape);
    return flat.scatter(0, wrapped, src).reshape(input.shape);
  },
);

const HISTOGRAM_KEYS = optionKeys("range", "weight", "density");

/**
 * Histogram with `bins` equal bins over `range` (default the data's min and max) or over the
 * given 1-D tensor of increasing edges; `weight` per element, `density` normalizes to a
 * probability density. Returns `[hist, binEdges]`.
 * @example torch.histogram(torch.tensor([1, 2, 1], { dtype: "float32" }), 2)[0] // tensor([2., 1.])
 */
export const histogram = defineOp(
  "histogram",
  { family: "composite", mode: "method", maxArgs: 3 },
  function histogram(
    input: Tensor,
    bins: number | Tensor = 100,
    opts?: { range?: readonly [number, number]; weight?: Tensor; density?: boolean },
  ): [Tensor, Tensor] {
    checkTensor("histogram", input);
    checkFloat("histogram", input);
    if (opts !== undefined) checkOptions("histogram", opts, HISTOGRAM_KEYS);
    const density = checkBool("histogram", "density", opts?.density ?? false);
    return noGrad(() => {
      const x = input.reshape([-1]);
      let edges: Tensor;
      if (bins instanceof Tensor) {
        if (bins.dim() !== 1 || bins.numel() < 2)
          throw new RangeError(
            `[histogram] expected bins to be a 1-D tensor of at least 2 edges: got shape [${bins.shape.join(", ")}]`,
          );
        edges = bins.to(input.dtype);
      } else {
        checkInt("histogram", "bins", bins, 1);
        const device = x.storage.device;
        if (device !== "cpu" && opts?.range === undefined && x.numel() > 0) {
          // the data's range without reading it back: min and max stay on the device, and the
          // edges lo + (hi − lo)·k/bins are made there in float32 (the last is hi exactly)
          const mn = x.amin();
          const mx = x.amax();
          const same = mx.eq(mn);
          const lo = where(same, mn.sub(0.5), mn);
          const hi = where(same, mx.add(0.5), mx);
          const frac = arange(bins, { dtype: "float64" }).div(bins).to(input.dtype).to(device);
          edges = cat([lo.add(hi.sub(lo).mul(frac)), hi.reshape([1])]);
        } else {
          let [lo, hi] = opts?.range ?? (x.numel() > 0 ? [Number(x.min().item()), Number(x.max().item())] : [0, 0]);
          checkNumber("histogram", "range[0]", lo);
          checkNumber("histogram", "range[1]", hi);
          if (lo > hi) throw new RangeError(`[histogram] range must have min <= max: got [${lo}, ${hi}]`);
          if (lo === hi) {
            lo -= 0.5;
            hi += 0.5;
          }
          edges = arange(bins + 1, { dtype: "float64" })
            .mul((hi - lo) / bins)
            .add(lo)
            .to(input.dtype)
            .to(device);
        }
      }
      const nb = edges.numel() - 1;
      const first = edges.narrow(0, 0, 1);
      const last = edges.narrow(0, nb, 1);
      const inside = x.ge(first).logicalAnd(x.le(last));
      const idx = countBelow("histogram", edges, x, true, false)
        .sub(1)
        .clamp(0, nb - 1);
      const w =
        opts?.weight !== undefined
          ? opts.weight.to(input.dtype).reshape([-1])
          : full([x.numel()], 1, { dtype: input.dtype, device: x.storage.device });
      if (w.numel() !== x.numel())
        throw new RangeError(`[histogram] weight must have input's ${x.numel()} elements: got ${w.numel()}`);
      let hist = zeros([nb], { dtype: input.dtype, device: x.storage.device }).scatterAdd(0, idx, where(inside, w, 0));
      if (density) {
        const widths = edges.narrow(0, 1, nb).sub(edges.narrow(0, 0, nb));
        hist = hist.div(hist.sum().mul(widths));
      }
      return [hist, edges];
    });
  },
);

/**
 * Median ignoring NaN (the lower of the two middle values for an even count; NaN where a slice
 * is all NaN). Without `dim`: a 0-d tensor; with `dim`: `[values, indices]`.
 * @example torch.nanmedian(torch.tensor([1, NaN, 3, 2])) // tensor(2.)
 */
export const nanmedian = defineOp(
  "nanmedian",
  { family: "composite", mode: "method", maxArgs: 3 },
  function nanmedian(input: Tensor, dim?: number, keepdim = false): Tensor | [Tensor, Tensor] {
    checkTensor("nanmedian", input);
    checkBool("nanmedian", "keepdim", keepdim);
    const flat = dim === undefined;
    if (flat && input.numel() === 0) return full([], NaN, { dtype: input.dtype });
    const x = flat ? input.reshape([-1]) : input.dim() === 0 ? input.reshape([1]) : input;
    const d = flat ? 0 : normalizeDim("nanmedian", dim, Math.max(input.dim(), 1));
    if (x.shape[d] === 0) throw new RangeError(`[nanmedian] cannot compute the median of an empty dimension ${d}`);
    const [sorted, order] = x.sort(d, false, { stable: true });
    const pos = noGrad(() => {
      const valid = isFloatingPoint(x.dtype)
        ? x.isnan().logicalNot().sum(d, true)
        : full([], x.shape[d]!, { dtype: "int64" });
      return valid
        .sub(1)
        .floorDivide(2)
        .clampMin(0)
        .expand(sorted.shape.map((s, i) => (i === d ? 1 : s)));
    });
    const values = sorted.gather(d, pos);
    const indices = order.gather(d, pos);
    if (flat) return values.reshape([]);
    const squeeze = (t: Tensor): Tensor => (input.dim() === 0 ? t.reshape([]) : keepdim ? t : t.squeeze(d));
    return [squeeze(values), squeeze(indices)];
  },
);
