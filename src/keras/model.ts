/**
 * `keras.Sequential`: a stack of layers with Keras' `compile` / `fit` / `evaluate` / `predict` /
 * `summary`, running on `nn` modules and `torch.optim`. Itself a Layer, so
 * `keras.Sequential([model, layers.Softmax()])` works.
 */
import { noGrad } from "../autograd/mode.js";
import { cat } from "../ops/join.js";
import { tensor, zeros } from "../tensor/creation.js";
import { randperm } from "../tensor/random-ops.js";
import { _unkeep, keep } from "../tensor/lifetime.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "../nn/module.js";
import type { Parameter } from "../nn/parameter.js";
import { Callback, CallbackList, History, type Logs } from "./callbacks/base.js";
import { batchLoop, fitLoop, runAsync, runSync, type FitTask, type LoopRun, type PendingLogs } from "../train/loop.js";
import { DeviceLogs } from "../train/deferred.js";
import { moduleDevice, onDevice, syncOnWebgpu, type LoopDevice } from "../train/device.js";
import { ProgressLogger } from "../train/progress.js";
import { InputLayer } from "./layers/core.js";
import { Layer, shapeText, type LayerOptions } from "./layers/base.js";
import * as losses from "./losses.js";
import { Mean, resolveMetric, type Metric, type MetricArg } from "./metrics.js";
import * as optimizers from "./optimizers.js";
import type { ProgressStream } from "../log/progress.js";
import { countParams, formatSummary, type SummaryRow } from "./summary.js";
import { nextTurn, stdout } from "../util/node.js";
import {
  checkArity,
  checkBool,
  checkFunction,
  checkInt,
  checkOptions,
  describe,
  isPlainObject,
  optionKeys,
} from "../util/args.js";
import { checkFraction, checkPositiveInt, toTensorArg } from "./check.js";
import { saveModel } from "./saving.js";
import {
  averageGradients,
  broadcastParameters,
  isDistributed,
  isMainProcess,
  mainProcessCallbacks,
  reduceLogs,
  shardRange,
} from "../distributed/training.js";

const COMPILE_KEYS = optionKeys("optimizer", "loss", "metrics");
const FIT_KEYS = optionKeys(
  "epochs",
  "batchSize",
  "verbose",
  "callbacks",
  "validationSplit",
  "validationData",
  "shuffle",
  "classWeight",
  "initialEpoch",
  "progress",
);
const EVALUATE_KEYS = optionKeys("batchSize", "verbose", "progress");
const PROGRESS_KEYS = optionKeys("stream", "clock");
const VERBOSE = [0, 1, 2] as const;

function checkVerbose(op: string, v: unknown): 0 | 1 | 2 {
  if (!VERBOSE.includes(v as 0)) throw new RangeError(`[${op}] verbose must be 0, 1 or 2: got ${describe(v)}`);
  return v as 0 | 1 | 2;
}

function checkProgress(op: string, p: unknown): void {
  checkOptions(`${op}.progress`, p, PROGRESS_KEYS);
  const o = p as ProgressOptions | undefined;
  if (o?.stream !== undefined && typeof (o.stream as { write?: unknown })?.write !== "function")
    throw new TypeError(`[${op}] progress.stream must have a write(s) method: got ${describe(o.stream)}`);
  if (o?.clock !== undefined) checkFunction(op, "progress.clock", o.clock);
}

/** Options of `compile`. */
export interface CompileOptions {
  optimizer?: optimizers.OptimizerArg;
  loss: losses.LossArg;
  metrics?: MetricArg[];
}

/** Where progress goes (tests inject a fake stream and clock). */
export interface ProgressOptions {
  stream?: ProgressStream;
  clock?: () => number;
}

/** Options of `fit`. */
export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  verbose?: 0 | 1 | 2;
  callbacks?: Callback[];
  /** Fraction of the data, taken from the end before shuffling, used for validation. */
  validationSplit?: number;
  validationData?: [Tensor, Tensor];
  shuffle?: boolean;
  /** Loss weight per class index, e.g. `{ 0: 1, 1: 5 }`. */
  classWeight?: Record<number, number>;
  initialEpoch?: number;
  progress?: ProgressOptions;
}

/** Options of `evaluate` and `predict`. */
export interface EvaluateOptions {
  batchSize?: number;
  verbose?: 0 | 1 | 2;
  progress?: ProgressOptions;
}

function checkXY(op: string, x: Tensor, y: Tensor): void {
  if (x.dim() === 0 || y.dim() === 0 || x.shape[0] !== y.shape[0])
    throw new RangeError(
      `[${op}] x and y must have the same number of samples: got x ${shapeText(x.shape)} and y ${shapeText(y.shape)}`,
    );
}

/**
 * A linear stack of layers.
 * @example const model = keras.Sequential([layers.Flatten({ inputShape: [28, 28] }), layers.Dense(10)]);
 */
export class SequentialModel extends Layer {
  /** The layers in order. */
  readonly layers: Module[] = [];
  /** Set by callbacks (EarlyStopping, TerminateOnNaN) to end `fit` after this batch/epoch. */
  stopTraining = false;
  optimizer: optimizers.Optimizer | null = null;
  loss: losses.Loss | null = null;
  compiledMetrics: Metric[] = [];
  /** The `History` of the last `fit`. */
  history: History | null = null;
  /** @internal what `compile` was given (for `save`). */
  compileArgs: CompileOptions | null = null;
  /** @internal the input shape (batch axis included) the model was built with (for `save`). */
  builtShape: number[] | null = null;
  /** @internal set by BackupAndRestore in onTrainBegin: the epoch to resume at. */
  resumeEpoch: number | null = null;

  constructor(layers: Module[] = [], opts: LayerOptions = {}) {
    super(opts);
    if (!Array.isArray(layers))
      throw new TypeError(`[keras.Sequential] layers must be an array of layers: got ${describe(layers)}`);
    for (const l of layers) this.add(l);
  }

  override get callee(): string {
    return "keras.Sequential";
  }

  /** Appends a layer (builds the model when its input shape is known). @example model.add(layers.Dense(10)) */
  add(layer: Module): void {
    if (!(layer instanceof Module))
      throw new TypeError(`[keras.Sequential] add expects a layer: got ${describe(layer)}`);
    if (layer instanceof InputLayer) {
      if (this.layers.length > 0)
        throw new Error(
          `[keras.Sequential] layers.Input must be the first layer: got it at position ${this.layers.length}`,
        );
      this.inputShape = layer.inputShape;
      return;
    }
    if (this.layers.length === 0 && layer instanceof Layer) {
      // the first layer checks the declared input shape, so errors name it
      if (layer.inputShape && !this.inputShape) this.inputShape = layer.inputShape;
      else if (this.inputShape && !layer.inputShape) layer.inputShape = this.inputShape;
    }
    this.registerModule(String(this.layers.length), layer);
    this.layers.push(layer);
    this.built = false;
    if (this.inputShape) this.buildFromShape();
  }

  /** Builds all layers by running one zero sample through them (eval mode, no grad). */
  private buildFromShape(): void {
    if (!this.inputShape) return;
    this.dryRun([1, ...this.inputShape]);
  }

  /** @internal runs a zero batch of `shape`, returning each layer's output shape. */
  dryRun(shape: number[], sample?: Tensor): number[][] {
    const wasTraining = this.training;
    this.eval();
    const shapes: number[][] = [];
    try {
      noGrad(() => {
        const device = moduleDevice(this);
        let x = sample ? onDevice(sample, device) : zeros(shape, { device });
        for (const l of this.layers) {
          x = (l as Layer).call(x);
          shapes.push(x.shape.slice(1));
        }
      });
    } finally {
      this.train(wasTraining);
    }
    this.built = true;
    this.builtShape = [1, ...(sample?.shape ?? shape).slice(1)];
    return shapes;
  }

  /** The layers check their own inputs. */
  override checkInput(): void {}

  protected compute(x: Tensor): Tensor {
    for (const l of this.layers) x = (l as Layer).call(x);
    return x;
  }

  /**
   * Sets the optimizer, loss and metrics.
   * @example model.compile({ optimizer: "adam", loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] })
   */
  compile(opts: CompileOptions): void {
    const op = "keras.Sequential.compile";
    checkArity(op, arguments.length, 1);
    checkOptions(op, opts, COMPILE_KEYS);
    if (opts === undefined || opts.loss === undefined)
      throw new TypeError("[keras.Sequential.compile] a loss is required: got none, expected e.g. { loss: 'mse' }");
    if (opts.metrics !== undefined && !Array.isArray(opts.metrics))
      throw new TypeError(`[${op}] metrics must be an array such as ["accuracy"]: got ${describe(opts.metrics)}`);
    const optimizer = optimizers.get(opts.optimizer ?? "rmsprop", op);
    const loss = losses.get(opts.loss, op);
    const metrics = (opts.metrics ?? []).map((m) => resolveMetric(m, loss.name, op));
    [this.optimizer, this.loss, this.compiledMetrics] = [optimizer, loss, metrics];
    this.compileArgs = { ...opts };
    if (this.built && this.optimizer.torch === null) this.optimizer.attach(this.trainableParams());
  }

  private trainableParams(): Parameter[] {
    return this.parameters().filter((p) => p.requiresGrad);
  }

  private ensureReady(op: string, x: Tensor): void {
    if (this.loss === null || this.optimizer === null)
      throw new Error(
        `[keras.Sequential.${op}] the model must be compiled first: call model.compile({ optimizer, loss, metrics })`,
      );
    if (!this.built) this.dryRun([], x.narrow(0, 0, Math.min(1, x.shape[0]!)));
    if (this.optimizer.torch === null) this.optimizer.attach(this.trainableParams());
    this.checkFirst(x);
  }

  /** The whole `x` against the first layer's shape, so errors show the real batch shape. */
  private checkFirst(x: Tensor): void {
    const first = this.layers[0];
    if (first instanceof Layer && (first.built || first.inputShape)) first.checkInput(x);
  }

  /** Integer labels are checked against the output width once, before the first step. */
  private checkAllLabels(y: Tensor, x: Tensor): void {
    if (!(this.loss instanceof losses.SparseCategoricalCrossentropy) || x.shape[0] === 0) return;
    const shapes = this.dryRun([], x.narrow(0, 0, 1));
    const out = shapes[shapes.length - 1];
    if (out === undefined || out.length === 0) return;
    losses.checkLabels("SparseCategoricalCrossentropy", y.reshape(-1), out[out.length - 1]!);
  }

  private metricLogs(lossMean: Mean, prefix = ""): Logs {
    const logs: Logs = { [`${prefix}loss`]: lossMean.result() };
    for (const m of this.compiledMetrics) logs[prefix + m.name] = m.result();
    return logs;
  }

  /**
   * Trains for `epochs`, printing Keras' progress; returns the `History`. Under torch.distributed
   * each rank trains on its own shard of `x`/`y` from rank 0's weights, gradients and epoch logs
   * are averaged over the ranks, and rank 0 alone prints and runs the file-writing callbacks.
   * @example const history = await model.fit(trainImages, trainLabels, { epochs: 10 }); // fragment
   */
  async fit(x: Tensor, y: Tensor, opts: FitOptions = {}): Promise<History> {
    checkArity("fit", arguments.length, 3);
    checkOptions("fit", opts, FIT_KEYS);
    x = toTensorArg("fit", "x", x);
    y = toTensorArg("fit", "y", y);
    const epochs = opts.epochs === undefined ? 1 : checkPositiveInt("fit", "epochs", opts.epochs);
    const bs = opts.batchSize === undefined ? 32 : checkPositiveInt("fit", "batchSize", opts.batchSize);
    const verboseArg = opts.verbose === undefined ? 1 : checkVerbose("fit", opts.verbose);
    const verbose = isMainProcess() ? verboseArg : 0; // under torch.distributed, rank 0 prints
    const split =
      opts.validationSplit === undefined ? 0 : checkFraction("fit", "validationSplit", opts.validationSplit);
    if (opts.shuffle !== undefined) checkBool("fit", "shuffle", opts.shuffle);
    if (opts.initialEpoch !== undefined) checkInt("fit", "initialEpoch", opts.initialEpoch);
    if (opts.callbacks !== undefined) checkCallbacks(opts.callbacks);
    if (opts.classWeight !== undefined) checkClassWeight(opts.classWeight);
    if (opts.progress !== undefined) checkProgress("fit", opts.progress);
    let val =
      opts.validationData === undefined || opts.validationData === null
        ? null
        : checkValidationData(opts.validationData);
    checkXY("fit", x, y);
    this.ensureReady("fit", x);
    let [xt, yt] = [x, y];
    if (split > 0 && val === null) {
      const at = Math.floor(x.shape[0]! * (1 - split));
      [xt, yt] = [x.narrow(0, 0, at), y.narrow(0, 0, at)];
      val = [x.narrow(0, at, x.shape[0]! - at), y.narrow(0, at, y.shape[0]! - at)];
    }
    if (val) checkXY("fit", val[0], val[1]);
    const distributed = isDistributed();
    const device = moduleDevice(this);
    if (distributed && device !== "cpu")
      throw new Error("[fit] torch.distributed training of a webgpu model is not available yet: train it on the cpu");
    if (distributed) {
      // Each rank trains on its own shard from rank 0's weights; gradients are averaged per step.
      const [start, len] = shardRange(xt.shape[0]!);
      [xt, yt] = [xt.narrow(0, start, len), yt.narrow(0, start, len)];
      await broadcastParameters([...this.parameters(), ...this.buffers()]);
    }
    this.checkAllLabels(yt, xt);
    if (val) {
      this.checkFirst(val[0]);
      this.checkAllLabels(val[1], val[0]);
    }
    const steps = Math.ceil(xt.shape[0]! / bs);
    const cw = opts.classWeight ? classWeightTable(opts.classWeight) : null;
    const history = new History();
    this.history = history;
    const progress = verbose === 0 ? [] : [this.progressLogger(verbose, opts.progress, val === null)];
    const callbacks = [...progress, ...mainProcessCallbacks(opts.callbacks ?? []), history];
    for (const c of callbacks) {
      c.setModel(this);
      c.setParams({ epochs, steps, verbose });
    }
    const torchOpt = this.optimizer!.torch!;
    const params = this.trainableParams();
    const lossMean = new Mean("loss");
    /** After backward: the optimizer step and the running logs. */
    const finishStep = (xb: Tensor, yb: Tensor, pred: Tensor, loss: Tensor): Logs => {
      torchOpt.step();
      lossMean.add(Number(loss.item()), xb.shape[0]!);
      for (const m of this.compiledMetrics) m.updateState(yb, pred);
      return this.metricLogs(lossMean);
    };
    /** Under torch.distributed the gradients are averaged over the ranks before the step (awaited). */
    function* averagedStep(xb: Tensor, yb: Tensor, pred: Tensor, loss: Tensor): LoopRun<Logs> {
      // This generator runs after the step's tidy scope closed (the loop awaits the allreduce):
      // the batch, prediction and loss were kept for it and go back to the GC afterwards.
      yield averageGradients(params);
      const logs = finishStep(xb, yb, pred, loss);
      for (const t of [xb, yb, pred, loss]) _unkeep(t);
      return logs;
    }
    const metrics = this.compiledMetrics;
    /**
     * On webgpu: the step's loss and (when there are metrics) predictions stay on the device
     * (kept) until logs are needed (train/deferred.ts), then are read back together; the metrics
     * run on the CPU batch's labels and the read predictions, batch by batch in order.
     */
    const deviceLogs = new DeviceLogs<Tensor>(
      (l, p, yb) => {
        lossMean.add(l, yb.shape[0]!);
        for (const m of metrics) m.updateState(yb, p!);
      },
      () => this.metricLogs(lossMean),
    );
    /** Validation after the epoch's logs, which are averaged over the ranks first under torch.distributed. */
    const evalRun = (): LoopRun<number[]> =>
      this.evalRun(val![0], val![1], bs, this.passCallbacks(0, undefined, 1), device);
    // (a generator cannot be an arrow function, so it reaches the model through these)
    const isTraining = (): boolean => this.training;
    const setTraining = (mode: boolean): void => void this.train(mode);
    function* closeEpoch(logs: Logs): LoopRun<Logs> {
      if (val !== null) {
        const wasTraining = isTraining();
        setTraining(false);
        let vals: number[];
        try {
          vals = yield* evalRun();
        } finally {
          setTraining(wasTraining);
        }
        const [vl, ...vm] = vals;
        logs.val_loss = vl!;
        metrics.forEach((m, i) => (logs[`val_${m.name}`] = vm[i]!));
      }
      return logs;
    }
    function* reducedClose(logs: Logs): LoopRun<Logs> {
      yield reduceLogs(logs);
      return yield* closeEpoch(logs);
    }
    const task: FitTask<Batch> = {
      epochs,
      firstEpoch: () => {
        const first = this.resumeEpoch ?? opts.initialEpoch ?? 0;
        this.resumeEpoch = null;
        return first;
      },
      beginEpoch: () => {
        this.train();
        lossMean.resetState();
        for (const m of this.compiledMetrics) m.resetState();
      },
      batches: () => batchesOf(xt, yt, bs, opts.shuffle !== false),
      trainStep: ([xb, yb]) => {
        if (device !== "cpu") {
          // class weights come from the CPU labels; the batch moves to the model's device
          const w = cw ? onDevice(cw(yb), device) : null;
          const pred = (this as Layer).call(onDevice(xb, device), { training: true });
          const loss = this.loss!.call(onDevice(yb, device), pred, w);
          torchOpt.zeroGrad();
          loss.backward();
          torchOpt.step();
          return deviceLogs.add(keep(loss.detach()), metrics.length > 0 ? keep(pred.detach()) : null, yb);
        }
        const pred = (this as Layer).call(xb, { training: true });
        const loss = this.loss!.call(yb, pred, cw ? cw(yb) : null);
        torchOpt.zeroGrad();
        loss.backward();
        return distributed ? averagedStep(keep(xb), keep(yb), keep(pred), keep(loss)) : finishStep(xb, yb, pred, loss);
      },
      endEpoch: (_epoch, logs) => (distributed ? reducedClose(logs) : closeEpoch(logs)),
      stopped: () => this.stopTraining,
      afterEpoch: nextTurn, // let timers and I/O run between epochs
    };
    this.stopTraining = false;
    this.resumeEpoch = null;
    await runAsync(fitLoop(task, new CallbackList(callbacks)));
    return history;
  }

  /** The loop's progress bar printer (`Epoch i/n` lines and Keras' bars). */
  private progressLogger(
    verbose: 1 | 2,
    progress: ProgressOptions | undefined,
    lastBatchIsFinal: boolean,
  ): ProgressLogger {
    return new ProgressLogger({
      verbose,
      stream: progress?.stream ?? stdout(),
      clock: progress?.clock,
      lastBatchIsFinal,
    });
  }

  /**
   * The callbacks of an evaluate/predict pass over `steps` batches: the progress bar unless silent
   * (or not rank 0 under torch.distributed).
   */
  private passCallbacks(verbose: 0 | 1 | 2, progress: ProgressOptions | undefined, steps: number): CallbackList {
    if (verbose === 0 || !isMainProcess()) return new CallbackList([]);
    const logger = this.progressLogger(verbose, progress, true);
    logger.setParams({ epochs: 1, steps, verbose });
    return new CallbackList([logger]);
  }

  /**
   * `[loss, ...metrics]` over `(x, y)` as one loop pass, without gradients (the caller sets eval
   * mode). On webgpu each batch moves to the device and its loss and predictions are read back
   * asynchronously (the run yields the reads).
   */
  private *evalRun(x: Tensor, y: Tensor, bs: number, callbacks: CallbackList, device: LoopDevice): LoopRun<number[]> {
    const lossMean = new Mean("loss");
    const metrics = this.compiledMetrics;
    for (const m of metrics) m.resetState();
    const logs = (): Logs => this.metricLogs(lossMean);
    // on webgpu: losses and predictions stay on the device until logs are needed (as in fit)
    const deviceLogs = new DeviceLogs<Tensor>((l, p, yb) => {
      lossMean.add(l, yb.shape[0]!);
      for (const m of metrics) m.updateState(yb, p!);
    }, logs);
    const step = ([xb, yb]: Batch): Logs | LoopRun<Logs> | PendingLogs =>
      noGrad(() => {
        if (device !== "cpu") {
          const pred = (this as Layer).call(onDevice(xb, device));
          const loss = keep(this.loss!.call(onDevice(yb, device), pred));
          return deviceLogs.add(loss, metrics.length > 0 ? keep(pred) : null, yb);
        }
        const pred = (this as Layer).call(xb);
        lossMean.add(Number(this.loss!.call(yb, pred).item()), xb.shape[0]!);
        for (const m of metrics) m.updateState(yb, pred);
        return logs();
      });
    yield* batchLoop("Test", batchesOf(x, y, bs, false), step, callbacks);
    return [lossMean.result(), ...metrics.map((m) => m.result())];
  }

  /** `[loss, ...metrics]` over `(x, y)` in inference mode, synchronously (a CPU model). */
  private runEval(x: Tensor, y: Tensor, bs: number, verbose: 0 | 1 | 2, progress?: ProgressOptions): number[] {
    const steps = Math.max(1, Math.ceil(x.shape[0]! / bs));
    const callbacks = this.passCallbacks(verbose, progress, steps);
    let out: number[] = [];
    this.inference(() => (out = runSync(this.evalRun(x, y, bs, callbacks, "cpu"), "evaluate")));
    return out;
  }

  /** Runs `fn` in eval mode without gradients, restoring the mode after. */
  private inference(fn: () => void): void {
    const wasTraining = this.training;
    this.eval();
    try {
      noGrad(fn);
    } finally {
      this.train(wasTraining);
    }
  }

  /**
   * Loss and metrics on `(x, y)`: `[loss, ...metrics]`.
   * @example const [testLoss, testAcc] = model.evaluate(testImages, testLabels, { verbose: 2 }); // fragment
   */
  evaluate(x: Tensor, y: Tensor, opts: EvaluateOptions = {}): number[] {
    checkArity("evaluate", arguments.length, 3);
    const [bs, verbose] = checkEvalOptions("evaluate", opts);
    x = toTensorArg("evaluate", "x", x);
    y = toTensorArg("evaluate", "y", y);
    checkXY("evaluate", x, y);
    if (moduleDevice(this) !== "cpu") throw syncOnWebgpu("evaluate", "await model.evaluateAsync(x, y, opts)");
    this.ensureReady("evaluate", x);
    return this.runEval(x, y, bs, verbose, opts.progress);
  }

  /**
   * `evaluate` for any device: a model moved by `model.to("webgpu")` reads its losses and
   * predictions back asynchronously, so it is evaluated with this form (a CPU model gives the
   * same numbers as `evaluate`).
   * @example const [testLoss, testAcc] = await model.evaluateAsync(testImages, testLabels, { verbose: 2 }); // fragment
   */
  async evaluateAsync(x: Tensor, y: Tensor, opts: EvaluateOptions = {}): Promise<number[]> {
    checkArity("evaluateAsync", arguments.length, 3);
    const [bs, verbose] = checkEvalOptions("evaluateAsync", opts);
    x = toTensorArg("evaluateAsync", "x", x);
    y = toTensorArg("evaluateAsync", "y", y);
    checkXY("evaluateAsync", x, y);
    this.ensureReady("evaluateAsync", x);
    const device = moduleDevice(this);
    if (device !== "cpu") this.checkAllLabels(y, x); // the loss cannot read labels on the GPU
    const steps = Math.max(1, Math.ceil(x.shape[0]! / bs));
    const callbacks = this.passCallbacks(verbose, opts.progress, steps);
    const wasTraining = this.training;
    this.eval();
    try {
      return await runAsync(this.evalRun(x, y, bs, callbacks, device));
    } finally {
      this.train(wasTraining);
    }
  }

  /**
   * Outputs for `x`, computed in batches in inference mode.
   * @example const predictions = probabilityModel.predict(testImages); // fragment
   */
  predict(x: Tensor, opts: EvaluateOptions = {}): Tensor {
    checkArity("predict", arguments.length, 2);
    const [bs, verbose] = checkEvalOptions("predict", opts);
    x = toTensorArg("predict", "x", x);
    if (moduleDevice(this) !== "cpu") throw syncOnWebgpu("predict", "await model.predictAsync(x, opts)");
    return joinOutputs(this.runPredict("predict", x, bs, verbose, opts.progress));
  }

  /**
   * `predict` for any device: a model moved by `model.to("webgpu")` computes on the GPU and its
   * outputs are read back to a CPU tensor (as Keras returns host arrays), so the result is
   * readable synchronously (`.tolist()`, `.item()`) whatever the model's device.
   * @example const predictions = await probabilityModel.predictAsync(testImages); // fragment
   */
  async predictAsync(x: Tensor, opts: EvaluateOptions = {}): Promise<Tensor> {
    checkArity("predictAsync", arguments.length, 2);
    const [bs, verbose] = checkEvalOptions("predictAsync", opts);
    x = toTensorArg("predictAsync", "x", x);
    const outs = this.runPredict("predictAsync", x, bs, verbose, opts.progress);
    if (outs[0]!.storage.device !== "cpu") {
      // read each batch's outputs back, then join them on the CPU
      const read = await Promise.all(outs.map((o) => o.toAsync("cpu")));
      for (const o of outs) o.dispose();
      outs.splice(0, outs.length, ...read.map((t) => keep(t)));
    }
    return joinOutputs(outs);
  }

  /** The outputs for `x` per batch (kept), on the model's device (batches are moved there). */
  private runPredict(op: string, x: Tensor, bs: number, verbose: 0 | 1 | 2, progress?: ProgressOptions): Tensor[] {
    if (x.dim() === 0) throw new RangeError(`[${op}] x must have a batch axis: got a 0-d tensor`);
    const n = x.shape[0]!;
    if (!this.built) this.dryRun([], x.narrow(0, 0, Math.min(1, n)));
    this.checkFirst(x);
    const device = moduleDevice(this);
    const steps = Math.max(1, Math.ceil(n / bs));
    const callbacks = this.passCallbacks(verbose, progress, steps);
    const outs: Tensor[] = [];
    const step = ([xb]: Batch): Logs => {
      outs.push(keep((this as Layer).call(onDevice(xb, device)))); // the step's tidy scope would release it
      return {};
    };
    this.inference(() => runSync(batchLoop("Predict", batchesOf(x, x, bs, false), step, callbacks), op));
    return outs;
  }

  /**
   * Saves the whole model (architecture, weights, compile settings, optimizer state) to `path`;
   * `keras.models.loadModel(path)` brings it back. Layers must come from `keras.layers` factories
   * with JSON arguments (activation names, not functions).
   * @example model.save("fashion.safetensors"); const m2 = keras.models.loadModel("fashion.safetensors");
   */
  save(path: string): void {
    checkArity("keras.Sequential.save", arguments.length, 1);
    saveModel(this, path);
  }

  /**
   * Prints Keras' summary table once, through `print` (default `console.log`); like Keras it
   * returns nothing, so a notebook cell ending in `model.summary()` shows the table once.
   * @example model.summary()
   * @example let text = ""; model.summary((s) => (text = s));
   */
  summary(print: (s: string) => void = console.log): void {
    checkArity("keras.Sequential.summary", arguments.length, 1);
    checkFunction("keras.Sequential.summary", "print", print);
    if (!this.inputShape)
      throw new Error(
        `[keras.Sequential.summary] this model has not yet been built: give the first layer an inputShape (or start with layers.Input), or fit/call the model on data first`,
      );
    const shapes = this.dryRun([1, ...this.inputShape]);
    const rows: SummaryRow[] = this.layers.map((l, i) => ({
      name: l instanceof Layer ? l.name : l.constructor.name.toLowerCase(),
      className: l instanceof Layer ? l.className : l.constructor.name,
      outputShape: shapes[i]!,
      ...countParams(l),
    }));
    print(formatSummary(this.name, rows));
  }

  /** Copies of the weights (parameters then float buffers, per layer in order). @example const w = model.getWeights() */
  getWeights(): Tensor[] {
    return Object.values(this.stateDict()).map((t) => t.detach().clone());
  }

  /** Restores weights from `getWeights()`. @example model.setWeights(saved) // fragment */
  setWeights(weights: Tensor[]): void {
    if (!Array.isArray(weights))
      throw new TypeError(
        `[keras.Sequential.setWeights] weights must be an array of tensors: got ${describe(weights)}`,
      );
    const keys = Object.keys(this.stateDict());
    if (weights.length !== keys.length)
      throw new RangeError(`[keras.Sequential.setWeights] got ${weights.length} arrays: expected ${keys.length}`);
    this.loadStateDict(Object.fromEntries(keys.map((k, i) => [k, weights[i]!])));
  }
}

/** One tensor from the kept per-batch outputs (released). */
function joinOutputs(outs: Tensor[]): Tensor {
  if (outs.length === 1) return _unkeep(outs[0]!);
  const all = cat(outs, 0);
  for (const o of outs) o.dispose();
  return all;
}

/** One batch: inputs and targets. */
type Batch = [Tensor, Tensor];

/** An epoch's batches of `bs` samples: in order, or gathered through a fresh `randperm`. */
function batchesOf(x: Tensor, y: Tensor, bs: number, shuffle: boolean): Iterable<Batch> {
  const n = x.shape[0]!;
  const perm = shuffle ? randperm(n) : null;
  return (function* (): Generator<Batch> {
    for (let at = 0; at < n; at += bs) {
      const len = Math.min(bs, n - at);
      const idx = perm?.narrow(0, at, len);
      yield idx ? [x.indexSelect(0, idx), y.indexSelect(0, idx)] : [x.narrow(0, at, len), y.narrow(0, at, len)];
    }
  })();
}

function checkEvalOptions(op: string, opts: EvaluateOptions): [number, 0 | 1 | 2] {
  checkOptions(op, opts, EVALUATE_KEYS);
  if (opts.progress !== undefined) checkProgress(op, opts.progress);
  return [
    opts.batchSize === undefined ? 32 : checkPositiveInt(op, "batchSize", opts.batchSize),
    opts.verbose === undefined ? 1 : checkVerbose(op, opts.verbose),
  ];
}

function checkCallbacks(cbs: unknown): void {
  if (!Array.isArray(cbs))
    throw new TypeError(`[fit] callbacks must be an array of keras.callbacks objects: got ${describe(cbs)}`);
  cbs.forEach((c, i) => {
    if (!(c instanceof Callback))
      throw new TypeError(`[fit] callbacks[${i}] must be a keras.callbacks.Callback: got ${describe(c)}`);
  });
}

function checkValidationData(v: unknown): [Tensor, Tensor] {
  if (!Array.isArray(v) || v.length !== 2)
    throw new TypeError(`[fit] validationData must be [xVal, yVal]: got ${describe(v)}`);
  return [toTensorArg("fit", "validationData[0]", v[0]), toTensorArg("fit", "validationData[1]", v[1])];
}

function checkClassWeight(cw: unknown): void {
  if (!isPlainObject(cw))
    throw new TypeError(`[fit] classWeight must be an object such as { 0: 1, 1: 5 }: got ${describe(cw)}`);
  for (const [k, v] of Object.entries(cw)) {
    if (!/^(0|[1-9]\d*)$/.test(k))
      throw new RangeError(`[fit] classWeight keys must be class indices (integers >= 0): got "${k}"`);
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      throw new RangeError(`[fit] classWeight[${k}] must be a finite number >= 0: got ${describe(v)}`);
  }
}

/** Per-sample weights from a `{ class: weight }` table (missing classes weigh 1). */
function classWeightTable(cw: Record<number, number>): (y: Tensor) => Tensor {
  const table = (size: number): Tensor => {
    const w = new Array<number>(size).fill(1);
    for (const [k, v] of Object.entries(cw)) if (Number(k) < size) w[Number(k)] = v;
    return tensor(w, { dtype: "float32" });
  };
  return (y) => {
    const idx = (y.dim() > 1 && y.shape[y.dim() - 1]! > 1 ? y.argmax(-1) : y.reshape(-1)).to("int64");
    const hi = Math.max(Number(idx.max().item()), ...Object.keys(cw).map(Number));
    return table(hi + 1).indexSelect(0, idx.clamp(0, hi));
  };
}

/**
 * Creates a Sequential model (callable with or without `new`).
 * @example const model = keras.Sequential([layers.Dense(10)]);
 */
export const Sequential = function (layers: Module[] = [], opts: LayerOptions = {}): SequentialModel {
  checkArity("keras.Sequential", arguments.length, 2);
  return new SequentialModel(layers, opts);
} as unknown as {
  new (layers?: Module[], opts?: LayerOptions): SequentialModel;
  (layers?: Module[], opts?: LayerOptions): SequentialModel;
};
(Sequential as unknown as { prototype: unknown }).prototype = SequentialModel.prototype;
