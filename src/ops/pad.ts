/**
 * Constant padding of the last dims (`torch.constant_pad_nd`, what `F.pad`'s constant mode and
 * the convolutions' zero padding run): the output filled with `value`, the input's overlap copied
 * in. Negative padding crops. Backward: the gradient cropped back, i.e. padded by −pads.
 */
import { activeBackend } from "../backend/registry.js";
import { noGrad } from "../autograd/mode.js";
import { full } from "../tensor/creation.js";
import { numel } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { record } from "./define.js";

/**
 * `x` padded by `pads`, (before, after) pairs from the last dim backwards, with `value`.
 * @example constantPadNd(torch.ones(2, 2), [1, 1], 0).shape // [2, 4]
 */
export function constantPadNd(x: Tensor, pads: readonly number[], value: number): Tensor {
  const nd = pads.length / 2;
  const outShape = [...x.shape];
  for (let i = 0; i < nd; i++) {
    const d = x.dim() - 1 - i;
    const n = x.shape[d]! + pads[2 * i]! + pads[2 * i + 1]!;
    if (n < 0) {
      throw new RangeError(
        `[pad] the input size ${x.shape[d]}, plus negative padding ${pads[2 * i]} and ${pads[2 * i + 1]} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`,
      );
    }
    outShape[d] = n;
  }
  const out = full(outShape, value, { dtype: x.dtype, device: x.storage.device });
  // Copy the overlap: input [max(-before, 0), n - max(-after, 0)) → output from max(before, 0).
  let src = x;
  let dstOff = 0;
  const srcShape = [...x.shape];
  let srcOff = x._offset;
  for (let i = 0; i < nd; i++) {
    const d = x.dim() - 1 - i;
    const before = pads[2 * i]!;
    const after = pads[2 * i + 1]!;
    srcOff += Math.max(-before, 0) * x._strides[d]!;
    srcShape[d] = Math.max(0, x.shape[d]! - Math.max(-before, 0) - Math.max(-after, 0));
    dstOff += Math.max(before, 0) * out._strides[d]!;
  }
  if (numel(srcShape) > 0) {
    src = x._view(srcShape, x._strides, srcOff);
    const dst = out._view(srcShape, out._strides, dstOff);
    noGrad(() => activeBackend().copy(src._v, dst._v));
  }
  // d pad(x, p)/dx: the gradient cropped back, i.e. pad(g, -p).
  return record("ConstantPadNdBackward0", out, [x], (g) => [
    constantPadNd(
      g,
      pads.map((p) => -p),
      0,
    ),
  ]);
}
