/**
 * An independent TFRecord reader for the tests: its own bitwise CRC32C (Castagnoli, reflected
 * polynomial 0x82f63b78) and its own minimal protobuf wire-format decoder.
 */
import { readFileSync } from "node:fs";

export function crc32cBitwise(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function masked(data: Uint8Array): number {
  const c = crc32cBitwise(data);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** Every record's payload; throws on a bad length or data CRC. */
export function readRecords(path: string): Uint8Array[] {
  const buf = readFileSync(path);
  const out: Uint8Array[] = [];
  let p = 0;
  while (p < buf.length) {
    const len = Number(buf.readBigUInt64LE(p));
    if (buf.readUInt32LE(p + 8) !== masked(buf.subarray(p, p + 8))) throw new Error(`bad length crc at ${p}`);
    const data = buf.subarray(p + 12, p + 12 + len);
    if (buf.readUInt32LE(p + 12 + len) !== masked(data)) throw new Error(`bad data crc at ${p}`);
    out.push(new Uint8Array(data));
    p += 16 + len;
  }
  return out;
}

/** A decoded field: varint (as bigint), fixed64/fixed32 raw bytes, or length-delimited bytes. */
export type Field = { no: number; wire: number; varint?: bigint; bytes?: Uint8Array };

/** Top-level fields of one protobuf message. */
export function fields(msg: Uint8Array): Field[] {
  const out: Field[] = [];
  let p = 0;
  const varint = (): bigint => {
    let r = 0n;
    let s = 0n;
    for (;;) {
      const b = msg[p++]!;
      r |= BigInt(b & 0x7f) << s;
      if (!(b & 0x80)) return r;
      s += 7n;
    }
  };
  while (p < msg.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, varint: varint() });
    else if (wire === 1) out.push({ no, wire, bytes: msg.subarray(p, (p += 8)) });
    else if (wire === 5) out.push({ no, wire, bytes: msg.subarray(p, (p += 4)) });
    else if (wire === 2) {
      const len = Number(varint());
      out.push({ no, wire, bytes: msg.subarray(p, (p += len)) });
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

export const f64 = (b: Uint8Array): number => Buffer.from(b).readDoubleLE(0);
export const f32 = (b: Uint8Array): number => Buffer.from(b).readFloatLE(0);
export const str = (b: Uint8Array): string => Buffer.from(b).toString("utf8");
export function get(fs: Field[], no: number): Field | undefined {
  return fs.find((f) => f.no === no);
}
