/**
 * Entry point of a DataLoader worker thread: rebuilds the dataset from its spec, seeds the
 * default generator with `baseSeed + id` (as PyTorch seeds its workers), then answers batch
 * requests in arrival order on the MessagePort, bumping the shared counter after each reply.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { manualSeed } from "../tensor/random/generator.js";
import "../index.js"; // every op and Tensor method, as in the main thread
import { defaultCollate } from "./collate.js";
import type { Dataset, WorkerSpec } from "./dataset.js";
import { buildFromSpec, encodeValue, setWorkerInfo } from "./worker-spec.js";

const { spec, id, numWorkers, seed, port, signal, collateInWorker } = workerData as {
  spec: WorkerSpec;
  id: number;
  numWorkers: number;
  seed: bigint;
  port: MessagePort;
  signal: Int32Array;
  collateInWorker: boolean;
};

function reply(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): void {
  port.postMessage({ worker: id, ...msg }, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function errorOf(e: unknown): { name: string; message: string; code?: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as Error & { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(typeof code === "string" ? { code } : {}) };
}

manualSeed(seed);
setWorkerInfo({ id, numWorkers, seed });
const dataset: Promise<Dataset<unknown>> = buildFromSpec(spec) as Promise<Dataset<unknown>>;
dataset.catch((e: unknown) => reply({ id: -1, ok: false, fatal: true, error: errorOf(e) }));
let chain: Promise<void> = Promise.resolve();

parentPort!.on("message", (msg: { id: number; indices: number[]; batched: boolean }) => {
  chain = chain.then(async () => {
    let ds: Dataset<unknown>;
    try {
      ds = await dataset;
    } catch {
      return; // reported once as fatal
    }
    try {
      const items = msg.indices.map((i) => ds.getItem(i));
      const payload = collateInWorker ? (msg.batched ? defaultCollate(items) : items[0]) : items;
      const transfer: ArrayBuffer[] = [];
      const encoded = encodeValue(payload, transfer);
      reply({ id: msg.id, ok: true, items: encoded, collated: collateInWorker }, transfer);
    } catch (e) {
      reply({ id: msg.id, ok: false, error: errorOf(e) });
    }
  });
});
process.on("exit", (code) =>
  reply({ id: -1, ok: false, fatal: true, error: { name: "Error", message: `worker exited with code ${code}` } }),
);
