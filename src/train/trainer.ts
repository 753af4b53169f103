/**
 * `Trainer`: `StepByStep` (the book's class, whose training loop it runs) with a Keras-style
 * progress bar, learning-rate schedulers and checkpoints that resume bit for bit.
 */
import { saveCheckpoint as ioSave, loadCheckpoint as ioLoad } from "../io/checkpoint.js";
import type { ProgressStream } from "../log/progress.js";
import { CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR } from "../optim/lr-scheduler-cyclic.js";
import { ReduceLROnPlateau } from "../optim/lr-scheduler-compose.js";
import { Tensor } from "../tensor/tensor.js";
import { isMainProcess } from "../distributed/training.js";
import { stdout } from "../util/node.js";
import { checkArity, checkBool, checkInt, checkOptions, describe, optionKeys } from "../util/args.js";
import { Callback, type Logs } from "./callbacks.js";
import { runAsync } from "./loop.js";
import { moduleDevice, syncOnWebgpu } from "./device.js";

/** What a checkpoint part offers. */
interface HasStateDict {
  stateDict(): unknown;
  loadStateDict(state: never): unknown;
}
import { ProgressLogger } from "./progress.js";
import { StepByStep } from "./step-by-step.js";

const TRAIN_KEYS = optionKeys("seed", "progress", "stream");

function checkPath(op: string, path: unknown): string {
  if (typeof path !== "string" || path === "")
    throw new TypeError(`[${op}] path must be a non-empty string: got ${describe(path)}`);
  return path;
}

function checkTensor(op: string, name: string, v: unknown): void {
  if (!(v instanceof Tensor)) throw new TypeError(`[${op}] ${name} must be a Tensor: got ${describe(v)}`);
}

export type { Loader, LossFn } from "./step-by-step.js";

/** Anything with `step()` and a state dict (every `optim.lrScheduler` class). */
export interface LrScheduler {
  step(metric: number): void;
  stateDict(): unknown;
  loadStateDict(sd: never): unknown;
}

export interface TrainOptions {
  /** Seeds the global generator and the train loader's before training (default 42, as the book; none after loadCheckpoint). */
  seed?: number | null;
  /** A Keras-style bar per epoch (default true). */
  progress?: boolean;
  /** Where the bar writes (default `process.stdout`). */
  stream?: ProgressStream;
}

/** Schedulers stepped after every batch rather than every epoch. */
function stepsPerBatch(s: LrScheduler): boolean {
  return s instanceof CyclicLR || s instanceof OneCycleLR || s instanceof CosineAnnealingWarmRestarts;
}

/** Steps the trainer's scheduler: per batch, or per epoch (ReduceLROnPlateau with the validation loss, else the training loss). */
class SchedulerStepper extends Callback {
  constructor(private readonly trainer: Trainer) {
    super();
  }
  override needsBatchLogs(): boolean {
    return false;
  }
  override onTrainBatchEnd(): void {
    const s = this.trainer.scheduler;
    if (s !== null && stepsPerBatch(s)) stepEpochless(s);
  }
  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    const s = this.trainer.scheduler;
    if (s === null) return;
    if (s instanceof ReduceLROnPlateau) s.step(logs.val_loss ?? logs.loss!);
    else if (!stepsPerBatch(s)) stepEpochless(s);
    this.trainer.learningRates.push(this.trainer.optimizer.paramGroups[0]!.lr as number);
  }
}

/**
 * `StepByStep` with Keras' conveniences: a progress bar per epoch, learning-rate schedulers,
 * `train(n, { seed, progress, stream })` (async, any loader), checkpoints that also hold the RNG
 * states and scheduler so a resumed run continues the uninterrupted one bit for bit (the next
 * `train` after `loadCheckpoint` keeps the restored RNG state unless a seed is given). It runs
 * StepByStep's training loop; for the book's exact behaviour (reseed on every `train`, no
 * printing, the book's checkpoint keys) use `StepByStep`.
 * @example
 * const t = new Trainer(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.1 })); // fragment
 * t.setLoaders(trainLoader, valLoader); await t.train(200); t.losses.at(-1);
 */
export class Trainer extends StepByStep {
  /** Learning rate of each epoch's first parameter group (when a scheduler is set). */
  learningRates: number[] = [];
  scheduler: LrScheduler | null = null;
  /** Set by loadCheckpoint: the next `train` keeps the restored RNG state unless a seed is given. */
  private resumed = false;
  /** The progress bar of the running `train` (null when progress is off or outside `train`). */
  private progress: ProgressLogger | null = null;
  private readonly stepper = new SchedulerStepper(this);

  protected override get callee(): string {
    return "Trainer";
  }

  /**
   * Steps `scheduler` after every epoch (`ReduceLROnPlateau` with the validation loss, else the
   * training loss) or, for CyclicLR/OneCycleLR/CosineAnnealingWarmRestarts, after every batch.
   * @example trainer.setLrScheduler(new optim.lrScheduler.StepLR(opt, 10)) // fragment
   */
  setLrScheduler(scheduler: LrScheduler | null): this {
    checkArity("Trainer.setLrScheduler", arguments.length, 1);
    if (scheduler === undefined)
      throw new TypeError("[Trainer.setLrScheduler] scheduler is required: got undefined (pass null to remove one)");
    if (scheduler !== null && typeof scheduler?.step !== "function")
      throw new TypeError(`[Trainer.setLrScheduler] scheduler must have step(): got ${describe(scheduler)}`);
    this.scheduler = scheduler;
    return this;
  }

  /**
   * One optimisation step in train mode (the train step function): forward, loss, backward,
   * step, zeroGrad; returns the loss.
   * @example trainer.trainStep(xb, yb) // 0.73 (fragment)
   */
  trainStep(x: Tensor, y: Tensor): number {
    checkTensor("Trainer.trainStep", "x", x);
    checkTensor("Trainer.trainStep", "y", y);
    return this.trainStepFn(x, y);
  }

  /**
   * The loss in eval mode without building a graph (call it inside `noGrad`, as `train` does).
   * @example noGrad(() => trainer.valStep(xb, yb)) // fragment
   */
  valStep(x: Tensor, y: Tensor): number {
    checkTensor("Trainer.valStep", "x", x);
    checkTensor("Trainer.valStep", "y", y);
    return this.valStepFn(x, y);
  }

  /** The loop's callbacks: the progress bar (first, so it prints before anything else), the scheduler. */
  protected override loopCallbacks(): Callback[] {
    return this.progress === null ? [this.stepper] : [this.progress, this.stepper];
  }

  /**
   * Trains for `nEpochs` more epochs, appending to `losses` / `valLosses`. Seeds with 42 unless
   * `seed` is given, or keeps the RNG state restored by `loadCheckpoint`. With a
   * `DistributedDataParallel` model each batch awaits the gradient sync, the epoch losses are
   * averaged over the ranks and only rank 0 prints.
   * @example await trainer.train(10, { seed: 42, progress: false }) // fragment
   */
  override async train(nEpochs: number, opts: TrainOptions | number = {}): Promise<void> {
    checkArity("Trainer.train", arguments.length, 2);
    if (typeof nEpochs !== "number" || !Number.isInteger(nEpochs) || nEpochs < 0)
      throw new (typeof nEpochs === "number" ? RangeError : TypeError)(
        `[Trainer.train] nEpochs must be a non-negative integer: got ${describe(nEpochs)}`,
      );
    if (typeof opts === "number") opts = { seed: opts };
    checkOptions("Trainer.train", opts, TRAIN_KEYS);
    if (opts.seed !== undefined && opts.seed !== null) checkInt("Trainer.train", "seed", opts.seed);
    if (opts.progress !== undefined) checkBool("Trainer.train", "progress", opts.progress);
    if (opts.stream !== undefined && typeof (opts.stream as { write?: unknown })?.write !== "function")
      throw new TypeError(`[Trainer.train] stream must have a write(s) method: got ${describe(opts.stream)}`);
    const explicit = opts.seed !== undefined;
    const seed = explicit ? opts.seed : this.resumed ? null : 42;
    if (seed !== null && seed !== undefined) this.setSeed(seed);
    this.resumed = false;
    // under torch.distributed, rank 0 alone prints
    this.progress =
      (opts.progress ?? true) && isMainProcess()
        ? new ProgressLogger({ verbose: 1, stream: opts.stream ?? stdout() })
        : null;
    try {
      await runAsync(this.trainRun(nEpochs, this.loopCallbacks()));
    } finally {
      this.progress = null;
    }
  }

  /**
   * Predictions in eval mode without gradients for a Tensor or a nested array; the model is left
   * in train mode, as the book does.
   * @example trainer.predict([[0.5]]) // tensor([[2.0]]) (fragment)
   */
  override predict(x: Tensor | number[] | number[][]): Tensor {
    checkArity("Trainer.predict", arguments.length, 1);
    return super.predict(x);
  }

  /**
   * Saves epoch, model and optimizer state, scheduler state, losses and the RNG states (global
   * and the train loader's generator) with `io.saveCheckpoint` (atomic write). Under
   * torch.distributed only rank 0 writes; the other ranks return at once.
   * @example trainer.saveCheckpoint("model_checkpoint.pth") // fragment
   */
  override saveCheckpoint(path: string): void {
    checkArity("Trainer.saveCheckpoint", arguments.length, 1);
    checkPath("Trainer.saveCheckpoint", path);
    if (moduleDevice(this.model) !== "cpu")
      throw syncOnWebgpu("Trainer.saveCheckpoint", "await trainer.saveCheckpointAsync(path)");
    if (!isMainProcess()) return; // under torch.distributed, rank 0 saves
    this.writeTrainerCheckpoint(path, this.model, this.optimizer);
  }

  /** @internal `saveCheckpointAsync`'s write, from the CPU copies of the model's and optimizer's states. */
  protected override writeCheckpoint(path: string, model: unknown, optimizer: unknown): void {
    const noLoad = (): void => undefined;
    this.writeTrainerCheckpoint(
      path,
      { stateDict: () => model, loadStateDict: noLoad },
      { stateDict: () => optimizer, loadStateDict: noLoad },
    );
  }

  private writeTrainerCheckpoint(path: string, model: HasStateDict, optimizer: HasStateDict): void {
    ioSave(
      path,
      {
        model: model as never,
        optimizer: optimizer as never,
        scheduler: this.scheduler ?? undefined,
        generators: { trainLoader: this.trainLoader?.generator },
      },
      {
        epoch: this.totalEpochs,
        extra: { loss: this.losses, valLoss: this.valLosses, learningRates: this.learningRates },
      },
    );
  }

  /**
   * Restores a checkpoint written by `saveCheckpoint` (set the loaders first so the train
   * loader's generator is restored too); the next `train` continues exactly where it stopped.
   * @example trainer.setLoaders(trainLoader, valLoader); trainer.loadCheckpoint("model_checkpoint.pth") // fragment
   */
  override loadCheckpoint(path: string): this {
    checkArity("Trainer.loadCheckpoint", arguments.length, 1);
    checkPath("Trainer.loadCheckpoint", path);
    const ckpt = ioLoad(path, {
      model: this.model,
      optimizer: this.optimizer,
      scheduler: this.scheduler ?? undefined,
      generators: { trainLoader: this.trainLoader?.generator },
    })!;
    const extra = (ckpt.extra ?? {}) as { loss?: number[]; valLoss?: (number | null)[]; learningRates?: number[] };
    this.totalEpochs = ckpt.epoch ?? 0;
    this.losses = [...(extra.loss ?? [])];
    this.valLosses = [...(extra.valLoss ?? [])];
    this.learningRates = [...(extra.learningRates ?? [])];
    this.resumed = true;
    this.model.train();
    return this;
  }

  /**
   * Writes the model graph to TensorBoard, traced with the first training batch.
   * @example trainer.setTensorboard("run"); trainer.addGraph() // fragment
   */
  override addGraph(): this {
    checkArity("Trainer.addGraph", arguments.length, 0);
    if (this.writer === null || this.trainLoader === null)
      throw new RangeError("[Trainer.addGraph] needs setTensorboard(name) and setLoaders(trainLoader) first");
    return super.addGraph();
  }
}

/** `step()` without a metric (every scheduler but ReduceLROnPlateau). */
function stepEpochless(s: LrScheduler): void {
  (s.step as unknown as () => void).call(s);
}
