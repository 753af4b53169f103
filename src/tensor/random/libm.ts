/**
 * Correctly rounded (in all but astronomically rare cases) float64 log, sin and cos, computed in
 * double-double arithmetic. PyTorch's float64 normal samplers call glibc, which is correctly
 * rounded on ~99.9% of inputs, while V8's Math.log/sin/cos (fdlibm) misround a few percent of
 * them; rounding correctly matches glibc far more often than Math.* does.
 */

// ---- double-double helpers: a value is hi + lo with |lo| <= ulp(hi)/2 ----------------------------

let rh = 0; // results of the helpers below (avoids allocating pairs)
let rl = 0;

function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  rl = a - (s - bb) + (b - bb);
  rh = s;
}

function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = 134217729 * a; // Veltkamp split into 26-bit halves
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  rl = al * bl - (p - ah * bh - al * bh - ah * bl);
  rh = p;
}

function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const sh = rh;
  let sl = rl;
  twoSum(al, bl);
  sl += rh;
  const tl = rl;
  const h = sh + sl;
  sl = sl - (h - sh);
  sl += tl;
  const h2 = h + sl;
  rl = sl - (h2 - h);
  rh = h2;
}

function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const ph = rh;
  const pl = rl + (ah * bl + al * bh);
  const h = ph + pl;
  rl = pl - (h - ph);
  rh = h;
}

function ddDivNum(ah: number, al: number, b: number): void {
  const q1 = ah / b;
  twoProd(q1, b);
  const r = ah - rh - rl + al;
  const q2 = r / b;
  const h = q1 + q2;
  rl = q2 - (h - q1);
  rh = h;
}

/** Taylor coefficients as double-double pairs, built once. */
function coeffs(count: number, next: (k: number) => number): Float64Array {
  const out = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) {
    ddDivNum(1, 0, next(k));
    out[2 * k] = rh;
    out[2 * k + 1] = rl;
  }
  return out;
}

const LOG_TERMS = 24;
const DD_LOG = 4; // leading terms evaluated in double-double
const LOG_C = coeffs(LOG_TERMS, (k) => 2 * k + 1); // 1/(2k+1)
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const SQRT2 = Math.SQRT2;

/**
 * Natural log, correctly rounded.
 * @example logCR(0.5) // -0.6931471805599453
 */
export function logCR(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  let e = 0;
  let m = x;
  if (m < 2 ** -1000) {
    m *= 2 ** 100;
    e -= 100;
  }
  const ex = Math.floor(Math.log2(m));
  m = m * 2 ** -ex; // exact power-of-two scaling
  e += ex;
  while (m >= SQRT2) {
    m /= 2;
    e += 1;
  }
  while (m < SQRT2 / 2) {
    m *= 2;
    e -= 1;
  }
  // log m = 2 atanh(t), t = (m - 1)/(m + 1): 2 t Σ t^(2k) / (2k + 1)
  const num = m - 1; // exact
  twoSum(m, 1);
  const dh = rh;
  const dl = rl;
  const q1 = num / dh;
  twoProd(q1, dh);
  const r = num - rh - rl - q1 * dl;
  const q2 = r / dh;
  const th = q1 + q2;
  const tl = q2 - (th - q1);
  ddMul(th, tl, th, tl);
  const t2h = rh;
  const t2l = rl;
  // terms from t^8 on weigh < 2^-20: plain double suffices for them
  let tail = LOG_C[2 * (LOG_TERMS - 1)]!;
  for (let k = LOG_TERMS - 2; k >= DD_LOG; k--) tail = tail * t2h + LOG_C[2 * k]!;
  let sh = tail;
  let sl = 0;
  for (let k = DD_LOG - 1; k >= 0; k--) {
    ddMul(sh, sl, t2h, t2l);
    ddAdd(rh, rl, LOG_C[2 * k]!, LOG_C[2 * k + 1]!);
    sh = rh;
    sl = rl;
  }
  ddMul(sh, sl, 2 * th, 2 * tl);
  const lh = rh;
  const ll = rl;
  twoProd(e, LN2_HI);
  const eh = rh;
  const el = rl + e * LN2_LO;
  ddAdd(eh, el, lh, ll);
  return rh + rl;
}

const TRIG_TERMS = 14;
const SIN_C = coeffs(TRIG_TERMS, (k) => factorial(2 * k + 1)); // 1/(2k+1)!
const COS_C = coeffs(TRIG_TERMS, (k) => factorial(2 * k)); // 1/(2k)!
function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f; // exact up to 22!; beyond, the 1e-30-relative coefficients need no more
}
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;

const DD_TRIG = 5; // for |r| <= π/4, terms from r^10 on weigh < 2^-28: plain double suffices

function series(c: Float64Array, r2h: number, r2l: number): void {
  let tail = c[2 * (TRIG_TERMS - 1)]!;
  for (let k = TRIG_TERMS - 2; k >= DD_TRIG; k--) tail = tail * r2h + c[2 * k]!;
  let sh = tail;
  let sl = 0;
  for (let k = DD_TRIG - 1; k >= 0; k--) {
    ddMul(sh, sl, r2h, r2l);
    ddAdd(rh, rl, c[2 * k]!, c[2 * k + 1]!);
    sh = rh;
    sl = rl;
  }
}

/**
 * [sin x, cos x], correctly rounded, for |x| below about 1e6 (argument reduction by a
 * three-part π/2); larger arguments fall back to Math.sin/Math.cos.
 * @example sincosCR(Math.PI / 6) // [0.49999999999999994, 0.8660254037844387]
 */
export function sincosCR(x: number): [number, number] {
  if (!Number.isFinite(x)) return [NaN, NaN];
  if (Math.abs(x) > 1e6) return [Math.sin(x), Math.cos(x)];
  const k = Math.round(x / PIO2_1);
  // r = x - k π/2 in double-double
  twoProd(k, PIO2_1);
  const ah = rh;
  const al = rl;
  twoProd(k, PIO2_2);
  const bh = rh;
  const bl = rl + k * PIO2_3;
  ddAdd(ah, al, bh, bl);
  ddAdd(x, 0, -rh, -rl);
  const xh = rh;
  const xl = rl;
  ddMul(xh, xl, xh, xl);
  const r2h = -rh; // alternating series in -r^2
  const r2l = -rl;
  series(SIN_C, r2h, r2l);
  ddMul(rh, rl, xh, xl);
  const s = rh + rl;
  series(COS_C, r2h, r2l);
  const c = rh + rl;
  switch (((k % 4) + 4) % 4) {
    case 0:
      return [s, c];
    case 1:
      return [c, -s];
    case 2:
      return [-s, -c];
    default:
      return [-c, s];
  }
}
