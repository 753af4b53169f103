/**
 * Comparisons (bool results, NaN compares unequal), logical ops (any dtype, bool results) and
 * bitwise ops (integer and bool tensors only). None is differentiable. In-place forms
 * (`x.lt_(2)`) write 0/1 in self's dtype.
 */
import { binaryOp } from "./define.js";
import { alias } from "./registry.js";

/** `input == other` as a bool tensor. @example torch.eq(torch.tensor([1, 2]), 2) // tensor([False,  True]) */
export const eq = binaryOp("eq", { family: "compare", dtype: "bool" });
/** `input != other`. @example torch.ne(torch.tensor([1, 2]), 2) // tensor([ True, False]) */
export const ne = binaryOp("ne", { family: "compare", dtype: "bool" });
/** `input < other`. @example torch.lt(torch.tensor([1, 2]), 2) // tensor([ True, False]) */
export const lt = binaryOp("lt", { family: "compare", dtype: "bool" });
/** `input <= other`. @example torch.le(torch.tensor([1, 2]), 2) // tensor([True, True]) */
export const le = binaryOp("le", { family: "compare", dtype: "bool" });
/** `input > other`. @example torch.gt(torch.tensor([1, 2]), 1) // tensor([False,  True]) */
export const gt = binaryOp("gt", { family: "compare", dtype: "bool" });
/** `input >= other`. @example torch.ge(torch.tensor([1, 2]), 2) // tensor([False,  True]) */
export const ge = binaryOp("ge", { family: "compare", dtype: "bool" });
/** Alias of `ne`. @example torch.notEqual(a, b) */
export const notEqual = alias("notEqual", ne);
/** Alias of `lt`. @example torch.less(a, b) */
export const less = alias("less", lt);
/** Alias of `le`. @example torch.lessEqual(a, b) */
export const lessEqual = alias("lessEqual", le);
/** Alias of `gt`. @example torch.greater(a, b) */
export const greater = alias("greater", gt);
/** Alias of `ge`. @example torch.greaterEqual(a, b) */
export const greaterEqual = alias("greaterEqual", ge);

/** Logical AND of nonzero-ness, any dtypes. @example torch.logicalAnd(torch.tensor([1, 0]), torch.tensor([2, 2])) */
export const logicalAnd = binaryOp("logicalAnd", { family: "compare", dtype: "bool" });
/** Logical OR. @example torch.logicalOr(torch.tensor([1, 0]), torch.tensor([0, 0])) */
export const logicalOr = binaryOp("logicalOr", { family: "compare", dtype: "bool" });
/** Logical XOR. @example torch.logicalXor(torch.tensor([1, 0]), torch.tensor([1, 1])) */
export const logicalXor = binaryOp("logicalXor", { family: "compare", dtype: "bool" });

/** Bitwise AND of integer or bool tensors. @example torch.bitwiseAnd(torch.tensor([12]), 10) // tensor([8]) */
export const bitwiseAnd = binaryOp("bitwiseAnd", { family: "compare", dtype: "integral" });
/** Bitwise OR. @example torch.bitwiseOr(torch.tensor([12]), 10) // tensor([14]) */
export const bitwiseOr = binaryOp("bitwiseOr", { family: "compare", dtype: "integral" });
/** Bitwise XOR. @example torch.bitwiseXor(torch.tensor([12]), 10) // tensor([6]) */
export const bitwiseXor = binaryOp("bitwiseXor", { family: "compare", dtype: "integral" });
