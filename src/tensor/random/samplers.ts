/**
 * Samplers that return exactly what PyTorch's CPU kernels write into a contiguous tensor after
 * the same generator state (values already rounded to the dtype).
 *
 * Exactness: uniform, randint, randperm, bernoulli and normal in float32 (the AVX2 Cephes kernel is
 * emulated step by step), float16 and bfloat16 are bit-exact on every fixture. float64 normal calls
 * libm in PyTorch (glibc log/sin/cos); here they are computed correctly rounded in double-double
 * (./libm.ts), which agrees with glibc on ~99.9% of calls. When they disagree the sample differs
 * by an ulp or two (float64 only); the tests measure and bound this. The float16/bfloat16 block
 * path uses Math.log/sin/cos rounded to float for glibc's logf/sinf/cosf; a 1-float-ulp
 * disagreement there only shows if it flips a 16-bit rounding, which no fixture hits.
 */

import { type DType, type FloatDType, isFloatingPoint, roundToDtype } from "../dtype.js";
import { Generator, defaultGenerator } from "./generator.js";
import { fma32, fma64, logf32Cephes, sincosf32Cephes } from "./float-math.js";
import { logCR, sincosCR } from "./libm.js";

const fr = Math.fround;

function checkCount(op: string, n: number): void {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new RangeError(`[${op}] n must be a non-negative integer: got ${String(n)}`);
  }
}

function checkFloatDtype(op: string, dtype: string): asserts dtype is FloatDType {
  if (dtype !== "float32" && dtype !== "float64" && dtype !== "float16" && dtype !== "bfloat16") {
    throw new TypeError(`[${op}] dtype must be float16, bfloat16, float32 or float64: got ${String(dtype)}`);
  }
}

function checkFinite(op: string, name: string, x: number): void {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(`[${op}] ${name} must be a finite number: got ${String(x)}`);
  }
}

// mantissa digits (incl. the implicit bit) of each float dtype: uniform_real keeps that many bits
const DIGITS: Record<FloatDType, number> = { float16: 11, bfloat16: 8, float32: 24, float64: 53 };

/** A uniform sampler over [from, to) in dtype, as `at::uniform_real_distribution<scalar_t>`. */
function uniformSampler(dtype: FloatDType, low: number, high: number, g: Generator): () => number {
  if (dtype === "float64") {
    const range = high - low;
    return () => fma64(g.nextUint53() * 2 ** -53, range, low);
  }
  const from = roundToDtype(low, dtype);
  const to = roundToDtype(high, dtype);
  const range = roundToDtype(fr(to - from), dtype); // Half - Half yields Half
  const mask = 2 ** DIGITS[dtype] - 1;
  const scale = 2 ** -DIGITS[dtype];
  if (dtype === "float32") return () => fma32((g.nextUint32() & mask) * scale, range, from);
  return () => roundToDtype(fma32((g.nextUint32() & mask) * scale, range, from), dtype);
}

/**
 * Uniform samples in [low, high) (`torch.rand`, `Tensor.uniform_`), rounded to `dtype`.
 *
 * @example
 * manualSeed(0);
 * sampleUniform(3, "float32", 0, 1); // torch.rand(3) after torch.manual_seed(0)
 */
export function sampleUniform(
  n: number,
  dtype: FloatDType,
  low: number,
  high: number,
  gen: Generator = defaultGenerator,
): Float64Array {
  checkCount("uniform", n);
  checkFloatDtype("uniform", dtype);
  checkFinite("uniform", "low", low);
  checkFinite("uniform", "high", high);
  if (low > high) {
    throw new RangeError(`[uniform] low must be less than or equal to high: got low=${low}, high=${high}`);
  }
  const out = new Float64Array(n);
  const next = uniformSampler(dtype, low, high, gen);
  for (let i = 0; i < n; i++) out[i] = next();
  return out;
}

/** `at::normal_distribution<double>`: Box–Muller with the sine sample cached on the generator. */
function serialNormal(g: Generator, mean: number, std: number): number {
  let ret: number;
  if (g.nextDoubleNormal !== null) {
    ret = g.nextDoubleNormal;
    g.nextDoubleNormal = null;
  } else {
    const u1 = g.nextUint53() * 2 ** -53;
    const u2 = g.nextUint53() * 2 ** -53;
    const r = Math.sqrt(-2 * logCR(1 - u2));
    const [sin, cos] = sincosCR(2 * Math.PI * u1);
    g.nextDoubleNormal = r * sin;
    ret = r * cos;
  }
  return fma64(ret, std, mean);
}

/** One block of 16 of PyTorch's `normal_fill`: data[0..7] and data[8..15] become normals in place. */
function fillBlock16(data: Float64Array, at: number, dtype: FloatDType, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const a = at + j;
    const b = at + j + 8;
    if (dtype === "float32") {
      // AVX2 kernel: Cephes log/sincos in float32, fused multiply-add at the end
      const radius = fr(Math.sqrt(fr(-2 * logf32Cephes(fr(1 - data[a]!)))));
      const [s, c] = sincosf32Cephes(fr(TWO_PI_F32 * data[b]!));
      data[a] = fma32(fr(radius * c), std, mean);
      data[b] = fma32(fr(radius * s), std, mean);
    } else if (dtype === "float64") {
      const radius = Math.sqrt(-2 * logCR(1 - data[a]!));
      const [sin, cos] = sincosCR(2 * Math.PI * data[b]!);
      data[a] = fma64(radius * cos, std, mean);
      data[b] = fma64(radius * sin, std, mean);
    } else if (dtype === "float16") {
      // scalar kernel: Half math promotes to float; radius and theta are stored as Half
      const radius = roundToDtype(fr(Math.sqrt(fr(-2 * fr(Math.log(1 - data[a]!))))), dtype);
      const theta = roundToDtype(2 * Math.PI * data[b]!, dtype);
      data[a] = roundToDtype(fma32(fr(radius * fr(Math.cos(theta))), std, mean), dtype);
      data[b] = roundToDtype(fma32(fr(radius * fr(Math.sin(theta))), std, mean), dtype);
    } else {
      // c10 has BFloat16 overloads of log/sqrt/sin/cos and BFloat16 * BFloat16 -> BFloat16,
      // so every step rounds to bfloat16 (and nothing is fused)
      const bf = (x: number) => roundToDtype(x, "bfloat16");
      const radius = bf(Math.sqrt(-2 * bf(Math.log(1 - data[a]!))));
      const theta = bf(2 * Math.PI * data[b]!);
      data[a] = bf(bf(bf(radius * bf(Math.cos(theta))) * std) + mean);
      data[b] = bf(bf(bf(radius * bf(Math.sin(theta))) * std) + mean);
    }
  }
}

const TWO_PI_F32 = fr(2 * Math.PI);

/**
 * Normal samples (`torch.randn`, `Tensor.normal_`), rounded to `dtype`. Tensors with at least 16
 * elements that are contiguous take PyTorch's block path (`normal_fill`: uniforms first, then
 * Box–Muller over blocks of 16, the tail block redrawn); others draw one `normal_distribution<double>`
 * sample per element, using and refilling the generator's cached second sample.
 *
 * @example
 * manualSeed(0);
 * sampleNormal(20, "float32", 0, 1); // torch.randn(20) after torch.manual_seed(0)
 */
export function sampleNormal(
  n: number,
  dtype: FloatDType,
  mean: number,
  std: number,
  gen: Generator = defaultGenerator,
  contiguous = true,
): Float64Array {
  checkCount("normal", n);
  checkFloatDtype("normal", dtype);
  checkFinite("normal", "mean", mean);
  checkFinite("normal", "std", std);
  if (std < 0) throw new RangeError(`[normal] std must be non-negative: got std=${std}`);
  const out = new Float64Array(n);
  if (n >= 16 && contiguous) {
    const m = roundToDtype(mean, dtype);
    const s = roundToDtype(std, dtype);
    const uniform = uniformSampler(dtype, 0, 1, gen);
    for (let i = 0; i < n; i++) out[i] = uniform();
    for (let i = 0; i + 16 <= n; i += 16) fillBlock16(out, i, dtype, m, s);
    if (n % 16 !== 0) {
      // PyTorch recomputes the last 16 values from fresh uniforms
      for (let i = n - 16; i < n; i++) out[i] = uniform();
      fillBlock16(out, n - 16, dtype, m, s);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = roundToDtype(serialNormal(gen, mean, std), dtype);
  return out;
}

// ---- integers -----------------------------------------------------------------------------------

const INT_BOUNDS: Partial<Record<DType, [bigint, bigint]>> = {
  bool: [0n, 1n],
  uint8: [0n, 255n],
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
};

function toBigInt(op: string, name: string, x: number | bigint): bigint {
  if (typeof x === "bigint") return x;
  if (typeof x !== "number" || !Number.isSafeInteger(x)) {
    throw new RangeError(`[${op}] ${name} must be a safe integer or a bigint: got ${String(x)}`);
  }
  return BigInt(x);
}

/**
 * Random integers in [low, high) (`torch.randint(low, high, (n,), dtype=dtype)`). Ranges of
 * 2^32 or more draw 64 bits per value (for int64/float64/float32/bfloat16, as PyTorch does),
 * smaller ranges draw 32 bits; the value is `draw % range + low`. Returns a BigInt64Array for
 * int64 when `low` or `high - 1` lies beyond ±2^53, else a Float64Array.
 *
 * @example
 * manualSeed(0);
 * sampleRandint(4, "int64", -5, 5); // torch.randint(-5, 5, (4,)) after torch.manual_seed(0)
 */
export function sampleRandint(
  n: number,
  dtype: DType,
  low: number | bigint,
  high: number | bigint,
  gen: Generator = defaultGenerator,
): Float64Array | BigInt64Array {
  checkCount("randint", n);
  const lo = toBigInt("randint", "low", low);
  const hi = toBigInt("randint", "high", high);
  if (lo >= hi) throw new RangeError(`[randint] low must be less than high: got low=${lo}, high=${hi}`);
  let bounds = INT_BOUNDS[dtype];
  if (bounds === undefined) {
    if (!isFloatingPoint(dtype)) throw new TypeError(`[randint] unsupported dtype: got ${String(dtype)}`);
    const lim = 1n << BigInt(DIGITS[dtype]); // integers exactly representable in the dtype
    bounds = [-lim, lim];
  }
  if (lo < bounds[0] || hi - 1n > bounds[1]) {
    throw new RangeError(
      `[randint] range [${lo}, ${hi}) does not fit ${dtype}: expected ${bounds[0]} <= low and high - 1 <= ${bounds[1]}`,
    );
  }
  const range = hi - lo;
  const use64 =
    range >= 1n << 32n && (dtype === "int64" || dtype === "float64" || dtype === "float32" || dtype === "bfloat16");
  const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
  if (dtype === "int64" && (lo < -SAFE || hi - 1n > SAFE)) {
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const draw = use64 ? gen.nextUint64() : BigInt(gen.nextUint32());
      out[i] = BigInt.asIntN(64, (draw % range) + lo);
    }
    return out;
  }
  const out = new Float64Array(n);
  if (!use64) {
    const r = Number(range);
    const base = Number(lo);
    for (let i = 0; i < n; i++) out[i] = roundToDtype((gen.nextUint32() % r) + base, dtype);
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = roundToDtype(Number((gen.nextUint64() % range) + lo), dtype);
  return out;
}

/** (hi * 2^32 + lo) mod m for m <= 2^36, in exact double arithmetic. */
function mod64(hi: number, lo: number, m: number): number {
  let r = hi % m;
  r = (r * 65536) % m;
  r = (r * 65536) % m;
  return (r + lo) % m;
}

// PyTorch keeps the classic swap shuffle with 32-bit draws below this size (uint32 max / 20)
const RANDPERM_SMALL = Math.floor(0xffffffff / 20);

/**
 * A random permutation of 0..n-1 (`torch.randperm(n)`). Below 214748364 elements PyTorch swaps
 * position i with i + random() % (n - i); above it, an inside-out Fisher–Yates with 64-bit draws.
 *
 * @example
 * manualSeed(0);
 * sampleRandperm(5); // torch.randperm(5) after torch.manual_seed(0)
 */
export function sampleRandperm(n: number, gen: Generator = defaultGenerator): Float64Array {
  checkCount("randperm", n);
  const out = new Float64Array(n);
  if (n < RANDPERM_SMALL) {
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = gen.nextUint32() % (n - i);
      const t = out[i]!;
      out[i] = out[z + i]!;
      out[z + i] = t;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const hi = gen.nextUint32();
    const lo = gen.nextUint32();
    const z = mod64(hi, lo, i + 1);
    out[i] = out[z]!;
    out[z] = i;
  }
  return out;
}

function checkProb(op: string, p: number, where: string): void {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new RangeError(`[${op}] p must be in [0, 1]: got p=${String(p)}${where}`);
  }
}

/**
 * 0/1 Bernoulli samples. A scalar `p` follows `Tensor.bernoulli_(p)` (one 64-bit draw per value,
 * compared in double). Per-element `p` follows `torch.bernoulli(probs)`: float32
 * probabilities draw 32 bits and compare in float; float64 probabilities draw 64 bits (PyTorch 1.13
 * has no float16/bfloat16 probabilities on CPU).
 * `probsDtype` defaults to float64 for a Float64Array and float32 for anything else.
 *
 * @example
 * manualSeed(0);
 * sampleBernoulli(4, 0.3);                                   // torch.empty(4).bernoulli_(0.3)
 * sampleBernoulli(2, new Float32Array([0.2, 0.9]));          // torch.bernoulli(torch.tensor([0.2, 0.9]))
 */
export function sampleBernoulli(
  n: number,
  p: number | ArrayLike<number>,
  gen: Generator = defaultGenerator,
  probsDtype?: "float32" | "float64",
): Float64Array {
  checkCount("bernoulli", n);
  const out = new Float64Array(n);
  if (typeof p === "number") {
    checkProb("bernoulli", p, "");
    for (let i = 0; i < n; i++) out[i] = gen.nextUint53() * 2 ** -53 < p ? 1 : 0;
    return out;
  }
  if (p.length !== n && p.length !== 1) {
    throw new RangeError(`[bernoulli] p must have n=${n} elements (or 1): got ${p.length}`);
  }
  for (let i = 0; i < p.length; i++) checkProb("bernoulli", p[i]!, ` at index ${i}`);
  const pd = probsDtype ?? (p instanceof Float64Array ? "float64" : "float32");
  if (pd !== "float32" && pd !== "float64") {
    throw new TypeError(`[bernoulli] probsDtype must be float32 or float64: got ${String(pd)}`);
  }
  const at = (i: number): number => p[p.length === 1 ? 0 : i]!;
  if (pd === "float64") {
    for (let i = 0; i < n; i++) out[i] = gen.nextUint53() * 2 ** -53 < at(i) ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[i] = (gen.nextUint32() & 0xffffff) * 2 ** -24 < fr(at(i)) ? 1 : 0;
  }
  return out;
}
