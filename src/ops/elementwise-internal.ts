/**
 * Helpers shared by the elementwise op files (unary.ts, binary.ts, compare.ts, composite.ts).
 * Not re-exported from the public API.
 */
import { noGrad } from "../autograd/mode.js";
import { zerosLike } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { describe, record, type TensorLike } from "./define.js";

/** PyTorch's printed dtype names, for messages that quote PyTorch (`Float`, `Long`). */
export { TORCH_TYPE_NAMES as TORCH_NAME } from "../tensor/dtype.js";

/**
 * Runs `compute` without recording, then records a node whose gradient is zero for every input
 * (rounding ops: floor, div with a rounding mode, …), as PyTorch's `grad * 0` formulas.
 */
export function withZeroGrad(
  name: string,
  inputs: readonly (TensorLike | null | undefined)[],
  compute: () => Tensor,
): Tensor {
  const out = noGrad(compute);
  const ts = inputs.map((x) => (x instanceof Tensor && x.requiresGrad ? x : null));
  return record(name, out, ts, () => ts.map((t) => (t === null ? null : zerosLike(t))));
}

/** Throws the usual one-line TypeError unless `x` is a Tensor. */
export function checkTensor(op: string, x: unknown, what = "input"): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected ${what} to be a Tensor: got ${describe(x)}`);
}

/** True for a JS number, boolean or bigint (a Python scalar). */
export function isScalar(x: unknown): x is number | boolean | bigint {
  return typeof x === "number" || typeof x === "boolean" || typeof x === "bigint";
}
