/** Seeded mutation fuzzing of every format: 0 crashes, 0 hangs, 0 untyped errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import * as torch from "../../src/index.js";
import { readZipDirectory, readZipEntry } from "../../src/io/zip.js";
import { fixture } from "./helpers.js";
import { buildZip, type RawEntry } from "./zip-builder.js";

const { io } = torch;

/** mulberry32: a small seeded PRNG, so failures replay. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0x2e, 0x28, 0x7b, 0x22, 0x5d, 0x30];

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  let b = src.slice();
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * b.length);
    switch (Math.floor(r() * 6)) {
      case 0:
        b[at] = Math.floor(r() * 256);
        break;
      case 1:
        b[at] = INTERESTING[Math.floor(r() * INTERESTING.length)]!;
        break;
      case 2:
        b[at]! ^= 1 << Math.floor(r() * 8);
        break;
      case 3:
        b = b.slice(0, at);
        break;
      case 4: {
        const ins = new Uint8Array(1 + Math.floor(r() * 8)).map(() => Math.floor(r() * 256));
        const c = new Uint8Array(b.length + ins.length);
        c.set(b.subarray(0, at));
        c.set(ins, at);
        c.set(b.subarray(at), at + ins.length);
        b = c;
        break;
      }
      default: {
        // Overwrite a little-endian 32-bit field with an extreme value (sizes, offsets, counts).
        const v = [0, 1, 0x7fffffff, 0xffffffff, 0x80000000, 0x10000][Math.floor(r() * 6)]!;
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        if (at + 4 <= b.length) dv.setUint32(at, v, true);
      }
    }
    if (b.length === 0) break;
  }
  return b;
}

describe("mutation fuzzing", () => {
  const seeds: [string, Uint8Array][] = [
    ["every_dtype.safetensors", fixture("every_dtype.safetensors")],
    ["cnn_io.safetensors", fixture("cnn_io.safetensors")],
    [
      "torch.save checkpoint",
      io.saveToBytes({ epoch: 1, w: torch.ones([2, 2]), nested: { n: -0, b: 5n, l: [1, "x", null] } }),
    ],
    ["tensors.pt", fixture("tensors.pt")],
    ["linear.pt", fixture("linear.pt")],
    ["checkpoint.pt", fixture("checkpoint.pt")],
    ["tensors_legacy.pt", fixture("tensors_legacy.pt")],
  ];
  const PER_SEED = 1500;

  it(`${PER_SEED} mutants of each of ${seeds.length} files (${PER_SEED * seeds.length} inputs): only typed errors, no hang`, () => {
    const r = rng(20261122);
    const counts: Record<string, number> = { ok: 0 };
    let slowest = 0;
    for (const [name, seed] of seeds) {
      for (let i = 0; i < PER_SEED; i++) {
        const m = mutate(seed, r);
        const t0 = performance.now();
        try {
          io.loadFromBytes(m);
          counts.ok!++;
        } catch (e) {
          if (!(e instanceof io.SafetensorsError || e instanceof io.TorchPtError)) {
            assert.fail(
              `${name} mutant ${i} threw an untyped error: ${String(e)}\n${Buffer.from(m).toString("base64")}`,
            );
          }
          counts[e.code] = (counts[e.code] ?? 0) + 1;
        }
        slowest = Math.max(slowest, performance.now() - t0);
      }
    }
    assert.ok(slowest < 1000, `slowest input took ${slowest} ms`);
    assert.ok(Object.keys(counts).length > 10, JSON.stringify(counts));
  });

  it("3,000 mutated data.pkl pickles re-wrapped in valid zips (past the CRC check): only typed errors", () => {
    const r = rng(7);
    const counts: Record<string, number> = {};
    for (const name of ["tensors.pt", "checkpoint.pt", "cnn.pt"]) {
      const b = fixture(name);
      const entries: RawEntry[] = [...readZipDirectory(b).values()].map((e) => ({
        name: e.name,
        data: readZipEntry(b, e).slice(),
      }));
      const pkl = entries.find((e) => e.name.endsWith("/data.pkl"))!;
      for (let i = 0; i < 1000; i++) {
        const m = buildZip(entries.map((e) => (e === pkl ? { ...e, data: mutate(pkl.data, r) } : e))).bytes;
        try {
          io.loadFromBytes(m);
          counts.ok = (counts.ok ?? 0) + 1;
        } catch (e) {
          if (!(e instanceof io.TorchPtError)) assert.fail(`${name} pickle mutant ${i}: untyped ${String(e)}`);
          counts[e.code] = (counts[e.code] ?? 0) + 1;
        }
      }
    }
    assert.ok((counts.PICKLE_INVALID ?? 0) > 100, JSON.stringify(counts));
  });

  it("2,000 random well-formed JSON headers (fast-check): valid files load, the rest give typed errors", () => {
    const int = fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(2 ** 53, 2 ** 31, 1.5, -0));
    const entry = fc.record(
      {
        dtype: fc.oneof(
          fc.constantFrom("BOOL", "U8", "I8", "I16", "I32", "I64", "F16", "BF16", "F32", "F64", "U16", "F8_E4M3", ""),
          fc.integer(),
        ),
        shape: fc.oneof(fc.array(int, { maxLength: 4 }), fc.string()),
        data_offsets: fc.oneof(fc.tuple(int, int), fc.array(int, { maxLength: 3 })),
      },
      { requiredKeys: [] },
    );
    const header = fc.dictionary(
      fc.string({ maxLength: 4 }),
      fc.oneof(entry, fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }))),
      { maxKeys: 4 },
    );
    let loaded = 0;
    fc.assert(
      fc.property(header, fc.integer({ min: 0, max: 64 }), (h, dataLen) => {
        const json = new TextEncoder().encode(JSON.stringify(h));
        const b = new Uint8Array(8 + json.length + dataLen);
        new DataView(b.buffer).setBigUint64(0, BigInt(json.length), true);
        b.set(json, 8);
        try {
          io.deserializeWithMetadata(b);
          loaded++;
        } catch (e) {
          if (!(e instanceof io.SafetensorsError)) throw e;
        }
      }),
      { numRuns: 2000, seed: 99 },
    );
    assert.ok(loaded > 0);
  });
});
