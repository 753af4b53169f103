/**
 * PyTorch's small tensor queries and functional spellings that are not ops (no tensor math, no
 * autograd): `torch.numel`, `torch.isTensor`, `torch.isNonzero`, `torch.isSameSize`,
 * `torch.isSigned`, `torch.isFloatingPoint`, `torch.broadcastShapes`, `torch.scalarTensor`,
 * `torch.asarray`, `torch.detach`, and the Tensor methods `nelement`, `ndimension`, `typeAs`,
 * `isNonzero`, `isSameSize`, `isSigned`, `isInference`.
 */
import { checkArity, checkNumber, describe } from "../util/args.js";
import { tensor, type CreateOptions } from "../tensor/creation.js";
import { asTensor } from "../tensor/memory.js";
import { isFloatingPoint as isFloatDtype } from "../tensor/dtype.js";
import { installMethods } from "../tensor/methods.js";
import { broadcastShapes as broadcastShapeList } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

function checkT(op: string, x: unknown, what = "input"): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected ${what} to be a Tensor: got ${describe(x)}`);
}

/** The number of elements. @example torch.numel(torch.ones(2, 3)) // 6 */
export function numel(input: Tensor): number {
  checkArity("numel", arguments.length, 1);
  checkT("numel", input);
  return input.numel();
}

/** Whether `obj` is a Tensor. @example torch.isTensor(torch.ones(1)) // true */
export function isTensor(obj: unknown): obj is Tensor {
  return obj instanceof Tensor;
}

/** Whether the tensor's dtype is a floating-point one. @example torch.isFloatingPoint(torch.ones(1)) // true */
export function isFloatingPoint(input: Tensor): boolean {
  checkArity("isFloatingPoint", arguments.length, 1);
  checkT("isFloatingPoint", input);
  return isFloatDtype(input.dtype);
}

/** Whether the dtype is signed (every dtype but bool and uint8). @example torch.isSigned(torch.ones(1)) // true */
export function isSigned(input: Tensor): boolean {
  checkArity("isSigned", arguments.length, 1);
  checkT("isSigned", input);
  return input.dtype !== "bool" && input.dtype !== "uint8";
}

/** The truth of a one-element tensor; throws for any other size. @example torch.isNonzero(torch.tensor([2])) // true */
export function isNonzero(input: Tensor): boolean {
  checkArity("isNonzero", arguments.length, 1);
  checkT("isNonzero", input);
  if (input.numel() !== 1)
    throw new RangeError(
      `[isNonzero] expected a tensor with exactly one element: got ${input.numel()} (a boolean value of several elements is ambiguous)`,
    );
  const v = input.item();
  return typeof v === "boolean" ? v : typeof v === "bigint" ? v !== 0n : v !== 0; // NaN is non-zero, as in PyTorch
}

/** Whether two tensors have the same shape. @example torch.isSameSize(torch.ones(2), torch.zeros(2)) // true */
export function isSameSize(input: Tensor, other: Tensor): boolean {
  checkArity("isSameSize", arguments.length, 2);
  checkT("isSameSize", input);
  checkT("isSameSize", other, "other");
  return input.dim() === other.dim() && input.shape.every((s, i) => s === other.shape[i]);
}

/** The shape the given shapes broadcast to. @example torch.broadcastShapes([2, 1], [3]) // [2, 3] */
export function broadcastShapes(...shapes: (readonly number[] | number)[]): number[] {
  const list = shapes.map((s, i) => {
    if (typeof s === "number") return [s];
    if (!Array.isArray(s) || s.some((d) => !Number.isInteger(d) || d < 0))
      throw new TypeError(
        `[broadcastShapes] expected shape ${i} to be an array of non-negative integers: got ${describe(s)}`,
      );
    return [...s];
  });
  return broadcastShapeList("broadcastShapes", ...list);
}

/** A 0-d tensor holding `value` (float by default, as PyTorch). @example torch.scalarTensor(3) // tensor(3.) */
export function scalarTensor(value: number | boolean, opts?: CreateOptions): Tensor {
  checkArity("scalarTensor", arguments.length, 2);
  if (typeof value !== "boolean") checkNumber("scalarTensor", "value", value);
  return tensor(typeof value === "boolean" ? Number(value) : value, { dtype: "float32", ...opts });
}

/** PyTorch's `asarray` spelling of {@link asTensor}. @example torch.asarray([1, 2]) // tensor([1, 2]) */
export const asarray: typeof asTensor = asTensor;

/** The functional form of `x.detach()`. @example torch.detach(torch.ones(1, { requiresGrad: true })).requiresGrad // false */
export function detach(input: Tensor): Tensor {
  checkArity("detach", arguments.length, 1);
  checkT("detach", input);
  return input.detach();
}

declare module "../tensor/tensor.js" {
  interface Tensor {
    /** PyTorch's older name of `numel()`. */
    nelement(): number;
    /** PyTorch's older name of `dim()`. */
    ndimension(): number;
    /** This tensor converted to `other`'s dtype. */
    typeAs(other: Tensor): Tensor;
    /** See {@link isNonzero}. */
    isNonzero(): boolean;
    /** See {@link isSameSize}. */
    isSameSize(other: Tensor): boolean;
    /** See {@link isSigned}. */
    isSigned(): boolean;
    /** Whether the tensor's storage was allocated in `torch.inferenceMode`. */
    isInference(): boolean;
  }
}

installMethods({
  nelement(this: Tensor): number {
    checkArity("nelement", arguments.length, 0);
    return this.numel();
  },
  ndimension(this: Tensor): number {
    checkArity("ndimension", arguments.length, 0);
    return this.dim();
  },
  typeAs(this: Tensor, other: Tensor): Tensor {
    checkArity("typeAs", arguments.length, 1);
    checkT("typeAs", other, "other");
    return this.to(other.dtype);
  },
  isNonzero(this: Tensor): boolean {
    return isNonzero(this);
  },
  isSameSize(this: Tensor, other: Tensor): boolean {
    return isSameSize(this, other);
  },
  isSigned(this: Tensor): boolean {
    return isSigned(this);
  },
  isInference(this: Tensor): boolean {
    checkArity("isInference", arguments.length, 0);
    return this.storage.inference;
  },
});

/** Whether a tensor's storage was allocated in `torch.inferenceMode`. @example torch.isInference(torch.ones(1)) // false */
export function isInference(input: Tensor): boolean {
  checkArity("isInference", arguments.length, 1);
  checkT("isInference", input);
  return input.storage.inference;
}
