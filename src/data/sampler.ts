/**
 * Samplers (PyTorch's `torch.utils.data.sampler`): they yield dataset indices. Random samplers
 * draw exactly as PyTorch 1.13 does, so seeded runs give PyTorch's orders.
 */
import { Generator, defaultGenerator } from "../tensor/random/generator.js";
import { sampleRandint, sampleRandperm } from "../tensor/random/samplers.js";
import { Tensor } from "../tensor/tensor.js";

/** Anything that yields indices (or batches of indices) and may know its length. */
export interface Sampler<T = number> extends Iterable<T> {
  readonly length?: number;
}

/** Something with a length (a dataset, an array). */
export interface Sized {
  readonly length: number;
}

/**
 * `torch.empty((), dtype=torch.int64).random_(generator=g).item()`: a 64-bit draw mod 2^63.
 * PyTorch uses it to seed a fresh generator in `RandomSampler` and as the DataLoader base seed.
 * @example randomSeed(torch.defaultGenerator) // 63-bit bigint
 */
export function randomSeed(gen: Generator = defaultGenerator): bigint {
  return gen.nextUint64() & ((1n << 63n) - 1n);
}

function checkGen(op: string, g: unknown): Generator | undefined {
  if (g !== undefined && g !== null && !(g instanceof Generator))
    throw new TypeError(`[${op}] generator must be a torch.Generator: got ${typeof g}`);
  return (g ?? undefined) as Generator | undefined;
}

function checkCount(op: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new RangeError(`[${op}] ${name} should be a positive integer value: got ${String(v)}`);
  }
  return v;
}

/**
 * Indices 0, 1, …, n-1.
 * @example [...new SequentialSampler(ds)] // [0, 1, 2, …]
 */
export class SequentialSampler implements Sampler<number> {
  constructor(readonly dataSource: Sized) {}
  get length(): number {
    return this.dataSource.length;
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.dataSource.length; i++) yield i;
  }
}

/** Options of `RandomSampler`. */
export interface RandomSamplerOptions {
  replacement?: boolean;
  numSamples?: number;
  generator?: Generator;
}

/**
 * Random indices: a permutation per pass (or draws with replacement). Without a generator each
 * pass seeds a fresh one from the default generator, as PyTorch 1.13 does.
 * @example torch.manualSeed(0); [...new RandomSampler(ds)]
 */
export class RandomSampler implements Sampler<number> {
  readonly replacement: boolean;
  readonly generator: Generator | undefined;
  private readonly _numSamples: number | undefined;
  constructor(
    readonly dataSource: Sized,
    opts: RandomSamplerOptions = {},
  ) {
    this.replacement = opts.replacement ?? false;
    if (typeof this.replacement !== "boolean")
      throw new TypeError(`[RandomSampler] replacement should be a boolean value: got ${String(this.replacement)}`);
    this._numSamples = opts.numSamples;
    this.generator = checkGen("RandomSampler", opts.generator);
    checkCount("RandomSampler", "numSamples", this.numSamples);
  }
  get numSamples(): number {
    return this._numSamples ?? this.dataSource.length;
  }
  get length(): number {
    return this.numSamples;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const g = this.generator ?? new Generator(randomSeed(defaultGenerator));
    const m = this.numSamples;
    if (this.replacement) {
      // PyTorch draws in chunks of 32: randint(high=n, size=(32,))
      for (let k = 0; k < Math.floor(m / 32); k++) yield* sampleRandint(32, "int64", 0, n, g) as Float64Array;
      yield* sampleRandint(m % 32, "int64", 0, n, g) as Float64Array;
    } else {
      for (let k = 0; k < Math.floor(m / n); k++) yield* sampleRandperm(n, g);
      yield* sampleRandperm(n, g).subarray(0, m % n);
    }
  }
}

/**
 * A random permutation of the given indices (`indices[randperm(len)]`).
 * @example new SubsetRandomSampler([5, 6, 7], { generator: g })
 */
export class SubsetRandomSampler implements Sampler<number> {
  readonly generator: Generator | undefined;
  constructor(
    readonly indices: readonly number[],
    opts: { generator?: Generator } = {},
  ) {
    this.generator = checkGen("SubsetRandomSampler", opts.generator);
  }
  get length(): number {
    return this.indices.length;
  }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of sampleRandperm(this.indices.length, this.generator ?? defaultGenerator)) yield this.indices[i]!;
  }
}

/**
 * Indices drawn with probabilities proportional to `weights` (PyTorch's `torch.multinomial`
 * algorithms: with replacement, a binary search of a uniform double in the normalised float64
 * cumulative sum; without, the top `numSamples` of `w / Exp(1)` draws).
 * @example [...new WeightedRandomSampler([0.1, 0.9], 5)]
 */
export class WeightedRandomSampler implements Sampler<number> {
  readonly weights: Float64Array;
  readonly replacement: boolean;
  readonly generator: Generator | undefined;
  constructor(
    weights: readonly number[] | Float64Array | Tensor,
    readonly numSamples: number,
    opts: { replacement?: boolean; generator?: Generator } = {},
  ) {
    checkCount("WeightedRandomSampler", "numSamples", numSamples);
    this.replacement = opts.replacement ?? true;
    if (typeof this.replacement !== "boolean")
      throw new TypeError(
        `[WeightedRandomSampler] replacement should be a boolean value: got ${String(this.replacement)}`,
      );
    this.weights = weights instanceof Tensor ? weights.dataFloat() : Float64Array.from(weights);
    const w = this.weights;
    if (w.length === 0) throw new RangeError("[WeightedRandomSampler] weights cannot be empty");
    let pos = 0;
    for (const [i, x] of w.entries()) {
      if (!Number.isFinite(x) || x < 0)
        throw new RangeError(`[WeightedRandomSampler] weights must be finite and non-negative: got ${x} at index ${i}`);
      if (x > 0) pos++;
    }
    if (pos === 0)
      throw new RangeError("[WeightedRandomSampler] invalid multinomial distribution (sum of probabilities <= 0)");
    if (!this.replacement && numSamples > pos) {
      throw new RangeError(
        `[WeightedRandomSampler] cannot sample ${numSamples} > ${pos} (non-zero weights) without replacement`,
      );
    }
    this.generator = checkGen("WeightedRandomSampler", opts.generator);
  }
  get length(): number {
    return this.numSamples;
  }
  *[Symbol.iterator](): Iterator<number> {
    const g = this.generator ?? defaultGenerator;
    // PyTorch takes the exponential path for a single sample even with replacement
    yield* this.replacement && this.numSamples > 1
      ? multinomialWithReplacement(this.weights, this.numSamples, g)
      : multinomialNoReplacement(this.weights, this.numSamples, g);
  }
}

function multinomialWithReplacement(w: Float64Array, m: number, g: Generator): number[] {
  const n = w.length;
  const cum = new Float64Array(n);
  let s = 0;
  for (let j = 0; j < n; j++) cum[j] = s += w[j]!;
  for (let j = 0; j < n; j++) cum[j]! /= s;
  cum[n - 1] = 1;
  const out: number[] = [];
  for (let k = 0; k < m; k++) {
    const u = g.nextUint53() * 2 ** -53;
    let lo = 0;
    let hi = n;
    while (hi - lo > 0) {
      const mid = lo + ((hi - lo) >> 1);
      if (cum[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    out.push(lo);
  }
  return out;
}

function multinomialNoReplacement(w: Float64Array, m: number, g: Generator): number[] {
  // q ~ Exp(1) per weight (one uniform double each, -log(1 - u)); the largest w / q win
  const key = Array.from(w, (x) => x / -Math.log(1 - g.nextUint53() * 2 ** -53));
  const idx = Array.from(w, (_, i) => i);
  idx.sort((a, b) => key[b]! - key[a]! || a - b);
  return idx.slice(0, m);
}

/**
 * Groups another sampler's indices into arrays of `batchSize` (the last one shorter unless `dropLast`).
 * @example [...new BatchSampler(new SequentialSampler(ds), 3, false)] // [[0,1,2],[3,4,5],…]
 */
export class BatchSampler implements Sampler<number[]> {
  constructor(
    readonly sampler: Iterable<number> & { readonly length?: number },
    readonly batchSize: number,
    readonly dropLast: boolean,
  ) {
    checkCount("BatchSampler", "batchSize", batchSize);
    if (typeof dropLast !== "boolean")
      throw new TypeError(`[BatchSampler] dropLast should be a boolean value: got ${String(dropLast)}`);
  }
  get length(): number {
    const n = this.sampler.length;
    if (n === undefined) throw new TypeError("[BatchSampler] the sampler has no length");
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
