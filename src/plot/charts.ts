/** Line plots (losses), bar charts (prediction probabilities), heatmaps (confusion matrices), ROC/PR curves. */
import { colorScale } from "./colormaps.js";
import { toArray, toShaped, type Grid, type Series } from "./data.js";
import { Figure } from "./figure.js";
import { checkArity } from "../util/args.js";
import { BAR_KEYS, checkPlotOptions, HEATMAP_KEYS, LINE_KEYS } from "./check.js";

/** Common chart options. */
export interface ChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

/** Options of `linePlot` (also taken by `plotLosses`, `rocCurve`, `prCurve`). */
export interface LineOptions extends ChartOptions {
  logY?: boolean;
  points?: boolean;
  xDomain?: [number, number];
  yDomain?: [number, number];
  legendOrient?: string;
}

const titled = (o: ChartOptions): Record<string, unknown> => (o.title ? { title: o.title } : {});

/**
 * Lines, one per named series, with a legend; `x` defaults to 1, 2, … as epochs.
 * @example plot.linePlot({ train: losses, val: valLosses }, { xLabel: "Epoch" }).save("loss.png")
 */
export function linePlot(series: Record<string, Series | { x: Series; y: Series }>, opts: LineOptions = {}): Figure {
  checkArity("linePlot", arguments.length, 2);
  checkPlotOptions("linePlot", opts, LINE_KEYS);
  if (series === null || typeof series !== "object" || Array.isArray(series) || ArrayBuffer.isView(series))
    throw new TypeError(
      `[linePlot] series must be an object of named series such as { train: losses }: got ${Array.isArray(series) ? "an array" : typeof series}`,
    );
  const values: { x: number; y: number; series: string }[] = [];
  const names = Object.keys(series);
  if (names.length === 0) throw new RangeError("[linePlot] needs at least one series");
  for (const name of names) {
    const s = series[name]!;
    const isXY = typeof s === "object" && s !== null && "y" in s && "x" in s;
    const y = toArray(isXY ? s.y : (s as Series), "linePlot");
    const x = isXY ? toArray(s.x, "linePlot") : y.map((_, i) => i + 1);
    if (x.length !== y.length)
      throw new RangeError(`[linePlot] series '${name}' has ${x.length} x values and ${y.length} y values`);
    y.forEach((v, i) => values.push({ x: x[i]!, y: v, series: name }));
  }
  return new Figure({
    ...titled(opts),
    width: opts.width ?? 360,
    height: opts.height ?? 240,
    data: { values },
    mark: { type: "line", point: opts.points ?? false, strokeWidth: 1.8 },
    encoding: {
      x: {
        field: "x",
        type: "quantitative",
        title: opts.xLabel ?? "",
        scale: opts.xDomain ? { domain: opts.xDomain } : { zero: false },
      },
      y: {
        field: "y",
        type: "quantitative",
        title: opts.yLabel ?? "",
        scale: opts.logY ? { type: "log" } : opts.yDomain ? { domain: opts.yDomain } : { zero: false },
      },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        sort: names,
        scale: { range: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"] },
        legend: { orient: opts.legendOrient ?? "top-right" },
      },
    },
  });
}

/**
 * Training (and validation) loss per epoch, as the tutorials' matplotlib plot.
 * @example await plot.plotLosses(losses, valLosses).save("losses.png")
 */
export function plotLosses(losses: Series, valLosses?: Series, opts: LineOptions = {}): Figure {
  checkArity("plotLosses", arguments.length, 3);
  checkPlotOptions("plotLosses", opts, LINE_KEYS);
  const series: Record<string, Series> = { "Training loss": losses };
  if (valLosses !== undefined) series["Validation loss"] = valLosses;
  return linePlot(series, { xLabel: "Epoch", yLabel: "Loss", ...opts });
}

/**
 * Bars of class probabilities: the predicted bar red, the true bar blue, the rest grey (the
 * TensorFlow classification tutorial's `plot_value_array`).
 * @example plot.barChart(probs, { predicted: 3, trueLabel: 3, labels: classNames }) // fragment
 */
export function barChart(
  values: Series,
  opts: ChartOptions & { predicted?: number; trueLabel?: number; labels?: string[]; yMax?: number } = {},
): Figure {
  checkArity("barChart", arguments.length, 2);
  checkPlotOptions("barChart", opts, BAR_KEYS);
  const v = toArray(values, "barChart");
  const labels = opts.labels ?? v.map((_, i) => String(i));
  if (labels.length !== v.length) throw new RangeError(`[barChart] ${v.length} values but ${labels.length} labels`);
  const color = (i: number): string => (i === opts.trueLabel ? "blue" : i === opts.predicted ? "red" : "#777777");
  return new Figure({
    ...titled(opts),
    width: opts.width ?? 240,
    height: opts.height ?? 180,
    data: { values: v.map((y, i) => ({ label: labels[i], y, color: color(i), i })) },
    mark: "bar",
    encoding: {
      x: {
        field: "label",
        type: "nominal",
        sort: { field: "i" },
        title: opts.xLabel ?? "",
        axis: { labelAngle: labels.some((l) => l.length > 2) ? -45 : 0 },
      },
      y: {
        field: "y",
        type: "quantitative",
        title: opts.yLabel ?? "",
        scale: { domain: [0, opts.yMax ?? Math.max(1, ...v)] },
      },
      color: { field: "color", type: "nominal", scale: null },
    },
  });
}

/**
 * A matrix as coloured cells with the values written in them (a confusion matrix by default:
 * rows true, columns predicted).
 * @example plot.heatmap(confusion, { xLabels: classNames, yLabels: classNames }) // fragment
 */
export function heatmap(
  matrix: Grid,
  opts: ChartOptions & {
    xLabels?: string[];
    yLabels?: string[];
    cmap?: string;
    annotate?: boolean;
    format?: string;
  } = {},
): Figure {
  checkArity("heatmap", arguments.length, 2);
  checkPlotOptions("heatmap", opts, HEATMAP_KEYS);
  const { shape, values } = toShaped(matrix, "heatmap");
  if (shape.length !== 2) throw new RangeError(`[heatmap] expected a 2-D matrix: got shape [${shape.join(", ")}]`);
  const [h, w] = shape as [number, number];
  const xl = opts.xLabels ?? Array.from({ length: w }, (_, i) => String(i));
  const yl = opts.yLabels ?? Array.from({ length: h }, (_, i) => String(i));
  if (xl.length !== w || yl.length !== h)
    throw new RangeError(`[heatmap] labels ${yl.length}x${xl.length} do not match the matrix ${h}x${w}`);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const data = values.map((v, k) => ({ x: xl[k % w], y: yl[Math.floor(k / w)], v, xi: k % w, yi: Math.floor(k / w) }));
  const enc = {
    x: { field: "x", type: "nominal", sort: xl, title: opts.xLabel ?? "Predicted label", axis: { labelAngle: -45 } },
    y: { field: "y", type: "nominal", sort: yl, title: opts.yLabel ?? "True label" },
  };
  const layers: Record<string, unknown>[] = [
    {
      mark: "rect",
      encoding: {
        ...enc,
        color: {
          field: "v",
          type: "quantitative",
          title: null,
          scale: colorScale(opts.cmap ?? "Blues", [lo, hi], "heatmap"),
        },
      },
    },
  ];
  if (opts.annotate ?? true)
    layers.push({
      mark: { type: "text", fontSize: 10 },
      encoding: {
        ...enc,
        text: {
          field: "v",
          type: "quantitative",
          format: opts.format ?? (values.every(Number.isInteger) ? "d" : ".2f"),
        },
        color: { condition: { test: `datum.v > ${(lo + hi) / 2}`, value: "white" }, value: "black" },
      },
    });
  return new Figure({
    ...titled(opts),
    width: opts.width ?? Math.max(160, 24 * w),
    height: opts.height ?? Math.max(160, 24 * h),
    data: { values: data },
    layer: layers,
  });
}

/** Points of a curve swept over every distinct score, from the highest down. */
function sweep(
  labels: number[],
  scores: number[],
): { tp: number; fp: number; p: number; n: number; pts: [number, number][] } {
  if (labels.length !== scores.length)
    throw new RangeError(`[curve] labels and scores differ in size: got ${labels.length} and ${scores.length}`);
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => b[0] - a[0]);
  const p = labels.filter((l) => l > 0).length;
  const n = labels.length - p;
  if (p === 0 || n === 0) throw new RangeError("[curve] needs both positive and negative labels");
  let tp = 0;
  let fp = 0;
  const pts: [number, number][] = [[0, 0]];
  for (let i = 0; i < order.length; i++) {
    if (order[i]![1] > 0) tp++;
    else fp++;
    if (i === order.length - 1 || order[i + 1]![0] !== order[i]![0]) pts.push([tp, fp]);
  }
  return { tp, fp, p, n, pts };
}

/**
 * ROC curve (TPR against FPR) with its AUC in the legend and the chance diagonal.
 * @example plot.rocCurve(labels, probs).save("roc.png") // fragment
 */
export function rocCurve(labels: Series, scores: Series, opts: LineOptions = {}): Figure {
  checkArity("rocCurve", arguments.length, 3);
  checkPlotOptions("rocCurve", opts, LINE_KEYS);
  const { p, n, pts } = sweep(toArray(labels, "rocCurve"), toArray(scores, "rocCurve"));
  const xy = pts.map(([tp, fp]) => ({ x: fp / n, y: tp / p }));
  let auc = 0;
  for (let i = 1; i < xy.length; i++) auc += ((xy[i]!.x - xy[i - 1]!.x) * (xy[i]!.y + xy[i - 1]!.y)) / 2;
  const fig = linePlot(
    { [`ROC (AUC = ${auc.toFixed(3)})`]: { x: xy.map((d) => d.x), y: xy.map((d) => d.y) } },
    {
      xLabel: "False positive rate",
      yLabel: "True positive rate",
      width: 260,
      height: 260,
      xDomain: [0, 1],
      yDomain: [0, 1],
      legendOrient: "bottom-right",
      ...opts,
    },
  );
  const v = fig.view();
  return new Figure({
    ...titled(opts),
    width: v.width,
    height: v.height,
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: "line", strokeDash: [4, 4], color: "#999" },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
      },
      { ...v, title: undefined, width: undefined, height: undefined },
    ],
  });
}

/**
 * Precision-recall curve.
 * @example plot.prCurve(labels, probs) // fragment
 */
export function prCurve(labels: Series, scores: Series, opts: LineOptions = {}): Figure {
  checkArity("prCurve", arguments.length, 3);
  checkPlotOptions("prCurve", opts, LINE_KEYS);
  const { p, pts } = sweep(toArray(labels, "prCurve"), toArray(scores, "prCurve"));
  const rest = pts.slice(1);
  return linePlot(
    { "PR curve": { x: rest.map(([tp]) => tp / p), y: rest.map(([tp, fp]) => tp / (tp + fp)) } },
    {
      xLabel: "Recall",
      yLabel: "Precision",
      width: 260,
      height: 260,
      xDomain: [0, 1],
      yDomain: [0, 1.02],
      legendOrient: "bottom-left",
      ...opts,
    },
  );
}
