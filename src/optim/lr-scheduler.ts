/**
 * Learning-rate schedulers (`torch.optim.lr_scheduler`), PyTorch 1.13's chainable (recursive)
 * forms so values match step for step. Each sets `initialLr` in the groups on construction and
 * applies its first value at once; call `scheduler.step()` after `optimizer.step()`.
 */
import { Optimizer, toCamel, toSnake, deepCopy } from "./optimizer.js";

/** Scheduler fields whose PyTorch names are not plain snake_case. */
const ODD_NAMES: Record<string, string> = { tMax: "T_max", t0: "T_0", tI: "T_i", tMult: "T_mult", tCur: "T_cur" };
const ODD_BACK = Object.fromEntries(Object.entries(ODD_NAMES).map(([k, v]) => [v, k]));

/** A scheduler's fields as a state dict with PyTorch's names (`last_epoch`, `base_lrs`, `_step_count`, …). */
export function schedulerState(obj: object, skip: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "optimizer" || skip.includes(k) || typeof v === "function") continue;
    out[ODD_NAMES[k] ?? toSnake(k)] = deepCopy(v);
  }
  return out;
}

/** Assigns a state dict's entries back to the scheduler's fields. */
export function loadSchedulerState(obj: object, sd: Record<string, unknown>, skip: readonly string[] = []): void {
  for (const [k, v] of Object.entries(sd)) {
    if (skip.includes(k)) continue;
    const name = ODD_BACK[k] ?? (k.startsWith("_") ? `_${toCamel(k.slice(1))}` : toCamel(k));
    (obj as Record<string, unknown>)[name] = deepCopy(v);
  }
}

export function checkOptimizer(name: string, optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer)) {
    throw new TypeError(
      `[${name}] expected an Optimizer: got ${optimizer === null ? "null" : typeof optimizer === "object" ? optimizer.constructor.name : typeof optimizer}`,
    );
  }
}

/** `bisect.bisect_right`: how many of the sorted `a` are ≤ x. */
export function bisectRight(a: readonly number[], x: number): number {
  let i = 0;
  while (i < a.length && a[i]! <= x) i++;
  return i;
}

/** A value given once, or once per param group. */
export function perGroup<T>(name: string, what: string, optimizer: Optimizer, v: T | readonly T[]): T[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(v)) {
    if (v.length !== n) throw new RangeError(`[${name}] expected ${n} values for ${what}: got ${v.length}`);
    return [...(v as T[])];
  }
  return new Array<T>(n).fill(v as T);
}

/** Options shared by the schedulers: resume from `lastEpoch` (groups must hold `initialLr`). */
export interface SchedulerOptions {
  lastEpoch?: number;
}

/**
 * Base class (PyTorch's `_LRScheduler`). Subclasses set their fields, then call `_initialStep()`.
 *
 * @example
 * const sched = new optim.lrScheduler.StepLR(opt, 10, { gamma: 0.5 }); // fragment
 * for (let epoch = 0; epoch < 30; epoch++) { train(); opt.step(); sched.step(); }
 */
export abstract class LRScheduler {
  optimizer: Optimizer;
  baseLrs: number[];
  lastEpoch: number;
  verbose = false;
  _stepCount = 0;
  _getLrCalledWithinStep = false;
  _lastLr: number[] = [];

  constructor(name: string, optimizer: Optimizer, lastEpoch = -1) {
    checkOptimizer(name, optimizer);
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const g of optimizer.paramGroups) if (!("initialLr" in g)) g.initialLr = g.lr;
    } else {
      optimizer.paramGroups.forEach((g, i) => {
        if (!("initialLr" in g)) {
          throw new RangeError(
            `[${name}] param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer: got lastEpoch ${lastEpoch}, expected -1 or groups with initialLr`,
          );
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /** @internal the step every scheduler takes on construction. */
  _initialStep(): void {
    this._stepCount = 0;
    this.step();
  }

  /** The chainable (recursive) new lrs, computed from the current group lrs. */
  protected abstract _getLr(): number[];

  /** The closed form at `lastEpoch`, where PyTorch has one (used by `step(epoch)`). */
  protected _closedFormLr(): number[] | null {
    return null;
  }

  /**
   * Advances one epoch (or jumps to `epoch`, using the closed form where there is one) and writes
   * the new lr into each group.
   * @example sched.step();
   */
  step(epoch?: number): void {
    this._stepCount++;
    this._getLrCalledWithinStep = true;
    let values: number[];
    try {
      if (epoch === undefined) {
        this.lastEpoch++;
        values = this._getLr();
      } else {
        this.lastEpoch = epoch;
        values = this._closedFormLr() ?? this._getLr();
      }
    } finally {
      this._getLrCalledWithinStep = false;
    }
    this.optimizer.paramGroups.forEach((g, i) => {
      if (i < values.length) g.lr = values[i]!;
    });
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lrs the last `step()` set, one per group. @example sched.getLastLr() // [0.1] */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** The scheduler's fields with PyTorch's names (no optimizer). @example const sd = sched.stateDict(); */
  stateDict(): Record<string, unknown> {
    return schedulerState(this);
  }

  /** Restores fields saved by `stateDict()`. @example sched.loadStateDict(sd); // fragment */
  loadStateDict(stateDict: Record<string, unknown>): void {
    loadSchedulerState(this, stateDict);
  }

  protected get _groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}

/** A function of the epoch giving a factor. */
export type LrLambda = (epoch: number) => number;

function lambdas(name: string, optimizer: Optimizer, f: LrLambda | readonly LrLambda[]): LrLambda[] {
  checkOptimizer(name, optimizer);
  const n = optimizer.paramGroups.length;
  if (!Array.isArray(f)) return new Array<LrLambda>(n).fill(f as LrLambda);
  if (f.length !== n) throw new RangeError(`[${name}] expected ${n} lr_lambdas: got ${f.length}`);
  return [...f];
}

/**
 * `lr = baseLr · lrLambda(epoch)` (one function, or one per group).
 * @example new LambdaLR(opt, (e) => 0.95 ** e)
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];
  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[], opts: SchedulerOptions = {}) {
    super("LambdaLR", optimizer, opts.lastEpoch);
    this.lrLambdas = lambdas("LambdaLR", optimizer, lrLambda);
    this._initialStep();
  }
  protected _getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i]!(this.lastEpoch));
  }
  override stateDict(): Record<string, unknown> {
    // functions cannot be saved: PyTorch stores None for them too
    return { ...schedulerState(this, ["lrLambdas"]), lr_lambdas: this.lrLambdas.map(() => null) };
  }
  override loadStateDict(sd: Record<string, unknown>): void {
    loadSchedulerState(this, sd, ["lr_lambdas"]);
  }
}

/**
 * `lr *= lrLambda(epoch)` each epoch after the first.
 * @example new MultiplicativeLR(opt, () => 0.95)
 */
export class MultiplicativeLR extends LRScheduler {
  lrLambdas: LrLambda[];
  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[], opts: SchedulerOptions = {}) {
    super("MultiplicativeLR", optimizer, opts.lastEpoch);
    this.lrLambdas = lambdas("MultiplicativeLR", optimizer, lrLambda);
    this._initialStep();
  }
  protected _getLr(): number[] {
    if (this.lastEpoch <= 0) return this._groupLrs;
    return this._groupLrs.map((lr, i) => lr * this.lrLambdas[i]!(this.lastEpoch));
  }
  override stateDict(): Record<string, unknown> {
    return { ...schedulerState(this, ["lrLambdas"]), lr_lambdas: this.lrLambdas.map(() => null) };
  }
  override loadStateDict(sd: Record<string, unknown>): void {
    loadSchedulerState(this, sd, ["lr_lambdas"]);
  }
}

/**
 * Multiplies the lr by `gamma` every `stepSize` epochs.
 * @example new StepLR(opt, 30, { gamma: 0.1 })
 */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;
  constructor(optimizer: Optimizer, stepSize: number, opts: SchedulerOptions & { gamma?: number } = {}) {
    super("StepLR", optimizer, opts.lastEpoch);
    this.stepSize = stepSize;
    this.gamma = opts.gamma ?? 0.1;
    this._initialStep();
  }
  protected _getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this._groupLrs;
    return this._groupLrs.map((lr) => lr * this.gamma);
  }
  protected override _closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/**
 * Multiplies the lr by `gamma` at each milestone epoch (repeated milestones count twice).
 * @example new MultiStepLR(opt, [30, 80], { gamma: 0.1 })
 */
export class MultiStepLR extends LRScheduler {
  /** Milestone → how many times it was given (PyTorch's `Counter`). */
  milestones: Record<number, number> = {};
  gamma: number;
  constructor(optimizer: Optimizer, milestones: readonly number[], opts: SchedulerOptions & { gamma?: number } = {}) {
    super("MultiStepLR", optimizer, opts.lastEpoch);
    this.milestones = {};
    for (const m of milestones) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = opts.gamma ?? 0.1;
    this._initialStep();
  }
  protected _getLr(): number[] {
    const k = this.milestones[this.lastEpoch];
    if (k === undefined) return this._groupLrs;
    return this._groupLrs.map((lr) => lr * this.gamma ** k);
  }
  protected override _closedFormLr(): number[] {
    const sorted = Object.entries(this.milestones)
      .flatMap(([m, c]) => new Array<number>(c).fill(Number(m)))
      .sort((a, b) => a - b);
    return this.baseLrs.map((b) => b * this.gamma ** bisectRight(sorted, this.lastEpoch));
  }
}

/**
 * Scales the lr by `factor` until epoch `totalIters`.
 * @example new ConstantLR(opt, { factor: 0.5, totalIters: 4 })
 */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;
  constructor(optimizer: Optimizer, opts: SchedulerOptions & { factor?: number; totalIters?: number } = {}) {
    super("ConstantLR", optimizer, opts.lastEpoch);
    this.factor = opts.factor ?? 1 / 3;
    if (this.factor > 1 || this.factor < 0) {
      throw new RangeError(`[ConstantLR] constant multiplicative factor must be between 0 and 1: got ${this.factor}`);
    }
    this.totalIters = opts.totalIters ?? 5;
    this._initialStep();
  }
  protected _getLr(): number[] {
    if (this.lastEpoch === 0) return this._groupLrs.map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this._groupLrs;
    return this._groupLrs.map((lr) => lr * (1 / this.factor));
  }
  protected override _closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (this.factor + (this.lastEpoch >= this.totalIters ? 1 : 0) * (1 - this.factor)));
  }
}

/**
 * Ramps the lr factor linearly from `startFactor` to `endFactor` over `totalIters` epochs.
 * @example new LinearLR(opt, { startFactor: 0.1, totalIters: 10 })
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;
  constructor(
    optimizer: Optimizer,
    opts: SchedulerOptions & { startFactor?: number; endFactor?: number; totalIters?: number } = {},
  ) {
    super("LinearLR", optimizer, opts.lastEpoch);
    this.startFactor = opts.startFactor ?? 1 / 3;
    this.endFactor = opts.endFactor ?? 1;
    if (this.startFactor > 1 || this.startFactor < 0) {
      throw new RangeError(
        `[LinearLR] starting multiplicative factor must be between 0 and 1: got ${this.startFactor}`,
      );
    }
    if (this.endFactor > 1 || this.endFactor < 0) {
      throw new RangeError(`[LinearLR] ending multiplicative factor must be between 0 and 1: got ${this.endFactor}`);
    }
    this.totalIters = opts.totalIters ?? 5;
    this._initialStep();
  }
  protected _getLr(): number[] {
    if (this.lastEpoch === 0) return this._groupLrs.map((lr) => lr * this.startFactor);
    if (this.lastEpoch > this.totalIters) return this._groupLrs;
    const diff = this.endFactor - this.startFactor;
    return this._groupLrs.map(
      (lr) => lr * (1 + diff / (this.totalIters * this.startFactor + (this.lastEpoch - 1) * diff)),
    );
  }
  protected override _closedFormLr(): number[] {
    const diff = this.endFactor - this.startFactor;
    return this.baseLrs.map(
      (b) => b * (this.startFactor + (diff * Math.min(this.totalIters, this.lastEpoch)) / this.totalIters),
    );
  }
}

/**
 * Multiplies the lr by `gamma` every epoch.
 * @example new ExponentialLR(opt, 0.9)
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;
  constructor(optimizer: Optimizer, gamma: number, opts: SchedulerOptions = {}) {
    super("ExponentialLR", optimizer, opts.lastEpoch);
    this.gamma = gamma;
    this._initialStep();
  }
  protected _getLr(): number[] {
    if (this.lastEpoch === 0) return this._groupLrs;
    return this._groupLrs.map((lr) => lr * this.gamma);
  }
  protected override _closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
}

/**
 * Cosine annealing from the base lr to `etaMin` over `tMax` epochs (PyTorch's recursive form;
 * past `tMax` it rises again).
 * @example new CosineAnnealingLR(opt, 50, { etaMin: 1e-5 })
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;
  constructor(optimizer: Optimizer, tMax: number, opts: SchedulerOptions & { etaMin?: number } = {}) {
    super("CosineAnnealingLR", optimizer, opts.lastEpoch);
    this.tMax = tMax;
    this.etaMin = opts.etaMin ?? 0;
    this._initialStep();
  }
  protected _getLr(): number[] {
    const { lastEpoch: e, tMax: T, etaMin } = this;
    if (e === 0) return this._groupLrs;
    if (this._stepCount === 1 && e > 0)
      return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    if ((((e - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0) {
      return this._groupLrs.map((lr, i) => lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return this._groupLrs.map(
      (lr) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - etaMin) + etaMin,
    );
  }
  protected override _closedFormLr(): number[] {
    return this.baseLrs.map(
      (b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2,
    );
  }
}
