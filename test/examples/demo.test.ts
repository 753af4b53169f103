/**
 * `npm run demo` on tiny settings (1 epoch on 1200 images, 200 test images): Keras' progress
 * lines, a `Test accuracy:` line, the prediction figure as a PNG and TensorBoard event files
 * with per-epoch scalars; without the data (a loader that fails as keras.datasets does) it prints
 * how to get Fashion-MNIST and runs the polynomial fit instead, without throwing.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { PNG } from "pngjs";
import * as torch from "../../src/index.js";
import { main } from "../../examples/demo.js";
import { fitAutograd } from "../../examples/polynomial-fit.js";
import { fields, f32, get, readRecords, str } from "../log/reader.js";

const DEBIAN = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
const skip =
  !existsSync(DEBIAN) && !process.env.ANTORCHA_DATA
    ? "Fashion-MNIST not installed: sudo apt-get install dataset-fashion-mnist (or set ANTORCHA_DATA)"
    : false;

/** [tag, step, value] of every scalar in the one event file under `dir`. */
function scalars(dir: string): [string, number, number][] {
  const files = readdirSync(dir).filter((f) => f.startsWith("events.out.tfevents."));
  assert.equal(files.length, 1, `one event file in ${dir}: ${files}`);
  const out: [string, number, number][] = [];
  for (const rec of readRecords(join(dir, files[0]!)).map(fields)) {
    const summary = get(rec, 5);
    if (summary === undefined) continue;
    const value = fields(get(fields(summary.bytes!), 1)!.bytes!);
    out.push([str(get(value, 1)!.bytes!), Number(get(rec, 2)?.varint ?? 0n), f32(get(value, 2)!.bytes!)]);
  }
  return out;
}

test("demo: trains, reports test accuracy, writes the prediction figure and TensorBoard logs", { skip }, async () => {
  const outDir = mkdtempSync(join(tmpdir(), "antorcha-demo-"));
  const lines: string[] = [];
  const r = await main({ epochs: 2, trainSize: 1200, testSize: 200, outDir, log: (l) => lines.push(l) });
  assert.equal(r.mode, "fashion-mnist");
  if (r.mode !== "fashion-mnist") return;

  assert.match(lines[0]!, /^antorcha demo: the Keras Fashion-MNIST tutorial \(backend: (native|reference)\)$/);
  assert.ok(lines.includes("1200 training and 200 test images of 28x28 pixels, 10 classes"));
  assert.ok(lines.includes("Total params: 101,770"));
  assert.deepEqual(
    lines.filter((l) => l.startsWith("Epoch ")),
    ["Epoch 1/2", "Epoch 2/2"],
  );
  const bar =
    /^38\/38 \[={30}\] - \d+s \d+(us|ms|s)\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/;
  assert.equal(lines.filter((l) => bar.test(l)).length, 2, lines.join("\n"));
  assert.ok(lines.includes(`\nTest accuracy: ${r.testAcc}`));
  assert.ok(r.testAcc > 0.6, `test accuracy ${r.testAcc}`);
  assert.ok(r.loss[1]! < r.loss[0]!, `loss ${r.loss}`);

  // The 5x3 grid of images and bars
  assert.equal(r.figure, join(outDir, "predictions.png"));
  assert.ok(lines.includes(`Predictions for the first 15 test images: ${r.figure}`));
  const png = PNG.sync.read(readFileSync(r.figure));
  assert.ok(png.width > 1000 && png.width > 1.3 * png.height, `${png.width}x${png.height}`);

  // TensorBoard: Keras' run layout and tags, one point per epoch, the values fit reported
  assert.match(r.logDir, /runs[/\\]\d{8}-\d{6}$/);
  assert.ok(lines.includes(`TensorBoard logs: ${r.logDir}`));
  assert.ok(
    lines.includes(`  view them with: tensorboard --logdir ${join(outDir, "runs")}   (pip install tensorboard)`),
  );
  const train = scalars(join(r.logDir, "train"));
  assert.deepEqual(
    train.filter(([t]) => t === "epoch_loss").map(([, s, v]) => [s, v]),
    r.loss.map((l, i) => [i, Math.fround(l)]),
  );
  assert.deepEqual(
    train.filter(([t]) => t === "epoch_accuracy").map(([, s]) => s),
    [0, 1],
  );
  const val = scalars(join(r.logDir, "validation"));
  assert.deepEqual(val.filter(([t]) => t === "epoch_accuracy").at(-1)![2], Math.fround(r.testAcc));
});

test("demo: without the data it says how to get it and fits the polynomial instead", async () => {
  const lines: string[] = [];
  const missing = new torch.data.DatasetError(
    "DATASET_NOT_FOUND",
    "[keras.datasets.fashionMnist.loadData] [FashionMNIST] training files not found: install Debian's package",
  );
  const r = await main({
    log: (l) => lines.push(l),
    polyIterations: 300,
    loadData: () => {
      throw missing;
    },
  });
  assert.equal(r.mode, "polynomial-fit");
  if (r.mode !== "polynomial-fit") return;
  const text = lines.join("\n");
  assert.ok(text.includes(missing.message), text);
  assert.match(text, /sudo apt-get install dataset-fashion-mnist/);
  assert.match(text, /http:\/\/fashion-mnist\.s3-website\.eu-central-1\.amazonaws\.com\//);
  assert.match(text, /ANTORCHA_DATA=\/path\/to\/folder npm run demo/);
  assert.match(text, /FashionMNIST\.load\(\{ download: true \}\)/);
  // The fitted polynomial, as the tutorial prints it
  assert.match(
    lines.at(-1)!,
    /^Result: y = -?\d\.\d+(e-\d+)? \+ -?\d\.\d+(e-\d+)? x \+ .* x\^2 \+ .* x\^3 {3}\(loss \d+\.\d{3}\)$/,
  );
  // fitAutograd's progress lines pass through indented; the loss falls below the starting one
  assert.ok(
    lines.some((l) => /^ {2}\S.*\d/.test(l)),
    text,
  );
  const start = fitAutograd(1, () => {}).loss;
  assert.ok(Number.isFinite(r.loss) && r.loss < start / 2, `loss ${r.loss}, at the start ${start}`);
});

test("demo: other loader errors are not mistaken for missing data", async () => {
  await assert.rejects(
    main({
      log: () => {},
      loadData: () => {
        throw new TypeError("boom");
      },
    }),
    /boom/,
  );
});
