/**
 * Allocating ops with and without explicit lifetimes, antorcha vs PyTorch (same thread count,
 * A B A B, best of each): GEMM n=256 and add/relu/exp on 1e6 float32 elements, each allocating
 * its result. "plain" leaves results to the GC; "tidy" runs each call in `torch.tidy`, so the
 * result returns to the caching pool and the next call reuses it warm (what PyTorch's allocator
 * does for every call). `npx tsx bench/lifetimes.ts [threads]`
 */
import * as torch from "../src/index.js";
import { alternate, fmt, runPyTorch, table, threadsArg, time } from "./common.js";

const N = 1e6;
const G = 256;

function antorcha(): Map<string, number> {
  const x = torch.rand([N]).sub(0.5);
  const y = torch.rand([N]);
  const a = torch.rand([G, G]);
  const b = torch.rand([G, G]);
  const fns: Record<string, () => unknown> = {
    "matmul 256": () => torch.matmul(a, b),
    "add 1e6": () => torch.add(x, y),
    "relu 1e6": () => torch.relu(x),
    "exp 1e6": () => torch.exp(x),
  };
  const res = new Map<string, number>();
  for (const [k, f] of Object.entries(fns)) {
    res.set(`${k} plain`, time(f));
    res.set(
      `${k} tidy`,
      time(() => torch.tidy(() => void f())),
    );
  }
  return res;
}

function pytorch(threads: number): Map<string, number> | string {
  const r = runPyTorch<Record<string, number>>(
    threads,
    `
x = torch.rand(${N}) - 0.5; y = torch.rand(${N}); a = torch.rand(${G}, ${G}); b = torch.rand(${G}, ${G})
out = {}
for k, f in [("matmul 256", lambda: torch.matmul(a, b)), ("add 1e6", lambda: torch.add(x, y)), ("relu 1e6", lambda: torch.relu(x)), ("exp 1e6", lambda: torch.exp(x))]:
    out[k] = bench(f)
print(json.dumps(out))
`,
  );
  return typeof r === "string" ? r : new Map(Object.entries(r));
}

const threads = threadsArg(torch.getNumThreads());
torch.setNumThreads(threads);
const { ours, theirs } = alternate(antorcha, () => pytorch(threads), "min");
console.log(`antorcha vs PyTorch, ${threads} thread(s), float32, µs per call (each allocates its result)\n`);
const rows: (string | number)[][] = [];
for (const k of ["matmul 256", "add 1e6", "relu 1e6", "exp 1e6"]) {
  const p = typeof theirs === "string" ? NaN : (theirs.get(k) ?? NaN);
  const plain = ours.get(`${k} plain`)!;
  const tidy = ours.get(`${k} tidy`)!;
  rows.push([k, fmt(plain * 1e6, 1), fmt(tidy * 1e6, 1), fmt(p * 1e6, 1), fmt(p / plain, 2), fmt(p / tidy, 2)]);
}
console.log(
  table(
    ["op", "antorcha plain µs", "antorcha tidy µs", "PyTorch µs", "ratio plain", "ratio tidy (PyTorch/antorcha)"],
    rows,
  ),
);
if (typeof theirs === "string") console.log(`\nPyTorch not measured: ${theirs}`);
