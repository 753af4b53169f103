import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";

test("to: same dtype returns self unless copy; cpu is a no-op; a tensor lends its dtype", () => {
  const x = torch.tensor([1.5, -2.5]);
  assert.equal(x.to("float32"), x);
  assert.equal(x.to("cpu"), x);
  assert.equal(x.to({ dtype: "float" }), x);
  const c = x.to("float32", { copy: true });
  assert.notEqual(c, x);
  assert.notEqual(c.storage, x.storage);
  assert.equal(x.to(torch.zeros([1], { dtype: "int16" })).dtype, "int16");
  assert.equal(x.to({ dtype: "float64" }).dtype, "float64");
});

test("type() strings and shorthands", () => {
  const x = torch.tensor([2.7, -2.7, NaN]);
  assert.equal(x.type(), "torch.FloatTensor");
  assert.equal(x.type("torch.DoubleTensor").dtype, "float64");
  assert.equal(x.long().type(), "torch.LongTensor");
  assert.deepEqual(x.int().tolist(), [2, -2, -2147483648]);
  assert.deepEqual(x.bool().tolist(), [true, true, true]);
  assert.deepEqual(torch.tensor([300, -1]).byte().tolist(), [44, 255]);
  assert.deepEqual(torch.tensor([true, false]).float().tolist(), [1, 0]);
  for (const [m, d] of [
    ["double", "float64"],
    ["half", "float16"],
    ["bfloat16", "bfloat16"],
    ["short", "int16"],
    ["char", "int8"],
  ] as const) {
    assert.equal((x[m] as () => torch.Tensor).call(x).dtype, d);
  }
});

test("casts between float dtypes are differentiable (ToCopyBackward0)", () => {
  const x = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = x.double();
  assert.equal(y.gradFn?.name(), "ToCopyBackward0");
  assert.equal(x.to("float32", { copy: true }).gradFn?.name(), "ToCopyBackward0");
  y.mul(3).sum().backward();
  assert.equal(x.grad!.dtype, "float32");
  assert.deepEqual(x.grad!.tolist(), [3, 3]);
  assert.equal(x.long().requiresGrad, false);
});
