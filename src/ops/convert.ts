/**
 * dtype conversion: `to`, `type`, and the shorthands (`float()`, `long()`, …). Casts follow
 * PyTorch on x86: float→int truncates toward zero, values outside int32 (and NaN/±inf) become
 * INT_MIN before narrowing to 8/16 bits, float→bool is `x != 0` (NaN → true), integers wrap.
 * Casts between float dtypes are differentiable (`ToCopyBackward0`).
 */
import { isGradEnabled } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import { checkArity, checkBool, checkOptions, describe, isPlainObject, optionKeys, suggestKey } from "../util/args.js";
import { checkDevice, DEVICES, DEVICE_TYPES, isDevice, isDTypeName, type DeviceLike } from "../tensor/device.js";
import { DTYPES, toDType, TORCH_TYPE_NAMES, type DType } from "../tensor/dtype.js";
import { installMethods } from "../tensor/methods.js";
import { Tensor } from "../tensor/tensor.js";
import { castTo, empty, record } from "./define.js";
import { defineOp } from "./registry.js";

/** `torch.FloatTensor`-style names, as `type()` returns them. */
const TYPE_NAMES = Object.fromEntries(
  Object.entries(TORCH_TYPE_NAMES).map(([d, n]) => [d, `torch.${n}Tensor`]),
) as Record<DType, string>;
const TYPE_BY_NAME = new Map(Object.entries(TYPE_NAMES).map(([d, n]) => [n, d as DType]));

/** Options of `to` (PyTorch's keywords): target dtype and device, and whether to copy when nothing changes. */
export interface ToOptions {
  dtype?: DType | string;
  device?: DeviceLike;
  /** Return a new tensor even when neither dtype nor device changes. */
  copy?: boolean;
  /** Accepted as in PyTorch; a CPU-to-CPU conversion is always synchronous. */
  nonBlocking?: boolean;
}

const TO_KEYS = optionKeys("dtype", "device", "copy", "nonBlocking");
// What a mistyped positional `to` target may have meant: a dtype or a device type.
const TO_WORDS: readonly string[] = [...DTYPES, ...DEVICE_TYPES];

/** What `to` accepts in one positional slot: a dtype, a device, or a tensor lending its dtype. */
type ToTarget = DType | DeviceLike | Tensor;

function checkTensor(op: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${describe(x)}`);
}

/**
 * `x` on another device: an upload to webgpu (then the cast, on the GPU). Reading back is async,
 * so webgpu → cpu is `await t.toAsync("cpu")`. Moving a tensor that requires grad would need a
 * synchronous read of its gradient: create it on the device instead (or move the module).
 */
function moveTo(x: Tensor, device: "cpu" | "webgpu", dtype: DType | undefined): Tensor {
  if (device === "cpu") x._onDevice("to", 'await t.toAsync("cpu")');
  if (x.requiresGrad && isGradEnabled()) {
    throw new Error(
      `[to] moving a tensor that requires grad from cpu to webgpu is not differentiable yet: got requiresGrad=true, expected a tensor created on webgpu ({ device: "webgpu", requiresGrad: true }), moved under torch.noGrad, or a module moved with module.to("webgpu")`,
    );
  }
  const y = x._upload("to");
  return dtype === undefined || dtype === x.dtype ? y : castTo(y, dtype);
}

/** A copy in the same dtype, recorded as PyTorch's `to(copy=True)` is (`ToCopyBackward0`). */
function copyOf(x: Tensor): Tensor {
  const out = empty(x.shape, x.dtype, "to", x);
  activeBackend().copy(x._v, out._v);
  return record("ToCopyBackward0", out, [x], (g) => [g]);
}

function setDtype(op: string, cur: DType | undefined, d: unknown, given: boolean): DType {
  if (given) throw new TypeError(`[${op}] dtype given twice: got ${describe(d)} after ${cur ?? "a tensor's dtype"}`);
  if (typeof d !== "string") throw new TypeError(`[${op}] dtype must be a dtype name: got ${describe(d)}`);
  return toDType(d, op);
}

/**
 * PyTorch's three signatures, each with a final options object: `to(dtype)`, `to(device,
 * dtype?)`, `to(tensor)`; or the options object alone.
 */
function parseTo(op: string, args: readonly unknown[]): { dtype?: DType; copy: boolean; device?: "cpu" | "webgpu" } {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  let opts: ToOptions | undefined;
  if (n > 0 && isPlainObject(args[n - 1])) {
    opts = args[n - 1] as ToOptions;
    checkOptions(op, opts, TO_KEYS);
    n--;
  }
  let dtype: DType | undefined;
  let dtypeGiven = false;
  let deviceGiven = false;
  let device: "cpu" | "webgpu" | undefined;
  const first = args[0];
  if (n >= 1) {
    if (first instanceof Tensor) {
      checkArity(op, n, 1); // to(other, opts)
      dtype = first.dtype;
      dtypeGiven = true;
    } else if (isDevice(first)) {
      checkArity(op, n, 2); // to(device, dtype?, opts)
      device = checkDevice(op, first);
      deviceGiven = true;
      if (n === 2) {
        const d = args[1];
        if (isDevice(d) || (typeof d === "string" && !isDTypeName(d))) {
          throw new TypeError(
            `[${op}] expected a dtype as the second argument of to(device, dtype): got ${describe(d)}`,
          );
        }
        dtype = setDtype(op, undefined, d, false);
        dtypeGiven = true;
      }
    } else if (isDTypeName(first)) {
      if (n > 1) {
        throw new TypeError(
          `[${op}] to(dtype) takes no second positional argument: got ${describe(args[1])} (to(device, dtype) puts the device first)`,
        );
      }
      dtype = toDType(first, op);
      dtypeGiven = true;
    } else if (typeof first === "string") {
      const byName = TYPE_BY_NAME.get(first);
      if (byName === undefined) {
        const hint = suggestKey(first.split(":")[0]!, TO_WORDS);
        throw new TypeError(
          `[${op}] expected a dtype, a device or a Tensor: got ${JSON.stringify(first)}${hint !== undefined ? ` (did you mean "${hint}"?)` : ""} (dtypes: ${DTYPES.join(", ")}; devices: ${DEVICES.map((d) => `"${d}"`).join(", ")})`,
        );
      }
      checkArity(op, n, 1);
      dtype = byName;
      dtypeGiven = true;
    } else {
      throw new TypeError(`[${op}] expected a dtype, a device, a Tensor or an options object: got ${describe(first)}`);
    }
  }
  let copy = false;
  if (opts !== undefined) {
    if (opts.device !== undefined) {
      if (deviceGiven) throw new TypeError(`[${op}] device given twice: positionally and as the device option`);
      device = checkDevice(op, opts.device);
    }
    if (opts.dtype !== undefined) dtype = setDtype(op, dtype, opts.dtype, dtypeGiven);
    if (opts.copy !== undefined) copy = checkBool(op, "copy", opts.copy);
    if (opts.nonBlocking !== undefined) checkBool(op, "nonBlocking", opts.nonBlocking);
  }
  const res: { dtype?: DType; copy: boolean; device?: "cpu" | "webgpu" } = { copy };
  if (dtype !== undefined) res.dtype = dtype;
  if (device !== undefined) res.device = device;
  return res;
}

/**
 * Converts to another dtype and/or device, with PyTorch's signatures: `to(dtype)`,
 * `to(device, dtype?)`, `to(tensor)` (lends its dtype), each with a final options object
 * `{ dtype, device, copy, nonBlocking }`. Returns `x` itself when nothing changes, unless
 * `copy: true`. Casts wrap as PyTorch's do (no overflow error).
 * @example x.to("float64"); x.to("cpu", torch.float64); x.to({ dtype: "int32" }); x.to(y); x.to("float32", { copy: true })
 */
export const to = defineOp(
  "to",
  { family: "convert", maxArgs: Infinity },
  function to(x: Tensor, ...args: unknown[]): Tensor {
    checkTensor("to", x);
    const { dtype, copy, device } = parseTo("to", args);
    if (device !== undefined && device !== x.storage.device) return moveTo(x, device, dtype);
    if (dtype === undefined || dtype === x.dtype) return copy ? copyOf(x) : x;
    return castTo(x, dtype);
  },
);

/**
 * With no argument, PyTorch's type string (`"torch.FloatTensor"`); with a dtype (or a type
 * string such as `"torch.DoubleTensor"`), converts like `to`.
 * @example torch.zeros(2).type() // "torch.FloatTensor"; x.type("float64")
 */
export const type = defineOp("type", { family: "convert" }, typeOf);

function typeOf(x: Tensor): string;
function typeOf(x: Tensor, dtype: DType | string): Tensor;
function typeOf(x: Tensor, dtype?: DType | string): string | Tensor {
  checkTensor("type", x);
  if (dtype === undefined) return TYPE_NAMES[x.dtype];
  if (typeof dtype !== "string") throw new TypeError(`[type] dtype must be a dtype name: got ${describe(dtype)}`);
  const d = TYPE_BY_NAME.get(dtype) ?? toDType(dtype, "type");
  return d === x.dtype ? x : castTo(x, d);
}

const SHORTHANDS = {
  float: "float32",
  double: "float64",
  half: "float16",
  bfloat16: "bfloat16",
  long: "int64",
  int: "int32",
  short: "int16",
  char: "int8",
  byte: "uint8",
  bool: "bool",
} as const satisfies Record<string, DType>;

// Hand-declared: `to` and `type` are overloaded (PyTorch's signatures), which the method types
// derived from one function signature cannot express; cpu/cuda and the dtype shorthands are
// methods only (no torch.* function), so they are not registered ops.
declare module "../tensor/tensor.js" {
  interface Tensor {
    /**
     * Converts dtype and/or device (see `torch.to`): `to(dtype)`, `to(device, dtype?)`, `to(tensor)`,
     * each with a final options object. @example x.to("float64"); x.to("cpu", "float64")
     */
    to(opts?: ToOptions): Tensor;
    to(target: ToTarget, opts?: ToOptions): Tensor;
    to(device: DeviceLike, dtype: DType | string, opts?: ToOptions): Tensor;
    /** This tensor: it already lives in CPU memory (PyTorch's `cpu()` without a copy). @example x.cpu() */
    cpu(): Tensor;
    /**
     * Always throws: antorcha has no CUDA backend (pick the device with
     * `torch.cuda.isAvailable() ? "cuda" : "cpu"` and call `to(device)`).
     */
    cuda(device?: DeviceLike | number): never;
    /** The type string, or a converted tensor. @example x.type() // "torch.FloatTensor" */
    type(): string;
    type(dtype: DType | string): Tensor;
    /** `to("float32")`. @example x.float() */
    float(): Tensor;
    /** `to("float64")`. @example x.double() */
    double(): Tensor;
    /** `to("float16")`. @example x.half() */
    half(): Tensor;
    /** `to("bfloat16")`. @example x.bfloat16() */
    bfloat16(): Tensor;
    /** `to("int64")`. @example x.long() */
    long(): Tensor;
    /** `to("int32")`. @example x.int() */
    int(): Tensor;
    /** `to("int16")`. @example x.short() */
    short(): Tensor;
    /** `to("int8")`. @example x.char() */
    char(): Tensor;
    /** `to("uint8")`. @example x.byte() */
    byte(): Tensor;
    /** `to("bool")`. @example x.bool() */
    bool(): Tensor;
  }
}

installMethods({
  to(...args: unknown[]) {
    return to(this, ...args);
  },
  cpu() {
    if (arguments.length > 0) checkArity("cpu", arguments.length, 0);
    if ((this as Tensor).storage.device !== "cpu") (this as Tensor)._onDevice("cpu", 'await t.toAsync("cpu")');
    return this;
  },
  cuda(dev?: unknown) {
    if (arguments.length > 2) checkArity("cuda", arguments.length, 2);
    // Any cuda device, with or without an index: checkDevice says CUDA is missing.
    const spec = dev === undefined ? "cuda" : typeof dev === "number" ? `cuda:${dev}` : dev;
    checkDevice("cuda", spec);
    throw new TypeError(`[cuda] expected a cuda device: got ${describe(spec)}`);
  },
  type(...args: unknown[]) {
    checkArity("type", args.length, 1);
    return args[0] === undefined ? type(this) : type(this, args[0] as string);
  },
  ...Object.fromEntries(
    Object.entries(SHORTHANDS).map(([name, dtype]) => [
      name,
      function (this: Tensor) {
        if (arguments.length > 0) checkArity(name, arguments.length, 0);
        return castTo(this, dtype);
      },
    ]),
  ),
});
