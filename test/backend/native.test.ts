/**
 * The native backend: ISA reporting, kernel coverage, agreement with the reference kernels,
 * thread-count determinism, and C++ errors arriving as one-line JS errors. The op-spec table
 * (test/ops/ops.test.ts) covers it against PyTorch once it is registered.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { BINARY_OPS, REDUCE_OPS, SCAN_OPS, UNARY_OPS, type Backend, type View } from "../../src/backend/backend.js";
import { addon } from "../../src/backend/native/addon.js";
import { getNumThreads, nativeBackend, nativeInfo, setNumThreads } from "../../src/backend/native/index.js";
import { referenceBackend as ref } from "../../src/backend/reference/index.js";
import { allocArray, type DType, type StorageArray } from "../../src/tensor/dtype.js";

const skip = nativeBackend === null ? `native addon not built (${nativeInfo().reason}); run \`npm rebuild\`` : false;
const nb = nativeBackend as Backend;

function contig(data: StorageArray, dtype: DType, shape: number[]): View {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  return { data, dtype, shape, strides, offset: 0 };
}

/** Values with the corner cases that matter: NaN, ±inf, ±0, halves, large and small. */
function sample(dtype: DType, n: number, seed = 1): StorageArray {
  const a = allocArray(dtype, n);
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const special = [NaN, Infinity, -Infinity, -0, 0, 0.5, -2.5, 1e-30, 88, 1, -1];
  for (let i = 0; i < n; i++) {
    const f = i < special.length ? special[i]! : rnd() * 4;
    if (dtype === "int64") (a as BigInt64Array)[i] = BigInt(Math.trunc(Number.isFinite(f) ? f * 10 : 3));
    else if (dtype === "float32" || dtype === "float64") (a as Float64Array)[i] = f;
    else (a as Int32Array)[i] = Math.trunc(Number.isFinite(f) ? f * 10 : 7);
  }
  return a;
}

function values(v: StorageArray): number[] {
  return Array.from(v as ArrayLike<number | bigint>, Number);
}

function assertSame(got: StorageArray, want: StorageArray, what: string, rtol: number): void {
  const g = values(got);
  const w = values(want);
  for (let i = 0; i < w.length; i++) {
    if (Object.is(g[i], w[i]) || (Number.isNaN(g[i]) && Number.isNaN(w[i]))) continue;
    const ok = Math.abs(g[i]! - w[i]!) <= rtol * Math.abs(w[i]!) + 1e-300 || g[i] === w[i];
    assert.ok(ok, `${what}: element ${i} is ${g[i]}, expected ${w[i]}`);
  }
}

describe("native backend", { skip }, () => {
  it("reports the ISA it picked and its threads", () => {
    const info = nativeInfo();
    assert.equal(info.available, true);
    assert.ok(["avx512", "avx2", "scalar"].includes(info.isa!), `isa ${info.isa}`);
    assert.ok(info.threads >= 1 && info.physicalCores >= 1);
    if (process.arch === "x64" && !process.env.ANTORCHA_ISA) {
      const flags = readFileSync("/proc/cpuinfo", "utf8");
      const want =
        /avx512f/.test(flags) && /avx512bw/.test(flags) && /avx512vl/.test(flags) && /avx512dq/.test(flags)
          ? "avx512"
          : /avx2/.test(flags) && /fma/.test(flags)
            ? "avx2"
            : "scalar";
      assert.equal(info.isa, want);
    }
  });

  it("implements every kernel of the contract", () => {
    assert.equal(nb.name, "native");
    for (const op of UNARY_OPS) assert.equal(typeof nb.unary[op], "function", op);
    for (const op of BINARY_OPS) assert.equal(typeof nb.binary[op], "function", op);
    for (const op of REDUCE_OPS) assert.equal(typeof nb.reduce[op], "function", op);
    for (const op of SCAN_OPS) assert.equal(typeof nb.scan[op], "function", op);
    for (const k of [
      "copy",
      "fill",
      "where",
      "matmul",
      "gather",
      "scatter",
      "indexSelect",
      "indexPut",
      "nonzero",
      "sort",
    ] as const) {
      assert.equal(typeof nb[k], "function", k);
    }
    for (const f of [
      "init",
      "unary",
      "binary",
      "copy",
      "fill",
      "where",
      "reduce",
      "scan",
      "matmul",
      "gather",
      "scatter",
      "indexSelect",
      "indexPut",
      "nonzero",
      "sort",
      "setNumThreads",
      "getNumThreads",
      "info",
    ]) {
      assert.equal(typeof (addon as unknown as Record<string, unknown>)[f], "function", `addon.${f}`);
    }
  });

  it("unary kernels agree with the reference (float32, float64, int32; strided input)", () => {
    for (const dtype of ["float32", "float64", "int32"] as const) {
      const n = 40;
      const base = sample(dtype, 2 * n);
      const x: View = { data: base, dtype, shape: [n], strides: [2], offset: 1 };
      for (const op of UNARY_OPS) {
        if (dtype === "int32" && op === "erfinv") continue;
        const outDtype: DType = op === "isnan" || op === "logicalNot" ? "bool" : dtype;
        const a = allocArray(outDtype, n);
        const b = allocArray(outDtype, n);
        nb.unary[op](x, contig(a, outDtype, [n]));
        ref.unary[op](x, contig(b, outDtype, [n]));
        assertSame(a, b, `${op} ${dtype}`, dtype === "float32" ? 2e-6 : 1e-13);
      }
    }
  });

  it("binary kernels agree with the reference, with broadcasting strides", () => {
    for (const dtype of ["float32", "float64", "int32", "int64"] as const) {
      const [r, c] = [5, 11];
      const a: View = contig(sample(dtype, r * c, 3), dtype, [r, c]);
      const bData = sample(dtype, c, 7);
      for (let i = 0; i < c; i++)
        if (Number(bData[i]) === 0) (bData as Int32Array)[i] = (dtype === "int64" ? 3n : 3) as never;
      const b: View = { data: bData, dtype, shape: [r, c], strides: [0, 1], offset: 0 };
      for (const op of BINARY_OPS) {
        if (dtype.startsWith("float") && op.startsWith("bitwise")) continue;
        // Overflowing integer powers: native wraps exactly as PyTorch; the reference goes through float64.
        if (!dtype.startsWith("float") && op === "pow") continue;
        const outDtype: DType = ["eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalXor"].includes(
          op,
        )
          ? "bool"
          : dtype;
        const o1 = allocArray(outDtype, r * c);
        const o2 = allocArray(outDtype, r * c);
        nb.binary[op](a, b, contig(o1, outDtype, [r, c]));
        ref.binary[op](a, b, contig(o2, outDtype, [r, c]));
        assertSame(o1, o2, `${op} ${dtype}`, dtype === "float32" ? 2e-6 : 1e-13);
      }
    }
  });

  it("reductions agree with the reference over every dim set", () => {
    const shape = [3, 4, 5];
    const x = contig(sample("float64", 60, 5), "float64", shape);
    for (const op of REDUCE_OPS) {
      for (const dims of [[0], [1], [2], [0, 2], [0, 1, 2]]) {
        const os = shape.map((s, i) => (dims.includes(i) ? 1 : s));
        const n = os.reduce((p, q) => p * q, 1);
        const od: DType = op.startsWith("arg") ? "int64" : op === "all" || op === "any" ? "bool" : "float64";
        const o1 = allocArray(od, n);
        const o2 = allocArray(od, n);
        nb.reduce[op](x, dims, contig(o1, od, os));
        ref.reduce[op](x, dims, contig(o2, od, os));
        assertSame(o1, o2, `${op} ${dims}`, 1e-12);
      }
    }
  });

  it("gives bit-identical sums and matmuls with 1 and 2 threads", () => {
    const prev = getNumThreads();
    const n = 1_000_003;
    const data = new Float32Array(n).map((_, i) => Math.sin(i) * 1e3);
    const run = (threads: number) => {
      setNumThreads(threads);
      const s = new Float32Array(1);
      nb.reduce.sum(contig(data, "float32", [n]), [0], contig(s, "float32", [1]));
      const cols = new Float64Array(1000);
      nb.reduce.sum(contig(new Float64Array(data), "float64", [1000, 1000]), [0], contig(cols, "float64", [1, 1000]));
      const m = 200;
      const a = new Float32Array(m * m).map((_, i) => Math.cos(i));
      const o = new Float32Array(m * m);
      nb.matmul(
        contig(a, "float32", [1, m, m]),
        { ...contig(a, "float32", [1, m, m]), strides: [m * m, 1, m] },
        contig(o, "float32", [1, m, m]),
      );
      return [s[0]!, ...cols, ...o];
    };
    try {
      const one = run(1);
      const two = run(2);
      assert.equal(getNumThreads(), 2);
      assert.deepEqual(two, one);
    } finally {
      setNumThreads(prev);
    }
  });

  it("matmul agrees with a float64 dot product on awkward shapes, both layouts of B, 1 and 2 threads", () => {
    // B transposed with few rows of A takes the unpacked dot-product path; B row-major or many
    // rows take the packed one. Edges: partial register blocks, k tails, N = 1, B panels
    // streamed in groups (few rows) with a partial last group, several row blocks (many rows),
    // threads splitting rows or columns.
    const prev = getNumThreads();
    const shapes: [number, number, number][] = [
      [1, 1, 16],
      [2, 3, 17],
      [5, 7, 33],
      [32, 130, 784],
      [33, 10, 128],
      [64, 5, 9],
      [65, 70, 40],
      [3, 1, 100],
      [40, 300, 70],
      [7, 530, 600],
      [300, 37, 20],
      [66, 200, 24], // wider than tall: 2 threads split the columns
      [200, 150, 24], // taller than wide: 2 threads split the rows
      [5, 7, 2100], // dot products over k chunks, with a k tail
      [33, 10, 4100],
    ];
    try {
      for (const dtype of ["float32", "float64"] as const) {
        for (const [M, N, K] of shapes) {
          const finite = (seed: number, n: number) => {
            const v = sample(dtype, n, seed) as Float64Array;
            return v.map((x) => (Number.isFinite(x) ? x : 1));
          };
          const a = finite(3, M * K);
          const bt = finite(5, N * K);
          const want: number[] = [];
          for (let i = 0; i < M; i++)
            for (let j = 0; j < N; j++) {
              let s = 0;
              for (let k = 0; k < K; k++) s += Number(a[i * K + k]) * Number(bt[j * K + k]);
              want.push(s);
            }
          const b = allocArray(dtype, K * N); // the same B, row-major
          for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) (b as Float64Array)[k * N + j] = bt[j * K + k]!;
          const results: number[][] = [];
          for (const threads of [1, 2]) {
            setNumThreads(threads);
            for (const transposed of [true, false]) {
              const o = allocArray(dtype, M * N);
              const bv = transposed
                ? { ...contig(bt, dtype, [1, K, N]), strides: [K * N, 1, K] }
                : contig(b, dtype, [1, K, N]);
              nb.matmul(contig(a, dtype, [1, M, K]), bv, contig(o, dtype, [1, M, N]));
              const got = values(o);
              const tol = (dtype === "float32" ? 1e-5 : 1e-12) * K;
              got.forEach((g, i) => {
                const scale = Math.max(1, Math.abs(want[i]!));
                assert.ok(
                  Math.abs(g - want[i]!) <= tol * scale,
                  `${dtype} ${M}x${N}x${K} t=${transposed}: ${g} vs ${want[i]}`,
                );
              });
              results.push(got);
            }
          }
          assert.deepEqual(results[2], results[0], `${dtype} ${M}x${N}x${K}: transposed B, 2 threads`);
          assert.deepEqual(results[3], results[1], `${dtype} ${M}x${N}x${K}: row-major B, 2 threads`);
        }
      }
    } finally {
      setNumThreads(prev);
    }
  });

  it("pow by a scalar 1, ±2, 3, ±0.5, -1 takes PyTorch's shortcuts, special values included", () => {
    // Expected values printed by PyTorch 1.13: x.pow(e) for these x, float32 and float64 alike.
    const x = [-Infinity, -0, 0, -2, NaN, Infinity, 1.5];
    const want: Record<string, number[]> = {
      "0.5": [NaN, -0, 0, NaN, NaN, Infinity, Math.sqrt(1.5)],
      "-0.5": [NaN, -Infinity, Infinity, NaN, NaN, 0, 1 / Math.sqrt(1.5)],
      "-1": [-0, -Infinity, Infinity, -0.5, NaN, 0, 1 / 1.5],
      "-2": [0, Infinity, Infinity, 0.25, NaN, 0, 1 / 2.25],
      "1": x,
      "2": [Infinity, 0, 0, 4, NaN, Infinity, 2.25],
      "3": [-Infinity, -0, 0, -8, NaN, Infinity, 3.375],
    };
    for (const dtype of ["float32", "float64"] as const) {
      for (const [e, w] of Object.entries(want)) {
        for (const backend of [nb, ref]) {
          const xs = allocArray(dtype, x.length);
          x.forEach((v, i) => ((xs as Float64Array)[i] = v));
          const ev = allocArray(dtype, 1);
          (ev as Float64Array)[0] = Number(e);
          const o = allocArray(dtype, x.length);
          backend.binary.pow(
            contig(xs, dtype, [x.length]),
            { ...contig(ev, dtype, [x.length]), strides: [0] },
            contig(o, dtype, [x.length]),
          );
          const expected = allocArray(dtype, x.length);
          w.forEach((v, i) => ((expected as Float64Array)[i] = v));
          assert.deepEqual(values(o), values(expected), `${backend === nb ? "native" : "reference"} ${dtype} x^${e}`);
        }
      }
    }
  });

  it("raises C++ errors as one-line JS errors", () => {
    const x = contig(new Int32Array([1, 2, 3]), "int32", [3]);
    const z = contig(new Int32Array([1, 0, 1]), "int32", [3]);
    const out = contig(new Int32Array(3), "int32", [3]);
    assert.throws(() => nb.binary.div(x, z, out), { name: "RangeError", message: /^\[div\] integer division by zero/ });
    assert.deepEqual([...(out.data as Int32Array)], [0, 0, 0], "nothing is written before the error");
    const idx = contig(new BigInt64Array([0n, 5n]), "int64", [2]);
    assert.throws(() => nb.gather(x, 0, idx, contig(new Int32Array(2), "int32", [2])), {
      name: "RangeError",
      message: "[gather] index 5 is out of bounds for dimension 0 with size 3",
    });
    // Above the tiny-op threshold, so the call reaches C++ (tiny ops run on the TS kernels).
    const bad: View = { data: new Float32Array(64), dtype: "float32", shape: [64], strides: [1], offset: 2 };
    assert.throws(() => nb.unary.exp(bad, contig(new Float32Array(64), "float32", [64])), {
      name: "RangeError",
      message: /^\[unary\] view out of bounds/,
    });
    assert.throws(() => setNumThreads(0), /^RangeError: \[setNumThreads\]/);
  });
});
