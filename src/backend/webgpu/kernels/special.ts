/**
 * float32 WGSL versions of the special-function primitives the CPU evaluates in float64
 * (util/special-math.ts): the regularized incomplete gamma functions P(a, x) (`igamma`) and
 * Q(a, x) (`igammac`), and Hurwitz's zeta ζ(s, q) (`zeta`, which `polygamma` scales). The same
 * algorithms: P by its power series for x < a + 1, Q by Legendre's continued fraction (modified
 * Lentz) otherwise, the other one as the complement; ζ by direct terms until q + k ≥ 10, then the
 * Euler–Maclaurin tail with twelve Bernoulli terms. Edge values (NaN, ±∞, 0) as the CPU's.
 *
 * Accuracy (float32, lavapipe, against the float64 CPU results): igamma/igammac within about
 * 2e-6 relative for a, x ≤ 20, within 1e-4 for a, x ≤ 100 (the factor x^a e^(−x) / Γ(a) is
 * exp of a difference of terms of size a·log x, whose float32 rounding grows with a); zeta
 * within about 1e-6 relative. test/backend/webgpu/kernels-special.test.ts measures these.
 */

/** Included in an elementwise shader only when its expression calls one of these. */
export const SPECIAL_WGSL = /* wgsl */ `
const SP_EPS: f32 = 6e-8;
const SP_TINY: f32 = 1e-30;
fn lgammaPosF(x0: f32) -> f32 {
  // log Γ(x), x > 0: shifted up to x >= 10, then Stirling's series
  var x = x0;
  // one log of the product x (x+1) … (< 10! · 10, no overflow): each log call costs accuracy
  var prod = 1.0;
  loop { if (x >= 10.0) { break; } prod = prod * x; x = x + 1.0; }
  let shift = log(prod);
  let r = 1.0 / x;
  let r2 = r * r;
  let series = r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0 - r2 / 1188.0))));
  return (x - 0.5) * log(x) - x + 0.91893853320467274 + series - shift;
}
fn igPrefactorF(a: f32, x: f32) -> f32 { return exp(a * log(x) - x - lgammaPosF(a)); }
fn igLowerSeriesF(a: f32, x: f32) -> f32 {
  var term = 1.0 / a;
  var sum = term;
  for (var n = 1; n < 4000; n = n + 1) {
    term = term * x / (a + f32(n));
    sum = sum + term;
    if (term < sum * SP_EPS) { break; }
  }
  return sum * igPrefactorF(a, x);
}
fn igUpperFractionF(a: f32, x: f32) -> f32 {
  var b = x + 1.0 - a;
  var c = 1.0 / SP_TINY;
  var d = 1.0 / b;
  var h = d;
  for (var i = 1; i < 4000; i = i + 1) {
    let an = -f32(i) * (f32(i) - a);
    b = b + 2.0;
    d = an * d + b;
    if (abs(d) < SP_TINY) { d = SP_TINY; }
    c = b + an / c;
    if (abs(c) < SP_TINY) { c = SP_TINY; }
    d = 1.0 / d;
    let step = d * c;
    h = h * step;
    if (abs(step - 1.0) < SP_EPS) { break; }
  }
  return h * igPrefactorF(a, x);
}
// 2: no edge; else the edge value of P (lower) or Q, NaN included
fn igEdgeF(a: f32, x: f32, lower: bool) -> f32 {
  if (isNan(a) || isNan(x) || a < 0.0 || x < 0.0) { return nanF(); }
  if (a == 0.0) { return select(nanF(), select(0.0, 1.0, lower), x > 0.0); }
  if (x == 0.0) { return select(1.0, 0.0, lower); }
  if (isInf(a)) { return select(select(1.0, 0.0, lower), nanF(), isInf(x)); }
  if (isInf(x)) { return select(0.0, 1.0, lower); }
  return 2.0;
}
fn igammaF(a: f32, x: f32) -> f32 {
  let e = igEdgeF(a, x, true);
  if (isNan(e) || e != 2.0) { return e; }
  if (x < a + 1.0) { return igLowerSeriesF(a, x); }
  return 1.0 - igUpperFractionF(a, x);
}
fn igammacF(a: f32, x: f32) -> f32 {
  let e = igEdgeF(a, x, false);
  if (isNan(e) || e != 2.0) { return e; }
  if (x < a + 1.0) { return 1.0 - igLowerSeriesF(a, x); }
  return igUpperFractionF(a, x);
}
fn zetaF(s: f32, q: f32) -> f32 {
  if (isNan(s) || isNan(q)) { return nanF(); }
  if (s == 1.0) { return infF(); }
  if (s < 1.0) { return nanF(); }
  if (q <= 0.0) {
    if (q == floor(q)) { return infF(); }
    if (s != floor(s)) { return nanF(); }
  }
  if (isInf(q)) { return nanF(); }
  var em = array<f32, 12>(
    1.0 / 12.0, -1.0 / 720.0, 1.0 / 30240.0, -1.0 / 1209600.0, 1.0 / 47900160.0,
    -691.0 / 1307674368000.0, 1.0 / 74724249600.0, -3617.0 / 10670622842880000.0,
    43867.0 / 5109094217170944000.0, -174611.0 / 802857662698291200000.0,
    77683.0 / 14101100039391805440000.0, -236364091.0 / 1693824136731743669452800000.0);
  var sum = 0.0;
  var k = 0.0;
  loop {
    if (q + k >= 10.0 && k >= 2.0) { break; }
    sum = sum + powF(q + k, -s);
    k = k + 1.0;
  }
  let w = q + k;
  sum = sum + pow(w, 1.0 - s) / (s - 1.0) + 0.5 * pow(w, -s);
  var rising = s;
  var power = pow(w, -s - 1.0);
  let w2 = 1.0 / (w * w);
  for (var j = 0; j < 12; j = j + 1) {
    let t = em[j] * rising * power;
    sum = sum + t;
    if (abs(t) <= SP_EPS * abs(sum)) { break; }
    rising = rising * (s + f32(2 * j + 1)) * (s + f32(2 * j + 2));
    power = power * w2;
  }
  return sum;
}
`;

/** Whether an elementwise expression needs {@link SPECIAL_WGSL}. */
export const needsSpecial = (expr: string): boolean => /\b(igammaF|igammacF|zetaF)\(/.test(expr);
