/**
 * The Keras Fashion-MNIST tutorial example on small settings (1200 training and 1000 test images, 2 epochs):
 * the tutorial's printed lines, learning (loss falls, test accuracy well above chance), the
 * probability model, and the six figures as valid PNGs. Skips when Fashion-MNIST is absent.
 * The full run (10 epochs, 0.88 test accuracy) is test/keras/fashion-mnist.test.ts.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { PNG } from "pngjs";
import { main, progressStream } from "../../examples/fashion-mnist-keras.js";

const DEBIAN = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
const skip =
  !existsSync(DEBIAN) && !process.env.ANTORCHA_DATA
    ? "Fashion-MNIST not installed: sudo apt-get install dataset-fashion-mnist (or set ANTORCHA_DATA)"
    : false;

test("fashion-mnist-keras: the tutorial end to end on 1200 images, 2 epochs", { skip }, async () => {
  const outDir = mkdtempSync(join(tmpdir(), "antorcha-fmk-"));
  const lines: string[] = [];
  const r = await main({ epochs: 2, trainSize: 1200, testSize: 1000, outDir, log: (l) => lines.push(l) });

  // Explore the data: the tutorial's shapes
  assert.deepEqual(lines.slice(0, 5), [
    "trainImages.shape: (1200, 28, 28)",
    "len(trainLabels): 1200",
    "trainLabels: tensor([9, 0, 0,  ..., 2, 1, 1], dtype=torch.uint8)",
    "testImages.shape: (1000, 28, 28)",
    "len(testLabels): 1000",
  ]);
  // Keras' progress output: epoch headers, one bar line per epoch, evaluate's verbose-2 line
  assert.equal(lines.filter((l) => /^Epoch \d\/2$/.test(l)).length, 2);
  const bars = lines.filter((l) =>
    /^38\/38 \[={30}\] - \d+s \d+(us|ms|s)\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/.test(l),
  );
  assert.equal(bars.length, 2, lines.join("\n"));
  assert.ok(lines.some((l) => /^32\/32 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/.test(l)));
  assert.ok(lines.includes(`\nTest accuracy: ${r.testAcc}`));

  // Learning: loss falls; far above chance (0.1) on 1000 test images
  assert.ok(r.loss[1]! < r.loss[0]!, `loss ${r.loss}`);
  assert.ok(r.testAcc > 0.65 && r.testAcc < 1, `test accuracy ${r.testAcc}`);
  assert.ok(r.testLoss > 0 && r.testLoss < 1.2, `test loss ${r.testLoss}`);

  // Predictions: test_labels[0] is an ankle boot; the probability model's rows sum to 1
  assert.equal(r.firstLabel, 9);
  assert.ok(Number.isInteger(r.firstPrediction) && r.firstPrediction >= 0 && r.firstPrediction < 10);
  assert.ok(lines.includes("img.shape: (28, 28)") && lines.includes("img.shape: (1, 28, 28)"));
  assert.equal(r.singlePrediction.length, 10);
  assert.ok(Math.abs(r.singlePrediction.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.equal(r.singleClass, r.singlePrediction.indexOf(Math.max(...r.singlePrediction)));

  // Figures: the six tutorial plots, written where the log says, as PNGs of plausible size
  const names = ["first-image", "first-25", "prediction-0", "prediction-12", "predictions-grid", "prediction-single"];
  assert.deepEqual(Object.keys(r.figures), names);
  for (const name of names) {
    const path = r.figures[name]!;
    assert.equal(path, join(outDir, `${name}.png`));
    assert.ok(lines.includes(`Saved ${path}`), `Saved ${path} in the log`);
    const png = PNG.sync.read(readFileSync(path));
    assert.ok(png.width > 200 && png.height > 200, `${name}: ${png.width}x${png.height}`);
  }
  // The 5x3 grid of image + bars is wider than tall, the 5x5 grid about square
  const grid = PNG.sync.read(readFileSync(r.figures["predictions-grid"]!));
  assert.ok(grid.width > 1.3 * grid.height, `${grid.width}x${grid.height}`);
});

test("fashion-mnist-keras: progress to a log function arrives as whole lines", () => {
  const lines: string[] = [];
  const s = progressStream((l) => lines.push(l));
  s.write("Epoch 1/1\n");
  s.write("32/32 [====");
  s.write("] - 0s\nrest");
  assert.deepEqual(lines, ["Epoch 1/1", "32/32 [====] - 0s"]);
  assert.equal(progressStream(console.log), process.stdout);
});
