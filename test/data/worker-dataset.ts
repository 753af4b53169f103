/** Datasets rebuilt inside DataLoader worker threads by the worker tests. */
import * as torch from "../../src/index.js";

/**
 * Item i = { x: [i, i²] float32, y: i, worker: id of the thread that loaded it, noise: one rand() },
 * plus, with a delay, `span`: [start, end] of the load in ms since the epoch (to see overlap).
 */
export class SquaresDataset extends torch.data.Dataset<Record<string, unknown>> {
  constructor(
    readonly n: number,
    readonly failAt = -1,
    readonly exitAt = -1,
    readonly delayMs = 0,
  ) {
    super();
  }
  get length(): number {
    return this.n;
  }
  getItem(i: number): Record<string, unknown> {
    if (i === this.failAt) throw new RangeError(`item ${i} is broken`);
    if (i === this.exitAt) process.exit(3);
    const start = performance.timeOrigin + performance.now();
    if (this.delayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.delayMs);
    const info = torch.data.getWorkerInfo();
    const item: Record<string, unknown> = {
      x: torch.tensor([i, i * i], { dtype: "float32" }),
      y: i,
      worker: info ? info.id : -1,
      noise: torch.rand(1).item(),
    };
    if (this.delayMs > 0)
      item.span = torch.tensor([start, performance.timeOrigin + performance.now()], { dtype: "float64" });
    return item;
  }
  override workerSpec(): torch.data.WorkerSpec {
    return {
      module: import.meta.url,
      exportName: "SquaresDataset",
      args: [this.n, this.failAt, this.exitAt, this.delayMs],
    };
  }
}
