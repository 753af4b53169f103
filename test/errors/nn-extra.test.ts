/**
 * Bad-input table for the second batch of `nn.functional` ops and `nn` layers (interpolate,
 * pixel shuffle, distances, the extra losses, padding layers, recurrent cells, instance norm,
 * upsampling): each row calls the API wrongly and asserts the error class and the `[op]` message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { nn } from "../../src/index.js";
import { table, type Row } from "./table.js";

const F: any = nn.functional;
const N: any = nn;

const x3 = torch.randn(1, 2, 5);
const x4 = torch.randn(1, 2, 4, 4);
const a = torch.randn(3, 4);
const b = torch.randn(3, 4);
const pm = torch.tensor([1, -1, 1, -1], { dtype: "float32" });

const FUNCTIONAL: Row[] = [
  [
    "interpolate no size",
    () => F.interpolate(x4),
    TypeError,
    "[interpolate] either size or scaleFactor should be defined",
  ],
  [
    "interpolate both size and scale",
    () => F.interpolate(x4, 8, 2),
    TypeError,
    "[interpolate] only one of size or scaleFactor should be defined",
  ],
  [
    "interpolate python keyword",
    () => F.interpolate(x4, { scale_factor: 2 }),
    TypeError,
    '[interpolate] unknown option "scale_factor": did you mean "scaleFactor"?',
  ],
  [
    "interpolate bilinear on 3-D",
    () => F.interpolate(x3, { size: 4, mode: "bilinear" }),
    RangeError,
    "[interpolate] got 3D input, but bilinear mode needs 4D input",
  ],
  [
    "interpolate unknown mode",
    () => F.interpolate(x4, { size: 4, mode: "area" }),
    RangeError,
    /^\[interpolate\] mode must be one of "nearest", .*: got "area"$/,
  ],
  [
    "interpolate alignCorners with nearest",
    () => F.interpolate(x4, { size: 4, alignCorners: true }),
    RangeError,
    /^\[interpolate\] alignCorners option can only be set with the interpolating modes/,
  ],
  [
    "interpolate size of wrong length",
    () => F.interpolate(x4, { size: [2, 3, 4] }),
    RangeError,
    "[interpolate] size shape must match input shape: input has 2 spatial dimension(s), got size of length 3",
  ],
  [
    "interpolate 2-D input",
    () => F.interpolate(torch.randn(2, 3), { size: 4 }),
    RangeError,
    /^\[interpolate\] input must be 3-D, 4-D or 5-D/,
  ],
  [
    "interpolate fractional size",
    () => F.interpolate(x4, { size: 2.5 }),
    TypeError,
    "[interpolate] size must be an integer: got 2.5",
  ],
  [
    "interpolate antialias",
    () => F.interpolate(x4, { size: 2, mode: "bilinear", antialias: true }),
    RangeError,
    "[interpolate] antialias is not supported: got true, expected false",
  ],
  [
    "pixelShuffle channels not divisible",
    () => F.pixelShuffle(torch.randn(1, 7, 2, 2), 2),
    RangeError,
    "[pixelShuffle] expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=7 is not divisible by 4",
  ],
  [
    "pixelShuffle missing factor",
    () => F.pixelShuffle(x4),
    TypeError,
    '[pixelShuffle] missing required argument "upscaleFactor"',
  ],
  [
    "pixelShuffle 2-D input",
    () => F.pixelShuffle(torch.randn(4, 4), 2),
    RangeError,
    "[pixelShuffle] expects its input to have at least 3 dimensions, but got input with 2 dimension(s)",
  ],
  [
    "pixelUnshuffle size not divisible",
    () => F.pixelUnshuffle(torch.randn(1, 1, 5, 4), 2),
    RangeError,
    "[pixelUnshuffle] expects height and width to be divisible by downscale_factor: got 5x4, downscale_factor 2",
  ],
  [
    "channelShuffle groups do not divide",
    () => F.channelShuffle(torch.randn(1, 5, 2, 2), 2),
    RangeError,
    "[channelShuffle] number of channels must be divisible by groups: got 5 channels, 2 groups",
  ],
  [
    "normalize int input",
    () => F.normalize(torch.tensor([1, 2])),
    TypeError,
    "[normalize] expected a floating point input: got int64",
  ],
  ["normalize negative eps", () => F.normalize(a, 2, 1, -1), RangeError, "[normalize] eps must be >= 0: got -1"],
  [
    "cosineSimilarity not broadcastable",
    () => F.cosineSimilarity(a, torch.randn(2, 4)),
    RangeError,
    "[cosineSimilarity] x1 [3, 4] and x2 [2, 4] are not broadcastable",
  ],
  [
    "cosineSimilarity dim out of range",
    () => F.cosineSimilarity(a, b, 2),
    RangeError,
    "[cosineSimilarity] dimension out of range: got dim 2, expected to be in range of [-2, 1]",
  ],
  [
    "cosineSimilarity x2 not a tensor",
    () => F.cosineSimilarity(a, [1, 2]),
    TypeError,
    "[cosineSimilarity] expected x2 to be a Tensor: got an array",
  ],
  [
    "pairwiseDistance keepdim not bool",
    () => F.pairwiseDistance(a, b, 2, 1e-6, 1),
    TypeError,
    "[pairwiseDistance] keepdim must be a boolean: got 1",
  ],
  [
    "softMarginLoss shape mismatch",
    () => F.softMarginLoss(a, torch.ones(4)),
    RangeError,
    "[softMarginLoss] target shape [4] must match input shape [3, 4]",
  ],
  [
    "softMarginLoss bad reduction",
    () => F.softMarginLoss(a, b, { reduction: "avg" }),
    RangeError,
    '[softMarginLoss] "avg" is not a valid value for reduction: expected "none", "mean" or "sum"',
  ],
  [
    "softMarginLoss size_average positional",
    () => F.softMarginLoss(a, b, true),
    TypeError,
    /^\[softMarginLoss\] positional argument 3 is PyTorch's deprecated size_average\/reduce/,
  ],
  [
    "multilabelSoftMarginLoss pos_weight",
    () => F.multilabelSoftMarginLoss(a, b, { pos_weight: a }),
    TypeError,
    /^\[multilabelSoftMarginLoss\] unknown option "pos_weight"/,
  ],
  [
    "hingeEmbeddingLoss margin not a number",
    () => F.hingeEmbeddingLoss(pm, pm, "1"),
    TypeError,
    '[hingeEmbeddingLoss] margin must be a number: got "1"',
  ],
  [
    "tripletMarginLoss dims differ",
    () => F.tripletMarginLoss(a, b, torch.randn(4)),
    RangeError,
    "[tripletMarginLoss] the anchor, positive, and negative tensors are expected to have the same number of dimensions: got 2, 2, 1",
  ],
  [
    "tripletMarginLoss 3-D",
    () => F.tripletMarginLoss(x3, x3, x3),
    RangeError,
    "[tripletMarginLoss] expected 1-D (unbatched) or 2-D (batched) inputs: got 3-D",
  ],
  [
    "poissonNllLoss log_input",
    () => F.poissonNllLoss(a, b, { log_input: false }),
    TypeError,
    '[poissonNllLoss] unknown option "log_input": did you mean "logInput"?',
  ],
  [
    "gaussianNllLoss var of wrong size",
    () => F.gaussianNllLoss(a, b, torch.ones(3, 2)),
    RangeError,
    "[gaussianNllLoss] var is of incorrect size: got [3, 2] for input [3, 4]",
  ],
  [
    "gaussianNllLoss negative var",
    () => F.gaussianNllLoss(a, b, torch.full([3, 4], -1)),
    RangeError,
    "[gaussianNllLoss] var has negative entry/entries",
  ],
  [
    "multiMarginLoss p = 3",
    () => F.multiMarginLoss(a, torch.tensor([0, 1, 2]), 3),
    RangeError,
    "[multiMarginLoss] only p == 1 and p == 2 supported: got 3",
  ],
  [
    "multiMarginLoss target out of range",
    () => F.multiMarginLoss(a, torch.tensor([0, 1, 4])),
    RangeError,
    "[multiMarginLoss] target 4 is out of bounds for 4 classes",
  ],
  [
    "multiMarginLoss float target",
    () => F.multiMarginLoss(a, torch.tensor([0, 1, 2], { dtype: "float32" })),
    TypeError,
    "[multiMarginLoss] expected an int64 target: got float32",
  ],
  [
    "softshrink negative lambda",
    () => F.softshrink(a, -1),
    RangeError,
    "[softshrink] lambda must be greater or equal to 0, but found to be -1.",
  ],
  [
    "hardshrink int input",
    () => F.hardshrink(torch.tensor([1, 2])),
    TypeError,
    "[hardshrink] expected a floating point input: got int64",
  ],
  [
    "localResponseNorm 2-D input",
    () => F.localResponseNorm(a, 2),
    RangeError,
    "[localResponseNorm] expected 3D or higher dimensionality input: got 2 dimensions",
  ],
  [
    "localResponseNorm size missing",
    () => F.localResponseNorm(x4),
    TypeError,
    '[localResponseNorm] missing required argument "size"',
  ],
  [
    "lpPool2d kernel of wrong length",
    () => F.lpPool2d(x4, 2, [2, 2, 2]),
    TypeError,
    "[lpPool2d] kernelSize must be an integer or a list of 2 integers: got [2,2,2]",
  ],
  [
    "unfold 2-D input",
    () => F.unfold(a, 2),
    RangeError,
    "[unfold] expected 3-D (unbatched) or 4-D (batched) input: got 2-D input [3, 4]",
  ],
  [
    "unfold kernel larger than input",
    () => F.unfold(x4, 5),
    RangeError,
    /^\[unfold\] given input with spatial size \(4, 4\), kernel_size=\(5, 5\).*calculated shape of the array of sliding blocks as \(0, 0\)/,
  ],
  [
    "unfold stride 0",
    () => F.unfold(x4, 2, { stride: 0 }),
    RangeError,
    "[unfold] stride should be greater than zero: got (0, 0)",
  ],
  [
    "fold channels not divisible",
    () => F.fold(torch.randn(1, 7, 16), [5, 5], 2),
    RangeError,
    "[fold] expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=7 and kernel_size=(2, 2)",
  ],
  [
    "fold wrong number of blocks",
    () => F.fold(torch.randn(1, 8, 15), [5, 5], 2),
    RangeError,
    /^\[fold\] given output_size=\(5, 5\), .*sliding blocks 4 \* 4 = 16, but got input.size\(2\)=15$/,
  ],
  [
    "fold output size missing",
    () => F.fold(torch.randn(1, 8, 16)),
    TypeError,
    '[fold] missing required argument "outputSize"',
  ],
  [
    "alphaDropout p > 1",
    () => F.alphaDropout(a, 1.5, true),
    RangeError,
    "[alphaDropout] dropout probability has to be between 0 and 1, but got 1.5",
  ],
  [
    "featureAlphaDropout 1-D input",
    () => F.featureAlphaDropout(torch.randn(4), 0.5, true),
    RangeError,
    "[featureAlphaDropout] feature dropout requires at least 2 dimensions in the input: got 1-D",
  ],
  [
    "rrelu lower above upper",
    () => F.rrelu(a, 0.5, 0.1),
    RangeError,
    "[rrelu] lower bound should be less than or equal to the upper bound: got lower 0.5, upper 0.1",
  ],
  [
    "adaptiveMaxPool2d 2-D input",
    () => F.adaptiveMaxPool2d(a, 2),
    RangeError,
    "[adaptiveMaxPool2d] expected 3-D or 4-D input: got 2-D input [3, 4]",
  ],
  [
    "adaptiveMaxPool1d bad output size",
    () => F.adaptiveMaxPool1d(x3, 1.5),
    TypeError,
    "[adaptiveMaxPool1d] outputSize must be an integer or a list of 1 integers (or null): got 1.5",
  ],
  [
    "adaptiveMaxPool2d return_indices",
    () => F.adaptiveMaxPool2d(x4, 2, { return_indices: true }),
    TypeError,
    '[adaptiveMaxPool2d] unknown option "return_indices": did you mean "returnIndices"?',
  ],
];

const LAYERS: Row[] = [
  [
    "Upsample python keyword",
    () => new N.Upsample({ scale_factor: 2 }),
    TypeError,
    '[Upsample] unknown option "scale_factor": did you mean "scaleFactor"?',
  ],
  [
    "Upsample size not numbers",
    () => new N.Upsample("big"),
    TypeError,
    '[Upsample] size must be a number, a list of numbers or null: got "big"',
  ],
  [
    "Upsample forward without size or scale",
    () => new N.Upsample().call(x4),
    TypeError,
    "[Upsample] either size or scaleFactor should be defined",
  ],
  [
    "UpsamplingBilinear2d on 3-D",
    () => new N.UpsamplingBilinear2d({ scaleFactor: 2 }).call(x3),
    RangeError,
    "[UpsamplingBilinear2d] got 3D input, but bilinear mode needs 4D input",
  ],
  [
    "PixelShuffle factor 0",
    () => new N.PixelShuffle(0),
    RangeError,
    "[PixelShuffle] upscaleFactor must be >= 1: got 0",
  ],
  [
    "ZeroPad2d padding of wrong length",
    () => new N.ZeroPad2d([1, 2, 3]),
    TypeError,
    "[ZeroPad2d] padding must be an integer or a list of 4 integers: got an array of length 3",
  ],
  [
    "ConstantPad1d value missing",
    () => new N.ConstantPad1d(2),
    TypeError,
    "[ConstantPad1d] value must be a number: got undefined",
  ],
  [
    "ReflectionPad2d padding too large",
    () => new N.ReflectionPad2d(4).call(x4),
    RangeError,
    /^\[pad\] padding size should be less than the corresponding input dimension/,
  ],
  [
    "ReplicationPad2d on 2-D input",
    () => new N.ReplicationPad2d(1).call(torch.randn(3, 3)),
    RangeError,
    "[ReplicationPad2d] expected 3-D or 4-D input: got 2-D input [3, 3]",
  ],
  [
    "RNNCell bad nonlinearity",
    () => new N.RNNCell(3, 4, true, "sigmoid"),
    RangeError,
    '[RNNCell] nonlinearity must be one of "tanh", "relu": got "sigmoid"',
  ],
  ["RNNCell hidden size 0", () => new N.RNNCell(3, 0), RangeError, "[RNNCell] hiddenSize must be >= 1: got 0"],
  [
    "LSTMCell wrong input size",
    () => new N.LSTMCell(3, 4).call(torch.randn(2, 5)),
    RangeError,
    "[LSTMCell] input has inconsistent input_size: got 5, expected 3",
  ],
  [
    "LSTMCell hx not a pair",
    () => new N.LSTMCell(3, 4).call(torch.randn(2, 3), torch.zeros(2, 4)),
    TypeError,
    /^\[LSTMCell\] hx must be a pair \[h0, c0\] or null/,
  ],
  [
    "GRUCell hx of wrong shape",
    () => new N.GRUCell(3, 4).call(torch.randn(2, 3), torch.zeros(2, 5)),
    RangeError,
    "[GRUCell] expected hx of shape [2, 4]: got [2, 5]",
  ],
  [
    "GRUCell 3-D input",
    () => new N.GRUCell(3, 4).call(torch.randn(1, 2, 3)),
    RangeError,
    "[GRUCell] expected input to be 1-D or 2-D: got 3-D input [1, 2, 3]",
  ],
  [
    "InstanceNorm2d on 2-D input",
    () => new N.InstanceNorm2d(2).call(torch.randn(2, 2)),
    RangeError,
    "[InstanceNorm2d] expected 3-D (unbatched) or 4-D (batched) input: got 2-D input [2, 2]",
  ],
  [
    "InstanceNorm1d affine channel mismatch",
    () => new N.InstanceNorm1d(3, { affine: true }).call(x3),
    RangeError,
    "[InstanceNorm1d] expected input's size at dim=1 to match num_features (3): got 2",
  ],
  [
    "InstanceNorm2d track_running_stats",
    () => new N.InstanceNorm2d(2, { track_running_stats: true }),
    TypeError,
    '[InstanceNorm2d] unknown option "track_running_stats": did you mean "trackRunningStats"?',
  ],
  [
    "TripletMarginLoss swap not bool",
    () => new N.TripletMarginLoss({ swap: 1 }),
    TypeError,
    "[TripletMarginLoss] swap must be a boolean: got 1",
  ],
  [
    "GaussianNLLLoss positional full",
    () => new N.GaussianNLLLoss(true),
    TypeError,
    /^\[GaussianNLLLoss\] takes at most 0 positional arguments: got 1/,
  ],
  [
    "MultiMarginLoss p = 3",
    () => new N.MultiMarginLoss(3),
    RangeError,
    "[MultiMarginLoss] only p == 1 and p == 2 supported: got 3",
  ],
  [
    "MultiLabelSoftMarginLoss weight not a tensor",
    () => new N.MultiLabelSoftMarginLoss([1, 2]),
    TypeError,
    "[MultiLabelSoftMarginLoss] weight must be a Tensor or null: got an array of length 2",
  ],
  [
    "SoftMarginLoss bad reduction",
    () => new N.SoftMarginLoss({ reduction: "avg" }),
    RangeError,
    '[SoftMarginLoss] "avg" is not a valid value for reduction: expected "none", "mean" or "sum"',
  ],
  [
    "Softshrink lambd not a number",
    () => new N.Softshrink("x"),
    TypeError,
    '[Softshrink] lambd must be a number: got "x"',
  ],
  ["LPPool1d missing kernel", () => new N.LPPool1d(2), TypeError, '[LPPool1d] missing required argument "kernelSize"'],
  [
    "Fold misspelled option",
    () => new N.Fold(4, 2, { strides: 2 }),
    TypeError,
    '[Fold] unknown option "strides": did you mean "stride"?',
  ],
  [
    "LocalResponseNorm size 0",
    () => new N.LocalResponseNorm(0),
    RangeError,
    "[LocalResponseNorm] size must be >= 1: got 0",
  ],
  [
    "TransformerDecoderLayer bad activation",
    () => new N.TransformerDecoderLayer(8, 2, { activation: "tanh" }),
    RangeError,
    '[TransformerDecoderLayer] activation should be relu/gelu, not "tanh"',
  ],
  [
    "TransformerDecoderLayer norm_first",
    () => new N.TransformerDecoderLayer(8, 2, { norm_first: true }),
    TypeError,
    '[TransformerDecoderLayer] unknown option "norm_first": did you mean "normFirst"?',
  ],
  [
    "TransformerDecoder norm not a module",
    () => new N.TransformerDecoder(new N.TransformerDecoderLayer(4, 1, 8), 1, 3),
    TypeError,
    "[TransformerDecoder] norm must be a Module or null: got 3",
  ],
  [
    "Transformer batch sizes differ",
    () =>
      new N.Transformer({ dModel: 4, nhead: 1, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8 }).call(
        torch.randn(3, 2, 4),
        torch.randn(3, 5, 4),
      ),
    RangeError,
    "[Transformer] the batch number of src and tgt must be equal: got [3, 2, 4] and [3, 5, 4]",
  ],
  [
    "Transformer feature size differs from dModel",
    () =>
      new N.Transformer({ dModel: 4, nhead: 1, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8 }).call(
        torch.randn(3, 2, 6),
        torch.randn(3, 2, 6),
      ),
    RangeError,
    "[Transformer] the feature number of src and tgt must be equal to d_model (4): got [3, 2, 6] and [3, 2, 6]",
  ],
  ["Threshold value missing", () => new N.Threshold(0.1), TypeError, '[Threshold] missing required argument "value"'],
  [
    "Softmax2d on 2-D input",
    () => new N.Softmax2d().call(a),
    RangeError,
    "[Softmax2d] expected 3-D or 4-D input: got 2-D input",
  ],
  [
    "AlphaDropout p < 0",
    () => new N.AlphaDropout(-0.1),
    RangeError,
    "[AlphaDropout] dropout probability has to be between 0 and 1, but got -0.1",
  ],
];

describe("nn.functional (batch 2) bad inputs", () => table(FUNCTIONAL));
describe("nn layers (batch 2) bad inputs", () => table(LAYERS));
