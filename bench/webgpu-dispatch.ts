/**
 * What one training step costs the WebGPU API (issue 22): dispatches, submits and read-backs per
 * step of the Fashion-MNIST MLP (784-128-10, ReLU, Adam, cross-entropy, batch 32) and of the
 * small CNN of bench/common.ts (SGD, batch 32), plus the host cost of one dispatch on this
 * adapter — a loop of tiny adds recorded into one batch (submit at the end) and the same loop
 * forced to submit after every op.
 *
 * The counts come from `torch.webgpu.stats()` over a few steps after a warm-up step, with the
 * loss read back once at the end (a loop that reads it every step adds 1 read-back and 1 submit
 * per step). Multiply dispatches/step by µs/dispatch for the step's API floor.
 * `npx tsx bench/webgpu-dispatch.ts` (STEPS=n, OPS=n to change the loop sizes)
 */
import * as torch from "../src/index.js";
import { nn, optim } from "../src/index.js";
import { flush } from "../src/backend/webgpu/batch.js";
import { smallCnn } from "./common.js";

await torch.webgpu.init({ powerPreference: "high-performance" });
const info = torch.webgpu.info();
const DEV = "webgpu";
const BATCH = 32;
const STEPS = Number(process.env.STEPS ?? 5);
const OPS = Number(process.env.OPS ?? 2000);
const F = nn.functional;

type Counts = ReturnType<typeof torch.webgpu.stats>;
const delta = (a: Counts, b: Counts) => ({
  dispatches: b.dispatches - a.dispatches,
  submits: b.submits - a.submits,
  readbacks: b.readbacks - a.readbacks,
  uploads: b.uploads - a.uploads,
});

/** Per-step counts of `step` (after one warm-up step), over STEPS steps. */
async function perStep(name: string, step: () => torch.Tensor): Promise<void> {
  (await step().itemAsync()) as number;
  await torch.webgpu.synchronize();
  const s0 = torch.webgpu.stats();
  const t0 = performance.now();
  let loss: torch.Tensor | null = null;
  for (let i = 0; i < STEPS; i++) loss = step();
  await loss!.itemAsync();
  const ms = (performance.now() - t0) / STEPS;
  const d = delta(s0, torch.webgpu.stats());
  const f = (n: number) => (n / STEPS).toFixed(1);
  console.log(
    `${name}: ${f(d.dispatches)} dispatches/step, ${f(d.submits)} submits/step, ${f(d.readbacks)} read-backs/step, ` +
      `${f(d.uploads)} uploads/step, ${ms.toFixed(1)} ms/step (loss read once after ${STEPS} steps)`,
  );
}

torch.manualSeed(0);
{
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)).to(DEV);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = torch.randn([BATCH, 784], { device: DEV });
  const y = torch.randint(0, 10, [BATCH]).to(DEV);
  await perStep("MLP 784-128-10 Adam b32", () => {
    opt.zeroGrad();
    const loss = F.crossEntropy(model.call(x), y);
    loss.backward();
    opt.step();
    return loss.detach();
  });
}
{
  const model = smallCnn().to(DEV);
  const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const x = torch.randn([BATCH, 1, 28, 28], { device: DEV });
  const y = torch.randint(0, 10, [BATCH]).to(DEV);
  await perStep("small CNN SGD b32", () => {
    opt.zeroGrad();
    const loss = F.crossEntropy(model.call(x), y);
    loss.backward();
    opt.step();
    return loss.detach();
  });
}

/** Read-backs and submits per training step of Keras `fit` and `Trainer.trainAsync` (no validation). */
async function loopReads(): Promise<void> {
  const { keras, data } = torch;
  torch.manualSeed(1);
  const n = BATCH * 20;
  const x = torch.randn([n, 784]);
  const y = torch.randint(0, 10, [n]);
  const sink = { write: () => true, isTTY: true };
  for (const [verbose, label] of [
    [0, "verbose 0"],
    [1, "verbose 1, a TTY bar"],
  ] as const) {
    const model = keras.Sequential([
      keras.layers.Dense(128, { activation: "relu", inputShape: [784] }),
      keras.layers.Dense(10),
    ]);
    model.compile({
      optimizer: "adam",
      loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
      metrics: ["accuracy"],
    });
    model.to(DEV);
    await model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 }); // warm-up
    const s0 = torch.webgpu.stats();
    await model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose, progress: { stream: sink } });
    const d = delta(s0, torch.webgpu.stats());
    console.log(
      `keras fit (${label}), 20 steps: ${(d.readbacks / 20).toFixed(2)} read-backs/step, ` +
        `${(d.submits / 20).toFixed(2)} submits/step, ${(d.dispatches / 20).toFixed(1)} dispatches/step`,
    );
  }
  const net = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const sbs = new torch.Trainer(net, new nn.CrossEntropyLoss(), new optim.Adam(net.parameters(), { lr: 1e-3 }));
  sbs.to(DEV);
  sbs.setLoaders(new data.DataLoader(new data.TensorDataset(x, y), { batchSize: BATCH }), null);
  await sbs.trainAsync(1);
  const s0 = torch.webgpu.stats();
  await sbs.trainAsync(1);
  const d = delta(s0, torch.webgpu.stats());
  console.log(
    `Trainer trainAsync, 20 steps: ${(d.readbacks / 20).toFixed(2)} read-backs/step, ` +
      `${(d.submits / 20).toFixed(2)} submits/step, ${(d.dispatches / 20).toFixed(1)} dispatches/step`,
  );
}
if (process.env.LOOPS !== "0") await loopReads();

/** µs per op of OPS tiny adds (4 elements), submitting once at the end or after every op. */
async function dispatchCost(forceSubmit: boolean): Promise<number> {
  const a = torch.ones([4], { device: DEV });
  const b = torch.ones([4], { device: DEV });
  for (let i = 0; i < 50; i++) torch.tidy(() => a.add(b));
  await torch.webgpu.synchronize();
  const s0 = torch.webgpu.stats();
  const t0 = performance.now();
  for (let i = 0; i < OPS; i++) {
    torch.tidy(() => a.add(b));
    if (forceSubmit) flush();
  }
  await torch.webgpu.synchronize();
  const us = ((performance.now() - t0) * 1000) / OPS;
  const d = delta(s0, torch.webgpu.stats());
  console.log(
    `tiny add ×${OPS}, ${forceSubmit ? "submit per op" : "batched"}: ${us.toFixed(1)} µs/op ` +
      `(${d.dispatches} dispatches, ${d.submits} submits)`,
  );
  return us;
}
const batched = await dispatchCost(false);
const perOp = await dispatchCost(true);
console.log(
  `adapter: ${info.description || info.device || info.architecture}; µs/dispatch batched ${batched.toFixed(1)}, ` +
    `with a submit each ${perOp.toFixed(1)} (a submit adds ${(perOp - batched).toFixed(1)} µs)`,
);
