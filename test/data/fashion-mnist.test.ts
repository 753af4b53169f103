/** Fashion-MNIST from Debian's dataset-fashion-mnist package (skips, saying why, when absent). */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";
import * as torch from "../../src/index.js";

const { datasets, transforms } = torch.data;
const DEBIAN = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
const skip = existsSync(DEBIAN)
  ? false
  : `Fashion-MNIST not installed: apt-get install dataset-fashion-mnist (looked for ${DEBIAN})`;

describe("FashionMNIST (Debian files)", { skip }, () => {
  test("training split: shapes, dtypes, first labels, class balance", () => {
    // a root the user gave is used or rejected, never replaced by the copy found elsewhere
    assert.throws(
      () => new datasets.FashionMNIST({ root: "/nonexistent-root" }),
      (e: unknown) =>
        e instanceof datasets.DatasetError &&
        e.code === "ROOT_NOT_FOUND" &&
        /^\[FashionMNIST\] root "\/nonexistent-root" does not exist/.test(e.message),
    );
    const ds = new datasets.FashionMNIST();
    assert.equal(ds.length, 60000);
    assert.deepEqual(ds.data.shape, [60000, 28, 28]);
    assert.equal(ds.data.dtype, "uint8");
    assert.equal(ds.targets.dtype, "int64");
    assert.deepEqual(ds.targets.narrow(0, 0, 10).tolist(), [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    assert.equal(ds.data.select(0, 0).sum().item(), 76247);
    const counts = Array(10).fill(0);
    for (const v of ds.targets.dataFloat()) counts[v]++;
    assert.deepEqual(counts, Array(10).fill(6000));
    assert.equal(ds.classes[9], "Ankle boot");
    assert.deepEqual(ds.classes, [
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot",
    ]);
    assert.equal(ds.classToIdx["Sneaker"], 7);
  });
  test("test split through a DataLoader with ToTensor", () => {
    const ds = new datasets.FashionMNIST({ train: false, transform: new transforms.ToTensor() });
    assert.equal(ds.length, 10000);
    assert.deepEqual(ds.targets.narrow(0, 0, 10).tolist(), [9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    const [x, y] = new torch.data.DataLoader(ds, { batchSize: 64 })[Symbol.iterator]().next().value as torch.Tensor[];
    assert.deepEqual(x!.shape, [64, 1, 28, 28]);
    assert.equal(x!.dtype, "float32");
    assert.equal(y!.dtype, "int64");
    assert.ok(Math.abs((x!.select(0, 0).sum().item() as number) - 33456 / 255) < 1e-2);
  });
});
