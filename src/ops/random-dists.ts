/**
 * More of PyTorch's random samplers, on antorcha's seeded generator (`torch.manualSeed`, or a
 * `generator` option): the in-place `cauchy_`, `exponential_`, `geometric_`, `logNormal_` and
 * `random_`, and `torch.poisson` / `torch.binomial`. Their values follow the distributions, not
 * PyTorch's exact streams (unlike `rand`/`randn`/`normal_`, which reproduce PyTorch's values).
 * Samples are drawn in the tensor's row-major order; written in place with PyTorch's in-place rules.
 */
import { checkNumber, checkOptions, describe, optionKeys } from "../util/args.js";
import { zerosLike } from "../tensor/creation.js";
import { allocArray, iinfo, isFloatingPoint, writeNumber, type DType, type IntDType } from "../tensor/dtype.js";
import { installMethods } from "../tensor/methods.js";
import { Generator, defaultGenerator } from "../tensor/random/generator.js";
import { binomialSample, poissonSample, uniform01 } from "../tensor/random/dists.js";
import { sampleNormal } from "../tensor/random/samplers.js";
import { broadcastShapes } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { inplace, record } from "./define.js";
import { defineOp } from "./registry.js";

const GEN_KEYS = optionKeys("generator");

interface GenOptions {
  generator?: Generator;
}

function genOf(op: string, opts: GenOptions | undefined): Generator {
  if (opts === undefined) return defaultGenerator;
  checkOptions(op, opts, GEN_KEYS);
  const g = opts.generator ?? defaultGenerator;
  if (!(g instanceof Generator)) throw new TypeError(`[${op}] generator must be a torch.Generator: got ${describe(g)}`);
  return g;
}

function floatSelf(op: string, self: Tensor): void {
  if (!isFloatingPoint(self.dtype))
    throw new TypeError(`[${op}] expected a floating-point tensor: got ${self.dtype} (PyTorch has no integer ${op})`);
}

/** A contiguous tensor of `shape` holding `values` (rounded by the store to `dtype`). */
function fromValues(values: Float64Array | BigInt64Array, shape: readonly number[], dtype: DType): Tensor {
  if (values instanceof BigInt64Array) return Tensor._fromArray(values, shape, "int64");
  const arr = allocArray(dtype, values.length);
  for (let i = 0; i < values.length; i++) writeNumber(arr, dtype, i, values[i]!);
  return Tensor._fromArray(arr, shape, dtype);
}

/**
 * Fills `self` in place with `draw`'s samples: PyTorch's in-place rules, a version bump, and (on
 * a tensor that requires grad) a `gradName` node passing back zeros. Draws once.
 */
function fillWith(
  op: string,
  self: Tensor,
  gradName: string,
  draw: (n: number) => Float64Array | BigInt64Array,
): Tensor {
  if (!(self instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${describe(self)}`);
  const samples = fromValues(draw(self.numel()), self.shape, self.dtype);
  return inplace(op, self, (s) => {
    const y = samples.clone();
    return record(gradName, y, [s], (g): Tensor[] => [zerosLike(g)]);
  });
}

function each(n: number, f: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

// ---- in-place samplers -------------------------------------------------------------------------

/** Mantissa digits of the float dtypes: `random_`'s default upper bound is 2^digits. */
const DIGITS: Partial<Record<DType, number>> = { float16: 11, bfloat16: 8, float32: 24, float64: 53 };
const FLOAT_MAX: Partial<Record<DType, number>> = {
  float16: 65504,
  bfloat16: 3.3895313892515355e38,
  float32: 3.4028234663852886e38,
  float64: Number.MAX_VALUE,
};

/** [lowest, highest] value of `dtype` and the default exclusive upper bound of `random_`. */
function randomRange(dtype: DType): { lo: bigint; hi: bigint; top: bigint } {
  if (dtype === "bool") return { lo: 0n, hi: 1n, top: 2n };
  const digits = DIGITS[dtype];
  if (digits !== undefined) {
    const m = BigInt(Math.floor(FLOAT_MAX[dtype]!));
    return { lo: -m, hi: m, top: 2n ** BigInt(digits) + 1n };
  }
  const info = iinfo(dtype as IntDType);
  const hi = BigInt(info.max);
  return { lo: BigInt(info.min), hi, top: hi + 1n };
}

function bound(op: string, name: string, v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v !== "number" || !Number.isInteger(v))
    throw new TypeError(`[${op}] ${name} must be an integer: got ${describe(v)}`);
  return BigInt(v);
}

declare module "../tensor/tensor.js" {
  interface Tensor {
    /**
     * Fills with Cauchy samples: median + sigma · tan(π (u − ½)).
     * @example torch.empty(3).cauchy_(0, 1)
     */
    cauchy_(median?: number, sigma?: number, opts?: GenOptions): Tensor;
    /**
     * Fills with exponential samples of rate `lambd` (mean 1/lambd); lambd ≥ 0.
     * @example torch.empty(3).exponential_(2)
     */
    exponential_(lambd?: number, opts?: GenOptions): Tensor;
    /**
     * Fills with geometric samples: the number of Bernoulli(p) trials up to the first success (≥ 1).
     * @example torch.empty(3).geometric_(0.25)
     */
    geometric_(p: number, opts?: GenOptions): Tensor;
    /**
     * Fills with exp(N(mean, std²)) samples; std > 0.
     * @example torch.empty(3).logNormal_(0, 0.5)
     */
    logNormal_(mean?: number, std?: number, opts?: GenOptions): Tensor;
    /**
     * Fills with integers uniform in [from, to): `random_()` spans [0, 2^mantissa] for floats
     * and [0, max] for integers, `random_(to)` is [0, to), `random_(from, null)` runs to that top.
     * @example torch.empty(4, { dtype: "int64" }).random_(1, 7) // dice
     */
    random_(from?: number | bigint | null, to?: number | bigint | null, opts?: GenOptions): Tensor;
  }
}

installMethods({
  cauchy_(this: Tensor, median = 0, sigma = 1, opts?: GenOptions): Tensor {
    floatSelf("cauchy_", this);
    checkNumber("cauchy_", "median", median);
    checkNumber("cauchy_", "sigma", sigma);
    const g = genOf("cauchy_", opts);
    return fillWith("cauchy_", this, "CauchyBackward0", (n) =>
      each(n, () => median + sigma * Math.tan(Math.PI * (uniform01(g) - 0.5))),
    );
  },
  exponential_(this: Tensor, lambd = 1, opts?: GenOptions): Tensor {
    floatSelf("exponential_", this);
    checkNumber("exponential_", "lambd", lambd);
    if (!(lambd >= 0))
      throw new RangeError(`[exponential_] lambd must be >= 0: got ${lambd} (exponential_ expects lambda >= 0.0)`);
    const g = genOf("exponential_", opts);
    return fillWith("exponential_", this, "ExponentialBackward0", (n) =>
      each(n, () => -Math.log1p(-uniform01(g)) / lambd),
    );
  },
  geometric_(this: Tensor, p: number, opts?: GenOptions): Tensor {
    checkNumber("geometric_", "p", p);
    if (!(p > 0 && p < 1)) throw new RangeError(`[geometric_] p must be in (0, 1): got ${p}`);
    if (this instanceof Tensor && this.dtype === "bool")
      throw new TypeError(`[geometric_] expected a numeric tensor: got bool`);
    const g = genOf("geometric_", opts);
    const denom = Math.log1p(-p);
    // trials up to the first success: ceil(log(u) / log(1 − p)) with u in (0, 1]
    return fillWith("geometric_", this, "GeometricBackward0", (n) =>
      each(n, () => Math.max(1, Math.ceil(Math.log(1 - uniform01(g)) / denom))),
    );
  },
  logNormal_(this: Tensor, mean = 1, std = 2, opts?: GenOptions): Tensor {
    floatSelf("logNormal_", this);
    checkNumber("logNormal_", "mean", mean);
    checkNumber("logNormal_", "std", std);
    if (!(std > 0)) throw new RangeError(`[logNormal_] std must be > 0: got ${std}`);
    const g = genOf("logNormal_", opts);
    return fillWith("logNormal_", this, "LogNormalBackward0", (n) =>
      sampleNormal(n, "float64", mean, std, g).map(Math.exp),
    );
  },
  random_(this: Tensor, a?: number | bigint | null, b?: number | bigint | null, opts?: GenOptions): Tensor {
    if (!(this instanceof Tensor)) throw new TypeError(`[random_] expected a Tensor: got ${describe(this)}`);
    const dt = this.dtype;
    const { lo, hi, top } = randomRange(dt);
    let from = 0n;
    let to = top;
    let gradName = "RandomBackward0";
    if (b !== undefined) {
      if (a === null || a === undefined) throw new TypeError(`[random_] from must be an integer: got ${describe(a)}`);
      from = bound("random_", "from", a);
      to = b === null ? top : bound("random_", "to", b);
      gradName = "RandomBackward2";
    } else if (a !== undefined && a !== null) {
      to = bound("random_", "to", a);
      gradName = "RandomBackward1";
    }
    if (from >= to) throw new RangeError(`[random_] from must be less than to: got from=${from} >= to=${to}`);
    if (from < lo || from > hi)
      throw new RangeError(`[random_] from is out of bounds for ${dt}: got ${from}, expected [${lo}, ${hi}]`);
    if (to - 1n < lo || to - 1n > hi)
      throw new RangeError(`[random_] to - 1 is out of bounds for ${dt}: got ${to - 1n}, expected [${lo}, ${hi}]`);
    const g = genOf("random_", opts);
    const range = to - from;
    const draw = (): bigint => from + ((range > 0xffffffffn ? g.nextUint64() : BigInt(g.nextUint32())) % range);
    return fillWith("random_", this, gradName, (n) => {
      if (dt === "int64") {
        const out = new BigInt64Array(n);
        for (let i = 0; i < n; i++) out[i] = draw();
        return out;
      }
      return each(n, () => Number(draw()));
    });
  },
});

// ---- poisson / binomial ------------------------------------------------------------------------

/**
 * Samplers whose draws run per element on the CPU generator (rejection loops in float64): their
 * parameters must be read, which a device cannot do synchronously — a clear gap, not a fallback.
 */
function onCpuGenerator(op: string, ts: readonly Tensor[]): void {
  if (ts.some((t) => t.storage.device !== "cpu"))
    throw new Error(
      `[${op}] not available on webgpu yet: its samples are drawn on the CPU generator from the parameters' values (a read-back); move the tensors to the CPU first (await t.toAsync("cpu"))`,
    );
}

/**
 * Poisson samples with the rates `input` (same shape and float dtype). Its gradient is zero, as
 * PyTorch's. Rates must be finite and ≥ 0.
 * @example torch.manualSeed(0); torch.poisson(torch.tensor([1, 4, 100]).float())
 */
export const poisson = defineOp(
  "poisson",
  { family: "composite", mode: "function", gradNames: ["PoissonBackward0"] },
  function poisson(input: Tensor, opts?: GenOptions): Tensor {
    if (!(input instanceof Tensor))
      throw new TypeError(`[poisson] expected input to be a Tensor: got ${describe(input)}`);
    floatSelf("poisson", input);
    onCpuGenerator("poisson", [input]);
    const g = genOf("poisson", opts);
    const rates = input.to("float64").contiguous().dataFloat();
    for (const r of rates)
      if (!(r >= 0 && r < Infinity))
        throw new RangeError(`[poisson] invalid Poisson rate: got ${r}, expected a finite, non-negative rate`);
    const out = fromValues(
      rates.map((r) => poissonSample(r, g)),
      input.shape,
      input.dtype,
    );
    return record("PoissonBackward0", out, [input], (gr): Tensor[] => [zerosLike(gr)]);
  },
);

/**
 * Binomial samples: successes in `count` trials of probability `prob` (float tensors of one
 * dtype, broadcast). Not differentiable.
 * @example torch.manualSeed(0); torch.binomial(torch.tensor([10, 100]).float(), torch.tensor([0.5, 0.1]))
 */
export const binomial = defineOp(
  "binomial",
  { family: "composite", mode: "function" },
  function binomial(count: Tensor, prob: Tensor, opts?: GenOptions): Tensor {
    if (!(count instanceof Tensor))
      throw new TypeError(`[binomial] expected count to be a Tensor: got ${describe(count)}`);
    if (!(prob instanceof Tensor))
      throw new TypeError(`[binomial] expected prob to be a Tensor: got ${describe(prob)}`);
    floatSelf("binomial", count);
    if (prob.dtype !== count.dtype)
      throw new TypeError(`[binomial] expected prob to have count's dtype: got ${prob.dtype} and ${count.dtype}`);
    onCpuGenerator("binomial", [count, prob]);
    const g = genOf("binomial", opts);
    const shape = broadcastShapes("binomial", count.shape, prob.shape);
    const c = count.detach().expand(shape).to("float64").contiguous().dataFloat();
    const p = prob.detach().expand(shape).to("float64").contiguous().dataFloat();
    return fromValues(
      c.map((ci, i) => binomialSample(ci, p[i]!, g)),
      shape,
      count.dtype,
    );
  },
);
