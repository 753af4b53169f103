/**
 * GEMM throughput, antorcha's native backend vs PyTorch (Debian python3-torch, OpenBLAS), in
 * one run with the same thread count. `npx tsx bench/gemm.ts [threads]`
 */
import { spawnSync } from "node:child_process";
import type { View } from "../src/backend/backend.js";
import { nativeBackend, nativeInfo, setNumThreads, getNumThreads } from "../src/backend/native/index.js";

const SIZES = [64, 128, 256, 512, 1024];
const DTYPES = ["float32", "float64"] as const;

function view(data: Float32Array | Float64Array, dtype: "float32" | "float64", n: number): View {
  return { data, dtype, shape: [1, n, n], strides: [n * n, n, 1], offset: 0 };
}

/** Seconds per call: repeats until ~0.3 s have passed, best of 3 rounds. */
function time(f: () => void): number {
  f();
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    let reps = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < 300) {
      f();
      reps++;
      t = performance.now();
    }
    best = Math.min(best, (t - t0) / 1000 / reps);
  }
  return best;
}

function antorcha(threads: number): Map<string, number> {
  const nb = nativeBackend!;
  setNumThreads(threads);
  const res = new Map<string, number>();
  for (const dt of DTYPES) {
    for (const n of SIZES) {
      const Arr = dt === "float32" ? Float32Array : Float64Array;
      const a = new Arr(n * n).map(() => Math.random());
      const b = new Arr(n * n).map(() => Math.random());
      const o = new Arr(n * n);
      const s = time(() => nb.matmul(view(a, dt, n), view(b, dt, n), view(o, dt, n)));
      res.set(`${dt} ${n}`, (2 * n ** 3) / s / 1e9);
    }
  }
  return res;
}

function pytorch(threads: number): Map<string, number> | string {
  const py = `
import json, time, torch
torch.set_num_threads(${threads})
out = {}
for dt in ${JSON.stringify(DTYPES)}:
    for n in ${JSON.stringify(SIZES)}:
        a = torch.rand(n, n, dtype=getattr(torch, dt)); b = torch.rand(n, n, dtype=getattr(torch, dt)); o = torch.empty(n, n, dtype=getattr(torch, dt))
        torch.matmul(a, b, out=o)
        best = float("inf")
        for _ in range(3):
            reps = 0; t0 = time.perf_counter(); t = t0
            while t - t0 < 0.3:
                torch.matmul(a, b, out=o); reps += 1; t = time.perf_counter()
            best = min(best, (t - t0) / reps)
        out[f"{dt} {n}"] = 2 * n ** 3 / best / 1e9
print(json.dumps(out))
`;
  const r = spawnSync("/usr/bin/python3", ["-c", py], { encoding: "utf8" });
  if (r.status !== 0) return (r.stderr || String(r.error)).trim().split("\n").pop() ?? "failed";
  return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, number>));
}

if (nativeBackend === null) {
  console.log(`native backend unavailable: ${nativeInfo().reason}`);
  process.exit(0);
}
const threads = Number(process.argv[2] ?? getNumThreads());
const info = nativeInfo();
console.log(
  `antorcha native (${info.isa}, ${threads} threads) vs PyTorch (${threads} threads): C = A·B, square, row-major`,
);
const ours = antorcha(threads);
const theirs = pytorch(threads);
console.log("dtype    n      antorcha GFLOP/s   PyTorch GFLOP/s   ratio");
for (const [k, g] of ours) {
  const [dt, n] = k.split(" ");
  const p = typeof theirs === "string" ? NaN : theirs.get(k)!;
  console.log(
    `${dt!.padEnd(8)} ${n!.padStart(5)}  ${g.toFixed(1).padStart(16)}  ${p.toFixed(1).padStart(16)}   ${(g / p).toFixed(2)}`,
  );
}
if (typeof theirs === "string") console.log(`PyTorch not measured: ${theirs}`);
