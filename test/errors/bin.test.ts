/**
 * Bad-input table for the "bin" breadth names: in-place view ops and methods, fillDiagonal_,
 * torch.fill, F's in-place activations, bit shifts, hardshrink, prelu, mode and the torch.*
 * dropouts. Each row asserts the error class and the `[op]` message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { bad, table, type Row } from "./table.js";

const F = torch.nn.functional;
const T: any = torch;
const x = (): torch.Tensor => torch.zeros(2, 3);
const leaf = torch.zeros(2, 3, { requiresGrad: true });
const LEAF = /a leaf Variable that requires grad is being used in an in-place operation/;

const ROWS: Row[] = [
  // in-place view ops
  ["t_ on a leaf that requires grad", () => leaf.t_(), Error, new RegExp(`^\\[t_\\] ${LEAF.source}`)],
  [
    "unsqueeze_ on a view of a leaf",
    () => leaf.view(6).unsqueeze_(0),
    Error,
    /^\[unsqueeze_\] a view of a leaf Variable/,
  ],
  ["t_ with an argument", () => (x() as any).t_(1), TypeError, /^\[t_\] takes at most 0 positional arguments: got 1/],
  [
    "t_ of a 3-D tensor",
    () => torch.zeros(2, 2, 2).t_(),
    RangeError,
    /^\[t\] t\(\) expects a tensor with <= 2 dimensions: got 3D/,
  ],
  [
    "transpose_ dim out of range",
    () => x().transpose_(0, 5),
    RangeError,
    /^\[transpose\] dimension out of range: got 5/,
  ],
  [
    "swapaxes_ missing dim",
    () => x().swapaxes_(0, bad(undefined)),
    RangeError,
    /^\[transpose\] dimension out of range: got undefined/,
  ],
  // in-place methods
  ["cumsum_ on a leaf", () => leaf.cumsum_(0), Error, /^\[cumsum_\] a leaf Variable/],
  ["indexFill_ on a leaf", () => leaf.indexFill_(0, torch.tensor([0]), 1), Error, /^\[indexFill_\] a leaf Variable/],
  [
    "addmm_ result of another shape",
    () => torch.zeros(1, 3).addmm_(torch.ones(2, 4), torch.ones(4, 3)),
    RangeError,
    "[addmm_] output with shape [1, 3] doesn't match the broadcast shape [2, 3]",
  ],
  [
    "cumprod_ of a float into int (dtype option)",
    () => torch.tensor([1, 2]).cumprod_(0, { dtype: "float32" }),
    TypeError,
    "[cumprod_] result type Float can't be cast to the desired output type Long",
  ],
  [
    "addbmm_ too many arguments",
    () => (torch.zeros(2, 2) as any).addbmm_(torch.ones(1, 2, 2), torch.ones(1, 2, 2), {}, 1),
    TypeError,
    /^\[addbmm_\] takes at most 3 positional arguments: got 4/,
  ],
  // fillDiagonal_ and fill
  [
    "fillDiagonal_ of a 1-D tensor",
    () => torch.zeros(3).fillDiagonal_(1),
    RangeError,
    "[fillDiagonal_] dimensions must be larger than 1: got a 1-D tensor",
  ],
  [
    "fillDiagonal_ of unequal dims",
    () => torch.zeros(2, 3, 3).fillDiagonal_(1),
    RangeError,
    "[fillDiagonal_] all dimensions of input must be of equal length: got shape [2, 3, 3]",
  ],
  [
    "fillDiagonal_ value overflows int8",
    () => torch.zeros(2, 2, { dtype: "int8" }).fillDiagonal_(300),
    RangeError,
    "[fillDiagonal_] value cannot be converted to type int8 without overflow: got 300",
  ],
  [
    "fillDiagonal_ string value",
    () => torch.zeros(2, 2).fillDiagonal_(bad("a")),
    TypeError,
    "[fillDiagonal_] expected the fill value to be a number or a boolean: got string",
  ],
  [
    "fillDiagonal_ wrap not boolean",
    () => torch.zeros(2, 2).fillDiagonal_(1, bad("yes")),
    TypeError,
    '[fillDiagonal_] wrap must be a boolean: got "yes"',
  ],
  ["fillDiagonal_ on a leaf", () => leaf.fillDiagonal_(1), Error, /^\[fillDiagonal_\] a leaf Variable/],
  [
    "fill with a 1-D value",
    () => torch.fill(x(), torch.ones(2)),
    RangeError,
    "[fill] only a 0-dimensional value tensor is supported: got 1 dimension(s)",
  ],
  [
    "fill with a string",
    () => torch.fill(x(), bad("a")),
    TypeError,
    "[fill] expected the fill value to be a number or a 0-d Tensor: got string",
  ],
  ["fill of an array", () => T.fill([1, 2], 1), TypeError, /^\[fill\] expected input to be a Tensor: got an array/],
  [
    "fill overflow",
    () => torch.fill(torch.zeros(2, { dtype: "int8" }), 200),
    RangeError,
    "[fill] value cannot be converted to type int8 without overflow: got 200",
  ],
  // F in-place activations
  ["relu_ of an array", () => F.relu_(bad([1])), TypeError, /^\[relu_\] expected a Tensor as input: got an array/],
  [
    "relu_ extra argument",
    () => (F.relu_ as any)(x(), 1),
    TypeError,
    /^\[relu_\] takes at most 1 positional argument: got 2/,
  ],
  [
    "selu_ extra argument",
    () => (F.selu_ as any)(x(), 1),
    TypeError,
    /^\[selu_\] takes at most 1 positional argument: got 2/,
  ],
  ["elu_ on a leaf", () => F.elu_(leaf), Error, /^\[elu_\] a leaf Variable/],
  ["elu_ alpha not a number", () => F.elu_(x(), bad("a")), TypeError, '[elu] alpha must be a number: got "a"'],
  [
    "celu_ unknown option",
    () => F.celu_(x(), bad({ alhpa: 1 })),
    TypeError,
    /^\[celu\] unknown option "alhpa": did you mean "alpha"\?/,
  ],
  [
    "hardtanh_ min above max",
    () => F.hardtanh_(x(), 2, 1),
    RangeError,
    "[hardtanh] minVal cannot be greater than maxVal: got 2 > 1",
  ],
  [
    "threshold_ without value",
    () => (F.threshold_ as any)(x(), 0.1),
    TypeError,
    '[threshold] missing required argument "value"',
  ],
  [
    "leakyRelu_ of an int tensor",
    () => F.leakyRelu_(torch.tensor([-1, 2]), 0.5),
    TypeError,
    "[leakyRelu_] result type Float can't be cast to the desired output type Long",
  ],
  [
    "rrelu_ lower above upper",
    () => F.rrelu_(x(), 0.5, 0.1),
    RangeError,
    "[rrelu_] lower bound should be less than or equal to the upper bound: got lower 0.5, upper 0.1",
  ],
  [
    "rrelu_ of an int tensor",
    () => F.rrelu_(torch.tensor([1])),
    TypeError,
    "[rrelu_] expected a floating point input: got int64",
  ],
  [
    "rrelu_ training not boolean",
    () => F.rrelu_(x(), 0.1, 0.2, bad("yes")),
    TypeError,
    '[rrelu_] training must be a boolean: got "yes"',
  ],
  [
    "rrelu_ unknown option",
    () => F.rrelu_(x(), bad({ lowr: 0.1 })),
    TypeError,
    /^\[rrelu_\] unknown option "lowr": did you mean "lower"\?/,
  ],
  ["rrelu_ on a leaf", () => F.rrelu_(leaf), Error, /^\[rrelu_\] a leaf Variable/],
  // bit shifts
  [
    "left shift of floats",
    () => torch.bitwiseLeftShift(x(), 1),
    TypeError,
    "[bitwiseLeftShift] expected integer tensors: got float32 (shifts are defined for int8…int64 and uint8)",
  ],
  [
    "left shift of bools",
    () => torch.bitwiseLeftShift(torch.tensor([true]), torch.tensor([true])),
    TypeError,
    /^\[bitwiseLeftShift\] expected integer tensors: got bool/,
  ],
  [
    "right shift by a fraction",
    () => torch.bitwiseRightShift(torch.tensor([1]), 1.5),
    TypeError,
    /^\[bitwiseRightShift\] expected integer tensors: got float32/,
  ],
  [
    "left shift by a string",
    () => torch.bitwiseLeftShift(torch.tensor([1]), bad("a")),
    TypeError,
    "[bitwiseLeftShift] expected other to be a Tensor or an integer: got string",
  ],
  [
    "right shift of a boolean",
    () => torch.bitwiseRightShift(bad(true), torch.tensor([1])),
    TypeError,
    "[bitwiseRightShift] expected input to be a Tensor or an integer: got boolean",
  ],
  [
    "shift of two numbers",
    () => torch.bitwiseLeftShift(1, 2),
    TypeError,
    "[bitwiseLeftShift] expected at least one Tensor operand: got number and number",
  ],
  [
    "in-place shift that would broadcast self",
    () => torch.tensor([1], { dtype: "int32" }).bitwiseLeftShift_(torch.tensor([1, 2], { dtype: "int32" })),
    RangeError,
    "[bitwiseLeftShift_] output with shape [1] doesn't match the broadcast shape [2]",
  ],
  // hardshrink, prelu
  [
    "hardshrink of ints",
    () => torch.hardshrink(torch.tensor([1, 2])),
    TypeError,
    "[hardshrink] expected a floating point input: got int64",
  ],
  [
    "hardshrink lambd not a number",
    () => x().hardshrink(bad("a")),
    TypeError,
    '[hardshrink] lambd must be a number: got "a"',
  ],
  [
    "hardshrink extra argument",
    () => (x() as any).hardshrink(0.5, 1),
    TypeError,
    /^\[hardshrink\] takes at most 1 positional argument: got 2/,
  ],
  [
    "prelu of ints",
    () => torch.tensor([1, 2]).prelu(torch.tensor([1])),
    TypeError,
    "[prelu] expected a floating point input: got int64",
  ],
  [
    "prelu weight a number",
    () => x().prelu(bad(0.25)),
    TypeError,
    "[prelu] expected weight to be a Tensor: got number",
  ],
  [
    "prelu 2-D weight",
    () => x().prelu(torch.ones(3, 1)),
    RangeError,
    "[prelu] expected weight to be a scalar or 1-D tensor: got 2-D",
  ],
  [
    "prelu weights for the wrong channels",
    () => x().prelu(torch.ones(2)),
    RangeError,
    "[prelu] mismatch of parameter numbers and input channel size: got 2 parameters for 3 channel(s)",
  ],
  [
    "prelu of a 1-D input has one channel",
    () => torch.zeros(4).prelu(torch.ones(4)),
    RangeError,
    "[prelu] mismatch of parameter numbers and input channel size: got 4 parameters for 1 channel(s)",
  ],
  // mode
  ["mode dim out of range", () => torch.mode(x(), 3), RangeError, /^\[mode\] dimension out of range: got 3/],
  [
    "mode over an empty dim",
    () => torch.mode(torch.zeros(2, 0), 1),
    RangeError,
    "[mode] expected reduction dim 1 to have non-zero size: got shape [2, 0]",
  ],
  ["mode keepdim not boolean", () => torch.mode(x(), 0, bad(1)), TypeError, "[mode] keepdim must be a boolean: got 1"],
  ["mode of an array", () => T.mode([1, 2]), TypeError, /^\[mode\] expected input to be a Tensor: got an array/],
  // torch.* dropouts
  [
    "featureDropout of a 1-D input in training",
    () => torch.featureDropout(torch.ones(3), 0.5, true),
    RangeError,
    "[featureDropout] feature dropout requires at least 2 dimensions in the input: got 1-D",
  ],
  [
    "featureDropout p above 1",
    () => torch.featureDropout(torch.ones(2, 3), 1.5, true),
    RangeError,
    "[featureDropout] dropout probability has to be between 0 and 1: got 1.5",
  ],
  [
    "featureDropout train not boolean",
    () => torch.featureDropout(torch.ones(2, 3), 0.5, bad(1)),
    TypeError,
    "[featureDropout] train must be a boolean: got 1",
  ],
  [
    "featureDropout of an array",
    () => torch.featureDropout(bad([1, 2]), 0.5, true),
    TypeError,
    /^\[featureDropout\] expected input to be a Tensor: got an array/,
  ],
  [
    "alphaDropout p below 0",
    () => torch.alphaDropout(x(), -0.1, true),
    RangeError,
    "[alphaDropout] dropout probability has to be between 0 and 1, but got -0.1",
  ],
  // numpy
  [
    "numpy of a tensor that requires grad",
    () => leaf.numpy(),
    Error,
    "[numpy] can't call numpy() on a Tensor that requires grad: use x.detach().numpy(), or x.numpy({ force: true })",
  ],
  [
    "numpy of bfloat16",
    () => torch.ones(2, { dtype: "bfloat16" }).numpy(),
    TypeError,
    /^\[numpy\] got unsupported dtype bfloat16/,
  ],
  [
    "numpy unknown option",
    () => x().numpy(bad({ froce: true })),
    TypeError,
    /^\[numpy\] unknown option "froce": did you mean "force"\?/,
  ],
  ["numpy force not boolean", () => x().numpy({ force: bad(1) }), TypeError, "[numpy] force must be a boolean: got 1"],
];

describe("bad input: bin breadth names (in-place methods, F in-place activations, shifts, mode, …)", () => table(ROWS));
