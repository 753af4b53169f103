/**
 * The training loop under every front: `StepByStep`/`Trainer` and Keras' `fit`/`evaluate`/
 * `predict` all run these two generators; callbacks (`train/callbacks.ts`) are the extension
 * point. Written once as generators that yield whatever may be a promise (an async loader's next
 * batch, an async hook, a batch step that awaits a collective under torch.distributed): `runSync`
 * drives them without awaiting (the book's synchronous `train`), `runAsync` awaits.
 */
import { _implicitTidy } from "../tensor/lifetime.js";
import { isThenable, type CallbackList, type Logs } from "./callbacks.js";

/** A batch source: an iterable, or an async iterable (DataLoader with workers). */
export type Batches<B> = Iterable<B> | AsyncIterable<B>;

/** A loop run step by step: each yielded value is resolved (awaited when a promise) and sent back. */
export type LoopRun<R = void> = Generator<unknown, R, unknown>;

/** What one training run does; the loop owns the order of epochs, batches and callbacks. */
export interface FitTask<B> {
  /** The epoch the loop starts at (asked after `onTrainBegin`, which may resume a run). */
  firstEpoch(): number;
  /** The epoch the loop ends before. */
  readonly epochs: number;
  /** Before the epoch's first batch, after `onEpochBegin` (reset running state). */
  beginEpoch(epoch: number): void;
  /** The epoch's batches (asked after `beginEpoch`). */
  batches(epoch: number): Batches<B>;
  /**
   * One optimisation step; returns the epoch's running logs, or a loop run returning them when
   * the step waits on something (DDP's gradient allreduce).
   */
  trainStep(batch: B, index: number): Logs | LoopRun<Logs> | PendingLogs;
  /** The epoch's logs from the last batch's (validation added), before `onEpochEnd`; a loop run when it has batches of its own. */
  endEpoch(epoch: number, last: Logs): Logs | LoopRun<Logs>;
  /** True ends the run after the current batch or epoch (a callback set `stopTraining`). */
  stopped(): boolean;
  /** Between epochs (e.g. let timers run); a promise is awaited. */
  afterEpoch?(): unknown;
}

/** Uses the synchronous iterator unless the source only has an async one or runs workers. */
export function isSyncLoader(loader: Batches<unknown>): boolean {
  return (
    typeof (loader as Iterable<unknown>)[Symbol.iterator] === "function" &&
    ((loader as { numWorkers?: number }).numWorkers ?? 0) === 0
  );
}

/**
 * Logs a step left on the device (a webgpu loop's running loss and metric inputs): `read()`
 * reads them back — one pipeline drain for every batch since the last read — and returns the
 * running logs. The loop reads only for a batch whose logs a callback needs, and after the last.
 */
export interface PendingLogs {
  readonly pendingLogs: () => LoopRun<Logs>;
}

/** A batch step: the batch's logs, pending logs, or a loop run (it yields what it awaits) returning logs. */
export type BatchStep<B> = (batch: B, index: number) => Logs | LoopRun<Logs> | PendingLogs;

/** True for a loop run (a generator), false for plain logs. */
function isLoopRun<R>(v: R | LoopRun<R>): v is LoopRun<R> {
  return typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}

function isPending(v: Logs | PendingLogs): v is PendingLogs {
  return typeof (v as { pendingLogs?: unknown }).pendingLogs === "function";
}

/**
 * One pass over `batches`: `begin`, then per batch `…BatchBegin`, `step`, `…BatchEnd`, then
 * `end`, for `kind` "Train" (batch hooks only), "Test" or "Predict". Returns the last logs.
 * Each step runs in a `tidy` scope: the step's activations, losses and dead gradients go back to
 * the caching pool when it ends (parameters, `.grad`, buffers and optimizer state stay, and so
 * do the tensors forward and gradient hooks were shown; other code in a step that stores a
 * tensor elsewhere marks it with `torch.keep`).
 */
export function* batchLoop<B>(
  kind: "Train" | "Test" | "Predict",
  batches: Batches<B>,
  step: BatchStep<B>,
  callbacks: CallbackList,
  stopped: () => boolean = () => false,
): LoopRun<Logs> {
  if (kind !== "Train") yield* callbacks.hook(`on${kind}Begin`);
  const it = isSyncLoader(batches)
    ? (batches as Iterable<B>)[Symbol.iterator]()
    : (batches as AsyncIterable<B>)[Symbol.asyncIterator]();
  let logs: Logs = {};
  let unread: PendingLogs | null = null;
  for (let i = 0; ; i++) {
    let r: unknown = it.next();
    if (isThenable(r)) r = yield r;
    if ((r as IteratorResult<B>).done) break;
    yield* callbacks.hookAt(`on${kind}BatchBegin`, i);
    const batch = (r as IteratorResult<B>).value;
    // A generator step (a DDP batch awaiting its gradient sync) runs after this scope closes, so
    // its tensors are left to the GC backstop; plain steps release theirs at once.
    const out = _implicitTidy("step", () => step(batch, i));
    const res = isLoopRun(out) ? yield* out : out;
    unread = null;
    if (!isPending(res)) logs = res;
    else if (callbacks.needsBatchLogs(kind, i)) logs = yield* res.pendingLogs();
    else [logs, unread] = [{}, res];
    yield* callbacks.hookAt(`on${kind}BatchEnd`, i, logs);
    if (stopped()) {
      const closing = it.return?.();
      if (isThenable(closing)) yield closing;
      break;
    }
  }
  if (unread !== null) logs = yield* unread.pendingLogs();
  if (kind !== "Train") yield* callbacks.hook(`on${kind}End`, logs);
  return logs;
}

/** The epoch loop: `onTrainBegin`, per epoch `onEpochBegin`, the batches, `onEpochEnd`; `onTrainEnd`. */
export function* fitLoop<B>(task: FitTask<B>, callbacks: CallbackList): LoopRun {
  yield* callbacks.hook("onTrainBegin");
  for (let epoch = task.firstEpoch(); epoch < task.epochs; epoch++) {
    yield* callbacks.hookAt("onEpochBegin", epoch);
    task.beginEpoch(epoch);
    const step: BatchStep<B> = (b, i) => task.trainStep(b, i);
    const last = yield* batchLoop("Train", task.batches(epoch), step, callbacks, () => task.stopped());
    const end = task.endEpoch(epoch, last);
    const logs = isLoopRun(end) ? yield* end : end;
    yield* callbacks.hookAt("onEpochEnd", epoch, logs);
    if (task.stopped()) break;
    const pause = task.afterEpoch?.();
    if (isThenable(pause)) yield pause;
  }
  yield* callbacks.hook("onTrainEnd");
}

/** Runs a loop without awaiting; `op` names the caller when something asynchronous turns up. */
export function runSync<R>(run: LoopRun<R>, op: string): R {
  for (let r = run.next(); ;) {
    if (r.done) return r.value;
    if (isThenable(r.value))
      throw new TypeError(`[${op}] something asynchronous ran (an async loader or callback): use the async form`);
    r = run.next(r.value);
  }
}

/** Runs a loop, awaiting each promise it yields. */
export async function runAsync<R>(run: LoopRun<R>): Promise<R> {
  for (let r = run.next(); ;) {
    if (r.done) return r.value;
    r = run.next(isThenable(r.value) ? await r.value : r.value);
  }
}
