/**
 * Scalar special functions in float64 for the elementwise primitives `igamma`, `igammac` and
 * `zeta` (backend/primitives.ts) and the random samplers: the regularized incomplete gamma functions P(a, x) and Q(a, x) and
 * Hurwitz's zeta ζ(s, q). Domains and edge values follow PyTorch 1.13 (Cephes / SciPy).
 */

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100000;
const HALF_LOG_2PI = 0.9189385332046728;

/** log Γ(x) for x > 0: shifted up to x ≥ 10, then Stirling's series (error < 1e-16 there). */
export function lgammaPositive(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  // Σ B_2k / (2k(2k−1) x^(2k−1)) for k = 1..5
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - shift;
}

/** log of the common factor x^a e^(−x) / Γ(a). */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - lgammaPositive(a);
}

/** P(a, x) by its power series Σ x^n / (a (a+1) … (a+n)) (converges fast for x < a + 1). */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * EPS) break;
  }
  return sum * Math.exp(logPrefactor(a, x));
}

/** Q(a, x) by Legendre's continued fraction, evaluated with modified Lentz (x ≥ a + 1). */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  return h * Math.exp(logPrefactor(a, x));
}

/** NaN, or the edge value of P (lower = true) or Q, where the general formulas do not apply. */
function edge(a: number, x: number, lower: boolean): number | null {
  if (Number.isNaN(a) || Number.isNaN(x) || a < 0 || x < 0) return NaN;
  if (a === 0) return x > 0 ? (lower ? 1 : 0) : NaN;
  if (x === 0) return lower ? 0 : 1;
  if (a === Infinity) return x === Infinity ? NaN : lower ? 0 : 1;
  if (x === Infinity) return lower ? 1 : 0;
  return null;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function igamma(a: number, x: number): number {
  const e = edge(a, x, true);
  if (e !== null) return e;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without the cancellation. */
export function igammac(a: number, x: number): number {
  const e = edge(a, x, false);
  if (e !== null) return e;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
}

// B_2k / (2k)!, k = 1..12: the Euler–Maclaurin tail coefficients
const EM = [
  1 / 12,
  -1 / 720,
  1 / 30240,
  -1 / 1209600,
  1 / 47900160,
  -691 / 1307674368000,
  1 / 74724249600,
  -3617 / 10670622842880000,
  43867 / 5109094217170944000,
  -174611 / 802857662698291200000,
  77683 / 14101100039391805440000,
  -236364091 / 1693824136731743669452800000,
];

/**
 * Hurwitz's zeta ζ(s, q) = Σ_k (q + k)^(−s), s > 1: the first terms summed until q + k ≥ 10,
 * then the Euler–Maclaurin tail. +∞ at s = 1 and at q = 0, −1, −2, …; NaN for s < 1, for a
 * negative q with a non-integer s, and (as PyTorch) for q = +∞.
 */
export function zeta(s: number, q: number): number {
  if (Number.isNaN(s) || Number.isNaN(q)) return NaN;
  if (s === 1) return Infinity;
  if (s < 1) return NaN;
  if (q <= 0) {
    if (q === Math.floor(q)) return Infinity;
    if (s !== Math.floor(s)) return NaN;
  }
  if (q === Infinity) return NaN; // as Cephes (PyTorch): its tail evaluates 0 · ∞
  let sum = 0;
  let k = 0;
  while (q + k < 10 || k < 2) {
    sum += Math.pow(q + k, -s);
    k++;
  }
  const w = q + k;
  sum += Math.pow(w, 1 - s) / (s - 1) + 0.5 * Math.pow(w, -s);
  // Σ B_2j/(2j)! · s(s+1)…(s+2j−2) · w^(−s−2j+1)
  let rising = s;
  let power = Math.pow(w, -s - 1);
  const w2 = 1 / (w * w);
  for (let j = 0; j < EM.length; j++) {
    const t = EM[j]! * rising * power;
    sum += t;
    if (Math.abs(t) < EPS * Math.abs(sum)) break;
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2);
    power *= w2;
  }
  return sum;
}
