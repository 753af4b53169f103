/**
 * `keras.Sequential`: a stack of layers with Keras' `compile` / `fit` / `evaluate` / `predict` /
 * `summary`, running on `nn` modules and `torch.optim`. Itself a Layer, so
 * `keras.Sequential([model, layers.Softmax()])` works.
 */
import { noGrad } from "../autograd/mode.js";
import { cat } from "../ops/join.js";
import { tensor, zeros } from "../tensor/creation.js";
import { randperm } from "../tensor/random-ops.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "../nn/module.js";
import type { Parameter } from "../nn/parameter.js";
import { Callback, CallbackList, History, type Logs } from "./callbacks/base.js";
import { InputLayer } from "./layers/core.js";
import { Layer, shapeText, type LayerOptions } from "./layers/base.js";
import * as losses from "./losses.js";
import { Mean, resolveMetric, type Metric, type MetricArg } from "./metrics.js";
import * as optimizers from "./optimizers.js";
import { Progbar, type ProgressStream } from "./progress.js";
import { countParams, formatSummary, type SummaryRow } from "./summary.js";

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
  /** @internal set by BackupAndRestore in onTrainBegin: the epoch to resume at. */
  resumeEpoch: number | null = null;

  constructor(layers: Module[] = [], opts: LayerOptions = {}) {
    super(opts);
    for (const l of layers) this.add(l);
  }

  /** Appends a layer (builds the model when its input shape is known). @example model.add(layers.Dense(10)) */
  add(layer: Module): void {
    if (!(layer instanceof Module))
      throw new TypeError(`[keras.Sequential] add expects a layer: got ${layer === null ? "null" : typeof layer}`);
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
        let x = sample ?? zeros(shape);
        for (const l of this.layers) {
          x = (l as Layer).call(x);
          shapes.push(x.shape.slice(1));
        }
      });
    } finally {
      this.train(wasTraining);
    }
    this.built = true;
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
    if (opts === undefined || opts.loss === undefined)
      throw new TypeError("[keras.Sequential.compile] a loss is required: got none, expected e.g. { loss: 'mse' }");
    this.optimizer = optimizers.get(opts.optimizer ?? "rmsprop");
    this.loss = losses.get(opts.loss);
    this.compiledMetrics = (opts.metrics ?? []).map((m) => resolveMetric(m, this.loss!.name));
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
   * Trains for `epochs`, printing Keras' progress; returns the `History`.
   * @example const history = await model.fit(trainImages, trainLabels, { epochs: 10 });
   */
  async fit(x: Tensor, y: Tensor, opts: FitOptions = {}): Promise<History> {
    checkXY("fit", x, y);
    this.ensureReady("fit", x);
    const epochs = opts.epochs ?? 1;
    const bs = opts.batchSize ?? 32;
    const verbose = opts.verbose ?? 1;
    let [xt, yt] = [x, y];
    let val = opts.validationData ?? null;
    const split = opts.validationSplit ?? 0;
    if (!(split >= 0 && split < 1)) throw new RangeError(`[fit] validationSplit must be in [0, 1): got ${split}`);
    if (split > 0 && val === null) {
      const at = Math.floor(x.shape[0]! * (1 - split));
      [xt, yt] = [x.narrow(0, 0, at), y.narrow(0, 0, at)];
      val = [x.narrow(0, at, x.shape[0]! - at), y.narrow(0, at, y.shape[0]! - at)];
    }
    if (val) checkXY("fit", val[0], val[1]);
    this.checkAllLabels(yt, xt);
    if (val) {
      this.checkFirst(val[0]);
      this.checkAllLabels(val[1], val[0]);
    }
    const n = xt.shape[0]!;
    const steps = Math.ceil(n / bs);
    const cw = opts.classWeight ? classWeightTable(opts.classWeight) : null;
    const history = new History();
    this.history = history;
    const cbs = new CallbackList([...(opts.callbacks ?? []), history]);
    for (const c of cbs.callbacks) {
      c.setModel(this);
      c.setParams({ epochs, steps, verbose });
    }
    const out = opts.progress?.stream ?? process.stdout;
    const torchOpt = this.optimizer!.torch!;
    this.stopTraining = false;
    this.resumeEpoch = null;
    await cbs.call("onTrainBegin");
    const first = this.resumeEpoch ?? opts.initialEpoch ?? 0;
    this.resumeEpoch = null;
    for (let epoch = first; epoch < epochs; epoch++) {
      if (verbose) out.write(`Epoch ${epoch + 1}/${epochs}\n`);
      const bar = new Progbar(steps, { verbose, stream: out, clock: opts.progress?.clock });
      await cbs.callAt("onEpochBegin", epoch);
      this.train();
      const lossMean = new Mean("loss");
      for (const m of this.compiledMetrics) m.resetState();
      const perm = opts.shuffle === false ? null : randperm(n);
      let logs: Logs = {};
      for (let b = 0; b < steps; b++) {
        const len = Math.min(bs, n - b * bs);
        const idx = perm ? perm.narrow(0, b * bs, len) : null;
        const xb = idx ? xt.indexSelect(0, idx) : xt.narrow(0, b * bs, len);
        const yb = idx ? yt.indexSelect(0, idx) : yt.narrow(0, b * bs, len);
        await cbs.callAt("onTrainBatchBegin", b);
        const pred = (this as Layer).call(xb);
        const sw = cw ? cw(yb) : null;
        const loss = this.loss!.call(yb, pred, sw);
        torchOpt.zeroGrad();
        loss.backward();
        torchOpt.step();
        lossMean.add(Number(loss.item()), len);
        for (const m of this.compiledMetrics) m.updateState(yb, pred);
        logs = this.metricLogs(lossMean);
        if (b < steps - 1 || val === null) bar.update(b + 1, Object.entries(logs), b === steps - 1);
        await cbs.callAt("onTrainBatchEnd", b, logs);
        if (this.stopTraining) break;
      }
      if (val !== null) {
        const [vl, ...vm] = this.runEval(val[0], val[1], bs, 0);
        logs.val_loss = vl!;
        this.compiledMetrics.forEach((m, i) => (logs[`val_${m.name}`] = vm[i]!));
        bar.update(steps, Object.entries(logs), true);
      }
      await cbs.callAt("onEpochEnd", epoch, logs);
      if (this.stopTraining) break;
      await new Promise((r) => setImmediate(r)); // let timers and I/O run between epochs
    }
    await cbs.call("onTrainEnd");
    return history;
  }

  private runEval(x: Tensor, y: Tensor, bs: number, verbose: 0 | 1 | 2, progress?: ProgressOptions): number[] {
    const n = x.shape[0]!;
    const steps = Math.max(1, Math.ceil(n / bs));
    const bar = new Progbar(steps, { verbose, stream: progress?.stream ?? process.stdout, clock: progress?.clock });
    const lossMean = new Mean("loss");
    for (const m of this.compiledMetrics) m.resetState();
    const wasTraining = this.training;
    this.eval();
    try {
      noGrad(() => {
        for (let b = 0; b * bs < n; b++) {
          const len = Math.min(bs, n - b * bs);
          const xb = x.narrow(0, b * bs, len);
          const yb = y.narrow(0, b * bs, len);
          const pred = (this as Layer).call(xb);
          lossMean.add(Number(this.loss!.call(yb, pred).item()), len);
          for (const m of this.compiledMetrics) m.updateState(yb, pred);
          bar.update(b + 1, Object.entries(this.metricLogs(lossMean)), b + 1 === steps);
        }
      });
    } finally {
      this.train(wasTraining);
    }
    return [lossMean.result(), ...this.compiledMetrics.map((m) => m.result())];
  }

  /**
   * Loss and metrics on `(x, y)`: `[loss, ...metrics]`.
   * @example const [testLoss, testAcc] = model.evaluate(testImages, testLabels, { verbose: 2 });
   */
  evaluate(x: Tensor, y: Tensor, opts: EvaluateOptions = {}): number[] {
    checkXY("evaluate", x, y);
    this.ensureReady("evaluate", x);
    return this.runEval(x, y, opts.batchSize ?? 32, opts.verbose ?? 1, opts.progress);
  }

  /**
   * Outputs for `x`, computed in batches in inference mode.
   * @example const predictions = probabilityModel.predict(testImages);
   */
  predict(x: Tensor, opts: EvaluateOptions = {}): Tensor {
    const bs = opts.batchSize ?? 32;
    const n = x.shape[0]!;
    if (!this.built) this.dryRun([], x.narrow(0, 0, Math.min(1, n)));
    this.checkFirst(x);
    const steps = Math.max(1, Math.ceil(n / bs));
    const bar = new Progbar(steps, {
      verbose: opts.verbose ?? 1,
      stream: opts.progress?.stream ?? process.stdout,
      clock: opts.progress?.clock,
    });
    const outs: Tensor[] = [];
    const wasTraining = this.training;
    this.eval();
    try {
      noGrad(() => {
        for (let b = 0; b * bs < n; b++) {
          outs.push((this as Layer).call(x.narrow(0, b * bs, Math.min(bs, n - b * bs))));
          bar.update(b + 1, [], b + 1 === steps);
        }
      });
    } finally {
      this.train(wasTraining);
    }
    return outs.length === 1 ? outs[0]! : cat(outs, 0);
  }

  /**
   * Prints Keras' summary table once, through `print` (default `console.log`); like Keras it
   * returns nothing, so a notebook cell ending in `model.summary()` shows the table once.
   * @example model.summary()
   * @example let text = ""; model.summary((s) => (text = s));
   */
  summary(print: (s: string) => void = console.log): void {
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

  /** Restores weights from `getWeights()`. @example model.setWeights(saved) */
  setWeights(weights: Tensor[]): void {
    const keys = Object.keys(this.stateDict());
    if (weights.length !== keys.length)
      throw new RangeError(`[keras.Sequential.setWeights] got ${weights.length} arrays: expected ${keys.length}`);
    this.loadStateDict(Object.fromEntries(keys.map((k, i) => [k, weights[i]!])));
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
  return new SequentialModel(layers, opts);
} as unknown as {
  new (layers?: Module[], opts?: LayerOptions): SequentialModel;
  (layers?: Module[], opts?: LayerOptions): SequentialModel;
};
(Sequential as unknown as { prototype: unknown }).prototype = SequentialModel.prototype;
