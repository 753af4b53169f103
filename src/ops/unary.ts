/**
 * Elementwise one-input ops, each declared once with `unaryOp` (kernel, dtype rule, backward):
 * the registry derives the function, the Tensor method and the in-place `_` variant.
 */
import { zerosLike } from "../tensor/creation.js";
import { isFloatingPoint } from "../tensor/dtype.js";
import { checkOptions, optionKeys } from "../util/args.js";
import { Tensor } from "../tensor/tensor.js";
import { isGradEnabled } from "../autograd/mode.js";
import { FunctionNode } from "../autograd/node.js";
import { donated, fusable, fusedOp, fusedOutput, takeDonation } from "./fused.js";
import { outOf, applyUnary, unaryOp, type OutOptions, type UnarySpec } from "./define.js";
import { checkTensor, withZeroGrad } from "./elementwise-internal.js";
import { alias, defineOp } from "./registry.js";

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
  when: (y: Tensor, g: Tensor, _gOwned: boolean): boolean =>
    !isGradEnabled() && g.dtype === y.dtype && fusable(y, g) && g.numel() === y.numel(),
  forward: (k, y, g, gOwned) => {
    const out = gOwned && g.isContiguous() ? g : fusedOutput(y.shape, y.dtype, y);
    return k(y, g, out) ? { out, ctx: undefined } : null;
  },
  fallback: (y: Tensor, g: Tensor): Tensor => g.maskedFill(y.le(0), 0),
});
const reluGrad: Grad = (_x, y, g, gOwned) => reluBackward(y, g, gOwned);

/**
 * relu that takes a donated input (ops/fused.ts): written over `x` and recorded on it as
 * ReluBackward0 (what PyTorch's `ReLU(inplace=True)` gives), when `x` is a floating, whole-storage,
 * non-view tensor whose node saved nothing of it. Else the ordinary relu.
 */
export const reluTakingDonation: (x: Tensor) => Tensor = fusedOp({
  name: "relu",
  kernel: "relu",
  when: (x: Tensor): boolean =>
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
  fallback: (x: Tensor): Tensor => relu(x),
});

// Each row: dtype rule, grad_fn name, dL/dx from (x, y = output, g = dL/dy), which of x/y the
// backward reads (so an in-place change of it invalidates the graph), and a bool-input error.
// prettier-ignore
/** -x. Bool tensors are rejected as in PyTorch. @example torch.neg(torch.tensor([1, -2])) // tensor([-1, 2]) */
export const neg = unaryOp("neg", { dtype: "same", gradName: "NegBackward0", grad: (_x, _y, g): Tensor => g.neg(),
  boolError: "negation on a bool tensor is not supported: got bool, expected a numeric tensor (to invert a mask use logicalNot())" });
/** Alias of `neg`. @example torch.negative(torch.tensor([1])) */
export const negative = alias("negative", neg);
/** |x|; integer tensors stay integer. @example torch.abs(torch.tensor([-3, 2])) // tensor([3, 2]) */
export const abs = unaryOp("abs", {
  dtype: "same",
  gradName: "AbsBackward0",
  grad: (x, _y, g): Tensor => g.mul(x.sign()),
  saves: "x",
  boolError: NO_BOOL,
}); // d|x| = sign(x)
/** Alias of `abs`. @example torch.absolute(torch.tensor([-1])) */
export const absolute = alias("absolute", abs);
/** -1, 0 or 1 by sign (sign(NaN) = 0, as PyTorch's CPU kernel). @example torch.sign(torch.tensor([-2.5, 0, 3])) */
export const sign = unaryOp("sign", { dtype: "same", gradName: "SignBackward0", grad: zero });
/** e^x; integer inputs give the default float dtype. @example torch.exp(torch.tensor([0, 1])) // tensor([1.0000, 2.7183]) */
export const exp = unaryOp("exp", {
  dtype: "float",
  gradName: "ExpBackward0",
  grad: (_x, y, g): Tensor => g.mul(y),
  jvp: (_x, y, t): Tensor => t.mul(y),
  saves: "y",
}); // d e^x = e^x
/** e^x - 1, accurate near 0. @example torch.expm1(torch.tensor([1e-10])) */
export const expm1 = unaryOp("expm1", {
  dtype: "float",
  gradName: "Expm1Backward0",
  grad: (_x, y, g): Tensor => g.mul(y.add(1)),
  saves: "y",
});
/** Natural logarithm (log(0) = -inf, log(x<0) = NaN). @example torch.log(torch.tensor([1, Math.E])) */
export const log = unaryOp("log", {
  dtype: "float",
  gradName: "LogBackward0",
  grad: (x, _y, g): Tensor => g.div(x),
  jvp: (x, _y, t): Tensor => t.div(x),
  saves: "x",
}); // d ln x = 1/x
/** ln(1 + x), accurate near 0. @example torch.log1p(torch.tensor([1e-10])) */
export const log1p = unaryOp("log1p", {
  dtype: "float",
  gradName: "Log1PBackward0",
  grad: (x, _y, g): Tensor => g.div(x.add(1)),
  saves: "x",
});
/** Square root. @example torch.sqrt(torch.tensor([4, 9])) // tensor([2., 3.]) */
export const sqrt = unaryOp("sqrt", {
  dtype: "float",
  gradName: "SqrtBackward0",
  grad: (_x, y, g): Tensor => g.div(y.mul(2)),
  saves: "y",
}); // 1/(2√x)
/** 1/√x. @example torch.rsqrt(torch.tensor([4.0])) // tensor([0.5000]) */
export const rsqrt = unaryOp("rsqrt", {
  dtype: "float",
  gradName: "RsqrtBackward0",
  grad: (_x, y, g): Tensor => g.mul(y.pow(3)).mul(-0.5),
  saves: "y",
}); // -y³/2
/** 1/x. @example torch.reciprocal(torch.tensor([2, 4])) // tensor([0.5000, 0.2500]) */
export const reciprocal = unaryOp("reciprocal", {
  dtype: "float",
  gradName: "ReciprocalBackward0",
  grad: (_x, y, g): Tensor => g.mul(y.mul(y)).neg(),
  saves: "y",
}); // -y²
/** Sine. @example torch.sin(torch.tensor([0.0])) */
export const sin = unaryOp("sin", {
  dtype: "float",
  gradName: "SinBackward0",
  grad: (x, _y, g): Tensor => g.mul(x.cos()),
  jvp: (x, _y, t): Tensor => t.mul(x.cos()),
  saves: "x",
});
/** Cosine. @example torch.cos(torch.tensor([0.0])) */
export const cos = unaryOp("cos", {
  dtype: "float",
  gradName: "CosBackward0",
  grad: (x, _y, g): Tensor => g.mul(x.sin().neg()),
  jvp: (x, _y, t): Tensor => t.mul(x.sin().neg()),
  saves: "x",
});
/** Tangent. @example torch.tan(torch.tensor([0.5])) */
export const tan = unaryOp("tan", {
  dtype: "float",
  gradName: "TanBackward0",
  grad: (_x, y, g): Tensor => g.mul(y.mul(y).add(1)),
  saves: "y",
}); // 1 + tan²
/** Arcsine (NaN outside [-1, 1]). @example torch.asin(torch.tensor([0.5])) */
export const asin = unaryOp("asin", {
  dtype: "float",
  gradName: "AsinBackward0",
  grad: (x, _y, g): Tensor => g.mul(x.mul(x).neg().add(1).rsqrt()),
  saves: "x",
}); // 1/√(1-x²)
/** Arccosine (NaN outside [-1, 1]). @example torch.acos(torch.tensor([0.5])) */
export const acos = unaryOp("acos", {
  dtype: "float",
  gradName: "AcosBackward0",
  grad: (x, _y, g): Tensor => g.mul(x.mul(x).neg().add(1).rsqrt()).neg(),
  saves: "x",
});
/** Arctangent. @example torch.atan(torch.tensor([1.0])) */
export const atan = unaryOp("atan", {
  dtype: "float",
  gradName: "AtanBackward0",
  grad: (x, _y, g): Tensor => g.div(x.mul(x).add(1)),
  saves: "x",
}); // 1/(1+x²)
/** Hyperbolic sine. @example torch.sinh(torch.tensor([1.0])) */
export const sinh = unaryOp("sinh", {
  dtype: "float",
  gradName: "SinhBackward0",
  grad: (x, _y, g): Tensor => g.mul(x.cosh()),
  saves: "x",
});
/** Hyperbolic cosine. @example torch.cosh(torch.tensor([1.0])) */
export const cosh = unaryOp("cosh", {
  dtype: "float",
  gradName: "CoshBackward0",
  grad: (x, _y, g): Tensor => g.mul(x.sinh()),
  saves: "x",
});
/** Hyperbolic tangent. @example torch.tanh(torch.tensor([0.5])) */
export const tanh = unaryOp("tanh", {
  dtype: "float",
  gradName: "TanhBackward0",
  grad: (_x, y, g): Tensor => g.mul(y.mul(y).neg().add(1)),
  jvp: (_x, y, t): Tensor => t.mul(y.mul(y).neg().add(1)),
  saves: "y",
}); // 1 - y²
/** 1/(1 + e^-x). @example torch.sigmoid(torch.tensor([0.0])) // tensor([0.5000]) */
export const sigmoid = unaryOp("sigmoid", {
  dtype: "float",
  gradName: "SigmoidBackward0",
  grad: (_x, y, g): Tensor => g.mul(y.mul(y.neg().add(1))),
  jvp: (_x, y, t): Tensor => t.mul(y.mul(y.neg().add(1))),
  saves: "y",
}); // y(1-y)
/** max(x, 0); integer tensors stay integer, NaN stays NaN. @example torch.relu(torch.tensor([-1, 2])) // tensor([0, 2]) */
export const relu = unaryOp("relu", {
  dtype: "same",
  gradName: "ReluBackward0",
  grad: reluGrad,
  saves: "y",
  boolError: "bool inputs are not supported: got bool, expected a numeric tensor",
});
/** The error function. @example torch.erf(torch.tensor([0.5])) */
export const erf = unaryOp("erf", {
  dtype: "float",
  gradName: "ErfBackward0",
  grad: (x, _y, g): Tensor => g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI)),
  saves: "x",
}); // 2/√π e^{-x²}
/** Inverse of erf on (-1, 1); ±1 give ±inf. @example torch.erfinv(torch.tensor([0.5])) */
export const erfinv = unaryOp("erfinv", {
  dtype: "float",
  gradName: "ErfinvBackward0",
  grad: (_x, y, g): Tensor =>
    g.mul(
      y
        .mul(y)
        .exp()
        .mul(Math.sqrt(Math.PI) / 2),
    ),
  saves: "y",
}); // √π/2 e^{y²}
/** sin(πx)/(πx), 1 at 0 (normalized sinc). @example torch.sinc(torch.tensor([0, 0.5])) // tensor([1.0000, 0.6366]) */
export const sinc = unaryOp("sinc", {
  dtype: "float",
  gradName: "SincBackward0",
  saves: "x",
  grad: (x, _y, g): Tensor => {
    const px = x.mul(Math.PI); // (πx cos πx − sin πx) / (πx²), 0 at x = 0
    return g.mul(px.mul(px.cos()).sub(px.sin()).div(px.mul(x)).maskedFill(x.eq(0), 0));
  },
});
/** Round down; identity on integer tensors. Gradient zero. @example torch.floor(torch.tensor([-1.5, 1.5])) */
export const floor = unaryOp("floor", { dtype: "same", gradName: "FloorBackward0", grad: zero, boolError: NO_BOOL });
/** Round up; identity on integer tensors. @example torch.ceil(torch.tensor([-1.5, 1.5])) */
export const ceil = unaryOp("ceil", { dtype: "same", gradName: "CeilBackward0", grad: zero, boolError: NO_BOOL });
/** Round toward zero; identity on integer tensors. @example torch.trunc(torch.tensor([-1.5, 1.5])) */
export const trunc = unaryOp("trunc", { dtype: "same", gradName: "TruncBackward0", grad: zero, boolError: NO_BOOL });
/** Alias of `trunc`. @example torch.fix(torch.tensor([-1.5])) */
export const fix = alias("fix", trunc);
/** Logical NOT: a bool tensor, true where x is 0. @example torch.logicalNot(torch.tensor([0, 2])) // tensor([ True, False]) */
export const logicalNot = unaryOp("logicalNot", { dtype: "bool" });
/** True where x is NaN. @example torch.isnan(torch.tensor([1, NaN])) // tensor([False,  True]) */
export const isnan = unaryOp("isnan", { dtype: "bool", mode: "method" });
const ROUND_SPEC: UnarySpec = {
  kernel: "round",
  name: "round",
  dtype: "same",
  gradName: "RoundBackward0",
  grad: zero,
  boolError: NO_BOOL,
};
const LOGICAL_NOT_AS_BITWISE: UnarySpec = { kernel: "logicalNot", name: "bitwiseNot", dtype: "bool" };
const BITWISE_NOT: UnarySpec = { kernel: "bitwiseNot", name: "bitwiseNot", dtype: "integral" };

/** Bitwise NOT of integer tensors; logical NOT of bool tensors. @example torch.bitwiseNot(torch.tensor([0, 5])) // tensor([-1, -6]) */
export const bitwiseNot = defineOp(
  "bitwiseNot",
  { family: "unary", mode: "inplace", kernels: ["bitwiseNot", "logicalNot"] },
  (input: Tensor, opts?: OutOptions): Tensor =>
    // The kernel computes -x-1, which is NOT only for integers: bool takes logicalNot's kernel.
    input instanceof Tensor && input.dtype === "bool"
      ? applyUnary(LOGICAL_NOT_AS_BITWISE, input, outOf("bitwiseNot", opts))
      : applyUnary(BITWISE_NOT, input, outOf("bitwiseNot", opts)),
);

const ROUND_KEYS = optionKeys("decimals");

/**
 * Round half to even (as C's nearbyint); with `decimals`, to that many decimal places
 * (negative: to tens, hundreds, …). Identity on integer tensors without decimals.
 * @example torch.round(torch.tensor([0.5, 1.5, 2.5])) // tensor([0., 2., 2.])
 */
export const round = defineOp(
  "round",
  { family: "unary", mode: "inplace", kernels: ["round"], gradNames: ["RoundBackward0", "RoundBackward1"] },
  (input: Tensor, opts?: { decimals?: number }): Tensor => {
    if (opts !== undefined) checkOptions("round", opts, ROUND_KEYS);
    const d = opts?.decimals ?? 0;
    if (d === 0) return applyUnary(ROUND_SPEC, input);
    checkTensor("round", input);
    if (!Number.isInteger(d)) throw new TypeError(`[round] decimals must be an integer: got ${d}`);
    if (!input.isFloatingPoint())
      throw new TypeError(`[round] decimals need a floating point tensor: got ${input.dtype}`);
    const ten = 10 ** Math.abs(d);
    return withZeroGrad("RoundBackward1", [input], () =>
      d > 0 ? applyUnary(ROUND_SPEC, input.mul(ten)).div(ten) : applyUnary(ROUND_SPEC, input.div(ten)).mul(ten),
    );
  },
);

/** x², as `pow(x, 2)` (PyTorch's `PowBackward0`); bool gives int64. @example torch.square(torch.tensor([3])) // tensor([9]) */
export const square = defineOp("square", { family: "composite", mode: "inplace" }, (input: Tensor): Tensor => {
  checkTensor("square", input);
  return input.pow(2);
});

/** Base-2 logarithm (composite: ln x / ln 2). @example torch.log2(torch.tensor([8.0])) // tensor([3.]) */
export const log2 = defineOp("log2", { family: "composite", mode: "inplace" }, (input: Tensor): Tensor =>
  log(input).div(Math.LN2),
);
/** Base-10 logarithm (composite: ln x / ln 10). @example torch.log10(torch.tensor([100.0])) // tensor([2.]) */
export const log10 = defineOp("log10", { family: "composite", mode: "inplace" }, (input: Tensor): Tensor =>
  log(input).div(Math.LN10),
);
