/**
 * A PNG encoder for 8-bit grey, grey+alpha, RGB and RGBA images, synchronous and stream-free, so
 * it runs in browsers: each scanline gets the filter (None, Sub, Up, Average, Paeth) with the
 * smallest sum of absolute residuals (libpng's heuristic), then one zlib-compressed IDAT.
 */
import { crc32 } from "./crc32.js";
import { deflateZlib } from "./zlib.js";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels → PNG colour type. */
const COLOR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filtered scanlines: one filter-type byte, then the row's residuals. */
function filterRows(h: number, w: number, c: number, px: Uint8Array): Uint8Array {
  const stride = w * c;
  const out = new Uint8Array(h * (stride + 1));
  const trial = new Uint8Array(stride);
  for (let y = 0; y < h; y++) {
    const row = y * stride;
    const up = y > 0 ? row - stride : -1;
    let best = Infinity;
    let bestType = 0;
    for (let type = 0; type < 5; type++) {
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const x = px[row + i]!;
        const a = i >= c ? px[row + i - c]! : 0;
        const b = up >= 0 ? px[up + i]! : 0;
        const cc = i >= c && up >= 0 ? px[up + i - c]! : 0;
        const pred = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, cc);
        const r = (x - pred) & 0xff;
        trial[i] = r;
        sum += r < 128 ? r : 256 - r;
      }
      if (sum < best) {
        best = sum;
        bestType = type;
        out.set(trial, y * (stride + 1) + 1);
      }
    }
    out[y * (stride + 1)] = bestType;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes an `h × w` image of `c` interleaved 8-bit channels (1 grey, 2 grey+alpha, 3 RGB,
 * 4 RGBA), rows top to bottom, as PNG bytes.
 * @example encodePng(2, 2, 3, new Uint8Array(12).fill(255)) // a white 2×2 PNG
 */
export function encodePng(h: number, w: number, c: number, pixels: Uint8Array): Uint8Array {
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1 || h > 0x7fffffff || w > 0x7fffffff)
    throw new RangeError(`[encodePng] image size must be positive integers: got ${h}x${w}`);
  const colorType = COLOR_TYPE[c];
  if (colorType === undefined) throw new RangeError(`[encodePng] channels must be 1, 2, 3 or 4: got ${c}`);
  if (pixels.length !== h * w * c)
    throw new RangeError(`[encodePng] pixel data has ${pixels.length} bytes: expected ${h}*${w}*${c} = ${h * w * c}`);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, w);
  v.setUint32(4, h);
  ihdr.set([8, colorType, 0, 0, 0], 8); // bit depth 8, deflate, adaptive filtering, no interlace
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateZlib(filterRows(h, w, c, pixels))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
