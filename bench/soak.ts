/**
 * The 10,000-step training soak: an MLP (Fashion-MNIST-sized 784-128-10, random data) trained
 * with each step in `torch.tidy`, printing `torch.memory()` and RSS every 1000 steps; both should
 * stay flat after the first steps. `npx tsx bench/soak.ts [steps]` (the test suite runs 300:
 * test/tensor/lifetimes-soak.test.ts).
 */
import { memoryUsage } from "node:process";
import * as torch from "../src/index.js";

const steps = Number(process.argv[2] ?? 10000);
const { nn, optim } = torch;
torch.manualSeed(0);
const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const lossFn = new nn.CrossEntropyLoss();
const x = torch.randn(32, 784);
const y = torch.randint(0, 10, [32]);
const mib = (b: number): string => (b / 2 ** 20).toFixed(1);
const t0 = performance.now();
let first: { rss: number; live: number } | null = null;
for (let s = 1; s <= steps; s++) {
  const loss = torch.tidy(() => {
    opt.zeroGrad();
    const l = lossFn.call(model.call(x), y);
    l.backward();
    opt.step();
    return l.item();
  });
  if (s % 1000 === 0 || s === 100) {
    const m = torch.memory();
    const rss = memoryUsage.rss();
    first ??= { rss, live: m.liveTensors };
    console.log(
      `step ${s}: loss ${Number(loss).toFixed(4)}, liveTensors ${m.liveTensors}, liveBytes ${mib(m.liveBytes)} MiB, ` +
        `pooled ${mib(m.pooledBytes)} MiB, peak ${mib(m.peakBytes)} MiB, RSS ${mib(rss)} MiB`,
    );
  }
}
const m = torch.memory();
console.log(
  `${steps} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s; liveTensors ${first!.live} → ${m.liveTensors}, ` +
    `RSS ${mib(first!.rss)} → ${mib(memoryUsage.rss())} MiB`,
);
