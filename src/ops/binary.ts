/**
 * Elementwise arithmetic on two operands (tensors or JS numbers, broadcast and promoted as
 * PyTorch does): add, sub, mul, div, pow, maximum, minimum, fmod, remainder, floorDivide, atan2.
 * Comparisons, logical and bitwise ops live in compare.ts.
 */
import { zerosLike } from "../tensor/creation.js";
import { checkFits, getDefaultDtype, isFloatingPoint, resultType, type DType } from "../tensor/dtype.js";
import { checkOptions, describe as describeValue, optionKeys, type OptionKeys } from "../util/args.js";
import { noGrad } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import { Tensor } from "../tensor/tensor.js";
import { gt, lt } from "./compare.js";
import {
  OUT_KEYS,
  outOf,
  applyBinary,
  asTensor,
  binaryDtypes,
  castTo,
  binaryOp,
  intoOut,
  needsGrad,
  promotionOperand,
  type BinaryDecl,
  type BinarySpec,
  type OutOptions,
  type TensorLike,
} from "./define.js";
import { checkTensor, isScalar, withZeroGrad } from "./elementwise-internal.js";
import { alias, defineOp } from "./registry.js";

export * from "./compare.js";

type G = BinarySpec["gradA"];
const pass: G = (_a, _b, _o, g) => g;

function noBool(op: string): (d: DType) => void {
  return (d) => {
    if (d === "bool")
      throw new TypeError(`[${op}] not implemented for bool tensors: got bool, expected a numeric dtype`);
  };
}

const ADD: BinarySpec = {
  kernel: "add",
  name: "add",
  dtype: "same",
  gradName: "AddBackward0",
  gradA: pass,
  gradB: pass,
};
const SUB: BinarySpec = {
  kernel: "sub",
  name: "sub",
  dtype: "same",
  gradName: "SubBackward0",
  gradA: pass,
  gradB: (_a, _b, _o, g) => g.neg(),
};
const DIV: BinarySpec = {
  kernel: "div",
  name: "div",
  dtype: "float",
  gradName: "DivBackward0",
  saves: ["a", "b"],
  gradA: (_a, b, _o, g) => g.div(b),
  gradB: (a, b, _o, g) => g.neg().mul(a).div(b.mul(b)), // d(a/b)/db = -a/b²
};
const DIV_TRUNC: BinarySpec = { kernel: "div", name: "div", dtype: "same", check: noBool("div") };
const DIV_FLOOR: BinarySpec = { kernel: "floorDivide", name: "div", dtype: "same", check: noBool("div") };
// maximum/minimum: ties split the gradient half/half, as PyTorch.
function extremum(gradName: string, loses: (a: Tensor, b: Tensor) => Tensor): BinaryDecl {
  return {
    dtype: "same",
    gradName,
    saves: ["a", "b"],
    gradA: (a, b, _o, g): Tensor => g.div(2).where(a.eq(b), g).maskedFill(loses(a, b), 0),
    gradB: (a, b, _o, g): Tensor => g.div(2).where(a.eq(b), g).maskedFill(loses(b, a), 0),
  };
}

function modSpec(kernel: "fmod" | "remainder", tensorOther: boolean): BinarySpec {
  const cap = kernel === "fmod" ? "Fmod" : "Remainder";
  const mode = kernel === "fmod" ? "trunc" : "floor";
  const s: BinarySpec = {
    kernel,
    name: kernel,
    dtype: "same",
    check: noBool(kernel),
    gradName: `${cap}Backward${tensorOther ? 1 : 0}`,
    gradA: pass,
  };
  // d/db (a - b·round(a/b)) = -round(a/b)
  if (tensorOther) s.gradB = (a, b, _o, g) => g.neg().mul(div(a, b, { roundingMode: mode }));
  return s;
}

/** Options of add/sub/rsub: `result = input ± alpha · other`, written into `out` if given. */
export interface AlphaOptions extends OutOptions {
  alpha?: number | boolean;
}

const ALPHA_KEYS = optionKeys("alpha", "out");
const RSUB_KEYS = optionKeys("alpha");
const DIV_KEYS = optionKeys("roundingMode", "out");

/** `other · alpha`, computed in the promoted dtype (so `alpha` never changes the result type). */
function scaled(
  op: string,
  a: TensorLike,
  b: TensorLike,
  opts: AlphaOptions | undefined,
  keys: OptionKeys = ALPHA_KEYS,
): TensorLike {
  if (opts === undefined) return b;
  checkOptions(op, opts, keys);
  const alpha = opts.alpha;
  if (alpha === undefined) return b;
  if (typeof alpha !== "number" && typeof alpha !== "boolean") {
    throw new TypeError(`[${op}] alpha must be a number: got ${describeValue(alpha)}`);
  }
  const dtype = resultType([promotionOperand(a), promotionOperand(b)]);
  checkFits(op, dtype, alpha, true); // PyTorch converts alpha to the result type with its overflow check
  if (alpha === 1) return b;
  if (typeof alpha === "boolean" && dtype !== "bool") {
    throw new TypeError(`[${op}] boolean alpha is only supported for bool results: got alpha=${alpha} with ${dtype}`);
  }
  if (typeof alpha === "number" && !isFloatingPoint(dtype) && !Number.isInteger(alpha)) {
    throw new TypeError(`[${op}] for integral input tensors, alpha must not be a floating point number: got ${alpha}`);
  }
  if (alpha === true) return b;
  if (isScalar(b)) {
    const v = dtype === "bool" ? Boolean(b) && Boolean(alpha) : Number(b) * Number(alpha);
    return asTensor(v, dtype);
  }
  const bt = castTo(b as Tensor, dtype);
  return bt.mul(dtype === "bool" ? Boolean(alpha) : alpha);
}

function isBoolOperand(x: TensorLike): boolean {
  return x instanceof Tensor ? x.dtype === "bool" : typeof x === "boolean";
}

function checkSub(op: string, a: TensorLike, b: TensorLike): void {
  const ba = isBoolOperand(a);
  const bb = isBoolOperand(b);
  if (ba && bb)
    throw new TypeError(
      `[${op}] subtraction of two bool tensors is not supported: got bool and bool (use logicalXor())`,
    );
  if (ba || bb) {
    throw new TypeError(
      `[${op}] subtraction with a bool tensor is not supported: got a bool operand, expected numeric (to invert a mask use logicalNot())`,
    );
  }
}

/**
 * `input + alpha · other`, broadcast and promoted.
 * @example torch.add(torch.tensor([1, 2]), 3) // tensor([4, 5])
 */
export const add = defineOp(
  "add",
  { family: "binary", mode: "inplace", kernels: ["add"], gradNames: ["AddBackward0"] },
  function add(input: TensorLike, other: TensorLike, opts?: AlphaOptions): Tensor {
    return applyBinary(ADD, input, scaled("add", input, other, opts), opts?.out);
  },
);

/**
 * `input - alpha · other`; bool operands are rejected as in PyTorch.
 * @example torch.sub(torch.tensor([5.5]), torch.tensor([2]), { alpha: 2 }) // tensor([1.5000])
 */
export const sub = defineOp(
  "sub",
  { family: "binary", mode: "inplace", kernels: ["sub"], gradNames: ["SubBackward0"] },
  function sub(input: TensorLike, other: TensorLike, opts?: AlphaOptions): Tensor {
    checkSub("sub", input, other);
    return applyBinary(SUB, input, scaled("sub", input, other, opts), opts?.out);
  },
);

/** Alias of `sub`. @example torch.subtract(torch.tensor([3]), 1) */
export const subtract = alias("subtract", sub);

/**
 * `other - alpha · input` (PyTorch's `torch.rsub`).
 * @example torch.rsub(torch.tensor([1, 2]), 5) // tensor([4, 3])
 */
export const rsub = defineOp(
  "rsub",
  { family: "binary", kernels: ["sub"], gradNames: ["RsubBackward0", "RsubBackward1"] },
  function rsub(input: TensorLike, other: TensorLike, opts?: AlphaOptions): Tensor {
    checkSub("rsub", input, other);
    const name = other instanceof Tensor ? "RsubBackward0" : "RsubBackward1";
    return applyBinary({ ...SUB, name: "rsub", gradName: name }, other, scaled("rsub", other, input, opts, RSUB_KEYS));
  },
);

/** Elementwise product. @example torch.mul(torch.tensor([1, 2]), 2.5) // tensor([2.5000, 5.0000]) */
export const mul = binaryOp("mul", {
  dtype: "same",
  gradName: "MulBackward0",
  saves: ["a", "b"],
  gradA: (_a, b, _o, g): Tensor => g.mul(b),
  gradB: (a, _b, _o, g): Tensor => g.mul(a),
  // d(ab) = da·b + a·db
  jvp: (a, b, _o, ta, tb): Tensor => (ta === null ? tb!.mul(a) : tb === null ? ta.mul(b) : ta.mul(b).add(tb.mul(a))),
});

/** Alias of `mul`. @example torch.multiply(torch.tensor([2]), 3) */
export const multiply = alias("multiply", mul);

/** Rounding of `div`: none (true division), toward zero, or toward -inf. */
export interface DivOptions extends OutOptions {
  roundingMode?: "trunc" | "floor" | null;
}

/**
 * Division. Without a rounding mode it is true division (integers give the default float);
 * `"trunc"`/`"floor"` round the quotient and keep integer dtypes (zero gradient).
 * @example torch.div(torch.tensor([-7, 7]), 2, { roundingMode: "floor" }) // tensor([-4,  3])
 */
export const div = defineOp(
  "div",
  { family: "binary", mode: "inplace", kernels: ["div", "floorDivide"], gradNames: ["DivBackward0", "DivBackward2"] },
  divide_,
);
function divide_(input: TensorLike, other: TensorLike, opts?: DivOptions): Tensor {
  if (opts !== undefined) checkOptions("div", opts, DIV_KEYS);
  const mode = opts?.roundingMode ?? null;
  if (mode === null) return applyBinary(DIV, input, other, opts?.out);
  if (opts?.out !== undefined) {
    const q = noGrad(() => div(input, other, { roundingMode: mode }));
    const grad = needsGrad(...[input, other].filter((t): t is Tensor => t instanceof Tensor));
    return intoOut("div", opts.out, q.shape, q.dtype, grad, (o) => activeBackend().copy(q._v, o._v));
  }
  if (mode === "floor") return withZeroGrad("DivBackward2", [input, other], () => applyBinary(DIV_FLOOR, input, other));
  if (mode === "trunc") {
    return withZeroGrad("DivBackward2", [input, other], () => {
      // An integral compute dtype truncates in the kernel; floats divide, then truncate.
      const q = applyBinary(DIV_TRUNC, input, other);
      return isFloatingPoint(binaryDtypes(DIV_TRUNC, input, other).compute) ? q.trunc() : q;
    });
  }
  throw new RangeError(`[div] unknown roundingMode: got ${JSON.stringify(mode)}, expected "trunc", "floor" or null`);
}

/** Alias of `div`. @example torch.divide(torch.tensor([3]), 2) */
export const divide = alias("divide", div);
/** `div` without rounding. @example torch.trueDivide(torch.tensor([3]), 2) // tensor([1.5000]) */
export const trueDivide = defineOp(
  "trueDivide",
  { family: "binary", mode: "inplace" },
  (input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor => div(input, other, opts),
);

/**
 * Floor division (`a // b`), keeping integer dtypes; integer division by zero throws.
 * @example torch.floorDivide(torch.tensor([-7, 7]), 2) // tensor([-4,  3])
 */
export const floorDivide = binaryOp("floorDivide", { dtype: "same", check: noBool("floorDivide") });

/**
 * `input ^ exponent`; either may be a number (`torch.pow(2, x)`). Integer tensors to negative
 * integer scalar powers are an error, as in PyTorch.
 * @example torch.pow(torch.tensor([1, 2, 3]), 2) // tensor([1, 4, 9])
 */
export const pow = defineOp(
  "pow",
  { family: "binary", mode: "inplace", kernels: ["pow"], gradNames: ["PowBackward0", "PowBackward1", "PowBackward2"] },
  power,
);
function power(input: TensorLike, exponent: TensorLike, opts?: OutOptions): Tensor {
  if (opts !== undefined) checkOptions("pow", opts, OUT_KEYS);
  const check = noBool("pow");
  if (input instanceof Tensor && !(exponent instanceof Tensor)) {
    const e = Number(exponent);
    const { compute } = binaryDtypes({ kernel: "pow", name: "pow", dtype: "same", check }, input, exponent);
    if (!isFloatingPoint(compute) && Number.isInteger(e) && e < 0) {
      throw new RangeError(
        `[pow] integers to negative integer powers are not allowed: got exponent ${e} for ${input.dtype}, use a float tensor`,
      );
    }
    // PowBackward0: e · x^(e-1), zero for e = 0
    return applyBinary(
      {
        kernel: "pow",
        name: "pow",
        dtype: "same",
        check,
        gradName: "PowBackward0",
        saves: ["a"],
        gradA: (a, _b, _o, g) => (e === 0 ? zerosLike(g) : g.mul((e === 2 ? a : a.pow(e - 1)).mul(e))), // a¹ is a
      },
      input,
      exponent,
      opts?.out,
    );
  }
  if (input instanceof Tensor) {
    return applyBinary(
      {
        kernel: "pow",
        name: "pow",
        dtype: "same",
        check,
        gradName: "PowBackward1",
        saves: ["a", "b", "out"],
        gradA: (a, b, _o, g) => g.mul(b.mul(a.pow(b.sub(1)))).maskedFill(b.eq(0), 0),
        gradB: (a, b, o, g) => g.mul(o.mul(a.log())).maskedFill(a.eq(0).logicalAnd(b.ge(0)), 0), // d a^b/db = a^b ln a
      },
      input,
      exponent,
      opts?.out,
    );
  }
  if (!(exponent instanceof Tensor))
    throw new TypeError(`[pow] expected a Tensor as input or exponent: got two numbers`);
  const base = Number(input);
  return applyBinary(
    {
      kernel: "pow",
      name: "pow",
      dtype: "same",
      check,
      gradName: "PowBackward2",
      saves: ["out"],
      gradB: (_a, b, o, g) =>
        base === 0 ? g.mul(o).mul(-Infinity).maskedFill(b.ge(0), 0) : g.mul(o).mul(Math.log(base)),
    },
    input,
    exponent,
    opts?.out,
  );
}

/** Elementwise maximum; NaN propagates. @example torch.maximum(torch.tensor([1, 5]), torch.tensor([3, 2])) */
const MAXIMUM: BinaryDecl = extremum("MaximumBackward0", lt);
export const maximum = binaryOp("maximum", { ...MAXIMUM, mode: "method" });

/** Elementwise minimum; NaN propagates. @example torch.minimum(torch.tensor([1, 5]), torch.tensor([3, 2])) */
const MINIMUM: BinaryDecl = extremum("MinimumBackward0", gt);
export const minimum = binaryOp("minimum", { ...MINIMUM, mode: "method" });

/** C-style remainder: takes the dividend's sign. @example torch.fmod(torch.tensor([-7, 7]), 3) // tensor([-1,  1]) */
export const fmod = defineOp(
  "fmod",
  { family: "binary", mode: "inplace", kernels: ["fmod"], gradNames: ["FmodBackward0", "FmodBackward1"] },
  (input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor =>
    applyBinary(modSpec("fmod", other instanceof Tensor), input, other, outOf("fmod", opts)),
);

/** Python-style modulo: takes the divisor's sign. @example torch.remainder(torch.tensor([-7, 7]), 3) // tensor([2, 1]) */
export const remainder = defineOp(
  "remainder",
  {
    family: "binary",
    mode: "inplace",
    kernels: ["remainder"],
    gradNames: ["RemainderBackward0", "RemainderBackward1"],
  },
  (input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor =>
    applyBinary(modSpec("remainder", other instanceof Tensor), input, other, outOf("remainder", opts)),
);

/** atan(input / other) with the quadrant of (other, input). @example torch.atan2(torch.tensor([1.0]), torch.tensor([-1.0])) */
export const atan2 = binaryOp("atan2", {
  dtype: "float",
  gradName: "Atan2Backward0",
  saves: ["a", "b"],
  gradA: (a, b, _o, g): Tensor => g.mul(b).div(a.mul(a).add(b.mul(b))), // b/(a²+b²)
  gradB: (a, b, _o, g): Tensor =>
    g
      .mul(a)
      .neg()
      .div(a.mul(a).add(b.mul(b))), // -a/(a²+b²)
});

/** Alias of `atan2`. @example torch.arctan2(torch.tensor([1.0]), torch.tensor([1.0])) */
export const arctan2 = alias("arctan2", atan2);

/** 2^x. @example torch.exp2(torch.tensor([3])) // tensor([8.]) */
export const exp2 = defineOp("exp2", { family: "composite", mode: "inplace" }, (input: Tensor): Tensor => {
  checkTensor("exp2", input);
  return pow(2, input.isFloatingPoint() ? input : castTo(input, getDefaultDtype()));
});

export type { OutOptions } from "./define.js";
