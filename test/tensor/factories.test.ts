import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";

test("arange dtype inference and lengths", () => {
  assert.equal(torch.arange(5).dtype, "int64");
  assert.equal(torch.arange(0, 1, 0.25).dtype, "float32");
  assert.deepEqual(torch.arange(0, 1, 0.25).tolist(), [0, 0.25, 0.5, 0.75]);
  assert.deepEqual(torch.arange(5, 0, -2).tolist(), [5, 3, 1]);
  assert.deepEqual(torch.arange(2, 2).shape, [0]);
  torch.setDefaultDtype("float64");
  try {
    assert.equal(torch.arange(0.5, 2).dtype, "float64");
    assert.equal(torch.linspace(0, 1, 3).dtype, "float64");
  } finally {
    torch.setDefaultDtype("float32");
  }
});

test("linspace is symmetric: both ends exact", () => {
  const x = torch.linspace(-3.7, 11.3, 1001);
  const v = x.dataFloat();
  assert.equal(v[0], Math.fround(-3.7));
  assert.equal(v[1000], Math.fround(11.3));
});

test("eye and requiresGrad option", () => {
  const e = torch.eye(2, 3, { requiresGrad: true });
  assert.deepEqual(e.tolist(), [
    [1, 0, 0],
    [0, 1, 0],
  ]);
  assert.equal(e.requiresGrad, true);
  assert.equal(torch.eye(3, { dtype: "int32" }).dtype, "int32");
});
