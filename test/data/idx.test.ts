/** IDX reader: every dtype vs PyTorch-written files, and ≥ 25 malformed inputs → IdxFormatError. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, test } from "node:test";
import * as torch from "../../src/index.js";
import { decode, type TensorJSON } from "../ops/fixture.js";

const { datasets } = torch.data;
const fx = JSON.parse(readFileSync(new URL("../fixtures/data.json", import.meta.url), "utf8"));
const dir = new URL("../fixtures/idx/", import.meta.url).pathname;

function header(code: number, dims: number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b[2] = code;
  b[3] = dims.length;
  dims.forEach((d, i) => b.writeUInt32BE(d >>> 0, 4 + 4 * i));
  return b;
}
const idx = (code: number, dims: number[], bytes: number) =>
  Buffer.concat([header(code, dims), Buffer.alloc(bytes, 7)]);

describe("readIdx reads PyTorch-written files", () => {
  for (const c of fx.idx) {
    test(c.file, () => {
      const t = datasets.readIdx(join(dir, c.file));
      const e = decode(c.expected as TensorJSON);
      assert.equal(t.dtype, e.dtype);
      assert.deepEqual(t.shape, e.shape);
      assert.deepEqual(Array.from(t.dataFloat()), Array.from(e.dataFloat()));
    });
  }
  test("bytes are never shared with the caller's array; gzip and files read the same values", () => {
    const raw = idx(0x08, [2, 3], 6);
    const t = datasets.readIdx(raw);
    raw.fill(0);
    assert.deepEqual(Array.from(t.dataFloat()), [7, 7, 7, 7, 7, 7]);
    const signed = idx(0x09, [4], 4);
    signed[signed.length - 1] = 0xff;
    const g = datasets.readIdx(gzipSync(signed));
    assert.deepEqual([g.dtype, ...Array.from(g.dataFloat())], ["int8", 7, 7, 7, -1]);
    const file = join(mkdtempSync(join(tmpdir(), "idx-")), "x.idx.gz");
    writeFileSync(file, gzipSync(idx(0x08, [50, 28, 28], 50 * 784)));
    const f = datasets.readIdx(file);
    assert.deepEqual([f.shape, f.sum().item()], [[50, 28, 28], 7 * 50 * 784]);
    assert.deepEqual(f.add(1).view(-1).narrow(0, 0, 2).tolist(), [8, 8]);
  });
  test("a Buffer and a 0-size dimension", () => {
    const t = datasets.readIdx(idx(0x08, [0, 28, 28], 0));
    assert.deepEqual(t.shape, [0, 28, 28]);
  });
});

const big = 0xffffffff;
const malformed: [string, Buffer, string][] = [
  ["empty file", Buffer.alloc(0), "IDX_EMPTY"],
  ["1 byte", Buffer.from([0]), "IDX_TRUNCATED_HEADER"],
  ["3 bytes", Buffer.from([0, 0, 8]), "IDX_TRUNCATED_HEADER"],
  ["bad magic byte 0", Buffer.concat([Buffer.from([1, 0, 8, 1]), Buffer.alloc(4)]), "IDX_BAD_MAGIC"],
  ["bad magic byte 1", Buffer.concat([Buffer.from([0, 9, 8, 1]), Buffer.alloc(4)]), "IDX_BAD_MAGIC"],
  ["text file", Buffer.from("hello world, not idx"), "IDX_BAD_MAGIC"],
  ["PNG file", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "IDX_BAD_MAGIC"],
  ["dtype code 0x00", idx(0x00, [1], 1), "IDX_BAD_DTYPE"],
  ["dtype code 0x0A", idx(0x0a, [1], 1), "IDX_BAD_DTYPE"],
  ["dtype code 0x0F", idx(0x0f, [1], 8), "IDX_BAD_DTYPE"],
  ["dtype code 0xFF", idx(0xff, [1], 1), "IDX_BAD_DTYPE"],
  ["zero dimensions", Buffer.from([0, 0, 8, 0, 1, 2, 3]), "IDX_BAD_NDIM"],
  ["255 dimensions", Buffer.concat([Buffer.from([0, 0, 8, 255]), Buffer.alloc(1020, 1)]), "IDX_BAD_NDIM"],
  ["header truncated in the sizes", Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0]), "IDX_TRUNCATED_HEADER"],
  ["header missing a whole size", header(0x08, [2, 2, 2]).subarray(0, 12), "IDX_TRUNCATED_HEADER"],
  ["data truncated (uint8)", idx(0x08, [10, 28, 28], 7839), "IDX_TRUNCATED_DATA"],
  ["data truncated (float64)", idx(0x0e, [3], 23), "IDX_TRUNCATED_DATA"],
  ["no data at all", idx(0x0c, [4], 0), "IDX_TRUNCATED_DATA"],
  ["one trailing byte", idx(0x08, [4], 5), "IDX_TRAILING_BYTES"],
  ["trailing garbage (int16)", Buffer.concat([idx(0x0b, [2], 4), Buffer.from("garbage")]), "IDX_TRAILING_BYTES"],
  ["huge dims: product overflows 2^53", idx(0x08, [big, big, big], 16), "IDX_TOO_LARGE"],
  ["huge dims: 2^32 * 2^32", idx(0x0e, [big, big], 0), "IDX_TOO_LARGE"],
  ["huge dims: bigger than a Buffer", idx(0x08, [big, 4096], 8), "IDX_TOO_LARGE"],
  ["huge dims claiming 4 GiB of float32", idx(0x0d, [big, 1], 4), "IDX_TOO_LARGE"],
  ["dims whose 32-bit product wraps to 0 (65536 x 65536)", idx(0x08, [65536, 65536], 0), "IDX_TRUNCATED_DATA"],
  [
    "corrupt gzip (bad deflate data)",
    Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]),
    "IDX_BAD_GZIP",
  ],
  ["truncated gzip", gzipSync(idx(0x08, [100], 100)).subarray(0, 30), "IDX_BAD_GZIP"],
  [
    "gzip with a bad CRC",
    (() => {
      const g = Buffer.from(gzipSync(idx(0x08, [4], 4)));
      g[g.length - 6]! ^= 0xff;
      return g;
    })(),
    "IDX_BAD_GZIP",
  ],
  ["gzip magic only", Buffer.from([0x1f, 0x8b]), "IDX_BAD_GZIP"],
  ["gzip of an empty file", gzipSync(Buffer.alloc(0)), "IDX_EMPTY"],
  ["gzip of a truncated IDX", gzipSync(idx(0x08, [3, 28, 28], 100)), "IDX_TRUNCATED_DATA"],
  ["gzip of bad magic", gzipSync(Buffer.from([5, 5, 8, 1, 0, 0, 0, 1, 0])), "IDX_BAD_MAGIC"],
];

describe(`malformed IDX (${malformed.length} cases) → IdxFormatError`, () => {
  for (const [name, buf, code] of malformed) {
    test(name, () => {
      assert.throws(
        () => datasets.readIdx(buf, { name: `${name}.idx` }),
        (e: unknown) => {
          assert.ok(e instanceof datasets.IdxFormatError, `not an IdxFormatError: ${String(e)}`);
          assert.equal(e.code, code, e.message);
          assert.equal(e.file, `${name}.idx`);
          assert.match(e.message, new RegExp(`^\\[readIdx\\] ${name.replace(/[()^$*+?.[\]\\|{}]/g, "\\$&")}\\.idx: `));
          assert.ok(!e.message.includes("\n"));
          return true;
        },
      );
    });
  }
  test("missing file and non-buffer source", () => {
    assert.throws(
      () => datasets.readIdx("/nonexistent/x.idx"),
      (e: unknown) => e instanceof datasets.IdxFormatError && e.code === "IDX_READ_FAILED" && /ENOENT/.test(e.message),
    );
    assert.throws(() => datasets.readIdx(42 as never), TypeError);
  });
});

describe("MNIST-style datasets from files", () => {
  const tiny = join(dir, "tiny-mnist");
  test("MNIST reads a root folder (gzip images, raw labels)", () => {
    const ds = new datasets.MNIST({ root: tiny });
    assert.equal(ds.length, 5);
    assert.deepEqual(ds.data.shape, [5, 28, 28]);
    assert.equal(ds.data.dtype, "uint8");
    assert.equal(ds.targets.dtype, "int64");
    assert.deepEqual(ds.targets.tolist(), fx.tinyMnist.labels);
    const [img, label] = ds.getItem(0) as [torch.Tensor, number];
    assert.equal(label, 9);
    assert.deepEqual(Array.from(img.dataFloat()), Array.from(decode(fx.tinyMnist.images).select(0, 0).dataFloat()));
    assert.equal(new datasets.MNIST({ root: tiny, train: false }).length, 3);
    assert.equal(ds.classes[9], "9 - nine");
    const tr = new datasets.MNIST({
      root: tiny,
      transform: new torch.data.transforms.ToTensor(),
      targetTransform: (y: unknown) => (y as number) + 100,
    });
    const [x, y] = tr.getItem(1) as [torch.Tensor, number];
    assert.deepEqual(x.shape, [1, 28, 28]);
    assert.equal(x.dtype, "float32");
    assert.equal(y, 100);
  });

  function withFiles(images: Buffer, labels: Buffer): string {
    const d = mkdtempSync(join(tmpdir(), "antorcha-mnist-"));
    writeFileSync(join(d, "train-images-idx3-ubyte"), images);
    writeFileSync(join(d, "train-labels-idx1-ubyte"), labels);
    return d;
  }
  const labelsOf = (v: number[]) => Buffer.concat([header(0x08, [v.length]), Buffer.from(v)]);
  test("label/image count mismatch → COUNT_MISMATCH", () => {
    const root = withFiles(idx(0x08, [3, 28, 28], 3 * 784), labelsOf([1, 2]));
    assert.throws(
      () => new datasets.FashionMNIST({ root }),
      (e: unknown) =>
        e instanceof datasets.DatasetError && e.code === "COUNT_MISMATCH" && /3 images .* but 2 labels/.test(e.message),
    );
  });
  test("wrong image dims → BAD_IMAGE_DIMS", () => {
    const root = withFiles(idx(0x08, [2, 27, 28], 2 * 27 * 28), labelsOf([1, 2]));
    assert.throws(
      () => new datasets.MNIST({ root }),
      (e: unknown) => e instanceof datasets.DatasetError && e.code === "BAD_IMAGE_DIMS",
    );
    const root2 = withFiles(idx(0x0c, [2, 28, 28], 2 * 784 * 4), labelsOf([1, 2]));
    assert.throws(
      () => new datasets.MNIST({ root: root2 }),
      (e: unknown) => e instanceof datasets.DatasetError && e.code === "BAD_IMAGE_DIMS" && /got int32/.test(e.message),
    );
  });
  test("label out of range → LABEL_OUT_OF_RANGE; 2-d labels → BAD_LABEL_DIMS", () => {
    const root = withFiles(idx(0x08, [2, 28, 28], 2 * 784), labelsOf([3, 10]));
    assert.throws(
      () => new datasets.MNIST({ root }),
      (e: unknown) =>
        e instanceof datasets.DatasetError && e.code === "LABEL_OUT_OF_RANGE" && /label 10 at index 1/.test(e.message),
    );
    const root2 = withFiles(
      idx(0x08, [2, 28, 28], 2 * 784),
      Buffer.concat([header(0x08, [2, 1]), Buffer.from([1, 2])]),
    );
    assert.throws(
      () => new datasets.MNIST({ root: root2 }),
      (e: unknown) => e instanceof datasets.DatasetError && e.code === "BAD_LABEL_DIMS",
    );
  });
  test("malformed IDX inside a dataset names the file", () => {
    const root = withFiles(Buffer.from("nope"), labelsOf([1]));
    assert.throws(
      () => new datasets.MNIST({ root }),
      (e: unknown) =>
        e instanceof datasets.IdxFormatError &&
        e.code === "IDX_BAD_MAGIC" &&
        e.file.endsWith("train-images-idx3-ubyte"),
    );
  });
  test("missing files: the message says how to get them", () => {
    const root = mkdtempSync(join(tmpdir(), "antorcha-empty-"));
    const prev = process.env.ANTORCHA_DATA;
    process.env.ANTORCHA_DATA = root;
    try {
      assert.throws(
        () => new datasets.MNIST({ root }),
        (e: unknown) =>
          e instanceof datasets.DatasetError &&
          e.code === "DATASET_NOT_FOUND" &&
          /train-images-idx3-ubyte\.gz/.test(e.message) &&
          e.message.includes(root) &&
          /download: true/.test(e.message),
      );
      assert.throws(
        () => new datasets.MNIST({ root, download: true }),
        (e: unknown) => e instanceof datasets.DatasetError && e.code === "DOWNLOAD_NEEDS_LOAD",
      );
    } finally {
      if (prev === undefined) delete process.env.ANTORCHA_DATA;
      else process.env.ANTORCHA_DATA = prev;
    }
  });
  test("download: true fails cleanly when the mirror is unreachable (local closed port)", async () => {
    const root = mkdtempSync(join(tmpdir(), "antorcha-dl-"));
    const { createServer } = await import("node:net");
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r)); // now nothing listens there
    await assert.rejects(
      datasets.MNIST.load({ root, download: true, mirrors: [`http://127.0.0.1:${port}/`] }),
      (e: unknown) => {
        assert.ok(e instanceof datasets.DatasetError, String(e));
        assert.equal(e.code, "DOWNLOAD_FAILED");
        assert.match(e.message, /could not download train-images-idx3-ubyte\.gz from any mirror: .*ECONNREFUSED/);
        return true;
      },
    );
  });
  test("download: an MD5 mismatch is rejected and nothing is written", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((_, res) => res.end("not the real file"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const root = mkdtempSync(join(tmpdir(), "antorcha-md5-"));
    try {
      await assert.rejects(
        datasets.MNIST.load({ root, download: true, mirrors: [`http://127.0.0.1:${port}/`] }),
        (e: unknown) => e instanceof datasets.DatasetError && e.code === "MD5_MISMATCH",
      );
      assert.throws(() => readFileSync(join(root, "train-images-idx3-ubyte.gz")));
    } finally {
      server.close();
    }
  });
});
