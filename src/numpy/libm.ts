/**
 * A correctly rounded natural logarithm, so NumPy's legacy Gaussian (`f = sqrt(-2·log(r²)/r²)`,
 * C's `log` from glibc, itself correctly rounded in all but vanishingly rare cases) gives the same
 * bits here. V8's `Math.log` is accurate to < 1 ulp but rounds ~2% of inputs the other way.
 *
 * log(x) = e·ln2 + 2·atanh(s), s = (m - 1)/(m + 1), m ∈ [1/√2, √2), evaluated in double-double
 * arithmetic (Dekker's exact products, no FMA in JS) and rounded once at the end.
 */
const SPLIT = 134217729; // 2^27 + 1
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;

/** a·b as an unevaluated sum hi + lo (exact). */
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/** a + b as hi + lo (exact). */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function ddAdd(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [s, e] = twoSum(ah, bh);
  const [h, l] = twoSum(s, e + al + bl);
  return [h, l];
}

function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProd(ah, bh);
  return twoSum(p, e + ah * bl + al * bh);
}

/** ln(x), correctly rounded except in cases rarer than one in ~10⁵ random inputs. */
export function log(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  let e = 0;
  let m = x;
  if (m < 2.2250738585072014e-308) {
    m *= 2 ** 54;
    e -= 54;
  }
  const ex = Math.floor(Math.log2(m));
  m = m / 2 ** ex;
  e += ex;
  // Math.log2 may land one off near powers of two: bring m into [1, 2) exactly.
  while (m >= 2) {
    m /= 2;
    e++;
  }
  while (m < 1) {
    m *= 2;
    e--;
  }
  if (m > Math.SQRT2) {
    m /= 2;
    e++;
  }
  const f = m - 1; // exact (Sterbenz)
  const [dh, dl] = twoSum(2, f);
  // s = f / (2 + f) in double-double.
  const sh = f / dh;
  const [ph, pl] = ddMul(sh, 0, dh, dl);
  const sl = (f - ph - pl) / dh;
  const [s2h, s2l] = ddMul(sh, sl, sh, sl);
  // 2·atanh(s) = 2s + 2s³/3 + 2s⁵/5 + …: the first terms in double-double, the tail in double.
  const z = s2h;
  let tail = 0;
  for (let k = 25; k >= 9; k -= 2) tail = tail * z + 2 / k;
  tail *= z; // 2s⁹/9 + 2s¹¹/11 + …, over s⁷
  let [th, tl] = ddAdd(2 / 7, 0, tail, 0);
  [th, tl] = ddMul(th, tl, s2h, s2l);
  [th, tl] = ddAdd(th, tl, 2 / 5, twoDivLo(2, 5));
  [th, tl] = ddMul(th, tl, s2h, s2l);
  [th, tl] = ddAdd(th, tl, 2 / 3, twoDivLo(2, 3));
  [th, tl] = ddMul(th, tl, s2h, s2l);
  [th, tl] = ddAdd(th, tl, 2, 0);
  [th, tl] = ddMul(th, tl, sh, sl);
  const [eh, el] = ddMul(e, 0, LN2_HI, LN2_LO);
  const [rh, rl] = ddAdd(eh, el, th, tl);
  return rh + rl;
}

/** The rounding error of a/b (so a/b = q + lo in double-double). */
function twoDivLo(a: number, b: number): number {
  const q = a / b;
  const [p, e] = twoProd(q, b);
  return (a - p - e) / b;
}

/** cos as NumPy computes it on CPUs without AVX-512 (glibc); see `sin`. */
export const cos = Math.cos;
/**
 * sin as C's libm computes it. NumPy evaluates array sin/cos with SVML on AVX-512 CPUs (within a
 * few ulp) and with glibc elsewhere, so its own trigonometric bits depend on the CPU; the helpers
 * that use these (`makeMoons`, `makeCircles`) match scikit-learn to a few ulp, not bit for bit.
 */
export const sin = Math.sin;
