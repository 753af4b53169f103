/**
 * Callbacks that write files through `src/io`: `ModelCheckpoint` (weights with `torch.save`, or a
 * full training checkpoint with optimizer state) and `BackupAndRestore` (resume an interrupted
 * `fit` at the next epoch with the same weights, optimizer state and random numbers).
 */
import { isMainProcess } from "../../distributed/training.js";
import { loadCheckpoint, saveCheckpoint } from "../../io/checkpoint.js";
import { save } from "../../io/save-load.js";
import type { SequentialModel } from "../model.js";
import { checkBool, checkOptions, optionKeys } from "../../util/args.js";
import { checkString } from "../check.js";
import { Callback, type CallbackModel, type Logs } from "./base.js";
import { cpuStateDict, moduleDevice } from "../../train/device.js";
import { checkMonitorOpts } from "./training.js";
import { emitWarning, lazyBuiltin } from "../../util/node.js";

const CHECKPOINT_KEYS = optionKeys("monitor", "verbose", "saveBestOnly", "saveWeightsOnly", "mode");
const BACKUP_KEYS = optionKeys("deleteCheckpoint");

const SPEC = /^(0?)(\d*)(?:\.(\d+))?([dfe])$/;

const HINT = "checkpoints are files, written from Node.js";
const fs = lazyBuiltin("node:fs", "keras.callbacks", HINT);
const nodePath = lazyBuiltin("node:path", "keras.callbacks", HINT);

/** Python's `str.format` for `{epoch:02d}`, `{val_loss:.2f}`, `{loss}`. */
export function formatPath(pattern: string, values: Logs): string {
  return pattern.replace(/\{(\w+)(?::([^}]*))?\}/g, (all, key: string, spec: string | undefined) => {
    const v = values[key];
    if (v === undefined)
      throw new RangeError(
        `[keras.callbacks.ModelCheckpoint] filepath uses {${key}}: got logs with ${Object.keys(values).join(", ")}`,
      );
    if (spec === undefined || spec === "") return String(v);
    const m = SPEC.exec(spec);
    if (m === null)
      throw new RangeError(
        `[keras.callbacks.ModelCheckpoint] unsupported format spec in ${all}: expected e.g. 02d or .2f`,
      );
    const [, zero, width, prec, kind] = m;
    let s =
      kind === "d"
        ? Math.trunc(v).toString()
        : kind === "f"
          ? v.toFixed(Number(prec ?? 6))
          : v.toExponential(Number(prec ?? 6));
    if (width) s = s.padStart(Number(width), zero ? "0" : " ");
    return s;
  });
}

function seq(m: CallbackModel | null): SequentialModel {
  if (m === null) throw new Error("[keras.callbacks] callback used outside fit: no model attached");
  return m as unknown as SequentialModel;
}

/** Options of `ModelCheckpoint`. */
export interface ModelCheckpointOptions {
  monitor?: string;
  verbose?: 0 | 1;
  saveBestOnly?: boolean;
  /** true: `torch.save(model.stateDict())`; false: weights + optimizer state + epoch (io.saveCheckpoint). */
  saveWeightsOnly?: boolean;
  mode?: "auto" | "min" | "max";
}

/**
 * Saves the model after each epoch (or only when `monitor` improves).
 * @example new callbacks.ModelCheckpoint("ckpt/weights.{epoch:02d}-{val_loss:.2f}.pt", { saveWeightsOnly: true })
 */
export class ModelCheckpoint extends Callback {
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: "min" | "max";
  readonly verbose: number;
  best: number;
  /** Paths written, in order. */
  readonly saved: string[] = [];
  constructor(
    readonly filepath: string,
    o: ModelCheckpointOptions = {},
  ) {
    super();
    const op = "keras.callbacks.ModelCheckpoint";
    checkString(op, "filepath", filepath);
    checkOptions(op, o, CHECKPOINT_KEYS);
    checkMonitorOpts(op, o);
    if (o.saveBestOnly !== undefined) checkBool(op, "saveBestOnly", o.saveBestOnly);
    if (o.saveWeightsOnly !== undefined) checkBool(op, "saveWeightsOnly", o.saveWeightsOnly);
    // a bad {key:spec} would only fail after the first epoch: check the specs now
    for (const m of filepath.matchAll(/\{(\w+)(?::([^}]*))?\}/g))
      if (m[2] !== undefined && m[2] !== "" && !SPEC.test(m[2]))
        throw new RangeError(`[${op}] unsupported format spec in ${m[0]}: expected e.g. 02d or .2f`);
    this.monitor = o.monitor ?? "val_loss";
    this.saveBestOnly = o.saveBestOnly ?? false;
    this.saveWeightsOnly = o.saveWeightsOnly ?? false;
    const mode = o.mode ?? "auto";
    this.mode = mode !== "auto" ? mode : /acc|auc|precision|recall/.test(this.monitor) ? "max" : "min";
    this.verbose = o.verbose ?? 0;
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }
  override onEpochEnd(epoch: number, logs: Logs = {}): void | Promise<void> {
    const model = seq(this.model);
    const path = formatPath(this.filepath, { ...logs, epoch: epoch + 1 });
    if (this.saveBestOnly) {
      const v = logs[this.monitor];
      if (v === undefined) {
        emitWarning(
          `[keras.callbacks.ModelCheckpoint] can save best model only with ${this.monitor} available, skipping`,
        );
        return;
      }
      const better = this.mode === "min" ? v < this.best : v > this.best;
      if (!better) {
        if (this.verbose)
          console.log(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best.toFixed(5)}`);
        return;
      }
      if (this.verbose)
        console.log(
          `\nEpoch ${epoch + 1}: ${this.monitor} improved from ${this.best.toFixed(5)} to ${v.toFixed(5)}, saving model to ${path}`,
        );
      this.best = v;
    } else if (this.verbose) console.log(`\nEpoch ${epoch + 1}: saving model to ${path}`);
    fs.mkdirSync(nodePath.dirname(path), { recursive: true });
    this.saved.push(path);
    return writeState(path, model, this.saveWeightsOnly, epoch);
  }
}

/**
 * Backs up weights, optimizer state and RNG state every epoch in `backupDir`; a later `fit`
 * with the same callback resumes at the epoch after the last backup. The backup is deleted when
 * training finishes (unless `deleteCheckpoint: false`). Under torch.distributed every rank
 * restores from `backupDir` (a path all ranks can read) and rank 0 alone writes and deletes it.
 * @example await model.fit(x, y, { epochs: 10, callbacks: [new callbacks.BackupAndRestore("/tmp/backup")] }) // fragment
 */
export class BackupAndRestore extends Callback {
  readonly file: string;
  constructor(
    readonly backupDir: string,
    readonly opts: { deleteCheckpoint?: boolean } = {},
  ) {
    super();
    checkString("keras.callbacks.BackupAndRestore", "backupDir", backupDir);
    checkOptions("keras.callbacks.BackupAndRestore", opts, BACKUP_KEYS);
    if (opts.deleteCheckpoint !== undefined)
      checkBool("keras.callbacks.BackupAndRestore", "deleteCheckpoint", opts.deleteCheckpoint);
    this.file = nodePath.join(backupDir, "chkpt.pt");
  }
  override onTrainBegin(): void {
    const model = seq(this.model);
    if (!fs.existsSync(this.file)) return;
    const ck = loadCheckpoint(this.file, { model, optimizer: model.optimizer?.torch ?? undefined });
    if (ck?.epoch !== undefined) model.resumeEpoch = ck.epoch + 1;
  }
  override onEpochEnd(epoch: number): void | Promise<void> {
    if (!isMainProcess()) return; // under torch.distributed, rank 0 writes the backup
    const model = seq(this.model);
    fs.mkdirSync(this.backupDir, { recursive: true });
    return writeState(this.file, model, false, epoch);
  }
  override onTrainEnd(): void {
    if ((this.opts.deleteCheckpoint ?? true) && isMainProcess())
      fs.rmSync(this.backupDir, { recursive: true, force: true });
  }
}

/**
 * Writes the model's weights (`weightsOnly`) or a checkpoint (weights, optimizer state, epoch).
 * A model on webgpu is read back asynchronously first (the returned promise); on the CPU this
 * writes synchronously.
 */
function writeState(path: string, model: SequentialModel, weightsOnly: boolean, epoch: number): void | Promise<void> {
  const opt = model.optimizer?.torch ?? undefined;
  if (moduleDevice(model) === "cpu") {
    if (weightsOnly) save(model.stateDict(), path);
    else saveCheckpoint(path, { model, optimizer: opt }, { epoch });
    return;
  }
  const weights = model.stateDict();
  const optState = weightsOnly ? null : (opt?.stateDict() ?? null);
  const noLoad = (): void => undefined;
  return (async () => {
    const [w, o] = await Promise.all([cpuStateDict(weights), cpuStateDict(optState)]);
    if (weightsOnly) save(w, path);
    else
      saveCheckpoint(
        path,
        {
          model: { stateDict: () => w, loadStateDict: noLoad },
          optimizer: opt && o ? { stateDict: () => o, loadStateDict: noLoad } : undefined,
        },
        { epoch },
      );
  })();
}
