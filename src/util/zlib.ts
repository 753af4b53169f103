/**
 * The three zlib operations antorcha needs, with bounded output: Node's zlib where it exists
 * (native speed), fflate elsewhere (browsers). Both produce standard streams; inflating through
 * either gives the same bytes.
 */
import { Gunzip, gunzipSync as gunzipPortable, inflateSync as inflateRawPortable, zlibSync } from "fflate";
import { crc32 } from "./crc32.js";
import { hasNodeBuiltins, nodeBuiltin } from "./node.js";

const nodeZlib = () => (hasNodeBuiltins ? nodeBuiltin("node:zlib", "zlib") : null);

/** The portable (fflate) implementations, exported for tests that compare both paths. */
export const portable = {
  /** Raw-deflate (no header) data of at most `maxSize` bytes; longer output is cut there. */
  inflateRaw(data: Uint8Array, maxSize: number): Uint8Array {
    if (data.length === 0) throw new Error("unexpected end of file");
    return inflateRawPortable(data, { out: new Uint8Array(Math.max(1, maxSize)) });
  },
  /** A gzip member of at most `maxSize` bytes, checked against its trailer (CRC-32 and size). */
  gunzip(data: Uint8Array, maxSize: number): Uint8Array {
    if (data.length < 18) throw new Error("unexpected end of file");
    const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const crc = v.getUint32(data.length - 8, true);
    const size = v.getUint32(data.length - 4, true); // the size mod 2^32
    if (size > maxSize) throw tooLarge(`gzip output of ${size} bytes exceeds the limit of ${maxSize}`);
    // Deflate expands at most 1032:1; a larger stated size is a corrupt trailer, not a reason to allocate it.
    if (size > data.length * 1032) throw new Error("incorrect data check (size)");
    const out = gunzipPortable(data, { out: new Uint8Array(Math.max(1, size)) }).subarray(0, size);
    if (crc32(out) !== crc) throw new Error("incorrect data check (CRC-32 or size mismatch)");
    return out;
  },
  /** What a (possibly truncated) gzip prefix inflates to, at most `maxSize` bytes. */
  gunzipPrefix(data: Uint8Array, maxSize: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let n = 0;
    const g = new Gunzip((chunk) => {
      if (n < maxSize) parts.push(chunk.subarray(0, maxSize - n));
      n += chunk.length;
    });
    g.push(data, false);
    const out = new Uint8Array(Math.min(n, maxSize));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  },
  /** A zlib stream (header, deflate, Adler-32), as PNG's IDAT wants. */
  deflateZlib(data: Uint8Array): Uint8Array {
    return zlibSync(data, { level: 6 });
  },
};

/**
 * Inflates raw-deflate `data` (a zip entry); never produces more than `maxSize` bytes.
 * @example inflateRaw(entryBytes, entry.size) // fragment
 */
export function inflateRaw(data: Uint8Array, maxSize: number): Uint8Array {
  const z = nodeZlib();
  return z !== null
    ? z.inflateRawSync(data, { maxOutputLength: Math.max(1, maxSize) })
    : portable.inflateRaw(data, maxSize);
}

/**
 * Decompresses one gzip member; never produces more than `maxSize` bytes. `expectedSize` (the
 * size the format declares, when known) lets Node inflate into one buffer of that size instead
 * of 16 KiB chunks joined at the end, which held the data twice (Fashion-MNIST's 47 MB images
 * peaked at 100 MB more than they occupy).
 * @example gunzip(readBytes("train-images-idx3-ubyte.gz"), 2 ** 32) // fragment
 */
export function gunzip(data: Uint8Array, maxSize: number, expectedSize?: number): Uint8Array {
  const z = nodeZlib();
  if (z === null) return portable.gunzip(data, maxSize);
  const chunkSize =
    expectedSize !== undefined && expectedSize >= 64 && expectedSize <= maxSize ? expectedSize + 1 : undefined;
  return z.gunzipSync(
    data,
    chunkSize === undefined ? { maxOutputLength: maxSize } : { maxOutputLength: maxSize, chunkSize },
  );
}

/**
 * Inflates as much of a gzip stream's prefix as it holds (a peek at a header without inflating
 * the rest); at most `maxSize` bytes.
 * @example
 * import { gzipSync } from "node:zlib";
 * const fileBytes = new Uint8Array(gzipSync(new TextEncoder().encode("hello ".repeat(100))));
 * gunzipPrefix(fileBytes.subarray(0, 40), 1 << 20)
 */
export function gunzipPrefix(data: Uint8Array, maxSize: number): Uint8Array {
  const z = nodeZlib();
  return z !== null
    ? z.gunzipSync(data, { finishFlush: z.constants.Z_SYNC_FLUSH, maxOutputLength: Math.max(1, maxSize) })
    : portable.gunzipPrefix(data, maxSize);
}

/** The error both paths raise for output over the limit (Node's code, so callers test one thing). */
function tooLarge(message: string): RangeError {
  return Object.assign(new RangeError(message), { code: "ERR_BUFFER_TOO_LARGE" });
}

/**
 * Compresses `data` into a zlib stream (level 6).
 * @example deflateZlib(scanlines) // a PNG's IDAT payload (fragment)
 */
export function deflateZlib(data: Uint8Array): Uint8Array {
  const z = nodeZlib();
  return z !== null ? z.deflateSync(data, { level: 6 }) : portable.deflateZlib(data);
}

export { maxArrayBytes } from "./node.js";
