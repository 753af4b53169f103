/**
 * Label metrics with scikit-learn 1.2's semantics: accuracy, confusion matrix, precision, recall,
 * F-beta, true/false positive rates (binary and multiclass; `binary`/`micro`/`macro`/`weighted`
 * averaging or per class with `average: null`; `zeroDivision` as sklearn's `zero_division`).
 */
import { describe, optionKeys } from "../../util/args.js";
import {
  argmaxRows,
  average,
  checkClassIndices,
  checkMetricCall,
  fail,
  is2d,
  sameLength,
  targetType,
  toLabels,
  toMatrix,
  toScores,
  uniqueSorted,
  type Array2dInput,
  type ArrayInput,
  type Label,
} from "./input.js";

const ACCURACY_KEYS = optionKeys("threshold", "posLabel", "normalize", "sampleWeight");
const CM_KEYS = optionKeys("threshold", "posLabel", "labels", "normalize");
/** The keys of `PRFOptions`. */
export const PRF_KEYS = optionKeys("threshold", "posLabel", "average", "labels", "zeroDivision");
/** The keys of `LabelOptions`. */
export const LABEL_KEYS = optionKeys("threshold", "posLabel");
export const CM_OPTION_KEYS = CM_KEYS;

/** Averaging over classes; `null` returns one value per class. */
export type Average = "binary" | "micro" | "macro" | "weighted" | null;
/** Value given to a ratio whose denominator is 0 (`"warn"` acts as 0, silently). */
export type ZeroDivision = "warn" | 0 | 1;

/** Options shared by the label metrics. */
export interface LabelOptions {
  /** Turn 1-D scores into labels: `score >= threshold` is `posLabel`. */
  threshold?: number;
  /** Positive class for `average: "binary"` and `threshold` (default 1). */
  posLabel?: Label;
}

export interface PRFOptions extends LabelOptions {
  /** Default `"binary"`, as scikit-learn. */
  average?: Average;
  /** Classes to report, in this order (default: every label seen, sorted). */
  labels?: Label[];
  zeroDivision?: ZeroDivision;
}

/**
 * Targets and predictions as label lists. Predictions may be labels, 1-D scores with
 * `threshold`, or `[n, k]` class scores (argmax gives the class index).
 */
export function prepare(
  op: string,
  yTrue: ArrayInput,
  yPred: ArrayInput | Array2dInput,
  opts: LabelOptions = {},
): [Label[], Label[]] {
  const t = toLabels(yTrue, op, "yTrue");
  let p: Label[];
  if (is2d(yPred)) {
    if (opts.threshold !== undefined)
      fail(op, "threshold applies to 1-D scores: got [n, k] class scores (their argmax is used without it)");
    const m = toMatrix(yPred as Array2dInput, op, "yPred");
    sameLength(op, t, m);
    if (m.length > 0) checkClassIndices(op, t, m[0]!.length);
    p = argmaxRows(m);
  } else if (opts.threshold !== undefined) {
    const th = opts.threshold;
    if (typeof th !== "number" || Number.isNaN(th))
      fail(op, `threshold must be a number: got ${String(th)}`, TypeError);
    const pos = opts.posLabel ?? 1;
    const neg = uniqueSorted(t, op).find((l) => l !== pos) ?? (pos === 0 ? 1 : 0);
    p = toScores(yPred as ArrayInput, op, "yPred").map((s) => (s >= th ? pos : neg));
  } else p = toLabels(yPred as ArrayInput, op, "yPred");
  sameLength(op, t, p);
  return [t, p];
}

/** sklearn's `_check_targets` for 1-D labels: binary when at most two labels in total. */
export function checkTargets(op: string, t: Label[], p: Label[]): "binary" | "multiclass" {
  uniqueSorted([...t, ...p], op); // rejects mixed numbers and strings
  const a = targetType(op, "yTrue", t);
  const b = targetType(op, "yPred", p);
  if (a === "multiclass" || b === "multiclass") return "multiclass";
  return new Set([...t, ...p]).size > 2 ? "multiclass" : "binary";
}

/** Options of `accuracy`. */
export interface AccuracyOptions extends LabelOptions {
  /** true (default): the fraction; false: the count (the weight sum with `sampleWeight`). */
  normalize?: boolean;
  /** One weight per sample (sklearn's `sample_weight`). */
  sampleWeight?: ArrayInput;
}

/** One finite weight per sample. */
function weights(op: string, w: ArrayInput, n: number): number[] {
  const v = toLabels(w, op, "sampleWeight");
  if (v.length !== n)
    fail(op, `sampleWeight must hold one weight per sample: got ${v.length} weights for ${n} samples`);
  for (const x of v)
    if (typeof x !== "number" || !Number.isFinite(x))
      fail(
        op,
        `sampleWeight must hold finite numbers: got ${describe(x)}`,
        typeof x === "number" ? RangeError : TypeError,
      );
  return v as number[];
}

/**
 * Fraction (or, with `normalize: false`, number) of exactly matching labels, weighted by
 * `sampleWeight` when given.
 * @example metrics.accuracy([0, 1, 1], [0, 1, 0]) // 0.6666666666666666
 */
export function accuracy(yTrue: ArrayInput, yPred: ArrayInput | Array2dInput, opts: AccuracyOptions = {}): number {
  checkMetricCall("accuracy", arguments.length, 3, opts, ACCURACY_KEYS);
  const [t, p] = prepare("accuracy", yTrue, yPred, opts);
  checkTargets("accuracy", t, p);
  const w = opts.sampleWeight === undefined ? null : weights("accuracy", opts.sampleWeight, t.length);
  let ok = 0;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const wi = w === null ? 1 : w[i]!;
    if (t[i] === p[i]) ok += wi;
    total += wi;
  }
  return (opts.normalize ?? true) ? ok / total : ok;
}

/**
 * Counts `C[i][j]` of samples with true label `labels[i]` predicted as `labels[j]`;
 * `normalize` divides by row (`"true"`), column (`"pred"`) or overall (`"all"`) sums (0/0 → 0).
 * @example metrics.confusionMatrix([0, 1, 1], [0, 1, 0]) // [[1, 0], [1, 1]]
 */
export function confusionMatrix(
  yTrue: ArrayInput,
  yPred: ArrayInput | Array2dInput,
  opts: LabelOptions & { labels?: Label[]; normalize?: "true" | "pred" | "all" | null } = {},
): number[][] {
  const op = "confusionMatrix";
  checkMetricCall(op, arguments.length, 3, opts, CM_KEYS);
  const [t, p] = prepare(op, yTrue, yPred, opts);
  checkTargets(op, t, p);
  let labels: Label[];
  if (opts.labels === undefined) labels = uniqueSorted([...t, ...p], op);
  else {
    labels = [...opts.labels];
    if (labels.length === 0) fail(op, "labels must contain at least one label: got []");
    const seen = new Set(t);
    if (!labels.some((l) => seen.has(l))) fail(op, "at least one of the given labels must occur in yTrue: got none");
  }
  const { normalize = null } = opts;
  if (normalize !== null && !["true", "pred", "all"].includes(normalize))
    fail(op, `normalize must be "true", "pred", "all" or null: got ${String(normalize)}`);
  const index = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const cm = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < t.length; i++) {
    const a = index.get(t[i]!);
    const b = index.get(p[i]!);
    if (a !== undefined && b !== undefined) cm[a]![b]!++;
  }
  return normalizeMatrix(cm, normalize);
}

/** Divides a confusion matrix by its row, column or overall sums (0/0 → 0). */
export function normalizeMatrix(cm: number[][], normalize: "true" | "pred" | "all" | null): number[][] {
  if (normalize === null) return cm;
  const div = (v: number, d: number): number => (d === 0 ? 0 : v / d);
  if (normalize === "all") {
    const s = cm.flat().reduce((x, y) => x + y, 0);
    return cm.map((r) => r.map((v) => div(v, s)));
  }
  if (normalize === "true")
    return cm.map((r) =>
      r.map((v) =>
        div(
          v,
          r.reduce((x, y) => x + y, 0),
        ),
      ),
    );
  const cols = cm[0]!.map((_, j) => cm.reduce((s, r) => s + r[j]!, 0));
  return cm.map((r) => r.map((v, j) => div(v, cols[j]!)));
}

/** Per-class counts over `labels` (sklearn's multilabel confusion matrix, 1-D case). */
export interface ClassCounts {
  labels: Label[];
  tp: number[];
  pred: number[];
  true: number[];
  n: number;
}

/** Resolves `average`/`labels`/`posLabel` into the classes to count, as sklearn's `_check_set_wise_labels`. */
export function resolveLabels(op: string, type: "binary" | "multiclass", present: Label[], opts: PRFOptions): Label[] {
  const avg = opts.average === undefined ? "binary" : opts.average;
  if (![null, "binary", "micro", "macro", "weighted"].includes(avg))
    fail(op, `average must be one of null, "binary", "micro", "macro", "weighted": got ${String(avg)}`);
  if (avg === "binary") {
    if (type !== "binary")
      fail(op, 'target is multiclass but average is "binary": choose "micro", "macro", "weighted" or null');
    const pos = opts.posLabel ?? 1;
    if (!present.includes(pos) && present.length >= 2)
      fail(op, `posLabel=${JSON.stringify(pos)} is not a valid label: expected one of ${JSON.stringify(present)}`);
    return [pos];
  }
  return opts.labels !== undefined ? [...opts.labels] : present;
}

/** Counts tp, predicted and true per class over the resolved labels. */
export function classCounts(op: string, t: Label[], p: Label[], opts: PRFOptions): ClassCounts {
  const labels = resolveLabels(op, checkTargets(op, t, p), uniqueSorted([...t, ...p], op), opts);
  const index = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const c: ClassCounts = {
    labels,
    tp: new Array(k).fill(0),
    pred: new Array(k).fill(0),
    true: new Array(k).fill(0),
    n: t.length,
  };
  for (let i = 0; i < t.length; i++) {
    const a = index.get(t[i]!);
    const b = index.get(p[i]!);
    if (a !== undefined) c.true[a]++;
    if (b !== undefined) c.pred[b]++;
    if (a !== undefined && t[i] === p[i]) c.tp[a]++;
  }
  return c;
}

/** Precision, recall, F-beta and support from counts, averaged as sklearn's `precision_recall_fscore_support`. */
export function prfFromCounts(
  c: ClassCounts,
  opts: PRFOptions & { beta?: number },
): { precision: number | number[]; recall: number | number[]; fScore: number | number[]; support?: number[] } {
  const avg = opts.average === undefined ? "binary" : opts.average;
  const zd = zeroValue(opts.zeroDivision);
  const beta = opts.beta ?? 1;
  if (!(beta >= 0)) fail("fbetaScore", `beta must be >= 0: got ${beta}`);
  const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);
  let { tp, pred, true: tru } = c;
  if (avg === "micro") [tp, pred, tru] = [[sum(tp)], [sum(pred)], [sum(tru)]];
  const div = (a: number, b: number): number => (b === 0 ? zd : a / b);
  const precision = tp.map((v, i) => div(v, pred[i]!));
  const recall = tp.map((v, i) => div(v, tru[i]!));
  const b2 = beta * beta;
  const fScore =
    beta === Infinity
      ? recall.slice()
      : precision.map((pr, i) => {
          const denom = b2 * pr + recall[i]!;
          return ((1 + b2) * pr * recall[i]!) / (denom === 0 ? 1 : denom);
        });
  if (avg === null) return { precision, recall, fScore, support: tru };
  let w: number[] | undefined;
  if (avg === "weighted") {
    w = tru;
    if (sum(w) === 0) {
      if (sum(pred) === 0) return { precision: zd, recall: zd, fScore: zd };
      return { precision: 0, recall: zd, fScore: 0 };
    }
  }
  return { precision: average(precision, w), recall: average(recall, w), fScore: average(fScore, w) };
}

function zeroValue(z: ZeroDivision | undefined): number {
  if (z === undefined || z === "warn" || z === 0) return 0;
  if (z === 1) return 1;
  return fail("metrics", `zeroDivision must be "warn", 0 or 1: got ${String(z)}`);
}

type Avg<O> = O extends { average: null } ? number[] : number;

function prf<O>(
  op: string,
  key: "precision" | "recall" | "fScore",
  yTrue: ArrayInput,
  yPred: ArrayInput | Array2dInput,
  opts: (PRFOptions & { beta?: number }) | undefined,
): Avg<O> {
  const o = opts ?? {};
  const [t, p] = prepare(op, yTrue, yPred, o);
  return prfFromCounts(classCounts(op, t, p, o), o)[key] as Avg<O>;
}

/**
 * Precision `tp / (tp + fp)`.
 * @example metrics.precision([0, 1, 1, 0], [1, 1, 0, 0]) // 0.5
 */
export function precision<O extends PRFOptions>(yTrue: ArrayInput, yPred: ArrayInput | Array2dInput, opts?: O): Avg<O> {
  checkMetricCall("precision", arguments.length, 3, opts, PRF_KEYS);
  return prf<O>("precision", "precision", yTrue, yPred, opts);
}

/**
 * Recall `tp / (tp + fn)` (the true positive rate).
 * @example metrics.recall([0, 1, 1, 0], [1, 1, 0, 0]) // 0.5
 */
export function recall<O extends PRFOptions>(yTrue: ArrayInput, yPred: ArrayInput | Array2dInput, opts?: O): Avg<O> {
  checkMetricCall("recall", arguments.length, 3, opts, PRF_KEYS);
  return prf<O>("recall", "recall", yTrue, yPred, opts);
}

/**
 * F1 `2·P·R / (P + R)`.
 * @example metrics.f1Score([0, 1, 2, 2], [0, 2, 2, 1], { average: "macro" })
 */
export function f1Score<O extends PRFOptions>(yTrue: ArrayInput, yPred: ArrayInput | Array2dInput, opts?: O): Avg<O> {
  checkMetricCall("f1Score", arguments.length, 3, opts, PRF_KEYS);
  return prf<O>("f1Score", "fScore", yTrue, yPred, { ...opts, beta: 1 });
}

/**
 * F-beta `(1 + β²)·P·R / (β²·P + R)`.
 * @example metrics.fbetaScore([0, 1, 1, 0], [1, 1, 0, 0], 0.5)
 */
export function fbetaScore<O extends PRFOptions>(
  yTrue: ArrayInput,
  yPred: ArrayInput | Array2dInput,
  beta: number,
  opts?: O,
): Avg<O> {
  checkMetricCall("fbetaScore", arguments.length, 4, opts, PRF_KEYS);
  if (typeof beta !== "number") fail("fbetaScore", `beta must be a number: got ${describe(beta)}`, TypeError);
  return prf<O>("fbetaScore", "fScore", yTrue, yPred, { ...opts, beta });
}

/**
 * True positive rate (sensitivity), identical to `recall`.
 * @example metrics.truePositiveRate([0, 1, 1], [0, 1, 0]) // 0.5
 */
export function truePositiveRate<O extends PRFOptions>(
  yTrue: ArrayInput,
  yPred: ArrayInput | Array2dInput,
  opts?: O,
): Avg<O> {
  checkMetricCall("truePositiveRate", arguments.length, 3, opts, PRF_KEYS);
  return prf<O>("truePositiveRate", "recall", yTrue, yPred, opts);
}

/** FPR `fp / (fp + tn)` per class from counts, averaged like recall (weights: class support). */
export function fprFromCounts(c: ClassCounts, opts: PRFOptions): number | number[] {
  const avg = opts.average === undefined ? "binary" : opts.average;
  const zd = zeroValue(opts.zeroDivision);
  const fp = c.pred.map((v, i) => v - c.tp[i]!);
  const neg = c.true.map((v) => c.n - v);
  const div = (a: number, b: number): number => (b === 0 ? zd : a / b);
  if (avg === "micro")
    return div(
      fp.reduce((a, b) => a + b, 0),
      neg.reduce((a, b) => a + b, 0),
    );
  const r = fp.map((v, i) => div(v, neg[i]!));
  if (avg === null) return r;
  if (avg === "weighted") {
    if (c.true.reduce((a, b) => a + b, 0) === 0) return zd;
    return average(r, c.true);
  }
  return average(r);
}

/**
 * False positive rate `fp / (fp + tn)` (1 − specificity).
 * @example metrics.falsePositiveRate([0, 0, 1, 1], [1, 0, 1, 1]) // 0.5
 */
export function falsePositiveRate<O extends PRFOptions>(
  yTrue: ArrayInput,
  yPred: ArrayInput | Array2dInput,
  opts?: O,
): Avg<O> {
  checkMetricCall("falsePositiveRate", arguments.length, 3, opts, PRF_KEYS);
  const o = opts ?? ({} as O);
  const [t, p] = prepare("falsePositiveRate", yTrue, yPred, o);
  return fprFromCounts(classCounts("falsePositiveRate", t, p, o), o) as Avg<O>;
}
