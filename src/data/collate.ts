/**
 * `defaultCollate`: merges a list of items into a batch as PyTorch's `default_collate` does.
 * Tensors are stacked; numbers become a tensor (int64 when every number is an integer, else
 * float64 — JS cannot tell `1.0` from `1`, so PyTorch's "Python float → float64" becomes "any
 * fraction → float64"); booleans → bool; bigints → int64; strings stay an array; arrays/tuples
 * are collated position by position (giving an array); plain objects key by key.
 */
import { stack } from "../ops/join.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";

/** A batch made by `defaultCollate` (tensors, arrays of batches, objects of batches, strings). */
export type Batch = Tensor | string[] | Batch[] | { [key: string]: Batch } | unknown;

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "Array";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

/**
 * Collates `batch` (a list of dataset items) into one batch.
 * @example defaultCollate([[x0, 0], [x1, 1]]) // [stack([x0, x1]), tensor([0, 1])] (fragment)
 */
export function defaultCollate(batch: readonly unknown[]): Batch {
  if (!Array.isArray(batch))
    throw new TypeError(`[defaultCollate] batch must be an array of items: got ${describe(batch)}`);
  if (batch.length === 0) throw new RangeError("[defaultCollate] batch is empty: expected at least one item");
  const elem = batch[0];
  const mismatch = (what: string): never => {
    const k = batch.findIndex((b) => describe(b) !== describe(elem));
    throw new TypeError(
      `[defaultCollate] ${what}: item ${k} is ${describe(batch[k])}, expected ${describe(elem)} like item 0`,
    );
  };
  if (elem instanceof Tensor) {
    if (!batch.every((b) => b instanceof Tensor)) mismatch("mixed item types");
    return stack(batch as Tensor[], 0);
  }
  if (typeof elem === "number") {
    if (!batch.every((b) => typeof b === "number")) mismatch("mixed item types");
    const nums = batch as number[];
    return tensor(nums, { dtype: nums.every((x) => Number.isInteger(x)) ? "int64" : "float64" });
  }
  if (typeof elem === "bigint") {
    if (!batch.every((b) => typeof b === "bigint")) mismatch("mixed item types");
    return tensor(batch as bigint[], { dtype: "int64" });
  }
  if (typeof elem === "boolean") {
    if (!batch.every((b) => typeof b === "boolean")) mismatch("mixed item types");
    return tensor(batch as boolean[], { dtype: "bool" });
  }
  if (typeof elem === "string") {
    if (!batch.every((b) => typeof b === "string")) mismatch("mixed item types");
    return [...(batch as string[])];
  }
  if (Array.isArray(elem)) {
    if (!batch.every((b) => Array.isArray(b))) mismatch("mixed item types");
    const n = elem.length;
    const bad = batch.findIndex((b) => (b as unknown[]).length !== n);
    if (bad >= 0)
      throw new RangeError(
        `[defaultCollate] each element in list of batch should be of equal size: item ${bad} has ${(batch[bad] as unknown[]).length}, expected ${n}`,
      );
    return Array.from({ length: n }, (_, j) => defaultCollate(batch.map((b) => (b as unknown[])[j])));
  }
  if (
    elem !== null &&
    typeof elem === "object" &&
    (Object.getPrototypeOf(elem) === Object.prototype || Object.getPrototypeOf(elem) === null)
  ) {
    const keys = Object.keys(elem);
    const out: Record<string, Batch> = {};
    for (const k of keys) {
      const bad = batch.findIndex((b) => b === null || typeof b !== "object" || !(k in (b as object)));
      if (bad >= 0)
        throw new TypeError(
          `[defaultCollate] item ${bad} has no key ${JSON.stringify(k)}: expected the keys of item 0 (${keys.join(", ")})`,
        );
      out[k] = defaultCollate(batch.map((b) => (b as Record<string, unknown>)[k]));
    }
    return out;
  }
  throw new TypeError(
    `[defaultCollate] batch must contain tensors, numbers, booleans, strings, arrays or plain objects: found ${describe(elem)}`,
  );
}
