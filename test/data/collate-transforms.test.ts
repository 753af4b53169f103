/** defaultCollate vs PyTorch's default_collate, transforms (values and torchvision's draws), synthetic shapes. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import * as torch from "../../src/index.js";
import { decode, type TensorJSON } from "../ops/fixture.js";

const { data } = torch;
const { transforms: T, datasets } = data;
const fx = JSON.parse(readFileSync(new URL("../fixtures/data.json", import.meta.url), "utf8"));

function fromJs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJs);
  if (v !== null && typeof v === "object") {
    const r = v as Record<string, unknown>;
    if ("__tensor" in r) return decode(r.__tensor as TensorJSON);
    return Object.fromEntries(Object.entries(r).map(([k, x]) => [k, fromJs(x)]));
  }
  return v;
}

function same(got: unknown, want: unknown, path: string): void {
  if (want !== null && typeof want === "object" && "dtype" in (want as object) && "values" in (want as object)) {
    assert.ok(got instanceof torch.Tensor, `${path}: expected a tensor`);
    const w = decode(want as TensorJSON);
    assert.equal(got.dtype, w.dtype, `${path} dtype`);
    assert.deepEqual(got.shape, w.shape, `${path} shape`);
    assert.deepEqual(Array.from(got.dataFloat()), Array.from(w.dataFloat()), `${path} values`);
  } else if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${path}: expected an array`);
    assert.equal(got.length, want.length);
    want.forEach((w, i) => same(got[i], w, `${path}[${i}]`));
  } else if (want !== null && typeof want === "object") {
    assert.deepEqual(Object.keys(got as object), Object.keys(want));
    for (const [k, w] of Object.entries(want)) same((got as Record<string, unknown>)[k], w, `${path}.${k}`);
  } else assert.equal(got, want, path);
}

describe("defaultCollate = PyTorch default_collate", () => {
  for (const c of fx.collate) {
    test(c.name, () => same(data.defaultCollate(fromJs(c.batch) as unknown[]), c.out, c.name));
  }
  test("errors", () => {
    assert.throws(() => data.defaultCollate([]), /batch is empty/);
    assert.throws(() => data.defaultCollate([null]), /found null/);
    assert.throws(() => data.defaultCollate([[1, 2], [3]]), /each element in list of batch should be of equal size/);
    assert.throws(() => data.defaultCollate([1, "a"]), /mixed item types: item 1 is string, expected number/);
    assert.throws(() => data.defaultCollate([{ a: 1 }, { b: 2 }]), /item 1 has no key "a"/);
    assert.throws(() => data.defaultCollate([torch.zeros(2), torch.zeros(3)]), /stack/);
    assert.throws(() => data.defaultCollate([new Map()]), /found Map/);
  });
  test("bigint → int64; custom collateFn in the loader", () => {
    assert.equal((data.defaultCollate([1n, 2n]) as torch.Tensor).dtype, "int64");
    const ds = new data.TensorDataset(torch.arange(6));
    const sums = [
      ...new data.DataLoader(ds, {
        batchSize: 2,
        collateFn: (items) => items.reduce((s, [t]) => s + (t!.item() as number), 0),
      }),
    ];
    assert.deepEqual(sums, [1, 5, 9]);
  });
});

describe("transforms", () => {
  const img = torch.tensor(
    [
      [0, 128, 255],
      [1, 2, 3],
    ],
    { dtype: "uint8" },
  );
  test("ToTensor: uint8 HW → float32 1HW / 255; HWC → CHW", () => {
    const t = new T.ToTensor().call(img);
    assert.deepEqual(t.shape, [1, 2, 3]);
    assert.equal(t.dtype, "float32");
    assert.deepEqual(
      Array.from(t.dataFloat()),
      [0, 128, 255, 1, 2, 3].map((v) => Math.fround(v / 255)),
    );
    const hwc = torch.arange(12, { dtype: "uint8" }).reshape([2, 2, 3]);
    const c = new T.ToTensor().call(hwc);
    assert.deepEqual(c.shape, [3, 2, 2]);
    assert.deepEqual(
      Array.from(c.select(0, 0).dataFloat()),
      [0, 3, 6, 9].map((v) => Math.fround(v / 255)),
    );
    assert.throws(() => new T.ToTensor().call(torch.zeros(2) as never), /image should be 2-d/);
  });
  test("Normalize and Compose", () => {
    const x = new T.Compose([new T.ToTensor(), new T.Normalize([0.5], [0.5])]).call(img) as torch.Tensor;
    assert.ok(Math.abs((x.dataFloat()[2] ?? 0) - 1) < 1e-6);
    assert.ok(Math.abs((x.dataFloat()[0] ?? 0) + 1) < 1e-6);
    assert.throws(() => new T.Normalize([0.5], [0]).call(torch.zeros(1, 2, 2)), /std evaluated to zero/);
    assert.throws(
      () => new T.Normalize([0.5], [1]).call(torch.zeros(1, 2, 2, { dtype: "int64" })),
      /should be a float tensor/,
    );
    assert.throws(() => new T.Normalize([0.5, 0.2], [1]), /equal length/);
    assert.deepEqual(
      new T.Compose([new T.Lambda((v: number) => v + 1), new T.Lambda((v: number) => v * 3)]).call(1),
      6,
    );
  });
  test("RandomHorizontalFlip draws torch.rand(1) < p like torchvision", () => {
    torch.manualSeed(fx.transforms.seed);
    const row = torch.tensor([[1, 2, 3]]);
    const flip = new T.RandomHorizontalFlip(0.5);
    const got = fx.transforms.flips.map(() => (flip.call(row).tolist() as number[][])[0]![0] === 3);
    assert.deepEqual(got, fx.transforms.flips);
  });
  test("RandomCrop draws randint for i then j like torchvision", () => {
    // 6x2 image padded by 2 → 10x6; a 2x2 crop has 9 x 5 offsets
    const im = torch.arange(1, 13, { dtype: "float32" }).reshape([1, 6, 2]);
    const crop = new T.RandomCrop(2, 2);
    torch.manualSeed(fx.transforms.seed);
    for (const [i, j] of fx.transforms.crop.offsets as [number, number][]) {
      const out = crop.call(im);
      const padded = torch.zeros(1, 10, 6);
      padded.narrow(1, 2, 6).narrow(2, 2, 2).copy_(im);
      assert.deepEqual(out.tolist(), padded.narrow(1, i, 2).narrow(2, j, 2).tolist());
    }
    assert.throws(
      () => new T.RandomCrop(20).call(im),
      /required crop size \[20, 20\] is larger than input image size \[6, 2\]/,
    );
  });
  test("specs rebuild built-in transforms; Lambda has none", () => {
    const c = new T.Compose([new T.ToTensor(), new T.Normalize([0.1], [0.3]), new T.RandomCrop([2, 2], [1, 2])]);
    const r = T.transformFromSpec(c.spec!);
    assert.deepEqual(r.spec, c.spec);
    assert.equal(new T.Compose([new T.Lambda((x) => x)]).spec, undefined);
  });
});

describe("synthetic data", () => {
  test("makeMoons / makeCircles: shapes, balance, geometry", () => {
    const m = datasets.makeMoons({ nSamples: 101, generator: new torch.Generator(0) });
    assert.deepEqual(m.X.shape, [101, 2]);
    assert.equal(m.y.dtype, "int64");
    assert.equal(m.y.sum().item() as number, 51);
    const c = datasets.makeCircles({ nSamples: 100, factor: 0.5, shuffle: false });
    const r = c.X.pow(2).sum(1).sqrt().dataFloat();
    const y = c.y.dataFloat();
    r.forEach((v, i) => assert.ok(Math.abs(v - (y[i] === 0 ? 1 : 0.5)) < 1e-6));
    assert.throws(() => datasets.makeCircles({ factor: 1 }), /factor has to be between 0 and 1/);
  });
  test("makeBlobs: per-centre counts and spread", () => {
    const b = datasets.makeBlobs({ nSamples: 301, centers: 3, clusterStd: 0.5, generator: new torch.Generator(1) });
    assert.deepEqual(b.X.shape, [301, 2]);
    assert.deepEqual(b.centers.shape, [3, 2]);
    const y = Array.from(b.y.dataFloat());
    assert.deepEqual(
      [0, 1, 2].map((k) => y.filter((v) => v === k).length),
      [101, 100, 100],
    );
  });
  test("trainTestSplit: sklearn sizes, rows stay aligned", () => {
    const x = torch.arange(10).reshape([10, 1]);
    const y = torch.arange(10).mul(10);
    const [xtr, xte, ytr, yte] = datasets.trainTestSplit(x, y, { testSize: 0.25, generator: new torch.Generator(0) });
    assert.equal(xte!.shape[0], 3);
    assert.equal(xtr!.shape[0], 7);
    assert.deepEqual(ytr!.tolist(), xtr!.flatten().mul(10).tolist() as number[]);
    assert.deepEqual(yte!.tolist(), xte!.flatten().mul(10).tolist() as number[]);
    const [a, b] = datasets.trainTestSplit(x, { testSize: 2, shuffle: false });
    assert.deepEqual(b!.flatten().tolist(), [8, 9]);
    assert.equal(a!.shape[0], 8);
    assert.throws(() => datasets.trainTestSplit(x, torch.arange(3)), /inconsistent numbers of samples/);
  });
});
