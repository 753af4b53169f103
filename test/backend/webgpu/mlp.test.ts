/**
 * Autograd on webgpu: a small MLP (Linear → ReLU → Linear, crossEntropy) trained for a few SGD
 * and Adam steps on webgpu gives the CPU's losses, gradients and weights within float32 noise.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { describeWebgpu } from "./setup.js";

const { nn, optim } = torch;
const F = nn.functional;

function model(): torch.nn.Sequential {
  torch.manualSeed(0);
  return new nn.Sequential(new nn.Linear(6, 16), new nn.ReLU(), new nn.Linear(16, 4));
}

torch.manualSeed(1);
const X = torch.randn(32, 6);
const Y = torch.randint(0, 4, [32]);

async function close(a: torch.Tensor, b: torch.Tensor, tol: number, what: string): Promise<void> {
  const av = Array.from((await a.toAsync("cpu")).dataFloat());
  const bv = Array.from((await b.toAsync("cpu")).dataFloat());
  assert.equal(av.length, bv.length, what);
  av.forEach((v, i) =>
    assert.ok(Math.abs(v - bv[i]!) <= tol * (1 + Math.abs(bv[i]!)), `${what}[${i}]: ${v} vs ${bv[i]}`),
  );
}

async function train(device: "cpu" | "webgpu", opt: "sgd" | "adam", steps: number) {
  const m = model().to(device);
  const o =
    opt === "sgd"
      ? new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 1e-3 })
      : new optim.Adam(m.parameters(), { lr: 0.01 });
  const x = device === "cpu" ? X : X.to(device);
  const y = device === "cpu" ? Y : Y.to(device);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    o.zeroGrad();
    const loss = F.crossEntropy(m.call(x), y);
    loss.backward();
    o.step();
    losses.push(Number(await loss.itemAsync()));
  }
  return { m, losses };
}

describeWebgpu("an MLP on webgpu matches the CPU", () => {
  it("forward and gradients of one step", async () => {
    const cpu = model();
    const gpu = model().to("webgpu");
    const lc = F.crossEntropy(cpu.call(X), Y);
    const lg = F.crossEntropy(gpu.call(X.to("webgpu")), Y.to("webgpu"));
    assert.equal(lg.device.type, "webgpu");
    assert.ok(lg.requiresGrad);
    await close(lg, lc, 1e-5, "loss");
    lc.backward();
    lg.backward();
    const pc = cpu.parameters();
    const pg = gpu.parameters();
    for (let k = 0; k < pc.length; k++) {
      assert.equal(pg[k]!.grad!.device.type, "webgpu");
      await close(pg[k]!.grad!, pc[k]!.grad!, 1e-4, `grad ${k}`);
    }
  });

  for (const opt of ["sgd", "adam"] as const) {
    it(`${opt}: five steps give the CPU's losses and weights`, async () => {
      const c = await train("cpu", opt, 5);
      const g = await train("webgpu", opt, 5);
      g.losses.forEach((l, i) => assert.ok(Math.abs(l - c.losses[i]!) < 1e-4, `step ${i}: ${l} vs ${c.losses[i]}`));
      assert.ok(c.losses[4]! < c.losses[0]!, "the loss goes down");
      const pc = c.m.parameters();
      const pg = g.m.parameters();
      for (let k = 0; k < pc.length; k++) await close(pg[k]!, pc[k]!, 1e-4, `${opt} weight ${k}`);
    });
  }

  it("softmax, logSoftmax, mean, max and argmax agree", async () => {
    const x = torch.randn(5, 7);
    const g = x.to("webgpu");
    await close(g.softmax(1), x.softmax(1), 1e-5, "softmax");
    await close(g.logSoftmax(1), x.logSoftmax(1), 1e-5, "logSoftmax");
    await close(g.mean(0), x.mean(0), 1e-5, "mean");
    await close(g.amax(1), x.amax(1), 0, "amax");
    assert.deepEqual(await g.argmax(1).array(), x.argmax(1).tolist());
    assert.deepEqual(await g.max(1).indices.array(), x.max(1).indices.tolist());
  });
});
