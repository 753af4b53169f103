/**
 * `StepByStep`: the training class of "Deep Learning with PyTorch Step-by-Step" (vol. I, chapter
 * 2.1 on), its API in camelCase and its behaviour as the book's: `train(nEpochs, seed = 42)`
 * reseeds on every call and prints nothing, the losses are NumPy-style float64 means of the
 * batch losses, TensorBoard steps are the epoch index of the call (from 0), checkpoints carry the
 * book's keys, and `predict` puts the model back in train mode.
 *
 * This file holds the one training loop of the codebase: `Trainer` (progress bar, schedulers,
 * RNG-exact checkpoints) extends this class and runs the same loop through its hooks.
 *
 * Under torch.distributed (docs/distributed.md) the same loop runs with a `DistributedDataParallel`
 * model: its training batches await the gradient sync (so only `trainAsync`/`Trainer.train`
 * drive it), the epoch losses are averaged over the ranks, and rank 0 alone writes TensorBoard
 * scalars and checkpoints.
 */
import { isDistributed, isMainProcess, reduceMean } from "../distributed/training.js";
import { noGrad } from "../autograd/mode.js";
import { CheckpointError } from "../io/errors.js";
import { load, save } from "../io/save-load.js";
import { SummaryWriter } from "../log/tensorboard/index.js";
import { Module } from "../nn/module.js";
import { DistributedDataParallel } from "../nn/parallel/distributed.js";
import { Optimizer } from "../optim/optimizer.js";
import { plotLosses, type ChartOptions, type Figure } from "../plot/index.js";
import { tensor as makeTensor } from "../tensor/creation.js";
import { manualSeed, type Generator as TorchGenerator } from "../tensor/random/generator.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, checkInt, describe } from "../util/args.js";
import { lazyBuiltin } from "../util/node.js";
import { Callback, CallbackList, type Logs } from "./callbacks.js";
import { cpuStateDict, moduleDevice, onDevice, syncOnWebgpu, type LoopDevice } from "./device.js";
import { keep } from "../tensor/lifetime.js";
import { DeviceLogs } from "./deferred.js";
import {
  batchLoop,
  fitLoop,
  isSyncLoader,
  runAsync,
  runSync,
  type BatchStep,
  type FitTask,
  type LoopRun,
} from "./loop.js";

const fs = lazyBuiltin("node:fs", "StepByStep.loadCheckpoint", "checkpoints are files, read from Node.js");

/** A batch source: a DataLoader or any (async) iterable of `[x, y]` pairs. */
export type Loader = (Iterable<unknown> | AsyncIterable<unknown>) & { length?: number; generator?: TorchGenerator };
/** `(prediction, target) => scalar loss`, or an `nn` loss module. */
export type LossFn = ((yhat: Tensor, y: Tensor) => Tensor) | Module;
/** The book's step functions: one batch in, its loss (a number) out. */
export type StepFn = (x: Tensor, y: Tensor) => number;

/** The dict keys of the book's checkpoints. */
const CKPT_KEYS = ["epoch", "model_state_dict", "optimizer_state_dict", "loss", "val_loss"] as const;

/**
 * `np.mean` of float64 values, bit for bit: NumPy adds from 0 with its pairwise summation
 * (sequential below 8 values, 8 interleaved partial sums up to 128, halves beyond).
 */
export function numpyMean(values: readonly number[]): number {
  return (0 + pairwiseSum(values, 0, values.length)) / values.length;
}

function pairwiseSum(a: readonly number[], lo: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[lo + i]!;
    return s;
  }
  if (n <= 128) {
    const r = a.slice(lo, lo + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[lo + i + j]!;
    let s = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) s += a[lo + i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, lo, n2) + pairwiseSum(a, lo + n2, n - n2);
}

function checkPath(op: string, path: unknown): string {
  if (typeof path !== "string" || path === "")
    throw new TypeError(`[${op}] filename must be a non-empty string: got ${describe(path)}`);
  return path;
}

/** `"cpu"`, `"cpu:0"`, `"webgpu"` or a `torch.device`-like `{ type: "cpu" }` → the device; anything else throws. */
function parseDevice(op: string, device: unknown): LoopDevice {
  const text =
    typeof device === "string"
      ? device
      : device !== null && typeof device === "object" && typeof (device as { type?: unknown }).type === "string"
        ? String(device)
        : null;
  const type =
    typeof device === "string" ? device.split(":")[0] : ((device as { type?: string } | null)?.type ?? undefined);
  if (text === null || type === undefined)
    throw new TypeError(
      `[${op}] device must be a device string such as "cpu" or a torch.device: got ${describe(device)}`,
    );
  if (type === "cpu" && (typeof device !== "string" || /^cpu(:0)?$/.test(device))) return "cpu";
  if (type === "webgpu" && (typeof device !== "string" || /^webgpu(:0)?$/.test(device))) return "webgpu";
  if (["cuda", "mps", "xpu", "webgpu", "meta", "xla", "vulkan", "hip"].includes(type))
    throw new RangeError(
      `[${op}] device ${JSON.stringify(type)} is not available: got ${describe(device)}, expected "cpu" or "webgpu" (antorcha reaches GPUs through WebGPU; torch.cuda.isAvailable() is false)`,
    );
  throw new RangeError(`[${op}] unknown device: got ${describe(device)}, expected "cpu" or "webgpu"`);
}

/**
 * The book's `StepByStep` class.
 * @example
 * // fragment: the book's chapter 2.1 (model, trainLoader, valLoader of its linear regression data)
 * const sbs = new StepByStep(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.1 }));
 * sbs.setLoaders(trainLoader, valLoader);
 * sbs.train(200);
 * sbs.predict([[0.5], [0.3], [0.7]]); // tensor([[1.9914], [1.5816], [2.4011]])
 */
export class StepByStep {
  readonly model: Module;
  readonly lossFn: LossFn;
  readonly optimizer: Optimizer;
  /** Where `to(device)` last put the model (`"cpu"` or `"webgpu"`); the loop follows the model's parameters. */
  device: LoopDevice = "cpu";
  trainLoader: Loader | null = null;
  valLoader: Loader | null = null;
  writer: SummaryWriter | null = null;
  /** Mean training loss of each epoch (float64, as `np.mean` of the batch losses). */
  losses: number[] = [];
  /** Mean validation loss of each epoch; `null` for epochs run without a validation loader (the book's `None`). */
  valLosses: (number | null)[] = [];
  /** Epochs trained so far (restored by `loadCheckpoint`). */
  totalEpochs = 0;
  /** The book's `train_step_fn` (built by `makeTrainStepFn`). */
  trainStepFn: StepFn;
  /** The step functions the constructor made (webgpu runs them in their async form). */
  private readonly defaultSteps: [StepFn, StepFn];
  /** The book's `val_step_fn` (built by `makeValStepFn`). */
  valStepFn: StepFn;

  /** How error messages name this class (`Trainer` overrides it). */
  protected get callee(): string {
    return "StepByStep";
  }

  constructor(model: Module, lossFn: LossFn, optimizer: Optimizer) {
    const op = this.callee;
    checkArity(op, arguments.length, 3);
    if (!(model instanceof Module)) throw new TypeError(`[${op}] model must be an nn.Module: got ${describe(model)}`);
    if (typeof lossFn !== "function" && !(lossFn instanceof Module))
      throw new TypeError(`[${op}] lossFn must be a function or an nn loss module: got ${describe(lossFn)}`);
    if (!(optimizer instanceof Optimizer))
      throw new TypeError(`[${op}] optimizer must be a torch.optim optimizer: got ${describe(optimizer)}`);
    this.model = model;
    this.lossFn = lossFn;
    this.optimizer = optimizer;
    this.trainStepFn = this.makeTrainStepFn();
    this.valStepFn = this.makeValStepFn();
    this.defaultSteps = [this.trainStepFn, this.valStepFn];
  }

  /**
   * Moves the model to `device`: `"cpu"` or `"webgpu"` (after `torch.webgpu.init()`; the model
   * moves in place, so the optimizer keeps its parameters). On webgpu the loaders' CPU batches
   * move to the GPU per step and the losses are read back asynchronously: train with
   * `trainAsync` (Trainer: `train`), predict with `predictAsync`, save with `saveCheckpointAsync`.
   * @example
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt);
   * sbs.to("cpu")
   */
  to(device: unknown): this {
    checkArity(`${this.callee}.to`, arguments.length, 1);
    const target = parseDevice(`${this.callee}.to`, device);
    this.model.to(target);
    this.device = target;
    return this;
  }

  /**
   * Sets the training and (optional) validation loaders.
   * @example
   * const trainLoader = new data.DataLoader(new data.TensorDataset(x, y)), valLoader = trainLoader;
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt);
   * sbs.setLoaders(trainLoader, valLoader)
   */
  setLoaders(trainLoader: Loader, valLoader: Loader | null = null): this {
    const op = `${this.callee}.setLoaders`;
    checkArity(op, arguments.length, 2);
    if (trainLoader === null || trainLoader === undefined)
      throw new TypeError(`[${op}] trainLoader is required: got ${describe(trainLoader)}`);
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
        throw new TypeError(`[${op}] ${n} must be a DataLoader or an iterable of [x, y] batches: got ${describe(l)}`);
    this.trainLoader = trainLoader;
    this.valLoader = valLoader;
    return this;
  }

  /**
   * Logs the losses to TensorBoard under `${folder}/${name}_${YYYYmmddHHMMSS}` (local time, the
   * book's layout).
   * @example
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt);
   * sbs.setTensorboard("classy") // runs/classy_20261207121500
   */
  setTensorboard(name: string, folder = "runs"): this {
    const op = `${this.callee}.setTensorboard`;
    checkArity(op, arguments.length, 2);
    if (typeof name !== "string" || name === "")
      throw new TypeError(`[${op}] name must be a non-empty string: got ${describe(name)}`);
    if (typeof folder !== "string") throw new TypeError(`[${op}] folder must be a string: got ${describe(folder)}`);
    const d = new Date();
    const p = (n: number): string => String(n).padStart(2, "0");
    const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
    this.writer = new SummaryWriter(`${folder}/${name}_${stamp}`);
    return this;
  }

  /**
   * The model's output. A module whose `call` defaults to inference declares `callTakesTraining`
   * (Keras layers do) and gets the module's mode as `{ training }`.
   */
  protected forward(x: Tensor): Tensor {
    const m = this.model as Module & { callTakesTraining?: boolean };
    if (m.callTakesTraining === true) return (m.call as (x: Tensor, o: object) => Tensor)(x, { training: m.training });
    return m.call(x) as Tensor;
  }

  /** `lossFn(yhat, y)` for a function or an nn loss module. */
  protected computeLoss(yhat: Tensor, y: Tensor): Tensor {
    return this.lossFn instanceof Module ? (this.lossFn.call(yhat, y) as Tensor) : this.lossFn(yhat, y);
  }

  /**
   * The book's `_make_train_step_fn`: a step in train mode (forward, loss, backward, optimizer
   * step, zero the gradients) returning the batch loss.
   * @example const step = sbs.makeTrainStepFn(); step(xb, yb) // 0.73 (fragment)
   */
  makeTrainStepFn(): StepFn {
    return (x, y) => {
      this.model.train();
      const loss = this.computeLoss(this.forward(x), y);
      loss.backward();
      this.optimizer.step();
      this.optimizer.zeroGrad();
      return loss.item() as number;
    };
  }

  /**
   * The book's `_make_val_step_fn`: the batch loss in eval mode (`train` runs it under `noGrad`).
   * @example
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt);
   * const [xb, yb] = [x, y];
   * torch.noGrad(() => sbs.makeValStepFn()(xb, yb))
   */
  makeValStepFn(): StepFn {
    return (x, y) => {
      this.model.eval();
      return this.computeLoss(this.forward(x), y).item() as number;
    };
  }

  /** Callbacks the loop runs around training batches and epochs (Trainer: progress, schedulers). */
  protected loopCallbacks(): Callback[] {
    return [];
  }

  /** A batch as `[x, y]`, or the loop's error naming what came instead. */
  private checkBatch(batch: unknown): [Tensor, Tensor] {
    if (!Array.isArray(batch) || !(batch[0] instanceof Tensor) || !(batch[1] instanceof Tensor))
      throw new TypeError(`[${this.callee}.train] each batch must be [x, y] tensors: got ${describe(batch)}`);
    return batch as [Tensor, Tensor];
  }

  /** One batch through the step function; validation batches run under `noGrad`. */
  private runBatch(batch: unknown, validation: boolean): number {
    const [x, y] = this.checkBatch(batch);
    return validation ? noGrad(() => this.valStepFn(x, y)) : this.trainStepFn(x, y);
  }

  /**
   * A training batch of a `DistributedDataParallel` model: forward, backward, the awaited
   * gradient sync (yielded to the async driver), step, zeroGrad. A custom `trainStepFn` is not
   * used here.
   */
  private *ddpBatch(batch: unknown, ddp: DistributedDataParallel): LoopRun<number> {
    const [x, y] = this.checkBatch(batch);
    this.model.train();
    const loss = this.computeLoss(this.forward(x), y);
    loss.backward();
    yield ddp.syncGradients();
    this.optimizer.step();
    this.optimizer.zeroGrad();
    return loss.item() as number;
  }

  /** True while the step function is the one the constructor made (not replaced by the user). */
  private stepFnIsDefault(validation: boolean): boolean {
    return validation ? this.valStepFn === this.defaultSteps[1] : this.trainStepFn === this.defaultSteps[0];
  }

  /**
   * A batch of a model on webgpu: the batch moves to the model's device, the step runs now (in
   * the loop's scope) and its loss is read back asynchronously by the returned loop run.
   */
  private deviceBatch(batch: unknown, validation: boolean, device: LoopDevice): Tensor {
    const [x, y] = this.checkBatch(batch);
    const [xd, yd] = [onDevice(x, device), onDevice(y, device)];
    let loss: Tensor;
    if (validation) {
      this.model.eval();
      loss = keep(noGrad(() => this.computeLoss(this.forward(xd), yd)));
    } else {
      this.model.train();
      const l = this.computeLoss(this.forward(xd), yd);
      l.backward();
      this.optimizer.step();
      this.optimizer.zeroGrad();
      loss = keep(l.detach());
    }
    return loss;
  }

  /** `mean` of this rank's `count` batch losses, averaged over every rank's batches under torch.distributed. */
  private *rankMean(mean: number, count: number): LoopRun<number> {
    if (!isDistributed()) return mean;
    return (yield reduceMean(mean, count)) as number;
  }

  /** The mean (`np.mean`) of a loader's batch losses. */
  private finishLoader(losses: number[], validation: boolean): number {
    if (losses.length === 0)
      throw new RangeError(
        `[${this.callee}.train] the ${validation ? "validation" : "training"} loader yielded no batches`,
      );
    return numpyMean(losses);
  }

  private loader(validation: boolean): Loader | null {
    const loader = validation ? this.valLoader : this.trainLoader;
    if (loader === null && !validation)
      throw new RangeError(`[${this.callee}.train] no training loader: call setLoaders(trainLoader, valLoader) first`);
    return loader;
  }

  /**
   * A step recording its loss; the logs hold the running mean, as Keras' bar shows it. Training
   * batches of a DDP model are loop runs (they await the gradient sync).
   */
  private recorder(validation: boolean, losses: number[]): BatchStep<unknown> {
    const device = moduleDevice(this.model);
    let sum = 0;
    const record = (loss: number): Logs => {
      losses.push(loss);
      sum += loss;
      return { loss: sum / losses.length };
    };
    const ddp = !validation && this.model instanceof DistributedDataParallel ? this.model : null;
    if (ddp === null && device !== "cpu" && this.stepFnIsDefault(validation)) {
      // the losses stay on the device until logs are needed (train/deferred.ts)
      const deviceLogs = new DeviceLogs<null>(
        (loss) => void record(loss),
        () => ({ loss: sum / losses.length }),
      );
      return (batch) => deviceLogs.add(this.deviceBatch(batch, validation, device), null, null);
    }
    if (ddp === null) return (batch) => record(this.runBatch(batch, validation));
    const ddpBatch = (batch: unknown): LoopRun<number> => this.ddpBatch(batch, ddp);
    return function* (batch: unknown): LoopRun<Logs> {
      return record(yield* ddpBatch(batch));
    };
  }

  /** The mean loss over one loader (`null` when that loader is not set), as a loop run. */
  private *loaderPass(validation: boolean, callbacks: CallbackList): LoopRun<number | null> {
    const loader = this.loader(validation);
    if (loader === null) return null;
    const losses: number[] = [];
    yield* batchLoop(validation ? "Test" : "Train", loader, this.recorder(validation, losses), callbacks);
    return yield* this.rankMean(this.finishLoader(losses, validation), losses.length);
  }

  /**
   * The book's `_mini_batch`: one pass over the training (or validation) loader, returning the
   * mean batch loss, or `null` when that loader is not set. Synchronous loaders only.
   * @example
   * const loader = new data.DataLoader(new data.TensorDataset(x, y));
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt).setLoaders(loader, loader);
   * sbs.miniBatch(true) // validation loss
   */
  miniBatch(validation = false): number | null {
    const op = `${this.callee}.miniBatch`;
    checkArity(op, arguments.length, 1);
    if (typeof validation !== "boolean")
      throw new TypeError(`[${op}] validation must be a boolean: got ${describe(validation)}`);
    const loader = validation ? this.valLoader : this.trainLoader;
    if (loader === null) return null;
    this.requireSync(op);
    const callbacks = new CallbackList(validation ? [] : this.loopCallbacks());
    return runSync(this.loaderPass(validation, callbacks), op);
  }

  private requireSync(op: string): void {
    if (moduleDevice(this.model) !== "cpu") throw syncOnWebgpu(op, "await trainAsync(nEpochs)");
    if (isDistributed())
      throw new TypeError(`[${op}] under torch.distributed the loop awaits collectives: use await trainAsync(nEpochs)`);
    for (const l of [this.trainLoader, this.valLoader])
      if (l !== null && !isSyncLoader(l))
        throw new TypeError(
          `[${op}] the loaders must be synchronous (a DataLoader without numWorkers or an iterable): got an asynchronous loader; use await trainAsync(nEpochs)`,
        );
  }

  /**
   * The book's `train` body on the shared loop: per epoch the training pass, its `np.mean`
   * loss, the validation pass, the TensorBoard scalars (step: the epoch index of this call).
   */
  protected *trainRun(nEpochs: number, callbacks: Callback[]): LoopRun {
    const start = this.totalEpochs;
    let losses: number[] = [];
    let record: BatchStep<unknown> = () => ({});
    for (const c of callbacks)
      c.setParams({ epochs: start + nEpochs, steps: batchCount(this.trainLoader), verbose: 1 });
    const task: FitTask<unknown> = {
      epochs: start + nEpochs,
      firstEpoch: () => start,
      beginEpoch: () => {
        this.totalEpochs += 1;
        record = this.recorder(false, (losses = []));
      },
      batches: () => this.loader(false)!,
      trainStep: (batch, i) => record(batch, i),
      endEpoch: (epoch) => this.closeEpoch(epoch - start, losses),
      stopped: () => false,
    };
    yield* fitLoop(task, new CallbackList(callbacks));
    if (isMainProcess()) this.writer?.flush();
  }

  /**
   * Records the epoch's losses (averaged over the ranks under torch.distributed), runs validation
   * and logs both to TensorBoard at `step` (rank 0 alone).
   */
  private *closeEpoch(step: number, losses: number[]): LoopRun<Logs> {
    const loss = yield* this.rankMean(this.finishLoader(losses, false), losses.length);
    this.losses.push(loss);
    const valLoss = yield* this.loaderPass(true, new CallbackList([]));
    this.valLosses.push(valLoss);
    if (this.writer !== null && isMainProcess()) {
      const scalars: Record<string, number> = { training: loss };
      if (valLoss !== null) scalars.validation = valLoss;
      this.writer.addScalars("loss", scalars, step);
    }
    return valLoss === null ? { loss } : { loss, val_loss: valLoss };
  }

  private checkEpochs(op: string, nEpochs: unknown): void {
    if (typeof nEpochs !== "number" || !Number.isInteger(nEpochs) || nEpochs < 0)
      throw new (typeof nEpochs === "number" ? RangeError : TypeError)(
        `[${op}] nEpochs must be a non-negative integer: got ${describe(nEpochs)}`,
      );
  }

  /**
   * Trains `nEpochs` more epochs (synchronously, printing nothing), first reseeding with
   * `setSeed(seed)` as the book does on every call, so `train(10); train(10)` is not `train(20)`.
   * Appends to `losses`/`valLosses`, logs `loss` {training, validation} to TensorBoard at steps
   * 0…nEpochs-1. Loaders with worker threads or async iterables need `trainAsync`, and so does
   * training under torch.distributed (its collectives are awaited).
   * @example
   * const loader = new data.DataLoader(new data.TensorDataset(x, y));
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt).setLoaders(loader, loader);
   * sbs.train(200); sbs.losses.at(-1)
   */
  train(nEpochs: number, seed = 42): void {
    const op = `${this.callee}.train`;
    checkArity(op, arguments.length, 2);
    this.checkEpochs(op, nEpochs);
    checkInt(op, "seed", seed);
    if (this.trainLoader === null)
      throw new RangeError(`[${op}] no training loader: call setLoaders(trainLoader, valLoader) first`);
    this.requireSync(op);
    this.setSeed(seed);
    runSync(this.trainRun(nEpochs, this.loopCallbacks()), op);
  }

  /**
   * `train` for asynchronous loaders (DataLoader with `numWorkers`, async iterables).
   * @example
   * const loader = new data.DataLoader(new data.TensorDataset(x, y));
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt).setLoaders(loader, loader);
   * await sbs.trainAsync(10)
   */
  async trainAsync(nEpochs: number, seed = 42): Promise<void> {
    const op = `${this.callee}.trainAsync`;
    checkArity(op, arguments.length, 2);
    this.checkEpochs(op, nEpochs);
    checkInt(op, "seed", seed);
    this.setSeed(seed);
    await runAsync(this.trainRun(nEpochs, this.loopCallbacks()));
  }

  /**
   * The book's `set_seed`: seeds torch's global generator and the training loader's own generator
   * when it has one (the book's later `sampler.generator`). The book also calls
   * `np.random.seed(seed)`; code that draws from NumPy's stream seeds it itself.
   * @example
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt);
   * sbs.setSeed(42)
   */
  setSeed(seed = 42): this {
    const op = `${this.callee}.setSeed`;
    checkArity(op, arguments.length, 1);
    checkInt(op, "seed", seed);
    manualSeed(seed);
    this.trainLoader?.generator?.manualSeed(seed);
    return this;
  }

  /**
   * Predictions for `x` (a Tensor or a nested array of numbers, cast to float32 as the book's
   * `torch.as_tensor(x).float()`): the model runs in eval mode and is left in train mode, as the
   * book does. Returns a detached float32 Tensor (the book returns a NumPy array; `.tolist()` gives
   * plain arrays).
   * @example sbs.predict([[0.5], [0.3]]).tolist() // [[1.99], [1.58]] (fragment)
   */
  predict(x: Tensor | number[] | number[][] | ArrayLike<number>): Tensor {
    const op = `${this.callee}.predict`;
    checkArity(op, arguments.length, 1);
    let input: Tensor;
    if (x instanceof Tensor) input = x.float();
    else if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView)))
      input = makeTensor(x as number[]).float();
    else throw new TypeError(`[${op}] x must be a Tensor or a (nested) array of numbers: got ${describe(x)}`);
    const device = moduleDevice(this.model);
    if (device !== "cpu" && input.storage.device === "cpu") throw syncOnWebgpu(op, "await predictAsync(x)");
    this.model.eval();
    try {
      return noGrad(() => this.forward(input)).detach();
    } finally {
      this.model.train();
    }
  }

  /**
   * `predict` for a model on any device: the input moves to the model's device and the
   * predictions come back as a CPU tensor (read asynchronously from webgpu), like the book's
   * NumPy array.
   * @example const pred = await sbs.predictAsync(xBatch); pred.argmax(1).tolist() // fragment
   */
  async predictAsync(x: Tensor | number[] | number[][] | ArrayLike<number>): Promise<Tensor> {
    const op = `${this.callee}.predictAsync`;
    checkArity(op, arguments.length, 1);
    const device = moduleDevice(this.model);
    const input =
      x instanceof Tensor ? onDevice(x.float(), device) : Array.isArray(x) || ArrayBuffer.isView(x) ? x : null;
    if (input === null)
      throw new TypeError(`[${op}] x must be a Tensor or a (nested) array of numbers: got ${describe(x)}`);
    const out = this.predict(input instanceof Tensor ? input : onDevice(makeTensor(input as number[]).float(), device));
    if (out.storage.device === "cpu") return out;
    try {
      return await out.toAsync("cpu");
    } finally {
      out.dispose();
    }
  }

  /**
   * Number of trainable parameters (`requiresGrad`) in the model.
   * @example
   * const m = new nn.Linear(1, 1);
   * new StepByStep(m, new nn.MSELoss(), new optim.SGD(m.parameters(), { lr: 0.1 })).countParameters() // 2
   */
  countParameters(): number {
    checkArity(`${this.callee}.countParameters`, arguments.length, 0);
    return this.model.parameters().reduce((n, p) => n + (p.requiresGrad ? p.numel() : 0), 0);
  }

  /**
   * Saves the book's checkpoint dict (`epoch`, `model_state_dict`, `optimizer_state_dict`,
   * `loss`, `val_loss`) with `torch.save`: a safetensors file (the model's and optimizer's tensors
   * under `model_state_dict.<name>` / `optimizer_state_dict.…`, the rest as JSON metadata), which
   * PyTorch reads with `safetensors.torch.load_file`; antorcha cannot write pickle `.pt` files.
   * Under torch.distributed only rank 0 writes; the other ranks return at once.
   * @example
   * const loader = new data.DataLoader(new data.TensorDataset(x, y));
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt).setLoaders(loader, loader);
   * sbs.train(2);
   * sbs.saveCheckpoint("model_checkpoint.pth")
   */
  saveCheckpoint(filename: string): void {
    const op = `${this.callee}.saveCheckpoint`;
    checkArity(op, arguments.length, 1);
    checkPath(op, filename);
    if (moduleDevice(this.model) !== "cpu") throw syncOnWebgpu(op, "await saveCheckpointAsync(filename)");
    if (!isMainProcess()) return; // under torch.distributed, rank 0 saves
    save(this.bookCheckpoint(this.model.stateDict(), this.optimizer.stateDict()), filename);
  }

  /** The book's checkpoint dict around the given states. */
  private bookCheckpoint(model: unknown, optimizer: unknown): Record<string, unknown> {
    return {
      epoch: this.totalEpochs,
      model_state_dict: model,
      optimizer_state_dict: optimizer,
      loss: this.losses,
      val_loss: this.valLosses,
    };
  }

  /**
   * `saveCheckpoint` for a model on any device: the model's and optimizer's tensors are read
   * back to the CPU (asynchronously from webgpu), then written as `saveCheckpoint` writes them.
   * @example await sbs.saveCheckpointAsync("model_checkpoint.pth") // fragment
   */
  async saveCheckpointAsync(filename: string): Promise<void> {
    const op = `${this.callee}.saveCheckpointAsync`;
    checkArity(op, arguments.length, 1);
    checkPath(op, filename);
    if (!isMainProcess()) return;
    const [model, optimizer] = await Promise.all([
      cpuStateDict(this.model.stateDict()),
      cpuStateDict(this.optimizer.stateDict()),
    ]);
    this.writeCheckpoint(filename, model, optimizer);
  }

  /** @internal writes a checkpoint from CPU states (Trainer writes its own format). */
  protected writeCheckpoint(filename: string, model: unknown, optimizer: unknown): void {
    save(this.bookCheckpoint(model, optimizer), filename);
  }

  /**
   * Loads a checkpoint with the book's keys, written by `saveCheckpoint` or by the book's PyTorch
   * code (`torch.save` of that dict): restores model, optimizer, `totalEpochs`, `losses` and
   * `valLosses`, and puts the model in train mode. The next `train` reseeds, as the book's does.
   * @example
   * const loader = new data.DataLoader(new data.TensorDataset(x, y));
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt).setLoaders(loader, loader);
   * sbs.saveCheckpoint("model_checkpoint.pth");
   * sbs.loadCheckpoint("model_checkpoint.pth"); sbs.train(50)
   */
  loadCheckpoint(filename: string): this {
    const op = `${this.callee}.loadCheckpoint`;
    checkArity(op, arguments.length, 1);
    checkPath(op, filename);
    if (!fs.existsSync(filename))
      throw new CheckpointError("NOT_FOUND", `no checkpoint at ${JSON.stringify(filename)}`);
    const ckpt = load(filename) as Record<string, unknown> | null;
    if (ckpt === null || typeof ckpt !== "object" || ckpt instanceof Tensor)
      throw new CheckpointError("INVALID_CHECKPOINT", `${JSON.stringify(filename)} holds no checkpoint dict`);
    const missing = CKPT_KEYS.filter((k) => !(k in ckpt));
    if (missing.length > 0)
      throw new CheckpointError(
        "INVALID_CHECKPOINT",
        `${JSON.stringify(filename)} has no ${missing.map((k) => JSON.stringify(k)).join(", ")} (the book's keys: ${CKPT_KEYS.join(", ")})`,
      );
    const num = (v: unknown, key: string): number | null => {
      if (v === null || v === undefined) return null;
      if (typeof v === "number") return v;
      if (v instanceof Tensor && v.numel() === 1) return Number(v.item());
      throw new CheckpointError("INVALID_CHECKPOINT", `${key} must hold numbers: got ${describe(v)}`);
    };
    const list = (v: unknown, key: string): (number | null)[] => {
      if (!Array.isArray(v))
        throw new CheckpointError("INVALID_CHECKPOINT", `${key} must be a list: got ${describe(v)}`);
      return v.map((e) => num(e, key));
    };
    const epoch = num(ckpt.epoch, "epoch");
    if (epoch === null || !Number.isInteger(epoch) || epoch < 0)
      throw new CheckpointError("INVALID_CHECKPOINT", `epoch must be a non-negative integer: got ${describe(epoch)}`);
    const losses = list(ckpt.loss, "loss");
    const valLosses = list(ckpt.val_loss, "val_loss");
    this.model.loadStateDict(ckpt.model_state_dict as never);
    this.optimizer.loadStateDict(ckpt.optimizer_state_dict as never);
    this.totalEpochs = epoch;
    this.losses = losses.map((v) => v ?? NaN);
    this.valLosses = valLosses;
    this.model.train();
    return this;
  }

  /**
   * Training and validation losses per epoch as a figure (the book's `plot_losses`: log scale).
   * @example
   * const loader = new data.DataLoader(new data.TensorDataset(x, y));
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt).setLoaders(loader, loader);
   * sbs.train(3);
   * await sbs.plotLosses().save("losses.png")
   */
  plotLosses(opts: ChartOptions = {}): Figure {
    const op = `${this.callee}.plotLosses`;
    checkArity(op, arguments.length, 1);
    if (this.losses.length === 0) throw new RangeError(`[${op}] no losses yet: call train(nEpochs) first`);
    const val = this.valLosses.every((v) => v === null) ? undefined : this.valLosses.map((v) => v ?? NaN);
    return plotLosses(this.losses, val, { logY: true, ...opts });
  }

  /**
   * Writes the model graph to TensorBoard, traced with the first training batch; as the book's,
   * does nothing unless both a writer and a training loader are set.
   * @example
   * const loader = new data.DataLoader(new data.TensorDataset(x, y));
   * const sbs = new StepByStep(model, new nn.MSELoss(), opt).setLoaders(loader, loader);
   * sbs.setTensorboard("classy"); sbs.addGraph()
   */
  addGraph(): this {
    const op = `${this.callee}.addGraph`;
    checkArity(op, arguments.length, 0);
    if (this.writer === null || this.trainLoader === null) return this;
    if (!isSyncLoader(this.trainLoader))
      throw new TypeError(`[${op}] needs a synchronous training loader: got an asynchronous loader`);
    const it = (this.trainLoader as Iterable<unknown>)[Symbol.iterator]();
    const first = it.next();
    it.return?.();
    if (first.done || !Array.isArray(first.value) || !(first.value[0] instanceof Tensor))
      throw new RangeError(`[${op}] the training loader yielded no [x, y] batch`);
    this.writer.addGraph(this.model, first.value[0]);
    return this;
  }
}

/** Batches per epoch when the loader knows its length, else 0. */
export function batchCount(loader: Loader | null): number {
  try {
    return typeof loader?.length === "number" ? loader.length : 0;
  } catch {
    return 0;
  }
}
