/**
 * Training workloads, antorcha vs PyTorch (Debian python3-torch) with the same thread count, in
 * one run, on the real Fashion-MNIST (/usr/share/datasets/fashion-mnist):
 * - MLP 784-128-10, ReLU, Adam (lr 1e-3), cross-entropy, batch 32: seconds per epoch (1875 steps).
 * - CNN conv 32 3x3 → relu → conv 64 3x3 → relu → maxpool 2 → flatten → dense 128 → relu →
 *   dense 10, Adam, batch 32: seconds per 100 steps.
 * Batching is manual on both sides: the images are converted once to float32 /255
 * (`FashionMNIST.data` / `.targets`), each epoch draws `randperm(60000)` and each step takes
 * `indexSelect(0, perm[i:i+32])` of images and labels (no DataLoader: no per-sample transforms
 * on either side). Five rounds, each PyTorch (a fresh process, best of two runs) then antorcha
 * (one run with each step in `torch.tidy`, as Trainer and Keras' fit run it, and one plain,
 * left to the GC); each side keeps its best. Peak RSS (VmHWM from /proc/self/status) comes from
 * one fresh process per side and workload: PyTorch's (two runs, data loaded) and antorcha's
 * (tidy steps, one run, data loaded). `npx tsx bench/training.ts [threads] [mlp|cnn|all]`
 */
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { getNumThreads, nativeInfo, setNumThreads } from "../src/backend/native/index.js";
import { activeBackend } from "../src/backend/registry.js";
import * as torch from "../src/index.js";
import { nn, optim } from "../src/index.js";
import { datasets } from "../src/data/index.js";
import { fmt, runPyTorch, smallCnn, threadsArg } from "./common.js";

const ROOT = "/usr/share/datasets/fashion-mnist";
const BATCH = 32;
const CNN_STEPS = 100;

function load(): { x: torch.Tensor; y: torch.Tensor } {
  const ds = new datasets.FashionMNIST({ root: ROOT, train: true });
  return { x: ds.data.to("float32").div(255), y: ds.targets };
}

/** Peak resident set of this process, in MiB (VmHWM). */
function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Runs a step in a tidy scope (scoped) or plainly (left to the GC). */
const scope = <T>(scoped: boolean, f: () => T): T => (scoped ? torch.tidy(f) : f());

function mlpEpoch(x: torch.Tensor, y: torch.Tensor, scoped = true): { seconds: number; loss: number } {
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const flat = x.reshape(-1, 784);
  const n = flat.shape[0]!;
  const t0 = performance.now();
  const perm = torch.randperm(n);
  let loss = NaN;
  for (let i = 0; i < n; i += BATCH) {
    const idx = perm.narrow(0, i, Math.min(BATCH, n - i));
    scope(scoped, () => {
      const xb = flat.indexSelect(0, idx);
      const yb = y.indexSelect(0, idx);
      opt.zeroGrad();
      const l = lossFn.call(model.call(xb), yb);
      l.backward();
      opt.step();
      if (i + BATCH >= n) loss = l.item() as number;
    });
  }
  return { seconds: (performance.now() - t0) / 1000, loss };
}

function cnnSteps(x: torch.Tensor, y: torch.Tensor, scoped = true): { seconds: number; loss: number } {
  torch.manualSeed(0);
  const model = smallCnn();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const imgs = x.reshape(-1, 1, 28, 28);
  const perm = torch.randperm(imgs.shape[0]!);
  const step = (s: number): number =>
    scope(scoped, () => {
      const idx = perm.narrow(0, s * BATCH, BATCH);
      opt.zeroGrad();
      const l = lossFn.call(model.call(imgs.indexSelect(0, idx)), y.indexSelect(0, idx));
      l.backward();
      opt.step();
      return s === CNN_STEPS ? (l.item() as number) : NaN;
    });
  step(0); // warm-up (allocations, JIT)
  const t0 = performance.now();
  let loss = NaN;
  for (let s = 1; s <= CNN_STEPS; s++) loss = step(s);
  return { seconds: (performance.now() - t0) / 1000, loss };
}

const PY = (which: string): string => `
import gzip, numpy as np
import torch.nn as nn
def idx(path, off):
    with gzip.open(path) as f: return np.frombuffer(f.read(), dtype=np.uint8, offset=off)
X = torch.from_numpy(idx("${ROOT}/train-images-idx3-ubyte.gz", 16).copy()).reshape(-1, 28, 28).float().div(255)
Y = torch.from_numpy(idx("${ROOT}/train-labels-idx1-ubyte.gz", 8).copy()).long()
def mlp_epoch():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    flat = X.reshape(-1, 784); n = flat.shape[0]
    t0 = time.perf_counter()
    perm = torch.randperm(n)
    for i in range(0, n, ${BATCH}):
        idx_ = perm[i:i + ${BATCH}]
        xb = flat.index_select(0, idx_); yb = Y.index_select(0, idx_)
        opt.zero_grad()
        l = loss_fn(model(xb), yb)
        l.backward()
        opt.step()
    return time.perf_counter() - t0, l.item()
def cnn_steps():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(64 * 12 * 12, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    imgs = X.reshape(-1, 1, 28, 28); perm = torch.randperm(imgs.shape[0])
    def step(s):
        idx_ = perm[s * ${BATCH}:(s + 1) * ${BATCH}]
        opt.zero_grad()
        l = loss_fn(model(imgs.index_select(0, idx_)), Y.index_select(0, idx_))
        l.backward(); opt.step(); return l
    step(0)
    t0 = time.perf_counter()
    for s in range(1, ${CNN_STEPS} + 1): l = step(s)
    return time.perf_counter() - t0, l.item()
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"): return int(line.split()[1]) / 1024
out = {}
# two runs per process, the best kept, so the first run's warm-up is not what is compared
if "${which}" == "mlp": out["mlp"] = min(mlp_epoch() for _ in range(2))
if "${which}" == "cnn": out["cnn"] = min(cnn_steps() for _ in range(2))
out["hwm"] = [hwm(), 0]
print(json.dumps(out))
`;

const threads = threadsArg(getNumThreads());
const which = process.argv[3] ?? "all";
setNumThreads(threads);
const { x, y } = load();
if (process.argv[4] === "child") {
  // one run in a fresh process, for its peak RSS
  const run = which === "mlp" ? mlpEpoch(x, y) : cnnSteps(x, y);
  console.log(JSON.stringify({ ...run, hwm: peakRssMiB() }));
  process.exit(0);
}
const ROUNDS = Number(process.env.ANTORCHA_BENCH_ROUNDS ?? 5); // fewer on a busy host
console.log(
  `backend ${activeBackend().name} (${nativeInfo().isa ?? "ts"}), ${threads} thread(s), batch ${BATCH}, ` +
    `${ROUNDS} rounds of PyTorch (best of 2 runs) then antorcha (tidy steps, then plain), best kept`,
);
type Run = { seconds: number; loss: number };
// The two sides alternate round by round, so a slow stretch of the shared host hits both.
function compare(name: "mlp" | "cnn", unit: string, ours: (scoped: boolean) => Run): void {
  let mine: Run | null = null;
  let plain: Run | null = null;
  let theirs: Run | null = null;
  let theirHwm = NaN;
  let failure = "";
  for (let r = 0; r < ROUNDS; r++) {
    const py = runPyTorch<Record<string, [number, number]>>(threads, PY(name));
    if (typeof py === "string") failure = py;
    else {
      theirHwm = py.hwm![0];
      if (!theirs || py[name]![0] < theirs.seconds) theirs = { seconds: py[name]![0], loss: py[name]![1] };
    }
    const run = ours(true);
    if (!mine || run.seconds < mine.seconds) mine = run;
    const p = ours(false);
    if (!plain || p.seconds < plain.seconds) plain = p;
  }
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, String(threads), name, "child"], {
    encoding: "utf8",
  });
  const ourHwm = child.status === 0 ? (JSON.parse(child.stdout.trim().split("\n").pop()!) as { hwm: number }).hwm : NaN;
  console.log(`${name} antorcha (tidy):  ${fmt(mine!.seconds, 2)} s ${unit} (last loss ${fmt(mine!.loss, 3)})`);
  console.log(`${name} antorcha (plain): ${fmt(plain!.seconds, 2)} s ${unit} (last loss ${fmt(plain!.loss, 3)})`);
  if (!theirs) return console.log(`${name} pytorch: failed: ${failure}`);
  console.log(`${name} pytorch:  ${fmt(theirs.seconds, 2)} s ${unit} (last loss ${fmt(theirs.loss, 3)})`);
  console.log(
    `${name} ratio (pytorch time / antorcha time): tidy ${fmt(theirs.seconds / mine!.seconds, 2)}x, plain ${fmt(theirs.seconds / plain!.seconds, 2)}x`,
  );
  console.log(
    `${name} peak RSS (VmHWM, fresh process): antorcha ${fmt(ourHwm, 0)} MiB, pytorch ${fmt(theirHwm, 0)} MiB`,
  );
}
if (which === "mlp" || which === "all") compare("mlp", "per epoch", (s) => mlpEpoch(x, y, s));
if (which === "cnn" || which === "all") compare("cnn", `per ${CNN_STEPS} steps`, (s) => cnnSteps(x, y, s));
