/** The caching pool: keyed by dtype and length, bounded, serving every allocation, poisoned when asked. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clearPool, giveArray, pooledByteCount, takeArray } from "../../src/tensor/buffer-pool.js";
import { Tensor } from "../../src/tensor/tensor.js";

describe("buffer pool", () => {
  it("hands an array back for the same dtype and length, once", () => {
    clearPool();
    const a = new Float32Array(8192);
    assert.equal(giveArray("float32", a), true);
    assert.equal(pooledByteCount(), 32768);
    assert.equal(takeArray("float64", 4096), null, "same bytes, other dtype");
    assert.equal(takeArray("float32", 8191), null, "other length");
    assert.equal(takeArray("float32", 8192), a);
    assert.equal(takeArray("float32", 8192), null, "taken once");
    assert.equal(pooledByteCount(), 0);
  });

  it("ignores small arrays (V8's own heap frees those cheaply) and views into larger buffers", () => {
    clearPool();
    assert.equal(giveArray("float32", new Float32Array(16)), false);
    assert.equal(giveArray("float32", new Float32Array(new ArrayBuffer(65536), 4, 8192)), false);
    assert.equal(pooledByteCount(), 0);
  });

  it("empties on clearPool", () => {
    clearPool();
    giveArray("float32", new Float32Array(8192));
    assert.equal(pooledByteCount(), 32768);
    clearPool();
    assert.equal(pooledByteCount(), 0);
  });

  it("serves Tensor._uninit and Tensor._empty (zero-filled) and marks them fresh", () => {
    clearPool();
    const data = new Float32Array(8192).fill(5);
    giveArray("float32", data);
    const mark = Tensor._freshMark();
    const t = Tensor._empty([64, 128], "float32");
    assert.equal(t.storage.data, data);
    assert.ok(t.storage.serial > mark);
    assert.ok(Array.from(t.dataFloat()).every((v) => v === 0));
    const u = Tensor._uninit([64, 128], "float32");
    assert.notEqual(u.storage.data, data, "the pooled array went to the first taker");
  });
});
