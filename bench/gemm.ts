/**
 * GEMM throughput: antorcha's native backend vs PyTorch (Debian python3-torch, OpenBLAS) with
 * the same thread count, alternating the two (A B A B, best of each) so machine load hits both
 * alike; plus this CPU's FMA peak from a tiny compiled FMA-throughput loop (12 independent
 * accumulator chains). `npx tsx bench/gemm.ts [threads]`
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { View } from "../src/backend/backend.js";
import { getNumThreads, nativeBackend, nativeInfo, setNumThreads } from "../src/backend/native/index.js";
import { alternate, fmt, runPyTorch, table, threadsArg, time } from "./common.js";

const SIZES = [64, 128, 256, 512, 1024, 2048];
const DTYPES = ["float32", "float64"] as const;
type Dt = (typeof DTYPES)[number];

const PEAK_C = `
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef __AVX512F__
typedef __m512 V; enum { L = 16 };
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define SET(x) _mm512_set1_ps(x)
#else
typedef __m256 V; enum { L = 8 };
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define SET(x) _mm256_set1_ps(x)
#endif
static const long ITER = 20000000;
static void* run(void* out) {
  V a[12], b = SET(0.999999f), c = SET(1e-7f);
  for (int i = 0; i < 12; i++) a[i] = SET((float)i);
  for (long it = 0; it < ITER; it++) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; i++) a[i] = FMA(a[i], b, c);
  }
  float s = 0, t[L];
  for (int i = 0; i < 12; i++) { memcpy(t, &a[i], sizeof t); s += t[0]; }
  *(float*)out = s;
  return 0;
}
int main(int argc, char** argv) {
  int T = atoi(argv[1]); pthread_t th[256]; float r[256]; double best = 0;
  for (int rep = 0; rep < 5; rep++) {
    struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < T; i++) pthread_create(&th[i], 0, run, &r[i]);
    for (int i = 0; i < T; i++) pthread_join(th[i], 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9, g = (double)T * ITER * 12 * L * 2 / s / 1e9;
    if (g > best) best = g;
  }
  printf("%f\\n", best);
  return 0;
}
`;

/** float32 FMA peak in GFLOP/s on `threads` threads (AVX-512 when the CPU has it), or NaN. */
function fmaPeak(threads: number, avx512: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), "antorcha-peak-"));
  try {
    writeFileSync(join(dir, "peak.c"), PEAK_C.replace("#include <time.h>", "#include <time.h>\n#include <string.h>"));
    const isa = avx512 ? ["-mavx512f", "-mfma"] : ["-mavx2", "-mfma"];
    const cc = spawnSync("gcc", ["-O3", ...isa, "-pthread", "peak.c", "-o", "peak"], { cwd: dir });
    if (cc.status !== 0) return NaN;
    const r = spawnSync(join(dir, "peak"), [String(threads)], { encoding: "utf8" });
    return r.status === 0 ? Number(r.stdout.trim()) : NaN;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function view(data: Float32Array | Float64Array, dtype: Dt, n: number): View {
  return { data, dtype, shape: [1, n, n], strides: [n * n, n, 1], offset: 0 };
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
  const r = runPyTorch<Record<string, number>>(
    threads,
    `
out = {}
for dt in ${JSON.stringify(DTYPES)}:
    for n in ${JSON.stringify(SIZES)}:
        a = torch.rand(n, n, dtype=getattr(torch, dt)); b = torch.rand(n, n, dtype=getattr(torch, dt)); o = torch.empty(n, n, dtype=getattr(torch, dt))
        out[f"{dt} {n}"] = 2 * n ** 3 / bench(lambda: torch.matmul(a, b, out=o)) / 1e9
print(json.dumps(out))
`,
  );
  return typeof r === "string" ? r : new Map(Object.entries(r));
}

if (nativeBackend === null) {
  console.log(`native backend unavailable: ${nativeInfo().reason}`);
  process.exit(0);
}
const threads = threadsArg(getNumThreads());
const info = nativeInfo();
let peak32 = fmaPeak(threads, info.isa === "avx512");
const { ours, theirs } = alternate(
  () => antorcha(threads),
  () => pytorch(threads),
  "max",
);
peak32 = Math.max(peak32, fmaPeak(threads, info.isa === "avx512")); // measured before and after
console.log(
  `antorcha native (${info.isa}) vs PyTorch ${threads} thread(s), C = A·B square row-major; ` +
    `measured FMA peak float32 ${fmt(peak32)} GFLOP/s, float64 ${fmt(peak32 / 2)} GFLOP/s\n`,
);
const rows: (string | number)[][] = [];
for (const [k, g] of ours) {
  const [dt, n] = k.split(" ");
  const p = typeof theirs === "string" ? NaN : (theirs.get(k) ?? NaN);
  const pk = dt === "float32" ? peak32 : peak32 / 2;
  rows.push([dt!, n!, fmt(g), `${fmt((100 * g) / pk, 0)}%`, fmt(p), `${fmt((100 * p) / pk, 0)}%`, fmt(g / p, 2)]);
}
console.log(
  table(["dtype", "n", "antorcha GFLOP/s", "% peak", "PyTorch GFLOP/s", "% peak", "ratio antorcha/PyTorch"], rows),
);
if (typeof theirs === "string") console.log(`\nPyTorch not measured: ${theirs}`);
