/**
 * Normalisation functionals as composites: y = (x − mean) / √(var + eps) · weight + bias, with
 * the biased variance; batch norm also updates the running stats (unbiased variance) in place.
 */
import { noGrad } from "../../autograd/mode.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { numel } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber, describe } from "../../util/args.js";
import {
  checkSameDtype,
  checkTensorArg,
  params,
  shapeStr,
  splitArgs,
  type PosOrOpts,
  type PosOrOptsReq,
} from "./args.js";

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

/** Options of {@link batchNorm}: every parameter after the running stats, by name. */
export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/** {@link batchNorm}'s arguments after the running stats: PyTorch's order, then optionally options. */
export type BatchNormArgs = PosOrOpts<
  [weight: Tensor | null, bias: Tensor | null, training: boolean, momentum: number, eps: number],
  BatchNormOptions
>;

const BATCH_NORM = params("batchNorm", ["weight", "bias", "training", "momentum", "eps"]);

/**
 * Batch normalisation over dim 1 of `[N, C, *]` (`F.batch_norm`). Training normalises with
 * the batch's biased variance and updates `runningMean`/`runningVar` in place with
 * `momentum` (running_var gets the unbiased variance); eval uses the running stats. After the
 * running stats: `weight, bias, training, momentum, eps`, or a final options object.
 * @example
 * const runningMean = torch.zeros(4), runningVar = torch.ones(4);
 * F.batchNorm(x, runningMean, runningVar, null, null, true) // ≡ F.batchNorm(x, runningMean, runningVar, { training: true })
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  ...args: BatchNormArgs
): Tensor;
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  ...args: unknown[]
): Tensor {
  const [weight, bias, training, momentum, eps] = splitArgs(BATCH_NORM, args, 3);
  return batchNormImpl(
    input,
    runningMean,
    runningVar,
    (weight ?? null) as Tensor | null,
    (bias ?? null) as Tensor | null,
    training === undefined ? false : checkBool("batchNorm", "training", training),
    momentum === undefined ? 0.1 : checkNumber("batchNorm", "momentum", momentum),
    eps === undefined ? 1e-5 : checkNumber("batchNorm", "eps", eps, { min: 0 }),
  );
}

/** @internal {@link batchNorm} with its arguments resolved (the layers call this). */
export function batchNormImpl(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null,
  bias: Tensor | null,
  training: boolean,
  momentum: number,
  eps: number,
): Tensor {
  checkTensorArg("batchNorm", input);
  if (!isFloatingPoint(input.dtype))
    throw new TypeError(`[batchNorm] expected a floating point input: got ${input.dtype}`);
  if (input.dim() < 2)
    throw new RangeError(`[batchNorm] expected input of shape [N, C, *] (at least 2-D): got ${shapeStr(input.shape)}`);
  const w = weight;
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
 * Layer normalisation over the trailing `normalizedShape` dims (`F.layer_norm`). After the
 * input: `normalizedShape, weight, bias, eps`, or a final options object.
 * @example F.layerNorm(torch.randn(2, 5, 8), [8]).shape // [2, 5, 8]
 */
export function layerNorm(
  input: Tensor,
  ...args: PosOrOptsReq<
    [normalizedShape: number | readonly number[], weight: Tensor | null, bias: Tensor | null, eps: number],
    LayerNormFnOptions,
    { normalizedShape: number | readonly number[] }
  >
): Tensor;
export function layerNorm(input: Tensor, ...args: unknown[]): Tensor {
  const [ns, weight, bias, eps] = splitArgs(LAYER_NORM, args, 1);
  return layerNormImpl(
    input,
    ns as number | readonly number[],
    (weight ?? null) as Tensor | null,
    (bias ?? null) as Tensor | null,
    eps === undefined ? 1e-5 : checkNumber("layerNorm", "eps", eps, { min: 0 }),
  );
}

/** Options of {@link layerNorm}: every parameter after the input, by name. */
export interface LayerNormFnOptions {
  normalizedShape?: number | readonly number[];
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

const LAYER_NORM = params("layerNorm", ["normalizedShape", "weight", "bias", "eps"], { required: 1 });

/** @internal {@link layerNorm} with its arguments resolved (the layers call this). */
export function layerNormImpl(
  input: Tensor,
  normalizedShape: number | readonly number[],
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
): Tensor {
  checkTensorArg("layerNorm", input);
  if (!isFloatingPoint(input.dtype))
    throw new TypeError(`[layerNorm] expected a floating point input: got ${input.dtype}`);
  const ns =
    typeof normalizedShape === "number"
      ? [normalizedShape]
      : Array.isArray(normalizedShape)
        ? [...normalizedShape]
        : null;
  if (ns === null || ns.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new TypeError(
      `[layerNorm] normalized_shape must be an integer or a list of non-negative integers: got ${describe(normalizedShape)}`,
    );
  }
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
 * channels and spatial positions (`F.group_norm`); weight/bias are per channel. After the
 * input: `numGroups, weight, bias, eps`, or a final options object.
 * @example F.groupNorm(torch.randn(2, 6, 4), 3).shape // [2, 6, 4]
 */
export function groupNorm(
  input: Tensor,
  ...args: PosOrOptsReq<
    [numGroups: number, weight: Tensor | null, bias: Tensor | null, eps: number],
    GroupNormFnOptions,
    { numGroups: number }
  >
): Tensor;
export function groupNorm(input: Tensor, ...args: unknown[]): Tensor {
  const [numGroups, weight, bias, eps] = splitArgs(GROUP_NORM, args, 1);
  return groupNormImpl(
    input,
    checkInt("groupNorm", "numGroups", numGroups, 1),
    (weight ?? null) as Tensor | null,
    (bias ?? null) as Tensor | null,
    eps === undefined ? 1e-5 : checkNumber("groupNorm", "eps", eps, { min: 0 }),
  );
}

/** Options of {@link groupNorm}: every parameter after the input, by name. */
export interface GroupNormFnOptions {
  numGroups?: number;
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

const GROUP_NORM = params("groupNorm", ["numGroups", "weight", "bias", "eps"], { required: 1 });

/** @internal {@link groupNorm} with its arguments resolved (the layers call this). */
export function groupNormImpl(
  input: Tensor,
  numGroups: number,
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
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

/** Options of {@link instanceNorm}: every parameter after the input, by name. */
export interface InstanceNormOptions {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  useInputStats?: boolean;
  momentum?: number;
  eps?: number;
}

const INSTANCE_NORM = params("instanceNorm", [
  "runningMean",
  "runningVar",
  "weight",
  "bias",
  "useInputStats",
  "momentum",
  "eps",
]);

/**
 * Instance normalisation: each (sample, channel) normalised over its spatial positions
 * (`F.instance_norm`). With `useInputStats` (default) the running stats, when given, are
 * updated with the instances' statistics averaged over the batch; without it they are used.
 * After the input: `runningMean, runningVar, weight, bias, useInputStats, momentum, eps`, or a
 * final options object.
 * @example F.instanceNorm(torch.randn(2, 3, 8)).shape // [2, 3, 8]
 */
export function instanceNorm(
  input: Tensor,
  ...args: PosOrOpts<
    [
      runningMean: Tensor | null,
      runningVar: Tensor | null,
      weight: Tensor | null,
      bias: Tensor | null,
      useInputStats: boolean,
      momentum: number,
      eps: number,
    ],
    InstanceNormOptions
  >
): Tensor;
export function instanceNorm(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(INSTANCE_NORM, args, 1);
  const runningMean = (a[0] ?? null) as Tensor | null;
  const runningVar = (a[1] ?? null) as Tensor | null;
  const weight = (a[2] ?? null) as Tensor | null;
  const bias = (a[3] ?? null) as Tensor | null;
  const useInputStats = a[4] === undefined ? true : checkBool("instanceNorm", "useInputStats", a[4]);
  const momentum = a[5] === undefined ? 0.1 : checkNumber("instanceNorm", "momentum", a[5]);
  const eps = a[6] === undefined ? 1e-5 : checkNumber("instanceNorm", "eps", a[6], { min: 0 });
  checkTensorArg("instanceNorm", input);
  if (input.dim() < 3)
    throw new RangeError(
      `[instanceNorm] expected input of shape [N, C, *] (at least 3-D): got ${shapeStr(input.shape)}`,
    );
  const [N, C] = [input.shape[0]!, input.shape[1]!];
  for (const [name, t] of [
    ["running_mean", runningMean],
    ["running_var", runningVar],
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (t && t.numel() !== C) {
      throw new RangeError(
        `[instanceNorm] ${name} should contain ${C} elements not ${t.numel()}: input is ${shapeStr(input.shape)}`,
      );
    }
  }
  const bshape = input.shape.map((s, i) => (i === 1 ? s : 1));
  let y: Tensor;
  if (!useInputStats) {
    if (!runningMean || !runningVar)
      throw new TypeError("[instanceNorm] expected running_mean and running_var when useInputStats is false");
    y = input.sub(runningMean.reshape(bshape)).mul(runningVar.reshape(bshape).add(eps).rsqrt());
  } else {
    const dims = input.shape.map((_, i) => i).filter((i) => i >= 2);
    const r = normalize(input, dims, eps);
    y = r.y;
    const n = numel(input.shape) / (N * C);
    noGrad(() => {
      // As batch norm over [1, N·C, *], then the per-instance stats averaged over the batch.
      if (runningMean)
        runningMean.mul_(1 - momentum).add_(r.mean.reshape([N, C]).mean(0).to(runningMean.dtype).mul(momentum));
      if (runningVar)
        runningVar.mul_(1 - momentum).add_(
          r.var
            .reshape([N, C])
            .mean(0)
            .mul(n > 1 ? n / (n - 1) : 1)
            .to(runningVar.dtype)
            .mul(momentum),
        );
    });
  }
  return affine("instanceNorm", y, weight, bias, bshape);
}
