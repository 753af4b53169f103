/**
 * `torch.fill` (the out-of-place `fill_`) and `x.fillDiagonal_(value, wrap)`. Both are
 * composites: a clone filled in place, and a masked fill over the diagonal positions (a pattern
 * that depends on the shape only), written into self with PyTorch's in-place rules.
 */
import { sequenceMark } from "../autograd/node.js";
import { tensor } from "../tensor/creation.js";
import { checkFits } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import type { DeviceLike } from "../tensor/device.js";
import { checkBool } from "../util/args.js";
import { describe, inplace, nameOutput, type TensorLike } from "./define.js";
import { checkTensor, isScalar } from "./elementwise-internal.js";
import { defineOp } from "./registry.js";

/** A fill value: a scalar, or a 0-d tensor (PyTorch's rule); it must fit `dtype`. */
function checkValue(op: string, dtype: Tensor["dtype"], value: unknown, tensors: boolean): void {
  if (!(tensors && value instanceof Tensor) && !isScalar(value)) {
    const want = tensors ? "a number or a 0-d Tensor" : "a number or a boolean";
    throw new TypeError(`[${op}] expected the fill value to be ${want}: got ${describe(value)}`);
  }
  if (value instanceof Tensor && value.dim() !== 0) {
    throw new RangeError(`[${op}] only a 0-dimensional value tensor is supported: got ${value.dim()} dimension(s)`);
  }
  checkFits(op, dtype, value instanceof Tensor ? value.item() : (value as number | bigint | boolean), true);
}

/**
 * A tensor shaped and typed like `input`, every element `value` (a number or a 0-d tensor, which
 * receives the summed gradient); `torch.fill`, the out-of-place `x.fill_(value)`.
 * @example torch.fill(torch.zeros(2, { dtype: "int32" }), 3) // tensor([3, 3], dtype=torch.int32)
 */
export const fill = defineOp(
  "fill",
  { family: "fill", kernels: ["fill", "copy"], gradNames: ["FillBackward0", "FillBackward1"] },
  function fill(input: Tensor, value: TensorLike): Tensor {
    checkTensor("fill", input);
    checkValue("fill", input.dtype, value, true);
    const mark = sequenceMark();
    return nameOutput(input.clone().fill_(value), value instanceof Tensor ? "FillBackward1" : "FillBackward0", mark);
  },
);

/** Row-major positions of the main diagonal (PyTorch's `fill_diagonal_` pattern). */
function diagonalMask(op: string, shape: readonly number[], wrap: boolean, device: DeviceLike): Tensor {
  if (shape.length < 2) {
    throw new RangeError(`[${op}] dimensions must be larger than 1: got a ${shape.length}-D tensor`);
  }
  if (shape.length > 2 && shape.some((n) => n !== shape[0])) {
    throw new RangeError(`[${op}] all dimensions of input must be of equal length: got shape [${shape.join(", ")}]`);
  }
  const total = shape.reduce((a, b) => a * b, 1);
  // Step between consecutive diagonal elements in a row-major layout: 1 + n_last + n_last·n_prev + …
  let step = 0;
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    step += stride;
    stride *= shape[i]!;
  }
  const mask = new Uint8Array(total);
  const h = shape[0]!;
  const w = shape[1]!;
  const n = Math.min(...shape);
  // wrap: a tall matrix's diagonal restarts below the square part, N + 1 rows on (every `step`).
  const limit = shape.length === 2 && wrap && h > w ? total : n * step - (step - 1);
  for (let p = 0; p < limit && p < total; p += step) mask[p] = 1;
  return tensor(mask, { dtype: "bool", device }).reshape([...shape]);
}

/**
 * Writes `fillValue` on the main diagonal in place (a 2-D tensor, or one whose dimensions are all
 * equal); with `wrap`, a tall matrix's diagonal restarts after N + 1 rows, as NumPy's. Returns self.
 * @example torch.zeros(2, 2).fillDiagonal_(5) // tensor([[5., 0.], [0., 5.]])
 */
export const fillDiagonal_ = defineOp(
  "fillDiagonal_",
  { family: "fill", mode: "method", gradNames: ["MaskedFillBackward0"], maxArgs: 3 },
  function fillDiagonal_(self: Tensor, fillValue: number | boolean, wrap = false): Tensor {
    checkTensor("fillDiagonal_", self);
    checkValue("fillDiagonal_", self.dtype, fillValue, false);
    checkBool("fillDiagonal_", "wrap", wrap);
    const mask = diagonalMask("fillDiagonal_", self.shape, wrap, self.device);
    return inplace("fillDiagonal_", self, (s) => s.maskedFill(mask, fillValue));
  },
);
