/**
 * Self-normalising and randomised-slope ops of `F`: alphaDropout, featureAlphaDropout (SELU's
 * dropout: dropped units are set to the negative saturation value, then an affine map keeps
 * mean and variance) and rrelu (leaky ReLU with a random negative slope in training, the mean
 * slope in evaluation). The Bernoulli mask is drawn as dropout's (`bernoulli_` on the global
 * generator).
 */
import { where } from "../../ops/composite.js";
import { zeros } from "../../tensor/creation.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkNumber } from "../../util/args.js";
import { params, splitArgs, type PosOrOpts } from "./args.js";

const SELU_ALPHA = 1.7580993408473766; // −λ·α of SELU: its negative saturation value, negated

type DropArgs = PosOrOpts<
  [p: number, training: boolean, inplace: boolean],
  { p?: number; training?: boolean; inplace?: boolean }
>;

const P_ALPHA = params("alphaDropout", ["p", "training", "inplace"]);
const P_FALPHA = params("featureAlphaDropout", ["p", "training", "inplace"]);
const P_RRELU = params("rrelu", ["lower", "upper", "training", "inplace"]);

function resolve(op: string, a: readonly unknown[], defTraining: boolean): [number, boolean, boolean] {
  const p = a[0] === undefined ? 0.5 : checkNumber(op, "p", a[0]);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`[${op}] dropout probability has to be between 0 and 1, but got ${p}`);
  return [
    p,
    a[1] === undefined ? defTraining : checkBool(op, "training", a[1]),
    a[2] === undefined ? false : checkBool(op, "inplace", a[2]),
  ];
}

function checkInput(op: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor as input: got ${x === null ? "null" : typeof x}`);
  if (!isFloatingPoint(x.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${x.dtype}`);
}

function alphaWith(input: Tensor, p: number, maskShape: readonly number[], inplace: boolean): Tensor {
  if (p === 1) return inplace ? input.mul_(0) : input.mul(0);
  const keep = zeros(maskShape, { dtype: input.dtype }).bernoulli_(1 - p);
  const a = 1 / Math.sqrt((SELU_ALPHA * SELU_ALPHA * p + 1) * (1 - p));
  const b = keep
    .sub(1)
    .mul(SELU_ALPHA * a)
    .add(SELU_ALPHA * a * p);
  const scale = keep.mul(a);
  return inplace ? input.mul_(scale).add_(b) : input.mul(scale).add(b);
}

/**
 * Alpha dropout for SELU networks (`F.alpha_dropout`; p 0.5, training false by default as PyTorch's
 * functional): keeps zero mean and unit variance of a standard-normal input.
 * @example F.alphaDropout(torch.randn(4, 8), 0.2, true).shape // [4, 8]
 */
export function alphaDropout(input: Tensor, ...args: DropArgs): Tensor;
export function alphaDropout(input: Tensor, ...args: unknown[]): Tensor {
  const [p, training, inplace] = resolve("alphaDropout", splitArgs(P_ALPHA, args, 1), false);
  checkInput("alphaDropout", input);
  if (p === 0 || !training || input.numel() === 0) return input;
  return alphaWith(input, p, input.shape, inplace);
}

/**
 * Alpha dropout of whole channels: one draw per (sample, channel) (`F.feature_alpha_dropout`).
 * @example F.featureAlphaDropout(torch.randn(2, 3, 4, 4), 0.2, true).shape // [2, 3, 4, 4]
 */
export function featureAlphaDropout(input: Tensor, ...args: DropArgs): Tensor;
export function featureAlphaDropout(input: Tensor, ...args: unknown[]): Tensor {
  const [p, training, inplace] = resolve("featureAlphaDropout", splitArgs(P_FALPHA, args, 1), false);
  checkInput("featureAlphaDropout", input);
  if (p === 0 || !training || input.numel() === 0) return input;
  if (input.dim() < 2) {
    throw new RangeError(
      `[featureAlphaDropout] feature dropout requires at least 2 dimensions in the input: got ${input.dim()}-D`,
    );
  }
  const shape = [input.shape[0]!, input.shape[1]!, ...new Array<number>(input.dim() - 2).fill(1)];
  return alphaWith(input, p, shape, inplace);
}

/**
 * Randomised leaky ReLU (`F.rrelu`; lower 1/8, upper 1/3): in training each non-positive element
 * gets a slope drawn from U(lower, upper); otherwise the slope is (lower + upper)/2.
 * @example F.rrelu(torch.tensor([-2, 3], { dtype: "float64" }), 0.25, 0.75).tolist() // [-1, 3]
 */
export function rrelu(
  input: Tensor,
  ...args: PosOrOpts<
    [lower: number, upper: number, training: boolean, inplace: boolean],
    { lower?: number; upper?: number; training?: boolean; inplace?: boolean }
  >
): Tensor;
export function rrelu(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(P_RRELU, args, 1);
  const lower = a[0] === undefined ? 1 / 8 : checkNumber("rrelu", "lower", a[0]);
  const upper = a[1] === undefined ? 1 / 3 : checkNumber("rrelu", "upper", a[1]);
  const training = a[2] === undefined ? false : checkBool("rrelu", "training", a[2]);
  const inplace = a[3] === undefined ? false : checkBool("rrelu", "inplace", a[3]);
  checkInput("rrelu", input);
  if (upper < lower) {
    throw new RangeError(
      `[rrelu] lower bound should be less than or equal to the upper bound: got lower ${lower}, upper ${upper}`,
    );
  }
  const slope = training ? zeros(input.shape, { dtype: input.dtype }).uniform_(lower, upper) : (lower + upper) / 2;
  const y = where(input.gt(0), input, input.mul(slope));
  return inplace ? input.copy_(y) : y;
}
