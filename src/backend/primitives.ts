/**
 * The elementwise primitives: each table row names a kernel every backend must implement and
 * gives its scalar semantics in float64 — the spec other backends are tested against (integer
 * results are wrapped by the store into the output dtype). Adding a row here adds the kernel to
 * `UNARY_OPS`/`BINARY_OPS` (backend.ts), so the compiler then asks every TypeScript backend for it
 * and the native backend refuses to load until it has the kernel or lists it as a gap.
 */

import { igamma, igammac, zeta } from "../util/special-math.js";

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** erf(x) to ~1 ulp in float64: Taylor series near 0, continued fraction for erfc beyond. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  return Math.sign(x) * (1 - erfcLarge(ax));
}

/** erfc(x) for x ≥ 2.5 by a Lentz-evaluated continued fraction. */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

/** Inverse error function: a rational first guess refined by Newton steps on erf. */
export function erfinv(y: number): number {
  if (Number.isNaN(y) || y < -1 || y > 1) return NaN;
  if (y === 1) return Infinity;
  if (y === -1) return -Infinity;
  if (y === 0) return y;
  const w = -Math.log((1 - y) * (1 + y));
  let x: number;
  if (w < 5) {
    const t = w - 2.5;
    let p = 2.81022636e-8;
    for (const c of [
      3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727,
      1.50140941,
    ])
      p = c + p * t;
    x = p * y;
  } else {
    const t = Math.sqrt(w) - 3;
    let p = -0.000200214257;
    for (const c of [
      0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406,
      2.83297682,
    ])
      p = c + p * t;
    x = p * y;
  }
  for (let i = 0; i < 3; i++) {
    const err = erf(x) - y;
    x -= err / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
  }
  return x;
}

/** Round half to even, as C's nearbyint (PyTorch's torch.round). */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r === 0 ? x * 0 : r; // keep the sign of zero: round(-0.3) = -0
}

/** What the kernel's compute dtype is: integral (incl. bool) or bool specifically. */
export type IntMode = { integral: boolean; bool: boolean };

export const UNARY_FN = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? x * 0 + 0 : 0),
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (x > 0 ? x : Number.isNaN(x) ? x : 0),
  erf,
  erfinv,
  sinc: (x) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)), // PyTorch: 1 at 0
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  trunc: Math.trunc,
  logicalNot: (x) => (x === 0 ? 1 : 0),
  bitwiseNot: (x, m) => (m.bool ? (x === 0 ? 1 : 0) : -x - 1), // ~True is False for bool
  isnan: (x) => (Number.isNaN(x) ? 1 : 0),
} satisfies Record<string, (x: number, m: IntMode) => number>;

function checkIntDivisor(b: number, op: string): void {
  if (b === 0) throw new RangeError(`[${op}] integer division by zero: got a zero divisor in an integer tensor`);
}

/** Python-style modulo: the result takes the sign of the divisor. */
function remainder(a: number, b: number, m: IntMode): number {
  if (m.integral) {
    checkIntDivisor(b, "remainder");
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r;
  }
  // As PyTorch's CPU kernel: fmod, then shift by b when the signs differ (a zero keeps fmod's sign).
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Integer power; a negative exponent truncates 1/a^|b| toward zero (the ops layer rejects negative scalar exponents). */
function intPow(a: number, b: number): number {
  if (b < 0) {
    if (a === 1) return 1;
    if (a === -1) return b % 2 === 0 ? 1 : -1;
    return 0;
  }
  return Math.pow(a, b);
}

/**
 * C's pow (unlike Math.pow, 1^y = 1 for any y, NaN too, and (-1)^±inf = 1), with PyTorch's
 * root shortcuts: x^0.5 is sqrt(x) and x^-0.5 is 1/sqrt(x), so (-0)^0.5 = -0 and (-inf)^0.5 = NaN.
 */
function floatPow(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  if (b === 0.5) return Math.sqrt(a);
  if (b === -0.5) return 1 / Math.sqrt(a);
  return Math.pow(a, b);
}

/** Bitwise ops on integers wider than 32 bits go through BigInt. */
function bitwise(a: number, b: number, f: (x: bigint, y: bigint) => bigint): number {
  if (Math.abs(a) < 2 ** 31 && Math.abs(b) < 2 ** 31) return Number(f(BigInt(a | 0), BigInt(b | 0)));
  return Number(f(BigInt(a), BigInt(b)));
}

export const BINARY_FN = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b, m) => {
    if (m.integral) {
      // An integral compute dtype only reaches div through rounding_mode "trunc".
      checkIntDivisor(b, "div");
      return Math.trunc(a / b);
    }
    return a / b;
  },
  pow: (a, b, m) => (m.integral ? intPow(a, b) : floatPow(a, b)),
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  fmod: (a, b, m) => {
    if (m.integral) checkIntDivisor(b, "fmod");
    return a % b;
  },
  remainder,
  floorDivide: (a, b, m) => {
    if (m.integral) {
      checkIntDivisor(b, "floorDivide");
      return Math.floor(a / b);
    }
    // floor(a / b) computed as PyTorch does: from fmod, so that e.g. 1 // 0.1 == 9.
    if (b === 0) return a / b;
    const mod = a % b;
    let div = (a - mod) / b;
    if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
    if (div === 0) return 0 * (a / b);
    const fl = Math.floor(div);
    return div - fl > 0.5 ? fl + 1 : fl;
  },
  atan2: Math.atan2,
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  logicalXor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
  bitwiseAnd: (a, b) => bitwise(a, b, (x, y) => x & y),
  bitwiseOr: (a, b) => bitwise(a, b, (x, y) => x | y),
  bitwiseXor: (a, b) => bitwise(a, b, (x, y) => x ^ y),
  igamma, // regularized incomplete gamma P(a, x) and Q(a, x); Hurwitz ζ(s, q) (special-math.ts)
  igammac,
  zeta,
} satisfies Record<string, (a: number, b: number, m: IntMode) => number>;
