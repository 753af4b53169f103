/**
 * Keras callbacks: `Callback` (override any hook), `CallbackList`, and `History` (always added by
 * `fit`; `history.history.loss`, `.accuracy`, `.val_loss`, …).
 */

/** Logs passed to callbacks: `{ loss, accuracy, val_loss, val_accuracy, lr? }`. */
export type Logs = Record<string, number>;

/** The part of the model callbacks use (a `keras.Sequential`). */
export interface CallbackModel {
  stopTraining: boolean;
  /** Keras optimizer (has a read/write `learningRate`). */
  optimizer: { learningRate: number } | null;
  getWeights(): import("../../tensor/tensor.js").Tensor[];
  setWeights(w: import("../../tensor/tensor.js").Tensor[]): void;
}

/** Parameters `fit` gives its callbacks. */
export interface FitParams {
  epochs: number;
  steps: number;
  verbose: number;
}

/**
 * Base class; every hook is optional and may be async.
 * @example class Print extends callbacks.Callback { onEpochEnd(e: number, logs: Logs) { console.log(e, logs.loss); } }
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
}

type Hook = "onTrainBegin" | "onTrainEnd" | "onTestBegin" | "onTestEnd";
type EpochHook = "onEpochBegin" | "onEpochEnd" | "onTrainBatchBegin" | "onTrainBatchEnd";

/** Calls a list of callbacks in order, awaiting async hooks. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}
  async call(hook: Hook, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c[hook](logs);
  }
  async callAt(hook: EpochHook, i: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) {
      const r = c[hook](i, logs);
      if (r instanceof Promise) await r;
    }
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
