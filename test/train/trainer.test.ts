/** Trainer (the book's StepByStep): regression, train/eval switching, noGrad validation, checkpoints, progress. */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import * as torch from "../../src/index.js";
import { Trainer } from "../../src/train/index.js";
import type { DataLoader } from "../../src/data/index.js";

const { nn, optim, data } = torch;
type Tensor = torch.Tensor;
const dir = mkdtempSync(join(tmpdir(), "antorcha-trainer-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The book's data: 100 points, y = 1 + 2x + noise, 80/20 split. */
function bookLoaders(genSeed?: number): { train: DataLoader; val: DataLoader } {
  const { x, y } = data.datasets.makeRegression({ n: 100 });
  const idx = torch.randperm(100, { generator: new torch.Generator(13) });
  const tr = idx.narrow(0, 0, 80);
  const va = idx.narrow(0, 80, 20);
  const trainSet = new data.TensorDataset(x.indexSelect(0, tr), y.indexSelect(0, tr));
  const valSet = new data.TensorDataset(x.indexSelect(0, va), y.indexSelect(0, va));
  const generator = genSeed === undefined ? undefined : new torch.Generator(genSeed);
  return {
    train: new data.DataLoader(trainSet, { batchSize: 16, shuffle: true, generator }) as DataLoader,
    val: new data.DataLoader(valSet, { batchSize: 16 }) as DataLoader,
  };
}

class Probe extends nn.Module {
  fc = new nn.Linear(1, 1);
  drop = new nn.Dropout(0.5);
  log: { training: boolean; grad: boolean }[] = [];
  override forward(x: Tensor): Tensor {
    this.log.push({ training: this.training, grad: torch.isGradEnabled() });
    return this.fc.call(this.drop.call(x));
  }
}

describe("Trainer", () => {
  test("the book's linear regression: b ≈ 1, w ≈ 2, losses decrease", async () => {
    torch.manualSeed(42);
    const { train, val } = bookLoaders();
    const model = new nn.Linear(1, 1);
    const t = new Trainer(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.1 }));
    t.setLoaders(train, val);
    await t.train(200, { progress: false });
    assert.equal(t.losses.length, 200);
    assert.equal(t.valLosses.length, 200);
    assert.equal(t.totalEpochs, 200);
    const b = model.bias!.item() as number;
    const w = model.weight.item() as number;
    assert.ok(Math.abs(b - 1) < 0.1 && Math.abs(w - 2) < 0.15, `b=${b} w=${w}`);
    assert.ok(t.losses[0]! > 10 * t.losses[199]!, `losses ${t.losses[0]} -> ${t.losses[199]}`);
    assert.ok(t.losses[199]! < 0.02 && t.valLosses[199]! < 0.02);
    const pred = t.predict(torch.tensor([[0.5]]));
    assert.ok(Math.abs((pred.item() as number) - (b + 0.5 * w)) < 1e-6);
    assert.equal(pred.requiresGrad, false);
    assert.equal(t.countParameters(), 2);
  });

  test("train mode for training steps, eval mode + noGrad for validation and predict", async () => {
    const { train, val } = bookLoaders();
    const model = new Probe();
    const t = new Trainer(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.01 }));
    t.setLoaders(train, val);
    await t.train(1, { progress: false });
    assert.deepEqual(
      model.log.map((e) => `${e.training}/${e.grad}`),
      [...Array(5).fill("true/true"), ...Array(2).fill("false/false")],
    );
    // validation accumulated no gradient: zeroGrad after the last step left zeros or nothing
    for (const p of model.parameters()) assert.ok(p.grad === null || p.grad.abs().sum().item() === 0);
    assert.equal(model.training, false, "the last step was validation");
    model.log = [];
    const x = torch.ones([4, 1]);
    const y1 = t.predict(x);
    assert.deepEqual(model.log, [{ training: false, grad: false }]);
    assert.equal(model.training, true, "predict puts the model back in train mode");
    // dropout is off in eval mode: predictions are deterministic
    assert.deepEqual(Array.from(t.predict(x).dataFloat()), Array.from(y1.dataFloat()));
  });

  test("checkpoint resume is bit-identical to an uninterrupted run", async () => {
    const make = (): { t: Trainer; model: Probe } => {
      const model = new Probe();
      const { train, val } = bookLoaders(7);
      const t = new Trainer(model, new nn.MSELoss(), new optim.Adam(model.parameters(), { lr: 0.05 }));
      t.setLoaders(train, val);
      t.setLrScheduler(new optim.lrScheduler.StepLR(t.optimizer, 3, { gamma: 0.5 }));
      return { t, model };
    };
    torch.manualSeed(1);
    const a = make();
    await a.t.train(10, { seed: 3, progress: false });

    torch.manualSeed(1);
    const b = make();
    await b.t.train(5, { seed: 3, progress: false });
    const path = join(dir, "ckpt.pt");
    b.t.saveCheckpoint(path);
    torch.manualSeed(999); // disturb the global RNG: the checkpoint must restore it
    const c = make();
    c.t.loadCheckpoint(path);
    assert.equal(c.t.totalEpochs, 5);
    assert.deepEqual(c.t.losses, b.t.losses);
    await c.t.train(5, { progress: false });

    assert.deepEqual(c.t.losses, a.t.losses);
    assert.deepEqual(c.t.valLosses, a.t.valLosses);
    assert.deepEqual(c.t.learningRates, a.t.learningRates);
    const sa = a.model.stateDict();
    const sc = c.model.stateDict();
    for (const k of Object.keys(sa))
      assert.deepEqual(Array.from(sc[k]!.dataFloat()), Array.from(sa[k]!.dataFloat()), k);
  });

  test("learning-rate scheduler steps per epoch; ReduceLROnPlateau gets the validation loss", async () => {
    const { train, val } = bookLoaders();
    const model = new nn.Linear(1, 1);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const t = new Trainer(model, new nn.MSELoss(), opt).setLoaders(train, val);
    t.setLrScheduler(new optim.lrScheduler.StepLR(opt, 2, { gamma: 0.5 }));
    await t.train(4, { progress: false });
    assert.deepEqual(t.learningRates, [0.1, 0.05, 0.05, 0.025]);
    const opt2 = new optim.SGD(model.parameters(), { lr: 0.1 });
    const t2 = new Trainer(model, (a, b) => a.sub(b).pow(2).mean(), opt2).setLoaders(train, val);
    t2.setLrScheduler(
      new optim.lrScheduler.ReduceLROnPlateau(opt2, { patience: 0, factor: 0.5, threshold: 10, thresholdMode: "abs" }),
    );
    await t2.train(3, { progress: false });
    assert.deepEqual(t2.learningRates, [0.1, 0.05, 0.025]);
  });

  test("progress: an 'Epoch i/n' line and Keras' final bar line per epoch (non-TTY)", async () => {
    const { train, val } = bookLoaders();
    const model = new nn.Linear(1, 1);
    const t = new Trainer(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.1 })).setLoaders(
      train,
      val,
    );
    let out = "";
    const stream = { write: (s: string) => (out += s), isTTY: false };
    await t.train(2, { stream });
    const lines = out.split("\n");
    assert.equal(lines[0], "Epoch 1/2");
    assert.match(
      lines[1]!,
      /^5\/5 \[==============================\] - \d+s \d+[mu]?s\/step - loss: \d\.\d{4} - val_loss: \d\.\d{4}$/,
    );
    assert.equal(lines[2], "Epoch 2/2");
    assert.equal(lines.length, 5);
    await t.train(1, { stream });
    assert.ok(out.includes("Epoch 3/3\n"));
  });

  test("TensorBoard scalars under folder/name_timestamp", async () => {
    const { train, val } = bookLoaders();
    const model = new nn.Linear(1, 1);
    const t = new Trainer(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.1 })).setLoaders(
      train,
      val,
    );
    t.setTensorboard("linear", join(dir, "runs"));
    t.addGraph();
    await t.train(2, { progress: false });
    const fig = t.plotLosses();
    assert.ok(fig instanceof torch.plot.Figure);
    t.writer!.close();
    const runs = readdirSync(join(dir, "runs"));
    assert.equal(runs.length, 1);
    assert.match(runs[0]!, /^linear_\d{14}$/);
  });

  test("countParameters counts trainable parameters only", () => {
    const model = new nn.Sequential(new nn.Linear(10, 5), new nn.ReLU(), new nn.Linear(5, 1));
    const t = new Trainer(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.1 }));
    assert.equal(t.countParameters(), 61);
    model.at<torch.nn.Linear>(2).bias!.requiresGrad_(false);
    assert.equal(t.countParameters(), 60);
  });

  test("errors say what is missing", async () => {
    const model = new nn.Linear(1, 1);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    assert.throws(
      () => new Trainer({} as never, new nn.MSELoss(), opt),
      /^TypeError: \[Trainer\] model must be an nn.Module: got an object/,
    );
    assert.throws(() => new Trainer(model, new nn.MSELoss(), {} as never), /optimizer must be a torch.optim optimizer/);
    const t = new Trainer(model, new nn.MSELoss(), opt);
    await assert.rejects(t.train(1, { progress: false }), /call setLoaders\(trainLoader, valLoader\) first/);
    assert.throws(() => t.setLoaders(5 as never), /trainLoader must be a DataLoader/);
    t.setLoaders([[torch.ones([2, 1]), torch.ones([2, 1])], "oops"] as never);
    await assert.rejects(t.train(1, { progress: false }), /each batch must be \[x, y\] tensors: got "oops"/);
    assert.throws(() => t.loadCheckpoint(join(dir, "missing.pt")), /no checkpoint/);
    assert.throws(() => t.plotLosses(), /no losses yet/);
  });
});
