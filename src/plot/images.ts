/** `imshow` (colormaps, colorbar) and image grids with captions. */
import { Tensor } from "../tensor/tensor.js";
import { colorScale } from "./colormaps.js";
import { toShaped, type Grid } from "./data.js";
import { Figure, setSubplotView, type ViewSpec } from "./figure.js";
import { checkArity } from "../util/args.js";
import { checkPlotOptions, IMAGE_GRID_KEYS, IMSHOW_KEYS } from "./check.js";

/** Options of `imshow`. */
export interface ImshowOptions {
  /** matplotlib colormap name for 2-D images (`viridis`). */
  cmap?: string;
  vmin?: number;
  vmax?: number;
  /** Show a colorbar (default: true for a 2-D image on its own, false as a subplot, as matplotlib). */
  colorbar?: boolean;
  title?: string;
  /** A caption under the image (matplotlib's `xlabel`). */
  caption?: string;
  /** The caption's colour, e.g. `"blue"` for a right prediction (matplotlib's `xlabel(..., color=)`). */
  captionColor?: string;
  /** Hide the axes (true when there is a caption). */
  axis?: boolean;
  /** Pixels per image pixel (chosen to make the image ~140 px wide). */
  pixel?: number;
}

const hex = (v: number): string =>
  Math.round(Math.min(1, Math.max(0, v)) * 255)
    .toString(16)
    .padStart(2, "0");

/**
 * Shows a 2-D array with a colormap and colorbar, or an RGB image (`[H,W,3]`, or `[3,H,W]`
 * tensors, values in [0, 1]).
 * @example plot.imshow(trainImages.select(0, 0), { cmap: "binary" }) // fragment
 */
export function imshow(img: Grid, opts: ImshowOptions = {}): Figure {
  checkArity("imshow", arguments.length, 2);
  checkPlotOptions("imshow", opts, IMSHOW_KEYS);
  if (opts.vmin !== undefined && opts.vmax !== undefined && !(opts.vmin < opts.vmax))
    throw new RangeError(`[imshow] vmin must be < vmax: got vmin ${opts.vmin} and vmax ${opts.vmax}`);
  let { shape, values } = toShaped(img, "imshow");
  if (img instanceof Tensor && shape.length === 3 && (shape[0] === 3 || shape[0] === 1) && shape[2] !== 3) {
    // CHW → HWC
    const [c, h, w] = shape as [number, number, number];
    const out = new Array<number>(values.length);
    for (let k = 0; k < c; k++) for (let i = 0; i < h * w; i++) out[i * c + k] = values[k * h * w + i]!;
    shape = [h, w, c];
    values = out;
  }
  if (shape.length === 3 && shape[2] === 1) shape = [shape[0]!, shape[1]!];
  if (!(shape.length === 2 || (shape.length === 3 && shape[2] === 3)))
    throw new RangeError(
      `[imshow] expected a [H, W] array or an RGB image [H, W, 3] / [3, H, W]: got shape [${shape.join(", ")}]`,
    );
  const [h, w] = shape as [number, number];
  const rgb = shape.length === 3;
  const px = opts.pixel ?? Math.max(1, Math.round(140 / Math.max(h, w)));
  const data: Record<string, unknown>[] = [];
  let lo = opts.vmin ?? Infinity;
  let hi = opts.vmax ?? -Infinity;
  if (!rgb)
    for (const v of values)
      if (Number.isFinite(v)) [lo, hi] = [opts.vmin ?? Math.min(lo, v), opts.vmax ?? Math.max(hi, v)];
  if (!(lo < hi)) [lo, hi] = [Number.isFinite(lo) ? lo : 0, Number.isFinite(lo) ? lo + 1 : 1];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const k = y * w + x;
      if (rgb) data.push({ x, y, c: `#${hex(values[3 * k]!)}${hex(values[3 * k + 1]!)}${hex(values[3 * k + 2]!)}` });
      else data.push({ x, y, v: values[k] });
    }
  const hideAxis = opts.axis === false || (opts.axis === undefined && opts.caption !== undefined);
  const axis = (title: string | null, n: number): Record<string, unknown> =>
    hideAxis
      ? {
          axis: {
            labels: false,
            ticks: false,
            domain: false,
            title,
            ...(opts.captionColor !== undefined ? { titleColor: opts.captionColor } : {}),
          },
        }
      : { axis: { values: ticks(n), title: null } };
  const scale = (n: number, reverse: boolean): Record<string, unknown> => ({
    domain: [-0.5, n - 0.5],
    nice: false,
    zero: false,
    reverse,
  });
  // Cell (x, y) spans [x − 0.5, x + 0.5] × [y − 0.5, y + 0.5], so ticks sit on pixel centres.
  const view: ViewSpec = {
    ...(opts.title ? { title: opts.title } : {}),
    width: w * px,
    height: h * px,
    data: { values: data },
    transform: [
      { calculate: "datum.x - 0.5", as: "x0" },
      { calculate: "datum.x + 0.5", as: "x1" },
      { calculate: "datum.y - 0.5", as: "y0" },
      { calculate: "datum.y + 0.5", as: "y1" },
    ],
    mark: { type: "rect", strokeWidth: 0 },
    encoding: {
      x: {
        field: "x0",
        type: "quantitative",
        scale: scale(w, false),
        title: opts.caption ?? null,
        ...axis(opts.caption ?? null, w),
      },
      x2: { field: "x1" },
      y: { field: "y0", type: "quantitative", scale: scale(h, true), title: null, ...axis(null, h) },
      y2: { field: "y1" },
      color: rgb
        ? { field: "c", type: "nominal", scale: null }
        : {
            field: "v",
            type: "quantitative",
            title: null,
            scale: colorScale(opts.cmap ?? "viridis", [lo, hi], "imshow"),
            legend: (opts.colorbar ?? true) ? { type: "gradient", gradientLength: h * px } : null,
          },
    },
  };
  const fig = new Figure(view);
  if (!rgb && opts.colorbar === undefined) {
    // The colorbar was on by default: as a subplot the image goes without (matplotlib's), unless asked.
    const enc = view.encoding as Record<string, Record<string, unknown>>;
    setSubplotView(fig, { ...view, encoding: { ...enc, color: { ...enc.color, legend: null } } });
  }
  return fig;
}

/** matplotlib-like integer ticks: 0, 5, 10, … (or every 1 for tiny images). */
function ticks(n: number): number[] {
  const step = n <= 10 ? 1 : n <= 30 ? 5 : n <= 100 ? 20 : 50;
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

/**
 * A grid of images with captions (the 5×5 Fashion-MNIST figure): `images` is `[N,H,W]` or
 * `[N,1,H,W]`/`[N,3,H,W]`.
 * @example plot.imageGrid(images.narrow(0, 0, 25), { captions: labels.map((l) => classNames[l]) }) // fragment
 */
export function imageGrid(
  images: Tensor,
  opts: { captions?: string[]; cols?: number; cmap?: string; title?: string } = {},
): Figure {
  checkArity("imageGrid", arguments.length, 2);
  checkPlotOptions("imageGrid", opts, IMAGE_GRID_KEYS);
  if (!(images instanceof Tensor) || images.ndim < 3 || images.ndim > 4)
    throw new RangeError(
      `[imageGrid] expected a tensor [N, H, W] or [N, C, H, W]: got ${images instanceof Tensor ? `shape [${images.shape.join(", ")}]` : typeof images}`,
    );
  const n = images.shape[0]!;
  const cols = opts.cols ?? Math.min(n, 5);
  const rows = Math.ceil(n / cols);
  if (opts.captions !== undefined && opts.captions.length !== n)
    throw new RangeError(`[imageGrid] ${n} images but ${opts.captions.length} captions`);
  const fig = new Figure(null, { rows, cols, title: opts.title });
  for (let i = 0; i < n; i++) {
    const img = images.select(0, i);
    fig.subplot(
      i + 1,
      imshow(img, {
        cmap: opts.cmap ?? "binary",
        colorbar: false,
        caption: opts.captions?.[i] ?? "",
        axis: false,
        pixel: Math.max(1, Math.round(84 / img.shape[img.ndim - 1]!)),
      }),
    );
  }
  return fig;
}
