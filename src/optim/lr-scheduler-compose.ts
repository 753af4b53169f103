/** Schedulers over schedulers (`SequentialLR`, `ChainedScheduler`) and `ReduceLROnPlateau`. */
import { Tensor } from "../tensor/tensor.js";
import type { Optimizer } from "./optimizer.js";
import { checkArity, checkInt, describe, optionKeys } from "../util/args.js";
import {
  bisectRight,
  checkSchedulerStateOf,
  loadSchedulerState,
  LRScheduler,
  numberOption,
  perGroupNumber,
  schedulerArgs,
  schedulerState,
} from "./lr-scheduler.js";

const SEQUENTIAL_KEYS = optionKeys("lastEpoch");
const PLATEAU_KEYS = optionKeys("mode", "factor", "patience", "threshold", "thresholdMode", "cooldown", "minLr", "eps");

/** Checks a list of schedulers: a non-empty array of `LRScheduler`s. */
function checkSchedulers(name: string, schedulers: unknown, form: string): asserts schedulers is LRScheduler[] {
  if (!Array.isArray(schedulers))
    throw new TypeError(
      `[${name}] schedulers must be an array of schedulers: got ${describe(schedulers)} (call it as ${form})`,
    );
  if (schedulers.length === 0) throw new RangeError(`[${name}] expected at least one scheduler: got 0`);
  schedulers.forEach((s: unknown, i) => {
    if (!(s instanceof LRScheduler)) {
      throw new TypeError(
        `[${name}] schedulers[${i}] must be an epoch scheduler (StepLR, LinearLR, …): got ${describe(s)}`,
      );
    }
  });
}

/** Checks a composite scheduler's own fields and each of its schedulers' state dicts. */
function checkComposite(obj: object, schedulers: readonly LRScheduler[], sd: unknown): void {
  checkSchedulerStateOf(obj, sd, ["_schedulers"]);
  const subs = (sd as Record<string, unknown>)._schedulers;
  if (!Array.isArray(subs) || subs.length !== schedulers.length) {
    throw new TypeError(
      `[${obj.constructor.name}] loadStateDict: "_schedulers" must list ${schedulers.length} state dicts: got ${Array.isArray(subs) ? `${subs.length}` : typeof subs}`,
    );
  }
  subs.forEach((s, i) => schedulers[i]!._checkStateDict(s));
}

/**
 * Runs `schedulers[i]` between `milestones[i-1]` and `milestones[i]`, each restarted at its milestone.
 * @example new SequentialLR(opt, [new LinearLR(opt, { startFactor: 0.1 }), new ExponentialLR(opt, 0.9)], [5]) // fragment
 */
export class SequentialLR {
  optimizer: Optimizer;
  lastEpoch: number;
  _schedulers: LRScheduler[];
  _milestones: number[];
  _lastLr: number[];

  constructor(optimizer: Optimizer, schedulers: LRScheduler[], milestones: number[], opts?: { lastEpoch?: number }) {
    const form = "new SequentialLR(optimizer, [s1, s2], [milestone], { lastEpoch })";
    const o = schedulerArgs("SequentialLR", optimizer, arguments.length, 4, opts, SEQUENTIAL_KEYS, form);
    checkSchedulers("SequentialLR", schedulers, form);
    if (!Array.isArray(milestones))
      throw new TypeError(
        `[SequentialLR] milestones must be an array of epochs: got ${describe(milestones)} (call it as ${form})`,
      );
    milestones.forEach((m: unknown, i) => checkInt("SequentialLR", `milestones[${i}]`, m, 0));
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new RangeError(
          `[SequentialLR] all schedulers must belong to the same optimizer: got a different optimizer at index ${i}`,
        );
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        `[SequentialLR] expected one milestone fewer than schedulers: got ${schedulers.length} schedulers and ${milestones.length} milestones`,
      );
    }
    this._schedulers = schedulers;
    this._milestones = milestones;
    this.lastEpoch = (o.lastEpoch ?? -1) + 1;
    this.optimizer = optimizer;
    // undo the construction steps of the schedulers, then start the first one again
    for (const g of optimizer.paramGroups) g.lr = g.initialLr as number;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0]!._initialStep();
    this._lastLr = schedulers[0]!.getLastLr();
  }

  /** Steps the scheduler in charge of the next epoch. @example sched.step(); */
  step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this._milestones, this.lastEpoch);
    const s = this._schedulers[idx]!;
    if (idx > 0 && this._milestones[idx - 1] === this.lastEpoch) s.step(0);
    else s.step();
    this._lastLr = s.getLastLr();
  }

  /** The lrs after the last step. @example sched.getLastLr() */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** Fields plus each scheduler's state dict. @example const sd = sched.stateDict(); */
  stateDict(): Record<string, unknown> {
    return { ...schedulerState(this, ["_schedulers"]), _schedulers: this._schedulers.map((s) => s.stateDict()) };
  }

  /**
   * /** Restores `stateDict()`'s output (all of it checked before anything changes).
   * @example
   * const sd = sched.stateDict();
   * sched.loadStateDict(sd);
   */
  loadStateDict(sd: Record<string, unknown>): void {
    this._checkStateDict(sd);
    loadSchedulerState(this, sd, ["_schedulers"]);
    (sd._schedulers as Record<string, unknown>[]).forEach((s, i) => this._schedulers[i]!.loadStateDict(s));
  }

  /** @internal throws unless `loadStateDict(sd)` would succeed, its schedulers' parts included; changes nothing. */
  _checkStateDict(sd: unknown): void {
    checkComposite(this, this._schedulers, sd);
  }
}

/**
 * Steps every scheduler each epoch, so their factors multiply.
 * @example new ChainedScheduler([new ConstantLR(opt, { factor: 0.5 }), new ExponentialLR(opt, 0.9)]) // fragment
 */
export class ChainedScheduler {
  optimizer: Optimizer;
  _schedulers: LRScheduler[];
  _lastLr: number[];

  constructor(schedulers: LRScheduler[]) {
    checkArity("ChainedScheduler", arguments.length, 1);
    checkSchedulers("ChainedScheduler", schedulers, "new ChainedScheduler([s1, s2])");
    schedulers.forEach((s, i) => {
      if (s.optimizer !== schedulers[0]!.optimizer) {
        throw new RangeError(
          `[ChainedScheduler] all schedulers must belong to the same optimizer: got a different optimizer at index ${i}`,
        );
      }
    });
    this._schedulers = [...schedulers];
    this.optimizer = schedulers[0]!.optimizer;
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Steps each scheduler in order. @example sched.step(); */
  step(): void {
    for (const s of this._schedulers) s.step();
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lrs after the last step. @example sched.getLastLr() */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** Fields plus each scheduler's state dict. @example const sd = sched.stateDict(); */
  stateDict(): Record<string, unknown> {
    return { ...schedulerState(this, ["_schedulers"]), _schedulers: this._schedulers.map((s) => s.stateDict()) };
  }

  /**
   * /** Restores `stateDict()`'s output (all of it checked before anything changes).
   * @example
   * const sd = sched.stateDict();
   * sched.loadStateDict(sd);
   */
  loadStateDict(sd: Record<string, unknown>): void {
    this._checkStateDict(sd);
    loadSchedulerState(this, sd, ["_schedulers"]);
    (sd._schedulers as Record<string, unknown>[]).forEach((s, i) => this._schedulers[i]!.loadStateDict(s));
  }

  /** @internal throws unless `loadStateDict(sd)` would succeed, its schedulers' parts included; changes nothing. */
  _checkStateDict(sd: unknown): void {
    checkComposite(this, this._schedulers, sd);
  }
}

/** Options of `ReduceLROnPlateau`. */
export interface ReduceLROnPlateauOptions {
  mode?: "min" | "max";
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: "rel" | "abs";
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
}

/**
 * Multiplies the lr by `factor` when the metric has not improved for `patience` epochs.
 * @example const s = new ReduceLROnPlateau(opt, { patience: 5 }); s.step(valLoss); // fragment
 */
export class ReduceLROnPlateau {
  optimizer: Optimizer;
  factor: number;
  minLrs: number[];
  patience: number;
  verbose = false;
  cooldown: number;
  cooldownCounter = 0;
  mode: "min" | "max";
  threshold: number;
  thresholdMode: "rel" | "abs";
  best: number;
  numBadEpochs = 0;
  modeWorse: number;
  eps: number;
  lastEpoch = 0;
  _lastLr: number[] = [];

  constructor(optimizer: Optimizer, opts?: ReduceLROnPlateauOptions) {
    const name = "ReduceLROnPlateau";
    const o = schedulerArgs<ReduceLROnPlateauOptions>(
      name,
      optimizer,
      arguments.length,
      2,
      opts,
      PLATEAU_KEYS,
      "new ReduceLROnPlateau(optimizer, { mode, factor, patience, … })",
    );
    this.factor = numberOption(name, "factor", o.factor, 0.1);
    if (this.factor >= 1) throw new RangeError(`[ReduceLROnPlateau] factor should be < 1.0: got ${this.factor}`);
    this.optimizer = optimizer;
    const n = optimizer.paramGroups.length;
    const minLr = o.minLr ?? 0;
    if (Array.isArray(minLr) && minLr.length !== n)
      throw new RangeError(`[ReduceLROnPlateau] expected ${n} min_lrs: got ${minLr.length}`);
    this.minLrs = perGroupNumber(name, "minLr", optimizer, minLr, 0);
    this.patience = o.patience === undefined ? 10 : checkInt(name, "patience", o.patience, 0);
    this.cooldown = o.cooldown === undefined ? 0 : checkInt(name, "cooldown", o.cooldown, 0);
    this.mode = o.mode ?? "min";
    this.threshold = numberOption(name, "threshold", o.threshold, 1e-4);
    this.thresholdMode = o.thresholdMode ?? "rel";
    this.eps = numberOption(name, "eps", o.eps, 1e-8);
    this.modeWorse = this._initIsBetter();
    this.best = this.modeWorse;
  }

  private _initIsBetter(): number {
    if (this.mode !== "min" && this.mode !== "max")
      throw new RangeError(
        `[ReduceLROnPlateau] unknown mode: got ${JSON.stringify(this.mode)}, expected "min" or "max"`,
      );
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs") {
      throw new RangeError(
        `[ReduceLROnPlateau] unknown thresholdMode: got ${JSON.stringify(this.thresholdMode)}, expected "rel" or "abs"`,
      );
    }
    return this.mode === "min" ? Infinity : -Infinity;
  }

  private _isBetter(a: number, best: number): boolean {
    if (this.mode === "min")
      return this.thresholdMode === "rel" ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === "rel" ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }

  /** True while waiting after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /**
   * Records this epoch's metric and reduces the lr after `patience` bad epochs.
   * @example sched.step(valLoss); // fragment
   */
  step(metrics: number | Tensor): void {
    // NaN is accepted (never an improvement), as PyTorch's float(metrics)
    if (!(metrics instanceof Tensor) && typeof metrics !== "number") {
      throw new TypeError(
        `[ReduceLROnPlateau.step] metrics must be a number or a 0-d Tensor: got ${describe(metrics)} (call it as sched.step(valLoss))`,
      );
    }
    const current = metrics instanceof Tensor ? (metrics.item() as number) : metrics;
    this.lastEpoch += 1;
    if (this._isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const newLr = Math.max(g.lr * this.factor, this.minLrs[i]!);
        if (g.lr - newLr > this.eps) g.lr = newLr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lrs after the last step. @example sched.getLastLr() */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** Fields with PyTorch's names. @example const sd = sched.stateDict(); */
  stateDict(): Record<string, unknown> {
    return schedulerState(this);
  }

  /**
   * /** Restores `stateDict()`'s output (checked first).
   * @example
   * const sd = sched.stateDict();
   * sched.loadStateDict(sd);
   */
  loadStateDict(sd: Record<string, unknown>): void {
    loadSchedulerState(this, sd);
    this._initIsBetter();
  }

  /** @internal throws unless `loadStateDict(sd)` would succeed; changes nothing. */
  _checkStateDict(sd: unknown): void {
    checkSchedulerStateOf(this, sd);
  }
}
