/** safetensors: PyTorch-side reference files, byte layout, round trips of every dtype (fast-check). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import * as torch from "../../src/index.js";
import { expectedJson, fixture, hexOf } from "./helpers.js";

const { io } = torch;
const DTYPES = [
  "bool",
  "uint8",
  "int8",
  "int16",
  "int32",
  "int64",
  "float16",
  "bfloat16",
  "float32",
  "float64",
] as const;

describe("safetensors vs the reference layout", () => {
  it("loads the reference file of every dtype with the right bytes and metadata", () => {
    const { tensors, metadata } = io.deserializeWithMetadata(fixture("every_dtype.safetensors"));
    const exp = expectedJson.every_dtype;
    assert.deepEqual(Object.keys(tensors).sort(), Object.keys(exp).sort());
    for (const [k, e] of Object.entries(exp)) {
      const t = tensors[k]!;
      assert.equal(t.dtype, e.dtype, k);
      assert.deepEqual([...t.shape], e.shape, k);
      assert.equal(hexOf(t), e.hex, k);
    }
    assert.deepEqual({ ...metadata }, { format: "pt", note: "written by scripts/fixtures/io.py" });
  });

  it("writes byte-identical files to the reference writer", () => {
    for (const name of ["every_dtype.safetensors", "empty.safetensors", "cnn_io.safetensors"]) {
      const ref = fixture(name);
      const { tensors, metadata } = io.deserializeWithMetadata(ref);
      const again = io.serialize(tensors, Object.keys(metadata).length ? metadata : undefined);
      assert.equal(Buffer.from(again).toString("hex"), Buffer.from(ref).toString("hex"), name);
    }
  });

  it("header is padded with spaces to 8 bytes and data follows immediately", () => {
    const b = io.serialize({ a: torch.tensor([1, 2, 3], { dtype: "int8" }) });
    const n = Number(new DataView(b.buffer).getBigUint64(0, true));
    assert.equal(n % 8, 0);
    assert.equal(b.length, 8 + n + 3);
    const header = new TextDecoder().decode(b.subarray(8, 8 + n));
    assert.equal(header.trimEnd(), '{"a":{"dtype":"I8","shape":[3],"data_offsets":[0,3]}}');
  });

  it("saveFile/loadFile round trip through disk; non-contiguous views are saved densely", async () => {
    const { mkdtempSync, readdirSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "antorcha-st-"));
    const x = torch.arange(12, { dtype: "float32" }).reshape([3, 4]).t();
    io.saveFile({ x, y: torch.tensor(7) }, join(dir, "m.safetensors"), { a: "b" });
    const back = io.loadFileWithMetadata(join(dir, "m.safetensors"));
    assert.deepEqual(back.tensors.x!.tolist(), x.tolist());
    assert.equal(back.tensors.y!.item(), 7);
    assert.equal(back.metadata.a, "b");
    assert.deepEqual(readdirSync(dir), ["m.safetensors"]);
  });
});

/** A random tensor of `dtype` whose raw bits cover the interesting values (NaN payloads, ±0, ±Inf, extremes). */
const rawTensor = fc
  .record({
    dtype: fc.constantFrom(...DTYPES),
    shape: fc.oneof(
      fc.constant<number[]>([]),
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
    ),
    seed: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }),
    special: fc.constantFrom("random", "extremes"),
  })
  .map(({ dtype, shape, seed, special }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const t = torch.zeros(shape, { dtype });
    const data = t.storage.data;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (seed[i % 8]! * 131 + i * 29 + (seed[(i * 7) % 8]! ^ i)) & 0xff;
    if (dtype === "bool") for (let i = 0; i < bytes.length; i++) bytes[i]! &= 1;
    if (special === "extremes" && n > 0) {
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (dtype === "float32")
        [0x7fc00001, 0xff800000, 0x7f800000, 0x80000000].forEach((v, i) => i < n && dv.setUint32(4 * i, v, true));
      if (dtype === "float64")
        [0x7ff8000000000123n, 0xfff0000000000000n, 0x8000000000000000n].forEach(
          (v, i) => i < n && dv.setBigUint64(8 * i, v, true),
        );
      if (dtype === "int64") [-(2n ** 63n), 2n ** 63n - 1n].forEach((v, i) => i < n && dv.setBigInt64(8 * i, v, true));
      if (dtype === "float16" || dtype === "bfloat16")
        [0x7e01, 0x8000, 0xfc00].forEach((v, i) => i < n && dv.setUint16(2 * i, v, true));
    }
    return t;
  });

describe("round trip property (fast-check)", () => {
  it("serialize → deserialize is bit-identical for every dtype, 0-d and 0-size", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 6 }).filter((k) => k !== "__metadata__"),
          rawTensor,
          { maxKeys: 5 },
        ),
        (ts) => {
          const back = io.deserialize(io.serialize(ts));
          assert.deepEqual(Object.keys(back).sort(), Object.keys(ts).sort());
          for (const [k, t] of Object.entries(ts)) {
            assert.equal(back[k]!.dtype, t.dtype);
            assert.deepEqual([...back[k]!.shape], [...t.shape]);
            assert.equal(hexOf(back[k]!), hexOf(t));
          }
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it("torch.save/torch.load: nested objects with tensors come back bit-identical", () => {
    fc.assert(
      fc.property(rawTensor, rawTensor, fc.double(), fc.bigInt(), fc.string(), (a, b, x, big, s) => {
        const obj = {
          a,
          nested: { list: [b, x, big, s, null, true], map: new Map<unknown, unknown>([["k", a]]) },
          $odd: -0,
        };
        const back = io.loadFromBytes(io.saveToBytes(obj)) as typeof obj;
        assert.equal(hexOf(back.a), hexOf(a));
        assert.equal(hexOf(back.nested.list[0] as torch.Tensor), hexOf(b));
        assert.ok(Object.is(back.nested.list[1], x));
        assert.equal(back.nested.list[2], big);
        assert.deepEqual(back.nested.list.slice(3), [s, null, true]);
        assert.equal(hexOf(back.nested.map.get("k") as torch.Tensor), hexOf(a));
        assert.ok(Object.is(back.$odd, -0));
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
