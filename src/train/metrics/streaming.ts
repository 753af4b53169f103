/**
 * Streaming metrics: `update(preds, targets)` per batch, `compute()` for the value over every
 * batch since the last `reset()`. Counts are accumulated, so the result equals the one-shot
 * metric on the concatenated batches.
 */
import { checkNumber, describe, optionKeys } from "../../util/args.js";
import {
  accuracy,
  CM_OPTION_KEYS,
  LABEL_KEYS,
  PRF_KEYS,
  normalizeMatrix,
  fprFromCounts,
  prepare,
  prfFromCounts,
  resolveLabels,
  checkTargets,
  type ClassCounts,
  type LabelOptions,
  type PRFOptions,
} from "./classification.js";
import {
  checkMetricCall,
  fail,
  toLabels,
  uniqueSorted,
  type Array2dInput,
  type ArrayInput,
  type Label,
} from "./input.js";
import { AP_KEYS, averagePrecision, ROC_AUC_KEYS, rocAucScore, type RocAucOptions } from "./ranking.js";

const NO_KEYS = optionKeys();

/** `update(preds, targets)`: both must be tensors or arrays. */
function checkUpdate(op: string, given: number, preds: unknown, targets: unknown): void {
  checkMetricCall(op, given, 2, undefined, NO_KEYS);
  for (const [name, v] of [
    ["preds", preds],
    ["targets", targets],
  ] as const)
    if (
      !(v instanceof Tensor) &&
      (v === null || typeof v !== "object" || typeof (v as ArrayLike<unknown>).length !== "number")
    )
      fail(op, `${name} must be a tensor or an array: got ${describe(v)}`, TypeError);
}
import { Tensor } from "../../tensor/tensor.js";

type Preds = ArrayInput | Array2dInput;

/**
 * Running accuracy over batches.
 * @example const acc = new metrics.StreamingAccuracy(); acc.update(logits, yb); acc.compute() // fragment
 */
export class StreamingAccuracy {
  private correct = 0;
  private total = 0;
  constructor(private readonly opts: LabelOptions = {}) {
    checkMetricCall("StreamingAccuracy", arguments.length, 1, opts, LABEL_KEYS);
  }
  /** Adds a batch: predicted labels, `[n, k]` scores (argmax) or 1-D scores with `threshold`. */
  update(preds: Preds, targets: ArrayInput): this {
    checkUpdate("StreamingAccuracy.update", arguments.length, preds, targets);
    const n = targets instanceof Tensor ? targets.numel() : targets.length;
    this.correct += n === 0 ? 0 : accuracy(targets, preds, { ...this.opts, normalize: false });
    this.total += n;
    return this;
  }
  compute(): number {
    if (this.total === 0) fail("StreamingAccuracy", "compute() before any update: no samples seen");
    return this.correct / this.total;
  }
  reset(): this {
    this.correct = this.total = 0;
    return this;
  }
}

/**
 * Running confusion counts; `compute()` returns `confusionMatrix` of everything seen.
 * @example const cm = new metrics.StreamingConfusionMatrix(); cm.update(preds, yb); cm.compute() // fragment
 */
export class StreamingConfusionMatrix {
  /** counts.get(true).get(pred) */
  protected counts = new Map<Label, Map<Label, number>>();
  /** Samples seen since the last reset. */
  n = 0;
  constructor(
    protected readonly opts: LabelOptions & { labels?: Label[]; normalize?: "true" | "pred" | "all" | null } = {},
  ) {
    checkMetricCall("StreamingConfusionMatrix", arguments.length, 1, opts, CM_OPTION_KEYS);
    const nm = opts.normalize;
    if (nm !== undefined && nm !== null && !["true", "pred", "all"].includes(nm))
      fail("StreamingConfusionMatrix", `normalize must be "true", "pred", "all" or null: got ${JSON.stringify(nm)}`);
  }
  update(preds: Preds, targets: ArrayInput): this {
    checkUpdate(`${this.constructor.name}.update`, arguments.length, preds, targets);
    const [t, p] = prepare(this.constructor.name, targets, preds, this.opts);
    checkTargets(this.constructor.name, t, p);
    for (let i = 0; i < t.length; i++) {
      let row = this.counts.get(t[i]!);
      if (row === undefined) this.counts.set(t[i]!, (row = new Map()));
      row.set(p[i]!, (row.get(p[i]!) ?? 0) + 1);
    }
    this.n += t.length;
    return this;
  }
  /** Every label seen as target or prediction, sorted. */
  protected present(): Label[] {
    const s = new Set<Label>(this.counts.keys());
    for (const r of this.counts.values()) for (const k of r.keys()) s.add(k);
    return uniqueSorted(s, this.constructor.name);
  }
  protected count(t: Label, p: Label): number {
    return this.counts.get(t)?.get(p) ?? 0;
  }
  compute(): number[][] {
    const labels = this.opts.labels ?? this.present();
    const { normalize = null } = this.opts;
    return normalizeMatrix(
      labels.map((a) => labels.map((b) => this.count(a, b))),
      normalize,
    );
  }
  reset(): this {
    this.counts.clear();
    this.n = 0;
    return this;
  }
  /** Per-class counts with `average`/`labels`/`posLabel` resolved as the one-shot metrics do. */
  /** @internal */
  _classCounts(opts: PRFOptions): ClassCounts {
    const present = this.present();
    const labels = resolveLabels(this.constructor.name, present.length > 2 ? "multiclass" : "binary", present, opts);
    const c: ClassCounts = { labels, tp: [], pred: [], true: [], n: this.n };
    for (const l of labels) {
      c.tp.push(this.count(l, l));
      c.true.push([...(this.counts.get(l)?.values() ?? [])].reduce((a, b) => a + b, 0));
      let s = 0;
      for (const r of this.counts.values()) s += r.get(l) ?? 0;
      c.pred.push(s);
    }
    return c;
  }
}

type StreamingOpts = PRFOptions & { beta?: number };

abstract class StreamingPRF {
  private readonly cm: StreamingConfusionMatrix;
  protected readonly prf: StreamingOpts;
  constructor(opts: PRFOptions = {}, beta?: number) {
    checkMetricCall(new.target.name, 1, 1, opts, PRF_KEYS);
    if (opts.average !== undefined && ![null, "binary", "micro", "macro", "weighted"].includes(opts.average))
      fail(
        new.target.name,
        `average must be one of null, "binary", "micro", "macro", "weighted": got ${JSON.stringify(opts.average)}`,
      );
    this.prf = beta === undefined ? { ...opts } : { ...opts, beta };
    const prf = this.prf;
    this.cm = new StreamingConfusionMatrix({ threshold: prf.threshold, posLabel: prf.posLabel });
  }
  /** Adds a batch (predictions as for `precision`: labels, `[n, k]` scores, or scores with `threshold`). */
  update(preds: Preds, targets: ArrayInput): this {
    checkUpdate(`${this.constructor.name}.update`, arguments.length, preds, targets);
    this.cm.update(preds, targets);
    return this;
  }
  reset(): this {
    this.cm.reset();
    return this;
  }
  protected counts(): ClassCounts {
    if (this.cm.n === 0) fail(this.constructor.name, "compute() before any update: no samples seen");
    return this.cm._classCounts(this.prf);
  }
  abstract compute(): number | number[];
}

/** Running precision (options as `precision`). @example new metrics.StreamingPrecision({ average: "macro" }) */
export class StreamingPrecision extends StreamingPRF {
  constructor(opts: PRFOptions = {}) {
    checkMetricCall("StreamingPrecision", arguments.length, 1, undefined, NO_KEYS);
    super(opts);
  }
  compute(): number | number[] {
    return prfFromCounts(this.counts(), this.prf).precision;
  }
}
/** Running recall (options as `recall`). @example new metrics.StreamingRecall({ average: "macro" }) */
export class StreamingRecall extends StreamingPRF {
  constructor(opts: PRFOptions = {}) {
    checkMetricCall("StreamingRecall", arguments.length, 1, undefined, NO_KEYS);
    super(opts);
  }
  compute(): number | number[] {
    return prfFromCounts(this.counts(), this.prf).recall;
  }
}
/** Running F1 (options as `f1Score`). @example new metrics.StreamingF1Score({ average: "weighted" }) */
export class StreamingF1Score extends StreamingPRF {
  constructor(opts: PRFOptions = {}) {
    checkMetricCall("StreamingF1Score", arguments.length, 1, undefined, NO_KEYS);
    super(opts, 1);
  }
  compute(): number | number[] {
    return prfFromCounts(this.counts(), this.prf).fScore;
  }
}
/** Running F-beta. @example new metrics.StreamingFbetaScore(0.5) */
export class StreamingFbetaScore extends StreamingPRF {
  constructor(beta: number, opts: PRFOptions = {}) {
    checkMetricCall("StreamingFbetaScore", arguments.length, 2, undefined, NO_KEYS);
    checkNumber("StreamingFbetaScore", "beta", beta, { min: 0 });
    super(opts, beta);
  }
  compute(): number | number[] {
    return prfFromCounts(this.counts(), this.prf).fScore;
  }
}
/** Running false positive rate (options as `falsePositiveRate`). @example new metrics.StreamingFalsePositiveRate() */
export class StreamingFalsePositiveRate extends StreamingPRF {
  constructor(opts: PRFOptions = {}) {
    checkMetricCall("StreamingFalsePositiveRate", arguments.length, 1, undefined, NO_KEYS);
    super(opts);
  }
  compute(): number | number[] {
    return fprFromCounts(this.counts(), this.prf);
  }
}

/** Keeps every score and target (curves need them all). */
abstract class StreamingScores {
  protected targets: Label[] = [];
  protected rows: number[][] = [];
  protected flat: number[] = [];
  update(scores: Preds, targets: ArrayInput): this {
    checkUpdate(`${this.constructor.name}.update`, arguments.length, scores, targets);
    toLabels(targets, `${this.constructor.name}.update`, "targets");
    const t = Array.from(targets instanceof Tensor ? targets.dataFloat() : targets, (v) =>
      typeof v === "boolean" ? Number(v) : typeof v === "bigint" ? Number(v) : v,
    );
    if (scores instanceof Tensor ? scores.dim() === 2 && scores.shape[1] !== 1 : Array.isArray(scores[0])) {
      const m =
        scores instanceof Tensor ? scores : Array.from(scores as ArrayLike<ArrayLike<number>>, (r) => Array.from(r));
      const rows = m instanceof Tensor ? (m.tolist() as number[][]) : m;
      if (rows.length !== t.length)
        fail(this.constructor.name, `got ${t.length} targets and ${rows.length} score rows`);
      this.rows.push(...rows);
    } else {
      const s = Array.from(scores instanceof Tensor ? scores.dataFloat() : (scores as ArrayLike<number>), Number);
      if (s.length !== t.length) fail(this.constructor.name, `got ${t.length} targets and ${s.length} scores`);
      this.flat.push(...s);
    }
    this.targets.push(...(t as Label[]));
    return this;
  }
  protected scores(): number[] | number[][] {
    if (this.rows.length > 0 && this.flat.length > 0)
      fail(this.constructor.name, "batches mixed 1-D scores and [n, k] scores: expected one kind");
    return this.rows.length > 0 ? this.rows : this.flat;
  }
  reset(): this {
    this.targets = [];
    this.rows = [];
    this.flat = [];
    return this;
  }
}

/** Running ROC AUC (options as `rocAucScore`). @example new metrics.StreamingRocAuc({ multiClass: "ovr" }) */
export class StreamingRocAuc extends StreamingScores {
  constructor(private readonly opts: RocAucOptions = {}) {
    super();
    checkMetricCall("StreamingRocAuc", arguments.length, 1, opts, ROC_AUC_KEYS);
  }
  compute(): number | number[] {
    return rocAucScore(this.targets, this.scores(), this.opts);
  }
}

/** Running average precision (options as `averagePrecision`). @example new metrics.StreamingAveragePrecision() */
export class StreamingAveragePrecision extends StreamingScores {
  constructor(private readonly opts: { posLabel?: Label; average?: "micro" | "macro" | "weighted" | null } = {}) {
    super();
    checkMetricCall("StreamingAveragePrecision", arguments.length, 1, opts, AP_KEYS);
  }
  compute(): number | number[] {
    return averagePrecision(this.targets, this.scores(), this.opts);
  }
}
