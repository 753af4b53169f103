/**
 * Elementwise one-input ops: each is a primitive spec (kernel, dtype rule, backward) run by
 * `applyUnary`, a function, a Tensor method and (where PyTorch has one) an in-place `_` variant.
 */
import type { UnaryOp } from "../backend/backend.js";
import { zerosLike } from "../tensor/creation.js";
import { getDefaultDtype, isFloatingPoint } from "../tensor/dtype.js";
import { installMethods } from "../tensor/methods.js";
import { checkOptions, optionKeys } from "../util/args.js";
import { Tensor } from "../tensor/tensor.js";
import { pow, rsub } from "./binary.js";
import { isGradEnabled } from "../autograd/mode.js";
import { FunctionNode } from "../autograd/node.js";
import { donated, fusable, fusedOp, fusedOutput, takeDonation } from "./fused.js";
import { le } from "./compare.js";
import { where } from "./composite.js";
import { outOf, applyUnary, castTo, inplace, type DtypeRule, type OutOptions, type UnarySpec } from "./define.js";
import { checkTensor, withZeroGrad } from "./elementwise-internal.js";

type Grad = (x: Tensor, y: Tensor, g: Tensor, gOwned: boolean) => Tensor;

const NO_BOOL = "not implemented for bool tensors: got bool, expected a numeric tensor";
const zero: Grad = (_x, _y, g) => zerosLike(g);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * relu's backward from its output, as PyTorch's threshold_backward: y ≤ 0 ? 0 : g, so a NaN
 * output passes its gradient. One native pass when the backend has it (first-order backward
 * only: under createGraph the composite keeps it differentiable), written over `g` itself when
 * the engine says it holds the only reference to g (`gOwned`).
 */
const reluBackward = fusedOp({
  name: "reluBackward",
  kernel: "reluBackward",
  when: (y: Tensor, g: Tensor, _gOwned: boolean) =>
    !isGradEnabled() && g.dtype === y.dtype && fusable(y, g) && g.numel() === y.numel(),
  forward: (k, y, g, gOwned) => {
    const out = gOwned && g.isContiguous() ? g : fusedOutput(y.shape, y.dtype);
    return k(y, g, out) ? { out, ctx: undefined } : null;
  },
  fallback: (y, g) => where(le(y, 0), 0, g),
});
const reluGrad: Grad = (_x, y, g, gOwned) => reluBackward(y, g, gOwned);

/**
 * relu that takes a donated input (ops/fused.ts): written over `x` and recorded on it as
 * ReluBackward0 (what PyTorch's `ReLU(inplace=True)` gives), when `x` is a floating, whole-storage,
 * non-view tensor whose node saved nothing of it. Else the ordinary relu.
 */
export const reluTakingDonation = fusedOp({
  name: "relu",
  kernel: "relu",
  when: (x: Tensor) =>
    donated(x) &&
    isFloatingPoint(x.dtype) &&
    x._base === null &&
    x._coversStorage() &&
    !(x.gradFn instanceof FunctionNode && x.gradFn.savesStorageOf(x)) &&
    !(x.isLeaf && x.requiresGrad),
  forward: (k, x) => (takeDonation(x) && k(x, x) ? { out: x, ctx: undefined } : null),
  mutates: (x) => [x],
  grad: {
    name: "ReluBackward0",
    inputs: (_c, x) => [x],
    saves: (_c, x) => [x],
    backward: (g, _c, [x], gOwned) => [reluGrad(x, x, g, gOwned)],
  },
  fallback: (x) => relu(x),
});

function spec(
  kernel: UnaryOp,
  dtype: DtypeRule,
  gradName?: string,
  grad?: Grad,
  saves?: "x" | "y",
  boolError?: string,
): UnarySpec {
  const s: UnarySpec = { kernel, name: kernel, dtype };
  if (gradName !== undefined) s.gradName = gradName;
  if (grad !== undefined) s.grad = grad;
  if (saves !== undefined) s.saves = saves;
  if (boolError !== undefined) s.boolError = boolError;
  return s;
}

// prettier-ignore
const SPECS: Record<UnaryOp, UnarySpec> = {
  neg: spec("neg", "same", "NegBackward0", (_x, _y, g) => g.neg(), undefined,
    "negation on a bool tensor is not supported: got bool, expected a numeric tensor (to invert a mask use logicalNot())"),
  abs: spec("abs", "same", "AbsBackward0", (x, _y, g) => g.mul(x.sign()), "x", NO_BOOL), // d|x| = sign(x)
  sign: spec("sign", "same", "SignBackward0", zero),
  exp: spec("exp", "float", "ExpBackward0", (_x, y, g) => g.mul(y), "y"), // d e^x = e^x
  expm1: spec("expm1", "float", "Expm1Backward0", (_x, y, g) => g.mul(y.add(1)), "y"),
  log: spec("log", "float", "LogBackward0", (x, _y, g) => g.div(x), "x"), // d ln x = 1/x
  log1p: spec("log1p", "float", "Log1PBackward0", (x, _y, g) => g.div(x.add(1)), "x"),
  sqrt: spec("sqrt", "float", "SqrtBackward0", (_x, y, g) => g.div(y.mul(2)), "y"), // 1/(2√x)
  rsqrt: spec("rsqrt", "float", "RsqrtBackward0", (_x, y, g) => g.mul(y.pow(3)).mul(-0.5), "y"), // -y³/2
  reciprocal: spec("reciprocal", "float", "ReciprocalBackward0", (_x, y, g) => g.mul(y.mul(y)).neg(), "y"), // -y²
  sin: spec("sin", "float", "SinBackward0", (x, _y, g) => g.mul(x.cos()), "x"),
  cos: spec("cos", "float", "CosBackward0", (x, _y, g) => g.mul(x.sin().neg()), "x"),
  tan: spec("tan", "float", "TanBackward0", (_x, y, g) => g.mul(y.mul(y).add(1)), "y"), // 1 + tan²
  asin: spec("asin", "float", "AsinBackward0", (x, _y, g) => g.mul(rsub(x.mul(x), 1).rsqrt()), "x"), // 1/√(1-x²)
  acos: spec("acos", "float", "AcosBackward0", (x, _y, g) => g.mul(rsub(x.mul(x), 1).rsqrt()).neg(), "x"),
  atan: spec("atan", "float", "AtanBackward0", (x, _y, g) => g.div(x.mul(x).add(1)), "x"), // 1/(1+x²)
  sinh: spec("sinh", "float", "SinhBackward0", (x, _y, g) => g.mul(x.cosh()), "x"),
  cosh: spec("cosh", "float", "CoshBackward0", (x, _y, g) => g.mul(x.sinh()), "x"),
  tanh: spec("tanh", "float", "TanhBackward0", (_x, y, g) => g.mul(rsub(y.mul(y), 1)), "y"), // 1 - y²
  sigmoid: spec("sigmoid", "float", "SigmoidBackward0", (_x, y, g) => g.mul(y.mul(rsub(y, 1))), "y"), // y(1-y)
  relu: spec("relu", "same", "ReluBackward0", reluGrad, "y",
    "bool inputs are not supported: got bool, expected a numeric tensor"),
  erf: spec("erf", "float", "ErfBackward0", (x, _y, g) => g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI)), "x"), // 2/√π e^{-x²}
  erfinv: spec("erfinv", "float", "ErfinvBackward0", (_x, y, g) => g.mul(y.mul(y).exp().mul(Math.sqrt(Math.PI) / 2)), "y"), // √π/2 e^{y²}
  floor: spec("floor", "same", "FloorBackward0", zero, undefined, NO_BOOL),
  ceil: spec("ceil", "same", "CeilBackward0", zero, undefined, NO_BOOL),
  round: spec("round", "same", "RoundBackward0", zero, undefined, NO_BOOL),
  trunc: spec("trunc", "same", "TruncBackward0", zero, undefined, NO_BOOL),
  logicalNot: spec("logicalNot", "bool"),
  bitwiseNot: spec("bitwiseNot", "integral"),
  isnan: spec("isnan", "bool"),
};

/** -x. Bool tensors are rejected as in PyTorch. @example torch.neg(torch.tensor([1, -2])) // tensor([-1, 2]) */
export const neg = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.neg, input, outOf(SPECS.neg.name, opts));
/** Alias of `neg`. @example torch.negative(x) */
export const negative = neg;
/** |x|; integer tensors stay integer. @example torch.abs(torch.tensor([-3, 2])) // tensor([3, 2]) */
export const abs = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.abs, input, outOf(SPECS.abs.name, opts));
/** Alias of `abs`. @example torch.absolute(x) */
export const absolute = abs;
/** -1, 0 or 1 by sign (sign(NaN) = 0, as PyTorch's CPU kernel). @example torch.sign(torch.tensor([-2.5, 0, 3])) */
export const sign = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.sign, input, outOf(SPECS.sign.name, opts));
/** e^x; integer inputs give the default float dtype. @example torch.exp(torch.tensor([0, 1])) // tensor([1.0000, 2.7183]) */
export const exp = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.exp, input, outOf(SPECS.exp.name, opts));
/** e^x - 1, accurate near 0. @example torch.expm1(torch.tensor([1e-10])) */
export const expm1 = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.expm1, input, outOf(SPECS.expm1.name, opts));
/** Natural logarithm (log(0) = -inf, log(x<0) = NaN). @example torch.log(torch.tensor([1, Math.E])) */
export const log = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.log, input, outOf(SPECS.log.name, opts));
/** ln(1 + x), accurate near 0. @example torch.log1p(torch.tensor([1e-10])) */
export const log1p = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.log1p, input, outOf(SPECS.log1p.name, opts));
/** Square root. @example torch.sqrt(torch.tensor([4, 9])) // tensor([2., 3.]) */
export const sqrt = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.sqrt, input, outOf(SPECS.sqrt.name, opts));
/** 1/√x. @example torch.rsqrt(torch.tensor([4.0])) // tensor([0.5000]) */
export const rsqrt = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.rsqrt, input, outOf(SPECS.rsqrt.name, opts));
/** 1/x. @example torch.reciprocal(torch.tensor([2, 4])) // tensor([0.5000, 0.2500]) */
export const reciprocal = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.reciprocal, input, outOf(SPECS.reciprocal.name, opts));
/** Sine. @example torch.sin(torch.tensor([0.0])) */
export const sin = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.sin, input, outOf(SPECS.sin.name, opts));
/** Cosine. @example torch.cos(torch.tensor([0.0])) */
export const cos = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.cos, input, outOf(SPECS.cos.name, opts));
/** Tangent. @example torch.tan(torch.tensor([0.5])) */
export const tan = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.tan, input, outOf(SPECS.tan.name, opts));
/** Arcsine (NaN outside [-1, 1]). @example torch.asin(torch.tensor([0.5])) */
export const asin = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.asin, input, outOf(SPECS.asin.name, opts));
/** Arccosine (NaN outside [-1, 1]). @example torch.acos(torch.tensor([0.5])) */
export const acos = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.acos, input, outOf(SPECS.acos.name, opts));
/** Arctangent. @example torch.atan(torch.tensor([1.0])) */
export const atan = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.atan, input, outOf(SPECS.atan.name, opts));
/** Hyperbolic sine. @example torch.sinh(torch.tensor([1.0])) */
export const sinh = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.sinh, input, outOf(SPECS.sinh.name, opts));
/** Hyperbolic cosine. @example torch.cosh(torch.tensor([1.0])) */
export const cosh = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.cosh, input, outOf(SPECS.cosh.name, opts));
/** Hyperbolic tangent. @example torch.tanh(torch.tensor([0.5])) */
export const tanh = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.tanh, input, outOf(SPECS.tanh.name, opts));
/** 1/(1 + e^-x). @example torch.sigmoid(torch.tensor([0.0])) // tensor([0.5000]) */
export const sigmoid = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.sigmoid, input, outOf(SPECS.sigmoid.name, opts));
/** max(x, 0); integer tensors stay integer, NaN stays NaN. @example torch.relu(torch.tensor([-1, 2])) // tensor([0, 2]) */
export const relu = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.relu, input, outOf(SPECS.relu.name, opts));
/** The error function. @example torch.erf(torch.tensor([0.5])) */
export const erf = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.erf, input, outOf(SPECS.erf.name, opts));
/** Inverse of erf on (-1, 1); ±1 give ±inf. @example torch.erfinv(torch.tensor([0.5])) */
export const erfinv = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.erfinv, input, outOf(SPECS.erfinv.name, opts));
/** Round down; identity on integer tensors. Gradient zero. @example torch.floor(torch.tensor([-1.5, 1.5])) */
export const floor = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.floor, input, outOf(SPECS.floor.name, opts));
/** Round up; identity on integer tensors. @example torch.ceil(torch.tensor([-1.5, 1.5])) */
export const ceil = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.ceil, input, outOf(SPECS.ceil.name, opts));
/** Round toward zero; identity on integer tensors. @example torch.trunc(torch.tensor([-1.5, 1.5])) */
export const trunc = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.trunc, input, outOf(SPECS.trunc.name, opts));
/** Alias of `trunc`. @example torch.fix(x) */
export const fix = trunc;
/** Logical NOT: a bool tensor, true where x is 0. @example torch.logicalNot(torch.tensor([0, 2])) // tensor([ True, False]) */
export const logicalNot = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.logicalNot, input, outOf(SPECS.logicalNot.name, opts));
/** True where x is NaN. @example torch.isnan(torch.tensor([1, NaN])) // tensor([False,  True]) */
export const isnan = (input: Tensor, opts?: OutOptions): Tensor =>
  applyUnary(SPECS.isnan, input, outOf(SPECS.isnan.name, opts));

/** Bitwise NOT of integer tensors; logical NOT of bool tensors. @example torch.bitwiseNot(torch.tensor([0, 5])) // tensor([-1, -6]) */
export function bitwiseNot(input: Tensor): Tensor {
  // The kernel computes -x-1, which is NOT only for integers: bool takes logicalNot's kernel.
  if (input instanceof Tensor && input.dtype === "bool")
    return applyUnary({ ...SPECS.logicalNot, name: "bitwiseNot" }, input);
  return applyUnary(SPECS.bitwiseNot, input);
}

const ROUND_KEYS = optionKeys("decimals");

/**
 * Round half to even (as C's nearbyint); with `decimals`, to that many decimal places
 * (negative: to tens, hundreds, …). Identity on integer tensors without decimals.
 * @example torch.round(torch.tensor([0.5, 1.5, 2.5])) // tensor([0., 2., 2.])
 */
export function round(input: Tensor, opts?: { decimals?: number }): Tensor {
  if (opts !== undefined) checkOptions("round", opts, ROUND_KEYS);
  const d = opts?.decimals ?? 0;
  if (d === 0) return applyUnary(SPECS.round, input);
  checkTensor("round", input);
  if (!Number.isInteger(d)) throw new TypeError(`[round] decimals must be an integer: got ${d}`);
  if (!input.isFloatingPoint())
    throw new TypeError(`[round] decimals need a floating point tensor: got ${input.dtype}`);
  const ten = 10 ** Math.abs(d);
  return withZeroGrad("RoundBackward1", [input], () =>
    d > 0 ? applyUnary(SPECS.round, input.mul(ten)).div(ten) : applyUnary(SPECS.round, input.div(ten)).mul(ten),
  );
}

/** x², as `pow(x, 2)` (PyTorch's `PowBackward0`); bool gives int64. @example torch.square(torch.tensor([3])) // tensor([9]) */
export function square(input: Tensor): Tensor {
  checkTensor("square", input);
  return pow(input, 2);
}

/** 2^x. @example torch.exp2(torch.tensor([3])) // tensor([8.]) */
export function exp2(input: Tensor): Tensor {
  checkTensor("exp2", input);
  return pow(2, input.isFloatingPoint() ? input : castTo(input, getDefaultDtype()));
}

/** Base-2 logarithm (composite: ln x / ln 2). @example torch.log2(torch.tensor([8.0])) // tensor([3.]) */
export const log2 = (input: Tensor): Tensor => log(input).div(Math.LN2);
/** Base-10 logarithm (composite: ln x / ln 10). @example torch.log10(torch.tensor([100.0])) // tensor([2.]) */
export const log10 = (input: Tensor): Tensor => log(input).div(Math.LN10);

// ---- methods ----------------------------------------------------------------------------

const FNS = {
  neg,
  negative,
  abs,
  absolute,
  sign,
  exp,
  expm1,
  log,
  log1p,
  sqrt,
  rsqrt,
  reciprocal,
  sin,
  cos,
  tan,
  asin,
  acos,
  atan,
  sinh,
  cosh,
  tanh,
  sigmoid,
  relu,
  erf,
  erfinv,
  floor,
  ceil,
  trunc,
  fix,
  logicalNot,
  bitwiseNot,
  square,
  exp2,
  log2,
  log10,
};

declare module "../tensor/tensor.js" {
  interface Tensor {
    neg(): Tensor;
    neg_(): Tensor;
    negative(): Tensor;
    negative_(): Tensor;
    abs(): Tensor;
    abs_(): Tensor;
    absolute(): Tensor;
    absolute_(): Tensor;
    sign(): Tensor;
    sign_(): Tensor;
    exp(): Tensor;
    exp_(): Tensor;
    expm1(): Tensor;
    expm1_(): Tensor;
    log(): Tensor;
    log_(): Tensor;
    log1p(): Tensor;
    log1p_(): Tensor;
    sqrt(): Tensor;
    sqrt_(): Tensor;
    rsqrt(): Tensor;
    rsqrt_(): Tensor;
    reciprocal(): Tensor;
    reciprocal_(): Tensor;
    sin(): Tensor;
    sin_(): Tensor;
    cos(): Tensor;
    cos_(): Tensor;
    tan(): Tensor;
    tan_(): Tensor;
    asin(): Tensor;
    asin_(): Tensor;
    acos(): Tensor;
    acos_(): Tensor;
    atan(): Tensor;
    atan_(): Tensor;
    sinh(): Tensor;
    sinh_(): Tensor;
    cosh(): Tensor;
    cosh_(): Tensor;
    tanh(): Tensor;
    tanh_(): Tensor;
    sigmoid(): Tensor;
    sigmoid_(): Tensor;
    relu(): Tensor;
    relu_(): Tensor;
    erf(): Tensor;
    erf_(): Tensor;
    erfinv(): Tensor;
    erfinv_(): Tensor;
    floor(): Tensor;
    floor_(): Tensor;
    ceil(): Tensor;
    ceil_(): Tensor;
    trunc(): Tensor;
    trunc_(): Tensor;
    fix(): Tensor;
    fix_(): Tensor;
    logicalNot(): Tensor;
    logicalNot_(): Tensor;
    bitwiseNot(): Tensor;
    bitwiseNot_(): Tensor;
    square(): Tensor;
    square_(): Tensor;
    exp2(): Tensor;
    exp2_(): Tensor;
    log2(): Tensor;
    log2_(): Tensor;
    log10(): Tensor;
    log10_(): Tensor;
    round(opts?: { decimals?: number }): Tensor;
    round_(opts?: { decimals?: number }): Tensor;
    isnan(): Tensor;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const methods: Record<string, (this: Tensor, ...args: any[]) => Tensor> = {
  round(opts?: { decimals?: number }) {
    return round(this, opts);
  },
  round_(opts?: { decimals?: number }) {
    return inplace("round_", this, (s) => round(s, opts));
  },
  isnan() {
    return isnan(this);
  },
};
for (const [name, fn] of Object.entries(FNS)) {
  methods[name] = function (this: Tensor) {
    return fn(this);
  };
  methods[`${name}_`] = function (this: Tensor) {
    return inplace(`${name}_`, this, (s) => fn(s));
  };
}
installMethods(methods);
