/**
 * Elementwise arithmetic on two operands (tensors or JS numbers, broadcast and promoted as
 * PyTorch does): add, sub, mul, div, pow, maximum, minimum, fmod, remainder, floorDivide, atan2.
 * Comparisons, logical and bitwise ops live in compare.ts.
 */
import { zerosLike } from "../tensor/creation.js";
import { checkFits, isFloatingPoint, resultType, type DType } from "../tensor/dtype.js";
import { checkArity, checkOptions, describe as describeValue, optionKeys, type OptionKeys } from "../util/args.js";
import { noGrad } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import { installMethods } from "../tensor/methods.js";
import { Tensor } from "../tensor/tensor.js";
import { eq, ge, gt, logicalAnd, lt } from "./compare.js";
import { where } from "./composite.js";
import {
  OUT_KEYS,
  outOf,
  applyBinary,
  asTensor,
  binaryDtypes,
  castTo,
  inplace,
  intoOut,
  needsGrad,
  promotionOperand,
  type BinarySpec,
  type OutOptions,
  type TensorLike,
} from "./define.js";
import { isScalar, withZeroGrad } from "./elementwise-internal.js";

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
const MUL: BinarySpec = {
  kernel: "mul",
  name: "mul",
  dtype: "same",
  gradName: "MulBackward0",
  saves: ["a", "b"],
  gradA: (_a, b, _o, g) => g.mul(b),
  gradB: (a, _b, _o, g) => g.mul(a),
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
const FLOOR_DIVIDE: BinarySpec = {
  kernel: "floorDivide",
  name: "floorDivide",
  dtype: "same",
  check: noBool("floorDivide"),
};

// maximum/minimum: ties split the gradient half/half, as PyTorch.
function extremum(kernel: "maximum" | "minimum", gradName: string, loses: typeof lt): BinarySpec {
  return {
    kernel,
    name: kernel,
    dtype: "same",
    gradName,
    saves: ["a", "b"],
    gradA: (a, b, _o, g) => where(loses(a, b), 0, where(eq(a, b), g.div(2), g)),
    gradB: (a, b, _o, g) => where(loses(b, a), 0, where(eq(a, b), g.div(2), g)),
  };
}
const MAXIMUM = extremum("maximum", "MaximumBackward0", lt);
const MINIMUM = extremum("minimum", "MinimumBackward0", gt);

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

const ATAN2: BinarySpec = {
  kernel: "atan2",
  name: "atan2",
  dtype: "float",
  gradName: "Atan2Backward0",
  saves: ["a", "b"],
  gradA: (a, b, _o, g) => g.mul(b).div(a.mul(a).add(b.mul(b))), // b/(a²+b²)
  gradB: (a, b, _o, g) =>
    g
      .mul(a)
      .neg()
      .div(a.mul(a).add(b.mul(b))), // -a/(a²+b²)
};

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
export function add(input: TensorLike, other: TensorLike, opts?: AlphaOptions): Tensor {
  return applyBinary(ADD, input, scaled("add", input, other, opts), opts?.out);
}

/**
 * `input - alpha · other`; bool operands are rejected as in PyTorch.
 * @example torch.sub(torch.tensor([5.5]), torch.tensor([2]), { alpha: 2 }) // tensor([1.5000])
 */
export function sub(input: TensorLike, other: TensorLike, opts?: AlphaOptions): Tensor {
  checkSub("sub", input, other);
  return applyBinary(SUB, input, scaled("sub", input, other, opts), opts?.out);
}

/** Alias of `sub`. @example torch.subtract(a, b) */
export const subtract = sub;

/**
 * `other - alpha · input` (PyTorch's `torch.rsub`).
 * @example torch.rsub(torch.tensor([1, 2]), 5) // tensor([4, 3])
 */
export function rsub(input: TensorLike, other: TensorLike, opts?: AlphaOptions): Tensor {
  checkSub("rsub", input, other);
  const name = other instanceof Tensor ? "RsubBackward0" : "RsubBackward1";
  return applyBinary({ ...SUB, name: "rsub", gradName: name }, other, scaled("rsub", other, input, opts, RSUB_KEYS));
}

/** Elementwise product. @example torch.mul(torch.tensor([1, 2]), 2.5) // tensor([2.5000, 5.0000]) */
export function mul(input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor {
  return applyBinary(MUL, input, other, outOf("mul", opts));
}

/** Alias of `mul`. @example torch.multiply(a, b) */
export const multiply = mul;

/** Rounding of `div`: none (true division), toward zero, or toward -inf. */
export interface DivOptions extends OutOptions {
  roundingMode?: "trunc" | "floor" | null;
}

/**
 * Division. Without a rounding mode it is true division (integers give the default float);
 * `"trunc"`/`"floor"` round the quotient and keep integer dtypes (zero gradient).
 * @example torch.div(torch.tensor([-7, 7]), 2, { roundingMode: "floor" }) // tensor([-4,  3])
 */
export function div(input: TensorLike, other: TensorLike, opts?: DivOptions): Tensor {
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

/** Alias of `div`. @example torch.divide(a, b) */
export const divide = div;
/** Alias of `div` without rounding. @example torch.trueDivide(a, b) */
export const trueDivide = (input: TensorLike, other: TensorLike): Tensor => div(input, other);

/**
 * Floor division (`a // b`), keeping integer dtypes; integer division by zero throws.
 * @example torch.floorDivide(torch.tensor([-7, 7]), 2) // tensor([-4,  3])
 */
export function floorDivide(input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor {
  return applyBinary(FLOOR_DIVIDE, input, other, outOf("floorDivide", opts));
}

/**
 * `input ^ exponent`; either may be a number (`torch.pow(2, x)`). Integer tensors to negative
 * integer scalar powers are an error, as in PyTorch.
 * @example torch.pow(torch.tensor([1, 2, 3]), 2) // tensor([1, 4, 9])
 */
export function pow(input: TensorLike, exponent: TensorLike, opts?: OutOptions): Tensor {
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
        gradA: (a, b, _o, g) => where(eq(b, 0), 0, g.mul(b.mul(a.pow(b.sub(1))))),
        gradB: (a, b, o, g) => where(logicalAnd(eq(a, 0), ge(b, 0)), 0, g.mul(o.mul(a.log()))), // d a^b/db = a^b ln a
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
      gradB: (_a, b, o, g) => (base === 0 ? where(ge(b, 0), 0, g.mul(o).mul(-Infinity)) : g.mul(o).mul(Math.log(base))),
    },
    input,
    exponent,
    opts?.out,
  );
}

/** Elementwise maximum; NaN propagates. @example torch.maximum(torch.tensor([1, 5]), torch.tensor([3, 2])) */
export function maximum(input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor {
  return applyBinary(MAXIMUM, input, other, outOf("maximum", opts));
}

/** Elementwise minimum; NaN propagates. @example torch.minimum(torch.tensor([1, 5]), torch.tensor([3, 2])) */
export function minimum(input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor {
  return applyBinary(MINIMUM, input, other, outOf("minimum", opts));
}

/** C-style remainder: takes the dividend's sign. @example torch.fmod(torch.tensor([-7, 7]), 3) // tensor([-1,  1]) */
export function fmod(input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor {
  return applyBinary(modSpec("fmod", other instanceof Tensor), input, other, outOf("fmod", opts));
}

/** Python-style modulo: takes the divisor's sign. @example torch.remainder(torch.tensor([-7, 7]), 3) // tensor([2, 1]) */
export function remainder(input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor {
  return applyBinary(modSpec("remainder", other instanceof Tensor), input, other, outOf("remainder", opts));
}

/** atan(input / other) with the quadrant of (other, input). @example torch.atan2(torch.tensor([1.0]), torch.tensor([-1.0])) */
export function atan2(input: TensorLike, other: TensorLike, opts?: OutOptions): Tensor {
  return applyBinary(ATAN2, input, other, outOf("atan2", opts));
}

/** Alias of `atan2`. @example torch.arctan2(y, x) // fragment */
export const arctan2 = atan2;

// ---- methods ----------------------------------------------------------------------------

declare module "../tensor/tensor.js" {
  interface Tensor {
    add(other: TensorLike, opts?: AlphaOptions): Tensor;
    add_(other: TensorLike, opts?: AlphaOptions): Tensor;
    sub(other: TensorLike, opts?: AlphaOptions): Tensor;
    sub_(other: TensorLike, opts?: AlphaOptions): Tensor;
    subtract(other: TensorLike, opts?: AlphaOptions): Tensor;
    subtract_(other: TensorLike, opts?: AlphaOptions): Tensor;
    mul(other: TensorLike): Tensor;
    mul_(other: TensorLike): Tensor;
    multiply(other: TensorLike): Tensor;
    multiply_(other: TensorLike): Tensor;
    div(other: TensorLike, opts?: DivOptions): Tensor;
    div_(other: TensorLike, opts?: DivOptions): Tensor;
    divide(other: TensorLike, opts?: DivOptions): Tensor;
    divide_(other: TensorLike, opts?: DivOptions): Tensor;
    trueDivide(other: TensorLike): Tensor;
    trueDivide_(other: TensorLike): Tensor;
    floorDivide(other: TensorLike): Tensor;
    floorDivide_(other: TensorLike): Tensor;
    pow(exponent: TensorLike): Tensor;
    pow_(exponent: TensorLike): Tensor;
    maximum(other: TensorLike): Tensor;
    minimum(other: TensorLike): Tensor;
    fmod(other: TensorLike): Tensor;
    fmod_(other: TensorLike): Tensor;
    remainder(other: TensorLike): Tensor;
    remainder_(other: TensorLike): Tensor;
    atan2(other: TensorLike): Tensor;
    atan2_(other: TensorLike): Tensor;
    arctan2(other: TensorLike): Tensor;
    arctan2_(other: TensorLike): Tensor;
  }
}

type Fn = (self: Tensor, other: TensorLike, opts?: never) => Tensor;
const WITH_INPLACE: Record<string, Fn> = {
  add,
  sub,
  subtract,
  mul,
  multiply,
  div,
  divide,
  trueDivide,
  floorDivide,
  pow,
  fmod,
  remainder,
  atan2,
  arctan2,
};
const methods: Record<string, (this: Tensor, other: TensorLike, opts?: never) => Tensor> = {
  maximum(other) {
    return maximum(this, other);
  },
  minimum(other) {
    return minimum(this, other);
  },
};
for (const [name, fn] of Object.entries(WITH_INPLACE)) {
  methods[name] = function (this: Tensor, other: TensorLike, opts?: never) {
    if (arguments.length > 2) checkArity(name, arguments.length, 2);
    return fn(this, other, opts);
  };
  methods[`${name}_`] = function (this: Tensor, other: TensorLike, opts?: never) {
    if (arguments.length > 2) checkArity(`${name}_`, arguments.length, 2);
    return inplace(`${name}_`, this, (s) => fn(s, other, opts));
  };
}
installMethods(methods);

export type { OutOptions } from "./define.js";
