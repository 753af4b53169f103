/** Scatter plots, and scatter over a model's decision regions (or any function's contour). */
import { noGrad } from "../autograd/mode.js";
import { tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { toArray, toShaped, type Grid, type Series } from "./data.js";
import { Figure, type ViewSpec } from "./figure.js";
import type { ChartOptions } from "./charts.js";
import { checkArity, checkFunction } from "../util/args.js";
import {
  AXES_KEYS,
  BOUNDARY_KEYS,
  CHART_KEYS,
  checkPlotOptions,
  CONTOUR_GRID_KEYS,
  CONTOUR_KEYS,
  CONTOURF_GRID_KEYS,
} from "./check.js";
import { Axes, checkContourExtras, type AxesOptions, type ContourfOptions, type ContourOptions } from "./axes.js";

const PALETTE = [
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

function checkRange(op: string, name: string, r: unknown): void {
  if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === "number" && Number.isFinite(v)))
    throw new TypeError(
      `[${op}] ${name} must be [min, max] (two finite numbers): got ${JSON.stringify(r) ?? typeof r}`,
    );
  if (!(r[0] < r[1])) throw new RangeError(`[${op}] ${name} must have min < max: got [${r.join(", ")}]`);
}

function points(x: Grid, labels: Series | undefined, op: string): Record<string, unknown>[] {
  const { shape, values } = toShaped(x, op);
  if (shape.length !== 2 || shape[1] !== 2)
    throw new RangeError(`[${op}] points must have shape [N, 2]: got [${shape.join(", ")}]`);
  const lab = labels === undefined ? undefined : toArray(labels, op);
  if (lab !== undefined && lab.length !== shape[0])
    throw new RangeError(`[${op}] ${shape[0]} points but ${lab.length} labels`);
  return Array.from({ length: shape[0]! }, (_, i) => ({
    x: values[2 * i],
    y: values[2 * i + 1],
    label: lab === undefined ? "" : String(lab[i]),
  }));
}

function pointLayer(data: Record<string, unknown>[], opts: ChartOptions, withLabels: boolean): ViewSpec {
  return {
    data: { values: data },
    mark: { type: "circle", size: 30, opacity: 0.9, stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x: { field: "x", type: "quantitative", title: opts.xLabel ?? "", scale: { zero: false, nice: false } },
      y: { field: "y", type: "quantitative", title: opts.yLabel ?? "", scale: { zero: false, nice: false } },
      ...(withLabels ? { color: { field: "label", type: "nominal", title: null, scale: { range: PALETTE } } } : {}),
    },
  };
}

/**
 * Points coloured by label.
 * @example plot.scatter(X, y, { xLabel: "x1", yLabel: "x2" }) // fragment
 */
export function scatter(x: Grid, labels?: Series, opts: ChartOptions = {}): Figure {
  checkArity("scatter", arguments.length, 3);
  checkPlotOptions("scatter", opts, CHART_KEYS);
  const layer = pointLayer(points(x, labels, "scatter"), opts, labels !== undefined);
  return new Figure({
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? 300,
    height: opts.height ?? 300,
    ...layer,
  });
}

/** Options of `contour`/`contourf` on a computed grid: the axes' and the level lines'/bands'. */
export type ContourGridOptions = AxesOptions & ContourOptions;
export type ContourfGridOptions = AxesOptions & ContourfOptions;

/** Splits `opts` into the axes' options and the rest. */
function split<T extends object>(opts: T): [AxesOptions, Partial<T>] {
  const ax: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) (AXES_KEYS.has(k) ? ax : rest)[k] = v;
  return [ax as AxesOptions, rest as Partial<T>];
}

/**
 * Level lines of a computed grid (matplotlib's `contour(xs, ys, Z)`): `Z[j][i]` is the value at
 * (`xs[i]`, `ys[j]`), `levels` a count or the values, `labels: true` writes them on the lines.
 * The older form `contour(fn, xRange, yRange, { resolution, cmap, points, labels })` evaluates
 * `fn` on a grid and draws filled bands with dark level lines (and `points` coloured by `labels`).
 * @example
 * const bs = [0, 1, 2], ws = [0, 1, 2];
 * const losses = ws.map((w) => bs.map((b) => (b - 1) ** 2 + (w - 1) ** 2));
 * plot.contour(bs, ws, losses, { levels: 10, labels: true, cmap: "jet", xLabel: "b", yLabel: "w" })
 */
export function contour(
  xs: Series | Grid | ((x: number, y: number) => number),
  ys: Series | Grid | [number, number],
  Z?: Grid | [number, number],
  opts:
    ContourGridOptions | (ChartOptions & { resolution?: number; cmap?: string; points?: Grid; labels?: Series }) = {},
): Figure {
  checkArity("contour", arguments.length, 4);
  const isRange = (r: unknown): boolean => Array.isArray(r) && r.length === 2 && r.every((v) => typeof v === "number");
  if (typeof xs === "function" || (isRange(ys) && isRange(Z)))
    return contourOfFunction(
      xs as (x: number, y: number) => number,
      ys as [number, number],
      Z as [number, number],
      opts as FnContourOptions,
    );
  checkPlotOptions("contour", opts, CONTOUR_GRID_KEYS, ["levels", "labels"]);
  checkContourExtras("contour", opts as ContourOptions);
  const [ax, rest] = split(opts as ContourGridOptions);
  return new Axes(ax).addContour("contour", xs, ys as Series, Z as Grid, rest);
}

/**
 * Filled bands between levels of a computed grid (matplotlib's `contourf(xs, ys, Z)`), with a
 * colorbar when `colorbar: true`.
 * @example
 * const xs = [-1, 0, 1], ys = [-1, 0, 1];
 * const probs = ys.map((y) => xs.map((x) => 1 / (1 + Math.exp(-(x + y)))));
 * plot.contourf(xs, ys, probs, { levels: 10, cmap: "RdBu", colorbar: true })
 */
export function contourf(xs: Series | Grid, ys: Series | Grid, Z: Grid, opts: ContourfGridOptions = {}): Figure {
  checkArity("contourf", arguments.length, 4);
  checkPlotOptions("contourf", opts, CONTOURF_GRID_KEYS, ["levels"]);
  const [ax, rest] = split(opts);
  return new Axes(ax).addContourf("contourf", xs, ys, Z, rest);
}

type FnContourOptions = ChartOptions & { resolution?: number; cmap?: string; points?: Grid; labels?: Series };

function contourOfFunction(
  fn: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  opts: FnContourOptions,
): Figure {
  checkPlotOptions("contour", opts, CONTOUR_KEYS, ["points", "labels"]);
  checkFunction("contour", "fn", fn);
  checkRange("contour", "xRange", xRange);
  checkRange("contour", "yRange", yRange);
  const res = opts.resolution ?? 60;
  const xs = Array.from({ length: res + 1 }, (_, i) => xRange[0] + ((xRange[1] - xRange[0]) * i) / res);
  const ys = Array.from({ length: res + 1 }, (_, j) => yRange[0] + ((yRange[1] - yRange[0]) * j) / res);
  const Z = ys.map((y) => xs.map((x) => fn(x, y)));
  const ax = new Axes({
    title: opts.title,
    xLabel: opts.xLabel,
    yLabel: opts.yLabel,
    width: opts.width ?? 300,
    height: opts.height ?? 300,
  });
  ax.contourf(xs, ys, Z, { cmap: opts.cmap ?? "viridis", levels: 10 });
  ax.contour(xs, ys, Z, { levels: 10, colors: "#333333", linewidth: 0.5 });
  if (opts.points !== undefined) {
    const pts = points(opts.points, opts.labels, "contour");
    const groups = new Map<string, Record<string, unknown>[]>();
    for (const p of pts) groups.set(p.label as string, [...(groups.get(p.label as string) ?? []), p]);
    for (const [name, g] of groups)
      ax.scatter(
        g.map((p) => p.x as number),
        g.map((p) => p.y as number),
        { edgecolor: "k", ...(name !== "" ? { label: name } : {}) },
      );
  }
  return ax;
}

function gridView(
  cells: Record<string, unknown>[],
  _domain: [number, number],
  xRange: [number, number],
  yRange: [number, number],
  opts: ChartOptions & { points?: Grid; labels?: Series },
  color: Record<string, unknown>,
): ViewSpec {
  const layers: ViewSpec[] = [
    {
      data: { values: cells },
      // Cells stroked in their own colour: no hairline seams between anti-aliased rects.
      mark: { type: "rect", strokeWidth: 0.5 },
      encoding: {
        x: {
          field: "x",
          type: "quantitative",
          scale: { domain: xRange, nice: false, zero: false },
          title: opts.xLabel ?? "",
        },
        x2: { field: "x2" },
        y: {
          field: "y",
          type: "quantitative",
          scale: { domain: yRange, nice: false, zero: false },
          title: opts.yLabel ?? "",
        },
        y2: { field: "y2" },
        color,
        stroke: { ...color, legend: null },
      },
    },
  ];
  if (opts.points !== undefined) {
    const p = pointLayer(points(opts.points, opts.labels, "decisionBoundary"), opts, false);
    const enc = p.encoding as Record<string, unknown>;
    if (opts.labels !== undefined)
      enc.fill = { field: "label", type: "nominal", title: null, scale: { range: PALETTE } };
    p.mark = { type: "point", filled: true, size: 30, stroke: "black", strokeWidth: 0.6, shape: "circle" };
    layers.push(p);
  }
  return {
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? 300,
    height: opts.height ?? 300,
    layer: layers,
    resolve: {
      scale: { color: "independent", stroke: "independent", fill: "independent" },
      legend: { stroke: "independent", fill: "independent" },
    },
  };
}

/**
 * The book's chapter 3 figure: a binary model's probability (its [M] / [M, 1] output, or column
 * 1 of [M, 2]) as filled contours in tenths (RdBu), the `threshold` level line in black and the
 * points on top, class 0 red and class 1 blue.
 */
function probabilityShading(
  f: (x: Tensor) => Tensor,
  x: Tensor,
  pts: Record<string, unknown>[],
  xRange: [number, number],
  yRange: [number, number],
  res: number,
  opts: ChartOptions & { threshold?: number; colorbar?: boolean },
): Figure {
  const xs = Array.from({ length: res + 1 }, (_, i) => xRange[0] + ((xRange[1] - xRange[0]) * i) / res);
  const ys = Array.from({ length: res + 1 }, (_, j) => yRange[0] + ((yRange[1] - yRange[0]) * j) / res);
  const flat = new Float64Array((res + 1) * (res + 1) * 2);
  ys.forEach((b, j) =>
    xs.forEach((a, i) => {
      flat[2 * (j * (res + 1) + i)] = a;
      flat[2 * (j * (res + 1) + i) + 1] = b;
    }),
  );
  const input = tensor(x.dtype === "float64" ? flat : Float32Array.from(flat)).reshape([(res + 1) ** 2, 2]);
  const out = noGrad(() => f(input));
  const k = out.ndim === 2 ? out.shape[1]! : 1;
  if (k > 2)
    throw new RangeError(
      `[decisionBoundary] probability shading needs a binary model ([M], [M, 1] or [M, 2] output): got [${out.shape.join(", ")}]`,
    );
  const o = out.detach().dataFloat();
  const p = Array.from({ length: (res + 1) ** 2 }, (_, r) => o[r * k + k - 1]!);
  const Z = ys.map((_, j) => p.slice(j * (res + 1), (j + 1) * (res + 1)));
  const inUnit = p.every((v) => v >= 0 && v <= 1);
  const ax = new Axes({
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    ...(opts.xLabel !== undefined ? { xLabel: opts.xLabel } : {}),
    ...(opts.yLabel !== undefined ? { yLabel: opts.yLabel } : {}),
    width: opts.width ?? 300,
    height: opts.height ?? 300,
    xlim: xRange,
    ylim: yRange,
  });
  ax.contourf(xs, ys, Z, {
    cmap: "RdBu",
    alpha: 0.8,
    colorbar: opts.colorbar ?? false,
    ...(inUnit ? { levels: Array.from({ length: 11 }, (_, i) => i / 10) } : {}),
  });
  ax.contour(xs, ys, Z, { levels: [opts.threshold ?? 0.5], colors: "k", linewidth: 1 });
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const q of pts) groups.set(q.label as string, [...(groups.get(q.label as string) ?? []), q]);
  const colours = ["#ff0000", "#0000ff", "#2ca02c", "#ff7f0e"];
  [...groups.keys()].sort().forEach((name, c) =>
    ax.scatter(
      groups.get(name)!.map((q) => q.x as number),
      groups.get(name)!.map((q) => q.y as number),
      { color: colours[c % colours.length]!, edgecolor: "k", ...(name !== "" ? { label: name } : {}) },
    ),
  );
  return ax;
}

/**
 * A classifier's decision regions over the range of `x` ([N, 2]), with the points coloured by
 * their labels. `model` maps a [M, 2] float tensor to logits/probabilities [M, K] (argmax is
 * the class) or [M] / [M, 1] scores (class 1 where > 0.5 … or > 0 for logits: `threshold`).
 * With `probability: true` the regions are shaded by the predicted probability instead (filled
 * contours in tenths, the `threshold` line, `colorbar` on request), as the book's chapter 3.
 * @example
 * const X = torch.tensor([[0, 0], [1, 1], [0, 1], [1, 0]], { dtype: torch.float32 }), y = torch.tensor([0, 1, 0, 1]);
 * const model = new nn.Linear(2, 1);
 * plot.decisionBoundary((t) => torch.sigmoid(model.call(t)), X, y, { probability: true, colorbar: true })
 */
export function decisionBoundary(
  model: ((x: Tensor) => Tensor) | { call(x: Tensor): Tensor },
  x: Tensor,
  y?: Series,
  opts: ChartOptions & {
    resolution?: number;
    threshold?: number;
    margin?: number;
    probability?: boolean;
    colorbar?: boolean;
  } = {},
): Figure {
  checkArity("decisionBoundary", arguments.length, 4);
  checkPlotOptions("decisionBoundary", opts, BOUNDARY_KEYS);
  if (typeof model !== "function" && typeof (model as { call?: unknown })?.call !== "function")
    throw new TypeError(`[decisionBoundary] model must be a function or have call(x): got ${typeof model}`);
  if (opts.margin !== undefined && opts.margin < 0)
    throw new RangeError(`[decisionBoundary] margin must be >= 0: got ${opts.margin}`);
  const pts = points(x, y, "decisionBoundary");
  const xs = pts.map((p) => p.x as number);
  const ys = pts.map((p) => p.y as number);
  const m = opts.margin ?? 0.5;
  const xRange: [number, number] = [Math.min(...xs) - m, Math.max(...xs) + m];
  const yRange: [number, number] = [Math.min(...ys) - m, Math.max(...ys) + m];
  const res = opts.resolution ?? 80;
  const grid = new Float64Array(res * res * 2);
  const dx = (xRange[1] - xRange[0]) / res;
  const dy = (yRange[1] - yRange[0]) / res;
  for (let j = 0; j < res; j++)
    for (let i = 0; i < res; i++) {
      grid[2 * (j * res + i)] = xRange[0] + (i + 0.5) * dx;
      grid[2 * (j * res + i) + 1] = yRange[0] + (j + 0.5) * dy;
    }
  const f = typeof model === "function" ? model : (t: Tensor) => model.call(t);
  if (opts.probability) return probabilityShading(f, x, pts, xRange, yRange, res, opts);
  const input = tensor(x.dtype === "float64" ? grid : Float32Array.from(grid)).reshape([res * res, 2]);
  const out = noGrad(() => f(input));
  const o = out.detach().dataFloat();
  const k = out.ndim === 2 ? out.shape[1]! : 1;
  const cls = new Array<number>(res * res);
  for (let r = 0; r < res * res; r++) {
    if (k === 1) cls[r] = o[r]! > (opts.threshold ?? 0.5) ? 1 : 0;
    else {
      let best = 0;
      for (let c = 1; c < k; c++) if (o[r * k + c]! > o[r * k + best]!) best = c;
      cls[r] = best;
    }
  }
  const cells = cls.map((c, r) => {
    const i = r % res;
    const j = Math.floor(r / res);
    return {
      x: xRange[0] + i * dx,
      x2: xRange[0] + (i + 1) * dx,
      y: yRange[0] + j * dy,
      y2: yRange[0] + (j + 1) * dy,
      label: String(c),
    };
  });
  const light = [
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#c7c7c7",
    "#dbdb8d",
    "#9edae5",
  ];
  return new Figure(
    gridView(
      cells,
      [0, 1],
      xRange,
      yRange,
      { ...opts, points: x, labels: y },
      { field: "label", type: "nominal", title: null, scale: { range: light }, legend: null },
    ),
  );
}
