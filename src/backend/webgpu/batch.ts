/// <reference types="@webgpu/types" />
/**
 * Command batching: every dispatch, upload and copy is recorded into one command encoder, and the
 * queue sees one submit per sync point — a read-back, a full batch (`MAX_DISPATCHES`, when the
 * per-dispatch parameter arena is used up), a pool need (pool.ts) or `emptyCache` — never one per op (a submit costs
 * tens of µs of driver time; a dispatch in an open pass a few).
 *
 * Each dispatch's parameters (sizes, strides, offsets, scalars: 64 int32) go to one slot of a
 * parameter arena, written to the GPU with one `writeBuffer` just before the submit.
 */
import { gpu, throwGpuErrors } from "./runtime.js";
import {
  CHECK_BINDING,
  checkMark,
  checksPending,
  flagBuffer,
  registerCheck,
  settleChecks,
  type CheckMessage,
} from "./device-checks.js";
import { CHECK_WORD } from "./wgsl.js";

/** int32 words of one dispatch's parameters (256 bytes: the storage-binding offset alignment). */
export const META_WORDS = 64;
/** Dispatches per submit at most (the size threshold). */
export const MAX_DISPATCHES = 512;

let encoder: GPUCommandEncoder | null = null;
let pass: GPUComputePassEncoder | null = null;
let metaBuf: GPUBuffer | null = null;
const arena = new Int32Array(MAX_DISPATCHES * META_WORDS);
let slots = 0;
let afterSubmit: GPUBuffer[] = [];

/** Counters for tests and diagnostics (`torch.webgpu.stats()`). */
export const batchCounts = { submits: 0, dispatches: 0, uploads: 0, readbacks: 0 };

function theEncoder(): GPUCommandEncoder {
  return (encoder ??= gpu("webgpu").device.createCommandEncoder());
}

/** The encoder with no pass open (for copies). */
function copyEncoder(): GPUCommandEncoder {
  if (pass !== null) {
    pass.end();
    pass = null;
  }
  return theEncoder();
}

/** A fresh parameter slot: fill the returned words (zeroed) before the next dispatch. */
export function metaSlot(): { words: Int32Array; slot: number } {
  if (slots === MAX_DISPATCHES) flush();
  const slot = slots++;
  const words = arena.subarray(slot * META_WORDS, (slot + 1) * META_WORDS);
  words.fill(0);
  return { words, slot };
}

/**
 * Records one dispatch: binding 0 is the parameter slot, then `buffers` in order. A kernel that
 * checks its arguments on the device (device-checks.ts) gets `check`, the message of its failure.
 */
export function dispatch(
  pipeline: GPUComputePipeline,
  slot: number,
  buffers: readonly GPUBuffer[],
  groups: readonly [number, number, number],
  check?: CheckMessage,
): void {
  const ctx = gpu("webgpu");
  metaBuf ??= ctx.device.createBuffer({
    size: MAX_DISPATCHES * META_WORDS * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  const entries: GPUBindGroupEntry[] = [
    { binding: 0, resource: { buffer: metaBuf, offset: slot * META_WORDS * 4, size: META_WORDS * 4 } },
  ];
  for (let i = 0; i < buffers.length; i++) entries.push({ binding: i + 1, resource: { buffer: buffers[i]! } });
  if (check !== undefined) {
    const flags = flagBuffer(ctx.device); // first: a new device's buffer starts with no checks
    arena[slot * META_WORDS + CHECK_WORD] = registerCheck(check);
    entries.push({ binding: CHECK_BINDING, resource: { buffer: flags } });
  }
  const bind = ctx.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  pass ??= theEncoder().beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bind);
  pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
  batchCounts.dispatches++;
}

/** Workgroup counts covering `n` invocations of a 64-wide kernel (2-D past 65535 groups). */
export function groupsFor(n: number): [number, number, number] {
  const g = Math.max(1, Math.ceil(n / 64));
  if (g <= 65535) return [g, 1, 1];
  return [65535, Math.ceil(g / 65535), 1];
}

/** Writes `bytes` into `dst` at `offset`, in order with the recorded commands. */
export function upload(dst: GPUBuffer, offset: number, bytes: Uint8Array): void {
  const device = gpu("webgpu").device;
  batchCounts.uploads++;
  if (encoder === null) {
    device.queue.writeBuffer(dst, offset, bytes);
    return;
  }
  // Commands are pending that may read dst's old contents: copy through a staging buffer.
  const size = Math.ceil(bytes.byteLength / 4) * 4;
  const staging = device.createBuffer({ size, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
  new Uint8Array(staging.getMappedRange()).set(bytes);
  staging.unmap();
  copyEncoder().copyBufferToBuffer(staging, 0, dst, offset, size);
  afterSubmit.push(staging);
}

/** Zeroes `bytes` (a multiple of 4) of `dst` from `offset`, in order with the recorded commands (no host data). */
export function clear(dst: GPUBuffer, offset: number, bytes: number): void {
  copyEncoder().clearBuffer(dst, offset, bytes);
}

/** Submits what was recorded (a no-op when nothing was). */
export function flush(): void {
  if (encoder === null) return;
  const device = gpu("webgpu").device;
  if (pass !== null) {
    pass.end();
    pass = null;
  }
  if (slots > 0) device.queue.writeBuffer(metaBuf!, 0, arena.buffer, 0, slots * META_WORDS * 4);
  device.queue.submit([encoder.finish()]);
  batchCounts.submits++;
  encoder = null;
  slots = 0;
  const done = afterSubmit;
  afterSubmit = [];
  if (done.length > 0) void device.queue.onSubmittedWorkDone().then(() => done.forEach((b) => b.destroy()));
}

/** Reads `bytes` of `src` from `offset` once the recorded work is done (one submit). */
export async function readBack(src: GPUBuffer, offset: number, bytes: number): Promise<ArrayBuffer> {
  const device = gpu("webgpu").device;
  const size = Math.max(4, Math.ceil(bytes / 4) * 4);
  const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  copyEncoder().copyBufferToBuffer(src, offset, staging, 0, size);
  batchCounts.readbacks++;
  const checked = checkedFlags(device);
  flush();
  await staging.mapAsync(GPUMapMode.READ);
  throwGpuErrors("data");
  const out = staging.getMappedRange().slice(0, bytes);
  staging.unmap();
  staging.destroy();
  await checked?.();
  return out;
}

/**
 * When checking kernels were recorded: copies the check flags out with the recorded work and
 * returns what settles them once it is done (raising a failed check's error).
 */
function checkedFlags(device: GPUDevice): (() => Promise<void>) | null {
  if (!checksPending()) return null;
  const mark = checkMark();
  const staging = device.createBuffer({ size: 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  copyEncoder().copyBufferToBuffer(flagBuffer(device), 0, staging, 0, 8);
  return async () => {
    await staging.mapAsync(GPUMapMode.READ);
    const words = new Uint32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
    settleChecks(device, words, mark);
  };
}

/** Submits the recorded work and waits for it (`torch.webgpu.synchronize()`), raising failed device checks. */
export async function drain(): Promise<void> {
  const device = gpu("webgpu").device;
  const checked = checkedFlags(device);
  flush();
  await device.queue.onSubmittedWorkDone();
  await checked?.();
}

/** True while commands are recorded but not submitted. */
export function hasPending(): boolean {
  return encoder !== null;
}
