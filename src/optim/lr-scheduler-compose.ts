/** Schedulers over schedulers (`SequentialLR`, `ChainedScheduler`) and `ReduceLROnPlateau`. */
import { Tensor } from "../tensor/tensor.js";
import type { Optimizer } from "./optimizer.js";
import { bisectRight, checkOptimizer, loadSchedulerState, LRScheduler, schedulerState } from "./lr-scheduler.js";

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

  constructor(
    optimizer: Optimizer,
    schedulers: LRScheduler[],
    milestones: number[],
    opts: { lastEpoch?: number } = {},
  ) {
    checkOptimizer("SequentialLR", optimizer);
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
    this.lastEpoch = (opts.lastEpoch ?? -1) + 1;
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

  /** Restores `stateDict()`'s output. @example sched.loadStateDict(sd); // fragment */
  loadStateDict(sd: Record<string, unknown>): void {
    loadSchedulerState(this, sd, ["_schedulers"]);
    (sd._schedulers as Record<string, unknown>[]).forEach((s, i) => this._schedulers[i]!.loadStateDict(s));
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
    if (schedulers.length === 0) throw new RangeError("[ChainedScheduler] expected at least one scheduler: got 0");
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

  /** Restores `stateDict()`'s output. @example sched.loadStateDict(sd); // fragment */
  loadStateDict(sd: Record<string, unknown>): void {
    loadSchedulerState(this, sd, ["_schedulers"]);
    (sd._schedulers as Record<string, unknown>[]).forEach((s, i) => this._schedulers[i]!.loadStateDict(s));
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

  constructor(optimizer: Optimizer, opts: ReduceLROnPlateauOptions = {}) {
    this.factor = opts.factor ?? 0.1;
    if (this.factor >= 1) throw new RangeError(`[ReduceLROnPlateau] factor should be < 1.0: got ${this.factor}`);
    checkOptimizer("ReduceLROnPlateau", optimizer);
    this.optimizer = optimizer;
    const n = optimizer.paramGroups.length;
    const minLr = opts.minLr ?? 0;
    if (Array.isArray(minLr)) {
      if (minLr.length !== n) throw new RangeError(`[ReduceLROnPlateau] expected ${n} min_lrs: got ${minLr.length}`);
      this.minLrs = [...minLr];
    } else {
      this.minLrs = new Array<number>(n).fill(minLr);
    }
    this.patience = opts.patience ?? 10;
    this.cooldown = opts.cooldown ?? 0;
    this.mode = opts.mode ?? "min";
    this.threshold = opts.threshold ?? 1e-4;
    this.thresholdMode = opts.thresholdMode ?? "rel";
    this.eps = opts.eps ?? 1e-8;
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
    const current = metrics instanceof Tensor ? (metrics.item() as number) : Number(metrics);
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

  /** Restores `stateDict()`'s output. @example sched.loadStateDict(sd); // fragment */
  loadStateDict(sd: Record<string, unknown>): void {
    loadSchedulerState(this, sd);
    this._initIsBetter();
  }
}
