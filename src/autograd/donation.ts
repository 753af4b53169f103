/**
 * The incoming gradient a backward function may overwrite. The engine sets it around a node's
 * `apply` when it holds that gradient's only reference (see `runBackward`), so an elementwise
 * backward such as relu's can write its result in place instead of into a fresh buffer.
 */
import type { Tensor } from "../tensor/tensor.js";

let donated: Tensor | null = null;

/** The gradient passed to the running backward function if it may be written in place, else null. */
export function donatedGrad(): Tensor | null {
  return donated;
}

/** @internal the engine's setter; returns the previous value so nested passes restore it. */
export function setDonatedGrad(t: Tensor | null): Tensor | null {
  const prev = donated;
  donated = t;
  return prev;
}
