/**
 * Elementwise kernels in WGSL: one row per primitive of src/backend/primitives.ts, as an
 * expression per input kind (f: float32, i: 32-bit integers, b: bool held as u32). A row's `bool`
 * flag says the expression is a WGSL bool (predicates); it is converted to the output's type on
 * store. A missing kind means the primitive has no kernel for that dtype (the ops layer casts
 * first where PyTorch does, so these are the cases it never sends).
 */
import type { BinaryOp, UnaryOp } from "../../backend.js";
import type { DType } from "../../../tensor/dtype.js";
import { convert, ctype, load, narrow, PARAM, PRELUDE, store, type WType } from "../wgsl.js";
import { needsSpecial, SPECIAL_WGSL } from "./special.js";

interface Row {
  f?: string;
  i?: string;
  b?: string;
  bool?: boolean;
}

const FLOAT_HELPERS = /* wgsl */ `
fn erfF(x: f32) -> f32 {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7)
  let t = 1.0 / (1.0 + 0.3275911 * abs(x));
  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-x * x);
  return select(y, -y, x < 0.0);
}
fn erfinvF(x: f32) -> f32 {
  if (abs(x) >= 1.0) { return select(nanF(), select(-infF(), infF(), x > 0.0), abs(x) == 1.0); }
  var w = -log((1.0 - x) * (1.0 + x));
  var p: f32;
  if (w < 5.0) {
    w = w - 2.5;
    p = 2.81022636e-08; p = 3.43273939e-07 + p * w; p = -3.5233877e-06 + p * w; p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w; p = -0.00125372503 + p * w; p = -0.00417768164 + p * w; p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = sqrt(w) - 3.0;
    p = -0.000200214257; p = 0.000100950558 + p * w; p = 0.00134934322 + p * w; p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w; p = -0.0076224613 + p * w; p = 0.00943887047 + p * w; p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  var r = p * x;
  // one Newton step on erf
  r = r - (erfF(r) - x) / (1.1283791670955126 * exp(-r * r));
  return r;
}
fn isInf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn powF(a: f32, b: f32) -> f32 {
  // C's pow: 1^y = 1 (NaN too), x^0 = 1, (-1)^±inf = 1; PyTorch's x^0.5 = sqrt(x)
  if (a == 1.0 || b == 0.0) { return 1.0; }
  if (isNan(a) || isNan(b)) { return nanF(); }
  if (isInf(b)) {
    let m = abs(a);
    if (m == 1.0) { return 1.0; }
    return select(select(infF(), 0.0, m < 1.0), select(0.0, infF(), m < 1.0), b < 0.0);
  }
  if (b == 0.5) { return sqrt(a); }
  if (b == -0.5) { return inverseSqrt(a); }
  let odd = b == trunc(b) && abs(b % 2.0) == 1.0;
  if (isInf(a)) {
    let r = select(infF(), 0.0, b < 0.0);
    return select(r, -r, a < 0.0 && odd);
  }
  if (a == 0.0) { let r = select(0.0, infF(), b < 0.0); return select(r, -r, odd && (bitcast<u32>(a) >> 31u) == 1u); }
  if (a < 0.0) {
    if (b != trunc(b)) { return nanF(); }
    let r = pow(-a, b);
    return select(r, -r, odd);
  }
  return pow(a, b);
}
fn fmodF(a: f32, b: f32) -> f32 {
  if (isInf(b) && !isInf(a) && !isNan(a)) { return a; }
  let q = trunc(a / b);
  var r = fma(-b, q, a);
  // a/b rounded up across an integer: step back one b
  if (r != 0.0 && ((r < 0.0) != (a < 0.0))) { r = r + select(-b, b, (a < 0.0) == (b < 0.0)); }
  return select(r, a * 0.0, r == 0.0);
}
fn remF(a: f32, b: f32) -> f32 {
  let r = fmodF(a, b);
  return select(r, r + b, r != 0.0 && ((r < 0.0) != (b < 0.0)));
}
fn floorDivF(a: f32, b: f32) -> f32 {
  // as PyTorch: from fmod, so that 1 // 0.1 == 9
  if (b == 0.0) { return a / b; }
  let m = fmodF(a, b);
  var d = (a - m) / b;
  if (m != 0.0 && ((b < 0.0) != (m < 0.0))) { d = d - 1.0; }
  if (d == 0.0) { return 0.0 * (a / b); }
  let f = floor(d);
  return select(f, f + 1.0, d - f > 0.5);
}
fn atan2F(a: f32, b: f32) -> f32 {
  // C's atan2 at the origin (WGSL leaves it undefined): ±0 for +0, ±π for -0
  if (a == 0.0 && b == 0.0) {
    let r = select(0.0, 3.141592653589793, (bitcast<u32>(b) >> 31u) == 1u);
    return select(r, -r, (bitcast<u32>(a) >> 31u) == 1u);
  }
  return atan2(a, b);
}
fn powI(a: i32, b: i32) -> i32 {
  if (b < 0) { return select(select(0, select(-1, 1, b % 2 == 0), a == -1), 1, a == 1); }
  var r = 1; var x = a; var e = b;
  loop { if (e == 0) { break; } if ((e & 1) == 1) { r = r * x; } x = x * x; e = e >> 1u; }
  return r;
}
fn remI(a: i32, b: i32) -> i32 { let r = a % b; return select(r, r + b, r != 0 && ((r < 0) != (b < 0))); }
fn floorDivI(a: i32, b: i32) -> i32 { let q = a / b; return select(q, q - 1, (a % b != 0) && ((a < 0) != (b < 0))); }
`;

export const UNARY_WGSL: Record<UnaryOp, Row> = {
  neg: { f: "-x", i: "-x" },
  abs: { f: "abs(x)", i: "abs(x)", b: "x" },
  sign: { f: "select(sign(x), 0.0, isNan(x))", i: "sign(x)", b: "x" },
  exp: { f: "exp(x)" },
  expm1: { f: "select(exp(x) - 1.0, x + 0.5 * x * x + x * x * x / 6.0, abs(x) < 1e-3)" },
  log: { f: "log(x)" },
  log1p: { f: "select(log(1.0 + x), x - 0.5 * x * x + x * x * x / 3.0, abs(x) < 1e-4)" },
  sqrt: { f: "sqrt(x)" },
  rsqrt: { f: "inverseSqrt(x)" },
  reciprocal: { f: "1.0 / x" },
  sin: { f: "sin(x)" },
  cos: { f: "cos(x)" },
  tan: { f: "tan(x)" },
  // via atan2: lavapipe's asin/acos are off by ~3e-4
  asin: { f: "select(atan2(x, sqrt((1.0 - x) * (1.0 + x))), nanF(), abs(x) > 1.0)" },
  acos: { f: "select(atan2(sqrt((1.0 - x) * (1.0 + x)), x), nanF(), abs(x) > 1.0)" },
  atan: { f: "atan(x)" },
  sinh: { f: "sinh(x)" },
  cosh: { f: "cosh(x)" },
  tanh: { f: "tanh(x)" },
  sigmoid: { f: "1.0 / (1.0 + exp(-x))" },
  relu: { f: "select(0.0, x, x > 0.0 || isNan(x))", i: "max(x, 0)", b: "x" },
  erf: { f: "erfF(x)" },
  erfinv: { f: "erfinvF(x)" },
  sinc: { f: "select(sin(3.141592653589793 * x) / (3.141592653589793 * x), 1.0, x == 0.0)" },
  floor: { f: "floor(x)", i: "x", b: "x" },
  ceil: { f: "ceil(x)", i: "x", b: "x" },
  round: { f: "round(x)", i: "x", b: "x" },
  trunc: { f: "trunc(x)", i: "x", b: "x" },
  logicalNot: { f: "x == 0.0", i: "x == 0", b: "x == 0u", bool: true },
  bitwiseNot: { i: "~x", b: "select(1u, 0u, x != 0u)" },
  isnan: { f: "isNan(x)", i: "false", b: "false", bool: true },
};

export const BINARY_WGSL: Record<BinaryOp, Row> = {
  add: { f: "a + b", i: "a + b", b: "select(0u, 1u, (a | b) != 0u)" },
  sub: { f: "a - b", i: "a - b" },
  mul: { f: "a * b", i: "a * b", b: "a & b" },
  div: { f: "a / b", i: "a / b" },
  pow: { f: "powF(a, b)", i: "powI(a, b)" },
  maximum: { f: "select(max(a, b), nanF(), isNan(a) || isNan(b))", i: "max(a, b)", b: "max(a, b)" },
  minimum: { f: "select(min(a, b), nanF(), isNan(a) || isNan(b))", i: "min(a, b)", b: "min(a, b)" },
  fmod: { f: "fmodF(a, b)", i: "a % b" },
  remainder: { f: "remF(a, b)", i: "remI(a, b)" },
  floorDivide: { f: "floorDivF(a, b)", i: "floorDivI(a, b)" },
  atan2: { f: "atan2F(a, b)" },
  eq: { f: "a == b", i: "a == b", b: "a == b", bool: true },
  // NaN-safe spellings: the shader compiler may assume no NaNs in plain comparisons
  ne: { f: "isNan(a) || isNan(b) || a != b", i: "a != b", b: "a != b", bool: true },
  lt: { f: "a < b", i: "a < b", b: "a < b", bool: true },
  le: { f: "a <= b", i: "a <= b", b: "a <= b", bool: true },
  gt: { f: "a > b", i: "a > b", b: "a > b", bool: true },
  ge: { f: "a >= b", i: "a >= b", b: "a >= b", bool: true },
  logicalAnd: { f: "truthy(a) && truthy(b)", i: "a != 0 && b != 0", b: "a != 0u && b != 0u", bool: true },
  logicalOr: { f: "truthy(a) || truthy(b)", i: "a != 0 || b != 0", b: "a != 0u || b != 0u", bool: true },
  logicalXor: { f: "truthy(a) != truthy(b)", i: "(a != 0) != (b != 0)", b: "(a != 0u) != (b != 0u)", bool: true },
  bitwiseAnd: { i: "a & b", b: "a & b" },
  bitwiseOr: { i: "a | b", b: "a | b" },
  bitwiseXor: { i: "a ^ b", b: "a ^ b" },
  // Regularised incomplete gamma and Hurwitz zeta (polygamma): float32 versions of the CPU's
  // float64 series and continued fractions (kernels/special.ts)
  igamma: { f: "igammaF(a, b)" },
  igammac: { f: "igammacF(a, b)" },
  zeta: { f: "zetaF(a, b)" },
};

const KIND: Record<WType, "f" | "i" | "b"> = { f32: "f", f16: "f", i32: "i", u32: "b" };

/** The row's expression for inputs of `t`, or null when there is no kernel for that type. */
export function expressionFor(row: Row, t: WType): string | null {
  return row[KIND[t]] ?? null;
}

/**
 * An elementwise shader: `out[i] = expr(in1[i], in2[i], …)` over strided operands. `scalar[k]`
 * marks an input read from meta (a CPU number) instead of a buffer. `names` are the expression's
 * variables (x; a, b; c, a, b for where). Buffers of f16 are loaded into f32 and the result
 * rounded back on store; `outDtype` narrows i32 results into uint8/int8/int16.
 */
export function elementwiseSource(
  expr: string,
  exprType: WType | "bool",
  inTypes: readonly WType[],
  outType: WType,
  scalar: readonly boolean[],
  names: readonly string[],
  outDtype?: DType,
): string {
  const decls: string[] = [`@group(0) @binding(1) var<storage, read_write> out: array<${outType}>;`];
  const loads: string[] = [];
  let binding = 2;
  inTypes.forEach((t, k) => {
    if (scalar[k]) {
      loads.push(`let ${names[k]} = bitcast<${ctype(t)}>(prm[${PARAM + k}]);`);
    } else {
      decls.push(`@group(0) @binding(${binding++}) var<storage, read> in${k}: array<${t}>;`);
      loads.push(`let ${names[k]} = ${load(t, `in${k}[offsetOf(i, ${k + 1})]`)};`);
    }
  });
  return `${PRELUDE}${FLOAT_HELPERS}${needsSpecial(expr) ? SPECIAL_WGSL : ""}
${decls.join("\n")}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = invocation(gid, nw);
  if (i >= prm[0]) { return; }
  ${loads.join("\n  ")}
  out[offsetOf(i, 0)] = ${store(outType, narrow(outDtype ?? "float32", convert(`(${expr})`, exprType, outType)))};
}`;
}
