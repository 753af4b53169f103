/**
 * Callbacks: the one extension point of the training loop (`train/loop.ts`) under `Trainer` and
 * Keras' `fit`/`evaluate`/`predict`. Hooks carry Keras' names; every hook is optional and may
 * return a promise, which the asynchronous driver awaits. `History` records the epoch logs.
 */
import type { Tensor } from "../tensor/tensor.js";

/** Logs passed to callbacks: `{ loss, accuracy, val_loss, val_accuracy, lr? }`. */
export type Logs = Record<string, number>;

/** The part of a model callbacks may use (Keras' `Sequential` has all of it). */
export interface CallbackModel {
  stopTraining: boolean;
  /** Keras optimizer (has a read/write `learningRate`). */
  optimizer: { learningRate: number } | null;
  getWeights(): Tensor[];
  setWeights(w: Tensor[]): void;
}

/** Parameters the loop gives its callbacks. */
export interface FitParams {
  /** The epoch count the run ends at (`Epoch i/epochs`). */
  epochs: number;
  /** Batches per epoch (0 when the loader has no length). */
  steps: number;
  verbose: number;
}

/** Hooks without an index. */
export type Hook = "onTrainBegin" | "onTrainEnd" | "onTestBegin" | "onTestEnd" | "onPredictBegin" | "onPredictEnd";
/** Hooks with an epoch or batch index. */
export type IndexHook =
  | "onEpochBegin"
  | "onEpochEnd"
  | "onTrainBatchBegin"
  | "onTrainBatchEnd"
  | "onTestBatchBegin"
  | "onTestBatchEnd"
  | "onPredictBatchBegin"
  | "onPredictBatchEnd";

/**
 * Base class; override any hook (each may be async).
 * @example class Print extends torch.keras.callbacks.Callback { onEpochEnd(e: number, logs: { loss?: number }) { console.log(e, logs.loss); } }
 */
export class Callback {
  model: CallbackModel | null = null;
  params: FitParams | null = null;
  setModel(m: CallbackModel): void {
    this.model = m;
  }
  setParams(p: FitParams): void {
    this.params = p;
  }
  onTrainBegin(_logs?: Logs): unknown {
    return undefined;
  }
  onTrainEnd(_logs?: Logs): unknown {
    return undefined;
  }
  onEpochBegin(_epoch: number, _logs?: Logs): unknown {
    return undefined;
  }
  onEpochEnd(_epoch: number, _logs?: Logs): unknown {
    return undefined;
  }
  onTrainBatchBegin(_batch: number, _logs?: Logs): unknown {
    return undefined;
  }
  onTrainBatchEnd(_batch: number, _logs?: Logs): unknown {
    return undefined;
  }
  onTestBegin(_logs?: Logs): unknown {
    return undefined;
  }
  onTestEnd(_logs?: Logs): unknown {
    return undefined;
  }
  onTestBatchBegin(_batch: number, _logs?: Logs): unknown {
    return undefined;
  }
  onTestBatchEnd(_batch: number, _logs?: Logs): unknown {
    return undefined;
  }
  onPredictBegin(_logs?: Logs): unknown {
    return undefined;
  }
  onPredictEnd(_logs?: Logs): unknown {
    return undefined;
  }
  onPredictBatchBegin(_batch: number, _logs?: Logs): unknown {
    return undefined;
  }
  onPredictBatchEnd(_batch: number, _logs?: Logs): unknown {
    return undefined;
  }
  /**
   * Whether this callback reads the logs its `on{kind}BatchEnd` hook gets for `batch`. A loop on
   * webgpu keeps the batch losses and metric inputs on the device and reads them back (a full
   * pipeline drain) only for a batch where some callback says yes, and at the end of the pass;
   * for the others the hook gets `{}`. Default: yes when the class overrides that hook.
   */
  needsBatchLogs(kind: "Train" | "Test" | "Predict", _batch: number): boolean {
    const hook = `on${kind}BatchEnd` as const;
    return this[hook] !== Callback.prototype[hook];
  }
}

/** True for a promise (or any thenable): what the loop's drivers await. */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function";
}

/** Calls a list of callbacks in order; async hooks are awaited before the next callback runs. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}
  /** @internal the loop's form: yields the promise of each async hook. */
  *hook(hook: Hook, logs: Logs = {}): Generator<unknown, void, unknown> {
    for (const c of this.callbacks) {
      const r = c[hook](logs);
      if (isThenable(r)) yield r;
    }
  }
  /** @internal the loop's form of `callAt`. */
  *hookAt(hook: IndexHook, i: number, logs: Logs = {}): Generator<unknown, void, unknown> {
    for (const c of this.callbacks) {
      const r = c[hook](i, logs);
      if (isThenable(r)) yield r;
    }
  }
  /** @internal true when a callback reads the logs of `batch` (every callback is asked: the bar decides its refresh then). */
  needsBatchLogs(kind: "Train" | "Test" | "Predict", batch: number): boolean {
    let needs = false;
    for (const c of this.callbacks) if (c.needsBatchLogs(kind, batch)) needs = true;
    return needs;
  }
  /** Runs `hook(logs)` on every callback. @example await list.call("onTrainBegin") // fragment */
  async call(hook: Hook, logs: Logs = {}): Promise<void> {
    for (const r of this.hook(hook, logs)) await r;
  }
  /** Runs `hook(i, logs)` on every callback. @example await list.callAt("onEpochEnd", 0, logs) // fragment */
  async callAt(hook: IndexHook, i: number, logs: Logs = {}): Promise<void> {
    for (const r of this.hookAt(hook, i, logs)) await r;
  }
}

/**
 * Records the epoch logs; `fit` returns it.
 * @example const h = await model.fit(x, y, { epochs: 3 }); h.history.loss // [0.5, 0.38, 0.34] (fragment)
 */
export class History extends Callback {
  readonly history: Record<string, number[]> = {};
  readonly epoch: number[] = [];
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}
