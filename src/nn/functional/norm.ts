/**
 * Normalisation functionals as composites: y = (x − mean) / √(var + eps) · weight + bias, with
 * the biased variance; batch norm also updates the running stats (unbiased variance) in place.
 */
import { noGrad } from "../../autograd/mode.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { numel } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkSameDtype, checkTensorArg, isOptions, shapeStr } from "./args.js";

// Half types compute in float32 (as PyTorch's CPU kernels accumulate).
function upcast(x: Tensor): Tensor {
  return x.dtype === "float16" || x.dtype === "bfloat16" ? x.to("float32") : x;
}

/** (x − mean)/√(var + eps) over `dims`, plus the mean and biased variance (keepdim). */
function normalize(x: Tensor, dims: number[], eps: number): { y: Tensor; mean: Tensor; var: Tensor } {
  const xf = upcast(x);
  const mean = xf.mean(dims, true);
  const d = xf.sub(mean);
  const v = d.mul(d).mean(dims, true);
  const y = d.mul(v.add(eps).rsqrt());
  return { y: y.dtype === x.dtype ? y : y.to(x.dtype), mean, var: v };
}

/** weight/bias of shape [C] broadcast along dim 1 of an `nd`-D input. */
function affine(
  op: string,
  y: Tensor,
  weight: Tensor | null | undefined,
  bias: Tensor | null | undefined,
  shape: number[],
): Tensor {
  checkSameDtype(op, y, weight, "weight");
  checkSameDtype(op, y, bias, "bias");
  let out = y;
  if (weight) out = out.mul(weight.reshape(shape));
  if (bias) out = out.add(bias.reshape(shape));
  return out;
}

/** Options of {@link batchNorm} after the running stats. */
export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalisation over dim 1 of `[N, C, *]` (`F.batch_norm`). Training normalises with
 * the batch's biased variance and updates `runningMean`/`runningVar` in place with
 * `momentum` (running_var gets the unbiased variance); eval uses the running stats. Arguments
 * may also be given as an options object after `runningVar`.
 * @example F.batchNorm(x, runningMean, runningVar, null, null, true) // fragment
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null | BatchNormOptions = null,
  bias: Tensor | null = null,
  training = false,
  momentum = 0.1,
  eps = 1e-5,
): Tensor {
  if (isOptions(weight)) {
    const o = weight as BatchNormOptions;
    return batchNorm(
      input,
      runningMean,
      runningVar,
      o.weight ?? null,
      o.bias ?? null,
      o.training ?? false,
      o.momentum ?? 0.1,
      o.eps ?? 1e-5,
    );
  }
  checkTensorArg("batchNorm", input);
  if (!isFloatingPoint(input.dtype))
    throw new TypeError(`[batchNorm] expected a floating point input: got ${input.dtype}`);
  if (input.dim() < 2)
    throw new RangeError(`[batchNorm] expected input of shape [N, C, *] (at least 2-D): got ${shapeStr(input.shape)}`);
  const w = weight as Tensor | null;
  const C = input.shape[1]!;
  for (const [name, t] of [
    ["running_mean", runningMean],
    ["running_var", runningVar],
    ["weight", w],
    ["bias", bias],
  ] as const) {
    if (t && t.numel() !== C) {
      throw new RangeError(
        `[batchNorm] ${name} should contain ${C} elements not ${t.numel()}: input is ${shapeStr(input.shape)}`,
      );
    }
  }
  const dims = input.shape.map((_, i) => i).filter((i) => i !== 1);
  const bshape = input.shape.map((s, i) => (i === 1 ? s : 1));
  if (!training) {
    if (!runningMean || !runningVar)
      throw new TypeError("[batchNorm] running_mean and running_var must be defined in evaluation mode");
    const y = input.sub(runningMean.reshape(bshape)).mul(runningVar.reshape(bshape).add(eps).rsqrt());
    return affine("batchNorm", y, w, bias, bshape);
  }
  const n = numel(input.shape) / C;
  if (n <= 1)
    throw new RangeError(
      `[batchNorm] expected more than 1 value per channel when training: got input of size ${shapeStr(input.shape)}`,
    );
  const { y, mean, var: v } = normalize(input, dims, eps);
  noGrad(() => {
    // running ← (1 − m)·running + m·batch stat; the variance is made unbiased: var·n/(n−1).
    if (runningMean) runningMean.mul_(1 - momentum).add_(mean.reshape([C]).to(runningMean.dtype).mul(momentum));
    if (runningVar)
      runningVar.mul_(1 - momentum).add_(
        v
          .reshape([C])
          .mul(n / (n - 1))
          .to(runningVar.dtype)
          .mul(momentum),
      );
  });
  return affine("batchNorm", y, w, bias, bshape);
}

/**
 * Layer normalisation over the trailing `normalizedShape` dims (`F.layer_norm`).
 * @example F.layerNorm(torch.randn(2, 5, 8), [8]).shape // [2, 5, 8]
 */
export function layerNorm(
  input: Tensor,
  normalizedShape: number | readonly number[],
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  checkTensorArg("layerNorm", input);
  if (!isFloatingPoint(input.dtype))
    throw new TypeError(`[layerNorm] expected a floating point input: got ${input.dtype}`);
  const ns = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
  const tail = input.shape.slice(input.dim() - ns.length);
  if (ns.length === 0 || ns.length > input.dim() || tail.some((s, i) => s !== ns[i])) {
    throw new RangeError(
      `[layerNorm] given normalized_shape=${shapeStr(ns)}, expected input with shape [*, ${ns.join(", ")}]: got ${shapeStr(input.shape)}`,
    );
  }
  for (const [name, t] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (t && (t.dim() !== ns.length || t.shape.some((s, i) => s !== ns[i]))) {
      throw new RangeError(`[layerNorm] expected ${name} of shape ${shapeStr(ns)}: got ${shapeStr(t.shape)}`);
    }
  }
  const dims = ns.map((_, i) => input.dim() - ns.length + i);
  return affine("layerNorm", normalize(input, dims, eps).y, weight, bias, ns);
}

/**
 * Group normalisation: channels split into `numGroups` groups, each normalised over its
 * channels and spatial positions (`F.group_norm`); weight/bias are per channel.
 * @example F.groupNorm(torch.randn(2, 6, 4), 3).shape // [2, 6, 4]
 */
export function groupNorm(
  input: Tensor,
  numGroups: number,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  checkTensorArg("groupNorm", input);
  if (!isFloatingPoint(input.dtype))
    throw new TypeError(`[groupNorm] expected a floating point input: got ${input.dtype}`);
  if (input.dim() < 2)
    throw new RangeError(`[groupNorm] expected input of shape [N, C, *] (at least 2-D): got ${shapeStr(input.shape)}`);
  const [N, C] = [input.shape[0]!, input.shape[1]!];
  if (!Number.isInteger(numGroups) || numGroups <= 0 || C % numGroups !== 0) {
    throw new RangeError(
      `[groupNorm] expected number of channels in input to be divisible by num_groups: got input of shape ${shapeStr(input.shape)} and num_groups=${numGroups}`,
    );
  }
  for (const [name, t] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (t && (t.dim() !== 1 || t.shape[0] !== C))
      throw new RangeError(`[groupNorm] expected ${name} of shape [${C}]: got ${shapeStr(t.shape)}`);
  }
  const grouped = input.reshape([N, numGroups, -1]);
  const y = normalize(grouped, [2], eps).y.reshape([...input.shape]);
  return affine(
    "groupNorm",
    y,
    weight,
    bias,
    input.shape.map((s, i) => (i === 1 ? s : 1)),
  );
}

/**
 * Instance normalisation: each (sample, channel) normalised over its spatial positions
 * (`F.instance_norm`, without running stats).
 * @example F.instanceNorm(torch.randn(2, 3, 8)).shape // [2, 3, 8]
 */
export function instanceNorm(
  input: Tensor,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  checkTensorArg("instanceNorm", input);
  if (input.dim() < 3)
    throw new RangeError(
      `[instanceNorm] expected input of shape [N, C, *] (at least 3-D): got ${shapeStr(input.shape)}`,
    );
  const dims = input.shape.map((_, i) => i).filter((i) => i >= 2);
  const y = normalize(input, dims, eps).y;
  return affine(
    "instanceNorm",
    y,
    weight,
    bias,
    input.shape.map((s, i) => (i === 1 ? s : 1)),
  );
}
