/**
 * Comparisons (bool results, NaN compares unequal), logical ops (any dtype, bool results) and
 * bitwise ops (integer and bool tensors only). None is differentiable.
 */
import type { BinaryOp } from "../backend/backend.js";
import { installMethods } from "../tensor/methods.js";
import type { Tensor } from "../tensor/tensor.js";
import { applyBinary, inplace, type BinarySpec, type DtypeRule, type TensorLike } from "./define.js";

function spec(kernel: BinaryOp, dtype: DtypeRule): BinarySpec {
  return { kernel, name: kernel, dtype };
}

const run = (kernel: BinaryOp, dtype: DtypeRule) => {
  const s = spec(kernel, dtype);
  return (input: TensorLike, other: TensorLike): Tensor => applyBinary(s, input, other);
};

/** `input == other` as a bool tensor. @example torch.eq(torch.tensor([1, 2]), 2) // tensor([False,  True]) */
export const eq = run("eq", "bool");
/** `input != other`. @example torch.ne(torch.tensor([1, 2]), 2) // tensor([ True, False]) */
export const ne = run("ne", "bool");
/** `input < other`. @example torch.lt(torch.tensor([1, 2]), 2) // tensor([ True, False]) */
export const lt = run("lt", "bool");
/** `input <= other`. @example torch.le(torch.tensor([1, 2]), 2) // tensor([True, True]) */
export const le = run("le", "bool");
/** `input > other`. @example torch.gt(torch.tensor([1, 2]), 1) // tensor([False,  True]) */
export const gt = run("gt", "bool");
/** `input >= other`. @example torch.ge(torch.tensor([1, 2]), 2) // tensor([False,  True]) */
export const ge = run("ge", "bool");
/** Alias of `ne`. @example torch.notEqual(a, b) */
export const notEqual = ne;
/** Alias of `lt`. @example torch.less(a, b) */
export const less = lt;
/** Alias of `le`. @example torch.lessEqual(a, b) */
export const lessEqual = le;
/** Alias of `gt`. @example torch.greater(a, b) */
export const greater = gt;
/** Alias of `ge`. @example torch.greaterEqual(a, b) */
export const greaterEqual = ge;

/** Logical AND of nonzero-ness, any dtypes. @example torch.logicalAnd(torch.tensor([1, 0]), torch.tensor([2, 2])) */
export const logicalAnd = run("logicalAnd", "bool");
/** Logical OR. @example torch.logicalOr(torch.tensor([1, 0]), torch.tensor([0, 0])) */
export const logicalOr = run("logicalOr", "bool");
/** Logical XOR. @example torch.logicalXor(torch.tensor([1, 0]), torch.tensor([1, 1])) */
export const logicalXor = run("logicalXor", "bool");

/** Bitwise AND of integer or bool tensors. @example torch.bitwiseAnd(torch.tensor([12]), 10) // tensor([8]) */
export const bitwiseAnd = run("bitwiseAnd", "integral");
/** Bitwise OR. @example torch.bitwiseOr(torch.tensor([12]), 10) // tensor([14]) */
export const bitwiseOr = run("bitwiseOr", "integral");
/** Bitwise XOR. @example torch.bitwiseXor(torch.tensor([12]), 10) // tensor([6]) */
export const bitwiseXor = run("bitwiseXor", "integral");

const FNS = {
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  notEqual,
  less,
  lessEqual,
  greater,
  greaterEqual,
  logicalAnd,
  logicalOr,
  logicalXor,
  bitwiseAnd,
  bitwiseOr,
  bitwiseXor,
};

declare module "../tensor/tensor.js" {
  interface Tensor {
    eq(other: TensorLike): Tensor;
    eq_(other: TensorLike): Tensor;
    ne(other: TensorLike): Tensor;
    ne_(other: TensorLike): Tensor;
    lt(other: TensorLike): Tensor;
    lt_(other: TensorLike): Tensor;
    le(other: TensorLike): Tensor;
    le_(other: TensorLike): Tensor;
    gt(other: TensorLike): Tensor;
    gt_(other: TensorLike): Tensor;
    ge(other: TensorLike): Tensor;
    ge_(other: TensorLike): Tensor;
    notEqual(other: TensorLike): Tensor;
    notEqual_(other: TensorLike): Tensor;
    less(other: TensorLike): Tensor;
    less_(other: TensorLike): Tensor;
    lessEqual(other: TensorLike): Tensor;
    lessEqual_(other: TensorLike): Tensor;
    greater(other: TensorLike): Tensor;
    greater_(other: TensorLike): Tensor;
    greaterEqual(other: TensorLike): Tensor;
    greaterEqual_(other: TensorLike): Tensor;
    logicalAnd(other: TensorLike): Tensor;
    logicalAnd_(other: TensorLike): Tensor;
    logicalOr(other: TensorLike): Tensor;
    logicalOr_(other: TensorLike): Tensor;
    logicalXor(other: TensorLike): Tensor;
    logicalXor_(other: TensorLike): Tensor;
    bitwiseAnd(other: TensorLike): Tensor;
    bitwiseAnd_(other: TensorLike): Tensor;
    bitwiseOr(other: TensorLike): Tensor;
    bitwiseOr_(other: TensorLike): Tensor;
    bitwiseXor(other: TensorLike): Tensor;
    bitwiseXor_(other: TensorLike): Tensor;
  }
}

const methods: Record<string, (this: Tensor, other: TensorLike) => Tensor> = {};
for (const [name, fn] of Object.entries(FNS)) {
  methods[name] = function (this: Tensor, other: TensorLike) {
    return fn(this, other);
  };
  // In-place comparisons write 0/1 in self's dtype (`x.lt_(2)` on floats gives 1.0/0.0).
  methods[`${name}_`] = function (this: Tensor, other: TensorLike) {
    return inplace(`${name}_`, this, (s) => fn(s, other));
  };
}
installMethods(methods);
