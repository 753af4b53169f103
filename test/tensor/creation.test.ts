import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

describe("tensor() infers dtype and shape as PyTorch does", () => {
  it("integers → int64, fractions → float32, booleans → bool, [] → float32", () => {
    assert.equal(
      torch.tensor([
        [1, 2],
        [3, 4],
      ]).dtype,
      "int64",
    );
    assert.equal(torch.tensor([1, 2.5]).dtype, "float32");
    assert.equal(torch.tensor([NaN, 1]).dtype, "float32");
    assert.equal(torch.tensor([true, false]).dtype, "bool");
    assert.equal(torch.tensor([true, 2]).dtype, "int64");
    assert.equal(torch.tensor([1n, 2n]).dtype, "int64");
    assert.equal(torch.tensor([]).dtype, "float32");
    assert.deepEqual(torch.tensor([]).shape, [0]);
    assert.deepEqual(torch.tensor([[], []]).shape, [2, 0]);
  });

  it("0-d from a number; shape from nesting", () => {
    const s = torch.tensor(3.5);
    assert.deepEqual(s.shape, []);
    assert.equal(s.item(), 3.5);
    assert.deepEqual(torch.tensor([[[1], [2]]]).shape, [1, 2, 1]);
  });

  it("explicit dtype and aliases convert values that fit (PyTorch's overflow check)", () => {
    const t = torch.tensor([1.7, -1, 255], { dtype: "uint8" });
    assert.deepEqual(t.tolist(), [1, 255, 255]);
    assert.throws(
      () => torch.tensor([1.7, -1.7, 300], { dtype: "uint8" }),
      /^RangeError: \[tensor\] value cannot be converted to type uint8 without overflow: got -1.7$/,
    );
    assert.equal(torch.tensor([1, 2], { dtype: torch.float }).dtype, "float32");
    assert.equal(torch.tensor([1, 2], { dtype: "double" }).dtype, "float64");
  });

  it("requiresGrad without a dtype makes whole numbers float", () => {
    const t = torch.tensor([1, 2], { requiresGrad: true });
    assert.equal(t.dtype, "float32");
    assert.equal(t.requiresGrad, true);
    assert.throws(
      () => torch.tensor([1, 2], { dtype: "int64", requiresGrad: true }),
      /only tensors of floating point dtype can require gradients/,
    );
  });

  it("int64 keeps full precision from bigints", () => {
    const big = 2n ** 62n + 1n;
    const t = torch.tensor([big]);
    assert.equal((t.dataSync() as BigInt64Array)[0], big);
  });

  it("typed arrays give their own dtype and are copied", () => {
    const src = new Float32Array([1, 2, 3]);
    const t = torch.tensor(src);
    assert.equal(t.dtype, "float32");
    src[0] = 9;
    assert.deepEqual(t.tolist(), [1, 2, 3]);
    assert.equal(torch.tensor(new Int32Array([1])).dtype, "int32");
    assert.equal(torch.tensor(new Uint8Array([1]), { dtype: "float64" }).dtype, "float64");
  });

  it("ragged and invalid data raise one-line errors", () => {
    assert.throws(() => torch.tensor([[1, 2], [3]]), {
      message: "[tensor] expected sequence of length 2 at dim 1 (got 1)",
    });
    assert.throws(() => torch.tensor([[1, 2], 3] as never), /\[tensor\] expected a sequence at dim 1/);
    assert.throws(() => torch.tensor(["a"] as never), /\[tensor\] could not infer dtype of string/);
    assert.throws(() => torch.tensor([1], { dtype: "complex64" }), /\[tensor\] unknown dtype/);
  });
});

describe("constant factories", () => {
  it("zeros/ones/empty/full with varargs or array sizes", () => {
    assert.deepEqual(torch.zeros(2, 3).shape, [2, 3]);
    assert.deepEqual(torch.ones([2, 3]).tolist(), [
      [1, 1, 1],
      [1, 1, 1],
    ]);
    assert.equal(torch.zeros(2, { dtype: "int32" }).dtype, "int32");
    assert.deepEqual(torch.empty(0).shape, [0]);
    assert.deepEqual(torch.zeros([]).shape, []);
    assert.equal(torch.full([2], 7).dtype, "int64");
    assert.equal(torch.full([2], 0.5).dtype, "float32");
    assert.equal(torch.full([2], true).dtype, "bool");
    assert.deepEqual(torch.full([2], 7, { dtype: "float64" }).tolist(), [7, 7]);
  });

  it("*Like functions copy shape and dtype unless overridden", () => {
    const x = torch.tensor([[1, 2]], { dtype: "int16" });
    assert.equal(torch.zerosLike(x).dtype, "int16");
    assert.deepEqual(torch.onesLike(x).shape, [1, 2]);
    assert.equal(torch.fullLike(x, 3, { dtype: "float32" }).dtype, "float32");
    assert.deepEqual(torch.emptyLike(x).tolist(), [[0, 0]]);
    assert.throws(() => torch.zerosLike([1, 2] as never), /\[zerosLike\] expected a Tensor/);
  });

  it("negative sizes are rejected", () => {
    assert.throws(() => torch.zeros(2, -1), /\[zeros\] invalid shape \[2,-1\]/);
  });
});

describe("reading values", () => {
  it("item, tolist, dataSync, numel, dim, size", () => {
    const t = torch.tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: "float32" },
    );
    assert.equal(t.numel(), 6);
    assert.equal(t.dim(), 2);
    assert.equal(t.size(-1), 3);
    assert.deepEqual([...t.size()], [2, 3]); // a torch.Size (test/tensor/size.test.ts)
    assert.deepEqual(t.stride(), [3, 1]);
    assert.ok(t.dataSync() instanceof Float32Array);
    assert.throws(() => t.item(), /\[item\] a Tensor with 6 elements cannot be converted to a scalar/);
    assert.equal(torch.tensor([true]).item(), true);
    assert.equal(String(t.device), "cpu");
  });

  it("prints like PyTorch", () => {
    assert.equal(
      String(
        torch.tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
      "tensor([[1, 2],\n        [3, 4]])",
    );
    assert.equal(String(torch.tensor(3.5)), "tensor(3.5000)");
    assert.equal(String(torch.tensor([1, 2], { dtype: "int32" })), "tensor([1, 2], dtype=torch.int32)");
    assert.equal(String(torch.tensor([1.5], { requiresGrad: true })), "tensor([1.5000], requires_grad=True)");
  });
});
