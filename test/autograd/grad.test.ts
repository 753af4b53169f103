/** autograd.grad (incl. higher order), gradcheck and gradgradcheck. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { record } from "../../src/ops/define.js";

const { grad, gradcheck, gradgradcheck } = torch.autograd;
const f = (t: torch.Tensor | null): number[] => {
  assert.ok(t, "expected a tensor");
  return Array.from(t.dataFloat());
};
const f64 = (data: number[] | number[][]) => torch.tensor(data, { dtype: "float64", requiresGrad: true });

describe("autograd.grad", () => {
  it("first and second derivatives of x³ with createGraph", () => {
    const x = torch.tensor([1, 2, -3], { requiresGrad: true });
    const [dx] = grad(x.pow(3).sum(), [x], { createGraph: true });
    assert.deepEqual(f(dx!), [3, 12, 27]);
    assert.equal(dx!.requiresGrad, true);
    const [d2x] = grad(dx!.sum(), [x]);
    assert.deepEqual(f(d2x!), [6, 12, -18]);
    const [d3x] = grad(
      grad(grad(x.pow(3).sum(), x, { createGraph: true })[0]!.sum(), x, { createGraph: true })[0]!.sum(),
      x,
    );
    assert.deepEqual(f(d3x!), [6, 6, 6]);
  });

  it("does not touch .grad and returns one gradient per input", () => {
    const a = torch.tensor([1, 2], { requiresGrad: true });
    const b = torch.tensor([3, 4], { requiresGrad: true });
    const [ga, gb] = grad(a.mul(b).sum(), [a, b]);
    assert.deepEqual(f(ga!), [3, 4]);
    assert.deepEqual(f(gb!), [1, 2]);
    assert.equal(a.grad, null);
    assert.equal(b.grad, null);
    assert.equal(ga!.requiresGrad, false);
  });

  it("gradOutputs for non-scalar outputs; several outputs sum", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const [g] = grad([x.mul(2), x.mul(x)], [x], { gradOutputs: [torch.tensor([1, 10]), torch.tensor([1, 1])] });
    assert.deepEqual(f(g!), [4, 24]);
    assert.throws(() => grad(x.mul(2), [x]), /grad can be implicitly created only for scalar outputs/);
  });

  it("unused inputs: error naming the input, or null with allowUnused", () => {
    const a = torch.tensor([1], { requiresGrad: true });
    const b = torch.tensor([2], { requiresGrad: true });
    assert.throws(
      () => grad(a.mul(2).sum(), [a, b]),
      /inputs\[1\].*not to have been used|not have been used.*inputs\[1\]|appears to not have been used.*inputs\[1\]/,
    );
    const [ga, gb] = grad(a.mul(2).sum(), [a, b], { allowUnused: true });
    assert.deepEqual(f(ga), [2]);
    assert.equal(gb, null);
    assert.throws(() => grad(a.mul(2).sum(), [torch.ones(1)]), /does not require grad/);
    assert.throws(() => grad(torch.ones(1).sum(), [a]), /element 0 of tensors does not require grad/);
  });

  it("gradients w.r.t. a non-leaf tensor", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3);
    const [gh, gx] = grad(h.mul(h).sum(), [h, x]);
    assert.deepEqual(f(gh!), [6, 12]);
    assert.deepEqual(f(gx!), [18, 36]);
  });

  it("runs only the part of the graph leading to the inputs", () => {
    const a = torch.tensor([1, 2], { requiresGrad: true });
    const c = torch.tensor([1, 2], { requiresGrad: true });
    const e = c.exp();
    let called = false;
    e.registerHook(() => {
      called = true;
    });
    const [ga] = grad(a.mul(a).add(e).sum(), [a]);
    assert.deepEqual(f(ga!), [2, 4]);
    assert.equal(called, false, "the exp branch must not run");
  });

  it("without retainGraph the graph is freed", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.exp().sum();
    grad(y, [x]);
    assert.throws(() => grad(y, [x]), /second time/);
  });
});

// A custom op with a deliberately wrong backward (d/dx x² taken as x instead of 2x).
function badSquare(x: torch.Tensor): torch.Tensor {
  const out = torch.noGrad(() => x.mul(x));
  return record("BadSquareBackward0", out, [x], (g) => [g.mul(x)], [x]);
}
// Right first derivative computed without history: its second derivative is wrong.
function flatSquare(x: torch.Tensor): torch.Tensor {
  const out = torch.noGrad(() => x.mul(x));
  return record("FlatSquareBackward0", out, [x], (g) => [torch.noGrad(() => g.mul(x).mul(2))], [x]);
}

describe("gradcheck", () => {
  it("passes on correct backward formulas, with one or several outputs", () => {
    const x = f64([0.3, -1.2, 2.0]);
    const y = f64([1.5, 0.7, -0.4]);
    assert.equal(
      gradcheck((a) => a.mul(a).exp(), [x]),
      true,
    );
    assert.equal(
      gradcheck((a, b) => [a.mul(b), a.div(b).tanh(), a.sub(b).sum()], [x, y]),
      true,
    );
  });

  it("catches a wrong backward, naming input, output and worst element", () => {
    const x = f64([0.5, -1, 3]);
    assert.throws(
      () => gradcheck(badSquare, [x]),
      /^Error: \[gradcheck\] Jacobian mismatch for output 0 with respect to input 0: worst at output element \[2\], input element \[2\]: numerical 6\.0*\d*, analytical 3/,
    );
    assert.equal(gradcheck(badSquare, [x], { raiseException: false }), false);
  });

  it("checks only inputs that require grad; non-tensor-grad inputs pass through", () => {
    const x = f64([0.5, 2]);
    const c = torch.tensor([3, 4], { dtype: "float64" });
    assert.equal(
      gradcheck((a, b) => a.mul(b).pow(2), [x, c]),
      true,
    );
    assert.throws(() => gradcheck((a) => a.mul(2), [c]), /no input requires grad/);
  });

  it("refuses non-float64 inputs that require grad", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    assert.throws(
      () => gradcheck((a) => a.mul(2), [x]),
      /input 0 requires grad but has dtype float32: expected float64/,
    );
  });

  it("does not modify inputs or their .grad", () => {
    const x = f64([0.5, 2]);
    const y = f64([
      [1, 2],
      [3, 4],
    ]);
    gradcheck((a, b) => a.mul(b).sin(), [x, y]);
    gradgradcheck((a, b) => a.mul(b).sin(), [x, y]);
    assert.deepEqual(f(x), [0.5, 2]);
    assert.deepEqual(f(y), [1, 2, 3, 4]);
    assert.equal(x.grad, null);
    assert.equal(y.grad, null);
    assert.equal(x.version, 0);
    assert.equal(y.version, 0);
  });
});

describe("gradgradcheck (second order)", () => {
  const x = f64([0.4, -0.9, 1.3]);
  const m = f64([
    [0.2, -0.5, 1.1],
    [0.7, 0.3, -1.4],
  ]);
  const cases: [string, (...xs: torch.Tensor[]) => torch.Tensor, torch.Tensor[]][] = [
    ["pow", (a) => a.pow(3), [x]],
    ["pow tensor exponent", (a, b) => a.abs().add(0.5).pow(b), [x, f64([1.5, 2.5, -0.5])]],
    ["exp", (a) => a.exp(), [x]],
    ["tanh", (a) => a.tanh(), [x]],
    ["sigmoid", (a) => a.sigmoid(), [x]],
    ["mul", (a, b) => a.mul(b), [x, f64([2, 3, -1])]],
    ["div", (a, b) => a.div(b), [x, f64([2, 3, -1.5])]],
    ["softmax", (a) => a.softmax(1), [m]],
    ["logSoftmax", (a) => a.logSoftmax(1), [m]],
    ["sum/mean of a product", (a) => a.mul(a).mean(0), [m]],
  ];
  for (const [name, fn, inputs] of cases) {
    it(name, () => {
      assert.equal(gradcheck(fn, inputs), true);
      assert.equal(gradgradcheck(fn, inputs), true);
    });
  }

  it("matmul", (t) => {
    const mm = (torch as unknown as { matmul?: (a: torch.Tensor, b: torch.Tensor) => torch.Tensor }).matmul;
    if (typeof mm !== "function") return t.skip("matmul has not landed yet");
    const a = f64([
      [0.1, 0.2],
      [0.3, -0.4],
      [1.1, 0.5],
    ]);
    const b = f64([
      [0.7, -0.2, 0.9],
      [0.3, 0.8, -0.6],
    ]);
    assert.equal(
      gradcheck((p, q) => mm(p, q), [a, b]),
      true,
    );
    assert.equal(
      gradgradcheck((p, q) => mm(p, q), [a, b]),
      true,
    );
  });

  it("catches a first derivative that has no history", () => {
    const y = f64([0.5, -1]);
    assert.equal(gradcheck(flatSquare, [y]), true);
    assert.throws(() => gradgradcheck(flatSquare, [y]), /\[gradcheck\] Jacobian mismatch/);
    assert.equal(gradgradcheck(flatSquare, [y], undefined, { raiseException: false }), false);
  });
});
