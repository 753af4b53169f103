/**
 * Storage arrays the autograd engine has proved dead, kept for the next kernel outputs of the
 * same dtype and length.
 *
 * JS frees a tensor's memory only when the GC finds it unreachable, so every training step used
 * to write its gradients into fresh memory: cold in cache, and counted towards V8's external
 * memory limit, whose full collections then cost milliseconds per step. PyTorch's caching
 * allocator avoids both by reusing a block the moment its last reference dies. The one place
 * where antorcha knows that moment is the backward pass: a gradient that only the engine held
 * is dead once its node has consumed it (`autograd/engine.ts` keeps that proof). Those arrays
 * come here, and `Tensor._uninit` / `Tensor._empty` take them back before allocating, in the
 * same step's backward or the next step's forward.
 *
 * Entries live for one more backward pass after the one that returned them, so a program that
 * stops training (or changes shapes) holds at most one step's worth of gradient memory here.
 */
import { itemsize, type DType, type StorageArray } from "./dtype.js";

// Below this V8 allocates typed arrays on its own heap, where the scavenger frees them cheaply.
const MIN_BYTES = 16384;
// A ceiling on what the pool may hold, whatever the model.
const MAX_POOLED_BYTES = 1 << 30;
// ANTORCHA_POISON_UNINIT=1 fills reused arrays with 0xFF bytes, like fresh uninitialised ones.
const POISON = typeof process !== "undefined" && process.env?.ANTORCHA_POISON_UNINIT === "1";

interface Entry {
  data: StorageArray;
  pass: number;
}

const byDtype = new Map<DType, Map<number, Entry[]>>();
let pooledBytes = 0;
let pass = 0;
// How many backward passes are running (nested ones count): arrays are handed out only then.
let serving = 0;

/**
 * A dead array of `dtype` with `n` elements, or null when none is pooled. Its contents are
 * unspecified (the caller writes it in full or fills it).
 */
export function takeArray(dtype: DType, n: number): StorageArray | null {
  if (pooledBytes === 0 || serving === 0) return null;
  const list = byDtype.get(dtype)?.get(n);
  const e = list?.pop();
  if (e === undefined) return null;
  pooledBytes -= e.data.byteLength;
  if (POISON) new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength).fill(0xff);
  return e.data;
}

/**
 * Hands back an array nothing references any more. Only the autograd engine calls this, for
 * arrays it allocated and kept to itself; anything else may still be read by someone.
 */
export function giveArray(dtype: DType, data: StorageArray): void {
  const bytes = data.byteLength;
  if (bytes < MIN_BYTES || pooledBytes + bytes > MAX_POOLED_BYTES) return;
  if (data.length * itemsize(dtype) !== bytes) return;
  let sizes = byDtype.get(dtype);
  if (sizes === undefined) byDtype.set(dtype, (sizes = new Map()));
  let list = sizes.get(data.length);
  if (list === undefined) sizes.set(data.length, (list = []));
  list.push({ data, pass });
  pooledBytes += bytes;
}

/** Ends a backward pass begun with `beginPass`. */
export function endPass(): void {
  serving--;
}

/**
 * Starts a backward pass (until `endPass`): the pool serves allocations, and drops what the pass
 * before the previous one returned and nobody took.
 */
export function beginPass(): void {
  pass++;
  serving++;
  if (pooledBytes === 0) return;
  for (const sizes of byDtype.values()) {
    for (const [n, list] of sizes) {
      const keep = list.filter((e) => e.pass >= pass - 1);
      for (const e of list) if (e.pass < pass - 1) pooledBytes -= e.data.byteLength;
      if (keep.length === 0) sizes.delete(n);
      else sizes.set(n, keep);
    }
  }
}

/** Bytes held for reuse (for tests and diagnostics). */
export function pooledByteCount(): number {
  return pooledBytes;
}

/** Releases everything pooled to the GC. */
export function clearPool(): void {
  byDtype.clear();
  pooledBytes = 0;
}
