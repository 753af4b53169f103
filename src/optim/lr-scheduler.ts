/**
 * Learning-rate schedulers (`torch.optim.lr_scheduler`), PyTorch 1.13's chainable (recursive)
 * forms so values match step for step. Each sets `initialLr` in the groups on construction and
 * applies its first value at once; call `scheduler.step()` after `optimizer.step()`.
 */
import { Optimizer, toCamel, toSnake, deepCopy } from "./optimizer.js";
import { checkSchedulerState } from "./state-check.js";
import {
  checkArity,
  checkInt,
  checkNumber,
  checkOptions,
  describe,
  isPlainObject,
  optionKeys,
  type OptionKeys,
} from "../util/args.js";

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

/**
 * Throws (naming the key) unless `sd` fits scheduler `obj`: no unknown or missing keys, values of
 * the kinds its fields hold. Changes nothing.
 */
export function checkSchedulerStateOf(obj: object, sd: unknown, skip: readonly string[] = []): void {
  const groups = (obj as { optimizer?: Optimizer }).optimizer?.paramGroups.length ?? 0;
  checkSchedulerState(obj.constructor.name, schedulerState(obj), sd, groups, skip);
}

/** Assigns a state dict's entries back to the scheduler's fields, after checking them all. */
export function loadSchedulerState(obj: object, sd: Record<string, unknown>, skip: readonly string[] = []): void {
  checkSchedulerStateOf(obj, sd, skip);
  for (const [k, v] of Object.entries(sd)) {
    if (skip.includes(k)) continue;
    const name = ODD_BACK[k] ?? (k.startsWith("_") ? `_${toCamel(k.slice(1))}` : toCamel(k));
    (obj as Record<string, unknown>)[name] = deepCopy(v);
  }
}

export function checkOptimizer(name: string, optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer)) {
    const got =
      optimizer === null
        ? "null"
        : typeof optimizer === "object"
          ? (optimizer.constructor?.name ?? "Object")
          : typeof optimizer;
    // a Keras optimizer holds its torch optimizer in `.torch` once the model is compiled
    const hint =
      typeof optimizer === "object" && optimizer !== null && "torch" in optimizer
        ? " (a keras optimizer: pass its .torch after compile)"
        : ", expected a torch.optim optimizer (new optim.SGD(...))";
    throw new TypeError(`[${name}] expected an Optimizer: got ${got}${hint}`);
  }
}

/**
 * The common head of a scheduler constructor: the optimizer, the argument count (`max`), and the
 * final options object against `keys` (a non-object there names the call form `form`);
 * `lastEpoch` must be an integer >= -1. Returns the options (`{}` when none were given).
 */
export function schedulerArgs<O extends object>(
  name: string,
  optimizer: unknown,
  given: number,
  max: number,
  opts: unknown,
  keys: OptionKeys,
  form: string,
): O & SchedulerOptions {
  checkOptimizer(name, optimizer);
  checkArity(name, given, max);
  if (opts !== undefined && !isPlainObject(opts)) {
    throw new TypeError(
      `[${name}] expected an options object as argument ${max}: got ${describe(opts)} (call it as ${form})`,
    );
  }
  checkOptions(name, opts, keys);
  const o = (opts ?? {}) as O & SchedulerOptions;
  if (o.lastEpoch !== undefined) checkInt(name, "lastEpoch", o.lastEpoch, -1);
  return o;
}

/** A required positional integer >= `min` (an object there is the usual mistake: name the call form). */
export function positionalInt(name: string, what: string, v: unknown, form: string, min = 1): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(`[${name}] ${what} must be an integer: got ${describe(v)} (call it as ${form})`);
  }
  if (v < min) {
    throw new RangeError(
      `[${name}] ${what} must be ${min === 1 ? "a positive integer" : `an integer >= ${min}`}: got ${v}`,
    );
  }
  return v;
}

/** A required positional number (not NaN), >= `min` when given. */
export function positionalNumber(name: string, what: string, v: unknown, form: string, min?: number): number {
  if (typeof v !== "number" || Number.isNaN(v)) {
    throw new TypeError(`[${name}] ${what} must be a number: got ${describe(v)} (call it as ${form})`);
  }
  if (min !== undefined && !(v >= min)) throw new RangeError(`[${name}] ${what} must be >= ${min}: got ${v}`);
  return v;
}

/** An option that is a number (not NaN), in [min, max] when given; `undefined` gives `dflt`. */
export function numberOption(
  name: string,
  what: string,
  v: unknown,
  dflt: number,
  range: { min?: number; max?: number; minExclusive?: boolean } = {},
): number {
  return v === undefined ? dflt : checkNumber(name, what, v, range);
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

/** A number, or one number per param group (each checked, >= `min` when given). */
export function perGroupNumber(name: string, what: string, optimizer: Optimizer, v: unknown, min?: number): number[] {
  const out = perGroup(name, what, optimizer, v as number | number[]);
  out.forEach((x, i) => {
    const at = Array.isArray(v) ? `${what}[${i}]` : what;
    if (typeof x !== "number" || Number.isNaN(x)) {
      throw new TypeError(
        `[${name}] ${at} must be a number or one number per param group: got ${describe(Array.isArray(v) ? x : v)}`,
      );
    }
    if (min !== undefined && !(x >= min)) throw new RangeError(`[${name}] ${at} must be >= ${min}: got ${x}`);
  });
  return out;
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
    if (epoch !== undefined && (typeof epoch !== "number" || Number.isNaN(epoch)))
      throw new TypeError(`[${this.constructor.name}.step] epoch must be a number: got ${describe(epoch)}`);
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

  /**
   * /** Restores fields saved by `stateDict()` (checked first: unknown, missing or ill-typed keys throw).
   * @example
   * const sd = sched.stateDict();
   * sched.loadStateDict(sd);
   */
  loadStateDict(stateDict: Record<string, unknown>): void {
    loadSchedulerState(this, stateDict);
  }

  /** @internal throws unless `loadStateDict(sd)` would succeed; changes nothing. */
  _checkStateDict(sd: unknown): void {
    checkSchedulerStateOf(this, sd);
  }

  protected get _groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}

const GAMMA_KEYS = optionKeys("gamma", "lastEpoch");
const CONSTANT_KEYS = optionKeys("factor", "totalIters", "lastEpoch");
const LINEAR_KEYS = optionKeys("startFactor", "endFactor", "totalIters", "lastEpoch");
const COSINE_KEYS = optionKeys("etaMin", "lastEpoch");

/** A function of the epoch giving a factor. */
export type LrLambda = (epoch: number) => number;

const LAST_EPOCH_KEYS = optionKeys("lastEpoch");

function lambdas(name: string, optimizer: Optimizer, f: unknown): LrLambda[] {
  const n = optimizer.paramGroups.length;
  if (typeof f === "function") return new Array<LrLambda>(n).fill(f as LrLambda);
  if (!Array.isArray(f)) {
    throw new TypeError(
      `[${name}] lrLambda must be a function or one function per param group: got ${describe(f)} (call it as new ${name}(optimizer, (epoch) => factor))`,
    );
  }
  if (f.length !== n) throw new RangeError(`[${name}] expected ${n} lr_lambdas: got ${f.length}`);
  f.forEach((g, i) => {
    if (typeof g !== "function") throw new TypeError(`[${name}] lrLambda[${i}] must be a function: got ${describe(g)}`);
  });
  return [...(f as LrLambda[])];
}

/**
 * `lr = baseLr · lrLambda(epoch)` (one function, or one per group).
 * @example new LambdaLR(opt, (e) => 0.95 ** e)
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];
  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[], opts?: SchedulerOptions) {
    const o = schedulerArgs(
      "LambdaLR",
      optimizer,
      arguments.length,
      3,
      opts,
      LAST_EPOCH_KEYS,
      "new LambdaLR(optimizer, lrLambda, { lastEpoch })",
    );
    super("LambdaLR", optimizer, o.lastEpoch);
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
  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[], opts?: SchedulerOptions) {
    const o = schedulerArgs(
      "MultiplicativeLR",
      optimizer,
      arguments.length,
      3,
      opts,
      LAST_EPOCH_KEYS,
      "new MultiplicativeLR(optimizer, lrLambda, { lastEpoch })",
    );
    super("MultiplicativeLR", optimizer, o.lastEpoch);
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
  constructor(optimizer: Optimizer, stepSize: number, opts?: SchedulerOptions & { gamma?: number }) {
    const form = "new StepLR(optimizer, stepSize, { gamma, lastEpoch })";
    const o = schedulerArgs<{ gamma?: number }>("StepLR", optimizer, arguments.length, 3, opts, GAMMA_KEYS, form);
    positionalInt("StepLR", "stepSize", stepSize, form);
    const gamma = numberOption("StepLR", "gamma", o.gamma, 0.1, { min: 0 });
    super("StepLR", optimizer, o.lastEpoch);
    this.stepSize = stepSize;
    this.gamma = gamma;
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
  constructor(optimizer: Optimizer, milestones: readonly number[], opts?: SchedulerOptions & { gamma?: number }) {
    const form = "new MultiStepLR(optimizer, [m1, m2, …], { gamma, lastEpoch })";
    const o = schedulerArgs<{ gamma?: number }>("MultiStepLR", optimizer, arguments.length, 3, opts, GAMMA_KEYS, form);
    if (!Array.isArray(milestones)) {
      throw new TypeError(
        `[MultiStepLR] milestones must be an array of epochs: got ${describe(milestones)} (call it as ${form})`,
      );
    }
    milestones.forEach((m: unknown, i) => checkInt("MultiStepLR", `milestones[${i}]`, m, 0));
    const gamma = numberOption("MultiStepLR", "gamma", o.gamma, 0.1, { min: 0 });
    super("MultiStepLR", optimizer, o.lastEpoch);
    this.milestones = {};
    for (const m of milestones) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = gamma;
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
  constructor(optimizer: Optimizer, opts?: SchedulerOptions & { factor?: number; totalIters?: number }) {
    const o = schedulerArgs<{ factor?: number; totalIters?: number }>(
      "ConstantLR",
      optimizer,
      arguments.length,
      2,
      opts,
      CONSTANT_KEYS,
      "new ConstantLR(optimizer, { factor, totalIters, lastEpoch })",
    );
    const factor = numberOption("ConstantLR", "factor", o.factor, 1 / 3);
    if (factor > 1 || factor < 0) {
      throw new RangeError(`[ConstantLR] constant multiplicative factor must be between 0 and 1: got ${factor}`);
    }
    const totalIters = o.totalIters === undefined ? 5 : checkInt("ConstantLR", "totalIters", o.totalIters, 0);
    super("ConstantLR", optimizer, o.lastEpoch);
    this.factor = factor;
    this.totalIters = totalIters;
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
    opts?: SchedulerOptions & { startFactor?: number; endFactor?: number; totalIters?: number },
  ) {
    const o = schedulerArgs<{ startFactor?: number; endFactor?: number; totalIters?: number }>(
      "LinearLR",
      optimizer,
      arguments.length,
      2,
      opts,
      LINEAR_KEYS,
      "new LinearLR(optimizer, { startFactor, endFactor, totalIters, lastEpoch })",
    );
    const startFactor = numberOption("LinearLR", "startFactor", o.startFactor, 1 / 3);
    const endFactor = numberOption("LinearLR", "endFactor", o.endFactor, 1);
    // PyTorch 2 rejects 0 too: the recursive form divides by totalIters·startFactor
    if (startFactor > 1 || startFactor <= 0) {
      throw new RangeError(
        `[LinearLR] starting multiplicative factor must be greater than 0 and at most 1: got ${startFactor}`,
      );
    }
    if (endFactor > 1 || endFactor < 0) {
      throw new RangeError(`[LinearLR] ending multiplicative factor must be between 0 and 1: got ${endFactor}`);
    }
    const totalIters = o.totalIters === undefined ? 5 : checkInt("LinearLR", "totalIters", o.totalIters, 1);
    super("LinearLR", optimizer, o.lastEpoch);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
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
  constructor(optimizer: Optimizer, gamma: number, opts?: SchedulerOptions) {
    const form = "new ExponentialLR(optimizer, gamma, { lastEpoch })";
    const o = schedulerArgs("ExponentialLR", optimizer, arguments.length, 3, opts, LAST_EPOCH_KEYS, form);
    positionalNumber("ExponentialLR", "gamma", gamma, form, 0);
    super("ExponentialLR", optimizer, o.lastEpoch);
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
  constructor(optimizer: Optimizer, tMax: number, opts?: SchedulerOptions & { etaMin?: number }) {
    const form = "new CosineAnnealingLR(optimizer, tMax, { etaMin, lastEpoch })";
    const o = schedulerArgs<{ etaMin?: number }>(
      "CosineAnnealingLR",
      optimizer,
      arguments.length,
      3,
      opts,
      COSINE_KEYS,
      form,
    );
    // PyTorch divides by T_max (ZeroDivisionError at the second step); here it is checked up front
    positionalInt("CosineAnnealingLR", "tMax", tMax, form);
    const etaMin = numberOption("CosineAnnealingLR", "etaMin", o.etaMin, 0);
    super("CosineAnnealingLR", optimizer, o.lastEpoch);
    this.tMax = tMax;
    this.etaMin = etaMin;
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
