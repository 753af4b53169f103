/**
 * torch.linalg factorisations: antorcha (float64 reference kernels; LU and Cholesky blocked with
 * the trailing update on the backend's GEMM) vs PyTorch (Debian python3-torch, OpenBLAS/LAPACK),
 * same thread count, alternating the two (A B A B, best of each). Milliseconds per call on one
 * n×n float64 matrix; "ratio" is PyTorch's time / antorcha's (1 = parity, 0.5 = half its speed).
 * `npx tsx bench/linalg.ts [threads] [sizes, e.g. 64,256,1024]`
 */
import * as torch from "../src/index.js";
import { getNumThreads, setNumThreads } from "../src/backend/native/index.js";
import { alternate, fmt, runPyTorch, table, threadsArg, time } from "./common.js";

const SIZES = (process.argv[3] ?? "64,256,1024").split(",").map(Number);
const OPS = ["luFactor", "cholesky", "qr", "det", "solve", "eigh", "svd"] as const;
/** The eigen/SVD solvers are O(n³) per sweep with several sweeps: capped size to keep runs short. */
const CAP: Partial<Record<(typeof OPS)[number], number>> = { eigh: 256, svd: 256, qr: 1024 };

function inputs(n: number): { a: torch.Tensor; spd: torch.Tensor; b: torch.Tensor } {
  const a = torch.randn([n, n], { dtype: "float64" });
  const spd = a.matmul(a.mT).add(torch.eye(n, { dtype: "float64" }).mul(n));
  return { a, spd, b: torch.randn([n, 1], { dtype: "float64" }) };
}

function antorcha(threads: number): Map<string, number> {
  setNumThreads(threads);
  const L = torch.linalg;
  const res = new Map<string, number>();
  for (const n of SIZES) {
    const { a, spd, b } = inputs(n);
    const ms = n > 256 ? 1000 : 250;
    const run: Record<(typeof OPS)[number], () => unknown> = {
      luFactor: () => L.luFactor(a),
      cholesky: () => L.cholesky(spd),
      qr: () => L.qr(a),
      det: () => L.det(a),
      solve: () => L.solve(a, b),
      eigh: () => L.eigh(spd),
      svd: () => L.svd(a, { fullMatrices: false }),
    };
    for (const op of OPS) {
      if (n > (CAP[op] ?? Infinity)) continue;
      res.set(`${op} ${n}`, time(run[op], ms, n > 256 ? 1 : 3) * 1000);
    }
  }
  return res;
}

function pytorch(threads: number): Map<string, number> | string {
  const r = runPyTorch<Record<string, number>>(
    threads,
    `
L = torch.linalg
out = {}
cap = ${JSON.stringify(CAP)}
for n in ${JSON.stringify(SIZES)}:
    a = torch.randn(n, n, dtype=torch.float64)
    spd = a @ a.mT + n * torch.eye(n, dtype=torch.float64)
    b = torch.randn(n, 1, dtype=torch.float64)
    run = {"luFactor": lambda: L.lu_factor(a), "cholesky": lambda: L.cholesky(spd), "qr": lambda: L.qr(a),
           "det": lambda: L.det(a), "solve": lambda: L.solve(a, b), "eigh": lambda: L.eigh(spd),
           "svd": lambda: L.svd(a, full_matrices=False)}
    for op in ${JSON.stringify(OPS)}:
        if n > cap.get(op, 1 << 30):
            continue
        out[f"{op} {n}"] = bench(run[op], 1000 if n > 256 else 250, 1 if n > 256 else 3) * 1000
print(json.dumps(out))
`,
  );
  return typeof r === "string" ? r : new Map(Object.entries(r));
}

const threads = threadsArg(getNumThreads());
const { ours, theirs } = alternate(
  () => antorcha(threads),
  () => pytorch(threads),
  "min",
);
console.log(
  `torch.linalg float64, ${threads} thread(s), backend ${torch.getBackend()}; ms per call (lower is better)\n`,
);
const rows = [...ours.keys()].map((k) => {
  const [op, n] = k.split(" ");
  const t = typeof theirs === "string" ? undefined : theirs.get(k);
  const o = ours.get(k)!;
  return [op!, n!, fmt(o, 3), fmt(t, 3), t === undefined ? "n/a" : fmt(t / o, 2)];
});
console.log(table(["op", "n", "antorcha ms", "PyTorch ms", "ratio (PyTorch/antorcha)"], rows));
if (typeof theirs === "string") console.log(`\nPyTorch: ${theirs}`);
