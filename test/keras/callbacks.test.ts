/**
 * Keras callbacks: EarlyStopping (patience, minDelta, mode, restoreBestWeights),
 * ReduceLROnPlateau, LearningRateScheduler, TerminateOnNaN, CSVLogger, LambdaCallback,
 * TensorBoard (event files written), History.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as torch from "../../src/index.js";

const { keras } = torch;
const { layers, callbacks } = keras;
type Logs = Record<string, number>;

function compiled(lr = 0.01) {
  torch.manualSeed(0);
  const m = keras.Sequential([layers.Dense(1, { inputShape: [2] })]);
  m.compile({ optimizer: new keras.optimizers.SGD({ learningRate: lr }), loss: "mse" });
  return m;
}
const x = torch.tensor(
  [
    [0, 1],
    [1, 0],
    [1, 1],
    [2, 1],
  ],
  { dtype: "float32" },
);
const y = torch.tensor([[1], [2], [3], [5]], { dtype: "float32" });

/** Feeds a fixed sequence of epoch logs through a callback attached to `model`. */
function feed(cb: InstanceType<typeof callbacks.Callback>, model: ReturnType<typeof compiled>, seq: Logs[]): number {
  cb.setModel(model);
  model.stopTraining = false;
  cb.onTrainBegin({});
  let e = 0;
  for (; e < seq.length; e++) {
    cb.onEpochBegin(e, {});
    cb.onEpochEnd(e, { ...seq[e]! });
    if (model.stopTraining) break;
  }
  cb.onTrainEnd({});
  return e;
}

test("EarlyStopping: patience, minDelta, mode and restoreBestWeights", async () => {
  const m = compiled();
  const losses = [1, 0.8, 0.81, 0.79, 0.9, 0.95].map((v) => ({ val_loss: v }));
  assert.equal(feed(new callbacks.EarlyStopping({ patience: 2 }), m, losses), 5); // best 0.79 at 3, stop at 5
  assert.equal(feed(new callbacks.EarlyStopping({ patience: 1, minDelta: 0.05 }), m, losses), 2);
  const acc = [0.5, 0.6, 0.6, 0.6].map((v) => ({ val_accuracy: v }));
  assert.equal(feed(new callbacks.EarlyStopping({ monitor: "val_accuracy", patience: 1 }), m, acc), 2); // auto → max
  // restoreBestWeights inside fit: weights return to the best epoch's
  const m2 = compiled(0.05);
  const seen: number[][] = [];
  const spy = new callbacks.LambdaCallback({
    onEpochEnd: () => void seen.push(m2.getWeights()[0]!.reshape(-1).tolist() as number[]),
  });
  const bad = new callbacks.LambdaCallback({ onEpochEnd: (e, logs) => void (logs.val_loss = [3, 1, 2, 4, 5][e]!) });
  const es = new callbacks.EarlyStopping({ patience: 2, restoreBestWeights: true });
  const h = await m2.fit(x, y, { epochs: 5, verbose: 0, validationData: [x, y], callbacks: [bad, spy, es] });
  assert.equal(h.epoch.length, 4);
  assert.equal(es.stoppedEpoch, 3);
  assert.deepEqual(m2.getWeights()[0]!.reshape(-1).tolist(), seen[1]);
});

test("ReduceLROnPlateau and LearningRateScheduler change the optimizer's rate", async () => {
  const m = compiled(0.1);
  const r = new callbacks.ReduceLROnPlateau({ factor: 0.5, patience: 1, minLr: 0.02, cooldown: 1 });
  // Keras: reduce at epochs 1, 2 (cooldown resets the wait), 3 (clipped to minLr), then never
  feed(
    r,
    m,
    [1, 1, 1].map((v) => ({ val_loss: v })),
  );
  assert.ok(Math.abs(m.optimizer!.learningRate - 0.025) < 1e-12, String(m.optimizer!.learningRate));
  assert.equal((m.optimizer!.torch!.paramGroups[0]!.lr as number).toFixed(3), "0.025");
  m.optimizer!.learningRate = 0.1;
  feed(
    r,
    m,
    [1, 1, 1, 1, 1, 1, 1].map((v) => ({ val_loss: v })),
  );
  assert.equal(m.optimizer!.learningRate, 0.02);
  const m2 = compiled(0.1);
  const lrs: number[] = [];
  const s = new callbacks.LearningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr * 0.5));
  const spy = new callbacks.LambdaCallback({ onEpochEnd: (_e, logs) => void lrs.push(logs.lr!) });
  const h = await m2.fit(x, y, { epochs: 4, verbose: 0, callbacks: [s, spy] });
  assert.deepEqual(lrs, [0.1, 0.1, 0.05, 0.025]);
  assert.deepEqual(h.history.lr, [0.1, 0.1, 0.05, 0.025]);
  assert.throws(() => new callbacks.ReduceLROnPlateau({ factor: 1 }), /factor must be < 1/);
});

test("TerminateOnNaN stops at the first non-finite batch loss", async () => {
  const m = compiled(1e6); // diverges
  const batches: number[] = [];
  const log = console.log;
  console.log = () => {};
  try {
    const spy = new callbacks.LambdaCallback({ onTrainBatchEnd: (b) => void batches.push(b) });
    const big = torch.randn(64, 2).mul(1e3);
    await m.fit(big, big.sum(1, true), {
      epochs: 50,
      batchSize: 4,
      verbose: 0,
      callbacks: [spy, new callbacks.TerminateOnNaN()],
    });
  } finally {
    console.log = log;
  }
  assert.ok(m.stopTraining);
  assert.ok(batches.length < 50 * 16);
});

test("CSVLogger writes Keras' CSV; TensorBoard writes train/validation event files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "keras-cb-"));
  const m = compiled();
  m.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae"] });
  const csv = join(dir, "log.csv");
  await m.fit(x, y, {
    epochs: 3,
    verbose: 0,
    validationData: [x, y],
    callbacks: [new callbacks.CSVLogger(csv), new callbacks.TensorBoard({ logDir: join(dir, "tb") })],
  });
  const lines = readFileSync(csv, "utf8").trim().split("\n");
  assert.equal(lines[0], "epoch,loss,mae,val_loss,val_mae");
  assert.equal(lines.length, 4);
  assert.match(lines[3]!, /^2,[\d.e-]+,[\d.e-]+,[\d.e-]+,[\d.e-]+$/);
  assert.equal(readdirSync(join(dir, "tb", "train")).filter((f) => f.startsWith("events.out.tfevents")).length, 1);
  assert.equal(readdirSync(join(dir, "tb", "validation")).filter((f) => f.startsWith("events.out.tfevents")).length, 1);
  const ev = readFileSync(join(dir, "tb", "train", readdirSync(join(dir, "tb", "train"))[0]!));
  assert.ok(ev.includes(Buffer.from("epoch_loss")) && ev.includes(Buffer.from("epoch_mae")));
});

test("LambdaCallback hooks run in order with logs; async hooks are awaited", async () => {
  const m = compiled();
  const events: string[] = [];
  const cb = new callbacks.LambdaCallback({
    onTrainBegin: () => void events.push("train"),
    onEpochBegin: (e) => void events.push(`epoch${e}`),
    onTrainBatchEnd: (b, logs) => void events.push(`batch${b}:${typeof logs.loss}`),
    onEpochEnd: async (e) => {
      await new Promise((r) => setTimeout(r, 5));
      events.push(`end${e}`);
    },
    onTrainEnd: () => void events.push("done"),
  });
  await m.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, callbacks: [cb] });
  assert.deepEqual(events, [
    "train",
    "epoch0",
    "batch0:number",
    "batch1:number",
    "end0",
    "epoch1",
    "batch0:number",
    "batch1:number",
    "end1",
    "done",
  ]);
});
