/**
 * The pieces that let the root entry run in a browser, checked in Node against Node's own
 * implementations: CRC-32 and CRC-32C in TypeScript, the fflate zlib path, the PNG encoder, and
 * Node built-ins reached on first use.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { deflateRawSync, gzipSync, inflateSync } from "node:zlib";
import * as zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { crc32, crc32c } from "../../src/util/crc32.js";
import { encodePng } from "../../src/util/png.js";
import { portable, gunzip, inflateRaw } from "../../src/util/zlib.js";
import { isNode, lazyBuiltin, nodeBuiltin } from "../../src/util/node.js";
import { crc32cBitwise } from "../log/reader.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ascii = (s: string) => new TextEncoder().encode(s);

function crc32Bitwise(d: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of d) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Deterministic bytes with some structure (compressible) and some noise. */
function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = i % 7 === 0 ? s >>> 24 : (i >> 4) & 0xff;
  }
  return out;
}

describe("CRC-32 and CRC-32C", () => {
  it("check values of the standard test vector", () => {
    assert.equal(crc32(ascii("123456789")).toString(16), "cbf43926");
    assert.equal(crc32c(ascii("123456789")).toString(16), "e3069283");
    assert.equal(crc32(new Uint8Array(0)), 0);
    assert.equal(crc32c(new Uint8Array(0)), 0);
  });

  it("slicing-by-8 equals the bitwise definition at every length and offset, and continues a stream", () => {
    const data = bytes(300, 7);
    for (let n = 0; n <= 40; n++)
      for (const off of [0, 1, 3, 5]) {
        const d = data.subarray(off, off + n);
        assert.equal(crc32(d), crc32Bitwise(d), `crc32 n=${n} off=${off}`);
        assert.equal(crc32c(d), crc32cBitwise(d), `crc32c n=${n} off=${off}`);
      }
    const big = bytes(100_003, 3);
    assert.equal(crc32(big), crc32Bitwise(big));
    assert.equal(crc32c(big.subarray(11)), crc32cBitwise(big.subarray(11)));
    assert.equal(crc32(big.subarray(500), crc32(big.subarray(0, 500))), crc32(big));
    assert.equal(crc32c(big.subarray(17), crc32c(big.subarray(0, 17))), crc32c(big));
  });

  it("CRC-32 agrees with Node's zlib.crc32 where Node has it (≥ 22)", (t) => {
    const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
    if (native === undefined) return t.skip("zlib.crc32 needs Node ≥ 22");
    const big = bytes(65_537, 9);
    assert.equal(crc32(big), native(big) >>> 0);
  });
});

describe("zlib: Node's and the portable (fflate) path", () => {
  const data = bytes(200_000, 5);

  it("inflateRaw and gunzip give the input back on both paths", () => {
    const raw = deflateRawSync(data);
    const gz = gzipSync(data);
    assert.deepEqual(portable.inflateRaw(raw, data.length), data);
    assert.deepEqual(new Uint8Array(inflateRaw(raw, data.length)), data);
    assert.deepEqual(portable.gunzip(gz, 2 ** 32), data);
    assert.deepEqual(new Uint8Array(gunzip(gz, 2 ** 32)), data);
  });

  it("output is capped: the portable inflate stops at maxSize, gunzip and Node's inflate throw", () => {
    const raw = deflateRawSync(data);
    assert.equal(portable.inflateRaw(raw, 1000).length, 1000);
    assert.throws(
      () => portable.gunzip(gzipSync(data), 1000),
      /^RangeError: gzip output of 200000 bytes exceeds the limit of 1000$/,
    );
    assert.throws(() => inflateRaw(raw, 1000), RangeError);
  });

  it("the portable zlib stream inflates with Node's zlib", () => {
    assert.deepEqual(new Uint8Array(inflateSync(portable.deflateZlib(data))), data);
  });

  it("corrupt, empty or truncated input throws on the portable path", () => {
    const gz = gzipSync(data);
    const flipped = gz.slice();
    flipped[gz.length - 8]! ^= 1; // the CRC
    const cases: [string, () => unknown][] = [
      ["a reserved block type", () => portable.inflateRaw(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 100)],
      ["empty raw data", () => portable.inflateRaw(new Uint8Array(0), 100)],
      ["a truncated raw stream", () => portable.inflateRaw(deflateRawSync(data).subarray(0, 100), data.length)],
      [
        "an empty gzip body",
        () => portable.gunzip(Uint8Array.from([31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8]), 100),
      ],
      ["a wrong gzip CRC", () => portable.gunzip(flipped, 2 ** 32)],
      ["a truncated gzip member", () => portable.gunzip(gz.subarray(0, 20), 2 ** 32)],
    ];
    for (const [what, call] of cases) assert.throws(call, Error, what);
  });
});

describe("encodePng", () => {
  it("round-trips grey, grey+alpha, RGB and RGBA through pngjs", () => {
    for (const c of [1, 2, 3, 4]) {
      const [h, w] = [13, 17];
      const px = bytes(h * w * c, c);
      const png = PNG.sync.read(Buffer.from(encodePng(h, w, c, px)));
      assert.equal(png.width, w);
      assert.equal(png.height, h);
      for (let i = 0; i < h * w; i++) {
        const rgba = [...png.data.subarray(i * 4, i * 4 + 4)];
        const p = [...px.subarray(i * c, i * c + c)];
        const want = c === 1 ? [p[0], p[0], p[0], 255] : c === 2 ? [p[0], p[0], p[0], p[1]] : c === 3 ? [...p, 255] : p;
        assert.deepEqual(rgba, want, `c=${c} pixel ${i}`);
      }
    }
  });

  it("filters help: a smooth gradient compresses below the raw size", () => {
    const [h, w] = [64, 64];
    const px = new Uint8Array(h * w * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set([x * 4, y * 4, (x + y) * 2], (y * w + x) * 3);
    assert.ok(encodePng(h, w, 3, px).length < px.length / 4);
  });

  const BAD: [string, () => unknown, RegExp][] = [
    [
      "zero height",
      () => encodePng(0, 2, 3, new Uint8Array(0)),
      /^\[encodePng\] image size must be positive integers: got 0x2$/,
    ],
    [
      "fractional width",
      () => encodePng(2, 1.5, 3, new Uint8Array(9)),
      /^\[encodePng\] image size must be positive integers: got 2x1\.5$/,
    ],
    ["5 channels", () => encodePng(1, 1, 5, new Uint8Array(5)), /^\[encodePng\] channels must be 1, 2, 3 or 4: got 5$/],
    [
      "short data",
      () => encodePng(2, 2, 3, new Uint8Array(11)),
      /^\[encodePng\] pixel data has 11 bytes: expected 2\*2\*3 = 12$/,
    ],
  ];
  for (const [name, call, message] of BAD)
    it(`rejects ${name} with a RangeError`, () =>
      assert.throws(call, (e: Error) => e instanceof RangeError && message.test(e.message)));
});

describe("Node built-ins reached on first use", () => {
  it("nodeBuiltin and lazyBuiltin give Node's modules", async () => {
    assert.equal(isNode, true);
    const fs = await import("node:fs");
    assert.equal(nodeBuiltin("node:fs", "test").readFileSync, fs.readFileSync);
    const lazy = lazyBuiltin("node:path", "test");
    assert.equal(lazy.join("a", "b"), "a/b");
    assert.ok("join" in lazy);
  });

  it("without process.getBuiltinModule (Node < 20.16) the error names the op and the version needed", () => {
    const code = [
      "process.getBuiltinModule = undefined;",
      'const m = await import("./src/util/node.ts");',
      'try { m.lazyBuiltin("node:fs", "io", "a hint").readFileSync; } catch (e) { console.log(e.message); }',
      'const a = await import("./src/backend/native/addon.ts");',
      "console.log(a.addon === null, a.loadError);",
    ].join("\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const [first, second] = r.stdout.trim().split("\n");
    assert.match(
      first!,
      /^\[io\] needs process\.getBuiltinModule\("node:fs"\): got Node\.js \d+\.\d+\.\d+, expected Node\.js ≥ 20\.16; a hint$/,
    );
    assert.match(second!, /^true Node\.js \d+\.\d+\.\d+ lacks process\.getBuiltinModule: expected Node\.js ≥ 20\.16$/);
  });
});
