/// <reference types="@webgpu/types" />
/**
 * Device storages for the tensor layer (tensor/device-memory.ts): a webgpu storage's `data` is a
 * zero-length typed array of its dtype carrying its GPU buffer; allocation and release go
 * through the caching pool, uploads and read-backs through the command batch.
 *
 * Element formats on the GPU: float32 as f32, float16 as f16 (2 bytes; buffer sizes and copies
 * rounded to WebGPU's 4 bytes), int32 as i32, int64 as i32 (values must fit in 32 bits: an
 * upload outside that range is an error), uint8/int8/int16 widened to i32, bool as one u32.
 */
import type { DeviceMemory } from "../../tensor/device-memory.js";
import { deviceBufferOf } from "../../tensor/device-memory.js";
import { allocArray, type DType, type StorageArray } from "../../tensor/dtype.js";
import { elementOffsets, isContiguousLayout, numel } from "../../tensor/shape.js";
import { clear, flush, readBack, upload as uploadBytes } from "./batch.js";
import { clearBuffers, giveBuffer, poolCounts, takeBuffer } from "./pool.js";
import { gpu } from "./runtime.js";
import { gpuBytes, gpuItemsize, wtype } from "./wgsl.js";
import { userOp } from "./errors.js";

// The GC backstop: a marker nobody released (a tensor never disposed) gives its buffer back to
// the pool once it is collected. Safe at any time: later commands run after earlier ones.
const collected = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<GPUBuffer>(giveBuffer) : null;

/** A marker array for `buf` holding `n` elements: what a webgpu storage holds as `data`. */
export function markerFor(dtype: DType, buf: GPUBuffer, n: number): StorageArray {
  const m = allocArray(dtype, 0);
  (m as unknown as { deviceBuffer: GPUBuffer }).deviceBuffer = buf;
  (m as unknown as { deviceElements: number }).deviceElements = n; // the pool's buffer may be larger
  collected?.register(m, buf, m);
  return m;
}

/** Gives a marker's buffer back to the pool now (a released storage, or a kernel's temporary). */
export function freeDevice(data: StorageArray): void {
  collected?.unregister(data);
  giveBuffer(bufferOf(data));
}

/** The GPU buffer of a device storage's data. */
export function bufferOf(data: StorageArray): GPUBuffer {
  return deviceBufferOf(data) as GPUBuffer;
}

/** A fresh GPU buffer for `n` elements of `dtype` (zeroed when asked), as a marker array. */
export function allocDevice(dtype: DType, n: number, zero: boolean, op?: string): StorageArray {
  if (op === undefined) op = userOp("webgpu");
  wtype(op, dtype);
  const bytes = gpuBytes(dtype, n);
  const buf = takeBuffer(op, bytes);
  if (zero && n > 0) clear(buf, 0, bytes); // recorded with the batch: no host zeros, no staging
  return markerFor(dtype, buf, n);
}

/** CPU values in the GPU's element format (float16's raw bits padded to a multiple of 4 bytes). */
export function toGpuFormat(op: string, dtype: DType, values: ArrayLike<number | bigint>): Uint8Array {
  wtype(op, dtype);
  const n = values.length;
  if (dtype === "float16") {
    const out = new Uint16Array(gpuBytes(dtype, n) / 2);
    out.set(values as ArrayLike<number>);
    return new Uint8Array(out.buffer);
  }
  if (dtype === "float32") return new Uint8Array(Float32Array.from(values as ArrayLike<number>).buffer);
  if (dtype === "bool") return new Uint8Array(Uint32Array.from(values as ArrayLike<number>).buffer);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = Number(values[i]!);
    if (v > 2147483647 || v < -2147483648) {
      throw new RangeError(
        `[${op}] int64 tensors on webgpu hold 32-bit values: got ${String(values[i])}, expected a value in [-2147483648, 2147483647]`,
      );
    }
    out[i] = v;
  }
  return new Uint8Array(out.buffer);
}

/** CPU values of a contiguous CPU array, uploaded to a fresh buffer. */
export function uploadValues(dtype: DType, values: StorageArray, op = "to"): StorageArray {
  const bytes = toGpuFormat(op, dtype, values);
  const buf = takeBuffer(op, Math.max(bytes.byteLength, 4));
  if (bytes.byteLength > 0) uploadBytes(buf, 0, bytes);
  return markerFor(dtype, buf, values.length);
}

/** The elements of a CPU view, row-major, as a fresh array of its dtype. */
export function cpuValues(v: {
  data: StorageArray;
  dtype: DType;
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
}): StorageArray {
  const offs = elementOffsets(v.shape, v.strides, v.offset);
  const out = allocArray(v.dtype, offs.length);
  for (let i = 0; i < offs.length; i++) (out as Float64Array)[i] = (v.data as Float64Array)[offs[i]!]!;
  return out;
}

function fromGpuFormat(dtype: DType, raw: ArrayBuffer): StorageArray {
  if (dtype === "float32") return new Float32Array(raw);
  if (dtype === "int32") return new Int32Array(raw);
  if (dtype === "bool") return Uint8Array.from(new Uint32Array(raw));
  if (dtype === "float16") return new Uint16Array(raw);
  if (dtype === "uint8") return Uint8Array.from(new Int32Array(raw));
  if (dtype === "int8") return Int8Array.from(new Int32Array(raw));
  if (dtype === "int16") return Int16Array.from(new Int32Array(raw));
  const i32 = new Int32Array(raw);
  const out = new BigInt64Array(i32.length);
  for (let i = 0; i < i32.length; i++) out[i] = BigInt(i32[i]!);
  return out;
}

/** Set by backend.ts: copies a strided device view into a fresh contiguous buffer. */
export const hooks: {
  contiguous:
    | ((
        data: StorageArray,
        dtype: DType,
        shape: readonly number[],
        strides: readonly number[],
        offset: number,
      ) => StorageArray)
    | null;
} = {
  contiguous: null,
};

async function read(
  data: StorageArray,
  dtype: DType,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Promise<StorageArray> {
  const n = numel(shape);
  if (n === 0) return allocArray(dtype, 0);
  const size = gpuItemsize(dtype);
  if (isContiguousLayout(shape, strides)) {
    // copies start at a multiple of 4 bytes: a float16 view at an odd offset reads one more
    const start = offset * size;
    const skip = start % 4;
    const raw = await readBack(bufferOf(data), start - skip, skip + n * size);
    return fromGpuFormat(dtype, skip === 0 ? raw : raw.slice(skip));
  }
  const tmp = hooks.contiguous!(data, dtype, shape, strides, offset);
  try {
    return fromGpuFormat(dtype, await readBack(bufferOf(tmp), 0, n * size));
  } finally {
    freeDevice(tmp);
  }
}

/** The DeviceMemory the tensor layer calls for webgpu storages (index.ts adds the range check). */
export const webgpuMemory: Omit<DeviceMemory, "checkRange"> = {
  type: "webgpu",
  alloc: allocDevice,
  free: freeDevice,
  upload: (dtype, values, op) => uploadValues(dtype, values, op),
  read,
  stats: () => ({
    liveTensors: poolCounts.live,
    liveBytes: poolCounts.liveBytes,
    pooledBytes: poolCounts.pooledBytes,
    peakBytes: poolCounts.peakBytes,
  }),
  emptyCache: () => {
    flush();
    clearBuffers(gpu("emptyCache").device.queue.onSubmittedWorkDone());
  },
};
