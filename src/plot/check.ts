/**
 * Option checks of the plot functions: each function's accepted keys (built once here) and the
 * kind of every option value, so `plot.linePlot(s, { ylabel: "loss" })` is an error naming
 * `yLabel` instead of a chart without its label.
 */
import {
  checkBool,
  checkInt,
  checkNumber,
  checkOneOf,
  checkOptions,
  describe,
  optionKeys,
  suggestKey,
} from "../util/args.js";
import { COLORMAPS } from "./colormaps.js";

const CHART = ["title", "xLabel", "yLabel", "width", "height"];
export const FIGURE_KEYS = optionKeys("rows", "cols", "title", "figsize");
const AXES = [...CHART, "figsize", "xlim", "ylim", "xticks", "yticks", "legendOrient"];
export const AXES_KEYS = optionKeys(...AXES);
export const SCATTER_SERIES_KEYS = optionKeys("label", "color", "size", "marker", "alpha", "edgecolor");
export const LINE_SERIES_KEYS = optionKeys("label", "color", "linestyle", "linewidth", "marker", "alpha");
const CONTOUR_LINES = ["levels", "labels", "cmap", "colors", "linewidth", "format", "fontSize", "colorbar"];
export const CONTOUR_LINE_KEYS = optionKeys(...CONTOUR_LINES);
export const CONTOURF_FILL_KEYS = optionKeys("levels", "cmap", "alpha", "colorbar");
export const CONTOUR_GRID_KEYS = optionKeys(...AXES, ...CONTOUR_LINES);
export const CONTOURF_GRID_KEYS = optionKeys(...AXES, "levels", "cmap", "alpha", "colorbar");
export const SURFACE_KEYS = optionKeys(
  "title",
  "xLabel",
  "yLabel",
  "zLabel",
  "width",
  "height",
  "figsize",
  "elev",
  "azim",
  "cmap",
  "alpha",
  "wireframe",
  "colorbar",
  "color",
  "linewidth",
  "rcount",
  "ccount",
  "floorContours",
);
export const CHART_KEYS = optionKeys(...CHART);
export const LINE_KEYS = optionKeys(...CHART, "logY", "points", "xDomain", "yDomain", "legendOrient");
export const BAR_KEYS = optionKeys(...CHART, "predicted", "trueLabel", "labels", "yMax");
export const HEATMAP_KEYS = optionKeys(...CHART, "xLabels", "yLabels", "cmap", "annotate", "format");
export const IMSHOW_KEYS = optionKeys(
  "cmap",
  "vmin",
  "vmax",
  "colorbar",
  "title",
  "caption",
  "captionColor",
  "axis",
  "pixel",
);
export const IMAGE_GRID_KEYS = optionKeys("captions", "cols", "cmap", "title");
export const CONTOUR_KEYS = optionKeys(...CHART, "resolution", "cmap", "points", "labels");
export const BOUNDARY_KEYS = optionKeys(...CHART, "resolution", "threshold", "margin", "probability", "colorbar");

type Kind =
  | "string"
  | "positive"
  | "count"
  | "bool"
  | "number"
  | "index"
  | "domain"
  | "strings"
  | "cmap"
  | "legend"
  | "size"
  | "ticks"
  | "unit"
  | "marker"
  | "linestyle";

const KINDS: Record<string, Kind> = {
  title: "string",
  xLabel: "string",
  yLabel: "string",
  caption: "string",
  captionColor: "string",
  format: "string",
  width: "positive",
  height: "positive",
  pixel: "positive",
  rows: "count",
  cols: "count",
  resolution: "count",
  rcount: "count",
  ccount: "count",
  logY: "bool",
  points: "bool",
  annotate: "bool",
  colorbar: "bool",
  axis: "bool",
  vmin: "number",
  vmax: "number",
  threshold: "number",
  margin: "number",
  yMax: "number",
  predicted: "index",
  trueLabel: "index",
  xDomain: "domain",
  yDomain: "domain",
  labels: "strings",
  xLabels: "strings",
  yLabels: "strings",
  captions: "strings",
  cmap: "cmap",
  legendOrient: "legend",
  zLabel: "string",
  label: "string",
  color: "string",
  colors: "string",
  edgecolor: "string",
  size: "positive",
  linewidth: "positive",
  fontSize: "positive",
  elev: "number",
  azim: "number",
  wireframe: "bool",
  probability: "bool",
  figsize: "size",
  xlim: "domain",
  ylim: "domain",
  xticks: "ticks",
  yticks: "ticks",
  alpha: "unit",
  marker: "marker",
  linestyle: "linestyle",
};

/** Scatter markers (matplotlib's letters) → Vega symbol shapes. */
export const MARKERS: Record<string, string> = {
  o: "circle",
  s: "square",
  "^": "triangle-up",
  v: "triangle-down",
  D: "diamond",
  "+": "cross",
};
const MARKER_NAMES = Object.keys(MARKERS);
/** Line styles (matplotlib's) → SVG dash arrays. */
export const LINESTYLES: Record<string, number[] | null> = {
  "-": null,
  "--": [6, 4],
  ":": [1.5, 3],
  "-.": [6, 3, 1.5, 3],
};
const LINESTYLE_NAMES = Object.keys(LINESTYLES);

const LEGEND_ORIENTS = [
  "left",
  "right",
  "top",
  "bottom",
  "top-left",
  "top-right",
  "bottom-left",
  "bottom-right",
  "none",
] as const;

/** Throws unless `cmap` names a colormap (matplotlib's names; `_r` reverses). */
export function checkCmap(op: string, cmap: unknown): void {
  if (typeof cmap !== "string") throw new TypeError(`[${op}] cmap must be a colormap name: got ${describe(cmap)}`);
  const base = cmap.endsWith("_r") ? cmap.slice(0, -2) : cmap;
  if (!Object.hasOwn(COLORMAPS, base)) {
    const hint = suggestKey(base, Object.keys(COLORMAPS));
    throw new RangeError(
      `[${op}] unknown colormap "${cmap}": ` +
        (hint !== undefined ? `did you mean "${hint}"? ` : "") +
        `expected one of ${Object.keys(COLORMAPS).join(", ")}`,
    );
  }
}

/**
 * Checks `opts` against `keys` and each given value against its kind; `skip` names keys whose
 * value the caller checks itself (contour's `points` is a grid, not a flag).
 */
export function checkPlotOptions(op: string, opts: unknown, keys: ReadonlySet<string>, skip: string[] = []): void {
  checkOptions(op, opts, keys);
  if (opts === undefined) return;
  for (const [k, v] of Object.entries(opts as Record<string, unknown>)) {
    if (v === undefined || skip.includes(k)) continue;
    switch (KINDS[k]) {
      case "string":
        if (typeof v !== "string") throw new TypeError(`[${op}] ${k} must be a string: got ${describe(v)}`);
        break;
      case "positive":
        checkNumber(op, k, v, { min: 0, minExclusive: true });
        break;
      case "count":
        checkInt(op, k, v, 1);
        break;
      case "bool":
        checkBool(op, k, v);
        break;
      case "number":
        checkNumber(op, k, v);
        break;
      case "index":
        checkInt(op, k, v);
        break;
      case "domain":
        if (!Array.isArray(v) || v.length !== 2 || !v.every((d) => typeof d === "number" && Number.isFinite(d)))
          throw new TypeError(`[${op}] ${k} must be [min, max] (two finite numbers): got ${describe(v)}`);
        if (!(v[0] < v[1])) throw new RangeError(`[${op}] ${k} must have min < max: got [${v.join(", ")}]`);
        break;
      case "strings":
        if (!Array.isArray(v) || !v.every((s) => typeof s === "string"))
          throw new TypeError(`[${op}] ${k} must be an array of strings: got ${describe(v)}`);
        break;
      case "cmap":
        checkCmap(op, v);
        break;
      case "legend":
        checkOneOf(op, k, v, LEGEND_ORIENTS);
        break;
      case "size":
        if (!Array.isArray(v) || v.length !== 2 || !v.every((d) => typeof d === "number" && Number.isFinite(d)))
          throw new TypeError(`[${op}] ${k} must be [width, height] in inches: got ${describe(v)}`);
        if (!(v[0] > 0 && v[1] > 0)) throw new RangeError(`[${op}] ${k} must be positive: got [${v.join(", ")}]`);
        break;
      case "ticks":
        if (!Array.isArray(v) || !v.every((d) => typeof d === "number" && Number.isFinite(d)))
          throw new TypeError(`[${op}] ${k} must be an array of finite numbers: got ${describe(v)}`);
        break;
      case "unit":
        checkNumber(op, k, v, { min: 0, max: 1 });
        break;
      case "marker":
        checkOneOf(op, k, v, MARKER_NAMES);
        break;
      case "linestyle":
        checkOneOf(op, k, v, LINESTYLE_NAMES);
        break;
    }
  }
}
