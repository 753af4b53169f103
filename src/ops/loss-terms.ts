/**
 * Per-element loss terms whose backward PyTorch defines apart from the forward's composite (so a
 * formula written from tensor ops would differentiate differently at the edges).
 */
import { noGrad } from "../autograd/mode.js";
import type { Tensor } from "../tensor/tensor.js";
import { rsub } from "./binary.js";
import { record, sumToShape } from "./define.js";

/**
 * Binary cross entropy per element, `(t − 1)·max(log(1 − x), −100) − t·max(log x, −100)`, times
 * `weight` when given, recorded as BinaryCrossEntropyBackward0 with PyTorch's backward
 * `g·w·(x − t) / max((1 − x)·x, 1e-12)` (finite at x = 0 or 1) and, for the target,
 * `g·w·(log(1 − x) − log x)`. Inputs are checked by the caller (`F.binaryCrossEntropy`).
 * @example binaryCrossEntropyTerms(torch.tensor([0.25]), torch.tensor([1]), null) // tensor([1.3863])
 */
export function binaryCrossEntropyTerms(input: Tensor, target: Tensor, weight: Tensor | null): Tensor {
  const loss = noGrad(() => {
    const l = target
      .sub(1)
      .mul(input.neg().log1p().clamp(-100))
      .sub(target.mul(input.log().clamp(-100)));
    return weight ? l.mul(weight) : l;
  });
  return record(
    "BinaryCrossEntropyBackward0",
    loss,
    [input, target],
    (g) => {
      const gw = weight ? g.mul(weight) : g;
      return [
        input.requiresGrad
          ? sumToShape(gw.mul(input.sub(target)).div(rsub(input, 1).mul(input).clamp(1e-12)), input.shape)
          : null,
        target.requiresGrad ? sumToShape(gw.mul(input.neg().log1p().sub(input.log())), target.shape) : null,
      ];
    },
    [input, target],
  );
}
