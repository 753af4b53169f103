/**
 * Training-control callbacks with Keras' arguments and defaults: `EarlyStopping`,
 * `ReduceLROnPlateau`, `LearningRateScheduler`, `TerminateOnNaN`, `CSVLogger`, `LambdaCallback`.
 */
import type { Tensor } from "../../tensor/tensor.js";
import {
  checkBool,
  checkFunction,
  checkInt,
  checkNumber,
  checkOneOf,
  checkOptions,
  optionKeys,
} from "../../util/args.js";
import { checkString } from "../check.js";
import { Callback, type Logs } from "./base.js";
import { emitWarning, lazyBuiltin } from "../../util/node.js";

const fs = lazyBuiltin("node:fs", "keras.callbacks.CSVLogger", "CSVLogger writes a file; use History in a browser");

const EARLY_KEYS = optionKeys(
  "monitor",
  "minDelta",
  "patience",
  "verbose",
  "mode",
  "baseline",
  "restoreBestWeights",
  "startFromEpoch",
);
const PLATEAU_KEYS = optionKeys("monitor", "factor", "patience", "verbose", "mode", "minDelta", "cooldown", "minLr");
const CSV_KEYS = optionKeys("separator", "append");
const LAMBDA_KEYS = optionKeys(
  "onEpochBegin",
  "onEpochEnd",
  "onTrainBatchBegin",
  "onTrainBatchEnd",
  "onTrainBegin",
  "onTrainEnd",
);
const MODES = ["auto", "min", "max"] as const;

/** Checks the options the monitoring callbacks share. */
export function checkMonitorOpts(
  op: string,
  o: {
    monitor?: unknown;
    mode?: unknown;
    verbose?: unknown;
    patience?: unknown;
    minDelta?: unknown;
  },
): void {
  if (o.monitor !== undefined) checkString(op, "monitor", o.monitor);
  if (o.mode !== undefined) checkOneOf(op, "mode", o.mode, MODES);
  if (o.verbose !== undefined && o.verbose !== 0 && o.verbose !== 1)
    throw new RangeError(`[${op}] verbose must be 0 or 1: got ${String(o.verbose)}`);
  if (o.patience !== undefined) checkInt(op, "patience", o.patience);
  if (o.minDelta !== undefined) checkNumber(op, "minDelta", o.minDelta);
}

/** "min" for losses/errors, "max" otherwise (Keras' "auto"). */
function direction(mode: "auto" | "min" | "max", monitor: string): "min" | "max" {
  if (mode !== "auto") return mode;
  return /acc|auc|precision|recall|fmeasure/.test(monitor) ? "max" : "min";
}

function monitored(name: string, monitor: string, logs: Logs | undefined): number | undefined {
  const v = logs?.[monitor];
  if (v === undefined && logs !== undefined)
    emitWarning(
      `[keras.callbacks.${name}] metric "${monitor}" is not available: got ${Object.keys(logs).join(", ") || "no logs"}`,
    );
  return v;
}

/** Options of `EarlyStopping`. */
export interface EarlyStoppingOptions {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  verbose?: 0 | 1;
  mode?: "auto" | "min" | "max";
  baseline?: number | null;
  restoreBestWeights?: boolean;
  startFromEpoch?: number;
}

/**
 * Stops training when `monitor` has not improved by `minDelta` for `patience` epochs.
 * @example new callbacks.EarlyStopping({ monitor: "val_loss", patience: 3, restoreBestWeights: true })
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: "min" | "max";
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly verbose: number;
  readonly startFromEpoch: number;
  wait = 0;
  stoppedEpoch = 0;
  best = Infinity;
  bestEpoch = 0;
  bestWeights: Tensor[] | null = null;
  constructor(o: EarlyStoppingOptions = {}) {
    super();
    const op = "keras.callbacks.EarlyStopping";
    checkOptions(op, o, EARLY_KEYS);
    checkMonitorOpts(op, o);
    if (o.baseline !== undefined && o.baseline !== null) checkNumber(op, "baseline", o.baseline);
    if (o.restoreBestWeights !== undefined) checkBool(op, "restoreBestWeights", o.restoreBestWeights);
    if (o.startFromEpoch !== undefined) checkInt(op, "startFromEpoch", o.startFromEpoch);
    this.monitor = o.monitor ?? "val_loss";
    this.minDelta = Math.abs(o.minDelta ?? 0);
    this.patience = o.patience ?? 0;
    this.mode = direction(o.mode ?? "auto", this.monitor);
    this.baseline = o.baseline ?? null;
    this.restoreBestWeights = o.restoreBestWeights ?? false;
    this.verbose = o.verbose ?? 0;
    this.startFromEpoch = o.startFromEpoch ?? 0;
  }
  private improved(v: number, ref: number): boolean {
    // Keras: an improvement beats the reference by more than minDelta
    return this.mode === "min" ? v + this.minDelta < ref : v - this.minDelta > ref;
  }
  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === "min" ? Infinity : -Infinity;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }
  override onEpochEnd(epoch: number, logs?: Logs): void {
    const v = monitored("EarlyStopping", this.monitor, logs);
    if (v === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = this.model!.getWeights();
    this.wait++;
    if (this.improved(v, this.best)) {
      this.best = v;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model!.getWeights();
      // Keras: only reset patience when the baseline (if any) is beaten too
      if (this.baseline === null || this.improved(v, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights !== null) {
        if (this.verbose > 0)
          console.log("Restoring model weights from the end of the best epoch: " + (this.bestEpoch + 1) + ".");
        this.model!.setWeights(this.bestWeights);
      }
    }
  }
  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
  }
}

/** Options of `ReduceLROnPlateau`. */
export interface ReduceLROnPlateauOptions {
  monitor?: string;
  factor?: number;
  patience?: number;
  verbose?: 0 | 1;
  mode?: "auto" | "min" | "max";
  minDelta?: number;
  cooldown?: number;
  minLr?: number;
}

/**
 * Multiplies the learning rate by `factor` when `monitor` stalls for `patience` epochs.
 * @example new callbacks.ReduceLROnPlateau({ factor: 0.2, patience: 5, minLr: 0.001 })
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: "min" | "max";
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: number;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;
  constructor(o: ReduceLROnPlateauOptions = {}) {
    super();
    const op = "keras.callbacks.ReduceLROnPlateau";
    checkOptions(op, o, PLATEAU_KEYS);
    checkMonitorOpts(op, o);
    if (o.cooldown !== undefined) checkInt(op, "cooldown", o.cooldown);
    if (o.minLr !== undefined) checkNumber(op, "minLr", o.minLr, { min: 0 });
    this.monitor = o.monitor ?? "val_loss";
    this.factor = checkNumber(op, "factor", o.factor ?? 0.1, { min: 0 });
    if (this.factor >= 1)
      throw new RangeError(`[keras.callbacks.ReduceLROnPlateau] factor must be < 1: got ${this.factor}`);
    this.patience = o.patience ?? 10;
    this.mode = direction(o.mode ?? "auto", this.monitor);
    this.minDelta = o.minDelta ?? 1e-4;
    this.cooldown = o.cooldown ?? 0;
    this.minLr = o.minLr ?? 0;
    this.verbose = o.verbose ?? 0;
  }
  override onTrainBegin(): void {
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const opt = this.model!.optimizer!;
    logs.lr = opt.learningRate;
    const v = monitored("ReduceLROnPlateau", this.monitor, logs);
    if (v === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    const better = this.mode === "min" ? v < this.best - this.minDelta : v > this.best + this.minDelta;
    if (better) {
      this.best = v;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = opt.learningRate;
        if (old > this.minLr) {
          const lr = Math.max(old * this.factor, this.minLr);
          opt.learningRate = lr;
          if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

/**
 * Sets the learning rate at the start of each epoch to `schedule(epoch, lr)`.
 * @example new callbacks.LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)))
 */
export class LearningRateScheduler extends Callback {
  constructor(
    readonly schedule: (epoch: number, lr: number) => number,
    readonly verbose: 0 | 1 = 0,
  ) {
    super();
    const op = "keras.callbacks.LearningRateScheduler";
    checkFunction(op, "schedule", schedule);
    if (verbose !== 0 && verbose !== 1) throw new RangeError(`[${op}] verbose must be 0 or 1: got ${String(verbose)}`);
  }
  override onEpochBegin(epoch: number): void {
    const opt = this.model!.optimizer!;
    const lr = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== "number" || !Number.isFinite(lr))
      throw new TypeError(
        `[keras.callbacks.LearningRateScheduler] the schedule must return a finite number: got ${String(lr)}`,
      );
    opt.learningRate = lr;
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }
  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.lr = this.model!.optimizer!.learningRate;
  }
}

/** Stops training as soon as a batch loss is NaN or infinite. @example new callbacks.TerminateOnNaN() */
export class TerminateOnNaN extends Callback {
  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      this.model!.stopTraining = true;
    }
  }
}

/**
 * Appends one CSV row per epoch (`epoch,accuracy,loss,…` with keys sorted, as Keras).
 * @example new callbacks.CSVLogger("training.log", { separator: ",", append: false })
 */
export class CSVLogger extends Callback {
  private keys: string[] | null = null;
  constructor(
    readonly filename: string,
    readonly opts: { separator?: string; append?: boolean } = {},
  ) {
    super();
    const op = "keras.callbacks.CSVLogger";
    checkString(op, "filename", filename);
    checkOptions(op, opts, CSV_KEYS);
    if (opts.separator !== undefined) checkString(op, "separator", opts.separator);
    if (opts.append !== undefined) checkBool(op, "append", opts.append);
  }
  override onTrainBegin(): void {
    this.keys = null;
    if (!this.opts.append) fs.writeFileSync(this.filename, "");
  }
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const sep = this.opts.separator ?? ",";
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      if (!this.opts.append) fs.appendFileSync(this.filename, ["epoch", ...this.keys].join(sep) + "\n");
    }
    const row = [String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? "NA" : String(logs[k])))];
    fs.appendFileSync(this.filename, row.join(sep) + "\n");
  }
}

/** Hooks of `LambdaCallback`. */
export interface LambdaHooks {
  onEpochBegin?: (epoch: number, logs: Logs) => unknown;
  onEpochEnd?: (epoch: number, logs: Logs) => unknown;
  onTrainBatchBegin?: (batch: number, logs: Logs) => unknown;
  onTrainBatchEnd?: (batch: number, logs: Logs) => unknown;
  onTrainBegin?: (logs: Logs) => unknown;
  onTrainEnd?: (logs: Logs) => unknown;
}

/**
 * A callback from plain functions.
 * @example new callbacks.LambdaCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) })
 */
export class LambdaCallback extends Callback {
  constructor(readonly hooks: LambdaHooks = {}) {
    super();
    checkOptions("keras.callbacks.LambdaCallback", hooks, LAMBDA_KEYS);
    for (const [k, f] of Object.entries(hooks))
      if (f !== undefined) checkFunction("keras.callbacks.LambdaCallback", k, f);
  }
  override onEpochBegin(e: number, logs: Logs = {}): unknown {
    return this.hooks.onEpochBegin?.(e, logs);
  }
  override onEpochEnd(e: number, logs: Logs = {}): unknown {
    return this.hooks.onEpochEnd?.(e, logs);
  }
  override onTrainBatchBegin(b: number, logs: Logs = {}): unknown {
    return this.hooks.onTrainBatchBegin?.(b, logs);
  }
  override onTrainBatchEnd(b: number, logs: Logs = {}): unknown {
    return this.hooks.onTrainBatchEnd?.(b, logs);
  }
  override needsBatchLogs(kind: "Train" | "Test" | "Predict"): boolean {
    return kind === "Train" && this.hooks.onTrainBatchEnd !== undefined;
  }
  override onTrainBegin(logs: Logs = {}): unknown {
    return this.hooks.onTrainBegin?.(logs);
  }
  override onTrainEnd(logs: Logs = {}): unknown {
    return this.hooks.onTrainEnd?.(logs);
  }
}
