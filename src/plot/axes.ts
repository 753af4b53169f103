/**
 * `Axes`: several series on one pair of axes, as matplotlib's `ax.scatter`, `ax.plot`,
 * `ax.contour` and `ax.contourf` draw them: shared limits, ticks, a legend of the labelled
 * series, optional colorbars. Each call adds a layer; the Vega-Lite view is built when rendered.
 */
import { checkArity } from "../util/args.js";
import { schemeName } from "./colormaps.js";
import { toArray, type Grid, type Series } from "./data.js";
import { Figure, inchesToView, type ViewSpec } from "./figure.js";
import {
  AXES_KEYS,
  checkPlotOptions,
  CONTOUR_LINE_KEYS,
  CONTOURF_FILL_KEYS,
  LINE_SERIES_KEYS,
  LINESTYLES,
  MARKERS,
  SCATTER_SERIES_KEYS,
} from "./check.js";
import {
  bandPolygons,
  checkGrid,
  checkLevels,
  gridLevels,
  levelLines,
  type CheckedGrid,
  type Polyline,
} from "./grid.js";

/** Options of `plot.axes()` (also taken by `plot.contour`/`contourf` on a grid). */
export interface AxesOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Plot area size in pixels (300 × 240). */
  width?: number;
  height?: number;
  /** Figure size in inches, matplotlib's `figsize` (72 px per inch, axis labels included). */
  figsize?: [number, number];
  /** Axis limits `[min, max]` (matplotlib's `set_xlim`); default: the data with a 5% margin. */
  xlim?: [number, number];
  ylim?: [number, number];
  /** Tick positions (matplotlib's `set_xticks`). */
  xticks?: number[];
  yticks?: number[];
  /** Where the legend of labelled series goes ("top-right"; "none" hides it). */
  legendOrient?: string;
}

/** Options of `Axes.scatter`. */
export interface ScatterSeriesOptions {
  /** The legend entry; unlabelled series have none. */
  label?: string;
  /** Any CSS colour or a matplotlib letter ("r", "b", "k", …); default: the next of the colour cycle. */
  color?: string;
  /** Marker area in px² (30). */
  size?: number;
  /** "o" (default), "s", "^", "v", "D", "+". */
  marker?: string;
  alpha?: number;
  edgecolor?: string;
}

/** Options of `Axes.plot`. */
export interface LineSeriesOptions {
  label?: string;
  color?: string;
  /** "-" (default), "--", ":", "-.". */
  linestyle?: string;
  linewidth?: number;
  /** A marker at each point ("o", …). */
  marker?: string;
  alpha?: number;
}

/** Options of `Axes.contour` (level lines). */
export interface ContourOptions {
  /** A count of nice levels (7) or the level values, increasing. */
  levels?: number | number[];
  /** Write each level's value on its line (matplotlib's `clabel`, inline). */
  labels?: boolean;
  /** Colormap of the lines by level ("viridis"), unless `colors` gives one colour. */
  cmap?: string;
  colors?: string;
  linewidth?: number;
  /** d3 number format of the labels (shortest form of the value by default). */
  format?: string;
  fontSize?: number;
  /** A colorbar of the levels (off, as in matplotlib). */
  colorbar?: boolean;
}

/** Options of `Axes.contourf` (filled bands). */
export interface ContourfOptions {
  levels?: number | number[];
  cmap?: string;
  alpha?: number;
  /** A colorbar of the bands (off, as in matplotlib). */
  colorbar?: boolean;
}

const CYCLE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];
const LETTERS: Record<string, string> = {
  b: "#0000ff",
  g: "#008000",
  r: "#ff0000",
  c: "#00bfbf",
  m: "#bf00bf",
  y: "#bfbf00",
  k: "#000000",
  w: "#ffffff",
};
const colour = (c: string): string => LETTERS[c] ?? (/^C\d$/.test(c) ? CYCLE[Number(c[1])]! : c);

type Layer =
  | { kind: "scatter"; x: number[]; y: number[]; opts: ScatterSeriesOptions; color: string }
  | { kind: "line"; x: number[]; y: number[]; opts: LineSeriesOptions; color: string }
  | { kind: "contour"; grid: CheckedGrid; levels: number[]; opts: ContourOptions }
  | { kind: "contourf"; grid: CheckedGrid; levels: number[]; opts: ContourfOptions };

function pairs(op: string, x: Series, y: Series): [number[], number[]] {
  const xs = toArray(x, op);
  const ys = toArray(y, op);
  if (xs.length !== ys.length)
    throw new RangeError(`[${op}] x and y differ in length: got ${xs.length} and ${ys.length}`);
  return [xs, ys];
}

/** Shortest decimal form of a level (matplotlib's `%1.3f` without trailing zeros). */
const levelText = (v: number): string => String(Number(v.toFixed(3)));

/**
 * One pair of axes holding several series, matplotlib's `ax`. Every method adds a layer and
 * returns the axes; the axes is a `Figure` (save it, or place it with `fig.subplot`).
 * @example
 * const xTrain = [0.1, 0.4, 0.7], yTrain = [1.2, 1.8, 2.4], b = 1, w = 2;
 * const ax = plot.axes({ xLabel: "x", yLabel: "y" });
 * ax.scatter(xTrain, yTrain, { label: "Train" }).plot([0, 1], [b, b + w], { color: "r", label: "Model" });
 * await ax.save("fit.png");
 */
export class Axes extends Figure {
  private readonly layers: Layer[] = [];
  private readonly opts: AxesOptions;
  private cycle = 0;
  /** The plot area a grid's `figsize` gives this axes while its subplot view is built. */
  private cell: [number, number] | undefined;

  constructor(opts: AxesOptions = {}) {
    super(null);
    checkPlotOptions("axes", opts, AXES_KEYS);
    this.opts = { ...opts };
  }

  /** Changes axes options (limits, ticks, labels) after the fact. @example plot.axes().set({ ylim: [0, 3] }) */
  set(opts: AxesOptions): this {
    checkArity("Axes.set", arguments.length, 1);
    checkPlotOptions("Axes.set", opts, AXES_KEYS);
    Object.assign(this.opts, opts);
    return this;
  }

  private nextColor(c: string | undefined): string {
    return c !== undefined ? colour(c) : CYCLE[this.cycle++ % CYCLE.length]!;
  }

  /** Points at (`x[i]`, `y[i]`). @example plot.axes().scatter([0, 1, 2], [1, 3, 2], { label: "Train", color: "b" }) */
  scatter(x: Series, y: Series, opts: ScatterSeriesOptions = {}): this {
    checkArity("Axes.scatter", arguments.length, 3);
    checkPlotOptions("Axes.scatter", opts, SCATTER_SERIES_KEYS);
    const [xs, ys] = pairs("Axes.scatter", x, y);
    this.layers.push({ kind: "scatter", x: xs, y: ys, opts, color: this.nextColor(opts.color) });
    return this;
  }

  /** A line through (`x[i]`, `y[i]`) in order. @example plot.axes().plot([0, 1], [1, 3], { color: "r", linestyle: "--" }) */
  plot(x: Series, y: Series, opts: LineSeriesOptions = {}): this {
    checkArity("Axes.plot", arguments.length, 3);
    checkPlotOptions("Axes.plot", opts, LINE_SERIES_KEYS);
    const [xs, ys] = pairs("Axes.plot", x, y);
    this.layers.push({ kind: "line", x: xs, y: ys, opts, color: this.nextColor(opts.color) });
    return this;
  }

  /**
   * Level lines of a computed grid: `Z[j][i]` is the value at (`xs[i]`, `ys[j]`) (`xs`, `ys` may
   * also be meshgrids of Z's shape), found by marching squares.
   * @example
   * const bs = [0, 1, 2], ws = [0, 1, 2];
   * const losses = ws.map((w) => bs.map((b) => (b - 1) ** 2 + (w - 1) ** 2));
   * plot.axes().contour(bs, ws, losses, { levels: 10, labels: true, cmap: "jet" })
   */
  contour(xs: Series | Grid, ys: Series | Grid, Z: Grid, opts: ContourOptions = {}): this {
    checkArity("Axes.contour", arguments.length, 4);
    checkPlotOptions("Axes.contour", opts, CONTOUR_LINE_KEYS, ["levels", "labels"]);
    checkContourExtras("Axes.contour", opts);
    return this.addContour("Axes.contour", xs, ys, Z, opts);
  }

  /** `contour` once its options are checked; `op` names the caller in errors. @internal */
  addContour(op: string, xs: Series | Grid, ys: Series | Grid, Z: Grid, opts: ContourOptions): this {
    const grid = checkGrid(op, xs, ys, Z);
    // As matplotlib: only the levels inside the data's range are drawn.
    const inside = (l: number): boolean =>
      Array.isArray(opts.levels) ? l >= grid.lo && l <= grid.hi : l > grid.lo && l < grid.hi;
    this.layers.push({
      kind: "contour",
      grid,
      levels: gridLevels(grid, opts.levels).filter(inside),
      opts,
    });
    return this;
  }

  /**
   * Filled bands between levels of a computed grid (matplotlib's `contourf`); with
   * `colorbar: true`, a colorbar of the bands.
   * @example
   * const xs = [-1, 0, 1], ys = [-1, 0, 1];
   * const probs = ys.map((y) => xs.map((x) => 1 / (1 + Math.exp(-(x + y)))));
   * plot.axes().contourf(xs, ys, probs, { levels: 10, cmap: "RdBu", colorbar: true })
   */
  contourf(xs: Series | Grid, ys: Series | Grid, Z: Grid, opts: ContourfOptions = {}): this {
    checkArity("Axes.contourf", arguments.length, 4);
    checkPlotOptions("Axes.contourf", opts, CONTOURF_FILL_KEYS, ["levels"]);
    return this.addContourf("Axes.contourf", xs, ys, Z, opts);
  }

  /** `contourf` once its options are checked; `op` names the caller in errors. @internal */
  addContourf(op: string, xs: Series | Grid, ys: Series | Grid, Z: Grid, opts: ContourfOptions): this {
    checkLevels(op, opts.levels);
    if (Array.isArray(opts.levels) && opts.levels.length < 2)
      throw new RangeError(`[${op}] levels must hold at least 2 values (band edges): got ${opts.levels.length}`);
    const grid = checkGrid(op, xs, ys, Z);
    this.layers.push({ kind: "contourf", grid, levels: gridLevels(grid, opts.levels), opts });
    return this;
  }

  /** The plot area in pixels: `width`/`height`, else from `figsize`, else 300 × 240. */
  private size(): [number, number] {
    const o = this.opts;
    if (this.cell) return this.cell;
    const fromFig = o.figsize ? inchesToView(o.figsize, 1, 1) : undefined;
    return [o.width ?? fromFig?.[0] ?? 300, o.height ?? fromFig?.[1] ?? 240];
  }

  /** Data limits: the grids' extents exactly, the series' with a 5% margin (matplotlib's). */
  private limits(): { x: [number, number]; y: [number, number] } {
    const ext = (axis: "x" | "y"): [number, number] => {
      let lo = Infinity;
      let hi = -Infinity;
      let grid = false;
      for (const l of this.layers) {
        if (l.kind === "contour" || l.kind === "contourf") {
          const a = axis === "x" ? l.grid.xs : l.grid.ys;
          lo = Math.min(lo, a[0]!);
          hi = Math.max(hi, a[a.length - 1]!);
          grid = true;
        }
      }
      let slo = Infinity;
      let shi = -Infinity;
      for (const l of this.layers)
        if (l.kind === "scatter" || l.kind === "line")
          for (const v of l[axis])
            if (Number.isFinite(v)) {
              slo = Math.min(slo, v);
              shi = Math.max(shi, v);
            }
      if (slo <= shi) {
        const m = grid ? 0 : 0.05 * (shi - slo || Math.abs(slo) || 1);
        lo = Math.min(lo, slo - m);
        hi = Math.max(hi, shi + m);
      }
      if (!(lo < hi)) return lo === hi ? [lo - 1, hi + 1] : [0, 1];
      return [lo, hi];
    };
    return { x: this.opts.xlim ?? ext("x"), y: this.opts.ylim ?? ext("y") };
  }

  /** As a subplot: the view built at the cell's size (pixel-space layers depend on it). */
  override subplotView(size?: [number, number]): ViewSpec {
    this.cell = size;
    try {
      return this.view();
    } finally {
      this.cell = undefined;
    }
  }

  /** The Vega-Lite view: an invisible frame layer carrying the axes, then each series. */
  override view(): ViewSpec {
    const o = this.opts;
    const [w, h] = this.size();
    const lim = this.limits();
    const axis = (ticks: number[] | undefined): Record<string, unknown> => ({
      ...(ticks ? { values: ticks } : { tickCount: 6 }),
      labelFlush: false,
    });
    const enc = (field: string, ax: "x" | "y"): Record<string, unknown> => ({
      field,
      type: "quantitative",
      scale: { domain: ax === "x" ? lim.x : lim.y, nice: false, zero: false },
      title: (ax === "x" ? o.xLabel : o.yLabel) ?? null,
      axis: axis(ax === "x" ? o.xticks : o.yticks),
    });
    const px = (x: number): number => ((x - lim.x[0]) / (lim.x[1] - lim.x[0])) * w;
    const py = (y: number): number => h - ((y - lim.y[0]) / (lim.y[1] - lim.y[0])) * h;
    const layers: ViewSpec[] = [
      {
        data: {
          values: [
            { x: lim.x[0], y: lim.y[0] },
            { x: lim.x[1], y: lim.y[1] },
          ],
        },
        mark: { type: "point", opacity: 0 },
        encoding: { x: enc("x", "x"), y: enc("y", "y") },
      },
    ];
    // The legend: labelled scatter/line series share one colour (and shape) scale.
    const labelled = this.layers.filter(
      (l): l is Extract<Layer, { kind: "scatter" | "line" }> =>
        (l.kind === "scatter" || l.kind === "line") && l.opts.label !== undefined,
    );
    const names = labelled.map((l) => l.opts.label!);
    const legendScale = {
      domain: names,
      range: labelled.map((l) => l.color),
    };
    // Legend symbols drawn per entry (a stroke for a line, the marker for points): one colour
    // legend, no shape scale to split it from.
    const entry = (f: (l: (typeof labelled)[number]) => string | number): { value: { expr: string } } => ({
      value: { expr: `${JSON.stringify(Object.fromEntries(labelled.map((l) => [l.opts.label!, f(l)])))}[datum.value]` },
    });
    const symbols = {
      shape: entry((l) =>
        l.kind === "line"
          ? l.opts.marker !== undefined
            ? MARKERS[l.opts.marker]!
            : "stroke"
          : MARKERS[l.opts.marker ?? "o"]!,
      ),
    };
    const showLegend = names.length > 0 && o.legendOrient !== "none";
    const legend = showLegend
      ? {
          orient: o.legendOrient ?? "top-left",
          title: null,
          labelLimit: 400,
          symbolStrokeWidth: 2,
          encoding: { symbols },
        }
      : null;
    let contourScales = 0;
    // Series between contours share a nested layer, so their colour and shape legends merge.
    let run: ViewSpec[] = [];
    const flush = (): void => {
      if (run.length > 0) layers.push({ layer: run });
      run = [];
    };
    for (const l of this.layers) {
      if (l.kind === "scatter" || l.kind === "line") {
        const name = l.opts.label;
        const values = l.x.map((x, i) => ({ x, y: l.y[i], s: name ?? "" }));
        const colorEnc =
          name === undefined
            ? {}
            : {
                color: { field: "s", type: "nominal", scale: legendScale, legend },
              };
        if (l.kind === "scatter")
          run.push({
            data: { values },
            mark: {
              type: "point",
              filled: true,
              clip: true,
              shape: MARKERS[l.opts.marker ?? "o"],
              size: l.opts.size ?? 30,
              opacity: l.opts.alpha ?? 1,
              color: l.color,
              ...(l.opts.edgecolor !== undefined ? { stroke: colour(l.opts.edgecolor), strokeWidth: 0.8 } : {}),
            },
            encoding: { x: enc("x", "x"), y: enc("y", "y"), ...colorEnc },
          });
        else {
          const dash = LINESTYLES[l.opts.linestyle ?? "-"];
          run.push({
            data: { values: values.map((v, i) => ({ ...v, k: i })) },
            mark: {
              type: "line",
              clip: true,
              color: l.color,
              strokeWidth: l.opts.linewidth ?? 1.8,
              opacity: l.opts.alpha ?? 1,
              ...(dash ? { strokeDash: dash } : {}),
              ...(l.opts.marker !== undefined
                ? { point: { filled: true, shape: MARKERS[l.opts.marker], color: l.color, size: 30 } }
                : {}),
            },
            encoding: {
              x: enc("x", "x"),
              y: enc("y", "y"),
              order: { field: "k", type: "quantitative" },
              ...(name === undefined ? {} : { color: colorEnc.color }),
            },
          });
        }
      } else if (l.kind === "contourf") {
        flush();
        layers.push(nest(contourfLayers(l.grid, l.levels, l.opts, px, py, h, contourScales++)));
      } else {
        flush();
        layers.push(nest(contourLayers(l.grid, l.levels, l.opts, px, py, h, contourScales++)));
      }
    }
    flush();
    return {
      ...(o.title ? { title: o.title } : {}),
      width: w,
      height: h,
      layer: layers,
      resolve: {
        scale: { fill: "independent", stroke: "independent" },
        legend: { fill: "independent", stroke: "independent" },
      },
    };
  }
}

/**
 * A contour's layers in their own layer whose fill/stroke scales stay its own, so the series'
 * colour and shape scales above still merge into one legend.
 */
function nest(layers: ViewSpec[]): ViewSpec {
  return {
    layer: layers,
    resolve: {
      scale: { fill: "independent", stroke: "independent" },
      legend: { fill: "independent", stroke: "independent" },
    },
  };
}

/** Checks contour's `levels` and `labels` (a flag here, point labels in the function form). */
export function checkContourExtras(op: string, opts: { levels?: unknown; labels?: unknown }): void {
  checkLevels(op, opts.levels);
  if (opts.labels !== undefined && typeof opts.labels !== "boolean")
    throw new TypeError(
      `[${op}] labels must be a boolean (write the level values on the lines): got ${typeof opts.labels}`,
    );
}

const fmt = (v: number): string => String(Math.round(v * 10) / 10);

/** An SVG path of polygons (pixel coordinates) drawn as one filled symbol. */
function pathOf(polys: [number, number][][], px: (x: number) => number, py: (y: number) => number): string {
  let s = "";
  for (const p of polys) {
    s += "M" + p.map(([x, y]) => `${fmt(px(x))},${fmt(py(y))}`).join("L") + "Z";
  }
  return s;
}

function bandScale(cmap: string, levels: number[]): Record<string, unknown> {
  const { scheme, reverse } = schemeName(cmap);
  return { type: "threshold", domain: levels.slice(1, -1), scheme, reverse };
}

/**
 * Filled bands as one symbol path per band in pixel space (Vega-Lite has no polygon mark; a
 * symbol of size 4 draws its custom path at scale 1), stroked in their own colour so
 * neighbouring bands leave no anti-aliasing seams; a colorbar layer when asked.
 */
function contourfLayers(
  grid: CheckedGrid,
  levels: number[],
  opts: ContourfOptions,
  px: (x: number) => number,
  py: (y: number) => number,
  h: number,
  n: number,
): ViewSpec[] {
  const bands = bandPolygons(grid, levels);
  const cmap = opts.cmap ?? "viridis";
  const values = bands
    .map((polys, k) => ({ path: pathOf(polys, px, py), v: (levels[k]! + levels[k + 1]!) / 2 }))
    .filter((b) => b.path.length > 0);
  const scale = bandScale(cmap, levels);
  const out: ViewSpec[] = [
    {
      data: { values },
      // Stroked in their own colour to close anti-aliasing seams between bands; not when
      // translucent (a renderer may apply the opacity to fill and stroke apart, outlining every piece).
      mark: {
        type: "point",
        filled: true,
        clip: true,
        opacity: opts.alpha ?? 1,
        strokeWidth: (opts.alpha ?? 1) < 1 ? 0 : 0.6,
      },
      encoding: {
        x: { value: 0 },
        y: { value: 0 },
        size: { value: 4 },
        shape: { field: "path", type: "nominal", scale: null },
        fill: { field: "v", type: "quantitative", scale, legend: null },
        stroke: { field: "v", type: "quantitative", scale, legend: null },
      },
    },
  ];
  if (opts.colorbar) out.push(colorbarLayer(levels, scale, h, n, opts.alpha));
  return out;
}

/** An invisible rect layer whose fill scale gives a (discrete) gradient legend: the colorbar. */
export function colorbarLayer(
  levels: number[],
  scale: Record<string, unknown>,
  h: number,
  n: number,
  alpha?: number,
): ViewSpec {
  const mids = levels.slice(0, -1).map((l, k) => (l + levels[k + 1]!) / 2);
  return {
    data: { values: mids.map((v) => ({ v })) },
    mark: { type: "rect", opacity: 0 },
    encoding: {
      x: { value: 0 },
      y: { value: 0 },
      x2: { value: 0 },
      y2: { value: 0 },
      fill: {
        field: "v",
        type: "quantitative",
        scale,
        legend: {
          type: "gradient",
          title: null,
          orient: n === 0 ? "right" : "left",
          gradientLength: h,
          gradientThickness: 14,
          values: levels,
          labelOverlap: "greedy",
          ...(alpha !== undefined ? { gradientOpacity: alpha } : {}),
        },
      },
    },
  };
}

/** Splits polylines (pixel space) around label centres, leaving a gap of `r` pixels. */
function cut(line: [number, number][], centre: [number, number], r: number): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  for (const p of line) {
    if (Math.hypot(p[0] - centre[0], p[1] - centre[1]) < r) {
      if (cur.length > 1) out.push(cur);
      cur = [];
    } else cur.push(p);
  }
  if (cur.length > 1) out.push(cur);
  return out;
}

/**
 * Level lines (one Vega-Lite line per polyline, coloured by level), and with `labels` each
 * level's value written along its longer lines in a gap cut out of the line, as `clabel` does.
 */
function contourLayers(
  grid: CheckedGrid,
  levels: number[],
  opts: ContourOptions,
  px: (x: number) => number,
  py: (y: number) => number,
  h: number,
  n: number,
): ViewSpec[] {
  const fontSize = opts.fontSize ?? 9;
  const lines: { x: number; y: number; id: number; k: number; level: number }[] = [];
  const texts: { x: number; y: number; text: string; angle: number; level: number }[] = [];
  let id = 0;
  for (const level of levels) {
    const polys: Polyline[] = levelLines(grid, level);
    const text = opts.format === undefined ? levelText(level) : "";
    const textPx = Math.max(1, (opts.format === undefined ? text.length : 5) * fontSize * 0.62);
    for (const poly of polys) {
      let pixel = poly.pts.map(([x, y]) => [px(x), py(y)] as [number, number]);
      let pieces = [pixel];
      if (opts.labels) {
        let len = 0;
        const acc = [0];
        for (let i = 1; i < pixel.length; i++) {
          len += Math.hypot(pixel[i]![0] - pixel[i - 1]![0], pixel[i]![1] - pixel[i - 1]![1]);
          acc.push(len);
        }
        if (len > 3 * textPx) {
          // The label at half the line's length, rotated along it (kept upright).
          let i = acc.findIndex((a) => a >= len / 2);
          i = Math.max(1, i);
          const a = pixel[i - 1]!;
          const b = pixel[i]!;
          const t = acc[i]! > acc[i - 1]! ? (len / 2 - acc[i - 1]!) / (acc[i]! - acc[i - 1]!) : 0;
          const c: [number, number] = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
          let angle = (Math.atan2(b[1] - a[1], b[0] - a[0]) * 180) / Math.PI;
          if (angle > 90) angle -= 180;
          if (angle < -90) angle += 180;
          if (poly.closed) pixel = [...pixel.slice(0, -1), ...pixel.slice(0, 1)];
          pieces = cut(pixel, c, textPx / 2 + 2);
          texts.push({ x: c[0], y: c[1], text, angle, level });
        }
      }
      for (const piece of pieces) {
        piece.forEach(([x, y], k) => lines.push({ x, y, id, k, level }));
        id++;
      }
    }
  }
  // Lines are kept in pixel space too (scale: null), so cut pieces and labels line up exactly.
  const { scheme, reverse } = schemeName(opts.cmap ?? "viridis");
  const lo = levels[0] ?? 0;
  const hi = levels[levels.length - 1] ?? 1;
  const scale = { type: "linear", scheme, reverse, domain: lo < hi ? [lo, hi] : [lo - 1, lo + 1] };
  const color =
    opts.colors !== undefined
      ? { value: colour(opts.colors) }
      : { field: "level", type: "quantitative", scale, legend: null };
  const out: ViewSpec[] = [
    {
      data: { values: lines },
      mark: { type: "line", clip: true, strokeWidth: opts.linewidth ?? 1.2, strokeJoin: "round" },
      encoding: {
        x: { field: "x", type: "quantitative", scale: null },
        y: { field: "y", type: "quantitative", scale: null },
        detail: { field: "id", type: "nominal" },
        order: { field: "k", type: "quantitative" },
        stroke: color,
      },
    },
  ];
  if (texts.length > 0)
    out.push({
      data: { values: texts },
      mark: { type: "text", fontSize, align: "center", baseline: "middle", clip: true },
      encoding: {
        x: { field: "x", type: "quantitative", scale: null },
        y: { field: "y", type: "quantitative", scale: null },
        angle: { field: "angle", type: "quantitative", scale: null },
        text:
          opts.format !== undefined ? { field: "level", type: "quantitative", format: opts.format } : { field: "text" },
        fill: opts.colors !== undefined ? { value: colour(opts.colors) } : { ...color, legend: null },
      },
    });
  if (opts.colorbar && levels.length > 0) out.push(colorbarLayer(levels, scale, h, n));
  return out;
}

/**
 * Empty axes to draw several series on (matplotlib's `fig, ax = plt.subplots()`).
 * @example
 * const x = [0.1, 0.4, 0.7, 0.9], y = [1.2, 1.8, 2.4, 2.8];
 * const yHat = x.map((v) => 1 + 2 * v);
 * const ax = plot.axes({ figsize: [6, 4], xlim: [0, 1] }).scatter(x, y).plot(x, yHat, { color: "r" });
 */
export function axes(opts: AxesOptions = {}): Axes {
  checkArity("axes", arguments.length, 1);
  return new Axes(opts);
}
