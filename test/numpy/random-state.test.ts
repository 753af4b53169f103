/** NumPy's legacy RandomState, against NumPy 1.24 fixtures (scripts/fixtures/numpy_sklearn.py). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import * as np from "../../src/numpy/index.js";
import { log } from "../../src/numpy/libm.js";

interface Arr {
  shape: number[];
  dtype: "float64" | "int64";
  values: number[];
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/numpy-sklearn.json", import.meta.url), "utf8")).cases;

function values(t: unknown): number[] {
  assert.ok(t instanceof torch.Tensor, "expected a Tensor");
  return Array.from(t.dataSync() as ArrayLike<number | bigint>, Number);
}

/** Bit-identical values, shape and dtype. */
function same(t: unknown, want: Arr): void {
  assert.ok(t instanceof torch.Tensor);
  assert.deepEqual([...t.shape], want.shape);
  assert.equal(t.dtype, want.dtype);
  assert.deepEqual(values(t), want.values);
}

/** Within `ulps` units in the last place, and at most `maxDiffering` values not identical. */
function close(t: unknown, want: Arr, ulps: number, maxDiffering: number): void {
  const got = values(t);
  assert.equal(got.length, want.values.length);
  let differing = 0;
  got.forEach((v, i) => {
    const w = want.values[i]!;
    if (v === w) return;
    differing++;
    const ulp = Math.max(Math.abs(w), 2 ** -1022) * 2 ** -52;
    assert.ok(Math.abs(v - w) <= ulps * ulp, `value ${i}: ${v} vs ${w}`);
  });
  assert.ok(differing <= maxDiffering, `${differing} values differ in their last bits`);
}

describe("np.random (the book's chapter 1 data)", () => {
  it("np.random.seed(42); rand(100, 1); randn(100, 1); shuffle(arange(100)) as NumPy draws them", () => {
    np.random.seed(42);
    const x = np.random.rand(100, 1);
    same(x, fx.book.x);
    const eps = (np.random.randn(100, 1) as torch.Tensor).mul(0.1);
    // glibc's log rounds about one Gaussian pair in a few hundred the other way from ours
    // (which is correctly rounded): that pair's two values may differ in their last bit.
    close(eps, fx.book.epsilon, 1, 2);
    const idx = np.arange(100);
    np.random.shuffle(idx);
    same(idx, fx.book.idx);
  });
  it("a scalar without a size, like NumPy's Python floats", () => {
    np.random.seed(42);
    assert.equal(np.random.rand(), fx.book.x.values[0]);
    np.random.seed(42);
    assert.equal(np.random.random(), fx.book.x.values[0]);
    assert.equal(typeof np.random.randint(10), "number");
  });
});

describe("RandomState(0): every distribution in sequence", () => {
  it("matches NumPy draw for draw (the cached Gaussian carries across calls)", () => {
    const rs = new np.RandomState(0);
    for (const d of fx.randomState0 as { fn: string; args: unknown[]; out: Arr }[]) {
      const a = d.args as never[];
      let out: unknown;
      switch (d.fn) {
        case "rand":
          out = rs.rand(...(a as number[]));
          break;
        case "randn":
          out = rs.randn(...(a as number[]));
          break;
        case "random":
          out = rs.random(a);
          break;
        case "uniform":
          out = rs.uniform(a[0], a[1], a[2]);
          break;
        case "normal":
          out = rs.normal(a[0], a[1], a[2]);
          break;
        case "randint":
          out = a[1] === null ? rs.randint(a[0], { size: a[2] }) : rs.randint(a[0], a[1], a[2]);
          break;
        case "permutation":
          out = rs.permutation(a[0]);
          break;
        case "shuffle2d": {
          const t = np.arange(12).reshape(4, 3);
          rs.shuffle(t);
          out = t;
          break;
        }
        case "choice":
          out = rs.choice(a[0], a[1], a[2]);
          break;
        case "choicep":
          out = rs.choice(a[0], a[1], { p: a[2] });
          break;
        default:
          throw new Error(`unknown fixture function ${d.fn}`);
      }
      if (d.fn === "randn" || d.fn === "normal") close(out, d.out, 1, 2);
      else same(out, d.out);
    }
  });
  it("seeds across the whole 32-bit range", () => {
    for (const [s, v] of Object.entries(fx.seeds as Record<string, { rand: Arr; randn: Arr }>)) {
      const rs = new np.RandomState(Number(s));
      same(rs.rand(3), v.rand);
      close(rs.randn(3), v.randn, 1, 2);
    }
  });
  it("getState/setState replays the stream, the cached Gaussian included", () => {
    const rs = new np.RandomState(7);
    rs.randn(3);
    const st = rs.getState();
    const a = values(rs.randn(4));
    rs.setState(st);
    assert.deepEqual(values(rs.randn(4)), a);
  });
});

describe("np array helpers", () => {
  it("linspace, arange and pairwise sums", () => {
    assert.deepEqual(values(np.linspace(0, 1, 5)), [0, 0.25, 0.5, 0.75, 1]);
    assert.equal(np.linspace(0, 1, 5).dtype, "float64");
    assert.deepEqual(values(np.linspace(0, 1, 4, false)), [0, 0.25, 0.5, 0.75]);
    assert.equal(np.arange(3).dtype, "int64");
    assert.equal(np.arange(0, 1, 0.5).dtype, "float64");
    // 0.1 summed 1000 times: NumPy's pairwise order gives 100.00000000000001, a running sum 99.9999999999986.
    assert.equal(np.sum(Array(1000).fill(0.1)), 100.00000000000001);
    assert.equal(np.mean([1, 2, 3, 4]), 2.5);
    const [xx, yy] = np.meshgrid(np.linspace(0, 1, 3), np.linspace(0, 1, 2));
    assert.deepEqual([...xx.shape], [2, 3]);
    assert.deepEqual(values(yy), [0, 0, 0, 1, 1, 1]);
    assert.equal(np.array([1, 2.5]).dtype, "float64");
    assert.equal(np.array([1, 2]).dtype, "int64");
  });
  it("log is correctly rounded where V8's Math.log is off by one ulp", () => {
    // log(0.9526656333094028) is 0.49940 ulp from -0.048491293860739464.
    assert.equal(log(0.9526656333094028), -0.048491293860739464);
    for (const x of [1, 2, 0.5, Math.E, 1e-300, 5e-324, 1e300])
      assert.ok(Math.abs(log(x) - Math.log(x)) <= Math.abs(Math.log(x)) * 2.3e-16);
    assert.equal(log(1), 0);
    assert.ok(Number.isNaN(log(-1)));
    assert.equal(log(0), -Infinity);
  });
});

describe("np.random: bad input", () => {
  const cases: [string, () => unknown, RegExp, (typeof TypeError | typeof RangeError)?][] = [
    [
      "seed out of range",
      () => np.random.seed(2 ** 32),
      /^\[RandomState\.seed\] seed must be an integer between 0 and 2\*\*32 - 1: got 4294967296$/,
    ],
    ["negative seed", () => new np.RandomState(-1), /seed must be an integer between 0 and 2\*\*32 - 1: got -1/],
    ["fractional seed", () => new np.RandomState(1.5), /got 1\.5/],
    ["randint low >= high", () => np.random.randint(5, 5), /^\[randint\] low >= high: got low=5, high=5$/],
    ["randint fractional", () => np.random.randint(1.5, 4), /^\[randint\] low must be an integer: got 1\.5$/],
    [
      "randint snake option",
      () => np.random.randint(0, 4, { sizes: 3 }),
      /^\[randint\] unknown option "sizes": did you mean "size"\?$/,
    ],
    ["randint dtype", () => np.random.randint(0, 4, { dtype: "int8" }), /only dtype "int64"/],
    ["size negative", () => np.random.random([-1]), /^\[random\] size must be >= 0: got -1$/],
    ["size kind", () => np.random.random("3"), /^\[random\] size must be an integer or a list of integers: got "3"$/],
    ["too many args", () => np.random.normal(0, 1, [2], 5), /^\[normal\] takes at most 3 positional arguments: got 4/],
    ["normal negative scale", () => np.random.normal(0, -1, [2]), /^\[normal\] scale must be non-negative: got -1$/],
    ["normal misspelt option", () => np.random.normal({ scael: 1 }), /did you mean "scale"\?/],
    ["normal given twice", () => np.random.normal(0, { loc: 1 }), /got multiple values for argument "loc"/],
    ["uniform infinite range", () => np.random.uniform(-1e308, 1e308, [1]), /range exceeds valid bounds/],
    [
      "choice bigger than population",
      () => np.random.choice(3, 5, false),
      /cannot take a larger sample than population/,
    ],
    ["choice p sums", () => np.random.choice(3, 2, true, [0.5, 0.5, 0.5]), /probabilities do not sum to 1/],
    ["choice p size", () => np.random.choice(3, 2, true, [0.5, 0.5]), /a and p must have same size/],
    ["choice p negative", () => np.random.choice(2, 1, true, [1.5, -0.5]), /probabilities are not non-negative/],
    ["choice empty", () => np.random.choice(0, 1), /a cannot be empty/],
    ["choice replace kind", () => np.random.choice(3, 1, "no"), /replace must be a boolean: got "no"/],
    ["shuffle 0-d", () => np.random.shuffle(torch.tensor(3)), /at least one-dimensional/],
    ["shuffle kind", () => np.random.shuffle(3 as never), /x must be a Tensor or an array: got 3/],
    ["permutation negative", () => np.random.permutation(-2), /x must be >= 0: got -2/],
    ["linspace num", () => np.linspace(0, 1, -1), /^\[np\.linspace\] num must be >= 0: got -1$/],
    ["linspace option", () => np.linspace(0, 1, { nums: 3 }), /did you mean "num"\?/],
    ["meshgrid indexing", () => np.meshgrid([1], [2], { indexing: "xz" as never }), /indexing must be "xy" or "ij"/],
    [
      "meshgrid option",
      () => np.meshgrid([1], [2], { indexng: "ij" } as never),
      /^\[np\.meshgrid\] unknown option "indexng": did you mean "indexing"\?$/,
    ],
    [
      "setState key",
      () => new np.RandomState(0).setState({ key: new Uint32Array(3), pos: 0, hasGauss: false, gauss: 0 }),
      /key must be a Uint32Array of 624 words/,
    ],
  ];
  for (const [name, fn, message] of cases)
    it(name, () =>
      assert.throws(fn, (e: unknown) => {
        assert.ok(
          e instanceof TypeError || e instanceof RangeError,
          `expected a TypeError or RangeError: got ${String(e)}`,
        );
        assert.match(e.message, message);
        return true;
      }),
    );
});

describe("antorcha/numpy on its own", () => {
  it("works imported alone, on the backend the root entry would choose", async () => {
    const { execFileSync } = await import("node:child_process");
    const entry = new URL("../../src/numpy/index.ts", import.meta.url).href;
    const code = `const np = await import(${JSON.stringify(entry)}); np.random.seed(42); console.log(np.mean(np.random.rand(4)));`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
      encoding: "utf8",
    });
    np.random.seed(42);
    assert.equal(Number(out.trim()), np.mean(np.random.rand(4)));
  });
});
