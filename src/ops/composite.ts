/**
 * Elementwise composites: `where` (the one primitive here, on the backend's where kernel), and
 * clamp, maskedFill, isinf/isfinite, isclose/allclose/equal, lerp, addcmul/addcdiv, hypot —
 * compositions of primitives with no backward of their own.
 */
import { checkArity, checkOptions, optionKeys } from "../util/args.js";
import { noGrad } from "../autograd/mode.js";
import { sequenceMark } from "../autograd/node.js";
import { activeBackend } from "../backend/registry.js";
import { onesLike, zerosLike } from "../tensor/creation.js";
import { checkFits, getDefaultDtype, isFloatingPoint, resultType } from "../tensor/dtype.js";
import { installMethods } from "../tensor/methods.js";
import { broadcastShapes } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { add, rsub } from "./binary.js";
import { eq, le, logicalAnd, logicalOr, lt, gt } from "./compare.js";
import {
  asTensor,
  castTo,
  describe,
  empty,
  deviceSource,
  expandedView,
  nameOutput,
  needsGrad,
  wantsGrad,
  promotionOperand,
  record,
  sumToShape,
  type TensorLike,
} from "./define.js";
import { checkTensor, isScalar } from "./elementwise-internal.js";
import { alias, defineOp } from "./registry.js";
import { abs, isnan, logicalNot } from "./unary.js";
import "./fill.js";

function checkOperand(op: string, x: unknown): void {
  if (!(x instanceof Tensor) && !isScalar(x))
    throw new TypeError(`[${op}] expected a Tensor or a number: got ${describe(x)}`);
}

function checkMask(op: string, mask: unknown, what: string): asserts mask is Tensor {
  checkTensor(op, mask, what);
  if (mask.dtype !== "bool" && mask.dtype !== "uint8") {
    throw new TypeError(`[${op}] expected ${what} to be a bool tensor: got ${mask.dtype}`);
  }
}

/**
 * `condition ? input : other`, broadcast over all three; `input`/`other` may be numbers and are
 * promoted together. Differentiable in `input` and `other` (`WhereBackward0`).
 * @example torch.where(x.gt(0), x, 0)
 */
export const where = defineOp(
  "where",
  { family: "composite", kernels: ["where"], gradNames: ["WhereBackward0"] },
  function where(condition: Tensor, input: TensorLike, other: TensorLike): Tensor {
    checkMask("where", condition, "condition");
    checkOperand("where", input);
    checkOperand("where", other);
    const dtype = resultType([promotionOperand(input), promotionOperand(other)]);
    // a JS number is converted to the result type with PyTorch's overflow check
    if (!(input instanceof Tensor)) checkFits("where", dtype, input, true);
    if (!(other instanceof Tensor)) checkFits("where", dtype, other, true);
    const a = input instanceof Tensor ? castTo(input, dtype) : asTensor(input, dtype);
    const b = other instanceof Tensor ? castTo(other, dtype) : asTensor(other, dtype);
    const shape = broadcastShapes("where", condition.shape, a.shape, b.shape);
    const out = empty(shape, dtype, "where", deviceSource(condition, deviceSource(a, b)));
    activeBackend().where(expandedView(condition, shape), expandedView(a, shape), expandedView(b, shape), out._v);
    if (needsGrad(a, b)) {
      const ga = wantsGrad(a);
      const gb = wantsGrad(b);
      record(
        "WhereBackward0",
        out,
        [ga ? a : null, gb ? b : null],
        (g) => [
          ga ? sumToShape(where(condition, g, 0), a.shape) : null,
          gb ? sumToShape(where(condition, 0, g), b.shape) : null,
        ],
        [condition],
      );
    }
    return out;
  },
);

// A NaN bound tensor gives NaN (as PyTorch); a NaN JS-number bound is ignored (also as PyTorch).
function below(y: Tensor, m: TensorLike): Tensor {
  return m instanceof Tensor ? logicalOr(lt(y, m), isnan(m)) : lt(y, m);
}
function above(y: Tensor, m: TensorLike): Tensor {
  return m instanceof Tensor ? logicalOr(gt(y, m), isnan(m)) : gt(y, m);
}

/**
 * Limits values to [min, max] (either may be omitted, numbers or tensors); NaN stays NaN. The
 * gradient is 1 inside the closed interval and 0 outside, as PyTorch; if min > max all are max.
 * @example torch.clamp(torch.tensor([-2, 0.5, 3]), -1, 1) // tensor([-1.0000,  0.5000,  1.0000])
 */
export const clamp = defineOp(
  "clamp",
  { family: "composite", mode: "inplace", gradNames: ["ClampBackward0", "ClampBackward1"] },
  function clamp(input: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
    const mark = sequenceMark();
    // PyTorch: clamp.Tensor is ClampBackward0, clamp (number bounds) ClampBackward1
    const name = min instanceof Tensor || max instanceof Tensor ? "ClampBackward0" : "ClampBackward1";
    return nameOutput(clampImpl(input, min, max), name, mark);
  },
);

function clampImpl(input: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  checkTensor("clamp", input);
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new TypeError("[clamp] at least one of min or max must be given: got neither");
  }
  // Number bounds are converted to the result type with PyTorch's overflow check.
  const ops = [promotionOperand(input)];
  for (const b of [min, max]) {
    if (b === undefined || b === null) continue;
    checkOperand("clamp", b);
    ops.push(promotionOperand(b));
  }
  const dtype = resultType(ops);
  for (const b of [min, max])
    if (b !== undefined && b !== null && !(b instanceof Tensor)) checkFits("clamp", dtype, b, true);
  // NaN passes through with zero gradient, as PyTorch's (x >= min && x <= max) mask.
  let y = needsGrad(input) ? where(isnan(input), input.detach(), input) : input;
  if (min !== undefined && min !== null) {
    checkOperand("clamp", min);
    y = where(below(y, min), min, y);
  }
  if (max !== undefined && max !== null) {
    checkOperand("clamp", max);
    y = where(above(y, max), max, y);
  }
  return y;
}

/** Alias of `clamp`. @example torch.clip(x, 0, 1) */
export const clip = alias("clip", clamp);
/** `clamp(input, min)`. @example torch.clampMin(x, 0) */
export const clampMin = defineOp(
  "clampMin",
  { family: "composite", mode: "inplace", gradNames: ["ClampMinBackward0", "ClampMinBackward1"] },
  function clampMin(input: Tensor, min: TensorLike): Tensor {
    const mark = sequenceMark();
    return nameOutput(
      clampImpl(input, min, null),
      min instanceof Tensor ? "ClampMinBackward1" : "ClampMinBackward0",
      mark,
    );
  },
);
/** `clamp(input, null, max)`. @example torch.clampMax(x, 1) */
export const clampMax = defineOp(
  "clampMax",
  { family: "composite", mode: "inplace", gradNames: ["ClampMaxBackward0", "ClampMaxBackward1"] },
  function clampMax(input: Tensor, max: TensorLike): Tensor {
    const mark = sequenceMark();
    return nameOutput(
      clampImpl(input, null, max),
      max instanceof Tensor ? "ClampMaxBackward1" : "ClampMaxBackward0",
      mark,
    );
  },
);

/**
 * `value` where `mask` is true, `input` elsewhere; `value` (a number or 0-d tensor) is cast to
 * input's dtype, and the mask broadcasts.
 * @example torch.maskedFill(torch.zeros(3), torch.tensor([true, false, true]), 1) // tensor([1., 0., 1.])
 */
export const maskedFill = defineOp(
  "maskedFill",
  { family: "composite", mode: "inplace", gradNames: ["MaskedFillBackward0", "MaskedFillBackward1"] },
  function maskedFill(input: Tensor, mask: Tensor, value: TensorLike): Tensor {
    checkTensor("maskedFill", input);
    checkMask("maskedFill", mask, "mask");
    checkOperand("maskedFill", value);
    if (value instanceof Tensor && value.dim() !== 0) {
      throw new RangeError(
        `[maskedFill] only a 0-dimensional value tensor is supported: got ${value.dim()} dimension(s)`,
      );
    }
    if (!(value instanceof Tensor)) checkFits("maskedFill", input.dtype, value, true);
    const v = value instanceof Tensor ? castTo(value, input.dtype) : asTensor(value, input.dtype);
    const mark = sequenceMark();
    // PyTorch: masked_fill with a number is MaskedFillBackward0, with a tensor MaskedFillBackward1
    return nameOutput(
      where(mask, v, input),
      value instanceof Tensor ? "MaskedFillBackward1" : "MaskedFillBackward0",
      mark,
    );
  },
);

/** True where x is ±inf (never for integer tensors). @example torch.isinf(torch.tensor([1, Infinity])) */
export const isinf = defineOp("isinf", { family: "composite", mode: "method" }, function isinf(input: Tensor): Tensor {
  checkTensor("isinf", input);
  return input.isFloatingPoint() ? eq(abs(input), Infinity) : zerosLike(input, { dtype: "bool" });
});

/** True where x is +inf. @example torch.isposinf(torch.tensor([-Infinity, Infinity])) */
export const isposinf = defineOp(
  "isposinf",
  { family: "composite", mode: "method" },
  function isposinf(input: Tensor): Tensor {
    checkTensor("isposinf", input);
    return input.isFloatingPoint() ? eq(input, Infinity) : zerosLike(input, { dtype: "bool" });
  },
);

/** True where x is -inf. @example torch.isneginf(torch.tensor([-Infinity, Infinity])) */
export const isneginf = defineOp(
  "isneginf",
  { family: "composite", mode: "method" },
  function isneginf(input: Tensor): Tensor {
    checkTensor("isneginf", input);
    return input.isFloatingPoint() ? eq(input, -Infinity) : zerosLike(input, { dtype: "bool" });
  },
);

/** True where x is neither inf nor NaN. @example torch.isfinite(torch.tensor([1, NaN, Infinity])) */
export const isfinite = defineOp(
  "isfinite",
  { family: "composite", mode: "method" },
  function isfinite(input: Tensor): Tensor {
    checkTensor("isfinite", input);
    return input.isFloatingPoint()
      ? logicalNot(logicalOr(isnan(input), isinf(input)))
      : onesLike(input, { dtype: "bool" });
  },
);

/** Tolerances of isclose/allclose: `|a - b| <= atol + rtol·|b|`. */
export interface CloseOptions {
  rtol?: number;
  atol?: number;
  equalNan?: boolean;
}

const CLOSE_KEYS = optionKeys("rtol", "atol", "equalNan");
const VALUE_KEYS = optionKeys("value");

/**
 * Elementwise `|input - other| <= atol + rtol·|other|` (equal infinities are close; NaN only
 * with `equalNan`). Both tensors must have the same dtype.
 * @example torch.isclose(torch.tensor([1.5, 2.0]), torch.tensor([1.5, 2.1])) // tensor([ True, False])
 */
export const isclose = defineOp(
  "isclose",
  { family: "composite", mode: "method" },
  function isclose(input: Tensor, other: Tensor, opts?: CloseOptions): Tensor {
    checkTensor("isclose", input);
    checkTensor("isclose", other, "other");
    if (opts !== undefined) checkOptions("isclose", opts, CLOSE_KEYS);
    const rtol = opts?.rtol ?? 1e-5;
    const atol = opts?.atol ?? 1e-8;
    if (input.dtype !== other.dtype) {
      throw new TypeError(`[isclose] input and other must have the same dtype: got ${input.dtype} and ${other.dtype}`);
    }
    if (!(rtol >= 0)) throw new RangeError(`[isclose] rtol must be greater than or equal to zero: got ${rtol}`);
    if (!(atol >= 0)) throw new RangeError(`[isclose] atol must be greater than or equal to zero: got ${atol}`);
    return noGrad(() => {
      let close = eq(input, other);
      if (input.dtype === "bool") return close;
      if (opts?.equalNan && input.isFloatingPoint()) close = logicalOr(close, logicalAnd(isnan(input), isnan(other)));
      const f = input.isFloatingPoint() ? input.dtype : getDefaultDtype();
      const a = castTo(input, f);
      const b = castTo(other, f);
      const allowed = abs(b.mul(rtol)).add(atol);
      const actual = abs(a.sub(b));
      return logicalOr(close, logicalAnd(isfinite(actual), le(actual, allowed)));
    });
  },
);

/** True when every element is `isclose`. @example torch.allclose(a, b, { atol: 1e-6 }) */
export const allclose = defineOp(
  "allclose",
  { family: "composite", mode: "method" },
  function allclose(input: Tensor, other: Tensor, opts?: CloseOptions): boolean {
    const close = isclose(input, other, opts);
    // a JS boolean needs the values here: PyTorch's CUDA syncs; webgpu cannot read synchronously
    if (close.storage.device !== "cpu") close._onDevice("allclose", "await torch.isclose(a, b).all().itemAsync()");
    return close.dataFloat().every((v) => v !== 0);
  },
);

/** True when both have the same shape and equal elements (NaN ≠ NaN). @example torch.equal(a, b) */
export const equal = defineOp(
  "equal",
  { family: "composite", mode: "method" },
  function equal(input: Tensor, other: Tensor): boolean {
    checkTensor("equal", input);
    checkTensor("equal", other, "other");
    if (input.shape.length !== other.shape.length || input.shape.some((s, i) => s !== other.shape[i])) return false;
    const same = noGrad(() => eq(input, other));
    if (same.storage.device !== "cpu") same._onDevice("equal", "await torch.eq(a, b).all().itemAsync()");
    return same.dataFloat().every((v) => v !== 0);
  },
);

/**
 * Linear interpolation `input + weight·(end - input)` (computed from `end` when |weight| ≥ 0.5,
 * as PyTorch, for accuracy). `end` and a tensor `weight` must match input's dtype.
 * @example torch.lerp(torch.tensor([0.0]), torch.tensor([10.0]), 0.3) // tensor([3.])
 */
export const lerp = defineOp(
  "lerp",
  { family: "composite", mode: "inplace", gradNames: ["LerpBackward0", "LerpBackward1"] },
  function lerp(input: Tensor, end: Tensor, weight: TensorLike): Tensor {
    checkTensor("lerp", input);
    checkTensor("lerp", end, "end");
    checkOperand("lerp", weight);
    if (end.dtype !== input.dtype)
      throw new TypeError(`[lerp] expected dtype ${input.dtype} for end: got ${end.dtype}`);
    if (weight instanceof Tensor && weight.dtype !== input.dtype) {
      throw new TypeError(`[lerp] expected dtype ${input.dtype} for weight: got ${weight.dtype}`);
    }
    const mark = sequenceMark();
    const diff = end.sub(input);
    if (!(weight instanceof Tensor)) {
      const w = Number(weight);
      return nameOutput(Math.abs(w) < 0.5 ? input.add(diff.mul(w)) : end.sub(diff.mul(1 - w)), "LerpBackward0", mark);
    }
    const out = where(lt(abs(weight), 0.5), input.add(diff.mul(weight)), end.sub(diff.mul(rsub(weight, 1))));
    return nameOutput(out, "LerpBackward1", mark);
  },
);

function checkValue(op: string, dtype: string, value: number): void {
  if (!isFloatingPoint(dtype as never) && !Number.isInteger(value)) {
    throw new TypeError(`[${op}] for integer tensors, value must be an integer: got ${value}`);
  }
}

/**
 * `input + value · tensor1 · tensor2`.
 * @example torch.addcmul(torch.zeros(2), torch.tensor([1, 2]), torch.tensor([3, 4]), { value: 0.5 })
 */
export const addcmul = defineOp(
  "addcmul",
  { family: "composite", mode: "inplace", gradNames: ["AddcmulBackward0"] },
  function addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, opts?: { value?: number }): Tensor {
    checkTensor("addcmul", input);
    if (opts !== undefined) checkOptions("addcmul", opts, VALUE_KEYS);
    const value = opts?.value ?? 1;
    const mark = sequenceMark();
    const prod = tensor1.mul(tensor2);
    checkValue("addcmul", resultType([promotionOperand(input), promotionOperand(prod)]), value);
    return nameOutput(add(input, prod, { alpha: value }), "AddcmulBackward0", mark);
  },
);

/**
 * `input + value · tensor1 / tensor2` (integer tensor1 and tensor2 are an error, as PyTorch).
 * @example torch.addcdiv(torch.zeros(2), torch.tensor([1.5, 2.5]), torch.tensor([4.0, 4.0]), { value: 2 }) // tensor([0.7500, 1.2500])
 */
export const addcdiv = defineOp(
  "addcdiv",
  { family: "composite", mode: "inplace", gradNames: ["AddcdivBackward0"] },
  function addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, opts?: { value?: number }): Tensor {
    checkTensor("addcdiv", input);
    checkTensor("addcdiv", tensor1, "tensor1");
    checkTensor("addcdiv", tensor2, "tensor2");
    if (!tensor1.isFloatingPoint() && !tensor2.isFloatingPoint()) {
      throw new TypeError(
        `[addcdiv] integer division with addcdiv is not supported: got ${tensor1.dtype} and ${tensor2.dtype}, expected a floating point tensor1 or tensor2 (use torch.div with a roundingMode)`,
      );
    }
    if (opts !== undefined) checkOptions("addcdiv", opts, VALUE_KEYS);
    const value = opts?.value ?? 1;
    const mark = sequenceMark();
    return nameOutput(add(input, tensor1.div(tensor2), { alpha: value }), "AddcdivBackward0", mark);
  },
);

/** √(input² + other²) (composite; may overflow where the true result would not). @example torch.hypot(torch.tensor([3.0]), torch.tensor([4.0])) // tensor([5.]) */
export const hypot = defineOp(
  "hypot",
  { family: "composite", mode: "inplace", gradNames: ["HypotBackward0"] },
  function hypot(input: Tensor, other: Tensor): Tensor {
    checkTensor("hypot", input);
    checkTensor("hypot", other, "other");
    const mark = sequenceMark();
    return nameOutput(input.mul(input).add(other.mul(other)).sqrt(), "HypotBackward0", mark);
  },
);

// ---- methods ----------------------------------------------------------------------------
// Hand-declared: `x.where(condition, other)` is `where(condition, x, other)` (self is the second
// argument of the function, so the registry cannot derive it).

declare module "../tensor/tensor.js" {
  interface Tensor {
    where(condition: Tensor, other: TensorLike): Tensor;
  }
}

installMethods({
  where(this: Tensor, condition: Tensor, other: TensorLike): Tensor {
    if (arguments.length > 2) checkArity("where", arguments.length, 2);
    return where(condition, this, other);
  },
});
