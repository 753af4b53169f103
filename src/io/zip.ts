/**
 * A read-only zip reader for PyTorch's archives: parses the central directory (zip64 too),
 * validates every entry's offsets and sizes against the file before reading, and inflates (Node's
 * zlib, or fflate in browsers) under an output cap. Written here (not a library) so every
 * malformed archive maps to a typed `TorchPtError` and nothing is allocated from an unchecked size.
 */
import { crc32 as crc32Portable } from "../util/crc32.js";
import { hasNodeBuiltins, nodeBuiltin } from "../util/node.js";
import { inflateRaw } from "../util/zlib.js";
import { TorchPtError } from "./errors.js";
import { inflateBudget, overBudget } from "./inflate.js";

/** One file in the archive. */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  dataStart: number;
}

const fail = (code: TorchPtError["code"], msg: string): never => {
  throw new TorchPtError(code, msg);
};

function inRange(b: Uint8Array, o: number, n: number): void {
  if (!(o >= 0 && o + n <= b.length)) fail("TRUNCATED", `zip field at ${o} lies outside the ${b.length}-byte file`);
}
const u16 = (b: Uint8Array, o: number) => (inRange(b, o, 2), b[o]! | (b[o + 1]! << 8));
const u32 = (b: Uint8Array, o: number) => (
  inRange(b, o, 4),
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000
);
function u64(b: Uint8Array, o: number): number {
  const v = u32(b, o) + u32(b, o + 4) * 0x100000000;
  if (!Number.isSafeInteger(v)) fail("ZIP_INVALID", `64-bit field at ${o} is too large`);
  return v;
}

// Node ≥ 22 has a native CRC-32 (several times faster on large archives); elsewhere ours.
let nativeCrc32: ((d: Uint8Array) => number) | null | undefined;
function crc32(data: Uint8Array): number {
  if (nativeCrc32 === undefined)
    nativeCrc32 = hasNodeBuiltins
      ? ((nodeBuiltin("node:zlib", "torch.load") as { crc32?: (d: Uint8Array) => number }).crc32 ?? null)
      : null;
  return nativeCrc32 !== null ? nativeCrc32(data) >>> 0 : crc32Portable(data);
}

/** True when `b` starts like a zip file (a local file header). */
export function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function findEocd(b: Uint8Array): number {
  const min = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= min; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return i;
  }
  return fail(
    b.length < 22 ? "TRUNCATED" : "ZIP_INVALID",
    "end of central directory record not found (truncated or not a zip file)",
  );
}

/**
 * Reads the central directory of `b`.
 * @example const entries = readZipDirectory(bytes); // Map name → entry (fragment)
 */
export function readZipDirectory(b: Uint8Array): Map<string, ZipEntry> {
  const eocd = findEocd(b);
  let count = u16(b, eocd + 10);
  let cdSize = u32(b, eocd + 12);
  let cdOffset = u32(b, eocd + 16);
  if (u16(b, eocd + 4) !== 0 || u16(b, eocd + 6) !== 0 || u16(b, eocd + 8) !== count)
    fail("ZIP_UNSUPPORTED", "multi-disk zip archives are not supported");
  let cdEnd = eocd;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(b, loc) !== 0x07064b50) fail("ZIP_INVALID", "zip64 end of central directory locator missing");
    const z = u64(b, loc + 8);
    if (z + 56 > loc || u32(b, z) !== 0x06064b50)
      fail("ZIP_INVALID", "zip64 end of central directory record missing or out of range");
    count = u64(b, z + 32);
    cdSize = u64(b, z + 40);
    cdOffset = u64(b, z + 48);
    cdEnd = z;
  }
  if (cdOffset + cdSize > cdEnd)
    fail("ZIP_INVALID", `central directory [${cdOffset}, ${cdOffset + cdSize}) runs past its end record at ${cdEnd}`);
  if (count * 46 > cdSize) fail("ZIP_INVALID", `${count} entries cannot fit in a ${cdSize}-byte central directory`);
  const entries = new Map<string, ZipEntry>();
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdOffset + cdSize || u32(b, p) !== 0x02014b50)
      fail("ZIP_INVALID", `central directory entry ${i} is malformed`);
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    const crc = u32(b, p + 16);
    let compressedSize = u32(b, p + 20);
    let size = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    let local = u32(b, p + 42);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cdOffset + cdSize) fail("ZIP_INVALID", `central directory entry ${i} runs past the directory`);
    let name = "";
    try {
      name = utf8.decode(b.subarray(p + 46, p + 46 + nameLen));
    } catch {
      fail("ZIP_INVALID", `entry ${i} has a name that is not UTF-8`);
    }
    // zip64 extended information: the 0xffffffff fields, in this order.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen;) {
      const id = u16(b, e);
      const len = u16(b, e + 2);
      if (e + 4 + len > p + 46 + nameLen + extraLen)
        fail("ZIP_INVALID", `entry ${JSON.stringify(name)} has a malformed extra field`);
      if (id === 0x0001) {
        let q = e + 4;
        const take = () => {
          if (q + 8 > e + 4 + len) fail("ZIP_INVALID", `entry ${JSON.stringify(name)} has a short zip64 extra field`);
          const v = u64(b, q);
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (local === 0xffffffff) local = take();
      }
      e += 4 + len;
    }
    if (flags & 1) fail("ZIP_UNSUPPORTED", `entry ${JSON.stringify(name)} is encrypted`);
    if (method !== 0 && method !== 8)
      fail(
        "ZIP_UNSUPPORTED",
        `entry ${JSON.stringify(name)} uses compression method ${method}: expected 0 (stored) or 8 (deflate)`,
      );
    if (method === 0 && compressedSize !== size)
      fail("ZIP_INVALID", `stored entry ${JSON.stringify(name)} has compressed size ${compressedSize} ≠ size ${size}`);
    if (local + 30 > cdOffset || u32(b, local) !== 0x04034b50)
      fail("ZIP_INVALID", `entry ${JSON.stringify(name)} has no local header at ${local}`);
    const dataStart = local + 30 + u16(b, local + 26) + u16(b, local + 28);
    if (dataStart + compressedSize > cdOffset)
      fail(
        "ZIP_INVALID",
        `entry ${JSON.stringify(name)} data [${dataStart}, ${dataStart + compressedSize}) runs past the file data`,
      );
    if (entries.has(name)) fail("ZIP_DUPLICATE_ENTRY", `entry ${JSON.stringify(name)} appears twice`);
    entries.set(name, { name, method, crc, compressedSize, size, dataStart });
    p = next;
  }
  return entries;
}

/**
 * Rejects an archive whose deflated entries declare more output, in total, than the inflation
 * budget allows for their compressed size (checked before anything is inflated; `readZipEntry`
 * then never inflates past an entry's declared size).
 * @example checkInflateBudget(entries.values(), { maxBytes: 2 ** 32, maxRatio: 100 }) // fragment: entries from the central directory
 */
export function checkInflateBudget(entries: Iterable<ZipEntry>, limits: { maxBytes: number; maxRatio: number }): void {
  let declared = 0;
  let compressed = 0;
  for (const e of entries) {
    if (e.method === 0) continue;
    declared += e.size;
    compressed += e.compressedSize;
  }
  const budget = inflateBudget(compressed, limits);
  if (declared > budget) fail("INFLATE_LIMIT", overBudget("deflated zip entries", declared, compressed, budget));
}

/**
 * The uncompressed bytes of `e` (a view for stored entries), checked against its CRC-32.
 * @example const pkl = readZipEntry(bytes, entries.get("archive/data.pkl")!); // fragment
 */
export function readZipEntry(b: Uint8Array, e: ZipEntry): Uint8Array {
  let out: Uint8Array;
  const raw = b.subarray(e.dataStart, e.dataStart + e.compressedSize);
  if (e.method === 0) {
    out = raw;
  } else {
    try {
      out = inflateRaw(raw, e.size);
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
        return fail("ZIP_INVALID", `entry ${JSON.stringify(e.name)} inflates past its declared ${e.size} bytes`);
      return fail("ZIP_INVALID", `entry ${JSON.stringify(e.name)} does not inflate: ${(err as Error).message}`);
    }
    if (out.length !== e.size)
      fail("ZIP_INVALID", `entry ${JSON.stringify(e.name)} inflates to ${out.length} bytes: expected ${e.size}`);
  }
  const crc = crc32(out);
  if (crc !== e.crc)
    fail(
      "ZIP_CRC_MISMATCH",
      `entry ${JSON.stringify(e.name)} has CRC-32 ${crc.toString(16)}: expected ${e.crc.toString(16)}`,
    );
  return out;
}
