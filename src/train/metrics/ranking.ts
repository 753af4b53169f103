/**
 * Score metrics with scikit-learn 1.2's semantics: ROC and precision-recall curves, ROC AUC
 * (binary, multiclass one-vs-rest and one-vs-one) and average precision.
 */
import { checkArity, optionKeys } from "../../util/args.js";
import {
  average,
  checkMetricCall,
  fail,
  is2d,
  sameLength,
  toLabels,
  toMatrix,
  toScores,
  uniqueSorted,
  type Array2dInput,
  type ArrayInput,
  type Label,
} from "./input.js";

const ROC_KEYS = optionKeys("posLabel", "dropIntermediate");
const PR_KEYS = optionKeys("posLabel");
/** The keys of `RocAucOptions`. */
export const ROC_AUC_KEYS = optionKeys("multiClass", "average", "labels");
/** The keys of `averagePrecision`'s options. */
export const AP_KEYS = optionKeys("posLabel", "average");

/** The positive label: given, or 1 when the labels are within {0, 1} or {-1, 1}. */
function posLabelOf(op: string, t: Label[], pos: Label | undefined): Label {
  if (pos !== undefined) return pos;
  const u = uniqueSorted(t, op);
  const ok = u.every((l) => l === 0 || l === 1) || u.every((l) => l === -1 || l === 1);
  if (!ok)
    fail(
      op,
      `yTrue takes values ${JSON.stringify(u)} and posLabel is not given: expected labels in {0, 1} or {-1, 1}, or pass { posLabel }`,
    );
  return 1;
}

function binaryInputs(
  op: string,
  yTrue: ArrayInput,
  yScore: ArrayInput,
  pos: Label | undefined,
): [boolean[], number[]] {
  const t = toLabels(yTrue, op, "yTrue");
  const s = toScores(yScore, op, "yScore");
  sameLength(op, t, s);
  if (new Set(t).size > 2 && pos === undefined)
    fail(op, "yTrue is multiclass: expected two classes (or pass { posLabel } for one-vs-rest)");
  const p = posLabelOf(op, t, pos);
  return [t.map((v) => v === p), s];
}

/**
 * Counts (or, with weights `w`, weight sums) of false and true positives at each distinct score,
 * highest score first; zero-weight samples are left out, as sklearn's `_binary_clf_curve`.
 */
function clfCurve(y: boolean[], s: number[], w?: number[]): { fps: number[]; tps: number[]; thresholds: number[] } {
  const kept = s.map((_, i) => i).filter((i) => w === undefined || w[i] !== 0);
  const order = kept.sort((a, b) => s[b]! - s[a]! || b - a);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const wi = w === undefined ? 1 : w[i]!;
    if (y[i]) tp += wi;
    else fp += wi;
    // a threshold at the last sample of each run of equal scores
    if (k === order.length - 1 || s[order[k + 1]!] !== s[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(s[i]!);
    }
  }
  return { fps, tps, thresholds };
}

/** ROC curve: `fpr`, `tpr` and decreasing `thresholds` (the first is `max(score) + 1`). */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/**
 * Receiver operating characteristic points, exactly as `sklearn.metrics.roc_curve` (1.2): with
 * `dropIntermediate` (default true) collinear points are dropped; rates are NaN when a class is absent.
 * @example metrics.rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).thresholds // [1.8, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  opts: { posLabel?: Label; dropIntermediate?: boolean } = {},
): RocCurve {
  checkMetricCall("rocCurve", arguments.length, 3, opts, ROC_KEYS);
  const [y, s] = binaryInputs("rocCurve", yTrue, yScore, opts.posLabel);
  if (y.length === 0) fail("rocCurve", "no samples: expected at least one");
  return rocPoints(clfCurve(y, s), opts.dropIntermediate ?? true);
}

/** The ROC curve from the counts at each threshold (`drop`: leave out collinear points). */
function rocPoints(curve: ReturnType<typeof clfCurve>, drop: boolean): RocCurve {
  let { fps, tps, thresholds } = curve;
  if (drop && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      // second differences: a point is kept where the curve bends
      if (fps[i + 1]! - 2 * fps[i]! + fps[i - 1]! !== 0 || tps[i + 1]! - 2 * tps[i]! + tps[i - 1]! !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = keep.map((i) => fps[i]!);
    tps = keep.map((i) => tps[i]!);
    thresholds = keep.map((i) => thresholds[i]!);
  }
  fps = [0, ...fps];
  tps = [0, ...tps];
  thresholds = [thresholds[0]! + 1, ...thresholds];
  const nf = fps[fps.length - 1]!;
  const nt = tps[tps.length - 1]!;
  return {
    fpr: fps.map((v) => (nf > 0 ? v / nf : NaN)),
    tpr: tps.map((v) => (nt > 0 ? v / nt : NaN)),
    thresholds,
  };
}

/** Precision-recall curve: `precision` and `recall` end with 1 and 0; `thresholds` increase. */
export interface PrecisionRecallCurve {
  precision: number[];
  recall: number[];
  thresholds: number[];
}

/**
 * Precision and recall at every distinct score, as `sklearn.metrics.precision_recall_curve` (1.2).
 * @example metrics.precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).precision // [0.5, 0.666…, 0.5, 1, 1]
 */
export function precisionRecallCurve(
  yTrue: ArrayInput,
  yScore: ArrayInput,
  opts: { posLabel?: Label } = {},
): PrecisionRecallCurve {
  checkMetricCall("precisionRecallCurve", arguments.length, 3, opts, PR_KEYS);
  const [y, s] = binaryInputs("precisionRecallCurve", yTrue, yScore, opts.posLabel);
  if (y.length === 0) fail("precisionRecallCurve", "no samples: expected at least one");
  const { fps, tps, thresholds } = clfCurve(y, s);
  const nt = tps[tps.length - 1]!;
  const precision = tps.map((v, i) => (v + fps[i]! === 0 ? 0 : v / (v + fps[i]!)));
  const recall = tps.map((v) => (nt === 0 ? 1 : v / nt));
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: thresholds.reverse(),
  };
}

/**
 * Area under a curve by the trapezoidal rule (x monotonic), as `sklearn.metrics.auc`.
 * @example metrics.auc([0, 0.5, 1], [0, 1, 1]) // 0.75
 */
export function auc(x: ArrayInput, y: ArrayInput): number {
  checkArity("auc", arguments.length, 2);
  const a = toScores(x, "auc", "x");
  const b = toScores(y, "auc", "y");
  sameLength("auc", a, b);
  if (a.length < 2) fail("auc", `at least 2 points are needed to compute the area under a curve: got ${a.length}`);
  let dir = 1;
  const d = a.slice(1).map((v, i) => v - a[i]!);
  if (d.some((v) => v < 0)) {
    if (d.every((v) => v <= 0)) dir = -1;
    else fail("auc", "x is neither increasing nor decreasing");
  }
  let area = 0;
  for (let i = 0; i < d.length; i++) area += (d[i]! * (b[i + 1]! + b[i]!)) / 2;
  return dir * area;
}

/**
 * @internal binary ROC AUC of scores `s` for positives `y`, each sample weighted by `w` (sklearn's
 * `sample_weight`; Keras' AUC passes one weighted sample per threshold bucket).
 */
export function binaryAuc(y: boolean[], s: number[], w?: number[]): number {
  if (new Set(y).size !== 2)
    fail("rocAucScore", "only one class present in yTrue: ROC AUC is not defined in that case");
  for (const v of s) if (!Number.isFinite(v)) fail("rocCurve", `yScore contains ${v}: expected finite scores`);
  const r = rocPoints(clfCurve(y, s, w), true);
  return auc(r.fpr, r.tpr);
}

export interface RocAucOptions {
  /** Required for multiclass scores: one-vs-rest or one-vs-one. */
  multiClass?: "ovr" | "ovo";
  /** Multiclass averaging (default `"macro"`; `"micro"` only with ovr; null per class, ovr only). */
  average?: "micro" | "macro" | "weighted" | null;
  /** Class of each score column (sorted, unique; default: the sorted labels of yTrue). */
  labels?: Label[];
}

/**
 * Area under the ROC curve: binary (1-D scores of the larger label, or `[n, 2]` taking column 1)
 * or multiclass (`[n, k]` probabilities with `multiClass: "ovr" | "ovo"`).
 * @example metrics.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 */
export function rocAucScore(
  yTrue: ArrayInput,
  yScore: ArrayInput | Array2dInput,
  opts: RocAucOptions = {},
): number | number[] {
  const op = "rocAucScore";
  checkMetricCall(op, arguments.length, 3, opts, ROC_AUC_KEYS);
  const t = toLabels(yTrue, op, "yTrue");
  const classes = uniqueSorted(t, op);
  const m = is2d(yScore) ? toMatrix(yScore as Array2dInput, op, "yScore") : null;
  if (m !== null) sameLength(op, t, m);
  if (classes.length <= 2 && (m === null || m[0]!.length <= 2)) {
    const s = m === null ? toScores(yScore as ArrayInput, op, "yScore") : m.map((r) => r[r.length - 1]!);
    sameLength(op, t, s);
    if (classes.length !== 2) fail(op, "only one class present in yTrue: ROC AUC is not defined in that case");
    return binaryAuc(
      t.map((v) => v === classes[1]),
      s,
    );
  }
  if (m === null) fail(op, "multiclass yTrue needs [n, classes] probability scores: got 1-D scores");
  const { multiClass, average: avg = "macro" } = opts;
  if (multiClass !== "ovr" && multiClass !== "ovo")
    fail(op, `multiClass must be "ovr" or "ovo" for multiclass targets: got ${String(multiClass)}`);
  if (m.some((r) => Math.abs(r.reduce((a, b) => a + b, 0) - 1) > 1e-8 + 1e-5))
    fail(op, "multiclass scores must be probabilities: rows should sum to 1.0 over classes");
  const allowed = multiClass === "ovr" ? ["micro", "macro", "weighted", null] : ["macro", "weighted"];
  if (!allowed.includes(avg))
    fail(op, `average must be one of ${JSON.stringify(allowed)} with multiClass "${multiClass}": got ${String(avg)}`);
  let cls = classes;
  if (opts.labels !== undefined) {
    cls = opts.labels;
    if (new Set(cls).size !== cls.length) fail(op, "labels must be unique");
    if (uniqueSorted(cls, op).some((l, i) => l !== cls[i])) fail(op, "labels must be sorted");
    if (t.some((v) => !cls.includes(v))) fail(op, "yTrue contains labels not in labels");
  }
  const k = m[0]!.length;
  if (cls.length !== k) fail(op, `number of classes (${cls.length}) differs from the number of score columns (${k})`);
  const col = (j: number, rows: number[]): number[] => rows.map((i) => m[i]![j]!);
  const all = t.map((_, i) => i);
  if (multiClass === "ovr") {
    if (avg === "micro") {
      const y: boolean[] = [];
      const s: number[] = [];
      t.forEach((v, i) => cls.forEach((c, j) => (y.push(v === c), s.push(m[i]![j]!))));
      return binaryAuc(y, s);
    }
    const per = cls.map((c, j) =>
      binaryAuc(
        t.map((v) => v === c),
        col(j, all),
      ),
    );
    if (avg === null) return per;
    if (avg === "macro") return average(per);
    const w = cls.map((c) => t.filter((v) => v === c).length);
    return average(
      per.map((v, j) => (w[j] === 0 ? 0 : v)),
      w,
    );
  }
  // one-vs-one (Hand & Till): mean over class pairs of the two directed AUCs
  const idx = t.map((v) => cls.indexOf(v));
  const present = uniqueSorted(idx);
  const scores: number[] = [];
  const prev: number[] = [];
  for (let x = 0; x < present.length; x++)
    for (let z = x + 1; z < present.length; z++) {
      const a = present[x] as number;
      const b = present[z] as number;
      const rows = all.filter((i) => idx[i] === a || idx[i] === b);
      const sa = binaryAuc(
        rows.map((i) => idx[i] === a),
        col(a, rows),
      );
      const sb = binaryAuc(
        rows.map((i) => idx[i] === b),
        col(b, rows),
      );
      scores.push((sa + sb) / 2);
      prev.push(rows.length / t.length);
    }
  return average(scores, avg === "weighted" ? prev : undefined);
}

/**
 * Average precision `Σ (Rₙ − Rₙ₋₁)·Pₙ` (no interpolation), as `average_precision_score`.
 * Multiclass yTrue with `[n, k]` scores averages the one-vs-rest scores (`average`, default "macro").
 * @example metrics.averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.8333333333333333
 */
export function averagePrecision(
  yTrue: ArrayInput,
  yScore: ArrayInput | Array2dInput,
  opts: { posLabel?: Label; average?: "micro" | "macro" | "weighted" | null } = {},
): number | number[] {
  const op = "averagePrecision";
  checkMetricCall(op, arguments.length, 3, opts, AP_KEYS);
  if (opts.average !== undefined && ![null, "micro", "macro", "weighted"].includes(opts.average))
    fail(op, `average must be one of null, "micro", "macro", "weighted": got ${JSON.stringify(opts.average)}`);
  const ap = (y: ArrayInput, s: number[], pos: Label): number => {
    const c = precisionRecallCurve(y, s, { posLabel: pos });
    let r = 0;
    for (let i = 0; i < c.recall.length - 1; i++) r -= (c.recall[i + 1]! - c.recall[i]!) * c.precision[i]!;
    return r;
  };
  if (!is2d(yScore)) {
    const t = toLabels(yTrue, op, "yTrue");
    const u = uniqueSorted(t, op);
    const pos = opts.posLabel ?? 1;
    if (u.length > 2) fail(op, "yTrue is multiclass: expected [n, classes] scores");
    if (u.length === 2 && !u.includes(pos))
      fail(op, `posLabel=${JSON.stringify(pos)} is not a valid label: expected one of ${JSON.stringify(u)}`);
    return ap(t, toScores(yScore as ArrayInput, op, "yScore"), pos);
  }
  const t = toLabels(yTrue, op, "yTrue");
  const m = toMatrix(yScore as Array2dInput, op, "yScore");
  sameLength(op, t, m);
  const cls = uniqueSorted(t, op);
  if (cls.length !== m[0]!.length)
    fail(op, `number of classes in yTrue (${cls.length}) differs from the number of score columns (${m[0]!.length})`);
  const avg = opts.average === undefined ? "macro" : opts.average;
  if (avg === "micro") {
    const y: number[] = [];
    const s: number[] = [];
    t.forEach((v, i) => cls.forEach((c, j) => (y.push(v === c ? 1 : 0), s.push(m[i]![j]!))));
    return ap(y, s, 1);
  }
  const per = cls.map((c, j) =>
    ap(
      t.map((v) => (v === c ? 1 : 0)),
      m.map((r) => r[j]!),
      1,
    ),
  );
  if (avg === null) return per;
  if (avg === "macro") return average(per);
  return average(
    per,
    cls.map((c) => t.filter((v) => v === c).length),
  );
}
