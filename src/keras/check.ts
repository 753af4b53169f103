/**
 * Argument checks shared by the Keras front, on top of `util/args.ts`: positive sizes, shapes,
 * kernel/stride pairs, tensors, and names looked up in a table (losses, optimizers, metrics,
 * activations) with a did-you-mean.
 */
import { checkInt, checkNumber, describe, suggestKey } from "../util/args.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";

/** Throws unless `v` is an integer ≥ 1. */
export function checkPositiveInt(callee: string, name: string, v: unknown): number {
  return checkInt(callee, name, v, 1);
}

/** A size given as `n` or `[h, w]` (positive integers) → `[h, w]`. */
export function checkPair(callee: string, name: string, v: unknown): [number, number] {
  if (typeof v === "number") {
    checkPositiveInt(callee, name, v);
    return [v, v];
  }
  if (!Array.isArray(v) || v.length < 1 || v.length > 2)
    throw new TypeError(`[${callee}] ${name} must be an integer or an array of 2 integers: got ${describe(v)}`);
  v.forEach((d, i) => checkPositiveInt(callee, `${name}[${i}]`, d));
  return [v[0] as number, (v[1] ?? v[0]) as number];
}

/** A shape without the batch axis: an array of positive integers. */
export function checkShape(callee: string, name: string, v: unknown): number[] {
  if (!Array.isArray(v) || v.length === 0)
    throw new TypeError(`[${callee}] ${name} must be a non-empty array of positive integers: got ${describe(v)}`);
  v.forEach((d, i) => checkPositiveInt(callee, `${name}[${i}]`, d));
  return [...(v as number[])];
}

/** Throws unless `v` is a string. */
export function checkString(callee: string, name: string, v: unknown): string {
  if (typeof v !== "string") throw new TypeError(`[${callee}] ${name} must be a string: got ${describe(v)}`);
  return v;
}

/** Throws unless `v` is a number in [0, 1) (a rate or a fraction). */
export function checkFraction(callee: string, name: string, v: unknown): number {
  checkNumber(callee, name, v, { min: 0 });
  if (!((v as number) < 1)) throw new RangeError(`[${callee}] ${name} must be in [0, 1): got ${v as number}`);
  return v as number;
}

/**
 * `x` as a tensor: a Tensor, or a JS (nested) array / typed array converted with `torch.tensor`.
 * Anything else is a TypeError naming the argument.
 */
export function toTensorArg(callee: string, name: string, v: unknown): Tensor {
  if (v instanceof Tensor) return v;
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    if ((v as ArrayLike<unknown>).length === 0)
      throw new RangeError(`[${callee}] ${name} must hold at least one sample: got an empty array`);
    return tensor(v as number[]);
  }
  throw new TypeError(`[${callee}] ${name} must be a Tensor or an array: got ${describe(v)}`);
}

/** A name spelled with the same letters in another order (`"adma"` → `"adam"`). */
function sameLetters(name: string, accepted: readonly string[]): string | undefined {
  const key = (s: string): string => [...s.toLowerCase()].sort().join("");
  const k = key(name);
  return accepted.find((a) => key(a) === k);
}

/**
 * The error for a name missing from a table: `[keras.Sequential.compile] unknown loss "mse2":
 * did you mean "mse"? (accepted: …)`.
 */
export function unknownName(callee: string, what: string, name: string, accepted: readonly string[]): RangeError {
  const hint = suggestKey(name, accepted) ?? sameLetters(name, accepted);
  return new RangeError(
    `[${callee}] unknown ${what} "${name}": ` +
      (hint !== undefined ? `did you mean "${hint}"? ` : "") +
      `expected one of ${accepted.map((k) => `"${k}"`).join(", ")}`,
  );
}
