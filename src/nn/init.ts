/**
 * `nn.init`: in-place initialisers with PyTorch's formulas, drawing from the global generator
 * (or `opts.generator`) in PyTorch's order, so a seeded model gets PyTorch's weights.
 * All run under `noGrad` and return the tensor they filled.
 */
import { noGrad } from "../autograd/mode.js";
import { tensor } from "../tensor/creation.js";
import { eye } from "../tensor/factories.js";
import type { Generator } from "../tensor/random/generator.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, checkNumber, checkOptions, isPlainObject, optionKeys } from "../util/args.js";

type GenOpts = { generator?: Generator };

const GEN_KEYS = optionKeys("generator");
const KAIMING_KEYS = optionKeys("mode", "nonlinearity", "generator");

/**
 * Checks an initialiser's call: at most the tensor plus `numbers` positionally (then an options
 * object), numbers where numbers go, and the options object's keys.
 */
function checkInit(op: string, args: IArguments, numbers: readonly string[], keys = GEN_KEYS): void {
  let n = args.length;
  while (n > 1 && args[n - 1] === undefined) n--;
  const last: unknown = args[n - 1];
  const hasOpts = n > 1 && isPlainObject(last);
  const positional = hasOpts ? n - 1 : n;
  if (positional > 1 + numbers.length) checkArity(op, positional, 1 + numbers.length);
  for (let i = 1; i < positional; i++) {
    const v: unknown = args[i];
    if (v !== undefined) checkNumber(op, numbers[i - 1]!, v);
  }
  if (hasOpts) checkOptions(op, last, keys);
}
/** The nonlinearities `calculateGain` knows. */
export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "conv_transpose1d"
  | "conv_transpose2d"
  | "conv_transpose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";
/** Which fan `kaiming*` scales by. */
export type FanMode = "fan_in" | "fan_out";

function check(op: string, t: unknown): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${t === null ? "null" : typeof t}`);
}

/**
 * The recommended gain for a nonlinearity (PyTorch's table; `param` is leaky_relu's slope).
 * @example nn.init.calculateGain("tanh") // 5/3
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  const linear = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
  if (linear.includes(nonlinearity) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    let slope = 0.01;
    if (param !== undefined && param !== null) {
      if (typeof param !== "number" || Number.isNaN(param))
        throw new TypeError(`[calculateGain] negative_slope ${param} not a valid number`);
      slope = param;
    }
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw new RangeError(`[calculateGain] unsupported nonlinearity ${JSON.stringify(nonlinearity)}`);
}

/**
 * `[fanIn, fanOut]` of a weight: dims 1 and 0 times the receptive field (product of dims 2…).
 * @example nn.init._calculateFanInAndFanOut(torch.empty(5, 3)) // [3, 5]
 */
export function _calculateFanInAndFanOut(t: Tensor): [number, number] {
  check("calculateFanInAndFanOut", t);
  if (t.dim() < 2) {
    throw new RangeError(
      `[calculateFanInAndFanOut] fan in and fan out can not be computed for tensor with fewer than 2 dimensions: got ${t.dim()}`,
    );
  }
  const rf = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1]! * rf, t.shape[0]! * rf];
}

function fan(t: Tensor, mode: FanMode): number {
  if (mode !== "fan_in" && mode !== "fan_out")
    throw new RangeError(`[init] mode ${JSON.stringify(mode)} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = _calculateFanInAndFanOut(t);
  return mode === "fan_in" ? fanIn : fanOut;
}

/** Fills with U(a, b). @example nn.init.uniform_(w, -0.1, 0.1) */
export function uniform_(t: Tensor, a = 0, b = 1, opts?: GenOpts): Tensor {
  // eslint-disable-next-line prefer-rest-params -- the arity check reads the call as given
  checkInit("uniform_", arguments, ["a", "b"]);
  check("uniform_", t);
  return noGrad(() => t.uniform_(a, b, opts));
}

/** Fills with N(mean, std²). @example nn.init.normal_(w, 0, 0.02) */
export function normal_(t: Tensor, mean = 0, std = 1, opts?: GenOpts): Tensor {
  // eslint-disable-next-line prefer-rest-params -- the arity check reads the call as given
  checkInit("normal_", arguments, ["mean", "std"]);
  check("normal_", t);
  return noGrad(() => t.normal_(mean, std, opts));
}

/** Fills with a constant. @example nn.init.constant_(b, 0.1) */
export function constant_(t: Tensor, val: number): Tensor {
  if (arguments.length > 2) checkArity("constant_", arguments.length, 2);
  checkNumber("constant_", "val", val);
  check("constant_", t);
  return noGrad(() => t.fill_(val));
}

/** Fills with zeros. @example nn.init.zeros_(b) */
export function zeros_(t: Tensor): Tensor {
  if (arguments.length > 1) checkArity("zeros_", arguments.length, 1);
  check("zeros_", t);
  return noGrad(() => t.zero_());
}

/** Fills with ones. @example nn.init.ones_(gamma) // fragment */
export function ones_(t: Tensor): Tensor {
  if (arguments.length > 1) checkArity("ones_", arguments.length, 1);
  check("ones_", t);
  return noGrad(() => t.fill_(1));
}

/** Fills a 2-D tensor with the identity. @example nn.init.eye_(torch.empty(3, 5)) */
export function eye_(t: Tensor): Tensor {
  if (arguments.length > 1) checkArity("eye_", arguments.length, 1);
  check("eye_", t);
  if (t.dim() !== 2) throw new RangeError(`[eye_] only tensors with 2 dimensions are supported: got ${t.dim()}`);
  return noGrad(() => t.copy_(eye(t.shape[0]!, t.shape[1]!, { dtype: t.dtype })));
}

/** Xavier/Glorot uniform: U(±gain·√(6/(fanIn+fanOut))). @example nn.init.xavierUniform_(w, nn.init.calculateGain("relu")) */
export function xavierUniform_(t: Tensor, gain = 1, opts?: GenOpts): Tensor {
  // eslint-disable-next-line prefer-rest-params -- the arity check reads the call as given
  checkInit("xavierUniform_", arguments, ["gain"]);
  const [fanIn, fanOut] = _calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(t, -a, a, opts);
}

/** Xavier/Glorot normal: N(0, gain²·2/(fanIn+fanOut)). @example nn.init.xavierNormal_(w) */
export function xavierNormal_(t: Tensor, gain = 1, opts?: GenOpts): Tensor {
  // eslint-disable-next-line prefer-rest-params -- the arity check reads the call as given
  checkInit("xavierNormal_", arguments, ["gain"]);
  const [fanIn, fanOut] = _calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return normal_(t, 0, std, opts);
}

/** Options of the Kaiming initialisers. */
export interface KaimingOptions extends GenOpts {
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

/**
 * He/Kaiming uniform: U(±gain·√(3/fan)), gain from `nonlinearity` with slope `a`.
 * @example nn.init.kaimingUniform_(w, Math.sqrt(5)) // nn.Linear's default
 */
export function kaimingUniform_(t: Tensor, a = 0, opts: KaimingOptions = {}): Tensor {
  // eslint-disable-next-line prefer-rest-params -- the arity check reads the call as given
  checkInit("kaimingUniform_", arguments, ["a"], KAIMING_KEYS);
  check("kaimingUniform_", t);
  if (t.numel() === 0) return t; // PyTorch warns and skips empty tensors
  const std = calculateGain(opts.nonlinearity ?? "leaky_relu", a) / Math.sqrt(fan(t, opts.mode ?? "fan_in"));
  const bound = Math.sqrt(3.0) * std;
  return uniform_(t, -bound, bound, opts.generator ? { generator: opts.generator } : undefined);
}

/** He/Kaiming normal: N(0, gain²/fan). @example nn.init.kaimingNormal_(w, 0, { mode: "fan_out", nonlinearity: "relu" }) */
export function kaimingNormal_(t: Tensor, a = 0, opts: KaimingOptions = {}): Tensor {
  // eslint-disable-next-line prefer-rest-params -- the arity check reads the call as given
  checkInit("kaimingNormal_", arguments, ["a"], KAIMING_KEYS);
  check("kaimingNormal_", t);
  if (t.numel() === 0) return t;
  const std = calculateGain(opts.nonlinearity ?? "leaky_relu", a) / Math.sqrt(fan(t, opts.mode ?? "fan_in"));
  return normal_(t, 0, std, opts.generator ? { generator: opts.generator } : undefined);
}

/**
 * Truncated normal: N(mean, std²) restricted to [a, b] (inverse-CDF method, as PyTorch).
 * @example nn.init.truncNormal_(w, 0, 0.02)
 */
export function truncNormal_(t: Tensor, mean = 0, std = 1, a = -2, b = 2, opts?: GenOpts): Tensor {
  // eslint-disable-next-line prefer-rest-params -- the arity check reads the call as given
  checkInit("truncNormal_", arguments, ["mean", "std", "a", "b"]);
  check("truncNormal_", t);
  const cdf = (x: number) =>
    (1 +
      (tensor(x / Math.sqrt(2), { dtype: "float64" })
        .erf()
        .item() as number)) /
    2;
  const l = cdf((a - mean) / std);
  const u = cdf((b - mean) / std);
  return noGrad(() => {
    t.uniform_(2 * l - 1, 2 * u - 1, opts);
    return t.copy_(
      t
        .erfinv()
        .mul(std * Math.sqrt(2))
        .add(mean)
        .clamp(a, b),
    );
  });
}

/** Householder QR of a row-major m×n matrix (m ≥ n): returns Q (m×n) and diag(R). */
function householderQR(a: Float64Array, m: number, n: number): { q: Float64Array; d: Float64Array } {
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const d = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    const alpha = r[k * n + k]! > 0 ? -norm : norm;
    const v = new Float64Array(m);
    for (let i = k; i < m; i++) v[i] = r[i * n + k]!;
    v[k]! -= alpha;
    let vn = 0;
    for (let i = k; i < m; i++) vn += v[i]! ** 2;
    if (vn > 0) {
      for (let j = k; j < n; j++) {
        let s = 0;
        for (let i = k; i < m; i++) s += v[i]! * r[i * n + j]!;
        const f = (2 * s) / vn;
        for (let i = k; i < m; i++) r[i * n + j]! -= f * v[i]!;
      }
    }
    vs.push(vn > 0 ? v.map((x) => x / Math.sqrt(vn)) : v);
    d[k] = r[k * n + k]!;
  }
  // Q = H0 H1 … H(n-1) applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i]! * q[i * n + j]!;
      for (let i = k; i < m; i++) q[i * n + j]! -= 2 * s * v[i]!;
    }
  }
  return { q, d };
}

/**
 * A (semi-)orthogonal matrix from the QR of a normal sample, signs fixed so diag(R) > 0, times
 * `gain`; extra dims are flattened into columns.
 * @example nn.init.orthogonal_(torch.empty(3, 5))
 */
export function orthogonal_(t: Tensor, gain = 1, opts?: GenOpts): Tensor {
  // eslint-disable-next-line prefer-rest-params -- the arity check reads the call as given
  checkInit("orthogonal_", arguments, ["gain"]);
  check("orthogonal_", t);
  if (t.dim() < 2)
    throw new RangeError(`[orthogonal_] only tensors with 2 or more dimensions are supported: got ${t.dim()}`);
  if (t.numel() === 0) return t;
  const rows = t.shape[0]!;
  const cols = t.numel() / rows;
  return noGrad(() => {
    let flat = Tensor._empty([rows, cols], t.dtype).normal_(0, 1, opts);
    if (rows < cols) flat = flat.t();
    const [m, n] = flat.shape as [number, number];
    const { q, d } = householderQR(flat.dataFloat(), m, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[i * n + j]! *= Math.sign(d[j]!) || 1;
    let qt = tensor(Array.from(q), { dtype: "float64" }).reshape(m, n);
    if (rows < cols) qt = qt.t();
    return t.copy_(qt.reshape(t.shape as number[]).mul(gain));
  });
}
