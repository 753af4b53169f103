/**
 * The tensor layer's hook into device memory. A device backend (backend/webgpu) installs its
 * allocator here when it is initialised; until then no tensor can live off the CPU and the CPU
 * paths pay one comparison.
 *
 * A device storage's `data` is a zero-length typed array of the dtype's JS type that carries the
 * device buffer as a property (`deviceBuffer`): every View derived from it keeps the marker, so a
 * CPU kernel can never be handed device memory unnoticed (backend/router.ts checks it).
 */
import type { DType, StorageArray } from "./dtype.js";

/** A device buffer handle as the tensor layer sees it (opaque; the backend owns its type). */
export type DeviceBuffer = object;

/** What a device backend provides to the tensor layer. */
export interface DeviceMemory {
  /** The device type tensors on it report (`"webgpu"`). */
  readonly type: "webgpu";
  /** A marker array for a fresh buffer of `n` elements of `dtype` (zero-filled when `zero`). */
  alloc(dtype: DType, n: number, zero: boolean, op?: string): StorageArray;
  /** Takes back the buffer of a released storage (into the backend's caching pool). */
  free(data: StorageArray): void;
  /** Copies CPU values in (row-major, contiguous) into a new device storage's marker array. */
  upload(dtype: DType, values: StorageArray, op?: string): StorageArray;
  /** Reads a contiguous range of a device storage back (the data of `t`, as a CPU typed array). */
  read(
    data: StorageArray,
    dtype: DType,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
  ): Promise<StorageArray>;
  /** Live and pooled bytes, for `torch.memory().byBackend`. */
  stats(): { liveTensors: number; liveBytes: number; pooledBytes: number; peakBytes: number };
  /** Drops the pooled buffers (`torch.emptyCache()`). */
  emptyCache(): void;
  /**
   * Checks on the device that every value of an integer tensor is in [lo, hi) (or equals
   * `except`); a failure raises `message(value)` at the next read-back (a device-side check).
   */
  checkRange(
    op: string,
    view: {
      data: StorageArray;
      dtype: DType;
      shape: readonly number[];
      strides: readonly number[];
      offset: number;
    },
    lo: number,
    hi: number,
    except: number | null,
    message: (value: number) => string,
  ): void;
}

/** The installed device backends (null until `torch.webgpu.init()` succeeds). */
export const deviceMemory: { webgpu: DeviceMemory | null } = { webgpu: null };

/** The device buffer behind a storage's data, or undefined for CPU memory. */
export function deviceBufferOf(data: StorageArray): DeviceBuffer | undefined {
  return data.length === 0 ? (data as { deviceBuffer?: DeviceBuffer }).deviceBuffer : undefined;
}

/** How many elements a storage's data holds, on any device (a device marker has length 0). */
export function storageElements(data: StorageArray): number {
  return data.length === 0 ? ((data as { deviceElements?: number }).deviceElements ?? 0) : data.length;
}
