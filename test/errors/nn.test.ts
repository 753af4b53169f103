/**
 * Bad-input table for nn layers, losses, Module methods, init and utils: each row calls the API
 * as a plain-JS user could (misspelled or Python-style option names, extra or mistyped
 * positionals, zero or negative sizes) and asserts the error class and the `[op]` message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn } from "../../src/index.js";

const N: any = nn;
const init: any = nn.init;
const utils: any = nn.utils;

type Row = [name: string, call: () => unknown, cls: typeof TypeError | typeof RangeError, message: RegExp];

const lin = (): any => new nn.Linear(2, 1);
const pw = torch.tensor([3.0]);
const w2 = torch.randn(4, 3);
const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
const mha = new nn.MultiheadAttention(8, 2);
const x8 = torch.randn(3, 1, 8);

const ROWS: Row[] = [
  // Linear / Bilinear
  [
    "Linear misspelled option",
    () => new N.Linear(2, 1, { dtyp: "float64" }),
    TypeError,
    /^\[Linear\] unknown option "dtyp": did you mean "dtype"\?$/,
  ],
  [
    "Linear bias not a boolean",
    () => new N.Linear(2, 1, "no"),
    TypeError,
    /^\[Linear\] bias must be a boolean: got "no"$/,
  ],
  [
    "Linear device positional",
    () => new N.Linear(2, 1, false, "cpu"),
    TypeError,
    /^\[Linear\] takes at most 3 positional arguments: got 4/,
  ],
  [
    "Linear fractional size",
    () => new N.Linear(2.5, 1),
    TypeError,
    /^\[Linear\] inFeatures must be an integer: got 2.5$/,
  ],
  ["Linear negative size", () => new N.Linear(2, -1), RangeError, /^\[Linear\] outFeatures must be >= 0: got -1$/],
  ["Linear string size", () => new N.Linear("2", 1), TypeError, /^\[Linear\] inFeatures must be an integer: got "2"$/],
  [
    "Linear bias twice",
    () => new N.Linear(2, 1, false, { bias: true }),
    TypeError,
    /^\[Linear\] got multiple values for argument "bias"/,
  ],
  [
    "Linear Python keyword",
    () => new N.Linear(2, 1, { in_features: 2 }),
    TypeError,
    /^\[Linear\] unknown option "in_features": expected one of "bias", "dtype"$/,
  ],
  [
    "Bilinear misspelled bias",
    () => new N.Bilinear(2, 3, 4, { biass: false }),
    TypeError,
    /^\[Bilinear\] unknown option "biass": did you mean "bias"\?$/,
  ],
  [
    "Bilinear fractional size",
    () => new N.Bilinear(2, 3, 0.5),
    TypeError,
    /^\[Bilinear\] outFeatures must be an integer: got 0.5$/,
  ],
  // Convolutions
  [
    "Conv2d kernel 0",
    () => new N.Conv2d(1, 4, 0),
    RangeError,
    /^\[Conv2d\] kernel_size must be positive: got \(0, 0\)$/,
  ],
  [
    "Conv2d padding_mode",
    () => new N.Conv2d(1, 4, 3, { padding_mode: "reflect" }),
    TypeError,
    /^\[Conv2d\] unknown option "padding_mode": did you mean "paddingMode"\?$/,
  ],
  [
    "Conv2d stride 0",
    () => new N.Conv2d(1, 4, 3, { stride: 0 }),
    RangeError,
    /^\[Conv2d\] stride must be positive: got \(0, 0\)$/,
  ],
  ["Conv2d 0 in channels", () => new N.Conv2d(0, 4, 3), RangeError, /^\[Conv2d\] inChannels must be >= 1: got 0$/],
  [
    "Conv2d too many positionals",
    () => new N.Conv2d(1, 4, 3, 1, 0, 1, 1, true, "zeros", 7),
    TypeError,
    /^\[Conv2d\] takes at most 9 positional arguments: got 10/,
  ],
  [
    "Conv2d negative padding",
    () => new N.Conv2d(1, 4, 3, 1, -1),
    RangeError,
    /^\[Conv2d\] padding must be non-negative: got \(-1, -1\)$/,
  ],
  [
    "Conv2d dilation 0",
    () => new N.Conv2d(1, 4, 3, { dilation: 0 }),
    RangeError,
    /^\[Conv2d\] dilation must be positive/,
  ],
  [
    "Conv2d fractional groups",
    () => new N.Conv2d(2, 4, 3, { groups: 1.5 }),
    TypeError,
    /^\[Conv2d\] groups must be an integer: got 1.5$/,
  ],
  [
    "Conv2d bias not boolean",
    () => new N.Conv2d(1, 4, 3, { bias: "yes" }),
    TypeError,
    /^\[Conv2d\] bias must be a boolean: got "yes"$/,
  ],
  [
    "Conv1d kernel list too long",
    () => new N.Conv1d(1, 4, [3, 3]),
    TypeError,
    /^\[Conv1d\] kernel_size must be an integer or a list of 1 integers/,
  ],
  [
    "ConvTranspose2d output_padding",
    () => new N.ConvTranspose2d(1, 4, 2, { output_padding: 1 }),
    TypeError,
    /^\[ConvTranspose2d\] unknown option "output_padding": did you mean "outputPadding"\?$/,
  ],
  [
    "Conv2d stride twice",
    () => new N.Conv2d(1, 4, 3, 2, { stride: 2 }),
    TypeError,
    /^\[Conv2d\] got multiple values for argument "stride"/,
  ],
  [
    "Conv2d bad padding string",
    () => new N.Conv2d(1, 4, 3, { padding: "full" }),
    RangeError,
    /^\[Conv2d\] invalid padding string 'full'/,
  ],
  // Pooling
  [
    "MaxPool2d ceil_mode",
    () => new N.MaxPool2d(2, { ceil_mode: true }),
    TypeError,
    /^\[MaxPool2d\] unknown option "ceil_mode": did you mean "ceilMode"\?$/,
  ],
  [
    "MaxPool2d kernel 0",
    () => new N.MaxPool2d(0),
    RangeError,
    /^\[MaxPool2d\] kernel_size must be positive: got \(0, 0\)$/,
  ],
  [
    "MaxPool2d too many positionals",
    () => new N.MaxPool2d(2, 2, 0, 1, false, false, 9),
    TypeError,
    /^\[MaxPool2d\] takes at most 6 positional arguments: got 7/,
  ],
  [
    "MaxPool2d returnIndices number",
    () => new N.MaxPool2d(2, { returnIndices: 1 }),
    TypeError,
    /^\[MaxPool2d\] returnIndices must be a boolean: got 1$/,
  ],
  [
    "MaxPool1d negative padding",
    () => new N.MaxPool1d(3, 1, -1),
    RangeError,
    /^\[MaxPool1d\] padding must be non-negative: got \(-1,\)$/,
  ],
  [
    "AvgPool2d count_include_pad",
    () => new N.AvgPool2d(2, { count_include_pad: false }),
    TypeError,
    /^\[AvgPool2d\] unknown option "count_include_pad": did you mean "countIncludePad"\?$/,
  ],
  [
    "AvgPool1d negative stride",
    () => new N.AvgPool1d(2, -1),
    RangeError,
    /^\[AvgPool1d\] stride must be positive: got \(-1,\)$/,
  ],
  [
    "AvgPool2d divisor 0",
    () => new N.AvgPool2d(2, { divisorOverride: 0 }),
    RangeError,
    /^\[AvgPool2d\] divisor must be not zero$/,
  ],
  [
    "AvgPool1d divisorOverride",
    () => new N.AvgPool1d(2, { divisorOverride: 2 }),
    TypeError,
    /^\[AvgPool1d\] unknown option "divisorOverride"/,
  ],
  [
    "AdaptiveAvgPool2d negative",
    () => new N.AdaptiveAvgPool2d(-1),
    RangeError,
    /^\[AdaptiveAvgPool2d\] output_size must be non-negative/,
  ],
  [
    "AdaptiveAvgPool2d extra positional",
    () => new N.AdaptiveAvgPool2d(2, 3),
    TypeError,
    /^\[AdaptiveAvgPool2d\] takes at most 1 positional argument: got 2/,
  ],
  [
    "AdaptiveAvgPool1d string",
    () => new N.AdaptiveAvgPool1d("3"),
    TypeError,
    /^\[AdaptiveAvgPool1d\] output_size must be an integer or 1 integers \(or null\): got "3"$/,
  ],
  // Norms
  [
    "BatchNorm1d track_running_stats",
    () => new N.BatchNorm1d(4, { track_running_stats: false }),
    TypeError,
    /^\[BatchNorm1d\] unknown option "track_running_stats": did you mean "trackRunningStats"\?$/,
  ],
  [
    "BatchNorm2d 0 features",
    () => new N.BatchNorm2d(0),
    RangeError,
    /^\[BatchNorm2d\] numFeatures must be >= 1: got 0$/,
  ],
  [
    "BatchNorm1d too many positionals",
    () => new N.BatchNorm1d(4, 1e-5, 0.1, true, true, "cpu"),
    TypeError,
    /^\[BatchNorm1d\] takes at most 5 positional arguments: got 6/,
  ],
  [
    "BatchNorm1d negative eps",
    () => new N.BatchNorm1d(4, { eps: -1 }),
    RangeError,
    /^\[BatchNorm1d\] eps must be >= 0: got -1$/,
  ],
  [
    "BatchNorm1d affine string",
    () => new N.BatchNorm1d(4, { affine: "no" }),
    TypeError,
    /^\[BatchNorm1d\] affine must be a boolean: got "no"$/,
  ],
  [
    "BatchNorm2d momentum string",
    () => new N.BatchNorm2d(4, 1e-5, "0.1"),
    TypeError,
    /^\[BatchNorm2d\] momentum must be a number: got "0.1"$/,
  ],
  [
    "LayerNorm elementwise_affine",
    () => new N.LayerNorm(8, { elementwise_affine: false }),
    TypeError,
    /^\[LayerNorm\] unknown option "elementwise_affine": did you mean "elementwiseAffine"\?$/,
  ],
  [
    "LayerNorm fractional shape",
    () => new N.LayerNorm(8.5),
    TypeError,
    /^\[LayerNorm\] normalizedShape must be an integer or a list of integers: got 8.5$/,
  ],
  [
    "LayerNorm eps positional string",
    () => new N.LayerNorm(8, "1e-5"),
    TypeError,
    /^\[LayerNorm\] eps must be a number: got "1e-5"$/,
  ],
  [
    "GroupNorm eps string",
    () => new N.GroupNorm(2, 4, { eps: "1" }),
    TypeError,
    /^\[GroupNorm\] eps must be a number: got "1"$/,
  ],
  ["GroupNorm 0 groups", () => new N.GroupNorm(0, 4), RangeError, /^\[GroupNorm\] numGroups must be >= 1: got 0$/],
  [
    "GroupNorm indivisible",
    () => new N.GroupNorm(3, 4),
    RangeError,
    /^\[GroupNorm\] num_channels must be divisible by num_groups/,
  ],
  // Dropout
  [
    "Dropout p > 1",
    () => new N.Dropout(1.5),
    RangeError,
    /^\[Dropout\] dropout probability has to be between 0 and 1, but got 1.5$/,
  ],
  [
    "Dropout inplace misspelled",
    () => new N.Dropout({ p: 0.2, inplce: true }),
    TypeError,
    /^\[Dropout\] unknown option "inplce": did you mean "inplace"\?$/,
  ],
  ["Dropout p string", () => new N.Dropout("0.5"), TypeError, /^\[Dropout\] p must be a number: got "0.5"$/],
  [
    "Dropout2d too many positionals",
    () => new N.Dropout2d(0.5, true, 1),
    TypeError,
    /^\[Dropout2d\] takes at most 2 positional arguments: got 3/,
  ],
  // Embedding
  [
    "Embedding padding_idx",
    () => new N.Embedding(10, 3, { padding_idx: 0 }),
    TypeError,
    /^\[Embedding\] unknown option "padding_idx": did you mean "paddingIdx"\?$/,
  ],
  [
    "Embedding paddingIdx out of range",
    () => new N.Embedding(10, 3, 10),
    RangeError,
    /^\[Embedding\] paddingIdx must be within numEmbeddings/,
  ],
  [
    "Embedding fractional size",
    () => new N.Embedding(10.5, 3),
    TypeError,
    /^\[Embedding\] numEmbeddings must be an integer: got 10.5$/,
  ],
  [
    "Embedding.fromPretrained freze",
    () => N.Embedding.fromPretrained(w2, { freze: true }),
    TypeError,
    /^\[Embedding.fromPretrained\] unknown option "freze": did you mean "freeze"\?$/,
  ],
  [
    "Embedding.fromPretrained freeze string",
    () => N.Embedding.fromPretrained(w2, "yes"),
    TypeError,
    /^\[Embedding.fromPretrained\] freeze must be a boolean: got "yes"$/,
  ],
  // Activations
  [
    "ReLU inplase",
    () => new N.ReLU({ inplase: true }),
    TypeError,
    /^\[ReLU\] unknown option "inplase": did you mean "inplace"\?$/,
  ],
  ["ReLU inplace number", () => new N.ReLU(1), TypeError, /^\[ReLU\] inplace must be a boolean: got 1$/],
  [
    "Sigmoid takes nothing",
    () => new N.Sigmoid(1),
    TypeError,
    /^\[Sigmoid\] takes at most 0 positional arguments: got 1/,
  ],
  [
    "Tanh options",
    () => new N.Tanh({ inplace: true }),
    TypeError,
    /^\[Tanh\] unknown option "inplace": Tanh takes no options$/,
  ],
  [
    "LeakyReLU negative_slope",
    () => new N.LeakyReLU({ negative_slope: 0.2 }),
    TypeError,
    /^\[LeakyReLU\] unknown option "negative_slope": did you mean "negativeSlope"\?$/,
  ],
  [
    "LeakyReLU slope string",
    () => new N.LeakyReLU("0.2"),
    TypeError,
    /^\[LeakyReLU\] negativeSlope must be a number: got "0.2"$/,
  ],
  [
    "GELU bad approximate",
    () => new N.GELU("tan"),
    RangeError,
    /^\[GELU\] approximate must be one of "none", "tanh": got "tan" \(did you mean "tanh"\?\)$/,
  ],
  [
    "Softmax fractional dim",
    () => new N.Softmax({ dim: 1.5 }),
    TypeError,
    /^\[Softmax\] dim must be an integer: got 1.5$/,
  ],
  [
    "LogSoftmax extra positional",
    () => new N.LogSoftmax(1, 2),
    TypeError,
    /^\[LogSoftmax\] takes at most 1 positional argument: got 2/,
  ],
  [
    "Hardtanh min > max",
    () => new N.Hardtanh(2, 1),
    RangeError,
    /^\[Hardtanh\] minVal cannot be greater than maxVal: got 2 > 1$/,
  ],
  ["PReLU 0 parameters", () => new N.PReLU(0), RangeError, /^\[PReLU\] numParameters must be >= 1: got 0$/],
  [
    "Softplus too many positionals",
    () => new N.Softplus(1, 20, 3),
    TypeError,
    /^\[Softplus\] takes at most 2 positional arguments: got 3/,
  ],
  ["CELU alpha string", () => new N.CELU({ alpha: "1" }), TypeError, /^\[CELU\] alpha must be a number: got "1"$/],
  ["GLU dim fractional", () => new N.GLU(0.5), TypeError, /^\[GLU\] dim must be an integer: got 0.5$/],
  // Recurrent, attention, transformer, flatten, containers
  [
    "LSTM batch_first",
    () => new N.LSTM(4, 8, { batch_first: true }),
    TypeError,
    /^\[LSTM\] unknown option "batch_first": did you mean "batchFirst"\?$/,
  ],
  ["RNN bad nonlinearity", () => new N.RNN(4, 8, 1, "sigmoid"), RangeError, /^\[RNN\] unknown nonlinearity 'sigmoid'/],
  ["GRU 0 layers", () => new N.GRU(4, 8, 0), RangeError, /^\[GRU\] num_layers must be a positive integer: got 0$/],
  [
    "LSTM proj_size positional",
    () => new N.LSTM(4, 8, 1, true, false, 0, false, 0),
    TypeError,
    /^\[LSTM\] takes at most 7 positional arguments: got 8/,
  ],
  [
    "LSTM bidirectional string",
    () => new N.LSTM(4, 8, { bidirectional: "yes" }),
    TypeError,
    /^\[LSTM\] bidirectional must be a boolean: got "yes"$/,
  ],
  [
    "RNN fractional hidden size",
    () => new N.RNN(4, 8.5),
    TypeError,
    /^\[RNN\] hidden_size must be an integer: got 8.5$/,
  ],
  [
    "MultiheadAttention batch_first",
    () => new N.MultiheadAttention(8, 2, { batch_first: true }),
    TypeError,
    /^\[MultiheadAttention\] unknown option "batch_first": did you mean "batchFirst"\?$/,
  ],
  [
    "MultiheadAttention indivisible",
    () => new N.MultiheadAttention(8, 3),
    RangeError,
    /^\[MultiheadAttention\] embed_dim must be divisible by num_heads/,
  ],
  [
    "MultiheadAttention dropout > 1",
    () => new N.MultiheadAttention(8, 2, 2),
    RangeError,
    /^\[MultiheadAttention\] dropout must be <= 1: got 2$/,
  ],
  [
    "MultiheadAttention forward need_weights",
    () => (mha as any).forward(x8, x8, x8, { need_weights: false }),
    TypeError,
    /^\[MultiheadAttention.forward\] unknown option "need_weights": did you mean "needWeights"\?$/,
  ],
  [
    "TransformerEncoderLayer dim_feedforward",
    () => new N.TransformerEncoderLayer(8, 2, { dim_feedforward: 16 }),
    TypeError,
    /^\[TransformerEncoderLayer\] unknown option "dim_feedforward": did you mean "dimFeedforward"\?$/,
  ],
  [
    "TransformerEncoderLayer nhead 0",
    () => new N.TransformerEncoderLayer(8, 0),
    RangeError,
    /^\[TransformerEncoderLayer\] nhead must be >= 1: got 0$/,
  ],
  [
    "TransformerEncoder nrom",
    () => new N.TransformerEncoder(layer, 2, { nrom: null }),
    TypeError,
    /^\[TransformerEncoder\] unknown option "nrom": did you mean "norm"\?$/,
  ],
  [
    "TransformerEncoder negative layers",
    () => new N.TransformerEncoder(layer, -1),
    RangeError,
    /^\[TransformerEncoder\] numLayers must be >= 0: got -1$/,
  ],
  [
    "Flatten start_dim",
    () => new N.Flatten({ start_dim: 0 }),
    TypeError,
    /^\[Flatten\] unknown option "start_dim": did you mean "startDim"\?$/,
  ],
  [
    "Unflatten extra positional",
    () => new N.Unflatten(1, [2, 2], 3),
    TypeError,
    /^\[Unflatten\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "ModuleList extra positional",
    () => new N.ModuleList([], 1),
    TypeError,
    /^\[ModuleList\] takes at most 1 positional argument: got 2/,
  ],
  // Losses
  [
    "BCEWithLogitsLoss pos_weight",
    () => new N.BCEWithLogitsLoss({ pos_weight: pw }),
    TypeError,
    /^\[BCEWithLogitsLoss\] unknown option "pos_weight": did you mean "posWeight"\?$/,
  ],
  [
    "CrossEntropyLoss label_smoothing",
    () => new N.CrossEntropyLoss({ label_smoothing: 0.1 }),
    TypeError,
    /^\[CrossEntropyLoss\] unknown option "label_smoothing": did you mean "labelSmoothing"\?$/,
  ],
  [
    "CrossEntropyLoss ignore_index",
    () => new N.CrossEntropyLoss({ ignore_index: 0 }),
    TypeError,
    /^\[CrossEntropyLoss\] unknown option "ignore_index": did you mean "ignoreIndex"\?$/,
  ],
  [
    "CrossEntropyLoss size_average",
    () => new N.CrossEntropyLoss(null, true),
    TypeError,
    /^\[CrossEntropyLoss\] positional argument 2 is PyTorch's deprecated size_average\/reduce: got true/,
  ],
  [
    "CrossEntropyLoss labelSmoothing > 1",
    () => new N.CrossEntropyLoss({ labelSmoothing: 2 }),
    RangeError,
    /^\[CrossEntropyLoss\] labelSmoothing must be <= 1: got 2$/,
  ],
  [
    "NLLLoss fractional ignoreIndex",
    () => new N.NLLLoss({ ignoreIndex: 1.5 }),
    TypeError,
    /^\[NLLLoss\] ignoreIndex must be an integer: got 1.5$/,
  ],
  [
    "MSELoss bad reduction",
    () => new N.MSELoss({ reduction: "avg" }),
    RangeError,
    /^\[MSELoss\] "avg" is not a valid value for reduction/,
  ],
  [
    "MSELoss reduction positional first",
    () => new N.MSELoss("sum"),
    TypeError,
    /^\[MSELoss\] positional argument 1 is PyTorch's deprecated size_average\/reduce: got "sum"/,
  ],
  ["HuberLoss delta 0", () => new N.HuberLoss({ delta: 0 }), RangeError, /^\[HuberLoss\] delta must be > 0: got 0$/],
  [
    "SmoothL1Loss negative beta",
    () => new N.SmoothL1Loss({ beta: -1 }),
    RangeError,
    /^\[SmoothL1Loss\] beta must be >= 0: got -1$/,
  ],
  [
    "KLDivLoss log_target",
    () => new N.KLDivLoss({ log_target: true }),
    TypeError,
    /^\[KLDivLoss\] unknown option "log_target": did you mean "logTarget"\?$/,
  ],
  [
    "KLDivLoss batchMean",
    () => new N.KLDivLoss({ reduction: "batchMean" }),
    RangeError,
    /^\[KLDivLoss\] reduction must be one of .*: got "batchMean" \(did you mean "batchmean"\?\)$/,
  ],
  [
    "BCELoss weight array",
    () => new N.BCELoss({ weight: [1, 2] }),
    TypeError,
    /^\[BCELoss\] weight must be a Tensor or null: got an array of length 2$/,
  ],
  [
    "MarginRankingLoss margin string",
    () => new N.MarginRankingLoss({ margin: "1" }),
    TypeError,
    /^\[MarginRankingLoss\] margin must be a number: got "1"$/,
  ],
  [
    "CosineEmbeddingLoss too many positionals",
    () => new N.CosineEmbeddingLoss(0, null, null, "sum", 1),
    TypeError,
    /^\[CosineEmbeddingLoss\] takes at most 4 positional arguments: got 5/,
  ],
  [
    "HuberLoss reduction positional misspelled",
    () => new N.HuberLoss("summ"),
    RangeError,
    /^\[HuberLoss\] "summ" is not a valid value for reduction/,
  ],
  // Module methods
  [
    "loadStateDict strcit",
    () => lin().loadStateDict(lin().stateDict(), { strcit: true }),
    TypeError,
    /^\[loadStateDict\] unknown option "strcit": did you mean "strict"\?$/,
  ],
  [
    "loadStateDict strict string",
    () => lin().loadStateDict(lin().stateDict(), "yes"),
    TypeError,
    /^\[loadStateDict\] strict must be a boolean: got "yes"$/,
  ],
  [
    "loadStateDict array",
    () => lin().loadStateDict([1, 2]),
    TypeError,
    /^\[loadStateDict\] stateDict must be an object or a Map of tensors: got an array of length 2$/,
  ],
  [
    "namedParameters recurce",
    () => lin().namedParameters({ recurce: false }),
    TypeError,
    /^\[namedParameters\] unknown option "recurce": did you mean "recurse"\?$/,
  ],
  [
    "parameters recurse string",
    () => lin().parameters("no"),
    TypeError,
    /^\[parameters\] recurse must be a boolean: got "no"$/,
  ],
  [
    "buffers too many positionals",
    () => lin().buffers(true, true),
    TypeError,
    /^\[buffers\] takes at most 1 positional argument: got 2/,
  ],
  [
    "zeroGrad set_to_none",
    () => lin().zeroGrad({ set_to_none: false }),
    TypeError,
    /^\[zeroGrad\] unknown option "set_to_none": did you mean "setToNone"\?$/,
  ],
  [
    "train string",
    () => lin().train("yes"),
    TypeError,
    /^\[train\] training mode is expected to be boolean: got string$/,
  ],
  [
    "to non_blocking",
    () => lin().to("float64", true),
    TypeError,
    /^\[Module.to\] to\(dtype\) takes no second argument: got true \(to\(device, dtype\) puts the device first\)$/,
  ],
  [
    "stateDict keep_vars",
    () => lin().stateDict({ keep_vars: true }),
    TypeError,
    /^\[stateDict\] unknown option "keep_vars": did you mean "keepVars"\?$/,
  ],
  ["apply number", () => lin().apply(5), TypeError, /^\[apply\] fn must be a function: got 5$/],
  [
    "requiresGrad_ string",
    () => lin().requiresGrad_("no"),
    TypeError,
    /^\[requiresGrad_\] requiresGrad must be a boolean: got "no"$/,
  ],
  // init and utils
  [
    "init.uniform_ genrator",
    () => init.uniform_(torch.empty(2, 2), 0, 1, { genrator: null }),
    TypeError,
    /^\[uniform_\] unknown option "genrator": did you mean "generator"\?$/,
  ],
  [
    "init.kaimingUniform_ mod",
    () => init.kaimingUniform_(torch.empty(2, 2), 0, { mod: "fan_in" }),
    TypeError,
    /^\[kaimingUniform_\] unknown option "mod": did you mean "mode"\?$/,
  ],
  [
    "init.normal_ mean string",
    () => init.normal_(torch.empty(2, 2), "0"),
    TypeError,
    /^\[normal_\] mean must be a number: got "0"$/,
  ],
  [
    "init.xavierUniform_ too many",
    () => init.xavierUniform_(torch.empty(2, 2), 1, 2),
    TypeError,
    /^\[xavierUniform_\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "init.constant_ string",
    () => init.constant_(torch.empty(2), "1"),
    TypeError,
    /^\[constant_\] val must be a number: got "1"$/,
  ],
  [
    "clipGradNorm_ error_if_nonfinite",
    () => utils.clipGradNorm_(lin().parameters(), 1, 2, { error_if_nonfinite: true }),
    TypeError,
    /^\[clipGradNorm_\] unknown option "error_if_nonfinite": did you mean "errorIfNonfinite"\?$/,
  ],
  [
    "clipGradValue_ string",
    () => utils.clipGradValue_(lin().parameters(), "1"),
    TypeError,
    /^\[clipGradValue_\] clipValue must be a number: got "1" \(call it as clipGradValue_\(parameters, clipValue\)\)$/,
  ],
];

describe("nn bad inputs", () => {
  it(`has at least 100 rows (${ROWS.length})`, () => assert.ok(ROWS.length >= 100));
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
