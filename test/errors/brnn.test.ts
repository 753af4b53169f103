/**
 * Bad-input table for the recurrent functional forms (torch.rnnTanhCell … torch.lstm), pdist,
 * gumbelSoftmax, the multilabel-margin and distance-triplet losses, embeddingBag, ctcLoss,
 * detectAnomaly / inferenceMode and AdaptiveLogSoftmaxWithLoss: each row calls the API wrongly and
 * asserts the error class and the `[op]` message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { table, type Row } from "./table.js";

const T: any = torch;

const x = torch.randn(2, 4);
const h = torch.randn(2, 3);
const wih = torch.randn(3, 4);
const whh = torch.randn(3, 3);
const seq = torch.randn(5, 2, 4);
const h0 = torch.zeros(1, 2, 3);

const RECURRENT: Row[] = [
  [
    "cell input not a tensor",
    () => T.rnnTanhCell([1, 2], h, wih, whh),
    TypeError,
    "[rnnTanhCell] input must be a Tensor: got an array of length 2",
  ],
  [
    "cell input size",
    () => T.rnnReluCell(torch.randn(2, 5), h, wih, whh),
    RangeError,
    "[rnnReluCell] input has inconsistent input_size: got 5, expected 4",
  ],
  [
    "cell hidden size",
    () => T.rnnTanhCell(x, torch.randn(2, 2), wih, whh),
    RangeError,
    "[rnnTanhCell] hx has inconsistent hidden_size: got 2, expected 3",
  ],
  [
    "cell batch size",
    () => T.rnnTanhCell(x, torch.randn(3, 3), wih, whh),
    RangeError,
    "[rnnTanhCell] hx must have the input's batch size: got hx [3, 3] for input [2, 4]",
  ],
  [
    "gru cell weights for another mode",
    () => T.gruCell(x, h, wih, whh),
    RangeError,
    "[gruCell] w_ih and w_hh must be [3·hidden, input] and [3·hidden, hidden]: got [3, 4] and [3, 3]",
  ],
  [
    "cell bias kind",
    () => T.rnnTanhCell(x, h, wih, whh, 1),
    TypeError,
    "[rnnTanhCell] b_ih must be a Tensor or null: got 1",
  ],
  [
    "lstm cell hx not a pair",
    () => T.lstmCell(x, h, torch.randn(12, 4), torch.randn(12, 3)),
    TypeError,
    /^\[lstmCell\] hx must be a pair \[h, c\] of Tensors: got /,
  ],
  [
    "sequence parameter count",
    () => T.rnnTanh(seq, h0, [wih, whh], true, 1, 0, false, false, false),
    RangeError,
    "[rnnTanh] got an incorrect number of RNN parameters: got 2, expected 4",
  ],
  [
    "sequence parameter shape",
    () => T.gru(seq, h0, [wih, whh], false, 1, 0, false, false, false),
    RangeError,
    "[gru] params[0] has the wrong shape: got [3, 4], expected [9, 4]",
  ],
  [
    "sequence hidden shape",
    () => T.rnnRelu(seq, torch.zeros(1, 3, 3), [wih, whh], false, 1, 0, false, false, false),
    RangeError,
    "[rnnRelu] expected hx of shape [1, 2, 3]: got [1, 3, 3]",
  ],
  [
    "sequence 4-D input",
    () => T.rnnTanh(torch.randn(1, 5, 2, 4), h0, [wih, whh], false, 1, 0, false, false, false),
    RangeError,
    "[rnnTanh] input must be 3-D (or 2-D unbatched): got [1, 5, 2, 4]",
  ],
  [
    "sequence numLayers",
    () => T.rnnTanh(seq, h0, [wih, whh], false, 0, 0, false, false, false),
    RangeError,
    /^\[rnnTanh\] numLayers must be >= 1/,
  ],
  [
    "sequence dropout",
    () => T.rnnTanh(seq, h0, [wih, whh], false, 1, 1.5, false, false, false),
    RangeError,
    "[rnnTanh] dropout must be <= 1: got 1.5",
  ],
  [
    "sequence batchFirst kind",
    () => T.rnnTanh(seq, h0, [wih, whh], false, 1, 0, false, false, "yes"),
    TypeError,
    '[rnnTanh] batchFirst must be a boolean: got "yes"',
  ],
  [
    "lstm hx not a pair",
    () => T.lstm(seq, h0, [torch.randn(12, 4), torch.randn(12, 3)], false, 1, 0, false, false, false),
    TypeError,
    /^\[lstm\] hx must be a pair \[h0, c0\] of Tensors: got /,
  ],
];

const N: any = torch.nn;
const F: any = torch.nn.functional;
const v = torch.randn(3, 4);
const tgt = torch.tensor([
  [3, 0, -1, 1],
  [1, 2, 3, 0],
  [-1, 1, 2, 0],
]);

const DISTANCES_LOSSES: Row[] = [
  [
    "pdist 3-D",
    () => torch.pdist(torch.randn(2, 3, 4)),
    RangeError,
    "[pdist] only supports 2-D tensors: got 3-D [2, 3, 4]",
  ],
  ["pdist negative p", () => F.pdist(v, -1), RangeError, "[pdist] p must be non-negative: got -1"],
  [
    "pdist integer input",
    () =>
      torch.pdist(
        torch.tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    TypeError,
    "[pdist] only supports floating-point dtypes: got int64",
  ],
  ["pdist p kind", () => T.pdist(v, "2"), TypeError, '[pdist] p must be a number: got "2"'],
  [
    "multilabel target shape",
    () => F.multilabelMarginLoss(v, torch.tensor([[0, 1]])),
    RangeError,
    "[multilabelMarginLoss] inconsistent target size: got [1, 2] for input of size [3, 4]",
  ],
  [
    "multilabel target out of range",
    () =>
      F.multilabelMarginLoss(
        v,
        torch.tensor([
          [0, 5, -1, 0],
          [0, 0, 0, 0],
          [0, 0, 0, 0],
        ]),
      ),
    RangeError,
    "[multilabelMarginLoss] target 5 is out of range for 4 classes",
  ],
  [
    "multilabel float target",
    () => F.multilabelMarginLoss(v, v),
    TypeError,
    "[multilabelMarginLoss] expected an int64 target: got float32",
  ],
  [
    "multilabel reduction",
    () => new N.MultiLabelMarginLoss({ reduction: "avg" }),
    RangeError,
    '[MultiLabelMarginLoss] "avg" is not a valid value for reduction: expected "none", "mean" or "sum"',
  ],
  [
    "multilabel python keyword",
    () => F.multilabelMarginLoss(v, tgt, { size_average: true }),
    TypeError,
    /^\[multilabelMarginLoss\] unknown option "size_average"/,
  ],
  [
    "triplet distance not a function",
    () => F.tripletMarginWithDistanceLoss(v, v, v, { distanceFunction: 2 }),
    TypeError,
    "[tripletMarginWithDistanceLoss] distanceFunction must be a function: got 2",
  ],
  [
    "triplet distance returns a number",
    () => F.tripletMarginWithDistanceLoss(v, v, v, { distanceFunction: () => 1 }),
    TypeError,
    "[tripletMarginWithDistanceLoss] distanceFunction must return a Tensor: got 1",
  ],
  [
    "triplet positional options",
    () => F.tripletMarginWithDistanceLoss(v, v, v, null, 1),
    TypeError,
    /^\[tripletMarginWithDistanceLoss\] takes at most 3 positional arguments: got 5 \(keyword arguments go in a final options object\)$/,
  ],
  [
    "triplet python keyword",
    () => new N.TripletMarginWithDistanceLoss({ distance_function: null }),
    TypeError,
    '[TripletMarginWithDistanceLoss] unknown option "distance_function": did you mean "distanceFunction"?',
  ],
  [
    "triplet swap kind",
    () => new N.TripletMarginWithDistanceLoss({ swap: 1 }),
    TypeError,
    "[TripletMarginWithDistanceLoss] swap must be a boolean: got 1",
  ],
  ["gumbel tau zero", () => F.gumbelSoftmax(v, 0), RangeError, "[gumbelSoftmax] tau must be > 0: got 0"],
  [
    "gumbel integer logits",
    () => F.gumbelSoftmax(tgt),
    TypeError,
    "[gumbelSoftmax] expected floating-point logits: got int64",
  ],
  [
    "gumbel dim",
    () => F.gumbelSoftmax(v, { dim: 2 }),
    RangeError,
    "[gumbelSoftmax] dim out of range: got 2, expected to be in [-2, 1]",
  ],
  [
    "gumbel hard kind",
    () => F.gumbelSoftmax(v, { hard: "yes" }),
    TypeError,
    '[gumbelSoftmax] hard must be a boolean: got "yes"',
  ],
];

const ew = torch.randn(6, 3);
const ei = torch.tensor([1, 2, 4, 5]);
const eo = torch.tensor([0, 2]);

const EMBEDDING_BAG: Row[] = [
  [
    "offsets[0] not 0",
    () => F.embeddingBag(ei, ew, torch.tensor([1, 2])),
    RangeError,
    "[embeddingBag] offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0: got 1",
  ],
  [
    "offsets past the end",
    () => F.embeddingBag(ei, ew, torch.tensor([0, 9])),
    RangeError,
    "[embeddingBag] offsets[-1] can not be greater than input's length 4: got offsets[-1] of 9",
  ],
  [
    "decreasing offsets",
    () => F.embeddingBag(ei, ew, torch.tensor([0, 3, 2])),
    RangeError,
    "[embeddingBag] offsets must be non-decreasing: got offsets[2] = 2 < 3",
  ],
  [
    "1-D input without offsets",
    () => F.embeddingBag(ei, ew),
    TypeError,
    "[embeddingBag] offsets has to be a 1-D Tensor when input is 1-D: got null",
  ],
  [
    "2-D input with offsets",
    () => F.embeddingBag(ei.view([2, 2]), ew, eo),
    TypeError,
    /^\[embeddingBag\] if input is 2-D, then offsets has to be null/,
  ],
  [
    "index out of range",
    () => F.embeddingBag(torch.tensor([1, 6]), ew, eo),
    RangeError,
    "[embeddingBag] index 6 is out of range for an embedding of 6 rows (valid indices are 0..5)",
  ],
  [
    "float indices",
    () => F.embeddingBag(torch.tensor([1.5]), ew, eo),
    TypeError,
    "[embeddingBag] input must be an int64 or int32 tensor: got float32",
  ],
  [
    "unknown mode",
    () => F.embeddingBag(ei, ew, eo, { mode: "prod" }),
    RangeError,
    /^\[embeddingBag\] mode must be one of "sum", "mean", "max"/,
  ],
  [
    "per-sample weights with mean",
    () => F.embeddingBag(ei, ew, eo, { perSampleWeights: torch.ones(4) }),
    RangeError,
    '[embeddingBag] perSampleWeights is only supported for mode "sum": got mode "mean"',
  ],
  [
    "per-sample weights shape",
    () => F.embeddingBag(ei, ew, eo, { mode: "sum", perSampleWeights: torch.ones(3) }),
    RangeError,
    "[embeddingBag] perSampleWeights must have the input's shape: got [3], expected [4]",
  ],
  [
    "sparse",
    () => F.embeddingBag(ei, ew, eo, { sparse: true }),
    RangeError,
    "[embeddingBag] sparse gradients are not supported: got sparse true, expected false",
  ],
  [
    "python keyword",
    () => F.embeddingBag(ei, ew, eo, { per_sample_weights: null }),
    TypeError,
    '[embeddingBag] unknown option "per_sample_weights": did you mean "perSampleWeights"?',
  ],
  [
    "torch.embeddingBag mode code",
    () => T.embeddingBag(ew, ei, eo, false, 3),
    RangeError,
    "[embeddingBag] mode must be 0 (sum), 1 (mean) or 2 (max): got 3",
  ],
  [
    "layer padding index",
    () => new N.EmbeddingBag(4, 2, { paddingIdx: 4 }),
    RangeError,
    "[EmbeddingBag] paddingIdx must be within numEmbeddings: got 4 for 4 rows",
  ],
  [
    "layer weight shape",
    () => new N.EmbeddingBag(4, 2, { weight: torch.zeros(3, 2) }),
    RangeError,
    "[EmbeddingBag] shape of weight does not match numEmbeddings and embeddingDim: got [3, 2], expected [4, 2]",
  ],
  [
    "layer mode",
    () => new N.EmbeddingBag(4, 2, { mode: "avg" }),
    RangeError,
    /^\[EmbeddingBag\] mode must be one of "sum", "mean", "max"/,
  ],
];

const lp = torch.randn(5, 2, 4).logSoftmax(2);
const tg = torch.tensor([
  [1, 2, 2],
  [3, 1, 0],
]);

const CTC: Row[] = [
  [
    "input length above T",
    () => F.ctcLoss(lp, tg, [6, 4], [3, 2]),
    RangeError,
    "[ctcLoss] expected inputLengths to have value at most 5: got value 6",
  ],
  [
    "target length above S",
    () => F.ctcLoss(lp, tg, [5, 4], [4, 2]),
    RangeError,
    "[ctcLoss] expected targetLengths to have value at most 3: got value 4",
  ],
  [
    "lengths per batch element",
    () => F.ctcLoss(lp, tg, [5], [3, 2]),
    RangeError,
    "[ctcLoss] inputLengths must have one entry per batch element: got 1, expected 2",
  ],
  [
    "float lengths tensor",
    () => F.ctcLoss(lp, tg, torch.tensor([5.5, 4]), [3, 2]),
    TypeError,
    "[ctcLoss] inputLengths must be integers: got a float32 tensor",
  ],
  [
    "lengths kind",
    () => F.ctcLoss(lp, tg, "5", [3, 2]),
    TypeError,
    '[ctcLoss] inputLengths must be a Tensor or an array of integers: got "5"',
  ],
  [
    "label out of range",
    () => F.ctcLoss(lp, torch.tensor([[1, 7]]).expand([2, 2]), [5, 5], [2, 2]),
    RangeError,
    "[ctcLoss] target label 7 is out of range for 4 classes",
  ],
  [
    "blank out of range",
    () => F.ctcLoss(lp, tg, [5, 4], [3, 2], 4),
    RangeError,
    "[ctcLoss] blank must be in label range [0, 4): got 4",
  ],
  [
    "concatenated targets count",
    () => F.ctcLoss(lp, torch.tensor([1, 2, 3]), [5, 4], [3, 2]),
    RangeError,
    "[ctcLoss] 1-D targets must hold sum(targetLengths) = 5 labels: got 3",
  ],
  [
    "4-D log probs",
    () => F.ctcLoss(lp.unsqueeze(0), tg, [5, 4], [3, 2]),
    RangeError,
    "[ctcLoss] logProbs must be [T, N, C] (or [T, C] unbatched): got [1, 5, 2, 4]",
  ],
  [
    "float targets",
    () => F.ctcLoss(lp, tg.float(), [5, 4], [3, 2]),
    TypeError,
    "[ctcLoss] targets must be an integer tensor: got float32",
  ],
  [
    "torch.ctcLoss reduction code",
    () => T.ctcLoss(lp, tg, [5, 4], [3, 2], 0, "mean"),
    RangeError,
    '[ctcLoss] reduction must be 0 (none), 1 (mean) or 2 (sum): got "mean"',
  ],
  [
    "module reduction",
    () => new N.CTCLoss({ reduction: "avg" }),
    RangeError,
    '[CTCLoss] "avg" is not a valid value for reduction: expected "none", "mean" or "sum"',
  ],
  [
    "module python keyword",
    () => new N.CTCLoss({ zero_infinity: true }),
    TypeError,
    '[CTCLoss] unknown option "zero_infinity": did you mean "zeroInfinity"?',
  ],
];

const A: any = torch.autograd;

const MODES: Row[] = [
  [
    "detectAnomaly without a function",
    () => A.detectAnomaly(1),
    TypeError,
    "[detectAnomaly] fn must be a function: got 1",
  ],
  [
    "detectAnomaly checkNan kind",
    () => A.detectAnomaly(() => 0, "yes"),
    TypeError,
    '[detectAnomaly] checkNan must be a boolean: got "yes"',
  ],
  [
    "detectAnomaly async callback",
    () => A.detectAnomaly(async () => 0),
    TypeError,
    /^\[detectAnomaly\] the callback returned a Promise: anomaly mode is synchronous/,
  ],
  [
    "setDetectAnomaly mode kind",
    () => A.setDetectAnomaly(1),
    TypeError,
    "[setDetectAnomaly] mode must be a boolean: got 1",
  ],
  [
    "inferenceMode without a function",
    () => T.inferenceMode(null),
    TypeError,
    "[inferenceMode] fn must be a function: got null",
  ],
  [
    "inferenceMode mode kind",
    () => A.inferenceMode(() => 0, 0),
    TypeError,
    "[inferenceMode] mode must be a boolean: got 0",
  ],
  [
    "inferenceMode async callback",
    () => A.inferenceMode(async () => 0),
    TypeError,
    /^\[inferenceMode\] the callback returned a Promise: inference mode is synchronous/,
  ],
  [
    "inference tensor saved for backward",
    () =>
      torch
        .randn(2)
        .requiresGrad_()
        .mul(A.inferenceMode(() => torch.ones(2))),
    Error,
    /^\[MulBackward0\] inference tensors cannot be saved for backward/,
  ],
  [
    "in-place on an inference tensor outside",
    () => A.inferenceMode(() => torch.ones(2)).mul_(2),
    Error,
    "[mul_] in-place update to an inference tensor outside inferenceMode is not allowed: clone() it first, or do the update inside torch.inferenceMode",
  ],
];

const asm = new torch.nn.AdaptiveLogSoftmaxWithLoss(6, 10, [3, 6]);
const CUTOFFS =
  "cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and nClasses-1";

const ADAPTIVE: Row[] = [
  [
    "repeated cutoffs",
    () => new N.AdaptiveLogSoftmaxWithLoss(6, 10, [3, 3]),
    RangeError,
    `[AdaptiveLogSoftmaxWithLoss] ${CUTOFFS}: got an array of length 2 for nClasses 10`,
  ],
  [
    "zero cutoff",
    () => new N.AdaptiveLogSoftmaxWithLoss(6, 10, [0, 3]),
    RangeError,
    /^\[AdaptiveLogSoftmaxWithLoss\] cutoffs should be/,
  ],
  [
    "cutoff past nClasses-1",
    () => new N.AdaptiveLogSoftmaxWithLoss(6, 10, [3, 10]),
    RangeError,
    /^\[AdaptiveLogSoftmaxWithLoss\] cutoffs should be/,
  ],
  [
    "fractional cutoff",
    () => new N.AdaptiveLogSoftmaxWithLoss(6, 10, [3.5]),
    RangeError,
    /^\[AdaptiveLogSoftmaxWithLoss\] cutoffs should be/,
  ],
  [
    "cutoffs not an array",
    () => new N.AdaptiveLogSoftmaxWithLoss(6, 10, 3),
    RangeError,
    /^\[AdaptiveLogSoftmaxWithLoss\] cutoffs should be .*: got 3 for nClasses 10$/,
  ],
  [
    "divValue zero",
    () => new N.AdaptiveLogSoftmaxWithLoss(6, 10, [3], 0),
    RangeError,
    "[AdaptiveLogSoftmaxWithLoss] divValue must be > 0: got 0",
  ],
  [
    "python keyword",
    () => new N.AdaptiveLogSoftmaxWithLoss(6, 10, [3], { head_bias: true }),
    TypeError,
    '[AdaptiveLogSoftmaxWithLoss] unknown option "head_bias": did you mean "headBias"?',
  ],
  [
    "target out of range",
    () => asm.call(torch.randn(2, 6), torch.tensor([1, 10])),
    RangeError,
    "[AdaptiveLogSoftmaxWithLoss] target values should be in [0, 9]: got values in range [1, 10]",
  ],
  [
    "batch sizes differ",
    () => asm.call(torch.randn(3, 6), torch.tensor([1, 2])),
    RangeError,
    "[AdaptiveLogSoftmaxWithLoss] input and target should have the same size in the batch dimension: got 3 and 2",
  ],
  [
    "1-D target with 1-D input",
    () => asm.call(torch.randn(6), torch.tensor([1])),
    RangeError,
    "[AdaptiveLogSoftmaxWithLoss] 1-D target tensor expects 2-D input tensors: got input [6]",
  ],
  [
    "multi-target",
    () => asm.call(torch.randn(2, 6), torch.tensor([[1], [2]])),
    RangeError,
    "[AdaptiveLogSoftmaxWithLoss] 0-D or 1-D target tensor expected, multi-target not supported: got [2, 1]",
  ],
  [
    "float target",
    () => asm.call(torch.randn(2, 6), torch.tensor([1.5, 2])),
    TypeError,
    "[AdaptiveLogSoftmaxWithLoss] target must be an integer tensor: got float32",
  ],
  [
    "logProb of 1-D input",
    () => asm.logProb(torch.randn(6)),
    RangeError,
    "[AdaptiveLogSoftmaxWithLoss.logProb] input must be a 2-D Tensor [N, 6]: got [6]",
  ],
];

describe("recurrent functional forms: bad inputs", () => table(RECURRENT));
describe("nn.AdaptiveLogSoftmaxWithLoss: bad inputs", () => table(ADAPTIVE));
describe("detectAnomaly and inferenceMode: bad inputs", () => table(MODES));
describe("ctcLoss and nn.CTCLoss: bad inputs", () => table(CTC));
describe("embeddingBag and nn.EmbeddingBag: bad inputs", () => table(EMBEDDING_BAG));
describe("pdist, gumbelSoftmax, multilabel-margin and distance-triplet losses: bad inputs", () =>
  table(DISTANCES_LOSSES));
