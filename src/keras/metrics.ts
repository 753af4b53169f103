/**
 * Keras metrics (`keras.metrics`): streaming objects with `updateState(yTrue, yPred,
 * sampleWeight?)`, `result()` and `resetState()`, accumulating over the batches of an epoch.
 * Names resolve like Keras: "accuracy"/"acc" becomes sparse-categorical, binary or categorical
 * accuracy depending on the loss (see `resolveMetric`).
 */
import { noGrad } from "../autograd/mode.js";
import { isFloatingPoint } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import {
  checkInt,
  checkNumber,
  checkOptions,
  describe,
  isPlainObject,
  optionKeys,
  type OptionKeys,
} from "../util/args.js";
import { binaryAuc } from "../train/metrics/ranking.js";
import { accuracy } from "../train/metrics/classification.js";
import { StreamingPrecision, StreamingRecall } from "../train/metrics/streaming.js";
import { checkString, unknownName } from "./check.js";

/** The options form of a metric's arguments (`new metrics.AUC({ numThresholds: 100 })`). */
export interface MetricOptions {
  name?: string;
  /** Precision, Recall, BinaryAccuracy: a prediction above it counts as positive (0.5). */
  threshold?: number;
  /** AUC: number of thresholds (200). */
  numThresholds?: number;
}

const NAME_KEYS = optionKeys("name");
const THRESHOLD_KEYS = optionKeys("name", "threshold");
const AUC_KEYS = optionKeys("name", "numThresholds");

/** `(name, value?)` or `({ name, … })` → checked options with the name filled in. */
function metricArgs(
  cls: string,
  a: unknown,
  keys: OptionKeys,
  fallback: string,
  second?: [string, unknown],
): MetricOptions & { name: string } {
  const op = `keras.metrics.${cls}`;
  let o: MetricOptions;
  if (a === undefined || typeof a === "string") o = { name: a };
  else if (isPlainObject(a)) {
    checkOptions(op, a, keys);
    if (second !== undefined && second[1] !== undefined)
      throw new TypeError(`[${op}] ${second[0]} given twice: positionally and in the options object`);
    o = a;
  } else throw new TypeError(`[${op}] expected a name or an options object: got ${describe(a)}`);
  if (second !== undefined && second[1] !== undefined) o = { ...o, [second[0]]: second[1] };
  if (o.name !== undefined) checkString(op, "name", o.name);
  if (o.threshold !== undefined) checkNumber(op, "threshold", o.threshold);
  if (o.numThresholds !== undefined) checkInt(op, "numThresholds", o.numThresholds, 2);
  return { ...o, name: o.name ?? fallback };
}

function checkTensors(op: string, yTrue: unknown, yPred: unknown): void {
  if (!(yTrue instanceof Tensor)) throw new TypeError(`[${op}] yTrue must be a Tensor: got ${describe(yTrue)}`);
  if (!(yPred instanceof Tensor)) throw new TypeError(`[${op}] yPred must be a Tensor: got ${describe(yPred)}`);
}

/**
 * Base class: `updateState` per batch, `result()` (0 before any update, as Keras), `resetState()`.
 * The classification metrics are adapters over `antorcha/metrics`' streaming ones (one
 * implementation, scikit-learn's semantics); this layer adds Keras' names, thresholds and inputs.
 */
export abstract class Metric {
  constructor(readonly name: string) {}
  /**
   * Accumulates one batch.
   * @example m.updateState(yBatch, outBatch) // fragment
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    checkTensors(`keras.metrics.${this.constructor.name}.updateState`, yTrue, yPred);
    noGrad(() => this.update(yTrue, isFloatingPoint(yPred.dtype) ? yPred.detach() : yPred.to("float32"), sampleWeight));
  }
  /** One checked batch (predictions detached, floating point). */
  protected abstract update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void;
  /** The current value. @example m.result() // 0.8794 (fragment) */
  abstract result(): number;
  /** Clears the accumulators (start of an epoch). */
  abstract resetState(): void;
}

/** Keras' mean metrics: the (weighted) mean of one value per sample. */
abstract class MeanMetric extends Metric {
  total = 0;
  count = 0;
  /** Per-sample values (float tensor, one per sample). */
  protected abstract values(yTrue: Tensor, yPred: Tensor): Tensor;
  protected update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    const v = this.values(yTrue, yPred).to("float64").reshape(-1);
    if (sampleWeight) {
      const w = sampleWeight.to("float64").reshape(-1);
      this.total += Number(v.mul(w).sum().item());
      this.count += Number(w.sum().item());
    } else {
      this.total += Number(v.sum().item());
      this.count += v.numel();
    }
  }
  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }
  resetState(): void {
    this.total = 0;
    this.count = 0;
  }
}

/** Accuracy as `antorcha/metrics`' `accuracy` (matches, weighted) over the labels each Keras accuracy reads. */
abstract class AccuracyMetric extends Metric {
  /** Matches (weighted) and samples (weights) seen since the last reset. */
  private correct = 0;
  private total = 0;
  /** `[true labels, predicted labels]`, flat. */
  protected abstract labels(yTrue: Tensor, yPred: Tensor): [Tensor, Tensor];
  protected update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    const [t, p] = this.labels(yTrue, yPred);
    if (t.numel() === 0) return;
    const op = `keras.metrics.${this.constructor.name}.updateState`;
    const w = sampleWeight ? Array.from(weightsPerLabel(op, sampleWeight, t.numel()).dataFloat()) : undefined;
    this.correct += accuracy(t, p, { normalize: false, sampleWeight: w });
    this.total += w === undefined ? t.numel() : w.reduce((a, b) => a + b, 0);
  }
  result(): number {
    return this.total === 0 ? 0 : this.correct / this.total;
  }
  resetState(): void {
    this.correct = this.total = 0;
  }
}

/** One weight per sample spread over its `k` labels (`w / k` each), so the mean stays per sample. */
function weightsPerLabel(op: string, w: Tensor, labels: number): Tensor {
  if (!(w instanceof Tensor)) throw new TypeError(`[${op}] sampleWeight must be a Tensor: got ${describe(w)}`);
  const flat = w.to("float64").reshape(-1);
  const n = flat.numel();
  if (n === 0 || labels % n !== 0)
    throw new RangeError(`[${op}] sampleWeight must hold one weight per sample: got ${n} weights for ${labels} labels`);
  const k = labels / n;
  return k === 1 ? flat : flat.div(k).reshape(-1, 1).expand(n, k).reshape(-1);
}

/** Integer labels vs argmax of the scores. */
export class SparseCategoricalAccuracy extends AccuracyMetric {
  constructor(name: string | MetricOptions = "sparse_categorical_accuracy") {
    super(metricArgs("SparseCategoricalAccuracy", name, NAME_KEYS, "sparse_categorical_accuracy").name);
  }
  protected labels(yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
    return [yTrue.reshape(-1).to("int64"), yPred.argmax(-1).reshape(-1)];
  }
}

/** One-hot labels vs argmax of the scores. */
export class CategoricalAccuracy extends AccuracyMetric {
  constructor(name: string | MetricOptions = "categorical_accuracy") {
    super(metricArgs("CategoricalAccuracy", name, NAME_KEYS, "categorical_accuracy").name);
  }
  protected labels(yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
    return [yTrue.argmax(-1).reshape(-1), yPred.argmax(-1).reshape(-1)];
  }
}

/** 0/1 labels vs `yPred > threshold` (0.5), averaged over every output. */
export class BinaryAccuracy extends AccuracyMetric {
  readonly threshold: number;
  constructor(name: string | MetricOptions = "binary_accuracy", threshold?: number) {
    const o = metricArgs("BinaryAccuracy", name, THRESHOLD_KEYS, "binary_accuracy", ["threshold", threshold]);
    super(o.name);
    this.threshold = o.threshold ?? 0.5;
  }
  protected labels(yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
    const t = yTrue.reshape(yPred.shape).to("float32").reshape(-1);
    // a soft label (neither 0 nor 1) matches no prediction, as in Keras
    const hard = t.where(t.eq(0).logicalOr(t.eq(1)), -1);
    return [hard, yPred.gt(this.threshold).to("float32").reshape(-1)];
  }
}

/** mean |yTrue - yPred| over the last axis. */
export class MeanAbsoluteError extends MeanMetric {
  constructor(name: string | MetricOptions = "mean_absolute_error") {
    super(metricArgs("MeanAbsoluteError", name, NAME_KEYS, "mean_absolute_error").name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred.sub(yTrue.reshape(yPred.shape).to(yPred.dtype)).abs().mean(-1);
  }
}

/** mean (yTrue - yPred)² over the last axis. */
export class MeanSquaredError extends MeanMetric {
  constructor(name: string | MetricOptions = "mean_squared_error") {
    super(metricArgs("MeanSquaredError", name, NAME_KEYS, "mean_squared_error").name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred.sub(yTrue.reshape(yPred.shape).to(yPred.dtype)).square().mean(-1);
  }
}

/** Precision or recall at `threshold` over all outputs (binary or multi-label), as the streaming metric with `posLabel` 1. */
abstract class ThresholdMetric extends Metric {
  private seen = 0;
  constructor(
    name: string,
    readonly threshold: number,
    private readonly counts: StreamingPrecision | StreamingRecall,
  ) {
    super(name);
  }
  protected update(yTrue: Tensor, yPred: Tensor): void {
    const t = yTrue.reshape(yPred.shape).to("float32").gt(0.5).to("int32").reshape(-1);
    this.counts.update(yPred.gt(this.threshold).to("int32").reshape(-1), t);
    this.seen += t.numel();
  }
  result(): number {
    return this.seen === 0 ? 0 : (this.counts.compute() as number);
  }
  resetState(): void {
    this.counts.reset();
    this.seen = 0;
  }
}

/** tp / (tp + fp) at `threshold` (0 when nothing is predicted positive). */
export class Precision extends ThresholdMetric {
  constructor(name: string | MetricOptions = "precision", threshold?: number) {
    const o = metricArgs("Precision", name, THRESHOLD_KEYS, "precision", ["threshold", threshold]);
    super(o.name, o.threshold ?? 0.5, new StreamingPrecision({ posLabel: 1 }));
  }
}

/** tp / (tp + fn) at `threshold`. */
export class Recall extends ThresholdMetric {
  constructor(name: string | MetricOptions = "recall", threshold?: number) {
    const o = metricArgs("Recall", name, THRESHOLD_KEYS, "recall", ["threshold", threshold]);
    super(o.name, o.threshold ?? 0.5, new StreamingRecall({ posLabel: 1 }));
  }
}

/**
 * ROC AUC as Keras computes it: scores bucketed at `numThresholds` evenly spaced thresholds (plus
 * ±epsilon ends), then the ROC AUC of `antorcha/metrics` over the buckets (each bucket one sample
 * weighted by its count): the trapezoidal area over those thresholds. 0 until both classes are
 * seen; predictions outside [0, 1] count in the end buckets.
 */
export class AUC extends Metric {
  readonly thresholds: number[];
  /** Positives and negatives per bucket (bucket k: scores above k thresholds). */
  private readonly pos: Float64Array;
  private readonly neg: Float64Array;
  constructor(name: string | MetricOptions = "auc", numThresholds?: number) {
    const o = metricArgs("AUC", name, AUC_KEYS, "auc", ["numThresholds", numThresholds]);
    super(o.name);
    const n = o.numThresholds ?? 200;
    this.thresholds = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
    this.pos = new Float64Array(n);
    this.neg = new Float64Array(n);
  }
  protected update(yTrue: Tensor, yPred: Tensor): void {
    if (yTrue.numel() !== yPred.numel())
      throw new RangeError(
        `[keras.metrics.AUC.updateState] labels of shape [${yTrue.shape}] do not match predictions of shape [${yPred.shape}]`,
      );
    const p = yPred.reshape(-1).to("float64").dataSync() as Float64Array;
    const t = yTrue.reshape(-1).to("float64").dataSync() as Float64Array;
    const last = this.thresholds.length - 1;
    for (let i = 0; i < p.length; i++) {
      let k = 1;
      while (k < last && p[i]! > this.thresholds[k]!) k++;
      (t[i]! > 0.5 ? this.pos : this.neg)[k]!++;
    }
  }
  result(): number {
    const y: boolean[] = [];
    const s: number[] = [];
    const w: number[] = [];
    for (const [counts, positive] of [
      [this.pos, true],
      [this.neg, false],
    ] as const)
      counts.forEach((c, k) => c > 0 && (y.push(positive), s.push(k), w.push(c)));
    return new Set(y).size === 2 ? binaryAuc(y, s, w) : 0;
  }
  resetState(): void {
    this.pos.fill(0);
    this.neg.fill(0);
  }
}

/** The running mean of a scalar (the loss). */
export class Mean extends MeanMetric {
  protected values(): Tensor {
    throw new Error("[keras.metrics.Mean] takes values through add(value, weight)");
  }
  /** Adds `value` with weight `weight`. @example m.add(0.5, 32) // fragment */
  add(value: number, weight = 1): void {
    this.total += value * weight;
    this.count += weight;
  }
}

const METRIC_NAMES = [
  "accuracy",
  "acc",
  "sparse_categorical_accuracy",
  "categorical_accuracy",
  "binary_accuracy",
  "precision",
  "recall",
  "auc",
  "mae",
  "mean_absolute_error",
  "mse",
  "mean_squared_error",
];

/** A metric by Keras name or object. */
export type MetricArg = string | Metric;

/**
 * Resolves a metric name; "accuracy"/"acc" follows the loss (sparse CE → sparse categorical,
 * BCE → binary, else categorical) and keeps the name "accuracy".
 * @example resolveMetric("accuracy", "sparse_categorical_crossentropy").name // "accuracy"
 */
export function resolveMetric(m: MetricArg, lossName = "", callee = "keras.metrics.get"): Metric {
  if (m instanceof Metric) return m;
  if (typeof m !== "string")
    throw new TypeError(
      `[${callee}] a metric must be a name such as "accuracy" or a keras.metrics object: got ${describe(m)}`,
    );
  const key = m.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  switch (key) {
    case "accuracy":
    case "acc":
      if (lossName.includes("sparse")) return new SparseCategoricalAccuracy(key);
      if (lossName.includes("binary")) return new BinaryAccuracy(key);
      return new CategoricalAccuracy(key);
    case "sparse_categorical_accuracy":
      return new SparseCategoricalAccuracy();
    case "categorical_accuracy":
      return new CategoricalAccuracy();
    case "binary_accuracy":
      return new BinaryAccuracy();
    case "precision":
      return new Precision();
    case "recall":
      return new Recall();
    case "auc":
      return new AUC();
    case "mae":
    case "mean_absolute_error":
      return new MeanAbsoluteError(key);
    case "mse":
    case "mean_squared_error":
      return new MeanSquaredError(key);
  }
  throw unknownName(callee, "metric", m, METRIC_NAMES);
}
