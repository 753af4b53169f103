/**
 * The webgpu fused kernels (src/backend/webgpu/kernels/fused.ts) against the CPU (whose fused
 * kernels equal the composites) and against the composite on webgpu (forced by a non-contiguous
 * input, which the fused ops decline): values, gradients, optimizer state after several steps,
 * and that each fused op records one dispatch.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { runFusedKernel } from "../../../src/ops/fused.js";
import { describeWebgpu } from "./setup.js";

const { nn, optim } = torch;
const F = nn.functional;
const DEV = "webgpu";

async function close(a: torch.Tensor, b: torch.Tensor, tol: number, what: string): Promise<void> {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  const av = Array.from((await a.toAsync("cpu")).dataFloat());
  const bv = Array.from((await b.toAsync("cpu")).dataFloat());
  av.forEach((v, i) => {
    const w = bv[i]!;
    if (Number.isNaN(w)) return assert.ok(Number.isNaN(v), `${what}[${i}]: ${v} vs NaN`);
    if (!Number.isFinite(w)) return assert.equal(v, w, `${what}[${i}]`);
    assert.ok(Math.abs(v - w) <= tol * (1 + Math.abs(w)), `${what}[${i}]: ${v} vs ${w}`);
  });
}

/** Dispatches recorded by `f`. */
function dispatches<T>(f: () => T): { value: T; n: number } {
  const d0 = torch.webgpu.stats().dispatches;
  const value = f();
  return { value, n: torch.webgpu.stats().dispatches - d0 };
}

/** A non-contiguous webgpu copy of a 2-D CPU tensor (the fused ops decline it: the composite runs). */
const strided = (t: torch.Tensor): torch.Tensor => t.t().contiguous().to(DEV).t();

/** A webgpu leaf copy of a CPU tensor that requires grad. */
const leaf = (t: torch.Tensor): torch.Tensor => t.to(DEV).requiresGrad_(true);

describeWebgpu("webgpu fused kernels", () => {
  for (const bias of [true, false]) {
    it(`linear${bias ? " with bias" : ""}: one dispatch; value and gradients equal the CPU's and the composite's`, async () => {
      torch.manualSeed(3);
      const x = torch.randn(37, 45);
      const w = torch.randn(19, 45);
      const b = torch.randn(19);
      const xc = x.clone().requiresGrad_(true);
      const wc = w.clone().requiresGrad_(true);
      const bc = b.clone().requiresGrad_(true);
      const yc = F.linear(xc, wc, bias ? bc : undefined);
      const [xg, wg, bg] = [leaf(x), leaf(w), leaf(b)];
      const { value: yg, n } = dispatches(() => F.linear(xg, wg, bias ? bg : undefined));
      assert.equal(n, 1);
      assert.equal(yg.gradFn?.name(), bias ? "AddmmBackward0" : "MmBackward0");
      await close(yg, yc, 1e-5, "linear");
      const yComposite = F.linear(strided(x), w.to(DEV), bias ? b.to(DEV) : undefined);
      await close(yg, yComposite, 1e-5, "linear vs composite");
      const g = torch.randn(37, 19);
      yc.backward(g);
      yg.backward(g.to(DEV));
      await close(xg.grad!, xc.grad!, 1e-5, "grad x");
      await close(wg.grad!, wc.grad!, 1e-5, "grad w");
      if (bias) await close(bg.grad!, bc.grad!, 1e-5, "grad b");
    });
  }

  it("linear's relu epilogue (the kernel called directly) equals relu(linear)", async () => {
    torch.manualSeed(4);
    const x = torch.randn(5, 33);
    const w = torch.randn(17, 33);
    const b = torch.randn(17);
    for (const withBias of [true, false]) {
      const out = torch.empty([5, 17], { device: DEV });
      const ran = runFusedKernel("linear", x.to(DEV), w.to(DEV), withBias ? b.to(DEV) : null, true, out);
      assert.equal(ran, true);
      await close(out, F.relu(F.linear(x, w, withBias ? b : undefined)), 1e-5, "linear+relu");
    }
  });

  it("linear declines a CPU operand: the composite raises the mixed-device error", () => {
    const x = torch.randn(2, 3, { device: DEV });
    assert.throws(() => F.linear(x, torch.randn(4, 3)), /Expected all tensors to be on the same device/);
  });

  for (const op of ["softmax", "logSoftmax"] as const) {
    it(`${op}: one dispatch per call, rows shorter and longer than a workgroup, infinities; gradients`, async () => {
      torch.manualSeed(5);
      for (const shape of [
        [6, 7],
        [3, 2, 150],
      ]) {
        const x = torch.randn(shape).mul(4);
        if (shape.length === 2) {
          x.index([0, 2]).fill_(-Infinity);
          x.index([1]).fill_(-Infinity);
          x.index([2, 3]).fill_(80);
        }
        const d = x.dim() - 1;
        const xc = x.clone().requiresGrad_(true);
        const xg = leaf(x);
        const yc = op === "softmax" ? xc.softmax(d) : xc.logSoftmax(d);
        const { value: yg, n } = dispatches(() => (op === "softmax" ? xg.softmax(d) : xg.logSoftmax(d)));
        assert.equal(n, 1);
        await close(yg, yc, 1e-5, op);
        if (shape.length === 2) {
          const comp = op === "softmax" ? strided(x).softmax(1) : strided(x).logSoftmax(1);
          await close(yg, comp, 1e-5, `${op} vs composite`);
          continue; // rows of -inf have NaN gradients on both sides; the gradient check uses finite rows
        }
        const g = torch.randn(shape);
        yc.backward(g);
        yg.backward(g.to(DEV));
        await close(xg.grad!, xc.grad!, 1e-4, `${op} grad`);
      }
    });
  }

  const ceCases: { name: string; reduction: "mean" | "sum" | "none"; weight: boolean; ignore: number; N: number }[] = [
    { name: "mean", reduction: "mean", weight: false, ignore: -100, N: 32 },
    { name: "sum, weighted", reduction: "sum", weight: true, ignore: -100, N: 9 },
    { name: "none, ignoreIndex", reduction: "none", weight: false, ignore: 2, N: 11 },
    { name: "mean, weighted, ignoreIndex, 300 rows", reduction: "mean", weight: true, ignore: 1, N: 300 },
  ];
  for (const c of ceCases) {
    it(`crossEntropy (${c.name}): loss and gradient equal the CPU's and the composite's`, async () => {
      torch.manualSeed(6);
      const C = 5;
      const x = torch.randn(c.N, C).mul(3);
      const t = torch.randint(0, C, [c.N]);
      const w = torch.rand(C).add(0.5);
      const opts = { reduction: c.reduction, ignoreIndex: c.ignore, ...(c.weight ? { weight: w } : {}) };
      const xc = x.clone().requiresGrad_(true);
      const lc = F.crossEntropy(xc, t, opts);
      const xg = leaf(x);
      const tg = t.to(DEV);
      const gopts = { ...opts, ...(c.weight ? { weight: w.to(DEV) } : {}) };
      const { value: lg, n } = dispatches(() => F.crossEntropy(xg, tg, gopts));
      assert.equal(n, 2); // the labels' device range check, then the fused kernel
      await close(lg, lc, 1e-5, "loss");
      await close(lg, F.crossEntropy(strided(x), tg, gopts), 1e-5, "loss vs composite");
      const g = c.reduction === "none" ? torch.rand(c.N) : torch.tensor(1.5);
      lc.backward(g);
      lg.backward(g.to(DEV));
      await close(xg.grad!, xc.grad!, 1e-5, "dlogits");
    });
  }

  it("crossEntropy with every target ignored: mean is NaN and the gradient 0, as on the CPU", async () => {
    const x = torch.randn(4, 3);
    const t = torch.tensor([1, 1, 1, 1]);
    const xc = x.clone().requiresGrad_(true);
    const xg = leaf(x);
    const lc = F.crossEntropy(xc, t, { ignoreIndex: 1 });
    const lg = F.crossEntropy(xg, t.to(DEV), { ignoreIndex: 1 });
    await close(lg, lc, 0, "loss");
    lc.backward();
    lg.backward();
    await close(xg.grad!, xc.grad!, 0, "grad");
  });

  /** Trains a fixed linear model for `steps` steps with `make`'s optimizer on `device`. */
  async function optimize(
    device: "cpu" | "webgpu",
    make: (ps: torch.Tensor[]) => torch.optim.Optimizer,
    steps: number,
  ): Promise<{ params: torch.Tensor[]; state: torch.Tensor[] }> {
    torch.manualSeed(8);
    const m = new nn.Linear(7, 3).to(device);
    const o = make(m.parameters());
    torch.manualSeed(9);
    const x = torch.randn(16, 7).to(device);
    const y = torch.randint(0, 3, [16]).to(device);
    for (let i = 0; i < steps; i++) {
      o.zeroGrad();
      F.crossEntropy(m.call(x), y).backward();
      o.step();
    }
    const state: torch.Tensor[] = [];
    for (const p of m.parameters()) {
      for (const v of Object.values(o.state.get(p) ?? {})) if (v instanceof torch.Tensor) state.push(v);
    }
    return { params: m.parameters(), state };
  }

  const optimizers: [string, (ps: torch.Tensor[]) => torch.optim.Optimizer][] = [
    ["SGD", (ps) => new optim.SGD(ps, { lr: 0.1 })],
    [
      "SGD momentum, dampening, weight decay",
      (ps) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 1e-2 }),
    ],
    ["SGD nesterov, maximize", (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true })],
    ["Adam", (ps) => new optim.Adam(ps, { lr: 0.01 })],
    ["Adam weight decay, amsgrad", (ps) => new optim.Adam(ps, { lr: 0.01, weightDecay: 0.1, amsgrad: true })],
    ["Adam maximize", (ps) => new optim.Adam(ps, { lr: 0.01, maximize: true, betas: [0.8, 0.99] })],
    ["AdamW", (ps) => new optim.AdamW(ps, { lr: 0.01, weightDecay: 0.1 })],
    ["AdamW amsgrad", (ps) => new optim.AdamW(ps, { lr: 0.02, amsgrad: true, eps: 1e-6 })],
  ];
  for (const [name, make] of optimizers) {
    it(`${name}: parameters and state after 6 steps equal the CPU's`, async () => {
      const c = await optimize("cpu", make, 6);
      const g = await optimize("webgpu", make, 6);
      assert.equal(g.state.length, c.state.length);
      for (let k = 0; k < c.params.length; k++) await close(g.params[k]!, c.params[k]!, 2e-5, `param ${k}`);
      for (let k = 0; k < c.state.length; k++) await close(g.state[k]!, c.state[k]!, 2e-5, `state ${k}`);
    });
  }

  it("an optimizer step of one parameter is one dispatch (Adam, SGD with a momentum buffer)", () => {
    const p = torch.randn([10], { device: DEV }).requiresGrad_(true);
    p.grad = torch.randn([10], { device: DEV });
    const adam = new optim.Adam([p], { lr: 0.1, amsgrad: true });
    adam.step();
    assert.equal(dispatches(() => adam.step()).n, 1);
    const sgd = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    sgd.step(); // the first step clones the gradient into the buffer (composite)
    assert.equal(dispatches(() => sgd.step()).n, 1);
  });

  it("relu and reluBackward (kernels called directly), in place and not, with NaN", async () => {
    const x = torch.tensor([-2, -0.5, 0, 0.5, 3, NaN]);
    const g = torch.tensor([1, 2, 3, 4, 5, 6], { dtype: "float32" });
    const expectY = torch.tensor([0, 0, 0, 0.5, 3, NaN]);
    const out = torch.empty([6], { device: DEV });
    assert.equal(runFusedKernel("relu", x.to(DEV), out), true);
    await close(out, expectY, 0, "relu");
    const inPlace = x.to(DEV);
    assert.equal(runFusedKernel("relu", inPlace, inPlace), true);
    await close(inPlace, expectY, 0, "relu in place");
    const y = expectY.to(DEV);
    const expectG = torch.tensor([0, 0, 0, 4, 5, 6], { dtype: "float32" });
    const gout = torch.empty([6], { device: DEV });
    assert.equal(runFusedKernel("reluBackward", y, g.to(DEV), gout), true);
    await close(gout, expectG, 0, "reluBackward");
    const gg = g.to(DEV);
    assert.equal(runFusedKernel("reluBackward", y, gg, gg), true);
    await close(gg, expectG, 0, "reluBackward in place");
  });

  it("the MLP's training step (784-128-10, Adam, cross-entropy) records at most 20 dispatches", async () => {
    torch.manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)).to(DEV);
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const x = torch.randn([32, 784], { device: DEV });
    const y = torch.randint(0, 10, [32]).to(DEV);
    const step = () => {
      opt.zeroGrad();
      const loss = F.crossEntropy(model.call(x), y);
      loss.backward();
      opt.step();
      return loss;
    };
    await step().itemAsync();
    const { value: loss, n } = dispatches(step);
    assert.ok(n <= 20, `${n} dispatches`);
    assert.ok(Number.isFinite(Number(await loss.itemAsync())));
  });
});
