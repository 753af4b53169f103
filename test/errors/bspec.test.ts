/**
 * Bad-input table for scatterReduce / indexReduce, the special functions (nextafter, igamma,
 * igammac, polygamma) and the in-place random samplers. Each row asserts the error class and
 * the `[op]` message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { table, type Row } from "./table.js";

const x = torch.zeros(3);
const i = torch.tensor([0, 2]);
const s = torch.ones(2);
const X: any = x;

const ROWS: Row[] = [
  // scatterReduce
  [
    "scatterReduce unknown reduce",
    () => X.scatterReduce(0, i, s, "max"),
    RangeError,
    /^\[scatterReduce\] reduce must be one of "sum", "prod", "mean", "amax", "amin": got "max"/,
  ],
  [
    "scatterReduce reduce not a string",
    () => X.scatterReduce(0, i, s, 3),
    TypeError,
    "[scatterReduce] reduce must be a string: got 3",
  ],
  [
    "scatterReduce int32 index",
    () => x.scatterReduce(0, i.int(), s, "sum"),
    TypeError,
    "[scatterReduce] expected dtype int64 for index: got int32",
  ],
  [
    "scatterReduce src dtype",
    () => x.scatterReduce(0, i, s.double(), "sum"),
    TypeError,
    "[scatterReduce] expected src to have the same dtype as self: got float64 and float32",
  ],
  [
    "scatterReduce index out of range",
    () => x.scatterReduce(0, torch.tensor([0, 3]), s, "amax"),
    RangeError,
    "[scatterReduce] index 3 is out of bounds for dimension 0 with size 3",
  ],
  [
    "scatterReduce negative index",
    () => x.scatterReduce(0, torch.tensor([-1, 0]), s, "sum"),
    RangeError,
    "[scatterReduce] index -1 is out of bounds for dimension 0 with size 3",
  ],
  [
    "scatterReduce rank mismatch",
    () => x.scatterReduce(0, i.reshape(1, 2), s, "sum"),
    RangeError,
    "[scatterReduce] index and src must have as many dimensions as self: got 2 and 1, expected 1",
  ],
  [
    "scatterReduce index larger than src",
    () => x.scatterReduce(0, torch.tensor([0, 1, 2]), s, "sum"),
    RangeError,
    /^\[scatterReduce\] index \[3\] must be no larger than src \[2\]/,
  ],
  [
    "scatterReduce dim out of range",
    () => x.scatterReduce(1, i, s, "sum"),
    RangeError,
    /^\[scatterReduce\] dimension out of range: got 1/,
  ],
  [
    "scatterReduce unknown option",
    () => X.scatterReduce(0, i, s, "sum", { include_self: false }),
    TypeError,
    /^\[scatterReduce\] unknown option "include_self": did you mean "includeSelf"\?/,
  ],
  [
    "scatterReduce includeSelf not boolean",
    () => X.scatterReduce(0, i, s, "sum", { includeSelf: 1 }),
    TypeError,
    "[scatterReduce] includeSelf must be a boolean: got 1",
  ],
  [
    "scatterReduce index not a tensor",
    () => X.scatterReduce(0, [0, 2], s, "sum"),
    TypeError,
    /^\[scatterReduce\] expected index to be a Tensor/,
  ],
  [
    "scatterReduce_ leaf requiring grad",
    () => torch.zeros(3, { requiresGrad: true }).scatterReduce_(0, i, s, "sum"),
    Error,
    /^\[scatterReduce_\] a leaf Variable that requires grad/,
  ],
  // indexReduce
  [
    "indexReduce sum is not a reduction of indexReduce",
    () => X.indexReduce(0, i, s, "sum"),
    RangeError,
    /^\[indexReduce\] reduce must be one of "prod", "mean", "amax", "amin": got "sum"/,
  ],
  [
    "indexReduce float index",
    () => x.indexReduce(0, i.float(), s, "prod"),
    TypeError,
    "[indexReduce] expected dtype int64 or int32 for index: got float32",
  ],
  [
    "indexReduce 2-D index",
    () => x.indexReduce(0, i.reshape(2, 1), s, "prod"),
    RangeError,
    "[indexReduce] index must be one-dimensional: got 2-D",
  ],
  [
    "indexReduce source shape",
    () => x.indexReduce(0, i, torch.ones(3), "prod"),
    RangeError,
    "[indexReduce] source shape [3] does not match the expected shape [2]",
  ],
  [
    "indexReduce source dtype",
    () => x.indexReduce(0, i, torch.ones(2, { dtype: "int64" }), "mean"),
    TypeError,
    "[indexReduce] expected source to have the same dtype as self: got int64 and float32",
  ],
  [
    "indexReduce index out of range",
    () => x.indexReduce(0, torch.tensor([5, 0]), s, "amin"),
    RangeError,
    "[indexReduce] index 5 is out of bounds for dimension 0 with size 3",
  ],
  // special functions
  [
    "nextafter on int64",
    () => torch.nextafter(torch.tensor([1]), torch.tensor([2])),
    TypeError,
    "[nextafter] expected float32, float64 or bfloat16 tensors: got int64",
  ],
  [
    "nextafter on float16",
    () => torch.nextafter(x.half(), x.half()),
    TypeError,
    "[nextafter] expected float32, float64 or bfloat16 tensors: got float16",
  ],
  [
    "nextafter other not a tensor",
    () => (torch.nextafter as any)(x, 1),
    TypeError,
    "[nextafter] expected other to be a Tensor: got 1",
  ],
  [
    "igamma on int64",
    () => torch.igamma(torch.tensor([1]), torch.tensor([2])),
    TypeError,
    "[igamma] expected floating-point tensors: got int64 (PyTorch has no integer igamma)",
  ],
  [
    "igamma other a number",
    () => (torch.igamma as any)(x, 2),
    TypeError,
    "[igamma] expected other to be a Tensor: got 2",
  ],
  [
    "igammac input a number",
    () => (torch.igammac as any)(2, x),
    TypeError,
    "[igammac] expected input to be a Tensor: got 2",
  ],
  ["igammac shapes do not broadcast", () => torch.igammac(x, torch.ones(2)), RangeError, /^\[igammac\] /],
  [
    "igamma gradient w.r.t. a",
    () =>
      torch
        .igamma(torch.ones(2, { requiresGrad: true }), torch.ones(2))
        .sum()
        .backward(),
    Error,
    /^\[igamma\] the derivative with respect to input \(a\) is not implemented/,
  ],
  [
    "igamma_ on a leaf requiring grad",
    () => torch.ones(2, { requiresGrad: true }).igamma_(torch.ones(2)),
    Error,
    /^\[igamma_\] a leaf Variable that requires grad/,
  ],
  ["polygamma negative n", () => torch.polygamma(-1, x), RangeError, "[polygamma] n must be >= 0: got -1"],
  ["polygamma fractional n", () => x.polygamma(1.5), TypeError, "[polygamma] n must be an integer: got 1.5"],
  [
    "polygamma input not a tensor",
    () => (torch.polygamma as any)(1, [1, 2]),
    TypeError,
    /^\[polygamma\] expected input to be a Tensor: got an array/,
  ],
  // random samplers
  [
    "exponential_ negative lambd",
    () => torch.empty(2).exponential_(-1),
    RangeError,
    "[exponential_] lambd must be >= 0: got -1 (exponential_ expects lambda >= 0.0)",
  ],
  [
    "exponential_ on int64",
    () => torch.empty(2, { dtype: "int64" }).exponential_(),
    TypeError,
    "[exponential_] expected a floating-point tensor: got int64 (PyTorch has no integer exponential_)",
  ],
  [
    "exponential_ lambd not a number",
    () => X.exponential_("2"),
    TypeError,
    /^\[exponential_\] lambd must be a (finite )?number/,
  ],
  ["geometric_ p = 0", () => torch.empty(2).geometric_(0), RangeError, "[geometric_] p must be in (0, 1): got 0"],
  ["geometric_ p = 1", () => torch.empty(2).geometric_(1), RangeError, "[geometric_] p must be in (0, 1): got 1"],
  [
    "geometric_ on bool",
    () => torch.empty(2, { dtype: "bool" }).geometric_(0.5),
    TypeError,
    "[geometric_] expected a numeric tensor: got bool",
  ],
  ["logNormal_ std = 0", () => torch.empty(2).logNormal_(1, 0), RangeError, "[logNormal_] std must be > 0: got 0"],
  [
    "logNormal_ on int32",
    () => torch.empty(2, { dtype: "int32" }).logNormal_(),
    TypeError,
    /^\[logNormal_\] expected a floating-point tensor: got int32/,
  ],
  [
    "cauchy_ on int64",
    () => torch.empty(2, { dtype: "int64" }).cauchy_(),
    TypeError,
    /^\[cauchy_\] expected a floating-point tensor: got int64/,
  ],
  ["cauchy_ unknown option", () => X.cauchy_(0, 1, { gen: null }), TypeError, /^\[cauchy_\] unknown option "gen"/],
  [
    "cauchy_ bad generator",
    () => X.cauchy_(0, 1, { generator: 3 }),
    TypeError,
    "[cauchy_] generator must be a torch.Generator: got 3",
  ],
  [
    "random_ from >= to",
    () => torch.empty(2, { dtype: "int64" }).random_(5, 3),
    RangeError,
    "[random_] from must be less than to: got from=5 >= to=3",
  ],
  [
    "random_ from below uint8",
    () => torch.empty(2, { dtype: "uint8" }).random_(-1, 3),
    RangeError,
    "[random_] from is out of bounds for uint8: got -1, expected [0, 255]",
  ],
  [
    "random_ to above uint8",
    () => torch.empty(2, { dtype: "uint8" }).random_(0, 300),
    RangeError,
    "[random_] to - 1 is out of bounds for uint8: got 299, expected [0, 255]",
  ],
  [
    "random_ to above float16",
    () => torch.empty(2, { dtype: "float16" }).random_(0, 70000),
    RangeError,
    "[random_] to - 1 is out of bounds for float16: got 69999, expected [-65504, 65504]",
  ],
  [
    "random_ fractional bound",
    () => torch.empty(2).random_(1.5),
    TypeError,
    "[random_] to must be an integer: got 1.5",
  ],
  [
    "random_ leaf requiring grad",
    () => torch.ones(2, { requiresGrad: true }).random_(),
    Error,
    /^\[random_\] a leaf Variable that requires grad/,
  ],
  [
    "poisson negative rate",
    () => torch.poisson(torch.tensor([1, -1], { dtype: "float32" })),
    RangeError,
    "[poisson] invalid Poisson rate: got -1, expected a finite, non-negative rate",
  ],
  [
    "poisson NaN rate",
    () => torch.poisson(torch.tensor([NaN])),
    RangeError,
    /^\[poisson\] invalid Poisson rate: got NaN/,
  ],
  [
    "poisson on int64",
    () => torch.poisson(torch.tensor([1])),
    TypeError,
    /^\[poisson\] expected a floating-point tensor: got int64/,
  ],
  [
    "poisson not a tensor",
    () => (torch.poisson as any)([1]),
    TypeError,
    /^\[poisson\] expected input to be a Tensor: got an array/,
  ],
  [
    "binomial int count",
    () => torch.binomial(torch.tensor([10]), torch.tensor([0.5])),
    TypeError,
    /^\[binomial\] expected a floating-point tensor: got int64/,
  ],
  [
    "binomial dtype mismatch",
    () => torch.binomial(torch.tensor([10.5]), torch.tensor([0.5], { dtype: "float64" })),
    TypeError,
    "[binomial] expected prob to have count's dtype: got float64 and float32",
  ],
  ["binomial shapes", () => torch.binomial(torch.ones(3), torch.ones(2)), RangeError, /^\[binomial\] /],
  [
    "binomial prob not a tensor",
    () => (torch.binomial as any)(torch.ones(2), 0.5),
    TypeError,
    "[binomial] expected prob to be a Tensor: got 0.5",
  ],
  // strided views
  [
    "asStrided past the storage",
    () => torch.arange(6).asStrided([3, 3], [2, 1]),
    RangeError,
    "[asStrided] sizes [3, 3], strides [2, 1] and storage offset 0 need a storage of 7 elements: got 6",
  ],
  [
    "asStrided offset past the storage",
    () => torch.arange(6).asStrided([2], [1], 5),
    RangeError,
    "[asStrided] sizes [2], strides [1] and storage offset 5 need a storage of 7 elements: got 6",
  ],
  [
    "asStrided negative stride",
    () => torch.arange(6).asStrided([2], [-1], 3),
    RangeError,
    "[asStrided] negative strides are not supported: got strides [-1]",
  ],
  [
    "asStrided lengths differ",
    () => torch.arange(6).asStrided([2, 2], [1]),
    RangeError,
    "[asStrided] mismatch in length of strides and shape: got 1 strides for 2 sizes",
  ],
  [
    "asStrided size not an array",
    () => (torch.arange(6) as any).asStrided(2, [1]),
    TypeError,
    "[asStrided] size must be an array of integers: got 2",
  ],
  [
    "asStrided negative offset",
    () => torch.arange(6).asStrided([2], [1], -1),
    RangeError,
    "[asStrided] storage offset must be a non-negative integer: got -1",
  ],
  [
    "asStridedScatter src shape",
    () => torch.zeros(4).asStridedScatter(torch.ones(3), [2], [2]),
    RangeError,
    "[asStridedScatter] expected src to have the view's shape [2]: got [3]",
  ],
  [
    "asStridedScatter past the input",
    () => torch.zeros(4).asStridedScatter(torch.ones(3), [3], [2]),
    RangeError,
    "[asStridedScatter] sizes [3], strides [2] and storage offset 0 need a storage of 5 elements: got 4",
  ],
  [
    "emptyStrided negative size",
    () => torch.emptyStrided([-1], [1]),
    RangeError,
    "[emptyStrided] sizes must be non-negative: got [-1]",
  ],
  [
    "emptyStrided unknown option",
    () => (torch.emptyStrided as any)([2], [1], { dtpye: "float64" }),
    TypeError,
    /^\[emptyStrided\] unknown option "dtpye"/,
  ],
  // gradient
  [
    "gradient edgeOrder 3",
    () => torch.gradient(torch.ones(4), { edgeOrder: 3 as any }),
    RangeError,
    /^\[gradient\] edgeOrder must be one of "1", "2": got "3"/,
  ],
  [
    "gradient dim too short",
    () => torch.gradient(torch.ones(2), { edgeOrder: 2 }),
    RangeError,
    "[gradient] each differentiated dimension must have at least edgeOrder + 1 = 3 elements: got 2 in dim 0",
  ],
  [
    "gradient spacing list length",
    () => torch.gradient(torch.ones(3, 3), { spacing: [1, 2, 3] }),
    RangeError,
    "[gradient] expected spacing to be a number or a list of length 2: got a list of length 3",
  ],
  [
    "gradient coordinates length",
    () => torch.gradient(torch.ones(3), { spacing: [torch.tensor([0, 1])] }),
    RangeError,
    "[gradient] spacing[0] must be a 1-D tensor of 3 coordinates (the size of dim 0): got shape [2]",
  ],
  [
    "gradient dim out of range",
    () => torch.gradient(torch.ones(3), { dim: 1 }),
    RangeError,
    /^\[gradient\] dimension out of range: got 1/,
  ],
  [
    "gradient repeated dim",
    () => torch.gradient(torch.ones(3, 3), { dim: [0, -2] }),
    RangeError,
    "[gradient] dim appears more than once: got [0, 0]",
  ],
  [
    "gradient spacing a string",
    () => torch.gradient(torch.ones(3), { spacing: "1" as any }),
    TypeError,
    '[gradient] spacing must be a number or an array: got "1"',
  ],
  [
    "gradient unknown option",
    () => torch.gradient(torch.ones(3), { edge_order: 2 } as any),
    TypeError,
    /^\[gradient\] unknown option "edge_order": did you mean "edgeOrder"\?/,
  ],
  // histogramdd
  [
    "histogramdd int input",
    () => torch.histogramdd(torch.tensor([[1, 2]]), 2),
    TypeError,
    "[histogramdd] expected a floating-point tensor: got int64",
  ],
  [
    "histogramdd 1-D input",
    () => torch.histogramdd(torch.ones(3), 2),
    RangeError,
    "[histogramdd] input must have at least 2 dims (points × coordinates): got 1-D",
  ],
  [
    "histogramdd bins per dim",
    () => torch.histogramdd(torch.ones(4, 2), [2, 2, 2]),
    RangeError,
    "[histogramdd] expected one bins entry per dimension (2): got 3",
  ],
  [
    "histogramdd zero bins",
    () => torch.histogramdd(torch.ones(4, 2), 0),
    RangeError,
    "[histogramdd] bins[0] must be >= 1: got 0",
  ],
  [
    "histogramdd range length",
    () => torch.histogramdd(torch.ones(4, 2), 2, { range: [0, 1] }),
    RangeError,
    "[histogramdd] for a 2-dimensional histogram range must have 4 numbers: got an array of length 2",
  ],
  [
    "histogramdd range min > max",
    () => torch.histogramdd(torch.ones(4, 2), 2, { range: [1, 0, 0, 1] }),
    RangeError,
    "[histogramdd] range of dim 0 must have min <= max: got [1, 0]",
  ],
  [
    "histogramdd weight shape",
    () => torch.histogramdd(torch.ones(4, 2), 2, { weight: torch.ones(3) }),
    RangeError,
    "[histogramdd] weight must have input's shape without its last dim [4]: got [3]",
  ],
  [
    "histogramdd edges not 1-D",
    () => torch.histogramdd(torch.ones(4, 1), [torch.ones(2, 2)]),
    RangeError,
    "[histogramdd] bins[0] must be a 1-D tensor of at least 2 edges: got shape [2, 2]",
  ],
  [
    "histogramdd density not boolean",
    () => torch.histogramdd(torch.ones(4, 1), 2, { density: 1 as any }),
    TypeError,
    "[histogramdd] density must be a boolean: got 1",
  ],
];

describe("bad input: scatterReduce, indexReduce, special functions, random samplers", () => table(ROWS));
