/**
 * torch.distributed on localhost: allReduce latency and bandwidth for 1 KB–64 MB (2 processes)
 * beside gloo's allreduce called directly from C++ (bench/gloo-allreduce.cc), and the scaling of a
 * Fashion-MNIST MLP epoch under DDP with 1 and 2 processes (default threads, and setNumThreads(1)
 * per rank).
 *
 * Run: npx tsx bench/distributed.ts            (needs libgloo-dev + the gloo addon, g++ for the
 *      baseline, Fashion-MNIST for the MLP part: `npm run bench:setup`)
 *      TRAIN_SIZE=20000 EPOCHS=1 … (defaults) to size the MLP part.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0));
    });
  });
}

/** Runs `cmd args` as `n` ranks; resolves to rank 0's stdout. */
async function ranks(
  n: number,
  cmd: string,
  args: (rank: number) => string[],
  env: Record<string, string> = {},
): Promise<string> {
  const port = await freePort();
  const outs: string[] = [];
  await Promise.all(
    Array.from(
      { length: n },
      (_, rank) =>
        new Promise<void>((resolve, reject) => {
          const p = spawn(cmd, args(rank), {
            cwd: ROOT,
            env: {
              ...process.env,
              ...env,
              MASTER_ADDR: "127.0.0.1",
              MASTER_PORT: String(port),
              RANK: String(rank),
              WORLD_SIZE: String(n),
            },
            stdio: ["ignore", "pipe", "inherit"],
          });
          let out = "";
          p.stdout.on("data", (d: Buffer) => (out += d.toString()));
          p.on("exit", (code) => {
            outs[rank] = out;
            if (code === 0) resolve();
            else reject(new Error(`rank ${rank} exited with ${code}`));
          });
        }),
    ),
  );
  return outs[0]!;
}

// ---- the rank side ----

async function rankAllreduce(): Promise<void> {
  const torch = await import("../src/index.js");
  const dist = torch.distributed;
  await dist.initProcessGroup();
  for (let bytes = 1024; bytes <= 64 << 20; bytes *= 4) {
    const t = torch.ones([bytes / 4]);
    const iters = Math.max(5, Math.min(200, Math.floor((64 << 20) / bytes)));
    const us: number[] = [];
    for (let i = 0; i < iters + 3; i++) {
      const t0 = performance.now();
      await dist.allReduce(t);
      if (i >= 3) us.push((performance.now() - t0) * 1000);
    }
    us.sort((a, b) => a - b);
    if (dist.getRank() === 0) console.log(`${bytes} ${us[us.length >> 1]!.toFixed(1)}`);
  }
  dist.destroyProcessGroup();
}

async function rankMlp(): Promise<void> {
  const torch = await import("../src/index.js");
  const { nn, optim, data, distributed: dist, Trainer } = torch;
  if (process.env.BENCH_THREADS) torch.setNumThreads(Number(process.env.BENCH_THREADS));
  await dist.initProcessGroup();
  const size = Number(process.env.TRAIN_SIZE ?? 20000);
  const transform = new data.transforms.Compose([
    new data.transforms.ToTensor(),
    new data.transforms.Normalize([0.286], [0.353]),
  ]);
  const full = new data.datasets.FashionMNIST({ train: true, transform });
  const train = new data.Subset(
    full,
    Array.from({ length: size }, (_, i) => i),
  );
  const sampler = new data.DistributedSampler(train, { seed: 0 });
  const loader = new data.DataLoader(train, { batchSize: 64, sampler });
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
  const ddp = await nn.parallel.DistributedDataParallel.create(model);
  const trainer = new Trainer(ddp, new nn.CrossEntropyLoss(), new optim.SGD(ddp.parameters(), { lr: 0.05 }));
  trainer.setLoaders(loader);
  // Decode the images once before timing (the dataset caches), so the epoch times the training.
  for (const _ of loader) void _;
  await dist.barrier();
  const epochs = Number(process.env.EPOCHS ?? 1);
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) {
    sampler.setEpoch(e);
    await trainer.train(1, { seed: e === 0 ? 0 : null, progress: false });
  }
  await dist.barrier();
  const s = (performance.now() - t0) / 1000 / epochs;
  if (dist.getRank() === 0)
    console.log(`${s.toFixed(2)} ${trainer.losses.at(-1)!.toFixed(4)} ${torch.getNumThreads()}`);
  dist.destroyProcessGroup();
}

// ---- the driver ----

async function driver(): Promise<void> {
  const tsx = ["--import", "tsx", SELF];
  console.log("## allReduce, float32, 2 processes on localhost (median of ≥5 calls)\n");
  // Two rounds, alternating gloo's C++ and antorcha; the better median of each per size (the
  // host is shared: a round can lose a time slice anywhere).
  const best = (into: Map<number, number>, out: string): void => {
    for (const l of out.trim().split("\n")) {
      const [b, us] = l.split(" ").map(Number) as [number, number];
      into.set(b, Math.min(us, into.get(b) ?? Infinity));
    }
  };
  const direct = new Map<number, number>();
  const mine = new Map<number, number>();
  const bin = join(tmpdir(), "antorcha-gloo-allreduce");
  const cc = spawnSync("g++", [
    "-O2",
    "-std=c++17",
    join(ROOT, "bench/gloo-allreduce.cc"),
    "-lgloo",
    "-pthread",
    "-o",
    bin,
  ]);
  if (cc.status !== 0) console.log(`(gloo C++ baseline not built: ${cc.stderr?.toString().split("\n")[0]})`);
  for (let round = 0; round < 2; round++) {
    if (cc.status === 0) {
      const dir = mkdtempSync(join(tmpdir(), "gloo-store-"));
      best(direct, await ranks(2, bin, (r) => [String(r), "2", dir]));
    }
    best(mine, await ranks(2, process.execPath, () => [...tsx, "allreduce"]));
  }
  const ours = [...mine].map(([b, us]) => `${b} ${us}`).join("\n");
  console.log("| size | antorcha µs | GB/s (bus) | gloo C++ µs | GB/s (bus) | antorcha / gloo |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  for (const line of ours.trim().split("\n")) {
    const [bytes, us] = line.split(" ").map(Number) as [number, number];
    const bus = (t: number): string => (bytes / (t / 1e6) / 1e9).toFixed(2); // 2 ranks: bus bw = 2(n-1)/n × alg = alg
    const d = direct.get(bytes);
    const size = bytes >= 1 << 20 ? `${bytes >> 20} MB` : `${bytes >> 10} KB`;
    console.log(
      `| ${size} | ${us.toFixed(0)} | ${bus(us)} | ${d?.toFixed(0) ?? "–"} | ${d ? bus(d) : "–"} | ${d ? (us / d).toFixed(2) : "–"} |`,
    );
  }
  console.log(
    `\n## Fashion-MNIST MLP (784-256-10, SGD, batch 64 per rank), DDP epoch over ${process.env.TRAIN_SIZE ?? 20000} images\n`,
  );
  console.log("| processes | threads per rank | s / epoch | speed-up | efficiency | last loss |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  for (const threads of [null, 1]) {
    let base = 0;
    for (const n of [1, 2]) {
      const env: Record<string, string> = threads === null ? {} : { BENCH_THREADS: String(threads) };
      const [s, loss, nt] = (await ranks(n, process.execPath, () => [...tsx, "mlp"], env)).trim().split(" ");
      const sec = Number(s);
      if (n === 1) base = sec;
      console.log(
        `| ${n} | ${nt} | ${sec.toFixed(2)} | ${(base / sec).toFixed(2)} | ${((100 * base) / sec / n).toFixed(0)}% | ${loss} |`,
      );
    }
  }
}

const mode = process.argv[2];
if (mode === "allreduce") await rankAllreduce();
else if (mode === "mlp") await rankMlp();
else await driver();
