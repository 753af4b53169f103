/**
 * examples/fashion-mnist-cnn.ts on small settings (1000 training / 500 test images, 2 epochs):
 * the losses and test accuracy of PyTorch 1.13 doing the same steps
 * (scripts/fixtures/examples_fashion_mnist_cnn.py), the printed lines, the checkpoint resuming
 * into a fresh model, and the loss figure.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as torch from "../../src/index.js";
import { Net, classes, main, makeLoaders, predictAll, type Result } from "../../examples/fashion-mnist-cnn.js";

interface Expected {
  trainSize: number;
  testSize: number;
  epochs: number;
  parameters: number;
  losses: number[];
  valLosses: number[];
  testAccuracy: number;
}
const expected = JSON.parse(
  readFileSync(new URL("../fixtures/examples/fashion-mnist-cnn.json", import.meta.url), "utf8"),
) as Expected;

const outDir = mkdtempSync(join(tmpdir(), "antorcha-fashion-mnist-cnn-"));
after(() => rmSync(outDir, { recursive: true, force: true }));
const small = { trainSize: expected.trainSize, testSize: expected.testSize, batchSize: 64 };

describe("examples/fashion-mnist-cnn", () => {
  const lines: string[] = [];
  let r: Result;
  before(async () => {
    r = await main({ ...small, epochs: expected.epochs, outDir, progress: false, log: (l) => lines.push(l) });
  });

  test("trains as PyTorch does: same epoch losses, test accuracy, and the losses decrease", () => {
    assert.equal(r.losses.length, expected.epochs);
    assert.equal(r.valLosses.length, expected.epochs);
    // float32 sums in a different order: PyTorch's figures agree to ~1e-6 here
    for (let e = 0; e < expected.epochs; e++) {
      assert.ok(
        Math.abs(r.losses[e]! - expected.losses[e]!) < 2e-3,
        `loss ${e}: ${r.losses[e]} vs ${expected.losses[e]}`,
      );
      assert.ok(
        Math.abs(r.valLosses[e]! - expected.valLosses[e]!) < 2e-3,
        `val loss ${e}: ${r.valLosses[e]} vs ${expected.valLosses[e]}`,
      );
    }
    assert.ok(r.losses[1]! < 0.75 * r.losses[0]! && r.valLosses[1]! < r.valLosses[0]!, `${r.losses} ${r.valLosses}`);
    assert.ok(Math.abs(r.testAccuracy - expected.testAccuracy) <= 0.01, `accuracy ${r.testAccuracy}`);
    assert.ok(r.testAccuracy >= 0.65, `accuracy ${r.testAccuracy}`); // 0.696 measured (10 classes: chance 0.1)
  });

  test("confusion matrix and per-class accuracy are consistent with the test accuracy", () => {
    const cm = r.confusionMatrix;
    assert.equal(cm.length, 10);
    const total = cm.flat().reduce((a, b) => a + b, 0);
    const correct = cm.reduce((a, row, i) => a + row[i]!, 0);
    assert.equal(total, expected.testSize);
    assert.equal(correct / total, r.testAccuracy);
    assert.equal(r.perClassAccuracy.length, 10);
    for (const [i, acc] of r.perClassAccuracy.entries())
      assert.equal(acc, cm[i]![i]! / cm[i]!.reduce((a, b) => a + b, 0));
  });

  test("prints the quickstart's lines, the epochs and the per-class accuracies", () => {
    assert.ok(lines.includes("Shape of X [N, C, H, W]: [64, 1, 28, 28]"), lines.slice(0, 3).join("\n"));
    assert.ok(lines.includes("Shape of y: [64] int64"));
    assert.ok(lines.some((l) => /^epoch: 1 {2}loss: \d\.\d{4} {2}val_loss: \d\.\d{4}$/.test(l)));
    assert.ok(lines.some((l) => /^epoch: 2 {2}loss: /.test(l)));
    const acc = lines.find((l) => l.startsWith("Test Error"));
    assert.ok(acc?.includes(` Accuracy: ${(100 * r.testAccuracy).toFixed(1)}%, Avg loss: `), acc);
    for (const c of classes)
      assert.ok(
        lines.some((l) => l.startsWith(`Accuracy for class: ${c} `)),
        c,
      );
    assert.ok(
      lines.some((l) => l.includes("macro avg")),
      "classification report",
    );
    assert.ok(lines.includes(`checkpoint saved to ${r.checkpointPath}`));
    assert.ok(lines.includes(`loss plot saved to ${r.figurePath}`));
  });

  test("the Net has the PyTorch model's parameter count", () => {
    const model = new Net();
    assert.equal(
      model.parameters().reduce((n, p) => n + p.numel(), 0),
      expected.parameters,
    );
  });

  test("the checkpoint resumes: a fresh model and Trainer give the same test accuracy", async () => {
    const { trainLoader, testLoader } = makeLoaders(small);
    const model = new Net();
    const optimizer = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
    const sbs = new torch.Trainer(model, new torch.nn.CrossEntropyLoss(), optimizer);
    sbs.setLoaders(trainLoader, testLoader);
    sbs.loadCheckpoint(r.checkpointPath);
    assert.equal(sbs.totalEpochs, expected.epochs);
    assert.deepEqual(sbs.losses, r.losses);
    assert.deepEqual(sbs.valLosses, r.valLosses);
    // a fresh Net scores about 0.1: only the restored weights give the same predictions
    const { yTrue, yPred } = await predictAll(sbs, testLoader);
    assert.equal(torch.metrics.accuracy(yTrue, yPred), r.testAccuracy);
  });

  test("the loss figure is a PNG", () => {
    const png = readFileSync(r.figurePath);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.subarray(12, 16).toString("latin1"), "IHDR");
    assert.ok(png.readUInt32BE(16) > 100 && png.readUInt32BE(20) > 100, "width and height");
  });
});
