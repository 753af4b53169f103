/**
 * Activations PyTorch also has as `torch.*` functions and `Tensor` methods: `hardshrink`
 * (`torch.hardshrink`, `x.hardshrink(lambd)`) and `x.prelu(weight)`. Composites of `where`, so
 * their gradients come from the ops they use (named as PyTorch's backward nodes).
 */
import { sequenceMark } from "../autograd/node.js";
import { isFloatingPoint } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkNumber } from "../util/args.js";
import { where } from "./composite.js";
import { nameOutput } from "./core.js";
import { checkTensor } from "./elementwise-internal.js";
import { defineOp } from "./registry.js";

function checkFloat(op: string, x: unknown, what = "input"): asserts x is Tensor {
  checkTensor(op, x, what);
  if (!isFloatingPoint(x.dtype)) throw new TypeError(`[${op}] expected a floating point ${what}: got ${x.dtype}`);
}

/**
 * x where |x| > lambd, else 0 (`torch.hardshrink`, `x.hardshrink(lambd)`; lambd 0.5).
 * @example torch.hardshrink(torch.tensor([-1, 0.2, 0.7], { dtype: "float64" })) // tensor([-1.0000, 0.0000, 0.7000], dtype=torch.float64)
 */
export const hardshrink = defineOp(
  "hardshrink",
  { family: "composite", mode: "method", gradNames: ["HardshrinkBackward0"], maxArgs: 2 },
  function hardshrink(input: Tensor, lambd = 0.5): Tensor {
    checkFloat("hardshrink", input);
    const l = checkNumber("hardshrink", "lambd", lambd);
    const mark = sequenceMark();
    return nameOutput(where(input.abs().gt(l), input, 0), "HardshrinkBackward0", mark);
  },
);

/**
 * x for x > 0, else weight·x (`x.prelu(weight)`): `weight` holds one slope (a 0-d or 1-element
 * tensor) or one per channel, the channels being dim 1 (a 0-d or 1-D input has one channel).
 * @example torch.tensor([[-2, 3]]).float().prelu(torch.tensor([0.5, 0.1])) // tensor([[-1., 3.]])
 */
export const prelu = defineOp(
  "prelu",
  { family: "composite", mode: "method", gradNames: ["PreluBackward0"] },
  function prelu(input: Tensor, weight: Tensor): Tensor {
    checkFloat("prelu", input);
    checkFloat("prelu", weight, "weight");
    if (weight.dim() > 1) {
      throw new RangeError(`[prelu] expected weight to be a scalar or 1-D tensor: got ${weight.dim()}-D`);
    }
    const channels = input.dim() >= 2 ? input.shape[1]! : 1;
    let w = weight;
    if (weight.numel() !== 1) {
      if (weight.numel() !== channels) {
        throw new RangeError(
          `[prelu] mismatch of parameter numbers and input channel size: got ${weight.numel()} parameters for ${channels} channel(s)`,
        );
      }
      w = weight.reshape([channels, ...new Array<number>(input.dim() - 2).fill(1)]);
    } else if (weight.dim() === 1 && input.dim() === 0) {
      w = weight.reshape([]);
    }
    const mark = sequenceMark();
    return nameOutput(where(input.gt(0), input, input.mul(w)), "PreluBackward0", mark);
  },
);
