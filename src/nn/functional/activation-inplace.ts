/**
 * The in-place activations of `F` (`F.relu_`, `F.elu_`, …): the out-of-place activation computed
 * and written back into the input with PyTorch's in-place rules (ops/inplace.ts): a leaf that
 * requires grad is refused, the version counter is bumped, the input's history becomes the
 * activation's (so gradients flow as through the out-of-place op). Each returns its input.
 */
import { where } from "../../ops/composite.js";
import { inplace } from "../../ops/inplace.js";
import { zeros } from "../../tensor/creation.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkArity, checkBool, checkNumber, describe } from "../../util/args.js";
import { celu, elu, hardtanh, leakyRelu, relu, selu, threshold } from "./activation.js";
import { params, splitArgs, type PosOrOpts } from "./args.js";

function check(op: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor as input: got ${describe(x)}`);
}

/** max(0, x), in place. @example F.relu_(torch.tensor([-1, 2])) // tensor([0, 2]) */
export function relu_(input: Tensor): Tensor {
  check("relu_", input);
  checkArity("relu_", arguments.length, 1);
  return inplace("relu_", input, (s) => relu(s));
}

/** {@link elu}, in place. @example F.elu_(torch.tensor([-1, 2], { dtype: "float64" })) // tensor([-0.6321, 2.0000], dtype=torch.float64) */
export function elu_(input: Tensor, ...args: [] | [alpha: number] | [opts: { alpha?: number }]): Tensor {
  check("elu_", input);
  return inplace("elu_", input, (s) => elu(s, ...args));
}

/** {@link selu}, in place. @example F.selu_(torch.tensor([0, 1], { dtype: "float32" })) // tensor([0.0000, 1.0507]) */
export function selu_(input: Tensor): Tensor {
  check("selu_", input);
  checkArity("selu_", arguments.length, 1);
  return inplace("selu_", input, (s) => selu(s));
}

/** {@link celu}, in place. @example F.celu_(torch.tensor([-1, 2], { dtype: "float32" }), 2) // tensor([-0.7869, 2.0000]) */
export function celu_(input: Tensor, ...args: [] | [alpha: number] | [opts: { alpha?: number }]): Tensor {
  check("celu_", input);
  return inplace("celu_", input, (s) => celu(s, ...args));
}

/** {@link leakyRelu}, in place. @example F.leakyRelu_(torch.tensor([-1, 2], { dtype: "float32" }), 0.1) // tensor([-0.1000,  2.0000]) */
export function leakyRelu_(
  input: Tensor,
  ...args: [] | [negativeSlope: number] | [opts: { negativeSlope?: number }]
): Tensor {
  check("leakyRelu_", input);
  return inplace("leakyRelu_", input, (s) => leakyRelu(s, ...args));
}

/** {@link hardtanh}, in place. @example F.hardtanh_(torch.tensor([-3, 0.5, 3])) // tensor([-1.0000, 0.5000, 1.0000]) */
export function hardtanh_(
  input: Tensor,
  ...args:
    | []
    | [minVal: number]
    | [minVal: number, maxVal: number]
    | [opts: { minVal?: number; maxVal?: number }]
    | [minVal: number, opts: { maxVal?: number }]
): Tensor {
  check("hardtanh_", input);
  return inplace("hardtanh_", input, (s) => hardtanh(s, ...args));
}

/** {@link threshold}, in place. @example F.threshold_(torch.tensor([0.05, 2]), 0.1, 20) // tensor([20., 2.]) */
export function threshold_(
  input: Tensor,
  ...args:
    | [threshold: number, value: number]
    | [threshold: number, opts: { value: number }]
    | [opts: { threshold: number; value: number }]
): Tensor {
  check("threshold_", input);
  return inplace("threshold_", input, (s) => threshold(s, ...args));
}

const P_RRELU_ = params("rrelu_", ["lower", "upper", "training"]);

/**
 * Randomised leaky ReLU, in place (`F.rrelu_`; lower 1/8, upper 1/3, training false): in training
 * each non-positive element's slope is drawn from U(lower, upper) (once, before the write),
 * otherwise the slope is (lower + upper)/2.
 * @example F.rrelu_(torch.tensor([-2, 3], { dtype: "float64" }), 0.25, 0.75) // tensor([-1., 3.], dtype=torch.float64)
 */
export function rrelu_(
  input: Tensor,
  ...args: PosOrOpts<
    [lower: number, upper: number, training: boolean],
    { lower?: number; upper?: number; training?: boolean }
  >
): Tensor;
export function rrelu_(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(P_RRELU_, args, 1);
  const lower = a[0] === undefined ? 1 / 8 : checkNumber("rrelu_", "lower", a[0]);
  const upper = a[1] === undefined ? 1 / 3 : checkNumber("rrelu_", "upper", a[1]);
  const training = a[2] === undefined ? false : checkBool("rrelu_", "training", a[2]);
  check("rrelu_", input);
  if (!isFloatingPoint(input.dtype)) {
    throw new TypeError(`[rrelu_] expected a floating point input: got ${input.dtype}`);
  }
  if (upper < lower) {
    throw new RangeError(
      `[rrelu_] lower bound should be less than or equal to the upper bound: got lower ${lower}, upper ${upper}`,
    );
  }
  // Drawn before the write: the in-place helper may run the closure twice (to record history).
  const slope = training ? zeros(input.shape, { dtype: input.dtype }).uniform_(lower, upper) : (lower + upper) / 2;
  return inplace("rrelu_", input, (s) => where(s.gt(0), s, s.mul(slope)));
}
