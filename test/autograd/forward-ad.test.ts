/**
 * Forward-mode AD (torch.autograd.forwardAd): tangents of many ops checked against central
 * finite differences in float64 (explicit JVP rules and the ones derived from the backward),
 * the level scope, in-place ops, and PyTorch's errors.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const { forwardAd } = torch.autograd;
const F = torch.nn.functional;
type T = torch.Tensor;

const f64 = (data: number[] | number[][], shape?: number[]) => {
  const t = torch.tensor(data as number[], { dtype: "float64" });
  return shape ? t.reshape(shape) : t;
};
const vals = (t: T | null): number[] => {
  assert.ok(t, "expected a tensor");
  return Array.from(t.contiguous().dataFloat());
};

/** The tangent of fn at xs along ts, by forward AD. */
function forward(fn: (...xs: T[]) => T, xs: T[], ts: T[]): T {
  return forwardAd.dualLevel(() => {
    const duals = xs.map((x, i) => forwardAd.makeDual(x, ts[i]!));
    const y = fn(...duals);
    const { tangent } = forwardAd.unpackDual(y);
    return tangent ?? torch.zerosLike(y);
  });
}

/** (fn(x + h t) - fn(x - h t)) / 2h. */
function central(fn: (...xs: T[]) => T, xs: T[], ts: T[], h = 1e-6): T {
  const plus = fn(...xs.map((x, i) => x.add(ts[i]!.mul(h))));
  const minus = fn(...xs.map((x, i) => x.sub(ts[i]!.mul(h))));
  return plus.sub(minus).div(2 * h);
}

const A = f64([0.3, -0.8, 1.3, 0.45, -0.2, 0.9], [2, 3]);
const B = f64([1.1, 0.4, -0.6, 0.7, 1.5, -0.35], [2, 3]);
const P = f64([0.5, 1.2, 2.0, 0.8, 1.7, 0.3], [2, 3]); // positive
const M = f64([0.2, -0.5, 0.7, 1.1, -0.3, 0.6], [3, 2]);
const TA = f64([0.7, -0.1, 0.4, -0.9, 0.25, 0.6], [2, 3]);
const TB = f64([-0.3, 0.8, 0.15, 0.5, -0.45, 0.2], [2, 3]);
const TM = f64([0.1, 0.9, -0.4, 0.3, 0.6, -0.7], [3, 2]);

type Case = [name: string, fn: (...xs: T[]) => T, xs: T[], ts: T[]];
const CASES: Case[] = [
  ["exp (explicit rule)", (x) => x.exp(), [A], [TA]],
  ["sin, cos (explicit)", (x) => x.sin().mul(x.cos()), [A], [TA]],
  ["tanh, sigmoid (explicit)", (x) => x.tanh().add(x.sigmoid()), [A], [TA]],
  ["log (explicit)", (x) => x.log(), [P], [TA]],
  ["mul (explicit), both tangents", (a, b) => a.mul(b), [A, B], [TA, TB]],
  ["mul with a broadcast operand", (a, b) => a.mul(b.select(0, 0)), [A, B], [TA, TB]],
  ["sqrt, rsqrt (derived)", (x) => x.sqrt().add(x.rsqrt()), [P], [TA]],
  ["abs, relu (derived)", (x) => x.abs().add(x.relu()), [A], [TA]],
  ["add, sub, div", (a, b) => a.add(b).div(b.sub(3)), [A, B], [TA, TB]],
  ["pow with tensor exponent", (a, b) => a.pow(b), [P, B], [TA, TB]],
  ["pow with number exponent", (x) => x.pow(3), [A], [TA]],
  ["atan2", (a, b) => torch.atan2(a, b), [A, B], [TA, TB]],
  ["maximum", (a, b) => torch.maximum(a, b), [A, B], [TA, TB]],
  ["sum, mean over a dim", (x) => x.sum(1).add(x.mean(0).sum()), [A], [TA]],
  ["prod", (x) => x.prod(1), [A], [TA]],
  ["max along a dim", (x) => x.max(1).values, [A], [TA]],
  ["logsumexp", (x) => x.logsumexp(1), [A], [TA]],
  ["var", (x) => x.var(1), [A], [TA]],
  ["softmax, logSoftmax", (x) => x.softmax(1).add(x.logSoftmax(0)), [A], [TA]],
  ["matmul", (a, m) => a.matmul(m), [A, M], [TA, TM]],
  ["transpose, reshape, slicing", (x) => x.transpose(0, 1).reshape([6]).narrow(0, 1, 4), [A], [TA]],
  ["cat and stack", (a, b) => torch.stack([torch.cat([a, b], 1), torch.cat([b, a], 1)]), [A, B], [TA, TB]],
  ["where", (a, b) => torch.where(a.gt(0), a.mul(2), b), [A, B], [TA, TB]],
  ["clamp", (x) => x.clamp(-0.5, 1), [A], [TA]],
  ["F.linear", (a, m) => F.linear(a, m.transpose(0, 1)), [A, M], [TA, TM]],
  ["F.gelu and F.layerNorm", (x) => F.layerNorm(F.gelu(x), [3]), [A], [TA]],
  ["F.mseLoss", (a, b) => F.mseLoss(a, b), [A, B], [TA, TB]],
  ["in-place ops carry the tangent", (x) => x.mul(1).mul_(2).exp_(), [A], [TA]],
  ["a tensor without a tangent mixes in", (a) => a.mul(B).add(B.exp()), [A], [TA]],
];

describe("forwardAd: tangents against central differences (float64)", () => {
  for (const [name, fn, xs, ts] of CASES) {
    it(name, () => {
      const got = vals(forward(fn, xs, ts));
      const want = vals(central(fn, xs, ts));
      assert.equal(got.length, want.length);
      got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) < 1e-6, `[${i}] ${g} vs ${want[i]}`));
    });
  }
});

describe("forwardAd: scope, makeDual, unpackDual", () => {
  it("a level as a callback and with `using`; tangents do not outlive it", () => {
    const x = f64([1, 2]);
    let y: T | null = null;
    const t = forwardAd.dualLevel(() => {
      y = forwardAd.makeDual(x, f64([1, 0])).mul(3);
      return forwardAd.unpackDual(y).tangent;
    });
    assert.deepEqual(vals(t), [3, 0]);
    assert.equal(forwardAd.unpackDual(y!).tangent, null);
    {
      using scope = forwardAd.dualLevel();
      assert.equal(typeof scope.level, "number");
      const d = forwardAd.makeDual(x, f64([0, 1]));
      assert.deepEqual(vals(forwardAd.unpackDual(d.exp()).tangent), [0, Math.exp(2)]);
    }
    assert.throws(() => forwardAd.makeDual(x, x), /^Error: \[makeDual\] no dual level is active/);
  });

  it("unpackDual: primal without the tangent, null tangent for plain tensors; the input is untouched", () => {
    forwardAd.dualLevel(() => {
      const x = f64([1, 2]);
      const d = forwardAd.makeDual(x, f64([5, 6]));
      assert.notEqual(d, x);
      assert.equal(forwardAd.unpackDual(x).tangent, null);
      const { primal, tangent } = forwardAd.unpackDual(d);
      assert.deepEqual(vals(primal), [1, 2]);
      assert.equal(forwardAd.unpackDual(primal).tangent, null);
      assert.deepEqual(vals(tangent), [5, 6]);
    });
  });

  it("works under noGrad, records no graph there, and composes with reverse mode", () => {
    const x = f64([0.5, 1.5]);
    const t = forwardAd.dualLevel(() =>
      torch.noGrad(() => {
        const y = forwardAd.makeDual(x, f64([1, 1])).sin();
        assert.equal(y.requiresGrad, false);
        return forwardAd.unpackDual(y).tangent;
      }),
    );
    assert.deepEqual(vals(t), [Math.cos(0.5), Math.cos(1.5)]);
    // backward through a dual computation still works
    const w = torch.tensor([0.5, 1.5], { dtype: "float64", requiresGrad: true });
    forwardAd.dualLevel(() => {
      const y = forwardAd
        .makeDual(w, f64([1, 0]))
        .pow(2)
        .sum();
      assert.deepEqual(vals(forwardAd.unpackDual(y).tangent), [1]);
      y.backward();
    });
    assert.deepEqual(vals(w.grad), [1, 3]);
  });

  it("custom Functions: the tangent flows through the ops of forward", () => {
    class Cube extends torch.autograd.Function {
      static override forward(ctx: torch.autograd.FunctionCtx, x: T) {
        ctx.saveForBackward(x);
        return x.pow(3);
      }
      static override backward(ctx: torch.autograd.FunctionCtx, g: T) {
        return g.mul(ctx.savedTensors[0]!.pow(2).mul(3));
      }
    }
    const x = f64([1, -2]);
    const t = forwardAd.dualLevel(() => {
      const d = forwardAd.makeDual(x, f64([1, 1]));
      return forwardAd.unpackDual(Cube.apply(d)).tangent;
    });
    // forward runs its ops on the dual input (PyTorch 1.13 instead asks for a jvp staticmethod)
    assert.deepEqual(vals(t), [3, 12]);
  });

  it("PyTorch's errors: nesting, shapes, dtypes, wrong kinds", () => {
    const x = f64([1, 2]);
    forwardAd.dualLevel(() => {
      assert.throws(
        () => forwardAd.dualLevel(() => 0),
        /^Error: \[dualLevel\] Nested forward mode AD is not supported at the moment$/,
      );
      assert.throws(
        () => forwardAd.makeDual(x, f64([1, 2, 3])),
        /^RangeError: \[makeDual\] Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported\. Tensor is of size \[2\] while the given forward gradient is of size \[3\]\.$/,
      );
      assert.throws(
        () => forwardAd.makeDual(torch.tensor([1, 2]), x),
        /^TypeError: \[makeDual\] Expected primal to be floating point or complex, but got: int64$/,
      );
    });
  });
});
