/**
 * The CNN benchmark's layers one at a time, antorcha vs PyTorch (Debian python3-torch) with the
 * same thread count, in one run: milliseconds per call on a batch of 32, forward only (no_grad)
 * or forward + backward. Shows where a training step's time goes.
 * `npx tsx bench/layers.ts [threads]`
 */
import { getNumThreads, nativeInfo, setNumThreads } from "../src/backend/native/index.js";
import { activeBackend } from "../src/backend/registry.js";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";
import { fmt, runPyTorch, table, threadsArg, time } from "./common.js";

const threads = threadsArg(getNumThreads());
setNumThreads(threads);
torch.manualSeed(0);
const conv1 = new nn.Conv2d(1, 32, 3);
const conv2 = new nn.Conv2d(32, 64, 3);
const pool = new nn.MaxPool2d(2);
const fc1 = new nn.Linear(9216, 128);
const x = torch.rand([32, 1, 28, 28]);
const h1 = torch.rand([32, 32, 26, 26]).requiresGrad_();
const h2 = torch.rand([32, 64, 24, 24]).requiresGrad_();
const f = torch.rand([32, 9216]).requiresGrad_();
const g2 = torch.rand([32, 64, 24, 24]);
const g3 = torch.rand([32, 64, 12, 12]);
const g4 = torch.rand([32, 128]);

const ours: Record<string, number> = {
  "conv 1→32 3x3, forward": time(() => torch.noGrad(() => conv1.call(x))),
  "conv 32→64 3x3, forward": time(() => torch.noGrad(() => conv2.call(h1))),
  "conv 32→64 3x3, forward + backward": time(() => conv2.call(h1).backward(g2)),
  "relu [32,64,24,24], forward + backward": time(() => torch.relu(h2).backward(g2)),
  "max-pool 2 [32,64,24,24], forward + backward": time(() => pool.call(h2).backward(g3)),
  "linear 9216→128, forward + backward": time(() => fc1.call(f).backward(g4)),
};
const py = runPyTorch<number[]>(
  threads,
  `
import torch.nn as nn
torch.manual_seed(0)
conv1 = nn.Conv2d(1, 32, 3); conv2 = nn.Conv2d(32, 64, 3); pool = nn.MaxPool2d(2); fc1 = nn.Linear(9216, 128)
x = torch.rand(32, 1, 28, 28); h1 = torch.rand(32, 32, 26, 26).requires_grad_()
h2 = torch.rand(32, 64, 24, 24).requires_grad_(); f = torch.rand(32, 9216).requires_grad_()
g2 = torch.rand(32, 64, 24, 24); g3 = torch.rand(32, 64, 12, 12); g4 = torch.rand(32, 128)
def nograd(m, t):
    with torch.no_grad(): m(t)
print(json.dumps([
    bench(lambda: nograd(conv1, x)),
    bench(lambda: nograd(conv2, h1)),
    bench(lambda: conv2(h1).backward(g2)),
    bench(lambda: torch.relu(h2).backward(g2)),
    bench(lambda: pool(h2).backward(g3)),
    bench(lambda: fc1(f).backward(g4)),
]))
`,
);
console.log(
  `antorcha (${activeBackend().name} ${nativeInfo().isa ?? "ts"}) vs PyTorch, ${threads} thread(s), batch 32\n`,
);
const rows = Object.entries(ours).map(([name, s], i) => {
  const p = typeof py === "string" ? undefined : py[i];
  return [
    name,
    fmt(s * 1e3, 2),
    fmt(p === undefined ? undefined : p * 1e3, 2),
    fmt(p === undefined ? undefined : p / s, 2),
  ];
});
console.log(table(["layer", "antorcha ms", "PyTorch ms", "PyTorch/antorcha"], rows));
if (typeof py === "string") console.log(`\nPyTorch failed: ${py}`);
