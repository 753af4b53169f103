import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  broadcastShapes,
  contiguousStrides,
  inferShape,
  isContiguousLayout,
  normalizeDim,
  normalizeDims,
  parseShapeArgs,
} from "../../src/tensor/shape.js";

describe("shape utilities", () => {
  it("broadcasts like PyTorch and names both shapes on failure", () => {
    assert.deepEqual(broadcastShapes("add", [4, 3, 2], [3, 2]), [4, 3, 2]);
    assert.deepEqual(broadcastShapes("add", [4, 3, 2], [3, 1]), [4, 3, 2]);
    assert.deepEqual(broadcastShapes("add", [4, 3, 2], [1, 2]), [4, 3, 2]);
    assert.deepEqual(broadcastShapes("add", [], [5]), [5]);
    assert.deepEqual(broadcastShapes("add", [0, 1], [1, 3]), [0, 3]);
    assert.throws(() => broadcastShapes("add", [2, 4], [3]), {
      message: "[add] shapes [2,4] and [3] cannot broadcast",
    });
  });

  it("strides and contiguity", () => {
    assert.deepEqual(contiguousStrides([2, 3, 4]), [12, 4, 1]);
    assert.deepEqual(contiguousStrides([]), []);
    assert.equal(isContiguousLayout([2, 3], [3, 1]), true);
    assert.equal(isContiguousLayout([2, 3], [1, 2]), false);
    assert.equal(isContiguousLayout([1, 3], [99, 1]), true);
  });

  it("normalizes dims with PyTorch's range message", () => {
    assert.equal(normalizeDim("sum", -1, 3), 2);
    assert.equal(normalizeDim("sum", 0, 0), 0);
    assert.throws(() => normalizeDim("sum", 3, 2), {
      message: "[sum] dimension out of range: got 3, expected to be in range of [-2, 1]",
    });
    assert.deepEqual(normalizeDims("sum", [-1, 0], 3), [0, 2]);
    assert.throws(() => normalizeDims("sum", [1, -1], 2), /appears multiple times/);
  });

  it("parses varargs or array sizes and infers -1", () => {
    assert.deepEqual(parseShapeArgs("zeros", [2, 3]), [2, 3]);
    assert.deepEqual(parseShapeArgs("zeros", [[2, 3]]), [2, 3]);
    assert.throws(() => parseShapeArgs("zeros", [[2, -1]]), /\[zeros\] invalid shape/);
    assert.deepEqual(inferShape("view", [-1, 4], 12), [3, 4]);
    assert.throws(() => inferShape("view", [5, -1], 12), {
      message: "[view] shape '[5,-1]' is invalid for input of size 12",
    });
  });
});
