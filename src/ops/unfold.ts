/**
 * `Tensor.unfold(dimension, size, step)`: every `size`-long slice along a dim as a view (no copy),
 * the sliding-window primitive conv and pooling are built on (see windows.ts).
 */
import { normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { describe } from "./define.js";
import { reshape } from "./movement-view.js";
import { defineOp } from "./registry.js";
import { windows } from "./windows.js";

/**
 * A view holding all slices of length `size` along `dimension`, `step` apart; the new window
 * dim is last (`Tensor.unfold`).
 * @example torch.arange(7).unfold(0, 3, 2) // [[0, 1, 2], [2, 3, 4], [4, 5, 6]]
 */
export const unfold = defineOp(
  "unfold",
  { family: "window", mode: "method", gradNames: ["UnfoldBackward0"] },
  function unfold(input: Tensor, dimension: number, size: number, step: number): Tensor {
    if (!(input instanceof Tensor))
      throw new TypeError(`[unfold] expected input to be a Tensor: got ${describe(input)}`);
    for (const [n, v] of [
      ["size", size],
      ["step", step],
    ] as const) {
      if (typeof v !== "number" || !Number.isInteger(v))
        throw new TypeError(`[unfold] ${n} must be an integer: got ${String(v)}`);
    }
    if (input.dim() === 0) return unfold(reshape(input, [1]), 0, size, step).reshape([size]);
    const d = normalizeDim("unfold", dimension, input.dim());
    if (size < 0) throw new RangeError(`[unfold] size is ${size} but must be >= 0`);
    if (size > input.shape[d]!) {
      throw new RangeError(
        `[unfold] maximum size for tensor at dimension ${d} is ${input.shape[d]} but size is ${size}`,
      );
    }
    if (step <= 0) throw new RangeError(`[unfold] step is ${step} but must be > 0`);
    if (size === 0) {
      // Every position starts an empty window: n/step + 1 of them.
      const n = Math.floor(input.shape[d]! / step) + 1;
      const shape = [...input.shape];
      shape[d] = n;
      return Tensor._empty([...shape, 0], input.dtype);
    }
    return windows(input, { dims: [d], sizes: [size], steps: [step], dilations: [1] });
  },
);
