/**
 * The rank side of the distributed tests: `node --import tsx worker.ts <scenario>` under the
 * env:// variables. Prints `RESULT {json}` lines the test reads; exits non-zero on an error.
 */
import * as torch from "../../src/index.js";
import type { DType } from "../../src/tensor/dtype.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const { distributed: dist, nn, optim } = torch;
const scenario = process.argv[2];
const report = (obj: Record<string, unknown>): void => void process.stdout.write(`RESULT ${JSON.stringify(obj)}\n`);

const DTYPES: DType[] = [
  "bool",
  "uint8",
  "int8",
  "int16",
  "int32",
  "int64",
  "float16",
  "bfloat16",
  "float32",
  "float64",
];

/** Rank r's input: small integers, so every reduction is exact in every dtype. */
function values(r: number, dtype: DType): (number | boolean)[] {
  if (dtype === "bool") return [r % 2 === 0, true, false, r === 1, r !== 2];
  return [r + 1, 3, 1, 2 * r, 2 - (r % 2)];
}
const make = (v: (number | boolean)[], dtype: DType): Tensor => torch.tensor(v as number[], { dtype });

function reduceRef(op: string, dtype: DType, world: number, seed = 0): (number | boolean)[] {
  const rows = Array.from({ length: world }, (_, r) => values(r + seed, dtype));
  return rows[0]!.map((_, i) => {
    const col = rows.map((row) => row[i]!);
    if (dtype === "bool") {
      const b = col as boolean[];
      return op === "sum" || op === "max" ? b.some(Boolean) : b.every(Boolean);
    }
    const c = col as number[];
    if (op === "sum") return c.reduce((a, x) => a + x, 0);
    if (op === "avg") return c.reduce((a, x) => a + x, 0) / world;
    if (op === "product") return c.reduce((a, x) => a * x, 1);
    if (op === "min") return Math.min(...c);
    return Math.max(...c);
  });
}

const same = (t: Tensor, v: (number | boolean)[], dtype: DType): boolean =>
  JSON.stringify(t.tolist()) === JSON.stringify(make(v, dtype).tolist()) && t.dtype === dtype;

async function collectives(): Promise<void> {
  await dist.initProcessGroup({ backend: "gloo", timeout: 60_000 });
  const r = dist.getRank();
  const N = dist.getWorldSize();
  const bad: string[] = [];
  const check = (what: string, ok: boolean): void => void (ok ? null : bad.push(what));
  for (const dtype of DTYPES) {
    const floating = dtype.startsWith("float") || dtype === "bfloat16";
    const ops: ("sum" | "product" | "min" | "max" | "avg")[] = ["sum", "product", "min", "max"];
    if (floating) ops.push("avg");
    for (const op of ops) {
      const t = make(values(r, dtype), dtype);
      await dist.allReduce(t, op);
      check(`allReduce ${op} ${dtype}: ${String(t.tolist())}`, same(t, reduceRef(op, dtype, N), dtype));
    }
    // async variant: a Work that completes
    const ta = make(values(r, dtype), dtype);
    const w = dist.allReduce(ta, "max", { asyncOp: true });
    await w.wait();
    check(
      `allReduce async ${dtype}`,
      w.isCompleted() && w.result()[0] === ta && same(ta, reduceRef("max", dtype, N), dtype),
    );

    const b = make(values(r, dtype), dtype);
    await dist.broadcast(b, N - 1);
    check(`broadcast ${dtype}`, same(b, values(N - 1, dtype), dtype));

    const parts = Array.from({ length: N }, () => torch.zeros([5], { dtype }));
    await dist.allGather(parts, make(values(r, dtype), dtype));
    check(
      `allGather ${dtype}`,
      parts.every((p, q) => same(p, values(q, dtype), dtype)),
    );

    // reduceScatter: rank q's input j is values(q + j); rank r gets the sum over q of values(q + r)
    if (dtype !== "bool") {
      const out = torch.zeros([5], { dtype });
      await dist.reduceScatter(
        out,
        Array.from({ length: N }, (_, j) => make(values(r + j, dtype), dtype)),
      );
      check(`reduceScatter ${dtype}`, same(out, reduceRef("sum", dtype, N, r), dtype));
    }

    const dst = 1 % N;
    const gl = r === dst ? Array.from({ length: N }, () => torch.zeros([5], { dtype })) : null;
    await dist.gather(make(values(r, dtype), dtype), gl, dst);
    if (gl !== null)
      check(
        `gather ${dtype}`,
        gl.every((p, q) => same(p, values(q, dtype), dtype)),
      );

    const src = N - 1;
    const sc = torch.zeros([5], { dtype });
    await dist.scatter(sc, r === src ? Array.from({ length: N }, (_, q) => make(values(q, dtype), dtype)) : null, src);
    check(`scatter ${dtype}`, same(sc, values(r, dtype), dtype));

    // a ring of send/recv
    const got = torch.zeros([5], { dtype });
    const [, from] = await Promise.all([
      dist.send(make(values(r, dtype), dtype), (r + 1) % N, { tag: 7 }),
      dist.recv(got, (r + N - 1) % N, { tag: 7 }),
    ]);
    check(`send/recv ${dtype}`, from === (r + N - 1) % N && same(got, values((r + N - 1) % N, dtype), dtype));
    const got2 = torch.zeros([5], { dtype });
    const ws = [dist.isend(make(values(r, dtype), dtype), (r + 1) % N), dist.irecv(got2, (r + N - 1) % N)];
    for (const x of ws) await x.wait();
    check(`isend/irecv ${dtype}`, same(got2, values((r + N - 1) % N, dtype), dtype));
  }
  await dist.barrier();
  const wb = dist.barrier({ asyncOp: true });
  await wb.wait();
  report({ rank: r, world: N, bad, rank0: dist.getRank(), isInit: dist.isInitialized() });
  dist.destroyProcessGroup();
  // file:// rendezvous in the same processes, after the first group is gone
  const file = process.env.DIST_FILE!;
  await dist.initProcessGroup({ initMethod: `file://${file}`, worldSize: N, rank: r, timeout: 60_000 });
  const t = torch.tensor([r + 1, 10], { dtype: "float32" });
  await dist.allReduce(t);
  report({ rank: r, fileInit: t.tolist() });
  dist.destroyProcessGroup();
}

function mlp(): InstanceType<typeof nn.Sequential> {
  return new nn.Sequential(
    new nn.Linear(20, 64),
    new nn.ReLU(),
    new nn.Linear(64, 64),
    new nn.ReLU(),
    new nn.Linear(64, 3),
  );
}

async function ddp(): Promise<void> {
  await dist.initProcessGroup({ timeout: 60_000 });
  const r = dist.getRank();
  const N = dist.getWorldSize();
  // Different initial weights per rank: DDP must start every rank from rank 0's.
  torch.manualSeed(r);
  const model = mlp();
  const net = await nn.parallel.DistributedDataParallel.create(model, { bucketCapMb: 0.01 });
  const opt = new optim.SGD(net.parameters(), { lr: 0.05, momentum: 0.9 });
  torch.manualSeed(1234);
  const B = 8;
  const X = torch.randn(N * B, 20);
  const Y = torch.randint(0, 3, [N * B]);
  let overlapped = 0;
  const steps = 50;
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = nn.functional.crossEntropy(net.call(X.narrow(0, r * B, B)), Y.narrow(0, r * B, B));
    loss.backward();
    const backwardEnd = performance.now();
    await net.syncGradients();
    opt.step();
    if (net._timeline.bucketStarts[0]! < backwardEnd) overlapped++;
  }
  let maxDiff = -1;
  if (r === 0) {
    torch.manualSeed(0);
    const ref = mlp();
    const o2 = new optim.SGD(ref.parameters(), { lr: 0.05, momentum: 0.9 });
    for (let s = 0; s < steps; s++) {
      o2.zeroGrad();
      nn.functional.crossEntropy(ref.call(X), Y).backward();
      o2.step();
    }
    const a = model.parameters();
    const b = ref.parameters();
    maxDiff = Math.max(...a.map((p, i) => p.sub(b[i]!).abs().max().item() as number));
  }
  // Every rank holds the same weights.
  const flat = torch.cat(model.parameters().map((p) => p.detach().reshape([-1])));
  const sum = flat.clone();
  await dist.allReduce(sum, "sum");
  const agree = (sum.div(N).sub(flat).abs().max().item() as number) < 1e-6;

  // noSync: two micro-batches, the first without synchronisation
  const x1 = torch.randn(4, 20).add(r);
  const x2 = torch.randn(4, 20).sub(r);
  const y1 = torch.randint(0, 3, [4]);
  const y2 = torch.randint(0, 3, [4]);
  opt.zeroGrad();
  await net.noSync(() => nn.functional.crossEntropy(net.call(x1), y1).backward());
  nn.functional.crossEntropy(net.call(x2), y2).backward();
  await net.syncGradients();
  // local reference: mean over ranks of (g1 + g2), the ranks' batches regenerated here
  const grads = model.parameters().map((p) => p.grad!.clone());
  const all = torch.cat(grads.map((g) => g.reshape([-1])));
  const gathered = Array.from({ length: N }, () => torch.zeros(all.shape));
  await dist.allGather(gathered, all);
  const noSyncAgree = gathered.every((g) => (g.sub(all).abs().max().item() as number) < 1e-7);

  // noSync must differ from the local gradient: check against the single-rank local sum
  model.zeroGrad();
  nn.functional.crossEntropy(model.call(x1), y1).backward();
  nn.functional.crossEntropy(model.call(x2), y2).backward();
  const local = torch.cat(model.parameters().map((p) => p.grad!.reshape([-1])));
  const sumLocal = local.clone();
  await dist.allReduce(sumLocal, "avg");
  const noSyncMatches = (sumLocal.sub(all).abs().max().item() as number) < 1e-5;

  report({ rank: r, maxDiff, agree, overlapped, steps, buckets: net.bucketCount, noSyncAgree, noSyncMatches });
  dist.destroyProcessGroup();
}

class TwoHeads extends nn.Module {
  trunk = new nn.Linear(4, 4);
  a = new nn.Linear(4, 2);
  b = new nn.Linear(4, 2);
  override forward(x: Tensor): Tensor {
    return this.a.call(this.trunk.call(x));
  }
}

async function unused(): Promise<void> {
  await dist.initProcessGroup({ timeout: 60_000 });
  const r = dist.getRank();
  const strict = await nn.parallel.DistributedDataParallel.create(new TwoHeads());
  strict.call(torch.randn(3, 4)).sum().backward();
  let error = "";
  try {
    await strict.syncGradients();
  } catch (e) {
    error = (e as Error).message;
  }
  const model = new TwoHeads();
  const lenient = await nn.parallel.DistributedDataParallel.create(model, { findUnusedParameters: true });
  lenient.call(torch.randn(3, 4).add(r)).sum().backward();
  await lenient.syncGradients();
  report({ rank: r, error, unusedGrad: model.b.weight.grad === null, usedGrad: model.a.weight.grad !== null });
  dist.destroyProcessGroup();
}

async function die(): Promise<void> {
  await dist.initProcessGroup({ timeout: 60_000 });
  const r = dist.getRank();
  const t = torch.ones(1000);
  for (let i = 0; ; i++) {
    if (r === 1 && i === 20) {
      report({ rank: r, killedAt: Date.now() });
      process.kill(process.pid, "SIGKILL");
    }
    try {
      await dist.allReduce(t);
    } catch (e) {
      report({ rank: r, error: (e as Error).message, name: (e as Error).name, at: Date.now() });
      process.exit(1);
    }
  }
}

async function join(): Promise<void> {
  // initProcessGroup's own errors (world size mismatch, a rank that never comes)
  try {
    await dist.initProcessGroup({ timeout: Number(process.env.JOIN_TIMEOUT ?? 60_000) });
    report({ rank: Number(process.env.RANK), ok: true });
    dist.destroyProcessGroup();
  } catch (e) {
    report({ rank: Number(process.env.RANK), error: (e as Error).message });
    process.exit(1);
  }
}

async function kerasFit(): Promise<void> {
  await dist.initProcessGroup({ timeout: 60_000 });
  const r = dist.getRank();
  const { keras } = torch;
  torch.manualSeed(r); // different initial weights: fit starts every rank from rank 0's
  const model = keras.Sequential([
    keras.layers.Dense(8, { activation: "relu", inputShape: [4] }),
    keras.layers.Dense(1),
  ]);
  model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.05 }), loss: "mse" });
  torch.manualSeed(7);
  const x = torch.randn(64, 4);
  const y = x.sum(1, true).mul(0.5);
  const h = await model.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 1 });
  const flat = torch.cat(model.parameters().map((p) => p.detach().reshape([-1])));
  const mean = flat.clone();
  await dist.allReduce(mean, "avg");
  report({ rank: r, loss: h.history.loss, agree: (mean.sub(flat).abs().max().item() as number) < 1e-6 });
  dist.destroyProcessGroup();
}

/** Whether every rank holds the same values as this one (their mean equals them). */
async function ranksAgree(params: Tensor[]): Promise<boolean> {
  const flat = torch.cat(params.map((p) => p.detach().reshape([-1])));
  const mean = flat.clone();
  await dist.allReduce(mean, "avg");
  return (mean.sub(flat).abs().max().item() as number) < 1e-6;
}

/** StepByStep and Trainer on a DDP model: sync train refused, trainAsync on the one loop, rank 0 writes. */
async function stepByStep(): Promise<void> {
  await dist.initProcessGroup({ timeout: 60_000 });
  const r = dist.getRank();
  const dir = process.env.OUT_DIR!;
  torch.manualSeed(r); // different initial weights: DDP broadcasts rank 0's
  const ddp = await nn.parallel.DistributedDataParallel.create(new nn.Linear(4, 1));
  torch.manualSeed(7);
  const x = torch.randn(64, 4);
  const ds = new torch.data.TensorDataset(x, x.sum(1, true).mul(0.5));
  const loader = new torch.data.DataLoader(ds, {
    batchSize: 8,
    sampler: new torch.data.DistributedSampler(ds, { shuffle: false }),
  });
  const sbs = new torch.StepByStep(ddp, new nn.MSELoss(), new optim.SGD(ddp.parameters(), { lr: 0.05 }));
  sbs.setLoaders(loader, loader);
  let syncError = "";
  try {
    sbs.train(1);
  } catch (e) {
    syncError = `${(e as Error).name}: ${(e as Error).message}`;
  }
  await sbs.trainAsync(3);
  sbs.saveCheckpoint(`${dir}/sbs-rank${r}.pth`);
  let printed = "";
  const trainer = new torch.Trainer(ddp, new nn.MSELoss(), new optim.SGD(ddp.parameters(), { lr: 0.05 }));
  trainer.setLoaders(loader, loader);
  await trainer.train(2, { stream: { write: (s: string) => void (printed += s) } });
  trainer.saveCheckpoint(`${dir}/trainer-rank${r}.pth`);
  report({
    rank: r,
    syncError,
    losses: sbs.losses,
    valLosses: sbs.valLosses,
    trainerLosses: trainer.losses,
    printed,
    agree: await ranksAgree(ddp.parameters()),
  });
  dist.destroyProcessGroup();
}

/** Keras fit's file-writing callbacks under DDP: rank 0 writes; BackupAndRestore resumes every rank. */
async function kerasWriters(): Promise<void> {
  await dist.initProcessGroup({ timeout: 60_000 });
  const r = dist.getRank();
  const dir = process.env.OUT_DIR!;
  const { keras } = torch;
  const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [4] })]);
  model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.05 }), loss: "mse" });
  torch.manualSeed(7);
  const x = torch.randn(32, 4);
  const y = x.sum(1, true);
  const cbs = () => [
    new keras.callbacks.ModelCheckpoint(`${dir}/ckpt-rank${r}.pt`, { saveWeightsOnly: true }),
    new keras.callbacks.CSVLogger(`${dir}/log-rank${r}.csv`),
    new keras.callbacks.BackupAndRestore(`${dir}/backup`, { deleteCheckpoint: false }),
  ];
  const first = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: cbs() });
  // The backup says epoch 1 is done: every rank resumes at epoch 2, so 3 epochs run one more.
  const second = await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: cbs() });
  report({
    rank: r,
    firstEpochs: first.epoch,
    secondEpochs: second.epoch,
    agree: await ranksAgree(model.parameters()),
  });
  dist.destroyProcessGroup();
}

const scenarios: Record<string, () => Promise<void>> = {
  collectives,
  ddp,
  unused,
  die,
  join,
  kerasFit,
  stepByStep,
  kerasWriters,
};
const run = scenarios[scenario ?? ""];
if (run === undefined) throw new Error(`worker: unknown scenario ${scenario}`);
await run();
