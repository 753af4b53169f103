/**
 * Elementwise throughput (float32, contiguous): add / relu / exp on 1e6 and 1e7 elements,
 * antorcha (public API, default backend) vs PyTorch with the same thread count, A B A B with
 * the best of each. GB/s counts bytes read + written (add 12 B/element, relu and exp 8).
 * Each op allocates its result, as a plain call does on both sides; the `add out=` and
 * `exp out=` rows write into a preallocated tensor instead (`torch.add(x, y, out=o)` on both
 * sides; PyTorch's relu has no out=). The `… tidy` rows run each call in `torch.tidy`, so its
 * result goes back to the caching pool and the next call writes warm memory, as PyTorch's
 * allocator does (PyTorch's side of those rows is its plain call: it frees results itself).
 * `npx tsx bench/elementwise.ts [threads]`
 */
import * as torch from "../src/index.js";
import { alternate, fmt, runPyTorch, table, threadsArg, time } from "./common.js";

const SIZES = [1e6, 1e7];
const OPS = {
  add: 12,
  relu: 8,
  exp: 8,
  "add tidy": 12,
  "relu tidy": 8,
  "exp tidy": 8,
  "add out=": 12,
  "exp out=": 8,
} as const;
type Op = keyof typeof OPS;

function antorcha(): Map<string, number> {
  const res = new Map<string, number>();
  for (const n of SIZES) {
    const x = torch.rand([n]).sub(0.5);
    const y = torch.rand([n]);
    const o = torch.empty([n]);
    const fns: Record<Op, () => unknown> = {
      add: () => torch.add(x, y),
      relu: () => torch.relu(x),
      exp: () => torch.exp(x),
      "add tidy": () => torch.tidy(() => void torch.add(x, y)),
      "relu tidy": () => torch.tidy(() => void torch.relu(x)),
      "exp tidy": () => torch.tidy(() => void torch.exp(x)),
      "add out=": () => torch.add(x, y, { out: o }),
      "exp out=": () => torch.exp(x, { out: o }),
    };
    for (const op of Object.keys(OPS) as Op[]) res.set(`${op} ${n}`, (OPS[op] * n) / time(fns[op]) / 1e9);
  }
  return res;
}

function pytorch(threads: number): Map<string, number> | string {
  const r = runPyTorch<Record<string, number>>(
    threads,
    `
out = {}
for n in ${JSON.stringify(SIZES)}:
    n = int(n)
    x = torch.rand(n) - 0.5; y = torch.rand(n); o = torch.empty(n)
    for op, nb, f in [("add", 12, lambda: torch.add(x, y)), ("relu", 8, lambda: torch.relu(x)), ("exp", 8, lambda: torch.exp(x)),
                      ("add out=", 12, lambda: torch.add(x, y, out=o)), ("exp out=", 8, lambda: torch.exp(x, out=o))]:
        out[f"{op} {n}"] = nb * n / bench(f) / 1e9
    for op in ["add", "relu", "exp"]:
        out[f"{op} tidy {n}"] = out[f"{op} {n}"]
print(json.dumps(out))
`,
  );
  return typeof r === "string" ? r : new Map(Object.entries(r));
}

const threads = threadsArg(torch.getNumThreads());
torch.setNumThreads(threads);
const { ours, theirs } = alternate(antorcha, () => pytorch(threads), "max");
const info = torch.nativeInfo();
console.log(
  `antorcha (${info.available ? `native ${info.isa}` : "reference"}) vs PyTorch, ${threads} thread(s), float32\n`,
);
const rows: (string | number)[][] = [];
for (const [k, g] of ours) {
  const cut = k.lastIndexOf(" ");
  const [op, n] = [k.slice(0, cut), k.slice(cut + 1)];
  const p = typeof theirs === "string" ? NaN : (theirs.get(`${op} ${Number(n)}`) ?? NaN);
  rows.push([op!, Number(n).toExponential(0), fmt(g, 2), fmt(p, 2), fmt(g / p, 2)]);
}
console.log(table(["op", "elements", "antorcha GB/s", "PyTorch GB/s", "ratio antorcha/PyTorch"], rows));
if (typeof theirs === "string") console.log(`\nPyTorch not measured: ${theirs}`);
