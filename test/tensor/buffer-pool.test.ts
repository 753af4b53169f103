/** The pool of dead gradient arrays: keyed by dtype and length, bounded, expiring, poisoned on reuse when asked. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { beginPass, clearPool, endPass, giveArray, pooledByteCount, takeArray } from "../../src/tensor/buffer-pool.js";
import { Tensor } from "../../src/tensor/tensor.js";

describe("buffer pool", () => {
  it("hands an array back only during a backward pass, for the same dtype and length, once", () => {
    clearPool();
    const a = new Float32Array(8192);
    giveArray("float32", a);
    assert.equal(pooledByteCount(), 32768);
    assert.equal(takeArray("float32", 8192), null, "outside a pass (a forward output)");
    beginPass();
    try {
      assert.equal(takeArray("float64", 4096), null, "same bytes, other dtype");
      assert.equal(takeArray("float32", 8191), null, "other length");
      assert.equal(takeArray("float32", 8192), a);
      assert.equal(takeArray("float32", 8192), null, "taken once");
    } finally {
      endPass();
    }
    assert.equal(pooledByteCount(), 0);
  });

  it("ignores small arrays (V8's own heap frees those cheaply)", () => {
    clearPool();
    giveArray("float32", new Float32Array(16));
    assert.equal(pooledByteCount(), 0);
  });

  it("forgets what two backward passes in a row did not take", () => {
    clearPool();
    giveArray("float32", new Float32Array(8192));
    beginPass();
    endPass();
    assert.equal(pooledByteCount(), 32768, "still there for the next step");
    beginPass();
    endPass();
    assert.equal(pooledByteCount(), 0);
  });

  it("serves Tensor._uninit and Tensor._empty (zero-filled) and marks them fresh", () => {
    clearPool();
    const data = new Float32Array(8192).fill(5);
    giveArray("float32", data);
    const mark = Tensor._freshMark();
    beginPass();
    try {
      const t = Tensor._empty([64, 128], "float32");
      assert.equal(t.storage.data, data);
      assert.ok(t.storage.serial > mark);
      assert.ok(Array.from(t.dataFloat()).every((v) => v === 0));
      const u = Tensor._uninit([64, 128], "float32");
      assert.notEqual(u.storage.data, data, "the pooled array went to the first taker");
    } finally {
      endPass();
    }
  });
});
