/**
 * `ProgressLogger`: the one place the training loop prints progress, as Keras' ProgbarLogger
 * does: an `Epoch i/n` line and a bar per epoch (running logs after each batch, the epoch's logs
 * on the final line), and one bar per evaluate/predict pass.
 */
import { Progbar, type ProgressStream } from "../log/progress.js";
import { Callback, type Logs } from "./callbacks.js";

/** Options of `ProgressLogger`. */
export interface ProgressLoggerOptions {
  /** 1: a bar, 2: one line per epoch. */
  verbose: 1 | 2;
  stream: ProgressStream;
  /** Seconds (tests inject one); defaults to `performance.now() / 1000`. */
  clock?: () => number;
  /**
   * The last batch's logs are the epoch's (Keras without validation): its line is the final one.
   * Otherwise the final line waits for the epoch's logs (validation, the epoch mean).
   */
  lastBatchIsFinal?: boolean;
}

/** Prints the loop's progress (the loop's first callback, so its lines come before user output). */
export class ProgressLogger extends Callback {
  private bar: Progbar | null = null;
  constructor(private readonly opts: ProgressLoggerOptions) {
    super();
  }

  /** A bar over `params.steps` (none when the loader has no length). */
  private newBar(): Progbar | null {
    const steps = this.params?.steps ?? 0;
    const { verbose, stream, clock } = this.opts;
    return steps > 0 ? new Progbar(steps, { verbose, stream, clock }) : null;
  }

  override onEpochBegin(epoch: number): void {
    this.opts.stream.write(`Epoch ${epoch + 1}/${this.params!.epochs}\n`);
    this.bar = this.newBar();
  }
  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    const last = batch + 1 === this.bar?.target;
    if (!last || this.opts.lastBatchIsFinal) this.bar?.update(batch + 1, Object.entries(logs), last);
  }
  override needsBatchLogs(kind: "Train" | "Test" | "Predict", batch: number): boolean {
    const bar = this.bar;
    if (bar === null || kind === "Predict") return false;
    const last = batch + 1 === bar.target;
    if (kind === "Train" && last && !this.opts.lastBatchIsFinal) return false;
    return bar.willWrite(batch + 1, last);
  }
  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    if (!this.opts.lastBatchIsFinal) this.bar?.update(this.bar.target, Object.entries(logs), true);
    this.bar = null;
  }

  override onTestBegin(): void {
    this.bar = this.newBar();
  }
  override onTestBatchEnd(batch: number, logs: Logs = {}): void {
    this.bar?.update(batch + 1, Object.entries(logs), batch + 1 === this.bar.target);
  }
  override onTestEnd(): void {
    this.bar = null;
  }
  override onPredictBegin(): void {
    this.onTestBegin();
  }
  override onPredictBatchEnd(batch: number): void {
    this.onTestBatchEnd(batch);
  }
  override onPredictEnd(): void {
    this.bar = null;
  }
}
