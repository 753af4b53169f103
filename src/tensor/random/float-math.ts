/**
 * Exact float arithmetic helpers used to reproduce PyTorch's CPU samplers bit for bit:
 * correctly rounded fused multiply-add in float32 and float64 (PyTorch's kernels are built with
 * FMA contraction), and float32 emulations of the Cephes-style vector log/sincos that PyTorch's
 * AVX2 `normal_fill` uses for float32 tensors with at least 16 elements.
 */

const f64 = new Float64Array(1);
const w32 = new Uint32Array(f64.buffer); // little-endian: w32[0] low word, w32[1] high word
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

const fr = Math.fround;

/**
 * float32 `fma(a, b, c)`, rounded once. `a`, `b`, `c` must already be float32 values.
 *
 * @example fma32(Math.fround(0.1), Math.fround(3), Math.fround(1)) // === Math.fround(0.1 * 3 + 1) or its fused neighbour
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b; // exact: 24 + 24 bits fit in 53
  const s = p + c;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb); // TwoSum: p + c = s + err exactly
  const r = fr(s);
  if (err === 0 || r === s) return r;
  // s may sit exactly halfway between two floats; then the sign of err decides.
  const other = 2 * s - r;
  if (fr(other) !== other) return r;
  return err > 0 ? Math.max(r, other) : Math.min(r, other);
}

function twoProdParts(a: number, b: number): [number, number] {
  const p = a * b;
  const SPLIT = 134217729; // 2^27 + 1 (Veltkamp)
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = al * bl - (p - ah * bh - al * bh - ah * bl);
  return [p, e];
}

/** Round-to-odd of x + y (used by the exact FMA emulation). */
function addRoundOdd(x: number, y: number): number {
  const s = x + y;
  const bb = s - x;
  const err = x - (s - bb) + (y - bb);
  if (err === 0 || !Number.isFinite(s)) return s;
  f64[0] = s;
  if ((w32[0]! & 1) === 1) return s;
  // move one ulp toward the exact value
  const up = err > 0 === s > 0; // increase magnitude?
  let lo = w32[0]!;
  let hi = w32[1]!;
  if (up) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  } else {
    if (lo === 0) hi = (hi - 1) >>> 0;
    lo = (lo - 1) >>> 0;
  }
  w32[0] = lo;
  w32[1] = hi;
  return f64[0]!;
}

/**
 * float64 `fma(a, b, c)`, rounded once (Boldo–Melquiond: exact product, TwoSum, round-to-odd).
 *
 * @example fma64(0.1, 3, 1) // the correctly rounded value of 0.1*3+1 with no intermediate rounding
 */
export function fma64(a: number, b: number, c: number): number {
  const [uh, ul] = twoProdParts(a, b);
  if (!Number.isFinite(uh)) return a * b + c;
  const th = c + uh;
  const bb = th - c;
  const tl = c - (th - bb) + (uh - bb);
  return th + addRoundOdd(tl, ul);
}

// ---- float32 Cephes log / sincos, as evaluated by PyTorch's AVX2 normal_fill ----------------
// Constants are the classic Cephes single-precision coefficients, rounded to float32.

const SQRTHF = fr(0.707106781186547524);
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(fr);
const LOG_Q1 = fr(-2.1219444e-4);
const LOG_Q2 = fr(0.693359375);
const MIN_NORM = 2 ** -126;

/**
 * log(x) for a positive float32 x, bit-identical to the 8-wide AVX2 Cephes log (with the FMA
 * contraction GCC applies to it).
 *
 * @example logf32Cephes(Math.fround(0.5)) // ≈ -0.6931472
 */
export function logf32Cephes(xIn: number): number {
  if (!(xIn > 0)) return NaN;
  const x0 = Math.max(xIn, MIN_NORM);
  f32[0] = x0;
  const bits = i32[0]!;
  let e = fr((bits >>> 23) - 127 + 1);
  i32[0] = (bits & ~0x7f800000) | 0x3f000000; // mantissa in [0.5, 1)
  const m = f32[0]!;
  let x: number;
  if (m < SQRTHF) {
    e = e - 1;
    x = fr(fr(m - 1) + m);
  } else {
    x = fr(m - 1);
  }
  const z = fr(x * x);
  let y = LOG_P[0]!;
  for (let k = 1; k < 9; k++) y = fma32(y, x, LOG_P[k]!);
  y = fr(y * x);
  y = fma32(y, z, fr(e * LOG_Q1)); // y*z + e*q1, the product y*z fused
  y = fr(y - z * 0.5); // z*0.5 is exact
  x = fr(x + y);
  return fr(x + e * LOG_Q2); // e*q2 is exact
}

const FOPI = fr(1.27323954473516); // 4/π
const DP1 = fr(-0.78515625);
const DP2 = fr(-2.4187564849853515625e-4);
const DP3 = fr(-3.77489497744594108e-8);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(fr);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(fr);

/**
 * [sin(x), cos(x)] for a float32 x, bit-identical to the 8-wide AVX2 Cephes sincos (with FMA
 * contraction). Accurate for |x| up to a few thousand.
 *
 * @example sincosf32Cephes(Math.fround(Math.PI / 2)) // ≈ [1, -4.4e-8]
 */
export function sincosf32Cephes(xIn: number): [number, number] {
  let signSin = xIn < 0 || Object.is(xIn, -0);
  let x = Math.abs(xIn);
  let j = Math.trunc(fr(x * FOPI)) | 0;
  j = (j + 1) & ~1;
  const y0 = j; // exact as float32 for the ranges used here
  if ((j & 4) !== 0) signSin = !signSin;
  const polyMask = (j & 2) === 0;
  const signCos = (~(j - 2) & 4) !== 0;
  // extended precision modular reduction: x - y*π/4 in three parts
  x = fma32(y0, DP1, x);
  x = fma32(y0, DP2, x);
  x = fma32(y0, DP3, x);
  const z = fr(x * x);
  let c = COS_P[0]!;
  c = fma32(c, z, COS_P[1]!);
  c = fma32(c, z, COS_P[2]!);
  c = fr(c * z);
  c = fma32(c, z, -fr(z * 0.5));
  c = fr(c + 1);
  let s = SIN_P[0]!;
  s = fma32(s, z, SIN_P[1]!);
  s = fma32(s, z, SIN_P[2]!);
  s = fr(s * z);
  s = fma32(s, x, x);
  let sinV = polyMask ? s : c;
  let cosV = polyMask ? c : s;
  if (signSin) sinV = -sinV;
  if (signCos) cosV = -cosV;
  return [sinV, cosV];
}
