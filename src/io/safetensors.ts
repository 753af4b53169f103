/**
 * The safetensors format (byte-compatible with the reference implementation): an 8-byte
 * little-endian header length N, N bytes of JSON `{"__metadata__": {str: str}, name: {dtype,
 * shape, data_offsets}}` padded with spaces to a multiple of 8, then the tensor bytes,
 * little-endian, packed back to back in header order. Everything is validated before any tensor
 * memory is allocated.
 */
import { Tensor } from "../tensor/tensor.js";
import { arrayConstructor, itemsize, type DType, type StorageArray } from "../tensor/dtype.js";
import { SafetensorsError } from "./errors.js";
import { JsonParseError, parseStrictJson, type Json } from "./json.js";
import { readFileChecked, writeFileAtomic } from "./atomic.js";

/** The header size cap of the reference implementation (100 MB). */
export const MAX_HEADER_SIZE = 100_000_000;

const TO_ST: Record<DType, string> = {
  bool: "BOOL",
  uint8: "U8",
  int8: "I8",
  int16: "I16",
  int32: "I32",
  int64: "I64",
  float16: "F16",
  bfloat16: "BF16",
  float32: "F32",
  float64: "F64",
};
const FROM_ST = new Map<string, DType>(Object.entries(TO_ST).map(([d, s]) => [s, d as DType]));
// The reference writer orders tensors by dtype (this enum order, descending), then by name.
const RANK = [
  "BOOL",
  "U8",
  "I8",
  "F8_E5M2",
  "F8_E4M3",
  "I16",
  "U16",
  "F16",
  "BF16",
  "I32",
  "U32",
  "F32",
  "F64",
  "I64",
  "U64",
];

/** Longest array a header may hold (shapes, offsets); longer ones are rejected while parsing. */
const MAX_HEADER_ARRAY = 4096;

/** Tensors by name, as given to `serialize`/`saveFile` (a plain object or a Map). */
export type TensorMap = Record<string, Tensor> | Map<string, Tensor>;

/** What `deserialize` returns with `{ metadata: true }`. */
export interface SafetensorsContent {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

const err = (code: SafetensorsError["code"], msg: string): never => {
  throw new SafetensorsError(code, msg);
};

function entriesOf(tensors: TensorMap): [string, Tensor][] {
  if (tensors instanceof Map) return [...tensors.entries()];
  if (tensors === null || typeof tensors !== "object") {
    return err(
      "INVALID_OBJECT",
      `tensors must be an object or a Map: got ${tensors === null ? "null" : typeof tensors}`,
    );
  }
  return Object.entries(tensors);
}

/** The raw little-endian bytes of a tensor's elements, contiguous. */
export function tensorBytes(t: Tensor): Uint8Array {
  const arr = t.dataSync();
  return new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
}

/**
 * Serializes tensors (and optional string metadata) to safetensors bytes.
 * @example const bytes = io.serialize({ w: torch.ones([2]) }, { format: "pt" });
 */
export function serialize(tensors: TensorMap, metadata?: Record<string, string>): Uint8Array {
  const items = entriesOf(tensors).map(([name, t]) => {
    if (!(t instanceof Tensor)) {
      return err(
        "INVALID_OBJECT",
        `value of ${JSON.stringify(name)} is not a Tensor: got ${t === null ? "null" : typeof t}`,
      );
    }
    return { name, t, st: TO_ST[t.dtype] };
  });
  items.sort((a, b) => RANK.indexOf(b.st) - RANK.indexOf(a.st) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    const meta: Record<string, string> = {};
    for (const k of Object.keys(metadata).sort()) {
      const v = metadata[k];
      if (typeof v !== "string")
        err("INVALID_METADATA", `metadata values must be strings: ${JSON.stringify(k)} is ${typeof v}`);
      meta[k] = v as string;
    }
    header.__metadata__ = meta;
  }
  let offset = 0;
  const blobs: Uint8Array[] = [];
  for (const { name, t, st } of items) {
    if (name === "__metadata__") err("INVALID_OBJECT", `"__metadata__" is reserved and cannot name a tensor`);
    const bytes = tensorBytes(t);
    Object.defineProperty(header, name, {
      value: { dtype: st, shape: [...t.shape], data_offsets: [offset, offset + bytes.length] },
      enumerable: true,
    });
    offset += bytes.length;
    blobs.push(bytes);
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  const out = new Uint8Array(8 + json.length + pad + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length + pad), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + json.length + pad);
  json = new Uint8Array(0);
  let at = 8 + (out.length - 8 - offset);
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

interface Entry {
  name: string;
  dtype: DType;
  shape: number[];
  start: number;
  end: number;
}

function isObj(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses and validates the header; returns entries and metadata without touching tensor data. */
export function parseHeader(bytes: Uint8Array): {
  entries: Entry[];
  metadata: Record<string, string>;
  dataStart: number;
} {
  if (!(bytes instanceof Uint8Array)) err("INVALID_OBJECT", `expected a Uint8Array: got ${typeof bytes}`);
  if (bytes.length < 8) err("TRUNCATED", `file is ${bytes.length} bytes: expected at least 8 (the header length)`);
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_SIZE))
    err("HEADER_TOO_LARGE", `header length ${n64} exceeds the ${MAX_HEADER_SIZE}-byte cap`);
  const n = Number(n64);
  if (8 + n > bytes.length) err("TRUNCATED", `header length ${n} runs past the end of the ${bytes.length}-byte file`);
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    err("HEADER_INVALID", "header is not valid UTF-8");
  }
  if (!text.startsWith("{"))
    err("HEADER_INVALID", `header must start with '{': got ${JSON.stringify(text.slice(0, 8))}`);
  let header: Json = null;
  try {
    // no array in a valid header is long (shapes have ≤ 64 dims): stop a huge one early
    header = parseStrictJson(text, { maxArrayLength: MAX_HEADER_ARRAY });
  } catch (e) {
    if (e instanceof JsonParseError && e.duplicate !== undefined)
      err("DUPLICATE_KEY", `duplicate key ${JSON.stringify(e.duplicate)} in header`);
    err("INVALID_JSON", `header is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObj(header)) return err("INVALID_JSON", "header must be a JSON object");
  let metadata = Object.create(null) as Record<string, string>;
  const entries: Entry[] = [];
  for (const name in header) {
    const info = header[name];
    if (name === "__metadata__") {
      if (!isObj(info)) return err("INVALID_METADATA", "__metadata__ must be an object of strings");
      // the parser built it with a null prototype: check it in place rather than copy it
      for (const k in info) {
        const v = info[k];
        if (typeof v !== "string")
          err("INVALID_METADATA", `metadata value of ${JSON.stringify(k)} must be a string: got ${typeof v}`);
      }
      metadata = info as Record<string, string>;
      continue;
    }
    const q = JSON.stringify(name);
    if (!isObj(info)) return err("HEADER_INVALID", `entry ${q} must be an object with dtype, shape and data_offsets`);
    const dtype = typeof info.dtype === "string" ? FROM_ST.get(info.dtype) : undefined;
    if (dtype === undefined)
      return err(
        "UNKNOWN_DTYPE",
        `tensor ${q} has unsupported dtype ${JSON.stringify(info.dtype)}: expected one of ${[...FROM_ST.keys()].join(", ")}`,
      );
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
      return err(
        "INVALID_SHAPE",
        `tensor ${q} has shape ${JSON.stringify(shape)}: expected an array of non-negative integers`,
      );
    }
    if (shape.length > 64) err("INVALID_SHAPE", `tensor ${q} has ${shape.length} dims: at most 64 supported`);
    let count = 1;
    for (const d of shape as number[]) {
      count *= d;
      if (!Number.isSafeInteger(count))
        err("SHAPE_OVERFLOW", `tensor ${q}: shape ${JSON.stringify(shape)} has too many elements`);
    }
    const offs = info.data_offsets;
    if (
      !Array.isArray(offs) ||
      offs.length !== 2 ||
      !offs.every((o) => typeof o === "number" && Number.isSafeInteger(o) && o >= 0)
    ) {
      return err(
        "INVALID_OFFSETS",
        `tensor ${q} has data_offsets ${JSON.stringify(offs)}: expected [begin, end] non-negative integers`,
      );
    }
    const [start, end] = offs as [number, number];
    if (end < start) err("INVALID_OFFSETS", `tensor ${q} has data_offsets [${start}, ${end}]: end before begin`);
    const want = count * itemsize(dtype);
    if (!Number.isSafeInteger(want)) err("SHAPE_OVERFLOW", `tensor ${q}: byte size overflows`);
    if (end - start !== want) {
      err(
        "SIZE_MISMATCH",
        `tensor ${q} has ${end - start} bytes: expected ${want} (${count} elements × ${itemsize(dtype)} bytes of ${info.dtype})`,
      );
    }
    entries.push({ name, dtype, shape: shape as number[], start, end });
  }
  const dataLen = bytes.length - 8 - n;
  const sorted = [...entries].sort((a, b) => a.start - b.start || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.start < at)
      err(
        "OVERLAPPING_OFFSETS",
        `tensor ${JSON.stringify(e.name)} at [${e.start}, ${e.end}] overlaps the previous tensor (ends at ${at})`,
      );
    if (e.start > at)
      err(
        "INVALID_OFFSETS",
        `tensor ${JSON.stringify(e.name)} starts at ${e.start}: expected ${at} (tensors must be packed without gaps)`,
      );
    if (e.end > dataLen)
      err("TRUNCATED", `tensor ${JSON.stringify(e.name)} ends at ${e.end}, past the ${dataLen} data bytes`);
    at = e.end;
  }
  if (at !== dataLen) err("INCOMPLETE_BUFFER", `tensors cover ${at} data bytes: the file has ${dataLen}`);
  return { entries, metadata, dataStart: 8 + n };
}

function decode(bytes: Uint8Array, e: Entry, dataStart: number): Tensor {
  const raw = bytes.slice(dataStart + e.start, dataStart + e.end); // a copy: aligned, owned
  if (e.dtype === "bool") for (let i = 0; i < raw.length; i++) raw[i] = raw[i] === 0 ? 0 : 1;
  const Ctor = arrayConstructor(e.dtype) as unknown as new (b: ArrayBuffer) => StorageArray;
  return Tensor._fromArray(new Ctor(raw.buffer), e.shape, e.dtype);
}

/**
 * Parses safetensors bytes into tensors by name (validated first; every malformed input throws a
 * `SafetensorsError` with a stable `code`).
 * @example const { w } = io.deserialize(bytes); // fragment
 */
export function deserialize(bytes: Uint8Array): Record<string, Tensor> {
  return deserializeWithMetadata(bytes).tensors;
}

/**
 * Like `deserialize`, also returning the `__metadata__` strings.
 * @example const { tensors, metadata } = io.deserializeWithMetadata(bytes); // fragment
 */
export function deserializeWithMetadata(bytes: Uint8Array): SafetensorsContent {
  try {
    const { entries, metadata, dataStart } = parseHeader(bytes);
    const tensors = Object.create(null) as Record<string, Tensor>;
    for (const e of entries) tensors[e.name] = decode(bytes, e, dataStart);
    return { tensors, metadata };
  } catch (e) {
    if (e instanceof SafetensorsError) throw e;
    // an allocation failure or a bug: still the loader's error, with the cause attached
    throw new SafetensorsError("UNREADABLE", `the file cannot be read: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}

/**
 * Writes tensors to a safetensors file, crash-safely (temp file, fsync, rename, fsync dir).
 * @example io.saveFile(model.stateDict(), "model.safetensors");
 */
export function saveFile(tensors: TensorMap, path: string, metadata?: Record<string, string>): void {
  writeFileAtomic(path, serialize(tensors, metadata));
}

/**
 * Reads a safetensors file into tensors by name.
 * @example model.loadStateDict(io.loadFile("model.safetensors"));
 */
export function loadFile(path: string): Record<string, Tensor> {
  return deserialize(readFileChecked(path));
}

/**
 * Reads a safetensors file with its metadata.
 * @example const { metadata } = io.loadFileWithMetadata("model.safetensors");
 */
export function loadFileWithMetadata(path: string): SafetensorsContent {
  return deserializeWithMetadata(readFileChecked(path));
}
