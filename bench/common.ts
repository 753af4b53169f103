/**
 * Shared helpers for the side-by-side benchmarks: timing, PyTorch runs (Debian python3-torch
 * through /usr/bin/python3, same thread count) and markdown tables.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { nn } from "../src/index.js";

/**
 * The small CNN of the training benchmarks (PyTorch's side builds the same layers): conv 32 3x3
 * → relu → conv 64 3x3 → relu → max-pool 2 → flatten → dense 128 → relu → dense 10.
 */
export function smallCnn(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 32, 3),
    new nn.ReLU(),
    new nn.Conv2d(32, 64, 3),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(64 * 12 * 12, 128),
    new nn.ReLU(),
    new nn.Linear(128, 10),
  );
}

/** Seconds per call: repeats until `ms` have passed, best of `rounds` rounds. */
export function time(f: () => void, ms = 250, rounds = 3): number {
  f();
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    let reps = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms) {
      f();
      reps++;
      t = performance.now();
    }
    best = Math.min(best, (t - t0) / 1000 / reps);
  }
  return best;
}

/** Python source of the same timing loop, for the PyTorch side (defines `bench(f)`). */
export const PY_TIME = `
import json, sys, time
def bench(f, ms=250, rounds=3):
    f()
    best = float("inf")
    for _ in range(rounds):
        reps = 0; t0 = time.perf_counter(); t = t0
        while t - t0 < ms / 1000:
            f(); reps += 1; t = time.perf_counter()
        best = min(best, (t - t0) / reps)
    return best
`;

const OPENBLAS_OPENMP = "/usr/lib/x86_64-linux-gnu/openblas-openmp";

/**
 * PyTorch's BLAS is whatever `libblas.so.3` Debian's alternatives pick, and the pthread build of
 * OpenBLAS outranks the OpenMP one once both are installed (libgloo-dev pulls it in): its own
 * threads then fight PyTorch's OpenMP pool and PyTorch's MLP epoch ran 4x slower than with the
 * OpenMP build (5.1 s instead of ~1.2 s on 2 threads). The baseline must be PyTorch at its best,
 * so its process loads the OpenMP build whenever it is installed, whatever the alternative says.
 */
export function blasEnv(): Record<string, string> {
  if (!existsSync(`${OPENBLAS_OPENMP}/libblas.so.3`)) return {};
  const prev = process.env.LD_LIBRARY_PATH;
  return { LD_LIBRARY_PATH: prev ? `${OPENBLAS_OPENMP}:${prev}` : OPENBLAS_OPENMP };
}

/**
 * Runs `body` under /usr/bin/python3 with torch imported and `torch.set_num_threads(threads)`;
 * the script must print one JSON object as its last line. Returns it, or the error line.
 */
export function runPyTorch<T>(threads: number, body: string): T | string {
  const src = `${PY_TIME}\nimport torch\ntorch.set_num_threads(${threads})\n${body}`;
  // torch.set_num_threads does not reach OpenBLAS's own OpenMP pool once it has started (at
  // n=2048 a "1-thread" PyTorch GEMM ran at 175 GFLOP/s on 2 cores), so the BLAS gets the count
  // through the environment too.
  const n = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, ...blasEnv() };
  const r = spawnSync("/usr/bin/python3", ["-c", src], { encoding: "utf8", maxBuffer: 1 << 26, env });
  if (r.status !== 0) return (r.stderr || String(r.error)).trim().split("\n").pop() ?? "failed";
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/**
 * The side-by-side protocol: antorcha, PyTorch, antorcha, PyTorch, keeping each side's better
 * figure per key (`"max"` for rates, `"min"` for times). PyTorch's side is its first error line
 * if its first run failed; a failed second run keeps the first.
 * @example const { ours, theirs } = alternate(antorcha, () => pytorch(threads), "max");
 */
export function alternate(
  ours: () => Map<string, number>,
  theirs: () => Map<string, number> | string,
  keep: "max" | "min",
): { ours: Map<string, number>; theirs: Map<string, number> | string } {
  const better = (a: Map<string, number>, b: Map<string, number>) =>
    new Map(
      [...a].map(([k, v]) => [k, keep === "max" ? Math.max(v, b.get(k) ?? 0) : Math.min(v, b.get(k) ?? Infinity)]),
    );
  const ours1 = ours();
  const theirs1 = theirs();
  const ours2 = ours();
  const theirs2 = theirs();
  return {
    ours: better(ours1, ours2),
    theirs: typeof theirs1 !== "string" && typeof theirs2 !== "string" ? better(theirs1, theirs2) : theirs1,
  };
}

/** A markdown table from a header and rows of cells. */
export function table(header: string[], rows: (string | number)[][]): string {
  const out = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const r of rows) out.push(`| ${r.map(String).join(" | ")} |`);
  return out.join("\n");
}

/** `x.toFixed(d)`, or "n/a" when x is not a finite number. */
export function fmt(x: number | undefined, d = 1): string {
  return x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(d);
}

/** The thread count from argv[2] (default: `fallback`). */
export function threadsArg(fallback: number): number {
  const t = Number(process.argv[2] ?? fallback);
  return Number.isInteger(t) && t > 0 ? t : fallback;
}
