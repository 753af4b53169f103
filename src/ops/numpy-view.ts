/**
 * `x.numpy()`: PyTorch's bridge to a NumPy array. antorcha's NumPy layer (`antorcha/numpy`)
 * represents arrays as tensors without autograd history, so the "array" is `x` detached: it
 * shares x's memory (writes through either are seen by both), as PyTorch's `numpy()` does.
 * PyTorch's refusals are kept: a tensor that requires grad needs `{ force: true }` (or
 * `detach()` first), and bfloat16 has no NumPy dtype.
 */
import type { Tensor } from "../tensor/tensor.js";
import { checkBool, checkOptions, optionKeys } from "../util/args.js";
import { checkTensor } from "./elementwise-internal.js";
import { defineOp } from "./registry.js";

const NUMPY_KEYS = optionKeys("force");

/**
 * The tensor as a NumPy-layer array (`x.numpy()`): `x` detached, sharing its memory. A tensor that
 * requires grad is refused unless `force` is true.
 * @example torch.tensor([1, 2]).numpy() // tensor([1, 2])
 */
export const numpy = defineOp(
  "numpy",
  { family: "convert", mode: "method" },
  function numpy(x: Tensor, opts?: { force?: boolean }): Tensor {
    checkTensor("numpy", x);
    checkOptions("numpy", opts, NUMPY_KEYS);
    const force = opts?.force === undefined ? false : checkBool("numpy", "force", opts.force);
    if (x.requiresGrad && !force) {
      throw new Error(
        "[numpy] can't call numpy() on a Tensor that requires grad: use x.detach().numpy(), or x.numpy({ force: true })",
      );
    }
    if (x.dtype === "bfloat16") {
      throw new TypeError("[numpy] got unsupported dtype bfloat16 (NumPy has none): convert with .float() first");
    }
    return x.detach();
  },
);
