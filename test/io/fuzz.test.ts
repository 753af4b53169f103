/** Seeded mutation fuzzing of every format: 0 crashes, 0 hangs, 0 untyped errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { fixture } from "./helpers.js";

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
});
