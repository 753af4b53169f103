/**
 * The `torch.*` spellings of `nn.functional` ops that PyTorch 1.13 exposes at the top level
 * (`torch.conv2d`, `torch.dropout`, `torch.layerNorm`, …). Where PyTorch's `torch.*` signature
 * is the functional's, the name is the very same function. Where it differs — `torch.batchNorm`
 * and `torch.instanceNorm` take the affine parameters before the running stats, `torch.embedding`
 * takes the weight first, and the `torch.*` losses take `reduction` as PyTorch's integer enum
 * (0 none, 1 mean, 2 sum) — a small wrapper reorders and forwards.
 */
import { Tensor } from "./tensor/tensor.js";
import { checkArity, checkBool, checkNumber, describe } from "./util/args.js";
import * as F from "./nn/functional/index.js";
import type { Reduction } from "./nn/functional/losses.js";

/* Same signature as the functional. */
export const conv1d = F.conv1d;
export const conv2d = F.conv2d;
export const convTranspose1d = F.convTranspose1d;
export const convTranspose2d = F.convTranspose2d;
export const avgPool1d = F.avgPool1d;
export const maxPool1d = F.maxPool1d;
export const maxPool2d = F.maxPool2d;
export const adaptiveAvgPool1d = F.adaptiveAvgPool1d;
export const dropout = F.dropout;
export const layerNorm = F.layerNorm;
export const groupNorm = F.groupNorm;
export const bilinear = F.bilinear;
export const celu = F.celu;
export const selu = F.selu;
export const prelu = F.prelu;
export const threshold = F.threshold;
export const pixelShuffle = F.pixelShuffle;
export const pixelUnshuffle = F.pixelUnshuffle;
export const channelShuffle = F.channelShuffle;
export const cosineSimilarity = F.cosineSimilarity;
export const pairwiseDistance = F.pairwiseDistance;
export const rrelu = F.rrelu;
export const alphaDropout = F.alphaDropout;
export const featureAlphaDropout = F.featureAlphaDropout;

/**
 * `torch.feature_dropout(input, p, train)`: zeroes whole channels (dim 1) of an input of at least
 * 2 dims with probability p, scaling the kept ones by 1/(1 − p) (PyTorch's `dropout2d` noise).
 * @example torch.featureDropout(torch.ones(2, 3, 4), 0.5, true).shape // [2, 3, 4]
 */
export function featureDropout(input: Tensor, p: number, train: boolean): Tensor {
  checkArity("featureDropout", arguments.length, 3);
  if (!(input instanceof Tensor))
    throw new TypeError(`[featureDropout] expected input to be a Tensor: got ${describe(input)}`);
  const prob = checkNumber("featureDropout", "p", p);
  if (!(prob >= 0 && prob <= 1)) {
    throw new RangeError(`[featureDropout] dropout probability has to be between 0 and 1: got ${prob}`);
  }
  if (!checkBool("featureDropout", "train", train)) return input;
  if (input.dim() < 2) {
    throw new RangeError(
      `[featureDropout] feature dropout requires at least 2 dimensions in the input: got ${input.dim()}-D`,
    );
  }
  return F.dropout2d(input, prob, true);
}

export const conv3d = F.conv3d;
export const convTranspose3d = F.convTranspose3d;
export const maxPool3d = F.maxPool3d;

/**
 * `torch.adaptive_max_pool1d(input, output_size)`: always returns [values, indices], as PyTorch's.
 * @example const [v, i] = torch.adaptiveMaxPool1d(torch.randn(1, 2, 10), 3); i.shape // [1, 2, 3]
 */
export function adaptiveMaxPool1d(
  input: Tensor,
  outputSize: number | readonly [number],
  ...rest: []
): [Tensor, Tensor] {
  if (rest.length > 0)
    throw new TypeError(
      `[adaptiveMaxPool1d] too many arguments: got ${2 + rest.length}, expected input and outputSize`,
    );
  return F.adaptiveMaxPool1d(input, outputSize as number, true);
}

/**
 * `torch.max_pool1d_with_indices`: {@link maxPool1d} returning [values, indices].
 * @example const [v, i] = torch.maxPool1dWithIndices(torch.randn(1, 2, 6), 2); v.shape // [1, 2, 3]
 */
export function maxPool1dWithIndices(
  input: Tensor,
  kernelSize: number | readonly number[],
  stride: number | readonly number[] | null = null,
  padding: number | readonly number[] = 0,
  dilation: number | readonly number[] = 1,
  ceilMode = false,
): [Tensor, Tensor] {
  return F.maxPool1d(input, kernelSize, stride ?? kernelSize, padding, dilation, ceilMode, true);
}

/**
 * `torch.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
 * cudnn_enabled)`: PyTorch's ATen order, all required (the last is ignored).
 * @example torch.batchNorm(x, null, null, rm, rv, true, 0.1, 1e-5, false) // fragment
 */
export function batchNorm(
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  training: boolean,
  momentum: number,
  eps: number,
  cudnnEnabled?: boolean,
): Tensor {
  void cudnnEnabled;
  return F.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
}

/**
 * `torch.instance_norm(input, weight, bias, running_mean, running_var, use_input_stats,
 * momentum, eps, cudnn_enabled)`: PyTorch's ATen order (the last is ignored).
 * @example torch.instanceNorm(x, null, null, null, null, true, 0.1, 1e-5, false) // fragment
 */
export function instanceNorm(
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  useInputStats: boolean,
  momentum: number,
  eps: number,
  cudnnEnabled?: boolean,
): Tensor {
  void cudnnEnabled;
  return F.instanceNorm(input, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
}

/**
 * `torch.embedding(weight, indices, padding_idx=-1, scale_grad_by_freq, sparse)`: the weight
 * first; padding index −1 means none.
 * @example torch.embedding(torch.eye(3), torch.tensor([2, 0])).tolist() // [[0, 0, 1], [1, 0, 0]]
 */
export function embedding(weight: Tensor, indices: Tensor, paddingIdx = -1): Tensor {
  return F.embedding(indices, weight, paddingIdx === -1 ? null : paddingIdx);
}

const REDUCTION_ENUM: readonly Reduction[] = ["none", "mean", "sum"];

function reductionEnum(op: string, r: unknown): Reduction {
  if (typeof r === "number" && Number.isInteger(r) && r >= 0 && r <= 2) return REDUCTION_ENUM[r]!;
  throw new RangeError(`[${op}] reduction must be PyTorch's enum 0 (none), 1 (mean) or 2 (sum): got ${describe(r)}`);
}

/** `torch.kl_div(input, target, reduction=1, log_target=false)`. @example torch.klDiv(logp, q, 2) // fragment */
export function klDiv(input: Tensor, target: Tensor, reduction = 1, logTarget = false): Tensor {
  return F.klDiv(input, target, { reduction: reductionEnum("klDiv", reduction), logTarget });
}

/**
 * `torch.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction=1)`.
 * @example torch.binaryCrossEntropyWithLogits(z, y, null, null, 1) // fragment
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null = null,
  posWeight: Tensor | null = null,
  reduction = 1,
): Tensor {
  return F.binaryCrossEntropyWithLogits(input, target, {
    weight,
    posWeight,
    reduction: reductionEnum("binaryCrossEntropyWithLogits", reduction),
  });
}

/** `torch.hinge_embedding_loss(input, target, margin=1, reduction=1)`. @example torch.hingeEmbeddingLoss(d, y, 1, 1) // fragment */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, margin = 1, reduction = 1): Tensor {
  return F.hingeEmbeddingLoss(input, target, { margin, reduction: reductionEnum("hingeEmbeddingLoss", reduction) });
}

/** `torch.margin_ranking_loss(input1, input2, target, margin=0, reduction=1)`. @example torch.marginRankingLoss(a, b, y) // fragment */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, margin = 0, reduction = 1): Tensor {
  return F.marginRankingLoss(input1, input2, target, {
    margin,
    reduction: reductionEnum("marginRankingLoss", reduction),
  });
}

/** `torch.cosine_embedding_loss(input1, input2, target, margin=0, reduction=1)`. @example torch.cosineEmbeddingLoss(a, b, y) // fragment */
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, margin = 0, reduction = 1): Tensor {
  return F.cosineEmbeddingLoss(input1, input2, target, {
    margin,
    reduction: reductionEnum("cosineEmbeddingLoss", reduction),
  });
}

/**
 * `torch.poisson_nll_loss(input, target, log_input, full, eps, reduction)` (all required in PyTorch).
 * @example torch.poissonNllLoss(logRate, counts, true, false, 1e-8, 1) // fragment
 */
export function poissonNllLoss(
  input: Tensor,
  target: Tensor,
  logInput: boolean,
  full: boolean,
  eps: number,
  reduction: number,
): Tensor {
  return F.poissonNllLoss(input, target, {
    logInput,
    full,
    eps,
    reduction: reductionEnum("poissonNllLoss", reduction),
  });
}

/**
 * `torch.triplet_margin_loss(anchor, positive, negative, margin=1, p=2, eps=1e-6, swap=false, reduction=1)`.
 * @example torch.tripletMarginLoss(a, p, n) // fragment
 */
export function tripletMarginLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  margin = 1,
  p = 2,
  eps = 1e-6,
  swap = false,
  reduction = 1,
): Tensor {
  return F.tripletMarginLoss(anchor, positive, negative, {
    margin,
    p,
    eps,
    swap,
    reduction: reductionEnum("tripletMarginLoss", reduction),
  });
}
