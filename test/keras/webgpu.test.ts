/**
 * Keras fit/evaluate/predict with a model moved by `model.to("webgpu")`: the same run as on the
 * CPU (same seed, same batches) within float32 tolerance; the sync forms name their async twins.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as torch from "../../src/index.js";
import { describeWebgpu } from "../backend/webgpu/setup.js";

const { keras } = torch;
const { layers, losses } = keras;

function data(): [torch.Tensor, torch.Tensor] {
  torch.manualSeed(1);
  const x = torch.randn([48, 6]);
  const y = x.narrow(1, 0, 3).argmax(1); // learnable labels in [0, 3)
  return [x, y];
}

function build(device: "cpu" | "webgpu"): torch.keras.SequentialModel {
  torch.manualSeed(7);
  const model = keras.Sequential([layers.Dense(8, { activation: "relu", inputShape: [6] }), layers.Dense(3)]);
  model.compile({
    optimizer: "adam",
    loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });
  return device === "cpu" ? model : (model.to("webgpu") as torch.keras.SequentialModel);
}

async function run(device: "cpu" | "webgpu", opts: torch.keras.FitOptions = {}) {
  const [x, y] = data();
  const model = build(device);
  torch.manualSeed(3); // shuffling
  const history = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, validationSplit: 0.25, ...opts });
  const evaluated = await model.evaluateAsync(x, y, { verbose: 0, batchSize: 20 });
  const predicted = await model.predictAsync(x, { verbose: 0, batchSize: 20 });
  const weights = await Promise.all(model.getWeights().map((w) => w.data()));
  return { model, history: history.history, evaluated, predicted, weights, x, y };
}

function close(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);
}

describeWebgpu("keras on webgpu", () => {
  test("fit/evaluateAsync/predictAsync match the CPU run", async () => {
    const cpu = await run("cpu");
    const gpu = await run("webgpu");
    for (const k of ["loss", "accuracy", "val_loss", "val_accuracy"]) {
      const [a, b] = [gpu.history[k]!, cpu.history[k]!];
      assert.equal(a.length, 3, k);
      a.forEach((v, i) => close(v, b[i]!, 1e-4, `${k}[${i}]`));
    }
    gpu.evaluated.forEach((v, i) => close(v, cpu.evaluated[i]!, 1e-4, `evaluate[${i}]`));
    assert.equal(gpu.predicted.device.type, "cpu");
    assert.deepEqual(gpu.predicted.shape, [48, 3]);
    const [p, q] = [gpu.predicted.dataFloat(), cpu.predicted.dataFloat()];
    p.forEach((v, i) => close(v, q[i]!, 1e-4, `predict[${i}]`));
    gpu.weights.forEach((w, j) =>
      Array.from(w as Float32Array).forEach((v, i) =>
        close(v, (cpu.weights[j] as Float32Array)[i]!, 1e-4, `w${j}[${i}]`),
      ),
    );
  });

  test("binary metrics (AUC, precision, recall, binary accuracy) and an MSE model match the CPU", async () => {
    const fitBinary = async (device: "cpu" | "webgpu") => {
      torch.manualSeed(2);
      const x = torch.randn([40, 5]);
      const y = x.sum(1, true).gt(0).float();
      torch.manualSeed(4);
      const m = keras.Sequential([
        layers.Dense(4, { activation: "tanh", inputShape: [5] }),
        layers.Dense(1, { activation: "sigmoid" }),
      ]);
      m.compile({
        optimizer: "sgd",
        loss: "binary_crossentropy",
        metrics: [
          "binary_accuracy",
          new keras.metrics.AUC(),
          new keras.metrics.Precision(),
          new keras.metrics.Recall(),
        ],
      });
      if (device === "webgpu") m.to("webgpu");
      torch.manualSeed(6);
      const h = await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
      const reg = keras.Sequential([layers.Dense(1, { inputShape: [5] })]);
      reg.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae"] });
      if (device === "webgpu") reg.to("webgpu");
      const hr = await reg.fit(x, x.sum(1, true), { epochs: 2, batchSize: 8, verbose: 0, shuffle: false });
      return { ...h.history, ...Object.fromEntries(Object.entries(hr.history).map(([k, v]) => [`reg_${k}`, v])) };
    };
    const [cpu, gpu] = [await fitBinary("cpu"), await fitBinary("webgpu")];
    assert.deepEqual(Object.keys(gpu).sort(), Object.keys(cpu).sort());
    assert.ok(Object.keys(cpu).length >= 7, Object.keys(cpu).join());
    for (const k of Object.keys(cpu)) gpu[k]!.forEach((v, i) => close(v, cpu[k]![i]!, 1e-4, `${k}[${i}]`));
  });

  test("the sync forms name their async twins", async () => {
    const [x, y] = data();
    const model = build("webgpu");
    assert.throws(
      () => model.evaluate(x, y, { verbose: 0 }),
      /^Error: \[evaluate\] the model is on webgpu.*await model\.evaluateAsync/,
    );
    assert.throws(
      () => model.predict(x, { verbose: 0 }),
      /^Error: \[predict\] the model is on webgpu.*await model\.predictAsync/,
    );
  });

  test("class weights, callbacks, ModelCheckpoint and TensorBoard on webgpu", async () => {
    const dir = mkdtempSync(join(tmpdir(), "antorcha-keras-webgpu-"));
    try {
      const seen: number[] = [];
      const cb = new (class extends keras.callbacks.Callback {
        override onEpochEnd(_e: number, logs: Record<string, number> = {}): void {
          seen.push(logs.loss!);
        }
      })();
      const ckpt = new keras.callbacks.ModelCheckpoint(join(dir, "w-{epoch}.pt"), { saveWeightsOnly: true });
      const full = new keras.callbacks.ModelCheckpoint(join(dir, "c-{epoch}.pt"));
      const cpu = await run("cpu", { classWeight: { 0: 1, 1: 2, 2: 0.5 }, validationSplit: 0 });
      const gpu = await run("webgpu", {
        classWeight: { 0: 1, 1: 2, 2: 0.5 },
        validationSplit: 0,
        callbacks: [cb, ckpt, full, new keras.callbacks.TensorBoard({ logDir: join(dir, "tb") })],
      });
      gpu.history.loss!.forEach((v, i) => close(v, cpu.history.loss![i]!, 1e-4, `loss[${i}]`));
      assert.deepEqual(seen, gpu.history.loss);
      const saved = torch.load(join(dir, "w-3.pt")) as Record<string, torch.Tensor>;
      const names = Object.keys(saved);
      assert.equal(names.length, 4);
      const w0 = saved[names[0]!]!;
      assert.equal(w0.device.type, "cpu");
      Array.from(w0.dataFloat()).forEach((v, i) => close(v, (gpu.weights[0] as Float32Array)[i]!, 1e-6, `saved[${i}]`));
      assert.ok(readdirSync(join(dir, "tb", "train")).some((f) => f.startsWith("events.out.tfevents")));
      const back = torch.io.loadCheckpoint(join(dir, "c-3.pt"));
      assert.equal(back?.epoch, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test("fit reads the losses back only when the bar refreshes and at the epoch's end; the bar's text equals the CPU's", async () => {
    const [x, y] = data();
    const lines: Record<string, string> = {};
    for (const device of ["cpu", "webgpu"] as const) {
      const model = build(device);
      let out = "";
      let t = 0;
      // a TTY bar and a clock that advances 0.02 s per reading: the bar refreshes every few batches
      const progress = { stream: { write: (s: string) => ((out += s), true), isTTY: true }, clock: () => (t += 0.02) };
      torch.manualSeed(3);
      const r0 = device === "webgpu" ? torch.webgpu.stats().readbacks : 0;
      await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 1, progress });
      if (device === "webgpu") {
        const reads = torch.webgpu.stats().readbacks - r0;
        assert.ok(reads < 24, `${reads} read-backs for 24 steps`); // 2 per read: losses and predictions
      }
      // the values shown (times differ): every "name: value" pair in order
      lines[device] = [...out.matchAll(/(loss|accuracy): ([0-9.e+-]+)/g)].map((m) => `${m[1]}=${m[2]}`).join(" ");
    }
    assert.ok(lines.cpu!.length > 0);
    const num = (s: string) => s.split(" ").map((p) => Number(p.split("=")[1]));
    const [a, b] = [num(lines.webgpu!), num(lines.cpu!)];
    assert.equal(a.length, b.length, `${lines.webgpu} vs ${lines.cpu}`);
    a.forEach((v, i) => close(v, b[i]!, 1e-3, `shown value ${i}`));
  });
});
