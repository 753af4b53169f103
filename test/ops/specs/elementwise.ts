/** Op-spec rows for the elementwise family (fixtures: scripts/fixtures/ops_elementwise.py). */
import * as torch from "../../../src/index.js";
import type { Tensor } from "../../../src/index.js";
import { decodeValue } from "../fixture.js";
import type { Args, ErrorRow, OpRow } from "./types.js";
import { registeredOps } from "../../../src/ops/registry.js";

type Scalar = number | boolean;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const T = torch as any;

/** A fixture scalar: numbers and booleans as they are, "nan"/"inf"/"-inf" decoded. */
function sc(v: unknown): Scalar {
  return typeof v === "string" ? decodeValue(v) : (v as Scalar);
}

/** Optional scalar arg (null/undefined stay null). */
function opt(v: unknown): Scalar | null {
  return v === undefined || v === null ? null : sc(v);
}

/** The two operands of a binary case: `args.scalar` takes position `args.pos`. */
function operands(xs: Tensor[], a: Args): [Tensor | Scalar, Tensor | Scalar] {
  if (a?.scalar === undefined) return [xs[0]!, xs[1]!];
  const s = sc(a.scalar);
  return a.pos === 0 ? [s, xs[0]!] : [xs[0]!, s];
}

function binaryOpts(a: Args): Record<string, unknown> | undefined {
  if (a?.alpha !== undefined) return { alpha: a.alpha };
  if (a?.roundingMode !== undefined) return { roundingMode: a.roundingMode };
  return undefined;
}

// Ops declared with the elementwise builders (unaryOp/binaryOp) get their rows from the registry:
// `op(x)` or `op(a, b)` (a number in either position), differentiable when the op records a
// backward. The lists below are the elementwise ops with their own call forms.
const DECLARED = registeredOps().filter((o) => o.aliasOf === undefined && o.signature !== undefined);
const UNARY_DIFF = ["round", "square", "exp2", "log2", "log10"];
const UNARY_NODIFF = ["bitwiseNot", "isinf", "isposinf", "isneginf", "isfinite"];
const BINARY_DIFF = ["add", "sub", "div", "trueDivide", "pow", "fmod", "remainder"];

const clampArgs = (a: Args): [Scalar | null, Scalar | null] => [opt(a.min), opt(a.max)];

/** In-place rows run on a clone so the leaf stays untouched and gradients flow through the op. */
function runInplace(xs: Tensor[], a: Args): Tensor {
  const self = xs[0]!.clone();
  const name: string = a.name;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const m = (self as any)[name].bind(self);
  switch (name) {
    case "clamp_":
      return m(...clampArgs(a));
    case "maskedFill_":
      return m(xs[1], sc(a.value));
    case "lerp_":
      return m(xs[1], sc(a.weight));
    case "addcmul_":
    case "addcdiv_":
      return m(xs[1], xs[2], { value: a.value });
  }
  if (xs.length === 1 && a.scalar === undefined) return m();
  const other = a.scalar !== undefined ? sc(a.scalar) : xs[1];
  return m(other, binaryOpts(a));
}

export const rows: OpRow[] = [
  ...UNARY_DIFF.map((op): OpRow => ({ op, fn: ([x]) => T[op](x), grad: [0] })),
  ...UNARY_NODIFF.map((op): OpRow => ({ op, fn: ([x]) => T[op](x) })),
  { op: "roundDecimals", fn: ([x], a) => torch.round(x!, { decimals: a.decimals }), grad: [0] },
  ...BINARY_DIFF.map((op): OpRow => ({
    op,
    fn: (xs, a) => T[op](...operands(xs, a), binaryOpts(a)),
    grad: [0, 1],
    // Mixed-precision cases (float32 x float64) round differently than PyTorch in the last bit.
    rtol: op === "pow" ? 2e-6 : undefined,
  })),
  ...DECLARED.map((o): OpRow =>
    o.signature === "unary"
      ? { op: o.name, fn: ([x]) => T[o.name](x), grad: o.gradNames.length > 0 ? [0] : undefined }
      : { op: o.name, fn: (xs, a) => T[o.name](...operands(xs, a)), grad: o.gradNames.length > 0 ? [0, 1] : undefined },
  ),
  { op: "hypot", fn: ([x, y]) => torch.hypot(x!, y!), grad: [0, 1] },
  { op: "rsub", fn: (xs, a) => torch.rsub(...operands(xs, a), binaryOpts(a)), grad: [0, 1] },
  {
    op: "where",
    fn: (xs, a) => {
      let i = 1;
      const x = a?.a !== undefined ? sc(a.a) : xs[i++]!;
      const y = a?.b !== undefined ? sc(a.b) : xs[i++]!;
      return torch.where(xs[0]!, x, y);
    },
    grad: [1, 2],
  },
  { op: "clamp", fn: ([x], a) => torch.clamp(x!, ...clampArgs(a)), grad: [0] },
  { op: "clampTensor", fn: ([x, lo, hi]) => torch.clamp(x!, lo, hi), grad: [0, 1, 2] },
  { op: "clampMin", fn: ([x], a) => torch.clampMin(x!, sc(a.min)), grad: [0] },
  { op: "clampMax", fn: ([x], a) => torch.clampMax(x!, sc(a.max)), grad: [0] },
  { op: "maskedFill", fn: ([x, m], a) => torch.maskedFill(x!, m!, sc(a.value)), grad: [0] },
  { op: "maskedFillTensor", fn: ([x, m, v]) => x!.maskedFill(m!, v!), grad: [0, 2] },
  {
    op: "isclose",
    fn: ([x, y], a) => torch.isclose(x!, y!, a ?? {}),
  },
  { op: "allclose", fn: ([x, y], a) => torch.tensor(torch.allclose(x!, y!, a ?? {})) },
  // equal answers a JS boolean: the row makes it a tensor on the inputs' device
  { op: "equal", fn: ([x, y]) => torch.tensor(torch.equal(x!, y!), { device: x!.device }) },
  {
    op: "lerp",
    fn: (xs, a) => torch.lerp(xs[0]!, xs[1]!, a?.weight !== undefined ? sc(a.weight) : xs[2]!),
    grad: [0, 1, 2],
  },
  { op: "addcmul", fn: ([x, a1, a2], a) => torch.addcmul(x!, a1!, a2!, a ?? {}), grad: [0, 1, 2] },
  { op: "addcdiv", fn: ([x, a1, a2], a) => torch.addcdiv(x!, a1!, a2!, a ?? {}), grad: [0, 1, 2] },
  { op: "inplace1", fn: runInplace, grad: [0] },
  { op: "inplace2", fn: runInplace, grad: [0, 1] },
  { op: "inplace3", fn: runInplace, grad: [0, 1, 2] },
  { op: "copy_", fn: ([d, s]) => d!.clone().copy_(s!), grad: [0, 1] },
  { op: "fill_", fn: ([x], a) => x!.clone().fill_(sc(a.value)), grad: [0] },
  { op: "fillTensor_", fn: ([x, v]) => x!.clone().fill_(v!), grad: [0, 1] },
  { op: "zero_", fn: ([x]) => x!.clone().zero_(), grad: [0] },
];

const f32 = (v: number[]) => torch.tensor(v, { dtype: "float32" });
const i64 = (v: number[]) => torch.tensor(v, { dtype: "int64" });
const leaf = () => torch.tensor([1, 2], { dtype: "float32", requiresGrad: true });

export const errors: ErrorRow[] = [
  {
    name: "add: non-broadcastable shapes",
    run: () => torch.add(torch.zeros(2, 4), torch.zeros(3)),
    match: /^\[add\] shapes \[2,4\] and \[3\] cannot broadcast$/,
  },
  {
    name: "mul: non-broadcastable shapes",
    run: () => torch.zeros(2, 3).mul(torch.zeros(2)),
    match: /^\[mul\] shapes \[2,3\] and \[2\] cannot broadcast/,
  },
  {
    name: "where: non-broadcastable",
    run: () => torch.where(torch.tensor([true, false, true]), f32([1, 2]), 0),
    match: /^\[where\] shapes/,
  },
  {
    name: "neg: bool",
    run: () => torch.neg(torch.tensor([true])),
    match: /^\[neg\] negation on a bool tensor is not supported/,
  },
  { name: "abs: bool", run: () => torch.abs(torch.tensor([true])), match: /^\[abs\] not implemented for bool/ },
  { name: "floor: bool", run: () => torch.tensor([true]).floor(), match: /^\[floor\] not implemented for bool/ },
  { name: "relu: bool", run: () => torch.relu(torch.tensor([true])), match: /^\[relu\] bool inputs are not supported/ },
  {
    name: "sub: two bools",
    run: () => torch.sub(torch.tensor([true]), torch.tensor([false])),
    match: /^\[sub\] subtraction of two bool tensors/,
  },
  {
    name: "sub: bool and number",
    run: () => torch.tensor([true]).sub(1),
    match: /^\[sub\] subtraction with a bool tensor/,
  },
  {
    name: "sub: number tensor and bool",
    run: () => i64([1]).sub(true),
    match: /^\[sub\] subtraction with a bool tensor/,
  },
  {
    name: "rsub: bool",
    run: () => torch.rsub(torch.tensor([true]), 1),
    match: /^\[rsub\] subtraction with a bool tensor/,
  },
  {
    name: "bitwiseAnd: float",
    run: () => torch.bitwiseAnd(f32([1]), 1),
    match: /^\[bitwiseAnd\] expected integer or bool tensors: got float32/,
  },
  {
    name: "bitwiseNot: float",
    run: () => torch.bitwiseNot(f32([1])),
    match: /^\[bitwiseNot\] expected an integer or bool tensor: got float32/,
  },
  {
    name: "pow: int to negative int scalar",
    run: () => i64([2, 3]).pow(-1),
    match: /^\[pow\] integers to negative integer powers are not allowed/,
  },
  {
    name: "pow: bool",
    run: () => torch.pow(torch.tensor([true]), torch.tensor([true])),
    match: /^\[pow\] not implemented for bool/,
  },
  {
    name: "fmod: bool",
    run: () => torch.fmod(torch.tensor([true]), torch.tensor([true])),
    match: /^\[fmod\] not implemented for bool/,
  },
  { name: "pow: two numbers", run: () => torch.pow(2, 3), match: /^\[pow\] expected a Tensor/ },
  {
    name: "remainder: int by zero",
    run: () => torch.remainder(i64([5]), 0),
    match: /^\[remainder\] integer division by zero/,
  },
  {
    name: "div: int floor by zero",
    run: () => torch.div(i64([5]), 0, { roundingMode: "floor" }),
    match: /^\[\w+\] integer division by zero/,
  },
  {
    name: "div: bad rounding mode",
    run: () => torch.div(f32([1]), 2, { roundingMode: "round" as never }),
    match: /^\[div\] unknown roundingMode/,
  },
  {
    name: "add: float alpha on ints",
    run: () => torch.add(i64([1]), i64([2]), { alpha: 2.5 }),
    match: /^\[add\] for integral input tensors, alpha must not be a floating point number/,
  },
  {
    name: "sub: bool alpha on ints",
    run: () => torch.sub(i64([1]), 2, { alpha: true }),
    match: /^\[sub\] boolean alpha is only supported for bool results/,
  },
  {
    name: "add: array operand",
    run: () => torch.add(f32([1]), [1, 2] as never),
    match: /^\[add\] expected a Tensor or a number: got an array/,
  },
  {
    name: "add_: float into long",
    run: () => i64([1, 2]).add_(1.5),
    match: /^\[add_\] result type Float can't be cast to the desired output type Long$/,
  },
  {
    name: "div_: true division into long",
    run: () => i64([1, 2]).div_(2),
    match: /^\[div_\] result type Float can't be cast to the desired output type Long$/,
  },
  {
    name: "exp_: on int",
    run: () => i64([1]).exp_(),
    match: /^\[exp_\] result type Float can't be cast to the desired output type Long$/,
  },
  {
    name: "add_: broadcast grows self",
    run: () => f32([1]).add_(f32([1, 2])),
    match: /^\[add_\] output with shape \[1\] doesn't match the broadcast shape \[2\]/,
  },
  {
    name: "add_: leaf requiring grad",
    run: () => leaf().add_(1),
    match: /^\[add_\] a leaf Variable that requires grad is being used in an in-place operation/,
  },
  {
    name: "exp_: leaf requiring grad",
    run: () => leaf().exp_(),
    match: /^\[exp_\] a leaf Variable that requires grad/,
  },
  {
    name: "fill_: leaf requiring grad",
    run: () => leaf().fill_(1),
    match: /^\[fill_\] a leaf Variable that requires grad/,
  },
  {
    name: "clamp_: leaf requiring grad",
    run: () => leaf().clamp_(0, 1),
    match: /^\[clamp_\] a leaf Variable that requires grad/,
  },
  {
    name: "fill_: 1-d value",
    run: () => torch.zeros(2).fill_(f32([2])),
    match: /^\[fill_\] only a 0-dimensional value tensor is supported: got 1/,
  },
  {
    name: "copy_: src does not broadcast",
    run: () => torch.zeros(1).copy_(f32([1, 2])),
    match: /^\[copy_\] output with shape \[1\] doesn't match the broadcast shape \[2\]/,
  },
  {
    name: "clamp: no bounds",
    run: () => torch.clamp(f32([1])),
    match: /^\[clamp\] at least one of min or max must be given/,
  },
  {
    name: "where: float condition",
    run: () => torch.where(f32([1, 0]) as never, 1, 2),
    match: /^\[where\] expected condition to be a bool tensor: got float32/,
  },
  {
    name: "maskedFill: int64 mask",
    run: () => torch.zeros(2).maskedFill(i64([1, 0]), 1),
    match: /^\[maskedFill\] expected mask to be a bool tensor: got int64/,
  },
  {
    name: "maskedFill: 1-d value",
    run: () => torch.zeros(2).maskedFill(torch.tensor([true, false]), f32([1])),
    match: /^\[maskedFill\] only a 0-dimensional value tensor/,
  },
  {
    name: "isclose: dtype mismatch",
    run: () => torch.isclose(f32([1]), torch.tensor([1], { dtype: "float64" })),
    match: /^\[isclose\] input and other must have the same dtype: got float32 and float64/,
  },
  {
    name: "isclose: negative rtol",
    run: () => torch.isclose(f32([1]), f32([1]), { rtol: -1 }),
    match: /^\[isclose\] rtol must be greater than or equal to zero: got -1/,
  },
  {
    name: "lerp: end dtype",
    run: () => torch.lerp(f32([1]), torch.tensor([2], { dtype: "float64" }), 0.5),
    match: /^\[lerp\] expected dtype float32 for end: got float64/,
  },
  {
    name: "addcdiv: integer division",
    run: () => torch.addcdiv(i64([1]), i64([1]), i64([2])),
    match: /^\[addcdiv\] integer division with addcdiv is not supported/,
  },
  {
    name: "addcmul: fractional value on ints",
    run: () => torch.addcmul(i64([1]), i64([1]), i64([2]), { value: 0.5 }),
    match: /^\[addcmul\] for integer tensors, value must be an integer: got 0.5/,
  },
  {
    name: "round: decimals on int",
    run: () => torch.round(i64([1]), { decimals: 1 }),
    match: /^\[round\] decimals need a floating point tensor: got int64/,
  },
  {
    name: "exp: not a tensor",
    run: () => torch.exp([1, 2] as never),
    match: /^\[exp\] expected a Tensor: got an array/,
  },
];
