/**
 * The PyTorch tutorial's polynomial fit with autograd (y = sin x on [-π, π], 2000 points, a
 * third-order polynomial, 2000 iterations of plain gradient descent, loss read every 100
 * iterations): antorcha vs PyTorch (Debian python3-torch) with the same thread count, in one run.
 * `npx tsx bench/polynomial.ts [threads]`
 */
import { getNumThreads, nativeInfo, setNumThreads } from "../src/backend/native/index.js";
import { activeBackend } from "../src/backend/registry.js";
import * as torch from "../src/index.js";
import { fmt, runPyTorch, threadsArg } from "./common.js";

const ITERS = 2000;
const LR = 1e-6;

function fit(): { seconds: number; loss: number } {
  const x = torch.linspace(-Math.PI, Math.PI, 2000);
  const y = torch.sin(x);
  torch.manualSeed(0);
  const params = [0, 1, 2, 3].map(() => torch.randn([], { requiresGrad: true }));
  const [a, b, c, d] = params as [torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor];
  let loss = NaN;
  const t0 = performance.now();
  for (let t = 0; t < ITERS; t++) {
    const yPred = a
      .add(b.mul(x))
      .add(c.mul(x.pow(2)))
      .add(d.mul(x.pow(3)));
    const l = yPred.sub(y).pow(2).sum();
    if (t % 100 === 99) loss = l.item() as number;
    l.backward();
    torch.noGrad(() => {
      for (const p of params) {
        p.sub_(p.grad!.mul(LR));
        p.grad = null;
      }
    });
  }
  return { seconds: (performance.now() - t0) / 1000, loss };
}

const PY = `
import math
def fit():
    x = torch.linspace(-math.pi, math.pi, 2000)
    y = torch.sin(x)
    torch.manual_seed(0)
    a, b, c, d = (torch.randn((), requires_grad=True) for _ in range(4))
    loss = float("nan")
    t0 = time.perf_counter()
    for t in range(${ITERS}):
        y_pred = a + b * x + c * x ** 2 + d * x ** 3
        l = (y_pred - y).pow(2).sum()
        if t % 100 == 99: loss = l.item()
        l.backward()
        with torch.no_grad():
            for p in (a, b, c, d):
                p -= p.grad * ${LR}
                p.grad = None
    return time.perf_counter() - t0, loss
runs = [fit() for _ in range(3)]
best = min(runs)
print(json.dumps({"seconds": best[0], "loss": best[1]}))
`;

const threads = threadsArg(getNumThreads());
setNumThreads(threads);
const ours = [fit(), fit(), fit()].sort((p, q) => p.seconds - q.seconds)[0]!;
const py = runPyTorch<{ seconds: number; loss: number }>(threads, PY);
console.log(
  `backend ${activeBackend().name} (${nativeInfo().isa ?? "ts"}), ${threads} thread(s), ${ITERS} iterations, best of 3`,
);
console.log(`antorcha: ${fmt(ours.seconds, 3)} s (final loss ${fmt(ours.loss, 2)})`);
if (typeof py === "string") console.log(`pytorch: failed: ${py}`);
else {
  console.log(`pytorch:  ${fmt(py.seconds, 3)} s (final loss ${fmt(py.loss, 2)})`);
  console.log(`ratio (pytorch time / antorcha time): ${fmt(py.seconds / ours.seconds, 2)}x`);
}
