/**
 * Random tensors (`rand`, `randn`, `randint`, `randperm`, `normal`, `bernoulli`, the `*Like`
 * forms) and the in-place samplers (`normal_`, `uniform_`, `bernoulli_`), giving PyTorch's CPU
 * values for the same seed. Values come from `./random/samplers.ts`; this file owns shapes,
 * dtypes, options and the order in which elements are drawn.
 */
import { FunctionNode } from "../autograd/node.js";
import { isGradEnabled } from "../autograd/mode.js";
import type { View } from "../backend/backend.js";
import { activeBackend } from "../backend/registry.js";
import { checkOptions, describe, mergeKeys, optionKeys, type OptionKeys } from "../util/args.js";
import { CREATE_KEYS, checkCreateOptions, finish, splitSizeArgs, zerosLike, type CreateOptions } from "./creation.js";
import {
  allocArray,
  checkAllocation,
  getDefaultDtype,
  isFloatingPoint,
  roundToDtype,
  toDType,
  writeNumber,
  type DType,
  type FloatDType,
} from "./dtype.js";
import { installMethods } from "./methods.js";
import { Generator, defaultGenerator } from "./random/generator.js";
import { sampleBernoulli, sampleNormal, sampleRandint, sampleRandperm, sampleUniform } from "./random/samplers.js";
import { broadcastShapes, contiguousStrides, numel, parseShapeArgs, type Shape } from "./shape.js";
import { Tensor } from "./tensor.js";

/** Options of the random factories: creation options plus an explicit `generator`. */
export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

type SizeArgs = (number | readonly number[] | RandomOptions | undefined)[];

/** Option names of the random factories, and of the samplers that take only a generator. */
const RANDOM_KEYS = mergeKeys(CREATE_KEYS, ["generator"]);
const GEN_KEYS = optionKeys("generator");

const TORCH_NAME: Record<DType, string> = {
  bool: "Bool",
  uint8: "Byte",
  int8: "Char",
  int16: "Short",
  int32: "Int",
  int64: "Long",
  float16: "Half",
  bfloat16: "BFloat16",
  float32: "Float",
  float64: "Double",
};

/**
 * The generator to draw from; `opts` (when given) is checked against `keys` first. The in-place
 * samplers pass `null` (no key check) because `nn.init` forwards its own options object
 * (`mode`, `nonlinearity`, `generator`) to them.
 */
function gen(op: string, opts: { generator?: Generator } | undefined, keys: OptionKeys | null = GEN_KEYS): Generator {
  if (opts !== undefined && keys !== null) checkOptions(op, opts, keys);
  const g = opts?.generator ?? defaultGenerator;
  if (!(g instanceof Generator)) throw new TypeError(`[${op}] generator must be a torch.Generator: got ${describe(g)}`);
  return g;
}

/** The dtype of checked creation options (`opts` is checked here when given). */
function dtypeOf(op: string, opts: CreateOptions | undefined, fallback: DType): DType {
  checkCreateOptions(op, opts, RANDOM_KEYS);
  return opts?.dtype === undefined ? fallback : toDType(opts.dtype, op);
}

/** The element count of a sampled shape, refused before any scratch array is made for it. */
function count(op: string, dtype: DType, shape: Shape): number {
  const n = numel(shape);
  checkAllocation(op, dtype, n, shape);
  return n;
}

function floatOnly(op: string, dtype: DType, kernel: string): FloatDType {
  if (!isFloatingPoint(dtype)) {
    throw new TypeError(
      `[${op}] expected a floating point dtype: got ${dtype} ("${kernel}" not implemented for '${TORCH_NAME[dtype]}')`,
    );
  }
  return dtype;
}

/** A contiguous tensor holding already-rounded sample values. */
function fromSamples(values: Float64Array | BigInt64Array, shape: Shape, dtype: DType, opts?: CreateOptions): Tensor {
  let t: Tensor;
  if (values instanceof BigInt64Array) t = Tensor._fromArray(values, shape, "int64");
  else {
    const arr = allocArray(dtype, values.length);
    for (let i = 0; i < values.length; i++) writeNumber(arr, dtype, i, values[i]!);
    t = Tensor._fromArray(arr, shape, dtype);
  }
  return finish(t, opts, "random");
}

/**
 * Uniform samples in [0, 1).
 * @example torch.manualSeed(1729); torch.rand(2, 3)
 */
export function rand(...args: SizeArgs): Tensor {
  const { shape, opts } = splitSizeArgs("rand", args as never, RANDOM_KEYS);
  const o = opts as RandomOptions | undefined;
  const dtype = floatOnly("rand", dtypeOf("rand", o, getDefaultDtype()), "check_uniform_bounds");
  return fromSamples(
    sampleUniform(count("rand", dtype, shape), dtype, 0, 1, gen("rand", o, RANDOM_KEYS)),
    shape,
    dtype,
    o,
  );
}

/**
 * Standard normal samples.
 * @example torch.manualSeed(42); torch.randn(2, 3)
 */
export function randn(...args: SizeArgs): Tensor {
  const { shape, opts } = splitSizeArgs("randn", args as never, RANDOM_KEYS);
  const o = opts as RandomOptions | undefined;
  const dtype = floatOnly("randn", dtypeOf("randn", o, getDefaultDtype()), "normal_kernel_cpu");
  const n = count("randn", dtype, shape);
  return fromSamples(sampleNormal(n, dtype, 0, 1, gen("randn", o, RANDOM_KEYS), true), shape, dtype, o);
}

/**
 * Random integers in [low, high) (int64 unless `dtype` says otherwise): `randint(high, size)`
 * or `randint(low, high, size)`.
 * @example torch.randint(10, [3]); torch.randint(-5, 5, [2, 2], { dtype: "int32" })
 */
export function randint(high: number | bigint, size: readonly number[], opts?: RandomOptions): Tensor;
export function randint(
  low: number | bigint,
  high: number | bigint,
  size: readonly number[],
  opts?: RandomOptions,
): Tensor;
export function randint(...args: unknown[]): Tensor {
  let low: number | bigint = 0;
  let high: unknown;
  let size: unknown;
  let opts: RandomOptions | undefined;
  const short = Array.isArray(args[1]);
  if (args.length > (short ? 3 : 4)) {
    throw new TypeError(
      `[randint] takes (high, size, options) or (low, high, size, options): got ${args.length} arguments`,
    );
  }
  if (short) [high, size, opts] = args as [number, number[], RandomOptions?];
  else [low, high, size, opts] = args as [number, number, number[], RandomOptions?];
  if (!Array.isArray(size)) throw new TypeError(`[randint] size must be an array of sizes: got ${describe(size)}`);
  const shape = parseShapeArgs("randint", [size]);
  const dtype = dtypeOf("randint", opts, "int64");
  const n = count("randint", dtype, shape);
  const values = sampleRandint(n, dtype, low, high as number, gen("randint", opts, RANDOM_KEYS));
  return fromSamples(values, shape, dtype, opts);
}

/**
 * A random permutation of 0..n-1 (int64 unless `dtype` says otherwise).
 * @example torch.manualSeed(0); torch.randperm(10)
 */
export function randperm(n: number, opts?: RandomOptions): Tensor {
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new TypeError(`[randperm] n must be an integer: got ${describe(n)}`);
  }
  if (n < 0) throw new RangeError(`[randperm] n must be non-negative: got ${n}`);
  if (arguments.length > 2) throw new TypeError(`[randperm] takes (n, options): got ${arguments.length} arguments`);
  const dtype = dtypeOf("randperm", opts, "int64");
  checkAllocation("randperm", dtype, n, [n]);
  if (dtype === "bool") throw new TypeError(`[randperm] "randperm" not implemented for 'Bool'`);
  if (
    isFloatingPoint(dtype) &&
    n > 2 ** (dtype === "float16" ? 11 : dtype === "bfloat16" ? 8 : dtype === "float32" ? 24 : 53) + 1
  ) {
    throw new RangeError(`[randperm] n is too large for result tensor type: '${TORCH_NAME[dtype]}'`);
  }
  return fromSamples(sampleRandperm(n, gen("randperm", opts, RANDOM_KEYS)), [n], dtype, opts);
}

function likeOpts<T extends CreateOptions>(op: string, t: Tensor, opts: T | undefined, nargs: number, max: number): T {
  if (!(t instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${describe(t)}`);
  if (nargs > max) throw new TypeError(`[${op}] takes at most ${max} arguments: got ${nargs}`);
  checkCreateOptions(op, opts, RANDOM_KEYS);
  return { ...opts, dtype: opts?.dtype ?? t.dtype, device: opts?.device ?? t.device } as T;
}

/** Uniform [0, 1) samples shaped like `t` (its dtype unless given). @example torch.randLike(x) */
export function randLike(t: Tensor, opts?: RandomOptions): Tensor {
  const o = likeOpts("randLike", t, opts, arguments.length, 2);
  return rand([...t.shape], o);
}

/** Standard normal samples shaped like `t`. @example torch.randnLike(x) */
export function randnLike(t: Tensor, opts?: RandomOptions): Tensor {
  const o = likeOpts("randnLike", t, opts, arguments.length, 2);
  return randn([...t.shape], o);
}

/**
 * Random integers in [low, high) shaped like `t`: `randintLike(t, high)` or `randintLike(t, low, high)`.
 * @example torch.randintLike(x, 10)
 */
export function randintLike(t: Tensor, lowOrHigh: number, high?: number | RandomOptions, opts?: RandomOptions): Tensor {
  if (typeof high === "object") [opts, high] = [high, undefined];
  const o = likeOpts("randintLike", t, opts, arguments.length, 4);
  return high === undefined ? randint(lowOrHigh, [...t.shape], o) : randint(lowOrHigh, high, [...t.shape], o);
}

/** Values of `t` broadcast to `shape`, row-major. */
function valuesAt(t: Tensor, shape: Shape): Float64Array {
  const lead = shape.length - t.dim();
  const strides = shape.map((s, i) => (i < lead || (t.shape[i - lead] === 1 && s !== 1) ? 0 : t._strides[i - lead]!));
  return new Tensor(t.storage, shape, strides, t._offset, t.dtype)._values();
}

/** Gradient-free dependence on random inputs, as PyTorch records it (zeros flow back). */
function recordZeroGrad(name: string, out: Tensor, inputs: (Tensor | null)[]): Tensor {
  if (!isGradEnabled() || !inputs.some((t) => t?.requiresGrad)) return out;
  const next = inputs.map((t) => (t?.requiresGrad ? t._gradEdge() : null));
  out.gradFn = new FunctionNode(name, next, () => inputs.map((t) => (t?.requiresGrad ? zerosLike(t) : null)), []);
  return out;
}

function checkStd(values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!(values[i]! >= 0))
      throw new RangeError(`[normal] normal expects all elements of std >= 0.0: got ${values[i]}`);
  }
}

/**
 * Normal samples with the given mean and std: `normal(meanTensor, stdTensor)`,
 * `normal(meanTensor, std = 1)`, `normal(mean, stdTensor)`, or `normal(mean, std, size)`.
 * @example torch.normal(torch.zeros(3), 2); torch.normal(0, 1, [2, 2])
 */
export function normal(
  mean: Tensor | number,
  std: Tensor | number = 1,
  size?: readonly number[] | RandomOptions,
  opts?: RandomOptions,
): Tensor {
  if (size !== undefined && !Array.isArray(size)) [opts, size] = [size as RandomOptions, undefined];
  if (arguments.length > 4)
    throw new TypeError(`[normal] takes (mean, std, size, options): got ${arguments.length} arguments`);
  for (const [name, v] of [
    ["mean", mean],
    ["std", std],
  ] as const) {
    if (!(v instanceof Tensor) && typeof v !== "number")
      throw new TypeError(`[normal] ${name} must be a Tensor or a number: got ${describe(v)}`);
  }
  if (!(mean instanceof Tensor) && !(std instanceof Tensor)) {
    const g = gen("normal", opts, RANDOM_KEYS);
    if (size === undefined) throw new TypeError("[normal] with number mean and std, a size is required: got none");
    const shape = parseShapeArgs("normal", [size]);
    const dtype = floatOnly("normal", dtypeOf("normal", opts, getDefaultDtype()), "normal_kernel_cpu");
    if (!(std >= 0)) throw new RangeError(`[normal] normal expects std >= 0.0, but found std ${std}`);
    return fromSamples(sampleNormal(count("normal", dtype, shape), dtype, mean, std, g, true), shape, dtype, opts);
  }
  if (size !== undefined) {
    throw new TypeError("[normal] size is only taken with number mean and std: the tensors' shape decides");
  }
  const g = gen("normal", opts);
  const shape =
    mean instanceof Tensor && std instanceof Tensor
      ? broadcastShapes("normal", mean.shape, std.shape)
      : (mean instanceof Tensor ? mean : (std as Tensor)).shape;
  const dtype = floatOnly("normal", mean instanceof Tensor ? mean.dtype : (std as Tensor).dtype, "normal_kernel_cpu");
  const r = (x: number) => roundToDtype(x, dtype);
  const n = numel(shape);
  const out = new Float64Array(n);
  let name: string;
  if (!(std instanceof Tensor)) {
    // normal_(0, std) then add_(mean)
    if (!(std >= 0)) throw new RangeError(`[normal] normal expects std >= 0.0, but found std ${std}`);
    const z = sampleNormal(n, dtype, 0, std, g, true);
    const m = valuesAt(mean as Tensor, shape);
    for (let i = 0; i < n; i++) out[i] = r(z[i]! + m[i]!);
    name = "NormalBackward1";
  } else {
    // normal_(0, 1) then mul_(std).add_(mean)
    const s = valuesAt(std, shape);
    checkStd(s);
    const z = sampleNormal(n, dtype, 0, 1, g, true);
    const m = mean instanceof Tensor ? valuesAt(mean, shape) : null;
    const mv = mean instanceof Tensor ? 0 : mean;
    for (let i = 0; i < n; i++) out[i] = r(r(z[i]! * s[i]!) + (m ? m[i]! : mv));
    name = mean instanceof Tensor ? "NormalBackward3" : "NormalBackward2";
  }
  const t = fromSamples(out, shape, dtype);
  return recordZeroGrad(name, t, [mean instanceof Tensor ? mean : null, std instanceof Tensor ? std : null]);
}

function probsOf(op: string, p: Tensor): "float32" | "float64" {
  if (p.dtype !== "float32" && p.dtype !== "float64") {
    throw new TypeError(
      `[${op}] probabilities must be float32 or float64: got ${p.dtype} ("bernoulli_tensor_cpu_p_" not implemented for '${TORCH_NAME[p.dtype]}')`,
    );
  }
  return p.dtype;
}

/**
 * 0/1 samples with probabilities `input` (same shape and dtype), or with probability `p` for
 * every element when given.
 * @example torch.bernoulli(torch.full([3], 0.5)); torch.bernoulli(x, 0.3)
 */
export function bernoulli(input: Tensor, p?: number | RandomOptions, opts?: RandomOptions): Tensor {
  if (typeof p === "object") [opts, p] = [p, undefined];
  if (!(input instanceof Tensor)) throw new TypeError(`[bernoulli] expected a Tensor: got ${describe(input)}`);
  if (p !== undefined && typeof p !== "number")
    throw new TypeError(`[bernoulli] p must be a number: got ${describe(p)}`);
  const g = gen("bernoulli", opts);
  const n = input.numel();
  const values =
    p === undefined ? sampleBernoulli(n, input._values(), g, probsOf("bernoulli", input)) : sampleBernoulli(n, p, g);
  const out = fromSamples(values, input.shape, input.dtype);
  return recordZeroGrad("BernoulliBackward0", out, [input]);
}

// ---- in-place samplers ----------------------------------------------------------------------

/**
 * `t`'s dims in the order PyTorch's TensorIterator walks a written tensor: by stride, largest
 * outermost (a transposed tensor is filled in memory order).
 */
function iterationOrder(t: Tensor): number[] {
  const dims = t.shape.map((_, i) => i);
  return dims.sort((a, b) => t._strides[b]! - t._strides[a]! || a - b);
}

/** Writes samples drawn in iteration order into `self`, records a zero-gradient node, bumps the version. */
function fillInPlace(
  op: string,
  self: Tensor,
  draw: (n: number, order: number[]) => Float64Array,
  gradName: string,
  pInput: Tensor | null = null,
): Tensor {
  if (isGradEnabled() && self.isLeaf && self.requiresGrad) {
    throw new Error(
      `[${op}] a leaf Variable that requires grad is being used in an in-place operation: wrap it in torch.noGrad(() => ...)`,
    );
  }
  const order = iterationOrder(self);
  const shape = order.map((d) => self.shape[d]!);
  const dst: View = { ...self._v, shape, strides: order.map((d) => self._strides[d]!) };
  const values = draw(self.numel(), order);
  const src = fromSamples(values, shape, self.dtype);
  activeBackend().copy(src._v, dst);
  self._bumpVersion();
  if (isGradEnabled() && (self.requiresGrad || pInput?.requiresGrad)) {
    const prev = self._gradEdge();
    const pe = pInput?.requiresGrad ? pInput._gradEdge() : null;
    self.gradFn = new FunctionNode(
      gradName,
      pInput ? [prev, pe] : [prev],
      (g) => [zerosLike(g), ...(pInput ? [pInput.requiresGrad ? zerosLike(pInput) : null] : [])],
      [],
    );
  }
  return self;
}

declare module "./tensor.js" {
  interface Tensor {
    /** Fills with normal samples in place. @example torch.empty(5, 5).normal_(0, 0.1) */
    normal_(mean?: number, std?: number, opts?: { generator?: Generator }): Tensor;
    /** Fills with uniform samples in [from, to) in place. @example torch.empty(3).uniform_(-1, 1) */
    uniform_(from?: number, to?: number, opts?: { generator?: Generator }): Tensor;
    /** Fills with 0/1 samples of probability `p` (a number or a tensor) in place. @example torch.empty(4).bernoulli_(0.3) */
    bernoulli_(p?: number | Tensor, opts?: { generator?: Generator }): Tensor;
    /** Bernoulli samples with probabilities `this`. @example probs.bernoulli() // fragment */
    bernoulli(p?: number | RandomOptions, opts?: RandomOptions): Tensor;
  }
}

installMethods({
  normal_(mean = 0, std = 1, opts?: { generator?: Generator }) {
    const dtype = floatOnly("normal_", this.dtype, "normal_kernel_cpu");
    if (!(std >= 0)) throw new RangeError(`[normal_] normal expects std >= 0.0, but found std ${std}`);
    const g = gen("normal_", opts, null);
    return fillInPlace(
      "normal_",
      this,
      (n) => sampleNormal(n, dtype, mean, std, g, this.isContiguous()),
      "NormalBackward0",
    );
  },
  uniform_(from = 0, to = 1, opts?: { generator?: Generator }) {
    const dtype = floatOnly("uniform_", this.dtype, "check_uniform_bounds");
    if (!(from <= to))
      throw new RangeError(
        `[uniform_] uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`,
      );
    const g = gen("uniform_", opts, null);
    return fillInPlace("uniform_", this, (n) => sampleUniform(n, dtype, from, to, g), "UniformBackward0");
  },
  bernoulli_(p: number | Tensor = 0.5, opts?: { generator?: Generator }) {
    const g = gen("bernoulli_", opts, null);
    if (!(p instanceof Tensor))
      return fillInPlace("bernoulli_", this, (n) => sampleBernoulli(n, p, g), "BernoulliBackward2");
    const pd = probsOf("bernoulli_", p);
    const shape = broadcastShapes("bernoulli_", this.shape, p.shape);
    if (shape.length !== this.dim() || shape.some((s, i) => s !== this.shape[i])) {
      throw new RangeError(
        `[bernoulli_] p of shape [${p.shape.join(", ")}] cannot expand to self's shape [${this.shape.join(", ")}]`,
      );
    }
    return fillInPlace(
      "bernoulli_",
      this,
      (n, order) => {
        // probabilities walked in the same (memory) order as self
        const pv = valuesAt(p, this.shape);
        const strides = contiguousStrides(this.shape);
        const ordered = new Float64Array(n);
        const idx = new Array<number>(order.length).fill(0);
        for (let i = 0; i < n; i++) {
          let flat = 0;
          for (let k = 0; k < order.length; k++) flat += idx[k]! * strides[order[k]!]!;
          ordered[i] = pv[flat]!;
          for (let k = order.length - 1; k >= 0; k--) {
            if (++idx[k]! < this.shape[order[k]!]!) break;
            idx[k] = 0;
          }
        }
        return sampleBernoulli(n, ordered, g, pd);
      },
      "BernoulliBackward1",
      p,
    );
  },
  bernoulli(p?: number | RandomOptions, opts?: RandomOptions) {
    return bernoulli(this, p, opts);
  },
});
