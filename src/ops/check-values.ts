/**
 * Argument checks on an integer tensor's values (indices, class labels) that work on every
 * device: on the CPU the values are scanned at once and the first bad one raises; on a device
 * the scan is a GPU kernel whose failure raises at the next read-back (a device-side check, as
 * CUDA's asserts), since reading GPU memory synchronously is impossible.
 */
import { deviceMemory } from "../tensor/device-memory.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * Raises `message(v)` for a value `v` of `t` outside [lo, hi) that is not `except`.
 * @example checkValuesInRange(labels, 0, 10, (v) => `[loss] label ${v} is out of range`); // fragment
 */
export function checkValuesInRange(
  op: string,
  t: Tensor,
  lo: number,
  hi: number,
  message: (value: number) => string,
  except: number | null = null,
): void {
  if (t.device.type === "cpu") {
    for (const v of t.dataFloat()) if (v !== except && !(v >= lo && v < hi)) throw new RangeError(message(v));
    return;
  }
  const mem = deviceMemory.webgpu;
  if (mem === null)
    throw new Error(`[${op}] the webgpu device is not initialised: call await torch.webgpu.init() first`);
  mem.checkRange(op, t._v, lo, hi, except, message);
}
