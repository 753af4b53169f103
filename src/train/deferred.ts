/**
 * The batch values a webgpu training loop needs on the host — each batch's loss and, for
 * metrics, its predictions — kept on the device and read back together when logs are needed
 * (a progress-bar refresh, a callback that reads batch logs, the end of the pass): a read-back
 * drains the GPU's pipeline, so reading every step would serialise the host and the GPU.
 *
 * A read stacks the queued losses (and concatenates the predictions) on the device and reads each
 * once; the batches are then applied in order, so the running means are the ones a per-step read
 * gives.
 */
import { noGrad } from "../autograd/mode.js";
import { cat, stack } from "../ops/join.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Logs } from "./callbacks.js";
import type { LoopRun, PendingLogs } from "./loop.js";

/** Batches queued at most before a step reads them anyway (bounds the kept device memory). */
export const MAX_QUEUED = 256;

interface Queued<E> {
  loss: Tensor;
  pred: Tensor | null;
  extra: E;
}

/** A queue of batch losses (and predictions) on the device; see the file comment. */
export class DeviceLogs<E> implements PendingLogs {
  private queue: Queued<E>[] = [];
  /**
   * @param apply the batch's loss and read predictions (null without metrics), with what `add` carried
   * @param logs the running logs after the applied batches
   */
  constructor(
    private readonly apply: (loss: number, pred: Tensor | null, extra: E) => void,
    private readonly logs: () => Logs,
  ) {}

  /**
   * Queues a batch: `loss` (one element) and `pred` are kept tensors this queue now owns. Returns
   * the pending logs, or a loop run reading them once MAX_QUEUED batches wait.
   */
  add(loss: Tensor, pred: Tensor | null, extra: E): PendingLogs | LoopRun<Logs> {
    this.queue.push({ loss, pred, extra });
    return this.queue.length >= MAX_QUEUED ? this.pendingLogs() : this;
  }

  /** Reads every queued batch back (two read-backs at most) and returns the running logs. */
  *pendingLogs(): LoopRun<Logs> {
    const q = this.queue;
    if (q.length === 0) return this.logs();
    this.queue = [];
    const made: Tensor[] = [];
    try {
      const withPreds = q[0]!.pred !== null;
      const losses = q.length === 1 ? q[0]!.loss.reshape([1]) : noGrad(() => stack(q.map((e) => e.loss.reshape([]))));
      made.push(losses);
      let preds: Tensor | null = null;
      if (withPreds) {
        preds = q.length === 1 ? q[0]!.pred! : noGrad(() => cat(q.map((e) => e.pred!)));
        made.push(preds);
      }
      const [values, predsCpu] = (yield Promise.all([losses.data(), preds?.toAsync("cpu") ?? null])) as [
        ArrayLike<number>,
        Tensor | null,
      ];
      if (predsCpu !== null) made.push(predsCpu);
      let at = 0;
      q.forEach((e, k) => {
        const rows = e.pred?.shape[0] ?? 0;
        this.apply(Number(values[k]), predsCpu === null ? null : predsCpu.narrow(0, at, rows), e.extra);
        at += rows;
      });
    } finally {
      for (const e of q) {
        e.loss.dispose();
        e.pred?.dispose();
      }
      for (const t of made) if (!t.isDisposed) t.dispose();
    }
    return this.logs();
  }
}
