/**
 * The float32 WGSL special functions (igamma, igammac, zeta through polygamma) against the CPU's
 * float64 on float32-rounded inputs, with the accuracy kernels/special.ts documents; and the ops
 * that now run on webgpu without float64 or read-backs: bit shifts in 32 bits, bit-exact
 * nextafter and frexp (subnormals included), gcd's fixed Euclid steps, mode, ctcLoss's lattice,
 * mvlgamma's domain.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { describeWebgpu } from "./setup.js";

const gpu = (t: torch.Tensor): torch.Tensor => t.to("webgpu");
const f32 = (xs: number[]): torch.Tensor => torch.tensor(xs, { dtype: "float32" });

/** Largest relative error of `got` (webgpu) against `want` (CPU), NaN positions equal. */
async function maxRel(got: torch.Tensor, want: torch.Tensor): Promise<number> {
  assert.equal(got.device.type, "webgpu");
  const g = (await got.toAsync("cpu")).dataFloat();
  const w = want.dataFloat();
  let worst = 0;
  for (let i = 0; i < w.length; i++) {
    if (Number.isNaN(w[i]!)) {
      assert.ok(Number.isNaN(g[i]!), `[${i}]: ${g[i]}, expected NaN`);
      continue;
    }
    if (g[i] === w[i]) continue;
    worst = Math.max(worst, Math.abs(g[i]! - w[i]!) / Math.max(Math.abs(w[i]!), 1e-30));
  }
  return worst;
}

/** An n×n grid of (a, b) over [lo, hi]², as float32 values. */
function grid(lo: number, hi: number, n: number): [number[], number[]] {
  const A: number[] = [];
  const B: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      A.push(Math.fround(lo + ((hi - lo) * i) / (n - 1)));
      B.push(Math.fround(lo + ((hi - lo) * j) / (n - 1)));
    }
  return [A, B];
}

async function bits(t: torch.Tensor): Promise<number[]> {
  const v = (await t.toAsync("cpu")).dataSync() as Float32Array;
  return Array.from(new Int32Array(v.buffer, v.byteOffset, v.length));
}

describeWebgpu("webgpu special functions and float64-free composites", () => {
  it("igamma and igammac: within 2e-5 relative for a, x in [0.05, 20], 1e-4 up to 100", async () => {
    for (const [lo, hi, tol] of [
      [0.05, 20, 2e-5],
      [0.05, 100, 1e-4],
    ] as const) {
      const [A, B] = grid(lo, hi, 30);
      const a = f32(A);
      const x = f32(B);
      const a64 = a.to("float64");
      const x64 = x.to("float64");
      const p = await maxRel(torch.igamma(gpu(a), gpu(x)), torch.igamma(a64, x64));
      assert.ok(p <= tol, `igamma over [${lo}, ${hi}]: ${p}`);
      // Q = 1 − P where P ≈ 1 loses float32 digits: relative 2e-4, absolute 1e-5
      const got = (await torch.igammac(gpu(a), gpu(x)).toAsync("cpu")).dataFloat();
      const want = torch.igammac(a64, x64).dataFloat();
      want.forEach((w, i) => assert.ok(Math.abs(got[i]! - w) <= 1e-5 + 2e-4 * Math.abs(w), `igammac ${A[i]}, ${B[i]}`));
    }
  });

  it("igamma and igammac edge values equal the CPU's", async () => {
    const a = f32([0, 0, 1, -1, 2, Infinity, 3, NaN, 0, Infinity, 5]);
    const x = f32([0, 1, 0, 1, -1, 3, Infinity, 1, NaN, Infinity, 1e-30]);
    assert.equal(await maxRel(torch.igamma(gpu(a), gpu(x)), torch.igamma(a, x)), 0);
    assert.equal(await maxRel(torch.igammac(gpu(a), gpu(x)), torch.igammac(a, x)), 0);
  });

  it("polygamma (Hurwitz zeta) within 2e-6 relative for n = 1…4, x in [0.05, 40]", async () => {
    const x = f32(Array.from({ length: 100 }, (_, i) => 0.05 + i * 0.4));
    for (let n = 1; n <= 4; n++) {
      const r = await maxRel(torch.polygamma(n, gpu(x)), torch.polygamma(n, x.to("float64")));
      assert.ok(r <= 2e-6, `polygamma(${n}): ${r}`);
    }
    // poles and the negative axis: +inf at non-positive integers, finite between
    const edge = f32([0, -1, -2.5, 1e-3]);
    const r = await maxRel(torch.polygamma(1, gpu(edge)), torch.polygamma(1, edge.to("float64")).to("float32"));
    assert.ok(r <= 1e-5, `polygamma(1) at 0, -1, -2.5, 1e-3: ${r}`);
  });

  it("bit shifts on int32 and int64 take the count modulo the width and agree where the result fits", async () => {
    const x = torch.tensor([1, -3, 5, 7, -128, 100, -1, 0, 2, 127, -100, 3], { dtype: "int32" });
    const k = torch.tensor([0, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, -1], { dtype: "int32" });
    for (const op of [torch.bitwiseLeftShift, torch.bitwiseRightShift]) {
      assert.deepEqual(await op(gpu(x), gpu(k)).array(), op(x, k).tolist());
      assert.deepEqual(await op(gpu(x), 31).array(), op(x, 31).tolist());
    }
    const x64 = torch.tensor([-876, 289, -724, 5, -1]);
    const k64 = torch.tensor([3, 0, 11, 40, 63]);
    assert.deepEqual(await torch.bitwiseRightShift(gpu(x64), gpu(k64)).array(), [-110, 289, -1, 0, -1]);
    assert.deepEqual(await gpu(x64).bitwiseLeftShift_(3).array(), torch.bitwiseLeftShift(x64, 3).tolist());
  });

  it("nextafter on float32 is bit-exact, subnormals and ±0 included", async () => {
    const tiny = 1.401298464324817e-45;
    const x = f32([0, -0, tiny, -tiny, 1.1754943508222875e-38, 1, -1, 3.4028234663852886e38, Infinity, NaN, 2, 5]);
    const y = f32([1, -1, 0, 1, 0, 2, 0, Infinity, 0, 1, 2, NaN]);
    const want = torch.nextafter(x, y);
    const got = torch.nextafter(gpu(x), gpu(y));
    const wb = Array.from(new Int32Array((want.dataSync() as Float32Array).buffer));
    assert.deepEqual(await bits(got), wb);
  });

  it("frexp on float32 is bit-exact, subnormals included", async () => {
    const x = f32([8, 0.3, -5, 0, -0, Infinity, 1, 0.5, 1e-30, 1.401298464324817e-45, -3e-40, 3.4e38]);
    const [m, e] = torch.frexp(gpu(x));
    const [wm, we] = torch.frexp(x);
    assert.deepEqual(await e.array(), we.tolist());
    assert.deepEqual(await bits(m), Array.from(new Int32Array((wm.dataSync() as Float32Array).buffer)));
    // PyTorch's: frexp(-3e-40) = (-0.8167…, -131), frexp(2^-149) = (0.5, -148)
    assert.deepEqual(await e.index("9:11").array(), [-148, -131]);
  });

  it("gcd and lcm in fixed Euclid steps: the Fibonacci worst case of 32-bit values", async () => {
    const a = torch.tensor([1836311903, 12, -9, 0, 7, 0, 100], { dtype: "int32" });
    const b = torch.tensor([1134903170, 18, 6, 0, 0, 5, -75], { dtype: "int32" });
    assert.deepEqual(await torch.gcd(gpu(a), gpu(b)).array(), torch.gcd(a, b).tolist());
    const s = a.narrow(0, 1, 6);
    const t = b.narrow(0, 1, 6);
    assert.deepEqual(await torch.lcm(gpu(s), gpu(t)).array(), torch.lcm(s, t).tolist());
  });

  it("mode: ties go to the smallest value, the index is its last position, NaN lines give index 0", async () => {
    const x = f32([1, 2, 2, 1, 3, 5, 5, 4, 4, 4, NaN, NaN, NaN, NaN, NaN]).reshape([3, 5]);
    const [v, i] = torch.mode(gpu(x), 1);
    assert.deepEqual(await i.array(), [3, 4, 0]);
    const got = (await v.toAsync("cpu")).tolist() as number[];
    assert.deepEqual(got.slice(0, 2), [1, 4]);
    assert.ok(Number.isNaN(got[2]!));
  });

  it("ctcLoss builds its label lattice on the device from padded and concatenated targets", async () => {
    torch.manualSeed(0);
    const x = torch.randn([12, 3, 6]).logSoftmax(-1);
    const padded = torch.tensor([
      [1, 2, 2, 3],
      [4, 4, 0, 0],
      [5, 1, 3, 0],
    ]);
    const concat = torch.tensor([1, 2, 2, 3, 4, 4, 5, 1, 3]);
    for (const [tg, lens] of [
      [padded, [4, 2, 3]],
      [concat, [4, 2, 3]],
      [padded, [0, 2, 3]],
    ] as const) {
      const want = torch.nn.functional.ctcLoss(x, tg, [12, 10, 7], [...lens], { reduction: "none" });
      const got = torch.nn.functional.ctcLoss(gpu(x), gpu(tg), [12, 10, 7], [...lens], { reduction: "none" });
      assert.ok((await maxRel(got, want)) <= 1e-5);
    }
  });

  it("mvlgamma checks its domain on the device (raising at the read, as the CPU does at once), fill_ takes a device value", async () => {
    const ok = f32([2.5, 1, 3]);
    const got = (await torch.mvlgamma(gpu(ok), 2).toAsync("cpu")).dataFloat();
    const want = torch.mvlgamma(ok, 2).dataFloat();
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(got[i]! - want[i]!) < 1e-5);
    await assert.rejects(
      torch.mvlgamma(gpu(f32([2.5, 0.4, 3])), 2).data(),
      /^RangeError: \[mvlgamma\] all elements must be greater than \(p-1\)\/2 = 0\.5 \(found on the GPU/,
    );
    const t = gpu(torch.zeros([2, 2])).fill_(gpu(torch.tensor(3.5)));
    assert.deepEqual(await t.array(), [
      [3.5, 3.5],
      [3.5, 3.5],
    ]);
  });
});
