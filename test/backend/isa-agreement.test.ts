/**
 * The native core's ISA paths agree: a small MLP trained 200 Adam steps (and a few products of
 * the GEMM's other paths) run in one child process per ISA this CPU can run
 * (`ANTORCHA_ISA=scalar|avx2`, and AVX-512 when present).
 *
 * - scalar vs AVX2: bit for bit. Every kernel but the GEMM is the same source on every ISA
 *   (-ffp-contract=off), and the portable GEMM makes one fused multiply-add per k in AVX2's lane
 *   layout. Before, it multiplied and added separately, and after 200 steps the MLP's weights were
 *   up to 3e-5 apart, 8e-5 with a 256-row batch where AVX2 and AVX-512 agree bit for bit.
 * - AVX-512 vs AVX2: the packed GEMM path agrees bit for bit; the dot-product path (few rows, x·Wᵀ)
 *   sums 16 lanes instead of 8, so weights drift by float32 reduction-order noise (measured
 *   1e-5 on this MLP, 784-128-10: 9.7e-6), asserted below 1e-4.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { before, describe, it } from "node:test";
import { nativeBackend, nativeInfo } from "../../src/backend/native/index.js";

const INDEX = new URL("../../src/index.ts", import.meta.url).href;

// Batches alternate between 48 rows (x·Wᵀ on the dot-product path) and 96 rows (the packed
// path); the products after training cover partial tiles, a k tail, K over one KC block, and
// accumulated k blocks.
const CHILD = `
import * as torch from ${JSON.stringify(INDEX)};
const { nn, optim } = torch;
torch.manualSeed(0);
const x = torch.rand([96, 196]);
const y = torch.randint(0, 10, [96]);
const model = new nn.Sequential(new nn.Linear(196, 64), new nn.ReLU(), new nn.Linear(64, 10));
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const losses = [];
for (let s = 0; s < 200; s++) {
  const n = s % 2 === 0 ? 48 : 96;
  opt.zeroGrad();
  const loss = nn.functional.crossEntropy(model.forward(x.narrow(0, 0, n)), y.narrow(0, 0, n));
  loss.backward();
  opt.step();
  losses.push(loss.item());
}
const products = [];
for (const [m, k, n, tb] of [[5, 300, 7, true], [64, 33, 17, true], [65, 33, 17, false], [3, 600, 129, false], [130, 9, 70, true]]) {
  const a = torch.randn([m, k]);
  const b = tb ? torch.randn([n, k]).t() : torch.randn([k, n]);
  products.push(Array.from(torch.matmul(a, b).dataFloat()));
}
process.stdout.write(JSON.stringify({
  isa: torch.nativeInfo().isa,
  losses,
  weights: model.parameters().map((p) => Array.from(p.dataFloat())),
  products,
}));
`;

interface Run {
  isa: string;
  losses: number[];
  weights: number[][];
  products: number[][];
}

function train(isa: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], {
      env: { ...process.env, ANTORCHA_ISA: isa },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`child with ANTORCHA_ISA=${isa} exited ${code}: ${err}`));
      const run = JSON.parse(out) as Run;
      if (run.isa !== isa) return reject(new Error(`ANTORCHA_ISA=${isa} ran ${run.isa}`));
      resolve(run);
    });
  });
}

/** Largest |a − b| over matching arrays, and the first index where they differ in bits. */
function compare(a: number[][], b: number[][]): { max: number; firstDiff: string | null } {
  let max = 0;
  let firstDiff: string | null = null;
  assert.equal(a.length, b.length);
  for (let t = 0; t < a.length; t++) {
    assert.equal(a[t]!.length, b[t]!.length);
    for (let i = 0; i < a[t]!.length; i++) {
      const u = a[t]![i]!;
      const v = b[t]![i]!;
      if (!Object.is(u, v) && firstDiff === null) firstDiff = `[${t}][${i}]: ${u} vs ${v}`;
      max = Math.max(max, Math.abs(u - v));
    }
  }
  return { max, firstDiff };
}

/** The ISAs this CPU can run, best first (as cpu.h detects them). */
function isas(): string[] {
  if (process.arch !== "x64") return ["scalar"];
  const detected = nativeInfo().detectedIsa;
  return detected === "avx512" ? ["avx512", "avx2", "scalar"] : detected === "avx2" ? ["avx2", "scalar"] : ["scalar"];
}

const skip =
  nativeBackend === null
    ? "native addon not built"
    : isas().length < 2
      ? "this CPU runs only the portable path"
      : false;

describe("ISA paths agree on an MLP trained 200 Adam steps", { skip }, () => {
  const runs = new Map<string, Run>();
  // One child per ISA, all at once.
  before(async () => {
    const got = await Promise.all(isas().map(train));
    for (const r of got) runs.set(r.isa, r);
  });
  const get = (isa: string): Run => runs.get(isa)!;

  it("scalar and AVX2: the same bits (weights, every step's loss, products)", () => {
    const s = get("scalar");
    const v = get("avx2");
    const w = compare(s.weights, v.weights);
    assert.equal(w.firstDiff, null, `weights differ (max ${w.max}) first at ${w.firstDiff}`);
    const l = compare([s.losses], [v.losses]);
    assert.equal(l.firstDiff, null, `losses differ (max ${l.max}) first at ${l.firstDiff}`);
    const p = compare(s.products, v.products);
    assert.equal(p.firstDiff, null, `products differ (max ${p.max}) first at ${p.firstDiff}`);
  });

  it(
    "AVX-512 and AVX2: within float32 reduction-order noise",
    { skip: !isas().includes("avx512") && "no AVX-512" },
    () => {
      const a = get("avx512");
      const v = get("avx2");
      const w = compare(a.weights, v.weights).max;
      assert.ok(w < 1e-4, `weights up to ${w} apart`);
      const l = compare([a.losses], [v.losses]).max;
      assert.ok(l < 1e-5, `losses up to ${l} apart`);
      for (let i = 0; i < a.products.length; i++) {
        const scale = Math.max(...v.products[i]!.map(Math.abs));
        const d = compare([a.products[i]!], [v.products[i]!]).max;
        assert.ok(d <= 1e-6 * scale, `product ${i}: ${d} apart (largest |value| ${scale})`);
      }
    },
  );
});
