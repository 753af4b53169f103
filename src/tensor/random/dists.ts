/**
 * Scalar samplers of the discrete distributions behind `torch.poisson` and `torch.binomial`, on
 * antorcha's generator (uniform doubles from 53-bit draws). Small means use the textbook exact
 * methods (products of uniforms; sequential inversion); large means use Hörmann's transformed
 * rejection (PTRS for Poisson, BTRS for the binomial), whose acceptance test is exact.
 */
import { lgammaPositive } from "../../util/special-math.js";
import type { Generator } from "./generator.js";

/** A uniform double in [0, 1). */
export function uniform01(g: Generator): number {
  return g.nextUint53() * 2 ** -53;
}

/** One Poisson(lambda) draw, lambda ≥ 0 and finite. */
export function poissonSample(lambda: number, g: Generator): number {
  if (lambda === 0) return 0;
  if (lambda < 10) {
    // count uniforms until their product falls below e^-λ
    const limit = Math.exp(-lambda);
    let k = 0;
    let prod = uniform01(g);
    while (prod > limit) {
      k++;
      prod *= uniform01(g);
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const logLam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = uniform01(g) - 0.5;
    const v = uniform01(g);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v * invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLam - lgammaPositive(k + 1)) return k;
  }
}

/** Binomial(n, p) for p ≤ ½ by inversion: walk the pmf from 0 until the uniform is used up. */
function binomialInversion(n: number, p: number, g: Generator): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  for (;;) {
    let r = Math.pow(q, n);
    let u = uniform01(g);
    let k = 0;
    while (u > r) {
      u -= r;
      k++;
      if (k > n) break; // rounding left a sliver of mass: draw again
      r *= a / k - s;
    }
    if (k <= n) return k;
  }
}

/** Binomial(n, p) for p ≤ ½ and n·p ≥ 10 by BTRS, accepting with the exact log-pmf ratio. */
function binomialBtrs(n: number, p: number, g: Generator): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = lgammaPositive(m + 1) + lgammaPositive(n - m + 1);
  for (;;) {
    const u = uniform01(g) - 0.5;
    const v = uniform01(g);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const lhs = Math.log((v * alpha) / (a / (us * us) + b));
    if (lhs <= h - lgammaPositive(k + 1) - lgammaPositive(n - k + 1) + (k - m) * lpq) return k;
  }
}

/**
 * One Binomial(count, prob) draw with PyTorch's edge rules: 0 when count ≤ 0 or prob ≤ 0,
 * count when prob ≥ 1, NaN when either is NaN; a fractional count is floored.
 */
export function binomialSample(count: number, prob: number, g: Generator): number {
  if (Number.isNaN(count) || Number.isNaN(prob)) return NaN;
  const n = Math.floor(count);
  if (n <= 0 || prob <= 0) return 0;
  if (prob >= 1) return count; // as PyTorch: the count itself, unfloored
  const flip = prob > 0.5;
  const p = flip ? 1 - prob : prob;
  const k = n * p >= 10 ? binomialBtrs(n, p, g) : binomialInversion(n, p, g);
  return flip ? n - k : k;
}
