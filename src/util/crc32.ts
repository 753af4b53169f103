/**
 * CRC-32 (zip, PNG; polynomial 0xEDB88320) and CRC-32C (Castagnoli, TensorBoard's record
 * format; 0x82F63B78), table-driven "slicing by 8": eight bytes per step through eight 256-entry
 * tables, each table advancing the CRC by one more zero byte. Pure TypeScript, so it runs in
 * browsers too. Check values ("123456789"): CRC-32 cbf43926, CRC-32C e3069283.
 */

const tables = new Map<number, Uint32Array>();

function tableFor(poly: number): Uint32Array {
  let t = tables.get(poly);
  if (t !== undefined) return t;
  t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  // t[k][n]: the CRC of byte n followed by k zero bytes.
  for (let k = 1; k < 8; k++)
    for (let n = 0; n < 256; n++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  tables.set(poly, t);
  return t;
}

function update(t: Uint32Array, crc: number, d: Uint8Array): number {
  let c = ~crc;
  const n = d.length;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const a = c ^ (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24));
    const b = d[i + 4]! | (d[i + 5]! << 8) | (d[i + 6]! << 16) | (d[i + 7]! << 24);
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + (b & 0xff)]! ^
      t[512 + ((b >>> 8) & 0xff)]! ^
      t[256 + ((b >>> 16) & 0xff)]! ^
      t[b >>> 24]!;
  }
  for (; i < n; i++) c = t[(c ^ d[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * CRC-32 of `data` (as zlib's `crc32`); pass the previous result as `crc` to continue a stream.
 * @example crc32(new TextEncoder().encode("123456789")).toString(16) // "cbf43926"
 */
export function crc32(data: Uint8Array, crc = 0): number {
  return update(tableFor(0xedb88320), crc, data);
}

/**
 * CRC-32C (Castagnoli) of `data`; pass the previous result as `crc` to continue a stream.
 * @example crc32c(new TextEncoder().encode("123456789")).toString(16) // "e3069283"
 */
export function crc32c(data: Uint8Array, crc = 0): number {
  return update(tableFor(0x82f63b78), crc, data);
}
