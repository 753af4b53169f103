/** Creating tensors from JS data and filled with constants. */
import { activeBackend } from "../backend/registry.js";
import { checkBool, checkOptions, describe, optionKeys, type OptionKeys } from "../util/args.js";
import { checkDevice, type DeviceLike } from "./device.js";
import {
  allocArray,
  checkFits,
  dtypeOfScalar,
  isIntegral,
  getDefaultDtype,
  toDType,
  writeNumber,
  type DType,
  type StorageArray,
} from "./dtype.js";
import { parseShapeArgs, type Shape } from "./shape.js";
import { Tensor } from "./tensor.js";
import { isTypedArray, typedArrayDtype } from "./typed-array.js";
import { installMethods } from "./methods.js";

/** Options every creation function accepts. `dtype` also takes PyTorch's aliases ("float", "long"). */
export interface CreateOptions {
  dtype?: DType | string;
  requiresGrad?: boolean;
  device?: DeviceLike;
}

/** The keys of `CreateOptions`, for `checkCreateOptions`. */
export const CREATE_KEYS: OptionKeys = optionKeys("dtype", "requiresGrad", "device");

/**
 * Checks a creation function's options object (only when one is given): known keys, a dtype
 * name, a boolean `requiresGrad`, an accepted device.
 */
export function checkCreateOptions(op: string, opts: unknown, keys: OptionKeys = CREATE_KEYS): void {
  if (opts === undefined) return;
  checkOptions(op, opts, keys);
  const o = opts as CreateOptions;
  if (o.dtype !== undefined && typeof o.dtype !== "string") {
    throw new TypeError(`[${op}] dtype must be a dtype name: got ${describe(o.dtype)}`);
  }
  if (o.requiresGrad !== undefined) checkBool(op, "requiresGrad", o.requiresGrad);
  if (o.device !== undefined) checkDevice(op, o.device);
}

/** Nested JS arrays of numbers, booleans or bigints, as accepted by `tensor()`. */
export type TensorData = number | boolean | bigint | Tensor | ArrayLike<number> | BigInt64Array | readonly TensorData[];

type Elem = number | boolean | bigint;

/** Walks nested arrays: the shape and the flat elements, with PyTorch's ragged-list error. */
function flatten(data: unknown): { shape: number[]; flat: Elem[] } {
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe) || isTypedArray(probe)) {
    const arr = probe as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0) break;
    probe = arr[0];
  }
  const flat: Elem[] = [];
  const walk = (x: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (x instanceof Tensor) {
        if (x.numel() !== 1)
          throw new TypeError(
            `[tensor] only one-element tensors can be converted to scalars: got shape [${x.shape.join(", ")}]`,
          );
        flat.push(x.item());
        return;
      }
      if (typeof x !== "number" && typeof x !== "boolean" && typeof x !== "bigint") {
        throw new TypeError(
          `[tensor] could not infer dtype of ${Array.isArray(x) ? "a nested array" : typeof x}: elements must be numbers, booleans or bigints at depth ${dim}`,
        );
      }
      flat.push(x);
      return;
    }
    const isSeq = Array.isArray(x) || isTypedArray(x);
    if (!isSeq)
      throw new TypeError(
        `[tensor] expected a sequence at dim ${dim}: got ${typeof x} (nested arrays must be rectangular)`,
      );
    const arr = x as ArrayLike<unknown>;
    if (arr.length !== shape[dim]) {
      throw new RangeError(`[tensor] expected sequence of length ${shape[dim]} at dim ${dim} (got ${arr.length})`);
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], dim + 1);
  };
  walk(data, 0);
  return { shape, flat };
}

function inferDtype(flat: readonly Elem[]): DType {
  let sawBool = false;
  let sawInt = false;
  for (const v of flat) {
    if (typeof v === "boolean") sawBool = true;
    else if (typeof v === "bigint") sawInt = true;
    else if (!Number.isInteger(v) || Math.abs(v) >= 2 ** 63)
      return getDefaultDtype(); // 1e39 is a float
    else sawInt = true;
  }
  if (sawInt) return "int64";
  return sawBool ? "bool" : getDefaultDtype(); // [] is float32, as in PyTorch
}

/**
 * Puts a freshly created CPU tensor on the device `opts` names (values are made on the CPU, with
 * the seeded generator for random ones, then uploaded: results match the CPU's), then applies
 * `requiresGrad`.
 */
export function finish(t: Tensor, opts: CreateOptions | undefined, op = "tensor"): Tensor {
  if (opts?.device !== undefined && checkDevice(op, opts.device) === "webgpu") t = t._upload(op);
  if (opts?.requiresGrad) t.requiresGrad_(true);
  return t;
}

/** "webgpu" when `opts` puts the tensor there (allocate there directly), else null. */
function deviceOf(op: string, opts: CreateOptions | undefined): "webgpu" | null {
  return opts?.device !== undefined && checkDevice(op, opts.device) === "webgpu" ? "webgpu" : null;
}

function resolveDtype(opts: CreateOptions | undefined, op: string): DType | undefined {
  return opts?.dtype === undefined ? undefined : toDType(opts.dtype, op);
}

/**
 * Creates a tensor from nested arrays, a typed array, a number or a tensor (copied).
 *
 * dtype is inferred as PyTorch does: all booleans → bool, all integers → int64, any fraction,
 * NaN or Infinity → the default float dtype. JS cannot tell `1.0` from `1`, so write
 * `{ dtype: "float32" }` for float data that happens to be whole numbers; when
 * `requiresGrad: true` is given without a dtype, whole numbers become float32 too.
 *
 * @example
 * torch.tensor([[1, 2], [3, 4]])               // int64
 * torch.tensor([0.5, 1])                        // float32
 * torch.tensor([1, 2], { dtype: torch.float })  // float32
 * torch.tensor(3.5)                             // 0-d: tensor(3.5000)
 */
export function tensor(data: TensorData, opts?: CreateOptions, ...rest: unknown[]): Tensor {
  if (rest.length > 0) throw new TypeError(`[tensor] takes (data, options): got ${2 + rest.length} arguments`);
  checkCreateOptions("tensor", opts);
  const dtypeOpt = resolveDtype(opts, "tensor");
  if (data instanceof Tensor) {
    const out = Tensor._empty(data.shape, dtypeOpt ?? data.dtype, "tensor");
    activeBackend().copy(data._v, out._v);
    return finish(out, opts);
  }
  if (isTypedArray(data) && !(data instanceof Uint16Array) && !(data instanceof Uint32Array)) {
    const src = data as StorageArray;
    const own = typedArrayDtype(src);
    const dtype = dtypeOpt ?? own;
    const a = Tensor._fromArray(src.slice() as StorageArray, [src.length], own);
    if (dtype === own) return finish(a, opts);
    const out = Tensor._empty([src.length], dtype, "tensor");
    activeBackend().copy(a._v, out._v);
    return finish(out, opts);
  }
  const { shape, flat } = flatten(data);
  let dtype = dtypeOpt ?? inferDtype(flat);
  if (dtypeOpt === undefined && opts?.requiresGrad && dtype !== "float64") dtype = getDefaultDtype();
  const arr = allocArray(dtype, flat.length, "tensor", shape);
  // Creating an integer tensor from a value that does not fit raises, as PyTorch does (casts wrap).
  const check = isIntegral(dtype);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    if (check) checkFits("tensor", dtype, v);
    if (typeof v === "bigint" && dtype === "int64") (arr as BigInt64Array)[i] = BigInt.asIntN(64, v);
    else writeNumber(arr, dtype, i, typeof v === "boolean" ? (v ? 1 : 0) : Number(v));
  }
  return finish(Tensor._fromArray(arr, shape, dtype), opts);
}

type SizeArgs = (number | readonly number[] | CreateOptions | undefined)[];

/**
 * Splits `f(2, 3, opts)` / `f([2, 3], opts)` into a shape and checked options (`keys`: the
 * callee's accepted option names).
 */
export function splitSizeArgs(
  op: string,
  args: SizeArgs,
  keys: OptionKeys = CREATE_KEYS,
): { shape: number[]; opts: CreateOptions | undefined } {
  let opts: CreateOptions | undefined;
  const last = args[args.length - 1];
  if (last !== undefined && typeof last === "object" && !Array.isArray(last)) {
    checkCreateOptions(op, last, keys);
    opts = last as CreateOptions;
    args = args.slice(0, -1);
  }
  if (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1);
  if (args.length > 1 && args.some((a) => Array.isArray(a))) {
    throw new TypeError(
      `[${op}] size must be one array or separate integers: got ${args.map((a) => describe(a)).join(", ")}`,
    );
  }
  return { shape: parseShapeArgs(op, args), opts };
}

/** A filled tensor of a shape (the shared body of zeros/ones/full/empty). */
function filled(
  op: string,
  shape: Shape,
  value: number | boolean | bigint,
  opts: CreateOptions | undefined,
  fallback?: DType,
): Tensor {
  const dtype = resolveDtype(opts, op) ?? fallback ?? getDefaultDtype();
  checkFits(op, dtype, value, true); // PyTorch checks fill values, floats included
  const t = Tensor._empty(shape, dtype, op, deviceOf(op, opts));
  if (value !== 0 && value !== false) activeBackend().fill(t._v, typeof value === "boolean" ? (value ? 1 : 0) : value);
  if (opts?.requiresGrad) t.requiresGrad_(true);
  return t;
}

/**
 * A tensor of zeros. Sizes as varargs or one array; options last.
 * @example torch.zeros(2, 3); torch.zeros([2, 3], { dtype: "int32" })
 */
export function zeros(...args: SizeArgs): Tensor {
  const { shape, opts } = splitSizeArgs("zeros", args);
  return filled("zeros", shape, 0, opts);
}

/**
 * A tensor of ones.
 * @example torch.ones(2, 2)
 */
export function ones(...args: SizeArgs): Tensor {
  const { shape, opts } = splitSizeArgs("ones", args);
  return filled("ones", shape, 1, opts);
}

/**
 * An uninitialised tensor (antorcha zero-fills it: JS memory always is).
 * @example torch.empty(3)
 */
export function empty(...args: SizeArgs): Tensor {
  const { shape, opts } = splitSizeArgs("empty", args);
  return filled("empty", shape, 0, opts);
}

/**
 * A tensor filled with `value`; dtype inferred from the value like PyTorch (bool, int64, float).
 * @example torch.full([2, 2], 7) // int64
 */
export function full(size: readonly number[], value: number | boolean | bigint, opts?: CreateOptions): Tensor {
  if (arguments.length > 3)
    throw new TypeError(`[full] takes (size, fillValue, options): got ${arguments.length} arguments`);
  if (!Array.isArray(size)) throw new TypeError(`[full] size must be an array of integers: got ${describe(size)}`);
  checkScalar("full", "fillValue", value);
  checkCreateOptions("full", opts);
  const shape = parseShapeArgs("full", [size]);
  return filled("full", shape, value, opts, dtypeOfScalar(value));
}

function likeOpts(op: string, t: Tensor, opts: CreateOptions | undefined, nargs: number, max: number): CreateOptions {
  if (nargs > max) throw new TypeError(`[${op}] takes at most ${max} arguments: got ${nargs}`);
  checkCreateOptions(op, opts);
  return { ...opts, dtype: opts?.dtype ?? t.dtype, device: opts?.device ?? t.device };
}

function checkScalar(op: string, name: string, v: unknown): void {
  if (typeof v !== "number" && typeof v !== "boolean" && typeof v !== "bigint") {
    throw new TypeError(`[${op}] ${name} must be a number, a boolean or a bigint: got ${describe(v)}`);
  }
}

function checkTensor(op: string, t: unknown): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${describe(t)}`);
}

/** Zeros with the shape and dtype of `t`. @example torch.zerosLike(x) */
export function zerosLike(t: Tensor, opts?: CreateOptions): Tensor {
  checkTensor("zerosLike", t);
  return filled("zerosLike", t.shape, 0, likeOpts("zerosLike", t, opts, arguments.length, 2));
}

/** Ones with the shape and dtype of `t`. @example torch.onesLike(x) */
export function onesLike(t: Tensor, opts?: CreateOptions): Tensor {
  checkTensor("onesLike", t);
  return filled("onesLike", t.shape, 1, likeOpts("onesLike", t, opts, arguments.length, 2));
}

/** An uninitialised (zero-filled) tensor shaped like `t`. @example torch.emptyLike(x) */
export function emptyLike(t: Tensor, opts?: CreateOptions): Tensor {
  checkTensor("emptyLike", t);
  return filled("emptyLike", t.shape, 0, likeOpts("emptyLike", t, opts, arguments.length, 2));
}

/** `value` everywhere, shaped like `t` (dtype of `t` unless given). @example torch.fullLike(x, 0.5) */
export function fullLike(t: Tensor, value: number | boolean | bigint, opts?: CreateOptions): Tensor {
  checkTensor("fullLike", t);
  checkScalar("fullLike", "fillValue", value);
  return filled("fullLike", t.shape, value, likeOpts("fullLike", t, opts, arguments.length, 3));
}

// `x.newZeros(…)` & co.: PyTorch's `new_*` factories, dtype (and device) of `x` unless given.
function newOpts(x: Tensor, opts: CreateOptions | undefined): CreateOptions {
  return { ...opts, dtype: opts?.dtype ?? x.dtype, device: opts?.device ?? x.device };
}

installMethods({
  newTensor(this: Tensor, data: TensorData, opts?: CreateOptions) {
    if (arguments.length > 2)
      throw new TypeError(`[newTensor] takes (data, options): got ${arguments.length} arguments`);
    checkCreateOptions("newTensor", opts);
    return tensor(data, newOpts(this, opts));
  },
  newZeros(this: Tensor, ...args: SizeArgs) {
    const { shape, opts } = splitSizeArgs("newZeros", args);
    return filled("newZeros", shape, 0, newOpts(this, opts));
  },
  newOnes(this: Tensor, ...args: SizeArgs) {
    const { shape, opts } = splitSizeArgs("newOnes", args);
    return filled("newOnes", shape, 1, newOpts(this, opts));
  },
  newEmpty(this: Tensor, ...args: SizeArgs) {
    const { shape, opts } = splitSizeArgs("newEmpty", args);
    return filled("newEmpty", shape, 0, newOpts(this, opts));
  },
  newFull(this: Tensor, size: readonly number[], value: number | boolean | bigint, opts?: CreateOptions) {
    if (arguments.length > 3)
      throw new TypeError(`[newFull] takes (size, fillValue, options): got ${arguments.length} arguments`);
    if (!Array.isArray(size)) throw new TypeError(`[newFull] size must be an array of integers: got ${describe(size)}`);
    checkScalar("newFull", "fillValue", value);
    checkCreateOptions("newFull", opts);
    return filled("newFull", parseShapeArgs("newFull", [size]), value, newOpts(this, opts));
  },
});

declare module "./tensor.js" {
  interface Tensor {
    /**
     * A new tensor copied from `data`, with this tensor's dtype and device unless given (PyTorch's
     * `new_tensor`: a whole-number cast for integer dtypes). @example x.newTensor([1, 2])
     */
    newTensor(data: TensorData, opts?: CreateOptions): Tensor;
    /** Zeros of a size, with this tensor's dtype and device unless given. @example x.newZeros(2, 3) */
    newZeros(...size: SizeArgs): Tensor;
    /** Ones of a size, with this tensor's dtype and device unless given. @example x.newOnes([2]) */
    newOnes(...size: SizeArgs): Tensor;
    /** An uninitialised (zero-filled) tensor of a size, this tensor's dtype and device. @example x.newEmpty(4) */
    newEmpty(...size: SizeArgs): Tensor;
    /** `value` everywhere, with this tensor's dtype and device unless given. @example x.newFull([2, 2], 7) */
    newFull(size: readonly number[], value: number | boolean | bigint, opts?: CreateOptions): Tensor;
  }
}
