/** Indexing: view vs copy semantics, writes, autograd through indexPut_, grad_fn names. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const arange = (n: number, dtype: torch.DType = "float32"): torch.Tensor =>
  torch.tensor(
    Array.from({ length: n }, (_, i) => i),
    { dtype },
  );

describe("index: basic indexing gives views, advanced gives copies", () => {
  it("ints, slices, null and ... share storage", () => {
    const x = arange(24).reshape(2, 3, 4);
    for (const v of [
      x.index(0),
      x.index("1:"),
      x.index("...", "::2"),
      x.index(null, 1, ":", -1),
      x.index(torch.slice(null, null, 2)),
    ]) {
      assert.equal(v.storage, x.storage);
    }
    x.index(1, "1:", "::3").indexPut_(["..."], -1);
    assert.deepEqual(x.index(1).tolist(), [
      [12, 13, 14, 15],
      [-1, 17, 18, -1],
      [-1, 21, 22, -1],
    ]);
  });

  it("masks and integer tensors copy", () => {
    const x = arange(6).reshape(2, 3);
    const a = x.index(":", [2, 0]);
    const m = x.index(x.gt(2));
    assert.notEqual(a.storage, x.storage);
    assert.notEqual(m.storage, x.storage);
    assert.deepEqual(a.tolist(), [
      [2, 0],
      [5, 3],
    ]);
    assert.deepEqual(m.tolist(), [3, 4, 5]);
  });

  it("advanced dims: adjacent ones stay in place, separated ones go first", () => {
    const x = torch.zeros(5, 6, 7, 8);
    assert.deepEqual(x.index(":", [0, 1], [2, 3]).shape, [5, 2, 8]);
    assert.deepEqual(x.index([0, 1], ":", [2, 3]).shape, [2, 6, 8]);
    assert.deepEqual(x.index(":", [0, 1], ":", [2, 3]).shape, [2, 5, 7]);
    assert.deepEqual(x.index(0, ":", [1, 2]).shape, [6, 2, 8]); // ints are basic indexing (select) in PyTorch
    assert.deepEqual(x.index([[0], [1]], [0, 1, 2]).shape, [2, 3, 7, 8]);
    assert.deepEqual(x.index("...", [0, 1]).shape, [5, 6, 7, 2]);
    assert.deepEqual(x.index(true).shape, [1, 5, 6, 7, 8]);
    assert.deepEqual(x.index(false).shape, [0, 5, 6, 7, 8]);
  });

  it("slice strings", () => {
    const x = arange(10);
    const cases: [string, number[]][] = [
      [":", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
      ["::3", [0, 3, 6, 9]],
      ["-3:", [7, 8, 9]],
      ["1:-1:4", [1, 5]],
      ["8:2", []],
      [" 2 : 4 ", [2, 3]],
    ];
    for (const [s, want] of cases) assert.deepEqual(x.index(s).tolist(), want, s);
  });
});

describe("indexPut_", () => {
  it("writes numbers and broadcast tensors, casting to the target dtype", () => {
    const x = torch.zeros(2, 3, { dtype: "int32" });
    x.indexPut_([":", 1], 2.9);
    x.indexPut_([x.eq(0)], torch.tensor([7]));
    x.indexPut_([1, [0, 2]], torch.tensor([-1, -2]));
    assert.deepEqual(x.tolist(), [
      [7, 2, 7],
      [-1, 2, -2],
    ]);
  });

  it("accumulate adds repeated indices", () => {
    const x = torch.zeros(3);
    x.indexPut_([[0, 0, 2, 0]], torch.tensor([1, 2, 3, 4], { dtype: "float32" }), true);
    assert.deepEqual(x.tolist(), [7, 0, 3]);
    x.indexPut_(["1:"], 1, true);
    assert.deepEqual(x.tolist(), [7, 1, 4]);
  });

  it("gradients flow to values and to the unwritten part of self", () => {
    const x = torch.tensor([1, 2, 3, 4], { dtype: "float64", requiresGrad: true });
    const v = torch.tensor([10, 20], { dtype: "float64", requiresGrad: true });
    const y = x.mul(2);
    y.indexPut_([[1, 3]], v);
    assert.equal(y.gradFn?.name(), "IndexPutBackward0");
    assert.deepEqual(y.tolist(), [2, 10, 6, 20]);
    y.mul(torch.tensor([1, 2, 3, 4], { dtype: "float64" }))
      .sum()
      .backward();
    assert.deepEqual(x.grad!.tolist(), [2, 0, 6, 0]);
    assert.deepEqual(v.grad!.tolist(), [2, 4]);
  });

  it("a broadcast value gets the summed gradient", () => {
    const x = torch.zeros(2, 3, { dtype: "float64", requiresGrad: true });
    const v = torch.tensor([5], { dtype: "float64", requiresGrad: true });
    const y = torch.indexPut(x, [x.detach().eq(0)], v);
    y.sum().backward();
    assert.deepEqual(v.grad!.tolist(), [6]);
    assert.deepEqual(x.grad!.tolist(), [
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("bumps the version so saved tensors are invalidated", () => {
    const x = torch.ones(3, { requiresGrad: true });
    const y = x.mul(1);
    const z = y.mul(y);
    y.indexPut_([0], 0);
    assert.throws(() => z.sum().backward(), /modified by an inplace operation/);
  });
});

describe("grad_fn names match PyTorch 1.13", () => {
  const x = torch.zeros(2, 3, 4).requiresGrad_();
  const idx = torch.tensor([0, 1]);
  const cases: [string, () => torch.Tensor][] = [
    ["SelectBackward0", () => x.index(0)],
    ["SliceBackward0", () => x.index(":", "1:")],
    ["UnsqueezeBackward0", () => x.index(null)],
    ["AliasBackward0", () => x.index("...")],
    ["IndexBackward0", () => x.index([0, 1])],
    ["IndexBackward0", () => x.index(x.detach().gt(0))],
    ["GatherBackward0", () => x.gather(0, torch.zeros([1, 3, 4], { dtype: "int64" }))],
    ["IndexSelectBackward0", () => x.indexSelect(0, idx)],
    ["ScatterBackward0", () => x.scatter(0, torch.zeros([1, 3, 4], { dtype: "int64" }), x.index("0:1"))],
    ["ScatterBackward1", () => x.scatter(0, torch.zeros([1, 3, 4], { dtype: "int64" }), 1)],
    ["ScatterAddBackward0", () => x.scatterAdd(0, torch.zeros([1, 3, 4], { dtype: "int64" }), x.index("0:1"))],
    ["IndexAddBackward0", () => x.indexAdd(0, idx, x)],
    ["IndexCopyBackward0", () => x.indexCopy(0, idx, x)],
    ["IndexFillBackward0", () => x.indexFill(0, idx, 1)],
    ["MaskedSelectBackward0", () => x.maskedSelect(x.detach().gt(0))],
    ["TakeBackward0", () => x.take(idx)],
    ["IndexPutBackward0", () => x.indexPut([idx], 1)],
  ];
  for (const [name, make] of cases) {
    it(name, () => assert.equal(make().gradFn?.name(), name));
  }
});

describe("nonzero and friends", () => {
  it("nonzero, asTuple, argwhere", () => {
    const x = torch.tensor([
      [0, 2],
      [3, 0],
    ]);
    assert.deepEqual((x.nonzero() as torch.Tensor).tolist(), [
      [0, 1],
      [1, 0],
    ]);
    const [r, c] = x.nonzero({ asTuple: true });
    assert.deepEqual(
      [r!.tolist(), c!.tolist()],
      [
        [0, 1],
        [1, 0],
      ],
    );
    assert.equal(torch.argwhere(x).dtype, "int64");
  });

  it("scatter_ and scatterAdd_ work in place", () => {
    const x = torch.zeros(2, 3);
    x.scatter_(1, torch.tensor([[2], [0]]), 5);
    x.scatterAdd_(0, torch.tensor([[1, 1, 1]]), torch.ones(1, 3));
    assert.deepEqual(x.tolist(), [
      [0, 0, 5],
      [6, 1, 1],
    ]);
  });

  it("scatter's src gradient keeps src's shape when src is larger than index", () => {
    const x = torch.zeros(3, { dtype: "float64", requiresGrad: true });
    const src = torch.tensor([1, 2, 3, 4], { dtype: "float64", requiresGrad: true });
    torch
      .scatter(x, 0, torch.tensor([2, 0]), src)
      .sum()
      .backward();
    assert.deepEqual(src.grad!.tolist(), [1, 1, 0, 0]);
  });
});
