/**
 * Bad-input table for torch.autograd.Function, forwardAd and autograd.functional: wrong kinds,
 * too many arguments, unknown options, bad values, and PyTorch's misuse errors. Each row asserts
 * the error class and the `[op]` message.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { bad, table, type Row } from "./table.js";

const { Function, onceDifferentiable, forwardAd } = torch.autograd;
const AF: any = torch.autograd.functional;
const FA: any = forwardAd;
type Ctx = torch.autograd.FunctionCtx;
const x = torch.tensor([1, 2], { dtype: "float64", requiresGrad: true });
const p = torch.tensor([1, 2], { dtype: "float64" });
const sq = (t: torch.Tensor) => t.pow(2);
const total = (t: torch.Tensor) => t.pow(2).sum();

/** A Function whose forward does `body(ctx, x)` and returns x * 2 unless body returns something. */
function fn(body: (ctx: Ctx, t: torch.Tensor) => unknown, back: (ctx: Ctx, g: torch.Tensor) => unknown = (_c, g) => g) {
  return class Custom extends Function {
    static override forward(ctx: Ctx, t: torch.Tensor): any {
      const r = body(ctx, t);
      return r === undefined ? t.mul(2) : r;
    }
    static override backward(ctx: Ctx, g: torch.Tensor) {
      return back(ctx, g);
    }
  };
}
class NoForward extends Function {}

const ROWS: Row[] = [
  // autograd.Function
  [
    "apply on Function itself",
    () => (Function as any).apply(x),
    Error,
    /^\[Function\.apply\] call apply on a subclass/,
  ],
  [
    "subclass without forward",
    () => NoForward.apply(x),
    Error,
    /^\[Function\.forward\] You must implement the forward function/,
  ],
  [
    "saveForBackward of a number",
    () => fn((c) => c.saveForBackward(bad(3))).apply(x),
    TypeError,
    "[saveForBackward] argument 0 is not a Tensor or null: got number",
  ],
  [
    "markDirty of a number",
    () => fn((c) => c.markDirty(bad("a"))).apply(x),
    TypeError,
    "[markDirty] argument 0 is not a Tensor: got string",
  ],
  [
    "markNonDifferentiable of null",
    () => fn((c) => c.markNonDifferentiable(bad(null))).apply(x),
    TypeError,
    "[markNonDifferentiable] argument 0 is not a Tensor: got object",
  ],
  [
    "setMaterializeGrads of a number",
    () => fn((c) => c.setMaterializeGrads(bad(1))).apply(x),
    TypeError,
    "[setMaterializeGrads] value must be a boolean: got number",
  ],
  [
    "markDirty on a tensor not returned",
    () => fn((c, t) => c.markDirty(t)).apply(x.mul(1)),
    Error,
    /^\[Custom\.apply\] Some elements marked as dirty during the forward method were not returned as output/,
  ],
  [
    "forward returning a Promise",
    () => fn(async () => 1).apply(x),
    TypeError,
    "[Custom.apply] forward returned a Promise: forward must be synchronous",
  ],
  [
    "backward returning a number",
    () =>
      fn(
        () => undefined,
        () => 3,
      )
        .apply(x)
        .sum()
        .backward(),
    TypeError,
    "[backward] function CustomBackward returned a gradient that is not a Tensor or null at position 1: got number",
  ],
  [
    "backward returning too many gradients",
    () =>
      fn(
        () => undefined,
        (_c, g) => [g, g],
      )
        .apply(x)
        .sum()
        .backward(),
    Error,
    "[backward] function CustomBackward returned an incorrect number of gradients (expected 1, got 2)",
  ],
  [
    "onceDifferentiable of a number",
    () => onceDifferentiable(bad(1)),
    TypeError,
    "[onceDifferentiable] expected a function: got number",
  ],
  // forwardAd
  ["dualLevel with a number", () => forwardAd.dualLevel(bad(1)), TypeError, "[dualLevel] fn must be a function: got 1"],
  [
    "dualLevel with two arguments",
    () => FA.dualLevel(() => 0, 1),
    TypeError,
    /^\[dualLevel\] takes at most 1 positional argument: got 2/,
  ],
  [
    "dualLevel with an async callback",
    () => forwardAd.dualLevel(async () => 0),
    TypeError,
    /^\[dualLevel\] the callback returned a Promise/,
  ],
  ["makeDual outside a level", () => forwardAd.makeDual(p, p), Error, /^\[makeDual\] no dual level is active/],
  [
    "makeDual of an array",
    () => forwardAd.dualLevel(() => forwardAd.makeDual(bad([1]), p)),
    TypeError,
    "[makeDual] tensor must be a Tensor: got object",
  ],
  [
    "makeDual with a number tangent",
    () => forwardAd.dualLevel(() => forwardAd.makeDual(p, bad(1))),
    TypeError,
    "[makeDual] tangent must be a Tensor: got number",
  ],
  [
    "makeDual with an integer tangent",
    () => forwardAd.dualLevel(() => forwardAd.makeDual(p, torch.tensor([1, 2]))),
    TypeError,
    "[makeDual] Expected tangent to be floating point or complex, but got: int64",
  ],
  [
    "makeDual unknown option",
    () => forwardAd.dualLevel(() => FA.makeDual(p, p, { lvl: 0 })),
    TypeError,
    /^\[makeDual\] unknown option "lvl": expected one of "level"$/,
  ],
  [
    "makeDual at another level",
    () => forwardAd.dualLevel(() => forwardAd.makeDual(p, p, { level: -1 })),
    RangeError,
    /^\[makeDual\] level -1 is not the active dual level: expected \d+$/,
  ],
  [
    "makeDual with four arguments",
    () => forwardAd.dualLevel(() => FA.makeDual(p, p, {}, 1)),
    TypeError,
    /^\[makeDual\] takes at most 3 positional arguments: got 4/,
  ],
  [
    "unpackDual of a number",
    () => forwardAd.unpackDual(bad(1)),
    TypeError,
    "[unpackDual] tensor must be a Tensor: got number",
  ],
  [
    "unpackDual with three arguments",
    () => FA.unpackDual(p, {}, 1),
    TypeError,
    /^\[unpackDual\] takes at most 2 positional arguments: got 3/,
  ],
  // autograd.functional
  ["jacobian of a non-function", () => AF.jacobian(1, p), TypeError, "[jacobian] func must be a function: got 1"],
  [
    "jacobian inputs an array of numbers",
    () => AF.jacobian(sq, [1, 2]),
    TypeError,
    "[jacobian] The inputs given to jacobian must be either a Tensor or an array of Tensors: got number at index 0",
  ],
  [
    "jacobian python option name",
    () => AF.jacobian(sq, p, { create_graph: true }),
    TypeError,
    /^\[jacobian\] unknown option "create_graph": did you mean "createGraph"\?$/,
  ],
  [
    "jacobian createGraph not a boolean",
    () => AF.jacobian(sq, p, { createGraph: 1 }),
    TypeError,
    "[jacobian] createGraph must be a boolean: got 1",
  ],
  [
    "jacobian unknown strategy",
    () => AF.jacobian(sq, p, { strategy: "forward" }),
    RangeError,
    /^\[jacobian\] strategy must be one of "reverse-mode", "forward-mode": got "forward"/,
  ],
  [
    "jacobian forward-mode without vectorize",
    () => AF.jacobian(sq, p, { strategy: "forward-mode" }),
    Error,
    /requires `vectorize=True`/,
  ],
  [
    "jacobian strict with vectorize",
    () => AF.jacobian(sq, p, { strict: true, vectorize: true }),
    Error,
    /`strict=True` and `vectorized=True` are not supported together/,
  ],
  [
    "jacobian with four arguments",
    () => AF.jacobian(sq, p, {}, 1),
    TypeError,
    /^\[jacobian\] takes at most 3 positional arguments: got 4/,
  ],
  [
    "jacobian func returning a number",
    () => AF.jacobian(() => 3, p),
    TypeError,
    "[jacobian] The outputs of the user-provided function given to jacobian must be either a Tensor or an array of Tensors: got number",
  ],
  [
    "vjp without v for a vector output",
    () => AF.vjp(sq, p),
    RangeError,
    /^\[vjp\] The vector v can only be None if the user-provided function returns a single Tensor with a single element\.$/,
  ],
  [
    "vjp v of the wrong shape",
    () => AF.vjp(sq, p, torch.ones(3, { dtype: "float64" })),
    RangeError,
    "[vjp] Mismatch in shape: v[0] has shape [3] and the output 0 has shape [2]",
  ],
  [
    "vjp two vectors for one output",
    () => AF.vjp(sq, p, [p, p]),
    RangeError,
    "[vjp] v has 2 tensors: expected 1, one per output",
  ],
  [
    "vjp v a number",
    () => AF.vjp(sq, p, 1),
    TypeError,
    /^\[vjp\] The v given to vjp must be either a Tensor or an array of Tensors/,
  ],
  [
    "vjp with five arguments",
    () => AF.vjp(total, p, null, {}, 1),
    TypeError,
    /^\[vjp\] takes at most 4 positional arguments: got 5/,
  ],
  [
    "jvp without v for a vector input",
    () => AF.jvp(sq, p),
    RangeError,
    /^\[jvp\] The vector v can only be None if the input to the user-provided function is a single Tensor with a single element\.$/,
  ],
  ["jvp unknown option", () => AF.jvp(sq, p, p, { vectorize: true }), TypeError, /^\[jvp\] unknown option "vectorize"/],
  [
    "hessian of a vector function",
    () => AF.hessian(sq, p),
    RangeError,
    "[hessian] The Tensor returned by the function given to hessian should contain a single element: got shape [2]",
  ],
  [
    "hessian of a function returning an array",
    () => AF.hessian((t: torch.Tensor) => [t.sum()], p),
    TypeError,
    "[hessian] The function given to hessian should return a single Tensor",
  ],
  [
    "hessian bad outer strategy",
    () => AF.hessian(total, p, { outerJacobianStrategy: "fwd" }),
    RangeError,
    /^\[hessian\] outerJacobianStrategy must be one of/,
  ],
  [
    "hvp strict not a boolean",
    () => AF.hvp(total, p, p, { strict: "yes" }),
    TypeError,
    '[hvp] strict must be a boolean: got "yes"',
  ],
  [
    "vhp of a vector function",
    () => AF.vhp(sq, p, p),
    RangeError,
    /^\[vhp\] The Tensor returned by the function given to vhp should contain a single element/,
  ],
  [
    "hvp v of the wrong shape",
    () => AF.hvp(total, p, torch.ones(1, { dtype: "float64" })),
    RangeError,
    "[hvp] Mismatch in shape: v[0] has shape [1] and the input 0 has shape [2]",
  ],
];

describe("bad input: autograd.Function, forwardAd, autograd.functional", () => table(ROWS));
