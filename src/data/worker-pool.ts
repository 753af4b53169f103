/**
 * Worker threads for `DataLoader({ numWorkers })`. Batch `k` goes to worker `k % numWorkers`
 * (PyTorch's round-robin); results come back on a MessagePort and are taken in order. Waiting
 * uses a shared counter the workers bump after each reply: `Atomics.wait` for synchronous
 * iteration, `Atomics.waitAsync` for `for await`, so both overlap loading with training.
 */
import type { MessagePort, Worker } from "node:worker_threads";
import { lazyBuiltin, nodeBuiltin } from "../util/node.js";
import type { WorkerSpec } from "./dataset.js";
import { decodeValue } from "./worker-spec.js";

const HINT = "use numWorkers: 0 in a browser";
const wt = lazyBuiltin("node:worker_threads", "DataLoader", HINT);

/** The counter workers bump after each reply; in a browser, the missing threads are the error to see. */
function sharedSignal(): Int32Array {
  nodeBuiltin("node:worker_threads", "DataLoader", HINT);
  return new Int32Array(new SharedArrayBuffer(4));
}

/** A reply from a worker. */
interface Reply {
  id: number;
  ok: boolean;
  items?: unknown;
  collated?: boolean;
  error?: { name: string; message: string; code?: string };
  fatal?: boolean;
  worker: number;
}

function workerUrlAndCode(): { url: URL; bootstrap?: string } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    // running from TypeScript sources (tsx): worker threads do not inherit the loader hooks
    const url = new URL("./worker.ts", here);
    let api: string;
    try {
      api = import.meta.resolve("tsx/esm/api");
    } catch {
      throw new Error(
        "[DataLoader] numWorkers > 0 from TypeScript sources needs tsx installed (npm i -D tsx), or use the built JavaScript",
      );
    }
    return {
      url,
      bootstrap: `import(${JSON.stringify(api)}).then((a) => { a.register(); return import(${JSON.stringify(url.href)}); });`,
    };
  }
  return { url: new URL("./worker.js", here) };
}

/** @internal a set of worker threads loading batches of one dataset. */
export class WorkerPool {
  /** Worker threads started and not yet exited, across all pools (tests check it returns to 0). */
  static live = 0;
  private workers: Worker[] = [];
  private ports: MessagePort[] = [];
  private signal = sharedSignal();
  private results = new Map<number, Reply>();
  private closed = false;
  /** Batches allowed in flight. */
  readonly capacity: number;

  constructor(spec: WorkerSpec, n: number, prefetchFactor: number, baseSeed: bigint, collateInWorker: boolean) {
    this.capacity = n * prefetchFactor;
    const { url, bootstrap } = workerUrlAndCode();
    for (let w = 0; w < n; w++) {
      const { port1, port2 } = new wt.MessageChannel();
      const workerData = {
        spec,
        id: w,
        numWorkers: n,
        seed: baseSeed + BigInt(w),
        port: port2,
        signal: this.signal,
        collateInWorker,
      };
      // Workers load their own instance of the native addon (its per-call state is per thread).
      const opts = { workerData, transferList: [port2] };
      const worker = bootstrap ? new wt.Worker(bootstrap, { ...opts, eval: true }) : new wt.Worker(url, opts);
      // a crash before the worker's own handlers run still produces a reply
      worker.on("error", (e: Error) => this.fatal(w, e));
      WorkerPool.live++;
      worker.on("exit", (code) => {
        WorkerPool.live--;
        if (!this.closed) this.fatal(w, new Error(`worker exited unexpectedly with code ${code}`));
      });
      worker.unref(); // an abandoned iterator must not keep the process alive
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  private fatal(w: number, e: Error): void {
    if (this.closed) return;
    this.results.set(-1 - w, {
      id: -1,
      ok: false,
      fatal: true,
      worker: w,
      error: { name: e.name, message: e.message },
    });
  }

  /** Queues batch `id` (dataset indices) on its worker. */
  send(id: number, indices: number[], batched: boolean): void {
    this.workers[id % this.workers.length]!.postMessage({ id, indices, batched });
  }

  private drain(): void {
    for (const port of this.ports) {
      for (let m = wt.receiveMessageOnPort(port); m !== undefined; m = wt.receiveMessageOnPort(port)) {
        const r = m.message as Reply;
        this.results.set(r.fatal ? -1 - r.worker : r.id, r);
      }
    }
  }

  private ready(id: number): Reply | undefined {
    this.drain();
    const r = this.results.get(id);
    if (r !== undefined) {
      this.results.delete(id);
      return r;
    }
    const w = id % this.workers.length;
    return this.results.get(-1 - w);
  }

  private unpack(id: number, r: Reply): { items: unknown; collated: boolean } {
    if (!r.ok) {
      const e = r.error!;
      const err = new Error(
        `[DataLoader] worker ${r.worker} failed${r.fatal ? "" : ` on batch ${id}`}: ${e.name}: ${e.message}`,
      );
      if (e.code !== undefined) (err as Error & { code?: string }).code = e.code;
      throw err;
    }
    return { items: decodeValue(r.items), collated: r.collated ?? false };
  }

  /** Blocks this thread until batch `id` is back. */
  waitSync(id: number): { items: unknown; collated: boolean } {
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const r = this.ready(id);
      if (r !== undefined) return this.unpack(id, r);
      Atomics.wait(this.signal, 0, seen, 200); // the timeout lets 'exit' bookkeeping be noticed
    }
  }

  /** Waits (yielding the event loop) until batch `id` is back. */
  async waitAsync(id: number): Promise<{ items: unknown; collated: boolean }> {
    for (const w of this.workers) w.ref(); // keep the process alive while we wait on them
    try {
      for (;;) {
        const seen = Atomics.load(this.signal, 0);
        const r = this.ready(id);
        if (r !== undefined) return this.unpack(id, r);
        const res = Atomics.waitAsync(this.signal, 0, seen, 200);
        if (res.async) await res.value;
      }
    } finally {
      for (const w of this.workers) w.unref();
    }
  }

  /** Terminates every worker (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.ports) p.close();
    for (const w of this.workers) void w.terminate();
  }
}
