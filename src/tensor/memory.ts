/**
 * Tensors over memory the caller already has: `fromArray` (PyTorch's `from_numpy`) and
 * `asTensor` (`as_tensor`) share a typed array's memory instead of copying it.
 */
import { checkOptions, describe, optionKeys } from "../util/args.js";
import { tensor, type TensorData } from "./creation.js";
import { checkDevice, type DeviceLike } from "./device.js";
import { toDType, type DType, type StorageArray } from "./dtype.js";
import { checkShape } from "./shape.js";
import { Tensor } from "./tensor.js";
import { isTypedArray, typedArrayDtype } from "./typed-array.js";

/** Options of `asTensor`: PyTorch's `dtype` and `device` keywords. */
export interface AsTensorOptions {
  dtype?: DType | string;
  device?: DeviceLike;
}

const AS_KEYS = optionKeys("dtype", "device");

/**
 * A tensor that **shares memory** with a typed array, as PyTorch's `from_numpy`: writing to the
 * array changes the tensor and in-place ops on the tensor change the array. The dtype follows
 * the array (Float32Array → float32, Float64Array → float64, Int8/16/32Array, Uint8Array → uint8,
 * BigInt64Array → int64); `shape` (default `[array.length]`) must hold exactly `array.length`
 * elements. Copy first (`array.slice()`) or use `torch.tensor` for an independent tensor.
 * @example
 * const a = new Float32Array([1, 2, 3, 4]);
 * const t = torch.fromArray(a, [2, 2]);
 * a[0] = 9; // t is now [[9, 2], [3, 4]]
 */
export function fromArray(array: StorageArray, shape?: readonly number[]): Tensor {
  if (arguments.length > 2)
    throw new TypeError(`[fromArray] takes (typedArray, shape?): got ${arguments.length} arguments`);
  return share("fromArray", array, shape);
}

function share(op: string, array: unknown, shape: readonly number[] | undefined): Tensor {
  if (!isTypedArray(array)) {
    throw new TypeError(
      `[${op}] expected a typed array such as Float32Array: got ${describe(array)} (use torch.tensor for nested arrays)`,
    );
  }
  const dtype = typedArrayDtype(array, op);
  let dims: number[] = [array.length];
  if (shape !== undefined) {
    if (!Array.isArray(shape))
      throw new TypeError(`[${op}] shape must be an array of integers: got ${describe(shape)}`);
    dims = checkShape(op, shape);
    const n = dims.reduce((a, b) => a * b, 1);
    if (n !== array.length) {
      throw new RangeError(
        `[${op}] shape [${dims.join(", ")}] holds ${n} elements: got a typed array of ${array.length}, expected a shape whose sizes multiply to ${array.length}`,
      );
    }
  }
  return Tensor._fromArray(array, dims, dtype);
}

/**
 * PyTorch's `as_tensor`: `data` as a tensor, sharing memory where it can. A tensor of the
 * requested dtype (or with none requested) is returned itself; another dtype is a converted
 * copy (differentiable, as `to`). A typed array whose element type is the dtype (or with none
 * requested) is shared as `fromArray(data)` does (1-D); anything else (nested arrays, numbers,
 * a typed array of another dtype) is copied as `torch.tensor` does. With `device`, a result
 * held elsewhere is copied there (`{ device: "webgpu" }` after `await torch.webgpu.init()`).
 * @example
 * const a = new Float64Array([1, 2]);
 * torch.asTensor(a);                      // float64, shares a's memory
 * torch.asTensor(a, { dtype: "float32" }) // a float32 copy
 * torch.asTensor([[1, 2]], { device: "cpu" }) // a copy, like torch.tensor
 */
export function asTensor(data: TensorData, opts?: AsTensorOptions): Tensor {
  if (arguments.length > 2) throw new TypeError(`[asTensor] takes (data, options): got ${arguments.length} arguments`);
  let dtype: DType | undefined;
  if (opts !== undefined) {
    checkOptions("asTensor", opts, AS_KEYS);
    if (opts.dtype !== undefined) {
      if (typeof opts.dtype !== "string")
        throw new TypeError(`[asTensor] dtype must be a dtype name: got ${describe(opts.dtype)}`);
      dtype = toDType(opts.dtype, "asTensor");
    }
  }
  const device = opts?.device === undefined ? undefined : checkDevice("asTensor", opts.device);
  const t = asTensorOnCpu(data, dtype);
  // as PyTorch: shares when nothing changes, otherwise copies to the device asked for
  return device === undefined || t.device.type === device ? t : t.to(device);
}

function asTensorOnCpu(data: TensorData, dtype: DType | undefined): Tensor {
  if (data instanceof Tensor) return dtype === undefined || dtype === data.dtype ? data : data.to(dtype);
  if (isTypedArray(data) && !(data instanceof Uint16Array) && !(data instanceof Uint32Array)) {
    const own = typedArrayDtype(data, "asTensor");
    if (dtype === undefined || dtype === own) return share("asTensor", data, undefined);
  }
  return tensor(data, dtype === undefined ? undefined : { dtype });
}
