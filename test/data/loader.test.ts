/** DataLoader, samplers and randomSplit against PyTorch 1.13 fixtures (scripts/fixtures/data.py). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import * as torch from "../../src/index.js";
import { decode, type TensorJSON } from "../ops/fixture.js";

const { data } = torch;
const fx = JSON.parse(readFileSync(new URL("../fixtures/data.json", import.meta.url), "utf8"));

class Range extends data.Dataset<number> {
  constructor(readonly n: number) {
    super();
  }
  get length(): number {
    return this.n;
  }
  getItem(i: number): number {
    return i;
  }
}

const lists = (loader: Iterable<unknown>): number[][] =>
  [...loader].map((b) => (b as torch.Tensor).tolist() as number[]);
const close = (a: number[], b: number[]) =>
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-7, `${v} vs ${b[i]}`));

describe("DataLoader batch order = PyTorch", () => {
  for (const c of fx.loader) {
    const name = `seed=${c.seed} n=${c.n} bs=${c.batchSize} dropLast=${c.dropLast} shuffle=${c.shuffle} generator=${c.generator}`;
    test(name, () => {
      let g: torch.Generator | undefined;
      if (c.generator) {
        torch.manualSeed(c.globalSeed);
        g = new torch.Generator(c.seed);
      } else torch.manualSeed(c.seed);
      const loader = new data.DataLoader(new Range(c.n), {
        batchSize: c.batchSize,
        shuffle: c.shuffle,
        dropLast: c.dropLast,
        generator: g,
      });
      const epochs = c.epochs.map(() => lists(loader));
      assert.deepEqual(epochs, c.epochs);
      assert.equal(loader.length, c.epochs[0].length);
      // the global generator was consumed exactly as in PyTorch
      close(Array.from(torch.rand(2).dataFloat()), c.after);
    });
  }
  test("for await gives the same batches", async () => {
    const c = fx.loader[0];
    torch.manualSeed(c.seed);
    const loader = new data.DataLoader(new Range(c.n), { batchSize: c.batchSize, shuffle: true, dropLast: c.dropLast });
    const got: number[][] = [];
    for await (const b of loader) got.push((b as torch.Tensor).tolist() as number[]);
    assert.deepEqual(got, c.epochs[0]);
  });
});

describe("randomSplit = PyTorch", () => {
  for (const c of fx.split) {
    test(`seed=${c.seed} n=${c.n} lengths=${JSON.stringify(c.lengths)} generator=${c.generator}`, () => {
      torch.manualSeed(c.seed);
      const parts = data.randomSplit(
        new Range(c.n),
        c.lengths,
        c.generator ? { generator: new torch.Generator(c.seed) } : {},
      );
      assert.deepEqual(
        parts.map((p) => [...p.indices]),
        c.parts,
      );
      assert.deepEqual(
        parts.map((p) => [...p]),
        c.parts,
      );
    });
  }
  test("errors", () => {
    assert.throws(
      () => data.randomSplit(new Range(10), [3, 3]),
      /sum of input lengths does not equal the length of the input dataset: got 6, expected 10/,
    );
    assert.throws(
      () => data.randomSplit(new Range(10), [1.5, -0.5]),
      /fraction at index 0 is not between 0 and 1|length at index/,
    );
    assert.throws(() => data.randomSplit(new Range(10), [2.5, 7.5]), /non-negative integer/);
  });
});

describe("samplers = PyTorch", () => {
  for (const c of fx.sampler) {
    test(`${c.kind} seed=${c.seed} ${JSON.stringify(c.weights ?? c.n ?? c.indices_in)} m=${c.numSamples} replacement=${c.replacement}`, () => {
      const g = new torch.Generator(c.seed);
      let s: Iterable<number>;
      if (c.kind === "random") {
        if (c.global) torch.manualSeed(c.seed);
        s = new data.RandomSampler(new Range(c.n), {
          replacement: c.replacement,
          numSamples: c.numSamples ?? undefined,
          generator: c.global ? undefined : g,
        });
      } else if (c.kind === "subset") s = new data.SubsetRandomSampler(c.indices_in, { generator: g });
      else s = new data.WeightedRandomSampler(c.weights, c.numSamples, { replacement: c.replacement, generator: g });
      assert.deepEqual([...s], c.indices);
    });
  }
  test("BatchSampler and SequentialSampler", () => {
    const seq = new data.SequentialSampler(new Range(7));
    assert.deepEqual([...new data.BatchSampler(seq, 3, false)], [[0, 1, 2], [3, 4, 5], [6]]);
    assert.deepEqual(
      [...new data.BatchSampler(seq, 3, true)],
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
    );
    assert.equal(new data.BatchSampler(seq, 3, false).length, 3);
    assert.equal(new data.BatchSampler(seq, 3, true).length, 2);
    assert.throws(() => new data.BatchSampler(seq, 0, false), /batchSize should be a positive integer value: got 0/);
    assert.throws(
      () => new data.RandomSampler(new Range(3), { numSamples: 0 }),
      /numSamples should be a positive integer value: got 0/,
    );
    assert.throws(() => new data.WeightedRandomSampler([1, -1], 2), /non-negative/);
    assert.throws(() => new data.WeightedRandomSampler([0, 0], 2), /sum of probabilities/);
    assert.throws(() => new data.WeightedRandomSampler([1, 1, 0], 3, { replacement: false }), /cannot sample 3 > 2/);
  });
});

describe("DataLoader options", () => {
  const ds = new Range(10);
  test("explicit sampler / batchSampler, batchSize null", () => {
    assert.deepEqual(lists(new data.DataLoader(ds, { sampler: [9, 8, 7, 6], batchSize: 3 })), [[9, 8, 7], [6]]);
    const bs = [[1, 2], [3], [0, 4, 5]];
    assert.deepEqual(lists(new data.DataLoader(ds, { batchSampler: bs })), bs);
    const items = [...new data.DataLoader(ds, { batchSize: null, sampler: [2, 1] })];
    assert.deepEqual(items, [2, 1]);
  });
  test("mutually exclusive options give PyTorch's errors", () => {
    assert.throws(
      () => new data.DataLoader(ds, { batchSampler: [[0]], batchSize: 2 }),
      /batchSampler option is mutually exclusive/,
    );
    assert.throws(
      () => new data.DataLoader(ds, { sampler: [0], shuffle: true }),
      /sampler option is mutually exclusive with shuffle/,
    );
    assert.throws(
      () => new data.DataLoader(ds, { batchSize: null, dropLast: true }),
      /mutually exclusive with dropLast/,
    );
    assert.throws(
      () => new data.DataLoader(ds, { batchSize: 0 }),
      /batchSize should be a positive integer value: got 0/,
    );
    assert.throws(() => new data.DataLoader(ds, { numWorkers: -1 }), /numWorkers option should be non-negative/);
    assert.throws(
      () => new data.DataLoader(ds, { prefetchFactor: 2 }),
      /prefetchFactor option could only be specified with numWorkers > 0/,
    );
    assert.throws(() => new data.DataLoader(42 as never), /dataset must be a Dataset/);
  });
  test("IterableDataset batches, no length, no shuffle", () => {
    class Stream extends data.IterableDataset<number> {
      *[Symbol.iterator]() {
        for (let i = 0; i < 7; i++) yield i * 10;
      }
    }
    assert.deepEqual(lists(new data.DataLoader(new Stream(), { batchSize: 3 })), [[0, 10, 20], [30, 40, 50], [60]]);
    assert.deepEqual(lists(new data.DataLoader(new Stream(), { batchSize: 3, dropLast: true })), [
      [0, 10, 20],
      [30, 40, 50],
    ]);
    assert.throws(
      () => new data.DataLoader(new Stream(), { shuffle: true }),
      /shuffle option is not supported for an IterableDataset/,
    );
    assert.throws(() => new data.DataLoader(new Stream()).length, /IterableDataset has no length/);
  });
  test("TensorDataset, Subset, ConcatDataset", () => {
    const x = torch.arange(12, { dtype: "float32" }).reshape([6, 2]);
    const y = torch.arange(6);
    const td = new data.TensorDataset(x, y);
    assert.equal(td.length, 6);
    const [xi, yi] = td.getItem(-1);
    assert.deepEqual(xi!.tolist(), [10, 11]);
    assert.equal(yi!.item(), 5);
    const batches = [...new data.DataLoader(td, { batchSize: 4 })] as torch.Tensor[][];
    assert.deepEqual(batches[1]![0]!.shape, [2, 2]);
    assert.equal(batches[0]![1]!.dtype, "int64");
    assert.throws(
      () => new data.TensorDataset(x, torch.arange(5)),
      /size mismatch between tensors: got 5 rows in argument 1, expected 6/,
    );
    assert.throws(() => td.getItem(6), /index 6 is out of range/);
    const cat = new data.ConcatDataset([new Range(3), new Range(2), new Range(4)]);
    assert.deepEqual([...cat], [0, 1, 2, 0, 1, 0, 1, 2, 3]);
    assert.deepEqual(cat.cumulativeSizes, [3, 5, 9]);
    const sub = new data.Subset(new Range(10), [7, 3]);
    assert.deepEqual([...sub], [7, 3]);
  });
  test("a fresh iterator per epoch; breaking out early is fine", () => {
    const loader = new data.DataLoader(ds, { batchSize: 4 });
    for (const _ of loader) break;
    assert.equal(lists(loader).length, 3);
  });
});

describe("synthetic regression data = PyTorch", () => {
  test("makeRegression({ generator: Generator(42) })", () => {
    const { x, y } = data.datasets.makeRegression({ generator: new torch.Generator(42) });
    const ex = decode(fx.regression.x as TensorJSON);
    const ey = decode(fx.regression.y as TensorJSON);
    assert.deepEqual(Array.from(x.dataFloat()), Array.from(ex.dataFloat()));
    close(Array.from(y.dataFloat()), Array.from(ey.dataFloat()));
    // the default is the same seed 42
    assert.deepEqual(Array.from(data.datasets.makeRegression().x.dataFloat()), Array.from(ex.dataFloat()));
  });
});
