/**
 * NumPy's legacy `RandomState` (`np.random.seed`, `rand`, `randn`, …) on MT19937, reproducing its
 * streams exactly: the polar-method Gaussian with its cached second value, masked rejection for
 * bounded integers, `random_interval` for shuffles, and the legacy `choice` paths. Results are
 * float64 / int64 tensors (NumPy's defaults), or a JS number when no `size` is given, as NumPy
 * returns a Python scalar then.
 */
import { Tensor } from "../tensor/tensor.js";
import { tensor } from "../tensor/creation.js";
import { bindArgs, checkInt, describe, optionKeys } from "../util/args.js";
import { log } from "./libm.js";
import { MT19937, type MT19937State } from "./mt19937.js";

/** A NumPy `size`: one length or a shape. */
export type Size = number | readonly number[];

/** A scalar or an array-like of per-element parameters (broadcast against `size`). */
export type Param = number | Tensor | readonly unknown[];

/** The state `getState()` returns (NumPy's `('MT19937', key, pos, has_gauss, cached_gaussian)`). */
export interface RandomStateState extends MT19937State {
  hasGauss: boolean;
  gauss: number;
}

const SIZE = ["size"] as const;
const UNIFORM = ["low", "high", "size"] as const;
const NORMAL = ["loc", "scale", "size"] as const;
const RANDINT = ["low", "high", "size"] as const;
const CHOICE = ["a", "size", "replace", "p"] as const;
const SIZE_KEYS = optionKeys(...SIZE);
const UNIFORM_KEYS = optionKeys(...UNIFORM);
const NORMAL_KEYS = optionKeys(...NORMAL);
const RANDINT_KEYS = optionKeys(...RANDINT, "dtype");
const CHOICE_KEYS = optionKeys(...CHOICE);

function shapeOf(op: string, size: unknown): number[] {
  const shape = typeof size === "number" ? [size] : Array.isArray(size) ? [...(size as unknown[])] : null;
  if (shape === null)
    throw new TypeError(`[${op}] size must be an integer or a list of integers: got ${describe(size)}`);
  for (const d of shape) checkInt(op, "size", d, 0);
  return shape as number[];
}

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function f64(values: Float64Array, shape: readonly number[]): Tensor {
  return Tensor._fromArray(values, [...shape], "float64");
}

/** `x` as float64 values broadcast to `shape` (C order). */
function broadcastParam(op: string, name: string, x: Param, shape: readonly number[]): Float64Array | number {
  if (typeof x === "number") return x;
  if (!(x instanceof Tensor) && !Array.isArray(x))
    throw new TypeError(`[${op}] ${name} must be a number or an array: got ${describe(x)}`);
  const t = x instanceof Tensor ? x.to("float64") : tensor(x as number[], { dtype: "float64" });
  return t
    .expand([...shape])
    .contiguous()
    .dataSync() as Float64Array;
}

function paramShape(x: Param): number[] {
  if (typeof x === "number") return [];
  return x instanceof Tensor ? [...x.shape] : [...tensor(x as number[]).shape];
}

/** NumPy's broadcast of two shapes (for a `size`-less call with array parameters). */
function broadcastShapes(op: string, a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1)
      throw new RangeError(`[${op}] shape mismatch: objects cannot be broadcast to a single shape: [${a}] and [${b}]`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

function seedValue(op: string, seed: unknown): number {
  if (seed === undefined || seed === null) {
    const c = (globalThis as { crypto?: { getRandomValues(a: Uint32Array): Uint32Array } }).crypto;
    return c ? c.getRandomValues(new Uint32Array(1))[0]! : Math.floor(Math.random() * 2 ** 32);
  }
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
    throw new RangeError(`[${op}] seed must be an integer between 0 and 2**32 - 1: got ${describe(seed)}`);
  return seed;
}

/**
 * NumPy's `np.random.RandomState`.
 *
 * @example
 * const rs = new RandomState(42);
 * rs.rand(3); // tensor([0.3745, 0.9507, 0.7320], dtype=torch.float64), as np.random.RandomState(42).rand(3)
 */
export class RandomState {
  private readonly mt = new MT19937();
  private hasGauss = false;
  private gauss = 0;

  constructor(seed?: number | null) {
    this.seed(seed);
  }

  /** Reseeds (a random seed when none is given), clearing the cached Gaussian. */
  seed(seed?: number | null): void {
    this.mt.seed(seedValue("RandomState.seed", seed));
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** The generator state, including the cached Gaussian. */
  getState(): RandomStateState {
    return { ...this.mt.getState(), hasGauss: this.hasGauss, gauss: this.gauss };
  }

  /** Restores `getState()`'s result. */
  setState(state: RandomStateState): void {
    this.mt.setState(state);
    this.hasGauss = Boolean(state.hasGauss);
    this.gauss = Number(state.gauss);
  }

  /** One uniform double in [0, 1). */
  private double(): number {
    return this.mt.nextDouble();
  }

  /** One standard normal (Marsaglia's polar method; the second value is cached). */
  private gaussian(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * this.double() - 1.0;
      x2 = 2.0 * this.double() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  private fill(op: string, size: unknown, draw: (i: number) => number): number | Tensor {
    if (size === undefined || size === null) return draw(0);
    const shape = shapeOf(op, size);
    const out = new Float64Array(count(shape));
    for (let i = 0; i < out.length; i++) out[i] = draw(i);
    return f64(out, shape);
  }

  /** Uniform [0, 1) samples of shape `dims` (`np.random.rand(d0, d1, …)`); a number with no dims. */
  rand(...dims: number[]): number | Tensor {
    return this.fill("rand", dims.length === 0 ? undefined : dims, () => this.double());
  }

  /** Standard normal samples of shape `dims` (`np.random.randn`). */
  randn(...dims: number[]): number | Tensor {
    return this.fill("randn", dims.length === 0 ? undefined : dims, () => this.gaussian());
  }

  /** Uniform [0, 1) samples (`random_sample`), `random(size?)`. */
  random(...args: unknown[]): number | Tensor {
    const a = bindArgs("random", SIZE, SIZE_KEYS, args);
    return this.fill("random", a.size, () => this.double());
  }

  /** Alias of `random` (`np.random.random_sample`). */
  randomSample(...args: unknown[]): number | Tensor {
    return this.random(...args);
  }

  /** Standard normal samples (`standard_normal(size?)`). */
  standardNormal(...args: unknown[]): number | Tensor {
    const a = bindArgs("standardNormal", SIZE, SIZE_KEYS, args);
    return this.fill("standardNormal", a.size, () => this.gaussian());
  }

  /** `low + (high - low)·U[0, 1)`: `uniform(low = 0, high = 1, size?)`. */
  uniform(...args: unknown[]): number | Tensor {
    const a = bindArgs("uniform", UNIFORM, UNIFORM_KEYS, args);
    return this.twoParam("uniform", (a.low ?? 0) as Param, (a.high ?? 1) as Param, a.size, (lo, hi) => {
      const range = hi - lo;
      if (!Number.isFinite(range)) throw new RangeError("[uniform] high - low range exceeds valid bounds");
      return lo + range * this.double();
    });
  }

  /** `loc + scale·N(0, 1)`: `normal(loc = 0, scale = 1, size?)`. */
  normal(...args: unknown[]): number | Tensor {
    const a = bindArgs("normal", NORMAL, NORMAL_KEYS, args);
    return this.twoParam("normal", (a.loc ?? 0) as Param, (a.scale ?? 1) as Param, a.size, (loc, scale) => {
      if (!(scale >= 0)) throw new RangeError(`[normal] scale must be non-negative: got ${scale}`);
      return loc + scale * this.gaussian();
    });
  }

  private twoParam(
    op: string,
    p: Param,
    q: Param,
    size: unknown,
    draw: (p: number, q: number) => number,
  ): number | Tensor {
    if (typeof p === "number" && typeof q === "number") return this.fill(op, size, () => draw(p, q));
    const shape =
      size === undefined || size === null ? broadcastShapes(op, paramShape(p), paramShape(q)) : shapeOf(op, size);
    const ps = broadcastParam(op, "the first parameter", p, shape);
    const qs = broadcastParam(op, "the second parameter", q, shape);
    const out = new Float64Array(count(shape));
    for (let i = 0; i < out.length; i++)
      out[i] = draw(typeof ps === "number" ? ps : ps[i]!, typeof qs === "number" ? qs : qs[i]!);
    return f64(out, shape);
  }

  /** An integer in [0, max] by masked rejection (NumPy's `random_interval`, used by shuffles). */
  private interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    for (let s = 1; s <= 16; s <<= 1) mask |= mask >>> s;
    mask >>>= 0;
    let v: number;
    do v = (this.mt.next32() & mask) >>> 0;
    while (v > max);
    return v;
  }

  /** An offset in [0, rng] as `random_bounded_uint64` draws it with masking (rng as a bigint). */
  private bounded(rng: bigint): bigint {
    if (rng === 0n) return 0n;
    if (rng <= 0xffffffffn) {
      const r = Number(rng);
      if (r === 0xffffffff) return BigInt(this.mt.next32());
      return BigInt(this.interval(r));
    }
    if (rng === 0xffffffffffffffffn) return this.mt.next64();
    let mask = rng;
    for (let s = 1n; s <= 32n; s <<= 1n) mask |= mask >> s;
    let v: bigint;
    do v = this.mt.next64() & mask;
    while (v > rng);
    return v;
  }

  /**
   * Integers in [low, high) (`randint(low, high?, size?)`; one bound means [0, low)), int64.
   * @example new RandomState(0).randint(0, 10, [3]) // as np.random.RandomState(0).randint(0, 10, 3)
   */
  randint(...args: unknown[]): number | bigint | Tensor {
    const a = bindArgs("randint", RANDINT, RANDINT_KEYS, args);
    if (a.dtype !== undefined && a.dtype !== "int64")
      throw new RangeError(`[randint] only dtype "int64" (NumPy's default) is supported: got ${describe(a.dtype)}`);
    const big = (v: unknown, name: string): bigint => {
      if (typeof v === "bigint") return v;
      if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
      throw new TypeError(`[randint] ${name} must be an integer: got ${describe(v)}`);
    };
    let low = big(a.low, "low");
    let high: bigint;
    if (a.high === undefined || a.high === null) {
      high = low;
      low = 0n;
    } else high = big(a.high, "high");
    if (low >= high) throw new RangeError(`[randint] low >= high: got low=${low}, high=${high}`);
    if (low < -(2n ** 63n) || high > 2n ** 63n)
      throw new RangeError(`[randint] bounds must fit int64: got low=${low}, high=${high}`);
    const rng = high - 1n - low;
    if (a.size === undefined || a.size === null) {
      const v = low + this.bounded(rng);
      return typeof a.low === "bigint" || typeof a.high === "bigint" ? v : Number(v);
    }
    const shape = shapeOf("randint", a.size);
    const out = new BigInt64Array(count(shape));
    for (let i = 0; i < out.length; i++) out[i] = low + this.bounded(rng);
    return Tensor._fromArray(out, shape, "int64");
  }

  /** The Fisher–Yates order NumPy's `shuffle` applies to `n` items: swap (i, j) for i = n-1 … 1. */
  private swaps(n: number): Uint32Array {
    const js = new Uint32Array(n);
    for (let i = n - 1; i >= 1; i--) js[i] = this.interval(i);
    return js;
  }

  /**
   * Shuffles `x` in place along its first axis (`np.random.shuffle`): a JS array or a tensor.
   * @example const idx = np.arange(100); np.random.shuffle(idx);
   */
  shuffle(x: Tensor | unknown[]): void {
    if (Array.isArray(x)) {
      const js = this.swaps(x.length);
      for (let i = x.length - 1; i >= 1; i--) {
        const j = js[i]!;
        const t = x[i];
        x[i] = x[j];
        x[j] = t;
      }
      return;
    }
    if (!(x instanceof Tensor)) throw new TypeError(`[shuffle] x must be a Tensor or an array: got ${describe(x)}`);
    if (x.dim() === 0)
      throw new TypeError("[shuffle] x must be at least one-dimensional (a 0-d tensor cannot be shuffled)");
    const n = x.shape[0]!;
    const js = this.swaps(n);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i >= 1; i--) {
      const j = js[i]!;
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const shuffled = x.indexSelect(0, tensor(order, { dtype: "int64" }));
    x.copy_(shuffled);
  }

  /**
   * A shuffled `arange(x)` (int64), or a shuffled copy of a tensor along its first axis.
   * @example new RandomState(13).permutation(5)
   */
  permutation(x: number | Tensor): Tensor {
    if (typeof x === "number") {
      checkInt("permutation", "x", x, 0);
      const idx = new BigInt64Array(x);
      const js = this.swaps(x);
      for (let i = 0; i < x; i++) idx[i] = BigInt(i);
      for (let i = x - 1; i >= 1; i--) {
        const j = js[i]!;
        const t = idx[i]!;
        idx[i] = idx[j]!;
        idx[j] = t;
      }
      return Tensor._fromArray(idx, [x], "int64");
    }
    if (!(x instanceof Tensor))
      throw new TypeError(`[permutation] x must be an integer or a Tensor: got ${describe(x)}`);
    if (x.dim() === 0) throw new RangeError("[permutation] x must be an integer or at least 1-dimensional");
    return x.indexSelect(0, this.permutation(x.shape[0]!));
  }

  /**
   * Samples from `a` (an integer n means `arange(n)`): `choice(a, size?, replace = true, p?)`.
   * @example new RandomState(0).choice(10, 3, false)
   */
  choice(...args: unknown[]): number | Tensor {
    const o = bindArgs("choice", CHOICE, CHOICE_KEYS, args);
    const a = o.a;
    let pop: Tensor | null = null;
    let popSize: number;
    if (typeof a === "number") {
      checkInt("choice", "a", a, 0);
      popSize = a;
    } else if (a instanceof Tensor || Array.isArray(a)) {
      pop = a instanceof Tensor ? a : tensor(a as number[]);
      if (pop.dim() !== 1) throw new RangeError("[choice] a must be 1-dimensional");
      popSize = pop.shape[0]!;
    } else throw new TypeError(`[choice] a must be an integer or a 1-d array: got ${describe(a)}`);
    if (popSize === 0) throw new RangeError("[choice] a cannot be empty unless no samples are taken");
    const replace = o.replace ?? true;
    if (typeof replace !== "boolean")
      throw new TypeError(`[choice] replace must be a boolean: got ${describe(replace)}`);
    const scalar = o.size === undefined || o.size === null;
    const shape = scalar ? [] : shapeOf("choice", o.size);
    const n = count(shape);
    let p: Float64Array | null = null;
    if (o.p !== undefined && o.p !== null) {
      p = (o.p instanceof Tensor ? o.p.to("float64") : tensor(o.p as number[], { dtype: "float64" }))
        .reshape(-1)
        .dataSync() as Float64Array;
      if (p.length !== popSize) throw new RangeError("[choice] a and p must have same size");
      let s = 0;
      for (const v of p) {
        if (!(v >= 0)) throw new RangeError("[choice] probabilities are not non-negative");
        s += v;
      }
      if (Math.abs(s - 1) > Math.sqrt(2.220446049250313e-16))
        throw new RangeError("[choice] probabilities do not sum to 1");
    }
    const idx = new Float64Array(n);
    if (replace) {
      if (p !== null) {
        const cdf = cumulative(p);
        for (let i = 0; i < n; i++) idx[i] = searchRight(cdf, this.double());
      } else {
        for (let i = 0; i < n; i++) idx[i] = Number(this.bounded(BigInt(popSize - 1)));
      }
    } else {
      if (n > popSize)
        throw new RangeError("[choice] cannot take a larger sample than population when replace is false");
      if (p === null) {
        const perm = this.permutation(popSize).dataSync() as BigInt64Array;
        for (let i = 0; i < n; i++) idx[i] = Number(perm[i]!);
      } else {
        if (p.filter((v) => v > 0).length < n) throw new RangeError("[choice] fewer non-zero entries in p than size");
        const q = p.slice();
        let found = 0;
        while (found < n) {
          const xs = Array.from({ length: n - found }, () => this.double());
          for (let i = 0; i < found; i++) q[idx[i]!] = 0;
          const cdf = cumulative(q);
          const seen = new Set<number>();
          for (const x of xs) {
            const k = searchRight(cdf, x);
            if (!seen.has(k)) {
              seen.add(k);
              idx[found++] = k;
            }
          }
        }
      }
    }
    const positions = Array.from(idx);
    if (pop === null) {
      if (scalar) return positions[0]!;
      return Tensor._fromArray(
        BigInt64Array.from(positions, (v) => BigInt(v)),
        shape,
        "int64",
      );
    }
    const picked = pop.indexSelect(0, tensor(positions, { dtype: "int64" })).reshape(shape);
    return scalar ? Number(picked.item()) : picked;
  }
}

/** NumPy's `cumsum(p) / cdf[-1]`. */
function cumulative(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s += p[i]!;
  const last = cdf[cdf.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / last;
  return cdf;
}

/** `searchsorted(cdf, x, side="right")`: the number of entries ≤ x. */
function searchRight(cdf: Float64Array, x: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
