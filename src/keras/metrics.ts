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

/** Base class: a weighted mean of per-sample values unless overridden. */
export abstract class Metric {
  total = 0;
  count = 0;
  constructor(readonly name: string) {}
  /** Per-sample values (float tensor, one per sample). */
  protected abstract values(yTrue: Tensor, yPred: Tensor): Tensor;
  /**
   * Accumulates one batch.
   * @example m.updateState(yBatch, outBatch) // fragment
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    checkTensors(`keras.metrics.${this.constructor.name}.updateState`, yTrue, yPred);
    noGrad(() => {
      const pred = isFloatingPoint(yPred.dtype) ? yPred.detach() : yPred.to("float32");
      const v = this.values(yTrue, pred).to("float64").reshape(-1);
      if (sampleWeight) {
        const w = sampleWeight.to("float64").reshape(-1);
        this.total += Number(v.mul(w).sum().item());
        this.count += Number(w.sum().item());
      } else {
        this.total += Number(v.sum().item());
        this.count += v.numel();
      }
    });
  }
  /** The current value. @example m.result() // 0.8794 (fragment) */
  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }
  /** Clears the accumulators (start of an epoch). */
  resetState(): void {
    this.total = 0;
    this.count = 0;
  }
}

/** Integer labels vs argmax of the scores. */
export class SparseCategoricalAccuracy extends Metric {
  constructor(name: string | MetricOptions = "sparse_categorical_accuracy") {
    super(metricArgs("SparseCategoricalAccuracy", name, NAME_KEYS, "sparse_categorical_accuracy").name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    const pred = yPred.argmax(-1).reshape(-1);
    return pred.eq(yTrue.reshape(-1).to("int64")).to("float32");
  }
}

/** One-hot labels vs argmax of the scores. */
export class CategoricalAccuracy extends Metric {
  constructor(name: string | MetricOptions = "categorical_accuracy") {
    super(metricArgs("CategoricalAccuracy", name, NAME_KEYS, "categorical_accuracy").name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred.argmax(-1).eq(yTrue.argmax(-1)).to("float32");
  }
}

/** 0/1 labels vs `yPred > threshold` (0.5), mean over the last axis. */
export class BinaryAccuracy extends Metric {
  readonly threshold: number;
  constructor(name: string | MetricOptions = "binary_accuracy", threshold?: number) {
    const o = metricArgs("BinaryAccuracy", name, THRESHOLD_KEYS, "binary_accuracy", ["threshold", threshold]);
    super(o.name);
    this.threshold = o.threshold ?? 0.5;
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    const t = yTrue.reshape(yPred.shape).to("float32");
    return yPred.gt(this.threshold).to("float32").eq(t).to("float32").mean(-1);
  }
}

/** mean |yTrue - yPred| over the last axis. */
export class MeanAbsoluteError extends Metric {
  constructor(name: string | MetricOptions = "mean_absolute_error") {
    super(metricArgs("MeanAbsoluteError", name, NAME_KEYS, "mean_absolute_error").name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred.sub(yTrue.reshape(yPred.shape).to(yPred.dtype)).abs().mean(-1);
  }
}

/** mean (yTrue - yPred)² over the last axis. */
export class MeanSquaredError extends Metric {
  constructor(name: string | MetricOptions = "mean_squared_error") {
    super(metricArgs("MeanSquaredError", name, NAME_KEYS, "mean_squared_error").name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred.sub(yTrue.reshape(yPred.shape).to(yPred.dtype)).square().mean(-1);
  }
}

/** Counts true/false positives at `threshold` over all outputs (binary or multi-label). */
abstract class ConfusionMetric extends Metric {
  tp = 0;
  fp = 0;
  fn = 0;
  constructor(
    name: string,
    readonly threshold = 0.5,
  ) {
    super(name);
  }
  protected values(): Tensor {
    throw new Error("unused");
  }
  override updateState(yTrue: Tensor, yPred: Tensor): void {
    checkTensors(`keras.metrics.${this.constructor.name}.updateState`, yTrue, yPred);
    noGrad(() => {
      const p = yPred.detach().gt(this.threshold);
      const t = yTrue.reshape(yPred.shape).to("float32").gt(0.5);
      this.tp += Number(p.logicalAnd(t).sum().item());
      this.fp += Number(p.logicalAnd(t.logicalNot()).sum().item());
      this.fn += Number(p.logicalNot().logicalAnd(t).sum().item());
    });
  }
  override resetState(): void {
    this.tp = this.fp = this.fn = 0;
  }
}

/** tp / (tp + fp) at `threshold` (0 when nothing is predicted positive). */
export class Precision extends ConfusionMetric {
  constructor(name: string | MetricOptions = "precision", threshold?: number) {
    const o = metricArgs("Precision", name, THRESHOLD_KEYS, "precision", ["threshold", threshold]);
    super(o.name, o.threshold ?? 0.5);
  }
  override result(): number {
    return this.tp + this.fp === 0 ? 0 : this.tp / (this.tp + this.fp);
  }
}

/** tp / (tp + fn) at `threshold`. */
export class Recall extends ConfusionMetric {
  constructor(name: string | MetricOptions = "recall", threshold?: number) {
    const o = metricArgs("Recall", name, THRESHOLD_KEYS, "recall", ["threshold", threshold]);
    super(o.name, o.threshold ?? 0.5);
  }
  override result(): number {
    return this.tp + this.fn === 0 ? 0 : this.tp / (this.tp + this.fn);
  }
}

/**
 * ROC AUC as Keras computes it: confusion counts at `numThresholds` evenly spaced thresholds
 * (plus ±epsilon ends), area by the trapezoidal rule.
 */
export class AUC extends Metric {
  readonly thresholds: number[];
  tps: Float64Array;
  fps: Float64Array;
  pos = 0;
  neg = 0;
  constructor(name: string | MetricOptions = "auc", numThresholds?: number) {
    const o = metricArgs("AUC", name, AUC_KEYS, "auc", ["numThresholds", numThresholds]);
    super(o.name);
    const n = o.numThresholds ?? 200;
    this.thresholds = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
    this.tps = new Float64Array(n);
    this.fps = new Float64Array(n);
  }
  protected values(): Tensor {
    throw new Error("unused");
  }
  override updateState(yTrue: Tensor, yPred: Tensor): void {
    checkTensors("keras.metrics.AUC.updateState", yTrue, yPred);
    if (yTrue.numel() !== yPred.numel())
      throw new RangeError(
        `[keras.metrics.AUC.updateState] labels of shape [${yTrue.shape}] do not match predictions of shape [${yPred.shape}]`,
      );
    const p = yPred.detach().reshape(-1).to("float64").dataSync() as Float64Array;
    const t = yTrue.reshape(-1).to("float64").dataSync() as Float64Array;
    for (let i = 0; i < p.length; i++) {
      const positive = t[i]! > 0.5;
      if (positive) this.pos++;
      else this.neg++;
      for (let k = 0; k < this.thresholds.length; k++) {
        if (p[i]! > this.thresholds[k]!) {
          if (positive) this.tps[k]!++;
          else this.fps[k]!++;
        } else break; // thresholds ascend
      }
    }
  }
  override result(): number {
    if (this.pos === 0 || this.neg === 0) return 0;
    let area = 0;
    for (let k = 0; k + 1 < this.thresholds.length; k++) {
      const tpr0 = this.tps[k]! / this.pos,
        tpr1 = this.tps[k + 1]! / this.pos;
      const fpr0 = this.fps[k]! / this.neg,
        fpr1 = this.fps[k + 1]! / this.neg;
      area += ((fpr0 - fpr1) * (tpr0 + tpr1)) / 2;
    }
    return area;
  }
  override resetState(): void {
    this.tps.fill(0);
    this.fps.fill(0);
    this.pos = this.neg = 0;
  }
}

/** The running mean of a scalar (the loss). */
export class Mean extends Metric {
  protected values(): Tensor {
    throw new Error("unused");
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
