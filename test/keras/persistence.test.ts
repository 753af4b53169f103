/**
 * ModelCheckpoint (file names from Keras' format strings, saveBestOnly, weights loadable with
 * torch.load) and BackupAndRestore (an interrupted fit resumes to the same weights as an
 * uninterrupted one).
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as torch from "../../src/index.js";

const { keras } = torch;
const { layers, callbacks } = keras;

function setup() {
  torch.manualSeed(0);
  const x = torch.randn(40, 3);
  const y = x.sum(1).gt(0).to("uint8");
  const m = keras.Sequential([layers.Dense(8, { activation: "relu", inputShape: [3] }), layers.Dense(2)]);
  m.compile({
    optimizer: "adam",
    loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });
  return { x, y, m };
}

test("formatPath follows Python's format specs", () => {
  assert.equal(
    callbacks.formatPath("w.{epoch:02d}-{val_loss:.2f}.pt", { epoch: 3, val_loss: 0.41234 }),
    "w.03-0.41.pt",
  );
  assert.equal(callbacks.formatPath("{epoch}/{loss:.1e}", { epoch: 12, loss: 0.000123 }), "12/1.2e-4");
  assert.throws(() => callbacks.formatPath("{acc}", { loss: 1 }), /filepath uses \{acc\}/);
});

test("ModelCheckpoint writes weights torch.load can read; saveBestOnly keeps improvements only", async () => {
  const dir = mkdtempSync(join(tmpdir(), "keras-ckpt-"));
  const { x, y, m } = setup();
  const every = new callbacks.ModelCheckpoint(join(dir, "w.{epoch:02d}.pt"), {
    saveWeightsOnly: true,
    monitor: "loss",
  });
  const fake = new callbacks.LambdaCallback({ onEpochEnd: (e, logs) => void (logs.val_loss = [1, 0.5, 0.7, 0.4][e]!) });
  const best = new callbacks.ModelCheckpoint(join(dir, "best-{epoch}.pt"), { saveBestOnly: true });
  await m.fit(x, y, { epochs: 4, verbose: 0, callbacks: [fake, every, best] });
  assert.deepEqual(
    readdirSync(dir)
      .filter((f) => f.startsWith("w."))
      .sort(),
    ["w.01.pt", "w.02.pt", "w.03.pt", "w.04.pt"],
  );
  assert.deepEqual(
    best.saved.map((p) => p.slice(dir.length + 1)),
    ["best-1.pt", "best-2.pt", "best-4.pt"],
  );
  const sd = torch.load(join(dir, "w.04.pt")) as Record<string, torch.Tensor>;
  assert.deepEqual(Object.keys(sd), Object.keys(m.stateDict()));
  for (const [k, t] of Object.entries(m.stateDict())) assert.deepEqual(sd[k]!.tolist(), t.tolist());
  const ck = torch.io.loadCheckpoint(join(dir, "best-4.pt"), {}, { restoreRng: false })!;
  assert.equal(ck.epoch, 3);
  assert.ok(ck.optimizerStateDict !== undefined);
});

test("BackupAndRestore: an interrupted fit resumes to the uninterrupted result", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "keras-bak-")), "backup");
  const a = setup();
  await a.m.fit(a.x, a.y, { epochs: 4, batchSize: 8, verbose: 0 });
  const want = a.m.getWeights().map((t) => t.tolist());

  const b = setup();
  const crash = new callbacks.LambdaCallback({
    onEpochEnd: (e) => {
      if (e === 1) throw new Error("simulated crash");
    },
  });
  const backup = new callbacks.BackupAndRestore(dir);
  await assert.rejects(
    b.m.fit(b.x, b.y, { epochs: 4, batchSize: 8, verbose: 0, callbacks: [backup, crash] }),
    /simulated crash/,
  );
  assert.ok(existsSync(join(dir, "chkpt.pt")));
  torch.manualSeed(123); // the backup restores the random state too
  const h = await b.m.fit(b.x, b.y, { epochs: 4, batchSize: 8, verbose: 0, callbacks: [backup] });
  assert.deepEqual(h.epoch, [2, 3]);
  assert.deepEqual(
    b.m.getWeights().map((t) => t.tolist()),
    want,
  );
  assert.ok(!existsSync(dir), "backup deleted after a completed fit");
});
