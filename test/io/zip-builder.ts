/** A minimal stored-entry zip writer for building malformed `.pt` files in tests. */
import * as zlib from "node:zlib";

export interface RawEntry {
  name: string;
  data: Uint8Array;
  method?: number;
  flags?: number;
  crc?: number;
}

const crc32 = (d: Uint8Array) => (zlib as unknown as { crc32(d: Uint8Array): number }).crc32(d) >>> 0;

/** Builds a zip archive; returns the bytes and the offsets of the structures, for targeted corruption. */
export function buildZip(entries: RawEntry[]): { bytes: Uint8Array; cdOffset: number; eocd: number; locals: number[] } {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  const locals: number[] = [];
  let off = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const data = e.method === 8 ? zlib.deflateRawSync(e.data) : Buffer.from(e.data);
    const crc = e.crc ?? crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.flags ?? 0, 6);
    lh.writeUInt16LE(e.method ?? 0, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(off);
    parts.push(lh, name, data);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.flags ?? 0, 8);
    ch.writeUInt16LE(e.method ?? 0, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(off, 42);
    central.push(ch, name);
    off += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(off, 16);
  const bytes = new Uint8Array(Buffer.concat([...parts, cd, eocd]));
  return { bytes, cdOffset: off, eocd: off + cd.length, locals };
}
