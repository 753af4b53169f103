/**
 * The CPU backend's caching pool: storage arrays whose last holder let go (a tensor disposed or
 * released by `tidy`, a graph node freed by `backward`, a gradient the autograd engine proved
 * dead), kept warm for the next allocation of the same dtype and length.
 *
 * JS frees memory only when the GC finds it unreachable, so an allocating op used to write cold
 * memory, dead results piled up between scavenges and counted towards V8's external memory
 * limit, whose full collections cost milliseconds. PyTorch's caching allocator avoids both by
 * reusing a block the moment its last reference dies; `Storage` (tensor.ts) counts references
 * and brings its array here at zero, and `Tensor._uninit` / `Tensor._empty` take arrays back.
 *
 * Size classes are exact element counts per dtype: a training step allocates the same shapes
 * every step, and an array longer than its tensor would break the "covers its storage" test
 * that lets the engine write gradients in place. The pool holds at most `ANTORCHA_POOL_MB`
 * (default 256) MiB; past that a released array goes to the GC. `emptyCache()` empties it.
 */
import { itemsize, type DType, type StorageArray } from "./dtype.js";

/** Below this V8 allocates typed arrays on its own heap, where the scavenger frees them cheaply. */
export const MIN_POOLED_BYTES = 16384;

function envNumber(name: string, dflt: number): number {
  const v = typeof process !== "undefined" ? process.env?.[name] : undefined;
  const n = v === undefined || v === "" ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : dflt;
}

// A ceiling on what the pool may hold, whatever the model.
const MAX_POOLED_BYTES = envNumber("ANTORCHA_POOL_MB", 256) * 1024 * 1024;
// ANTORCHA_POISON_UNINIT=1 fills arrays with 0xFF bytes (NaN for floats) when they are released
// and again when handed out, so a read of released or uninitialised memory shows.
const POISON = typeof process !== "undefined" && process.env?.ANTORCHA_POISON_UNINIT === "1";

const byDtype = new Map<DType, Map<number, StorageArray[]>>();
let pooledBytes = 0;
let hits = 0;
let misses = 0;

function poison(data: StorageArray): void {
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).fill(0xff);
}

/**
 * A released array of `dtype` with `n` elements, or null when none is pooled. Its contents are
 * unspecified (the caller writes it in full or fills it).
 */
export function takeArray(dtype: DType, n: number): StorageArray | null {
  if (pooledBytes === 0) return null;
  const data = byDtype.get(dtype)?.get(n)?.pop();
  if (data === undefined) {
    misses++;
    return null;
  }
  hits++;
  pooledBytes -= data.byteLength;
  if (POISON) poison(data);
  return data;
}

/**
 * Hands back an array nothing references any more (only `Storage` release paths call this: any
 * other holder could still read it). Returns true when the pool kept it.
 */
export function giveArray(dtype: DType, data: StorageArray): boolean {
  const bytes = data.byteLength;
  if (POISON) poison(data);
  if (bytes < MIN_POOLED_BYTES || pooledBytes + bytes > MAX_POOLED_BYTES) return false;
  if (data.length * itemsize(dtype) !== bytes || data.byteOffset !== 0) return false;
  let sizes = byDtype.get(dtype);
  if (sizes === undefined) byDtype.set(dtype, (sizes = new Map()));
  let list = sizes.get(data.length);
  if (list === undefined) sizes.set(data.length, (list = []));
  list.push(data);
  pooledBytes += bytes;
  return true;
}

/** Bytes held for reuse. */
export function pooledByteCount(): number {
  return pooledBytes;
}

/** Reuse counters since start (for benchmarks and diagnostics). */
export function poolStats(): { hits: number; misses: number } {
  return { hits, misses };
}

/** Releases everything pooled to the GC (PyTorch's `empty_cache`). */
export function clearPool(): void {
  byDtype.clear();
  pooledBytes = 0;
}
