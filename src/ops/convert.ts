/**
 * dtype conversion: `to`, `type`, and the shorthands (`float()`, `long()`, …). Casts follow
 * PyTorch on x86: float→int truncates toward zero, values outside int32 (and NaN/±inf) become
 * INT_MIN before narrowing to 8/16 bits, float→bool is `x != 0` (NaN → true), integers wrap.
 * Casts between float dtypes are differentiable (`ToCopyBackward0`).
 */
import { activeBackend } from "../backend/registry.js";
import { isDType, toDType, TORCH_TYPE_NAMES, type DType } from "../tensor/dtype.js";
import { installMethods } from "../tensor/methods.js";
import { Tensor } from "../tensor/tensor.js";
import { castTo, empty, record } from "./define.js";

/** `torch.FloatTensor`-style names, as `type()` returns them. */
const TYPE_NAMES = Object.fromEntries(
  Object.entries(TORCH_TYPE_NAMES).map(([d, n]) => [d, `torch.${n}Tensor`]),
) as Record<DType, string>;

/** Options of `to`: the target dtype and whether to copy when nothing changes. */
export interface ToOptions {
  dtype?: DType | string;
  device?: "cpu";
  copy?: boolean;
}

type ToTarget = DType | string | Tensor | ToOptions;

function checkTensor(op: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${x === null ? "null" : typeof x}`);
}

/** A copy in the same dtype, recorded as PyTorch's `to(copy=True)` is (`ToCopyBackward0`). */
function copyOf(x: Tensor): Tensor {
  const out = empty(x.shape, x.dtype);
  activeBackend().copy(x._v, out._v);
  return record("ToCopyBackward0", out, [x], (g) => [g]);
}

function parseTarget(
  op: string,
  target: ToTarget | undefined,
  opts: ToOptions | undefined,
): { dtype?: DType; copy: boolean } {
  let dtype: DType | undefined;
  let copy = opts?.copy ?? false;
  const device = (d: unknown) => {
    if (d !== undefined && d !== "cpu")
      throw new TypeError(`[${op}] unsupported device ${JSON.stringify(d)}: expected "cpu"`);
  };
  if (target instanceof Tensor) dtype = target.dtype;
  else if (typeof target === "string") {
    if (target === "cpu") dtype = undefined;
    else if (isDType(target) || target in { float: 1, double: 1, half: 1, long: 1, int: 1, short: 1 })
      dtype = toDType(target, op);
    else throw new TypeError(`[${op}] expected a dtype or "cpu": got ${JSON.stringify(target)}`);
  } else if (typeof target === "object" && target !== null) {
    device(target.device);
    if (target.dtype !== undefined) dtype = toDType(target.dtype, op);
    if (target.copy !== undefined) copy = target.copy;
  } else if (target !== undefined) {
    throw new TypeError(`[${op}] expected a dtype, a tensor, "cpu" or an options object: got ${typeof target}`);
  }
  if (opts) {
    device(opts.device);
    if (opts.dtype !== undefined) dtype = toDType(opts.dtype, op);
  }
  return dtype === undefined ? { copy } : { dtype, copy };
}

/**
 * Converts to another dtype (a tensor argument lends its dtype). Returns `x` itself when nothing
 * changes, unless `copy: true`. `"cpu"` is accepted and changes nothing.
 * @example x.to("float64"); x.to({ dtype: "int32" }); x.to("cpu"); x.to(y); x.to("float32", { copy: true })
 */
export function to(x: Tensor, target?: ToTarget, opts?: ToOptions): Tensor {
  checkTensor("to", x);
  const { dtype, copy } = parseTarget("to", target, opts);
  if (dtype === undefined || dtype === x.dtype) return copy ? copyOf(x) : x;
  return castTo(x, dtype);
}

/**
 * With no argument, PyTorch's type string (`"torch.FloatTensor"`); with a dtype (or a type
 * string such as `"torch.DoubleTensor"`), converts like `to`.
 * @example torch.zeros(2).type() // "torch.FloatTensor"; x.type("float64")
 */
export function type(x: Tensor): string;
export function type(x: Tensor, dtype: DType | string): Tensor;
export function type(x: Tensor, dtype?: DType | string): string | Tensor {
  checkTensor("type", x);
  if (dtype === undefined) return TYPE_NAMES[x.dtype];
  const byName = (Object.keys(TYPE_NAMES) as DType[]).find((d) => TYPE_NAMES[d] === dtype);
  return to(x, byName ?? toDType(dtype, "type"));
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

declare module "../tensor/tensor.js" {
  interface Tensor {
    /** Converts dtype (see `torch.to`). @example x.to("float64") */
    to(target?: ToTarget, opts?: ToOptions): Tensor;
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
  to(target?: ToTarget, opts?: ToOptions) {
    return to(this, target, opts);
  },
  type(dtype?: DType | string) {
    return dtype === undefined ? type(this) : type(this, dtype);
  },
  ...Object.fromEntries(
    Object.entries(SHORTHANDS).map(([name, dtype]) => [
      name,
      function (this: Tensor) {
        return to(this, dtype);
      },
    ]),
  ),
});
