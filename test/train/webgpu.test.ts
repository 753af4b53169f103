/**
 * Trainer and StepByStep with a model on webgpu: CPU DataLoader batches move to the GPU per step,
 * losses are read back asynchronously; the run matches the same run on the CPU.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as torch from "../../src/index.js";
import { describeWebgpu } from "../backend/webgpu/setup.js";

const { nn, optim, data } = torch;

function setup(device: "cpu" | "webgpu", Cls: typeof torch.StepByStep | typeof torch.Trainer) {
  torch.manualSeed(5);
  const x = torch.randn([40, 4]);
  const y = x.narrow(1, 0, 3).argmax(1);
  torch.manualSeed(9);
  const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const sbs = new Cls(model, new nn.CrossEntropyLoss(), opt).to(device);
  const ds = new data.TensorDataset(x, y);
  sbs.setLoaders(new data.DataLoader(ds, { batchSize: 16, shuffle: true }), new data.DataLoader(ds, { batchSize: 16 }));
  return { sbs, model, x };
}

function close(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);
}

describeWebgpu("train on webgpu", () => {
  for (const Cls of [torch.StepByStep, torch.Trainer]) {
    test(`${Cls.name}: losses, weights and predictions match the CPU run`, async () => {
      const runs = [];
      for (const device of ["cpu", "webgpu"] as const) {
        const { sbs, model, x } = setup(device, Cls);
        if (sbs instanceof torch.Trainer) await sbs.train(3, { seed: 1, progress: false });
        else await sbs.trainAsync(3, 1);
        const weights = await Promise.all(model.parameters().map((p) => p.data()));
        const pred = await sbs.predictAsync(x);
        runs.push({
          losses: sbs.losses,
          val: sbs.valLosses,
          weights,
          pred,
          device: model.parameters()[0]!.device.type,
        });
      }
      const [cpu, gpu] = runs as [(typeof runs)[0], (typeof runs)[0]];
      assert.equal(gpu.device, "webgpu");
      assert.equal(gpu.losses.length, 3);
      gpu.losses.forEach((v, i) => close(v, cpu.losses[i]!, 1e-4, `loss[${i}]`));
      gpu.val.forEach((v, i) => close(v!, cpu.val[i]!, 1e-4, `val[${i}]`));
      gpu.weights.forEach((w, j) =>
        Array.from(w as Float32Array).forEach((v, i) =>
          close(v, (cpu.weights[j] as Float32Array)[i]!, 1e-4, `p${j}[${i}]`),
        ),
      );
      assert.equal(gpu.pred.device.type, "cpu");
      Array.from(gpu.pred.dataFloat()).forEach((v, i) => close(v, cpu.pred.dataFloat()[i]!, 1e-4, `pred[${i}]`));
    });
  }

  test("sync forms on webgpu name their async twins; checkpoints are read back", async () => {
    const { sbs, x } = setup("webgpu", torch.StepByStep);
    assert.throws(
      () => sbs.train(1),
      /^Error: \[StepByStep\.train\] the model is on webgpu.*await trainAsync\(nEpochs\)/,
    );
    assert.throws(
      () => sbs.predict(x),
      /^Error: \[StepByStep\.predict\] the model is on webgpu.*await predictAsync\(x\)/,
    );
    assert.throws(
      () => sbs.saveCheckpoint("/tmp/never.pth"),
      /^Error: \[StepByStep\.saveCheckpoint\] the model is on webgpu.*await saveCheckpointAsync/,
    );
    const dir = mkdtempSync(join(tmpdir(), "antorcha-train-webgpu-"));
    try {
      await sbs.trainAsync(1);
      await sbs.saveCheckpointAsync(join(dir, "sbs.pth"));
      const ck = torch.load(join(dir, "sbs.pth")) as Record<string, Record<string, torch.Tensor>>;
      const w = ck.model_state_dict!["0.weight"]!;
      assert.equal(w.device.type, "cpu");
      assert.deepEqual(
        Array.from(w.dataFloat()),
        Array.from((await sbs.model.parameters()[0]!.data()) as Float32Array),
      );
      const t = setup("webgpu", torch.Trainer).sbs as torch.Trainer;
      await t.train(1, { progress: false });
      assert.throws(
        () => t.saveCheckpoint(join(dir, "t.pth")),
        /^Error: \[Trainer\.saveCheckpoint\] the model is on webgpu/,
      );
      await t.saveCheckpointAsync(join(dir, "t.pth"));
      const back = torch.io.loadCheckpoint(join(dir, "t.pth"));
      assert.equal(back?.epoch, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWebgpu("examples on webgpu", () => {
  test("the CNN example stops at once naming the op webgpu lacks (or trains once it has them)", async () => {
    const { checkDeviceOps } = await import("../../examples/fashion-mnist-cnn.js");
    try {
      checkDeviceOps("webgpu");
    } catch (e) {
      assert.match(
        (e as Error).message,
        /^\[(conv2d|maxPool2d)\] not available on webgpu yet, and this CNN needs it: run the example on the cpu/,
      );
      return;
    }
    // conv2d and maxPool2d run on webgpu now: one forward pass of the example's Net there
    const { Net } = await import("../../examples/fashion-mnist-cnn.js");
    const out = new Net().to("webgpu").call(torch.zeros([2, 1, 28, 28], { device: "webgpu" })) as torch.Tensor;
    assert.deepEqual(out.shape, [2, 10]);
  });
});
