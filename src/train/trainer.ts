/**
 * `Trainer`: the training loop of "Deep Learning with PyTorch Step-by-Step" (its `StepByStep`
 * class) over antorcha's nn, optim and data: mini-batch training in train mode, validation in
 * eval mode without gradients, per-epoch mean losses, a progress bar, TensorBoard scalars,
 * learning-rate schedulers and checkpoints that resume bit for bit.
 */
import { noGrad } from "../autograd/mode.js";
import { saveCheckpoint as ioSave, loadCheckpoint as ioLoad } from "../io/checkpoint.js";
import { Progbar, type ProgressStream } from "../keras/progress.js";
import { SummaryWriter } from "../log/tensorboard/index.js";
import { plotLosses, type ChartOptions, type Figure } from "../plot/index.js";
import { Module } from "../nn/module.js";
import { Optimizer } from "../optim/optimizer.js";
import { manualSeed, type Generator } from "../tensor/random/generator.js";
import { Tensor } from "../tensor/tensor.js";
import { stdout } from "../util/node.js";
import { checkArity, checkBool, checkInt, checkOptions, describe, optionKeys } from "../util/args.js";

const TRAIN_KEYS = optionKeys("seed", "progress", "stream");

function checkPath(op: string, path: unknown): string {
  if (typeof path !== "string" || path === "")
    throw new TypeError(`[${op}] path must be a non-empty string: got ${describe(path)}`);
  return path;
}

function checkTensor(op: string, name: string, v: unknown): void {
  if (!(v instanceof Tensor)) throw new TypeError(`[${op}] ${name} must be a Tensor: got ${describe(v)}`);
}

/** A batch source: a DataLoader or any (async) iterable of `[x, y]` pairs. */
export type Loader = (Iterable<unknown> | AsyncIterable<unknown>) & { length?: number; generator?: Generator };
/** `(prediction, target) => scalar loss`, or an `nn` loss module. */
export type LossFn = ((yhat: Tensor, y: Tensor) => Tensor) | Module;
/** Anything with `step()` and a state dict (every `optim.lrScheduler` class). */
export interface LrScheduler {
  step(metric: number): void;
  stateDict(): unknown;
  loadStateDict(sd: never): unknown;
}

export interface TrainOptions {
  /** Seeds the global generator and the train loader's before training (default 42, as the book). */
  seed?: number | null;
  /** A Keras-style bar per epoch (default true). */
  progress?: boolean;
  /** Where the bar writes (default `process.stdout`). */
  stream?: ProgressStream;
}

const BATCH_SCHEDULERS = new Set(["CyclicLR", "OneCycleLR", "CosineAnnealingWarmRestarts"]);

/**
 * The book's `StepByStep` trainer.
 * @example
 * const t = new Trainer(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.1 })); // fragment
 * t.setLoaders(trainLoader, valLoader); await t.train(200); t.losses.at(-1);
 */
export class Trainer {
  readonly model: Module;
  readonly lossFn: LossFn;
  readonly optimizer: Optimizer;
  trainLoader: Loader | null = null;
  valLoader: Loader | null = null;
  /** Mean training loss of each epoch. */
  losses: number[] = [];
  /** Mean validation loss of each epoch (when a validation loader is set). */
  valLosses: number[] = [];
  /** Learning rate of each epoch's first parameter group (when a scheduler is set). */
  learningRates: number[] = [];
  /** Epochs trained so far (restored by `loadCheckpoint`). */
  totalEpochs = 0;
  writer: SummaryWriter | null = null;
  scheduler: LrScheduler | null = null;
  /** Set by loadCheckpoint: the next `train` keeps the restored RNG state unless a seed is given. */
  private resumed = false;

  constructor(model: Module, lossFn: LossFn, optimizer: Optimizer) {
    checkArity("Trainer", arguments.length, 3);
    if (!(model instanceof Module)) throw new TypeError(`[Trainer] model must be an nn.Module: got ${describe(model)}`);
    if (typeof lossFn !== "function" && !(lossFn instanceof Module))
      throw new TypeError(`[Trainer] lossFn must be a function or an nn loss module: got ${describe(lossFn)}`);
    if (!(optimizer instanceof Optimizer))
      throw new TypeError(`[Trainer] optimizer must be a torch.optim optimizer: got ${describe(optimizer)}`);
    this.model = model;
    this.lossFn = lossFn;
    this.optimizer = optimizer;
  }

  /**
   * Sets the training and (optional) validation loaders.
   * @example trainer.setLoaders(trainLoader, valLoader) // fragment
   */
  setLoaders(trainLoader: Loader, valLoader: Loader | null = null): this {
    checkArity("Trainer.setLoaders", arguments.length, 2);
    if (trainLoader === null || trainLoader === undefined)
      throw new TypeError(`[Trainer.setLoaders] trainLoader is required: got ${describe(trainLoader)}`);
    if (valLoader === undefined) valLoader = null;
    for (const [n, l] of [
      ["trainLoader", trainLoader],
      ["valLoader", valLoader],
    ] as const)
      if (
        l !== null &&
        typeof (l as Iterable<unknown>)[Symbol.iterator] !== "function" &&
        typeof (l as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function"
      )
        throw new TypeError(
          `[Trainer.setLoaders] ${n} must be a DataLoader or an iterable of [x, y] batches: got ${describe(l)}`,
        );
    this.trainLoader = trainLoader;
    this.valLoader = valLoader;
    return this;
  }

  /**
   * Seeds the global generator and the train loader's generator (the book's `set_seed`).
   * @example trainer.setSeed(42) // fragment
   */
  setSeed(seed = 42): this {
    checkArity("Trainer.setSeed", arguments.length, 1);
    checkInt("Trainer.setSeed", "seed", seed);
    manualSeed(seed);
    this.trainLoader?.generator?.manualSeed(seed);
    return this;
  }

  /**
   * Logs losses to TensorBoard under `${folder}/${name}_${YYYYmmddHHMMSS}` (the book's layout).
   * @example trainer.setTensorboard("classy") // fragment
   */
  setTensorboard(name: string, folder = "runs"): this {
    checkArity("Trainer.setTensorboard", arguments.length, 2);
    if (typeof name !== "string" || name === "")
      throw new TypeError(`[Trainer.setTensorboard] name must be a non-empty string: got ${describe(name)}`);
    if (typeof folder !== "string")
      throw new TypeError(`[Trainer.setTensorboard] folder must be a string: got ${describe(folder)}`);
    const d = new Date();
    const p = (n: number): string => String(n).padStart(2, "0");
    const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
    this.writer = new SummaryWriter(`${folder}/${name}_${stamp}`);
    return this;
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

  private loss(yhat: Tensor, y: Tensor): Tensor {
    return this.lossFn instanceof Module ? (this.lossFn.call(yhat, y) as Tensor) : this.lossFn(yhat, y);
  }

  /**
   * One optimisation step in train mode: forward, loss, backward, step, zeroGrad; returns the loss.
   * @example trainer.trainStep(xb, yb) // 0.73 (fragment)
   */
  trainStep(x: Tensor, y: Tensor): number {
    checkTensor("Trainer.trainStep", "x", x);
    checkTensor("Trainer.trainStep", "y", y);
    this.model.train();
    const loss = this.loss(this.model.call(x) as Tensor, y);
    loss.backward();
    this.optimizer.step();
    this.optimizer.zeroGrad();
    return loss.item() as number;
  }

  /**
   * The loss in eval mode without building a graph (call it inside `noGrad`, as `train` does).
   * @example noGrad(() => trainer.valStep(xb, yb)) // fragment
   */
  valStep(x: Tensor, y: Tensor): number {
    checkTensor("Trainer.valStep", "x", x);
    checkTensor("Trainer.valStep", "y", y);
    this.model.eval();
    return this.loss(this.model.call(x) as Tensor, y).item() as number;
  }

  /** Mean loss over the batches of one loader (the book's `_mini_batch`). */
  private async miniBatch(validation: boolean, bar: Progbar | null): Promise<number> {
    const loader = validation ? this.valLoader : this.trainLoader;
    if (loader === null)
      throw new RangeError("[Trainer.train] no training loader: call setLoaders(trainLoader, valLoader) first");
    const batchScheduler =
      !validation && this.scheduler !== null && BATCH_SCHEDULERS.has(this.scheduler.constructor.name);
    const losses: number[] = [];
    const run = (batch: unknown): void => {
      if (!Array.isArray(batch) || !(batch[0] instanceof Tensor) || !(batch[1] instanceof Tensor))
        throw new TypeError(`[Trainer] each batch must be [x, y] tensors: got ${describe(batch)}`);
      const l = validation ? noGrad(() => this.valStep(batch[0], batch[1])) : this.trainStep(batch[0], batch[1]);
      losses.push(l);
      if (batchScheduler) stepEpochless(this.scheduler!);
      // the bar shows the running mean, as Keras does
      bar?.update(losses.length, [["loss", losses.reduce((a, b) => a + b, 0) / losses.length]], false);
    };
    if (typeof (loader as Iterable<unknown>)[Symbol.iterator] === "function" && !hasWorkers(loader))
      for (const b of loader as Iterable<unknown>) run(b);
    else for await (const b of loader as AsyncIterable<unknown>) run(b);
    if (losses.length === 0)
      throw new RangeError(`[Trainer.train] the ${validation ? "validation" : "training"} loader yielded no batches`);
    return losses.reduce((a, b) => a + b, 0) / losses.length;
  }

  /**
   * Trains for `nEpochs` more epochs, appending to `losses` / `valLosses`.
   * @example await trainer.train(10, { seed: 42, progress: false }) // fragment
   */
  async train(nEpochs: number, opts: TrainOptions = {}): Promise<void> {
    checkArity("Trainer.train", arguments.length, 2);
    if (typeof nEpochs !== "number" || !Number.isInteger(nEpochs) || nEpochs < 0)
      throw new (typeof nEpochs === "number" ? RangeError : TypeError)(
        `[Trainer.train] nEpochs must be a non-negative integer: got ${describe(nEpochs)}`,
      );
    checkOptions("Trainer.train", opts, TRAIN_KEYS);
    if (opts.seed !== undefined && opts.seed !== null) checkInt("Trainer.train", "seed", opts.seed);
    if (opts.progress !== undefined) checkBool("Trainer.train", "progress", opts.progress);
    if (opts.stream !== undefined && typeof (opts.stream as { write?: unknown })?.write !== "function")
      throw new TypeError(`[Trainer.train] stream must have a write(s) method: got ${describe(opts.stream)}`);
    const explicit = opts.seed !== undefined;
    const seed = explicit ? opts.seed : this.resumed ? null : 42;
    if (seed !== null && seed !== undefined) this.setSeed(seed);
    this.resumed = false;
    const progress = opts.progress ?? true;
    for (let e = 0; e < nEpochs; e++) {
      this.totalEpochs += 1;
      let bar: Progbar | null = null;
      const nBatches = batchCount(this.trainLoader);
      if (progress) {
        const stream = opts.stream ?? stdout();
        stream.write(`Epoch ${this.totalEpochs}/${this.totalEpochs - e - 1 + nEpochs}\n`);
        // a loader without a length gets the epoch line only
        if (nBatches !== undefined && nBatches > 0) bar = new Progbar(nBatches, { stream, verbose: 1 });
      }
      const loss = await this.miniBatch(false, bar);
      this.losses.push(loss);
      let valLoss: number | null = null;
      if (this.valLoader !== null) {
        valLoss = await this.miniBatch(true, null);
        this.valLosses.push(valLoss);
      }
      if (bar !== null) {
        const values: [string, number][] = [["loss", loss]];
        if (valLoss !== null) values.push(["val_loss", valLoss]);
        bar.update(nBatches!, values, true);
      }
      this.stepScheduler(valLoss ?? loss);
      if (this.writer !== null) {
        const scalars: Record<string, number> = { training: loss };
        if (valLoss !== null) scalars.validation = valLoss;
        this.writer.addScalars("loss", scalars, this.totalEpochs);
      }
    }
    this.writer?.flush();
  }

  private stepScheduler(metric: number): void {
    const s = this.scheduler;
    if (s === null) return;
    const name = s.constructor.name;
    if (name === "ReduceLROnPlateau") s.step(metric);
    else if (!BATCH_SCHEDULERS.has(name)) stepEpochless(s);
    this.learningRates.push(this.optimizer.paramGroups[0]!.lr as number);
  }

  /**
   * Predictions in eval mode without gradients; the model is left in train mode, as the book does.
   * @example trainer.predict(torch.tensor([[0.5]])) // tensor([[2.0]]) (fragment)
   */
  predict(x: Tensor): Tensor {
    checkArity("Trainer.predict", arguments.length, 1);
    checkTensor("Trainer.predict", "x", x);
    this.model.eval();
    try {
      return noGrad(() => this.model.call(x) as Tensor).detach();
    } finally {
      this.model.train(); // as the book: back to train mode
    }
  }

  /**
   * Number of trainable parameters (`requiresGrad`) in the model.
   * @example new Trainer(new nn.Linear(1, 1), lossFn, opt).countParameters() // 2 (fragment)
   */
  countParameters(): number {
    return this.model.parameters().reduce((n, p) => n + (p.requiresGrad ? p.numel() : 0), 0);
  }

  /**
   * Saves epoch, model and optimizer state, scheduler state, losses and the RNG states (global
   * and the train loader's generator) with `io.saveCheckpoint` (atomic write).
   * @example trainer.saveCheckpoint("model_checkpoint.pth") // fragment
   */
  saveCheckpoint(path: string): void {
    checkArity("Trainer.saveCheckpoint", arguments.length, 1);
    checkPath("Trainer.saveCheckpoint", path);
    ioSave(
      path,
      {
        model: this.model,
        optimizer: this.optimizer,
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
  loadCheckpoint(path: string): this {
    checkArity("Trainer.loadCheckpoint", arguments.length, 1);
    checkPath("Trainer.loadCheckpoint", path);
    const ckpt = ioLoad(path, {
      model: this.model,
      optimizer: this.optimizer,
      scheduler: this.scheduler ?? undefined,
      generators: { trainLoader: this.trainLoader?.generator },
    })!;
    const extra = (ckpt.extra ?? {}) as { loss?: number[]; valLoss?: number[]; learningRates?: number[] };
    this.totalEpochs = ckpt.epoch ?? 0;
    this.losses = [...(extra.loss ?? [])];
    this.valLosses = [...(extra.valLoss ?? [])];
    this.learningRates = [...(extra.learningRates ?? [])];
    this.resumed = true;
    this.model.train();
    return this;
  }

  /**
   * Training and validation losses per epoch as a figure (the book's `plot_losses`).
   * @example await trainer.plotLosses().save("losses.svg") // fragment
   */
  plotLosses(opts: ChartOptions = {}): Figure {
    checkArity("Trainer.plotLosses", arguments.length, 1);
    if (this.losses.length === 0) throw new RangeError("[Trainer.plotLosses] no losses yet: call train(nEpochs) first");
    return plotLosses(this.losses, this.valLosses.length > 0 ? this.valLosses : undefined, opts);
  }

  /**
   * Writes the model graph to TensorBoard, traced with the first training batch.
   * @example trainer.setTensorboard("run"); trainer.addGraph() // fragment
   */
  addGraph(): this {
    checkArity("Trainer.addGraph", arguments.length, 0);
    if (this.writer === null || this.trainLoader === null)
      throw new RangeError("[Trainer.addGraph] needs setTensorboard(name) and setLoaders(trainLoader) first");
    const it = (this.trainLoader as Iterable<unknown>)[Symbol.iterator]();
    const first = it.next();
    it.return?.();
    if (first.done || !Array.isArray(first.value))
      throw new RangeError("[Trainer.addGraph] the training loader yielded no batch");
    this.writer.addGraph(this.model, first.value[0]);
    return this;
  }
}

/** `step()` without a metric (every scheduler but ReduceLROnPlateau). */
function stepEpochless(s: LrScheduler): void {
  (s.step as unknown as () => void).call(s);
}

function batchCount(loader: Loader | null): number | undefined {
  try {
    return typeof loader?.length === "number" ? loader.length : undefined;
  } catch {
    return undefined;
  }
}

function hasWorkers(loader: Loader): boolean {
  return ((loader as { numWorkers?: number }).numWorkers ?? 0) > 0;
}
