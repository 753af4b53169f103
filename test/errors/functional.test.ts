/**
 * Bad-input table for `nn.functional`: each row calls an F op as a plain-JS user could (Python
 * keyword names, misspelled options, a parameter given twice, too many positionals, missing
 * required parameters, wrong kinds) and asserts the error class and the `[op]` message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn } from "../../src/index.js";

const F: any = nn.functional;

type Row = [name: string, call: () => unknown, cls: typeof TypeError | typeof RangeError, message: RegExp];

const x = torch.randn(1, 2, 6, 6);
const x1 = torch.randn(1, 2, 8);
const w = torch.randn(4, 2, 3, 3);
const w1 = torch.randn(4, 2, 3);
const b = torch.zeros(4);
const wt = torch.randn(2, 3, 2, 2);
const rm = torch.zeros(2);
const rv = torch.ones(2);
const logits = torch.randn(3, 5);
const labels = torch.tensor([1, 0, 4]);
const probs = torch.rand(3, 5);
const y = torch.rand(3, 5);
const idx = torch.tensor([[0, 2]]);
const emb = torch.randn(5, 3);
const q = torch.randn(2, 4, 8);
const lw = torch.randn(3, 8);

const ROWS: Row[] = [
  // convolutions and padding
  [
    "conv2d misspelled stride",
    () => F.conv2d(x, w, b, { strid: 2 }),
    TypeError,
    /^\[conv2d\] unknown option "strid": did you mean "stride"\?$/,
  ],
  [
    "conv2d Python keyword",
    () => F.conv2d(x, w, b, { padding_mode: "zeros" }),
    TypeError,
    /^\[conv2d\] unknown option "padding_mode": expected one of/,
  ],
  [
    "conv2d too many positionals",
    () => F.conv2d(x, w, null, 1, 0, 1, 1, 5),
    TypeError,
    /^\[conv2d\] takes at most 7 positional arguments: got 8/,
  ],
  [
    "conv2d stride twice",
    () => F.conv2d(x, w, null, 2, { stride: 2 }),
    TypeError,
    /^\[conv2d\] got multiple values for argument "stride": given positionally and in the options object$/,
  ],
  [
    "conv2d groups 0",
    () => F.conv2d(x, w, null, { groups: 0 }),
    RangeError,
    /^\[conv2d\] non-positive groups is not supported: got 0$/,
  ],
  ["conv2d stride 0", () => F.conv2d(x, w, null, 0), RangeError, /^\[conv2d\] non-positive stride is not supported/],
  [
    "conv1d bad padding string",
    () => F.conv1d(x1, w1, { padding: "sam" }),
    TypeError,
    /^\[conv1d\] padding must be an integer or a list of 1 integers/,
  ],
  [
    "conv1d bias twice",
    () => F.conv1d(x1, w1, b, { bias: b }),
    TypeError,
    /^\[conv1d\] got multiple values for argument "bias"/,
  ],
  [
    "convTranspose2d output_padding",
    () => F.convTranspose2d(x, wt, null, { output_padding: 1 }),
    TypeError,
    /^\[convTranspose2d\] unknown option "output_padding": did you mean "outputPadding"\?$/,
  ],
  [
    "convTranspose1d too many positionals",
    () => F.convTranspose1d(x1, w1.transpose(0, 1), null, 1, 0, 0, 1, 1, 9),
    TypeError,
    /^\[convTranspose1d\] takes at most 8 positional arguments: got 9/,
  ],
  [
    "pad valu",
    () => F.pad(x, [1, 1], { valu: 1 }),
    TypeError,
    /^\[pad\] unknown option "valu": did you mean "value"\?$/,
  ],
  [
    "pad too many positionals",
    () => F.pad(x, [1, 1], "constant", 0, 1),
    TypeError,
    /^\[pad\] takes at most 4 positional arguments: got 5/,
  ],
  ["pad bad mode", () => F.pad(x, [1, 1], { mode: "wrap" }), TypeError, /^\[pad\] unknown padding mode: got "wrap"/],
  // pooling
  [
    "maxPool2d missing kernelSize",
    () => F.maxPool2d(x, { stride: 2 }),
    TypeError,
    /^\[maxPool2d\] missing required argument "kernelSize"$/,
  ],
  [
    "maxPool2d ceil_mode",
    () => F.maxPool2d(x, 2, { ceil_mode: true }),
    TypeError,
    /^\[maxPool2d\] unknown option "ceil_mode": did you mean "ceilMode"\?$/,
  ],
  [
    "maxPool2d too many positionals",
    () => F.maxPool2d(x, 2, 2, 0, 1, false, false, 1),
    TypeError,
    /^\[maxPool2d\] takes at most 7 positional arguments: got 8/,
  ],
  [
    "maxPool2d ceilMode string",
    () => F.maxPool2d(x, 2, { ceilMode: "yes" }),
    TypeError,
    /^\[maxPool2d\] ceilMode must be a boolean: got "yes"$/,
  ],
  [
    "maxPool2d kernel twice",
    () => F.maxPool2d(x, 2, { kernelSize: 3 }),
    TypeError,
    /^\[maxPool2d\] got multiple values for argument "kernelSize"/,
  ],
  [
    "maxPool1d kernel 0",
    () => F.maxPool1d(x1, 0),
    RangeError,
    /^\[maxPool1d\] kernel size should be greater than zero: got \[0\]$/,
  ],
  [
    "maxPool1d return_indices",
    () => F.maxPool1d(x1, 2, { return_indices: true }),
    TypeError,
    /^\[maxPool1d\] unknown option "return_indices": did you mean "returnIndices"\?$/,
  ],
  [
    "avgPool2d count_include_pad",
    () => F.avgPool2d(x, 2, { count_include_pad: false }),
    TypeError,
    /^\[avgPool2d\] unknown option "count_include_pad": did you mean "countIncludePad"\?$/,
  ],
  [
    "avgPool1d too many positionals",
    () => F.avgPool1d(x1, 2, null, 0, false, true, 1),
    TypeError,
    /^\[avgPool1d\] takes at most 6 positional arguments: got 7/,
  ],
  [
    "avgPool2d fractional divisor",
    () => F.avgPool2d(x, 2, { divisorOverride: 1.5 }),
    TypeError,
    /^\[avgPool2d\] divisorOverride must be an integer: got 1.5$/,
  ],
  [
    "avgPool2d divisor 0",
    () => F.avgPool2d(x, 2, { divisorOverride: 0 }),
    RangeError,
    /^\[avgPool2d\] divisor must be not zero$/,
  ],
  [
    "adaptiveAvgPool2d output_size",
    () => F.adaptiveAvgPool2d(x, { output_size: 2 }),
    TypeError,
    /^\[adaptiveAvgPool2d\] unknown option "output_size": did you mean "outputSize"\?$/,
  ],
  [
    "adaptiveAvgPool2d missing outputSize",
    () => F.adaptiveAvgPool2d(x),
    TypeError,
    /^\[adaptiveAvgPool2d\] missing required argument "outputSize"$/,
  ],
  [
    "adaptiveAvgPool1d too many positionals",
    () => F.adaptiveAvgPool1d(x1, 2, 3),
    TypeError,
    /^\[adaptiveAvgPool1d\] takes at most 2 positional arguments: got 3/,
  ],
  // dropout
  [
    "dropout trainig",
    () => F.dropout(x, { trainig: false }),
    TypeError,
    /^\[dropout\] unknown option "trainig": did you mean "training"\?$/,
  ],
  [
    "dropout training string",
    () => F.dropout(x, 0.5, "yes"),
    TypeError,
    /^\[dropout\] training must be a boolean: got "yes"$/,
  ],
  [
    "dropout p > 1",
    () => F.dropout(x, 1.5),
    RangeError,
    /^\[dropout\] dropout probability has to be between 0 and 1, but got 1.5$/,
  ],
  [
    "dropout2d inplace number",
    () => F.dropout2d(x, { p: 0.1, inplace: 1 }),
    TypeError,
    /^\[dropout2d\] inplace must be a boolean: got 1$/,
  ],
  [
    "dropout1d too many positionals",
    () => F.dropout1d(x1, 0.5, true, false, 1),
    TypeError,
    /^\[dropout1d\] takes at most 4 positional arguments: got 5/,
  ],
  // norms
  [
    "layerNorm normalized_shape",
    () => F.layerNorm(x, { normalized_shape: [6] }),
    TypeError,
    /^\[layerNorm\] unknown option "normalized_shape": did you mean "normalizedShape"\?$/,
  ],
  [
    "layerNorm too many positionals",
    () => F.layerNorm(x, [6], null, null, 1e-5, 1),
    TypeError,
    /^\[layerNorm\] takes at most 5 positional arguments: got 6/,
  ],
  [
    "layerNorm missing shape",
    () => F.layerNorm(x),
    TypeError,
    /^\[layerNorm\] missing required argument "normalizedShape"$/,
  ],
  [
    "layerNorm eps string",
    () => F.layerNorm(x, [6], { eps: "1e-5" }),
    TypeError,
    /^\[layerNorm\] eps must be a number: got "1e-5"$/,
  ],
  [
    "batchNorm momentun",
    () => F.batchNorm(x, rm, rv, { momentun: 0.1 }),
    TypeError,
    /^\[batchNorm\] unknown option "momentun": did you mean "momentum"\?$/,
  ],
  [
    "batchNorm training string",
    () => F.batchNorm(x, rm, rv, null, null, "yes"),
    TypeError,
    /^\[batchNorm\] training must be a boolean: got "yes"$/,
  ],
  [
    "batchNorm too many positionals",
    () => F.batchNorm(x, rm, rv, null, null, true, 0.1, 1e-5, true),
    TypeError,
    /^\[batchNorm\] takes at most 8 positional arguments: got 9/,
  ],
  [
    "groupNorm num_groups",
    () => F.groupNorm(x, { num_groups: 2 }),
    TypeError,
    /^\[groupNorm\] unknown option "num_groups": did you mean "numGroups"\?$/,
  ],
  ["groupNorm 0 groups", () => F.groupNorm(x, 0), RangeError, /^\[groupNorm\] numGroups must be >= 1: got 0$/],
  [
    "instanceNorm use_input_stats",
    () => F.instanceNorm(x, { use_input_stats: false }),
    TypeError,
    /^\[instanceNorm\] unknown option "use_input_stats": did you mean "useInputStats"\?$/,
  ],
  [
    "instanceNorm no running stats",
    () => F.instanceNorm(x, { useInputStats: false }),
    TypeError,
    /^\[instanceNorm\] expected running_mean and running_var when useInputStats is false$/,
  ],
  // losses
  [
    "crossEntropy label_smoothing",
    () => F.crossEntropy(logits, labels, { label_smoothing: 0.1 }),
    TypeError,
    /^\[crossEntropy\] unknown option "label_smoothing": did you mean "labelSmoothing"\?$/,
  ],
  [
    "crossEntropy size_average",
    () => F.crossEntropy(logits, labels, null, true),
    TypeError,
    /^\[crossEntropy\] positional argument 4 is PyTorch's deprecated size_average\/reduce: got true/,
  ],
  [
    "crossEntropy too many positionals",
    () => F.crossEntropy(logits, labels, null, null, -100, null, "mean", 0, 1),
    TypeError,
    /^\[crossEntropy\] takes at most 8 positional arguments: got 9/,
  ],
  [
    "crossEntropy weight twice",
    () => F.crossEntropy(logits, labels, null, { weight: null }),
    TypeError,
    /^\[crossEntropy\] got multiple values for argument "weight"/,
  ],
  [
    "binaryCrossEntropyWithLogits pos_weight",
    () => F.binaryCrossEntropyWithLogits(logits, y, { pos_weight: torch.ones(5) }),
    TypeError,
    /^\[binaryCrossEntropyWithLogits\] unknown option "pos_weight": did you mean "posWeight"\?$/,
  ],
  [
    "binaryCrossEntropy reduce",
    () => F.binaryCrossEntropy(probs, y, { reduce: false }),
    TypeError,
    /^\[binaryCrossEntropy\] unknown option "reduce"/,
  ],
  [
    "mseLoss bad reduction",
    () => F.mseLoss(logits, y, { reduction: "avg" }),
    RangeError,
    /^\[mseLoss\] "avg" is not a valid value for reduction/,
  ],
  [
    "mseLoss too many positionals",
    () => F.mseLoss(logits, y, null, null, "mean", 1),
    TypeError,
    /^\[mseLoss\] takes at most 5 positional arguments: got 6/,
  ],
  [
    "nllLoss ignore_index",
    () => F.nllLoss(logits, labels, { ignore_index: 0 }),
    TypeError,
    /^\[nllLoss\] unknown option "ignore_index": did you mean "ignoreIndex"\?$/,
  ],
  [
    "klDiv log_target",
    () => F.klDiv(logits, y, { log_target: true }),
    TypeError,
    /^\[klDiv\] unknown option "log_target": did you mean "logTarget"\?$/,
  ],
  [
    "huberLoss too many positionals",
    () => F.huberLoss(logits, y, "mean", 1, 2),
    TypeError,
    /^\[huberLoss\] takes at most 4 positional arguments: got 5/,
  ],
  [
    "smoothL1Loss Beta",
    () => F.smoothL1Loss(logits, y, { Beta: 1 }),
    TypeError,
    /^\[smoothL1Loss\] unknown option "Beta": did you mean "beta"\?$/,
  ],
  [
    "marginRankingLoss margine",
    () => F.marginRankingLoss(rm, rv, rv, { margine: 1 }),
    TypeError,
    /^\[marginRankingLoss\] unknown option "margine": did you mean "margin"\?$/,
  ],
  [
    "cosineEmbeddingLoss options not an object",
    () => F.cosineEmbeddingLoss(lw, lw, torch.ones(3), 0, null, null, "mean", []),
    TypeError,
    /^\[cosineEmbeddingLoss\] takes at most 7 positional arguments: got 8/,
  ],
  // activations
  [
    "leakyRelu negative_slope",
    () => F.leakyRelu(x, { negative_slope: 0.2 }),
    TypeError,
    /^\[leakyRelu\] unknown option "negative_slope": did you mean "negativeSlope"\?$/,
  ],
  [
    "leakyRelu slope string",
    () => F.leakyRelu(x, "0.2"),
    TypeError,
    /^\[leakyRelu\] negativeSlope must be a number: got "0.2"$/,
  ],
  ["relu extra positional", () => F.relu(x, true), TypeError, /^\[relu\] takes at most 1 positional argument: got 2/],
  [
    "relu options",
    () => F.relu(x, { inplace: true }),
    TypeError,
    /^\[relu\] unknown option "inplace": relu takes no options$/,
  ],
  [
    "sigmoid extra positional",
    () => F.sigmoid(x, 1),
    TypeError,
    /^\[sigmoid\] takes at most 1 positional argument: got 2/,
  ],
  ["softmax dm", () => F.softmax(x, { dm: 1 }), TypeError, /^\[softmax\] unknown option "dm": did you mean "dim"\?$/],
  ["softmax fractional dim", () => F.softmax(x, 1.5), TypeError, /^\[softmax\] dim must be an integer: got 1.5$/],
  [
    "logSoftmax dtype positional",
    () => F.logSoftmax(x, 1, "float64"),
    TypeError,
    /^\[logSoftmax\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "gelu approximation",
    () => F.gelu(x, { approximation: "tanh" }),
    TypeError,
    /^\[gelu\] unknown option "approximation": did you mean "approximate"\?$/,
  ],
  [
    "gelu positional approximate",
    () => F.gelu(x, "tanh"),
    TypeError,
    /^\[gelu\] takes at most 1 positional argument: got 2/,
  ],
  [
    "hardtanh min_val",
    () => F.hardtanh(x, { min_val: -2 }),
    TypeError,
    /^\[hardtanh\] unknown option "min_val": did you mean "minVal"\?$/,
  ],
  [
    "threshold missing value",
    () => F.threshold(x, 0.1),
    TypeError,
    /^\[threshold\] missing required argument "value"$/,
  ],
  ["glu fractional dim", () => F.glu(x, { dim: 0.5 }), TypeError, /^\[glu\] dim must be an integer: got 0.5$/],
  [
    "softplus too many positionals",
    () => F.softplus(x, 1, 20, 3),
    TypeError,
    /^\[softplus\] takes at most 3 positional arguments: got 4/,
  ],
  ["elu alpha string", () => F.elu(x, "1"), TypeError, /^\[elu\] alpha must be a number: got "1"$/],
  ["prelu missing weight", () => F.prelu(x), TypeError, /^\[prelu\] missing required argument "weight"$/],
  // embedding, linear, attention
  [
    "embedding padding_idx",
    () => F.embedding(idx, emb, { padding_idx: 0 }),
    TypeError,
    /^\[embedding\] unknown option "padding_idx": did you mean "paddingIdx"\?$/,
  ],
  [
    "embedding too many positionals",
    () => F.embedding(idx, emb, 0, null, 2, false),
    TypeError,
    /^\[embedding\] takes at most 5 positional arguments: got 6/,
  ],
  [
    "embedding fractional paddingIdx",
    () => F.embedding(idx, emb, 0.5),
    TypeError,
    /^\[embedding\] paddingIdx must be an integer: got 0.5$/,
  ],
  [
    "oneHot num_classes",
    () => F.oneHot(labels, { num_classes: 5 }),
    TypeError,
    /^\[oneHot\] unknown option "num_classes": did you mean "numClasses"\?$/,
  ],
  ["oneHot numClasses -2", () => F.oneHot(labels, -2), RangeError, /^\[oneHot\] numClasses must be >= -1: got -2$/],
  [
    "linear extra positional",
    () => F.linear(logits, lw.narrow(1, 0, 5), null, 1),
    TypeError,
    /^\[linear\] takes at most 3 positional arguments: got 4/,
  ],
  [
    "linear biass",
    () => F.linear(logits, lw.narrow(1, 0, 5), { biass: null }),
    TypeError,
    /^\[linear\] unknown option "biass": did you mean "bias"\?$/,
  ],
  [
    "bilinear extra positional",
    () => F.bilinear(rm, rm, torch.randn(3, 2, 2), null, 1),
    TypeError,
    /^\[bilinear\] takes at most 4 positional arguments: got 5/,
  ],
  [
    "scaledDotProductAttention is_causal",
    () => F.scaledDotProductAttention(q, q, q, { is_causal: true }),
    TypeError,
    /^\[scaledDotProductAttention\] unknown option "is_causal": did you mean "isCausal"\?$/,
  ],
  [
    "scaledDotProductAttention dropoutP > 1",
    () => F.scaledDotProductAttention(q, q, q, null, 2),
    RangeError,
    /^\[scaledDotProductAttention\] dropoutP must be <= 1: got 2$/,
  ],
  [
    "multiHeadAttentionForward in_proj_weight",
    () => F.multiHeadAttentionForward(q, q, q, 2, { in_proj_weight: lw }),
    TypeError,
    /^\[multiHeadAttention\] unknown option "in_proj_weight": did you mean "inProjWeight"\?$/,
  ],
  [
    "multiHeadAttentionForward numHeads 0",
    () => F.multiHeadAttentionForward(q, q, q, 0, { outProjWeight: lw }),
    RangeError,
    /^\[multiHeadAttention\] numHeads must be >= 1: got 0$/,
  ],
];

describe("nn.functional bad inputs", () => {
  it(`has at least 80 rows (${ROWS.length})`, () => assert.ok(ROWS.length >= 80));
  for (const [name, call, cls, message] of ROWS) {
    it(name, () => {
      assert.throws(call, (e: unknown) => {
        assert.ok(
          e instanceof cls,
          `expected ${cls.name}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`,
        );
        assert.match((e as Error).message, message);
        return true;
      });
    });
  }
});
