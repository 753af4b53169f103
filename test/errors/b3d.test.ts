/**
 * Bad-input table for the b3d names: 3-D convolution and pooling (functionals, layers, torch
 * aliases), BatchNorm3d, max unpooling, affine_grid/grid_sample and fractional max pooling. Each
 * row calls the API wrongly and asserts the error class and the `[op]` message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { nn } from "../../src/index.js";
import { table, type Row } from "./table.js";

const F: any = nn.functional;
const N: any = nn;
const T: any = torch;
const x5 = torch.randn(1, 2, 4, 4, 4);

const CONV_POOL_3D: Row[] = [
  [
    "conv3d 4-D weight",
    () => F.conv3d(x5, torch.randn(2, 2, 3, 3)),
    RangeError,
    "[conv3d] expected a 5-D weight [out_channels, in_channels/groups, kD, kH, kW]: got [2, 2, 3, 3]",
  ],
  [
    "conv3d 3-D input",
    () => F.conv3d(torch.randn(2, 4, 4), torch.randn(2, 2, 3, 3, 3)),
    RangeError,
    "[conv3d] expected input of shape [N, 2, D, H, W] (5-D, or 4-D unbatched, with 2 channels): got [2, 4, 4]",
  ],
  [
    "conv3d channels",
    () => F.conv3d(x5, torch.randn(2, 3, 3, 3, 3)),
    RangeError,
    "[conv3d] expected input of shape [N, 3, D, H, W] (5-D with 3 channels): got [1, 2, 4, 4, 4]",
  ],
  [
    "conv3d same strided",
    () => F.conv3d(x5, torch.randn(2, 2, 3, 3, 3), null, 2, "same"),
    RangeError,
    "[conv3d] padding='same' is not supported for strided convolutions",
  ],
  [
    "conv3d stride list",
    () => F.conv3d(x5, torch.randn(2, 2, 3, 3, 3), null, [1, 2]),
    TypeError,
    "[conv3d] stride must be an integer or a list of 3 integers: got [1,2]",
  ],
  [
    "conv3d kernel too big",
    () => F.conv3d(x5, torch.randn(2, 2, 5, 3, 3)),
    RangeError,
    "[conv3d] kernel size can't be greater than the padded input size: got padded input [4, 4, 4] and effective kernel [5, 3, 3]",
  ],
  [
    "conv3d opt",
    () => F.conv3d(x5, torch.randn(2, 2, 3, 3, 3), { out_channels: 1 }),
    TypeError,
    '[conv3d] unknown option "out_channels": expected one of "bias", "dilation", "groups", "padding", "stride"',
  ],
  [
    "convT3d outpad",
    () => F.convTranspose3d(x5, torch.randn(2, 2, 3, 3, 3), null, 1, 0, 1),
    RangeError,
    "[convTranspose3d] output padding must be smaller than either stride or dilation: got output_padding=[1, 1, 1], stride=[1, 1, 1], dilation=[1, 1, 1]",
  ],
  [
    "convT3d input",
    () => F.convTranspose3d(torch.randn(1, 3, 4, 4, 4), torch.randn(2, 2, 3, 3, 3)),
    RangeError,
    "[convTranspose3d] expected input of shape [N, 2, D, H, W] (5-D with 2 channels): got [1, 3, 4, 4, 4]",
  ],
  [
    "maxPool3d pad",
    () => F.maxPool3d(x5, 2, 2, 2),
    RangeError,
    "[maxPool3d] pad should be at most half of effective kernel size: got pad=2, kernel_size=2 and dilation=1",
  ],
  [
    "maxPool3d 3-D",
    () => F.maxPool3d(torch.randn(2, 4, 4), 2),
    RangeError,
    "[maxPool3d] expected input of shape [N, C, D, H, W] or [C, D, H, W] (5-D or 4-D): got [2, 4, 4]",
  ],
  [
    "maxPool3d too small",
    () => F.maxPool3d(x5, 5),
    RangeError,
    "[maxPool3d] given input size [1, 2, 4, 4, 4], the calculated output size [1, 2, 0, 0, 0] is too small",
  ],
  [
    "maxPool3d ri",
    () => F.maxPool3d(x5, 2, { returnIndices: 1 }),
    TypeError,
    "[maxPool3d] returnIndices must be a boolean: got 1",
  ],
  [
    "avgPool3d int",
    () => F.avgPool3d(x5.long(), 2),
    TypeError,
    "[avgPool3d] expected a floating point input: got int64",
  ],
  [
    "avgPool3d div0",
    () => F.avgPool3d(x5, 2, null, 0, false, true, 0),
    RangeError,
    "[avgPool3d] divisor must be not zero",
  ],
  [
    "adaptiveAvgPool3d size",
    () => F.adaptiveAvgPool3d(x5, [2, 2]),
    TypeError,
    "[adaptiveAvgPool3d] output_size must be an integer or 3 integers (or null): got [2,2]",
  ],
  [
    "adaptiveMaxPool3d size",
    () => F.adaptiveMaxPool3d(x5, [2, 2]),
    TypeError,
    "[adaptiveMaxPool3d] outputSize must be an integer or a list of 3 integers (or null): got [2,2]",
  ],
  [
    "adaptiveMaxPool3d dim",
    () => F.adaptiveMaxPool3d(torch.randn(4, 4), 2),
    RangeError,
    "[adaptiveMaxPool3d] expected 4-D or 5-D input: got 2-D input [4, 4]",
  ],
  [
    "torch.adaptiveMaxPool1d extra",
    () => T.adaptiveMaxPool1d(torch.randn(1, 2, 5), 2, true),
    TypeError,
    "[adaptiveMaxPool1d] too many arguments: got 3, expected input and outputSize",
  ],
  [
    "Conv3d kernel",
    () => new N.Conv3d(2, 4, [3, 3]),
    TypeError,
    "[Conv3d] kernel_size must be an integer or a list of 3 integers: got [3,3]",
  ],
  [
    "ConvTranspose3d padmode",
    () => new N.ConvTranspose3d(2, 4, 3, { paddingMode: "reflect" }),
    RangeError,
    '[ConvTranspose3d] only "zeros" padding mode is supported for ConvTranspose3d',
  ],
  [
    "MaxPool3d neg",
    () => new N.MaxPool3d(2, 1, -1),
    RangeError,
    "[MaxPool3d] padding must be non-negative: got (-1, -1, -1)",
  ],
  [
    "AvgPool3d div",
    () => new N.AvgPool3d(2, { divisorOverride: 0 }),
    RangeError,
    "[AvgPool3d] divisor must be not zero",
  ],
  [
    "AdaptiveAvgPool3d neg",
    () => new N.AdaptiveAvgPool3d([1, -1, 2]),
    RangeError,
    "[AdaptiveAvgPool3d] output_size must be non-negative: got [1,-1,2]",
  ],
  [
    "BatchNorm3d 4-D",
    () => new N.BatchNorm3d(2).call(torch.randn(1, 2, 3, 3)),
    RangeError,
    "[BatchNorm3d] expected input of shape [N, 2, D, H, W] (5-D): got [1, 2, 3, 3]",
  ],
  ["BatchNorm3d feat", () => new N.BatchNorm3d(0), RangeError, "[BatchNorm3d] numFeatures must be >= 1: got 0"],
];

describe("3-D convolution, pooling and BatchNorm3d: bad inputs", () => table(CONV_POOL_3D));

const [v, i]: any = F.maxPool2d(torch.randn(1, 1, 4, 4), 2, { returnIndices: true });
const UNPOOL: Row[] = [
  [
    "maxUnpool2d int input",
    () => F.maxUnpool2d(v.long(), i, 2),
    TypeError,
    "[maxUnpool2d] expected a floating point input: got int64",
  ],
  [
    "maxUnpool2d int32 indices",
    () => F.maxUnpool2d(v, i.int(), 2),
    TypeError,
    "[maxUnpool2d] indices must be int64: got int32",
  ],
  [
    "maxUnpool2d indices shape",
    () => F.maxUnpool2d(v, i.narrow(3, 0, 1), 2),
    RangeError,
    "[maxUnpool2d] indices must have the input's shape [1, 1, 2, 2]: got [1, 1, 2, 1]",
  ],
  [
    "maxUnpool2d 2-D input",
    () => F.maxUnpool2d(v.reshape([2, 2]), i.reshape([2, 2]), 2),
    RangeError,
    "[maxUnpool2d] expected input of shape [N, C, H, W] or [C, H, W] (4-D or 3-D): got [2, 2]",
  ],
  [
    "maxUnpool2d index out of range",
    () => F.maxUnpool2d(v, i.add(16), 2),
    RangeError,
    /^\[maxUnpool2d\] found an invalid max index: got \d\d, expected 0 to 15 \(output size 4x4\)$/,
  ],
  [
    "maxUnpool2d output size range",
    () => F.maxUnpool2d(v, i, 2, null, 0, [7, 7]),
    RangeError,
    "[maxUnpool2d] invalid outputSize [7,7]: got 7 at dim 0, expected strictly between 2 and 6",
  ],
  [
    "maxUnpool2d output size length",
    () => F.maxUnpool2d(v, i, 2, null, 0, [1, 4, 4]),
    RangeError,
    "[maxUnpool2d] outputSize should hold 2 or 4 elements: got 3 ([1,4,4])",
  ],
  [
    "maxUnpool2d output size kind",
    () => F.maxUnpool2d(v, i, 2, null, 0, 4),
    TypeError,
    "[maxUnpool2d] outputSize must be a list of integers: got 4",
  ],
  [
    "maxUnpool2d missing kernel",
    () => F.maxUnpool2d(v, i),
    TypeError,
    '[maxUnpool2d] missing required argument "kernelSize"',
  ],
  [
    "maxUnpool1d stride 0",
    () => F.maxUnpool1d(v.reshape([1, 1, 4]), i.reshape([1, 1, 4]), 2, 0),
    RangeError,
    "[maxUnpool1d] stride must be positive: got [0]",
  ],
  [
    "maxUnpool3d indices",
    () => F.maxUnpool3d(torch.randn(1, 1, 2, 2, 2), "x", 2),
    TypeError,
    "[maxUnpool3d] expected indices to be a Tensor: got string",
  ],
  [
    "MaxUnpool2d negative padding",
    () => new N.MaxUnpool2d(2, 2, -1),
    RangeError,
    "[MaxUnpool2d] padding must be non-negative: got (-1, -1)",
  ],
  [
    "MaxUnpool3d option",
    () => new N.MaxUnpool3d(2, { output_size: [4, 4, 4] }),
    TypeError,
    '[MaxUnpool3d] unknown option "output_size": expected one of "padding", "stride"',
  ],
];

describe("max unpooling: bad inputs", () => table(UNPOOL));

const th = torch.zeros([2, 2, 3]);
const x4 = torch.randn(2, 3, 4, 4);
const g4 = torch.zeros([2, 3, 3, 2]);
const GRID: Row[] = [
  [
    "affineGrid int theta",
    () => F.affineGrid(th.long(), [2, 1, 4, 4]),
    TypeError,
    "[affineGrid] expected theta to be floating point: got int64",
  ],
  [
    "affineGrid theta shape",
    () => F.affineGrid(th, [2, 1, 4, 4, 4]),
    RangeError,
    "[affineGrid] expected a batch of 3-D affine matrices of shape [2, 3, 4] for size [2, 1, 4, 4, 4]: got [2, 2, 3]",
  ],
  [
    "affineGrid batch mismatch",
    () => F.affineGrid(th, [3, 1, 4, 4]),
    RangeError,
    "[affineGrid] expected a batch of 2-D affine matrices of shape [3, 2, 3] for size [3, 1, 4, 4]: got [2, 2, 3]",
  ],
  [
    "affineGrid 1-D size",
    () => F.affineGrid(th, [2, 1, 4]),
    RangeError,
    "[affineGrid] only 2-D and 3-D sizes are supported: got size [2, 1, 4], expected [N, C, H, W] or [N, C, D, H, W]",
  ],
  [
    "affineGrid size kind",
    () => F.affineGrid(th, "4x4"),
    TypeError,
    '[affineGrid] size must be a list of non-negative integers: got "4x4"',
  ],
  [
    "affineGrid zero size",
    () => F.affineGrid(th, [2, 1, 0, 4]),
    RangeError,
    "[affineGrid] expected non-zero spatial sizes: got size [2, 1, 0, 4]",
  ],
  [
    "affineGrid alignCorners kind",
    () => F.affineGrid(th, [2, 1, 4, 4], 1),
    TypeError,
    "[affineGrid] alignCorners must be a boolean: got 1",
  ],
  ["affineGrid missing size", () => F.affineGrid(th), TypeError, '[affineGrid] missing required argument "size"'],
  [
    "gridSample unknown mode",
    () => F.gridSample(x4, g4, "area"),
    RangeError,
    '[gridSample] mode must be "bilinear", "nearest" or "bicubic": got "area"',
  ],
  [
    "gridSample bicubic on 5-D input",
    () => F.gridSample(torch.randn(1, 1, 2, 2, 2), torch.zeros([1, 1, 1, 1, 3]), "bicubic"),
    RangeError,
    "[gridSample] bicubic interpolation only supports 4-D input: got [1, 1, 2, 2, 2]",
  ],
  [
    "gridSample padding mode",
    () => F.gridSample(x4, g4, "bilinear", "wrap"),
    RangeError,
    '[gridSample] paddingMode must be "zeros", "border" or "reflection": got "wrap"',
  ],
  [
    "gridSample int input",
    () => F.gridSample(x4.long(), g4.long()),
    TypeError,
    "[gridSample] expected a floating point input: got int64",
  ],
  [
    "gridSample dtype mismatch",
    () => F.gridSample(x4, g4.double()),
    TypeError,
    "[gridSample] expected grid to have the input's dtype float32: got float64",
  ],
  [
    "gridSample 3-D input",
    () => F.gridSample(torch.randn(2, 3, 4), g4),
    RangeError,
    "[gridSample] expected a 4-D [N, C, H, W] or 5-D [N, C, D, H, W] input: got [2, 3, 4]",
  ],
  [
    "gridSample grid last dim",
    () => F.gridSample(x4, torch.zeros([2, 3, 3, 3])),
    RangeError,
    "[gridSample] expected grid of shape [2, Ho, Wo, 2] for input [2, 3, 4, 4]: got [2, 3, 3, 3]",
  ],
  [
    "gridSample grid batch",
    () => F.gridSample(x4, torch.zeros([1, 3, 3, 2])),
    RangeError,
    "[gridSample] expected grid of shape [2, Ho, Wo, 2] for input [2, 3, 4, 4]: got [1, 3, 3, 2]",
  ],
  [
    "gridSample python option",
    () => F.gridSample(x4, g4, { padding_mode: "border" }),
    TypeError,
    '[gridSample] unknown option "padding_mode": did you mean "paddingMode"?',
  ],
];

describe("affineGrid and gridSample: bad inputs", () => table(GRID));

const x = torch.randn(1, 2, 6, 6);
const FRACTIONAL: Row[] = [
  [
    "fractionalMaxPool2d no size or ratio",
    () => F.fractionalMaxPool2d(x, 2),
    TypeError,
    "[fractionalMaxPool2d] requires either an outputSize or an outputRatio: got neither",
  ],
  [
    "fractionalMaxPool2d pool too large",
    () => F.fractionalMaxPool2d(x, 3, 5),
    RangeError,
    "[fractionalMaxPool2d] output size 5 and pool size 3 do not fit input size 6 at spatial dim 0: expected 0 < output and output + pool \u2212 1 <= input",
  ],
  [
    "fractionalMaxPool2d int input",
    () => F.fractionalMaxPool2d(x.long(), 2, 3),
    TypeError,
    "[fractionalMaxPool2d] expected a floating point input: got int64",
  ],
  [
    "fractionalMaxPool2d 5-D input",
    () => F.fractionalMaxPool2d(torch.randn(1, 1, 4, 4, 4), 2, 2),
    RangeError,
    "[fractionalMaxPool2d] expected a non-empty input of shape [N, C, H, W] or [C, H, W] (4-D or 3-D): got [1, 1, 4, 4, 4]",
  ],
  [
    "fractionalMaxPool2d samples shape",
    () => F.fractionalMaxPool2d(x, 2, 3, null, false, torch.rand([1, 1, 2])),
    RangeError,
    "[fractionalMaxPool2d] expected _randomSamples of shape [1, 2, 2]: got [1, 1, 2]",
  ],
  [
    "fractionalMaxPool2d samples dtype",
    () => F.fractionalMaxPool2d(x, 2, 3, null, false, torch.rand([1, 2, 2], { dtype: "float64" })),
    TypeError,
    "[fractionalMaxPool2d] expected _randomSamples of the input's dtype float32: got float64",
  ],
  [
    "fractionalMaxPool2d ratio kind",
    () => F.fractionalMaxPool2d(x, 2, null, "half"),
    TypeError,
    '[fractionalMaxPool2d] outputRatio must be a number or 2 numbers: got "half"',
  ],
  [
    "fractionalMaxPool3d output size list",
    () => F.fractionalMaxPool3d(torch.randn(1, 1, 4, 4, 4), 2, [2, 2]),
    TypeError,
    "[fractionalMaxPool3d] output_size must be an integer or a list of 3 integers: got [2,2]",
  ],
  [
    "fractionalMaxPool3d returnIndices kind",
    () => F.fractionalMaxPool3d(torch.randn(1, 1, 4, 4, 4), 2, 2, null, "yes"),
    TypeError,
    '[fractionalMaxPool3d] returnIndices must be a boolean: got "yes"',
  ],
  [
    "FractionalMaxPool2d neither",
    () => new N.FractionalMaxPool2d(2),
    TypeError,
    "[FractionalMaxPool2d] requires either an outputSize or an outputRatio: got neither",
  ],
  [
    "FractionalMaxPool2d both",
    () => new N.FractionalMaxPool2d(2, 3, 0.5),
    TypeError,
    "[FractionalMaxPool2d] only one of outputSize and outputRatio may be given: got both",
  ],
  [
    "FractionalMaxPool3d ratio range",
    () => new N.FractionalMaxPool3d(2, { outputRatio: 1.5 }),
    RangeError,
    "[FractionalMaxPool3d] outputRatio must be between 0 and 1: got 1.5",
  ],
  [
    "FractionalMaxPool3d python option",
    () => new N.FractionalMaxPool3d(2, { output_ratio: 0.5 }),
    TypeError,
    '[FractionalMaxPool3d] unknown option "output_ratio": did you mean "outputRatio"?',
  ],
];

describe("fractional max pooling: bad inputs", () => table(FRACTIONAL));
