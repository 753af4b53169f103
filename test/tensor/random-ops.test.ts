import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";

test("manualSeed makes rand reproducible (tutorial: seed 1729 twice)", () => {
  torch.manualSeed(1729);
  const a = torch.rand(2, 3);
  torch.manualSeed(1729);
  const b = torch.rand(2, 3);
  assert.deepEqual([...a.dataFloat()], [...b.dataFloat()]);
  assert.notDeepEqual([...torch.rand(2, 3).dataFloat()], [...a.dataFloat()]);
});

test("an explicit Generator does not advance the default one", () => {
  torch.manualSeed(5);
  const ref = torch.rand(4).dataFloat();
  torch.manualSeed(5);
  const g = new torch.Generator(123);
  torch.randn(10, { generator: g });
  torch.randint(0, 5, [3], { generator: g });
  torch.zeros(4).uniform_(0, 1, { generator: g });
  assert.deepEqual([...torch.rand(4).dataFloat()], [...ref]);
});

test("options: dtype, requiresGrad, *Like", () => {
  const x = torch.randn([2, 2], { dtype: "float64", requiresGrad: true });
  assert.equal(x.dtype, "float64");
  assert.equal(x.requiresGrad, true);
  assert.equal(torch.randLike(x).dtype, "float64");
  assert.deepEqual(torch.randnLike(torch.zeros(3, 1)).shape, [3, 1]);
  const r = torch.randintLike(torch.zeros([5], { dtype: "int32" }), 3, 6);
  assert.equal(r.dtype, "int32");
  for (const v of r.dataFloat()) assert.ok(v >= 3 && v < 6);
  assert.equal(torch.randint(10, [2]).dtype, "int64");
  assert.deepEqual(torch.randperm(6).dataFloat().slice().sort(), Float64Array.from([0, 1, 2, 3, 4, 5]));
});

test("in-place samplers write through views in memory order and bump the version", () => {
  torch.manualSeed(3);
  const base = torch.zeros(4, 6);
  const v = base.t();
  const before = base.version;
  v.uniform_(-1, 1);
  assert.equal(base.version, before + 1);
  torch.manualSeed(3);
  const flat = torch.zeros(24).uniform_(-1, 1);
  // a transposed view is filled in storage order, like PyTorch's TensorIterator
  assert.deepEqual([...base.dataFloat()], [...flat.dataFloat()]);
});

test("random ops record PyTorch's grad_fn names with zero gradients", () => {
  const m = torch.zeros(3, { requiresGrad: true });
  const s = torch.ones(3, { requiresGrad: true });
  assert.equal(torch.normal(m, 1).gradFn?.name(), "NormalBackward1");
  assert.equal(torch.normal(0, s).gradFn?.name(), "NormalBackward2");
  const y = torch.normal(m, s);
  assert.equal(y.gradFn?.name(), "NormalBackward3");
  y.sum().backward();
  assert.deepEqual([...m.grad!.dataFloat()], [0, 0, 0]);
  const h = m.mul(2);
  h.normal_();
  assert.equal(h.gradFn?.name(), "NormalBackward0");
  assert.equal(m.mul(1).uniform_().gradFn?.name(), "UniformBackward0");
  assert.equal(m.mul(1).bernoulli_(0.5).gradFn?.name(), "BernoulliBackward2");
  assert.equal(torch.bernoulli(m.sigmoid()).gradFn?.name(), "BernoulliBackward0");
});
