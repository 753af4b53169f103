/** Scatter plots, and scatter over a model's decision regions (or any function's contour). */
import { noGrad } from "../autograd/mode.js";
import { tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { colorScale } from "./colormaps.js";
import { toArray, toShaped, type Grid, type Series } from "./data.js";
import { Figure, type ViewSpec } from "./figure.js";
import type { ChartOptions } from "./charts.js";
import { checkArity, checkFunction } from "../util/args.js";
import { BOUNDARY_KEYS, CHART_KEYS, checkPlotOptions, CONTOUR_KEYS } from "./check.js";

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

/**
 * A function of (x, y) over a grid, as filled cells with a colormap (a loss surface or
 * probability contour), optionally with points on top.
 * @example plot.contour((a, b) => a * a + b * b, [-2, 2], [-2, 2])
 */
export function contour(
  fn: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  opts: ChartOptions & { resolution?: number; cmap?: string; points?: Grid; labels?: Series } = {},
): Figure {
  checkArity("contour", arguments.length, 4);
  checkPlotOptions("contour", opts, CONTOUR_KEYS, ["points", "labels"]);
  checkFunction("contour", "fn", fn);
  checkRange("contour", "xRange", xRange);
  checkRange("contour", "yRange", yRange);
  const res = opts.resolution ?? 60;
  const [x0, x1] = xRange;
  const [y0, y1] = yRange;
  const dx = (x1 - x0) / res;
  const dy = (y1 - y0) / res;
  const cells: Record<string, unknown>[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < res; j++)
    for (let i = 0; i < res; i++) {
      const v = fn(x0 + (i + 0.5) * dx, y0 + (j + 0.5) * dy);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      cells.push({ x: x0 + i * dx, x2: x0 + (i + 1) * dx, y: y0 + j * dy, y2: y0 + (j + 1) * dy, v });
    }
  return new Figure(
    gridView(cells, [lo, hi], xRange, yRange, opts, {
      field: "v",
      type: "quantitative",
      title: null,
      scale: colorScale(opts.cmap ?? "viridis", [lo, hi], "contour"),
    }),
  );
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
 * A classifier's decision regions over the range of `x` ([N, 2]), with the points coloured by
 * their labels. `model` maps a [M, 2] float tensor to logits/probabilities [M, K] (argmax is
 * the class) or [M] / [M, 1] scores (class 1 where > 0.5 … or > 0 for logits: `threshold`).
 * @example plot.decisionBoundary((t) => model.call(t), X, y) // fragment
 */
export function decisionBoundary(
  model: ((x: Tensor) => Tensor) | { call(x: Tensor): Tensor },
  x: Tensor,
  y?: Series,
  opts: ChartOptions & { resolution?: number; threshold?: number; margin?: number } = {},
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
