/**
 * PyTorch's in-place rules for the "bin" breadth names, beyond the values the spec table checks:
 * in-place view ops change self's own layout (same object, same storage, version bumped, history
 * renamed as PyTorch's), in-place methods return self and write through views, F's in-place
 * activations, rrelu's random slopes, the torch.* dropouts, mode's tuple, and shifts in place.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const F = torch.nn.functional;
const num = (t: torch.Tensor): number => t.item() as number;

describe("in-place view ops (t_, transpose_, swapaxes_, swapdims_, squeeze_, unsqueeze_)", () => {
  it("keep the tensor's identity and storage and take the view's layout", () => {
    const x = torch.arange(6).reshape([2, 3]);
    const v0 = x.version;
    const r = x.t_();
    assert.equal(r, x);
    assert.deepEqual(x.shape, [3, 2]);
    assert.deepEqual(x.stride(), [1, 3]);
    assert.deepEqual(x.tolist(), [
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    assert.ok(x.version > v0, "version bumped");
    x.transpose_(0, 1).unsqueeze_(0);
    assert.deepEqual(x.shape, [1, 2, 3]);
    x.squeeze_(0).swapaxes_(0, 1).swapdims_(1, 0);
    assert.deepEqual(x.tolist(), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it("a view stays a view of its base (writes go through)", () => {
    const base = torch.zeros(4, 3);
    const v = base.narrow(0, 1, 3);
    v.t_();
    assert.deepEqual(v.shape, [3, 3]);
    v.select(0, 0).fill_(7); // column 0 of rows 1..3 of base
    assert.deepEqual(base.select(1, 0).tolist(), [0, 7, 7, 7]);
  });

  it("record PyTorch's backward names and route gradients", () => {
    const a = torch.tensor([[1, 2, 3]], { dtype: "float64", requiresGrad: true });
    const names: string[] = [];
    const y = a.mul(torch.tensor([[1, 10, 100]], { dtype: "float64" }));
    y.t_();
    names.push(y.gradFn!.name());
    y.squeeze_();
    names.push(y.gradFn!.name());
    y.unsqueeze_(1);
    names.push(y.gradFn!.name());
    y.squeeze_(1);
    names.push(y.gradFn!.name());
    y.unsqueeze_(0).transpose_(0, 1);
    names.push(y.gradFn!.name());
    assert.deepEqual(names, [
      "TBackward1",
      "SqueezeBackward2",
      "UnsqueezeBackward1",
      "SqueezeBackward3",
      "TransposeBackward1",
    ]);
    assert.deepEqual(y.shape, [3, 1]);
    y.mul(torch.tensor([[1], [2], [3]], { dtype: "float64" }))
      .sum()
      .backward();
    assert.deepEqual(a.grad!.tolist(), [[1, 20, 300]]);
  });

  it("refuse leaves that require grad (and their views) unless grad is off", () => {
    const a = torch.zeros(2, 3, { requiresGrad: true });
    assert.throws(() => a.t_(), /^Error: \[t_\] a leaf Variable that requires grad/);
    assert.throws(() => a.view(6).unsqueeze_(0), /\[unsqueeze_\] a view of a leaf Variable/);
    torch.noGrad(() => a.t_());
    assert.deepEqual(a.shape, [3, 2]);
    assert.equal(a.isLeaf, true);
    assert.equal(a.requiresGrad, true);
  });

  it("squeeze_ of an expanded tensor is allowed (nothing is written)", () => {
    const x = torch.zeros(1).expand(3, 1);
    x.squeeze_();
    assert.deepEqual(x.shape, [3]);
    assert.deepEqual(x.stride(), [0]);
  });
});

describe("in-place methods of existing ops", () => {
  it("return self, bump the version and keep self's dtype", () => {
    const x = torch.tensor([1, 2, 3], { dtype: "int32" });
    const v0 = x.version;
    assert.equal(x.cumsum_(0), x);
    assert.equal(x.dtype, "int32");
    assert.deepEqual(x.tolist(), [1, 3, 6]);
    assert.ok(x.version > v0);
    const m = torch.ones(2, 2);
    assert.equal(m.addmm_(m.clone(), m.clone(), { beta: 0.5, alpha: 2 }), m);
    assert.deepEqual(m.tolist(), [
      [4.5, 4.5],
      [4.5, 4.5],
    ]);
  });

  it("write through a view into its base, with gradients to both operands", () => {
    const base = torch.zeros(3, 2, { dtype: "float64", requiresGrad: true });
    const b = base.mul(1);
    const src = torch.tensor([[1, 2]], { dtype: "float64", requiresGrad: true });
    b.narrow(0, 1, 2).indexAdd_(0, torch.tensor([1]), src, { alpha: 3 });
    assert.deepEqual(b.tolist(), [
      [0, 0],
      [0, 0],
      [3, 6],
    ]);
    b.mul(
      torch.tensor(
        [
          [1, 1],
          [1, 1],
          [2, 5],
        ],
        { dtype: "float64" },
      ),
    )
      .sum()
      .backward();
    assert.deepEqual(src.grad!.tolist(), [[6, 15]]);
    assert.deepEqual(base.grad!.tolist(), [
      [1, 1],
      [1, 1],
      [2, 5],
    ]);
  });

  it("refuse leaves that require grad", () => {
    const a = torch.ones(3, { requiresGrad: true });
    assert.throws(() => a.cumprod_(0), /\[cumprod_\] a leaf Variable that requires grad/);
    assert.throws(() => a.indexFill_(0, torch.tensor([0]), 2), /\[indexFill_\] a leaf Variable/);
  });

  it("fillDiagonal_ writes the diagonal (wrap restarts a tall matrix's diagonal)", () => {
    const x = torch.zeros(5, 2);
    assert.equal(x.fillDiagonal_(1, true), x);
    assert.deepEqual(x.tolist(), [
      [1, 0],
      [0, 1],
      [0, 0],
      [1, 0],
      [0, 1],
    ]);
    const y = torch.zeros(2, 2, { dtype: "int64" }).fillDiagonal_(2.7);
    assert.deepEqual(y.tolist(), [
      [2, 0],
      [0, 2],
    ]);
  });
});

describe("F in-place activations", () => {
  it("write into and return the input, gradients flowing as the out-of-place op", () => {
    const leaf = torch.tensor([-1, 0.5, 2], { dtype: "float64", requiresGrad: true });
    const ops: [string, (t: torch.Tensor) => torch.Tensor, (t: torch.Tensor) => torch.Tensor][] = [
      ["relu_", (t) => F.relu_(t), (t) => F.relu(t)],
      ["elu_", (t) => F.elu_(t, 0.5), (t) => F.elu(t, 0.5)],
      ["selu_", (t) => F.selu_(t), (t) => F.selu(t)],
      ["celu_", (t) => F.celu_(t, { alpha: 2 }), (t) => F.celu(t, 2)],
      ["leakyRelu_", (t) => F.leakyRelu_(t, 0.2), (t) => F.leakyRelu(t, 0.2)],
      ["hardtanh_", (t) => F.hardtanh_(t, -0.5, 1), (t) => F.hardtanh(t, -0.5, 1)],
      ["threshold_", (t) => F.threshold_(t, 0.6, -3), (t) => F.threshold(t, 0.6, -3)],
      ["rrelu_", (t) => F.rrelu_(t, 0.1, 0.3), (t) => F.rrelu(t, 0.1, 0.3)],
    ];
    for (const [name, inplaceFn, outOfPlace] of ops) {
      const h = leaf.mul(1);
      const v0 = h.version;
      assert.equal(inplaceFn(h), h, name);
      assert.ok(h.version > v0, `${name}: version bumped`);
      const [g] = torch.autograd.grad(h.sum(), [leaf]);
      const want = outOfPlace(leaf);
      const [gw] = torch.autograd.grad(want.sum(), [leaf]);
      assert.deepEqual(h.tolist(), want.tolist(), name);
      assert.deepEqual(g!.tolist(), gw!.tolist(), `${name} gradient`);
    }
  });

  it("refuse a leaf that requires grad", () => {
    const leaf = torch.ones(2, { requiresGrad: true });
    assert.throws(() => F.relu_(leaf), /^Error: \[relu_\] a leaf Variable/);
    assert.throws(() => F.hardtanh_(leaf), /\[hardtanh_\] a leaf Variable/);
  });

  it("rrelu_ in training draws each negative slope from U(lower, upper), once", () => {
    torch.manualSeed(0);
    const x = torch.full([2000], -1, { dtype: "float64" });
    const pos = torch.tensor([3], { dtype: "float64" });
    F.rrelu_(x, 0.2, 0.4, true);
    const s = x.neg();
    assert.ok(num(s.min()) >= 0.2 && num(s.max()) <= 0.4);
    assert.ok(Math.abs(num(s.mean()) - 0.3) < 0.01);
    assert.ok(num(s.std()) > 0.03, "slopes differ");
    assert.deepEqual(F.rrelu_(pos, 0.2, 0.4, true).tolist(), [3]);
    // with history recorded, the written values are the slopes the gradient uses
    const leaf = torch.full([500], -2, { dtype: "float64", requiresGrad: true });
    const h = leaf.mul(1);
    F.rrelu_(h, 0.1, 0.9, true);
    h.sum().backward();
    assert.deepEqual(leaf.grad!.tolist(), h.div(-2).tolist());
  });

  it("torch.rrelu is F.rrelu (mean slope in evaluation)", () => {
    assert.deepEqual(torch.rrelu(torch.tensor([-2, 3], { dtype: "float64" }), 0.25, 0.75).tolist(), [-1, 3]);
  });
});

describe("torch.* dropouts", () => {
  it("alphaDropout / featureAlphaDropout / featureDropout are identities in evaluation", () => {
    const x = torch.randn(2, 3, 4);
    assert.equal(torch.alphaDropout(x, 0.5, false), x);
    assert.equal(torch.featureAlphaDropout(x, 0.5, false), x);
    assert.equal(torch.featureDropout(x, 0.5, false), x);
    assert.equal(torch.featureDropout(torch.ones(3), 0.5, false).dim(), 1);
  });

  it("featureDropout zeroes whole channels and scales the rest by 1/(1-p)", () => {
    torch.manualSeed(3);
    const y = torch.featureDropout(torch.ones(50, 8, 5), 0.25, true);
    const perChannel = y.amax(2);
    assert.deepEqual(y.amin(2).tolist(), perChannel.tolist(), "constant within a channel");
    const vals = new Set(perChannel.reshape([-1]).tolist() as number[]);
    assert.deepEqual(
      [...vals].sort().map((v) => Number(v.toFixed(6))),
      [0, 1.333333],
    );
    const kept = num(perChannel.gt(0).float().mean());
    assert.ok(Math.abs(kept - 0.75) < 0.05, `kept ${kept}`);
  });

  it("alphaDropout keeps a standard normal's mean and variance in training", () => {
    torch.manualSeed(1);
    const y = torch.alphaDropout(torch.randn(20000, { dtype: "float64" }), 0.3, true);
    assert.ok(Math.abs(num(y.mean())) < 0.05);
    assert.ok(Math.abs(num(y.var()) - 1) < 0.05);
  });
});

describe("torch.mode", () => {
  it("returns [values, indices] with .values/.indices, keepdim, and gradients at the index", () => {
    const x = torch.tensor(
      [
        [4, 1, 4, 1],
        [2, 9, 9, 2],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    const r = torch.mode(x, 1, true);
    assert.deepEqual(r.values.tolist(), [[1], [2]]);
    assert.deepEqual(r.indices.tolist(), [[3], [3]]);
    assert.equal(r.indices.dtype, "int64");
    const [v] = x.mode();
    v.sum().backward();
    assert.deepEqual(x.grad!.tolist(), [
      [0, 0, 0, 1],
      [0, 0, 0, 1],
    ]);
    assert.equal(v.gradFn!.name(), "ModeBackward0");
  });
});

describe("bit shifts", () => {
  it("in place: returns self, casts into self's dtype", () => {
    const x = torch.tensor([1, 64], { dtype: "int8" });
    assert.equal(x.bitwiseLeftShift_(torch.tensor([1, 1], { dtype: "int32" })), x);
    assert.deepEqual(x.tolist(), [2, -128]);
    x.bitwiseRightShift_(1);
    assert.deepEqual(x.tolist(), [1, -64]);
  });

  it("a number as the shifted value", () => {
    assert.deepEqual(torch.bitwiseLeftShift(1, torch.tensor([0, 3, 62])).tolist(), [1, 8, 2 ** 62]);
    assert.deepEqual(torch.bitwiseRightShift(-256, torch.tensor([4, 100])).tolist(), [-16, -1]);
  });
});

describe("x.numpy()", () => {
  it("is x detached, sharing its memory", () => {
    const x = torch.tensor([1, 2, 3], { dtype: "float64" });
    const a = x.numpy();
    assert.equal(a.requiresGrad, false);
    a.fill_(5);
    assert.deepEqual(x.tolist(), [5, 5, 5]);
    const w = torch.ones(2, { requiresGrad: true });
    const f = w.numpy({ force: true });
    assert.equal(f.requiresGrad, false);
    assert.equal(f.gradFn, null);
  });
});
