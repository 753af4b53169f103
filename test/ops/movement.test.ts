/** Movement ops: storage sharing, contiguity, grad_fn names, argument forms, double backward. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const arange = (n: number, dtype: torch.DType = "float32"): torch.Tensor =>
  torch.tensor(
    Array.from({ length: n }, (_, i) => i),
    { dtype },
  );

describe("views share storage", () => {
  it("writing through a view changes the base", () => {
    const base = arange(6).reshape(2, 3);
    base.view(6).indexPut_([0], 100);
    base.t().indexPut_([2, 1], -1);
    base.select(1, 1).indexPut_([":"], 7);
    base.narrow(0, 1, 1).flatten().indexPut_([2], 9);
    assert.deepEqual(base.tolist(), [
      [100, 7, 2],
      [3, 7, 9],
    ]);
    const row = base.unbind(0)[0]!;
    row.indexPut_([0], 0);
    assert.equal(base.index(0, 0).item(), 0);
    assert.equal(row.storage, base.storage);
  });

  it("views bump the shared version counter", () => {
    const base = arange(4);
    const v = base.unsqueeze(0);
    const before = base.version;
    v.indexPut_([0, 0], 5);
    assert.equal(base.version, before + 1);
  });

  it("expand, permute, squeeze, split, chunk and movedim are views", () => {
    const x = arange(6).reshape(1, 2, 3);
    for (const v of [
      x.expand(4, 2, 3),
      x.permute(2, 0, 1),
      x.squeeze(),
      x.movedim(0, 2),
      x.split(1, 2)[1]!,
      x.chunk(2, 1)[0]!,
      x.T,
      x.mT,
    ]) {
      assert.equal(v.storage, x.storage);
    }
    assert.deepEqual(x.expand(4, -1, -1).stride(), [0, 3, 1]);
  });

  it("reshape copies when strides do not allow a view", () => {
    const x = arange(6).reshape(2, 3);
    assert.equal(x.reshape(3, 2).storage, x.storage);
    const y = x.t().reshape(6);
    assert.notEqual(y.storage, x.storage);
    assert.deepEqual(y.tolist(), [0, 3, 1, 4, 2, 5]);
    // A transposed tensor whose dims can still merge stays a view.
    const z = arange(24).reshape(2, 3, 4).transpose(0, 1);
    assert.equal(z.reshape(3, 2, 2, 2).storage, z.storage);
  });
});

describe("contiguity", () => {
  it("isContiguous after transpose, contiguous() copies only when needed", () => {
    const x = arange(6).reshape(2, 3);
    assert.equal(x.isContiguous(), true);
    const xt = x.t();
    assert.equal(xt.isContiguous(), false);
    const c = xt.contiguous();
    assert.equal(c.isContiguous(), true);
    assert.notEqual(c.storage, x.storage);
    assert.deepEqual(c.tolist(), [
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    assert.equal(x.contiguous(), x);
  });

  it("view after transpose throws PyTorch's message; reshape works", () => {
    const xt = arange(6).reshape(2, 3).t();
    assert.throws(
      () => xt.view(6),
      /^RangeError: \[view\] view size is not compatible with input tensor's size and stride.*Use \.reshape\(\.\.\.\) instead\.$/,
    );
    assert.deepEqual(xt.reshape(6).shape, [6]);
    assert.deepEqual(xt.view(3, 2).shape, [3, 2]); // same shape is fine
  });
});

describe("argument forms", () => {
  it("sizes as varargs or one array, -1 inferred", () => {
    const x = arange(12);
    assert.deepEqual(x.reshape(3, 4).shape, x.reshape([3, 4]).shape);
    assert.deepEqual(x.view(-1, 6).shape, [2, 6]);
    assert.deepEqual(x.reshape(2, 3, 2).permute([2, 0, 1]).shape, [2, 2, 3]);
    assert.deepEqual(x.reshape(1, 12).expand([3, -1]).shape, [3, 12]);
    assert.deepEqual(x.reshape(3, 4).repeat([2, 1]).shape, x.reshape(3, 4).repeat(2, 1).shape);
    assert.deepEqual(x.reshape(3, 4).flip([0, 1]).tolist(), x.reshape(3, 4).flip(0, 1).tolist());
  });

  it("0-d tensors", () => {
    const s = torch.tensor(3.5);
    assert.deepEqual(s.reshape(1, 1).shape, [1, 1]);
    assert.deepEqual(s.flatten().shape, [1]);
    assert.deepEqual(s.unsqueeze(0).shape, [1]);
    assert.deepEqual(s.t().shape, []);
    assert.deepEqual(s.expand(2, 2).tolist(), [
      [3.5, 3.5],
      [3.5, 3.5],
    ]);
  });

  it("movement is exact for every dtype (int64 beyond 2^53 included)", () => {
    const big = torch.tensor([2n ** 62n + 1n, -(2n ** 60n) - 3n, 7n, 1n]).reshape(2, 2);
    const f = big.t().contiguous().flip(0);
    assert.deepEqual([...(f.dataSync() as BigInt64Array)], [-(2n ** 60n) - 3n, 1n, 2n ** 62n + 1n, 7n]);
    const h = torch.tensor([0.1, 65504, -0], { dtype: "float16" });
    assert.deepEqual([...h.flip(0).dataSync()], [...h.dataSync()].reverse());
  });
});

describe("grad_fn names match PyTorch 1.13", () => {
  const x = torch.zeros(2, 3, 4).requiresGrad_();
  const cases: [string, () => torch.Tensor][] = [
    ["ViewBackward0", () => x.view(6, 4)],
    ["ReshapeAliasBackward0", () => x.reshape(6, 4)],
    ["UnsafeViewBackward0", () => x.transpose(0, 1).reshape(-1)],
    ["TransposeBackward0", () => x.transpose(0, 2)],
    ["TBackward0", () => x.select(0, 0).t()],
    ["PermuteBackward0", () => x.permute(2, 0, 1)],
    ["PermuteBackward0", () => x.movedim(0, 2)],
    ["UnsqueezeBackward0", () => x.unsqueeze(0)],
    ["SqueezeBackward0", () => x.unsqueeze(0).squeeze()],
    ["SqueezeBackward1", () => x.squeeze(0)],
    ["ExpandBackward0", () => x.expand(2, 2, 3, 4)],
    ["SliceBackward0", () => x.narrow(1, 0, 2)],
    ["SelectBackward0", () => x.select(1, 0)],
    ["UnbindBackward0", () => x.unbind(1)[0]!],
    ["SplitBackward0", () => x.split(1, 1)[0]!],
    ["SplitWithSizesBackward0", () => x.split([1, 2], 1)[0]!],
    ["CloneBackward0", () => x.clone()],
    ["CatBackward0", () => torch.cat([x, x])],
    ["StackBackward0", () => torch.stack([x, x])],
    ["FlipBackward0", () => x.flip(0)],
    ["RollBackward0", () => x.roll(1, 0)],
    ["RepeatBackward0", () => x.repeat(2, 1, 1)],
    ["IndexSelectBackward0", () => x.repeatInterleave(2, 0)],
  ];
  for (const [name, make] of cases) {
    it(name, () => assert.equal(make().gradFn?.name(), name));
  }
});

describe("autograd through views", () => {
  it("gradient of a slice is zero outside it; double backward works", () => {
    const x = torch.tensor([1, 2, 3, 4], { dtype: "float64", requiresGrad: true });
    const y = x.narrow(0, 1, 2).pow(3).sum();
    const [g] = torch.autograd.grad(y, [x], { createGraph: true });
    assert.deepEqual(g!.tolist(), [0, 12, 27, 0]);
    g!.sum().backward();
    assert.deepEqual(x.grad!.tolist(), [0, 12, 18, 0]);
  });

  it("cat of mixed dtypes returns gradients in each input's dtype", () => {
    const a = torch.ones(2, { dtype: "float64", requiresGrad: true });
    const b = torch.ones(1, { requiresGrad: true });
    const c = torch.cat([a, b]);
    assert.equal(c.dtype, "float64");
    c.mul(torch.tensor([1, 2, 3], { dtype: "float64" }))
      .sum()
      .backward();
    assert.equal(b.grad!.dtype, "float32");
    assert.deepEqual(b.grad!.tolist(), [3]);
    assert.deepEqual(a.grad!.tolist(), [1, 2]);
  });
});
