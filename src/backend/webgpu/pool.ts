/// <reference types="@webgpu/types" />
/**
 * The caching pool of GPU buffers (PyTorch's caching allocator, on WebGPU): a released storage's
 * buffer waits here for the next allocation of its size class instead of being destroyed, since
 * creating GPU buffers is far dearer than reusing one. Size classes: powers of two up to 1 MiB,
 * then whole MiB, so the shapes of a training step find their buffers again each step.
 *
 * A buffer taken back while commands that read it are still queued is safe: the batch records
 * every use in queue order, so a later write to the recycled buffer runs after those reads.
 */
import { flush } from "./batch.js";
import { gpu } from "./runtime.js";

const MIB = 1 << 20;
// Past this many bytes (live + pooled) a new buffer first empties the pool (a sync point).
const LIMIT_BYTES =
  (Number(typeof process !== "undefined" ? process.env?.ANTORCHA_WEBGPU_POOL_MB : undefined) || 2048) * MIB;
export const STORAGE_USAGE = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST

/** Bytes of the buffer that serves a request of `bytes`. */
export function sizeClass(bytes: number): number {
  const b = Math.max(bytes, 16);
  if (b <= MIB) return 2 ** Math.ceil(Math.log2(b));
  return Math.ceil(b / MIB) * MIB;
}

const free = new Map<number, GPUBuffer[]>();
export const poolCounts = { live: 0, liveBytes: 0, pooledBytes: 0, peakBytes: 0, created: 0, reused: 0 };

/** A storage buffer of at least `bytes` (contents unspecified when reused). */
export function takeBuffer(op: string, bytes: number): GPUBuffer {
  const size = sizeClass(bytes);
  const ctx = gpu(op);
  let buf = free.get(size)?.pop();
  if (buf !== undefined) {
    poolCounts.pooledBytes -= size;
    poolCounts.reused++;
  } else {
    if (size > ctx.maxBinding) {
      throw new RangeError(
        `[${op}] cannot allocate ${bytes} bytes on webgpu: got a tensor larger than the adapter's largest storage binding (${ctx.maxBinding} bytes)`,
      );
    }
    if (poolCounts.pooledBytes > 0 && poolCounts.liveBytes + poolCounts.pooledBytes + size > LIMIT_BYTES) {
      // A pool need: submit what is recorded, then free the pooled buffers once it has run.
      flush();
      clearBuffers(ctx.device.queue.onSubmittedWorkDone());
    }
    buf = ctx.device.createBuffer({ size, usage: STORAGE_USAGE });
    poolCounts.created++;
  }
  poolCounts.live++;
  if ((poolCounts.liveBytes += size) > poolCounts.peakBytes) poolCounts.peakBytes = poolCounts.liveBytes;
  return buf;
}

/** Takes back the buffer of a released storage. */
export function giveBuffer(buf: GPUBuffer): void {
  poolCounts.live--;
  poolCounts.liveBytes -= buf.size;
  poolCounts.pooledBytes += buf.size;
  let list = free.get(buf.size);
  if (list === undefined) free.set(buf.size, (list = []));
  list.push(buf);
}

/** Empties the pool now and destroys its buffers once `done` (the queued work) resolves. */
export function clearBuffers(done: Promise<unknown>): void {
  const lists = [...free.values()];
  free.clear();
  poolCounts.pooledBytes = 0;
  void done.then(() => lists.forEach((l) => l.forEach((b) => b.destroy())));
}
