/**
 * Keras progress output against golden strings (time fields come from an injected clock):
 * TTY redraws with `\r`, non-TTY one line per run, verbose 2, and fit/evaluate end to end.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";
import { Progbar, formatMetricValue, formatTimePerUnit } from "../../src/keras/progress.js";

const { keras } = torch;

function fake(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => void out.push(s) } };
}
function clockAt(times: number[]) {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)]!;
}

test("metric values and step times use Python's formats", () => {
  assert.equal(formatMetricValue(0.63314), "0.6331");
  assert.equal(formatMetricValue(0.00012345), "1.2345e-04");
  assert.equal(formatMetricValue(-3e-12), "-3.0000e-12");
  assert.equal(formatMetricValue(NaN), "nan");
  assert.equal(formatTimePerUnit(0.000928, "step"), " 928us/step");
  assert.equal(formatTimePerUnit(0.0132, "step"), " 13ms/step");
  assert.equal(formatTimePerUnit(2.2, "step"), " 2s/step");
});

test("the bar grows like Keras' Progbar", () => {
  const bar = new Progbar(1875, { verbose: 0 });
  assert.equal(bar.bar(1), "   1/1875 [..............................]");
  assert.equal(bar.bar(938), " 938/1875 [==============>...............]");
  assert.equal(bar.bar(1875), "1875/1875 [==============================]");
});

test("TTY: redrawn in place with \\r, ETA while running, time per step at the end", () => {
  const { out, stream } = fake(true);
  const bar = new Progbar(3, { stream, clock: clockAt([0, 1, 2, 3.3]) });
  bar.update(1, [["loss", 0.5]], false);
  bar.update(
    2,
    [
      ["loss", 0.25],
      ["accuracy", 0.75],
    ],
    false,
  );
  bar.update(
    3,
    [
      ["loss", 0.2],
      ["accuracy", 0.8],
    ],
    true,
  );
  assert.deepEqual(out, [
    "\r1/3 [=========>....................] - ETA: 2s - loss: 0.5000",
    "\r2/3 [===================>..........] - ETA: 1s - loss: 0.2500 - accuracy: 0.7500",
    "\r3/3 [==============================] - 3s 1s/step - loss: 0.2000 - accuracy: 0.8000\n",
  ]);
});

test("TTY: a shorter line is padded to erase the previous one", () => {
  const { out, stream } = fake(true);
  const bar = new Progbar(2, { stream, clock: clockAt([0, 1, 2]) });
  bar.update(
    1,
    [
      ["loss", 0.5],
      ["accuracy", 0.5],
    ],
    false,
  );
  bar.update(2, [["loss", 0.4]], true);
  assert.equal(out[1], "\r2/2 [==============================] - 2s 1s/step - loss: 0.4000" + " ".repeat(16) + "\n");
});

test("not a TTY: only the final line", () => {
  const { out, stream } = fake(false);
  const bar = new Progbar(1875, { stream, clock: clockAt([0, 0.5, 1, 1.74]) });
  bar.update(1, [["loss", 1]], false);
  bar.update(1000, [["loss", 0.7]], false);
  bar.update(
    1875,
    [
      ["loss", 0.63314],
      ["accuracy", 0.77691],
    ],
    true,
  );
  assert.deepEqual(out, [
    "1875/1875 [==============================] - 2s 928us/step - loss: 0.6331 - accuracy: 0.7769\n",
  ]);
});

test("verbose 2: count, seconds and metrics on one line", () => {
  const { out, stream } = fake(true);
  const bar = new Progbar(313, { stream, verbose: 2, clock: clockAt([0, 0.1, 0.2]) });
  bar.update(1, [["loss", 0.5]], false);
  bar.update(
    313,
    [
      ["loss", 0.34211],
      ["accuracy", 0.8794],
    ],
    true,
  );
  assert.deepEqual(out, ["313/313 - 0s - loss: 0.3421 - accuracy: 0.8794\n"]);
});

test("fit and evaluate print Keras' lines (non-TTY and verbose 2)", async () => {
  torch.manualSeed(0);
  const x = torch.randn(64, 4);
  const y = x.sum(1).gt(0).to("uint8");
  const model = keras.Sequential([
    keras.layers.Dense(8, { activation: "relu", inputShape: [4] }),
    keras.layers.Dense(2),
  ]);
  model.compile({
    optimizer: "adam",
    loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });
  const { out, stream } = fake(false);
  const clock = () => 0;
  const h = await model.fit(x, y, { epochs: 2, batchSize: 16, progress: { stream, clock } });
  assert.equal(out.length, 4);
  assert.equal(out[0], "Epoch 1/2\n");
  const fmt = (l: number, a: number) =>
    `4/4 [==============================] - 0s 0s/step - loss: ${formatMetricValue(l)} - accuracy: ${formatMetricValue(a)}\n`;
  assert.equal(out[1], fmt(h.history.loss![0]!, h.history.accuracy![0]!));
  assert.equal(out[2], "Epoch 2/2\n");
  assert.equal(out[3], fmt(h.history.loss![1]!, h.history.accuracy![1]!));
  const e = fake(false);
  const [loss, acc] = model.evaluate(x, y, { verbose: 2, progress: { stream: e.stream, clock } });
  assert.deepEqual(e.out, [`2/2 - 0s - loss: ${formatMetricValue(loss!)} - accuracy: ${formatMetricValue(acc!)}\n`]);
  const v = fake(false);
  await model.fit(x, y, { epochs: 1, verbose: 2, validationSplit: 0.25, progress: { stream: v.stream, clock } });
  assert.equal(v.out.length, 2);
  assert.match(
    v.out[1]!,
    /^2\/2 - 0s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}\n$/,
  );
  const s = fake(false);
  await model.fit(x, y, { epochs: 1, verbose: 0, progress: { stream: s.stream } });
  assert.deepEqual(s.out, []);
});
