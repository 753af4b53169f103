/**
 * Activation functions of `F`, composed from tensor primitives (autograd comes for free).
 * Branches that are not taken are fed clamped inputs so their backward never yields inf·0 = NaN.
 */
import { where } from "../../ops/composite.js";
import { nameOutput } from "../../ops/define.js";
import { sequenceMark } from "../../autograd/node.js";
import { logSoftmax as logSoftmaxOp, softmax as softmaxOp } from "../../ops/reduce.js";
import { relu as reluOp, sigmoid as sigmoidOp, tanh as tanhOp } from "../../ops/unary.js";
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";

function check(op: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor as input: got ${x === null ? "null" : typeof x}`);
}

/** max(0, x). @example F.relu(torch.tensor([-1, 2])) // tensor([0., 2.]) */
export function relu(input: Tensor): Tensor {
  check("relu", input);
  return reluOp(input);
}

/** 1 / (1 + e^-x). @example F.sigmoid(x) */
export function sigmoid(input: Tensor): Tensor {
  check("sigmoid", input);
  return sigmoidOp(input);
}

/** tanh(x). @example F.tanh(x) */
export function tanh(input: Tensor): Tensor {
  check("tanh", input);
  return tanhOp(input);
}

/** x for x > 0, else slope·x. @example F.leakyRelu(x, 0.2) */
export function leakyRelu(input: Tensor, negativeSlope = 0.01): Tensor {
  const mark = sequenceMark();
  check("leakyRelu", input);
  return nameOutput(where(input.gt(0), input, input.mul(negativeSlope)), "LeakyReluBackward0", mark);
}

/** x for x > 0, else α(eˣ − 1). @example F.elu(x) */
export function elu(input: Tensor, alpha = 1.0): Tensor {
  const mark = sequenceMark();
  check("elu", input);
  return nameOutput(where(input.gt(0), input, input.clamp(null, 0).expm1().mul(alpha)), "EluBackward0", mark);
}

/** scale·elu(x, α) with SELU's constants. @example F.selu(x) */
export function selu(input: Tensor): Tensor {
  check("selu", input);
  return elu(input, 1.6732632423543772848170429916717).mul(1.0507009873554804934193349852946);
}

/** max(0, x) + min(0, α(e^{x/α} − 1)). @example F.celu(x, 1.0) */
export function celu(input: Tensor, alpha = 1.0): Tensor {
  check("celu", input);
  return where(input.gt(0), input, input.clamp(null, 0).div(alpha).expm1().mul(alpha));
}

/**
 * GELU: x·Φ(x) (`approximate: "none"`) or its tanh approximation.
 * @example F.gelu(x, { approximate: "tanh" })
 */
export function gelu(input: Tensor, opts: { approximate?: "none" | "tanh" } = {}): Tensor {
  const mark = sequenceMark();
  check("gelu", input);
  const approximate = opts.approximate ?? "none";
  if (approximate === "none")
    return nameOutput(input.mul(input.mul(Math.SQRT1_2).erf().add(1)).mul(0.5), "GeluBackward0", mark);
  if (approximate === "tanh") {
    // 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))
    const inner = input.add(input.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return nameOutput(input.mul(inner.tanh().add(1)).mul(0.5), "GeluBackward0", mark);
  }
  throw new RangeError(`[gelu] approximate must be "none" or "tanh": got ${JSON.stringify(approximate)}`);
}

/** x·σ(x). @example F.silu(x) */
export function silu(input: Tensor): Tensor {
  const mark = sequenceMark();
  check("silu", input);
  return nameOutput(input.mul(input.sigmoid()), "SiluBackward0", mark);
}

/** x·tanh(softplus(x)). @example F.mish(x) */
export function mish(input: Tensor): Tensor {
  check("mish", input);
  return input.mul(softplus(input).tanh());
}

/** log(1 + e^{βx})/β, linear above `threshold` (in βx units). @example F.softplus(x, 1, 20) */
export function softplus(input: Tensor, beta = 1, threshold = 20): Tensor {
  const mark = sequenceMark();
  check("softplus", input);
  const bx = input.mul(beta);
  return nameOutput(
    where(bx.gt(threshold), input, bx.clamp(null, threshold).exp().log1p().div(beta)),
    "SoftplusBackward0",
    mark,
  );
}

/** Clamps to [minVal, maxVal] (gradient 0 at and beyond the edges, as PyTorch). @example F.hardtanh(x, -2, 2) */
export function hardtanh(input: Tensor, minVal = -1, maxVal = 1): Tensor {
  const mark = sequenceMark();
  check("hardtanh", input);
  if (minVal > maxVal)
    throw new RangeError(`[hardtanh] minVal cannot be greater than maxVal: got ${minVal} > ${maxVal}`);
  return nameOutput(where(input.le(minVal), minVal, where(input.ge(maxVal), maxVal, input)), "HardtanhBackward0", mark);
}

/** min(max(0, x), 6). @example F.relu6(x) */
export function relu6(input: Tensor): Tensor {
  return hardtanh(input, 0, 6);
}

/** relu6(x + 3) / 6. @example F.hardsigmoid(x) */
export function hardsigmoid(input: Tensor): Tensor {
  check("hardsigmoid", input);
  return where(input.le(-3), 0, where(input.ge(3), 1, input.div(6).add(0.5)));
}

/** x·relu6(x + 3)/6. @example F.hardswish(x) */
export function hardswish(input: Tensor): Tensor {
  check("hardswish", input);
  return where(input.lt(-3), 0, where(input.gt(3), input, input.mul(input.add(3)).div(6)));
}

/** log σ(x) = min(x, 0) − log(1 + e^{−|x|}), stable for large |x|. @example F.logsigmoid(x) */
export function logsigmoid(input: Tensor): Tensor {
  const mark = sequenceMark();
  check("logsigmoid", input);
  const neg = input.lt(0);
  // where(…, x, −x) rather than −|x| so the gradient at 0 is σ(0) = 0.5, not 0.
  return nameOutput(
    where(neg, input, 0).sub(where(neg, input, input.neg()).exp().log1p()),
    "LogSigmoidBackward0",
    mark,
  );
}

/** x / (1 + |x|). @example F.softsign(x) */
export function softsign(input: Tensor): Tensor {
  check("softsign", input);
  return input.div(input.abs().add(1));
}

/** x for x > 0, else weight·x; `weight` holds one slope or one per channel (dim 1). @example F.prelu(x, torch.tensor([0.25])) */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  check("prelu", input);
  check("prelu", weight);
  let w = weight;
  if (weight.numel() !== 1) {
    const ch = input.dim() >= 2 ? input.shape[1]! : input.dim() === 1 ? input.shape[0]! : 1;
    if (weight.numel() !== ch) {
      throw new RangeError(
        `[prelu] mismatch of parameter numbers and input channel size: got ${weight.numel()} parameters for ${ch} channels`,
      );
    }
    if (input.dim() >= 2) w = weight.reshape([ch, ...new Array<number>(input.dim() - 2).fill(1)]);
  }
  return where(input.gt(0), input, input.mul(w));
}

/** PyTorch's implicit softmax dim for `dim: null` (0 for 0-, 1- and 3-d inputs, else 1). */
function softmaxDim(input: Tensor, dim: number | null | undefined): number {
  if (dim !== null && dim !== undefined) return dim;
  const n = input.dim();
  return n === 0 || n === 1 || n === 3 ? 0 : 1;
}

/** eˣ / Σeˣ along `dim`. @example F.softmax(logits, -1) */
export function softmax(input: Tensor, dim?: number | null, opts?: { dtype?: DType }): Tensor {
  check("softmax", input);
  return softmaxOp(input, softmaxDim(input, dim), opts);
}

/** log softmax along `dim`, computed stably. @example F.logSoftmax(logits, 1) */
export function logSoftmax(input: Tensor, dim?: number | null, opts?: { dtype?: DType }): Tensor {
  check("logSoftmax", input);
  return logSoftmaxOp(input, softmaxDim(input, dim), opts);
}

/** Softmin: softmax(−x). @example F.softmin(x, 1) */
export function softmin(input: Tensor, dim?: number | null, opts?: { dtype?: DType }): Tensor {
  check("softmin", input);
  return softmaxOp(input.neg(), softmaxDim(input, dim), opts);
}

/** x − tanh(x). @example F.tanhshrink(x) */
export function tanhshrink(input: Tensor): Tensor {
  check("tanhshrink", input);
  return input.sub(input.tanh());
}

/** x where x > threshold, else `value`. @example F.threshold(x, 0.1, 20) */
export function threshold(input: Tensor, thresholdValue: number, value: number): Tensor {
  check("threshold", input);
  return where(input.gt(thresholdValue), input, value);
}

/** Gated linear unit: a·σ(b) with a, b the halves of `dim`. @example F.glu(x, -1) */
export function glu(input: Tensor, dim = -1): Tensor {
  check("glu", input);
  const n = input.size(dim);
  if (n % 2 !== 0) throw new RangeError(`[glu] halving dimension must be even, but dimension ${dim} is size ${n}`);
  const [a, b] = input.chunk(2, dim) as [Tensor, Tensor];
  return a.mul(b.sigmoid());
}
