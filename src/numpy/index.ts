/**
 * `antorcha/numpy`: NumPy's legacy random stream (`np.random.seed(42); np.random.rand(100, 1)`
 * gives NumPy's doubles) and the few array helpers the tutorials use, as float64 / int64 tensors
 * (NumPy's default dtypes). Helpers are thin wrappers over torch ops; `linspace`, `sum` and `mean`
 * without an axis follow NumPy's arithmetic exactly (its `start + i·step` and pairwise summation).
 *
 * @example
 * import * as np from "antorcha/numpy";
 * np.random.seed(42);
 * const x = np.random.rand(100, 1); // the book's x, bit for bit
 */
import "../index.js"; // the whole library: every Tensor method and the backend choice
import { Tensor } from "../tensor/tensor.js";
import { tensor } from "../tensor/creation.js";
import { arange as torchArange } from "../tensor/factories.js";
import { bindArgs, checkInt, checkNumber, checkOptions, describe, optionKeys } from "../util/args.js";
import { RandomState, type RandomStateState } from "./random-state.js";

export { RandomState, type RandomStateState, type Size, type Param } from "./random-state.js";
export { MT19937 } from "./mt19937.js";

/** NumPy's global stream (`np.random.mtrand._rand`), seeded unpredictably until `seed()`. */
const global = new RandomState();

/**
 * `np.random`: the module-level functions drawing from one global `RandomState`.
 * @example np.random.seed(42); np.random.randn(2) // tensor([ 0.4967, -0.1383], dtype=torch.float64)
 */
export const random = {
  RandomState,
  /** Reseeds the global stream (`np.random.seed`). */
  seed: (seed?: number | null): void => global.seed(seed),
  getState: (): RandomStateState => global.getState(),
  setState: (s: RandomStateState): void => global.setState(s),
  rand: (...dims: number[]) => global.rand(...dims),
  randn: (...dims: number[]) => global.randn(...dims),
  random: (...args: unknown[]) => global.random(...args),
  randomSample: (...args: unknown[]) => global.randomSample(...args),
  standardNormal: (...args: unknown[]) => global.standardNormal(...args),
  uniform: (...args: unknown[]) => global.uniform(...args),
  normal: (...args: unknown[]) => global.normal(...args),
  randint: (...args: unknown[]) => global.randint(...args),
  shuffle: (x: Tensor | unknown[]): void => global.shuffle(x),
  permutation: (x: number | Tensor): Tensor => global.permutation(x),
  choice: (...args: unknown[]) => global.choice(...args),
};

/** The global stream itself (what sklearn's `check_random_state(None)` returns). */
export function globalRandomState(): RandomState {
  return global;
}

/** `math.pi`. */
export const pi = Math.PI;

function asTensor(op: string, x: unknown): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === "number" || Array.isArray(x)) return array(x as number[]);
  throw new TypeError(`[np.${op}] expected an array or a Tensor: got ${describe(x)}`);
}

function asFloat(op: string, x: unknown): Tensor {
  const t = asTensor(op, x);
  return t.isFloatingPoint() ? t : t.to("float64");
}

/**
 * `np.array(data)`: int64 for integers, float64 when any element is fractional (NumPy's dtypes).
 * @example np.array([1, 2.5]) // tensor([1.0000, 2.5000], dtype=torch.float64)
 */
export function array(data: unknown): Tensor {
  if (data instanceof Tensor) return data.clone();
  const t = tensor(data as number[]);
  return t.isFloatingPoint() ? tensor(data as number[], { dtype: "float64" }) : t;
}

const ARANGE_KEYS = optionKeys("start", "stop", "step");

/**
 * `np.arange([start,] stop[, step])`: int64 for integer arguments, float64 otherwise.
 * @example np.arange(5) // tensor([0, 1, 2, 3, 4])
 */
export function arange(...args: unknown[]): Tensor {
  const a = bindArgs("np.arange", ["start", "stop", "step"], ARANGE_KEYS, args);
  let { start, stop } = a as { start?: number; stop?: number };
  const step = (a.step ?? 1) as number;
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  for (const [n, v] of [
    ["start", start],
    ["stop", stop],
    ["step", step],
  ] as const)
    checkNumber("np.arange", n, v);
  const ints = Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step);
  return torchArange(start!, stop!, step, { dtype: ints ? "int64" : "float64" });
}

const LINSPACE_KEYS = optionKeys("start", "stop", "num", "endpoint");

/**
 * `np.linspace(start, stop, num = 50, endpoint = true)` with NumPy's arithmetic
 * (`i·step + start`, the last point set to `stop`), float64.
 * @example np.linspace(0, 1, 5) // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000], dtype=torch.float64)
 */
export function linspace(...args: unknown[]): Tensor {
  const a = bindArgs("np.linspace", ["start", "stop", "num", "endpoint"], LINSPACE_KEYS, args);
  const start = checkNumber("np.linspace", "start", a.start);
  const stop = checkNumber("np.linspace", "stop", a.stop);
  const num = checkInt("np.linspace", "num", a.num ?? 50, 0);
  const endpoint = a.endpoint ?? true;
  if (typeof endpoint !== "boolean")
    throw new TypeError(`[np.linspace] endpoint must be a boolean: got ${describe(endpoint)}`);
  return tensor(linspaceValues(start, stop, num, endpoint), { dtype: "float64" });
}

/** @internal NumPy's linspace values as plain numbers. */
export function linspaceValues(start: number, stop: number, num: number, endpoint = true): number[] {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const step = div > 0 ? delta / div : NaN;
  const out = Array.from({ length: num }, (_, i) =>
    div > 0 ? (step === 0 ? (i / div) * delta + start : i * step + start) : i * delta + start,
  );
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/**
 * NumPy's pairwise summation of a contiguous run (blocks of 8 partial sums up to 128 items,
 * halves above), so `np.sum` / `np.mean` of a whole array give NumPy's bits.
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0].map((_, j) => a[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

function floatValues(op: string, x: unknown): Float64Array {
  return asFloat(op, x).to("float64").contiguous().dataSync() as Float64Array;
}

/**
 * `np.sum(x, axis?)`: without an axis, NumPy's pairwise sum in float64 (a number).
 * @example np.sum([1, 2, 3.5]) // 6.5
 */
export function sum(x: unknown, axis?: number): number | Tensor {
  if (axis === undefined) return pairwiseSum(floatValues("sum", x));
  return asTensor("sum", x).sum(axis);
}

/**
 * `np.mean(x, axis?)`: without an axis, NumPy's pairwise sum divided by the count (a number).
 * @example np.mean([1, 2, 3, 4]) // 2.5
 */
export function mean(x: unknown, axis?: number): number | Tensor {
  if (axis === undefined) {
    const v = floatValues("mean", x);
    return pairwiseSum(v) / v.length;
  }
  return asFloat("mean", x).mean(axis);
}

/**
 * `np.std(x, axis?, ddof = 0)`: population standard deviation unless `ddof` says otherwise.
 * @example np.std([1, 2, 3, 4]) // 1.118…
 */
export function std(x: unknown, axis?: number, ddof = 0): number | Tensor {
  if (axis === undefined) {
    const v = floatValues("std", x);
    const m = pairwiseSum(v) / v.length;
    const d = v.map((e) => (e - m) ** 2);
    return Math.sqrt(pairwiseSum(d) / (v.length - ddof));
  }
  return asFloat("std", x).std(axis, { correction: ddof });
}

const MESHGRID_KEYS = optionKeys("indexing");

/**
 * `np.meshgrid(x, y)` with NumPy's default `indexing="xy"`: outputs shaped [len(y), len(x)].
 * @example const [xx, yy] = np.meshgrid(np.linspace(0, 1, 3), np.linspace(0, 1, 2)); // each [2, 3]
 */
export function meshgrid(x: unknown, y: unknown, opts?: { indexing?: "xy" | "ij" }): [Tensor, Tensor] {
  checkOptions("np.meshgrid", opts, MESHGRID_KEYS);
  const indexing = opts?.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij")
    throw new RangeError(`[np.meshgrid] indexing must be "xy" or "ij": got ${describe(indexing)}`);
  const a = asTensor("meshgrid", x).reshape(-1);
  const b = asTensor("meshgrid", y).reshape(-1);
  if (indexing === "ij") {
    const shape = [a.shape[0]!, b.shape[0]!];
    return [a.reshape(-1, 1).expand(shape).contiguous(), b.reshape(1, -1).expand(shape).contiguous()];
  }
  const shape = [b.shape[0]!, a.shape[0]!];
  return [a.reshape(1, -1).expand(shape).contiguous(), b.reshape(-1, 1).expand(shape).contiguous()];
}

/** Elementwise `np.sqrt` (float64 for integer input). @example np.sqrt([4, 9]) */
export const sqrt = (x: unknown): Tensor => asFloat("sqrt", x).sqrt();
/** Elementwise `np.exp`. @example np.exp([0, 1]) */
export const exp = (x: unknown): Tensor => asFloat("exp", x).exp();
/** Elementwise `np.log`. @example np.log([1, Math.E]) */
export const log = (x: unknown): Tensor => asFloat("log", x).log();
/** Elementwise `np.sin`. @example np.sin([0]) */
export const sin = (x: unknown): Tensor => asFloat("sin", x).sin();
/** Elementwise `np.cos`. @example np.cos([0]) */
export const cos = (x: unknown): Tensor => asFloat("cos", x).cos();
/** Elementwise `np.tanh`. @example np.tanh([0]) */
export const tanh = (x: unknown): Tensor => asFloat("tanh", x).tanh();
/** Elementwise `np.abs`. @example np.abs([-1, 2]) */
export const abs = (x: unknown): Tensor => asTensor("abs", x).abs();

/**
 * `np.zeros(shape)` (float64).
 * @example np.zeros([2, 3])
 */
export function zeros(shape: number | readonly number[]): Tensor {
  const s = typeof shape === "number" ? [shape] : [...shape];
  return Tensor._empty(s, "float64");
}

/**
 * `np.ones(shape)` (float64).
 * @example np.ones(3)
 */
export function ones(shape: number | readonly number[]): Tensor {
  return zeros(shape).fill_(1);
}

/** `np.random` as a type, for code that passes the module around. */
export type NumpyRandom = typeof random;

/** `np.random.RandomState` seeds accepted by the sklearn helpers' `randomState`. */
export type RandomStateLike = number | RandomState | null | undefined;

/** sklearn's `check_random_state`: an int seeds a new stream, a stream is used as is, none means the global one. */
export function checkRandomState(op: string, rs: unknown): RandomState {
  if (rs === undefined || rs === null) return global;
  if (rs instanceof RandomState) return rs;
  if (typeof rs === "number") return new RandomState(rs);
  throw new TypeError(`[${op}] randomState must be an integer seed or a RandomState: got ${describe(rs)}`);
}
