/**
 * Summary builders: each returns a `tensorflow.Summary` plain object, laid out as PyTorch's
 * `torch.utils.tensorboard.summary` writes it.
 */
import { encodePng } from "../../util/png.js";
import { Tensor } from "../../tensor/tensor.js";
import { encodeMessage } from "./proto.js";

/** Values accepted wherever a tensor of numbers is expected. */
export type Values = Tensor | ArrayLike<number> | number;

/** Flattened float64 values. */
export function toFloat64(v: Values): Float64Array {
  if (v instanceof Tensor) return v.detach().dataFloat();
  if (typeof v === "number") return Float64Array.of(v);
  return Float64Array.from(v);
}

/** `{ tag, simple_value }`. */
export function scalarSummary(tag: string, value: number | Tensor): Record<string, unknown> {
  const v = value instanceof Tensor ? Number(value.item()) : value;
  if (typeof v !== "number")
    throw new TypeError(`[addScalar] value must be a number or a one-element tensor: got ${typeof v}`);
  return { value: [{ tag, simple_value: v }] };
}

let tfBins: number[] | null = null;
/** TensorFlow's default bucket edges: ±1e-12·1.1^k up to 1e20, and 0. */
export function tensorflowBins(): number[] {
  if (tfBins === null) {
    const pos: number[] = [];
    for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
    tfBins = [...pos.map((v) => -v).reverse(), 0, ...pos];
  }
  return tfBins;
}

/** numpy.histogram: half-open bins except the last, values outside the edges ignored. */
export function histogramCounts(values: Float64Array, edges: readonly number[]): number[] {
  const n = edges.length - 1;
  const counts = new Array<number>(n).fill(0);
  const lo = edges[0]!;
  const hi = edges[n]!;
  for (const x of values) {
    if (!(x >= lo && x <= hi)) continue;
    let a = 0;
    let b = n; // first edge > x, by binary search
    while (a < b) {
      const m = (a + b) >> 1;
      if (edges[m]! <= x) a = m + 1;
      else b = m;
    }
    counts[Math.min(a - 1, n - 1)]!++;
  }
  return counts;
}

/** Bin edges from PyTorch's `bins` argument ('tensorflow', a count over [min, max], or edges). */
function binEdges(values: Float64Array, bins: "tensorflow" | number | readonly number[]): readonly number[] {
  if (bins === "tensorflow") return tensorflowBins();
  if (typeof bins === "number") {
    if (!Number.isInteger(bins) || bins < 1)
      throw new RangeError(`[addHistogram] bins must be a positive integer: got ${bins}`);
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of values) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
    const step = (hi - lo) / bins;
    return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * step));
  }
  return bins;
}

/** `HistogramProto` trimmed to the occupied range, with one empty bin on the left, as PyTorch. */
export function histogramProto(
  values: Float64Array,
  bins: "tensorflow" | number | readonly number[],
): Record<string, unknown> {
  if (values.length === 0) throw new RangeError("[addHistogram] the input has no element");
  for (const x of values)
    if (!Number.isFinite(x)) throw new RangeError(`[addHistogram] values must be finite: got ${x}`);
  const edges = binEdges(values, bins);
  const counts = histogramCounts(values, edges);
  const start = counts.findIndex((c) => c > 0);
  let end = counts.length - 1;
  while (end >= 0 && counts[end] === 0) end--;
  if (start < 0) throw new RangeError("[addHistogram] every value lies outside the bins");
  end += 1;
  const bucket = start > 0 ? counts.slice(start - 1, end) : [0, ...counts.slice(0, end)];
  const limits = edges.slice(start, end + 1);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  for (const x of values) {
    min = Math.min(min, x);
    max = Math.max(max, x);
    sum += x;
    sumSq += x * x;
  }
  return { min, max, num: values.length, sum, sum_squares: sumSq, bucket_limit: limits, bucket };
}

/** Image dataformats PyTorch accepts. */
export type DataFormats = "CHW" | "HWC" | "HW" | "NCHW" | "NHWC";

/**
 * An image tensor as HWC uint8 with 3 or 4 channels (floats scaled by 255 and clipped; one
 * channel repeated to RGB), as PyTorch's `convert_to_HWC` + `make_image`.
 */
export function toHWC(
  img: Tensor,
  dataformats: "CHW" | "HWC" | "HW",
): { h: number; w: number; c: number; data: Uint8Array } {
  const fmt = dataformats.toUpperCase();
  if (img.ndim !== fmt.length)
    throw new RangeError(
      `[addImage] image with dataformats ${fmt} must have ${fmt.length} dims: got shape [${img.shape.join(", ")}]`,
    );
  const dims: Record<string, number> = {};
  [...fmt].forEach((d, i) => (dims[d] = img.shape[i]!));
  const h = dims.H!;
  const w = dims.W!;
  const c0 = dims.C ?? 1;
  if (![1, 3, 4].includes(c0)) throw new RangeError(`[addImage] images need 1, 3 or 4 channels: got ${c0}`);
  const scale = img.dtype === "uint8" ? 1 : 255;
  const v = img.detach().dataFloat();
  const c = c0 === 1 ? 3 : c0;
  const data = new Uint8Array(h * w * c);
  const sH = fmt === "CHW" ? w : fmt === "HWC" ? w * c0 : w;
  const sW = fmt === "HWC" ? c0 : 1;
  const sC = fmt === "CHW" ? h * w : 1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) {
        const raw = v[y * sH + x * sW + (c0 === 1 ? 0 : k) * sC]! * scale;
        data[(y * w + x) * c + k] = Number.isNaN(raw) ? 0 : Math.trunc(Math.min(255, Math.max(0, raw)));
      }
  return { h, w, c, data };
}

/** PNG-encodes an HWC uint8 image with 3 (RGB) or 4 (RGBA) channels. */
export function encodePNG(h: number, w: number, c: number, data: Uint8Array): Uint8Array {
  return encodePng(h, w, c, data);
}

/** `{ tag, image: { height, width, colorspace, encoded_image_string } }`. */
export function imageSummary(
  tag: string,
  img: { h: number; w: number; c: number; data: Uint8Array },
): Record<string, unknown> {
  const encoded = encodePNG(img.h, img.w, img.c, img.data);
  return { value: [{ tag, image: { height: img.h, width: img.w, colorspace: img.c, encoded_image_string: encoded } }] };
}

/** Tiles N images into one HWC uint8 grid, 8 columns wide, as PyTorch's `make_grid` for `add_images`. */
export function imageGrid(
  imgs: Tensor,
  dataformats: "NCHW" | "NHWC",
): { h: number; w: number; c: number; data: Uint8Array } {
  if (imgs.ndim !== 4)
    throw new RangeError(`[addImages] images must have 4 dims (${dataformats}): got shape [${imgs.shape.join(", ")}]`);
  const nhwc = dataformats === "NHWC";
  const [n, c0, h, w] = (nhwc ? [0, 3, 1, 2] : [0, 1, 2, 3]).map((d) => imgs.shape[d]!) as [
    number,
    number,
    number,
    number,
  ];
  if (![1, 3, 4].includes(c0)) throw new RangeError(`[addImages] images need 1, 3 or 4 channels: got ${c0}`);
  const ncols = Math.min(n, 8);
  const nrows = Math.ceil(n / ncols);
  const c = c0 === 1 ? 3 : c0;
  const scale = imgs.dtype === "uint8" ? 1 : 255;
  const v = imgs.detach().dataFloat();
  const W = ncols * w;
  const data = new Uint8Array(nrows * h * W * c);
  for (let i = 0; i < n; i++) {
    const oy = Math.floor(i / ncols) * h;
    const ox = (i % ncols) * w;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) {
          const kk = c0 === 1 ? 0 : k;
          const src = nhwc ? ((i * h + y) * w + x) * c0 + kk : ((i * c0 + kk) * h + y) * w + x;
          const raw = v[src]! * scale;
          data[((oy + y) * W + ox + x) * c + k] = Number.isNaN(raw) ? 0 : Math.trunc(Math.min(255, Math.max(0, raw)));
        }
  }
  return { h: nrows * h, w: W, c, data };
}

/** Text summary: a DT_STRING tensor under `<tag>/text_summary` with the text plugin. */
export function textSummary(tag: string, text: string): Record<string, unknown> {
  return {
    value: [
      {
        tag: `${tag}/text_summary`,
        metadata: {
          plugin_data: { plugin_name: "text", content: encodeMessage("tensorflow.TextPluginData", { version: 0 }) },
        },
        tensor: { dtype: "DT_STRING", string_val: [Buffer.from(text, "utf8")], tensor_shape: { dim: [{ size: 1 }] } },
      },
    ],
  };
}
