/**
 * Moving datasets and batches between threads: `buildFromSpec` rebuilds a dataset from its
 * `WorkerSpec`; `encodeValue`/`decodeValue` turn tensors inside nested items into plain
 * `{ dtype, shape, data }` records (their buffers transferred, not copied, across threads).
 */
import type { DType, StorageArray } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { lazyBuiltin } from "../util/node.js";

const path = lazyBuiltin("node:path", "DataLoader");
const url_ = lazyBuiltin("node:url", "DataLoader");

/**
 * How a worker thread rebuilds a dataset: `new (await import(module))[exportName](...args)` (or a
 * plain call when the export is a function, not a class). `args` must be structured-cloneable.
 */
export interface WorkerSpec {
  /** Module URL or absolute path (usually `import.meta.url` of the dataset's own file). */
  module: string;
  /** Name of the exported class or factory function. */
  exportName: string;
  /** Constructor/factory arguments (structured clone: plain data, typed arrays, no functions). */
  args?: unknown[];
}

/** A tensor as plain data. */
export interface EncodedTensor {
  __antorchaTensor: 1;
  dtype: DType;
  shape: number[];
  data: StorageArray;
}

/** Builds the dataset a spec describes (imports its module, constructs or calls the export). */
export async function buildFromSpec(spec: WorkerSpec): Promise<unknown> {
  if (
    typeof spec !== "object" ||
    spec === null ||
    typeof spec.module !== "string" ||
    typeof spec.exportName !== "string"
  ) {
    throw new TypeError(
      "[DataLoader] workerSpec() must return { module: string, exportName: string, args?: unknown[] }",
    );
  }
  const url = path.isAbsolute(spec.module) ? url_.pathToFileURL(spec.module).href : spec.module;
  const mod = (await import(url)) as Record<string, unknown>;
  const ctor = mod[spec.exportName];
  if (typeof ctor !== "function") {
    throw new TypeError(
      `[DataLoader] module ${spec.module} has no exported class or function ${JSON.stringify(spec.exportName)}`,
    );
  }
  const args = (spec.args ?? []).map(decodeValue);
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(ctor));
  const fn = ctor as (...a: unknown[]) => unknown;
  return isClass ? Reflect.construct(fn, args) : await fn(...args);
}

/** Replaces every tensor in a nested value by an `EncodedTensor`; collects buffers to transfer. */
export function encodeValue(v: unknown, transfer?: ArrayBuffer[]): unknown {
  if (v instanceof Tensor) {
    const data = v.dataSync();
    transfer?.push(data.buffer as ArrayBuffer);
    return { __antorchaTensor: 1, dtype: v.dtype, shape: [...v.shape], data } satisfies EncodedTensor;
  }
  if (Array.isArray(v)) return v.map((x) => encodeValue(x, transfer));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encodeValue(x, transfer);
    return out;
  }
  return v;
}

/** Inverse of `encodeValue`. */
export function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const r = v as Record<string, unknown>;
    if (r.__antorchaTensor === 1) {
      const e = r as unknown as EncodedTensor;
      return Tensor._fromArray(e.data, e.shape, e.dtype);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(r)) out[k] = decodeValue(x);
    return out;
  }
  return v;
}

/** Who is loading: set in DataLoader worker threads (PyTorch's `get_worker_info()`). */
export interface WorkerInfo {
  id: number;
  numWorkers: number;
  seed: bigint;
}

let workerInfo: WorkerInfo | null = null;

/** @internal */
export function setWorkerInfo(info: WorkerInfo): void {
  workerInfo = info;
}

/**
 * In a DataLoader worker thread: its id, the number of workers and its seed; `null` elsewhere.
 * @example const info = getWorkerInfo(); if (info) console.log(`worker ${info.id}`);
 */
export function getWorkerInfo(): WorkerInfo | null {
  return workerInfo;
}
