/**
 * Keras semantics (issue 19 item 7): `model.call(x)` is inference (Dropout off, no graph),
 * `{ training: true }` trains, `{ training: false }` is honoured; `model.save` /
 * `keras.models.loadModel` round trip (identical predictions, identical continued training).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import * as torch from "../../src/index.js";

const { keras } = torch;
const { layers } = keras;
const dir = mkdtempSync(join(tmpdir(), "antorcha-keras-semantics-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function model() {
  torch.manualSeed(0);
  return keras.Sequential([
    layers.Dense(16, { activation: "relu", inputShape: [4] }),
    layers.Dropout(0.5),
    layers.Dense(3),
  ]);
}

describe("model.call training flag", () => {
  test("call(x) is inference: deterministic, no graph, mode unchanged", () => {
    const m = model();
    const x = torch.randn(8, 4);
    const a = m.call(x);
    const b = m.call(x);
    assert.deepEqual(a.tolist(), b.tolist());
    assert.equal(a.requiresGrad, false);
    assert.equal(a.gradFn, null);
    assert.deepEqual(m.call(x, { training: false }).tolist(), a.tolist());
  });

  test("call(x, { training: true }): Dropout active and a graph to backpropagate", () => {
    const m = model();
    const x = torch.randn(64, 4);
    const a = m.call(x, { training: true });
    assert.equal(a.requiresGrad, true);
    assert.notDeepEqual(a.tolist(), m.call(x).tolist());
    a.sum().backward();
    assert.ok(m.parameters().every((p) => p.grad !== null));
    // layers inherit the model's mode: a Dropout called alone is inference too
    const d = layers.Dropout(0.9);
    assert.deepEqual(d.call(x).tolist(), x.tolist());
    assert.notDeepEqual(d.call(x, { training: true }).tolist(), x.tolist());
  });

  test("bad call options", () => {
    const m = model();
    const x = torch.randn(2, 4);
    assert.throws(
      () => m.call(x, { trainig: true } as never),
      (e: Error) =>
        e instanceof TypeError &&
        e.message === '[keras.Sequential.call] unknown option "trainig": did you mean "training"?',
    );
    assert.throws(
      () => m.call(x, { training: 1 } as never),
      (e: Error) => e instanceof TypeError && e.message === "[keras.Sequential.call] training must be a boolean: got 1",
    );
  });
});

describe("model.save / keras.models.loadModel", () => {
  function data() {
    torch.manualSeed(1);
    const x = torch.randn(96, 4);
    const y = x
      .narrow(1, 0, 1)
      .add(x.narrow(1, 1, 1))
      .gt(0)
      .to("int64")
      .reshape(-1);
    return { x, y };
  }

  test("round trip: same names, predictions, evaluation; continued fit identical", async () => {
    const { x, y } = data();
    const m = model();
    m.compile({
      optimizer: new keras.optimizers.Adam({ learningRate: 0.01 }),
      loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
      metrics: ["accuracy"],
    });
    await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    const path = join(dir, "m.safetensors");
    m.save(path);
    const m2 = keras.models.loadModel(path);
    assert.deepEqual(
      m2.layers.map((l) => (l as unknown as { name: string }).name),
      m.layers.map((l) => (l as unknown as { name: string }).name),
    );
    assert.equal(m2.name, m.name);
    assert.deepEqual(m2.predict(x, { verbose: 0 }).tolist(), m.predict(x, { verbose: 0 }).tolist());
    assert.deepEqual(m2.evaluate(x, y, { verbose: 0 }), m.evaluate(x, y, { verbose: 0 }));
    assert.equal(
      m2.summary(() => {}),
      m.summary(() => {}),
    );
    torch.manualSeed(7);
    const h1 = await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    torch.manualSeed(7);
    const h2 = await m2.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    assert.deepEqual(h2.history, h1.history);
    for (const [k, t] of Object.entries(m.stateDict())) assert.deepEqual(m2.stateDict()[k]!.tolist(), t.tolist(), k);
  });

  test("a model built by data (no inputShape), compiled by names, and an uncompiled one", async () => {
    const { x, y } = data();
    torch.manualSeed(3);
    const m = keras.Sequential([layers.Dense(5, { activation: "tanh" }), layers.Dense(2)]);
    m.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy" });
    await m.fit(x, y, { epochs: 1, verbose: 0 });
    m.save(join(dir, "names.safetensors"));
    const m2 = keras.models.loadModel(join(dir, "names.safetensors"));
    assert.deepEqual(m2.predict(x, { verbose: 0 }).tolist(), m.predict(x, { verbose: 0 }).tolist());
    const plain = keras.Sequential([layers.Dense(2, { inputShape: [4] })]);
    plain.save(join(dir, "plain.safetensors"));
    const p2 = keras.models.loadModel(join(dir, "plain.safetensors"));
    assert.equal(p2.optimizer, null);
    assert.deepEqual(p2.call(x).tolist(), plain.call(x).tolist());
  });

  test("what cannot be saved or loaded says why", () => {
    const fn = keras.Sequential([layers.Dense(2, { inputShape: [4], activation: (t: torch.Tensor) => t.relu() })]);
    assert.throws(
      () => fn.save(join(dir, "fn.safetensors")),
      (e: Error) =>
        e instanceof TypeError &&
        /^\[keras\.Sequential\.save\] layer 0 \(dense(_\d+)?\) argument\[1\]\.activation cannot be saved: got a function, expected JSON data \(use names such as activation: "relu"\)$/.test(
          e.message,
        ),
    );
    const path = join(dir, "sd.safetensors");
    torch.save({ a: 1 }, path);
    assert.throws(
      () => keras.models.loadModel(path),
      (e: Error) =>
        e instanceof RangeError &&
        e.message ===
          `[keras.models.loadModel] ${JSON.stringify(path)} is not a model saved by model.save: no "format": "antorcha.keras" entry`,
    );
    assert.throws(
      () => keras.models.loadModel(bad(5)),
      (e: Error) =>
        e instanceof TypeError && e.message === "[keras.models.loadModel] path must be a non-empty string: got 5",
    );
  });
});

function bad(v: unknown): never {
  return v as never;
}

describe("keras.datasets.mnist (parity with fashionMnist)", () => {
  /** Writes a tiny MNIST in IDX format (gzipped) with `n` images of value i and label i. */
  function writeMnist(root: string, prefix: string, n: number): void {
    const be = (v: number): number[] => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    const img = new Uint8Array([
      0,
      0,
      8,
      3,
      ...be(n),
      ...be(28),
      ...be(28),
      ...new Uint8Array(n * 784).map((_, i) => Math.floor(i / 784)),
    ]);
    const lbl = new Uint8Array([0, 0, 8, 1, ...be(n), ...Array.from({ length: n }, (_, i) => i % 10)]);
    writeFileSync(join(root, `${prefix}-images-idx3-ubyte.gz`), gzipSync(img));
    writeFileSync(join(root, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(lbl));
  }
  const root = join(dir, "mnist");
  mkdirSync(root);
  writeMnist(root, "train", 3);
  writeMnist(root, "t10k", 2);

  test("loadData from root and $ANTORCHA_DATA, loadDataAsync; uint8 images and labels", async () => {
    const [[x, y], [xt, yt]] = keras.datasets.mnist.loadData({ root });
    assert.deepEqual([x.shape, y.shape, xt.shape, yt.shape], [[3, 28, 28], [3], [2, 28, 28], [2]]);
    assert.deepEqual([x.dtype, y.dtype], ["uint8", "uint8"]);
    assert.deepEqual(y.tolist(), [0, 1, 2]);
    const saved = process.env.ANTORCHA_DATA;
    process.env.ANTORCHA_DATA = root;
    try {
      assert.deepEqual(keras.datasets.mnist.loadData()[1][1].tolist(), [0, 1]);
    } finally {
      if (saved === undefined) delete process.env.ANTORCHA_DATA;
      else process.env.ANTORCHA_DATA = saved;
    }
    const [[xa]] = await keras.datasets.mnist.loadDataAsync({ root });
    assert.deepEqual(xa.tolist(), x.tolist());
  });

  test("missing files: where to put them, how to download, no Debian package", () => {
    const empty = join(dir, "empty");
    mkdirSync(empty);
    assert.throws(
      () => keras.datasets.mnist.loadData({ root: empty }),
      (e: Error) =>
        e.name === "DatasetError" &&
        e.message.startsWith(
          `[keras.datasets.mnist.loadData] [MNIST] training files not found under root ${JSON.stringify(empty)}: expected train-images-idx3-ubyte.gz`,
        ) &&
        e.message.includes(empty) &&
        e.message.endsWith(
          "; or await keras.datasets.mnist.loadDataAsync({ download: true }) when online (Debian packages no MNIST: apt-cache search mnist lists only dataset-fashion-mnist)",
        ),
    );
  });
});
