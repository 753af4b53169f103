/**
 * The in-place samplers cauchy_, exponential_, geometric_, logNormal_, random_ and torch.poisson /
 * torch.binomial: moments within tolerance for a fixed seed, the same values for the same seed
 * (and from an explicit generator), dtype ranges of random_, and PyTorch's in-place rules.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";

const N = 40000;
const f64 = { dtype: "float64" as const };

function moments(t: Tensor): [number, number] {
  return [t.mean().item() as number, t.var(null, { correction: 0 }).item() as number];
}

function near(got: number, want: number, rel: number, what: string): void {
  assert.ok(Math.abs(got - want) <= rel * Math.abs(want), `${what}: got ${got}, expected ${want} ± ${rel * 100}%`);
}

const SAMPLERS: [string, (t: Tensor) => Tensor, number, number][] = [
  ["exponential_(2)", (t) => t.exponential_(2), 0.5, 0.25],
  ["exponential_()", (t) => t.exponential_(), 1, 1],
  ["geometric_(0.25)", (t) => t.geometric_(0.25), 4, 0.75 / 0.0625],
  ["geometric_(0.9)", (t) => t.geometric_(0.9), 1 / 0.9, 0.1 / 0.81],
  ["logNormal_(0, 0.5)", (t) => t.logNormal_(0, 0.5), Math.exp(0.125), (Math.exp(0.25) - 1) * Math.exp(0.25)],
  ["random_(1, 7)", (t) => t.random_(1, 7), 3.5, 35 / 12],
  ["random_(10)", (t) => t.random_(10), 4.5, 99 / 12],
];

describe("in-place samplers: moments for a fixed seed", () => {
  for (const [name, fill, mean, variance] of SAMPLERS) {
    it(name, () => {
      torch.manualSeed(7);
      const [m, v] = moments(fill(torch.empty(N, f64)));
      near(m, mean, 0.03, `${name} mean`);
      near(v, variance, 0.06, `${name} variance`);
    });
  }

  it("cauchy_(median, sigma): median and quartiles at median ± sigma", () => {
    torch.manualSeed(7);
    const x = torch.empty(N + 1, f64).cauchy_(1, 2);
    const q = torch.quantile(x, torch.tensor([0.25, 0.5, 0.75], f64)).dataFloat();
    near(q[0]!, -1, 0.06, "lower quartile");
    assert.ok(Math.abs(q[1]! - 1) < 0.05, `median ${q[1]}`);
    near(q[2]!, 3, 0.03, "upper quartile");
  });

  it("geometric_ draws integers >= 1, also into an integer tensor", () => {
    torch.manualSeed(3);
    const x = torch.empty(1000, { dtype: "int32" }).geometric_(0.5);
    assert.equal(x.dtype, "int32");
    assert.ok((x.min().item() as number) >= 1);
  });

  it("exponential_(0) fills with +inf, as PyTorch", () => {
    assert.deepEqual([...torch.empty(3).exponential_(0).dataFloat()], [Infinity, Infinity, Infinity]);
  });

  it("float32 tensors stay float32 and views are written through", () => {
    const base = torch.zeros(4, 6);
    base.select(1, 2).exponential_();
    assert.equal(base.dtype, "float32");
    assert.ok((base.select(1, 2).min().item() as number) > 0);
    assert.equal(base.select(1, 0).abs().sum().item(), 0);
  });
});

describe("in-place samplers: determinism and generators", () => {
  const fills: [string, (t: Tensor, g?: torch.Generator) => Tensor][] = [
    ["cauchy_", (t, g) => t.cauchy_(0, 1, g && { generator: g })],
    ["exponential_", (t, g) => t.exponential_(1, g && { generator: g })],
    ["geometric_", (t, g) => t.geometric_(0.3, g && { generator: g })],
    ["logNormal_", (t, g) => t.logNormal_(1, 2, g && { generator: g })],
    ["random_", (t, g) => t.random_(0, 1000, g && { generator: g })],
  ];
  for (const [name, fill] of fills) {
    it(`${name}: same seed, same values; an explicit generator does not touch the default one`, () => {
      torch.manualSeed(11);
      const a = fill(torch.empty(50, f64)).dataFloat();
      torch.manualSeed(11);
      const b = fill(torch.empty(50, f64)).dataFloat();
      assert.deepEqual([...a], [...b]);
      torch.manualSeed(11);
      const g = new torch.Generator().manualSeed(11);
      const c = fill(torch.empty(50, f64), g).dataFloat();
      assert.deepEqual([...c], [...a]);
      const d = fill(torch.empty(50, f64)).dataFloat(); // the default generator is still at seed 11
      assert.deepEqual([...d], [...a]);
    });
  }

  it("poisson and binomial repeat with the seed", () => {
    const run = (): number[] => {
      torch.manualSeed(5);
      const p = torch.poisson(torch.tensor([0.5, 3, 40, 400], f64));
      const b = torch.binomial(torch.tensor([5, 40, 1000], f64), torch.tensor([0.2, 0.6, 0.5], f64));
      return [...p.dataFloat(), ...b.dataFloat()];
    };
    assert.deepEqual(run(), run());
  });
});

describe("random_ ranges per dtype", () => {
  const cases: [torch.DType, number, number][] = [
    ["uint8", 0, 255],
    ["int8", 0, 127],
    ["bool", 0, 1],
    ["float16", 0, 2048],
    ["float32", 0, 2 ** 24],
  ];
  for (const [dtype, lo, hi] of cases) {
    it(`random_() on ${dtype} spans [${lo}, ${hi}]`, () => {
      torch.manualSeed(1);
      const x = torch.empty(4000, { dtype }).random_().to("float64");
      assert.ok((x.min().item() as number) >= lo && (x.max().item() as number) <= hi);
      assert.ok((x.max().item() as number) > hi * 0.9, "reaches near the top");
      assert.ok(x.eq(x.round()).all().item(), "integers");
    });
  }

  it("random_() on int64 draws across the positive int64 range", () => {
    torch.manualSeed(1);
    const x = torch.empty(200, { dtype: "int64" }).random_();
    assert.ok(Number(x.min().item()) >= 0);
    assert.ok(Number(x.max().item()) > 2 ** 62);
  });

  it("random_(from, null) runs to the dtype's top; negative ranges on signed types", () => {
    torch.manualSeed(2);
    const x = torch.empty(2000, { dtype: "int8" }).random_(100, null);
    assert.ok((x.min().item() as number) >= 100 && (x.max().item() as number) === 127);
    const y = torch.empty(2000, { dtype: "int16" }).random_(-5, -2);
    assert.deepEqual([...torch.unique(y).dataFloat()], [-5, -4, -3]);
  });
});

describe("poisson and binomial", () => {
  it("poisson: moments for small and large rates; zero rate gives zero", () => {
    torch.manualSeed(9);
    for (const rate of [0.7, 6, 30, 500]) {
      const [m, v] = moments(torch.poisson(torch.full([N], rate, f64)));
      near(m, rate, 0.02, `rate ${rate} mean`);
      near(v, rate, 0.06, `rate ${rate} variance`);
    }
    assert.equal(torch.poisson(torch.zeros(5)).sum().item(), 0);
  });

  it("poisson's gradient is zero (PoissonBackward0)", () => {
    const r = torch.tensor([2, 3], { dtype: "float64", requiresGrad: true });
    const y = torch.poisson(r);
    assert.equal(y.gradFn?.name(), "PoissonBackward0");
    y.sum().backward();
    assert.deepEqual([...r.grad!.dataFloat()], [0, 0]);
  });

  it("binomial: moments on both sampling paths and the edge rules", () => {
    torch.manualSeed(9);
    for (const [n, p] of [
      [8, 0.3],
      [25, 0.8],
      [400, 0.25],
      [5000, 0.6],
    ] as const) {
      const [m, v] = moments(torch.binomial(torch.full([N], n, f64), torch.full([N], p, f64)));
      near(m, n * p, 0.02, `n=${n} p=${p} mean`);
      near(v, n * p * (1 - p), 0.06, `n=${n} p=${p} variance`);
    }
    const e = torch.binomial(torch.tensor([10, 0, 5, -1, 2.5], f64), torch.tensor([0, 0.5, 1, 0.5, 1.5], f64));
    assert.deepEqual([...e.dataFloat()], [0, 0, 5, 0, 2.5]);
  });
});

describe("in-place rules", () => {
  it("a leaf that requires grad is refused; the version counter moves", () => {
    const leaf = torch.ones(3, { requiresGrad: true });
    assert.throws(() => leaf.exponential_(), /^Error: \[exponential_\] a leaf Variable that requires grad/);
    const x = torch.ones(3);
    const v = x.version;
    x.cauchy_();
    assert.equal(x.version, v + 1);
  });

  it("a non-leaf gets a zero-gradient node", () => {
    const w = torch.ones(3, { requiresGrad: true });
    const y = w.mul(2);
    y.logNormal_();
    assert.equal(y.gradFn?.name(), "LogNormalBackward0");
    y.sum().backward();
    assert.deepEqual([...w.grad!.dataFloat()], [0, 0, 0]);
  });
});
