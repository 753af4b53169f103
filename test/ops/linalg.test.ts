import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";

const r = (...s: number[]) => torch.randn(s, { requiresGrad: true });

test("matmul grad_fn names follow PyTorch 1.13's dispatch", () => {
  const cases: [number[], number[], string][] = [
    [[3], [3], "DotBackward0"],
    [[2, 3], [3], "MvBackward0"],
    [[3], [3, 4], "SqueezeBackward3"],
    [[2, 3], [3, 4], "MmBackward0"],
    [[5, 2, 3], [3, 4], "UnsafeViewBackward0"],
    [[2, 3], [5, 3, 4], "CloneBackward0"],
    [[5, 2, 3], [5, 3, 4], "UnsafeViewBackward0"],
  ];
  for (const [a, b, name] of cases) assert.equal(torch.matmul(r(...a), r(...b)).gradFn?.name(), name);
  assert.equal(torch.bmm(r(2, 2, 3), r(2, 3, 1)).gradFn?.name(), "BmmBackward0");
  assert.equal(torch.addmm(r(2), r(2, 3), r(3, 2)).gradFn?.name(), "AddmmBackward0");
  assert.equal(torch.tril(r(2, 2)).gradFn?.name(), "TrilBackward0");
  assert.equal(torch.outer(r(2), r(3)).gradFn?.name(), "MulBackward0");
});

test("matmul output is a fresh contiguous tensor and reads transposed operands in place", () => {
  const a = torch.arange(6, { dtype: "float32" }).reshape(3, 2);
  const y = torch.matmul(a.t(), a);
  assert.ok(y.isContiguous());
  assert.deepEqual(y.tolist(), [
    [20, 26],
    [26, 35],
  ]);
  assert.equal(y._base, null);
});

test("matmul double backward (gradgradcheck)", () => {
  const a = torch.randn([2, 3], { dtype: "float64", requiresGrad: true });
  const b = torch.randn([3, 2], { dtype: "float64", requiresGrad: true });
  assert.equal(
    torch.autograd.gradgradcheck((x: torch.Tensor, y: torch.Tensor) => torch.matmul(x, y), [a, b]),
    true,
  );
});

test("in-place tril_/triu_", () => {
  const x = torch.ones(3, 3);
  x.triu_(1);
  assert.deepEqual(x.tolist(), [
    [0, 1, 1],
    [0, 0, 1],
    [0, 0, 0],
  ]);
  assert.deepEqual(torch.ones(2, 2).tril_().tolist(), [
    [1, 0],
    [1, 1],
  ]);
});
