/** Public dtype queries (`torch.promote_types`, `torch.result_type`, `torch.can_cast`, …). */
import {
  canCast as canCastDtype,
  isFloatingPoint,
  resultType,
  toDType,
  type DType,
  type PromotionOperand,
} from "./dtype.js";
import { Tensor, type TensorLike } from "./tensor.js";

export { DTYPES, type DType, getDefaultDtype, setDefaultDtype, finfo, iinfo } from "./dtype.js";

/**
 * The dtype PyTorch picks for two dtypes (`torch.promote_types`).
 * @example torch.promoteTypes("uint8", "int8") // "int16"
 */
export function promoteTypes(a: DType | string, b: DType | string): DType {
  return promoteDtypes(toDType(a, "promoteTypes"), toDType(b, "promoteTypes"));
}

import { promoteTypes as promoteDtypes } from "./dtype.js";

/** How an operand takes part in type promotion: a tensor by its dtype and rank, a JS scalar by its kind. */
export function promotionOperand(x: TensorLike): PromotionOperand {
  return x instanceof Tensor ? { kind: "tensor", dtype: x.dtype, dim: x.dim() } : { kind: "scalar", value: x };
}

/**
 * The dtype an op on these operands computes in (`torch.result_type`).
 * @example torch.resultType(torch.tensor([1, 2]), 2.5) // "float32"
 */
export function resultTypeOf(a: TensorLike, b: TensorLike): DType {
  return resultType([promotionOperand(a), promotionOperand(b)]);
}

/**
 * Whether a value of one dtype may be written into another by an in-place op (`torch.can_cast`).
 * @example torch.canCast("float32", "int32") // false
 */
export function canCast(from: DType | string, to: DType | string): boolean {
  return canCastDtype(toDType(from, "canCast"), toDType(to, "canCast"));
}

/** True for float16/bfloat16/float32/float64 (`dtype.is_floating_point`). */
export function isFloatingPointDtype(dtype: DType | string): boolean {
  return isFloatingPoint(toDType(dtype, "isFloatingPointDtype"));
}
