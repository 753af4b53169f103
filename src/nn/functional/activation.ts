/**
 * Activation functions of `F`, composed from tensor primitives (autograd comes for free).
 * Branches that are not taken are fed clamped inputs so their backward never yields inf·0 = NaN.
 */
import { where } from "../../ops/composite.js";
import { nameOutput } from "../../ops/define.js";
import { sequenceMark } from "../../autograd/node.js";
import { logSoftmax as logSoftmaxOp, softmax as softmaxOp } from "../../ops/reduce.js";
import { reluTakingDonation, sigmoid as sigmoidOp, tanh as tanhOp } from "../../ops/unary.js";
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkInt, checkNumber } from "../../util/args.js";
import { params, splitArgs, type ParamList } from "./args.js";

const P_RELU = params("relu", []);
const P_SIGMOID = params("sigmoid", []);
const P_TANH = params("tanh", []);
const P_SELU = params("selu", []);
const P_SILU = params("silu", []);
const P_MISH = params("mish", []);
const P_RELU6 = params("relu6", []);
const P_HARDSIGMOID = params("hardsigmoid", []);
const P_HARDSWISH = params("hardswish", []);
const P_LOGSIGMOID = params("logsigmoid", []);
const P_SOFTSIGN = params("softsign", []);
const P_TANHSHRINK = params("tanhshrink", []);
const LEAKY_RELU = params("leakyRelu", ["negativeSlope"]);
const ELU = params("elu", ["alpha"]);
const CELU = params("celu", ["alpha"]);
const GELU = params("gelu", [], { kwOnly: ["approximate"] });
const SOFTPLUS = params("softplus", ["beta", "threshold"]);
const HARDTANH = params("hardtanh", ["minVal", "maxVal"]);
const PRELU = params("prelu", ["weight"], { required: 1 });
const SOFTMAX = params("softmax", ["dim"], { kwOnly: ["dtype"] });
const LOG_SOFTMAX = params("logSoftmax", ["dim"], { kwOnly: ["dtype"] });
const SOFTMIN = params("softmin", ["dim"], { kwOnly: ["dtype"] });
const THRESHOLD = params("threshold", ["threshold", "value"], { required: 2 });
const GLU = params("glu", ["dim"]);

/** Throws for the arguments after the input of an op that takes none. */
function extraArgs(p: ParamList, args: IArguments): void {
  splitArgs(p, Array.prototype.slice.call(args, 1), 1);
}

/** A number argument, `dflt` when not given. */
function num(op: string, name: string, v: unknown, dflt: number): number {
  return v === undefined ? dflt : checkNumber(op, name, v);
}

/** A dim argument (an integer, or null where PyTorch takes None). */
function dimArg(op: string, v: unknown): number | null {
  return v === undefined || v === null ? null : checkInt(op, "dim", v, -Infinity);
}

function check(op: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor as input: got ${x === null ? "null" : typeof x}`);
}

/** max(0, x). @example F.relu(torch.tensor([-1, 2])) // tensor([0, 2]) */
export function relu(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_RELU, arguments);
  check("relu", input);
  // Writes over `input` only when its holder donated it (ops/fused.ts); else torch.relu.
  return reluTakingDonation(input);
}

/** 1 / (1 + e^-x). @example F.sigmoid(x) */
export function sigmoid(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_SIGMOID, arguments);
  check("sigmoid", input);
  return sigmoidOp(input);
}

/** tanh(x). @example F.tanh(x) */
export function tanh(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_TANH, arguments);
  check("tanh", input);
  return tanhOp(input);
}

/** x for x > 0, else slope·x. @example F.leakyRelu(x, 0.2) */
export function leakyRelu(
  input: Tensor,
  ...args: [] | [negativeSlope: number] | [opts: { negativeSlope?: number }]
): Tensor;
export function leakyRelu(input: Tensor, ...args: unknown[]): Tensor {
  const mark = sequenceMark();
  const negativeSlope = num("leakyRelu", "negativeSlope", splitArgs(LEAKY_RELU, args, 1)[0], 0.01);
  check("leakyRelu", input);
  return nameOutput(where(input.gt(0), input, input.mul(negativeSlope)), "LeakyReluBackward0", mark);
}

/** x for x > 0, else α(eˣ − 1). @example F.elu(x) */
export function elu(input: Tensor, ...args: [] | [alpha: number] | [opts: { alpha?: number }]): Tensor;
export function elu(input: Tensor, ...args: unknown[]): Tensor {
  const mark = sequenceMark();
  const alpha = num("elu", "alpha", splitArgs(ELU, args, 1)[0], 1.0);
  check("elu", input);
  return nameOutput(eluImpl(input, alpha), "EluBackward0", mark);
}

function eluImpl(input: Tensor, alpha: number): Tensor {
  return where(input.gt(0), input, input.clamp(null, 0).expm1().mul(alpha));
}

/** scale·elu(x, α) with SELU's constants. @example F.selu(x) */
export function selu(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_SELU, arguments);
  check("selu", input);
  return eluImpl(input, 1.6732632423543772848170429916717).mul(1.0507009873554804934193349852946);
}

/** max(0, x) + min(0, α(e^{x/α} − 1)). @example F.celu(x, 1.0) */
export function celu(input: Tensor, ...args: [] | [alpha: number] | [opts: { alpha?: number }]): Tensor;
export function celu(input: Tensor, ...args: unknown[]): Tensor {
  const alpha = num("celu", "alpha", splitArgs(CELU, args, 1)[0], 1.0);
  check("celu", input);
  return where(input.gt(0), input, input.clamp(null, 0).div(alpha).expm1().mul(alpha));
}

/**
 * GELU: x·Φ(x) (`approximate: "none"`) or its tanh approximation.
 * @example F.gelu(x, { approximate: "tanh" })
 */
export function gelu(input: Tensor, opts?: { approximate?: "none" | "tanh" }): Tensor;
export function gelu(input: Tensor, ...args: unknown[]): Tensor {
  const mark = sequenceMark();
  const approximate = splitArgs(GELU, args, 1)[0] ?? "none";
  check("gelu", input);
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
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_SILU, arguments);
  const mark = sequenceMark();
  check("silu", input);
  return nameOutput(input.mul(input.sigmoid()), "SiluBackward0", mark);
}

/** x·tanh(softplus(x)). @example F.mish(x) */
export function mish(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_MISH, arguments);
  check("mish", input);
  return input.mul(softplusImpl(input, 1, 20).tanh());
}

/** log(1 + e^{βx})/β, linear above `threshold` (in βx units). @example F.softplus(x, 1, 20) */
export function softplus(
  input: Tensor,
  ...args:
    | []
    | [beta: number]
    | [beta: number, threshold: number]
    | [opts: { beta?: number; threshold?: number }]
    | [beta: number, opts: { threshold?: number }]
): Tensor;
export function softplus(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(SOFTPLUS, args, 1);
  const beta = num("softplus", "beta", a[0], 1);
  const threshold = num("softplus", "threshold", a[1], 20);
  check("softplus", input);
  return softplusImpl(input, beta, threshold);
}

function softplusImpl(input: Tensor, beta: number, threshold: number): Tensor {
  const mark = sequenceMark();
  const bx = input.mul(beta);
  return nameOutput(
    where(bx.gt(threshold), input, bx.clamp(null, threshold).exp().log1p().div(beta)),
    "SoftplusBackward0",
    mark,
  );
}

/** Clamps to [minVal, maxVal] (gradient 0 at and beyond the edges, as PyTorch). @example F.hardtanh(x, -2, 2) */
export function hardtanh(
  input: Tensor,
  ...args:
    | []
    | [minVal: number]
    | [minVal: number, maxVal: number]
    | [opts: { minVal?: number; maxVal?: number }]
    | [minVal: number, opts: { maxVal?: number }]
): Tensor;
export function hardtanh(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(HARDTANH, args, 1);
  return hardtanhImpl("hardtanh", input, num("hardtanh", "minVal", a[0], -1), num("hardtanh", "maxVal", a[1], 1));
}

function hardtanhImpl(op: string, input: Tensor, minVal: number, maxVal: number): Tensor {
  const mark = sequenceMark();
  check(op, input);
  if (minVal > maxVal)
    throw new RangeError(`[hardtanh] minVal cannot be greater than maxVal: got ${minVal} > ${maxVal}`);
  return nameOutput(where(input.le(minVal), minVal, where(input.ge(maxVal), maxVal, input)), "HardtanhBackward0", mark);
}

/** min(max(0, x), 6). @example F.relu6(x) */
export function relu6(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_RELU6, arguments);
  return hardtanhImpl("relu6", input, 0, 6);
}

/** relu6(x + 3) / 6. @example F.hardsigmoid(x) */
export function hardsigmoid(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_HARDSIGMOID, arguments);
  check("hardsigmoid", input);
  return where(input.le(-3), 0, where(input.ge(3), 1, input.div(6).add(0.5)));
}

/** x·relu6(x + 3)/6. @example F.hardswish(x) */
export function hardswish(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_HARDSWISH, arguments);
  check("hardswish", input);
  return where(input.lt(-3), 0, where(input.gt(3), input, input.mul(input.add(3)).div(6)));
}

/** log σ(x) = min(x, 0) − log(1 + e^{−|x|}), stable for large |x|. @example F.logsigmoid(x) */
export function logsigmoid(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_LOGSIGMOID, arguments);
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
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_SOFTSIGN, arguments);
  check("softsign", input);
  return input.div(input.abs().add(1));
}

/** x for x > 0, else weight·x; `weight` holds one slope or one per channel (dim 1). @example F.prelu(x, torch.tensor([0.25])) */
export function prelu(input: Tensor, ...args: [weight: Tensor] | [opts: { weight: Tensor }]): Tensor;
export function prelu(input: Tensor, ...args: unknown[]): Tensor {
  const weight = splitArgs(PRELU, args, 1)[0] as Tensor;
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

/** `softmax`/`logSoftmax`/`softmin` arguments after the input: `dim`, then `{ dtype }`, or `{ dim, dtype }`. */
export type SoftmaxArgs =
  | []
  | [dim: number | null | undefined]
  | [dim: number | null | undefined, opts: { dtype?: DType }]
  | [opts: { dim?: number | null; dtype?: DType }];

/** eˣ / Σeˣ along `dim`. @example F.softmax(logits, -1) */
export function softmax(input: Tensor, ...args: SoftmaxArgs): Tensor;
export function softmax(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(SOFTMAX, args, 1);
  const dim = dimArg("softmax", a[0]);
  const opts = a[1] === undefined ? undefined : { dtype: a[1] as DType };
  check("softmax", input);
  return softmaxOp(input, softmaxDim(input, dim), opts);
}

/** log softmax along `dim`, computed stably. @example F.logSoftmax(logits, 1) */
export function logSoftmax(input: Tensor, ...args: SoftmaxArgs): Tensor;
export function logSoftmax(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(LOG_SOFTMAX, args, 1);
  const dim = dimArg("logSoftmax", a[0]);
  const opts = a[1] === undefined ? undefined : { dtype: a[1] as DType };
  check("logSoftmax", input);
  return logSoftmaxOp(input, softmaxDim(input, dim), opts);
}

/** Softmin: softmax(−x). @example F.softmin(x, 1) */
export function softmin(input: Tensor, ...args: SoftmaxArgs): Tensor;
export function softmin(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(SOFTMIN, args, 1);
  const dim = dimArg("softmin", a[0]);
  const opts = a[1] === undefined ? undefined : { dtype: a[1] as DType };
  check("softmin", input);
  return softmaxOp(input.neg(), softmaxDim(input, dim), opts);
}

/** x − tanh(x). @example F.tanhshrink(x) */
export function tanhshrink(input: Tensor): Tensor {
  // An extra argument is an error; `arguments` keeps the common call free of a rest array.
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 1) extraArgs(P_TANHSHRINK, arguments);
  check("tanhshrink", input);
  return input.sub(input.tanh());
}

/** x where x > threshold, else `value`. @example F.threshold(x, 0.1, 20) */
export function threshold(
  input: Tensor,
  ...args:
    | [threshold: number, value: number]
    | [threshold: number, opts: { value: number }]
    | [opts: { threshold: number; value: number }]
): Tensor;
export function threshold(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(THRESHOLD, args, 1);
  const thresholdValue = checkNumber("threshold", "threshold", a[0]);
  const value = checkNumber("threshold", "value", a[1]);
  check("threshold", input);
  return where(input.gt(thresholdValue), input, value);
}

/** Gated linear unit: a·σ(b) with a, b the halves of `dim`. @example F.glu(x, -1) */
export function glu(input: Tensor, ...args: [] | [dim: number] | [opts: { dim?: number }]): Tensor;
export function glu(input: Tensor, ...args: unknown[]): Tensor {
  const dim = dimArg("glu", splitArgs(GLU, args, 1)[0]) ?? -1;
  check("glu", input);
  const n = input.size(dim);
  if (n % 2 !== 0) throw new RangeError(`[glu] halving dimension must be even, but dimension ${dim} is size ${n}`);
  const [a, b] = input.chunk(2, dim) as [Tensor, Tensor];
  return a.mul(b.sigmoid());
}
