/**
 * IDX reader (the MNIST file format): `[0, 0, dtype, ndim]`, `ndim` big-endian uint32 sizes,
 * then the elements big-endian. Raw or gzip (detected by magic bytes). Everything is validated
 * before the tensor is allocated; problems raise `IdxFormatError` with a stable `code`.
 */
import type { DType } from "../../tensor/dtype.js";
import { allocArray } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { inflateBudget, overBudget, resolveInflateLimits, type InflateLimits } from "../../io/inflate.js";
import { checkOptions, optionKeys } from "../../util/args.js";
import { lazyBuiltin } from "../../util/node.js";
import { gunzip, gunzipPrefix, maxArrayBytes } from "../../util/zlib.js";
import { IdxFormatError } from "./errors.js";

const fs = lazyBuiltin("node:fs", "readIdx", "in a browser, fetch the file and pass its bytes");

/** IDX type code → [dtype, bytes per element]. */
const IDX_TYPES: Record<number, [DType, number]> = {
  0x08: ["uint8", 1],
  0x09: ["int8", 1],
  0x0b: ["int16", 2],
  0x0c: ["int32", 4],
  0x0d: ["float32", 4],
  0x0e: ["float64", 8],
};

/** Largest number of dimensions accepted (MNIST uses 1 and 3). */
const MAX_NDIM = 32;

/** Options of `readIdx`: a name for messages and the inflation budget for gzip input. */
export interface ReadIdxOptions extends InflateLimits {
  /** The file name used in error messages (default: the path, or `<buffer>`). */
  name?: string;
}
const READ_IDX_KEYS = optionKeys("name", "maxInflateBytes", "maxInflateRatio");

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Bytes an IDX stream declares (header plus data), from its first bytes; undefined if they are too few or invalid. */
function declaredIdxSize(head: Uint8Array): number | undefined {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) return undefined;
  const type = IDX_TYPES[head[2]!];
  const ndim = head[3]!;
  if (type === undefined || ndim === 0 || ndim > MAX_NDIM || head.length < 4 + 4 * ndim) return undefined;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let n = type[1];
  for (let d = 0; d < ndim; d++) n *= dv.getUint32(4 + 4 * d, false);
  return 4 + 4 * ndim + n; // may be beyond 2^53: then surely over the budget
}

/** The first inflated bytes of a gzip stream (a bounded peek: a prefix of the input, flushed, never more than ~1 MB). */
function peekGunzip(buf: Uint8Array, want: number): Uint8Array {
  for (let prefix = 256; ; prefix *= 4) {
    const last = prefix >= buf.length;
    let out: Uint8Array;
    try {
      out = gunzipPrefix(buf.subarray(0, Math.min(prefix, buf.length)), 1100 * prefix + 1024);
    } catch {
      return new Uint8Array(0); // corrupt: the full inflate below reports it
    }
    if (out.length >= want || last || prefix >= 1024) return out;
  }
}

/**
 * Decompresses gzip input within the inflation budget, or returns raw input as is. With
 * `declared` (the size the decompressed format announces from its first bytes), the input is
 * rejected before inflating when that size is over the budget, and never inflated past it.
 */
export function maybeGunzip(
  buf: Uint8Array,
  file: string,
  onError: (detail: string, code?: string) => Error,
  opts: { limits?: InflateLimits; declared?: (head: Uint8Array) => number | undefined } = {},
): Uint8Array {
  if (!isGzip(buf)) return buf;
  const limits = resolveInflateLimits(opts.limits, (m) => onError(m, "IDX_BAD_OPTION"));
  const budget = inflateBudget(buf.length, limits);
  const declared = opts.declared?.(peekGunzip(buf, 4 + 4 * MAX_NDIM));
  if (declared !== undefined && declared > budget)
    throw onError(overBudget("gzip data", declared, buf.length, budget), "IDX_INFLATE_LIMIT");
  const cap = declared ?? budget;
  try {
    // one byte more than declared, so that trailing data is seen (and reported) without inflating it all
    return gunzip(buf, Math.max(1, declared === undefined ? cap : cap + 1), declared);
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw declared === undefined
        ? onError(
            overBudget("gzip data", cap + 1, buf.length, budget).replace("declared", "inflated"),
            "IDX_INFLATE_LIMIT",
          )
        : onError(
            `gzip data inflates past the ${declared} bytes its IDX header declares (trailing data)`,
            "IDX_TRAILING_BYTES",
          );
    }
    throw onError(`corrupt gzip data (${(e as Error).message})`);
  }
}

/**
 * Reads an IDX file (path, Buffer or Uint8Array; gzip or raw) into a tensor of its dtype. Gzip
 * input may inflate to no more than its IDX header declares, within the inflation budget
 * (`maxInflateBytes` / `maxInflateRatio`, or `ANTORCHA_MAX_INFLATE_BYTES` / `ANTORCHA_MAX_INFLATE_RATIO`).
 * @example const images = readIdx("train-images-idx3-ubyte.gz"); images.shape // [60000, 28, 28] (fragment)
 */
export function readIdx(source: string | Uint8Array, opts?: ReadIdxOptions): Tensor {
  checkOptions("readIdx", opts, READ_IDX_KEYS);
  const file = opts?.name ?? (typeof source === "string" ? source : "<buffer>");
  let raw: Uint8Array;
  if (typeof source === "string") {
    try {
      raw = fs.readFileSync(source);
    } catch (e) {
      throw new IdxFormatError(
        "IDX_READ_FAILED",
        file,
        `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
  } else if (source instanceof Uint8Array) {
    raw = source;
  } else {
    throw new TypeError(`[readIdx] expected a path or a Uint8Array: got ${source === null ? "null" : typeof source}`);
  }
  const buf = maybeGunzip(raw, file, (d, code) => new IdxFormatError(code ?? "IDX_BAD_GZIP", file, d), {
    limits: opts,
    declared: declaredIdxSize,
  });
  // A file's bytes and inflated bytes belong to this reader; a caller's raw array does not.
  return parseIdxBytes(buf, file, typeof source === "string" || buf !== raw);
}

/** Parses decompressed IDX bytes. */
export function parseIdx(buf: Uint8Array, file = "<buffer>"): Tensor {
  return parseIdxBytes(buf, file, false);
}

/** `parseIdx`; `owned`: `buf` is the reader's own, so a byte tensor may view it. */
function parseIdxBytes(buf: Uint8Array, file: string, owned: boolean): Tensor {
  const fail = (code: string, detail: string): never => {
    throw new IdxFormatError(code, file, detail);
  };
  if (buf.length === 0) fail("IDX_EMPTY", "file is empty: expected an IDX header");
  if (buf.length < 4) fail("IDX_TRUNCATED_HEADER", `header truncated: got ${buf.length} bytes, expected at least 4`);
  if (buf[0] !== 0 || buf[1] !== 0)
    fail("IDX_BAD_MAGIC", `bad magic: got bytes 0x${hex(buf[0]!)} 0x${hex(buf[1]!)}, expected 0x00 0x00`);
  const type = IDX_TYPES[buf[2]!];
  if (type === undefined)
    fail("IDX_BAD_DTYPE", `unknown type code 0x${hex(buf[2]!)}: expected one of 08 09 0B 0C 0D 0E`);
  const [dtype, size] = type!;
  const ndim = buf[3]!;
  if (ndim === 0) fail("IDX_BAD_NDIM", "0 dimensions: expected at least 1");
  if (ndim > MAX_NDIM) fail("IDX_BAD_NDIM", `${ndim} dimensions: expected at most ${MAX_NDIM}`);
  const headerLen = 4 + 4 * ndim;
  if (buf.length < headerLen)
    fail(
      "IDX_TRUNCATED_HEADER",
      `header truncated: got ${buf.length} bytes, expected ${headerLen} for ${ndim} dimensions`,
    );
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const shape: number[] = [];
  let count = 1n; // BigInt: the product of 32-bit sizes may overflow 2^53
  for (let d = 0; d < ndim; d++) {
    const s = dv.getUint32(4 + 4 * d, false);
    shape.push(s);
    count *= BigInt(s);
  }
  const need = count * BigInt(size);
  const have = BigInt(buf.length - headerLen);
  if (need > BigInt(Number.MAX_SAFE_INTEGER) || need > BigInt(maxArrayBytes())) {
    fail("IDX_TOO_LARGE", `sizes [${shape}] need ${need} bytes of data: got ${have}`);
  }
  if (have < need)
    fail("IDX_TRUNCATED_DATA", `data truncated: got ${have} bytes, expected ${need} for shape [${shape}] of ${dtype}`);
  if (have > need)
    fail(
      "IDX_TRAILING_BYTES",
      `${have - need} unexpected trailing bytes after ${need} bytes of data for shape [${shape}]`,
    );
  const n = Number(count);
  const off = headerLen;
  // Bytes need no conversion: the tensor views the file's (or inflated) buffer instead of
  // copying it; a caller's own array is copied, so the tensor never aliases it.
  if (dtype === "uint8" || dtype === "int8") {
    // (a Buffer's slice() is a view, so the copy is made by the Uint8Array constructor)
    const bytes = owned ? buf : new Uint8Array(buf.subarray(off, off + n));
    const start = owned ? buf.byteOffset + off : 0;
    const view = dtype === "uint8" ? new Uint8Array(bytes.buffer, start, n) : new Int8Array(bytes.buffer, start, n);
    return Tensor._fromArray(view, shape, dtype);
  }
  const arr = allocArray(dtype, n);
  switch (dtype) {
    case "int16":
      for (let i = 0; i < n; i++) (arr as Int16Array)[i] = dv.getInt16(off + 2 * i, false);
      break;
    case "int32":
      for (let i = 0; i < n; i++) (arr as Int32Array)[i] = dv.getInt32(off + 4 * i, false);
      break;
    case "float32":
      for (let i = 0; i < n; i++) (arr as Float32Array)[i] = dv.getFloat32(off + 4 * i, false);
      break;
    default:
      for (let i = 0; i < n; i++) (arr as Float64Array)[i] = dv.getFloat64(off + 8 * i, false);
  }
  return Tensor._fromArray(arr, shape, dtype);
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, "0");
}
