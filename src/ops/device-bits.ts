/**
 * float32 ⇄ int32 bit patterns of tensors on a device (webgpu), for ops that must be bit-exact
 * there (`nextafter`, `frexp`) without the float64 intermediates their CPU composites use: a
 * device buffer holds 4-byte words, so copying it with the other 4-byte dtype's view reinterprets
 * the bits (one copy kernel, no read-back). Integer arithmetic on the patterns is exact whatever
 * the device does with subnormal floats.
 */
import { activeBackend } from "../backend/registry.js";
import type { Tensor } from "../tensor/tensor.js";
import { empty } from "./core.js";

/** A device tensor's float32 bits as int32 (or int32 words as float32), same shape, new storage. */
export function bitsAs(x: Tensor, dtype: "int32" | "float32"): Tensor {
  const from = dtype === "int32" ? "float32" : "int32";
  if (x.dtype !== from || x.storage.device === "cpu") {
    throw new TypeError(`[bitsAs] expected a ${from} tensor on a device: got ${x.dtype} on ${x.storage.device}`);
  }
  const out = empty(x.shape, dtype, "bitsAs", x);
  activeBackend().copy({ ...x._v, dtype }, out._v);
  return out;
}
