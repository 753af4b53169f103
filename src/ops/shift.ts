/**
 * Bit shifts of integer tensors (`torch.bitwise_left_shift`, `torch.bitwise_right_shift`) with
 * PyTorch 1.13's CPU semantics: the operands promote as a binary op's, then the kernel runs C++'s
 * `a << b` / `a >> b` on x86, where the shift count is taken modulo 32 for the 8/16/32-bit dtypes
 * (they are widened to int first) and modulo 64 for int64: shifting an int32 by 32 leaves it
 * unchanged, by −1 shifts by 31. A left shift wraps to the dtype; a right shift is arithmetic
 * (negative values fill with ones). Composites over int64 (multiplication and floor division by
 * 2^k), so every backend runs them with its existing kernels. On webgpu, which holds int32 and
 * int64 in 32 bits, the same composites run in the held width: results agree with the CPU's
 * whenever they fit in 32 bits; an int64 left shift by a number count of 32…63 (mod 64) raises,
 * and a tensor count keeps the low 32 bits, as int64 multiplication on webgpu does.
 */
import { fullLike, tensor } from "../tensor/creation.js";
import { isIntegral, resultType, type DType } from "../tensor/dtype.js";
import { promotionOperand } from "../tensor/dtype-api.js";
import { Tensor } from "../tensor/tensor.js";
import { where } from "./composite.js";
import { asTensor, castTo, describe, type TensorLike } from "./define.js";
import { isScalar } from "./elementwise-internal.js";
import { defineOp } from "./registry.js";

/** 2^k for k = 0…63 as int64 (2^63 wraps to −2^63, as the product it scales then does). */
const POW2 = Array.from({ length: 64 }, (_, k) => BigInt.asIntN(64, 1n << BigInt(k)));
function pow2Table(): Tensor {
  return tensor(BigInt64Array.from(POW2), { dtype: "int64" });
}

interface ShiftOperands {
  /** The promoted dtype (the result's). */
  dtype: DType;
  /** The shifted values, widened to int64. */
  x: Tensor;
  /** The shift counts after C++'s masking (0…31, or 0…63 for int64), as int64. */
  k: Tensor;
}

function operands(op: string, a: TensorLike, b: TensorLike): ShiftOperands {
  for (const [v, what] of [
    [a, "input"],
    [b, "other"],
  ] as const) {
    if (!(v instanceof Tensor) && !(isScalar(v) && typeof v !== "boolean")) {
      throw new TypeError(`[${op}] expected ${what} to be a Tensor or an integer: got ${describe(v)}`);
    }
  }
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    throw new TypeError(`[${op}] expected at least one Tensor operand: got ${describe(a)} and ${describe(b)}`);
  }
  const dtype = resultType([promotionOperand(a), promotionOperand(b)]);
  if (!isIntegral(dtype)) {
    throw new TypeError(`[${op}] expected integer tensors: got ${dtype} (shifts are defined for int8…int64 and uint8)`);
  }
  // Scalars convert to the result dtype first (wrapping, as PyTorch's wrapped numbers do).
  const ta = castTo(asTensor(a, dtype), dtype);
  const tb = castTo(asTensor(b, dtype), dtype);
  const mask = dtype === "int64" ? 63 : 31;
  if (onDevice(a, b)) {
    // webgpu holds every integer dtype in 32 bits: compute there in int32 (int64 stays int64,
    // held in 32 bits) and wrap to the result's dtype afterwards, as the CPU's cast does
    if (op === "bitwiseLeftShift" && dtype === "int64" && typeof b !== "object" && (Number(b) & 63) >= 32) {
      throw new RangeError(
        `[${op}] int64 tensors on webgpu hold 32-bit values: got a shift by ${String(b)}, which needs more than 32 bits (move the tensor to the CPU first: await t.toAsync("cpu"))`,
      );
    }
    const wide = dtype === "int64" ? "int64" : "int32";
    return { dtype, x: castTo(ta, wide), k: castTo(tb, wide).bitwiseAnd(mask) };
  }
  return { dtype, x: castTo(ta, "int64"), k: castTo(tb, "int64").bitwiseAnd(mask) };
}

const onDevice = (a: TensorLike, b: TensorLike): boolean =>
  [a, b].some((v) => v instanceof Tensor && v.storage.device !== "cpu");

/** 2^k (k = 0…31) on the device of k, wrapping in 32 bits as x86's shift does (2^31 is −2^31). */
const pow2On = (k: Tensor): Tensor => fullLike(k, 2).pow(k);

/**
 * `input << other`, elementwise, for integer tensors (a number on either side is allowed): the
 * count is taken modulo the shifted type's width (32 for 8/16/32-bit dtypes, 64 for int64), as
 * PyTorch 1.13's CPU kernel; the result wraps to the promoted dtype.
 * @example torch.bitwiseLeftShift(torch.tensor([1, -3], { dtype: "int8" }), 2) // tensor([4, -12], dtype=torch.int8)
 */
export const bitwiseLeftShift = defineOp(
  "bitwiseLeftShift",
  { family: "binary", mode: "inplace" },
  function bitwiseLeftShift(input: TensorLike, other: TensorLike): Tensor {
    const { dtype, x, k } = operands("bitwiseLeftShift", input, other);
    // on webgpu: x·2^k in 32 bits (a count of 32…63 of an int64 held in 32 bits leaves the low
    // 32 bits of the product, 0, as int64 products there do)
    if (x.storage.device !== "cpu" || k.storage.device !== "cpu")
      return castTo(x.mul(pow2On(k.clamp(null, 32))), dtype);
    // x·2^k in int64 is exact modulo 2^64; the cast then wraps it to the dtype's width.
    return castTo(x.mul(pow2Table().take(k)), dtype);
  },
);

/**
 * `input >> other`, elementwise, for integer tensors: an arithmetic shift (negative values stay
 * negative, reaching −1), the count taken modulo the type's width as PyTorch 1.13's CPU kernel.
 * @example torch.bitwiseRightShift(torch.tensor([16, -16]), 2) // tensor([ 4, -4])
 */
export const bitwiseRightShift = defineOp(
  "bitwiseRightShift",
  { family: "binary", mode: "inplace" },
  function bitwiseRightShift(input: TensorLike, other: TensorLike): Tensor {
    const { dtype, x, k } = operands("bitwiseRightShift", input, other);
    if (x.storage.device !== "cpu" || k.storage.device !== "cpu") {
      // 32-bit values: a count of 31 or more leaves 0 (or −1), as the CPU's for values that fit
      const neg = x.lt(0);
      const pos = where(neg, x.bitwiseNot(), x);
      const q = where(k.ge(31), 0, pos.floorDivide(pow2On(k.clamp(null, 30))));
      return castTo(where(neg, q.bitwiseNot(), q), dtype);
    }
    // x ≥ 0: ⌊x / 2^k⌋; x < 0: ~(~x >> k), with ~x ≥ 0. A count of 63 leaves 0 (or −1).
    const neg = x.lt(0);
    const pos = where(neg, x.bitwiseNot(), x);
    const kc = k.clamp(null, 62);
    const q = where(k.eq(63), 0, pos.floorDivide(pow2Table().take(kc)));
    return castTo(where(neg, q.bitwiseNot(), q), dtype);
  },
);
