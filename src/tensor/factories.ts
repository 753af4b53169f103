/**
 * Range factories (`arange`, `linspace`, `logspace`, `eye`) reproducing PyTorch 1.13's CPU values
 * bit for bit: its kernels fill 2 vectors of 32 bytes at a time (each vector from one base value
 * plus lane × step) and finish the tail one element at a time, with fused multiply-adds where
 * the compiler contracts them. The emulation below follows that order; it assumes one thread
 * (PyTorch splits ranges over 32768 elements between threads, which can move a vector boundary).
 */
import { describe } from "../util/args.js";
import { fma32, fma64 } from "./random/float-math.js";
import {
  allocArray,
  checkAllocation,
  checkFits,
  getDefaultDtype,
  isFloatingPoint,
  itemsize,
  roundToDtype,
  toDType,
  writeNumber,
  type DType,
} from "./dtype.js";
import { Tensor } from "./tensor.js";
import { checkCreateOptions, finish, type CreateOptions } from "./creation.js";

const fr = Math.fround;

/** The dtype from checked options (the options object is checked where it is split off). */
function resolve(op: string, opts: CreateOptions | undefined, fallback: DType): DType {
  return opts?.dtype === undefined ? fallback : toDType(opts.dtype, op);
}

/** A trailing options object, checked; anything else in its place is an error. */
function lastOptions(op: string, opts: unknown): CreateOptions | undefined {
  checkCreateOptions(op, opts);
  return opts as CreateOptions | undefined;
}

function build(
  op: string,
  values: ArrayLike<number>,
  shape: number[],
  dtype: DType,
  opts: CreateOptions | undefined,
): Tensor {
  const arr = allocArray(dtype, values.length, op, shape);
  for (let i = 0; i < values.length; i++) writeNumber(arr, dtype, i, values[i]!);
  return finish(Tensor._fromArray(arr, shape, dtype), opts, op);
}

function checkNumber(op: string, name: string, x: unknown): number {
  if (typeof x !== "number") throw new TypeError(`[${op}] ${name} must be a number: got ${describe(x)}`);
  return x;
}

/** Lanes per 32-byte vector for a dtype (PyTorch's AVX2 `Vectorized<T>::size()`). */
function lanes(dtype: DType): number {
  return 32 / itemsize(dtype);
}

/**
 * Fills `n` values the way `cpu_serial_kernel_vec` does: blocks of 2 vectors (each lane is
 * `lane(base(blockStart), k)`), then a scalar tail `scalar(i)`.
 */
function vecFill(
  n: number,
  V: number,
  scalar: (i: number) => number,
  base: (i: number) => number,
  lane: (b: number, k: number) => number,
): Float64Array {
  const out = new Float64Array(n);
  let i = 0;
  for (; i <= n - 2 * V; i += 2 * V) {
    for (const blk of [i, i + V]) {
      const b = base(blk);
      for (let k = 0; k < V; k++) out[blk + k] = lane(b, k);
    }
  }
  for (; i < n; i++) out[i] = scalar(i);
  return out;
}

/**
 * Values from `start` to `end` (exclusive) in steps of `step`: `arange(end)`,
 * `arange(start, end)`, `arange(start, end, step)`, options last. The dtype is int64 when every
 * argument is an integer, else the default float dtype; the length is `ceil((end - start) / step)`.
 * @example torch.arange(5); torch.arange(1, 2.5, 0.5); torch.arange(0, 10, 3, { dtype: "float64" })
 */
export function arange(end: number, opts?: CreateOptions): Tensor;
export function arange(start: number, end: number, opts?: CreateOptions): Tensor;
export function arange(start: number, end: number, step: number, opts?: CreateOptions): Tensor;
export function arange(...args: (number | CreateOptions | undefined)[]): Tensor {
  let opts: CreateOptions | undefined;
  args = [...args];
  if (args.length > 0 && typeof args[args.length - 1] === "object") opts = lastOptions("arange", args.pop());
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  if (args.length < 1 || args.length > 3) {
    throw new TypeError(
      `[arange] expected arange(end), arange(start, end) or arange(start, end, step): got ${args.length} numbers`,
    );
  }
  const nums = args.map((a, i) => checkNumber("arange", ["start", "end", "step"][args.length === 1 ? 1 : i]!, a));
  const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  const allInt = [start, end, step].every((x) => Number.isInteger(x));
  const dtype = resolve("arange", opts, allInt ? "int64" : getDefaultDtype());
  if (dtype === "bool") throw new TypeError(`[arange] "arange_cpu" not implemented for 'Bool'`);
  const isFloat = isFloatingPoint(dtype);
  // The kernel's accumulate type: int64 for integers (Scalar → int64 truncates), float for
  // 16-bit floats, double for float32/float64.
  const acc = (x: number): number =>
    isFloat ? (dtype === "float16" || dtype === "bfloat16" ? fr(x) : x) : Math.trunc(x);
  const [xs, xe, xst] = [acc(start), acc(end), acc(step)];
  if (!(xst > 0 || xst < 0)) throw new RangeError(`[arange] step must be nonzero: got step=${step}`);
  if (!Number.isFinite(xs) || !Number.isFinite(xe)) {
    throw new RangeError(`[arange] unsupported range: ${start} -> ${end}`);
  }
  if (!((xst > 0 && xe >= xs) || (xst < 0 && xe <= xs))) {
    throw new RangeError(
      `[arange] upper bound and larger bound inconsistent with step sign: got start=${start}, end=${end}, step=${step}`,
    );
  }
  // int64 sizes in integer arithmetic; every other dtype in double from the arguments as given
  const n = Math.ceil(dtype === "int64" ? (xe - xs) / xst : (end - start) / step);
  if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER))
    throw new RangeError(`[arange] invalid size, possible overflow?: got ${n}`);
  checkAllocation("arange", dtype, n, [n]);
  let values: Float64Array;
  if (!isFloat) {
    values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = roundToDtype(xs + xst * i, dtype);
  } else if (dtype === "float64") {
    const at = (i: number) => fma64(xst, i, xs);
    values = vecFill(n, 4, at, at, (b, k) => fma64(k, xst, b));
  } else if (dtype === "float32") {
    const at = (i: number) => fr(fma64(xst, i, xs));
    values = vecFill(n, 8, at, at, (b, k) => fr(fma64(k, xst, b)));
  } else {
    const r = (x: number) => roundToDtype(x, dtype);
    const at = (i: number) => r(fma32(xst, i, xs));
    values = vecFill(n, 16, at, at, (b, k) => r(fma32(k, xst, b)));
  }
  return build("arange", values, [n], dtype, opts);
}

function checkSteps(op: string, steps: unknown): number {
  if (typeof steps !== "number" || !Number.isInteger(steps)) {
    throw new TypeError(`[${op}] steps must be an integer: got ${String(steps)}`);
  }
  if (steps < 0) throw new RangeError(`[${op}] number of steps must be non-negative: got ${steps}`);
  return steps;
}

/** The linspace kernel: first half from `start` upward, second half from `end` downward. */
function linspaceValues(start: number, end: number, steps: number, dtype: DType): Float64Array {
  const half = Math.floor(steps / 2);
  const V = lanes(dtype);
  const rest = (i: number) => steps - i - 1;
  if (dtype === "float64" || dtype === "float32") {
    const r = dtype === "float32" ? fr : (x: number) => x;
    const s = r(start);
    const e = r(end);
    const step = r(r(e - s) / (steps - 1));
    const at = (i: number) => r(i < half ? fma64(step, i, s) : fma64(-step, rest(i), e));
    return vecFill(steps, V, at, at, (b, k) => r(b + r(k * step)));
  }
  if (dtype === "float16" || dtype === "bfloat16") {
    // c10::Half / BFloat16 arithmetic rounds after every operation
    const r = (x: number) => roundToDtype(x, dtype);
    const s = r(start);
    const e = r(end);
    const step = r(r(e - s) / r(steps - 1));
    const at = (i: number) => (i < half ? r(s + r(step * r(i))) : r(e - r(step * r(rest(i)))));
    return vecFill(steps, V, at, at, (b, k) => r(b + r(r(k) * step)));
  }
  // integers: the step is a double; each value is truncated on store
  const s = roundToDtype(start, dtype);
  const e = roundToDtype(end, dtype);
  const step = (e - s) / (steps - 1);
  const t = (x: number) => roundToDtype(x, dtype);
  const at = (i: number) => t(i < half ? fma64(step, i, s) : fma64(-step, rest(i), e));
  return vecFill(steps, V, at, at, (b, k) => t(b + k * step));
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive (default float dtype).
 * @example torch.linspace(0, 1, 5) // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 */
export function linspace(start: number, end: number, steps: number, opts?: CreateOptions): Tensor {
  if (arguments.length > 4)
    throw new TypeError(`[linspace] takes (start, end, steps, options): got ${arguments.length} arguments`);
  checkNumber("linspace", "start", start);
  checkNumber("linspace", "end", end);
  checkSteps("linspace", steps);
  lastOptions("linspace", opts);
  const dtype = resolve("linspace", opts, getDefaultDtype());
  if (dtype === "bool") throw new TypeError(`[linspace] "linspace_cpu" not implemented for 'Bool'`);
  // PyTorch converts start and end to the dtype with its overflow check
  checkFits("linspace", dtype, start, true);
  checkFits("linspace", dtype, end, true);
  checkAllocation("linspace", dtype, steps, [steps]);
  const values = steps === 1 ? [start] : steps === 0 ? [] : linspaceValues(start, end, steps, dtype);
  return build("linspace", values, [steps], dtype, opts);
}

/**
 * `steps` values `base ** e` for `e` evenly spaced from `start` to `end` (default base 10).
 * @example torch.logspace(0, 2, 3) // tensor([  1.,  10., 100.])
 */
export function logspace(
  start: number,
  end: number,
  steps: number,
  base: number | CreateOptions = 10,
  opts?: CreateOptions,
): Tensor {
  if (arguments.length > 5)
    throw new TypeError(`[logspace] takes (start, end, steps, base, options): got ${arguments.length} arguments`);
  if (typeof base === "object" && base !== null && opts === undefined) [base, opts] = [10, base];
  checkNumber("logspace", "start", start);
  checkNumber("logspace", "end", end);
  const b0 = checkNumber("logspace", "base", base);
  checkSteps("logspace", steps);
  lastOptions("logspace", opts);
  const dtype = resolve("logspace", opts, getDefaultDtype());
  checkAllocation("logspace", dtype, steps, [steps]);
  if (dtype === "bool" || dtype === "float16") {
    throw new TypeError(`[logspace] "logspace_cpu" not implemented for '${dtype === "bool" ? "Bool" : "Half"}'`);
  }
  const values = new Float64Array(steps);
  if (steps === 1) values[0] = Math.pow(b0, start);
  else if (steps > 1) {
    const s = roundToDtype(start, dtype);
    const e = roundToDtype(end, dtype);
    const b = isFloatingPoint(dtype) ? b0 : fr(b0); // integer kernels take the base as float
    const step = (e - s) / (steps - 1);
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) {
      values[i] = Math.pow(b, i < half ? fma64(step, i, s) : fma64(-step, steps - i - 1, e));
    }
  }
  return build("logspace", values, [steps], dtype, opts);
}

/**
 * A 2-D tensor with ones on the diagonal: `n × n`, or `n × m`.
 * @example torch.eye(3); torch.eye(2, 3, { dtype: "bool" })
 */
export function eye(n: number, m?: number | CreateOptions, opts?: CreateOptions): Tensor {
  if (arguments.length > 3) throw new TypeError(`[eye] takes (n, m, options): got ${arguments.length} arguments`);
  if (typeof m === "object" && m !== null) {
    if (opts !== undefined) throw new TypeError(`[eye] m must be an integer: got ${describe(m)}`);
    opts = m;
    m = undefined;
  }
  lastOptions("eye", opts);
  const cols = m ?? n;
  for (const [name, v] of [
    ["n", n],
    ["m", cols],
  ] as const) {
    if (typeof v !== "number" || !Number.isInteger(v))
      throw new TypeError(`[eye] ${name} must be an integer: got ${String(v)}`);
    if (v < 0) throw new RangeError(`[eye] ${name} must be greater or equal to 0, got ${v}`);
  }
  const dtype = resolve("eye", opts, getDefaultDtype());
  checkAllocation("eye", dtype, n * cols, [n, cols as number]);
  const values = new Float64Array(n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) values[i * cols + i] = 1;
  return build("eye", values, [n, cols], dtype, opts);
}
