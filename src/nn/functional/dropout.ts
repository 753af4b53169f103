/**
 * Dropout as PyTorch's CPU kernel: mask = bernoulli(1 − p) / (1 − p), drawn from the global
 * generator in the same order, so seeded masks equal PyTorch's.
 */
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";

function check(op: string, x: unknown, p: number): asserts x is Tensor {
  if (!(x instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor as input: got ${x === null ? "null" : typeof x}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`[${op}] dropout probability has to be between 0 and 1, but got ${p}`);
}

function dropoutWith(input: Tensor, p: number, maskShape: readonly number[]): Tensor {
  if (p === 1) return input.mul(zeros([], { dtype: input.dtype }));
  const noise = Tensor._empty(maskShape, input.dtype)
    .bernoulli_(1 - p)
    .div_(1 - p);
  return input.mul(noise);
}

/**
 * Zeroes elements with probability `p` and scales the rest by 1/(1 − p) when `training`.
 * @example F.dropout(x, 0.5, model.training)
 */
export function dropout(input: Tensor, p = 0.5, training = true): Tensor {
  check("dropout", input, p);
  if (p === 0 || !training || input.numel() === 0) return input;
  return dropoutWith(input, p, input.shape);
}

/** Feature (channel) dropout: one draw per [N, C] pair, broadcast over the rest. */
function featureDropout(op: string, input: Tensor, p: number, training: boolean, batchedDim: number): Tensor {
  check(op, input, p);
  if (input.dim() !== batchedDim && input.dim() !== batchedDim - 1) {
    throw new RangeError(
      `[${op}] expected ${batchedDim - 1}-D or ${batchedDim}-D input: got ${input.dim()}-D input of shape [${input.shape.join(", ")}]`,
    );
  }
  if (p === 0 || !training || input.numel() === 0) return input;
  const batched = input.dim() === batchedDim;
  const x = batched ? input : input.unsqueeze(0);
  const shape = [x.shape[0]!, x.shape[1]!, ...new Array<number>(x.dim() - 2).fill(1)];
  const y = dropoutWith(x, p, shape);
  return batched ? y : y.squeeze(0);
}

/** Zeroes whole channels of [N, C, L] (or [C, L]) inputs. @example F.dropout1d(x, 0.2, true) */
export function dropout1d(input: Tensor, p = 0.5, training = true): Tensor {
  return featureDropout("dropout1d", input, p, training, 3);
}

/**
 * Zeroes whole channels of [N, C, H, W] inputs; as PyTorch 1.13, a 3-D input is read as [N, C, L].
 * @example F.dropout2d(x, 0.2, true)
 */
export function dropout2d(input: Tensor, p = 0.5, training = true): Tensor {
  check("dropout2d", input, p);
  if (input.dim() < 2) throw new RangeError(`[dropout2d] expected a 3-D or 4-D input: got ${input.dim()}-D`);
  if (p === 0 || !training || input.numel() === 0) return input;
  return dropoutWith(input, p, [input.shape[0]!, input.shape[1]!, ...new Array<number>(input.dim() - 2).fill(1)]);
}

/** Zeroes whole channels of [N, C, D, H, W] (or [C, D, H, W]) inputs. @example F.dropout3d(x, 0.2, true) // fragment */
export function dropout3d(input: Tensor, p = 0.5, training = true): Tensor {
  return featureDropout("dropout3d", input, p, training, 5);
}
