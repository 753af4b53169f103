/**
 * antorcha on webgpu vs PyTorch CUDA on the same GPU, in one run (issue 22):
 * - GEMM float32 n×n·n×n, n = 512 … 8192 (PyTorch with TF32 off): ms and TFLOP/s;
 * - elementwise add / relu / exp on 1e6 and 1e7 float32 elements: ms;
 * - the Fashion-MNIST MLP 784-128-10 (ReLU, Adam 1e-3, cross-entropy, batch 32): s per epoch
 *   (1875 steps), on the real data when the dataset is there (FASHION_MNIST_ROOT or
 *   /usr/share/datasets/fashion-mnist), else on random data of the same shape (said in the output);
 * - the small CNN of bench/common.ts: s per 100 steps of batch 32, or a gap row (with the error)
 *   when conv2d does not run on webgpu.
 * Sides alternate (antorcha, PyTorch, antorcha, PyTorch), each keeping its better figure; the
 * PyTorch side is `python3` (the one whose torch sees CUDA; PYTHON overrides) in a fresh process
 * per round, timed between `torch.cuda.synchronize()` calls. antorcha's times end with an awaited
 * one-element read of the last result, so the queued GPU work is counted.
 * antorcha's MLP shuffles on the CPU and uploads each epoch's shuffled images inside the timed
 * epoch (indexSelect is a webgpu gap); PyTorch's shuffles with index_select on the GPU.
 * On a software adapter (lavapipe/llvmpipe) it runs tiny sizes and only says that it ran
 * (BENCH_WEBGPU_CHECK=1 sends them through the whole protocol and table, to check the script).
 * `npx tsx bench/webgpu.ts`
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as torch from "../src/index.js";
import { nn, optim } from "../src/index.js";
import { datasets } from "../src/data/index.js";
import { fmt, smallCnn, table } from "./common.js";

await torch.webgpu.init({ powerPreference: "high-performance" });
const info = torch.webgpu.info();
const software = /llvmpipe|lavapipe|swiftshader/i.test(`${info.description} ${info.device} ${info.architecture}`);
/** BENCH_WEBGPU_CHECK=1 on a software adapter: the tiny sizes through the full protocol and table (a check of this script, not figures). */
const check = software && process.env.BENCH_WEBGPU_CHECK === "1";
const DEV = "webgpu";
const BATCH = 32;
const GEMM = software ? [64, 96] : [512, 1024, 2048, 4096, 8192];
const ELEM = software ? [1e4] : [1e6, 1e7];
const MLP_SAMPLES = software ? BATCH * 4 : 60000;
const CNN_STEPS = software ? 2 : 100;
const ROOT = process.env.FASHION_MNIST_ROOT ?? "/usr/share/datasets/fashion-mnist";
const REAL = existsSync(`${ROOT}/train-images-idx3-ubyte.gz`) && !software;

type Times = Map<string, number>;

/** One element of `t`, awaited: everything queued before it has run. */
async function settle(t: torch.Tensor): Promise<void> {
  await t.reshape([-1]).narrow(0, 0, 1).itemAsync();
}

/** Seconds per call of `f` (which queues GPU work and returns its last result): best of 3 rounds. */
async function timeGpu(f: () => torch.Tensor, budgetMs = 300): Promise<number> {
  const once = async (reps: number): Promise<number> => {
    const t0 = performance.now();
    const last = torch.tidy(() => {
      let r = f();
      for (let i = 1; i < reps; i++) {
        r.dispose();
        r = f();
      }
      return r;
    });
    await settle(last);
    last.dispose();
    return (performance.now() - t0) / 1000 / reps;
  };
  const first = await once(1); // warm-up: pipelines compiled, pool filled
  const reps = Math.max(3, Math.min(200, Math.round(budgetMs / 1000 / Math.max(first, 1e-6))));
  let best = Infinity;
  for (let r = 0; r < 3; r++) best = Math.min(best, await once(reps));
  return best;
}

function dataset(): { x: torch.Tensor; y: torch.Tensor } {
  if (REAL) {
    return loadReal();
  }
  torch.manualSeed(0);
  return { x: torch.rand([MLP_SAMPLES, 784]), y: torch.randint(0, 10, [MLP_SAMPLES]) };
}

let realCache: { x: torch.Tensor; y: torch.Tensor } | null = null;
function loadReal(): { x: torch.Tensor; y: torch.Tensor } {
  if (realCache) return realCache;
  const ds = new datasets.FashionMNIST({ root: ROOT, train: true });
  realCache = { x: ds.data.to("float32").div(255).reshape([-1, 784]), y: ds.targets };
  return realCache;
}

async function mlpEpoch(x: torch.Tensor, y: torch.Tensor): Promise<number> {
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)).to(DEV);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const n = x.shape[0]!;
  const t0 = performance.now();
  const perm = torch.randperm(n);
  const xs = x.indexSelect(0, perm).to(DEV);
  const ys = y.indexSelect(0, perm).to(DEV);
  let last: torch.Tensor | null = null;
  for (let i = 0; i < n; i += BATCH) {
    const b = Math.min(BATCH, n - i);
    last?.dispose();
    last = torch.tidy(() => {
      opt.zeroGrad();
      const l = lossFn.call(model.call(xs.narrow(0, i, b)), ys.narrow(0, i, b));
      l.backward();
      opt.step();
      return l.detach();
    });
  }
  await settle(last!);
  const s = (performance.now() - t0) / 1000;
  last!.dispose();
  xs.dispose();
  ys.dispose();
  return s;
}

/** Seconds per CNN_STEPS steps, or the error that stops conv2d on webgpu. */
async function cnnSteps(x: torch.Tensor, y: torch.Tensor): Promise<number | string> {
  try {
    torch.manualSeed(0);
    const model = smallCnn().to(DEV);
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const lossFn = new nn.CrossEntropyLoss();
    const imgs = x
      .narrow(0, 0, BATCH * (CNN_STEPS + 1))
      .reshape([-1, 1, 28, 28])
      .to(DEV);
    const labels = y.narrow(0, 0, BATCH * (CNN_STEPS + 1)).to(DEV);
    const step = (s: number): torch.Tensor =>
      torch.tidy(() => {
        opt.zeroGrad();
        const l = lossFn.call(model.call(imgs.narrow(0, s * BATCH, BATCH)), labels.narrow(0, s * BATCH, BATCH));
        l.backward();
        opt.step();
        return l.detach();
      });
    await settle(step(CNN_STEPS)); // warm-up step (the extra batch)
    const t0 = performance.now();
    let last: torch.Tensor | null = null;
    for (let s = 0; s < CNN_STEPS; s++) {
      last?.dispose();
      last = step(s);
    }
    await settle(last!);
    return (performance.now() - t0) / 1000;
  } catch (e) {
    return (e as Error).message.split("\n")[0]!;
  }
}

/** Why a workload failed on webgpu (its row then shows the error instead of a figure). */
const failed = new Map<string, string>();

/** Runs one measurement into `times`; a failure is recorded, not fatal. */
async function attempt(times: Times, key: string, f: () => Promise<number>): Promise<void> {
  try {
    times.set(key, await f());
  } catch (e) {
    failed.set(key, (e as Error).message.split("\n")[0]!);
  }
}

async function ours(): Promise<{ times: Times; cnnGap: string | null }> {
  const times: Times = new Map();
  torch.manualSeed(1);
  for (const n of GEMM) {
    await attempt(times, `gemm ${n}`, async () => {
      const a = torch.randn([n, n], { device: DEV });
      const b = torch.randn([n, n], { device: DEV });
      try {
        return await timeGpu(() => torch.matmul(a, b));
      } finally {
        a.dispose();
        b.dispose();
      }
    });
  }
  for (const n of ELEM) {
    const a = torch.randn([n], { device: DEV });
    const b = torch.randn([n], { device: DEV });
    await attempt(times, `add ${n}`, () => timeGpu(() => torch.add(a, b)));
    await attempt(times, `relu ${n}`, () => timeGpu(() => torch.relu(a)));
    await attempt(times, `exp ${n}`, () => timeGpu(() => torch.exp(a)));
    a.dispose();
    b.dispose();
  }
  const { x, y } = dataset();
  await attempt(times, "mlp epoch", () => mlpEpoch(x, y));
  const cnn = await cnnSteps(x, y);
  if (typeof cnn === "number") times.set("cnn steps", cnn);
  return { times, cnnGap: typeof cnn === "string" ? cnn : null };
}

const PY = `
import gzip, json, sys, time
import numpy as np
import torch
cfg = json.loads(sys.argv[1])
assert torch.cuda.is_available(), "torch.cuda.is_available() is False"
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
dev = "cuda"
sync = torch.cuda.synchronize
def timegpu(f, budget=0.3):
    f(); sync()
    t0 = time.perf_counter(); f(); sync(); first = time.perf_counter() - t0
    reps = max(3, min(200, round(budget / max(first, 1e-6))))
    best = float("inf")
    for _ in range(3):
        sync(); t0 = time.perf_counter()
        for _ in range(reps): f()
        sync(); best = min(best, (time.perf_counter() - t0) / reps)
    return best
out = {}
torch.manual_seed(1)
for n in cfg["gemm"]:
    a = torch.randn(n, n, device=dev); b = torch.randn(n, n, device=dev)
    out[f"gemm {n}"] = timegpu(lambda: a @ b)
    del a, b
for n in map(int, cfg["elem"]):
    a = torch.randn(n, device=dev); b = torch.randn(n, device=dev)
    out[f"add {n}"] = timegpu(lambda: a + b)
    out[f"relu {n}"] = timegpu(lambda: torch.relu(a))
    out[f"exp {n}"] = timegpu(lambda: torch.exp(a))
if cfg["real"]:
    with gzip.open(cfg["root"] + "/train-images-idx3-ubyte.gz") as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(cfg["root"] + "/train-labels-idx1-ubyte.gz") as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    x = torch.tensor(x, dtype=torch.float32, device=dev) / 255; y = torch.tensor(y, dtype=torch.int64, device=dev)
else:
    torch.manual_seed(0)
    x = torch.rand(cfg["samples"], 784, device=dev); y = torch.randint(0, 10, (cfg["samples"],), device=dev)
B = cfg["batch"]
def mlp():
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dev)
    opt = torch.optim.Adam(m.parameters(), lr=1e-3); lf = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    sync(); t0 = time.perf_counter()
    perm = torch.randperm(n, device=dev)
    for i in range(0, n, B):
        idx = perm[i:i + B]
        opt.zero_grad(); l = lf(m(x.index_select(0, idx)), y.index_select(0, idx)); l.backward(); opt.step()
    l.item(); sync()
    return time.perf_counter() - t0
out["mlp epoch"] = min(mlp(), mlp())
def cnn():
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(64 * 12 * 12, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dev)
    opt = torch.optim.Adam(m.parameters(), lr=1e-3); lf = torch.nn.CrossEntropyLoss()
    S = cfg["cnn_steps"]
    imgs = x[: B * (S + 1)].reshape(-1, 1, 28, 28); labels = y[: B * (S + 1)]
    def step(s):
        opt.zero_grad(); l = lf(m(imgs[s * B:(s + 1) * B]), labels[s * B:(s + 1) * B]); l.backward(); opt.step(); return l
    step(S).item(); sync()
    t0 = time.perf_counter()
    for s in range(S): l = step(s)
    l.item(); sync()
    return time.perf_counter() - t0
out["cnn steps"] = min(cnn(), cnn())
out["device"] = torch.cuda.get_device_name(0)
out["torch"] = torch.__version__
print(json.dumps(out))
`;

/** PyTorch CUDA's times in a fresh process, or why it did not run. */
function theirs(): { times: Times; device: string } | string {
  const py = process.env.PYTHON ?? "python3";
  const cfg = {
    gemm: GEMM,
    elem: ELEM,
    real: REAL,
    root: ROOT,
    samples: MLP_SAMPLES,
    batch: BATCH,
    cnn_steps: CNN_STEPS,
  };
  const r = spawnSync(py, ["-c", PY, JSON.stringify(cfg)], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) return (r.stderr || String(r.error)).trim().split("\n").pop() ?? "failed";
  const o = JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, number | string>;
  const times: Times = new Map();
  for (const [k, v] of Object.entries(o)) if (typeof v === "number") times.set(k, v);
  return { times, device: `${o.device} (PyTorch ${o.torch})` };
}

const keepMin = (a: Times, b: Times): Times => new Map([...a].map(([k, v]) => [k, Math.min(v, b.get(k) ?? Infinity)]));

console.log(`adapter: ${JSON.stringify(info)}`);
console.log(
  `MLP data: ${REAL ? `Fashion-MNIST from ${ROOT}` : `random data of Fashion-MNIST's shape (${MLP_SAMPLES}×784, labels 0-9)${software ? "" : `: ${ROOT} is absent`}`}`,
);
if (software && !check) {
  const o = await ours();
  console.log(
    `software adapter (${info.description || info.device}): ran the tiny sizes (${[...o.times.keys()].join(", ")}${o.cnnGap ? `; cnn gap: ${o.cnnGap}` : ""}); no figures are claimed on a software adapter.`,
  );
  for (const [k, m] of failed) console.log(`failed on webgpu: ${k}: ${m}`);
  const t = theirs();
  console.log(`PyTorch CUDA side: ${typeof t === "string" ? `not run (${t})` : `ran on ${t.device}`}`);
  process.exit(0);
}

// antorcha, PyTorch, antorcha, PyTorch
const o1 = await ours();
const t1 = theirs();
const o2 = await ours();
const t2 = theirs();
const mine = keepMin(o1.times, o2.times);
const cnnGap = o2.cnnGap ?? o1.cnnGap;
const pt =
  typeof t1 === "string"
    ? t1
    : typeof t2 === "string"
      ? { times: t1.times, device: t1.device }
      : { times: keepMin(t1.times, t2.times), device: t1.device };
if (typeof pt === "string") console.log(`PyTorch CUDA side did not run: ${pt}`);
else console.log(`PyTorch side: ${pt.device}, TF32 off`);

const ptTimes = typeof pt === "string" ? new Map<string, number>() : pt.times;
const ratio = (k: string) => {
  const a = mine.get(k);
  const b = ptTimes.get(k);
  return a !== undefined && b !== undefined ? `${fmt(b / a, 3)}x` : "–";
};
const failure = (k: string) => (failed.has(k) ? `error: ${failed.get(k)}` : "–");
const ourMs = (k: string) => (mine.has(k) ? fmt(mine.get(k)! * 1e3, 3) : failure(k));
const ourS = (k: string) => (mine.has(k) ? fmt(mine.get(k)!, 3) : failure(k));
const rows: (string | number)[][] = [];
for (const n of GEMM) {
  const k = `gemm ${n}`;
  const tf = (s: number | undefined) => (s === undefined ? "–" : fmt((2 * n ** 3) / s / 1e12, 2));
  rows.push([
    `GEMM f32 ${n}³`,
    ourMs(k),
    tf(mine.get(k)),
    ptTimes.has(k) ? fmt(ptTimes.get(k)! * 1e3, 3) : "–",
    tf(ptTimes.get(k)),
    ratio(k),
  ]);
}
for (const n of ELEM)
  for (const op of ["add", "relu", "exp"]) {
    const k = `${op} ${n}`;
    rows.push([
      `${op} ${n.toExponential(0)}`,
      ourMs(k),
      "",
      ptTimes.has(k) ? fmt(ptTimes.get(k)! * 1e3, 3) : "–",
      "",
      ratio(k),
    ]);
  }
rows.push([
  `MLP epoch (s)${REAL ? "" : ", random data"}`,
  ourS("mlp epoch"),
  "",
  ptTimes.has("mlp epoch") ? fmt(ptTimes.get("mlp epoch")!, 3) : "–",
  "",
  ratio("mlp epoch"),
]);
if (cnnGap !== null)
  rows.push([
    `CNN ${CNN_STEPS} steps (s)`,
    `gap: ${cnnGap}`,
    "",
    ptTimes.has("cnn steps") ? fmt(ptTimes.get("cnn steps")!, 3) : "–",
    "",
    "gap",
  ]);
else
  rows.push([
    `CNN ${CNN_STEPS} steps (s)`,
    fmt(mine.get("cnn steps")!, 3),
    "",
    ptTimes.has("cnn steps") ? fmt(ptTimes.get("cnn steps")!, 3) : "–",
    "",
    ratio("cnn steps"),
  ]);
if (check)
  console.log("\nBENCH_WEBGPU_CHECK on a software adapter: the table checks this script; its numbers are not figures");
console.log(
  `\nadapter: ${info.vendor} ${info.architecture} ${info.description}; ratio = PyTorch time / antorcha time (1 = parity, <1 antorcha slower)\n`,
);
console.log(
  table(["workload", "antorcha webgpu ms (or s)", "TFLOP/s", "PyTorch CUDA ms (or s)", "TFLOP/s", "ratio"], rows),
);
