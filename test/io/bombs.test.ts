/**
 * Regression tests for the memory bombs of issue 17 (files in test/fixtures/io/bombs, written by
 * scripts/fixtures/make-bombs.mjs): each loads with < 50 MB RSS growth or is rejected with a typed
 * error before it costs memory. Each file is loaded in a fresh process so the peak RSS is its own.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import * as torch from "../../src/index.js";
import { FIX } from "./helpers.js";
import { buildZip } from "./zip-builder.js";

const CHILD = fileURLToPath(new URL("./bomb-child.ts", import.meta.url));
const BOMBS = join(FIX, "bombs");

interface Result {
  ok: boolean;
  error?: string;
  code?: string;
  message?: string;
  ms: number;
  rssMB: number;
  peakMB: number;
  info?: {
    keys: string[];
    shapes: number[][];
    strides: number[][];
    storages: number;
    storageElements: number[];
    values: unknown[];
  };
}

function run(kind: "pt" | "idx", file: string, env: Record<string, string> = {}): Result {
  const out = execFileSync(process.execPath, ["--import", "tsx", CHILD, kind, join(BOMBS, file)], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return JSON.parse(out) as Result;
}

describe("memory bombs: bounded by what the file holds", () => {
  it("stride0.pt: six 4096×4096 stride-0 float64 tensors are views of one 1-element storage (was +756 MB)", () => {
    const r = run("pt", "stride0.pt");
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(r.info!.keys, ["t0", "t1", "t2", "t3", "t4", "t5"]);
    for (const s of r.info!.shapes) assert.deepEqual(s, [4096, 4096]);
    for (const s of r.info!.strides) assert.deepEqual(s, [0, 0]);
    assert.equal(r.info!.storages, 1);
    assert.deepEqual(r.info!.storageElements, [1]);
    assert.deepEqual(r.info!.values[0], [1.5]);
    assert.ok(r.peakMB < 50, `peak RSS growth ${r.peakMB.toFixed(1)} MB`);
  });

  it("deflate-200mb.pt: a 195 KB entry declaring 200 MB is rejected before inflating (was +755 MB)", () => {
    const r = run("pt", "deflate-200mb.pt");
    assert.equal(r.ok, false);
    assert.equal(r.error, "TorchPtError");
    assert.equal(r.code, "INFLATE_LIMIT");
    assert.match(
      r.message!,
      /^\[torch\.load\] deflated zip entries: 200000000 bytes declared from \d+ compressed bytes, over the inflation budget of 33554432 bytes \(raise it with .*ANTORCHA_MAX_INFLATE_RATIO\)$/,
    );
    assert.ok(r.peakMB < 50, `peak RSS growth ${r.peakMB.toFixed(1)} MB`);
  });

  it("deflate-200mb.pt with ANTORCHA_MAX_INFLATE_RATIO=2000: loads, its three tensors share one 200 MB storage", () => {
    const r = run("pt", "deflate-200mb.pt", { ANTORCHA_MAX_INFLATE_RATIO: "2000" });
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(r.info!.shapes, [[50_000_000], [25_000_000, 2], [1000]]);
    assert.deepEqual(r.info!.strides, [[1], [2, 1], [7]]);
    assert.equal(r.info!.storages, 1);
    // one copy of the storage (plus the transient inflate buffer), not three
    assert.ok(r.rssMB < 2.5 * 191, `RSS growth ${r.rssMB.toFixed(1)} MB`);
  });

  it("idx-trailing.gz: a 292 KB gzip whose header declares 1 byte is stopped at 9 bytes (was +578 MB)", () => {
    const r = run("idx", "idx-trailing.gz");
    assert.equal(r.error, "IdxFormatError");
    assert.equal(r.code, "IDX_TRAILING_BYTES");
    assert.match(
      r.message!,
      /idx-trailing\.gz: gzip data inflates past the 9 bytes its IDX header declares \(trailing data\)$/,
    );
    assert.ok(r.peakMB < 50, `peak RSS growth ${r.peakMB.toFixed(1)} MB`);
  });

  it("idx-declared.gz: a header declaring 300 MB from 292 KB (1000:1) is rejected before inflating (was +862 MB)", () => {
    const r = run("idx", "idx-declared.gz");
    assert.equal(r.error, "IdxFormatError");
    assert.equal(r.code, "IDX_INFLATE_LIMIT");
    assert.match(
      r.message!,
      /gzip data: 300000008 bytes declared from 291616 compressed bytes, over the inflation budget of 33554432 bytes/,
    );
    assert.ok(r.peakMB < 50, `peak RSS growth ${r.peakMB.toFixed(1)} MB`);
  });

  it("bigint-tuple-key.pt: PyTorch's {(1, 2**70): tensor} loads (was TypeError: Do not know how to serialize a BigInt)", () => {
    const sd = torch.io.load(join(BOMBS, "bigint-tuple-key.pt")) as Record<string, torch.Tensor>;
    assert.deepEqual(Object.keys(sd), ["[1,1180591620717411303424]"]);
    assert.deepEqual(sd["[1,1180591620717411303424]"]!.tolist(), [1, 2]);
  });
});

describe("shared storages and the budget options, in process", () => {
  const pkl = (body: number[]) => new Uint8Array([0x80, 2, ...body, 0x2e]);
  it("tensors rebuilt from one storage share it, as in PyTorch", () => {
    const sd = torch.io.load(join(BOMBS, "stride0.pt")) as Record<string, torch.Tensor>;
    assert.equal(sd.t0!.storage, sd.t5!.storage);
    assert.equal(sd.t0!.narrow(0, 0, 2).narrow(1, 0, 2).sum().item(), 6);
  });
  it("maxInflateBytes / maxInflateRatio options bound a small deflated archive", () => {
    const data = new Uint8Array(4 * 1000);
    const good = buildZip([
      { name: "archive/data.pkl", data: pkl([0x4e]) },
      { name: "archive/data/0", data, method: 8 },
    ]).bytes;
    assert.equal(torch.io.loadFromBytes(good), null);
    assert.throws(
      () => torch.io.loadFromBytes(good, { maxInflateBytes: 1000 }),
      (e: unknown) =>
        e instanceof torch.io.TorchPtError && e.code === "INFLATE_LIMIT" && /4000 bytes declared/.test(e.message),
    );
    assert.throws(
      () => torch.io.loadFromBytes(good, { maxInflateRatio: -1 }),
      (e: unknown) =>
        e instanceof torch.io.TorchPtError &&
        e.code === "OPTION_INVALID" &&
        e.message === "[torch.load] maxInflateRatio must be a positive number: got -1",
    );
  });
});

describe("safetensors headers: linear time, early rejection", () => {
  const file = (header: string) => {
    const h = Buffer.from(header);
    const b = Buffer.alloc(8 + h.length);
    b.writeBigUInt64LE(BigInt(h.length));
    h.copy(b, 8);
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  };
  const cpuMs = (f: () => void) => {
    const u0 = process.cpuUsage();
    f();
    const u = process.cpuUsage(u0);
    return (u.user + u.system) / 1000;
  };
  it("a 71 MB header holding one huge shape array is rejected within 2 s of CPU", () => {
    const bytes = file(`{"a":{"dtype":"F32","shape":[${"1,".repeat(35_500_000)}1],"data_offsets":[0,4]}}`);
    assert.ok(bytes.length > 71_000_000);
    let err: unknown;
    const ms = cpuMs(() => {
      try {
        torch.io.deserialize(bytes);
      } catch (e) {
        err = e;
      }
    });
    assert.ok(err instanceof torch.io.SafetensorsError && err.code === "INVALID_JSON", String(err));
    assert.match((err as Error).message, /array longer than 4096 elements/);
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms CPU`);
  });
  it("a header of 400k metadata keys costs about what JSON.parse costs on it (no quadratic step)", () => {
    const parts: string[] = [];
    for (let i = 0; i < 400_000; i++) parts.push(`"k${i}":"v"`);
    const header = `{"__metadata__":{${parts.join(",")}}}`;
    const bytes = file(header);
    let meta: Record<string, string> = {};
    const ours = cpuMs(() => (meta = torch.io.deserializeWithMetadata(bytes).metadata));
    const native = cpuMs(() => JSON.parse(header));
    assert.equal(meta.k399999, "v");
    assert.ok(ours < 5 * native + 500, `ours ${ours.toFixed(0)} ms CPU, JSON.parse ${native.toFixed(0)} ms`);
  });
});
