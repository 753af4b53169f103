/** Tensor queries that are not ops (src/ops/predicates.ts): values as PyTorch 1.13 gives them, and bad inputs. */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";

const t = torch.tensor;

test("queries match PyTorch", () => {
  assert.equal(torch.numel(torch.ones(2, 3)), 6);
  assert.equal(torch.isTensor(torch.ones(1)), true);
  assert.equal(torch.isTensor([1]), false);
  assert.equal(torch.isFloatingPoint(t([1.5])), true);
  assert.equal(torch.isFloatingPoint(t([1])), false);
  assert.equal(torch.isSigned(t([1])), true);
  assert.equal(torch.isSigned(t([true])), false);
  assert.equal(torch.isSigned(t([1], { dtype: "uint8" })), false);
  assert.equal(torch.isNonzero(t([NaN])), true); // torch.is_nonzero(torch.tensor([nan])) is True
  assert.equal(torch.isNonzero(t([0])), false);
  assert.equal(torch.isNonzero(t(false)), false);
  assert.equal(torch.isSameSize(torch.ones(2, 3), torch.zeros(2, 3)), true);
  assert.equal(torch.isSameSize(torch.ones(2), torch.ones(2, 1)), false);
  assert.deepEqual(torch.broadcastShapes([2, 1], [3], 1), [2, 3]);
  assert.equal(torch.scalarTensor(3).dtype, "float32");
  assert.deepEqual(torch.scalarTensor(3).shape, []);
  assert.equal(torch.scalarTensor(2, { dtype: "int64" }).dtype, "int64");
  assert.equal(torch.detach(torch.ones(1, { requiresGrad: true })).requiresGrad, false);
  const x = torch.ones(2, 3);
  assert.equal(x.nelement(), 6);
  assert.equal(x.ndimension(), 2);
  assert.equal(x.typeAs(t([1])).dtype, "int64");
  assert.equal(x.isSigned(), true);
  assert.equal(x.isSameSize(torch.ones(2, 3)), true);
  assert.equal(t([3]).isNonzero(), true);
  assert.equal(x.isInference(), false);
});

const BAD: [string, () => unknown, ErrorConstructor, RegExp][] = [
  ["numel non-tensor", () => torch.numel([1] as never), TypeError, /^\[numel\] expected input to be a Tensor: got/],
  ["numel arity", () => (torch.numel as (...a: unknown[]) => number)(torch.ones(1), 2), TypeError, /^\[numel\]/],
  [
    "isNonzero several",
    () => torch.isNonzero(torch.ones(2)),
    RangeError,
    /^\[isNonzero\] expected a tensor with exactly one element: got 2/,
  ],
  [
    "isNonzero empty",
    () => torch.ones(0).isNonzero(),
    RangeError,
    /^\[isNonzero\] expected a tensor with exactly one element: got 0/,
  ],
  [
    "isSameSize other",
    () => torch.isSameSize(torch.ones(1), 3 as never),
    TypeError,
    /^\[isSameSize\] expected other to be a Tensor: got/,
  ],
  ["broadcastShapes mismatch", () => torch.broadcastShapes([2], [3]), RangeError, /^\[broadcastShapes\]/],
  [
    "broadcastShapes negative",
    () => torch.broadcastShapes([-1]),
    TypeError,
    /^\[broadcastShapes\] expected shape 0 to be an array of non-negative integers/,
  ],
  [
    "scalarTensor string",
    () => torch.scalarTensor("1" as never),
    TypeError,
    /^\[scalarTensor\] value must be a number: got/,
  ],
  [
    "typeAs non-tensor",
    () => torch.ones(1).typeAs("float32" as never),
    TypeError,
    /^\[typeAs\] expected other to be a Tensor: got/,
  ],
  ["detach non-tensor", () => torch.detach(1 as never), TypeError, /^\[detach\] expected input to be a Tensor: got/],
  [
    "isFloatingPoint non-tensor",
    () => torch.isFloatingPoint("x" as never),
    TypeError,
    /^\[isFloatingPoint\] expected input to be a Tensor/,
  ],
];
for (const [name, run, cls, match] of BAD) {
  test(`bad input: ${name}`, () => {
    assert.throws(run, (e: unknown) => e instanceof cls && match.test((e as Error).message));
  });
}
