/** Elementwise behaviour the spec table cannot express: grad_fn names, double backward, in-place autograd, printing. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const f64 = (data: torch.TensorData) => torch.tensor(data, { dtype: "float64" }).requiresGrad_();
const f32 = (data: torch.TensorData) => torch.tensor(data, { dtype: "float32" });
const name = (t: torch.Tensor) => t.gradFn?.name() ?? null;

describe("elementwise family", () => {
  it("records PyTorch's grad_fn names", () => {
    const x = f64([0.5, 1.5]);
    const y = f64([0.7, 1.2]);
    assert.equal(name(x.exp()), "ExpBackward0");
    assert.equal(name(x.log1p()), "Log1PBackward0");
    assert.equal(name(x.relu()), "ReluBackward0");
    assert.equal(name(x.add(y)), "AddBackward0");
    assert.equal(name(x.add(2)), "AddBackward0");
    assert.equal(name(x.sub(y, { alpha: 2 })), "SubBackward0");
    assert.equal(name(torch.rsub(x, 2)), "RsubBackward1");
    assert.equal(name(torch.rsub(x, y)), "RsubBackward0");
    assert.equal(name(x.mul(2.5)), "MulBackward0");
    assert.equal(name(x.div(y)), "DivBackward0");
    assert.equal(name(x.div(y, { roundingMode: "floor" })), "DivBackward2");
    assert.equal(name(x.pow(2)), "PowBackward0");
    assert.equal(name(x.pow(y)), "PowBackward1");
    assert.equal(name(torch.pow(2, x)), "PowBackward2");
    assert.equal(name(x.square()), "PowBackward0");
    assert.equal(name(x.fmod(2)), "FmodBackward0");
    assert.equal(name(x.fmod(y)), "FmodBackward1");
    assert.equal(name(x.remainder(y)), "RemainderBackward1");
    assert.equal(name(x.maximum(y)), "MaximumBackward0");
    assert.equal(name(x.atan2(y)), "Atan2Backward0");
    assert.equal(name(x.round({ decimals: 1 })), "RoundBackward1");
    assert.equal(name(torch.where(x.gt(1), x, y)), "WhereBackward0");
    assert.equal(name(x.eq(y)), null);
    assert.equal(x.lt(y).requiresGrad, false);
  });

  it("in-place utilities record PyTorch's nodes", () => {
    const x = f64([1, 2]);
    assert.equal(name(x.mul(1).fill_(2)), "FillBackward2");
    assert.equal(name(x.mul(1).fill_(f64(3))), "FillBackward3");
    assert.equal(name(x.mul(1).zero_()), "ZeroBackward0");
    assert.equal(name(torch.zeros(2, { dtype: "float64" }).copy_(x)), "CopyBackwards");
  });

  it("promotes dtypes as PyTorch", () => {
    const i = torch.tensor([1, 2]);
    assert.equal(i.add(2.5).dtype, "float32");
    assert.equal(i.div(2).dtype, "float32");
    assert.equal(i.div(2, { roundingMode: "trunc" }).dtype, "int64");
    assert.equal(torch.tensor([true]).add(2).dtype, "int64");
    assert.deepEqual(torch.tensor([1, 2], { dtype: "uint8" }).add(300).tolist(), [45, 46]);
    assert.equal(i.exp().dtype, "float32");
    assert.equal(torch.tensor([1], { dtype: "int32" }).mul(torch.tensor(2.5, { dtype: "float64" })).dtype, "float64");
    assert.equal(f32([1]).mul(torch.tensor(2, { dtype: "float64" })).dtype, "float32");
    assert.equal(torch.tensor([true, false]).square().dtype, "int64");
    assert.equal(torch.where(torch.tensor([true]), 1, 2.5).dtype, "float32");
    assert.equal(torch.clamp(i, 0.5).dtype, "float32");
    torch.setDefaultDtype("float64");
    try {
      assert.equal(i.sqrt().dtype, "float64");
      assert.equal(i.div(i).dtype, "float64");
    } finally {
      torch.setDefaultDtype("float32");
    }
  });

  it("double backward works through the backward formulas", () => {
    const a = f64([0.3, 0.8, 1.7]);
    const b = f64([1.2, -0.4, 0.9]);
    const fns: [string, (x: torch.Tensor, y: torch.Tensor) => torch.Tensor][] = [
      ["exp", (x) => x.exp()],
      ["tanh", (x) => x.tanh()],
      ["sigmoid", (x) => x.sigmoid()],
      ["rsqrt", (x) => x.rsqrt()],
      ["asin", (x) => x.mul(0.5).asin()],
      ["erf", (x) => x.erf()],
      ["mul", (x, y) => x.mul(y)],
      ["div", (x, y) => x.div(y)],
      ["pow", (x, y) => x.pow(y)],
      ["pow scalar", (x) => x.pow(3)],
      ["atan2", (x, y) => x.atan2(y)],
      ["where", (x, y) => torch.where(x.gt(0.5), x.mul(x), y.mul(y))],
      ["clamp", (x) => torch.clamp(x.mul(x), 0.2, 2)],
      ["lerp", (x, y) => torch.lerp(x, y, x)],
      ["hypot", (x, y) => torch.hypot(x, y)],
    ];
    for (const [label, fn] of fns) {
      assert.equal(torch.autograd.gradgradcheck(fn, [a, b]), true, label);
    }
  });

  it("maximum splits the gradient of ties half/half", () => {
    const x = f64([1, 2, 3]);
    const y = f64([1, 1, 4]);
    x.maximum(y).sum().backward();
    assert.deepEqual(x.grad!.tolist(), [0.5, 1, 0]);
    assert.deepEqual(y.grad!.tolist(), [0.5, 0, 1]);
  });

  it("in-place ops on non-leaves keep the graph", () => {
    const x = f64([0.5, 1.0]);
    const h = x.mul(2);
    h.exp_();
    assert.equal(name(h), "ExpBackward0");
    h.add_(1, { alpha: 3 });
    h.sum().backward();
    // d/dx (e^{2x} + 3) = 2e^{2x}
    assert.deepEqual(
      (x.grad!.tolist() as number[]).map((v) => Number(v.toFixed(6))),
      [5.436564, 14.778112],
    );
  });

  it("in-place ops on tensors another node saved are refused at backward", () => {
    const x = f64([0.5, 1.0]);
    const h = x.mul(1);
    const y = h.mul(h);
    h.add_(1);
    assert.throws(() => y.sum().backward(), /modified by an inplace operation/);
  });

  it("in-place ops on a leaf requiring grad work under noGrad (optimizer step)", () => {
    const w = f64([1, 2]);
    torch.noGrad(() => w.sub_(f64([0.5, 0.5]), { alpha: 2 }));
    assert.deepEqual(w.tolist(), [0, 1]);
    assert.equal(w.requiresGrad, true);
    assert.equal(w.isLeaf, true);
  });

  it("in-place ops write through views and bump the version", () => {
    const base = torch.zeros(2, 3);
    const row = base.select(0, 1);
    const v0 = base.version;
    row.add_(f32([1, 2, 3]));
    row.clamp_(null, 2.5);
    assert.deepEqual(base.tolist(), [
      [0, 0, 0],
      [1, 2, 2.5],
    ]);
    assert.ok(base.version > v0);
    assert.throws(() => torch.zeros(1).expand(3).add_(1), /more than one element of the written-to tensor/);
  });

  it("comparisons, allclose and equal return bools", () => {
    assert.equal(torch.allclose(f32([1, 2]), f32([1, 2.000001])), true);
    assert.equal(torch.allclose(f32([1, NaN]), f32([1, NaN]), { equalNan: true }), true);
    assert.equal(torch.equal(f32([1, 2]), torch.tensor([1, 2])), true);
    assert.equal(f32([1, 2]).equal(f32([1, 2, 3])), false);
    assert.equal(String(f32([1, NaN]).ne(NaN)), "tensor([True, True])");
  });

  it("prints results like PyTorch", () => {
    assert.equal(String(torch.tensor([-7, 7]).remainder(3)), "tensor([2, 1])");
    assert.equal(String(f32([0.5, 1.5, 2.5]).round()), "tensor([0., 2., 2.])");
    assert.equal(String(f64([1, 2]).mul(2)), "tensor([2., 4.], dtype=torch.float64, grad_fn=<MulBackward0>)");
  });
});
