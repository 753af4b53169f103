/**
 * GEMM on the products the tutorials' training steps run (batch 32), not squares: the MLP's
 * and the CNN's linear layers (x·Wᵀ forward, gy·W and gyᵀ·x backward) and the convolution's
 * per-sample products (W·cols forward, gy·colsᵀ and Wᵀ·gy backward), with the operand layouts
 * the layers pass (transposed ones as strided views, as on both sides in training).
 * antorcha's native `matmul` kernel and `torch.matmul(a, b, out=o)` with the same thread count,
 * each into a preallocated output, A B A B with the best of each.
 * `npx tsx bench/gemm-shapes.ts [threads]`
 */
import type { View } from "../src/backend/backend.js";
import { getNumThreads, nativeBackend, nativeInfo, setNumThreads } from "../src/backend/native/index.js";
import { alternate, fmt, runPyTorch, table, threadsArg, time } from "./common.js";

/** name, M, N, K, A stored transposed (k-major), B stored transposed (n-major). */
type Shape = [string, number, number, number, boolean, boolean];
const SHAPES: Shape[] = [
  ["MLP fc1 forward x·Wᵀ", 32, 128, 784, false, true],
  ["MLP fc1 weight grad gyᵀ·x", 128, 784, 32, true, false],
  ["CNN fc1 forward x·Wᵀ", 32, 128, 9216, false, true],
  ["CNN fc1 input grad gy·W", 32, 9216, 128, false, false],
  ["CNN fc1 weight grad gyᵀ·x", 128, 9216, 32, true, false],
  ["conv2 forward W·cols (per sample)", 64, 576, 288, false, false],
  ["conv2 weight grad gy·colsᵀ (per sample)", 64, 288, 576, false, true],
  ["conv2 input grad Wᵀ·gy (per sample)", 288, 576, 64, true, false],
];

function view(data: Float32Array, rows: number, cols: number, transposed: boolean): View {
  const strides = transposed ? [rows * cols, 1, rows] : [rows * cols, cols, 1];
  return { data, dtype: "float32", shape: [1, rows, cols], strides, offset: 0 };
}

function antorcha(): Map<string, number> {
  const nb = nativeBackend!;
  const res = new Map<string, number>();
  for (const [name, M, N, K, at, bt] of SHAPES) {
    const a = new Float32Array(M * K).map(() => Math.random() - 0.5);
    const b = new Float32Array(K * N).map(() => Math.random() - 0.5);
    const o = new Float32Array(M * N);
    const [va, vb, vo] = [view(a, M, K, at), view(b, K, N, bt), view(o, M, N, false)];
    res.set(name, (2 * M * N * K) / time(() => nb.matmul(va, vb, vo)) / 1e9);
  }
  return res;
}

function pytorch(threads: number): Map<string, number> | string {
  const r = runPyTorch<Record<string, number>>(
    threads,
    `
out = {}
for name, M, N, K, at, bt in ${JSON.stringify(SHAPES).replace(/true/g, "True").replace(/false/g, "False")}:
    a = (torch.rand(K, M) - 0.5).t() if at else torch.rand(M, K) - 0.5
    b = (torch.rand(N, K) - 0.5).t() if bt else torch.rand(K, N) - 0.5
    o = torch.empty(M, N)
    out[name] = 2 * M * N * K / bench(lambda: torch.matmul(a, b, out=o)) / 1e9
print(json.dumps(out))
`,
  );
  return typeof r === "string" ? r : new Map(Object.entries(r));
}

if (!nativeBackend) {
  console.log(`native backend unavailable: ${nativeInfo().reason}`);
} else {
  const threads = threadsArg(getNumThreads());
  setNumThreads(threads);
  const { ours, theirs } = alternate(antorcha, () => pytorch(threads), "max");
  console.log(`antorcha native (${nativeInfo().isa}) vs PyTorch, ${threads} thread(s), float32, GFLOP/s\n`);
  const rows = SHAPES.map(([name, M, N, K]) => {
    const g = ours.get(name)!;
    const p = typeof theirs === "string" ? NaN : (theirs.get(name) ?? NaN);
    return [name, `${M}×${N}×${K}`, fmt(g), fmt(p), fmt(g / p, 2)];
  });
  console.log(table(["product", "M×N×K", "antorcha", "PyTorch", "ratio antorcha/PyTorch"], rows));
  if (typeof theirs === "string") console.log(`\nPyTorch not measured: ${theirs}`);
}
