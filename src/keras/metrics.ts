/**
 * Keras metrics (`keras.metrics`): streaming objects with `updateState(yTrue, yPred,
 * sampleWeight?)`, `result()` and `resetState()`, accumulating over the batches of an epoch.
 * Names resolve like Keras: "accuracy"/"acc" becomes sparse-categorical, binary or categorical
 * accuracy depending on the loss (see `resolveMetric`).
 */
import { noGrad } from "../autograd/mode.js";
import { isFloatingPoint } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";

/** Base class: a weighted mean of per-sample values unless overridden. */
export abstract class Metric {
  total = 0;
  count = 0;
  constructor(readonly name: string) {}
  /** Per-sample values (float tensor, one per sample). */
  protected abstract values(yTrue: Tensor, yPred: Tensor): Tensor;
  /**
   * Accumulates one batch.
   * @example m.updateState(yBatch, outBatch)
   */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
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
  /** The current value. @example m.result() // 0.8794 */
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
  constructor(name = "sparse_categorical_accuracy") {
    super(name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    const pred = yPred.argmax(-1).reshape(-1);
    return pred.eq(yTrue.reshape(-1).to("int64")).to("float32");
  }
}

/** One-hot labels vs argmax of the scores. */
export class CategoricalAccuracy extends Metric {
  constructor(name = "categorical_accuracy") {
    super(name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred.argmax(-1).eq(yTrue.argmax(-1)).to("float32");
  }
}

/** 0/1 labels vs `yPred > threshold` (0.5), mean over the last axis. */
export class BinaryAccuracy extends Metric {
  constructor(
    name = "binary_accuracy",
    readonly threshold = 0.5,
  ) {
    super(name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    const t = yTrue.reshape(yPred.shape).to("float32");
    return yPred.gt(this.threshold).to("float32").eq(t).to("float32").mean(-1);
  }
}

/** mean |yTrue - yPred| over the last axis. */
export class MeanAbsoluteError extends Metric {
  constructor(name = "mean_absolute_error") {
    super(name);
  }
  protected values(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred.sub(yTrue.reshape(yPred.shape).to(yPred.dtype)).abs().mean(-1);
  }
}

/** mean (yTrue - yPred)² over the last axis. */
export class MeanSquaredError extends Metric {
  constructor(name = "mean_squared_error") {
    super(name);
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
  constructor(name = "precision", threshold = 0.5) {
    super(name, threshold);
  }
  override result(): number {
    return this.tp + this.fp === 0 ? 0 : this.tp / (this.tp + this.fp);
  }
}

/** tp / (tp + fn) at `threshold`. */
export class Recall extends ConfusionMetric {
  constructor(name = "recall", threshold = 0.5) {
    super(name, threshold);
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
  constructor(name = "auc", numThresholds = 200) {
    super(name);
    const n = numThresholds;
    this.thresholds = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
    this.tps = new Float64Array(n);
    this.fps = new Float64Array(n);
  }
  protected values(): Tensor {
    throw new Error("unused");
  }
  override updateState(yTrue: Tensor, yPred: Tensor): void {
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
  /** Adds `value` with weight `weight`. @example m.add(0.5, 32) */
  add(value: number, weight = 1): void {
    this.total += value * weight;
    this.count += weight;
  }
}

/** A metric by Keras name or object. */
export type MetricArg = string | Metric;

/**
 * Resolves a metric name; "accuracy"/"acc" follows the loss (sparse CE → sparse categorical,
 * BCE → binary, else categorical) and keeps the name "accuracy".
 * @example resolveMetric("accuracy", "sparse_categorical_crossentropy").name // "accuracy"
 */
export function resolveMetric(m: MetricArg, lossName = ""): Metric {
  if (m instanceof Metric) return m;
  const key = String(m)
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
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
  throw new RangeError(
    `[keras.metrics] unknown metric "${m}": expected accuracy, sparse_categorical_accuracy, categorical_accuracy, binary_accuracy, precision, recall, auc, mae or mse`,
  );
}
