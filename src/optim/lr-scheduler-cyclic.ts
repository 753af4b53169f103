/** Cyclic schedules: `CosineAnnealingWarmRestarts`, `CyclicLR`, `OneCycleLR` (PyTorch 1.13 formulas). */
import type { Optimizer } from "./optimizer.js";
import { checkBool, checkFunction, checkOneOf, describe, optionKeys } from "../util/args.js";
import { LRScheduler, numberOption, perGroupNumber, schedulerArgs, type SchedulerOptions } from "./lr-scheduler.js";

const WARM_RESTARTS_KEYS = optionKeys("tMult", "etaMin", "lastEpoch");
const CYCLIC_KEYS = optionKeys(
  "stepSizeUp",
  "stepSizeDown",
  "mode",
  "gamma",
  "scaleFn",
  "scaleMode",
  "cycleMomentum",
  "baseMomentum",
  "maxMomentum",
  "lastEpoch",
);
const ONE_CYCLE_KEYS = optionKeys(
  "totalSteps",
  "epochs",
  "stepsPerEpoch",
  "pctStart",
  "annealStrategy",
  "cycleMomentum",
  "baseMomentum",
  "maxMomentum",
  "divFactor",
  "finalDivFactor",
  "threePhase",
  "lastEpoch",
);

/**
 * Cosine annealing with warm restarts every `t0·tMult^k` epochs; `step(epoch)` accepts fractional
 * epochs (`epoch + i / itersPerEpoch`).
 * @example new CosineAnnealingWarmRestarts(opt, 10, { tMult: 2 })
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  t0: number;
  tI: number;
  tMult: number;
  etaMin: number;
  tCur: number;
  constructor(optimizer: Optimizer, t0: number, opts?: SchedulerOptions & { tMult?: number; etaMin?: number }) {
    const name = "CosineAnnealingWarmRestarts";
    const form = "new CosineAnnealingWarmRestarts(optimizer, t0, { tMult, etaMin, lastEpoch })";
    const o = schedulerArgs<{ tMult?: number; etaMin?: number }>(
      name,
      optimizer,
      arguments.length,
      3,
      opts,
      WARM_RESTARTS_KEYS,
      form,
    );
    if (typeof t0 !== "number")
      throw new TypeError(`[${name}] t0 must be an integer: got ${describe(t0)} (call it as ${form})`);
    if (o.tMult !== undefined && typeof o.tMult !== "number")
      throw new TypeError(`[${name}] tMult must be an integer: got ${describe(o.tMult)}`);
    const tMult = o.tMult ?? 1;
    const etaMin = numberOption(name, "etaMin", o.etaMin, 0);
    if (!Number.isInteger(t0) || t0 <= 0)
      throw new RangeError(`[CosineAnnealingWarmRestarts] expected a positive integer T_0: got ${t0}`);
    if (!Number.isInteger(tMult) || tMult < 1)
      throw new RangeError(`[CosineAnnealingWarmRestarts] expected an integer T_mult >= 1: got ${describe(tMult)}`);
    super(name, optimizer, o.lastEpoch);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tCur = o.lastEpoch ?? -1;
    this._initialStep();
  }
  protected _getLr(): number[] {
    return this.baseLrs.map(
      (b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2,
    );
  }
  /** Advances one epoch, or sets the (possibly fractional) `epoch`. @example sched.step(epoch + i / iters) // fragment */
  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur - this.tI;
        this.tI = this.tI * this.tMult;
      }
    } else {
      if (epoch < 0) throw new RangeError(`[CosineAnnealingWarmRestarts] expected a non-negative epoch: got ${epoch}`);
      if (epoch >= this.t0) {
        if (this.tMult === 1) {
          this.tCur = epoch % this.t0;
        } else {
          const n = Math.trunc(Math.log((epoch / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
          this.tCur = epoch - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
          this.tI = this.t0 * this.tMult ** n;
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    this._getLrCalledWithinStep = true;
    const lrs = this._getLr();
    this._getLrCalledWithinStep = false;
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = lrs[i]!));
    this._lastLr = this._groupLrs;
  }
}

/** Options of `CyclicLR`. */
export interface CyclicLROptions extends SchedulerOptions {
  stepSizeUp?: number;
  stepSizeDown?: number | null;
  mode?: "triangular" | "triangular2" | "exp_range";
  gamma?: number;
  scaleFn?: ((x: number) => number) | null;
  scaleMode?: "cycle" | "iterations";
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
}

/**
 * Cycles the lr between `baseLr` and `maxLr` (triangular, triangular2, exp_range, or a custom
 * `scaleFn`), and the momentum inversely; step it after every batch.
 * @example new CyclicLR(opt, 0.01, 0.1, { stepSizeUp: 2000 })
 */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: string;
  gamma: number;
  scaleMode: string;
  cycleMomentum: boolean;
  baseMomentums: number[] = [];
  maxMomentums: number[] = [];
  private _scaleFnCustom: ((x: number) => number) | null;

  constructor(optimizer: Optimizer, baseLr: number | number[], maxLr: number | number[], opts?: CyclicLROptions) {
    const n = "CyclicLR";
    const o = schedulerArgs<CyclicLROptions>(
      n,
      optimizer,
      arguments.length,
      4,
      opts,
      CYCLIC_KEYS,
      "new CyclicLR(optimizer, baseLr, maxLr, { stepSizeUp, mode, … })",
    );
    const lastEpoch = o.lastEpoch ?? -1;
    const baseLrs = perGroupNumber(n, "baseLr", optimizer, baseLr, 0);
    const maxLrs = perGroupNumber(n, "maxLr", optimizer, maxLr, 0);
    // a zero-length cycle divides by zero (NaN lr)
    const up = numberOption(n, "stepSizeUp", o.stepSizeUp, 2000, { min: 0, minExclusive: true });
    const down = o.stepSizeDown == null ? up : numberOption(n, "stepSizeDown", o.stepSizeDown, up, { min: 0 });
    const scaleFn = o.scaleFn ?? null;
    if (scaleFn !== null) checkFunction(n, "scaleFn", scaleFn);
    const mode = o.mode ?? "triangular";
    if (!["triangular", "triangular2", "exp_range"].includes(mode) && scaleFn === null) {
      throw new RangeError(
        `[CyclicLR] mode is invalid and scaleFn is null: got ${JSON.stringify(mode)}, expected triangular, triangular2 or exp_range`,
      );
    }
    const gamma = numberOption(n, "gamma", o.gamma, 1);
    if (o.scaleMode !== undefined) checkOneOf(n, "scaleMode", o.scaleMode, ["cycle", "iterations"]);
    const cycleMomentum = o.cycleMomentum === undefined ? true : checkBool(n, "cycleMomentum", o.cycleMomentum);
    if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.lr = baseLrs[i]!));
    super(n, optimizer, lastEpoch);
    this.maxLrs = maxLrs;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = mode;
    this._scaleFnCustom = scaleFn;
    this.gamma = gamma;
    this.scaleMode = scaleFn !== null ? (o.scaleMode ?? "cycle") : mode === "exp_range" ? "iterations" : "cycle";
    this.cycleMomentum = cycleMomentum;
    if (this.cycleMomentum) {
      if (!("momentum" in optimizer.defaults)) {
        throw new RangeError(
          `[CyclicLR] optimizer must support momentum with the cycleMomentum option enabled: got ${optimizer.name}, expected one with a momentum option (or pass cycleMomentum: false)`,
        );
      }
      const bm = perGroupNumber(n, "baseMomentum", optimizer, o.baseMomentum ?? 0.8, 0);
      const mm = perGroupNumber(n, "maxMomentum", optimizer, o.maxMomentum ?? 0.9, 0);
      if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.momentum = bm[i]!));
      this.baseMomentums = optimizer.paramGroups.map((g) => g.momentum as number);
      this.maxMomentums = mm;
    }
    this._initialStep();
    this.baseLrs = baseLrs;
  }

  private _scale(x: number): number {
    if (this._scaleFnCustom !== null) return this._scaleFnCustom(x);
    if (this.mode === "triangular") return 1;
    if (this.mode === "triangular2") return 1 / 2 ** (x - 1);
    return this.gamma ** x;
  }

  protected _getLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const s = this._scale(this.scaleMode === "cycle" ? cycle : this.lastEpoch);
    const lrs = this.baseLrs.map((b, i) => b + (this.maxLrs[i]! - b) * scaleFactor * s);
    if (this.cycleMomentum) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const height = (this.maxMomentums[i]! - this.baseMomentums[i]!) * scaleFactor;
        g.momentum = this.maxMomentums[i]! - height * s;
      });
    }
    return lrs;
  }
}

/** Options of `OneCycleLR`: give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions extends SchedulerOptions {
  totalSteps?: number | null;
  epochs?: number | null;
  stepsPerEpoch?: number | null;
  pctStart?: number;
  annealStrategy?: "cos" | "linear";
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

interface Phase {
  endStep: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

/**
 * The 1cycle policy: warm up from `maxLr/divFactor` to `maxLr`, then anneal to
 * `initialLr/finalDivFactor` (cos or linear), cycling momentum (or Adam's β1) inversely.
 * @example new OneCycleLR(opt, 0.1, { totalSteps: 1000 })
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  private _schedulePhases: Phase[];
  annealStrategy: "cos" | "linear";
  cycleMomentum: boolean;
  useBeta1 = false;

  constructor(optimizer: Optimizer, maxLr: number | number[], opts?: OneCycleLROptions) {
    const n = "OneCycleLR";
    opts = schedulerArgs<OneCycleLROptions>(
      n,
      optimizer,
      arguments.length,
      3,
      opts,
      ONE_CYCLE_KEYS,
      "new OneCycleLR(optimizer, maxLr, { totalSteps }) or (optimizer, maxLr, { epochs, stepsPerEpoch })",
    );
    const lastEpoch = opts.lastEpoch ?? -1;
    const maxLrs = perGroupNumber(n, "maxLr", optimizer, maxLr, 0);
    const isPosInt = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v > 0;
    let totalSteps: number;
    if (opts.totalSteps != null) {
      if (!isPosInt(opts.totalSteps))
        throw new RangeError(`[OneCycleLR] expected a positive integer totalSteps: got ${describe(opts.totalSteps)}`);
      totalSteps = opts.totalSteps;
    } else if (opts.epochs != null || opts.stepsPerEpoch != null) {
      if (!isPosInt(opts.epochs))
        throw new RangeError(`[OneCycleLR] expected a positive integer epochs: got ${describe(opts.epochs)}`);
      if (!isPosInt(opts.stepsPerEpoch))
        throw new RangeError(
          `[OneCycleLR] expected a positive integer stepsPerEpoch: got ${describe(opts.stepsPerEpoch)}`,
        );
      totalSteps = opts.epochs! * opts.stepsPerEpoch!;
    } else {
      throw new RangeError(
        "[OneCycleLR] no schedule length: got none of totalSteps, epochs, stepsPerEpoch, expected totalSteps or (epochs and stepsPerEpoch)",
      );
    }
    const pct = numberOption(n, "pctStart", opts.pctStart, 0.3);
    const phases: Phase[] = opts.threePhase
      ? [
          {
            endStep: pct * totalSteps - 1,
            startLr: "initialLr",
            endLr: "maxLr",
            startMomentum: "maxMomentum",
            endMomentum: "baseMomentum",
          },
          {
            endStep: 2 * pct * totalSteps - 2,
            startLr: "maxLr",
            endLr: "initialLr",
            startMomentum: "baseMomentum",
            endMomentum: "maxMomentum",
          },
          {
            endStep: totalSteps - 1,
            startLr: "initialLr",
            endLr: "minLr",
            startMomentum: "maxMomentum",
            endMomentum: "maxMomentum",
          },
        ]
      : [
          {
            endStep: pct * totalSteps - 1,
            startLr: "initialLr",
            endLr: "maxLr",
            startMomentum: "maxMomentum",
            endMomentum: "baseMomentum",
          },
          {
            endStep: totalSteps - 1,
            startLr: "maxLr",
            endLr: "minLr",
            startMomentum: "baseMomentum",
            endMomentum: "maxMomentum",
          },
        ];
    if (!(pct >= 0 && pct <= 1)) throw new RangeError(`[OneCycleLR] expected pctStart between 0 and 1: got ${pct}`);
    const anneal = opts.annealStrategy ?? "cos";
    if (anneal !== "cos" && anneal !== "linear") {
      throw new RangeError(`[OneCycleLR] annealStrategy must be "cos" or "linear": got ${JSON.stringify(anneal)}`);
    }
    // a zero divisor makes the initial or final lr infinite
    const divFactor = numberOption(n, "divFactor", opts.divFactor, 25, { min: 0, minExclusive: true });
    const finalDivFactor = numberOption(n, "finalDivFactor", opts.finalDivFactor, 1e4, { min: 0, minExclusive: true });
    if (opts.threePhase !== undefined) checkBool(n, "threePhase", opts.threePhase);
    if (lastEpoch === -1) {
      optimizer.paramGroups.forEach((g, i) => {
        g.initialLr = maxLrs[i]! / divFactor;
        g.maxLr = maxLrs[i]!;
        g.minLr = (g.initialLr as number) / finalDivFactor;
      });
    }
    const cycleMomentum = opts.cycleMomentum === undefined ? true : checkBool(n, "cycleMomentum", opts.cycleMomentum);
    let useBeta1 = false;
    if (cycleMomentum) {
      if (!("momentum" in optimizer.defaults) && !("betas" in optimizer.defaults)) {
        throw new RangeError(
          `[OneCycleLR] optimizer must support momentum with the cycleMomentum option enabled: got ${optimizer.name}, expected one with momentum or betas (or pass cycleMomentum: false)`,
        );
      }
      useBeta1 = "betas" in optimizer.defaults;
      const maxM = perGroupNumber(n, "maxMomentum", optimizer, opts.maxMomentum ?? 0.95, 0);
      const baseM = perGroupNumber(n, "baseMomentum", optimizer, opts.baseMomentum ?? 0.85, 0);
      if (lastEpoch === -1) {
        optimizer.paramGroups.forEach((g, i) => {
          if (useBeta1) g.betas = [maxM[i]!, ...(g.betas as number[]).slice(1)];
          else g.momentum = maxM[i]!;
          g.maxMomentum = maxM[i]!;
          g.baseMomentum = baseM[i]!;
        });
      }
    }
    super("OneCycleLR", optimizer, lastEpoch);
    this.totalSteps = totalSteps;
    this._schedulePhases = phases;
    this.annealStrategy = anneal;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this._initialStep();
  }

  private _anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === "linear") return (end - start) * pct + start;
    const cosOut = Math.cos(Math.PI * pct) + 1;
    return end + ((start - end) / 2) * cosOut;
  }

  protected _getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new RangeError(
        `[OneCycleLR] tried to step ${stepNum + 1} times: got more steps than totalSteps ${this.totalSteps}`,
      );
    }
    return this.optimizer.paramGroups.map((g) => {
      let start = 0;
      let lr = 0;
      let momentum = 0;
      const phases = this._schedulePhases;
      for (let i = 0; i < phases.length; i++) {
        const ph = phases[i]!;
        if (stepNum <= ph.endStep || i === phases.length - 1) {
          const pct = (stepNum - start) / (ph.endStep - start);
          lr = this._anneal(g[ph.startLr] as number, g[ph.endLr] as number, pct);
          if (this.cycleMomentum)
            momentum = this._anneal(g[ph.startMomentum] as number, g[ph.endMomentum] as number, pct);
          break;
        }
        start = ph.endStep;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) g.betas = [momentum, ...(g.betas as number[]).slice(1)];
        else g.momentum = momentum;
      }
      return lr;
    });
  }
}
